import Foundation
import FuzzDriver
import GradebookKit

/// libFuzzer entry: the bytes become a CSV file read by the libcsv wrapper (any separator), then
/// through the table reader. Any crash, hang or unbounded growth is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let path = NSTemporaryDirectory() + "fuzz-csv-\(getpid()).csv"
  FileManager.default.createFile(atPath: path, contents: Data(bytes: data, count: size))
  FuzzEntry.readCSV(path)
  return 0
}

/// SwiftPM links an executable target's entry point under this name.
@_cdecl("FuzzCSV_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  runLibFuzzer(argc, argv, { fuzz($0, $1) })
}

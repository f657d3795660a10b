import Foundation
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

@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(
  _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
  _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

/// SwiftPM links an executable target's entry point under this name; hand over to libFuzzer's driver.
@_cdecl("FuzzCSV_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  var count = argc
  var arguments = argv
  return runDriver(&count, &arguments, { fuzz($0, $1) })
}

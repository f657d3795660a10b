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

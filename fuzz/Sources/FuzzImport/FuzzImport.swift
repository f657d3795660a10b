import Foundation
import FuzzDriver
import GradebookKit

/// The sample course, imported once; every input is checked against it (run from the repository root).
nonisolated(unsafe) let course = try! FuzzEntry.prepareCourse(
  sample: "Samples/data8018", in: NSTemporaryDirectory() + "fuzz-course-\(getpid())")

/// libFuzzer entry: the bytes become a CSV file imported (dry run) as every kind of input, as a
/// forms export through the sample's map, and read as a roster. Any crash or hang is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let path = NSTemporaryDirectory() + "fuzz-import-\(getpid()).csv"
  FileManager.default.createFile(atPath: path, contents: Data(bytes: data, count: size))
  FuzzEntry.importCSV(path, into: course, map: "maps/forms-peer.yaml")
  return 0
}

/// SwiftPM links an executable target's entry point under this name.
@_cdecl("FuzzImport_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  runLibFuzzer(argc, argv, { fuzz($0, $1) })
}

import Foundation
import FuzzDriver
import GradebookKit

/// libFuzzer entry: the bytes are read as course.yaml, as a rubric and as a map file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  FuzzEntry.loadYAML(String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self))
  return 0
}

/// SwiftPM links an executable target's entry point under this name.
@_cdecl("FuzzLoaders_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
  runLibFuzzer(argc, argv, { fuzz($0, $1) })
}

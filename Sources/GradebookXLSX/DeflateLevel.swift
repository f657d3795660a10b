import Glibc

/// The zlib level every part of a workbook is deflated at: deflate's fast mode. At 100,000
/// students a full workbook took 26.5 s at zlib's default level 6, a third of it zlib alone, and
/// 18.4 s at level 2, for a file a quarter larger (85 → 105 MB); `gradebook` sheet only: 3.2 →
/// 2.2 s, 12.9 → 15.9 MB.
public let workbookDeflateLevel: Int32 = 2

/// libxlsxwriter deflates each part of a workbook with minizip at zlib's default level and has
/// no setting for it. It asks minizip's `zipOpenNewFileInZip4_64` to start each part; this
/// function of the same name, defined in the program, comes first in the dynamic linker's search,
/// so those calls (and ``GradebookZip``'s, for Moodle feedback zips) arrive here and go on to
/// minizip's with ``workbookDeflateLevel`` in place of the default. Every other argument passes
/// through unchanged; what a part holds does not change, only how hard it is compressed
/// (`XLSXDeflateTests` checks that workbooks come out in deflate's fast mode).
@_cdecl("zipOpenNewFileInZip4_64")
public func zipOpenNewFileInZip4_64(
  _ file: UnsafeMutableRawPointer?, _ filename: UnsafePointer<CChar>?, _ fileInfo: UnsafeRawPointer?,
  _ extraLocal: UnsafeRawPointer?, _ extraLocalSize: UInt32, _ extraGlobal: UnsafeRawPointer?, _ extraGlobalSize: UInt32,
  _ comment: UnsafePointer<CChar>?, _ method: Int32, _ level: Int32, _ raw: Int32, _ windowBits: Int32, _ memLevel: Int32,
  _ strategy: Int32, _ password: UnsafePointer<CChar>?, _ crcForCrypting: UInt, _ versionMadeBy: UInt, _ flagBase: UInt,
  _ zip64: Int32
) -> Int32 {
  minizipOpenNewFile(
    file, filename, fileInfo, extraLocal, extraLocalSize, extraGlobal, extraGlobalSize, comment, method,
    level == -1 ? workbookDeflateLevel : level,  // -1: Z_DEFAULT_COMPRESSION
    raw, windowBits, memLevel, strategy, password, crcForCrypting, versionMadeBy, flagBase, zip64)
}

private typealias OpenNewFile =
  @convention(c) (
    UnsafeMutableRawPointer?, UnsafePointer<CChar>?, UnsafeRawPointer?, UnsafeRawPointer?, UInt32, UnsafeRawPointer?, UInt32,
    UnsafePointer<CChar>?, Int32, Int32, Int32, Int32, Int32, Int32, UnsafePointer<CChar>?, UInt, UInt, UInt, Int32
  ) -> Int32

/// minizip's own `zipOpenNewFileInZip4_64`: the next definition after this program's.
private let minizipOpenNewFile: OpenNewFile = {
  guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: -1), "zipOpenNewFileInZip4_64") else {  // RTLD_NEXT
    fatalError("minizip's zipOpenNewFileInZip4_64 is not loaded (libminizip, through libxlsxwriter)")
  }
  return unsafeBitCast(symbol, to: OpenNewFile.self)
}()

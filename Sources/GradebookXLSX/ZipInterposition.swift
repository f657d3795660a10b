import Glibc
import Synchronization

/// The zlib level every part of a workbook is deflated at: deflate's fast mode. At 100,000
/// students a full workbook took 26.5 s at zlib's default level 6, a third of it zlib alone, and
/// 18.4 s at level 2, for a file a quarter larger (85 → 105 MB); `gradebook` sheet only: 3.2 →
/// 2.2 s, 12.9 → 15.9 MB.
public let workbookDeflateLevel: Int32 = 2

/// libxlsxwriter deflates each part of a workbook with minizip at zlib's default level, on one
/// thread, and has no setting for either. It asks minizip's `zipOpenNewFileInZip4_64` to start each
/// part, `zipWriteInFileInZip` to add bytes and `zipCloseFileInZip` to end it; these functions of
/// the same names, defined in the program, come first in the dynamic linker's search, so those
/// calls (and ``GradebookZip``'s, for Moodle feedback zips) arrive here. A deflated part is opened
/// in minizip's raw mode and deflated by a ``PartDeflater`` on every core at
/// ``workbookDeflateLevel`` (in place of the default), then closed with its CRC-32 and size. Every
/// other argument passes through unchanged, and a part stored or already raw goes straight to
/// minizip. What a part holds does not change, only how it is compressed (`XLSXDeflateTests`
/// checks that workbooks come out in deflate's fast mode and read back whole).
@_cdecl("zipOpenNewFileInZip4_64")
public func zipOpenNewFileInZip4_64(
  _ file: UnsafeMutableRawPointer?, _ filename: UnsafePointer<CChar>?, _ fileInfo: UnsafeRawPointer?,
  _ extraLocal: UnsafeRawPointer?, _ extraLocalSize: UInt32, _ extraGlobal: UnsafeRawPointer?, _ extraGlobalSize: UInt32,
  _ comment: UnsafePointer<CChar>?, _ method: Int32, _ level: Int32, _ raw: Int32, _ windowBits: Int32, _ memLevel: Int32,
  _ strategy: Int32, _ password: UnsafePointer<CChar>?, _ crcForCrypting: UInt, _ versionMadeBy: UInt, _ flagBase: UInt,
  _ zip64: Int32
) -> Int32 {
  let level = level == -1 ? workbookDeflateLevel : level  // -1: Z_DEFAULT_COMPRESSION
  let ours = method == 8 && raw == 0 && password == nil && level != 0  // Z_DEFLATED, not raw, not encrypted
  let code = MinizipCalls.open(
    file, filename, fileInfo, extraLocal, extraLocalSize, extraGlobal, extraGlobalSize, comment, method, level, ours ? 1 : raw,
    windowBits, memLevel, strategy, password, crcForCrypting, versionMadeBy, flagBase, zip64)
  if ours && code == 0 { PartDeflaters.start(file, level: level) }
  return code
}

@_cdecl("zipWriteInFileInZip")
public func zipWriteInFileInZip(_ file: UnsafeMutableRawPointer?, _ bytes: UnsafeRawPointer?, _ count: UInt32) -> Int32 {
  guard let deflater = PartDeflaters.current(file) else { return MinizipCalls.write(file, bytes, count) }
  return deflater.write(bytes, Int(count))
}

@_cdecl("zipCloseFileInZip")
public func zipCloseFileInZip(_ file: UnsafeMutableRawPointer?) -> Int32 {
  guard let deflater = PartDeflaters.end(file) else { return MinizipCalls.close(file) }
  return deflater.close()
}

/// The part being deflated in each open zip file.
enum PartDeflaters {
  /// By the zip file's address.
  private static let open = Mutex<[UInt: PartDeflater]>([:])

  static func start(_ file: UnsafeMutableRawPointer?, level: Int32) {
    let deflater = PartDeflater(file: file, level: level)
    open.withLock { $0[UInt(bitPattern: file)] = deflater }
  }

  static func current(_ file: UnsafeMutableRawPointer?) -> PartDeflater? { open.withLock { $0[UInt(bitPattern: file)] } }

  static func end(_ file: UnsafeMutableRawPointer?) -> PartDeflater? { open.withLock { $0.removeValue(forKey: UInt(bitPattern: file)) } }
}

/// minizip's own functions: the next definitions after this program's (`RTLD_NEXT`).
enum MinizipCalls {
  typealias OpenNewFile =
    @convention(c) (
      UnsafeMutableRawPointer?, UnsafePointer<CChar>?, UnsafeRawPointer?, UnsafeRawPointer?, UInt32, UnsafeRawPointer?, UInt32,
      UnsafePointer<CChar>?, Int32, Int32, Int32, Int32, Int32, Int32, UnsafePointer<CChar>?, UInt, UInt, UInt, Int32
    ) -> Int32
  typealias Write = @convention(c) (UnsafeMutableRawPointer?, UnsafeRawPointer?, UInt32) -> Int32
  typealias Close = @convention(c) (UnsafeMutableRawPointer?) -> Int32
  typealias CloseRaw = @convention(c) (UnsafeMutableRawPointer?, UInt64, UInt) -> Int32

  static let open: OpenNewFile = next("zipOpenNewFileInZip4_64")
  static let write: Write = next("zipWriteInFileInZip")
  static let close: Close = next("zipCloseFileInZip")
  static let closeRaw: CloseRaw = next("zipCloseFileInZipRaw64")

  private static func next<Function>(_ name: String) -> Function {
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: -1), name) else {  // RTLD_NEXT
      fatalError("minizip's \(name) is not loaded (libminizip, through libxlsxwriter)")
    }
    return unsafeBitCast(symbol, to: Function.self)
  }
}

import CMinizip
import Glibc

/// Writes a ZIP archive one deflated entry at a time, through minizip (zlib's contrib; Debian's
/// `libminizip-dev`): the only Swift code that sees it.
///
/// Entries stream to the file as they are added, so an archive of 100,000 reports never holds more
/// than one in memory. Names are UTF-8 (flag bit 11 set, APPNOTE 4.4.4) and entries are regular
/// files readable by all (`0644`). Call ``close()`` to write the central directory; an archive
/// that is not closed is not a valid ZIP file.
///
///     let zip = try ZipWriter(path: "feedback.zip")
///     try zip.add("Chan Tai Man_700000_assignsubmission_file/report.html", Array(html.utf8), modified: time)
///     try zip.close()
public final class ZipWriter {
  /// A time as the ZIP format stores it: local civil time with no zone, 1980 to 2107, even seconds.
  public struct Time: Sendable, Equatable {
    public var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int

    /// A time from its civil fields (month 1–12).
    public init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
      (self.year, self.month, self.day) = (year, month, day)
      (self.hour, self.minute, self.second) = (hour, minute, second)
    }
  }

  /// Why the archive could not be written, with its path; `systemError` is the `errno` the
  /// system gave, if any (0 otherwise).
  public struct Failure: Error, CustomStringConvertible {
    public let description: String
    public var systemError: Int32 = 0
  }

  private var handle: zipFile?
  private let path: String

  /// Creates (or replaces) the archive at `path`.
  public init(path: String) throws {
    errno = 0
    guard let handle = zipOpen64(path, APPEND_STATUS_CREATE) else {
      throw Failure(description: "cannot create \(path)", systemError: errno)
    }
    self.handle = handle
    self.path = path
  }

  deinit {
    if let handle { zipClose(handle, nil) }
  }

  /// Adds one file, deflated, named `name` (with `/` between folders), last modified at `modified`.
  public func add(_ name: String, _ contents: [UInt8], modified: Time) throws {
    guard let handle else { throw Failure(description: "\(path): the archive is already closed") }
    var info = zip_fileinfo()
    info.tmz_date = tm_zip(
      tm_sec: uInt(modified.second), tm_min: uInt(modified.minute), tm_hour: uInt(modified.hour),
      tm_mday: uInt(modified.day), tm_mon: uInt(modified.month - 1), tm_year: uInt(modified.year))
    info.external_fa = 0o100644 << 16  // a regular file, rw-r--r--, for the Unix "made by" below
    let unixMadeBy: uLong = 3 << 8 | 20  // made on Unix, ZIP version 2.0
    let utf8Names: uLong = 1 << 11
    let opened = zipOpenNewFileInZip4_64(
      handle, name, &info, nil, 0, nil, 0, nil, Z_DEFLATED, Z_DEFAULT_COMPRESSION, 0,
      -MAX_WBITS, 8, Z_DEFAULT_STRATEGY, nil, 0, unixMadeBy, utf8Names, 0)
    guard opened == ZIP_OK else { throw Failure(description: "\(path): cannot add \(name) (minizip error \(opened))") }
    let written = contents.withUnsafeBytes { bytes in
      bytes.isEmpty ? ZIP_OK : zipWriteInFileInZip(handle, bytes.baseAddress, UInt32(bytes.count))
    }
    let closed = zipCloseFileInZip(handle)
    guard written == ZIP_OK, closed == ZIP_OK else {
      let code = written == ZIP_OK ? closed : written
      throw Failure(description: "\(path): cannot write \(name) (minizip error \(code))", systemError: errno)
    }
  }

  /// Writes the central directory and closes the file.
  public func close() throws {
    guard let handle else { return }
    self.handle = nil
    let closed = zipClose(handle, nil)
    guard closed == ZIP_OK else {
      throw Failure(description: "\(path): cannot finish the archive (minizip error \(closed))", systemError: errno)
    }
  }
}

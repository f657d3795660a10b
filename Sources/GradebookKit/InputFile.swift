import Foundation
import GradebookCore

/// A CSV file as Excel, LibreOffice and the forms tools write it, made ready for the UTF-8 reader:
/// UTF-16 (LE or BE, with its BOM) and named legacy encodings (`--encoding big5`, `gbk`,
/// `windows-1252`, … anything iconv knows) are transcoded to a temporary UTF-8 file, line for line;
/// the separator (`,`, `;` or tab) is taken from Excel's `sep=` line or else the header line,
/// unless one is named.
public struct InputFile {
  /// The UTF-8 file to read (the original or a transcoded copy).
  public let path: String
  /// The field separator.
  public let delimiter: UInt8
  /// Whether the first line is Excel's `sep=;`, which names the separator and is no part of the
  /// table (the header follows it).
  public let startsWithSeparatorLine: Bool
  /// The encoding it was read as, for messages.
  public let encoding: String
  private let temporary: String?

  /// Prepares `path`. `encoding` names the file's encoding (default: UTF-8, or UTF-16 when it
  /// starts with a UTF-16 BOM); `delimiter` is `,`, `;`, `tab` or `\t` (default: detected).
  public init(path: String, encoding: String? = nil, delimiter: String? = nil) throws {
    // A form's map given as the file (the two swapped, or --map forgotten): one clear error, not
    // one "malformed CSV" a line of YAML.
    if ["yaml", "yml"].contains((path as NSString).pathExtension.lowercased()) {
      throw CSVSetupError(
        message: "this is a YAML file (a form's map?), not a CSV file: import the form's CSV export, with the map as --map")
    }
    let head = Self.head(of: path)
    var source = encoding?.uppercased()
    if source == nil || source == "UTF-16" {
      if head.starts(with: [0xFF, 0xFE]) { source = "UTF-16LE" } else if head.starts(with: [0xFE, 0xFF]) { source = "UTF-16BE" }
    }
    let transcoded = source.map { !["UTF-8", "UTF8"].contains($0) } ?? false
    if let problem = Self.notCSV(head, transcoded: transcoded) { throw CSVSetupError(message: problem) }
    if transcoded, let from = source {
      let output = NSTemporaryDirectory() + "gradebook-\(getpid())-\(UUID().uuidString).csv"
      try Transcoder(from: from).transcode(path, to: output)
      self.path = output
      temporary = output
      self.encoding = from
    } else {
      self.path = path
      temporary = nil
      self.encoding = "UTF-8"
    }
    let prepared = transcoded ? Self.head(of: self.path) : head  // the file as read, UTF-8
    let named = Self.separatorLine(prepared)
    startsWithSeparatorLine = named != nil
    if let delimiter {
      switch delimiter {
      case ",": self.delimiter = UInt8(ascii: ",")
      case ";": self.delimiter = UInt8(ascii: ";")
      case "tab", "\\t", "\t": self.delimiter = 0x09
      default: throw CSVSetupError(message: "unknown delimiter '\(delimiter)' (use ',', ';' or tab)")
      }
    } else if let named {
      guard [UInt8(ascii: ","), UInt8(ascii: ";"), 0x09].contains(named) else {
        throw CSVSetupError(message: "the first line names the separator '\(UnicodeScalar(named))'; use ',', ';' or tab")
      }
      self.delimiter = named
    } else {
      self.delimiter = Self.detectDelimiter(prepared)
    }
  }

  /// The separator Excel's first line `sep=X` names (after a UTF-8 byte-order mark), if the file
  /// starts with one.
  static func separatorLine(_ bytes: [UInt8]) -> UInt8? {
    let text = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...]
    guard text.starts(with: Array("sep=".utf8)) || text.starts(with: Array("SEP=".utf8)), text.count >= 5 else { return nil }
    let rest = text.dropFirst(5)
    guard rest.first == 0x0A || rest.starts(with: [0x0D, 0x0A]) || rest.isEmpty else { return nil }
    return text[text.startIndex + 4]
  }

  /// Removes the transcoded copy, if any.
  public func close() {
    if let temporary { unlink(temporary) }
  }

  /// Why a file that starts with `head` is not a CSV file at all, if it is a spreadsheet workbook or
  /// a PDF (Microsoft Forms, for one, exports `.xlsx`): one clear error instead of one a line.
  /// A first line with a NUL byte is binary data (a program, an image) or UTF-16 without its
  /// byte-order mark; no CSV header in UTF-8 has one (not checked for a file read in another
  /// encoding, `transcoded`, or that starts with a UTF-16 byte-order mark).
  static func notCSV(_ head: [UInt8], transcoded: Bool = false) -> String? {
    let saveAs = "open it in Excel or LibreOffice and save the sheet as CSV UTF-8, then import that"
    if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
      return "this is a zip archive (an .xlsx or .ods workbook?), not a CSV file: \(saveAs)"
    }
    if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
      return "this is an Excel 97-2003 workbook (.xls), not a CSV file: \(saveAs)"
    }
    if head.starts(with: Array("%PDF".utf8)) { return "this is a PDF, not a CSV file" }
    let utf16 = head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF])
    if !transcoded, !utf16, head.prefix(while: { $0 != 0x0A }).contains(0) {
      return "the first line holds NUL bytes, which no CSV header in UTF-8 does: binary data (a program, an image?) "
        + "or UTF-16 without its byte-order mark (then name it: --encoding utf-16le)"
    }
    return nil
  }

  /// The first 64 KiB of a file.
  static func head(of path: String) -> [UInt8] {
    guard let handle = FileHandle(forReadingAtPath: path) else { return [] }
    defer { try? handle.close() }
    return Array((try? handle.read(upToCount: 65_536)) ?? Data())
  }

  /// The separator that splits the header line most often, outside quotes: `,` unless `;` or tab wins.
  static func detectDelimiter(_ bytes: [UInt8]) -> UInt8 {
    var counts: [UInt8: Int] = [UInt8(ascii: ","): 0, UInt8(ascii: ";"): 0, 0x09: 0]
    var quoted = false
    for byte in bytes {
      if byte == UInt8(ascii: "\"") { quoted.toggle() }
      if !quoted && (byte == 0x0A || byte == 0x0D) { break }
      if !quoted, counts[byte] != nil { counts[byte]! += 1 }
    }
    let comma = counts[UInt8(ascii: ",")]!, semicolon = counts[UInt8(ascii: ";")]!, tab = counts[0x09]!
    if tab > comma && tab >= semicolon { return 0x09 }
    if semicolon > comma { return UInt8(ascii: ";") }
    return UInt8(ascii: ",")
  }
}

/// A problem preparing a file for reading.
public struct CSVSetupError: Error, CustomStringConvertible {
  public var message: String
  public var description: String { message }
}

/// Streams a file through iconv into UTF-8.
struct Transcoder {
  let from: String

  func transcode(_ input: String, to output: String) throws {
    let converter = iconv_open("UTF-8", from)
    guard converter != iconv_t(bitPattern: -1) else {
      throw CSVSetupError(message: "unknown encoding '\(from)' (try utf-16, big5, gbk, gb18030, windows-1252, latin1)")
    }
    defer { iconv_close(converter) }
    guard let inFile = fopen(input, "rb") else { throw CSVSetupError(message: "cannot open the file") }
    defer { fclose(inFile) }
    guard let outFile = fopen(output, "wb") else { throw CSVSetupError(message: "cannot write a temporary file") }
    defer { fclose(outFile) }
    let size = 1 << 16
    var inBuffer = [CChar](repeating: 0, count: size + 16)
    var outBuffer = [CChar](repeating: 0, count: size * 4 + 64)
    var pending = 0
    var first = true
    var lineNumber = 1
    while true {
      let read = fread(&inBuffer[pending], 1, size, inFile)
      let total = pending + read
      if total == 0 { break }
      var consumed = 0
      try inBuffer.withUnsafeMutableBufferPointer { inPointer in
        try outBuffer.withUnsafeMutableBufferPointer { outPointer in
          var inStart: UnsafeMutablePointer<CChar>? = inPointer.baseAddress
          var inLeft = total
          var outStart: UnsafeMutablePointer<CChar>? = outPointer.baseAddress
          var outLeft = outPointer.count
          let result = iconv(converter, &inStart, &inLeft, &outStart, &outLeft)
          let produced = outPointer.count - outLeft
          var bytes = UnsafeRawBufferPointer(start: outPointer.baseAddress, count: produced)
          if first, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = UnsafeRawBufferPointer(rebasing: bytes.dropFirst(3)) }
          first = false
          lineNumber += bytes.count { $0 == 0x0A }
          fwrite(bytes.baseAddress, 1, bytes.count, outFile)
          consumed = total - inLeft
          if result == -1 && errno == EILSEQ {
            throw CSVSetupError(message: "line \(lineNumber): bytes that are not valid \(from)")
          }
          if read == 0 && inLeft > 0 {
            throw CSVSetupError(message: "line \(lineNumber): the file ends in the middle of a \(from) character")
          }
        }
      }
      pending = total - consumed
      if pending > 0 { inBuffer.replaceSubrange(0..<pending, with: inBuffer[consumed..<total]) }
      if read == 0 { break }
    }
  }
}

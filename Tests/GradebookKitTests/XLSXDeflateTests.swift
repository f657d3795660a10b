import Foundation
import GradebookXLSX
import TestSupport
import Testing

/// Workbooks are deflated in zlib's fast mode (``workbookDeflateLevel``), although libxlsxwriter
/// asks for the default level: its calls reach minizip through the program's own
/// `zipOpenNewFileInZip4_64`.
struct XLSXDeflateTests {
  /// The general-purpose flags and method of every local file header in a zip.
  static func entries(_ data: Data) -> [(name: String, flags: UInt16, method: UInt16)] {
    let bytes = [UInt8](data)
    func u16(_ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
    func u32(_ at: Int) -> UInt32 { UInt32(u16(at)) | UInt32(u16(at + 2)) << 16 }
    var found: [(String, UInt16, UInt16)] = []
    var at = 0
    while at + 30 <= bytes.count, u32(at) == 0x0403_4b50 {
      let flags = u16(at + 6), method = u16(at + 8)
      let nameLength = Int(u16(at + 26)), extraLength = Int(u16(at + 28))
      let name = String(decoding: bytes[(at + 30)..<(at + 30 + nameLength)], as: UTF8.self)
      found.append((name, flags, method))
      // Sizes may follow the data (flag 0x8), so look for the next header instead of skipping by size.
      var next = at + 30 + nameLength + extraLength
      while next + 4 <= bytes.count, u32(next) != 0x0403_4b50, u32(next) != 0x0201_4b50 { next += 1 }
      at = next
    }
    return found
  }

  @Test func everyPartOfAWorkbookIsDeflatedInFastMode() throws {
    let path = Scratch.path("deflate", suffix: ".xlsx").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    let workbook = try XLSXWorkbook(path: path, constantMemory: true, created: Date(timeIntervalSince1970: 0))
    let sheet = try workbook.addSheet("Sheet")
    for row in 0..<2_000 { try sheet.writeRow(row, [.text("student \(row)"), .number(Double(row) / 7)]) }
    try workbook.close()
    let entries = Self.entries(try Data(contentsOf: URL(fileURLWithPath: path)))
    #expect(entries.contains { $0.name == "xl/worksheets/sheet1.xml" })
    #expect(entries.count >= 8)
    for entry in entries {
      #expect(entry.method == 8, "\(entry.name) deflated")
      #expect(entry.flags & 0x6 == 0x4, "\(entry.name): flags \(entry.flags) (0x4: deflate's fast mode; 0: the default level)")
    }
    #expect(workbookDeflateLevel == 2)
  }
}

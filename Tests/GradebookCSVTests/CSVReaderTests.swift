import Foundation
import GradebookCSV
import TestSupport
import Testing

/// Line numbers, BOM, CRLF and error recovery of the libcsv wrapper (RULES §40–41).
struct CSVReaderTests {
  func read(_ text: String, bytes: [UInt8]? = nil, delimiter: UInt8 = UInt8(ascii: ",")) throws -> ([CSVRecord], [CSVProblem]) {
    let url = Scratch.path("csv", suffix: ".csv")
    try Data(bytes ?? Array(text.utf8)).write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    return try CSVReader(path: url.path, delimiter: delimiter).readAll()
  }

  @Test func bomIsStrippedAndDoesNotCountAsALine() throws {
    let (records, problems) = try read("", bytes: [0xEF, 0xBB, 0xBF] + Array("id,name\n1,Ann\n".utf8))
    #expect(problems.isEmpty)
    #expect(records.map(\.fields) == [["id", "name"], ["1", "Ann"]])
    #expect(records.map(\.line) == [1, 2])
  }

  @Test func rule40_recordsKnowTheLineTheyStartOnAcrossQuotedNewlinesAndBlankLines() throws {
    let (records, _) = try read("a,b\r\n\"multi\r\nline\",x\r\n\r\nlast,y")
    #expect(records.map(\.line) == [1, 2, 5])
    #expect(records[1].fields == ["multi\r\nline", "x"])
    #expect(records[2].fields == ["last", "y"])
  }

  @Test func rule40_unterminatedQuoteIsReportedWhereItOpened() throws {
    let (records, problems) = try read("a,b\n1,2\n3,\"open\n4,5\n")
    #expect(records.count == 2)
    #expect(problems.map(\.line) == [3])
    #expect(problems.first?.message.contains("unterminated") == true)
  }

  @Test func rule40_invalidUTF8NamesTheLineOfTheBadByte() throws {
    let bytes = Array("a,b\n1,2\n".utf8) + [0x33, 0x2C, 0xFF, 0x0A] + Array("4,5\n".utf8)
    let (records, problems) = try read("", bytes: bytes)
    #expect(problems.map(\.line) == [3])
    #expect(records.map(\.line) == [1, 2, 4])
  }

  @Test func strayQuoteIsAnErrorAndParsingGoesOnAtTheNextLine() throws {
    let (records, problems) = try read("a,b\nx\"y,1\nok,2\n")
    #expect(problems.map(\.line) == [2])
    #expect(records.map(\.fields) == [["a", "b"], ["ok", "2"]])
  }

  /// Bare CR line ends put several records on one physical line, the last one maybe unfinished:
  /// each record gets its own fields, and the unfinished one goes on with the next line.
  @Test func severalRecordsOnOneLineEachKeepTheirOwnFields() throws {
    let (records, problems) = try read("a,b\r1,\r\"x\ny\",3\nlast,\"\"\n")
    #expect(problems.isEmpty)
    #expect(records.map(\.fields) == [["a", "b"], ["1", ""], ["x\ny", "3"], ["last", ""]])
    #expect(records.map(\.count) == [2, 2, 2, 2])
    #expect(records[2].field(0, trimmed: true) == "x\ny" && records[1].isBlank(from: 1) && !records[1].isBlank())
  }

  @Test func semicolonAndTabSeparators() throws {
    let (semi, _) = try read("a;b\n1;2\n", delimiter: UInt8(ascii: ";"))
    #expect(semi.map(\.fields) == [["a", "b"], ["1", "2"]])
    let (tab, _) = try read("a\tb\n\t2\n", delimiter: 0x09)
    #expect(tab.map(\.fields) == [["a", "b"], ["", "2"]])
  }

  @Test func largeFileStreamsAcrossBlocks() throws {
    var text = "id,comment\n"
    for i in 0..<60_000 { text += "s\(i),\"comment with, comma\nand newline \(i)\"\n" }
    let (records, problems) = try read(text)
    #expect(problems.isEmpty)
    #expect(records.count == 60_001)
    #expect(records.last?.line == 1 + 2 * 59_999 + 1)
    #expect(records.last?.fields[1] == "comment with, comma\nand newline 59999")
  }
}

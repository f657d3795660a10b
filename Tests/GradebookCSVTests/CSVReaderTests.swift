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

  /// Lines are checked for UTF-8 eight bytes at a time: a high byte at any place of a line of any
  /// length is seen, so a valid `é` reads back and a lone 0xFF is a problem at its line (RULES §40).
  @Test func rule40_aHighByteAnywhereInALineIsChecked() throws {
    for length in 1...27 {
      for place in 0..<length {
        var good = Array(repeating: UInt8(ascii: "x"), count: length)
        good.replaceSubrange(place..<place + 1, with: Array("é".utf8))
        var bad = Array(repeating: UInt8(ascii: "y"), count: length)
        bad[place] = 0xFF
        let bytes = Array("h\n".utf8) + good + [0x0A] + bad + [0x0A] + Array("z\n".utf8)
        let (records, problems) = try read("", bytes: bytes)
        #expect(problems.map(\.line) == [3], "length \(length), place \(place)")
        #expect(records.map(\.line) == [1, 2, 4])
        #expect(records.dropFirst().first?.fields == [String(decoding: good, as: UTF8.self)])
      }
    }
  }

  /// Lines split exactly at the reader's 1 MiB blocks, or straddling one by a byte either way, read
  /// whole and in order.
  @Test func linesEndingAtAndStraddlingABlockBoundaryReadWhole() throws {
    let block = 1 << 20
    for shift in [-1, 0, 1] {
      // A first line of 64 + shift bytes, then lines of 64 (63 and a newline): with shift 0 a line
      // ends exactly at the block's end, otherwise one straddles it.
      var text = String(repeating: "h", count: 63 + shift) + "\n"
      let lines = block / 64 + 2
      for i in 0..<lines { text += String(format: "%-62d,", i) + "\n" }
      let (records, problems) = try read(text)
      #expect(problems.isEmpty, "shift \(shift)")
      #expect(records.count == lines + 1)
      #expect(records.map(\.line) == Array(1...(lines + 1)))
      #expect(records.dropFirst().enumerated().allSatisfy { Int($1.fields[0].trimmingCharacters(in: .whitespaces)) == $0 })
    }
  }
}

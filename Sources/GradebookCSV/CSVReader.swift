import CCSV
import Foundation

/// One CSV record with the physical line it starts on (1-based; a BOM does not count).
///
/// The fields are kept as their bytes, end to end: a reader turns into `String`s only the cells it
/// reads (a forms export has columns nobody reads, and a `String` a field was an allocation each).
/// The bytes are valid UTF-8: every line is checked before it is parsed.
public struct CSVRecord: Sendable {
  /// Line where the record starts.
  public var line: Int
  /// The fields' bytes, unquoted, end to end.
  let bytes: [UInt8]
  /// Where each field ends in `bytes` (the first starts at 0).
  let ends: [Int]

  init(line: Int, bytes: [UInt8], ends: [Int]) { (self.line, self.bytes, self.ends) = (line, bytes, ends) }

  /// How many fields the record has.
  public var count: Int { ends.count }

  /// Field values, unquoted, as UTF-8 strings.
  public var fields: [String] { (0..<count).map { field($0) } }

  /// The field at `index` (`0..<count`); with `trimmed`, without leading and trailing ASCII white
  /// space (space, tab, CR, LF), as `String.trimmedASCII` would give it.
  public func field(_ index: Int, trimmed: Bool = false) -> String {
    var start = index == 0 ? 0 : ends[index - 1]
    var end = ends[index]
    if trimmed {
      while start < end, Self.isSpace(bytes[start]) { start += 1 }
      while end > start, Self.isSpace(bytes[end - 1]) { end -= 1 }
    }
    if start == end { return "" }
    return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[start..<end]), as: UTF8.self) }
  }

  /// Whether every field from `index` on is empty or white space only.
  public func isBlank(from index: Int = 0) -> Bool {
    guard index < count else { return true }
    let start = index == 0 ? 0 : ends[index - 1]
    return bytes[start...].allSatisfy(Self.isSpace)
  }

  static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
}

/// A problem reading a CSV file: malformed CSV or invalid UTF-8, at a line.
public struct CSVProblem: Error, Sendable, Hashable, CustomStringConvertible {
  /// 1-based physical line (for an unterminated quote: where it opened).
  public var line: Int?
  /// What is wrong.
  public var message: String

  public var description: String { line.map { "line \($0): \(message)" } ?? message }
}

/// Streams the records of a CSV file through libcsv in strict mode (`CSV_STRICT | CSV_STRICT_FINI`).
///
/// The file is read in blocks and fed to libcsv one physical line at a time, so every record knows
/// the line it starts on; the UTF-8 BOM is stripped here (libcsv keeps it); CRLF and quoted newlines
/// work. After a malformed line the parser restarts on the next line, so every problem of a file is
/// reported, not just the first. Memory stays bounded by the longest record.
public struct CSVReader {
  /// The file to read.
  public let path: String
  /// The field separator (`,`, `;` or tab).
  public var delimiter: UInt8
  /// Called after each block with the bytes read so far (for progress displays).
  public var onBlock: ((Int) -> Void)?

  /// A reader of `path`.
  public init(path: String, delimiter: UInt8 = UInt8(ascii: ",")) {
    self.path = path
    self.delimiter = delimiter
  }

  /// Calls `body` with each record in order and `problem` with each problem. Throws only when the
  /// file cannot be opened or read, or when `body` throws.
  public func read(_ body: (CSVRecord) throws -> Void, problem: (CSVProblem) -> Void) throws {
    guard let file = fopen(path, "rb") else {
      throw CSVProblem(line: nil, message: "cannot open file: \(String(cString: strerror(errno)))")
    }
    defer { fclose(file) }
    var parser = LineParser(delimiter: delimiter)
    defer { parser.close() }
    let blockSize = 1 << 20
    let block = UnsafeMutablePointer<UInt8>.allocate(capacity: blockSize)
    defer { block.deallocate() }
    var carry: [UInt8] = []
    var first = true
    var total = 0
    while true {
      let count = fread(block, 1, blockSize, file)
      total += count
      onBlock?(total)
      if count == 0 {
        if ferror(file) != 0 { throw CSVProblem(line: nil, message: "read error: \(String(cString: strerror(errno)))") }
        break
      }
      var start = 0
      if first {
        first = false
        if count >= 3, block[0] == 0xEF, block[1] == 0xBB, block[2] == 0xBF { start = 3 }
      }
      var lineStart = start
      // Each line end found with memchr (a loop over every byte was a twentieth of a forms import's reading thread).
      while lineStart < count, let found = memchr(block + lineStart, 0x0A, count - lineStart) {
        let i = found.assumingMemoryBound(to: UInt8.self) - block
        if carry.isEmpty {
          try parser.feed(UnsafeBufferPointer(start: block + lineStart, count: i + 1 - lineStart), body, problem)
        } else {
          carry.append(contentsOf: UnsafeBufferPointer(start: block + lineStart, count: i + 1 - lineStart))
          try carry.withUnsafeBufferPointer { try parser.feed($0, body, problem) }
          carry.removeAll(keepingCapacity: true)
        }
        lineStart = i + 1
      }
      if lineStart < count { carry.append(contentsOf: UnsafeBufferPointer(start: block + lineStart, count: count - lineStart)) }
    }
    if !carry.isEmpty { try carry.withUnsafeBufferPointer { try parser.feed($0, body, problem) } }
    try parser.finish(body, problem)
  }

  /// Reads every record into memory (for small files and tests).
  public func readAll() throws -> (records: [CSVRecord], problems: [CSVProblem]) {
    var records: [CSVRecord] = []
    var problems: [CSVProblem] = []
    try read({ records.append($0) }, problem: { problems.append($0) })
    return (records, problems)
  }
}

/// Fields collected by libcsv's callbacks; reached through the `void *` context as a raw pointer
/// to this struct (a class through `Unmanaged` costs a retain/release per callback). The buffers
/// are reused from record to record: a record handed out shares them, and once it is gone they are
/// emptied in place (an array of `String`s a record was two allocations and a string a field).
private struct CallbackState {
  /// The fields' bytes, end to end.
  var bytes: [UInt8] = []
  /// Where each field ends in `bytes`.
  var ends: [Int] = []
  /// For each record completed since the last drain, how many fields (of `ends`) it ends at.
  var completed: [Int] = []

  mutating func removeAll() {
    bytes.removeAll(keepingCapacity: true)
    ends.removeAll(keepingCapacity: true)
    completed.removeAll(keepingCapacity: true)
  }
}

private let onField: @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeMutableRawPointer?) -> Void = { data, length, context in
  let state = context!.assumingMemoryBound(to: CallbackState.self)
  if let data, length > 0 {
    state.pointee.bytes.append(contentsOf: UnsafeRawBufferPointer(start: data, count: length))
  }
  state.pointee.ends.append(state.pointee.bytes.count)
}

private let onRecord: @convention(c) (Int32, UnsafeMutableRawPointer?) -> Void = { _, context in
  let state = context!.assumingMemoryBound(to: CallbackState.self)
  state.pointee.completed.append(state.pointee.ends.count)
}

private let spaceOnly: @convention(c) (UInt8) -> Int32 = { $0 == 0x20 ? 1 : 0 }

/// libcsv fed one physical line at a time, tracking where each record starts.
private struct LineParser {
  var parser = csv_parser()
  let state: UnsafeMutablePointer<CallbackState>
  let delimiter: UInt8
  var line = 0
  var recordStart = 0
  var inRecord = false
  /// Set after a malformed line until the current record ends, so one bad record is one problem.
  var skippingBadRecord = false

  init(delimiter: UInt8) {
    self.delimiter = delimiter
    state = .allocate(capacity: 1)
    state.initialize(to: CallbackState())
    reset()
  }

  mutating func reset() {
    csv_init(&parser, UInt8(CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL))
    csv_set_delim(&parser, delimiter)
    if delimiter == 0x09 { csv_set_space_func(&parser, spaceOnly) }
    state.pointee.removeAll()
    inRecord = false
  }

  mutating func close() {
    csv_free(&parser)
    state.deinitialize(count: 1)
    state.deallocate()
  }

  mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (CSVRecord) throws -> Void, _ problem: (CSVProblem) -> Void) throws {
    line += 1
    if !isValidUTF8(bytes) {
      problem(CSVProblem(line: line, message: "the file is not valid UTF-8 here"))
      csv_free(&parser)
      reset()
      return
    }
    if !inRecord {
      if isBlank(bytes) { return }
      recordStart = line
      inRecord = true
    }
    let used = csv_parse(&parser, bytes.baseAddress, bytes.count, onField, onRecord, state)
    if used < bytes.count {
      problem(
        CSVProblem(
          line: line,
          message:
            "malformed CSV: \(String(cString: csv_strerror(csv_error(&parser)))) (a quote inside an unquoted field, or text after a closing quote)"
        ))
      csv_free(&parser)
      reset()
      return
    }
    try drain(body)
  }

  mutating func finish(_ body: (CSVRecord) throws -> Void, _ problem: (CSVProblem) -> Void) throws {
    if csv_fini(&parser, onField, onRecord, state) != 0 {
      problem(CSVProblem(line: recordStart, message: "malformed CSV: unterminated quoted field (the quote opened here is never closed)"))
      state.pointee.removeAll()
      return
    }
    try drain(body)
  }

  /// Hands out the records completed by the last line. Usually one, holding every buffered
  /// field: it is given the buffers themselves, emptied in place once the caller is done with it.
  mutating func drain(_ body: (CSVRecord) throws -> Void) throws {
    guard !state.pointee.completed.isEmpty else { return }
    inRecord = false
    let line = recordStart
    if state.pointee.completed.count == 1, state.pointee.completed[0] == state.pointee.ends.count {
      defer { state.pointee.removeAll() }
      try deliverAll(line: line, body)
      return
    }
    // Rare: more than one record on a line (bare CR line ends), or the start of the next record
    // after the last one: each record gets copies of its own fields, the rest stays buffered.
    let completed = state.pointee.completed
    state.pointee.completed.removeAll(keepingCapacity: true)
    var firstField = 0
    var firstByte = 0
    for endField in completed {
      let lastByte = endField > firstField ? state.pointee.ends[endField - 1] : firstByte
      let record = CSVRecord(
        line: line, bytes: Array(state.pointee.bytes[firstByte..<lastByte]),
        ends: state.pointee.ends[firstField..<endField].map { $0 - firstByte })
      (firstField, firstByte) = (endField, lastByte)
      try body(record)
    }
    state.pointee.bytes.removeFirst(firstByte)
    state.pointee.ends.removeFirst(firstField)
    for index in state.pointee.ends.indices { state.pointee.ends[index] -= firstByte }
  }

  /// Gives `body` one record holding the whole buffers; the record is gone when this returns, so
  /// the buffers are again held once and can be emptied without a copy.
  private func deliverAll(line: Int, _ body: (CSVRecord) throws -> Void) throws {
    try body(CSVRecord(line: line, bytes: state.pointee.bytes, ends: state.pointee.ends))
  }

  func isBlank(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    bytes.allSatisfy { $0 == 0x0A || $0 == 0x0D || $0 == 0x20 || $0 == 0x09 }
  }

  func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    if Self.isASCII(bytes) { return true }
    return String(validating: bytes, as: UTF8.self) != nil
  }

  /// Whether every byte is below 0x80, read eight bytes at a time.
  static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let base = bytes.baseAddress else { return true }
    let raw = UnsafeRawPointer(base)
    var high: UInt64 = 0
    var i = 0
    while i + 8 <= bytes.count {
      high |= raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
      i += 8
    }
    while i < bytes.count {
      high |= UInt64(bytes[i])
      i += 1
    }
    return high & 0x8080_8080_8080_8080 == 0
  }
}

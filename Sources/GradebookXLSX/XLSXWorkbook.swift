import CXLSXWriter
import Foundation

/// An error from libxlsxwriter, with its message (`lxw_strerror`) and what we were doing.
public struct XLSXError: Error, Sendable, CustomStringConvertible {
  /// What failed, in words.
  public var message: String
  public var description: String { message }
}

/// A file that cannot be written (no such folder, no permission), as Foundation reports one: the
/// path and the system's reason, the user's to fix. (GradebookKit's `AtomicFile` makes the same
/// error; this wrapper sits below it and cannot call it.)
func cannotWrite(_ path: String, errno code: Int32) -> CocoaError {
  CocoaError(
    .fileWriteUnknown, userInfo: [NSFilePathErrorKey: path, NSUnderlyingErrorKey: NSError(domain: NSPOSIXErrorDomain, code: Int(code))])
}

/// A cell's look; equal styles share one libxlsxwriter format.
public struct CellStyle: Sendable, Hashable {
  public var bold = false
  public var italic = false
  /// Excel number format, e.g. `0.00`.
  public var numberFormat: String?
  /// Background colour, `0xRRGGBB`.
  public var fill: UInt32?
  /// Font colour, `0xRRGGBB`.
  public var fontColor: UInt32?
  public var wrap = false
  /// Unlocked cells stay editable when a sheet is protected.
  public var unlocked = false

  /// A style.
  public init(
    bold: Bool = false, italic: Bool = false, numberFormat: String? = nil, fill: UInt32? = nil, fontColor: UInt32? = nil,
    wrap: Bool = false, unlocked: Bool = false
  ) {
    (self.bold, self.italic, self.numberFormat, self.fill) = (bold, italic, numberFormat, fill)
    (self.fontColor, self.wrap, self.unlocked) = (fontColor, wrap, unlocked)
  }
}

/// A cell value. Text is always written as a string, never as a formula.
public enum CellValue: Sendable, Hashable {
  case text(String)
  case number(Double)
  /// A formula (without the leading `=`) with the value it computes, cached in the file.
  case formula(String, cached: Double)
  /// A formula whose result is text, with the cached text.
  case textFormula(String, cached: String)
  case blank
}

/// An `.xlsx` file written by libxlsxwriter. It is written to a temporary file beside `path` and
/// renamed on ``close()``, so readers never see half a file.
public final class XLSXWorkbook {
  let handle: UnsafeMutablePointer<lxw_workbook>
  let finalPath: String
  let temporaryPath: String
  private var formats: [CellStyle: UnsafeMutablePointer<lxw_format>] = [:]
  private var lastFormat: (style: CellStyle, format: UnsafeMutablePointer<lxw_format>)?
  private var closed = false

  /// Opens a workbook. `constantMemory` streams rows to disk (rows must then be written in order).
  /// `created` becomes the document date, so equal inputs give byte-identical files.
  public init(path: String, constantMemory: Bool = false, created: Date, title: String? = nil) throws {
    finalPath = path
    temporaryPath = path + ".partial-\(getpid())"
    // The file is created now, not when it is closed: libxlsxwriter creates it only then, after
    // every sheet is made (20 s at 100,000 students), and says only "Usually a permissions error".
    let probe = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard probe >= 0 else { throw cannotWrite(path, errno: errno) }
    _ = Glibc.close(probe)
    var options = lxw_workbook_options(constant_memory: constantMemory ? 1 : 0, tmpdir: nil, use_zip64: 1)
    guard let workbook = workbook_new_opt(temporaryPath, &options) else {
      unlink(temporaryPath)
      throw XLSXError(message: "cannot create \(path)")
    }
    handle = workbook
    var properties = lxw_doc_properties()
    properties.created = time_t(created.timeIntervalSince1970)
    let result: lxw_error = (title ?? "").withCString { titlePointer in
      "Gradebook".withCString { author in
        properties.title = title == nil ? nil : UnsafeMutablePointer(mutating: titlePointer)
        properties.author = UnsafeMutablePointer(mutating: author)
        return workbook_set_properties(handle, &properties)
      }
    }
    try check(result, "setting document properties")
  }

  deinit {
    if !closed {
      workbook_close(handle)
      unlink(temporaryPath)
    }
  }

  /// A valid, unused sheet name made from `name`: forbidden characters replaced, at most 31
  /// characters, a number appended when taken.
  public func sheetName(for name: String, taken: Set<String>) -> String {
    let cleaned = String(name.map { "[]:*?/\\".contains($0) ? "-" : $0 }.prefix(31))
    var candidate = cleaned
    var n = 2
    while taken.contains(candidate.lowercased()) {
      let suffix = "~\(n)"
      candidate = String(cleaned.prefix(31 - suffix.count)) + suffix
      n += 1
    }
    return candidate
  }

  /// Adds a worksheet; the name must be a valid sheet name (≤ 31 characters, no `[]:*?/\`).
  public func addSheet(_ name: String) throws -> XLSXSheet {
    let valid = workbook_validate_sheet_name(handle, name)
    try check(valid, "adding sheet '\(name)'")
    guard let sheet = workbook_add_worksheet(handle, name) else {
      throw XLSXError(message: "cannot add sheet '\(name)'")
    }
    return XLSXSheet(sheet, workbook: self)
  }

  /// The format for a style, created once.
  func format(_ style: CellStyle?) -> UnsafeMutablePointer<lxw_format>? {
    guard let style else { return nil }
    if let last = lastFormat, last.style == style { return last.format }  // a row's cells mostly share one
    if let existing = formats[style] {
      lastFormat = (style, existing)
      return existing
    }
    let format = workbook_add_format(handle)!
    if style.bold { format_set_bold(format) }
    if style.italic { format_set_italic(format) }
    if let numberFormat = style.numberFormat { format_set_num_format(format, numberFormat) }
    if let fill = style.fill {
      format_set_bg_color(format, fill)
      format_set_pattern(format, UInt8(LXW_PATTERN_SOLID.rawValue))
    }
    if let color = style.fontColor { format_set_font_color(format, color) }
    if style.wrap { format_set_text_wrap(format) }
    if style.unlocked { format_set_unlocked(format) }
    formats[style] = format
    return format
  }

  /// Defines a workbook-wide name, e.g. `TotalWeight` → `=Weights!$C$10`.
  public func defineName(_ name: String, formula: String) throws {
    try check(workbook_define_name(handle, name, "=" + formula), "defining name \(name)")
  }

  /// Writes the file and renames it into place.
  public func close() throws {
    guard !closed else { return }
    closed = true
    let result = workbook_close(handle)
    guard result == LXW_NO_ERROR else {
      unlink(temporaryPath)
      throw XLSXError(message: "cannot write \(finalPath): \(String(cString: lxw_strerror(result)))")
    }
    guard rename(temporaryPath, finalPath) == 0 else {
      let code = errno
      unlink(temporaryPath)
      throw cannotWrite(finalPath, errno: code)
    }
  }

  func check(_ result: lxw_error, _ what: String) throws {
    guard result == LXW_NO_ERROR else {
      throw XLSXError(message: "\(what): \(String(cString: lxw_strerror(result)))")
    }
  }
}

/// A worksheet of an ``XLSXWorkbook``.
public final class XLSXSheet {
  let handle: UnsafeMutablePointer<lxw_worksheet>
  unowned let workbook: XLSXWorkbook

  init(_ handle: UnsafeMutablePointer<lxw_worksheet>, workbook: XLSXWorkbook) {
    self.handle = handle
    self.workbook = workbook
  }

  /// Writes one cell (0-based row and column).
  public func write(_ row: Int, _ column: Int, _ value: CellValue, style: CellStyle? = nil) throws {
    let r = lxw_row_t(row), c = lxw_col_t(column)
    let format = workbook.format(style)
    let result: lxw_error
    switch value {
    case .text(let text): result = worksheet_write_string(handle, r, c, text, format)
    case .number(let number): result = worksheet_write_number(handle, r, c, number, format)
    case .formula(let formula, let cached): result = worksheet_write_formula_num(handle, r, c, "=" + formula, format, cached)
    case .textFormula(let formula, let cached): result = worksheet_write_formula_str(handle, r, c, "=" + formula, format, cached)
    case .blank: result = worksheet_write_blank(handle, r, c, format)
    }
    try workbook.check(result, "writing cell \(Self.cellName(row, column))")
  }

  /// Writes a row of values starting at `column`.
  public func writeRow(_ row: Int, from column: Int = 0, _ values: [CellValue], style: CellStyle? = nil) throws {
    for (offset, value) in values.enumerated() { try write(row, column + offset, value, style: style) }
  }

  /// Sets the width of columns `first...last` (in characters).
  public func setColumns(_ first: Int, _ last: Int, width: Double, style: CellStyle? = nil) throws {
    try workbook.check(
      worksheet_set_column(handle, lxw_col_t(first), lxw_col_t(last), width, workbook.format(style)), "setting column width")
  }

  /// Freezes rows above `row` and columns left of `column`.
  public func freeze(rows row: Int, columns column: Int) {
    worksheet_freeze_panes(handle, lxw_row_t(row), lxw_col_t(column))
  }

  /// Adds an autofilter over a range (in constant-memory mode: before writing the rows).
  public func autofilter(firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int) throws {
    try workbook.check(
      worksheet_autofilter(handle, lxw_row_t(firstRow), lxw_col_t(firstColumn), lxw_row_t(lastRow), lxw_col_t(lastColumn)),
      "adding an autofilter")
  }

  /// `A1`-style name of a cell (0-based row and column).
  public static func cellName(_ row: Int, _ column: Int, absolute: Bool = false) -> String {
    let dollar = absolute ? "$" : ""
    return dollar + columnName(column) + dollar + String(row + 1)
  }

  /// `A`, `B`, … `Z`, `AA`, … for a 0-based column.
  public static func columnName(_ column: Int) -> String {
    var n = column + 1
    var name = ""
    while n > 0 {
      let r = (n - 1) % 26
      name = String(UnicodeScalar(UInt8(65 + r))) + name
      n = (n - 1) / 26
    }
    return name
  }
}

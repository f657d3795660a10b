import CXLSXWriter
import Foundation

/// Conditional formats, data validation, comments and charts.
extension XLSXSheet {
  /// Styles cells of a range whose formula (written for the range's top-left cell, without `=`) is true.
  public func highlight(firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int, when formula: String, style: CellStyle) throws {
    guard lastRow >= firstRow, lastColumn >= firstColumn else { return }
    var rule = lxw_conditional_format()
    rule.type = UInt8(LXW_CONDITIONAL_TYPE_FORMULA.rawValue)
    rule.format = workbook.format(style)
    let result = ("=" + formula).withCString { text -> lxw_error in
      rule.value_string = UnsafeMutablePointer(mutating: text)
      return worksheet_conditional_format_range(
        handle, lxw_row_t(firstRow), lxw_col_t(firstColumn), lxw_row_t(lastRow), lxw_col_t(lastColumn), &rule)
    }
    try workbook.check(result, "adding a conditional format")
  }

  /// Accepts only decimal numbers ≥ `minimum` in a range, with an input message.
  public func requireDecimal(firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int, minimum: Double, message: String) throws {
    var validation = lxw_data_validation()
    validation.validate = UInt8(LXW_VALIDATION_TYPE_DECIMAL.rawValue)
    validation.criteria = UInt8(LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO.rawValue)
    validation.value_number = minimum
    let result = message.withCString { text -> lxw_error in
      "Weight".withCString { title in
        "A weight must be a number ≥ 0.".withCString { error in
          validation.input_title = UnsafeMutablePointer(mutating: title)
          validation.input_message = UnsafeMutablePointer(mutating: text)
          validation.error_title = UnsafeMutablePointer(mutating: title)
          validation.error_message = UnsafeMutablePointer(mutating: error)
          return worksheet_data_validation_range(
            handle, lxw_row_t(firstRow), lxw_col_t(firstColumn), lxw_row_t(lastRow), lxw_col_t(lastColumn), &validation)
        }
      }
    }
    try workbook.check(result, "adding data validation")
  }

  /// A note on a cell (shown on hover).
  public func comment(_ row: Int, _ column: Int, _ text: String) throws {
    try workbook.check(worksheet_write_comment(handle, lxw_row_t(row), lxw_col_t(column), text), "adding a comment")
  }

  /// Inserts a column chart of `values` (e.g. `=Distribution!$B$2:$B$11`) against `categories`.
  public func insertColumnChart(
    at row: Int, _ column: Int, title: String, categories: String, values: String, seriesName: String, xAxis: String, yAxis: String
  ) throws {
    guard let chart = workbook_add_chart(workbook.handle, UInt8(LXW_CHART_COLUMN.rawValue)) else {
      throw XLSXError(message: "cannot add a chart")
    }
    let series = chart_add_series(chart, categories, values)
    chart_series_set_name(series, seriesName)
    chart_title_set_name(chart, title)
    chart_axis_set_name(chart.pointee.x_axis, xAxis)
    chart_axis_set_name(chart.pointee.y_axis, yAxis)
    chart_legend_set_position(chart, UInt8(LXW_CHART_LEGEND_NONE.rawValue))
    try workbook.check(worksheet_insert_chart(handle, lxw_row_t(row), lxw_col_t(column), chart), "inserting a chart")
  }
}

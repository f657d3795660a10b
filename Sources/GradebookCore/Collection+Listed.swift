extension Collection where Element == String {
  /// The first `limit` elements joined by `, `, then ` and N more` for the rest: how a message
  /// names a long list (students in no group, report files left over) without printing it all.
  public func listed(first limit: Int = 10) -> String {
    prefix(limit).joined(separator: ", ") + (count > limit ? " and \(count - limit) more" : "")
  }
}

import Foundation

/// Reads the keys of one YAML mapping with typed accessors, reporting every problem at its line and
/// warning about unknown keys with a "did you mean" (FORMATS: "an unknown key is a warning").
public struct ConfigReader: Sendable {
  /// The mapping being read (empty when the key was absent).
  public let value: YAMLValue?
  /// Problems found so far.
  public var log: DiagnosticLog
  /// Names of the keys read, to warn about the rest.
  private var consumed: Set<String> = []
  /// The zone naive timestamps are read in.
  public let zone: TimeZone
  /// The course's weeks (``CourseCalendar/span(in:)``), where known: a timestamp read more than
  /// four weeks before them or eight after (exams, a final blog) is warned about, as most likely a
  /// rubric's date from another term, against which every upload would be late (or on time).
  public var term: ClosedRange<Instant>?

  /// A reader of `value` in file `path`.
  public init(_ value: YAMLValue?, path: String, zone: TimeZone = TimeZone(identifier: "UTC")!) {
    self.value = value
    self.log = DiagnosticLog(path: path)
    self.zone = zone
    if let value, value.entries == nil {
      log.error(value.line, "expected a mapping of keys")
    }
  }

  /// The line of the mapping itself.
  public var line: Int? { value?.line }

  /// The raw value under `key`, marking it as known.
  public mutating func raw(_ key: String) -> YAMLValue? {
    consumed.insert(key)
    guard let v = value?[key] else { return nil }
    if case .scalar(let s, _) = v, s.isEmpty || s == "~" || s == "null" { return nil }
    return v
  }

  /// A required or optional string.
  public mutating func string(_ key: String, required: Bool = false) -> String? {
    guard let v = raw(key) else {
      if required { log.error(line, "missing key '\(key)'") }
      return nil
    }
    guard let text = v.text else {
      log.error(v.line, "'\(key)' must be a single value")
      return nil
    }
    return text
  }

  /// A number, optionally bounded below.
  public mutating func number(
    _ key: String, default fallback: Double? = nil, required: Bool = false, minimum: Double? = nil, maximum: Double? = nil
  ) -> Double? {
    guard let v = raw(key) else {
      if required { log.error(line, "missing key '\(key)'") }
      return fallback
    }
    guard let text = v.text, let n = Double(text.trimmingCharacters(in: .whitespaces)), n.isFinite else {
      log.error(v.line, "'\(key)' must be a number, not '\(v.text ?? "a list or mapping")'\(Self.percentHint(key, v.text))")
      return fallback
    }
    if let minimum, n < minimum {
      log.error(v.line, "'\(key)' must be at least \(Self.format(minimum)), not \(Self.format(n))")
      return fallback
    }
    if let maximum, n > maximum {
      log.error(v.line, "'\(key)' must be at most \(Self.format(maximum)), not \(Self.format(n))")
      return fallback
    }
    return n
  }

  /// For a number written as a percent (`25%`): everywhere but in a weight a fraction is meant;
  /// weights are written as the weights beside them are (a component's are its items' sum, a
  /// criterion's and a scorer's part weights are relative), so there the number alone is asked for.
  private static func percentHint(_ key: String, _ text: String?) -> String {
    guard let text, text.hasSuffix("%"), let percent = Double(text.dropLast().trimmingCharacters(in: .whitespaces)),
      percent.isFinite
    else { return "" }
    return key.hasSuffix("weight")
      ? " (write \(format(percent)) without '%', in the same scale as the weights beside it)"
      : " (a fraction: write \(format(percent / 100)) for \(text))"
  }

  /// A whole number, optionally bounded.
  public mutating func integer(
    _ key: String, default fallback: Int? = nil, required: Bool = false, minimum: Int? = nil, maximum: Int? = nil
  ) -> Int? {
    guard
      let n = number(
        key, default: fallback.map(Double.init), required: required, minimum: minimum.map(Double.init), maximum: maximum.map(Double.init))
    else { return nil }
    guard n.rounded() == n, abs(n) < 1e12 else {
      log.error(value?[key]?.line ?? line, "'\(key)' must be a whole number")
      return fallback
    }
    return Int(n)
  }

  /// A duration such as `48h` or `1h30m` (RULES §12).
  public mutating func duration(_ key: String, default fallback: TimeSpan? = nil) -> TimeSpan? {
    guard let v = raw(key) else { return fallback }
    guard let text = v.text, let span = TimeSpan(parsing: text), span.milliseconds >= 0 else {
      let meant = v.text.flatMap(TimeSpan.compactForm(of:)).map { " (did you mean '\($0)'?)" } ?? ""
      log.error(v.line, "'\(key)' must be a duration such as 48h, 15m, 7d or 1h30m (at most 1,000 years), not '\(v.text ?? "")'\(meant)")
      return fallback
    }
    return span
  }

  /// An ISO 8601 timestamp; naive values in the reader's zone.
  public mutating func timestamp(_ key: String, required: Bool = false) -> Instant? {
    guard let v = raw(key) else {
      if required { log.error(line, "missing key '\(key)'") }
      return nil
    }
    let reading = v.text.map { TimestampParser(zone: zone).readISO($0) } ?? .mismatch
    switch reading {
    case .instant(let instant):
      // Every timestamp in a configuration is a deadline, and "by 30 January" means its end to most
      // people; RULES §12 reads a date alone as 00:00. Said, so that the start is chosen knowingly.
      // It read, so it starts YYYY-MM-DD; a time would follow after "T" or a space (`readISO`).
      let bytes = Array((v.text ?? "").trimmedASCII.utf8)
      if bytes.count == 10 || (bytes.count > 10 && bytes[10] != UInt8(ascii: "T") && bytes[10] != UInt8(ascii: " ")) {
        let date = String(decoding: bytes.prefix(10), as: UTF8.self)
        log.warning(
          v.line,
          "'\(key)' \(date) is read as \(date) 00:00, the start of that day (RULES §12); write \(date)T23:59 for its end, or \(date)T00:00 to keep the start and not be asked"
        )
      }
      if let term, instant < term.lowerBound - .hours(4 * 7 * 24) || instant > term.upperBound + .hours(8 * 7 * 24) {
        let time = TimestampParser(zone: zone)
        log.warning(
          v.line,
          "'\(key)' \(time.display(instant)) is far from the course's weeks (\(time.display(term.lowerBound).prefix(10)) to \(time.display(term.upperBound).prefix(10))): a date from another term? Lateness is measured against it"
        )
      }
      return instant
    case .impossible(let why):
      log.error(v.line, "'\(key)' is not a valid timestamp: '\(v.text ?? "")' names no real time (\(why))")
    case .mismatch:
      log.error(v.line, "'\(key)' is not a valid timestamp: '\(v.text ?? "")' (expected ISO 8601 such as 2026-03-13T23:59)")
    }
    return nil
  }

  /// One of a fixed set of words.
  public mutating func choice(_ key: String, among options: [String], default fallback: String? = nil) -> String? {
    guard let text = string(key) else { return fallback }
    guard options.contains(text) else {
      log.error(
        value?[key]?.line ?? line,
        "'\(key)' must be one of \(options.joined(separator: ", ")), not '\(text)'\(Suggestion.hint(for: text, amongWords: options))")
      return fallback
    }
    return text
  }

  /// A nested mapping's reader (its diagnostics are merged back with `merge`).
  public mutating func nested(_ key: String) -> ConfigReader? {
    guard let v = raw(key) else { return nil }
    var reader = ConfigReader(v, path: log.path, zone: zone)
    reader.term = term
    return reader
  }

  /// Takes in the diagnostics of a nested reader after it has finished.
  public mutating func merge(_ other: ConfigReader) {
    var other = other
    other.finish()
    log.append(contentsOf: other.log.all)
  }

  /// Warns about every key that was never read, suggesting the closest known one.
  public mutating func finish() {
    guard let entries = value?.entries else { return }
    for entry in entries where !consumed.contains(entry.key) {
      log.warning(entry.keyLine, "unknown key '\(entry.key)' ignored\(Suggestion.hint(for: entry.key, among: consumed))")
    }
    consumed.formUnion(entries.map(\.key))
  }

  /// A number without a trailing `.0`.
  public static func format(_ n: Double) -> String {
    n.rounded() == n && abs(n) < 1e15 ? String(Int64(n)) : String(n)
  }
}

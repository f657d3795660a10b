import GradebookCore

/// Reports a duplicate key at the later row; the first stands (RULES §46).
/// Remembers 128-bit key hashes, not keys: a 4-million-row export stays in bounded memory.
struct DuplicateGuard {
  private var seen = KeyHashTable<Int32>()

  /// `true` the first time a key is seen; otherwise logs an error naming the first line.
  /// `what` is built only for the error (it was a string per row).
  mutating func first(_ key: String, line: Int, what: @autoclosure () -> String, log: inout DiagnosticLog) -> Bool {
    first(KeyHash(key), line: line, what: what(), log: &log)
  }

  /// The same for a key given by its hash.
  mutating func first(_ hash: KeyHash, line: Int, what: @autoclosure () -> String, log: inout DiagnosticLog) -> Bool {
    // One hash lookup in the common case; the first line is put back on a duplicate.
    if let earlier = seen.updateValue(Int32(clamping: line), forKey: hash) {
      seen.updateValue(earlier, forKey: hash)
      log.error(line, "duplicate \(what()) (first at line \(earlier))")
      return false
    }
    return true
  }
}

/// The id rule shared by students, groups, staff, items, criteria, components and rubrics (RULES §44):
/// `[A-Za-z0-9][A-Za-z0-9._-]{0,63}`, so an id is always safe as a file name.
public enum SafeID {
  /// Whether `id` follows the rule.
  public static func isValid(_ id: String) -> Bool {
    let bytes = Array(id.utf8)
    guard (1...64).contains(bytes.count), isAlphanumeric(bytes[0]) else { return false }
    return bytes.dropFirst().allSatisfy {
      isAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-")
    }
  }

  /// The message for an id that breaks the rule, or `nil` when it is fine.
  public static func problem(_ id: String, what: String) -> String? {
    if id.isEmpty { return "\(what) is empty" }
    if isValid(id) { return nil }
    return "\(what) '\(id)' is not a safe id (letters, digits, '.', '_' and '-', starting with a letter or digit, at most 64 characters)"
  }

  private static func isAlphanumeric(_ byte: UInt8) -> Bool {
    (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
  }
}

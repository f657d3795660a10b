import COpenSSL

/// SHA-256 through OpenSSL's libcrypto (Debian's `libssl-dev`): the only Swift code that sees it.
///
/// Import batches record the SHA-256 of the file they read (SPEC §6), so that importing the same
/// bytes again is recognised as a no-op. Feed the bytes in any number of pieces, then take the digest
/// once:
///
///     var digest = SHA256Digest()
///     digest.update(bytes)
///     let hex = digest.finalizeHex()   // 64 lower-case hexadecimal digits
public struct SHA256Digest: ~Copyable {
  private let context: OpaquePointer

  /// A digest of no bytes yet.
  public init() {
    guard let context = EVP_MD_CTX_new(), EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else {
      fatalError("OpenSSL could not start a SHA-256 digest")
    }
    self.context = context
  }

  deinit { EVP_MD_CTX_free(context) }

  /// Adds `bytes` to what the digest has seen.
  public mutating func update(_ bytes: UnsafeRawBufferPointer) {
    guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
    guard EVP_DigestUpdate(context, base, bytes.count) == 1 else {
      fatalError("OpenSSL could not update a SHA-256 digest")
    }
  }

  /// Adds the bytes of `sequence` (for example `Data` or `[UInt8]`).
  public mutating func update(_ sequence: some Sequence<UInt8>) {
    if let done = sequence.withContiguousStorageIfAvailable({ update(UnsafeRawBufferPointer($0)) }) {
      return done
    }
    let copy = Array(sequence)
    copy.withUnsafeBytes { update($0) }
  }

  /// The 32-byte digest of everything seen, as 64 lower-case hexadecimal digits. Ends the digest.
  public consuming func finalizeHex() -> String {
    var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
    var length: UInt32 = 0
    guard EVP_DigestFinal_ex(context, &digest, &length) == 1, length == 32 else {
      fatalError("OpenSSL could not finish a SHA-256 digest")
    }
    let hexDigits = Array("0123456789abcdef".utf8)
    var text = [UInt8]()
    text.reserveCapacity(64)
    for byte in digest.prefix(32) {
      text.append(hexDigits[Int(byte >> 4)])
      text.append(hexDigits[Int(byte & 0x0f)])
    }
    return String(decoding: text, as: UTF8.self)
  }
}

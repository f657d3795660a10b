import Foundation
import GradebookHash
import Testing

@testable import GradebookKit

/// SPEC §6: a batch records the SHA-256 of the file it read. The digest is OpenSSL's; these check it
/// against the published test vectors (FIPS 180-2 appendix B) and against `sha256sum`.
struct SHA256DigestTests {
  func hex(_ pieces: [String]) -> String {
    var digest = SHA256Digest()
    for piece in pieces { digest.update(Array(piece.utf8)) }
    return digest.finalizeHex()
  }

  @Test func publishedTestVectors() {
    #expect(hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(hex(["abc"]) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(
      hex(["abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"])
        == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    #expect(
      hex([String(repeating: "a", count: 1_000_000)])
        == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }

  @Test func piecesGiveTheDigestOfTheWhole() {
    let text = "target,item,criterion,rater,score\ns1,talk,clarity,ins,4\nÉlodie, \"quoted\"\n"
    let whole = hex([text])
    let bytes = Array(text.utf8)
    for cut in [0, 1, 7, bytes.count / 2, bytes.count - 1, bytes.count] {
      var digest = SHA256Digest()
      digest.update(bytes[..<cut])
      digest.update(Data(bytes[cut...]))
      #expect(digest.finalizeHex() == whole, "cut at \(cut)")
    }
  }

  /// A file larger than one read block (1 MiB): the batch's digest equals `sha256sum`'s.
  @Test func batchRecordsTheFilesDigestAsSha256sumDoes() throws {
    let ws = try TestWorkspace()
    var text = "target,item,criterion,rater,score\n"
    for index in 0..<60_000 { text += "s\(index % 2 + 1),talk,clarity,ins,\(index % 5)\n" }
    try ws.write("big.csv", text)
    let output = try CLI.tool("/usr/bin/sha256sum", [ws.path("big.csv")]).out
    let expected = String(output.prefix(64))
    #expect(text.utf8.count > 1 << 20)
    #expect(FileImporter.sha256(of: ws.path("big.csv")) == expected)
    #expect(FileImporter.sha256(of: ws.path("missing.csv")) == nil)
  }
}

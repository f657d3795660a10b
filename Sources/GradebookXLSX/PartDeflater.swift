import CZlib
import Dispatch
import Glibc

/// Deflates a zip part on every core, as `pigz` does, for the parts ``zipOpenNewFileInZip4_64``
/// opens: the part's bytes are cut into chunks of ``chunkSize``, each deflated on its own with the
/// 32 KiB before it as its dictionary and ended by a sync flush (the last by `Z_FINISH`), so the
/// chunks laid end to end are one deflate stream, the same data a single stream would give. The
/// part is opened in minizip's raw mode and closed with the CRC-32 and size of the bytes given
/// (`zipCloseFileInZipRaw64`).
///
/// libxlsxwriter writes every part at the end, one 16 KiB buffer at a time, on one thread: at
/// 100,000 students zlib alone was a tenth of a full build with the other core idle.
final class PartDeflater: @unchecked Sendable {
  /// Bytes deflated as one piece; two or more pieces are deflated side by side.
  static let chunkSize = 1 << 21
  private static let window = 1 << 15

  private let file: UnsafeMutableRawPointer?
  private let level: Int32
  /// Bytes given and not yet deflated.
  private var pending: [UInt8] = []
  /// The last 32 KiB deflated: the dictionary of the next chunk.
  private var tail: [UInt8] = []
  private var crc: UInt = crc32(0, nil, 0)
  private var total: UInt64 = 0

  init(file: UnsafeMutableRawPointer?, level: Int32) {
    (self.file, self.level) = (file, level)
    pending.reserveCapacity(2 * Self.chunkSize + (1 << 16))
  }

  /// Takes `count` bytes of the part; deflates whole chunks once two are waiting.
  func write(_ bytes: UnsafeRawPointer?, _ count: Int) -> Int32 {
    if let bytes, count > 0 { pending.append(contentsOf: UnsafeRawBufferPointer(start: bytes, count: count)) }
    return pending.count >= 2 * Self.chunkSize ? deflatePending(finish: false) : 0  // ZIP_OK
  }

  /// Deflates what is left, ends the stream, and closes the part with its CRC-32 and size.
  func close() -> Int32 {
    let written = deflatePending(finish: true)
    guard written == 0 else { return written }
    return MinizipCalls.closeRaw(file, total, crc)
  }

  /// Deflates the whole chunks of `pending` (with `finish`, all of it and the stream's end) side by
  /// side, and writes them in order.
  private func deflatePending(finish: Bool) -> Int32 {
    let chunks = finish ? max(1, (pending.count + Self.chunkSize - 1) / Self.chunkSize) : pending.count / Self.chunkSize
    let used = finish ? pending.count : chunks * Self.chunkSize
    var outputs = [Deflated?](repeating: nil, count: chunks)
    pending.withUnsafeBytes { data in
      tail.withUnsafeBytes { tail in
        outputs.withUnsafeMutableBufferPointer { outputs in
          // The buffers stay where they are until every chunk is deflated; each thread writes only
          // its own chunk's slot.
          let shared = Shared(data: data, tail: tail, outputs: outputs)
          let level = level
          DispatchQueue.concurrentPerform(iterations: chunks) { index in
            let start = index * Self.chunkSize
            let end = min(used, start + Self.chunkSize)
            let dictionary =
              index == 0
              ? shared.tail
              : UnsafeRawBufferPointer(rebasing: shared.data[max(0, start - Self.window)..<start])
            let piece = UnsafeRawBufferPointer(rebasing: shared.data[start..<end])
            shared.outputs[index] = Self.deflate(piece, dictionary: dictionary, level: level, last: finish && index == chunks - 1)
          }
        }
      }
    }
    for output in outputs {
      guard let output else { return -1 }  // ZIP_ERRNO
      crc = crc32_combine(crc, output.crc, off_t(output.length))
      let code = output.bytes.withUnsafeBytes { MinizipCalls.write(file, $0.baseAddress, UInt32($0.count)) }
      guard code >= 0 else { return code }
    }
    total += UInt64(used)
    tail =
      used >= Self.window
      ? Array(pending[(used - Self.window)..<used]) : Array((tail + pending[..<used]).suffix(Self.window))
    pending.removeFirst(used)
    return 0
  }

  /// One chunk deflated raw at `level` after `dictionary`, ending in a sync flush (or, `last`, the
  /// stream's end); with the chunk's CRC-32 and length. `nil` if zlib fails.
  static func deflate(_ piece: UnsafeRawBufferPointer, dictionary: UnsafeRawBufferPointer, level: Int32, last: Bool) -> Deflated? {
    var stream = z_stream()
    let started = ZLIB_VERSION.withCString {
      deflateInit2_(&stream, level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY, $0, Int32(MemoryLayout<z_stream>.size))
    }
    guard started == Z_OK else { return nil }
    defer { deflateEnd(&stream) }
    if !dictionary.isEmpty {
      let bytes = dictionary.baseAddress!.assumingMemoryBound(to: Bytef.self)
      guard deflateSetDictionary(&stream, bytes, uInt(dictionary.count)) == Z_OK else { return nil }
    }
    var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(piece.count))) + 64)
    var produced = 0
    let flush = last ? Z_FINISH : Z_SYNC_FLUSH
    stream.next_in = UnsafeMutablePointer(mutating: piece.baseAddress?.assumingMemoryBound(to: Bytef.self))
    stream.avail_in = uInt(piece.count)
    while true {
      if produced == output.count { output += [UInt8](repeating: 0, count: output.count) }
      let code = output.withUnsafeMutableBytes { buffer -> Int32 in
        stream.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self) + produced
        stream.avail_out = uInt(buffer.count - produced)
        let code = CZlib.deflate(&stream, flush)
        produced = buffer.count - Int(stream.avail_out)
        return code
      }
      if last ? code == Z_STREAM_END : (code == Z_OK && stream.avail_out > 0 && stream.avail_in == 0) { break }
      guard code == Z_OK || code == Z_BUF_ERROR else { return nil }
    }
    let pieceCRC = crc32(0, piece.baseAddress?.assumingMemoryBound(to: Bytef.self), uInt(piece.count))
    return (Array(output[..<produced]), pieceCRC, piece.count)
  }

  /// A chunk deflated, with the CRC-32 and length of what it holds.
  typealias Deflated = (bytes: [UInt8], crc: UInt, length: Int)

  /// What the deflating threads share: the part's pending bytes, the dictionary before them, and
  /// one result slot a chunk.
  private struct Shared: @unchecked Sendable {
    let data: UnsafeRawBufferPointer
    let tail: UnsafeRawBufferPointer
    let outputs: UnsafeMutableBufferPointer<Deflated?>
  }
}

import Foundation

/// With `GRADEBOOK_TRACE=1`, prints each phase's time and the process's resident memory to
/// standard error (for profiling; silent otherwise).
enum PhaseTrace {
  static let enabled = getenv("GRADEBOOK_TRACE") != nil
  nonisolated(unsafe) static var start = Date()

  static func mark(_ phase: String) {
    guard enabled else { return }
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let rss =
      status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") }.map { $0.dropFirst(6).trimmingCharacters(in: .whitespaces) } ?? "?"
    let peak =
      status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") }.map { $0.dropFirst(6).trimmingCharacters(in: .whitespaces) } ?? "?"
    FileHandle.standardError.write(
      Data(String(format: "[trace] %7.2f s  rss %@  peak %@  %@\n", Date().timeIntervalSince(start), rss, peak, phase).utf8))
  }

  /// Runs `score`, one item's scoring; when tracing, prints the processor time it took on this
  /// thread (unaffected by what the other core does) and the item's ratings. `bench/run` reads
  /// these lines.
  static func item<Value>(_ id: String, ratings: Int, _ score: () -> Value) -> Value {
    guard enabled else { return score() }
    let began = threadCPUTime()
    let value = score()
    let seconds = threadCPUTime() - began
    FileHandle.standardError.write(Data("[trace] item \(id): \(ratings) ratings, scored in \(seconds) s of processor time\n".utf8))
    return value
  }

  /// The processor time the calling thread has used so far, in seconds.
  private static func threadCPUTime() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
  }
}

import Foundation

/// Gives memory that was freed back to the system (glibc's `malloc_trim`, which Swift's Glibc
/// module does not import; looked up at run time, a no-op where it is missing).
enum MemoryRelease {
  /// Work spread over threads frees into one malloc arena per thread, and glibc keeps what those
  /// arenas hold; trimming after such work keeps it out of the peak of what follows.
  static func trim() {
    #if os(Linux)
      typealias Trim = @convention(c) (Int) -> Int32
      guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
      _ = unsafeBitCast(symbol, to: Trim.self)(0)
    #endif
  }
}

import Foundation
import GradebookCore

/// Runs a program with bytes on standard input and collects its standard output, within a time limit.
struct ProcessRunner {
  var command: [String]
  var directory: URL
  var timeout: TimeSpan

  func run(input: Data) throws -> Data {
    let program = command.joined(separator: " ")
    guard let executable = command.first else { throw ExternalScorerError(program: program, message: "no command configured") }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [executable] + command.dropFirst()
    process.currentDirectoryURL = directory
    let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    process.standardError = stderr
    do {
      try process.run()
    } catch {
      throw ExternalScorerError(program: program, message: "cannot start: \(error.localizedDescription)")
    }
    let writer = stdin.fileHandleForWriting
    let feeding = Thread {
      // A program need not read all its input. Writing to its closed stdin raises SIGPIPE, which
      // would stop gradebook; blocked on this thread, the write fails with EPIPE instead (and the
      // pending signal goes with the thread).
      var pipeSignal = sigset_t()
      sigemptyset(&pipeSignal)
      sigaddset(&pipeSignal, SIGPIPE)
      pthread_sigmask(SIG_BLOCK, &pipeSignal, nil)
      try? writer.write(contentsOf: input)
      try? writer.close()
    }
    feeding.start()
    let collected = OutputCollector()
    let readers = DispatchGroup()
    for (pipe, isOut) in [(stdout, true), (stderr, false)] {
      readers.enter()
      let handle = pipe.fileHandleForReading
      Thread {
        let data = handle.readDataToEndOfFile()
        collected.store(data, isOut: isOut)
        readers.leave()
      }.start()
    }
    let finished = readers.wait(timeout: .now() + .milliseconds(Int(timeout.milliseconds)))
    if finished == .timedOut {
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      throw ExternalScorerError(program: program, message: "no answer within \(timeout); stopped")
    }
    process.waitUntilExit()
    let (out, err) = collected.values
    guard process.terminationStatus == 0 else {
      let detail = String(decoding: err.prefix(500), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
      throw ExternalScorerError(
        program: program, message: "exited with status \(process.terminationStatus)\(detail.isEmpty ? "" : ": \(detail)")")
    }
    return out
  }
}

/// Standard output and error gathered from reader threads.
private final class OutputCollector: @unchecked Sendable {
  private let lock = NSLock()
  private var out = Data()
  private var err = Data()

  func store(_ data: Data, isOut: Bool) {
    lock.lock()
    defer { lock.unlock() }
    if isOut { out = data } else { err = data }
  }

  var values: (Data, Data) {
    lock.lock()
    defer { lock.unlock() }
    return (out, err)
  }
}

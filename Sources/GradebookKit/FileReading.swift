import Foundation
import GradebookCore

/// The reading half of an import (``FileImporter`` stores): reads and validates a file, sending
/// its facts to a ``FactChannel`` in chunks until the first error.
struct FileReading {
  let input: InputFile
  /// The path shown in diagnostics.
  let shown: String

  /// What reading found.
  struct Outcome {
    var log: DiagnosticLog
    var rows = 0
    /// The file could not be read.
    var error: (any Error)?
  }

  /// Reads every row through `parser`; finishes `channel` when done, and stops early when the
  /// receiver cancels it.
  func run(_ parser: any FactParser, into channel: FactChannel) -> Outcome {
    var parser = parser
    var outcome = Outcome(log: DiagnosticLog(path: shown))
    var reader = TableReader(path: input.path, shownPath: shown)
    reader.delimiter = input.delimiter
    reader.encoding = input.encoding
    let size = (try? FileManager.default.attributesOfItem(atPath: input.path)[.size] as? Int) ?? 0
    let progress = Progress(file: shown, size: size)
    var rows = 0
    reader.onBlock = { progress.update(bytes: $0, rows: rows) }
    var chunk: [Fact] = []
    chunk.reserveCapacity(4096)
    do {
      try reader.read(
        log: &outcome.log, header: { parser.header($0) },
        row: { row, log in
          rows += 1
          for fact in parser.parse(row, log: &log) where !log.hasErrors { chunk.append(fact) }
          if chunk.count >= 4096 {
            guard channel.send(chunk) else { throw CancellationError() }
            chunk.removeAll(keepingCapacity: true)
          }
        })
      if !outcome.log.hasErrors, !chunk.isEmpty { channel.send(chunk) }
    } catch is CancellationError {
    } catch {
      outcome.error = error
    }
    progress.finish(rows: rows)
    channel.finish()
    outcome.rows = rows
    return outcome
  }
}

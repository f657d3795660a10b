import Foundation
import GradebookCore
import Synchronization

/// The reading half of an import (``FileImporter`` stores): reads a file and checks each row with
/// a parser's ``FactParser/parse(_:log:)``, sending the checked rows to a ``ChunkChannel`` in
/// chunks. Every row is sent, also after an error (the storing side still looks for duplicates
/// so that every error of the file is reported); ``foundErrors`` tells the storing side to stop
/// storing.
struct FileReading {
  let input: InputFile
  /// The path shown in diagnostics.
  let shown: String
  /// Set once the reading side has logged an error: nothing after it needs storing.
  let foundErrors: SharedFlag
  /// What to add when the header lacks required columns (``KindHint``).
  var kindHint: @Sendable ([String]) -> String? = { _ in nil }

  /// What reading found.
  struct Outcome {
    var log: DiagnosticLog
    var rows = 0
    /// The file could not be read.
    var error: (any Error)?
  }

  /// Reads every row through `parser`; finishes `channel` when done, and stops early when the
  /// receiver cancels it.
  func run<Parser: FactParser>(_ parser: Parser, into channel: ChunkChannel<Parser.Checked>) -> Outcome {
    var parser = parser
    var outcome = Outcome(log: DiagnosticLog(path: shown))
    var reader = TableReader(input, shownPath: shown)
    reader.missingHint = kindHint
    reader.columnOrigin = { [parser] in parser.origin(ofColumn: $0) }
    let size = (try? FileManager.default.attributesOfItem(atPath: input.path)[.size] as? Int) ?? 0
    let progress = Progress(file: shown, size: size)
    var rows = 0
    reader.onBlock = { progress.update(bytes: $0, rows: rows) }
    var chunk: [Parser.Checked] = []
    chunk.reserveCapacity(4096)
    do {
      try reader.read(
        log: &outcome.log, header: { parser.header($0) }, reads: { parser.reads($0) },
        row: { row, log in
          rows += 1
          chunk.append(parser.parse(row, log: &log))
          if log.hasErrors { foundErrors.set() }
          if chunk.count >= 4096 {
            guard channel.send(chunk) else { throw CancellationError() }
            chunk.removeAll(keepingCapacity: true)
          }
        })
      parser.finish(log: &outcome.log)
      outcome.log.closeRepeatedWarnings()
      if outcome.log.hasErrors { foundErrors.set() }
      if !chunk.isEmpty { channel.send(chunk) }
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

/// A flag one thread sets and another reads.
final class SharedFlag: Sendable {
  private let value = Atomic(false)

  func set() { value.store(true, ordering: .relaxed) }
  var isSet: Bool { value.load(ordering: .relaxed) }
}

import GRDB
import GradebookCore

/// One import: a file, its SHA-256, kind, row count, who imported it and when (SPEC §5).
public struct Batch: Sendable, Hashable, FetchableRecord, Decodable {
  public var id: Int64
  /// Path relative to the workspace.
  public var path: String
  public var sha256: String
  public var kind: String
  public var map: String?
  /// SHA-256 of the map's text when it was imported through one (`nil` for stores written before
  /// version 3 kept it).
  public var mapSHA256: String?
  /// `--encoding` and `--delimiter` as given (`nil`: not given, or a store before version 3).
  public var encoding: String?
  public var delimiter: String?
  /// SHA-256 of what else decided how its rows were read (``ReadingContext``; `nil` for stores
  /// before version 3).
  public var contextSHA256: String?
  /// A source `course.yaml` listed when it was imported (by `build` or by hand), not a file a TA
  /// imported on purpose beside them.
  public var declared: Bool
  public var rows: Int
  public var importedBy: String
  /// ISO 8601, UTC.
  public var importedAt: String
  /// A later import of the same file that replaced this one.
  public var replacedBy: Int64?
  public var withdrawn: Bool
  /// The first and last `fact.id` of the batch (`nil` when it stored no fact): a batch's facts are
  /// written in one transaction, so they are one id range, in line order.
  public var firstFact: Int64?
  public var lastFact: Int64?

  /// Whether its rows count.
  public var isActive: Bool { replacedBy == nil && !withdrawn }

  /// When it was imported, in the course's time zone as every other time shown to people
  /// (`2026-11-27 20:52:59 HKT`); the stored text as it is if it is not ISO 8601.
  public func importedAt(shownWith time: TimestampParser) -> String {
    time.parseISO(importedAt).map(time.display) ?? importedAt
  }

  /// How its file was read.
  var reading: Reading {
    Reading(map: map, mapSHA256: mapSHA256, encoding: encoding, delimiter: delimiter, contextSHA256: contextSHA256)
  }

  /// How its file was read, for people: `map maps/forms.yaml 1a2b3c4d5e6f, encoding big5`, or
  /// empty for a plain file (a re-import of the same bytes with an edited map shows why it counted).
  public var readWith: String {
    var parts: [String] = []
    if let map { parts.append("map \(map)" + (mapSHA256.map { " \($0.prefix(12))" } ?? "")) }
    if let encoding { parts.append("encoding \(encoding)") }
    if let delimiter { parts.append("delimiter \(delimiter)") }
    return parts.joined(separator: ", ")
  }

  /// How a file was read, besides its bytes: the same bytes read another way are another import.
  struct Reading: Equatable {
    /// The map's path, relative to the workspace.
    var map: String?
    var mapSHA256: String?
    var encoding: String?
    var delimiter: String?
    var contextSHA256: String?
  }

  /// How many facts it stored (a form response is one).
  var factCount: Int { firstFact.flatMap { first in lastFact.map { Int($0 - first + 1) } } ?? 0 }
}

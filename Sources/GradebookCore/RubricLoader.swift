import Foundation

/// Reads a rubric file (FORMATS §2–3): components, items, criteria and each item's scorer
/// configuration, reporting every problem at its line.
public struct RubricLoader: Sendable {
  /// The scorers rubric items may name.
  public let registry: ScorerRegistry
  /// The course zone, for naive timestamps in configurations (e.g. `due`).
  public let zone: TimeZone

  /// When the course's deadlines lie, if known: an item's deadline outside is warned about.
  public let term: ClosedRange<Instant>?

  /// A loader for rubrics using `registry`'s scorers.
  public init(registry: ScorerRegistry, zone: TimeZone, term: ClosedRange<Instant>? = nil) {
    (self.registry, self.zone, self.term) = (registry, zone, term)
  }

  /// Parses rubric text; the rubric is `nil` when any error was found.
  public func load(text: String, path: String) -> (Rubric?, [Diagnostic]) {
    let root: YAMLValue
    do {
      root = try YAMLValue.parse(text, path: path)
    } catch {
      return (nil, error.diagnostics)
    }
    var reader = ConfigReader(root, path: path, zone: zone)
    let id = reader.string("id", required: true) ?? ""
    if !id.isEmpty, let problem = SafeID.problem(id, what: "rubric id") { reader.log.error(root["id"]?.line, problem) }
    let title = reader.string("title") ?? id
    var components: [Component] = []
    var seenItems: [String: Int] = [:]
    if let list = reader.raw("components"), let elements = list.elements, !elements.isEmpty {
      for element in elements {
        components.append(readComponent(element, reader: &reader, seenItems: &seenItems))
      }
    } else {
      reader.log.error(root["components"]?.line ?? root.line, "a rubric needs a non-empty 'components' list")
    }
    reader.finish()
    let rubric = Rubric(id: id, title: title, components: components, path: path)
    for item in rubric.items {
      for problem in item.scorer.check(item, in: rubric) { reader.log.error(item.line, problem) }
    }
    return (reader.log.hasErrors ? nil : rubric, reader.log.all)
  }

  private func readComponent(_ element: YAMLValue, reader: inout ConfigReader, seenItems: inout [String: Int]) -> Component {
    var entry = ConfigReader(element, path: reader.log.path, zone: zone)
    let id = entry.string("id", required: true) ?? ""
    if !id.isEmpty, let problem = SafeID.problem(id, what: "component id") { entry.log.error(element.line, problem) }
    let title = entry.string("title") ?? id
    let declared = entry.number("weight", minimum: 0)
    var items: [Item] = []
    if let list = entry.raw("items"), let elements = list.elements, !elements.isEmpty {
      for itemValue in elements {
        if let item = readItem(itemValue, componentID: id, reader: &entry) {
          if let first = seenItems[item.id] {
            entry.log.error(item.line, "duplicate item id '\(item.id)' (first at line \(first))")
          } else {
            seenItems[item.id] = item.line
          }
          items.append(item)
        }
      }
    } else {
      entry.log.error(element.line, "component '\(id)' needs a non-empty 'items' list")
    }
    let component = Component(id: id, title: title, items: items)
    if let declared, abs(declared - component.weight) > 1e-9 {
      entry.log.error(
        element["weight"]?.line,
        "component '\(id)' has weight \(ConfigReader.format(declared)) but its items' weights sum to \(ConfigReader.format(component.weight))"
      )
    }
    reader.merge(entry)
    return component
  }

  private func readItem(_ element: YAMLValue, componentID: String, reader: inout ConfigReader) -> Item? {
    var entry = ConfigReader(element, path: reader.log.path, zone: zone)
    defer { reader.merge(entry) }
    let id = entry.string("id", required: true) ?? ""
    if !id.isEmpty, let problem = SafeID.problem(id, what: "item id") { entry.log.error(element.line, problem) }
    let title = entry.string("title") ?? id
    let weight = entry.number("weight", required: true, minimum: 0) ?? 0
    let target =
      entry.choice("target", among: TargetKind.allCases.map(\.rawValue), default: "student").flatMap(TargetKind.init(rawValue:)) ?? .student
    let criteria = readCriteria(&entry)
    guard let scorerID = entry.string("scorer", required: true) else {
      _ = entry.raw("config")
      return nil
    }
    guard let type = registry.scorerType(scorerID) else {
      entry.log.error(element["scorer"]?.line, registry.unknownMessage(scorerID))
      _ = entry.raw("config")
      return nil
    }
    if !type.description.targets.contains(target) {
      let allowed = type.description.targets.map(\.rawValue).joined(separator: " or ")
      entry.log.error(element["target"]?.line ?? element.line, "scorer '\(scorerID)' scores a \(allowed), not a \(target.rawValue)")
    }
    var config = ConfigReader(entry.raw("config") ?? .mapping([], line: element.line), path: reader.log.path, zone: zone)
    config.term = term
    let scorer = ScorerRegistry.make(type, reading: &config)
    entry.merge(config)
    return Item(
      id: id, title: title, weight: weight, target: target, criteria: criteria, scorer: scorer, componentID: componentID, line: element.line
    )
  }

  private func readCriteria(_ entry: inout ConfigReader) -> [Criterion] {
    guard let list = entry.raw("criteria") else { return [] }
    guard let elements = list.elements else {
      entry.log.error(list.line, "'criteria' must be a list of {id, title, max, weight}")
      return []
    }
    var criteria: [Criterion] = []
    for element in elements {
      var c = ConfigReader(element, path: entry.log.path)
      let id = c.string("id", required: true) ?? ""
      if !id.isEmpty, let problem = SafeID.problem(id, what: "criterion id") { c.log.error(element.line, problem) }
      if criteria.contains(where: { $0.id == id }) { c.log.error(element.line, "duplicate criterion id '\(id)'") }
      let title = c.string("title") ?? id
      var max = c.number("max", required: true) ?? 1
      if max <= 0 {
        c.log.error(element["max"]?.line ?? element.line, "criterion '\(id)' needs max > 0")
        max = 1
      }
      let weight = c.number("weight", default: 1, minimum: 0) ?? 1
      entry.merge(c)
      criteria.append(Criterion(id: id, title: title, max: max, weight: weight))
    }
    // A weighted mean over criteria that all weigh 0 is no score: every student would be `missing`.
    if !criteria.isEmpty, criteria.allSatisfy({ $0.weight == 0 }) {
      entry.log.error(list.line, "the criteria's weights cannot all be 0 (no score could be computed)")
    }
    return criteria
  }
}

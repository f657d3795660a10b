import Foundation
import GradebookCSV
import Testing

/// The public csv-spectrum suite (`../shared/testdata/csv-spectrum`): every case parses as its JSON
/// says, except the known-bad `location_coordinates`, which strict parsing must reject.
struct CSVSpectrumTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/testdata/csv-spectrum")

  static let cases: [String] = {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("csvs").path)) ?? []
    return names.filter { $0.hasSuffix(".csv") && $0 != "location_coordinates.csv" }.map { String($0.dropLast(4)) }.sorted()
  }()

  @Test func suiteIsPresent() {
    #expect(Self.cases.count >= 11, "csv-spectrum not found at \(Self.root.path)")
  }

  @Test(arguments: cases)
  func parsesAsItsJSONSays(name: String) throws {
    let csv = Self.root.appendingPathComponent("csvs/\(name).csv").path
    let (records, problems) = try CSVReader(path: csv).readAll()
    #expect(problems.isEmpty, "\(problems)")
    let data = try Data(contentsOf: Self.root.appendingPathComponent("json/\(name).json"))
    let expected = try JSONSerialization.jsonObject(with: data) as! [[String: String]]
    guard let header = records.first?.fields else {
      #expect(expected.isEmpty)
      return
    }
    let rows = records.dropFirst().map { record in
      Dictionary(uniqueKeysWithValues: zip(header, record.fields))
    }
    #expect(rows == expected)
  }

  @Test func knownBadFileIsRejected() throws {
    let csv = Self.root.appendingPathComponent("csvs/location_coordinates.csv").path
    let (_, problems) = try CSVReader(path: csv).readAll()
    #expect(!problems.isEmpty)
    #expect(problems.first?.line == 2)
  }
}

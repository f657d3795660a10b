import Foundation
import TestSupport
import Testing

/// The built `gradebook` against an independent reference grader (`Tests/Oracle/grade.py`: SPEC §7–§8
/// and RULES written again in Python from the text alone, sharing no code with the program), on the
/// sample course and on random variants of it (`Tests/Oracle/mutate.py`: late policies, upload and
/// registration times, changed, blanked and superseded scores, staff and self raters in the form,
/// presenters named by slot, name or e-mail and raters by e-mail or id, files edited and built again,
/// a corrected file withdrawn,
/// contribution ratings, excuses, overrides and extensions). The other outputs are checked against
/// results.json too: the Canvas and Moodle files (docs/lms.md: EX and `-` for excused, blank for
/// pending, two decimals), the *Gradebook* sheet's cached values and letters, and every student's
/// report (total, letter, each item's status and score; and no other student's id, e-mail or name).
struct OracleTests {
  static let oracle = CLI.root.appendingPathComponent("Tests/Oracle")

  /// Debian's Python, where `scripts/install-deps` puts PyYAML (python3-yaml); another `python3`
  /// on PATH (pyenv) may lack it.
  static func python(_ arguments: [String]) throws -> CLI.Result {
    let debian = "/usr/bin/python3"
    return FileManager.default.isExecutableFile(atPath: debian)
      ? try CLI.tool(debian, arguments) : try CLI.tool("/usr/bin/env", ["python3"] + arguments)
  }

  /// Runs the reference grader on `course`'s results.json: exit 0 when every percent, status, total
  /// and letter agree.
  /// With `lms`, also exports the Canvas and Moodle files and checks their cells.
  /// `inputs`: the folder whose files the reference grader reads (by default `course` itself).
  static func compare(_ course: URL, lms: Bool = false, inputs: URL? = nil) throws -> CLI.Result {
    var arguments = [
      oracle.appendingPathComponent("grade.py").path, (inputs ?? course).path,
      course.appendingPathComponent("out/results.json").path,
    ]
    if lms {
      let (canvas, moodle) = (course.appendingPathComponent("canvas.csv").path, course.appendingPathComponent("moodle.csv").path)
      let export = try CLI.run(["export", course.path, "--canvas", canvas, "--moodle", moodle])
      #expect(export.code == 0, "\(export.err)")
      arguments += [canvas, moodle]
    }
    return try python(arguments)
  }

  /// The random variant of the sample for `seed` (`mutate.py`), in the scratch folder `name`,
  /// built once.
  static func builtVariant(_ name: String, seed: Int) throws -> URL {
    let variant = Scratch.path(name)
    let mutate = try python(
      [
        oracle.appendingPathComponent("mutate.py").path, CLI.root.appendingPathComponent("Samples/data8018").path,
        variant.path, "\(seed)",
      ])
    try #require(mutate.code == 0, "\(mutate.err)")
    let build = try CLI.run(["build", variant.path])
    try #require(build.code == 0, "the variant must be valid input: \(build.err)")
    return variant
  }

  /// A TA's corrections to `variant`'s score and upload files (`edit.py`).
  static func edit(_ variant: URL, seed: Int) throws {
    let edit = try python([oracle.appendingPathComponent("edit.py").path, variant.path, "\(seed)"])
    try #require(edit.code == 0, "\(edit.err)")
  }

  @Test func theSampleCourseIsGradedAsTheReferenceGraderGradesIt() throws {
    let sample = try CLI.sampleCopy()
    let build = try CLI.run(["build", sample.path])
    #expect(build.code == 0, "\(build.err)")
    let verdict = try Self.compare(sample, lms: true)
    #expect(verdict.code == 0, "\(verdict.out)\(verdict.err)")
    #expect(verdict.err.contains("24 students, 7 items, 167 scores: 0 difference(s)"), "\(verdict.err)")
  }

  @Test(arguments: 1...12)
  func aRandomVariantIsGradedAsTheReferenceGraderGradesIt(seed: Int) throws {
    let variant = try Self.builtVariant("variant-\(seed)", seed: seed)
    var inputs: URL?
    if seed.isMultiple(of: 2) {
      // A TA corrects scores and uploads after the first build: the files' new batches replace the
      // old ones (SPEC §5), so the grades are those of the files as they are now.
      let staffScores = variant.appendingPathComponent("data/staff-scores.csv")
      let firstVersion = try Data(contentsOf: staffScores)
      try Self.edit(variant, seed: seed)
      let again = try CLI.run(["build", variant.path])
      try #require(again.code == 0, "\(again.err)")
      // `data/staff-scores.csv: imported 560 row(s) of scores as batch 12 (replaces batch 6)`
      let staffLine = again.out.split(separator: "\n").first { $0.hasPrefix("data/staff-scores.csv: imported ") }
      let batch = try #require(staffLine?.split(separator: " ").dropFirst(8).first, "\(again.out)")
      #expect(staffLine?.contains("(replaces batch ") == true, "\(again.out)")
      if seed.isMultiple(of: 4) {
        // Then withdraws the corrected staff scores: the first version counts again, and the next
        // build does not import the withdrawn file back.
        #expect(try CLI.run(["import", variant.path, "--withdraw", String(batch)]).code == 0)
        let third = try CLI.run(["build", variant.path])
        try #require(third.code == 0, "\(third.err)")
        #expect(!third.out.contains("of scores as batch"), "\(third.out)")
        let asGraded = Scratch.path("inputs-\(seed)")
        try FileManager.default.copyItem(at: variant, to: asGraded)
        try firstVersion.write(to: asGraded.appendingPathComponent("data/staff-scores.csv"))
        inputs = asGraded
      }
    }
    let verdict = try Self.compare(variant, lms: true, inputs: inputs)
    #expect(verdict.code == 0, "seed \(seed):\n\(verdict.out)\(verdict.err)")
  }

  /// A TA previews the corrected score files together (`import --dry-run --all`, kinds and maps
  /// from course.yaml), then imports them: the results the preview lists as moving, and their new
  /// values, are exactly those that then moved (`Tests/Oracle/preview.py`, which `scripts/oracle`
  /// runs on every edited variant).
  @Test(arguments: [2, 6, 10])
  func aDryRunOfCorrectedScoresListsWhatTheImportThenMoves(seed: Int) throws {
    let variant = try Self.builtVariant("preview-\(seed)", seed: seed)
    let before = Scratch.path("preview-\(seed)-before.json")
    try FileManager.default.copyItem(at: variant.appendingPathComponent("out/results.json"), to: before)
    try Self.edit(variant, seed: seed)
    let files = ["data/staff-scores.csv", "data/peer-feedback.csv", "data/talk-peer-scores.csv"].map {
      variant.appendingPathComponent($0).path
    }
    let preview = try CLI.run(["import", variant.path] + files + ["--dry-run", "--all"])
    try #require(preview.code == 0, "\(preview.err)")
    #expect(preview.out.contains("data/staff-scores.csv: would import "), "\(preview.out)")
    let listed = Scratch.path("preview-\(seed).txt")
    try Data(preview.out.utf8).write(to: listed)
    try #require(try CLI.run(["import", variant.path] + files).code == 0)
    let after = Scratch.path("preview-\(seed)-after.json")
    try #require(try CLI.run(["export", variant.path, "--json", after.path]).code == 0)
    let verdict = try Self.python([Self.oracle.appendingPathComponent("preview.py").path, listed.path, before.path, after.path])
    #expect(verdict.code == 0, "seed \(seed):\n\(verdict.out)\(verdict.err)")
    #expect(!preview.out.contains("0 student(s) would move"), "\(preview.out)")  // the check is not vacuous
  }

  /// The comparison is not vacuous: one percent off by a hundredth is found and named.
  @Test func theReferenceGraderFindsAPercentOffByAHundredth() throws {
    let sample = try CLI.sampleCopy()
    #expect(try CLI.run(["build", sample.path]).code == 0)
    let results = sample.appendingPathComponent("out/results.json")
    let text = try String(contentsOf: results, encoding: .utf8)
    let tampered = text.replacingOccurrences(of: "\"percent\": 96.0,", with: "\"percent\": 96.01,")
    try #require(tampered != text)
    try tampered.write(to: results, atomically: true, encoding: .utf8)
    let verdict = try Self.compare(sample)
    #expect(verdict.code == 1)
    #expect(verdict.out.contains("proposal: program graded 96.01, oracle graded 96.0"), "\(verdict.out)")
  }
}

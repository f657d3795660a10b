import Foundation
import GradebookCore
import TestSupport
import Testing

@testable import ExternalScorer

/// `external` (SPEC §7.6): a program answers scores as JSON; bad answers are errors naming it.
struct ExternalScorerTests {
  func run(_ python: String, target: String = "student", options: String = "{}") throws -> ItemOutcome {
    let folder = Scratch.path("ext")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try Data(python.utf8).write(to: folder.appendingPathComponent("scorer.py"))
    let rubric = try Fixture.rubric(
      """
      - id: ext
        weight: 5
        scorer: external
        target: \(target)
        config: {command: [python3, scorer.py], timeout: 2s, options: \(options)}
      """)
    var context = Fixture.context(rubric: rubric)
    context.workspace = folder
    return try rubric.items[0].scorer.score(rubric.items[0], in: context)
  }

  @Test func aWorkingProgramScoresAndGroupScoresReachEveryMember() throws {
    let outcome = try run(
      """
      import json, sys
      request = json.load(sys.stdin)
      assert request["item"]["id"] == "ext"
      json.dump({"scores": {g: {"score": 0.5 if g == "G1" else 1, "evidence": ["checked " + g]} for g in request["targets"]}}, sys.stdout)
      """, target: "group")
    let s = Fixture.scores(outcome)
    #expect(s["s1"]!.score == 0.5 && s["s2"]!.score == 0.5 && s["s3"]!.score == 1)
    #expect(s["s1"]!.evidence.contains("checked G1"))
    #expect(s["s5"]!.status == .missing)
  }

  /// A program that answers without reading its input (here: closes it at once, and the input is
  /// larger than a pipe holds) must not stop gradebook with SIGPIPE: its answer counts as usual.
  @Test func aProgramThatDoesNotReadItsInputStillAnswers() throws {
    let outcome = try run(
      """
      import json, os, time
      os.close(0)
      time.sleep(0.2)
      print(json.dumps({"scores": {"s1": {"score": 0.25}}}))
      """, options: "{pad: \(String(repeating: "x", count: 300_000))}")
    #expect(Fixture.scores(outcome)["s1"]?.score == 0.25)
  }

  @Test(arguments: [
    ("print('not json')", "is not a JSON object"),
    ("import json; print(json.dumps({'scores': {'s1': {'score': 1.5}}}))", "outside [0, 1]"),
    ("import json; print(json.dumps({'scores': {'s9': {'score': 0.5}}}))", "unknown student 's9'"),
    ("import sys; sys.stderr.write('boom'); sys.exit(3)", "exited with status 3: boom"),
    ("import time; time.sleep(30)", "no answer within 2s"),
  ])
  func badAnswersAreErrorsNamingTheProgram(script: String, message: String) throws {
    do {
      _ = try run(script)
      Issue.record("expected an error")
    } catch let error as ExternalScorerError {
      #expect(error.description.hasPrefix("external scorer 'python3 scorer.py': "))
      #expect(error.description.contains(message), "\(error)")
    }
  }
}

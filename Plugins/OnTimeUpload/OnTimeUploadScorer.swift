import GradebookCore

/// `on-time-upload`: registering for a paper slot by the deadline, and uploading the slides in time
/// before the talk (SPEC §7.1, RULES §13, §18–23).
///
///     R = 1 if the registration that won the student's slot was made by the registration deadline, else 0
///     U = late multiplier of the earliest slides upload against slot start − slides_due_before (+ extension);
///         no upload → U = 0
///     score = (rw·R + uw·U) / (rw + uw)
///
/// No slot → `no slot`, 0, even with slides uploaded. An extension moves the upload due time only.
public struct OnTimeUploadScorer: Scorer {
  /// Part weights, how long before the slot the slides are due, and the late policy.
  public struct Configuration: ScorerConfiguration {
    public var registrationWeight: Double
    public var uploadWeight: Double
    public var slidesDueBefore: TimeSpan
    public var policy: LatePolicy

    public init(reading config: inout ConfigReader) {
      registrationWeight = config.number("registration_weight", default: 0.5, minimum: 0) ?? 0.5
      uploadWeight = config.number("upload_weight", default: 0.5, minimum: 0) ?? 0.5
      slidesDueBefore = config.duration("slides_due_before", default: .hours(24)) ?? .hours(24)
      policy = LatePolicy(reading: &config)
      if registrationWeight + uploadWeight == 0 {
        config.log.error(config.line, "registration_weight and upload_weight cannot both be 0")
      }
    }
  }

  public static let description = ScorerDescription(
    identifier: "on-time-upload",
    summary: "Registered for a paper slot by the deadline (R) and slides uploaded before the talk (U)",
    formula: "score = (rw·R + uw·U)/(rw + uw); U = late multiplier(upload − (slot start − slides_due_before + extension))",
    targets: [.student], usesCriteria: false,
    keys: [
      ConfigKey("registration_weight", "0.5", "rw, weight of registering by the deadline"),
      ConfigKey("upload_weight", "0.5", "uw, weight of uploading the slides on time"),
      ConfigKey("slides_due_before", "24h", "slides are due this long before the slot starts"),
    ] + LatePolicy.keys, uploads: .ownItem, freeTextEvidence: false)

  public let configuration: Configuration

  public init(configuration: Configuration) { self.configuration = configuration }

  public func score(_ item: Item, in context: ScoringContext) throws -> ItemOutcome {
    let uploads = context.earliestUploads(item: item.id)
    if (context.schedule.registrationCount[.paperReading] ?? 0) == 0 && uploads.isEmpty {
      return .pending("no paper registration and no upload yet")
    }
    let time = context.time
    let deadline = context.course.paperReading?.registrationDeadline
    let rw = configuration.registrationWeight, uw = configuration.uploadWeight
    var scores: [String: TargetScore] = [:]
    scores.reserveCapacity(context.roster.students.count)
    // Times shown in many students' evidence, formatted once: the deadline, and each slot's start.
    let deadlineText = deadline.map(time.display)
    var startTexts: [SlotID: String] = [:]
    for student in context.roster.students {
      let detail = context.showsDetail(student: student.id)  // evidence only for an output that shows it
      guard let assignment = context.schedule.assignment(of: student.id, in: .paperReading),
        let start = context.course.start(of: assignment.slot)
      else {
        scores[student.id] = TargetScore(status: .noSlot, score: 0, evidence: ["no paper-reading slot: 0"])
        continue
      }
      var evidence: [String] = []
      if detail {
        let startText: String
        if let known = startTexts[assignment.slot] {
          startText = known
        } else {
          startText = time.display(start)
          startTexts[assignment.slot] = startText
        }
        evidence.append("slot \(assignment.slot), starting \(startText)")
      }
      let registeredAt = assignment.registration.at
      let r: Double
      if let deadline, let deadlineText {
        r = registeredAt <= deadline ? 1 : 0
        if detail { evidence.append("registered \(time.display(registeredAt)), deadline \(deadlineText): R = \(Int(r))") }
      } else {
        r = 1
        if detail { evidence.append("registered \(time.display(registeredAt)), no registration deadline: R = 1") }
      }
      let due = start - configuration.slidesDueBefore
      let u: Double
      var late = false
      if let upload = uploads[student.id] {
        let verdict = configuration.policy.assess(
          submitted: upload.at, due: due, granted: context.extensionSpan(student: student.id, item: item.id), time: time,
          what: "slides uploaded", detail: detail)
        u = verdict.multiplier
        late = verdict.late
        if detail { evidence.append(verdict.evidence + " → U = \(CriterionMath.format(u))") }
      } else {
        u = 0
        if detail { evidence.append("no slides uploaded (due \(time.display(due))): U = 0") }
      }
      let score = (rw * r + uw * u) / (rw + uw)
      guard detail else {
        scores[student.id] = .graded(score, evidence: [], late: late)
        continue
      }
      evidence.append(
        "(\(CriterionMath.format(rw))·\(Int(r)) + \(CriterionMath.format(uw))·\(CriterionMath.format(u))) / \(CriterionMath.format(rw + uw)) = \(CriterionMath.format(score))"
      )
      scores[student.id] = .graded(score, evidence: evidence, late: late)
    }
    return .scored(scores)
  }
}

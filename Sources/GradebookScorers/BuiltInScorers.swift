import ExternalScorer
import FeedbackQualityScorer
import FinalProjectScorer
import GradebookCore
import OnTimeUploadScorer
import PresentationQualityScorer
import ProposalScorer

/// The catalog of built-in scorers: one list of types, turned into the immutable registry.
public enum BuiltInScorers {
  /// Every built-in scorer type, in the order `gradebook scorers` lists them.
  public static let types: [any Scorer.Type] = [
    OnTimeUploadScorer.self,
    PresentationQualityScorer.self,
    FeedbackQualityScorer.self,
    ProposalScorer.self,
    FinalProjectScorer.self,
    ExternalScorer.self,
  ]

  /// The registry of the built-ins.
  public static let registry: ScorerRegistry = {
    do {
      return try ScorerRegistry(types)
    } catch {
      fatalError("built-in scorers: \(error)")
    }
  }()
}

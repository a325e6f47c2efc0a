import Foundation
import Inference

/// The model, prior and data of `infer sample` and `infer compare`: a family or a regression.
struct SamplingJob {
    enum Target {
        case family(Family, Sample, trials: Int?, prior: FamilyPriorSpecification)
        case regression(Regression, RegressionData, RegressionDesign, Penalty)
    }

    let target: Target
    let modelName: String
    let priorName: String
    let lambda: Double?
    let n: Int

    init(selection: ModelOptions, dataset: Dataset) throws {
        modelName = selection.model ?? ""
        switch try selection.kind() {
        case .family(let family):
            let sample = try selection.sample(from: dataset)
            target = .family(family, sample, trials: selection.trials, prior: try selection.familyPrior())
            priorName = selection.prior.filter { !$0.isWhitespace }
            lambda = nil
            n = sample.count
        case .regression(let regression):
            let penalty = try selection.penalty()
            let data = try selection.regressionData(from: dataset)
            target = .regression(regression, data, selection.design, penalty)
            priorName = penalty.priorName
            lambda = penalty.lambda
            n = data.rowCount
        }
    }

    /// The draws of chains `ids` (all by default).
    func sample(settings: SamplerSettings, ids: [Int]?, threads: Int, progress: (@Sendable (Int) -> Void)?) throws -> PosteriorSample {
        switch target {
        case .family(let family, let sample, let trials, let prior):
            try family.samplePosterior(sample, trials: trials, prior: prior, settings: settings, chainIDs: ids, threads: threads, progress: progress)
        case .regression(let regression, let data, let design, let penalty):
            try regression.samplePosterior(data, design: design, penalty: penalty, settings: settings, chainIDs: ids, threads: threads, progress: progress)
        }
    }
}

import Foundation
import Inference

/// The model, prior and data a command works on — a family or a regression — with the library's
/// answers to it, so that each command reads the options once and never switches on the kind.
struct ModelJob {
    private enum Target {
        case family(Family, Sample, trials: Int?, prior: FamilyPriorSpecification)
        case regression(Regression, RegressionData, RegressionDesign, Penalty)
    }

    private let target: Target
    /// `--model` as given.
    let modelName: String
    /// The prior as the output names it (`flat`, `beta(2,2)`, `gaussian`, …).
    let priorName: String
    /// λ of a regression's prior (nil for families).
    let lambda: Double?
    /// Rows used.
    let n: Int

    /// The job of `selection` on the CSV `file`; the options are checked before the file is read.
    init(selection: ModelOptions, file: String) throws {
        try self.init(selection: selection) { try Dataset.load(path: file) }
    }

    /// The job of `selection` on `dataset`.
    init(selection: ModelOptions, dataset: Dataset) throws {
        try self.init(selection: selection) { dataset }
    }

    private init(selection: ModelOptions, load: () throws -> Dataset) throws {
        modelName = selection.model ?? ""
        switch try selection.kind() {
        case .family(let family):
            let prior = try selection.familyPrior()
            let sample = try selection.sample(from: try load())
            target = .family(family, sample, trials: selection.trials, prior: prior)
            priorName = selection.prior.filter { !$0.isWhitespace }
            lambda = nil
            n = sample.count
        case .regression(let regression):
            let penalty = try selection.penalty()
            let data = try selection.regressionData(from: try load())
            target = .regression(regression, data, selection.design, penalty)
            priorName = penalty.priorName
            lambda = penalty.lambda
            n = data.rowCount
        }
    }

    /// The estimate under the prior (the MAP; the MLE when it is flat), or the MLE when `flat`.
    func estimate(flat: Bool = false) throws -> PointEstimate {
        switch target {
        case .family(let family, let sample, let trials, let prior):
            try family.estimate(sample, trials: trials, prior: flat ? .flat : prior)
        case .regression(let regression, let data, let design, let penalty):
            try regression.fit(data, design: design, penalty: flat ? .none : penalty)
        }
    }

    /// Whether the model is a regression (its parameters are coefficients).
    var isRegression: Bool {
        if case .regression = target { return true }
        return false
    }

    /// The figure of `estimate` on the job's data: the fitted density over the data's histogram
    /// (families), the coefficients with their intervals at `level` (regressions).
    func fitFigure(_ estimate: PointEstimate, level: Double) throws -> String {
        switch target {
        case .family(let family, let sample, let trials, let prior):
            return FitFigure.svg(family: family, sample: sample, trials: trials, estimate: estimate, prior: prior)
        case .regression:
            return RegressionFigure.svg(estimate, intervals: try estimate.intervals(level: level), level: level, lambda: lambda)
        }
    }

    /// The Laplace approximation of the posterior.
    func laplace() throws -> LaplaceApproximation {
        switch target {
        case .family(let family, let sample, let trials, let prior):
            try family.laplaceApproximation(sample, trials: trials, prior: prior)
        case .regression(let regression, let data, let design, let penalty):
            try regression.laplaceApproximation(data, design: design, penalty: penalty)
        }
    }

    /// The bootstrap of the estimate (of the MLE when `flat`); `plan` nil gives the estimates only.
    func bootstrap(
        plan: BootstrapPlan?, studentized: Bool = false, parametric: Bool = false, flat: Bool = false,
        progress: (@Sendable (Int) -> Void)?
    ) throws -> BootstrapResult {
        switch target {
        case .family(let family, let sample, let trials, let prior):
            try family.bootstrap(
                sample, trials: trials, prior: flat ? .flat : prior, plan: plan, studentized: studentized, parametric: parametric,
                progress: progress)
        case .regression(let regression, let data, let design, let penalty):
            try regression.bootstrap(
                data, design: design, penalty: flat ? .none : penalty, plan: plan, studentized: studentized, parametric: parametric,
                progress: progress)
        }
    }

    /// The BCa accelerations of the estimate (of the MLE when `flat`).
    func accelerations(seed: UInt64, flat: Bool = false) throws -> [Double] {
        switch target {
        case .family(let family, let sample, let trials, let prior):
            try family.bootstrapAccelerations(sample, trials: trials, prior: flat ? .flat : prior, seed: seed)
        case .regression(let regression, let data, let design, let penalty):
            try regression.bootstrapAccelerations(data, design: design, penalty: flat ? .none : penalty, seed: seed)
        }
    }

    /// Posterior draws of chains `ids` (all by default).
    func sample(settings: SamplerSettings, ids: [Int]?, threads: Int, progress: (@Sendable (Int) -> Void)?) throws -> PosteriorSample {
        switch target {
        case .family(let family, let sample, let trials, let prior):
            try family.samplePosterior(sample, trials: trials, prior: prior, settings: settings, chainIDs: ids, threads: threads, progress: progress)
        case .regression(let regression, let data, let design, let penalty):
            try regression.samplePosterior(data, design: design, penalty: penalty, settings: settings, chainIDs: ids, threads: threads, progress: progress)
        }
    }
}

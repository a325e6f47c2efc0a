import Foundation
import Inference

/// The model, prior and data a command works on — a family or a regression — with the library's
/// answers to it, so that each command reads the options once and never switches on the kind.
struct ModelJob {
    private let analyses: any ModelAnalyses
    /// `--model` as given.
    let modelName: String
    /// The prior as the output names it (`flat`, `beta(2,2)`, `gaussian`, …).
    let priorName: String
    /// λ of a regression's prior (nil for families).
    let lambda: Double?
    /// Rows used.
    var n: Int { analyses.rowCount }
    /// Rows left out for a missing cell, and the warning line that says so (nil when none).
    let dropped: Int
    let droppedWarning: String?
    /// The rows used, for the source row numbers of errors found in them.
    private let rows: Dataset

    /// The job of `selection` on the CSV `file`; the options are checked before the file is read.
    init(selection: ModelOptions, file: String) throws {
        try self.init(selection: selection, rowLimit: nil) { try selection.load(file, using: selection.modelColumns(of:)) }
    }

    /// The job of `selection` on `dataset`, on the first `rowLimit` of the rows it selects when
    /// given.
    init(selection: ModelOptions, dataset: Dataset, rowLimit: Int? = nil) throws {
        try self.init(selection: selection, rowLimit: rowLimit) { dataset }
    }

    private init(selection: ModelOptions, rowLimit: Int?, load: () throws -> Dataset) throws {
        modelName = selection.model?.name ?? ""
        let kind = try selection.kind()
        // options before data: a bad prior fails before the file is read
        let familyPrior = try kind.isFamily ? selection.familyPrior() : nil
        let penalty = try kind.isFamily ? nil : selection.penalty()
        let dataset = try load()
        let columns =
            switch kind {
            case .family: [selection.familyColumn(of: dataset.columnNames)]
            case .regression: try selection.regressionColumns(of: dataset.columnNames)
            }
        let selected = try selection.select(consume dataset, columns: columns)  // compacted in place
        let rows = rowLimit.map { selected.dataset.prefix($0) } ?? selected.dataset
        self.rows = rows
        dropped = selected.dropped
        droppedWarning = selected.warning
        switch kind {
        case .family(let family):
            let name = selection.familyColumn(of: rows.columnNames)
            analyses = FamilyAnalyses(
                family: family, sample: Sample(try rows.column(named: name), name: name), trials: selection.trials, prior: familyPrior!)
            priorName = selection.prior.filter { !$0.isWhitespace }
            lambda = nil
        case .regression(let regression):
            analyses = RegressionAnalyses(
                regression: regression, data: try locating(in: rows) { try selection.regressionData(from: rows) }, design: selection.design, penalty: penalty!)
            priorName = penalty!.priorName
            lambda = penalty!.lambda
        }
    }

    /// `body`, the rows its data errors name numbered as in the source.
    private func located<T>(_ body: () throws -> T) throws -> T { try locating(in: rows, body) }

    /// The estimate under the prior (the MAP; the MLE when it is flat), or the MLE when `flat`.
    func estimate(flat: Bool = false) throws -> PointEstimate { try located { try analyses.estimate(flat: flat) } }

    /// The saved form of `estimate`, this job's regression fit (a usage error for a family).
    func savedFit(_ estimate: PointEstimate) throws -> FittedRegression {
        guard let regression = analyses as? RegressionAnalyses else {
            throw InferenceError.usage("--save saves a regression's fit, for infer predict; --model \(modelName) is a family")
        }
        return try FittedRegression(estimate, regression: regression.regression, data: regression.data, design: regression.design, penalty: regression.penalty)
    }

    /// A text target's levels, class k being level k (nil otherwise).
    var targetLevels: [String]? { (analyses as? RegressionAnalyses)?.data.targetLevels }

    /// Whether the model is a regression (its parameters are coefficients).
    var isRegression: Bool { analyses is RegressionAnalyses }

    /// The figure of `estimate` on the job's data: the fitted density over the data's histogram
    /// (families), the coefficients with their intervals at `level` (regressions).
    func fitFigure(_ estimate: PointEstimate, level: Double) throws -> String { try analyses.fitFigure(estimate, level: level) }

    /// The Laplace approximation of the posterior.
    func laplace() throws -> LaplaceApproximation { try located { try analyses.laplace() } }

    /// The bootstrap of the estimate (of the MLE when `flat`); `plan` nil gives the estimates only.
    func bootstrap(
        plan: BootstrapPlan?, studentized: Bool = false, parametric: Bool = false, flat: Bool = false,
        progress: (@Sendable (Int) -> Void)?
    ) throws -> BootstrapResult {
        try located { try analyses.bootstrap(plan: plan, studentized: studentized, parametric: parametric, flat: flat, progress: progress) }
    }

    /// The BCa accelerations of the estimate (of the MLE when `flat`).
    func accelerations(seed: UInt64, flat: Bool = false) throws -> [Double] { try located { try analyses.accelerations(seed: seed, flat: flat) } }

    /// The proposal `infer sample` uses when none is given.
    var recommendedProposal: ProposalKind { analyses.recommendedProposal }

    /// Posterior draws of chains `ids` (all by default).
    func sample(settings: SamplerSettings, ids: [Int]?, threads: Int, progress: (@Sendable (Int) -> Void)?) throws -> PosteriorSample {
        try located { try analyses.sample(settings: settings, ids: ids, threads: threads, progress: progress) }
    }
}

extension ModelJob {
    /// The regression this job fits, with its data, design and penalty; a usage error for a
    /// family (`what` names the use).
    private func regression(for what: String) throws -> RegressionAnalyses {
        guard let regression = analyses as? RegressionAnalyses else { throw InferenceError.usage("\(what) needs a regression; --model \(modelName) is a family") }
        return regression
    }

    /// The regression's parameters, in its order.
    func regressionParameterNames() throws -> [String] {
        let job = try regression(for: "the parameter names of FILE's design")
        return try job.regression.model(for: job.data, design: job.design).parameterNames
    }

    /// The regression's coverage study: targets simulated at the rows of the job's design.
    func coverage(_ study: CoverageStudy, replications: ClosedRange<Int>, threads: Int, progress: (@Sendable (Int) -> Void)?) throws
        -> [CoverageReplication]
    {
        let job = try regression(for: "a coverage study on FILE")
        return try located {
            try job.regression.coverage(
                study, data: job.data, design: job.design, penalty: job.penalty, replications: replications, threads: threads, progress: progress)
        }
    }

    /// The regression's simulation-based calibration on data sets of the first `rows` rows.
    func simulationBasedCalibration(
        rows: Int, settings: SamplerSettings, replications: ClosedRange<Int>, seed: UInt64, threads: Int, progress: (@Sendable (Int) -> Void)?
    ) throws -> SimulationBasedCalibrationResult {
        let job = try regression(for: "simulation-based calibration on FILE")
        return try located {
            try job.regression.simulationBasedCalibration(
                data: job.data, design: job.design, penalty: job.penalty, rows: rows, settings: settings, replications: replications,
                seed: seed, threads: threads, progress: progress)
        }
    }
}

/// What a command asks of its model, answered once by each kind of model of the catalog.
private protocol ModelAnalyses {
    var rowCount: Int { get }
    func estimate(flat: Bool) throws -> PointEstimate
    func fitFigure(_ estimate: PointEstimate, level: Double) throws -> String
    func laplace() throws -> LaplaceApproximation
    func bootstrap(
        plan: BootstrapPlan?, studentized: Bool, parametric: Bool, flat: Bool, progress: (@Sendable (Int) -> Void)?
    ) throws -> BootstrapResult
    func accelerations(seed: UInt64, flat: Bool) throws -> [Double]
    func sample(settings: SamplerSettings, ids: [Int]?, threads: Int, progress: (@Sendable (Int) -> Void)?) throws -> PosteriorSample
    var recommendedProposal: ProposalKind { get }
}

/// A family's analyses of one column under a family prior.
private struct FamilyAnalyses: ModelAnalyses {
    let family: Family
    let sample: Sample
    let trials: Int?
    let prior: FamilyPriorSpecification

    var rowCount: Int { sample.count }
    var recommendedProposal: ProposalKind { family.recommendedProposal(trials: trials) }

    func estimate(flat: Bool) throws -> PointEstimate { try family.estimate(sample, trials: trials, prior: flat ? .flat : prior) }

    func fitFigure(_ estimate: PointEstimate, level: Double) throws -> String {
        FitFigure.svg(family: family, sample: sample, trials: trials, estimate: estimate, prior: prior)
    }

    func laplace() throws -> LaplaceApproximation { try family.laplaceApproximation(sample, trials: trials, prior: prior) }

    func bootstrap(
        plan: BootstrapPlan?, studentized: Bool, parametric: Bool, flat: Bool, progress: (@Sendable (Int) -> Void)?
    ) throws -> BootstrapResult {
        try family.bootstrap(
            sample, trials: trials, prior: flat ? .flat : prior, plan: plan, studentized: studentized, parametric: parametric,
            progress: progress)
    }

    func accelerations(seed: UInt64, flat: Bool) throws -> [Double] {
        try family.bootstrapAccelerations(sample, trials: trials, prior: flat ? .flat : prior, seed: seed)
    }

    func sample(settings: SamplerSettings, ids: [Int]?, threads: Int, progress: (@Sendable (Int) -> Void)?) throws -> PosteriorSample {
        try family.samplePosterior(sample, trials: trials, prior: prior, settings: settings, chainIDs: ids, threads: threads, progress: progress)
    }
}

/// A regression's analyses of a target on features under an elastic-net-family prior.
private struct RegressionAnalyses: ModelAnalyses {
    let regression: Regression
    let data: RegressionData
    let design: RegressionDesign
    let penalty: Penalty

    var rowCount: Int { data.rowCount }
    var recommendedProposal: ProposalKind { .nuts }

    func estimate(flat: Bool) throws -> PointEstimate { try regression.fit(data, design: design, penalty: flat ? .none : penalty) }

    func fitFigure(_ estimate: PointEstimate, level: Double) throws -> String {
        RegressionFigure.svg(estimate, intervals: try estimate.intervals(level: level), level: level, lambda: penalty.lambda)
    }

    func laplace() throws -> LaplaceApproximation { try regression.laplaceApproximation(data, design: design, penalty: penalty) }

    func bootstrap(
        plan: BootstrapPlan?, studentized: Bool, parametric: Bool, flat: Bool, progress: (@Sendable (Int) -> Void)?
    ) throws -> BootstrapResult {
        try regression.bootstrap(
            data, design: design, penalty: flat ? .none : penalty, plan: plan, studentized: studentized, parametric: parametric,
            progress: progress)
    }

    func accelerations(seed: UInt64, flat: Bool) throws -> [Double] {
        try regression.bootstrapAccelerations(data, design: design, penalty: flat ? .none : penalty, seed: seed)
    }

    func sample(settings: SamplerSettings, ids: [Int]?, threads: Int, progress: (@Sendable (Int) -> Void)?) throws -> PosteriorSample {
        try regression.samplePosterior(data, design: design, penalty: penalty, settings: settings, chainIDs: ids, threads: threads, progress: progress)
    }
}

/// `body`, the rows its errors name (from 1 among `rows`) numbered as in the source.
func locating<T>(in rows: Dataset, _ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as InferenceError { throw error.located(in: rows) }
}

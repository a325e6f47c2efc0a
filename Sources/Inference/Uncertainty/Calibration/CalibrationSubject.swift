import GSL

/// What a calibration study asks of a model: data simulated at a truth, the maximum-likelihood
/// estimator (for Wald and bootstrap intervals), and the posterior under a prior (for Laplace and
/// credible intervals). ``ModelCalibrationSubject`` answers for any ``SimulatableModel`` under a
/// ``Prior``; ``RegressionCalibrationSubject`` for a regression under a penalty.
public protocol CalibrationSubject: Sendable {
    /// The data a data set is made of.
    associatedtype Data: Resamplable & Sendable
    /// The maximum-likelihood estimator of the model.
    associatedtype MaximumLikelihoodEstimator: Estimator where MaximumLikelihoodEstimator.Model.Data == Data

    /// The model's parameters, in its order.
    var parameterNames: [String] { get }
    /// The MLE, refitted by the bootstrap.
    var maximumLikelihood: MaximumLikelihoodEstimator { get }
    /// Whether the posterior has a prior other than flat (Laplace and credible intervals need one).
    var hasPrior: Bool { get }
    /// The largest data set a study can simulate (nil: any size).
    var maximumRows: Int? { get }

    /// A data set of `rows` rows drawn from the model at `truth` (a regression's first `rows`
    /// rows of its design); nil when it cannot be drawn.
    func simulate(_ truth: [Double], rows: Int, using generator: RandomGenerator) -> Data?
    /// A truth drawn from the prior; nil when the prior is not proper on every parameter.
    func drawTruth(using generator: RandomGenerator) -> [Double]?
    /// The estimate under the prior (with the exact posterior of a conjugate pair).
    func posteriorMode(_ data: Data) throws(InferenceError) -> PointEstimate
    /// The Laplace approximation of the posterior.
    func laplace(_ data: Data) throws(InferenceError) -> LaplaceApproximation
    /// One chain of posterior draws under `settings` (its first chain).
    func posteriorDraws(_ data: Data, settings: SamplerSettings) throws(InferenceError) -> [[Double]]
}

/// A ``SimulatableModel`` under a ``Prior``: the subject of a family's calibration study.
public struct ModelCalibrationSubject<Model: SimulatableModel, P: Prior>: CalibrationSubject where Model.Data: Resamplable {
    /// The model.
    public let model: Model
    /// The prior of the posterior (flat when there is none).
    public let prior: P
    /// A data set of the largest size: its rows shape every simulated one.
    public let template: Model.Data

    /// The subject `model` under `prior`, simulating data sets shaped as the rows of `template`.
    public init(model: Model, prior: P, template: Model.Data) {
        self.model = model
        self.prior = prior
        self.template = template
    }

    /// The model's parameters.
    public var parameterNames: [String] { model.parameterNames }
    /// The MLE: the posterior mode under a flat prior.
    public var maximumLikelihood: PosteriorMode<Model, FlatPrior> { PosteriorMode(model: model, prior: FlatPrior()) }
    /// Whether the prior is other than flat.
    public var hasPrior: Bool { !(prior is FlatPrior) }
    /// The template's rows.
    public var maximumRows: Int? { template.rowCount }

    /// The model's data at `truth`, shaped as the first `rows` rows of the template.
    public func simulate(_ truth: [Double], rows: Int, using generator: RandomGenerator) -> Model.Data? {
        model.simulate(truth, like: template.rows(Array(0..<min(rows, template.rowCount))), using: generator)
    }

    /// θ drawn from the prior; nil unless it is proper on every parameter.
    public func drawTruth(using generator: RandomGenerator) -> [Double]? {
        prior.draw(dimension: model.parameterNames.count, using: generator)
    }

    /// The MAP (the exact posterior for a conjugate pair).
    public func posteriorMode(_ data: Model.Data) throws(InferenceError) -> PointEstimate { try model.estimate(data, prior: prior) }

    /// The Laplace approximation at the posterior mode.
    public func laplace(_ data: Model.Data) throws(InferenceError) -> LaplaceApproximation { try model.laplaceApproximation(data, prior: prior) }

    /// The draws of one chain of `settings`, started at the posterior mode.
    public func posteriorDraws(_ data: Model.Data, settings: SamplerSettings) throws(InferenceError) -> [[Double]] {
        try model.requireProperPosterior(under: prior, on: data)
        let mode = try model.estimate(data, prior: prior)
        let chains = try PosteriorSampler.run(
            target: Posterior(model: model, prior: prior, data: data), mode: mode.estimates, settings: settings, ids: [1])
        return chains.first?.draws ?? []
    }
}

/// A regression under a penalty (the contract's posterior): the subject of a regression's
/// calibration study, whose targets are simulated at the rows of its design.
public struct RegressionCalibrationSubject<Model: RegressionModel>: CalibrationSubject {
    /// The regression.
    public let model: Model
    /// The penalty of the posterior (``Penalty/none`` when there is none).
    public let penalty: Penalty
    /// The design's rows: the first n of them make a data set of size n.
    public let design: RegressionData
    /// The MLE: the regression without a penalty.
    public let maximumLikelihood: PenalizedRegression<Model>

    /// The subject `model` under `penalty`, simulating targets at the rows of `design`.
    public init(model: Model, penalty: Penalty, design: RegressionData) throws(InferenceError) {
        self.model = model
        self.penalty = penalty
        self.design = design
        maximumLikelihood = try PenalizedRegression(model: model, penalty: .none)
    }

    /// The regression's coefficients (and `sigma` for linear).
    public var parameterNames: [String] { model.parameterNames }
    /// Whether there is a penalty (a prior other than flat).
    public var hasPrior: Bool { penalty != .none }
    /// The design's rows.
    public var maximumRows: Int? { design.rowCount }

    /// New targets at `truth` for the first `rows` rows of the design.
    public func simulate(_ truth: [Double], rows: Int, using generator: RandomGenerator) -> RegressionData? {
        model.simulate(truth, like: design.rows(Array(0..<min(rows, design.rowCount))), using: generator)
    }

    /// Coefficients drawn from the penalty's prior; nil when it is not proper on every one (a flat intercept).
    public func drawTruth(using generator: RandomGenerator) -> [Double]? {
        (try? RegressionPrior(penalty: penalty, model: model, data: design))?.draw(dimension: model.parameterNames.count, using: generator)
    }

    /// The MAP under the penalty.
    public func posteriorMode(_ data: RegressionData) throws(InferenceError) -> PointEstimate { try model.fitted(data, penalty: penalty) }

    /// The Laplace approximation of the contract's posterior.
    public func laplace(_ data: RegressionData) throws(InferenceError) -> LaplaceApproximation {
        try model.laplaceApproximation(data, penalty: penalty)
    }

    /// The draws of one chain of `settings` from the contract's posterior.
    public func posteriorDraws(_ data: RegressionData, settings: SamplerSettings) throws(InferenceError) -> [[Double]] {
        try model.samplePosterior(data, penalty: penalty, settings: settings, chainIDs: [1]).chains.first?.draws ?? []
    }
}

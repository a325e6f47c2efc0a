import GSL

/// A regression: a ``StatisticalModel`` of ``RegressionData`` with a fast penalised solver, able
/// to draw new targets at the same features (for the parametric bootstrap).
///
/// ``PenalizedRegression`` reaches every regression through this protocol; the solvers are
/// specialisations (QR, a Cholesky solve, coordinate descent, Newton) behind one interface.
public protocol RegressionModel: SimulatableModel where Data == RegressionData {
    /// Intercept and standardisation.
    var design: RegressionDesign { get }

    /// Minimises the sum-form objective −log L(w) + λR(w) of the contract (the MLE without a
    /// penalty) and reports the estimate with its curvature-based uncertainty where defined.
    func fitPenalized(_ data: RegressionData, penalty: Penalty) throws(InferenceError) -> PointEstimate

    /// ``fitPenalized(_:penalty:)`` with an iterative solver started at `start` (coefficients on
    /// the original scale; a closed form ignores it), leaving out the covariance unless
    /// `standardErrors`. Default: ``fitPenalized(_:penalty:)``.
    func fitPenalized(_ data: RegressionData, penalty: Penalty, start: [Double]?, standardErrors: Bool) throws(InferenceError)
        -> PointEstimate

    /// Fits under `penalty` to resamples of `data` given as row counts (see
    /// ``Estimator/countedRefit(on:)``); nil when the model has no such path. Default: nil.
    func countedRefit(on data: RegressionData, penalty: Penalty) -> CountedRefit?

    /// The estimates under each of `penalties` in turn (a λ path, largest λ first), each fit
    /// started from the one before; nil where a fit fails. Default: the fits one by one, warm
    /// started, without covariances.
    func fitPath(_ data: RegressionData, penalties: [Penalty]) -> [[Double]?]

    /// The contract's posterior under `penalty` (for the Laplace approximation and the sampler),
    /// its mode, and for a penalty with an L1 part a smooth stand-in whose curvature shapes the
    /// sampler's proposal. Default: ``RegressionPrior`` times the likelihood, at the penalised
    /// fit, the stand-in a gaussian prior of the same variance.
    func posterior(under penalty: Penalty, on data: RegressionData) throws(InferenceError) -> RegressionPosterior

    /// E[y | x] of each row of `data` under the coefficients `estimates` (for softmax, which
    /// has a probability a class, the probability of the row's most likely class is not it:
    /// softmax scores held-out rows itself). Used by ``heldOutLoss(_:of:on:)``.
    func meanResponses(_ estimates: [Double], on data: RegressionData) -> [Double]

    /// What the fit `fit` predicts for each row of `data` (its target unused), intervals at
    /// `level`. Default: each row's mean response without an interval.
    func predictions(_ fit: FittedCoefficients, on data: RegressionData, level: Double) -> [RowPrediction]

    /// What the posterior `draws` (one parameter vector a draw) predict for each row of `data`:
    /// posterior means with equal-tailed intervals at `level` (a random choice, as a new
    /// observation's noise, from `seed`). Default: E[y | x] over the draws.
    func predictions(draws: [[Double]], on data: RegressionData, level: Double, seed: UInt64) -> [RowPrediction]

    /// The class a prediction picks, for a classifier (nil otherwise, the default).
    func predictedClass(_ prediction: RowPrediction) -> Int?

    /// The scores of `estimates` on held-out rows with their targets, by name, each a mean over
    /// rows. Default: `mse` and `nll`.
    func scores(_ estimates: [Double], on data: RegressionData) -> [(name: String, value: Double)]

    /// Whether the targets are classes, so that misclassification scores held-out rows.
    /// Default: false.
    var isClassifier: Bool { get }

    /// The mean `loss` over the rows of `data` under `estimates` (the model validated `data`).
    /// Default: −log L/n for `nll`, the mean of (y − E[y | x])² for `mse`, and for a classifier
    /// with 0/1 targets the share of rows whose E[y | x] is on the other side of ½.
    func meanLoss(_ loss: HeldOutLoss, of estimates: [Double], on data: RegressionData) -> Double

    /// The null model the λ grid starts from: per response (one, or K − 1 for softmax), its
    /// mean μ₀ (ȳ with an intercept, E[y] at zero coefficients without one), each row's
    /// response, and the curvature of the per-row negative log-likelihood there. Default: one
    /// response, y itself, with curvature 1 (least squares).
    func nullResponses(on data: RegressionData) -> [NullResponse]
}

/// A regression's posterior as the sampler and the Laplace approximation need it.
public struct RegressionPosterior: Sendable {
    /// The log posterior density.
    public let density: any LogDensity
    /// Its mode.
    public let mode: [Double]
    /// A smooth density whose curvature at the mode shapes the proposal, when `density` is not
    /// smooth there (an L1 prior); nil to use `density`'s own.
    public let proposalCurvature: (any LogDensity)?

    /// A posterior `density` with its `mode` and, for a prior that is not smooth, a smooth
    /// stand-in for its curvature.
    public init(density: any LogDensity, mode: [Double], proposalCurvature: (any LogDensity)? = nil) {
        self.density = density
        self.mode = mode
        self.proposalCurvature = proposalCurvature
    }
}

/// One response of a regression's null model (see ``RegressionModel/nullResponses(on:)``).
public struct NullResponse: Sendable {
    /// μ₀, the null model's mean response.
    public let mean: Double
    /// Each row's response: y, or the indicator of one class.
    public let response: [Double]
    /// The curvature of the per-row negative log-likelihood at μ₀ (1 for least squares).
    public let curvature: Double

    /// A response with its null mean and curvature.
    public init(mean: Double, response: [Double], curvature: Double) {
        self.mean = mean
        self.response = response
        self.curvature = curvature
    }
}

extension RegressionModel {
    /// Default: ``fitPenalized(_:penalty:)``, ignoring `start` and `standardErrors`.
    public func fitPenalized(_ data: RegressionData, penalty: Penalty, start: [Double]?, standardErrors: Bool) throws(InferenceError)
        -> PointEstimate
    {
        try fitPenalized(data, penalty: penalty)
    }

    /// Default: nil, no counted path (each resample is then materialised and refitted).
    public func countedRefit(on data: RegressionData, penalty: Penalty) -> CountedRefit? { nil }

    /// Default: false, a model of numbers rather than classes.
    public var isClassifier: Bool { false }

    /// Default: ``RegressionPrior`` of `penalty` times the likelihood; its mode the penalised fit;
    /// for an L1 part, the curvature of the posterior under a gaussian prior of the same variance
    /// (Laplace(0, 1/λ) has variance 2/λ²: precision λ²/2).
    public func posterior(under penalty: Penalty, on data: RegressionData) throws(InferenceError) -> RegressionPosterior {
        let mode = try PenalizedRegression(model: self, penalty: penalty).fit(data)
        let prior = try RegressionPrior(penalty: penalty, model: self, data: data)
        var curvature: (any LogDensity)?
        if !penalty.isSmooth {
            let matched = try RegressionPrior(
                penalty: .gaussian(lambda: penalty.l2 + penalty.l1 * penalty.l1 / 2), model: self, data: data)
            curvature = Posterior(model: self, prior: matched, data: data)
        }
        return RegressionPosterior(density: Posterior(model: self, prior: prior, data: data), mode: mode.estimates, proposalCurvature: curvature)
    }

    /// Default: −log L/n; the mean squared difference of y and E[y | x]; the share of rows whose
    /// E[y | x] lies on the other side of ½ from their 0/1 target.
    public func meanLoss(_ loss: HeldOutLoss, of estimates: [Double], on data: RegressionData) -> Double {
        let n = Double(data.rowCount)
        if loss == .nll { return -logLikelihood(estimates, on: data) / n }
        let means = meanResponses(estimates, on: data)
        let y = data.target
        var total = 0.0
        for i in y.indices {
            total += loss == .mse ? (y[i] - means[i]) * (y[i] - means[i]) : ((means[i] > 0.5 ? 1 : 0) == y[i] ? 0 : 1)
        }
        return total / n
    }

    /// Default: y, with mean ȳ (with an intercept) or E[y] at zero coefficients, and curvature 1.
    public func nullResponses(on data: RegressionData) -> [NullResponse] {
        [NullResponse(mean: nullMean(data), response: data.target, curvature: 1)]
    }

    /// ȳ with an intercept; without one, E[y | x] at zero coefficients (the same for every row).
    func nullMean(_ data: RegressionData) -> Double {
        let y = data.target
        if design.intercept { return y.reduce(0, +) / Double(max(1, y.count)) }
        return meanResponses([Double](repeating: 0, count: parameterNames.count), on: data.rows(data.rowCount > 0 ? [0] : [])).first ?? 0
    }

    /// Default: the penalties in turn, each fit without covariance and started from the last fit that
    /// succeeded; nil for a fit that throws.
    public func fitPath(_ data: RegressionData, penalties: [Penalty]) -> [[Double]?] {
        var start: [Double]?
        return penalties.map { penalty in
            let estimates = try? fitPenalized(data, penalty: penalty, start: start, standardErrors: false).estimates
            if let estimates { start = estimates }
            return estimates
        }
    }
}

/// The estimator of a regression under a penalty (a prior on the weights in sum form): the
/// MLE when the penalty is ``Penalty/none``, the MAP otherwise.
public struct PenalizedRegression<Model: RegressionModel>: Estimator {
    /// The model.
    public let model: Model
    /// The penalty on the weights (never on the intercept).
    public let penalty: Penalty

    /// The estimator of `model` under `penalty`; a usage error for an invalid penalty.
    public init(model: Model, penalty: Penalty) throws(InferenceError) {
        self.model = model
        self.penalty = try penalty.validated()
    }

    /// Validates `data` with the model, then minimises −log L(w) + λR(w) under `penalty`: the MLE
    /// with ``Penalty/none``, the MAP otherwise.
    public func fit(_ data: RegressionData) throws(InferenceError) -> PointEstimate {
        try model.validate(data)
        do { return try model.fitPenalized(data, penalty: penalty) } catch { throw data.oversizedFeature ?? error }
    }

    /// As `fit(_:)`, but an iterative solver starts at `estimate` (original-scale coefficients)
    /// and the covariance is left out unless `standardErrors`.
    public func refit(_ data: RegressionData, near estimate: [Double], standardErrors: Bool) throws(InferenceError) -> PointEstimate {
        try model.validate(data)
        return try model.fitPenalized(data, penalty: penalty, start: estimate, standardErrors: standardErrors)
    }

    /// The model's counted refits under `penalty` (its `countedRefit(on:penalty:)`); nil when it has
    /// none. Unlike `fit(_:)` it does not call the model's `validate(_:)` on `data`.
    public func countedRefit(on data: RegressionData) -> CountedRefit? { model.countedRefit(on: data, penalty: penalty) }
}

extension RegressionModel {
    /// "intercept" (when there is one) and the feature names.
    func coefficientNames(_ featureNames: [String]) -> [String] {
        (design.intercept ? ["intercept"] : []) + featureNames
    }

    /// Data errors common to the regressions: too few rows for the parameters.
    func requireRows(_ data: RegressionData, minimum: Int) throws(InferenceError) {
        guard data.rowCount >= minimum else {
            throw .data("the \(name) model needs at least \(minimum) rows, got \(data.rowCount)")
        }
    }
}

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
        return try model.fitPenalized(data, penalty: penalty)
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

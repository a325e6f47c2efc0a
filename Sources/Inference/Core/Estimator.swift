/// Anything that turns data into a point estimate of a model's parameters.
///
/// Hyperparameters are plain stored values; ``fit(_:)`` validates the data and returns an
/// immutable ``PointEstimate``. Bootstrap, cross-validation and the samplers reach every model
/// through this protocol.
public protocol Estimator: Sendable {
    /// The model whose parameters are estimated.
    associatedtype Model: StatisticalModel

    /// The model.
    var model: Model { get }

    /// Fits the model to `data`.
    ///
    /// - Throws: a data error (65) for invalid data, a numerical error (70) when the estimate
    ///   does not exist or the optimiser does not converge.
    func fit(_ data: Model.Data) throws(InferenceError) -> PointEstimate

    /// Fits the model to data like the data of `estimate` (a bootstrap resample, a fold), from
    /// `estimate` where the solver can start anywhere: the same optimum, fewer iterations; the
    /// covariance may be left out unless `standardErrors`. Default: ``fit(_:)``.
    func refit(_ data: Model.Data, near estimate: [Double], standardErrors: Bool) throws(InferenceError) -> PointEstimate

    /// Refits of resamples of `data` given as row counts (row i drawn `counts[i]` times), prepared
    /// once for all of them — the bootstrap's fast path, with no copy of the resampled rows; nil
    /// when the estimator has none (each resample is then materialised and refitted). Default: nil.
    func countedRefit(on data: Model.Data) -> CountedRefit?

    /// The estimate as a function of sums of per-row statistics, when it is one (a family's MLE):
    /// the bootstrap then sums each resample's rows as it draws them and the jackknife leaves a
    /// row out by a subtraction. nil (the default) when it is not.
    func sufficientStatistics(of data: Model.Data) -> SufficientStatistics?
}

/// A refit of a resample given as row counts, from a nearby estimate, with or without standard
/// errors; nil when the estimate does not exist on that resample.
public typealias CountedRefit = @Sendable (_ counts: [Int], _ near: [Double], _ standardErrors: Bool) -> PointEstimate?

extension Estimator {
    /// Default: ``Estimator/fit(_:)`` on `data`, ignoring `estimate` and `standardErrors`.
    public func refit(_ data: Model.Data, near estimate: [Double], standardErrors: Bool) throws(InferenceError) -> PointEstimate {
        try fit(data)
    }

    /// Default: nil, so the bootstrap materialises each resample and refits it.
    public func countedRefit(on data: Model.Data) -> CountedRefit? { nil }

    /// Default: nil, so each resample is refitted.
    public func sufficientStatistics(of data: Model.Data) -> SufficientStatistics? { nil }
}

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
}

extension Estimator {
    public func refit(_ data: Model.Data, near estimate: [Double], standardErrors: Bool) throws(InferenceError) -> PointEstimate {
        try fit(data)
    }
}

/// The estimate under a prior as every command reports it: the MLE when the prior is
/// ``FlatPrior``, the MAP otherwise. The one place where that choice is made.
public struct PosteriorMode<Model: StatisticalModel, P: Prior>: Estimator {
    /// The model.
    public let model: Model
    /// The prior; ``FlatPrior`` makes the estimate the MLE.
    public let prior: P

    /// The estimator of `model` under `prior`.
    public init(model: Model, prior: P) {
        self.model = model
        self.prior = prior
    }

    /// ``MaximumLikelihood`` under a flat prior, ``MaximumAPosteriori`` otherwise.
    public func fit(_ data: Model.Data) throws(InferenceError) -> PointEstimate {
        if prior is FlatPrior { return try MaximumLikelihood(model: model).fit(data) }
        return try MaximumAPosteriori(model: model, prior: prior).fit(data)
    }

    /// The MLE's sufficient statistics (``DistributionFamily/sufficientStatistics(of:)``) when the
    /// prior is flat and the model has them: the bootstrap's and the jackknife's fast path.
    public func sufficientStatistics(of data: Model.Data) -> SufficientStatistics? {
        guard prior is FlatPrior else { return nil }
        return MaximumLikelihood(model: model).sufficientStatistics(of: data)
    }
}

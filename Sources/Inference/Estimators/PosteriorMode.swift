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

    /// The MLE of a resample from its row counts through the family's sufficient statistics
    /// (``DistributionFamily/sufficientStatistics(of:)``), when the prior is flat and the model
    /// has them; with standard errors, the resample is materialised and fitted.
    public func countedRefit(on data: Model.Data) -> CountedRefit? {
        guard prior is FlatPrior, let family = model as? any DistributionFamily, let sample = data as? Sample,
            let statistics = family.sufficientStatistics(of: sample)
        else { return nil }
        let estimator = MaximumLikelihood(model: model)
        let (name, names, supports) = (model.name, model.parameterNames, model.parameterSupports)
        return { counts, _, standardErrors in
            guard counts.count == sample.count else { return nil }
            if standardErrors {
                var indices: [Int] = []
                indices.reserveCapacity(sample.count)
                for (i, c) in counts.enumerated() where c > 0 { indices += repeatElement(i, count: c) }
                guard let rows = sample.rows(indices) as? Model.Data else { return nil }
                return try? estimator.fit(rows)
            }
            guard let (estimates, logLikelihood) = statistics.estimate(counts: counts), estimates.allSatisfy(\.isFinite) else { return nil }
            return PointEstimate(
                method: .maximumLikelihood, modelName: name, priorName: FlatPrior().name, observationCount: counts.reduce(0, +),
                parameterNames: names, estimates: estimates, logLikelihood: logLikelihood, logPosterior: nil, converged: true, iterations: 0,
                covariance: nil, exactPosterior: nil, warnings: [], parameterSupports: supports)
        }
    }
}

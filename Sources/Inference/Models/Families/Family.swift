/// The one-column distribution families of the command line, by their contract names.
public enum Family: String, CaseIterable, Sendable {
    case bernoulli, binomial, poisson, exponential, gaussian, uniform, laplace, gamma, beta, lognormal
    case studentT = "student-t"

    /// The maximum-likelihood fit of this family to `sample`; `trials` is N for `binomial`.
    ///
    /// - Throws: a usage error when `binomial` has no `trials`, data and numerical errors from
    ///   the fit.
    public func maximumLikelihood(_ sample: Sample, trials: Int? = nil) throws(InferenceError) -> PointEstimate {
        switch self {
        case .bernoulli: try MaximumLikelihood(model: BernoulliModel()).fit(sample)
        case .binomial:
            try MaximumLikelihood(model: BinomialModel(trials: try requireTrials(trials))).fit(sample)
        case .poisson: try MaximumLikelihood(model: PoissonModel()).fit(sample)
        case .exponential: try MaximumLikelihood(model: ExponentialModel()).fit(sample)
        case .gaussian: try MaximumLikelihood(model: GaussianModel()).fit(sample)
        case .uniform: try MaximumLikelihood(model: UniformModel()).fit(sample)
        case .laplace: try MaximumLikelihood(model: LaplaceModel()).fit(sample)
        case .gamma: try MaximumLikelihood(model: GammaModel()).fit(sample)
        case .beta: try MaximumLikelihood(model: BetaModel()).fit(sample)
        case .lognormal: try MaximumLikelihood(model: LogNormalModel()).fit(sample)
        case .studentT: try MaximumLikelihood(model: StudentTModel()).fit(sample)
        }
    }

    private func requireTrials(_ trials: Int?) throws(InferenceError) -> Int {
        guard let trials else { throw .usage("the binomial model needs --trials N (the trials behind each row)") }
        return trials
    }
}

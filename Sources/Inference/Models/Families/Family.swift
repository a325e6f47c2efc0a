/// The one-column distribution families of the command line, by their contract names.
public enum Family: String, CaseIterable, Sendable {
    case bernoulli, binomial, poisson, exponential, gaussian, uniform, laplace, gamma, beta, lognormal
    case studentT = "student-t"

    /// The maximum-likelihood fit of this family to `sample`; `trials` is N for `binomial`.
    public func maximumLikelihood(_ sample: Sample, trials: Int? = nil) throws(InferenceError) -> PointEstimate {
        try estimate(sample, trials: trials, prior: .flat)
    }

    /// The MLE (flat prior) or the MAP under `prior` on the family's first parameter: beta on
    /// bernoulli/binomial p, gamma on poisson lambda and exponential rate (conjugate: the exact
    /// posterior is reported), normal on gaussian mu.
    ///
    /// - Throws: a usage error for a prior the family does not take or a binomial without
    ///   `trials`; data and numerical errors from the fit.
    public func estimate(_ sample: Sample, trials: Int? = nil, prior: FamilyPriorSpecification) throws(InferenceError) -> PointEstimate {
        switch (self, prior) {
        case (.bernoulli, .flat): try MaximumLikelihood(model: BernoulliModel()).fit(sample)
        case (.bernoulli, .beta(let a, let b)):
            try MaximumAPosteriori(model: BernoulliModel(), prior: try BetaPrior(a: a, b: b)).fit(sample)
        case (.binomial, .flat): try MaximumLikelihood(model: try binomialModel(trials)).fit(sample)
        case (.binomial, .beta(let a, let b)):
            try MaximumAPosteriori(model: try binomialModel(trials), prior: try BetaPrior(a: a, b: b)).fit(sample)
        case (.poisson, .flat): try MaximumLikelihood(model: PoissonModel()).fit(sample)
        case (.poisson, .gamma(let shape, let rate)):
            try MaximumAPosteriori(model: PoissonModel(), prior: try GammaPrior(shape: shape, rate: rate)).fit(sample)
        case (.exponential, .flat): try MaximumLikelihood(model: ExponentialModel()).fit(sample)
        case (.exponential, .gamma(let shape, let rate)):
            try MaximumAPosteriori(model: ExponentialModel(), prior: try GammaPrior(shape: shape, rate: rate)).fit(sample)
        case (.gaussian, .flat): try MaximumLikelihood(model: GaussianModel()).fit(sample)
        case (.gaussian, .normal(let mean, let sd)):
            try MaximumAPosteriori(model: GaussianModel(), prior: try NormalPrior(mean: mean, standardDeviation: sd)).fit(sample)
        case (.uniform, .flat): try MaximumLikelihood(model: UniformModel()).fit(sample)
        case (.laplace, .flat): try MaximumLikelihood(model: LaplaceModel()).fit(sample)
        case (.gamma, .flat): try MaximumLikelihood(model: GammaModel()).fit(sample)
        case (.beta, .flat): try MaximumLikelihood(model: BetaModel()).fit(sample)
        case (.lognormal, .flat): try MaximumLikelihood(model: LogNormalModel()).fit(sample)
        case (.studentT, .flat): try MaximumLikelihood(model: StudentTModel()).fit(sample)
        default: throw .usage("the \(rawValue) model takes \(acceptedPriors)")
        }
    }

    /// The priors this family takes, in words.
    public var acceptedPriors: String {
        switch self {
        case .bernoulli, .binomial: "--prior flat or beta(a,b) (on p)"
        case .poisson: "--prior flat or gamma(shape,rate) (on lambda)"
        case .exponential: "--prior flat or gamma(shape,rate) (on rate)"
        case .gaussian: "--prior flat or normal(mean,sd) (on mu)"
        default: "only --prior flat"
        }
    }

    private func binomialModel(_ trials: Int?) throws(InferenceError) -> BinomialModel {
        guard let trials else { throw .usage("the binomial model needs --trials N (the trials behind each row)") }
        return try BinomialModel(trials: trials)
    }
}

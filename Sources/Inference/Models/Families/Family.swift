/// The one-column distribution families of the command line, by their contract names.
public enum Family: String, CaseIterable, Sendable {
    /// Bernoulli(p): 0/1 outcomes; ``BernoulliModel``.
    case bernoulli
    /// Binomial(N, p): successes out of a known N; ``BinomialModel``.
    case binomial
    /// Poisson(λ): counts; ``PoissonModel``.
    case poisson
    /// Exponential(rate): positive durations; ``ExponentialModel``.
    case exponential
    /// N(μ, σ²); ``GaussianModel``.
    case gaussian
    /// Uniform(a, b), whose MLE is the sample's range; ``UniformModel``.
    case uniform
    /// Laplace(μ, b), whose MLE is the median and the mean absolute deviation; ``LaplaceModel``.
    case laplace
    /// Gamma(shape k, rate β); ``GammaModel``.
    case gamma
    /// Beta(α, β) on (0, 1); ``BetaModel``.
    case beta
    /// LogNormal(μ, σ): log x is N(μ, σ²); ``LogNormalModel``.
    case lognormal
    /// Student's t with location μ, scale σ and ν degrees of freedom; ``StudentTModel``.
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
        try dispatch(trials: trials, prior: prior, FitOperation(sample: sample))
    }

    /// The Laplace approximation of the posterior under `prior` (a flat prior counts as
    /// density 1), at the MAP.
    public func laplaceApproximation(
        _ sample: Sample, trials: Int? = nil, prior: FamilyPriorSpecification
    ) throws(InferenceError) -> LaplaceApproximation {
        try dispatch(trials: trials, prior: prior, LaplaceOperation(sample: sample))
    }

    /// The priors this family takes, in words.
    public var acceptedPriors: String {
        switch self {
        case .bernoulli, .binomial: "flat or beta(a,b) (on p)"
        case .poisson: "flat or gamma(shape,rate) (on lambda)"
        case .exponential: "flat or gamma(shape,rate) (on rate)"
        case .gaussian: "flat or normal(mean,sd) (on mu)"
        default: "flat only"
        }
    }

    /// Resolves the model and prior of this family and hands them to `operation`.
    func dispatch<O: FamilyOperation>(trials: Int?, prior: FamilyPriorSpecification, _ operation: O) throws(InferenceError) -> O.Result {
        switch (self, prior) {
        case (.bernoulli, .flat): try operation.run(BernoulliModel(), FlatPrior())
        case (.bernoulli, .beta(let a, let b)): try operation.run(BernoulliModel(), try BetaPrior(a: a, b: b))
        case (.binomial, .flat): try operation.run(try binomialModel(trials), FlatPrior())
        case (.binomial, .beta(let a, let b)): try operation.run(try binomialModel(trials), try BetaPrior(a: a, b: b))
        case (.poisson, .flat): try operation.run(PoissonModel(), FlatPrior())
        case (.poisson, .gamma(let shape, let rate)): try operation.run(PoissonModel(), try GammaPrior(shape: shape, rate: rate))
        case (.exponential, .flat): try operation.run(ExponentialModel(), FlatPrior())
        case (.exponential, .gamma(let shape, let rate)):
            try operation.run(ExponentialModel(), try GammaPrior(shape: shape, rate: rate))
        case (.gaussian, .flat): try operation.run(GaussianModel(), FlatPrior())
        case (.gaussian, .normal(let mean, let sd)):
            try operation.run(GaussianModel(), try NormalPrior(mean: mean, standardDeviation: sd))
        case (.uniform, .flat): try operation.run(UniformModel(), FlatPrior())
        case (.laplace, .flat): try operation.run(LaplaceModel(), FlatPrior())
        case (.gamma, .flat): try operation.run(GammaModel(), FlatPrior())
        case (.beta, .flat): try operation.run(BetaModel(), FlatPrior())
        case (.lognormal, .flat): try operation.run(LogNormalModel(), FlatPrior())
        case (.studentT, .flat): try operation.run(StudentTModel(), FlatPrior())
        default: throw .usage("the \(rawValue) model takes \(setting("prior")) \(acceptedPriors)")
        }
    }

    private func binomialModel(_ trials: Int?) throws(InferenceError) -> BinomialModel {
        guard let trials else { throw .usage("the binomial model needs the number of trials behind each row (\(setting("trials")) N)") }
        return try BinomialModel(trials: trials)
    }
}

/// Something done with a family's model and prior.
protocol FamilyOperation {
    associatedtype Result
    func run<M: StatisticalModel, P: Prior>(_ model: M, _ prior: P) throws(InferenceError) -> Result where M.Data == Sample
}

/// The MLE under a flat prior, the MAP otherwise.
struct FitOperation: FamilyOperation {
    let sample: Sample

    func run<M: StatisticalModel, P: Prior>(_ model: M, _ prior: P) throws(InferenceError) -> PointEstimate where M.Data == Sample {
        if prior is FlatPrior { return try MaximumLikelihood(model: model).fit(sample) }
        return try MaximumAPosteriori(model: model, prior: prior).fit(sample)
    }
}

/// The Laplace approximation at the mode of the posterior.
private struct LaplaceOperation: FamilyOperation {
    let sample: Sample

    func run<M: StatisticalModel, P: Prior>(_ model: M, _ prior: P) throws(InferenceError) -> LaplaceApproximation where M.Data == Sample {
        let mode = try FitOperation(sample: sample).run(model, prior)
        if model is UniformModel {
            throw .numerical("the uniform likelihood is not differentiable at its maximum: no Laplace approximation")
        }
        return try LaplaceApproximation(
            target: Posterior(model: model, prior: prior, data: sample), mode: mode.estimates, parameterNames: model.parameterNames)
    }
}

extension Family {
    /// Whether the family's values are counts (its density is a probability mass).
    public var isDiscrete: Bool { self == .bernoulli || self == .binomial || self == .poisson }

    /// log f(x | θ): the log density (or probability mass) of one value under `parameters`;
    /// −∞ outside the support.
    public func logDensity(_ x: Double, parameters: [Double], trials: Int? = nil) -> Double {
        (try? dispatch(trials: trials, prior: .flat, LogDensityOfOne(x: x, parameters: parameters))) ?? -.infinity
    }
}

private struct LogDensityOfOne: FamilyOperation {
    let x: Double
    let parameters: [Double]

    func run<M: StatisticalModel, P: Prior>(_ model: M, _ prior: P) throws(InferenceError) -> Double where M.Data == Sample {
        model.logLikelihood(parameters, on: Sample([x]))
    }
}

extension Family {
    /// log L(θ) of the whole `sample` under `parameters` (−∞ outside the support).
    public func logLikelihood(_ parameters: [Double], on sample: Sample, trials: Int? = nil) -> Double {
        (try? dispatch(trials: trials, prior: .flat, LogLikelihoodOfSample(sample: sample, parameters: parameters))) ?? -.infinity
    }
}

private struct LogLikelihoodOfSample: FamilyOperation {
    let sample: Sample
    let parameters: [Double]

    func run<M: StatisticalModel, P: Prior>(_ model: M, _ prior: P) throws(InferenceError) -> Double where M.Data == Sample {
        model.logLikelihood(parameters, on: sample)
    }
}

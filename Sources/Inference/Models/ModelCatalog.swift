/// The model catalog: every model the command line names, and the only place that lists them.
///
/// A family declares its name, the priors it takes (each on a parameter of its model), whether it
/// needs the trials behind each row, and how its model is built; a regression its name and how
/// its model is built from the data's features and the design. Everything else a command needs
/// (the estimate, the Laplace approximation, the sampler, the bootstrap, held-out losses, the λ
/// grid, conjugacy) the model and the prior answer through their protocols.
///
/// To add a family: write its model (a ``DistributionFamily``) in a file of its own and add one
/// line below and its name to ``Family/allCases``.
extension Family {
    /// Bernoulli(p): 0/1 outcomes; ``BernoulliModel``.
    public static let bernoulli = Family("bernoulli", priors: [.beta(on: "p")]) { _ in BernoulliModel() }
    /// Binomial(N, p): successes out of a known N; ``BinomialModel``.
    public static let binomial = Family("binomial", priors: [.beta(on: "p")], takesTrials: true, groupedPrior: .beta) { trials throws(InferenceError) in
        try BinomialModel(trials: trials ?? 0)
    }
    /// Poisson(λ): counts; ``PoissonModel``.
    public static let poisson = Family("poisson", priors: [.gamma(on: "lambda")], groupedPrior: .gamma) { _ in PoissonModel() }
    /// Exponential(rate): positive durations; ``ExponentialModel``.
    public static let exponential = Family("exponential", priors: [.gamma(on: "rate")]) { _ in ExponentialModel() }
    /// N(μ, σ²); ``GaussianModel``.
    public static let gaussian = Family("gaussian", priors: [.normal(on: "mu")]) { _ in GaussianModel() }
    /// Uniform(a, b), whose MLE is the sample's range; ``UniformModel``.
    public static let uniform = Family("uniform") { _ in UniformModel() }
    /// Laplace(μ, b), whose MLE is the median and the mean absolute deviation; ``LaplaceModel``.
    public static let laplace = Family("laplace") { _ in LaplaceModel() }
    /// Gamma(shape k, rate β); ``GammaModel``.
    public static let gamma = Family("gamma") { _ in GammaModel() }
    /// Beta(α, β) on (0, 1); ``BetaModel``.
    public static let beta = Family("beta") { _ in BetaModel() }
    /// LogNormal(μ, σ): log x is N(μ, σ²); ``LogNormalModel``.
    public static let lognormal = Family("lognormal") { _ in LogNormalModel() }
    /// Student's t with location μ, scale σ and ν degrees of freedom; ``StudentTModel``.
    public static let studentT = Family("student-t") { _ in StudentTModel() }
    /// Weibull(shape k, scale λ): lifetimes; ``WeibullModel``.
    public static let weibull = Family("weibull", priors: [.gamma(on: "shape")]) { _ in WeibullModel() }

    /// The families of the command line, in the order its help lists them.
    public static let allCases: [Family] = [
        .bernoulli, .binomial, .poisson, .exponential, .gaussian, .uniform, .laplace, .gamma, .beta, .lognormal, .studentT, .weibull,
    ]
}

extension Regression {
    /// Least squares: y = Xβ + b + ε with gaussian ε; ``LinearRegressionModel``.
    public static let linear = Regression("linear") { data, design in LinearRegressionModel(featureNames: data.featureNames, design: design) }
    /// Binary outcomes, P(y = 1) = 1/(1 + e^−(Xβ + b)); ``LogisticRegressionModel``.
    public static let logistic = Regression("logistic") { data, design in
        LogisticRegressionModel(featureNames: data.featureNames, design: design)
    }
    /// Counts with log E[y] = Xβ + b; ``PoissonRegressionModel``.
    public static let poissonRegression = Regression("poisson-regression") { data, design in
        PoissonRegressionModel(featureNames: data.featureNames, design: design)
    }
    /// Classes 0 … K − 1, P(y = k) ∝ e^(bₖ + xᵀwₖ) with class 0 the reference; ``SoftmaxRegressionModel``.
    public static let softmax = Regression("softmax") { data, design in
        SoftmaxRegressionModel(
            featureNames: data.featureNames, classCount: SoftmaxRegressionModel.classCount(of: data), design: design, classNames: data.targetLevels)
    }

    /// The regressions of the command line, in the order its help lists them.
    public static let allCases: [Regression] = [.linear, .logistic, .poissonRegression, .softmax]
}

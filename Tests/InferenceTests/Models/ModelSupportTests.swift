import Inference
import Testing

/// The models' log-likelihoods outside and on the edge of their parameters' supports:
/// −∞ outside (as `StatisticalModel.logLikelihood` promises), never NaN, never a trap.
@Suite struct ModelSupportTests {
    /// A valid sample of each family (N = 5 for the binomial).
    static let samples: [Family: [Double]] = [
        .bernoulli: [0, 1, 1], .binomial: [2, 3, 5], .poisson: [0, 2, 3], .exponential: [0.5, 1.2, 2],
        .gaussian: [1, 2, 4], .uniform: [0.2, 0.7, 0.9], .laplace: [1, 2, 4], .gamma: [0.5, 1.5, 3],
        .beta: [0.2, 0.5, 0.7], .lognormal: [0.5, 1, 3], .studentT: [0, 0.1, -0.2, 0.05, 8, -6, 0.3, -0.1],
    ]

    /// Values outside a support, and its edges.
    static func outside(_ support: ParameterSupport) -> [Double] {
        switch support {
        case .real: [.nan, .infinity, -.infinity]
        case .positive: [.nan, -1, -.leastNonzeroMagnitude, -.infinity, .infinity]
        case .unitInterval: [.nan, -0.1, 1.1, .infinity]
        }
    }

    static func edges(_ support: ParameterSupport) -> [Double] {
        switch support {
        case .real: [-1e308, 0, 1e308]
        case .positive: [0, .leastNonzeroMagnitude, 1e308]
        case .unitInterval: [0, 1, .leastNonzeroMagnitude]
        }
    }

    @Test func outsideTheSupportIsMinusInfinityAndTheEdgesAreNeverNaN() throws {
        try check(BernoulliModel(), .bernoulli)
        try check(try BinomialModel(trials: 5), .binomial)
        try check(PoissonModel(), .poisson)
        try check(ExponentialModel(), .exponential)
        try check(GaussianModel(), .gaussian)
        try check(UniformModel(), .uniform)
        try check(LaplaceModel(), .laplace)
        try check(GammaModel(), .gamma)
        try check(BetaModel(), .beta)
        try check(LogNormalModel(), .lognormal)
        try check(StudentTModel(), .studentT)
    }

    /// Each parameter in turn outside its support and on its edges, the others at the MLE;
    /// then parameter vectors of the wrong length.
    func check<M: StatisticalModel>(_ model: M, _ family: Family) throws where M.Data == Sample {
        let sample = Sample(try #require(Self.samples[family]), name: "x")
        let estimate = try MaximumLikelihood(model: model).fit(sample).estimates
        let supports = model.parameterSupports
        #expect(supports.count == estimate.count)
        for (i, support) in supports.enumerated() {
            for value in Self.outside(support) {
                var parameters = estimate
                parameters[i] = value
                let logL = model.logLikelihood(parameters, on: sample)
                #expect(logL == -.infinity, "\(family) \(model.parameterNames[i]) = \(value): log L = \(logL)")
            }
            for value in Self.edges(support) {
                var parameters = estimate
                parameters[i] = value
                let logL = model.logLikelihood(parameters, on: sample)
                #expect(!logL.isNaN && logL != .infinity, "\(family) \(model.parameterNames[i]) = \(value): log L = \(logL)")
            }
        }
        // a parameter vector of the wrong length is outside every support, not a trap
        for parameters in [[], Array(estimate.dropLast()), estimate + [1]] where parameters.count != supports.count {
            let logL = model.logLikelihood(parameters, on: sample)
            #expect(logL == -.infinity, "\(family) with \(parameters.count) parameters: log L = \(logL)")
        }
        // the same through the family's public entry point
        var outside = estimate
        outside[0] = .nan
        #expect(family.logLikelihood(outside, on: sample, trials: family == .binomial ? 5 : nil) == -.infinity)
    }

    /// The regressions: σ ≤ 0, a non-finite value or a wrong number of parameters, and (for a
    /// log-likelihood asked of data that was never validated) a class outside 0…K − 1.
    @Test func regressionsOutsideTheirSupportAreMinusInfinity() throws {
        let dataset = try Dataset(columnNames: ["x", "y"], columns: [[0.5, -1, 2, 0.1], [0, 1, 2, 1]])
        let data = try RegressionData(dataset, target: "y")
        let linear = LinearRegressionModel(featureNames: ["x"])
        #expect(linear.logLikelihood([0.1, 0.4, 1], on: data).isFinite)
        for parameters in [[0.1, 0.4, 0], [0.1, 0.4, -1], [0.1, .nan, 1], [0.1, 0.4], [0.1, 0.4, 1, 1]] {
            #expect(linear.logLikelihood(parameters, on: data) == -.infinity, "linear at \(parameters)")
        }
        let softmax = SoftmaxRegressionModel(featureNames: ["x"], classCount: 3)
        #expect(softmax.logLikelihood([0.1, 0.2, -0.1, 0.3], on: data).isFinite)
        #expect(softmax.logLikelihood([0.1, 0.2, -0.1], on: data) == -.infinity)
        // the linear posterior takes λ ≥ 0 only (a negative one was once read as flat)
        #expect(throws: InferenceError.usage("lambda must be a finite number ≥ 0, got -1.0")) {
            try LinearPosterior(model: linear, data: data, lambda: -1)
        }
        #expect(throws: InferenceError.self) { try LinearPosterior(model: linear, data: data, lambda: .nan) }
        let unvalidated = try RegressionData(try Dataset(columnNames: ["x", "y"], columns: [[0.5, 1], [0, 7]]), target: "y")
        #expect(softmax.logLikelihood([0.1, 0.2, -0.1, 0.3], on: unvalidated) == -.infinity)
    }
}

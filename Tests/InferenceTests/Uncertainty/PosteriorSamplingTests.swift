import Foundation
import GSL
import Inference
import Testing
import TestSupport

/// `samplePosterior` for families and regressions against posteriors known in closed form or by
/// quadrature (simulation-based calibration has its own suite). Bounds come from the sampler's own Monte-Carlo
/// error: a mean within 4 MCSE fails with probability 6e-5 for a correct sampler; an sd's
/// relative Monte-Carlo error is about 1/√(2·ESS), so at ESS ≥ 2,000 a 6% bound is 4 of them.
@Suite struct PosteriorSamplingTests {
    private func rows(_ columns: [String: [Double]], order: [String]) throws -> Dataset {
        try Dataset(columnNames: order, columns: order.map { columns[$0]! })
    }

    /// The linear + gaussian posterior of the contract: with M = X̃ᵀX̃ + λ·diag(0, 1, …, 1), θ̂
    /// the ridge solution and S₀ = RSS(θ̂) + λ‖ŵ‖², the marginal of θ = (b, w) is a multivariate
    /// Student-t with n − 1 degrees of freedom centred at θ̂, so sd(θⱼ)² = S₀/(n − 3)·(M⁻¹)ⱼⱼ;
    /// σ² | y is inverse-gamma((n − 1)/2, S₀/2), so E[σ] = √(S₀/2)·Γ((n − 2)/2)/Γ((n − 1)/2).
    @Test func linearGaussianPosteriorIsTheMultivariateStudentT() throws {
        let dataset = try Dataset.load(path: References.url("regression/linear.csv").path)
        let data = try RegressionData(dataset, target: "y")
        let lambda = 3.0
        let ridge = try Regression.linear.fit(data, design: RegressionDesign(), penalty: .gaussian(lambda: lambda))
        let n = data.rowCount
        let p = data.featureCount
        var rows = [[Double]](repeating: [Double](repeating: 0, count: p + 1), count: p + 1)
        var rss = 0.0
        for i in 0..<n {
            let x = [1.0] + (0..<p).map { data.features[i, $0] }
            for a in 0...p { for b in 0...p { rows[a][b] += x[a] * x[b] } }
            let residual = data.target[i] - zip(x, ridge.estimates).reduce(0) { $0 + $1.0 * $1.1 }
            rss += residual * residual
        }
        for j in 1...p { rows[j][j] += lambda }
        let inverse = try CholeskyDecomposition(try Matrix(rowArrays: rows)).inverse()
        let s0 = rss + lambda * ridge.estimates[1...p].reduce(0) { $0 + $1 * $1 }
        let nd = Double(n)
        let expected = (s0 / 2).squareRoot() * exp(try SpecialFunctions.logGamma((nd - 2) / 2) - SpecialFunctions.logGamma((nd - 1) / 2))
        for (proposal, metric) in [(ProposalKind.laplace, MetricKind.diagonal), (.nuts, .diagonal), (.nuts, .dense)] {
            let settings = try SamplerSettings(chains: 4, warmup: 1_000, draws: 2_500, proposal: proposal, seed: 11, metric: metric)
            let sample = try Regression.linear.samplePosterior(
                data, design: RegressionDesign(), penalty: .gaussian(lambda: lambda), settings: settings, threads: 2)
            let summaries = sample.diagnostics()
            #expect(sample.parameterNames == ["intercept", "x1", "x2", "x3", "x4", "x5", "x6", "sigma"])
            for j in 0...p {
                let summary = summaries[j]
                let sd = (s0 / (nd - 3) * inverse[j, j]).squareRoot()
                let mcse = try #require(summary.mcse)
                #expect(abs(summary.mean - ridge.estimates[j]) < 4 * mcse, "\(proposal) \(metric) \(sample.parameterNames[j]): \(summary.mean) ± \(mcse)")
                #expect(abs(summary.sd / sd - 1) < 0.06, "\(proposal) \(metric) \(sample.parameterNames[j]): sd \(summary.sd) vs \(sd)")
                #expect(try #require(summary.essBulk) > 2_000, "\(proposal) \(metric)")
            }
            let sigma = summaries[p + 1]
            #expect(abs(sigma.mean - expected) < 4 * (try #require(sigma.mcse)), "\(proposal) \(metric) sigma \(sigma.mean) vs \(expected)")
            #expect(sample.warnings(summaries).isEmpty, "\(proposal) \(metric): \(sample.warnings(summaries))")
        }
    }

    /// The linear + laplace posterior (w | σ ~ Laplace(0, σ²/λ)) has no closed form: its density
    /// is checked against the contract's formula term by term, and the sampler's means against
    /// quadrature on a 70³ grid over (b, w, log σ) (grid error far below the MCSE).
    @Test func linearLaplacePosteriorMatchesQuadrature() throws {
        let x: [Double] = [0.2, 1.1, 1.9, 3.2, 3.8, 5.1, 5.7, 7.0, 8.2, 8.9, 10.1, 11.3, 12.0, 13.4]
        let y = x.enumerated().map { i, value in 0.7 + 0.15 * value + 0.9 * sin(Double(i) * 1.7) }
        let data = try RegressionData(try rows(["x": x, "y": y], order: ["x", "y"]), target: "y")
        let lambda = 4.0
        let model = LinearRegressionModel(featureNames: ["x"])
        let posterior = try LinearPosterior(model: model, data: data, penalty: .laplace(lambda: lambda))
        // log N(y | b + wx, σ²) + log Laplace(w | 0, σ²/λ) − log σ, up to one constant
        func direct(_ t: [Double]) -> Double {
            let (b, w, s) = (t[0], t[1], t[2])
            let likelihood = zip(x, y).reduce(0) { $0 - 0.5 * log(2 * .pi * s * s) - pow($1.1 - b - w * $1.0, 2) / (2 * s * s) }
            let scale = s * s / lambda
            return likelihood - log(2 * scale) - abs(w) / scale - log(s)
        }
        let points = [[0.5, 0.1, 0.8], [1.2, -0.3, 0.4], [0.0, 0.0, 2.5], [-1.0, 0.4, 1.1]]
        let offsets = points.map { posterior.logDensity($0) - direct($0) }
        #expect(offsets.allSatisfy { abs($0 - offsets[0]) < 1e-9 }, "\(offsets)")

        let mle = try Regression.linear.fit(data, design: RegressionDesign(), penalty: .none)
        let se = try #require(mle.covariance).diagonalValues.map { $0.squareRoot() }
        let k = 70
        var total = 0.0
        var moments = [0.0, 0.0, 0.0]
        var logs: [(Double, [Double])] = []
        for a in 0..<k {
            for c in 0..<k {
                for e in 0..<k {
                    let b = mle.estimates[0] + se[0] * 8 * (Double(a) / Double(k - 1) - 0.5) * 2
                    let w = mle.estimates[1] + se[1] * 8 * (Double(c) / Double(k - 1) - 0.5) * 2
                    let logSigma = log(mle.estimates[2]) + 2.5 * (Double(e) / Double(k - 1) - 0.5) * 2
                    let theta = [b, w, exp(logSigma)]
                    // the grid is uniform in log σ: the density of (b, w, log σ) carries a factor σ
                    logs.append((posterior.logDensity(theta) + logSigma, theta))
                }
            }
        }
        let peak = logs.map(\.0).max()!
        for (value, theta) in logs {
            let weight = exp(value - peak)
            total += weight
            for j in 0..<3 { moments[j] += weight * theta[j] }
        }
        let exact = moments.map { $0 / total }
        let settings = try SamplerSettings(chains: 4, warmup: 1_000, draws: 4_000, proposal: .laplace, seed: 21)
        let sample = try Regression.linear.samplePosterior(
            data, design: RegressionDesign(), penalty: .laplace(lambda: lambda), settings: settings, threads: 2)
        for (j, summary) in sample.diagnostics().enumerated() {
            let mcse = try #require(summary.mcse)
            #expect(abs(summary.mean - exact[j]) < 4 * mcse, "\(sample.parameterNames[j]): \(summary.mean) ± \(mcse) vs \(exact[j])")
        }
        // the prior pulls w towards 0 relative to the MLE
        #expect(abs(exact[1]) < abs(mle.estimates[1]))
    }

    /// Conjugate families sampled through `Family.samplePosterior`: beta–bernoulli, gamma–poisson,
    /// gamma–exponential; and 3 heads in 3 flips under a flat prior (Beta(4, 1)), whose MLE p̂ = 1
    /// lies on the boundary, so the chains must start from the interior.
    @Test func conjugateFamilyPosteriorsAreRecovered() throws {
        let cases: [(Family, [Double], FamilyPriorSpecification, mean: Double, sd: Double)] = [
            (.bernoulli, [1, 0, 1, 1, 0, 1, 1], .beta(2, 3), 7.0 / 12, (7.0 * 5 / (144 * 13)).squareRoot()),
            (.bernoulli, [1, 1, 1], .flat, 4.0 / 5, (4.0 / (25 * 6)).squareRoot()),
            (.poisson, [3, 1, 4, 1, 5, 0, 2], .gamma(2, 0.5), 18 / 7.5, 18.0.squareRoot() / 7.5),
            (.exponential, [0.5, 2.1, 0.3, 1.7, 0.9], .gamma(3, 2), 8 / 7.5, 8.0.squareRoot() / 7.5),
        ]
        for (family, values, prior, mean, sd) in cases {
            for proposal in [ProposalKind.adaptive, .nuts] {
                let settings = try SamplerSettings(chains: 4, warmup: 1_000, draws: 3_000, proposal: proposal, seed: 4)
                let sample = try family.samplePosterior(Sample(values), prior: prior, settings: settings, threads: 2)
                let summary = sample.diagnostics()[0]
                let mcse = try #require(summary.mcse)
                #expect(abs(summary.mean - mean) < 4 * mcse, "\(family) \(prior) \(proposal): \(summary.mean) ± \(mcse) vs \(mean)")
                #expect(abs(summary.sd / sd - 1) < 0.08, "\(family) \(prior) \(proposal): sd \(summary.sd) vs \(sd)")
                #expect(try #require(summary.rhat) < 1.01)
            }
        }
    }

    /// Uniform(a, b) under a flat prior: p(a, b | x) ∝ (b − a)⁻ⁿ on a < min, b > max, so b − min
    /// is Pareto with E[b] = min + (max − min)(n − 2)/(n − 3).
    @Test func uniformPosteriorHasTheParetoMarginal() throws {
        let values: [Double] = [2.3, 4.1, 3.3, 2.9, 3.8, 2.6, 4.0, 3.1]
        let settings = try SamplerSettings(chains: 4, warmup: 2_000, draws: 4_000, seed: 8)
        let sample = try Family.uniform.samplePosterior(Sample(values), prior: .flat, settings: settings, threads: 2)
        let n = Double(values.count)
        let (low, high) = (values.min()!, values.max()!)
        let summaries = sample.diagnostics()
        let expectedB = low + (high - low) * (n - 2) / (n - 3)
        let expectedA = high - (high - low) * (n - 2) / (n - 3)
        #expect(abs(summaries[1].mean - expectedB) < 4 * (try #require(summaries[1].mcse)), "b \(summaries[1].mean) vs \(expectedB)")
        #expect(abs(summaries[0].mean - expectedA) < 4 * (try #require(summaries[0].mcse)), "a \(summaries[0].mean) vs \(expectedA)")
        #expect(sample.chains.allSatisfy { $0.draws.allSatisfy { $0[0] <= low && $0[1] >= high } })
    }

    /// The laplace prior of a logistic regression, not differentiable where weights are 0, still
    /// gets a proposal from the matched gaussian curvature; chains, R-hat and the draws' shape.
    @Test func nonSmoothRegressionPriorsAreSampled() throws {
        let dataset = try Dataset.load(path: References.url("regression/logistic.csv").path)
        let data = try RegressionData(dataset, target: "y")
        let settings = try SamplerSettings(chains: 4, warmup: 1_000, draws: 1_000, proposal: .laplace, seed: 2)
        let sample = try Regression.logistic.samplePosterior(
            data, design: RegressionDesign(), penalty: .laplace(lambda: 5), settings: settings, threads: 2)
        let map = try Regression.logistic.fit(data, design: RegressionDesign(), penalty: .laplace(lambda: 5))
        for (j, summary) in sample.diagnostics().enumerated() {
            #expect(try #require(summary.rhat) < 1.01)
            #expect(try #require(summary.essBulk) > 1_000)
            // a near-symmetric posterior: the mean lies within 0.5 sd of the mode
            #expect(abs(summary.mean - map.estimates[j]) < 0.5 * summary.sd, "\(sample.parameterNames[j])")
        }
    }

    @Test func improperAndInvalidRequestsAreRefused() throws {
        let settings = try SamplerSettings(chains: 2, warmup: 10, draws: 10)
        #expect(throws: InferenceError.self) {
            try Family.studentT.samplePosterior(Sample([1, 2, 3, 4]), prior: .flat, settings: settings)
        }
        #expect(throws: InferenceError.self) {
            try Family.gaussian.samplePosterior(Sample([1, 2, 3, 4]), prior: .flat, settings: settings, chainIDs: [3])
        }
        // a location and a scale under flat priors: improper below 3 rows (∫ p dμ ∝ σ¹⁻ⁿ)
        for family in [Family.gaussian, .uniform, .laplace] {
            #expect(throws: InferenceError.data("the \(family.rawValue) posterior under a flat prior is improper with fewer than 3 rows (the likelihood does not vanish as the scale grows); got 2")) {
                try family.samplePosterior(Sample([1, 2]), prior: .flat, settings: settings)
            }
        }
        #expect(try Family.gaussian.samplePosterior(Sample([1, 2]), prior: .normal(0, 1), settings: settings).chains.count == 2)
    }
}

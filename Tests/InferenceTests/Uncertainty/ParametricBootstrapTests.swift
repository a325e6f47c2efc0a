import Foundation
import GSL
import Inference
import Testing
import TestSupport

/// The parametric bootstrap against its exact distribution where it has one.
@Suite struct ParametricBootstrapTests {
    let lifetimes: [Double] = [0.8, 2.4, 0.3, 1.9, 4.2, 0.6, 1.1, 3.3, 0.2, 1.4, 2.8, 0.9, 0.5, 1.7, 2.2, 0.4, 3.9, 1.2, 0.7, 2.6]

    /// Exponential samples from the fitted rate λ̂ = 1/x̄: x̄* ~ Gamma(n, nλ̂), so λ̂* = 1/x̄* is
    /// inverse-gamma with mean nλ̂/(n − 1) and sd nλ̂/((n − 1)√(n − 2)). B = 20,000: the bootstrap
    /// SE's relative Monte-Carlo sd is under 1.5% (heavy right tail), the bias's sd is SE/√B.
    @Test func exponentialRateHasTheInverseGammaBootstrapDistribution() throws {
        let plan = try BootstrapPlan(resamples: 20_000, seed: 12, threads: 2)
        let result = try Family.exponential.bootstrap(Sample(lifetimes), prior: .flat, plan: plan, parametric: true)
        let summary = try #require(try result.summaries(method: .percentile, level: 0.95, accelerations: nil).first)
        let n = Double(lifetimes.count)
        let rate = n / lifetimes.reduce(0, +)
        let sd = n * rate / ((n - 1) * (n - 2).squareRoot())
        #expect(abs(summary.standardError / sd - 1) < 0.06, "SE \(summary.standardError) vs \(sd)")
        #expect(abs(summary.bias - rate / (n - 1)) < 4 * sd / 20_000.0.squareRoot(), "bias \(summary.bias) vs \(rate / (n - 1))")
        // the exact percentile interval: quantiles of nλ̂/Gamma(n, 1); a 2.5% quantile of B draws
        // has an sd of about √(0.025·0.975/B)/φ(1.96) ≈ 0.02 sds of the distribution: 4 of them
        let gamma = try Gamma(shape: n, rate: 1)
        let lower = n * rate / (try gamma.quantile(0.975))
        let upper = n * rate / (try gamma.quantile(0.025))
        #expect(abs(summary.lower - lower) < 0.08 * sd && abs(summary.upper - upper) < 0.08 * sd, "\(summary) vs \(lower)…\(upper)")
    }

    /// Linear regression: new targets y* = Xŵ + σ̂ε at the same features give ŵ* ~ N(ŵ, σ̂²(X̃ᵀX̃)⁻¹)
    /// exactly, so the bootstrap SEs equal the fit's (MLE-scale) standard errors up to the
    /// Monte-Carlo error of an sd, 1/√(2B) = 1.6% at B = 2,000.
    /// Counts that are all 0 fit λ̂ = 0, from which every simulated sample is all 0: the
    /// interval is the point 0 (once every replicate failed, GSL having no Poisson(0)).
    @Test func poissonCountsOfZeroGiveAPointInterval() throws {
        let plan = try BootstrapPlan(resamples: 99, seed: 3, threads: 1)
        let result = try Family.poisson.bootstrap(Sample([0, 0, 0, 0], name: "visits"), prior: .flat, plan: plan, parametric: true)
        #expect(result.failureCount == 0)
        let summary = try #require(try result.summaries(method: .percentile, level: 0.95, accelerations: nil).first)
        #expect(summary.lower == 0 && summary.upper == 0 && summary.standardError == 0)
        let simulated = try #require(PoissonModel().simulate([0], like: Sample([0, 0, 0], name: "visits"), using: try RandomGenerator(seed: 1)))
        #expect(simulated.values == [0, 0, 0] && simulated.name == "visits")
    }

    @Test func linearRegressionBootstrapSEsAreTheExactOnes() throws {
        let dataset = try Dataset.load(path: References.url("regression/linear.csv").path)
        let data = try RegressionData(dataset, target: "y")
        let plan = try BootstrapPlan(resamples: 2_000, seed: 4, threads: 2)
        let result = try Regression.linear.bootstrap(data, design: RegressionDesign(), penalty: .none, plan: plan, parametric: true)
        let fit = try Regression.linear.fit(data, design: RegressionDesign(), penalty: .none)
        let summaries = try result.summaries(method: .percentile, level: 0.95, accelerations: nil)
        for j in 0..<(fit.estimates.count - 1) {
            let se = try #require(fit.standardErrors[j])
            #expect(abs(summaries[j].standardError / se - 1) < 0.065, "\(fit.parameterNames[j]): \(summaries[j].standardError) vs \(se)")
        }
        #expect(result.failureCount == 0)
    }

    /// Replicate k draws from stream k: the same replicates on any number of threads and shards,
    /// for a family and for a logistic regression; and not those of the nonparametric bootstrap.
    @Test func parametricReplicatesDoNotDependOnTheThreadsOrTheShards() throws {
        let one = try Family.gamma.bootstrap(Sample(lifetimes), prior: .flat, plan: try BootstrapPlan(resamples: 60, seed: 3, threads: 1), parametric: true)
        var sharded: [BootstrapReplicate] = []
        for k in 1...3 {
            let plan = try BootstrapPlan(resamples: 60, seed: 3, threads: 2, shard: (index: k, count: 3))
            sharded += try Family.gamma.bootstrap(Sample(lifetimes), prior: .flat, plan: plan, parametric: true).replicates
        }
        #expect(sharded == one.replicates)
        let rows = try RegressionData(try Dataset.load(path: References.url("regression/logistic.csv").path), target: "y")
        let logistic = { (threads: Int) throws -> BootstrapResult in
            try Regression.logistic.bootstrap(
                rows, design: RegressionDesign(), penalty: .gaussian(lambda: 1), plan: try BootstrapPlan(resamples: 40, seed: 9, threads: threads),
                parametric: true)
        }
        #expect(try logistic(1).replicates == logistic(2).replicates)
        let nonparametric = try Family.gamma.bootstrap(Sample(lifetimes), prior: .flat, plan: try BootstrapPlan(resamples: 60, seed: 3))
        #expect(nonparametric.replicates != one.replicates)
    }

    /// A statistic of samples from a fitted family: the mean of n draws from N(μ̂, σ̂²) has sd
    /// σ̂/√n exactly (σ̂ the MLE); B = 5,000 puts the bootstrap SE within 1/√(2B) = 1% of it per
    /// Monte-Carlo sd. A two-column statistic is refused.
    @Test func statisticsOfAFittedFamily() throws {
        let plan = try BootstrapPlan(resamples: 5_000, seed: 2, threads: 2)
        let result = try Family.gaussian.parametricBootstrap(.mean, of: Sample(lifetimes), prior: .flat, plan: plan)
        let summary = try #require(try result.summaries(method: .percentile, level: 0.95, accelerations: nil).first)
        let fit = try Family.gaussian.maximumLikelihood(Sample(lifetimes))
        let exact = fit.estimates[1] / Double(lifetimes.count).squareRoot()
        #expect(abs(summary.standardError / exact - 1) < 0.04, "\(summary.standardError) vs \(exact)")
        #expect(result.parameterNames == ["mean"] && result.estimates[0] == lifetimes.reduce(0, +) / Double(lifetimes.count))
        #expect(throws: InferenceError.self) {
            try Family.gaussian.parametricBootstrap(.correlation, of: Sample(lifetimes), prior: .flat, plan: plan)
        }
    }
}

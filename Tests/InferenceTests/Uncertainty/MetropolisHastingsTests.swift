import Foundation
import GSL
import Inference
import Testing
import TestSupport

/// The sampler against posteriors known exactly, with bounds from its own Monte-Carlo error.
@Suite struct MetropolisHastingsTests {
    /// 7 heads in 10 flips under beta(2, 2): the posterior is Beta(9, 5). Four chains of 4,000
    /// draws: the mean must lie within 4 MCSE of 9/14 (a correct sampler fails with probability
    /// 6e-5), the sd within 10% of the exact one (its relative Monte-Carlo error is about
    /// 1/√(2·ESS) ≈ 2% at the ESS reached here), and the diagnostics must call the chains mixed.
    @Test func betaBernoulliPosteriorIsRecovered() throws {
        let flips = Sample([1, 1, 0, 1, 1, 0, 1, 1, 0, 1])
        let target = Posterior(model: BernoulliModel(), prior: try BetaPrior(a: 2, b: 2), data: flips)
        for proposal in ProposalKind.allCases {
            let settings = try SamplerSettings(chains: 4, warmup: 1_000, draws: 4_000, proposal: proposal, seed: 5)
            let chains = try PosteriorSampler.run(target: target, mode: [8.0 / 12], settings: settings, ids: [1, 2, 3, 4], threads: 2)
            let summary = ParameterDiagnostics(chains: chains.map { $0.draws.map { $0[0] } })
            let mean = 9.0 / 14
            let sd = (9.0 * 5 / (14 * 14 * 15)).squareRoot()
            let mcse = try #require(summary.mcse)
            #expect(abs(summary.mean - mean) < 4 * mcse, "\(proposal): mean \(summary.mean) ± \(mcse)")
            #expect(abs(summary.sd / sd - 1) < 0.1, "\(proposal): sd \(summary.sd) vs \(sd)")
            #expect(try #require(summary.rhat) < 1.01)
            #expect(try #require(summary.essBulk) > 1_000)
            #expect(chains.allSatisfy { $0.draws.count == 4_000 && $0.draws.allSatisfy { $0[0] > 0 && $0[0] < 1 } })
            if proposal == .laplace {
                // independence proposals from a t close to the posterior: most are accepted
                #expect(chains.allSatisfy { $0.acceptanceRate > 0.6 }, "\(chains.map(\.acceptanceRate))")
            } else if proposal.isHamiltonian {
                // trajectories tuned to a mean acceptance statistic of 0.8 nearly always move
                #expect(chains.allSatisfy { $0.acceptanceRate > 0.8 }, "\(chains.map(\.acceptanceRate))")
                #expect(chains.allSatisfy { $0.hamiltonian?.divergences == 0 })
            } else {
                // one dimension: the warmup tunes the random walk's acceptance rate towards 0.44
                #expect(chains.allSatisfy { abs($0.acceptanceRate - 0.44) < 0.1 }, "\(chains.map(\.acceptanceRate))")
            }
        }
    }

    /// Chain k uses stream k of the seed: alone, or among others on any number of threads, it is
    /// the same chain; another seed gives another chain.
    @Test func aChainIsTheSameAloneAndInAFullRunOnAnyThreads() throws {
        let sample = Sample([2.1, 3.4, 1.9, 2.8, 3.3, 2.2, 2.9])
        let target = Posterior(model: GaussianModel(), prior: FlatPrior(), data: sample)
        let mode = try Family.gaussian.maximumLikelihood(sample).estimates
        let settings = try SamplerSettings(chains: 4, warmup: 200, draws: 300, seed: 9)
        let full = try PosteriorSampler.run(target: target, mode: mode, settings: settings, ids: [1, 2, 3, 4], threads: 3)
        let alone = try PosteriorSampler.run(target: target, mode: mode, settings: settings, ids: [3], threads: 1)
        #expect(full.map(\.id) == [1, 2, 3, 4])
        #expect(alone[0].draws == full[2].draws && alone[0].logDensity == full[2].logDensity)
        #expect(full[0].draws != full[1].draws)
        let reseeded = try PosteriorSampler.run(
            target: target, mode: mode, settings: try SamplerSettings(chains: 4, warmup: 200, draws: 300, seed: 10), ids: [3])
        #expect(reseeded[0].draws != alone[0].draws)
        // sigma is sampled on the log scale: every draw stays positive
        #expect(full.allSatisfy { $0.draws.allSatisfy { $0[1] > 0 } })
    }

    /// The linear model with a gaussian prior: under the contract's posterior the marginal of
    /// (b, w) is a multivariate Student-t centred at the ridge solution, so every coefficient's
    /// posterior mean must lie within 4 MCSE of the ridge fit.
    @Test func linearGaussianPosteriorIsCentredOnTheRidgeSolution() throws {
        let x1: [Double] = [0.5, 1.2, 2.3, 3.1, 4.8, 5.2, 6.9, 7.4, 8.8, 9.1, 10.5, 11.2]
        let x2: [Double] = [3.1, 2.2, 4.5, 1.1, 0.7, 2.9, 3.3, 5.1, 0.2, 1.8, 2.6, 4.4]
        let y = zip(x1, x2).enumerated().map { i, x in 1 + 0.8 * x.0 - 0.5 * x.1 + sin(Double(i) * 2.1) }
        let data = try RegressionData(try Dataset(columnNames: ["x1", "x2", "y"], columns: [x1, x2, y]), target: "y")
        let model = LinearRegressionModel(featureNames: ["x1", "x2"])
        let posterior = try LinearPosterior(model: model, data: data, lambda: 2)
        let mode = try posterior.mode()
        let ridge = try Regression.linear.fit(data, design: RegressionDesign(), penalty: .gaussian(lambda: 2))
        let settings = try SamplerSettings(chains: 4, warmup: 1_000, draws: 3_000, proposal: .laplace, seed: 3)
        let chains = try PosteriorSampler.run(target: posterior, mode: mode, settings: settings, ids: [1, 2, 3, 4], threads: 2)
        for j in 0..<3 {
            let summary = ParameterDiagnostics(chains: chains.map { $0.draws.map { $0[j] } })
            let mcse = try #require(summary.mcse)
            #expect(abs(summary.mean - ridge.estimates[j]) < 4 * mcse, "coefficient \(j): \(summary.mean) ± \(mcse) vs \(ridge.estimates[j])")
            #expect(try #require(summary.rhat) < 1.01)
        }
    }

    @Test func settingsAreValidated() {
        #expect(throws: InferenceError.self) { try SamplerSettings(chains: 0) }
        #expect(throws: InferenceError.self) { try SamplerSettings(draws: 0) }
        #expect(throws: InferenceError.self) { try SamplerSettings(thin: 0) }
        #expect(throws: InferenceError.self) { try SamplerSettings(warmup: -1) }
    }
}

import Foundation
import GSL
import Inference
import Testing

/// Simulation-based calibration (Talts et al. 2018) of every proposal of the sampler on three
/// models: θ from a proper prior, data from the model at θ, one chain of 49 draws thinned to
/// near-independence, the rank of θ among them (0…49). For a sampler that draws from the
/// posterior the ranks are uniform: 500 replications in 10 bins, Pearson's χ² test (9 degrees of
/// freedom) must give p > 0.001, which a correct sampler fails once in a thousand runs a
/// parameter (the seeds are fixed, so a pass is reproducible, and a broken sampler, too narrow
/// or biased, fails by orders of magnitude: see `aBiasedSamplerFails`).
@Suite struct SimulationBasedCalibrationTests {
    static let replications = 500
    static let bins = 10

    /// Thinning enough for near-independent draws: the random walks move about once in three
    /// to five iterations and need several moves to forget; HMC and NUTS draws are nearly
    /// independent already.
    static func settings(_ proposal: ProposalKind, dimension: Int) throws -> SamplerSettings {
        let thin: Int
        switch proposal {
        case .nuts, .hmc: thin = 2
        case .laplace: thin = 3
        case .adaptive, .randomWalk: thin = dimension == 1 ? 8 : 12
        }
        return try SamplerSettings(chains: 1, warmup: 200, draws: 49, thin: thin, proposal: proposal)
    }

    func check<M: SimulatableModel>(_ model: M, prior: some Prior, rows: Int, seed: UInt64) throws where M.Data == Sample {
        let data = Sample([Double](repeating: 1, count: rows))
        for proposal in ProposalKind.allCases {
            let settings = try Self.settings(proposal, dimension: model.parameterNames.count)
            let result = try SimulationBasedCalibration.run(
                model: model, prior: prior, like: data, settings: settings, replications: 1...Self.replications, seed: seed, threads: 2)
            #expect(result.failures <= 2, "\(model.name) \(proposal): \(result.failures) failures")
            for (k, name) in model.parameterNames.enumerated() {
                let p = result.uniformityPValue(parameter: k, bins: Self.bins)
                #expect(p > 0.001, "\(model.name) \(name) \(proposal): ranks \(result.histogram(parameter: k, bins: Self.bins)), p = \(p)")
            }
        }
    }

    /// λ ~ Gamma(3, 1), five Poisson(λ) counts.
    @Test func poissonUnderAGammaPrior() throws {
        try check(PoissonModel(), prior: try GammaPrior(shape: 3, rate: 1), rows: 5, seed: 2018)
    }

    /// p ~ Beta(2, 2), ten flips: posteriors near the boundary when the flips agree.
    @Test func bernoulliUnderABetaPrior() throws {
        try check(BernoulliModel(), prior: try BetaPrior(a: 2, b: 2), rows: 10, seed: 2019)
    }

    /// μ ~ Normal(0, 1) and σ ~ Gamma(4, 4), six gaussian draws: two parameters, one positive,
    /// a posterior skewed in σ.
    @Test func gaussianUnderNormalAndGammaPriors() throws {
        let model = GaussianModel()
        let prior = JointPrior(
            try NormalPrior(mean: 0, standardDeviation: 1, on: "mu", of: model), try GammaPrior(shape: 4, rate: 4, on: "sigma", of: model))
        try check(model, prior: prior, rows: 6, seed: 2020)
    }

    /// The test has power: a "sampler" whose draws are the exact posterior's shifted by half its
    /// sd is rejected with p far below 0.001.
    @Test func aBiasedSamplerFails() throws {
        let generator = try RandomGenerator(seed: 7)
        let prior = try Gamma(shape: 3, rate: 1)
        var ranks: [Int] = []
        for _ in 0..<Self.replications {
            let lambda = prior.sample(using: generator)
            let poisson = try Poisson(mean: lambda)
            let total = (0..<5).reduce(0.0) { total, _ in total + Double(poisson.sample(using: generator)) }
            // the exact posterior Gamma(3 + Σx, 1 + 5), shifted by half its sd
            let posterior = try Gamma(shape: 3 + total, rate: 6)
            let shift = 0.5 * (3 + total).squareRoot() / 6
            ranks.append((0..<49).count { _ in posterior.sample(using: generator) + shift < lambda })
        }
        let result = SimulationBasedCalibrationResult(parameterNames: ["lambda"], draws: 49, replications: 1...Self.replications, ranks: ranks.map { [$0] })
        #expect(result.uniformityPValue(parameter: 0, bins: Self.bins) < 1e-6)
    }
}

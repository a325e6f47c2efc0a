import Foundation
import Inference
import Testing
import TestSupport

/// The Weibull family, added through the model catalog alone. Its MLE and standard errors are
/// checked with every family's against families.json (the exact MLE, Newton's method in 50-digit
/// arithmetic on the score equations, and scipy's `weibull_min.fit(x, floc=0)`) by
/// `FamilyMaximumLikelihoodTests`; here, the rest of what a family gets from the catalog.
@Suite struct WeibullModelTests {
    let sample: Sample

    init() throws {
        sample = try #require(FamilyFitReference.all.first { $0.family == "weibull" }).sample()
    }

    @Test func itPassesTheConformanceHarness() {
        let report = ModelConformance.check(WeibullModel(), on: sample)
        #expect(report.passed, "\(report)")
    }

    /// A gamma prior on the shape pulls the MAP's shape towards the prior's mode (1 for
    /// gamma(2,1)); the Laplace approximation sits at that mode; the sampler's posterior mean lies
    /// within 4 Monte-Carlo standard errors of the mode, plus a tenth of a posterior sd for the
    /// gap between the mean and the mode of a posterior that, from 120 rows, is nearly gaussian.
    @Test func everyAnalysisRunsThroughTheCatalog() throws {
        let prior = FamilyPriorSpecification.gamma(2, 1)
        let mle = try Family.weibull.maximumLikelihood(sample)
        let map = try Family.weibull.estimate(sample, prior: prior)
        #expect(map.method == .maximumAPosteriori && map.priorName == "gamma(2,1)")
        #expect(map.estimates[0] > 1 && map.estimates[0] < mle.estimates[0])
        let laplace = try Family.weibull.laplaceApproximation(sample, prior: prior)
        for (a, b) in zip(laplace.mode, map.estimates) { #expect(isClose(a, b, relative: 1e-12)) }
        let draws = try Family.weibull.samplePosterior(
            sample, prior: prior, settings: SamplerSettings(chains: 2, warmup: 500, draws: 2000, seed: 3))
        let shape = draws.diagnostics()[0]
        let mcse = try #require(shape.mcse)
        #expect(abs(shape.mean - laplace.mode[0]) < 4 * mcse + 0.1 * shape.sd, "mean \(shape.mean), mode \(laplace.mode[0]), mcse \(mcse)")
        let bootstrap = try Family.weibull.bootstrap(
            sample, prior: .flat, plan: try BootstrapPlan(resamples: 200, seed: 1), parametric: true)
        #expect(bootstrap.replicates.count == 200 && bootstrap.estimates == mle.estimates)
    }

    @Test func equalValuesHaveNoMLE() {
        #expect(throws: InferenceError.numerical("every value of x is (nearly) equal: the weibull shape's MLE does not exist (it is infinite)")) {
            try Family.weibull.maximumLikelihood(Sample([2, 2, 2], name: "x"))
        }
    }
}

extension WeibullModelTests {
    /// A family that declares no row count of its own counts the sample's values (the contract's
    /// `"n"`, and the scale of the search's per-row tolerances).
    @Test func itCountsTheSamplesRows() throws {
        #expect(WeibullModel().observationCount(sample) == 120)
        #expect(try Family.weibull.maximumLikelihood(sample).observationCount == 120)
    }
}

extension WeibullModelTests {
    /// Independent priors on both parameters, each addressed by name, make one joint prior: the
    /// MAP is where the score of log L + log p vanishes (to the search's 1e-10 decrement a row:
    /// |∇| ≤ 1e-4 here), and a prior on a parameter the model lacks is a usage error naming them.
    @Test func aJointPriorAddressesParametersByName() throws {
        let model = WeibullModel()
        let prior = JointPrior(
            try GammaPrior(shape: 2, rate: 1, on: "shape", of: model), try GammaPrior(shape: 3, rate: 1, on: "scale", of: model))
        #expect(prior.name == "gamma(2,1) × gamma(3,1)")
        let map = try model.estimate(sample, prior: prior)
        let score = try #require(model.gradient(map.estimates, on: sample))
        let slope = try #require(prior.gradient(map.estimates))
        for k in 0..<2 { #expect(abs(score[k] + slope[k]) < 1e-4, "\(score) + \(slope)") }
        let single = try model.estimate(sample, prior: try GammaPrior(shape: 3, rate: 1, on: "scale", of: model))
        #expect(map.estimates[0] < single.estimates[0])  // the shape's prior pulls it down
        #expect(throws: InferenceError.usage("the weibull model has no parameter rate; its parameters are shape, scale")) {
            try GammaPrior(shape: 1, rate: 1, on: "rate", of: model)
        }
    }
}

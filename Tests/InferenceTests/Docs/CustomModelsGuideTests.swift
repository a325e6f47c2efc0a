import Foundation
import Inference
import Testing
import TestSupport

/// The tour of Docs/CustomModels.md and the DocC landing page: a user's own model (the
/// hand-written Weibull of ThirdPartyModelTests, only its log-likelihood) through every one-call
/// analysis. The pages hold this function's body verbatim.
@Suite struct CustomModelsGuideTests {
    // BEGIN custom-models
    func customModelTour() throws -> (mle: PointEstimate, map: PointEstimate, draws: PosteriorSample, bca: [BootstrapSummary]) {
        let lifetimes = try Dataset.load(path: "Tests/References/fit/weibull.csv").column(named: "x")
        let model = HandWrittenWeibull()

        // the MLE, with Wald standard errors and intervals
        let mle = try model.maximumLikelihood(lifetimes)
        print(mle)

        // the MAP under a joint prior: independent gamma priors on both parameters, by name
        let prior = JointPrior(
            try GammaPrior(shape: 2, rate: 1, on: "shape", of: model), try GammaPrior(shape: 3, rate: 1, on: "scale", of: model))
        let map = try model.estimate(lifetimes, prior: prior)
        print(map)

        // the Laplace approximation of that posterior, and draws from it (4 chains)
        let laplace = try model.laplaceApproximation(lifetimes, prior: prior)
        print(laplace.mode, laplace.standardDeviations, laplace.logEvidence)
        let draws = try model.samplePosterior(lifetimes, prior: prior, settings: SamplerSettings(draws: 2000, seed: 1))
        print(draws.diagnostics().map { ($0.mean, $0.rhat ?? .nan) })

        // BCa intervals of the MLE from 999 resamples
        let replicates = try model.bootstrap(lifetimes, prior: FlatPrior(), plan: try BootstrapPlan(resamples: 999, seed: 1))
        let accelerations = try model.bootstrapAccelerations(lifetimes, prior: FlatPrior(), seed: 1)
        let bca = try replicates.summaries(method: .bca, level: 0.95, accelerations: accelerations)
        print(bca.map { ($0.lower, $0.upper) })

        // and the checks every tool relies on
        print(ModelConformance.check(model, on: lifetimes))
        return (mle, map, draws, bca)
    }
    // END custom-models

    @Test func thePagesHoldThisFunction() throws {
        let function = try #require(try GuideCode.block("custom-models", in: #filePath))
        for page in ["Docs/CustomModels.md", "Sources/Inference/Inference.docc/Inference.md"] {
            #expect(try GuideCode.page(page).contains(function), "\(page) does not hold the code of customModelTour()")
        }
    }

    /// The tour runs, and its answers hang together: the MAP lies between the MLE and the priors'
    /// pull, the chains mix (R-hat < 1.01), and each BCa interval holds its MLE.
    @Test func theTourRuns() throws {
        guard FileManager.default.fileExists(atPath: "Tests/References/fit/weibull.csv") else {
            Issue.record("run the tests from the package's root, not from \(FileManager.default.currentDirectoryPath)")
            return
        }
        let (mle, map, draws, bca) = try customModelTour()
        #expect(map.method == .maximumAPosteriori && map.estimates[0] < mle.estimates[0])
        #expect(draws.diagnostics().allSatisfy { ($0.rhat ?? 2) < 1.01 })
        for (summary, estimate) in zip(bca, mle.estimates) { #expect(summary.lower < estimate && estimate < summary.upper) }
    }
}

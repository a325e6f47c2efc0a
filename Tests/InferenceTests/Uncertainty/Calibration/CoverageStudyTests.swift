import Foundation
import GSL
@testable import Inference
import Testing
import TestSupport

/// Coverage studies: the exponential's Wald coverage against a large numpy Monte Carlo and the
/// exact value, the theorem that a credible interval covers its level under truths drawn from its
/// prior, failures counted apart, and replications that do not depend on threads or shards.
@Suite struct CoverageStudyTests {
    let sampler = try! SamplerSettings(chains: 1, warmup: 200, draws: 99, thin: 2, proposal: .nuts)

    func study(_ sizes: [Int], _ methods: [IntervalMethod], truth: [Double]?, resamples: Int = 199, seed: UInt64 = 7) throws(InferenceError) -> CoverageStudy {
        try CoverageStudy(sizes: sizes, methods: methods, level: 0.95, resamples: resamples, truth: truth, seed: seed, sampler: sampler)
    }

    /// `Tests/References/calibration/exponential_wald.py`: the log-scale Wald interval of an
    /// exponential rate (2) at n = 10, 30, 100 covers 0.9410, 0.9470, 0.9491 (exact, and numpy's
    /// 4,000,000 replications agree). 20,000 replications here: an MCSE of ≈ 0.0017, and the
    /// bound is 4 MCSE of both together. The interval on the rate's own scale covers 0.9549 at
    /// n = 10, 8 of our MCSE away: the test tells the two definitions apart.
    @Test func theExponentialsWaldCoverageMatchesNumpysMonteCarlo() throws {
        let reference = try JSONSerialization.jsonObject(with: Data(contentsOf: References.url("calibration/exponential_wald.json"))) as! [String: Any]
        let entries = reference["coverage"] as! [[String: Any]]
        let sizes = entries.map { $0["n"] as! Int }
        let replications = 20_000
        let result = try Family.exponential.coverage(
            try study(sizes, [.wald], truth: [2]), prior: .flat, replications: 1...replications, threads: 2)
        let summaries = CoverageSummary.summarize(result, sizes: sizes, methods: [.wald], parameterNames: ["rate"])
        for (entry, summary) in zip(entries, summaries) {
            let monteCarlo = entry["monteCarlo"] as! [String: Any]
            let (exact, numpy, numpyError) = (entry["exact"] as! Double, monteCarlo["coverage"] as! Double, monteCarlo["mcse"] as! Double)
            let coverage = try #require(summary.coverage)
            let mcse = try #require(summary.monteCarloStandardError)
            #expect(summary.failures == 0 && summary.intervals == replications)
            #expect(abs(coverage - numpy) < 4 * (mcse * mcse + numpyError * numpyError).squareRoot(), "n = \(summary.n): \(coverage) against numpy's \(numpy)")
            #expect(abs(coverage - exact) < 4 * mcse, "n = \(summary.n): \(coverage) against the exact \(exact)")
        }
    }

    /// With θ drawn from the prior, the equal-tailed credible interval covers exactly its level,
    /// averaged over the prior (a theorem): within 4 MCSE, for a discrete and a continuous
    /// conjugate pair, at sizes where the MLE's Wald interval does not.
    @Test func aCredibleIntervalCoversItsLevelUnderItsPrior() throws {
        let replications = 4000
        for (family, prior) in [(Family.bernoulli, "beta(2,3)"), (.exponential, "gamma(3,2)")] {
            let specification = try FamilyPriorSpecification(parsing: prior)
            let result = try family.coverage(
                try study([4, 25], [.credible], truth: nil), prior: specification, replications: 1...replications, threads: 2)
            for summary in CoverageSummary.summarize(result, sizes: [4, 25], methods: [.credible], parameterNames: ["θ"]) {
                let coverage = try #require(summary.coverage)
                let mcse = (0.95 * 0.05 / Double(replications)).squareRoot()
                #expect(summary.failures == 0)
                #expect(abs(coverage - 0.95) < 4 * mcse, "\(family) \(prior) n = \(summary.n): \(coverage)")
            }
        }
    }

    /// A method with no interval on a data set is a failure, counted apart and left out of the
    /// coverage: 10 flips at p = 0.05 are all tails 60% of the time, where the MLE lies on the
    /// boundary and has no Wald interval.
    @Test func failuresAreCountedNotHidden() throws {
        let replications = 400
        let result = try Family.bernoulli.coverage(try study([10], [.wald, .percentile], truth: [0.05]), prior: .flat, replications: 1...replications)
        let summaries = CoverageSummary.summarize(result, sizes: [10], methods: [.wald, .percentile], parameterNames: ["p"])
        let wald = summaries[0]
        // P(all tails) = 0.95¹⁰ = 0.599: within 5 binomial sds
        let expected = 0.95.power(10) * Double(replications)
        #expect(abs(Double(wald.failures) - expected) < 5 * (expected * (1 - 0.599)).squareRoot(), "\(wald.failures) failures")
        #expect(wald.failures + wald.intervals == replications)
        // the bootstrap of all tails is the point 0, an interval that misses p
        #expect(summaries[1].failures == 0 && summaries[1].coverage! < 0.45)
    }

    /// Replication r is the same in any range and on any number of threads, so shards merge to
    /// one run; the sizes nest (the first rows of one data set), each method's bootstrap and
    /// sampler seeded from the replication.
    @Test func replicationsDoNotDependOnThreadsOrRanges() throws {
        let design = try study([8, 30], [.wald, .percentile, .bca, .laplace, .credible], truth: nil, resamples: 99)
        let prior = try FamilyPriorSpecification(parsing: "gamma(2,1)")
        let whole = try Family.poisson.coverage(design, prior: prior, replications: 1...12, threads: 1)
        let threaded = try Family.poisson.coverage(design, prior: prior, replications: 1...12, threads: 3)
        let parts = try Family.poisson.coverage(design, prior: prior, replications: 1...5, threads: 2)
            + Family.poisson.coverage(design, prior: prior, replications: 6...12, threads: 2)
        #expect(whole == threaded)
        #expect(whole == parts)
        #expect(whole.map(\.replication) == Array(1...12))
        // different truths: each replication drew its own
        #expect(Set(whole.compactMap { $0.truth?[0] }).count == 12)
    }

    /// A regression simulates its targets at the first rows of its design: the logistic MLE's
    /// Wald interval is near its level at 400 rows (within 4 MCSE of 0.95 over 300 data sets,
    /// each parameter).
    @Test func aRegressionSimulatesAtItsDesign() throws {
        let generator = try RandomGenerator(seed: 3)
        let normal = try Normal()
        let rows = (0..<400).map { _ in [normal.sample(using: generator), normal.sample(using: generator)] }
        let dataset = try Dataset(columnNames: ["x1", "x2", "y"], columns: [rows.map { $0[0] }, rows.map { $0[1] }, rows.map { _ in 0 }])
        let data = try RegressionData(dataset, target: "y", features: ["x1", "x2"])
        let replications = 300
        let result = try Regression.logistic.coverage(
            try study([400], [.wald], truth: [-0.5, 1, -0.7]), data: data, design: RegressionDesign(intercept: true, standardize: false),
            penalty: .none, replications: 1...replications, threads: 2)
        for summary in CoverageSummary.summarize(result, sizes: [400], methods: [.wald], parameterNames: ["intercept", "x1", "x2"]) {
            let coverage = try #require(summary.coverage)
            #expect(abs(coverage - 0.95) < 4 * (0.95 * 0.05 / Double(replications)).squareRoot(), "\(summary.name): \(coverage)")
        }
    }

    @Test func optionsThatCannotWorkAreUsageErrors() throws {
        let flat = FamilyPriorSpecification.flat
        let cases: [() throws -> Void] = [
            { _ = try Family.exponential.coverage(try study([10], [.laplace], truth: [1]), prior: flat, replications: 1...2) },
            { _ = try Family.exponential.coverage(try study([10], [.wald], truth: nil), prior: flat, replications: 1...2) },
            { _ = try Family.exponential.coverage(try study([10], [.wald], truth: [1, 2]), prior: flat, replications: 1...2) },
            { _ = try Family.exponential.coverage(try study([10], [.wald], truth: [1]), prior: flat, replications: 0...2) },
            { _ = try study([], [.wald], truth: [1]) },
            { _ = try study([10], [], truth: [1]) },
            { _ = try study([10], [.bca], truth: [1], resamples: 10) },
        ]
        for (k, run) in cases.enumerated() {
            do {
                try run()
                Issue.record("case \(k) ran")
            } catch {
                #expect((error as? InferenceError)?.kind == .usage, "case \(k): \(error)")
            }
        }
    }
}

extension Double {
    fileprivate func power(_ k: Int) -> Double { (0..<k).reduce(1) { product, _ in product * self } }
}

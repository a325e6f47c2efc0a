import Foundation
import GSL
import Inference
import Testing
import TestSupport

@Suite struct BootstrapTests {
    let sample: [Double] = [3, 5, 7, 18, 43, 85, 91, 98, 100, 130, 230, 487]  // boot's aircondit

    @Test func replicatesDoNotDependOnTheThreadsOrTheShards() throws {
        let one = try Bootstrap.statistic(.median, columns: [sample], plan: try BootstrapPlan(resamples: 999, seed: 7, threads: 1))
        let three = try Bootstrap.statistic(.median, columns: [sample], plan: try BootstrapPlan(resamples: 999, seed: 7, threads: 3))
        #expect(one.replicates == three.replicates)
        var sharded: [BootstrapReplicate] = []
        for k in 1...4 {
            let plan = try BootstrapPlan(resamples: 999, seed: 7, threads: 2, shard: (index: k, count: 4))
            sharded += try Bootstrap.statistic(.median, columns: [sample], plan: plan).replicates
        }
        #expect(sharded == one.replicates)
        let other = try Bootstrap.statistic(.median, columns: [sample], plan: try BootstrapPlan(resamples: 999, seed: 8))
        #expect(other.replicates != one.replicates)
    }

    /// The standard error of the mean's bootstrap is σ̂/√n (divisor n) up to Monte-Carlo error:
    /// with B = 20,000 its relative sd is about 1/√(2B) = 0.5%, so 3% is a loose bound.
    @Test func theMeansStandardErrorIsThePluginOne() throws {
        let result = try Bootstrap.statistic(.mean, columns: [sample], plan: try BootstrapPlan(resamples: 20_000, seed: 3, threads: 2))
        let summary = try #require(try result.summaries(method: .percentile, level: 0.95, accelerations: nil).first)
        let n = Double(sample.count)
        let mean = sample.reduce(0, +) / n
        let plugin = (sample.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n / n).squareRoot()
        #expect(abs(summary.standardError / plugin - 1) < 0.03)
        #expect(abs(summary.bias) < 4 * plugin / (20_000.0).squareRoot())
    }

    @Test func theJackknifeAccelerationOfTheMeanIsExact() throws {
        let fast = try Bootstrap.accelerations(.mean, columns: [sample], seed: 1)
        let jackknife = try Bootstrap.accelerations(.trimmedMean(0), columns: [sample], seed: 1)
        #expect(abs(fast[0] - jackknife[0]) < 1e-14)
        // skewness form: a = Σd³ / (6 (Σd²)^{3/2}), d = x − x̄
        let mean = sample.reduce(0, +) / Double(sample.count)
        let d = sample.map { $0 - mean }
        let expected = d.reduce(0) { $0 + $1 * $1 * $1 } / (6 * pow(d.reduce(0) { $0 + $1 * $1 }, 1.5))
        #expect(abs(fast[0] - expected) < 1e-15)
    }

    @Test func theGroupedJackknifeApproximatesTheExactOne() throws {
        let generator = try RandomGenerator(seed: 11)
        let large = (0..<5000).map { _ in (try? Exponential(rate: 1))?.sample(using: generator) ?? 0 }
        let exact = try Bootstrap.accelerations(.mean, columns: [large], seed: 1)[0]
        let grouped = try Bootstrap.accelerations(.trimmedMean(0), columns: [large], seed: 1)[0]
        // exponential data: a ≈ skewness/(6√n) = 2/(6·70.7) ≈ 0.0047
        #expect(abs(grouped - exact) < 0.1 * abs(exact), "\(grouped) vs \(exact)")
    }

    @Test func degenerateCasesGiveNumbersNotNaN() throws {
        let constant = [Double](repeating: 4.2, count: 15)
        let result = try Bootstrap.statistic(.mean, columns: [constant], plan: try BootstrapPlan(resamples: 200, seed: 1))
        for method in [BootstrapMethod.percentile, .basic, .bca] {
            let summary = try #require(try result.summaries(
                method: method, level: 0.95, accelerations: try Bootstrap.accelerations(.mean, columns: [constant], seed: 1)).first)
            #expect(summary.lower == summary.estimate && summary.upper == summary.estimate, "\(method)")
            #expect(summary.standardError == 0 && summary.bias == 0 && abs(summary.estimate - 4.2) < 1e-15, "\(method)")
        }
        #expect(throws: InferenceError.self) {
            try Bootstrap.statistic(.correlation, columns: [constant, constant], plan: try BootstrapPlan(resamples: 10, seed: 1))
        }
        #expect(throws: InferenceError.self) {
            try Bootstrap.statistic(.median, columns: [sample], plan: try BootstrapPlan(resamples: 10, seed: 1), studentized: true)
        }
    }

    /// Refits that fail are counted; above 5% of the resamples the bootstrap is an error.
    @Test func failedRefitsAreCountedAndBoundedByAThreshold() throws {
        // logistic data that is nearly separated: many resamples are separated
        let x: [Double] = [-3, -2.5, -2, -1.5, -1, 0.8, 1, 1.5, 2, 2.5, 3, -0.2, 1.2]
        let y: [Double] = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 0]
        let data = try RegressionData(try Dataset(columnNames: ["x", "y"], columns: [x, y]), target: "y")
        let result = try Regression.logistic.bootstrap(
            data, design: RegressionDesign(), penalty: .none, plan: try BootstrapPlan(resamples: 200, seed: 1))
        #expect(result.failureCount > 10)
        #expect(throws: InferenceError.self) { try result.checkFailures() }
        let ridge = try Regression.logistic.bootstrap(
            data, design: RegressionDesign(), penalty: .gaussian(lambda: 1), plan: try BootstrapPlan(resamples: 200, seed: 1))
        #expect(ridge.failureCount == 0)
        #expect(try ridge.checkFailures() == nil)
    }

    /// Coverage of 95% intervals of an exponential mean, n = 20: 300 data sets, B = 399 (sized
    /// for a debug build). The Monte-Carlo sd of a coverage is √(.95·.05/300) ≈ 1.26 points.
    /// The studentized interval (second-order accurate) lands within 3 sd of 95%; BCa and the
    /// percentile interval are known to undercover a skewed mean at n = 20 (about 92% and 91%,
    /// Efron & Tibshirani 1993, table 14.2 for similar cases), so they only need to be within
    /// 3 sd of 92%.
    @Test func coverageIsNominalWithinMonteCarloError() throws {
        let generator = try RandomGenerator(seed: 2024)
        let exponential = try Exponential(rate: 1)
        var covered: [BootstrapMethod: Int] = [:]
        let datasets = 300
        for k in 0..<datasets {
            let data = exponential.sample(20, using: generator)
            let result = try Bootstrap.statistic(
                .mean, columns: [data], plan: try BootstrapPlan(resamples: 399, seed: UInt64(k), threads: 2), studentized: true)
            let a = try Bootstrap.accelerations(.mean, columns: [data], seed: UInt64(k))
            for method in [BootstrapMethod.studentized, .bca, .percentile] {
                let summary = try #require(try result.summaries(method: method, level: 0.95, accelerations: a).first)
                if summary.lower <= 1 && 1 <= summary.upper { covered[method, default: 0] += 1 }
            }
        }
        let sd = (0.95 * 0.05 / Double(datasets)).squareRoot()
        let coverage = covered.mapValues { Double($0) / Double(datasets) }
        #expect(abs((coverage[.studentized] ?? 0) - 0.95) < 3 * sd, "\(coverage)")
        #expect(abs((coverage[.bca] ?? 0) - 0.92) < 3 * sd, "\(coverage)")
        #expect(abs((coverage[.percentile] ?? 0) - 0.92) < 3 * sd, "\(coverage)")
    }

    @Test func plansAreValidated() {
        #expect(throws: InferenceError.self) { try BootstrapPlan(resamples: 0, seed: 1) }
        #expect(throws: InferenceError.self) { try BootstrapPlan(resamples: 10, seed: 1, threads: 0) }
        #expect(throws: InferenceError.self) { try BootstrapPlan(resamples: 10, seed: 1, shard: (index: 3, count: 2)) }
        #expect(throws: InferenceError.self) { try ColumnStatistic(parsing: "quantile:1.5") }
        #expect(throws: InferenceError.self) { try ColumnStatistic(parsing: "mode") }
    }
}

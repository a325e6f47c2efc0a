import Foundation
import GSL
@testable import Inference
import Testing

/// The bootstrap's fast path of the families whose MLE is a function of sums: a resample's MLE
/// from the sums of its rows equals the fit of the materialised resample (to rounding), the MLE's
/// absence included; the bootstrap and the jackknife through sums equal those through refits; the
/// studentized bootstrap (which needs standard errors) still refits.
@Suite struct SufficientStatisticsTests {
    /// An estimator that hides its model's sufficient statistics: every resample is refitted.
    struct Refitting<E: Estimator>: Estimator {
        let base: E
        var model: E.Model { base.model }
        func fit(_ data: E.Model.Data) throws(InferenceError) -> PointEstimate { try base.fit(data) }
    }

    func check(_ model: some DistributionFamily, _ values: [Double], seed: UInt64 = 5) throws {
        let sample = Sample(values, name: "x")
        let estimator = PosteriorMode(model: model, prior: FlatPrior())
        let statistics = try #require(estimator.sufficientStatistics(of: sample), "\(model.name)")
        #expect(statistics.rowCount == values.count)
        let generator = try RandomGenerator(seed: seed)
        for trial in 0..<50 {
            var indices = values.indices.map { _ in generator.index(below: values.count) }
            if trial == 0 { indices = [Int](repeating: 0, count: values.count) }  // one row repeated
            let sums = (0..<statistics.dimension).map { j in indices.reduce(0.0) { $0 + statistics.rows[$1 * statistics.dimension + j] } }
            let fitted = try? estimator.fit(sample.rows(indices))
            let fast = statistics.estimates(sums: sums, count: indices.count)
            #expect((fitted == nil) == (fast == nil), "\(model.name) trial \(trial): \(String(describing: fitted?.estimates)) vs \(String(describing: fast))")
            guard let fitted, let fast else { continue }
            for (a, b) in zip(fitted.estimates, fast) { #expect(abs(a - b) <= 1e-12 * max(1, abs(a)), "\(model.name): \(a) vs \(b)") }
        }
    }

    @Test func estimatesFromSumsEqualFitsOfTheResample() throws {
        try check(ExponentialModel(), [0.3, 1.2, 0.05, 2.5, 0.7, 0.9, 4.1, 0.2])
        try check(ExponentialModel(), [0, 0, 0, 1.5])  // a resample of zeros has no MLE
        try check(PoissonModel(), [0, 3, 1, 2, 7, 0, 4, 1, 2])
        try check(BernoulliModel(), [1, 0, 0, 1, 1, 0, 1, 1])
        try check(GaussianModel(), [1e6 + 0.1, 1e6 - 0.3, 1e6 + 0.7, 1e6, 1e6 + 1.9, 1e6 - 1.1])  // large mean: no cancellation
        try check(GaussianModel(), [2, 2, 2, 5])  // a constant resample has no σ̂
        // a flat prior only: a MAP has no sums path
        #expect(PosteriorMode(model: ExponentialModel(), prior: try GammaPrior(shape: 2, rate: 1, parameterIndex: 0)).sufficientStatistics(of: Sample([1, 2])) == nil)
        #expect(MaximumLikelihood(model: WeibullModel()).sufficientStatistics(of: Sample([1, 2])) == nil)
    }

    /// Whole bootstraps (replicates, failures, the BCa acceleration) through sums and through
    /// refits of the materialised resamples agree to rounding: the same rows drawn on the same
    /// streams, the same jackknife (every row left out, n ≤ 2,000).
    @Test func bootstrapThroughSumsEqualsBootstrapThroughRefits() throws {
        let generator = try RandomGenerator(seed: 11)
        let cases: [(any DistributionFamily, [Double])] = [
            (ExponentialModel(), (0..<60).map { _ in -log(generator.uniformPositive()) / 2 }),
            (GaussianModel(), (0..<45).map { _ in 10 + generator.uniform() }),
            (BernoulliModel(), (0..<9).map { Double($0 % 2) }),  // small: some resamples are all zeros or all ones
            (ExponentialModel(), [0, 0, 0, 0, 0, 0, 0, 0.4]),  // a third of the resamples have no MLE
        ]
        for (model, values) in cases {
            try compareBootstraps(model, Sample(values, name: "x"))
        }
    }

    func compareBootstraps<M: DistributionFamily>(_ model: M, _ sample: Sample) throws {
        let fast = PosteriorMode(model: model, prior: FlatPrior())
        let slow = Refitting(base: fast)
        #expect(fast.sufficientStatistics(of: sample) != nil && slow.sufficientStatistics(of: sample) == nil)
        let plan = try BootstrapPlan(resamples: 300, seed: 4, threads: 2)
        let a = try Bootstrap.estimator(fast, data: sample, plan: plan)
        let b = try Bootstrap.estimator(slow, data: sample, plan: plan)
        #expect(a.indices == b.indices)
        #expect(a.failureCount == b.failureCount, "\(model.name)")
        for (x, y) in zip(a.replicates, b.replicates) {
            #expect((x.values == nil) == (y.values == nil), "\(model.name) replicate \(x.index)")
            for (u, v) in zip(x.values ?? [], y.values ?? []) { #expect(abs(u - v) <= 1e-12 * max(1, abs(v)), "\(model.name): \(u) vs \(v)") }
        }
        let accelerations = try? Bootstrap.accelerations(fast, data: sample, seed: 4)
        let refitted = try? Bootstrap.accelerations(slow, data: sample, seed: 4)
        #expect((accelerations == nil) == (refitted == nil), "\(model.name)")
        for (u, v) in zip(accelerations ?? [], refitted ?? []) { #expect(abs(u - v) <= 1e-9 * max(1e-3, abs(v)), "\(model.name): \(u) vs \(v)") }
        // threads and shards do not change the bytes of the fast path
        let single = try Bootstrap.estimator(fast, data: sample, plan: try BootstrapPlan(resamples: 300, seed: 4, threads: 1))
        #expect(single.replicates == a.replicates)
        let shard = try Bootstrap.estimator(fast, data: sample, plan: try BootstrapPlan(resamples: 300, seed: 4, threads: 1, shard: (2, 3)))
        #expect(shard.replicates == Array(a.replicates[100..<200]))
    }

    /// The studentized interval needs each resample's standard errors, which sums do not give:
    /// it refits, and gets them.
    @Test func studentizedBootstrapRefits() throws {
        let sample = Sample([0.3, 1.2, 0.05, 2.5, 0.7, 0.9, 4.1, 0.2, 1.1, 0.6], name: "x")
        let result = try Bootstrap.estimator(
            PosteriorMode(model: ExponentialModel(), prior: FlatPrior()), data: sample, plan: try BootstrapPlan(resamples: 50, seed: 2), studentized: true)
        #expect(result.replicates.allSatisfy { $0.values == nil || $0.variances?.count == 1 })
        #expect(try result.summaries(method: .studentized, level: 0.9, accelerations: nil)[0].interval != nil)
    }
}

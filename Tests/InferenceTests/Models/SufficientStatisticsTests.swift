import GSL
@testable import Inference
import Testing

/// The bootstrap's fast path of the families whose MLE is a function of sums: a resample's MLE and
/// log-likelihood from its row counts equal the fit of the materialised resample (to rounding),
/// the MLE's absence included, and the studentized bootstrap still gets standard errors.
@Suite struct SufficientStatisticsTests {
    func check(_ model: some DistributionFamily, _ values: [Double], seed: UInt64 = 5) throws {
        let sample = Sample(values, name: "x")
        let estimator = PosteriorMode(model: model, prior: FlatPrior())
        let counted = try #require(estimator.countedRefit(on: sample), "\(model.name)")
        let generator = try RandomGenerator(seed: seed)
        for trial in 0..<50 {
            var counts = [Int](repeating: 0, count: values.count)
            for _ in values.indices { counts[generator.index(below: values.count)] += 1 }
            if trial == 0 { counts = counts.indices.map { $0 == 0 ? values.count : 0 } }  // one row repeated
            let indices = counts.indices.flatMap { repeatElement($0, count: counts[$0]) }
            let fitted = try? estimator.fit(sample.rows(indices))
            let fast = counted(counts, [], false)
            #expect((fitted == nil) == (fast == nil), "\(model.name) trial \(trial): \(String(describing: fitted?.estimates)) vs \(String(describing: fast?.estimates))")
            guard let fitted, let fast else { continue }
            for (a, b) in zip(fitted.estimates, fast.estimates) { #expect(abs(a - b) <= 1e-12 * max(1, abs(a)), "\(model.name): \(a) vs \(b)") }
            #expect(abs(fitted.logLikelihood - fast.logLikelihood) <= 1e-9 * max(1, abs(fitted.logLikelihood)), "\(model.name)")
            let withErrors = try #require(counted(counts, [], true))
            #expect(withErrors.standardErrors.compactMap { $0 }.count == fitted.standardErrors.compactMap { $0 }.count)
        }
    }

    @Test func countedRefitsEqualFitsOfTheResample() throws {
        try check(ExponentialModel(), [0.3, 1.2, 0.05, 2.5, 0.7, 0.9, 4.1, 0.2])
        try check(ExponentialModel(), [0, 0, 0, 1.5])  // a resample of zeros has no MLE
        try check(PoissonModel(), [0, 3, 1, 2, 7, 0, 4, 1, 2])
        try check(BernoulliModel(), [1, 0, 0, 1, 1, 0, 1, 1])
        try check(GaussianModel(), [1e6 + 0.1, 1e6 - 0.3, 1e6 + 0.7, 1e6, 1e6 + 1.9, 1e6 - 1.1])  // large mean: no cancellation
        // a flat prior only: a MAP has no counted path
        #expect(PosteriorMode(model: ExponentialModel(), prior: try GammaPrior(shape: 2, rate: 1, parameterIndex: 0)).countedRefit(on: Sample([1, 2])) == nil)
    }
}

import Foundation
import GSL
import Testing
import TestSupport

/// Properties every distribution must have, over randomly drawn (seeded) parameters.
@Suite struct DistributionPropertyTests {
    /// Continuous distributions with parameters drawn from stream `k` of a fixed seed.
    static func continuous(_ k: UInt64) throws -> [(String, AnyDistribution)] {
        let g = try RandomGenerator(seed: 77, stream: k)
        let u = { (low: Double, high: Double) in low + (high - low) * g.uniform() }
        return [
            ("normal", AnyDistribution(try Normal(mean: u(-5, 5), standardDeviation: u(0.1, 4)))),
            ("laplace", AnyDistribution(try Laplace(location: u(-5, 5), scale: u(0.1, 4)))),
            ("student-t", AnyDistribution(try StudentT(degreesOfFreedom: u(0.5, 40), location: u(-3, 3), scale: u(0.2, 3)))),
            ("cauchy", AnyDistribution(try Cauchy(location: u(-3, 3), scale: u(0.2, 3)))),
            ("gamma", AnyDistribution(try Gamma(shape: u(0.2, 20), rate: u(0.1, 5)))),
            ("beta", AnyDistribution(try Beta(alpha: u(0.3, 10), beta: u(0.3, 10)))),
            ("exponential", AnyDistribution(try Exponential(rate: u(0.05, 10)))),
            ("lognormal", AnyDistribution(try LogNormal(mu: u(-2, 2), sigma: u(0.1, 1.5)))),
            ("uniform", AnyDistribution(try Uniform(lower: u(-5, 0), upper: u(0.5, 5)))),
            ("chi-squared", AnyDistribution(try ChiSquared(degreesOfFreedom: u(0.5, 30)))),
        ]
    }

    static func discrete(_ k: UInt64) throws -> [(String, AnyDistribution)] {
        let g = try RandomGenerator(seed: 78, stream: k)
        let u = { (low: Double, high: Double) in low + (high - low) * g.uniform() }
        return [
            ("bernoulli", AnyDistribution(try Bernoulli(p: u(0.05, 0.95)))),
            ("binomial", AnyDistribution(try Binomial(trials: 1 + g.index(below: 60), p: u(0.02, 0.98)))),
            ("poisson", AnyDistribution(try Poisson(mean: u(0.1, 80)))),
            ("categorical", AnyDistribution(try Categorical(probabilities: { let w = (0..<5).map { _ in u(0.01, 1) }; let s = w.reduce(0, +); return w.map { $0 / s } }()))),
        ]
    }

    @Test(arguments: 0..<10)
    func quantileInvertsTheCDF(_ k: Int) throws {
        for (name, d) in try Self.continuous(UInt64(k)) {
            for p in [0.001, 0.05, 0.3, 0.5, 0.8, 0.99, 0.9999] {
                let x = try d.quantile(p)
                let back = p <= 0.5 ? d.cdf(x) : 1 - d.survival(x)
                #expect(isClose(back, p, relative: 1e-9), "\(name): cdf(quantile(\(p))) = \(back)")
                let again = try d.quantile(back)
                #expect(isClose(again, x, relative: 1e-8, floor: 1e-12), "\(name): quantile(cdf(x)) at \(x)")
            }
        }
        for (name, d) in try Self.discrete(UInt64(k)) {
            for p in [0.01, 0.2, 0.5, 0.8, 0.99] {
                let k = try d.quantile(p)
                #expect(d.cdf(k) >= p, "\(name): F(quantile(\(p))) ≥ p")
                #expect(d.cdf(k - 1) < p, "\(name): F(quantile(\(p)) − 1) < p")
            }
        }
    }

    @Test(arguments: 0..<10)
    func cdfsAreMonotoneAndSurvivalComplementsThem(_ k: Int) throws {
        for (name, d) in try Self.continuous(UInt64(k)) + Self.discrete(UInt64(k)) {
            let low = try d.quantile(1e-6)
            let high = try d.quantile(1 - 1e-6)
            var previous = -1.0
            for step in 0...200 {
                let x = low + (high - low) * Double(step) / 200
                let f = d.cdf(x)
                #expect(f >= previous, "\(name): cdf decreases at \(x)")
                #expect(abs(f + d.survival(x) - 1) < 1e-12, "\(name): cdf + survival ≠ 1 at \(x)")
                previous = f
            }
        }
    }

    /// Sample mean and variance of 20,000 draws agree with the moments within 5 Monte-Carlo
    /// standard errors: se(mean) = σ/√n, se(variance) ≈ √((m₄ − s⁴)/n) with m₄ the sample's
    /// fourth central moment.
    @Test(arguments: 0..<4)
    func sampleMomentsMatchWithinMonteCarloError(_ k: Int) throws {
        let n = 20_000
        for (name, d) in try Self.continuous(UInt64(k)) + Self.discrete(UInt64(k)) {
            guard let mean = d.mean, let variance = d.variance else { continue }
            let generator = try RandomGenerator(seed: 2024, stream: UInt64(k))
            let draws = (0..<n).map { _ in d.sample(generator) }
            let sampleMean = draws.reduce(0, +) / Double(n)
            let sampleVariance = draws.reduce(0) { $0 + ($1 - sampleMean) * ($1 - sampleMean) } / Double(n - 1)
            let m4 = draws.reduce(0) { $0 + pow($1 - sampleMean, 4) } / Double(n)
            #expect(abs(sampleMean - mean) < 5 * (variance / Double(n)).squareRoot(), "\(name): mean \(sampleMean) vs \(mean)")
            let seVariance = (max(m4 - sampleVariance * sampleVariance, 0) / Double(n)).squareRoot()
            #expect(abs(sampleVariance - variance) < 5 * seVariance + 1e-12, "\(name): variance \(sampleVariance) vs \(variance)")
        }
    }

    /// At ±∞ every density is 0 and every CDF at its limit, never NaN (∞ − ∞ or 0 · ∞ inside).
    @Test(arguments: 0..<10)
    func infinitiesGiveTheLimits(_ k: Int) throws {
        for (name, d) in try Self.continuous(UInt64(k)) {
            #expect(d.logDensity(.infinity) == -.infinity, "\(name): log f(+∞) = \(d.logDensity(.infinity))")
            #expect(d.logDensity(-.infinity) == -.infinity, "\(name): log f(−∞) = \(d.logDensity(-.infinity))")
            #expect(d.cdf(-.infinity) == 0 && d.cdf(.infinity) == 1, "\(name): F(±∞)")
            #expect(d.survival(-.infinity) == 1 && d.survival(.infinity) == 0, "\(name): 1 − F(±∞)")
        }
    }

    /// Discrete quantiles bisect: a binomial of 10⁹ trials answers its extreme quantiles at once
    /// (a unit-step walk from the mean took ≈ 5·10⁸ CDF evaluations at p = 0).
    @Test func discreteQuantilesOfHugeCountsAreExactAndQuick() throws {
        let binomial = try Binomial(trials: 1_000_000_000, p: 0.5)
        #expect(try binomial.quantile(0) == 0)
        #expect(try binomial.quantile(1) == 1_000_000_000)
        for p in [1e-300, 1e-12, 0.3, 0.5, 0.9, 1 - 1e-12] {
            let k = try binomial.quantile(p)
            #expect(binomial.cdf(k) >= p && binomial.cdf(k - 1) < p, "binomial quantile(\(p)) = \(k)")
        }
        let poisson = try Poisson(mean: 1e9)
        #expect(try poisson.quantile(0) == 0)
        for p in [1e-300, 1e-9, 0.5, 1 - 1e-9] {
            let k = try poisson.quantile(p)
            #expect(poisson.cdf(k) >= p && poisson.cdf(k - 1) < p, "poisson quantile(\(p)) = \(k)")
        }
    }

    /// Trailing categories of probability 0 are unreachable even when the running sums before
    /// them round below 1 (these seven, renormalised, sum to 0.9999999999999998).
    @Test func trailingZeroCategoriesAreNeverReached() throws {
        let seven = [0.11556810944230078, 0.22320033882211004, 0.1171644526862467, 0.21004079370232348,
                     0.04381107709480053, 0.0655746414777862, 0.2246405867744324]
        for tail in 1...3 {
            let categorical = try Categorical(probabilities: seven + [Double](repeating: 0, count: tail))
            #expect(categorical.cdf(6) == 1 && categorical.survival(6) == 0)
            #expect(try categorical.quantile(1) == 6)
            #expect(categorical.logProbability(7) == -.infinity)
        }
        // a zero in the middle is skipped by the quantile too
        let gap = try Categorical(probabilities: [0.5, 0, 0.5])
        #expect(try gap.quantile(0.5) == 0 && gap.quantile(0.75) == 2)
    }

    @Test func invalidParametersThrow() {
        #expect(throws: GSLError.self) { try Normal(mean: 0, standardDeviation: 0) }
        #expect(throws: GSLError.self) { try Normal(mean: .nan, standardDeviation: 1) }
        #expect(throws: GSLError.self) { try Gamma(shape: -1, rate: 1) }
        #expect(throws: GSLError.self) { try Beta(alpha: 1, beta: .infinity) }
        #expect(throws: GSLError.self) { try StudentT(degreesOfFreedom: 0) }
        #expect(throws: GSLError.self) { try Uniform(lower: 2, upper: 1) }
        #expect(throws: GSLError.self) { try Bernoulli(p: 1.5) }
        #expect(throws: GSLError.self) { try Binomial(trials: -1, p: 0.5) }
        #expect(throws: GSLError.self) { try Poisson(mean: 0) }
        #expect(throws: GSLError.self) { try Categorical(probabilities: [0.5, 0.6]) }
        #expect(throws: GSLError.self) { try Categorical(probabilities: []) }
        #expect(throws: GSLError.self) { try Normal().quantile(1.5) }
        #expect(throws: GSLError.self) { try Poisson(mean: 2).quantile(-0.1) }
    }
}

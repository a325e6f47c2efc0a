import Foundation
import GSL
import Testing
import TestSupport

/// A distribution under test, seen through one interface whatever its kind.
struct AnyDistribution {
    let logDensity: (Double) -> Double
    let cdf: (Double) -> Double
    let survival: (Double) -> Double
    let quantile: (Double) throws -> Double
    let mean: Double?
    let variance: Double?
    let sample: (RandomGenerator) -> Double
    let isDiscrete: Bool

    init(_ d: some ContinuousDistribution) {
        logDensity = d.logDensity
        cdf = d.cdf
        survival = d.survival
        quantile = { try d.quantile($0) }
        mean = d.mean
        variance = d.variance
        sample = { d.sample(using: $0) }
        isDiscrete = false
    }

    init(_ d: some DiscreteDistribution) {
        logDensity = { d.logProbability(Int($0)) }
        cdf = { d.cdf(Int($0.rounded(.down))) }
        survival = { d.survival(Int($0.rounded(.down))) }
        quantile = { Double(try d.quantile($0)) }
        mean = d.mean
        variance = d.variance
        sample = { Double(d.sample(using: $0)) }
        isDiscrete = true
    }

    /// Builds the distribution named as in Tests/References/distributions.py.
    static func make(_ family: String, _ p: [String: ReferenceParameter]) throws -> AnyDistribution {
        func v(_ key: String) -> Double { p[key]?.values.first ?? .nan }
        switch family {
        case "normal": return AnyDistribution(try Normal(mean: v("mean"), standardDeviation: v("standardDeviation")))
        case "laplace": return AnyDistribution(try Laplace(location: v("location"), scale: v("scale")))
        case "studentT":
            return AnyDistribution(try StudentT(degreesOfFreedom: v("degreesOfFreedom"), location: v("location"), scale: v("scale")))
        case "cauchy": return AnyDistribution(try Cauchy(location: v("location"), scale: v("scale")))
        case "gamma": return AnyDistribution(try Gamma(shape: v("shape"), rate: v("rate")))
        case "beta": return AnyDistribution(try Beta(alpha: v("alpha"), beta: v("beta")))
        case "exponential": return AnyDistribution(try Exponential(rate: v("rate")))
        case "logNormal": return AnyDistribution(try LogNormal(mu: v("mu"), sigma: v("sigma")))
        case "uniform": return AnyDistribution(try Uniform(lower: v("lower"), upper: v("upper")))
        case "chiSquared": return AnyDistribution(try ChiSquared(degreesOfFreedom: v("degreesOfFreedom")))
        case "bernoulli": return AnyDistribution(try Bernoulli(p: v("p")))
        case "binomial": return AnyDistribution(try Binomial(trials: Int(v("trials")), p: v("p")))
        case "poisson": return AnyDistribution(try Poisson(mean: v("mean")))
        case "categorical":
            let probabilities = p["probabilities"]?.values ?? []
            return AnyDistribution(try Categorical(probabilities: probabilities))
        default: throw GSLError.invalidArgument("unknown family \(family)")
        }
    }
}

/// A parameter in the reference file: a number or a list of numbers.
struct ReferenceParameter: Decodable, Sendable {
    let values: [Double]

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Double.self) { values = [value] } else { values = try container.decode([Double].self) }
    }
}

struct DistributionReference: Decodable, Sendable {
    struct Point: Decodable, Sendable {
        let x: Double
        let logDensity: Double
        let cdf: Double
        let tail: String
    }

    struct Quantile: Decodable, Sendable {
        let p: Double
        let x: Double
        let tail: String
    }

    let family: String
    let parameters: [String: ReferenceParameter]
    let mean: Double?
    let variance: Double?
    let points: [Point]
    let quantiles: [Quantile]

    static let all = load("distributions.json")
    /// Shapes past GSL's iteration budgets (Tests/References/distributions_large.py).
    static let large = load("distributions_large.json")

    static func load(_ name: String) -> [DistributionReference] {
        struct File: Decodable { let cases: [DistributionReference] }
        guard let data = try? Data(contentsOf: References.directory.appendingPathComponent(name)) else { return [] }
        return (try? JSONDecoder().decode(File.self, from: data))?.cases ?? []
    }
}

/// pdf/cdf/quantile against scipy.stats: 1e-12 relative in the bulk, 1e-9 in far tails
/// (values from Tests/References/distributions.py).
@Suite struct DistributionReferenceTests {
    @Test func everyFamilyHasReferenceValues() {
        let families = Set(DistributionReference.all.map(\.family))
        #expect(families == [
            "normal", "laplace", "studentT", "cauchy", "gamma", "beta", "exponential", "logNormal", "uniform",
            "chiSquared", "bernoulli", "binomial", "poisson", "categorical",
        ])
    }

    @Test(arguments: DistributionReference.all.indices)
    func agreesWithScipy(_ index: Int) throws {
        try Self.compare(DistributionReference.all[index], bulk: 1e-12, far: 1e-9)
    }

    /// Gamma, beta and chi-squared shapes of 10⁵–10⁶ and binomials of 5·10⁶ and 10⁹ trials, where
    /// GSL's inversions return NaN (or do not return) and its beta and binomial CDFs return NaN
    /// near the mean: CDFs from the continued fraction evaluated to convergence, quantiles
    /// solved from them. The references are mpmath's at 30 digits. The fraction takes
    /// O(√max(a, b)) terms, ≈ 10⁵ at 10⁹ trials, each rounding the product by an ulp: 10⁻¹¹
    /// relative in the bulk; 10⁻¹⁰ in the far tails (z = −8, 6), where the prefactor's terms
    /// about the mode reach z²/2 = 32.
    @Test func agreesWithMpmathPastGSLsBudgets() throws {
        #expect(DistributionReference.large.count == 7)
        for entry in DistributionReference.large {
            try Self.compare(entry, bulk: 1e-11, far: 1e-10)
        }
    }

    static func compare(_ entry: DistributionReference, bulk: Double, far: Double) throws {
        let distribution = try AnyDistribution.make(entry.family, entry.parameters)
        func tolerance(_ tail: String) -> Double { tail == "far" ? far : bulk }
        let label = "\(entry.family) \(entry.parameters.mapValues(\.values))"
        if let mean = entry.mean { #expect(isClose(distribution.mean ?? .nan, mean, relative: 1e-13, floor: 1e-300), "\(label) mean") }
        if let variance = entry.variance { #expect(isClose(distribution.variance ?? .nan, variance, relative: 1e-13), "\(label) variance") }
        for point in entry.points {
            // log densities near 0 are compared on an absolute scale of 1
            #expect(isClose(distribution.logDensity(point.x), point.logDensity, relative: tolerance(point.tail), floor: 1),
                "\(label) logDensity(\(point.x))")
            // the upper half is compared through the survival function, which keeps precision there
            let cdf = point.cdf <= 0.5 ? distribution.cdf(point.x) : 1 - distribution.survival(point.x)
            #expect(isClose(cdf, point.cdf, relative: tolerance(point.tail)), "\(label) cdf(\(point.x)) = \(cdf) vs \(point.cdf), \(abs(cdf / point.cdf - 1))")
        }
        for row in entry.quantiles {
            let x = try distribution.quantile(row.p)
            // a median of exactly 0 (symmetric families) is compared on an absolute scale
            let floor = row.x == 0 ? 1e-4 : 1e-300
            #expect(isClose(x, row.x, relative: tolerance(row.tail), floor: floor), "\(label) quantile(\(row.p)) = \(x) vs \(row.x)")
        }
    }
}

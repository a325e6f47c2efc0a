import CGSL
import Foundation

/// The categorical distribution on 0..<K: P(X = k) = p_k.
public struct Categorical: DiscreteDistribution {
    /// p_0, …, p_(K−1): non-negative, summing to 1.
    public let probabilities: [Double]
    private let cumulative: [Double]

    /// Creates Categorical(probabilities); throws unless they are non-negative, finite and sum
    /// to 1 within 1e-9 (they are then renormalised to sum to 1 exactly in floating point).
    public init(probabilities: [Double]) throws(GSLError) {
        GSLRuntime.prepare()
        guard !probabilities.isEmpty else { throw .invalidArgument("categorical: needs at least one probability") }
        for (k, value) in probabilities.enumerated() where !(value >= 0 && value.isFinite) {
            throw .invalidArgument("categorical: probability \(k) must be non-negative and finite, got \(value)")
        }
        let total = probabilities.reduce(0, +)
        guard abs(total - 1) <= 1e-9 else {
            throw .invalidArgument("categorical: probabilities must sum to 1, got \(total)")
        }
        self.probabilities = probabilities.map { $0 / total }
        var running = 0.0
        var cumulative = self.probabilities.map { value -> Double in
            running += value
            return running
        }
        // exactly 1 from the last category of positive probability on, so that neither a draw
        // nor a quantile can land on trailing categories of probability 0 when the sums before
        // them round below 1
        let lastPositive = self.probabilities.lastIndex { $0 > 0 } ?? cumulative.count - 1
        for k in lastPositive..<cumulative.count { cumulative[k] = 1 }
        self.cumulative = cumulative
    }

    /// Σ k p_k (never nil).
    public var mean: Double? {
        probabilities.enumerated().reduce(0) { $0 + Double($1.offset) * $1.element }
    }

    /// Σ (k − E[X])² p_k (never nil).
    public var variance: Double? {
        let m = mean ?? 0
        return probabilities.enumerated().reduce(0) { $0 + (Double($1.offset) - m) * (Double($1.offset) - m) * $1.element }
    }

    /// log p_k for 0 ≤ k < K (−∞ where p_k = 0); −∞ outside 0..<K.
    public func logProbability(_ k: Int) -> Double {
        probabilities.indices.contains(k) ? log(probabilities[k]) : -.infinity
    }

    /// p_0 + … + p_k, from running sums made at creation (set to exactly 1 from the last
    /// category of positive probability on): 0 for k < 0, 1 for k ≥ K − 1.
    public func cdf(_ k: Int) -> Double { k < 0 ? 0 : (k >= cumulative.count ? 1 : cumulative[k]) }

    /// p_(k+1) + … + p_(K−1), summed directly rather than as 1 − F(k): 1 for k < 0,
    /// 0 for k ≥ K − 1.
    public func survival(_ k: Int) -> Double {
        k < 0 ? 1 : (k >= cumulative.count - 1 ? 0 : probabilities[(k + 1)...].reduce(0, +))
    }

    /// The first k with F(k) ≥ q: 0 at q = 0, and at q = 1 the first k whose running sum
    /// reaches 1. Throws ``GSLError`` unless 0 ≤ q ≤ 1.
    public func quantile(_ q: Double) throws(GSLError) -> Int {
        try Check.probability(q, of: "categorical quantile")
        return cumulative.firstIndex { $0 >= q } ?? cumulative.count - 1
    }

    /// The first k with F(k) > u for u = ``RandomGenerator/uniform()`` in [0, 1), found by
    /// binary search over the running sums.
    public func sample(using generator: RandomGenerator) -> Int {
        let u = generator.uniform()
        var low = 0
        var high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] > u { high = middle } else { low = middle + 1 }
        }
        return low
    }
}

import Foundation
import GSL

/// Bernoulli trials: xᵢ ∈ {0, 1} with P(xᵢ = 1) = p; the MLE is p̂ = x̄.
public struct BernoulliModel: StatisticalModel {
    /// The Bernoulli family: xᵢ ∈ {0, 1} with P(xᵢ = 1) = p.
    public init() {}

    /// The command-line name, `bernoulli`.
    public var name: String { "bernoulli" }
    /// One parameter, `p`, the probability of a 1.
    public var parameterNames: [String] { ["p"] }
    /// p ∈ [0, 1].
    public var parameterSupports: [ParameterSupport] { [.unitInterval] }

    /// Rejects an empty sample and any value other than 0 or 1.
    public func validate(_ data: Sample) throws(InferenceError) {
        try data.requireValues(in: "0 or 1", of: name) { $0 == 0 || $0 == 1 }
    }

    /// The number of rows (trials) n.
    public func observationCount(_ data: Sample) -> Int { data.count }

    /// s log p + (n − s) log(1 − p) with s = ∑xᵢ, taking 0 · log 0 = 0.
    public func logLikelihood(_ parameters: [Double], on data: Sample) -> Double {
        guard parameters.count == 1, let p = parameters.first, p >= 0, p <= 1 else { return -.infinity }
        let successes = data.sum
        return xLogY(successes, p) + xLog1pY(Double(data.count) - successes, -p)
    }

    /// Analytic, in p: s/p − (n − s)/(1 − p) with s = ∑xᵢ.
    public func gradient(_ parameters: [Double], on data: Sample) -> [Double]? {
        let p = parameters[0]
        let successes = data.sum
        return [successes / p - (Double(data.count) - successes) / (1 - p)]
    }

    /// Analytic, in p: the 1 × 1 matrix −s/p² − (n − s)/(1 − p)² with s = ∑xᵢ.
    public func hessian(_ parameters: [Double], on data: Sample) -> Matrix? {
        let p = parameters[0]
        let successes = data.sum
        return Matrix.diagonal([-successes / (p * p) - (Double(data.count) - successes) / ((1 - p) * (1 - p))])
    }

    /// p̂ = x̄, the share of ones; never throws (p̂ is 0 or 1, on the boundary, for constant data).
    public func closedFormMaximumLikelihood(on data: Sample) throws(InferenceError) -> [Double]? {
        [data.mean]
    }
}

/// a · log(y) with 0 · log 0 = 0.
func xLogY(_ a: Double, _ y: Double) -> Double { a == 0 ? 0 : a * log(y) }

/// a · log1p(y) with 0 · log 0 = 0.
func xLog1pY(_ a: Double, _ y: Double) -> Double { a == 0 ? 0 : a * log1p(y) }

extension BernoulliModel: DistributionFamily {
    /// True: 0/1 outcomes.
    public var isDiscrete: Bool { true }
    /// 1.
    public var largestValue: Double? { 1 }
}

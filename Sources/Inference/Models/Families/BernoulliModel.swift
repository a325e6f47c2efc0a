import Foundation
import GSL

/// Bernoulli trials: xᵢ ∈ {0, 1} with P(xᵢ = 1) = p; the MLE is p̂ = x̄.
public struct BernoulliModel: StatisticalModel {
    public init() {}

    public var name: String { "bernoulli" }
    public var parameterNames: [String] { ["p"] }
    public var parameterSupports: [ParameterSupport] { [.unitInterval] }

    public func validate(_ data: Sample) throws(InferenceError) {
        try data.requireValues(in: "0 or 1", of: name) { $0 == 0 || $0 == 1 }
    }

    public func observationCount(_ data: Sample) -> Int { data.count }

    public func logLikelihood(_ parameters: [Double], on data: Sample) -> Double {
        let p = parameters[0]
        let successes = data.sum
        return xLogY(successes, p) + xLog1pY(Double(data.count) - successes, -p)
    }

    public func gradient(_ parameters: [Double], on data: Sample) -> [Double]? {
        let p = parameters[0]
        let successes = data.sum
        return [successes / p - (Double(data.count) - successes) / (1 - p)]
    }

    public func hessian(_ parameters: [Double], on data: Sample) -> Matrix? {
        let p = parameters[0]
        let successes = data.sum
        return Matrix.diagonal([-successes / (p * p) - (Double(data.count) - successes) / ((1 - p) * (1 - p))])
    }

    public func closedFormMaximumLikelihood(on data: Sample) throws(InferenceError) -> [Double]? {
        [data.mean]
    }
}

/// a · log(y) with 0 · log 0 = 0.
func xLogY(_ a: Double, _ y: Double) -> Double { a == 0 ? 0 : a * log(y) }

/// a · log1p(y) with 0 · log 0 = 0.
func xLog1pY(_ a: Double, _ y: Double) -> Double { a == 0 ? 0 : a * log1p(y) }

import Foundation
import GSL

/// Waiting times xᵢ ~ Exponential(rate); the MLE is rate = 1/x̄.
public struct ExponentialModel: StatisticalModel {
    /// The exponential family, f(x) = λ e^(−λx) for x ≥ 0 with rate λ.
    public init() {}

    /// The command-line name, `exponential`.
    public var name: String { "exponential" }
    /// One parameter, `rate` (λ, the reciprocal of the mean).
    public var parameterNames: [String] { ["rate"] }
    /// λ ∈ (0, ∞).
    public var parameterSupports: [ParameterSupport] { [.positive] }

    /// Rejects an empty sample and any negative value.
    public func validate(_ data: Sample) throws(InferenceError) {
        try data.requireValues(in: "x ≥ 0", of: name) { $0 >= 0 }
    }

    /// The number of rows n.
    public func observationCount(_ data: Sample) -> Int { data.count }

    /// ∑ log(λ e^(−λxᵢ)) = n log λ − λ ∑xᵢ.
    public func logLikelihood(_ parameters: [Double], on data: Sample) -> Double {
        guard parameters.count == 1, let rate = parameters.first, rate >= 0, rate.isFinite else { return -.infinity }
        return Double(data.count) * log(rate) - rate * data.sum
    }

    /// Analytic, in the rate λ: n/λ − ∑xᵢ.
    public func gradient(_ parameters: [Double], on data: Sample) -> [Double]? {
        [Double(data.count) / parameters[0] - data.sum]
    }

    /// Analytic, in the rate λ: the 1 × 1 matrix −n/λ².
    public func hessian(_ parameters: [Double], on data: Sample) -> Matrix? {
        Matrix.diagonal([-Double(data.count) / (parameters[0] * parameters[0])])
    }

    /// λ̂ = 1/x̄; throws a numerical error when every value is 0 (the MLE is infinite).
    public func closedFormMaximumLikelihood(on data: Sample) throws(InferenceError) -> [Double]? {
        guard data.sum > 0 else {
            throw .numerical("every value is 0: the exponential rate's MLE does not exist (it is infinite)", parameter: "rate")
        }
        return [1 / data.mean]
    }
}

extension ExponentialModel: DistributionFamily {}

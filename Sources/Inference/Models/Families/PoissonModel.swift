import Foundation
import GSL

/// Counts xᵢ ~ Poisson(λ); the MLE is λ̂ = x̄.
public struct PoissonModel: StatisticalModel {
    /// The Poisson family of counts, P(x) = λˣ e^(−λ)/x!.
    public init() {}

    /// The command-line name, `poisson`.
    public var name: String { "poisson" }
    /// One parameter, `lambda` (λ), the mean count.
    public var parameterNames: [String] { ["lambda"] }
    /// λ ∈ (0, ∞).
    public var parameterSupports: [ParameterSupport] { [.positive] }

    /// Rejects an empty sample and any value that is not a whole number in [0, 4 · 10⁹).
    public func validate(_ data: Sample) throws(InferenceError) {
        try data.requireValues(in: "whole numbers from 0 to below 4·10⁹", of: name) { $0.isWholeNumber && $0 >= 0 && $0 < 4e9 }
    }

    /// The number of rows n.
    public func observationCount(_ data: Sample) -> Int { data.count }

    /// ∑ log(λ^xᵢ e^(−λ)/xᵢ!) = log λ ∑xᵢ − nλ − ∑ log xᵢ!, taking 0 · log 0 = 0.
    public func logLikelihood(_ parameters: [Double], on data: Sample) -> Double {
        guard parameters.count == 1, let lambda = parameters.first, lambda >= 0, lambda.isFinite else { return -.infinity }
        let constant = data.sum { (try? SpecialFunctions.logFactorial(Int($0))) ?? .infinity }
        return xLogY(data.sum, lambda) - Double(data.count) * lambda - constant
    }

    /// Analytic, in λ: ∑xᵢ/λ − n.
    public func gradient(_ parameters: [Double], on data: Sample) -> [Double]? {
        [data.sum / parameters[0] - Double(data.count)]
    }

    /// Analytic, in λ: the 1 × 1 matrix −∑xᵢ/λ².
    public func hessian(_ parameters: [Double], on data: Sample) -> Matrix? {
        Matrix.diagonal([-data.sum / (parameters[0] * parameters[0])])
    }

    /// λ̂ = x̄; never throws (λ̂ = 0, on the boundary, when every count is 0).
    public func closedFormMaximumLikelihood(on data: Sample) throws(InferenceError) -> [Double]? {
        [data.mean]
    }
}

extension PoissonModel: DistributionFamily {
    /// True: counts.
    public var isDiscrete: Bool { true }
}

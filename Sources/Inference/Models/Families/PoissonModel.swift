import Foundation
import GSL

/// Counts xᵢ ~ Poisson(λ); the MLE is λ̂ = x̄.
public struct PoissonModel: StatisticalModel {
    public init() {}

    public var name: String { "poisson" }
    public var parameterNames: [String] { ["lambda"] }
    public var parameterSupports: [ParameterSupport] { [.positive] }

    public func validate(_ data: Sample) throws(InferenceError) {
        try data.requireValues(in: "whole numbers ≥ 0", of: name) { $0.isWholeNumber && $0 >= 0 && $0 < 4e9 }
    }

    public func observationCount(_ data: Sample) -> Int { data.count }

    public func logLikelihood(_ parameters: [Double], on data: Sample) -> Double {
        let lambda = parameters[0]
        let constant = data.sum { (try? SpecialFunctions.logFactorial(Int($0))) ?? .infinity }
        return xLogY(data.sum, lambda) - Double(data.count) * lambda - constant
    }

    public func gradient(_ parameters: [Double], on data: Sample) -> [Double]? {
        [data.sum / parameters[0] - Double(data.count)]
    }

    public func hessian(_ parameters: [Double], on data: Sample) -> Matrix? {
        Matrix.diagonal([-data.sum / (parameters[0] * parameters[0])])
    }

    public func closedFormMaximumLikelihood(on data: Sample) throws(InferenceError) -> [Double]? {
        [data.mean]
    }
}

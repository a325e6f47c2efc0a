import Foundation
import GSL

/// Waiting times xᵢ ~ Exponential(rate); the MLE is rate = 1/x̄.
public struct ExponentialModel: StatisticalModel {
    public init() {}

    public var name: String { "exponential" }
    public var parameterNames: [String] { ["rate"] }
    public var parameterSupports: [ParameterSupport] { [.positive] }

    public func validate(_ data: Sample) throws(InferenceError) {
        try data.requireValues(in: "x ≥ 0", of: name) { $0 >= 0 }
    }

    public func observationCount(_ data: Sample) -> Int { data.count }

    public func logLikelihood(_ parameters: [Double], on data: Sample) -> Double {
        let rate = parameters[0]
        return Double(data.count) * log(rate) - rate * data.sum
    }

    public func gradient(_ parameters: [Double], on data: Sample) -> [Double]? {
        [Double(data.count) / parameters[0] - data.sum]
    }

    public func hessian(_ parameters: [Double], on data: Sample) -> Matrix? {
        Matrix.diagonal([-Double(data.count) / (parameters[0] * parameters[0])])
    }

    public func closedFormMaximumLikelihood(on data: Sample) throws(InferenceError) -> [Double]? {
        guard data.sum > 0 else {
            throw .numerical("every value is 0: the exponential rate's MLE does not exist (it is infinite)")
        }
        return [1 / data.mean]
    }
}

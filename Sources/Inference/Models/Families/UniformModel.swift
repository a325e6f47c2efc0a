import Foundation
import GSL

/// xᵢ ~ Uniform(a, b); the MLE is â = min x, b̂ = max x.
///
/// The likelihood is not differentiable at its maximum (the support depends on the
/// parameters), so there is no observed information and no Wald interval: use the bootstrap.
public struct UniformModel: StatisticalModel {
    /// The uniform family Uniform(a, b), f(x) = 1/(b − a) for a ≤ x ≤ b.
    public init() {}

    /// The command-line name, `uniform`.
    public var name: String { "uniform" }
    /// `a` and `b`, the lower and upper ends, in that order.
    public var parameterNames: [String] { ["a", "b"] }
    /// a, b ∈ ℝ (the constraint a < b is left to `logLikelihood(_:on:)`).
    public var parameterSupports: [ParameterSupport] { [.real, .real] }

    /// Rejects fewer than 2 rows; every finite value is in the support.
    public func validate(_ data: Sample) throws(InferenceError) {
        try data.requireValues(in: "any finite number", of: name, minimumCount: 2) { _ in true }
    }

    /// The number of rows n.
    public func observationCount(_ data: Sample) -> Int { data.count }

    /// −n log(b − a) when a < b and every xᵢ lies in [a, b]; −∞ otherwise.
    public func logLikelihood(_ parameters: [Double], on data: Sample) -> Double {
        guard parameters.count == 2 else { return -.infinity }
        let (a, b) = (parameters[0], parameters[1])
        guard a < b, a.isFinite, b.isFinite, let low = data.values.min(), let high = data.values.max(), a <= low, high <= b else {
            return -.infinity
        }
        return -Double(data.count) * log(b - a)
    }

    /// â = min xᵢ, b̂ = max xᵢ; throws a numerical error when every value is equal (b̂ = â).
    public func closedFormMaximumLikelihood(on data: Sample) throws(InferenceError) -> [Double]? {
        guard let low = data.values.min(), let high = data.values.max(), low < high else {
            throw .numerical("every value of \(data.name) is equal: the uniform fit is degenerate (b = a)")
        }
        return [low, high]
    }

    /// None: the uniform model is not regular at its MLE.
    public func information(at parameters: [Double], on data: Sample) -> Matrix? { nil }

    /// The uniform's support moves with a and b: its likelihood 1/(b − a)ⁿ is not
    /// differentiable at its maximum, which sits on the smallest and largest values.
    public var nonRegularity: String? {
        "the uniform's MLE is not regular (a and b sit on the smallest and largest values, where the likelihood has no derivative): it has no standard errors or Wald intervals; use the bootstrap for its uncertainty"
    }
}

extension UniformModel: DistributionFamily {
    /// A data error for fewer than 3 rows: ∫∫ (b − a)⁻ⁿ over a < min, b > max needs n ≥ 3.
    public func requireProperPosterior(under prior: any Prior, on data: Sample) throws(InferenceError) {
        try requireRowsForProperPosterior(3, data)
    }
}

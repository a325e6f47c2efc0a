import Foundation
import GSL

/// xᵢ ~ N(μ, σ²); the MLE is μ̂ = x̄, σ̂ = √(Σ(xᵢ − x̄)²/n) (divisor n, as `scipy.stats.norm.fit`).
public struct GaussianModel: StatisticalModel {
    public init() {}

    public var name: String { "gaussian" }
    public var parameterNames: [String] { ["mu", "sigma"] }
    public var parameterSupports: [ParameterSupport] { [.real, .positive] }

    public func validate(_ data: Sample) throws(InferenceError) {
        try data.requireValues(in: "any finite number", of: name, minimumCount: 2) { _ in true }
    }

    public func observationCount(_ data: Sample) -> Int { data.count }

    public func logLikelihood(_ parameters: [Double], on data: Sample) -> Double {
        let (mu, sigma) = (parameters[0], parameters[1])
        let n = Double(data.count)
        let squares = data.sum { ($0 - mu) * ($0 - mu) }
        return -n / 2 * log(2 * .pi) - n * log(sigma) - squares / (2 * sigma * sigma)
    }

    public func gradient(_ parameters: [Double], on data: Sample) -> [Double]? {
        let (mu, sigma) = (parameters[0], parameters[1])
        let n = Double(data.count)
        let squares = data.sum { ($0 - mu) * ($0 - mu) }
        return [data.sum { $0 - mu } / (sigma * sigma), -n / sigma + squares / (sigma * sigma * sigma)]
    }

    public func hessian(_ parameters: [Double], on data: Sample) -> Matrix? {
        let (mu, sigma) = (parameters[0], parameters[1])
        let n = Double(data.count)
        let deviations = data.sum { $0 - mu }
        let squares = data.sum { ($0 - mu) * ($0 - mu) }
        let s2 = sigma * sigma
        let cross = -2 * deviations / (s2 * sigma)
        return try? Matrix(rows: 2, columns: 2, values: [-n / s2, cross, cross, n / s2 - 3 * squares / (s2 * s2)])
    }

    public func closedFormMaximumLikelihood(on data: Sample) throws(InferenceError) -> [Double]? {
        let mean = data.mean
        let sigma = (data.sum { ($0 - mean) * ($0 - mean) } / Double(data.count)).squareRoot()
        guard sigma > 0 else {
            throw .numerical("every value of \(data.name) is \(mean): the MLE of sigma is 0 and the gaussian fit is degenerate")
        }
        return [mean, sigma]
    }
}

import Foundation
import GSL

/// xᵢ ~ Laplace(μ, b); the MLE is μ̂ = median x (the midpoint of the two middle values for even
/// n, as `numpy.median` and `scipy.stats.laplace.fit`) and b̂ = mean |xᵢ − μ̂|.
///
/// log L is not differentiable in μ at the median, so μ's standard error uses the Fisher
/// information n/b² instead of the observed one; b's uses the observed information n/b̂².
public struct LaplaceModel: StatisticalModel {
    /// The Laplace family Laplace(μ, b), f(x) = e^(−|x − μ|/b)/(2b).
    public init() {}

    /// The command-line name, `laplace`.
    public var name: String { "laplace" }
    /// `mu` and `b`: the location μ and the scale b, in that order.
    public var parameterNames: [String] { ["mu", "b"] }
    /// μ ∈ ℝ, b ∈ (0, ∞).
    public var parameterSupports: [ParameterSupport] { [.real, .positive] }

    /// Rejects fewer than 2 rows; every finite value is in the support.
    public func validate(_ data: Sample) throws(InferenceError) {
        try data.requireValues(in: "any finite number", of: name, minimumCount: 2) { _ in true }
    }

    /// The number of rows n.
    public func observationCount(_ data: Sample) -> Int { data.count }

    /// ∑ log f(xᵢ) = −n log(2b) − ∑|xᵢ − μ|/b.
    public func logLikelihood(_ parameters: [Double], on data: Sample) -> Double {
        guard parameters.count == 2, parameters[0].isFinite, parameters[1] > 0, parameters[1].isFinite else { return -.infinity }
        let (mu, b) = (parameters[0], parameters[1])
        let deviations = data.sum { abs($0 - mu) }
        return -Double(data.count) * log(2 * b) - (deviations == 0 ? 0 : deviations / b)
    }

    /// μ̂ = the median (midpoint of the two middle values for even n), b̂ = ∑|xᵢ − μ̂|/n; throws a
    /// numerical error when b̂ = 0 (every value equal).
    public func closedFormMaximumLikelihood(on data: Sample) throws(InferenceError) -> [Double]? {
        let sorted = data.values.sorted()
        let n = sorted.count
        let median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
        let b = data.sum { abs($0 - median) } / Double(n)
        guard b > 0 else {
            throw .numerical("every value of \(data.name) is \(median): the laplace scale's MLE is 0 and the fit is degenerate", parameter: "b")
        }
        return [median, b]
    }

    /// diag(n/b², n/b²): Fisher information for μ, observed information for b at its MLE.
    public func information(at parameters: [Double], on data: Sample) -> Matrix? {
        let b = parameters[1]
        let n = Double(data.count)
        let absolute = data.sum { abs($0 - parameters[0]) }
        return Matrix.diagonal([n / (b * b), -n / (b * b) + 2 * absolute / (b * b * b)])
    }
}

extension LaplaceModel: DistributionFamily {
    /// A data error for fewer than 3 rows (a flat prior on a location and a scale).
    public func requireProperPosterior(under prior: any Prior, on data: Sample) throws(InferenceError) {
        try requireRowsForProperPosterior(3, data)
    }
}

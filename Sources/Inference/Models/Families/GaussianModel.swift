import Foundation
import GSL

/// xᵢ ~ N(μ, σ²); the MLE is μ̂ = x̄, σ̂ = √(Σ(xᵢ − x̄)²/n) (divisor n, as `scipy.stats.norm.fit`).
public struct GaussianModel: StatisticalModel {
    /// The gaussian family N(μ, σ²).
    public init() {}

    /// The command-line name, `gaussian`.
    public var name: String { "gaussian" }
    /// `mu` and `sigma`: the mean μ and the standard deviation σ, in that order.
    public var parameterNames: [String] { ["mu", "sigma"] }
    /// μ ∈ ℝ, σ ∈ (0, ∞).
    public var parameterSupports: [ParameterSupport] { [.real, .positive] }

    /// Rejects fewer than 2 rows; every finite value is in the support.
    public func validate(_ data: Sample) throws(InferenceError) {
        try data.requireValues(in: "any finite number", of: name, minimumCount: 2) { _ in true }
    }

    /// The number of rows n.
    public func observationCount(_ data: Sample) -> Int { data.count }

    /// ∑ log f(xᵢ) with f(x) = e^(−(x − μ)²/(2σ²))/(σ√(2π)):
    /// −(n/2) log 2π − n log σ − ∑(xᵢ − μ)²/(2σ²).
    public func logLikelihood(_ parameters: [Double], on data: Sample) -> Double {
        guard parameters.count == 2, parameters[0].isFinite, parameters[1] > 0, parameters[1].isFinite else { return -.infinity }
        let (mu, sigma) = (parameters[0], parameters[1])
        let n = Double(data.count)
        let squares = data.centredSums(about: mu).squares
        // 0 when every value is μ, even where σ² underflows
        let scaled = squares == 0 ? 0 : squares / (2 * sigma * sigma)
        return -n / 2 * log(2 * .pi) - n * log(sigma) - scaled
    }

    /// Analytic, in (μ, σ): (∑(xᵢ − μ)/σ², −n/σ + ∑(xᵢ − μ)²/σ³).
    public func gradient(_ parameters: [Double], on data: Sample) -> [Double]? {
        let (mu, sigma) = (parameters[0], parameters[1])
        let n = Double(data.count)
        let (deviations, squares) = data.centredSums(about: mu)
        return [deviations / (sigma * sigma), -n / sigma + squares / (sigma * sigma * sigma)]
    }

    /// Analytic, in (μ, σ): ∂²/∂μ² = −n/σ², ∂²/∂μ∂σ = −2∑(xᵢ − μ)/σ³,
    /// ∂²/∂σ² = n/σ² − 3∑(xᵢ − μ)²/σ⁴.
    public func hessian(_ parameters: [Double], on data: Sample) -> Matrix? {
        let (mu, sigma) = (parameters[0], parameters[1])
        let n = Double(data.count)
        let (deviations, squares) = data.centredSums(about: mu)
        let s2 = sigma * sigma
        let cross = -2 * deviations / (s2 * sigma)
        return try? Matrix(rows: 2, columns: 2, values: [-n / s2, cross, cross, n / s2 - 3 * squares / (s2 * s2)])
    }

    /// x̄ and the 1/n standard deviation √(∑(xᵢ − x̄)²/n); throws a numerical error when that is 0
    /// (constant data).
    public func closedFormMaximumLikelihood(on data: Sample) throws(InferenceError) -> [Double]? {
        let mean = data.centredSums(about: 0).deviations / Double(data.count)
        let sigma = (data.centredSums(about: mean).squares / Double(data.count)).squareRoot()
        guard sigma > 0 else {
            throw .numerical("every value of \(data.name) is \(mean): the MLE of sigma is 0 and the gaussian fit is degenerate", parameter: "sigma")
        }
        return [mean, sigma]
    }
}

extension GaussianModel: DistributionFamily {
    /// A data error for fewer than 3 rows under a flat prior (``DistributionFamily`` explains
    /// why); a normal prior on mu makes every sample's posterior proper.
    public func requireProperPosterior(under prior: any Prior, on data: Sample) throws(InferenceError) {
        if prior is FlatPrior { try requireRowsForProperPosterior(3, data) }
    }
}

import Foundation
import GSL

/// log xᵢ ~ N(μ, σ²); the MLE is the gaussian MLE of log x (as `scipy.stats.lognorm.fit` with
/// `floc=0`: s = σ, scale = e^μ).
public struct LogNormalModel: StatisticalModel {
    /// The log-normal family: log x ~ N(μ, σ²) for x > 0.
    public init() {}

    /// The command-line name, `lognormal`.
    public var name: String { "lognormal" }
    /// `mu` and `sigma`: the mean μ and standard deviation σ of log x, in that order.
    public var parameterNames: [String] { ["mu", "sigma"] }
    /// μ ∈ ℝ, σ ∈ (0, ∞).
    public var parameterSupports: [ParameterSupport] { [.real, .positive] }

    /// Rejects fewer than 2 rows and any value ≤ 0.
    public func validate(_ data: Sample) throws(InferenceError) {
        try data.requireValues(in: "x > 0", of: name, minimumCount: 2) { $0 > 0 }
    }

    /// The number of rows n.
    public func observationCount(_ data: Sample) -> Int { data.count }

    private func logs(_ data: Sample) -> Sample { Sample(data.values.map { log($0) }, name: data.name) }

    /// ∑ log f(xᵢ) with f(x) = e^(−(log x − μ)²/(2σ²))/(xσ√(2π)): the gaussian log L of log x
    /// minus ∑ log xᵢ.
    public func logLikelihood(_ parameters: [Double], on data: Sample) -> Double {
        GaussianModel().logLikelihood(parameters, on: logs(data)) - data.sum { log($0) }
    }

    /// Analytic, in (μ, σ): the gaussian gradient on log x (the Jacobian term −∑ log xᵢ does not
    /// depend on θ).
    public func gradient(_ parameters: [Double], on data: Sample) -> [Double]? {
        GaussianModel().gradient(parameters, on: logs(data))
    }

    /// Analytic, in (μ, σ): the gaussian Hessian on log x.
    public func hessian(_ parameters: [Double], on data: Sample) -> Matrix? {
        GaussianModel().hessian(parameters, on: logs(data))
    }

    /// The mean m of log x and the 1/n standard deviation √(∑(log xᵢ − m)²/n); throws a numerical
    /// error when that is 0 (every value equal).
    public func closedFormMaximumLikelihood(on data: Sample) throws(InferenceError) -> [Double]? {
        if let first = data.values.first, data.values.allSatisfy({ $0 == first }) {
            throw .numerical("every value of \(data.name) is \(first): the MLE of sigma is 0 and the lognormal fit is degenerate", parameter: "sigma")
        }
        return try GaussianModel().closedFormMaximumLikelihood(on: logs(data))
    }
}

extension LogNormalModel: DistributionFamily {
    /// A data error for fewer than 3 rows (a flat prior on a location and a scale).
    public func requireProperPosterior(under prior: any Prior, on data: Sample) throws(InferenceError) {
        try requireRowsForProperPosterior(3, data)
    }
}

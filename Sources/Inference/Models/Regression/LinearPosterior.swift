import Foundation
import GSL

/// The contract's full posterior of the linear model over (b, w, σ): the Gaussian likelihood,
/// each fitted-scale weight vⱼ = sⱼwⱼ | σ ~ N(0, σ²/λ) (gaussian prior), a flat intercept and
/// p(σ) ∝ 1/σ. Up to constants,
///
///     log p = −(n + p + 1) log σ − (RSS + λ‖v‖²)/(2σ²),
///
/// so the mode has w at the ridge solution and σ² = (RSS + λ‖v‖²)/(n + p + 1), and the
/// marginal posterior of w is a multivariate Student-t. Its exact evidence is
/// ``exactLogEvidence(_:)``. With λ = 0 (flat prior) the weights have a flat prior too.
public struct LinearPosterior: LogDensity {
    /// The model.
    public let model: LinearRegressionModel
    /// The data.
    public let data: RegressionData
    /// λ of the gaussian prior (0: flat).
    public let lambda: Double
    /// The features' scales sⱼ (1 unless standardising).
    public let scales: [Double]

    /// The posterior of `model` on `data` with a gaussian prior of weight `lambda` (0: flat).
    public init(model: LinearRegressionModel, data: RegressionData, lambda: Double) throws(InferenceError) {
        self.model = model
        self.data = data
        self.lambda = lambda
        scales = try StandardizedDesign(data.features, design: model.design).scales
    }

    public var parameterSupports: [ParameterSupport] { model.parameterSupports }

    private var offset: Int { model.design.intercept ? 1 : 0 }

    private func penaltySquares(_ parameters: [Double]) -> Double {
        scales.indices.reduce(0) { $0 + scales[$1] * scales[$1] * parameters[$1 + offset] * parameters[$1 + offset] }
    }

    private func logPriorWeights(_ parameters: [Double]) -> Double {
        guard lambda > 0 else { return 0 }
        let sigma = parameters[parameters.count - 1]
        let variance = sigma * sigma / lambda
        return scales.reduce(0) { $0 - 0.5 * log(2 * .pi * variance) + log($1) } - penaltySquares(parameters) / (2 * variance)
    }

    public func logDensity(_ parameters: [Double]) -> Double {
        let sigma = parameters[parameters.count - 1]
        guard sigma > 0 else { return -.infinity }
        return model.logLikelihood(parameters, on: data) + logPriorWeights(parameters) - log(sigma)
    }

    public func gradient(_ parameters: [Double]) -> [Double] {
        var g = model.resolvedGradient(parameters, on: data)
        let k = parameters.count - 1
        let sigma = parameters[k]
        if lambda > 0 {
            let s2 = sigma * sigma
            for j in scales.indices { g[j + offset] -= lambda * scales[j] * scales[j] * parameters[j + offset] / s2 }
            g[k] += -Double(scales.count) / sigma + lambda * penaltySquares(parameters) / (s2 * sigma)
        }
        g[k] -= 1 / sigma
        return g
    }

    public func hessian(_ parameters: [Double]) -> Matrix? {
        FiniteDifferences.jacobian(of: gradient, at: parameters)
    }

    /// The posterior mode: the ridge (OLS) weights and σ² = (RSS + λ‖v‖²)/(n + p′ + 1), p′ the
    /// number of weights with a proper prior (0 when flat).
    public func mode() throws(InferenceError) -> [Double] {
        let penalty: Penalty = lambda > 0 ? .gaussian(lambda: lambda) : .none
        var estimates = try model.fitPenalized(data, penalty: penalty).estimates
        let k = estimates.count - 1
        let rss = estimates[k] * estimates[k] * Double(data.rowCount)
        let proper = lambda > 0 ? scales.count : 0
        estimates[k] = ((rss + lambda * penaltySquares(estimates)) / Double(data.rowCount + proper + 1)).squareRoot()
        return estimates
    }

    /// The exact log evidence with a gaussian prior (λ > 0) and an intercept:
    /// log p(y) = −((n−1)/2) log 2π + (p/2) log λ + Σ log sⱼ − ½ log det M + log(½ Γ((n−1)/2))
    /// − ((n−1)/2) log(S/2), with M = X̃ᵀX̃ + λ diag(0, s²) and S = RSS + λ‖v‖² at the ridge
    /// solution (the intercept and weights integrated out given σ, then σ under 1/σ).
    public func exactLogEvidence() throws(InferenceError) -> Double {
        guard lambda > 0, model.design.intercept else {
            throw .usage("the exact evidence is implemented for a gaussian prior with an intercept")
        }
        let estimates = try model.fitPenalized(data, penalty: .gaussian(lambda: lambda)).estimates
        let n = Double(data.rowCount)
        let p = Double(scales.count)
        let sigma = estimates[estimates.count - 1]
        let s = sigma * sigma * n + lambda * penaltySquares(estimates)
        var m = model.designGram(data)
        for j in scales.indices { m[j + 1, j + 1] += lambda * scales[j] * scales[j] }
        let logDetM: Double
        let logGamma: Double
        do {
            logDetM = try CholeskyDecomposition(m).logDeterminant
            logGamma = try SpecialFunctions.logGamma((n - 1) / 2)
        } catch {
            throw InferenceError(error)
        }
        return -(n - 1) / 2 * log(2 * .pi) + p / 2 * log(lambda) + scales.reduce(0) { $0 + log($1) } - logDetM / 2
            + log(0.5) + logGamma - (n - 1) / 2 * log(s / 2)
    }
}

import Foundation
import GSL

/// The contract's full posterior of the linear model over (b, w, σ): the Gaussian likelihood,
/// each fitted-scale weight vⱼ = sⱼwⱼ | σ with density ∝ exp(−(λa|v| + λ(1 − a)v²/2)/σ²) — so
/// N(0, σ²/λ) for a gaussian prior, Laplace(0, σ²/λ) for laplace, normalised for every σ — a
/// flat intercept and p(σ) ∝ 1/σ. With a gaussian prior, up to constants,
///
///     log p = −(n + p + 1) log σ − (RSS + λ‖v‖²)/(2σ²),
///
/// so the mode has w at the ridge solution and σ² = (RSS + λ‖v‖²)/(n + p + 1), and the
/// marginal posterior of w is a multivariate Student-t. For every σ the conditional mode of w is
/// the penalised fit of ``LinearRegressionModel/fitPenalized(_:penalty:)``. Its exact evidence
/// (gaussian prior) is ``exactLogEvidence()``. Without a penalty the weights have a flat prior too.
public struct LinearPosterior: LogDensity {
    /// The model.
    public let model: LinearRegressionModel
    /// The data.
    public let data: RegressionData
    /// The prior on the weights, as a penalty.
    public let penalty: Penalty
    /// The features' scales sⱼ (1 unless standardising).
    public let scales: [Double]

    /// The posterior of `model` on `data` with the prior of `penalty` on the weights.
    public init(model: LinearRegressionModel, data: RegressionData, penalty: Penalty) throws(InferenceError) {
        self.model = model
        self.data = data
        let validated = try penalty.validated()
        self.penalty = validated.l1 == 0 && validated.l2 == 0 ? .none : validated
        scales = StandardizedDesign.moments(data.store, design: model.design).scales
    }

    /// The posterior with a gaussian prior of weight `lambda` (0: flat); a usage error for a
    /// negative or non-finite `lambda`.
    public init(model: LinearRegressionModel, data: RegressionData, lambda: Double) throws(InferenceError) {
        try self.init(model: model, data: data, penalty: lambda == 0 ? .none : .gaussian(lambda: lambda))
    }

    /// The model's supports: real intercept and weights, then σ > 0.
    public var parameterSupports: [ParameterSupport] { model.parameterSupports }

    private var offset: Int { model.design.intercept ? 1 : 0 }

    private var hasPrior: Bool { penalty.l1 > 0 || penalty.l2 > 0 }

    /// v = s·w, the weights on their fitted scale.
    private func fittedWeights(_ parameters: [Double]) -> [Double] {
        scales.indices.map { scales[$0] * parameters[$0 + offset] }
    }

    private func penaltySquares(_ parameters: [Double]) -> Double {
        fittedWeights(parameters).reduce(0) { $0 + $1 * $1 }
    }

    /// λa‖v‖₁ + λ(1 − a)‖v‖²/2: the penalty of the sum-form objective.
    private func penaltyValue(_ parameters: [Double]) -> Double {
        fittedWeights(parameters).reduce(0) { $0 + penalty.l1 * abs($1) + penalty.l2 / 2 * $1 * $1 }
    }

    private func logPriorWeights(_ parameters: [Double]) -> Double {
        guard hasPrior else { return 0 }
        let s2 = parameters[parameters.count - 1] * parameters[parameters.count - 1]
        return PriorDensity.logDensity(fittedWeights(parameters), l1: penalty.l1 / s2, l2: penalty.l2 / s2)
            + scales.reduce(0) { $0 + log($1) }
    }

    /// log L(b, w, σ) + Σⱼ log p(vⱼ | σ) + Σⱼ log sⱼ − log σ: the likelihood, the weights' normalised
    /// prior with the Jacobian of v = s·w, and p(σ) ∝ 1/σ; −∞ for σ ≤ 0.
    public func logDensity(_ parameters: [Double]) -> Double {
        let sigma = parameters[parameters.count - 1]
        guard sigma > 0 else { return -.infinity }
        return model.logLikelihood(parameters, on: data) + logPriorWeights(parameters) - log(sigma)
    }

    /// The gradient; with an L1 part, sign(0) = 0 is taken at a zero weight.
    public func gradient(_ parameters: [Double]) -> [Double] {
        posteriorGradient(parameters, likelihood: model.resolvedGradient(parameters, on: data))
    }

    /// The density and its gradient from one pass over the rows.
    public func logDensityAndGradient(_ parameters: [Double]) -> (value: Double, gradient: [Double]) {
        guard let (value, likelihood) = model.logLikelihoodAndGradient(parameters, on: data) else {
            return (-.infinity, [Double](repeating: .nan, count: parameters.count))
        }
        let sigma = parameters[parameters.count - 1]
        return (value + logPriorWeights(parameters) - log(sigma), posteriorGradient(parameters, likelihood: likelihood))
    }

    /// ∇ log p from ∇ log L: the prior's and p(σ)'s parts added.
    private func posteriorGradient(_ parameters: [Double], likelihood: [Double]) -> [Double] {
        var g = likelihood
        let k = parameters.count - 1
        let sigma = parameters[k]
        if hasPrior {
            let s2 = sigma * sigma
            for j in scales.indices {
                let w = parameters[j + offset]
                let sign: Double = w > 0 ? 1 : (w < 0 ? -1 : 0)
                g[j + offset] -= (penalty.l2 * scales[j] * scales[j] * w + penalty.l1 * scales[j] * sign) / s2
            }
            g[k] += 2 * penaltyValue(parameters) / (s2 * sigma) - Double(scales.count) * logNormalizerSlope(sigma)
        }
        g[k] -= 1 / sigma
        return g
    }

    /// d log Z(λa/σ², λ(1 − a)/σ²)/dσ: 1/σ for gaussian, 2/σ for laplace, central differences
    /// in between.
    private func logNormalizerSlope(_ sigma: Double) -> Double {
        if penalty.l1 == 0 { return 1 / sigma }
        if penalty.l2 == 0 { return 2 / sigma }
        let h = 1e-5 * sigma
        let z = { (s: Double) in PriorDensity.logNormalizer(l1: penalty.l1 / (s * s), l2: penalty.l2 / (s * s)) }
        return (z(sigma + h) - z(sigma - h)) / (2 * h)
    }

    /// Symmetrised central differences of the analytic gradient; nil with an L1 part (laplace, or
    /// elastic net with a > 0: not twice differentiable) or when an entry is not finite.
    public func hessian(_ parameters: [Double]) -> Matrix? {
        guard penalty.isSmooth else { return nil }
        return FiniteDifferences.jacobian(of: gradient, at: parameters)
    }

    /// The posterior mode: the penalised weights (ridge, lasso, elastic net; OLS when flat) and
    /// the σ that maximises the density given them: σ² = (RSS + λ‖v‖²)/(n + p′ + 1) for gaussian
    /// (p′ the number of weights with a proper prior, 0 when flat), (RSS + 2λ‖v‖₁)/(n + 2p + 1)
    /// for laplace, a one-dimensional search for the elastic net.
    public func mode() throws(InferenceError) -> [Double] {
        var estimates = try model.fitPenalized(data, penalty: penalty).estimates
        let k = estimates.count - 1
        let n = Double(data.rowCount)
        let p = Double(scales.count)
        let rss = estimates[k] * estimates[k] * n
        switch penalty {
        case .none: estimates[k] = (rss / (n + 1)).squareRoot()
        case .gaussian(let lambda): estimates[k] = ((rss + lambda * penaltySquares(estimates)) / (n + p + 1)).squareRoot()
        case .laplace(let lambda):
            let l1 = fittedWeights(estimates).reduce(0) { $0 + abs($1) }
            estimates[k] = ((rss + 2 * lambda * l1) / (n + 2 * p + 1)).squareRoot()
        case .elasticNet:
            estimates[k] = maximizeOverSigma(estimates, around: estimates[k])
        }
        return estimates
    }

    /// Golden-section search of log p over log σ in [log σ₀ − 4, log σ₀ + 4] (the density is
    /// unimodal in σ for fixed weights).
    private func maximizeOverSigma(_ parameters: [Double], around sigma: Double) -> Double {
        var point = parameters
        let value = { (logSigma: Double) -> Double in
            point[point.count - 1] = exp(logSigma)
            return logDensity(point)
        }
        return exp(GoldenSection.maximize(value, low: log(sigma) - 4, high: log(sigma) + 4, iterations: 80))
    }

    /// The exact log evidence with a gaussian prior (λ > 0) and an intercept:
    /// log p(y) = −((n−1)/2) log 2π + (p/2) log λ + Σ log sⱼ − ½ log det M + log(½ Γ((n−1)/2))
    /// − ((n−1)/2) log(S/2), with M = X̃ᵀX̃ + λ diag(0, s²) and S = RSS + λ‖v‖² at the ridge
    /// solution (the intercept and weights integrated out given σ, then σ under 1/σ).
    public func exactLogEvidence() throws(InferenceError) -> Double {
        guard case .gaussian(let lambda) = penalty, lambda > 0, model.design.intercept else {
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

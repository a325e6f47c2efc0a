import Foundation
import GSL

/// Linear regression with Gaussian noise: yᵢ = b + xᵢᵀw + εᵢ, εᵢ ~ N(0, σ²).
///
/// Parameters: `intercept` (unless there is none), the features' weights, then `sigma`.
/// Fitting follows the contract: w minimises ½‖y − b − Xw‖² + λR(w), and σ is then the
/// maximum-likelihood scale √(RSS/n). OLS goes through a QR least-squares solve, ridge through a
/// Cholesky solve of (ZᵀZ + λI)v = Zᵀy on the centred (and, with `--standardize`, scaled)
/// features Z, lasso and elastic net through `CoordinateDescent` on ZᵀZ.
public struct LinearRegressionModel: RegressionModel {
    /// The features' names, in order.
    public let featureNames: [String]
    /// Intercept and standardisation.
    public let design: RegressionDesign

    /// The linear model over `featureNames`.
    public init(featureNames: [String], design: RegressionDesign = RegressionDesign()) {
        self.featureNames = featureNames
        self.design = design
    }

    /// The model's name, `linear`.
    public var name: String { "linear" }
    /// `intercept` (unless there is none), the feature names, then `sigma`.
    public var parameterNames: [String] { coefficientNames(featureNames) + ["sigma"] }
    /// Real coefficients, then σ ∈ (0, ∞).
    public var parameterSupports: [ParameterSupport] {
        [ParameterSupport](repeating: .real, count: featureNames.count + (design.intercept ? 1 : 0)) + [.positive]
    }

    /// Rejects data whose features are not the model's (a usage error) and fewer than 2 rows.
    public func validate(_ data: RegressionData) throws(InferenceError) {
        guard data.featureNames == featureNames else { throw .usage("the data's features differ from the model's") }
        try requireRows(data, minimum: 2)
        try data.requireNumericTarget(for: name)
    }

    /// The number of rows n.
    public func observationCount(_ data: RegressionData) -> Int { data.rowCount }

    /// (b, w, σ) from a parameter vector.
    private func split(_ parameters: [Double]) -> (intercept: Double, weights: ArraySlice<Double>, sigma: Double) {
        let offset = design.intercept ? 1 : 0
        return (design.intercept ? parameters[0] : 0, parameters[offset..<(parameters.count - 1)], parameters[parameters.count - 1])
    }

    private func residuals(_ intercept: Double, _ weights: ArraySlice<Double>, _ data: RegressionData) -> [Double] {
        let fitted = data.store.products(Array(weights))
        return zip(data.target, fitted).map { $0 - intercept - $1 }
    }

    /// −(n/2) log(2πσ²) − RSS/(2σ²) with RSS = ∑ (yᵢ − b − xᵢᵀw)²; −∞ for σ ≤ 0, a non-finite
    /// parameter or a wrong number of them.
    public func logLikelihood(_ parameters: [Double], on data: RegressionData) -> Double {
        guard parameters.count == data.featureCount + (design.intercept ? 1 : 0) + 1,
              parameters.allSatisfy(\.isFinite), let last = parameters.last, last > 0 else { return -.infinity }
        let (b, w, sigma) = split(parameters)
        let rss = residuals(b, w, data).reduce(0) { $0 + $1 * $1 }
        let n = Double(data.rowCount)
        return -n / 2 * log(2 * .pi * sigma * sigma) - rss / (2 * sigma * sigma)
    }

    /// Analytic: (∑ rᵢ, Xᵀr)/σ² for (b, w) and −n/σ + RSS/σ³ for σ, with residuals r = y − b − Xw.
    public func gradient(_ parameters: [Double], on data: RegressionData) -> [Double]? {
        let (b, w, sigma) = split(parameters)
        let r = residuals(b, w, data)
        let s2 = sigma * sigma
        guard let xr = try? data.features.transposeMultiplied(by: r) else { return nil }
        let rss = r.reduce(0) { $0 + $1 * $1 }
        let intercept = design.intercept ? [r.reduce(0, +) / s2] : []
        return intercept + xr.map { $0 / s2 } + [-Double(data.rowCount) / sigma + rss / (s2 * sigma)]
    }

    /// log L and its gradient from one pass over the rows in plain Swift (a sampler's many small
    /// evaluations: no temporary, no BLAS call); nil where ``logLikelihood(_:on:)`` is −∞.
    public func logLikelihoodAndGradient(_ parameters: [Double], on data: RegressionData) -> (value: Double, gradient: [Double])? {
        let offset = design.intercept ? 1 : 0
        let p = data.featureCount
        guard parameters.count == p + offset + 1, parameters.allSatisfy(\.isFinite), let sigma = parameters.last, sigma > 0 else { return nil }
        let b = design.intercept ? parameters[0] : 0
        var rss = 0.0
        var gradient = [Double](repeating: 0, count: parameters.count)
        data.features.values.withUnsafeBufferPointer { x in
            parameters.withUnsafeBufferPointer { w in
                data.target.withUnsafeBufferPointer { y in
                    gradient.withUnsafeMutableBufferPointer { g in
                        for i in 0..<y.count {
                            let row = x.baseAddress! + i * p
                            var fitted = b
                            for j in 0..<p { fitted += row[j] * w[offset + j] }
                            let r = y[i] - fitted
                            rss += r * r
                            if offset == 1 { g[0] += r }
                            for j in 0..<p { g[offset + j] += r * row[j] }
                        }
                    }
                }
            }
        }
        let s2 = sigma * sigma
        let n = Double(data.rowCount)
        for k in 0..<(p + offset) { gradient[k] /= s2 }
        gradient[p + offset] = -n / sigma + rss / (s2 * sigma)
        return (-n / 2 * log(2 * .pi * s2) - rss / (2 * s2), gradient)
    }

    /// Analytic: −X̃ᵀX̃/σ² for (b, w), −2X̃ᵀr/σ³ between them and σ, n/σ² − 3 RSS/σ⁴ for σ, with
    /// X̃ = [1, X] and r the residuals.
    public func hessian(_ parameters: [Double], on data: RegressionData) -> Matrix? {
        let (b, w, sigma) = split(parameters)
        let r = residuals(b, w, data)
        let s2 = sigma * sigma
        let gram = designGram(data)
        let k = gram.rows
        var h = Matrix(rows: k + 1, columns: k + 1)
        for i in 0..<k {
            for j in 0..<k { h[i, j] = -gram[i, j] / s2 }
        }
        guard let xr = try? data.features.transposeMultiplied(by: r) else { return nil }
        let score = (design.intercept ? [r.reduce(0, +)] : []) + xr
        for i in 0..<k {
            h[i, k] = -2 * score[i] / (s2 * sigma)
            h[k, i] = h[i, k]
        }
        let rss = r.reduce(0) { $0 + $1 * $1 }
        h[k, k] = Double(data.rowCount) / s2 - 3 * rss / (s2 * s2)
        return h
    }

    /// OLS through QR with σ = √(RSS/n); a numerical error for collinear or constant features, no
    /// more rows than coefficients, or an exact fit (σ̂ = 0).
    public func closedFormMaximumLikelihood(on data: RegressionData) throws(InferenceError) -> [Double]? {
        try fitPenalized(data, penalty: .none).estimates
    }

    /// X̃ᵀX̃ with X̃ = [1, X] (or X without an intercept).
    func designGram(_ data: RegressionData) -> Matrix {
        let gram = data.features.gram()
        guard design.intercept else { return gram }
        let p = data.featureCount
        var result = Matrix(rows: p + 1, columns: p + 1)
        result[0, 0] = Double(data.rowCount)
        var sums = [Double](repeating: 0, count: p)  // the column sums, in one pass over the rows
        data.features.values.withUnsafeBufferPointer { x in
            for i in 0..<data.rowCount {
                for j in 0..<p { sums[j] += x[i * p + j] }
            }
        }
        for j in 0..<p {
            let sum = sums[j]
            result[0, j + 1] = sum
            result[j + 1, 0] = sum
            for k in 0..<p { result[j + 1, k + 1] = gram[j, k] }
        }
        return result
    }
}

extension LinearRegressionModel: LeastSquaresRegression {
    /// E[y | x] = b + xᵀw of each row.
    public func meanResponses(_ estimates: [Double], on data: RegressionData) -> [Double] {
        data.linearPredictor(estimates, intercept: design.intercept)
    }

    /// The contract's full posterior of (b, w, σ), ``LinearPosterior``, at its own mode; for a
    /// penalty with an L1 part, the curvature of the posterior under a gaussian prior of the same
    /// variance at the mode's σ (Laplace(0, σ²/λ) has variance 2σ⁴/λ²). A smooth elastic net
    /// (mix 0) is the gaussian prior of its λ.
    public func posterior(under penalty: Penalty, on data: RegressionData) throws(InferenceError) -> RegressionPosterior {
        try validate(data)
        let smooth = penalty.isSmooth ? (penalty.l2 == 0 ? Penalty.none : .gaussian(lambda: penalty.l2)) : penalty
        let posterior = try LinearPosterior(model: self, data: data, penalty: smooth)
        let mode = try posterior.mode()
        var curvature: LinearPosterior?
        if !penalty.isSmooth {
            let sigma = mode[mode.count - 1]
            curvature = try LinearPosterior(
                model: self, data: data, penalty: .gaussian(lambda: penalty.l2 + penalty.l1 * penalty.l1 / (2 * sigma * sigma)))
        }
        return RegressionPosterior(density: posterior, mode: mode, proposalCurvature: curvature)
    }
}

/// A regression with gaussian noise and the identity link, fitted by least squares: ridge's
/// closed forms apply to it (leave-one-out and GCV from one decomposition, the evidence by
/// MacKay's updates, cross-validation from each fold's moments).
public protocol LeastSquaresRegression: RegressionModel {}

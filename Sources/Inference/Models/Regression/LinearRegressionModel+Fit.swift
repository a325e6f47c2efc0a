import Foundation
import GSL

extension LinearRegressionModel {
    /// w minimising ½‖y − b − Xw‖² + λR(w) on the centred (scaled) design — QR for OLS, a Cholesky
    /// solve for ridge, coordinate descent with an L1 part — then σ = √(RSS/n). With a smooth penalty
    /// the covariance is σ̂²(X̃ᵀX̃ + λD)⁻¹ for (b, w) and σ̂²/(2n) for σ. A numerical error when OLS is
    /// not unique, the ridge system is singular, coordinate descent fails or the fit is exact (σ̂ = 0).
    public func fitPenalized(_ data: RegressionData, penalty: Penalty) throws(InferenceError) -> PointEstimate {
        let n = data.rowCount
        let p = data.featureCount
        let z = try StandardizedDesign(data.features, design: design)
        let yMean = design.intercept ? data.target.reduce(0, +) / Double(n) : 0
        let centered = data.target.map { $0 - yMean }
        let fitted: [Double]
        var iterations = 0
        switch penalty {
        case .none:
            fitted = try ordinaryLeastSquares(z.matrix, centered, data)
        case _ where penalty.l1 == 0:
            fitted = try ridge(z.matrix, centered, l2: penalty.l2)
        default:
            let gram = z.matrix.gram()
            let linear: [Double]
            do { linear = try z.matrix.transposeMultiplied(by: centered) } catch { throw InferenceError(error) }
            guard let solution = CoordinateDescent(gram: gram, linear: linear, l1: penalty.l1, l2: penalty.l2)
                .solve(from: [Double](repeating: 0, count: p))
            else {
                throw .numerical("the \(penalty.priorName) fit of the linear model did not converge", remedy: Remedy.largerLambda)
            }
            fitted = solution.weights
            iterations = solution.sweeps
        }
        let weights = z.originalWeights(fitted)
        let intercept = design.intercept ? z.originalIntercept(yMean, weights: weights) : 0
        let predictions: [Double]
        do { predictions = try data.features.multiplied(by: weights) } catch { throw InferenceError(error) }
        let rss = zip(data.target, predictions).reduce(0) { $0 + ($1.0 - intercept - $1.1) * ($1.0 - intercept - $1.1) }
        let sigma = (rss / Double(n)).squareRoot()
        guard rss.isFinite, intercept.isFinite, weights.allSatisfy(\.isFinite) else {
            throw .overflow("the fit's residuals are not finite")
        }
        guard sigma > 0 else {
            throw .numerical("the features fit \(data.targetName) exactly (no residual): the MLE of sigma is 0", parameter: "sigma", remedy: "add a prior or fewer features")
        }
        let estimates = (design.intercept ? [intercept] : []) + weights + [sigma]
        let logLikelihood = self.logLikelihood(estimates, on: data)
        try PointEstimate.requireFinite(estimates, names: parameterNames, logLikelihood: logLikelihood)
        let covariance = penalty.isSmooth ? try self.covariance(data, z: z, l2: penalty.l2, sigma: sigma) : nil
        var warnings: [String] = []
        if covariance == nil && penalty.isSmooth {
            warnings.append("the curvature at the estimate is not positive definite: no standard errors")
        }
        return PointEstimate(
            method: penalty == .none ? .maximumLikelihood : .maximumAPosteriori, modelName: name,
            priorName: penalty.priorName, observationCount: n, parameterNames: parameterNames, estimates: estimates,
            logLikelihood: logLikelihood,
            logPosterior: penalty == .none ? nil : logLikelihood + logPrior(fitted, sigma: sigma, penalty: penalty),
            converged: true, iterations: iterations, covariance: covariance, exactPosterior: nil, warnings: warnings,
            parameterSupports: parameterSupports)
    }

    /// The path: the design centred (scaled) once and its Gram matrix G = ZᵀZ and c = Zᵀ(y − ȳ)
    /// formed once, then `GramPath` along the penalties.
    public func fitPath(_ data: RegressionData, penalties: [Penalty]) -> [[Double]?] {
        let n = data.rowCount
        guard n > 0, let z = try? StandardizedDesign(data.features, design: design) else { return penalties.map { _ in nil } }
        let yMean = design.intercept ? data.target.reduce(0, +) / Double(n) : 0
        let centered = data.target.map { $0 - yMean }
        let gram = z.matrix.gram()
        guard let linear = try? z.matrix.transposeMultiplied(by: centered) else { return penalties.map { _ in nil } }
        let path = GramPath(gram: gram, score: linear, squares: centered.reduce(0) { $0 + $1 * $1 }).solve(penalties)
        return path.map { solution -> [Double]? in
            guard let (fitted, rss) = solution else { return nil }
            let weights = z.originalWeights(fitted)
            let intercept = design.intercept ? [z.originalIntercept(yMean, weights: weights)] : []
            return intercept + weights + [(rss / Double(n)).squareRoot()]
        }
    }

    /// OLS on the centred design through QR; names the first collinear feature.
    private func ordinaryLeastSquares(_ z: Matrix, _ y: [Double], _ data: RegressionData) throws(InferenceError) -> [Double] {
        let parameters = data.featureCount + (design.intercept ? 1 : 0)
        guard data.rowCount > parameters else {
            throw .numerical(
                "\(parameters) parameters but only \(data.rowCount) rows: the MLE is not unique", remedy: Remedy.addAPrior)
        }
        let qr: QRDecomposition
        do { qr = try QRDecomposition(z) } catch { throw InferenceError(error) }
        let r = qr.upper
        for j in 0..<data.featureCount {
            let norm = z.column(j).reduce(0) { $0 + $1 * $1 }.squareRoot()
            if norm == 0 || abs(r[j, j]) <= 1e-9 * norm {
                throw data.collinearFeature(j, constant: design.intercept && norm == 0)
            }
        }
        do { return try qr.leastSquares(y) } catch { throw InferenceError(error) }
    }

    /// (ZᵀZ + λI) v = Zᵀy through Cholesky.
    private func ridge(_ z: Matrix, _ y: [Double], l2: Double) throws(InferenceError) -> [Double] {
        var gram = z.gram()
        for j in 0..<gram.rows { gram[j, j] += l2 }
        do {
            return try CholeskyDecomposition(gram).solve(try z.transposeMultiplied(by: y))
        } catch {
            throw .numerical("the ridge system is singular: use a larger \(setting("lambda"))")
        }
    }

    /// σ̂²(X̃ᵀX̃ + λD)⁻¹ for (b, w), with D the penalty's curvature on the original scale
    /// (λ(1 − a)sⱼ² on weight j, 0 on the intercept), and σ̂²/(2n) for σ: the observed
    /// information at the MLE, and the conditional posterior covariance of the weights given
    /// σ = σ̂ for a gaussian prior.
    private func covariance(_ data: RegressionData, z: StandardizedDesign, l2: Double, sigma: Double) throws(InferenceError) -> Matrix? {
        var information = designGram(data)
        let offset = design.intercept ? 1 : 0
        for j in 0..<data.featureCount { information[j + offset, j + offset] += l2 * z.scales[j] * z.scales[j] }
        guard let inverse = try? CholeskyDecomposition(information).inverse() else { return nil }
        let k = information.rows
        var result = Matrix(rows: k + 1, columns: k + 1)
        for i in 0..<k {
            for j in 0..<k { result[i, j] = inverse[i, j] * sigma * sigma }
        }
        result[k, k] = sigma * sigma / Double(2 * data.rowCount)
        return result
    }

    /// The contract's prior of the fitted-scale weights given σ: N(0, σ²/λ), Laplace(0, σ²/λ) or
    /// the elastic-net density ∝ exp(−(λ/σ²)(a|v| + (1 − a)v²/2)), with p(σ) ∝ 1/σ.
    private func logPrior(_ fitted: [Double], sigma: Double, penalty: Penalty) -> Double {
        let s2 = sigma * sigma
        return PriorDensity.logDensity(fitted, l1: penalty.l1 / s2, l2: penalty.l2 / s2) - log(sigma)
    }
}

/// The normalised density of the penalty prior exp(−α|v| − βv²/2) per weight:
/// 1/Z with Z = 2/α (β = 0), √(2π/β) (α = 0), or √(2π/β) e^(α²/2β) erfc(α/√(2β)).
enum PriorDensity {
    static func logDensity(_ weights: [Double], l1 alpha: Double, l2 beta: Double) -> Double {
        guard alpha > 0 || beta > 0 else { return 0 }
        return weights.reduce(0) { $0 - alpha * abs($1) - beta / 2 * $1 * $1 } - Double(weights.count) * logNormalizer(l1: alpha, l2: beta)
    }

    /// log Z.
    static func logNormalizer(l1 alpha: Double, l2 beta: Double) -> Double {
        if beta == 0 { return log(2 / alpha) }
        if alpha == 0 { return 0.5 * log(2 * .pi / beta) }
        let x = alpha / (2 * beta).squareRoot()
        // log(erfc(x) e^(x²)); beyond x = 25 its asymptotic series (relative error < 1e-8)
        let x2 = x * x
        let logScaledErfc = x < 25
            ? log(erfc(x)) + x2 : -log(x * Double.pi.squareRoot()) + log1p(-1 / (2 * x2) + 3 / (4 * x2 * x2))
        return 0.5 * log(2 * .pi / beta) + logScaledErfc
    }
}

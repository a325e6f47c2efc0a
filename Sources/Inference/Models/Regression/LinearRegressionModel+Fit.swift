import Foundation
import GSL

extension LinearRegressionModel {
    /// w minimising ½‖y − b − Xw‖² + λR(w) on the centred (scaled) design — QR for OLS, a Cholesky
    /// solve for ridge, coordinate descent with an L1 part — then σ = √(RSS/n). With a smooth penalty
    /// the covariance is σ̂²(X̃ᵀX̃ + λD)⁻¹ for (b, w) and σ̂²/(2n) for σ. A numerical error when OLS is
    /// not unique, the ridge system is singular, coordinate descent fails or the fit is exact (σ̂ = 0).
    public func fitPenalized(_ data: RegressionData, penalty: Penalty) throws(InferenceError) -> PointEstimate {
        try fitPenalized(data, penalty: penalty, system: nil)
    }

    /// As ``fitPenalized(_:penalty:)``, on `system` when the caller has formed it for `data`
    /// already (the ridge spectrum of `infer tune`), so the design is centred and its Gram matrix
    /// formed once.
    func fitPenalized(_ data: RegressionData, penalty: Penalty, system given: CentredLinearSystem?) throws(InferenceError) -> PointEstimate {
        let n = data.rowCount
        let p = data.featureCount
        let system: CentredLinearSystem
        if let given { system = given } else { system = try CentredLinearSystem(data, design: design) }
        let (z, yMean) = (system.design, system.yMean)
        let fitted: [Double]
        var iterations = 0
        // the Cholesky factor of G + λ₂I (G alone for OLS), for the covariance
        var factor: CholeskyDecomposition?
        switch penalty {
        case _ where p == 0:
            // no feature: the intercept ȳ and σ, which a prior on the weights leaves alone
            guard design.intercept else { throw .usage("the linear model needs a feature or its intercept") }
            fitted = []
        case .none:
            fitted = try ordinaryLeastSquares(system, data)
        case _ where penalty.l1 == 0:
            (fitted, factor) = try ridge(system, l2: penalty.l2)
        default:
            guard let solution = CoordinateDescent(gram: system.gram, linear: system.score, l1: penalty.l1, l2: penalty.l2)
                .solve(from: [Double](repeating: 0, count: p))
            else {
                throw .numerical("the \(penalty.priorName) fit of the linear model did not converge", remedy: Remedy.largerLambda)
            }
            fitted = solution.weights
            iterations = solution.sweeps
        }
        let weights = z.originalWeights(fitted)
        let intercept = design.intercept ? z.originalIntercept(yMean, weights: weights) : 0
        let predictions = data.store.products(weights)
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
        if penalty == .none && p > 0 { factor = try? CholeskyDecomposition(system.gram) }
        var covariance: Matrix?
        if p == 0 {
            covariance = try? self.covariance(inverse: Matrix(rows: 0, columns: 0), n: n, z: z, sigma: sigma)
        } else if penalty.isSmooth, let inverse = try? factor?.inverse() {
            covariance = try? self.covariance(inverse: inverse, n: n, z: z, sigma: sigma)
        }
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
        guard n > 0, let system = try? CentredLinearSystem(data, design: design) else { return penalties.map { _ in nil } }
        let (z, yMean) = (system.design, system.yMean)
        let path = GramPath(gram: system.gram, score: system.score, squares: system.centered.reduce(0) { $0 + $1 * $1 }).solve(penalties)
        return path.map { solution -> [Double]? in
            guard let (fitted, rss) = solution else { return nil }
            let weights = z.originalWeights(fitted)
            let intercept = design.intercept ? [z.originalIntercept(yMean, weights: weights)] : []
            return intercept + weights + [(rss / Double(n)).squareRoot()]
        }
    }

    /// OLS on the centred design through QR; names the first collinear feature.
    private func ordinaryLeastSquares(_ system: CentredLinearSystem, _ data: RegressionData) throws(InferenceError) -> [Double] {
        let parameters = data.featureCount + (design.intercept ? 1 : 0)
        guard data.rowCount > parameters else {
            throw .numerical(
                "\(parameters) parameters but only \(data.rowCount) rows: the MLE is not unique", remedy: Remedy.addAPrior)
        }
        let qr: QRDecomposition
        do { qr = try QRDecomposition(system.design.matrix) } catch { throw InferenceError(error) }
        let r = qr.upper
        for j in 0..<data.featureCount {
            let norm = system.gram[j, j].squareRoot()
            if norm == 0 || abs(r[j, j]) <= 1e-9 * norm {
                throw data.collinearFeature(j, constant: design.intercept && norm == 0)
            }
        }
        // each column checked against its own norm: none against the largest (a feature of 10¹¹
        // beside one of 1 counted as rank-deficient)
        do { return try qr.leastSquares(system.centered, rankTolerance: 0) } catch { throw InferenceError(error) }
    }

    /// (ZᵀZ + λI) v = Zᵀy through Cholesky, and the factor.
    private func ridge(_ system: CentredLinearSystem, l2: Double) throws(InferenceError) -> ([Double], CholeskyDecomposition) {
        var gram = system.gram
        for j in 0..<gram.rows { gram[j, j] += l2 }
        do {
            let factor = try CholeskyDecomposition(gram)
            return (try factor.solve(system.score), factor)
        } catch {
            throw .numerical("the ridge system is singular: use a larger \(setting("lambda"))")
        }
    }

    /// σ̂²(X̃ᵀX̃ + λD)⁻¹ for (b, w), with D the penalty's curvature on the original scale
    /// (λ(1 − a)sⱼ² on weight j, 0 on the intercept), and σ̂²/(2n) for σ: the observed
    /// information at the MLE, and the conditional posterior covariance of the weights given
    /// σ = σ̂ for a gaussian prior. From `factor`, the Cholesky factor of M = G + λ₂I on the
    /// centred (scaled) design: X̃ᵀX̃ + λD is [[n, n x̄ᵀ], [n x̄, S M S + n x̄x̄ᵀ]] (S = diag(s)),
    /// whose inverse has S⁻¹M⁻¹S⁻¹ for w, −S⁻¹M⁻¹S⁻¹x̄ between b and w and 1/n + x̄ᵀS⁻¹M⁻¹S⁻¹x̄
    /// for b (without an intercept, the first block alone). `inverse` is M⁻¹ (0 × 0 without features).
    private func covariance(inverse: Matrix, n: Int, z: StandardizedDesign, sigma: Double) throws(GSLError) -> Matrix {
        let p = inverse.rows
        let offset = design.intercept ? 1 : 0
        let k = p + offset
        let s2 = sigma * sigma
        var result = Matrix(rows: k + 1, columns: k + 1)
        for i in 0..<p {
            for j in 0..<p { result[i + offset, j + offset] = inverse[i, j] / (z.scales[i] * z.scales[j]) * s2 }
        }
        if design.intercept {
            var crossTerms = [Double](repeating: 0, count: p)  // Cov(w) x̄
            for i in 0..<p {
                for j in 0..<p { crossTerms[i] += result[i + 1, j + 1] * z.means[j] }
            }
            result[0, 0] = s2 / Double(n) + zip(z.means, crossTerms).reduce(0) { $0 + $1.0 * $1.1 }
            for i in 0..<p {
                result[0, i + 1] = -crossTerms[i]
                result[i + 1, 0] = -crossTerms[i]
            }
        }
        result[k, k] = s2 / Double(2 * n)
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

/// The centred (scaled) design Z of a linear fit, its Gram matrix G = ZᵀZ, ȳ, y − ȳ and
/// c = Zᵀ(y − ȳ): formed once, shared by the ridge spectrum, the fit at the λ it selects and the
/// fit's covariance.
struct CentredLinearSystem {
    let design: StandardizedDesign
    /// G = ZᵀZ.
    let gram: Matrix
    let yMean: Double
    let centered: [Double]
    /// c = Zᵀ(y − ȳ).
    let score: [Double]

    init(_ data: RegressionData, design: RegressionDesign) throws(InferenceError) {
        self.design = try StandardizedDesign(data.store, design: design)
        yMean = design.intercept ? data.target.reduce(0, +) / Double(data.rowCount) : 0
        let mean = yMean
        centered = data.target.map { $0 - mean }
        gram = self.design.matrix.gram()
        do { score = try self.design.matrix.transposeMultiplied(by: centered) } catch { throw InferenceError(error) }
    }
}

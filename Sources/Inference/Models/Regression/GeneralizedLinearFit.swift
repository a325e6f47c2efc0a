import Foundation
import GSL

/// The design a generalised linear model is solved on: Z̃ = [1, Z] with Z the centred (and,
/// when standardising, scaled) features, plus the map back to the original scale.
struct AugmentedDesign {
    let standardized: StandardizedDesign
    let intercept: Bool

    /// n × (p + 1) with a leading column of ones (n × p without an intercept); formed on first
    /// use from features that came as columns (see ``StandardizedDesign/blocks``).
    var matrix: Matrix { standardized.matrix }

    init(_ data: RegressionData, design: RegressionDesign) throws(InferenceError) {
        standardized = try StandardizedDesign(data.store, design: design, withLeadingOnes: design.intercept)
        intercept = design.intercept
    }

    /// [1, X] from X (X itself without an intercept).
    static func augment(_ features: Matrix, intercept: Bool) throws(InferenceError) -> Matrix {
        guard intercept else { return features }
        let n = features.rows
        let p = features.columns
        var values = [Double](repeating: 1, count: n * (p + 1))
        let source = features.values
        for i in 0..<n {
            for j in 0..<p { values[i * (p + 1) + j + 1] = source[i * p + j] }
        }
        do { return try Matrix(rows: n, columns: p + 1, values: values) } catch { throw InferenceError(error) }
    }

    var columns: Int { standardized.width }

    /// Which coordinates of one block carry the penalty (all but the intercept).
    var penalizedBlock: [Bool] { (intercept ? [false] : []) + [Bool](repeating: true, count: standardized.scales.count) }

    /// One block of coefficients (intercept, weights) on the original scale.
    func originalBlock(_ fitted: ArraySlice<Double>) -> [Double] {
        let values = Array(fitted)
        let weights = standardized.originalWeights(Array(values.dropFirst(intercept ? 1 : 0)))
        guard intercept else { return weights }
        return [standardized.originalIntercept(values[0], weights: weights)] + weights
    }

    /// One block of original-scale coefficients (intercept, weights) on the fitted scale: the
    /// inverse of ``originalBlock(_:)``; nil when the block has the wrong length.
    func fittedBlock(_ original: ArraySlice<Double>) -> [Double]? {
        let values = Array(original)
        let offset = intercept ? 1 : 0
        guard values.count == standardized.scales.count + offset else { return nil }
        let weights = Array(values.dropFirst(offset))
        let fitted = zip(weights, standardized.scales).map { $0 * $1 }
        guard intercept else { return fitted }
        return [values[0] + zip(standardized.means, weights).reduce(0) { $0 + $1.0 * $1.1 }] + fitted
    }

    /// A curvature (Hessian) over `blocks` coefficient blocks of the fitted scale, moved to the
    /// original scale: with [1, X] = Z̃M, M = [[1, x̄ᵀ], [0, diag(s)]] a block (diag(s) without an
    /// intercept), it is MᵀHM with M block-diagonal. No pass over the rows.
    func originalCurvature(_ hessian: Matrix, blocks: Int = 1) -> Matrix? {
        let m = columns
        let offset = intercept ? 1 : 0
        var map = Matrix(rows: blocks * m, columns: blocks * m)
        for k in 0..<blocks {
            let base = k * m
            if intercept { map[base, base] = 1 }
            for j in 0..<standardized.scales.count {
                map[base + j + offset, base + j + offset] = standardized.scales[j]
                if intercept { map[base, base + j + offset] = standardized.means[j] }
            }
        }
        guard let right = try? hessian.multiplied(by: map) else { return nil }
        return try? map.transposeMultiplied(by: right)
    }
}

/// log(1 + eˣ) without overflow.
@inline(__always)
func softplus(_ x: Double) -> Double { max(x, 0) + logOnePlus(exp(-abs(x))) }

/// log(1 + x) for x ≥ 0 to within a few ulps, by Kahan's correction log(u)·x/(u − 1) with
/// u = 1 + x rounded (Goldberg 1991, thm. 4): several times faster than glibc's `log1p`, which
/// dominated the logistic regression's passes over the rows.
@inline(__always)
func logOnePlus(_ x: Double) -> Double {
    let u = 1 + x
    if u == 1 { return x }
    return log(u) * (x / (u - 1))
}

/// Builds the ``PointEstimate`` of a regression solved on the standardised scale. Its
/// `logPosterior` uses the contract's prior of the regressions other than linear: each
/// penalised weight independently N(0, 1/λ), Laplace(0, 1/λ) or the normalised elastic-net
/// density, flat intercepts.
struct RegressionReport {
    let modelName: String
    let parameterNames: [String]
    let penalty: Penalty
    let observationCount: Int

    /// `estimates` on the original scale; `information` the Hessian of the sum-form objective
    /// there (nil for a non-smooth penalty); `logLikelihood` at the estimate; `priorWeights`
    /// the penalised weights on the scale the prior applies to.
    func estimate(
        _ estimates: [Double], information: Matrix?, logLikelihood: Double, priorWeights: [Double], iterations: Int,
        warnings: [String] = []
    ) throws(InferenceError) -> PointEstimate {
        try PointEstimate.requireFinite(estimates, names: parameterNames, logLikelihood: logLikelihood)
        var warnings = warnings
        var covariance: Matrix?
        if let information {
            covariance = try? CholeskyDecomposition(information).inverse()
            if covariance == nil { warnings.append("the curvature at the estimate is not positive definite: no standard errors") }
        }
        let logPosterior = penalty == .none
            ? nil : logLikelihood + PriorDensity.logDensity(priorWeights, l1: penalty.l1, l2: penalty.l2)
        return PointEstimate(
            method: penalty == .none ? .maximumLikelihood : .maximumAPosteriori, modelName: modelName,
            priorName: penalty.priorName, observationCount: observationCount, parameterNames: parameterNames,
            estimates: estimates, logLikelihood: logLikelihood, logPosterior: logPosterior, converged: true,
            iterations: iterations, covariance: covariance, exactPosterior: nil, warnings: warnings)
    }
}

import Foundation
import GSL

/// The λ grid of `infer tune`: values log-spaced over four decades, largest first.
///
/// The top of the grid, on the design Z the solvers fit (centred with an intercept, scaled with
/// `--standardize`) and the null model's mean response μ₀ (ȳ with an intercept; 0, ½ or 1 for a
/// linear, logistic or poisson model without one):
/// - laplace and elastic-net (mix a > 0): the smallest λ at which every penalised weight is zero,
///   as glmnet computes it: ‖Zᵀ(y − μ₀)‖∞ / a, the score of the null model (for softmax, the
///   largest over classes, μ₀ the class frequencies);
/// - gaussian (and elastic-net with a = 0): 10 v tr(ZᵀZ)/p, with v the curvature of the
///   per-row negative log-likelihood at the null model (1 for linear, μ₀(1 − μ₀) for logistic,
///   μ₀ for poisson, the mean of πₖ(1 − πₖ) over the non-reference classes for softmax). In the
///   eigen-directions of ZᵀZ (mean eigenvalue tr/p) ridge shrinks by d²/(d² + λ): to about 1/11
///   of the unpenalised weights at the top, 1000/1001 at the bottom, four decades down, for a
///   design of comparable eigenvalues.
public enum LambdaGrid {
    /// The decades the grid spans.
    public static let decades = 4.0

    /// `count` values from the top for `regression` and `penalty` (whose λ is ignored) on `data`
    /// down to 10⁻⁴ of it; one value (the top) when `count` is 1.
    public static func values(
        count: Int, regression: Regression, data: RegressionData, design: RegressionDesign, penalty: Penalty
    ) throws(InferenceError) -> [Double] {
        guard count >= 1 else { throw .usage("\(setting("lambdas")) must be at least 1, got \(count)") }
        try requireMemory(count: count, features: data.featureCount)
        let top = try self.top(regression: regression, data: data, design: design, penalty: penalty)
        guard count > 1 else { return [top] }
        return (0..<count).map { k in top * pow(10, -decades * Double(k) / Double(count - 1)) }
    }

    /// A usage error when a curve of `count` λ, with a path of `features` weights and its
    /// losses a λ, would not fit ``MemoryBudget`` (checked with 0 features before the data are read).
    public static func requireMemory(count: Int, features: Int) throws(InferenceError) {
        try MemoryBudget.require(Double(count) * 8 * (Double(features) + 3), for: "a grid of \(count) λ")
    }

    /// The grid's largest λ (see the type's description).
    public static func top(
        regression: Regression, data: RegressionData, design: RegressionDesign, penalty: Penalty
    ) throws(InferenceError) -> Double {
        guard penalty != .none else { throw .usage("tune needs a prior: \(setting("prior")) gaussian, laplace or elastic-net") }
        let z = try StandardizedDesign(data.features, design: design).matrix
        let responses = nullResponses(regression, data, intercept: design.intercept)
        let top: Double
        if penalty.l1 > 0 {
            var score = 0.0
            for (mean, response) in responses {
                let residual = response.map { mean - $0 }
                let gradient: [Double]
                do { gradient = try z.transposeMultiplied(by: residual) } catch { throw InferenceError(error) }
                score = max(score, gradient.map(abs).max() ?? 0)
            }
            let mix = penalty.l1 / (penalty.l1 + penalty.l2)
            top = score / mix
        } else {
            let trace = z.values.reduce(0) { $0 + $1 * $1 }
            let curvature = responses.map { curvatureAtNull(regression, $0.mean) }.reduce(0, +) / Double(responses.count)
            top = 10 * curvature * trace / Double(max(1, z.columns))
        }
        guard top.isFinite, top > 0 else {
            throw .numerical(
                "the features do not vary with \(data.targetName) at the null model, so the λ grid has no range; give one with \(setting("lambda-grid"))")
        }
        return top
    }

    /// Per non-reference response (one for the single-response models, K − 1 for softmax): the
    /// null model's mean μ₀ and each row's response (y itself, or the indicator of class k).
    private static func nullResponses(_ regression: Regression, _ data: RegressionData, intercept: Bool) -> [(mean: Double, response: [Double])] {
        let y = data.target
        let n = Double(max(1, y.count))
        switch regression {
        case .softmax:
            let classes = SoftmaxRegressionModel.classCount(of: data)
            return (1..<classes).map { k in
                let indicator = y.map { $0 == Double(k) ? 1.0 : 0.0 }
                return (intercept ? indicator.reduce(0, +) / n : 1 / Double(classes), indicator)
            }
        case .linear: return [(intercept ? y.reduce(0, +) / n : 0, y)]
        case .logistic: return [(intercept ? y.reduce(0, +) / n : 0.5, y)]
        case .poissonRegression: return [(intercept ? y.reduce(0, +) / n : 1, y)]
        }
    }

    private static func curvatureAtNull(_ regression: Regression, _ mean: Double) -> Double {
        switch regression {
        case .linear: 1
        case .logistic, .softmax: mean * (1 - mean)
        case .poissonRegression: mean
        }
    }
}

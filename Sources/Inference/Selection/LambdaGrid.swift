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

    /// `count` values from the top for `model` and the prior's `shape` on `data` down to 10⁻⁴ of
    /// it; one value (the top) when `count` is 1.
    public static func values(count: Int, model: some RegressionModel, data: RegressionData, shape: PenaltyShape) throws(InferenceError) -> [Double] {
        guard count >= 1 else { throw .usage("\(setting("lambdas")) must be at least 1, got \(count)") }
        try requireMemory(count: count, features: data.featureCount)
        let top = try self.top(model: model, data: data, shape: shape)
        guard count > 1 else { return [top] }
        return (0..<count).map { k in top * pow(10, -decades * Double(k) / Double(count - 1)) }
    }

    /// A usage error when a curve of `count` λ, with a path of `features` weights and its
    /// losses a λ, would not fit ``MemoryBudget`` (checked with 0 features before the data are read).
    public static func requireMemory(count: Int, features: Int) throws(InferenceError) {
        try MemoryBudget.require(Double(count) * 8 * (Double(features) + 3), for: "a grid of \(count) λ")
    }

    /// The grid's largest λ (see the type's description), from the model's null responses
    /// (``RegressionModel/nullResponses(on:)``).
    public static func top(model: some RegressionModel, data: RegressionData, shape: PenaltyShape) throws(InferenceError) -> Double {
        let (n, p) = (data.rowCount, data.featureCount)
        guard p > 0 else { throw .usage("the regression has no feature, so λ has no weight to act on: there is nothing to tune") }
        let (means, scales) = StandardizedDesign.moments(data.store, design: model.design)
        let responses = model.nullResponses(on: data)
        /// Σᵢ g(i, j, xᵢⱼ) for every j, over the rows in order (from the columns when the
        /// features came as columns).
        func sums(_ g: (Int, Int, Double) -> Double) -> [Double] {
            if let columns = data.store.columns {
                return columns.indices.map { j in columns[j].indices.reduce(0) { $0 + g($1, j, columns[j][$1]) } }
            }
            let x = data.features.values
            var sums = [Double](repeating: 0, count: p)
            for i in 0..<n {
                for j in 0..<p { sums[j] += g(i, j, x[i * p + j]) }
            }
            return sums
        }
        let top: Double
        // Z is not formed: zᵢⱼ = (xᵢⱼ − x̄ⱼ)/sⱼ is taken row by row
        if !shape.isSmooth {
            var score = 0.0
            for null in responses {
                let gradient = sums { i, j, x in (x - means[j]) * (null.mean - null.response[i]) }  // Zᵀ(μ₀ − y)
                for j in 0..<p { score = max(score, abs(gradient[j] / scales[j])) }
            }
            top = score / shape.mix
        } else {
            let squares = sums { _, j, x in (x - means[j]) * (x - means[j]) }
            let trace = (0..<p).reduce(0) { $0 + squares[$1] / (scales[$1] * scales[$1]) }
            let curvature = responses.map(\.curvature).reduce(0, +) / Double(responses.count)
            top = 10 * curvature * trace / Double(max(1, p))
        }
        guard top.isFinite, top > 0 else {
            if let oversized = data.oversizedFeature { throw oversized }
            throw .numerical(
                "the features do not vary with \(data.targetName) at the null model, so the λ grid has no range; give one with \(setting("lambda-grid"))")
        }
        return top
    }
}

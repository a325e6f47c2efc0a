import GSL

/// Penalised least squares along a λ path on a Gram matrix: for each penalty, the v minimising
/// ½vᵀGv − cᵀv + λR(v) (a Cholesky solve of (G + λI)v = c for gaussian, coordinate descent
/// started from the previous λ's v otherwise) and its residual sum of squares
/// RSS = ‖y‖² − 2vᵀc + vᵀGv, with G = ZᵀZ, c = Zᵀy and `squares` = ‖y‖².
struct GramPath {
    let gram: Matrix
    let score: [Double]
    let squares: Double

    /// The weights and RSS at each penalty, in order; nil where a solve fails or RSS ≤ 0.
    func solve(_ penalties: [Penalty]) -> [(weights: [Double], rss: Double)?] {
        let p = score.count
        var previous = [Double](repeating: 0, count: p)
        return penalties.map { penalty -> (weights: [Double], rss: Double)? in
            let fitted: [Double]
            if penalty.l1 == 0 {
                var shifted = gram
                for j in 0..<p { shifted[j, j] += penalty.l2 }
                guard let solution = try? CholeskyDecomposition(shifted).solve(score) else { return nil }
                fitted = solution
            } else {
                guard let solution = CoordinateDescent(gram: gram, linear: score, l1: penalty.l1, l2: penalty.l2).solve(from: previous)
                else { return nil }
                fitted = solution.weights
            }
            previous = fitted
            var quadratic = 0.0
            for j in 0..<p where fitted[j] != 0 {
                for k in 0..<p { quadratic += fitted[j] * gram[j, k] * fitted[k] }
            }
            let rss = squares - 2 * zip(fitted, score).reduce(0) { $0 + $1.0 * $1.1 } + quadratic
            return rss > 0 ? (fitted, rss) : nil
        }
    }
}

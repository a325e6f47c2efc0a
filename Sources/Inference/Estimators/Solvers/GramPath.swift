import GSL

/// Penalised least squares along a λ path on a Gram matrix: for each penalty, the v minimising
/// ½vᵀGv − cᵀv + λR(v) (a Cholesky solve of (G + λI)v = c for gaussian, coordinate descent
/// started from the previous λ's v otherwise) and its residual sum of squares
/// RSS = ‖y‖² − 2vᵀc + vᵀGv, with G = ZᵀZ, c = Zᵀy and `squares` = ‖y‖².
///
/// Coordinate descent at λₖ sweeps first only the survivors of the sequential strong rule
/// (Tibshirani et al. 2012): the weights non-zero at λₖ₋₁ and those with
/// |cⱼ − (Gv)ⱼ − λ₂vⱼ| ≥ 2aλₖ − aλₖ₋₁ there (a the L1 share); the KKT check then brings in any
/// coordinate the rule discarded wrongly, so the optimum is the same as without it.
struct GramPath {
    let gram: Matrix
    let score: [Double]
    let squares: Double

    /// The weights and RSS at each penalty, in order; nil where a solve fails or RSS ≤ 0.
    func solve(_ penalties: [Penalty]) -> [(weights: [Double], rss: Double)?] {
        let p = score.count
        var previous = [Double](repeating: 0, count: p)
        var previousL1: Double?
        return penalties.map { penalty -> (weights: [Double], rss: Double)? in
            defer { previousL1 = penalty.l1 }
            let fitted: [Double]
            if penalty.l1 == 0 {
                var shifted = gram
                for j in 0..<p { shifted[j, j] += penalty.l2 }
                guard let solution = try? CholeskyDecomposition(shifted).solve(score) else { return nil }
                fitted = solution
            } else {
                var descent = CoordinateDescent(gram: gram, linear: score, l1: penalty.l1, l2: penalty.l2)
                if let previousL1, previousL1 > 0 { descent.candidates = strongSet(previous, penalty, previousL1: previousL1) }
                guard let solution = descent.solve(from: previous) else { return nil }
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

    /// The sequential strong rule's survivors at `penalty`, from the solution `v` at the previous
    /// λ (whose L1 weight was `previousL1`).
    private func strongSet(_ v: [Double], _ penalty: Penalty, previousL1: Double) -> [Bool] {
        let p = score.count
        let bound = 2 * penalty.l1 - previousL1
        return gram.values.withUnsafeBufferPointer { g in
            (0..<p).map { j in
                if v[j] != 0 { return true }
                var residual = score[j]
                for k in 0..<p where v[k] != 0 { residual -= g[j * p + k] * v[k] }
                return abs(residual) >= bound
            }
        }
    }
}

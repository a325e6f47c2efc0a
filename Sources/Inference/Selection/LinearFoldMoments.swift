import Foundation
import GSL

/// Cross-validation of the linear model from each fold's moments, so that the data are read
/// once, not once a fold.
///
/// On the data shifted by the full data's means (D = X − x̄, e = y − ȳ; no shift without an
/// intercept), each fold k keeps Sₖ = DₖᵀDₖ, sₖ = Dₖᵀ1, tₖ = Dₖᵀeₖ, Σeₖ, Σeₖ² and its row count.
/// A training set's moments are the totals less its fold's; centring (and scaling) them gives the
/// Gram matrix G and score c of the solvers' design Z exactly as ``StandardizedDesign`` would,
/// and a held-out fold's squared error Σ(eᵢ − b − dᵢᵀw)² follows from its own moments. The
/// shift keeps the centring's cancellation small (the folds' means are within a few standard
/// errors of the full data's).
struct LinearFoldMoments {
    struct Moments {
        var cross: Matrix
        var sums: [Double]
        var scores: [Double]
        var targetSum: Double
        var targetSquares: Double
        var rows: Int

        static func - (a: Moments, b: Moments) -> Moments {
            var cross = a.cross
            for i in 0..<cross.rows {
                for j in 0..<cross.columns { cross[i, j] -= b.cross[i, j] }
            }
            return Moments(
                cross: cross, sums: zip(a.sums, b.sums).map(-), scores: zip(a.scores, b.scores).map(-),
                targetSum: a.targetSum - b.targetSum, targetSquares: a.targetSquares - b.targetSquares, rows: a.rows - b.rows)
        }
    }

    let folds: [Moments]
    let total: Moments
    let design: RegressionDesign

    init(_ data: RegressionData, folds plan: FoldPlan, design: RegressionDesign) throws(InferenceError) {
        let p = data.featureCount
        let n = data.rowCount
        self.design = design
        let x = data.features.values
        let shift = design.intercept ? (0..<p).map { j in (0..<n).reduce(0) { $0 + x[$1 * p + j] } / Double(n) } : [Double](repeating: 0, count: p)
        let targetShift = design.intercept ? data.target.reduce(0, +) / Double(n) : 0
        var folds: [Moments] = []
        for k in 0..<plan.count {
            let rows = plan.heldOut(k)
            var shifted = [Double](repeating: 0, count: rows.count * p)
            for (r, i) in rows.enumerated() {
                for j in 0..<p { shifted[r * p + j] = x[i * p + j] - shift[j] }
            }
            let e = rows.map { data.target[$0] - targetShift }
            do {
                let d = try Matrix(rows: rows.count, columns: p, values: shifted)
                folds.append(Moments(
                    cross: d.gram(), sums: (0..<p).map { j in (0..<rows.count).reduce(0) { $0 + shifted[$1 * p + j] } },
                    scores: try d.transposeMultiplied(by: e), targetSum: e.reduce(0, +), targetSquares: e.reduce(0) { $0 + $1 * $1 },
                    rows: rows.count))
            } catch {
                throw InferenceError(error)
            }
        }
        var total = folds[0]
        for fold in folds.dropFirst() {
            total.cross = (try? total.cross + fold.cross) ?? total.cross
            total.sums = zip(total.sums, fold.sums).map(+)
            total.scores = zip(total.scores, fold.scores).map(+)
            total.targetSum += fold.targetSum
            total.targetSquares += fold.targetSquares
            total.rows += fold.rows
        }
        self.folds = folds
        self.total = total
    }

    /// Fold k's held-out loss (mean squared error or Gaussian negative log-likelihood a row) at
    /// every penalty of the path, fitted on the other folds; nil where a fit fails.
    func path(_ k: Int, penalties: [Penalty], loss: HeldOutLoss) -> [Double?] {
        let training = total - folds[k]
        let heldOut = folds[k]
        let p = total.sums.count
        let n = Double(training.rows)
        // the training set's means in the shifted coordinates, then its centred moments; the
        // scales are the population sds whether or not the design is centred (as StandardizedDesign)
        let columnMeans = training.sums.map { $0 / n }
        let mean = design.intercept ? columnMeans : [Double](repeating: 0, count: p)
        let targetMean = design.intercept ? training.targetSum / n : 0
        var gram = training.cross
        var score = training.scores
        for j in 0..<p {
            for l in 0..<p { gram[j, l] -= n * mean[j] * mean[l] }
            score[j] -= n * mean[j] * targetMean
        }
        let squares = training.targetSquares - n * targetMean * targetMean
        var scales = [Double](repeating: 1, count: p)
        if design.standardize {
            scales = (0..<p).map { j in
                let s = (max(training.cross[j, j] - n * columnMeans[j] * columnMeans[j], 0) / n).squareRoot()
                return s > 0 ? s : 1
            }
            for j in 0..<p {
                for l in 0..<p { gram[j, l] /= scales[j] * scales[l] }
                score[j] /= scales[j]
            }
        }
        let path = GramPath(gram: gram, score: score, squares: squares).solve(penalties)
        return path.map { solution -> Double? in
            guard let (fitted, rss) = solution else { return nil }
            let variance = rss / n
            // the held-out rows' squared error from their moments: e ≈ b + dᵀw in shifted coordinates
            let w = zip(fitted, scales).map { $0 / $1 }
            let b = targetMean - zip(mean, w).reduce(0) { $0 + $1.0 * $1.1 }
            var crossTerm = 0.0
            for j in 0..<p where w[j] != 0 {
                for l in 0..<p { crossTerm += w[j] * heldOut.cross[j, l] * w[l] }
            }
            let wScores = zip(w, heldOut.scores).reduce(0) { $0 + $1.0 * $1.1 }
            let wSums = zip(w, heldOut.sums).reduce(0) { $0 + $1.0 * $1.1 }
            let m = Double(heldOut.rows)
            let error = heldOut.targetSquares - 2 * b * heldOut.targetSum - 2 * wScores + m * b * b + 2 * b * wSums + crossTerm
            let meanSquare = max(error, 0) / m
            return loss == .mse ? meanSquare : 0.5 * log(2 * .pi * variance) + meanSquare / (2 * variance)
        }
    }
}

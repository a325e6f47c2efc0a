import Foundation
import GSL

/// Ridge regression for every λ at once, from one eigendecomposition of the Gram matrix of the
/// centred (scaled) design: G = ZᵀZ = V diag(e) Vᵀ, A = ZV (formed, transposed, for leave-one-out
/// only), c = Zᵀ(y − ȳ).
///
/// With sₖ = eₖ/(eₖ + λ), the fit is v = V diag(1/(e + λ)) Vᵀc, the fitted values
/// ŷᵢ − ȳ = Σₖ Aᵢₖ(Vᵀc)ₖ/(eₖ + λ), and the hat matrix (the intercept's 11ᵀ/n included)
/// H = 11ᵀ/n + Z(G + λI)⁻¹Zᵀ, so hᵢᵢ = 1/n + Σₖ Aᵢₖ²/(eₖ + λ). This gives in O(np) a λ:
/// - the exact leave-one-out residuals rᵢ = eᵢ/(1 − hᵢᵢ), and the leave-one-out fit's own
///   residual sum of squares RSS₋ᵢ = RSS + 2rᵢ(He)ᵢ + rᵢ²(H²)ᵢᵢ − rᵢ², with
///   (He)ᵢ = Σₖ Aᵢₖ(Vᵀc)ₖ λ/(eₖ + λ)² and (H²)ᵢᵢ = 1/n + Σₖ Aᵢₖ² eₖ/(eₖ + λ)², for its σ̂;
/// - generalised cross-validation, RSS/n / (1 − df/n)² with df = 1 + Σₖ sₖ;
/// - the evidence of MacKay (1992) with the noise precision α profiled out.
/// (Without an intercept, the terms in 1/n and the 1 in df drop.)
struct RidgeSpectrum {
    let n: Int
    let intercept: Bool
    /// eₖ, the eigenvalues of G (negative rounding of a rank-deficient G set to 0).
    let eigenvalues: [Double]
    /// Z, G, ȳ, y − ȳ and c, shared with the fit at the selected λ.
    let system: CentredLinearSystem
    /// V, the eigenvectors of G.
    let eigenvectors: Matrix
    /// Vᵀc.
    let rotatedScore: [Double]
    /// ‖y − ȳ‖².
    let squares: Double

    init(_ data: RegressionData, design: RegressionDesign) throws(InferenceError) {
        n = data.rowCount
        intercept = design.intercept
        system = try CentredLinearSystem(data, design: design)
        squares = system.centered.reduce(0) { $0 + $1 * $1 }
        do {
            let spectrum = try SymmetricEigendecomposition(system.gram)
            eigenvalues = spectrum.eigenvalues.map { max($0, 0) }
            eigenvectors = spectrum.eigenvectors
            rotatedScore = try spectrum.eigenvectors.transposeMultiplied(by: system.score)
        } catch {
            throw InferenceError(error)
        }
    }

    /// `point(k, residuals, rss)` of each λ k of `lambdas`, from its leave-one-out residuals and,
    /// with `leftOutRSS`, each leave-one-out fit's residual sum of squares (else empty). The sums
    /// over k of each row and λ (the fitted value and hᵢᵢ; with `leftOutRSS` also (He)ᵢ and
    /// (H²)ᵢᵢ) are two matrix products, [Vᵀc/(e + λ) | Vᵀc λ/(e + λ)²]ᵀ·Aᵀ and
    /// [1/(e + λ) | e/(e + λ)²]ᵀ·(A∘A)ᵀ (only the first halves without `leftOutRSS`: the squared
    /// error needs no RSS), formed transposed so that each λ's n values are contiguous, over blocks
    /// of λ whose products fit in 32 MB; then the λs of a block on up to `threads` threads (each
    /// λ's arithmetic the same on any number).
    func leaveOneOut<Point>(
        _ lambdas: [Double], leftOutRSS: Bool, threads: Int, point: (Int, [Double], [Double]) -> Point
    ) throws(GSLError) -> [Point] {
        let p = eigenvalues.count
        let n = n
        let base = intercept ? 1 / Double(n) : 0
        var rotated = try system.design.matrix.productTransposed(with: eigenvectors)  // Aᵀ = (ZV)ᵀ, p × n; only leave-one-out needs it
        let halves = leftOutRSS ? 2 : 1
        let block = max(1, min(lambdas.count, (1 << 22) / (2 * halves * max(1, n))))
        // (A∘A)ᵀ: with one block of λ, Aᵀ squared in place once its product is formed (a fresh
        // n × p array costs its page faults), else a copy
        let squaredCopy = block < lambdas.count ? try Matrix(rows: p, columns: n, values: rotated.values.map { $0 * $0 }) : nil
        let centered = system.centered
        var results: [Point] = []
        results.reserveCapacity(lambdas.count)
        for start in stride(from: 0, to: lambdas.count, by: block) {
            let chunk = Array(lambdas[start..<min(lambdas.count, start + block)])
            let width = halves * chunk.count
            var linearWeights = [Double](repeating: 0, count: p * width), squareWeights = linearWeights
            for k in 0..<p {
                for (l, lambda) in chunk.enumerated() {
                    let (e, shifted) = (eigenvalues[k], eigenvalues[k] + lambda)
                    linearWeights[k * width + l] = rotatedScore[k] / shifted
                    squareWeights[k * width + l] = 1 / shifted
                    if leftOutRSS {
                        linearWeights[k * width + chunk.count + l] = rotatedScore[k] * lambda / (shifted * shifted)
                        squareWeights[k * width + chunk.count + l] = e / (shifted * shifted)
                    }
                }
            }
            // row l: the fitted values of λ l, row chunk.count + l: (He)ᵢ; hᵢᵢ − base, then (H²)ᵢᵢ − base
            let linear = try Matrix(rows: p, columns: width, values: linearWeights).transposeMultiplied(by: rotated).values
            if squaredCopy == nil { rotated.withUnsafeMutableValues { for k in $0.indices { $0[k] *= $0[k] } } }
            let quadratic = try Matrix(rows: p, columns: width, values: squareWeights).transposeMultiplied(by: squaredCopy ?? rotated).values
            let count = chunk.count
            // the products leave OpenBLAS's workers spinning on the cores the λs need
            GSLRuntime.stopIdleBLASWorkersBetweenPhases()
            let slots = ParallelSlots<Point>(count: count)
            withoutActuallyEscaping(point) { point in
                let task = UncheckedSendable(point)
                let workers = max(1, min(threads, count))
                DispatchQueue.concurrentPerform(iterations: workers) { worker in
                    // a worker's buffers serve all its λs (the point may keep `residuals`: then
                    // the next λ writes a copy)
                    var errors = [Double](repeating: 0, count: n), residuals = errors
                    for l in stride(from: worker, to: count, by: workers) {
                        centered.withUnsafeBufferPointer { centered in
                            linear.withUnsafeBufferPointer { fits in
                                quadratic.withUnsafeBufferPointer { hats in
                                    errors.withUnsafeMutableBufferPointer { errors in
                                        residuals.withUnsafeMutableBufferPointer { residuals in
                                            for i in 0..<n {
                                                errors[i] = centered[i] - fits[l * n + i]
                                                residuals[i] = errors[i] / (1 - (base + hats[l * n + i]))
                                            }
                                        }
                                    }
                                }
                            }
                        }
                        guard leftOutRSS else {
                            slots.store(task.value(start + l, residuals, []), at: l)
                            continue
                        }
                        let rss = errors.reduce(0) { $0 + $1 * $1 }
                        let row = (count + l) * n
                        var leftOut = [Double](repeating: 0, count: n)
                        for i in 0..<n {
                            let r = residuals[i]
                            leftOut[i] = rss + 2 * r * linear[row + i] + r * r * (base + quadratic[row + i]) - r * r
                        }
                        slots.store(task.value(start + l, residuals, leftOut), at: l)
                    }
                }
            }
            results += slots.filled
        }
        return results
    }

    /// RSS(λ), ‖v‖² and df(λ) = 1 + Σ sₖ (without the 1 when there is no intercept).
    func summary(_ lambda: Double) -> (rss: Double, weightSquares: Double, degreesOfFreedom: Double) {
        var rss = squares
        var weightSquares = 0.0
        var df = intercept ? 1.0 : 0
        for k in eigenvalues.indices {
            let e = eigenvalues[k]
            let t = rotatedScore[k]
            // ‖y_c − Zv‖² = ‖y_c‖² − Σ t²(2/(e + λ) − e/(e + λ)²) in the eigenbasis
            rss -= t * t * (2 * (e + lambda) - e) / ((e + lambda) * (e + lambda))
            weightSquares += t * t / ((e + lambda) * (e + lambda))
            df += e / (e + lambda)
        }
        return (max(rss, 0), weightSquares, df)
    }

    /// The log evidence at λ = (weight precision)/(noise precision) with the noise precision at
    /// its maximum α = n/S, S = RSS + λ‖v‖²:
    /// n/2 log(n/S) − n/2 + p/2 log λ − ½ Σₖ log(eₖ + λ) − n/2 log 2π.
    func profileLogEvidence(_ lambda: Double) -> Double {
        let (rss, weightSquares, _) = summary(lambda)
        let s = rss + lambda * weightSquares
        let nn = Double(n)
        let p = Double(eigenvalues.count)
        return nn / 2 * log(nn / s) - nn / 2 + p / 2 * log(lambda) - eigenvalues.reduce(0) { $0 + log($1 + lambda) } / 2
            - nn / 2 * log(2 * .pi)
    }

    /// MacKay's fixed-point updates of the noise precision α and weight precision λw (as
    /// scikit-learn's `BayesianRidge` without hyperpriors): γ = Σ αeₖ/(λw + αeₖ), λw = γ/‖v‖²,
    /// α = (n − γ)/RSS, from α = 1/var(y), λw = 1, until the weights move by less than
    /// `tolerance` (in ‖·‖₂, relative to ‖v‖₂). Nil when they do not settle.
    func typeTwoMaximum(tolerance: Double = 1e-12, maximumIterations: Int = 100_000) -> (alpha: Double, lambda: Double)? {
        let nn = Double(n)
        var alpha = 1 / max(squares / nn, .leastNormalMagnitude)
        var precision = 1.0
        var previous: [Double]?
        for _ in 0..<maximumIterations {
            let ratio = precision / alpha
            let weights = eigenvalues.indices.map { rotatedScore[$0] / (eigenvalues[$0] + ratio) }  // Vᵀv
            let (rss, weightSquares, _) = summary(ratio)
            let gamma = eigenvalues.reduce(0) { $0 + alpha * $1 / (precision + alpha * $1) }
            guard weightSquares > 0, rss > 0 else { return nil }
            precision = gamma / weightSquares
            alpha = (nn - gamma) / rss
            guard precision.isFinite, alpha.isFinite, precision > 0, alpha > 0 else { return nil }
            if let previous, zip(previous, weights).reduce(0, { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }) <= tolerance * tolerance * weightSquares {
                return (alpha, precision)
            }
            previous = weights
        }
        return nil
    }
}

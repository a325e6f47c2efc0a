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
    /// with `leftOutRSS`, each leave-one-out fit's residual sum of squares (else empty).
    ///
    /// The sums over k of each row and λ (the fitted value and hᵢᵢ; with `leftOutRSS` also (He)ᵢ
    /// and (H²)ᵢᵢ) are the products of a block of rows of A = ZV with
    /// [Vᵀc/(e + λ) | Vᵀc λ/(e + λ)²] and of A∘A with [1/(e + λ) | e/(e + λ)²] (only the first
    /// halves without `leftOutRSS`: the squared error needs no RSS). The rows go in blocks of
    /// ``rowBlock``, each block's A and products formed by the shim's vector kernel and used while
    /// in cache (n × p values of A and two n × λ products are never stored), the blocks shared by
    /// up to `threads` threads; then the λs, on as many. The λs go in groups whose residuals (and
    /// RSS₋ᵢ) take at most `valuesPerGroup` values (32 MB). Every value is the same on any number of
    /// threads and in any groups: each row's are its own, and a λ's RSS adds its blocks' sums in
    /// the blocks' order.
    func leaveOneOut<Point>(
        _ lambdas: [Double], leftOutRSS: Bool, threads: Int, valuesPerGroup: Int = 1 << 22,
        point: (Int, UnsafeBufferPointer<Double>, UnsafeBufferPointer<Double>) -> Point
    ) throws(GSLError) -> [Point] {
        let p = eigenvalues.count
        let n = n
        let base = intercept ? 1 / Double(n) : 0
        let halves = leftOutRSS ? 2 : 1
        let group = max(1, min(lambdas.count, valuesPerGroup / (halves * max(1, n))))
        let rotation = PackedRightFactor(eigenvectors)
        // the eigendecomposition may leave OpenBLAS's workers spinning on the cores the blocks need
        GSLRuntime.stopIdleBLASWorkersBetweenPhases()
        let blocks = (n + Self.rowBlock - 1) / Self.rowBlock
        // the residuals of a group's λs (λ-major), with `leftOutRSS` then their RSS₋ᵢ − RSS
        let values = HugePages.allocateDoubles(count: halves * group * n)
        defer { values.deallocate() }
        var results: [Point] = []
        results.reserveCapacity(lambdas.count)
        for start in stride(from: 0, to: lambdas.count, by: group) {
            let chunk = Array(lambdas[start..<min(lambdas.count, start + group)])
            let count = chunk.count
            let width = halves * count
            var linearWeights = [Double](repeating: 0, count: p * width), squareWeights = linearWeights
            for k in 0..<p {
                for (l, lambda) in chunk.enumerated() {
                    let (e, shifted) = (eigenvalues[k], eigenvalues[k] + lambda)
                    linearWeights[k * width + l] = rotatedScore[k] / shifted
                    squareWeights[k * width + l] = 1 / shifted
                    if leftOutRSS {
                        linearWeights[k * width + count + l] = rotatedScore[k] * lambda / (shifted * shifted)
                        squareWeights[k * width + count + l] = e / (shifted * shifted)
                    }
                }
            }
            let linear = try PackedRightFactor(Matrix(rows: p, columns: width, values: linearWeights))
            let quadratic = try PackedRightFactor(Matrix(rows: p, columns: width, values: squareWeights))
            // each block's sum of squared errors for each λ, summed in the blocks' order below
            var blockSquares = [Double](repeating: 0, count: blocks * count)
            let workers = max(1, min(threads, blocks))
            let next = Parallelism.NextIndex()
            system.design.matrix.values.withUnsafeBufferPointer { z in
                system.centered.withUnsafeBufferPointer { centered in
                    blockSquares.withUnsafeMutableBufferPointer { squares in
                        Parallelism.perform(iterations: workers, threads: workers) { _ in
                            // a worker's block of A (then A∘A) and its two products
                            let rotated = UnsafeMutablePointer<Double>.allocate(capacity: Self.rowBlock * p)
                            let fits = UnsafeMutablePointer<Double>.allocate(capacity: Self.rowBlock * width)
                            let hats = UnsafeMutablePointer<Double>.allocate(capacity: Self.rowBlock * width)
                            defer { rotated.deallocate(); fits.deallocate(); hats.deallocate() }
                            while let b = next.take(below: blocks) {
                                let first = b * Self.rowBlock
                                let rows = min(Self.rowBlock, n - first)
                                rotation.product(of: z.baseAddress! + first * p, rowStride: p, rows: rows, into: rotated)
                                linear.product(of: rotated, rowStride: p, rows: rows, into: fits)
                                for k in 0..<(rows * p) { rotated[k] *= rotated[k] }
                                quadratic.product(of: rotated, rowStride: p, rows: rows, into: hats)
                                let sums = squares.baseAddress! + b * count
                                for r in 0..<rows {
                                    let i = first + r
                                    let (fit, hat) = (fits + r * width, hats + r * width)
                                    for l in 0..<count {
                                        let error = centered[i] - fit[l]
                                        let residual = error / (1 - (base + hat[l]))
                                        sums[l] += error * error
                                        values[l * n + i] = residual
                                        if leftOutRSS {
                                            // RSS₋ᵢ = RSS + 2rᵢ(He)ᵢ + rᵢ²(H²)ᵢᵢ − rᵢ², but the RSS
                                            values[(count + l) * n + i] =
                                                2 * residual * fit[count + l] + residual * residual * (base + hat[count + l])
                                                - residual * residual
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            let slots = ParallelSlots<Point>(count: count)
            Parallelism.perform(iterations: count, threads: max(1, min(threads, count))) { l in
                let residuals = UnsafeBufferPointer(rebasing: values[(l * n)..<((l + 1) * n)])
                guard leftOutRSS else {
                    slots.store(point(start + l, residuals, UnsafeBufferPointer(start: nil, count: 0)), at: l)
                    return
                }
                let rss = (0..<blocks).reduce(0) { $0 + blockSquares[$1 * count + l] }
                let leftOut = UnsafeMutableBufferPointer(rebasing: values[((count + l) * n)..<((count + l + 1) * n)])
                for i in 0..<n { leftOut[i] += rss }
                slots.store(point(start + l, residuals, UnsafeBufferPointer(leftOut)), at: l)
            }
            results += slots.filled
        }
        return results
    }

    /// The rows of a block of the leave-one-out products: a whole number of the kernel's tiles (16
    /// rows), and its block of A and two products of 100 λs (80 kB each) stay in the L2 cache.
    static let rowBlock = 128

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

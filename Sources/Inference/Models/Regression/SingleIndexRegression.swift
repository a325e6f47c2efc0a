import Foundation
import GSL

/// A regression whose rows depend on θ only through one linear predictor ηᵢ = b + xᵢᵀw,
/// with a convex per-row negative log-likelihood: logistic (Bernoulli, logit link) and poisson
/// (log link). It supplies N(β), ∇N = Z̃ᵀ(μ − y) and ∇²N = Z̃ᵀ diag(v) Z̃ to ``PenalizedNewton``.
protocol SingleIndexRegression: RegressionModel {
    /// The per-row negative log-likelihood at η with target y (constants included).
    func rowLoss(_ eta: Double, _ y: Double) -> Double
    /// dℓ/dη = μ − y and d²ℓ/dη² = v at η.
    func rowDerivatives(_ eta: Double, _ y: Double) -> (first: Double, second: Double)
    /// ℓ, dℓ/dη and d²ℓ/dη² together, ℓ as `linear` + log(`factor`) with `factor` in [1, 2], so that
    /// a pass over the rows takes one logarithm of a product per block of rows instead of one a
    /// row (default: from the two above with factor 1; a model may share the work).
    func rowTerms(_ eta: Double, _ y: Double) -> (linear: Double, factor: Double, first: Double, second: Double)
    /// Throws a data or numerical error when the MLE (or MAP) cannot exist for this target, on
    /// the rows `drawn` (every row when nil).
    func checkTarget(_ data: RegressionData, drawn: [Int]?, penalty: Penalty) throws(InferenceError)
    /// Whether a resample of `data` (its drawn rows) passes ``checkTarget(_:drawn:penalty:)``: a
    /// test prepared once for a bootstrap's many resamples (default: `checkTarget` itself).
    func resampleCheck(_ data: RegressionData, penalty: Penalty) -> @Sendable (DrawnRows) -> Bool
    /// The mean response g⁻¹(η) of a linear predictor η.
    func mean(ofLinearPredictor eta: Double) -> Double
    /// The intercept whose mean response is `mean` (the starting point of Newton's method).
    func interceptForMean(_ mean: Double) -> Double
    /// The error to report when the solver fails.
    func noEstimate(_ data: RegressionData, penalty: Penalty) -> InferenceError
    /// Throws when the flat fit that stopped with this largest |ηᵢ| over the counted rows signals
    /// that the MLE does not exist (default: no check).
    func checkExistence(largestLinearPredictor: Double, wouldStillMove: () -> Bool, _ data: RegressionData) throws(InferenceError)
}

extension SingleIndexRegression {
    /// Every coefficient (intercept and weights) is real.
    public var parameterSupports: [ParameterSupport] { [ParameterSupport](repeating: .real, count: parameterNames.count) }

    /// The number of rows n.
    public func observationCount(_ data: RegressionData) -> Int { data.rowCount }

    func linearPredictor(_ parameters: [Double], _ data: RegressionData) -> [Double] {
        let offset = design.intercept ? 1 : 0
        let b = design.intercept ? parameters[0] : 0
        let xw = (try? data.features.multiplied(by: Array(parameters[offset...]))) ?? []
        return xw.map { $0 + b }
    }

    /// −∑ ℓ(ηᵢ, yᵢ) with ηᵢ = b + xᵢᵀw and ℓ the per-row negative log-likelihood (logistic
    /// log(1 + e^ηᵢ) − yᵢηᵢ, poisson e^ηᵢ − yᵢηᵢ + log yᵢ!); −∞ for a wrong number of parameters.
    /// One pass over the rows in plain Swift: no temporary, no BLAS call (whose worker threads
    /// would spin after each of a sampler's many small evaluations).
    public func logLikelihood(_ parameters: [Double], on data: RegressionData) -> Double {
        let offset = design.intercept ? 1 : 0
        let p = data.featureCount
        guard parameters.count == p + offset else { return -.infinity }
        let b = design.intercept ? parameters[0] : 0
        var total = 0.0
        data.features.values.withUnsafeBufferPointer { x in
            parameters.withUnsafeBufferPointer { w in
                data.target.withUnsafeBufferPointer { y in
                    for i in 0..<y.count {
                        var eta = b
                        for j in 0..<p { eta += x[i * p + j] * w[offset + j] }
                        total += rowLoss(eta, y[i])
                    }
                }
            }
        }
        return -total
    }

    /// Analytic: X̃ᵀ(y − μ) with X̃ = [1, X] and μᵢ the mean at ηᵢ (1/(1 + e^(−ηᵢ)) logistic, e^ηᵢ
    /// poisson); nil when a product fails.
    public func gradient(_ parameters: [Double], on data: RegressionData) -> [Double]? {
        let residual = zip(linearPredictor(parameters, data), data.target).map { -rowDerivatives($0, $1).first }
        guard let x = try? AugmentedDesign.augment(data.features, intercept: design.intercept) else { return nil }
        return try? x.transposeMultiplied(by: residual)
    }

    /// log L and X̃ᵀ(y − μ) in one pass over the rows, in plain Swift (a sampler's many small
    /// evaluations; no temporary, no BLAS call); nil for a wrong number of parameters.
    public func logLikelihoodAndGradient(_ parameters: [Double], on data: RegressionData) -> (value: Double, gradient: [Double])? {
        let offset = design.intercept ? 1 : 0
        let p = data.featureCount
        guard parameters.count == p + offset else { return nil }
        let b = design.intercept ? parameters[0] : 0
        var total = 0.0
        // ℓ's log(factor) parts, factors in [1, 2], multiplied 64 rows at a time: one logarithm a block
        var product = 1.0
        var gradient = [Double](repeating: 0, count: parameters.count)
        data.features.values.withUnsafeBufferPointer { x in
            parameters.withUnsafeBufferPointer { w in
                data.target.withUnsafeBufferPointer { y in
                    gradient.withUnsafeMutableBufferPointer { g in
                        for i in 0..<y.count {
                            let row = x.baseAddress! + i * p
                            var eta = b
                            for j in 0..<p { eta += row[j] * w[offset + j] }
                            let terms = rowTerms(eta, y[i])
                            total += terms.linear
                            product *= terms.factor
                            if i & 63 == 63 {
                                total += log(product)
                                product = 1
                            }
                            let slope = -terms.first
                            if offset == 1 { g[0] += slope }
                            for j in 0..<p { g[offset + j] += slope * row[j] }
                        }
                    }
                }
            }
        }
        return (-(total + log(product)), gradient)
    }

    /// Analytic: −X̃ᵀ diag(v) X̃ with vᵢ = d²ℓ/dη² at ηᵢ (μᵢ(1 − μᵢ) logistic, μᵢ poisson); nil
    /// when a product fails.
    public func hessian(_ parameters: [Double], on data: RegressionData) -> Matrix? {
        let weights = zip(linearPredictor(parameters, data), data.target).map { rowDerivatives($0, $1).second }
        guard let x = try? AugmentedDesign.augment(data.features, intercept: design.intercept) else { return nil }
        return (try? x.weightedGram(weights: weights))?.scaled(by: -1)
    }

    /// The fit from the default start, with standard errors.
    public func fitPenalized(_ data: RegressionData, penalty: Penalty) throws(InferenceError) -> PointEstimate {
        try fitPenalized(data, penalty: penalty, start: nil, standardErrors: true)
    }

    /// Checks that the target admits an estimate and, without a prior, that no feature is
    /// collinear with the others, then runs Newton's method (proximal Newton with an L1 part) on
    /// the centred (scaled) design, from `start` when it is usable, else from zero weights and the
    /// intercept of ȳ. The covariance, only with `standardErrors` and a smooth penalty, inverts
    /// the objective's curvature. A numerical error when the estimate does not exist or Newton fails.
    public func fitPenalized(_ data: RegressionData, penalty: Penalty, start: [Double]?, standardErrors: Bool) throws(InferenceError)
        -> PointEstimate
    {
        try checkTarget(data, drawn: nil, penalty: penalty)
        let augmented = try AugmentedDesign(data, design: design)
        if penalty == .none { try data.requireFullRank(augmented.standardized, intercept: design.intercept) }
        return try solve(on: augmented, data, drawn: nil, penalty: penalty, start: start, standardErrors: standardErrors)
    }

    /// The penalised fits of `penalties` in turn, each from the previous one's estimate (as the
    /// default path), on the design centred (and scaled) once for all of them rather than once a
    /// penalty: a fold of cross-validation fits its whole grid on one design. Newton's steps reuse
    /// the curvature of the steps before them while they converge fast, to the same stopping rule.
    public func fitPath(_ data: RegressionData, penalties: [Penalty]) -> [[Double]?] {
        guard let augmented = try? AugmentedDesign(data, design: design) else { return penalties.map { _ in nil } }
        var start: [Double]?
        let curvature = PathCurvature()
        return penalties.map { penalty in
            guard (try? checkTarget(data, drawn: nil, penalty: penalty)) != nil else { return nil }
            if penalty == .none, (try? data.requireFullRank(augmented.standardized, intercept: design.intercept)) == nil { return nil }
            let estimates = try? solve(
                on: augmented, data, drawn: nil, penalty: penalty, start: start, standardErrors: false, curvature: curvature
            ).estimates
            if let estimates { start = estimates }
            return estimates
        }
    }

    /// The design of `data` is centred (and scaled) once; each resample is then a weighted fit on
    /// it, rows counted `counts[i]` times and rows drawn 0 times skipped. Not with `--standardize`
    /// and a penalty, whose weights' scales are the resample's own.
    public func countedRefit(on data: RegressionData, penalty: Penalty) -> CountedRefit? {
        guard penalty == .none || !design.standardize, let augmented = try? AugmentedDesign(data, design: design) else { return nil }
        // the stopping rule of the cold fit of the data: its tolerance scale, max |∇N| at the start
        var gradient = [Double](repeating: 0, count: augmented.columns)
        var weights = [Double](repeating: 0, count: data.rowCount)
        _ = accumulate(0..<data.rowCount, first: 0, augmented.matrix, startingCoefficients(augmented, data.target), data.target, [], &gradient, &weights)
        let scale = max(1, gradient.map(abs).max() ?? 0)
        let products = augmented.columns <= 12 ? PairProducts(augmented.matrix) : nil
        let blocks = RowBlocks(rows: data.rowCount)
        let check = resampleCheck(data, penalty: penalty)
        return { counts, near, standardErrors in
            guard counts.count == data.rowCount, counts.allSatisfy({ $0 >= 0 }) else { return nil }
            let drawn = DrawnRows(counts: counts, blocks: blocks)
            guard check(drawn) else { return nil }
            return try? solve(
                on: augmented, data, drawn: drawn, penalty: penalty, start: near, standardErrors: standardErrors, gradientScale: scale,
                products: products)
        }
    }

    /// Newton's method on `augmented` (the design of `data`), on the rows `drawn` with their
    /// counts (every row once when nil); the Gram matrices from `products` of the design's rows when given.
    private func solve(
        on augmented: AugmentedDesign, _ data: RegressionData, drawn: DrawnRows?, penalty: Penalty, start: [Double]?, standardErrors: Bool,
        gradientScale: Double? = nil, products: PairProducts? = nil, curvature: PathCurvature? = nil
    ) throws(InferenceError) -> PointEstimate {
        let z = augmented.matrix
        let y = data.target
        let blocks = RowBlocks(rows: y.count)
        let p = z.columns
        let solver = PenalizedNewton(
            dimension: augmented.columns, penalized: augmented.penalizedBlock, l1: penalty.l1, l2: penalty.l2,
            evaluate: { beta in
                // one pass over the rows: N, ∇N and the Newton weights, a block at a time
                let parts = blocks.map { rows in
                    var gradient = [Double](repeating: 0, count: p)
                    var weights = [Double](repeating: 0, count: rows.count)
                    let loss =
                        if let drawn {
                            accumulate(drawn.rows(in: rows), first: rows.lowerBound, z, beta, y, drawn.counts, &gradient, &weights)
                        } else {
                            accumulate(rows, first: rows.lowerBound, z, beta, y, [], &gradient, &weights)
                        }
                    return (loss: loss, gradient: gradient, weights: weights)
                }
                var gradient = [Double](repeating: 0, count: p)
                for part in parts {
                    for j in gradient.indices { gradient[j] += part.gradient[j] }
                }
                let derivatives = PenalizedNewton.Derivatives(
                    gradient: gradient,
                    hessian: {
                        let grams = blocks.map { rows in
                            let weights = parts[rows.lowerBound / RowBlocks.size].weights
                            if let products, let drawn { return products.weightedGram(weights: weights, rows: drawn.rows(in: rows), first: rows.lowerBound) }
                            return try? z.weightedGram(weights: weights, rows: rows)
                        }
                        var total = Matrix(rows: p, columns: p)
                        for gram in grams {
                            guard let gram, let sum = try? total + gram else { return nil }
                            total = sum
                        }
                        return total
                    })
                return PenalizedNewton.Evaluation(value: parts.reduce(0) { $0 + $1.loss }, derivatives: { derivatives })
            })
        let solution: PenalizedNewton.Solution
        do {
            let warm = start.flatMap { augmented.fittedBlock($0[...]) }.flatMap { beta in
                beta.count == augmented.columns && beta.allSatisfy(\.isFinite) ? beta : nil
            }
            // along a path: from the curvature of the fit before (its own when there was none)
            solution = try solver.solve(
                from: warm ?? startingCoefficients(augmented, y), gradientScale: warm == nil ? nil : gradientScale,
                curvature: curvature.map { $0.last ?? Matrix(rows: 0, columns: 0) })
            if let last = solution.lastCurvature { curvature?.last = last }
        } catch {
            throw noEstimate(data, penalty: penalty)
        }
        if penalty == .none {
            let largest =
                if let drawn {
                    largestLinearPredictor(z, solution.estimate, drawn.indices)
                } else {
                    blocks.map { largestLinearPredictor(z, solution.estimate, $0) }.reduce(0) { max($0, $1) }
                }
            try checkExistence(largestLinearPredictor: largest, wouldStillMove: { solver.wouldStillMove(at: solution.estimate) }, data)
        }
        let estimates = augmented.originalBlock(solution.estimate[...])
        // the curvature of the sum-form objective at the solution, formed on the solver's own
        // design and moved to the original scale by a p × p map (no second copy of the data)
        var information: Matrix?
        if standardErrors, penalty.isSmooth, var curvature = solution.hessian() {
            for j in 0..<augmented.columns where augmented.penalizedBlock[j] { curvature[j, j] += penalty.l2 }
            information = augmented.originalCurvature(curvature)
        }
        let report = RegressionReport(
            modelName: name, parameterNames: parameterNames, penalty: penalty, observationCount: data.rowCount)
        let priorWeights = zip(augmented.penalizedBlock, solution.estimate).filter(\.0).map(\.1)
        return try report.estimate(
            estimates, information: information, logLikelihood: -solution.negativeLogLikelihood,
            priorWeights: priorWeights, iterations: solution.iterations)
    }

    func checkExistence(largestLinearPredictor: Double, wouldStillMove: () -> Bool, _ data: RegressionData) throws(InferenceError) {}

    func resampleCheck(_ data: RegressionData, penalty: Penalty) -> @Sendable (DrawnRows) -> Bool {
        { drawn in (try? checkTarget(data, drawn: drawn.indices, penalty: penalty)) != nil }
    }

    /// max |zᵢᵀβ| over `rows`.
    private func largestLinearPredictor(_ z: Matrix, _ beta: [Double], _ rows: some Collection<Int>) -> Double {
        guard let first = rows.first else { return 0 }
        var eta = [Double](repeating: 0, count: (rows.max() ?? first) - first + 1)
        z.values.withUnsafeBufferPointer { x in
            beta.withUnsafeBufferPointer { b in
                eta.withUnsafeMutableBufferPointer { eta in
                    linearPredictors(rows, first: first, x.baseAddress!, b.baseAddress!, z.columns, eta.baseAddress!)
                }
            }
        }
        var largest = 0.0
        for i in rows { largest = max(largest, abs(eta[i - first])) }
        return largest
    }

    func rowTerms(_ eta: Double, _ y: Double) -> (linear: Double, factor: Double, first: Double, second: Double) {
        let (first, second) = rowDerivatives(eta, y)
        return (rowLoss(eta, y), 1, first, second)
    }

    /// One block of rows of a pass over `rows` (row indices, ascending, of the block that starts
    /// at row `first`): returns Σ cᵢℓᵢ and adds Σ cᵢℓ′ᵢzᵢ to `gradient`, with
    /// `weights[i − first]` = cᵢℓ″ᵢ (row i counted cᵢ = `counts[i]` times, once when `counts` is
    /// empty; rows counted 0 times skipped). ℓ's log factors, each in [1, 2], are multiplied (each
    /// to its row's count, 64 at most) up to 2⁹⁰⁰ and their product's log taken once.
    private func accumulate(
        _ rows: some Collection<Int>, first: Int, _ z: Matrix, _ beta: [Double], _ y: [Double], _ counts: [Int], _ gradient: inout [Double],
        _ weights: inout [Double]
    ) -> Double {
        let p = z.columns
        var loss = 0.0
        var product = 1.0
        var factors = 0
        z.values.withUnsafeBufferPointer { x in
            counts.withUnsafeBufferPointer { counted in
                beta.withUnsafeBufferPointer { b in
                    y.withUnsafeBufferPointer { y in
                        gradient.withUnsafeMutableBufferPointer { g in
                            weights.withUnsafeMutableBufferPointer { w in
                                let x = x.baseAddress!, b = b.baseAddress!, g = g.baseAddress!
                                // the linear predictors first, held in `weights`: the exponentials
                                // of the second loop then start without waiting on a dot product;
                                // the gradient's terms last, four rows at a time
                                linearPredictors(rows, first: first, x, b, p, w.baseAddress!)
                                withUnsafeTemporaryAllocation(of: Double.self, capacity: w.count) { slopes in
                                for i in rows {
                                    let count = counted.isEmpty ? 1 : counted[i]
                                    if count == 0 {
                                        w[i - first] = 0
                                        continue
                                    }
                                    let c = Double(count)
                                    let eta = w[i - first]
                                    let terms = rowTerms(eta, y[i])
                                    loss += c * terms.linear
                                    if count <= 64 {
                                        var power = terms.factor
                                        for _ in 1..<count { power *= terms.factor }
                                        product *= power
                                        factors += count
                                        if factors >= 900 {
                                            loss += log(product)
                                            product = 1
                                            factors = 0
                                        }
                                    } else {
                                        loss += c * log(terms.factor)
                                    }
                                    w[i - first] = c * terms.second
                                    slopes[i - first] = c * terms.first
                                }
                                addRows(rows, first: first, x, p, slopes.baseAddress!, counted, g)
                                }
                            }
                        }
                    }
                }
            }
        }
        return loss + log(product)
    }

    /// g += Σ sᵢzᵢ over the counted ones of `rows` (sᵢ = `slopes[i − first]`), four rows at a time:
    /// each gᵢ still adds the rows one after the other (the bits of one row at a time), loaded
    /// and stored once for four rows.
    @inline(__always)
    private func addRows(
        _ rows: some Collection<Int>, first: Int, _ x: UnsafePointer<Double>, _ p: Int, _ slopes: UnsafePointer<Double>,
        _ counted: UnsafeBufferPointer<Int>, _ g: UnsafeMutablePointer<Double>
    ) {
        var held = (0, 0, 0)
        var count = 0
        for i in rows where counted.isEmpty || counted[i] != 0 {
            switch count {
            case 0: held.0 = i
            case 1: held.1 = i
            case 2: held.2 = i
            default:
                let (i0, i1, i2, i3) = (held.0, held.1, held.2, i)
                let r0 = x + i0 * p, r1 = x + i1 * p, r2 = x + i2 * p, r3 = x + i3 * p
                let s0 = slopes[i0 - first], s1 = slopes[i1 - first], s2 = slopes[i2 - first], s3 = slopes[i3 - first]
                for j in 0..<p {
                    var v = g[j]
                    v += s0 * r0[j]
                    v += s1 * r1[j]
                    v += s2 * r2[j]
                    v += s3 * r3[j]
                    g[j] = v
                }
                count = 0
                continue
            }
            count += 1
        }
        for i in [held.0, held.1, held.2].prefix(count) {
            let row = x + i * p
            let slope = slopes[i - first]
            for j in 0..<p { g[j] += slope * row[j] }
        }
    }

    /// zᵢᵀβ into `eta[i − first]` for each of `rows`, four rows at a time: each row's products
    /// still added in column order (the bits of one row at a time), four independent sums in
    /// flight instead of one chain of additions.
    @inline(__always)
    private func linearPredictors(
        _ rows: some Collection<Int>, first: Int, _ x: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ p: Int,
        _ eta: UnsafeMutablePointer<Double>
    ) {
        var index = rows.startIndex
        while rows.distance(from: index, to: rows.endIndex) >= 4 {
            let i0 = rows[index]
            let i1 = rows[rows.index(index, offsetBy: 1)]
            let i2 = rows[rows.index(index, offsetBy: 2)]
            let i3 = rows[rows.index(index, offsetBy: 3)]
            let r0 = x + i0 * p, r1 = x + i1 * p, r2 = x + i2 * p, r3 = x + i3 * p
            var e0 = 0.0, e1 = 0.0, e2 = 0.0, e3 = 0.0
            for j in 0..<p {
                let bj = b[j]
                e0 += r0[j] * bj
                e1 += r1[j] * bj
                e2 += r2[j] * bj
                e3 += r3[j] * bj
            }
            eta[i0 - first] = e0
            eta[i1 - first] = e1
            eta[i2 - first] = e2
            eta[i3 - first] = e3
            index = rows.index(index, offsetBy: 4)
        }
        while index != rows.endIndex {
            let i = rows[index]
            let row = x + i * p
            var e = 0.0
            for j in 0..<p { e += row[j] * b[j] }
            eta[i - first] = e
            index = rows.index(after: index)
        }
    }

    /// Zero weights and the intercept that fits the mean of y.
    func startingCoefficients(_ augmented: AugmentedDesign, _ y: [Double]) -> [Double] {
        var start = [Double](repeating: 0, count: augmented.columns)
        if augmented.intercept { start[0] = interceptForMean(y.reduce(0, +) / Double(y.count)) }
        return start
    }
}

/// The rows a resample drew (count ≥ 1), ascending, with where each block of ``RowBlocks``
/// starts among them: a resample's passes visit them alone, with no branch a row on its count
/// (a third of the rows, at random, are not drawn).
struct DrawnRows: Sendable {
    let counts: [Int]
    let indices: [Int]
    private let blockStarts: [Int]

    init(counts: [Int], blocks: RowBlocks) {
        self.counts = counts
        var starts = [0]
        var drawn = 0
        indices = [Int](unsafeUninitializedCapacity: counts.count) { indices, initialized in
            counts.withUnsafeBufferPointer { counts in
                for k in 0..<blocks.count {
                    for i in blocks.range(k) {
                        indices[drawn] = i
                        drawn += counts[i] > 0 ? 1 : 0
                    }
                    starts.append(drawn)
                }
            }
            initialized = drawn
        }
        blockStarts = starts
    }

    /// The drawn rows of the block `rows`.
    func rows(in rows: Range<Int>) -> ArraySlice<Int> {
        let k = rows.lowerBound / RowBlocks.size
        return indices[blockStarts[k]..<blockStarts[k + 1]]
    }
}

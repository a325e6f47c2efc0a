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
        // from the cold start, every row's Newton weight is one value: the first step's curvature
        // is the Gram matrix the collinearity check needs, times that weight (one pass saved)
        if penalty == .none && start != nil { try data.requireFullRank(augmented.standardized, intercept: design.intercept) }
        return try solve(
            on: augmented, data, drawn: nil, penalty: penalty, start: start, standardErrors: standardErrors,
            checkingRank: penalty == .none && start == nil)
    }

    /// The penalised fits of `penalties` in turn, each from the previous one's estimate (as the
    /// default path), on the design centred (and scaled) once for all of them rather than once a
    /// penalty: a fold of cross-validation fits its whole grid on one design. Newton's steps reuse
    /// the curvature of the steps before them while they converge fast, to the same stopping rule.
    public func fitPath(_ data: RegressionData, penalties: [Penalty]) -> [[Double]?] {
        guard let augmented = try? AugmentedDesign(data, design: design) else { return penalties.map { _ in nil } }
        var start: [Double]?
        let path = PathHandover()
        return penalties.map { penalty in
            guard (try? checkTarget(data, drawn: nil, penalty: penalty)) != nil else { return nil }
            if penalty == .none, (try? data.requireFullRank(augmented.standardized, intercept: design.intercept)) == nil { return nil }
            let estimates = try? solve(
                on: augmented, data, drawn: nil, penalty: penalty, start: start, standardErrors: false, path: path
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
        gradientScale: Double? = nil, products: PairProducts? = nil, path: PathHandover? = nil, checkingRank: Bool = false
    ) throws(InferenceError) -> PointEstimate {
        let y = data.target
        let blocks = RowBlocks(rows: y.count)
        let p = augmented.columns
        // one fit of all the rows, not along a path: every step's curvature is wanted, so each
        // block's Gram matrix is formed as soon as its weights are, while its rows are in cache
        // (the same block sums, added in the same order, as when formed on demand)
        let eager = drawn == nil && products == nil && path == nil
        // and from features that came as columns, each block's rows of the design are formed
        // when a pass reaches them, into a matrix of the block's own: the same numbers, the
        // same sums in the same order, and no copy of the whole design (its pages, a pass)
        let byBlock = eager ? augmented.standardized.blocks : nil
        let z = byBlock == nil ? augmented.matrix : Matrix(rows: 0, columns: p)
        // max |ηᵢ| at each point evaluated, for the existence check at the solution (no pass of its own)
        var largestAt: [(beta: [Double], largest: Double)] = []
        /// Newton on the rows of the blocks `chosen` (every block when nil), with `l2` for the
        /// penalty's; each point evaluated and its largest |ηᵢ| go to `record`.
        func newton(over chosen: [Int]?, l2: Double, record: @escaping ([Double], Double) -> Void) -> PenalizedNewton {
            PenalizedNewton(
                dimension: augmented.columns, penalized: augmented.penalizedBlock, l1: penalty.l1, l2: l2,
                evaluate: { beta in
                    // one pass over the rows: N, ∇N and the Newton weights, a block at a time
                    let parts = blocks.map(chosen) { rows in
                        var gradient = [Double](repeating: 0, count: p)
                        if let byBlock, var sum = WeightedGramSum(columns: p) {
                            // the block's rows with their linear predictors a stretch of 1,024 rows at
                            // a time, each stretch's Gram matrix and gradient terms formed while its
                            // rows are in cache (the same sums in the same order as for the whole
                            // block at once: the bits of a plain loop over its rows)
                            var sums = PassSums()
                            var weights: [Double] = []
                            weights.reserveCapacity(rows.count)
                            for low in stride(from: rows.lowerBound, to: rows.upperBound, by: Self.stretchRows) {
                                let stretch = low..<min(rows.upperBound, low + Self.stretchRows)
                                let (part, predictors) = byBlock.block(stretch, predicting: beta)
                                var stretchWeights = predictors
                                accumulate(
                                    0..<stretch.count, first: 0, part, beta, Array(y[stretch]), [], &gradient, &stretchWeights, predicted: true,
                                    into: &sums,
                                    eachPiece: { w, slopes, piece in sum.add(rowsOf: part, weights: w, slopes: slopes, rows: piece) })
                                weights += stretchWeights
                            }
                            let (loss, largest) = sums.result
                            return (loss: loss, largest: largest, gradient: sum.gradient, weights: weights, gram: sum.matrix)
                        }
                        if let byBlock {
                            // (fewer than 9 or more than 128 columns) the whole block's rows with their
                            // linear predictors, held in `weights`, then its Gram matrix
                            let (block, predictors) = byBlock.block(rows, predicting: beta)
                            var weights = predictors
                            let (loss, largest) = accumulate(
                                0..<rows.count, first: 0, block, beta, Array(y[rows]), [], &gradient, &weights, predicted: true)
                            return (loss: loss, largest: largest, gradient: gradient, weights: weights, gram: try? block.weightedGram(weights: weights))
                        }
                        var weights = [Double](repeating: 0, count: rows.count)
                        let (loss, largest) =
                            if let drawn {
                                accumulate(drawn.rows(in: rows), first: rows.lowerBound, z, beta, y, drawn.counts, &gradient, &weights)
                            } else {
                                accumulate(rows, first: rows.lowerBound, z, beta, y, [], &gradient, &weights)
                            }
                        let gram = eager ? try? z.weightedGram(weights: weights, rows: rows) : nil
                        return (loss: loss, largest: largest, gradient: gradient, weights: weights, gram: gram)
                    }
                    record(beta, parts.reduce(0) { max($0, $1.largest) })
                    var gradient = [Double](repeating: 0, count: p)
                    for part in parts {
                        for j in gradient.indices { gradient[j] += part.gradient[j] }
                    }
                    let derivatives = PenalizedNewton.Derivatives(
                        gradient: gradient,
                        hessian: {
                            let grams = eager ? parts.map(\.gram) : blocks.map { rows in
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
        }
        let solver = newton(over: nil, l2: penalty.l2) { largestAt.append(($0, $1)) }
        // along a path, from the last fit's own estimate (on the solver's scale, not through the
        // original one and back) with its N and ∇N: the same rows, so no pass to form them again;
        // and by the stopping rule of the path's cold start, as a cold fit of this λ would stop
        // (relative to the warm start's small gradient, the rule would be up to hundreds of times
        // stricter than that fit's at the grid's small λ, at a pass a step)
        let carried = path?.start
        let warm = carried?.estimate ?? start.flatMap { augmented.fittedBlock($0[...]) }.flatMap { beta in
            beta.count == augmented.columns && beta.allSatisfy(\.isFinite) ? beta : nil
        }
        let cold = startingCoefficients(augmented, y)
        // a cold fit of many rows from the features' columns starts where a fit of a subsample of
        // its blocks stops (``subsampleStart(_:_:cold:penalty:blocks:checkingRank:newton:)``): two
        // fewer passes over all the rows, to the same stopping rule
        let subsampled =
            warm == nil && byBlock != nil && penalty.l1 == 0
            ? subsampleStart(augmented, data, cold: cold, penalty: penalty, blocks: blocks, checkingRank: checkingRank, newton: newton)
            : nil
        let from = warm ?? subsampled?.start ?? cold
        // the collinearity check on the curvature at the cold start, Σ vzᵢzᵢᵀ with one weight v
        // (``StandardizedDesign/firstCollinearFeature(gram:features:)``), which the first step
        // then uses; on the Gram matrix of the design where it cannot be formed (the subsample's
        // start has passed a check that implies this one)
        var evaluated = carried?.evaluation
        if checkingRank && subsampled == nil {
            let first = solver.evaluate(from)
            let derivatives = first.derivatives()
            if warm == nil, let curvature = derivatives.hessian() {
                if let (j, constant) = StandardizedDesign.firstCollinearFeature(gram: curvature, features: augmented.standardized.scales.count) {
                    throw data.collinearFeature(j, constant: design.intercept && constant)
                }
                evaluated = PenalizedNewton.Evaluation(value: first.value) {
                    PenalizedNewton.Derivatives(gradient: derivatives.gradient, hessian: { curvature })
                }
            } else {
                try data.requireFullRank(augmented.standardized, intercept: design.intercept)
                evaluated = first
            }
        }
        let solution: PenalizedNewton.Solution
        do {
            // along a path: from the curvature of the fit before (its own when there was none)
            do {
                solution = try solver.solve(
                    from: from, evaluated: evaluated,
                    gradientScale: subsampled?.scale ?? (warm == nil ? nil : gradientScale ?? carried?.gradientScale),
                    curvature: path.map { $0.last ?? Matrix(rows: 0, columns: 0) })
            } catch where subsampled != nil {
                // from the cold start after all, as without the subsample: the same verdicts
                solution = try solver.solve(from: cold)
            }
            if let last = solution.lastCurvature { path?.last = last }
        } catch {
            throw noEstimate(data, penalty: penalty)
        }
        if penalty == .none {
            // the solver returns a point it evaluated; a pass of its own otherwise
            var largest = 0.0
            if let known = largestAt.last(where: { $0.beta == solution.estimate }) {
                largest = known.largest
            } else if let drawn {
                largest = largestLinearPredictor(z, solution.estimate, drawn.indices)
            } else {
                let whole = augmented.matrix
                largest = blocks.map { largestLinearPredictor(whole, solution.estimate, $0) }.reduce(0) { max($0, $1) }
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
        let estimate = try report.estimate(
            estimates, information: information, logLikelihood: -solution.negativeLogLikelihood,
            priorWeights: priorWeights, iterations: solution.iterations)
        // handed on only from a fit that returns, whose estimate the path then starts from
        path?.start = (solution.estimate, solution.evaluation, solution.gradientScale)
        return estimate
    }

    func checkExistence(largestLinearPredictor: Double, wouldStillMove: () -> Bool, _ data: RegressionData) throws(InferenceError) {}

    func resampleCheck(_ data: RegressionData, penalty: Penalty) -> @Sendable (DrawnRows) -> Bool {
        { drawn in (try? checkTarget(data, drawn: drawn.indices, penalty: penalty)) != nil }
    }

    func rowTerms(_ eta: Double, _ y: Double) -> (linear: Double, factor: Double, first: Double, second: Double) {
        let (first, second) = rowDerivatives(eta, y)
        return (rowLoss(eta, y), 1, first, second)
    }

    /// Zero weights and the intercept that fits the mean of y.
    func startingCoefficients(_ augmented: AugmentedDesign, _ y: [Double]) -> [Double] {
        var start = [Double](repeating: 0, count: augmented.columns)
        if augmented.intercept { start[0] = interceptForMean(y.reduce(0, +) / Double(y.count)) }
        return start
    }
}

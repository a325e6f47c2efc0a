import Foundation
import GSL

/// The warm start of a cold fit of many rows: Newton first on a subsample of the rows (whole
/// blocks spread over the data), then on all of them from where that stopped.
///
/// From the cold start, Newton takes five or six passes over all the rows to the stopping rule
/// (the optimality violation 10⁻¹⁰ of the cold start's largest gradient entry); from the
/// subsample's estimate, whose error is of the order of its standard errors, it takes three or
/// four: the subsample's fit costs about an eighth of a pass a step, so a fit of 200,000 rows
/// makes about one and a half fewer passes' work. The estimate is the same to the stopping rule
/// (the same rule stops both), not to the last bit.
enum SubsampleStart {
    /// The fewest blocks of ``RowBlocks`` (131,072 rows) a fit needs for a subsample start: the
    /// subsample then holds at least four blocks, an eighth of the rows or fewer.
    static let leastBlocks = 32

    /// The blocks of the subsample, given the number of blocks: every `stride`-th from the middle
    /// of the first stride, with a stride of 8 or more that keeps about 8 blocks when there are
    /// many (32,768 rows: the start's error then depends on those rows, not on the share).
    static func chosenBlocks(of count: Int) -> [Int]? {
        guard count >= leastBlocks else { return nil }
        let step = max(8, count / 8)
        return Array(stride(from: step / 2, to: count, by: step))
    }

    /// The subsample fit's stopping rule, relative to its own cold gradient: looser than the
    /// full fit's, since its estimate stands off the full estimate by the subsample's sampling
    /// error whatever the rule (the full gradient there is about 10⁻¹ of the cold one).
    static let tolerance = 1e-4

    /// How far the subsample's collinearity pivots must stand above the full fit's threshold
    /// (10⁻¹⁰ of each feature's sum of squares over all the rows) for the check on all the rows
    /// to pass without being made: room for the rounding of both eliminations.
    static let pivotMargin = 1e3
}

extension SingleIndexRegression {
    /// The start and the gradient scale of a cold fit of all the rows (the `blocks` of `data`,
    /// from its features' columns) on `augmented`: Newton's estimate on the subsample of
    /// ``SubsampleStart/chosenBlocks(of:)`` from `cold`, under the penalty's L2 part scaled to the
    /// subsample's rows. Nil, and the fit starts cold, when the rows are too few, when the
    /// subsample's fit fails, or (a flat fit) when its largest |ηᵢ| says its estimate may not
    /// exist. With `checkingRank`, the subsample's curvature at the cold start (Σ vzᵢzᵢᵀ with one
    /// weight v) must also pass a stricter collinearity check that implies the one of all the rows
    /// (``StandardizedDesign/firstCollinearFeature(gram:features:bounds:)``): each pivot of the
    /// subsample is at most the full one, since the full residual sum of squares of a column on
    /// the ones before it adds the other rows'; otherwise nil, and the cold fit checks.
    ///
    /// The scale is the cold start's largest gradient entry over all the rows, as the cold fit
    /// would take it (up to rounding), from one pass over the columns: Σ ℓ′(η₀, yᵢ)zᵢⱼ with the
    /// sums of squares Σ zᵢⱼ² the rank check needs.
    func subsampleStart(
        _ augmented: AugmentedDesign, _ data: RegressionData, cold: [Double], penalty: Penalty, blocks: RowBlocks, checkingRank: Bool,
        newton: ([Int]?, Double, @escaping ([Double], Double) -> Void) -> PenalizedNewton
    ) -> (start: [Double], scale: Double)? {
        guard let chosen = SubsampleStart.chosenBlocks(of: blocks.count), let columns = data.store.columns else { return nil }
        let subsampleRows = chosen.reduce(0) { $0 + blocks.range($1).count }
        let eta = augmented.intercept ? cold[0] : 0
        let y = data.target
        // ℓ′(η₀, yᵢ) = μ₀ − yᵢ: one mean for every row
        let mean = mean(ofLinearPredictor: eta)
        let (squares, products, slopes) = StandardizedDesign.coldSums(
            columns, means: augmented.standardized.means, scales: augmented.standardized.scales, blocks: blocks, mean: mean, target: y)
        let scale = max(1, max(augmented.intercept ? abs(slopes) : 0, products.map(abs).max() ?? 0))
        guard scale.isFinite else { return nil }
        var largestAt: [(beta: [Double], largest: Double)] = []
        let solver = newton(chosen, penalty.l2 * Double(subsampleRows) / Double(blocks.rows)) { largestAt.append(($0, $1)) }
        var evaluated: PenalizedNewton.Evaluation?
        if checkingRank {
            let first = solver.evaluate(cold)
            let derivatives = first.derivatives()
            guard let curvature = derivatives.hessian() else { return nil }
            let weight = rowDerivatives(eta, y[0]).second
            let offset = augmented.columns - squares.count
            let bounds = (0..<augmented.columns).map { j in
                j < offset ? curvature[j, j] : SubsampleStart.pivotMargin * weight * squares[j - offset]
            }
            guard bounds.allSatisfy(\.isFinite),
                StandardizedDesign.firstCollinearFeature(gram: curvature, features: squares.count, bounds: bounds) == nil
            else { return nil }
            evaluated = PenalizedNewton.Evaluation(value: first.value) {
                PenalizedNewton.Derivatives(gradient: derivatives.gradient, hessian: { curvature })
            }
        }
        guard let solution = try? solver.solve(from: cold, evaluated: evaluated, tolerance: SubsampleStart.tolerance) else { return nil }
        if penalty == .none {
            // a row predicted with certainty (a logistic P within 1e-12 of its class, a poisson mean
            // past 10¹²): the estimate may not exist, and the cold fit has the verdict
            let largest = largestAt.last(where: { $0.beta == solution.estimate })?.largest
            guard let largest, largest <= LogisticRegressionModel.certainLinearPredictor else { return nil }
        }
        return (solution.estimate, scale)
    }
}

extension StandardizedDesign {
    /// Over all the rows, for every feature j: Σ zᵢⱼ² and Σ sᵢzᵢⱼ, with zᵢⱼ = (xᵢⱼ − x̄ⱼ)/sⱼ as
    /// the solvers see it and sᵢ = `mean` − yᵢ; and Σ sᵢ. Each block's sums eight columns at a
    /// time (``EightColumns``), added in block order (the same bits whatever the threads).
    static func coldSums(
        _ columns: [[Double]], means: [Double], scales: [Double], blocks: RowBlocks, mean: Double, target: [Double]
    ) -> (squares: [Double], products: [Double], slopes: Double) {
        let p = columns.count
        let bases = UncheckedSendable(EightColumns.bases(of: columns))
        let totals = target.withUnsafeBufferPointer { y in
            blocks.sum(length: 2 * p + 1) { rows in
                var sums = [Double](repeating: 0, count: 2 * p + 1)
                for i in rows { sums[2 * p] += mean - y[i] }
                for x in EightColumns.groups(of: bases.value) {
                    let (centre, inverse) = (x.lanes(means), 1 / x.lanes(scales))
                    var squares = SIMD8<Double>.zero
                    var products = SIMD8<Double>.zero
                    for i in rows {
                        let z = (x[i] - centre) * inverse
                        squares += z * z
                        products += (mean - y[i]) * z
                    }
                    x.store(squares, into: &sums)
                    x.store(products, into: &sums, offset: p)
                }
                return sums
            }
        }
        return (Array(totals[..<p]), Array(totals[p..<(2 * p)]), totals[2 * p])
    }
}

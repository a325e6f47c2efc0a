import Foundation
import GSL

/// Softmax (multinomial logistic) regression: yᵢ ∈ {0, …, K − 1} with
/// P(yᵢ = k) = e^ηᵢₖ / Σₗ e^ηᵢₗ, ηᵢₖ = bₖ + xᵢᵀwₖ, and class 0 the reference (ηᵢ₀ = 0).
///
/// Parameters `class1:intercept`, `class1:x1`, …, then class 2, …; the prior penalises every
/// class's weights, never the intercepts. Newton's method on all (K − 1)(p + 1) coefficients
/// with blocks ∇²N₍ₖₗ₎ = Z̃ᵀ diag(Pₖ(δₖₗ − Pₗ)) Z̃, or proximal Newton under an L1 prior.
public struct SoftmaxRegressionModel: RegressionModel {
    /// The features' names, in order.
    public let featureNames: [String]
    /// The number of classes K ≥ 2.
    public let classCount: Int
    /// Intercept and standardisation.
    public let design: RegressionDesign
    /// The classes' names (a text target's levels, class 0 first), or nil: `class1`, `class2`, ….
    public let classNames: [String]?

    /// The softmax regression of `classCount` classes over `featureNames`; `classNames` names
    /// them when given (then `classCount` is their number).
    public init(featureNames: [String], classCount: Int, design: RegressionDesign = RegressionDesign(), classNames: [String]? = nil) {
        self.featureNames = featureNames
        self.classCount = classNames?.count ?? classCount
        self.design = design
        self.classNames = classNames
    }

    /// K from the target: a text target's number of levels, else its largest class plus one (at
    /// least 2).
    public static func classCount(of data: RegressionData) -> Int {
        if let levels = data.targetLevels { return max(2, levels.count) }
        return max(2, Int(data.target.filter { $0.isFinite && $0 >= 0 && $0 < 1e6 }.max() ?? 1) + 1)
    }

    /// Class k's name: its level, or `classk`.
    func className(_ k: Int) -> String { classNames.map { $0[k] } ?? "class\(k)" }

    /// The model's name, `softmax`.
    public var name: String { "softmax" }

    private var blockSize: Int { featureNames.count + (design.intercept ? 1 : 0) }

    /// `classk:intercept` (unless there is none) and `classk:` with each feature name, for
    /// k = 1, …, K − 1 in turn (`LEVEL:intercept`, … for a text target); class 0, the
    /// reference, has none.
    public var parameterNames: [String] {
        (1..<classCount).flatMap { k in coefficientNames(featureNames).map { "\(className(k)):\($0)" } }
    }

    /// Every coefficient is real.
    public var parameterSupports: [ParameterSupport] {
        [ParameterSupport](repeating: .real, count: (classCount - 1) * (featureNames.count + (design.intercept ? 1 : 0)))
    }

    /// Rejects data whose features are not the model's (a usage error), fewer than 2 rows and a
    /// target that is not a whole number from 0 to K − 1.
    public func validate(_ data: RegressionData) throws(InferenceError) {
        guard data.featureNames == featureNames else { throw .usage("the data's features differ from the model's") }
        try requireRows(data, minimum: 2)
        if let row = data.target.firstIndex(where: { !($0 >= 0 && $0.rounded() == $0 && $0 < Double(classCount)) }) {
            throw .data(
                "\(data.target[row]) is outside the support of the softmax model (classes 0 to \(classCount - 1))",
                at: .init(row: row + 1, column: data.targetName))
        }
    }

    /// The number of rows n.
    public func observationCount(_ data: RegressionData) -> Int { data.rowCount }

    /// Per row, the class probabilities and log Σₗ e^ηₗ for coefficients `beta` on design `z`.
    private func probabilities(_ beta: [Double], _ z: Matrix) -> (p: [[Double]], logNormalizer: [Double], eta: [[Double]])? {
        let m = blockSize
        guard beta.count == (classCount - 1) * m else { return nil }
        var eta: [[Double]] = []
        for k in 0..<(classCount - 1) {
            guard let column = try? z.multiplied(by: Array(beta[(k * m)..<((k + 1) * m)])) else { return nil }
            eta.append(column)
        }
        let n = z.rows
        var p = [[Double]](repeating: [Double](repeating: 0, count: n), count: classCount - 1)
        var logNormalizer = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let largest = max(0, eta.map { $0[i] }.max() ?? 0)
            var total = exp(-largest)
            for k in eta.indices { total += exp(eta[k][i] - largest) }
            logNormalizer[i] = largest + log(total)
            for k in eta.indices { p[k][i] = exp(eta[k][i] - logNormalizer[i]) }
        }
        return (p, logNormalizer, eta)
    }

    private func negativeLogLikelihood(_ beta: [Double], _ z: Matrix, _ y: [Double]) -> Double {
        guard let (_, logNormalizer, eta) = probabilities(beta, z) else { return .infinity }
        var total = 0.0
        for i in y.indices {
            // an unvalidated target outside 0…K − 1 has likelihood 0
            guard let k = Int(exactly: y[i]), k >= 0, k < classCount else { return .infinity }
            total += logNormalizer[i] - (k == 0 ? 0 : eta[k - 1][i])
        }
        return total
    }

    private func derivatives(_ beta: [Double], _ z: Matrix, _ y: [Double]) -> (gradient: [Double], hessian: Matrix) {
        let m = blockSize
        let dimension = (classCount - 1) * m
        guard let (p, _, _) = probabilities(beta, z) else {
            return ([Double](repeating: .nan, count: dimension), Matrix(rows: dimension, columns: dimension))
        }
        var gradient = [Double]()
        for k in p.indices {
            let residual = y.indices.map { p[k][$0] - (Int(exactly: y[$0]) == k + 1 ? 1 : 0) }
            gradient += (try? z.transposeMultiplied(by: residual)) ?? [Double](repeating: .nan, count: m)
        }
        var hessian = Matrix(rows: dimension, columns: dimension)
        for k in p.indices {
            for l in k..<p.count {
                let weights = y.indices.map { p[k][$0] * ((k == l ? 1 : 0) - p[l][$0]) }
                var scaled = z.values
                for i in 0..<z.rows {
                    for j in 0..<m { scaled[i * m + j] *= weights[i] }
                }
                guard let weighted = try? Matrix(rows: z.rows, columns: m, values: scaled),
                    let block = try? weighted.transposeMultiplied(by: z)
                else { continue }
                for a in 0..<m {
                    for b in 0..<m {
                        hessian[k * m + a, l * m + b] = block[a, b]
                        hessian[l * m + b, k * m + a] = block[a, b]
                    }
                }
            }
        }
        return (gradient, hessian)
    }

    /// ∑ᵢ (ηᵢₖ − log ∑ₗ e^ηᵢₗ) with k = yᵢ and ηᵢ₀ = 0, computed stably; −∞ when the design
    /// cannot be formed.
    public func logLikelihood(_ parameters: [Double], on data: RegressionData) -> Double {
        guard let z = try? AugmentedDesign.augment(data.features, intercept: design.intercept) else { return -.infinity }
        return -negativeLogLikelihood(parameters, z, data.target)
    }

    /// Analytic: block k = 1, …, K − 1 is X̃ᵀ(1{y = k} − Pₖ), with Pₖ the rows' probabilities of
    /// class k and X̃ = [1, X].
    public func gradient(_ parameters: [Double], on data: RegressionData) -> [Double]? {
        guard let z = try? AugmentedDesign.augment(data.features, intercept: design.intercept) else { return nil }
        return derivatives(parameters, z, data.target).gradient.map { -$0 }
    }

    /// log L and its gradient from one pass over the rows in plain Swift, without the Hessian
    /// that ``gradient(_:on:)`` forms beside it (a sampler's many small evaluations); nil for a
    /// wrong number of parameters.
    public func logLikelihoodAndGradient(_ parameters: [Double], on data: RegressionData) -> (value: Double, gradient: [Double])? {
        let m = blockSize
        let p = data.featureCount
        let offset = design.intercept ? 1 : 0
        let classes = classCount - 1
        guard parameters.count == classes * m, m == p + offset else { return nil }
        var total = 0.0
        var gradient = [Double](repeating: 0, count: parameters.count)
        var eta = [Double](repeating: 0, count: classes)
        data.features.values.withUnsafeBufferPointer { x in
            parameters.withUnsafeBufferPointer { beta in
                gradient.withUnsafeMutableBufferPointer { g in
                    for i in 0..<data.rowCount {
                        let row = x.baseAddress! + i * p
                        var largest = 0.0
                        for k in 0..<classes {
                            let block = k * m
                            var value = offset == 1 ? beta[block] : 0
                            for j in 0..<p { value += row[j] * beta[block + offset + j] }
                            eta[k] = value
                            largest = max(largest, value)
                        }
                        var sum = exp(-largest)
                        for k in 0..<classes { sum += exp(eta[k] - largest) }
                        let logNormalizer = largest + log(sum)
                        let y = Int(data.target[i])
                        total += (y > 0 ? eta[y - 1] : 0) - logNormalizer
                        for k in 0..<classes {
                            let residual = (y == k + 1 ? 1 : 0) - exp(eta[k] - logNormalizer)
                            let block = k * m
                            if offset == 1 { g[block] += residual }
                            for j in 0..<p { g[block + offset + j] += residual * row[j] }
                        }
                    }
                }
            }
        }
        return (total, gradient)
    }

    /// Analytic: blocks −X̃ᵀ diag(Pₖ(δₖₗ − Pₗ)) X̃ for classes k, l = 1, …, K − 1.
    public func hessian(_ parameters: [Double], on data: RegressionData) -> Matrix? {
        guard let z = try? AugmentedDesign.augment(data.features, intercept: design.intercept) else { return nil }
        return derivatives(parameters, z, data.target).hessian.scaled(by: -1)
    }

    /// Newton's method (proximal Newton with an L1 part) on the centred (scaled) design from zero
    /// weights and intercepts log(nₖ/n₀). A numerical error when a class never occurs, Newton fails,
    /// or, without a prior, a feature is collinear with the others or a row's class is predicted
    /// with certainty (separation).
    public func fitPenalized(_ data: RegressionData, penalty: Penalty) throws(InferenceError) -> PointEstimate {
        for k in 0..<classCount where !data.target.contains(Double(k)) {
            throw .numerical("class \(classNames.map { "'\($0[k])'" } ?? "\(k)") never occurs in \(data.targetName): its intercept's estimate does not exist (it is −∞)")
        }
        let augmented = try AugmentedDesign(data, design: design)
        if penalty == .none { try data.requireFullRank(augmented.standardized, intercept: design.intercept) }
        let z = augmented.matrix
        let y = data.target
        let m = blockSize
        let solver = PenalizedNewton(
            dimension: (classCount - 1) * m,
            penalized: [[Bool]](repeating: augmented.penalizedBlock, count: classCount - 1).flatMap { $0 },
            l1: penalty.l1, l2: penalty.l2,
            evaluate: { beta in
                PenalizedNewton.Evaluation(
                    value: negativeLogLikelihood(beta, z, y),
                    derivatives: {
                        let (gradient, hessian) = derivatives(beta, z, y)
                        return PenalizedNewton.Derivatives(gradient: gradient, hessian: { hessian })
                    })
            })
        var start = [Double](repeating: 0, count: (classCount - 1) * m)
        if design.intercept {
            let reference = Double(y.filter { $0 == 0 }.count)
            for k in 1..<classCount { start[(k - 1) * m] = log(Double(y.filter { $0 == Double(k) }.count) / reference) }
        }
        let solution: PenalizedNewton.Solution
        do {
            solution = try solver.solve(from: start)
        } catch {
            throw .numerical(
                penalty == .none
                    ? "the features separate the classes (quasi-)perfectly: the MLE does not exist; add a prior, e.g. \(setting("prior")) gaussian"
                    : "the softmax MAP fit did not converge", remedy: Remedy.largerLambda)
        }
        if penalty == .none, let (p, _, _) = probabilities(solution.estimate, z) {
            // a row predicted with certainty where the flat fit stopped, and a Newton step there
            // that would still move: (quasi-)separation (see PenalizedNewton.wouldStillMove)
            let certain = y.indices.contains { i in
                let k = Int(y[i])
                let probability = k == 0 ? 1 - p.reduce(0) { $0 + $1[i] } : p[k - 1][i]
                return probability > 1 - 1e-12
            }
            if certain && solver.wouldStillMove(at: solution.estimate) {
                throw .numerical("the features separate the classes (quasi-)perfectly: the MLE does not exist", remedy: Remedy.addAPrior)
            }
        }
        let estimates = (0..<(classCount - 1)).flatMap { k in augmented.originalBlock(solution.estimate[(k * m)..<((k + 1) * m)]) }
        // the objective's curvature at the solution, moved from the fitted scale to the original
        var information: Matrix?
        if penalty.isSmooth, var curvature = solution.hessian() {
            for j in 0..<curvature.rows where solver.penalized[j] { curvature[j, j] += penalty.l2 }
            information = augmented.originalCurvature(curvature, blocks: classCount - 1)
        }
        let report = RegressionReport(modelName: name, parameterNames: parameterNames, penalty: penalty, observationCount: data.rowCount)
        let penalized = solver.penalized
        return try report.estimate(
            estimates, information: information, logLikelihood: logLikelihood(estimates, on: data),
            priorWeights: zip(penalized, solution.estimate).filter(\.0).map(\.1), iterations: solution.iterations)
    }
}

extension SoftmaxRegressionModel {
    /// True: the targets are the classes 0 … K − 1.
    public var isClassifier: Bool { true }

    /// The class probabilities (class 0 first) of each row.
    public func classProbabilities(_ estimates: [Double], on data: RegressionData) -> [[Double]] {
        let intercept = design.intercept
        let block = data.featureCount + (intercept ? 1 : 0)
        let eta = (1..<classCount).map { k in
            data.linearPredictor(Array(estimates[((k - 1) * block)..<(k * block)]), intercept: intercept)
        }
        return (0..<data.rowCount).map { i in
            let scores = [0.0] + eta.map { $0[i] }
            let top = scores.max() ?? 0
            let weights = scores.map { exp($0 - top) }
            let sum = weights.reduce(0, +)
            return weights.map { $0 / sum }
        }
    }

    /// E[y | x] = Σₖ k·πₖ of each row, the expected class number (held-out rows are scored from
    /// the class probabilities, see ``meanLoss(_:of:on:)``).
    public func meanResponses(_ estimates: [Double], on data: RegressionData) -> [Double] {
        classProbabilities(estimates, on: data).map { p in p.indices.reduce(0) { $0 + Double($1) * p[$1] } }
    }

    /// −log L/n for `nll`; the Brier score Σₖ (1{y = k} − πₖ)² for `mse`; for misclassification,
    /// whether the most probable class (the first on a tie) is not the row's.
    public func meanLoss(_ loss: HeldOutLoss, of estimates: [Double], on data: RegressionData) -> Double {
        let n = Double(data.rowCount)
        if loss == .nll { return -logLikelihood(estimates, on: data) / n }
        let intercept = design.intercept
        let y = data.target
        let block = data.featureCount + (intercept ? 1 : 0)
        let eta = (1..<classCount).map { k in
            data.linearPredictor(Array(estimates[((k - 1) * block)..<(k * block)]), intercept: intercept)
        }
        var total = 0.0
        for i in y.indices {
            let scores = [0.0] + eta.map { $0[i] }
            let top = scores.max() ?? 0
            let weights = scores.map { exp($0 - top) }
            let sum = weights.reduce(0, +)
            let label = Int(y[i])
            if loss == .mse {
                total += weights.indices.reduce(0) { $0 + pow((label == $1 ? 1 : 0) - weights[$1] / sum, 2) }
            } else {
                total += scores.firstIndex(of: top) == label ? 0 : 1
            }
        }
        return total / n
    }

    /// One response a class k = 1 … K − 1: its indicator, with mean its frequency (1/K without an
    /// intercept) and curvature πₖ(1 − πₖ).
    public func nullResponses(on data: RegressionData) -> [NullResponse] {
        let y = data.target
        let n = Double(max(1, y.count))
        return (1..<classCount).map { k in
            let indicator = y.map { $0 == Double(k) ? 1.0 : 0.0 }
            let mean = design.intercept ? indicator.reduce(0, +) / n : 1 / Double(classCount)
            return NullResponse(mean: mean, response: indicator, curvature: mean * (1 - mean))
        }
    }
}

import Foundation
import GSL

/// Logistic regression: yᵢ ∈ {0, 1}, P(yᵢ = 1) = 1/(1 + e^(−ηᵢ)), ηᵢ = b + xᵢᵀw.
///
/// Per row, −log L = log(1 + e^η) − yη; Newton's method (IRLS) with a line search, or proximal
/// Newton under a laplace or elastic-net prior. Perfectly separated classes have no MLE: a
/// feature that separates them alone is named.
public struct LogisticRegressionModel: SingleIndexRegression {
    /// The features' names, in order.
    public let featureNames: [String]
    /// Intercept and standardisation.
    public let design: RegressionDesign

    /// The logistic model over `featureNames`.
    public init(featureNames: [String], design: RegressionDesign = RegressionDesign()) {
        self.featureNames = featureNames
        self.design = design
    }

    /// The model's name, `logistic`.
    public var name: String { "logistic" }
    /// `intercept` (unless there is none) and the feature names, in order.
    public var parameterNames: [String] { coefficientNames(featureNames) }

    /// Rejects data whose features are not the model's (a usage error), fewer than 2 rows and a
    /// target other than 0 or 1.
    public func validate(_ data: RegressionData) throws(InferenceError) {
        guard data.featureNames == featureNames else { throw .usage("the data's features differ from the model's") }
        try requireRows(data, minimum: 2)
        if let levels = data.targetLevels, levels.count != 2 {
            throw .data(
                "the target \(InferenceError.excerpt(data.targetName)) has \(levels.count) level\(levels.count == 1 ? "" : "s") (\(Dataset.list(levels))); the logistic model needs two",
                remedy: levels.count > 2 ? "use the softmax model, or keep two levels with a filter" : nil)
        }
        // y(y − 1) ≠ 0 exactly when y is neither 0 nor 1 (NaN included): one comparison a row,
        // not two that a random target makes a coin flip to the branch predictor
        if let row = data.target.firstIndex(where: { $0 * ($0 - 1) != 0 }) {
            throw .data("\(data.target[row]) is outside the support of the logistic model (0 or 1)", at: .init(row: row + 1, column: data.targetName))
        }
    }

    func rowLoss(_ eta: Double, _ y: Double) -> Double { softplus(eta) - y * eta }

    func rowDerivatives(_ eta: Double, _ y: Double) -> (first: Double, second: Double) {
        let mu = eta >= 0 ? 1 / (1 + exp(-eta)) : exp(eta) / (1 + exp(eta))
        return (mu - y, mu * (1 - mu))
    }

    /// ℓ = max(η, 0) − yη + log(1 + e^(−|η|)), μ − y and μ(1 − μ) from one exponential.
    func rowTerms(_ eta: Double, _ y: Double) -> (linear: Double, factor: Double, first: Double, second: Double) {
        let e = exp(-abs(eta))
        let mu = eta >= 0 ? 1 / (1 + e) : e / (1 + e)
        return (max(eta, 0) - y * eta, 1 + e, mu - y, mu * (1 - mu))
    }

    func interceptForMean(_ mean: Double) -> Double { log(mean / (1 - mean)) }

    func checkTarget(_ data: RegressionData, drawn: [Int]?, penalty: Penalty) throws(InferenceError) {
        if let drawn { try checkTarget(data, rows: drawn, penalty: penalty) } else { try checkTarget(data, rows: 0..<data.rowCount, penalty: penalty) }
    }

    private func checkTarget(_ data: RegressionData, rows: some Collection<Int>, penalty: Penalty) throws(InferenceError) {
        let ones = data.target.withUnsafeBufferPointer { y in rows.reduce(0) { $0 + y[$1] } }
        if ones == 0 || ones == Double(rows.count) {
            throw .numerical(
                "every row of \(data.targetName) is \(ones == 0 ? 0 : 1): the intercept's estimate does not exist (it is infinite)")
        }
        guard penalty == .none else { return }
        if let feature = separatingFeature(data, rows: rows) {
            throw .numerical(
                "feature \(feature) separates the classes perfectly: the MLE does not exist", parameter: feature, remedy: Remedy.addAPrior)
        }
    }

    /// The intercept's check by the drawn rows' classes, then separation by one feature from
    /// ``ClassExtremes`` (a few rows a feature), falling back to a pass over the drawn rows only
    /// when none of a list's rows was drawn.
    func resampleCheck(_ data: RegressionData, penalty: Penalty) -> @Sendable (DrawnRows) -> Bool {
        let extremes = penalty == .none ? ClassExtremes(data) : nil
        return { drawn in
            let ones = data.target.withUnsafeBufferPointer { y in drawn.indices.reduce(0) { $0 + y[$1] } }
            guard ones > 0, ones < Double(drawn.indices.count) else { return false }
            guard let extremes else { return true }
            if let separated = extremes.separated(drawn.counts, data) { return !separated }
            return separatingFeature(data, rows: drawn.indices) == nil
        }
    }

    /// |η| beyond which a row is predicted with certainty (P within 1e-12 of its class).
    static let certainLinearPredictor = 27.6

    /// A row predicted with certainty (|η| > 27.6, P within 1e-12 of its class) where the flat
    /// fit stopped, with a Newton step there that would still move the weights, means they ran
    /// off along a separating direction: (quasi-)separation. A certain row at a true optimum (an
    /// outlying x pinned by overlapping classes elsewhere) has a vanishing step and is kept, as
    /// statsmodels keeps it.
    func checkExistence(largestLinearPredictor: Double, wouldStillMove: () -> Bool, _ data: RegressionData) throws(InferenceError) {
        if !(largestLinearPredictor <= Self.certainLinearPredictor) && (largestLinearPredictor.isNaN || wouldStillMove()) {
            throw noEstimate(data, penalty: .none)
        }
    }

    func noEstimate(_ data: RegressionData, penalty: Penalty) -> InferenceError {
        if penalty == .none {
            return .numerical(
                "the features separate the classes (quasi-)perfectly: the MLE does not exist", remedy: Remedy.addAPrior)
        }
        return .numerical("the logistic MAP fit did not converge", remedy: Remedy.largerLambda)
    }

    /// A feature x with max{x : y = 0} ≤ min{x : y = 1} or the reverse: one threshold on it
    /// classifies every row, so its weight runs to ±∞.
    private func separatingFeature(_ data: RegressionData, rows: some Collection<Int>) -> String? {
        // each class's range of every feature: class 0's lows and highs at 0..<p, class 1's at
        // p..<2p; every row's blocks on all cores (minima and maxima do not depend on the order)
        let p = data.featureCount
        var low = [Double](repeating: .infinity, count: 2 * p)
        var high = [Double](repeating: -.infinity, count: 2 * p)
        if let all = rows as? Range<Int>, all == 0..<data.rowCount {
            for part in RowBlocks(rows: data.rowCount).map({ Self.classRanges(data, rows: $0) }) {
                for k in 0..<(2 * p) {
                    low[k] = min(low[k], part.low[k])
                    high[k] = max(high[k], part.high[k])
                }
            }
        } else {
            (low, high) = Self.classRanges(data, rows: rows)
        }
        for j in 0..<p where high[j] < low[p + j] || high[p + j] < low[j] { return data.featureNames[j] }
        return nil
    }

    /// Each class's lowest and highest value of every feature over `rows`: one pass over the rows
    /// (or, from columns, over each column's rows of each class).
    private static func classRanges(_ data: RegressionData, rows: some Collection<Int>) -> (low: [Double], high: [Double]) {
        let p = data.featureCount
        var low = [Double](repeating: .infinity, count: 2 * p)
        var high = [Double](repeating: -.infinity, count: 2 * p)
        if let columns = data.store.columns, let range = rows as? Range<Int> {
            // each column read once in order, its classes kept apart in the lanes of vectors (the
            // shim's kernel: no branch a row); the columns hold no missing value (NaN) by now
            data.target.withUnsafeBufferPointer { y in
                for (j, column) in columns.enumerated() where !range.isEmpty {
                    column.withUnsafeBufferPointer { x in
                        (low[j], high[j], low[p + j], high[p + j]) = RowKernels.classRanges(
                            x.baseAddress! + range.lowerBound, y.baseAddress! + range.lowerBound, count: range.count)
                    }
                }
            }
            return (low, high)
        }
        if let columns = data.store.columns {
            // the rows of each class, told apart once rather than once a feature
            var classes: [[Int]] = [[], []]
            for i in rows { classes[data.target[i] == 1 ? 1 : 0].append(i) }
            for (j, column) in columns.enumerated() {
                column.withUnsafeBufferPointer { x in
                    for (c, members) in classes.enumerated() {
                        var (lowest, highest) = (Double.infinity, -Double.infinity)
                        for i in members {
                            lowest = min(lowest, x[i])
                            highest = max(highest, x[i])
                        }
                        (low[c * p + j], high[c * p + j]) = (lowest, highest)
                    }
                }
            }
            return (low, high)
        }
        data.features.values.withUnsafeBufferPointer { x in
            data.target.withUnsafeBufferPointer { y in
                low.withUnsafeMutableBufferPointer { low in
                    high.withUnsafeMutableBufferPointer { high in
                        for i in rows {
                            let base = y[i] == 1 ? p : 0
                            for j in 0..<p {
                                let value = x[i * p + j]
                                low[base + j] = min(low[base + j], value)
                                high[base + j] = max(high[base + j], value)
                            }
                        }
                    }
                }
            }
        }
        return (low, high)
    }
}

/// For every feature, the rows of each class with the 16 largest and the 16 smallest values.
/// In a resample the first drawn row of each list holds that class's largest (smallest) value
/// exactly — every row left off a list lies within it — so whether one feature separates the
/// drawn classes is known from a few rows a feature, not a pass over the data.
private struct ClassExtremes: Sendable {
    static let length = 16
    /// Feature j's lists at 4j …: class 0 by decreasing, by increasing value, class 1 likewise.
    private let lists: [[Int]]

    init(_ data: RegressionData) {
        let p = data.featureCount
        var lists = [[Int]]()
        data.features.values.withUnsafeBufferPointer { x in
            let classes = [0.0, 1.0].map { label in data.target.indices.filter { data.target[$0] == label } }
            for j in 0..<p {
                for rows in classes {
                    for sign in [-1.0, 1.0] {  // −x ascending = x descending
                        lists.append(Self.smallest(rows, Self.length) { sign * x[$0 * p + j] })
                    }
                }
            }
        }
        self.lists = lists
    }

    /// The `k` rows with the smallest keys, in increasing order (ties by row).
    private static func smallest(_ rows: [Int], _ k: Int, key: (Int) -> Double) -> [Int] {
        var kept: [(key: Double, row: Int)] = []
        for row in rows {
            let value = key(row)
            if kept.count == k, let last = kept.last, value >= last.key { continue }
            let position = kept.firstIndex { value < $0.key } ?? kept.count
            kept.insert((value, row), at: position)
            if kept.count > k { kept.removeLast() }
        }
        return kept.map(\.row)
    }

    /// Whether some feature separates the classes of the rows drawn (count > 0); nil when a list
    /// has no drawn row and a pass over the drawn rows must decide.
    func separated(_ counts: [Int], _ data: RegressionData) -> Bool? {
        let p = data.featureCount
        return data.features.values.withUnsafeBufferPointer { x -> Bool? in
            for j in 0..<p {
                var extreme = [Double](repeating: 0, count: 4)  // max₀, min₀, max₁, min₁
                for list in 0..<4 {
                    guard let row = lists[4 * j + list].first(where: { counts[$0] > 0 }) else { return nil }
                    extreme[list] = x[row * p + j]
                }
                if extreme[0] < extreme[3] || extreme[2] < extreme[1] { return true }
            }
            return false
        }
    }
}

extension LogisticRegressionModel {
    /// True: the targets are the classes 0 and 1.
    public var isClassifier: Bool { true }

    /// P(y = 1 | x) = 1/(1 + e^−η) of each row.
    public func meanResponses(_ estimates: [Double], on data: RegressionData) -> [Double] {
        data.linearPredictor(estimates, intercept: design.intercept).map(mean(ofLinearPredictor:))
    }

    /// y, with curvature μ₀(1 − μ₀) at the null mean μ₀ (ȳ, or ½ without an intercept).
    public func nullResponses(on data: RegressionData) -> [NullResponse] {
        let mean = nullMean(data)
        return [NullResponse(mean: mean, response: data.target, curvature: mean * (1 - mean))]
    }
}

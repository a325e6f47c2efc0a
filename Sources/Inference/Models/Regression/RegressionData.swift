import Foundation
import GSL

/// A target and its features: the data of the regressions.
///
/// The features are kept as given (no intercept column); models add the intercept and
/// standardise as their options say.
public struct RegressionData: Sendable {
    /// The features, n × p, row-major. Features taken from a table's numeric columns are formed
    /// into this matrix only when something asks for it: the fits, which centre them into a
    /// design of their own, read the columns instead.
    public var features: Matrix { store.matrix }
    /// The features as they came.
    let store: FeatureStore
    /// The target, one value a row.
    public let target: [Double]
    /// The features' column names.
    public let featureNames: [String]
    /// The target's column name.
    public let targetName: String
    /// How the features were coded from a table, when they were (nil for a matrix given as is).
    public internal(set) var coding: TableDesign?
    /// The levels of a text target, class k being level k (nil for a numeric target).
    public internal(set) var targetLevels: [String]?

    /// Regression data from raw columns; throws unless they are consistent.
    public init(features: Matrix, target: [Double], featureNames: [String], targetName: String) throws(InferenceError) {
        guard features.rows == target.count, features.columns == featureNames.count else {
            throw .data("the features (\(features.rows) × \(features.columns)) do not match the target (\(target.count) rows)")
        }
        guard !target.isEmpty else { throw .data("the regression has no rows") }
        store = FeatureStore(features)
        self.target = target
        self.featureNames = featureNames
        self.targetName = targetName
    }

    /// Selects `target` and `features` (default: every other column) from a dataset. A text
    /// feature is coded by treatment contrasts (``TableDesign``), against the level `references`
    /// names for it or its first; without an intercept the first text feature is coded by every
    /// level. A text target's levels become the classes 0, 1, … in order (``targetLevels``), with
    /// `positive` moved last (the class 1 of a two-level target).
    public init(
        _ dataset: Dataset, target: String, features: [String]? = nil, intercept: Bool = true, references: [String: String] = [:],
        positive: String? = nil
    ) throws(InferenceError) {
        let names = features ?? dataset.columnNames.filter { $0 != target }
        guard !names.isEmpty else { throw .usage("the regression needs at least one feature besides the target \(target)") }
        if names.contains(target) { throw .usage("the target \(target) cannot also be a feature") }
        if Set(names).count != names.count { throw .usage("a feature is listed twice in \(setting("features"))") }
        try self.init(dataset, target: target, design: TableDesign(terms: names.map { [$0] }, intercept: intercept, of: dataset, references: references), positive: positive)
    }

    /// The target and the coded features of `design` on `dataset`'s rows (see
    /// ``init(_:target:features:intercept:references:positive:)`` for a text target).
    public init(_ dataset: Dataset, target: String, design: TableDesign, positive: String? = nil) throws(InferenceError) {
        let (y, levels) = try Self.target(dataset, target, positive: positive)
        if let columns = try design.numericColumns(dataset) {
            guard !y.isEmpty else { throw .data("the regression has no rows") }
            self.init(unchecked: FeatureStore(columns: columns, rows: y.count), target: y, featureNames: design.columnNames, targetName: target)
        } else {
            try self.init(features: design.matrix(dataset), target: y, featureNames: design.columnNames, targetName: target)
        }
        coding = design
        targetLevels = levels
    }

    /// The target column: its numbers, or a text column's level indices (with `positive` last) and
    /// its levels in that order.
    private static func target(_ dataset: Dataset, _ name: String, positive: String?) throws(InferenceError) -> ([Double], [String]?) {
        let j = try dataset.index(of: name)
        guard case .categorical(var levels, let codes) = dataset.columns[j] else {
            if let positive { throw .usage("\(setting("positive")) \(InferenceError.excerpt(positive)): the target \(InferenceError.excerpt(name)) holds numbers, not levels") }
            return (try dataset.column(named: name), nil)
        }
        var map = Array(levels.indices)
        if let positive {
            guard let k = levels.firstIndex(of: positive) else {
                throw .usage("\(setting("positive")) \(InferenceError.excerpt(positive)) is not a level of \(InferenceError.excerpt(name)); its levels are \(Dataset.list(levels))")
            }
            levels.append(levels.remove(at: k))
            map = levels.indices.map { $0 < k ? $0 : ($0 == k ? levels.count - 1 : $0 - 1) }
        }
        var y: [Double] = []
        y.reserveCapacity(codes.count)
        for (i, code) in codes.enumerated() {
            guard code >= 0 else { throw .data("missing value", at: dataset.location(i, name)) }
            y.append(Double(map[Int(code)]))
        }
        return (y, levels)
    }

    /// Number of rows.
    public var rowCount: Int { target.count }

    /// Number of features.
    public var featureCount: Int { store.columnCount }

    /// The rows at `indices` (with repetition), for resampling and folds.
    public func rows(_ indices: [Int]) -> RegressionData {
        let p = featureCount
        var values = [Double]()
        values.reserveCapacity(indices.count * p)
        for i in indices { values.append(contentsOf: features.values[(i * p)..<((i + 1) * p)]) }
        let matrix = (try? Matrix(rows: indices.count, columns: p, values: values)) ?? Matrix(rows: 0, columns: p)
        var rows = RegressionData(unchecked: FeatureStore(matrix), target: indices.map { target[$0] }, featureNames: featureNames, targetName: targetName)
        rows.coding = coding
        rows.targetLevels = targetLevels
        return rows
    }

    private init(unchecked store: FeatureStore, target: [Double], featureNames: [String], targetName: String) {
        self.store = store
        self.target = target
        self.featureNames = featureNames
        self.targetName = targetName
    }
}

/// The features of a ``RegressionData`` as they came: a matrix, or a table's numeric columns,
/// which are formed into the row-major matrix (once, under a lock) the first time it is asked for.
/// A plain fit never asks: it centres the columns into its own design, and a copy of the data
/// in the row-major layout (its pages and a pass) is saved.
final class FeatureStore: @unchecked Sendable {
    let rows: Int
    let columnCount: Int
    /// The columns, when the features came as columns.
    let columns: [[Double]]?
    private var formed: Matrix?
    private let lock = NSLock()

    init(_ matrix: Matrix) {
        rows = matrix.rows
        columnCount = matrix.columns
        columns = nil
        formed = matrix
    }

    /// Columns of `rows` numbers each.
    init(columns: [[Double]], rows: Int) {
        self.rows = rows
        columnCount = columns.count
        self.columns = columns
    }

    /// Whether the row-major matrix exists (given, or formed since).
    var isFormed: Bool { lock.withLock { formed != nil } }

    /// The n × p row-major matrix.
    var matrix: Matrix {
        lock.withLock {
            if let formed { return formed }
            let matrix = Self.rowMajor(columns ?? [], rows: rows)
            formed = matrix
            return matrix
        }
    }

    /// Xw, each row's products added in column order from 0: the same bits whether they come from
    /// the columns (a tile of rows at a time, while the matrix has not been formed) or from the
    /// row-major matrix, so the linear model's fit asks for no row-major copy of a table. Empty
    /// when the weights are not one a column.
    func products(_ weights: [Double]) -> [Double] {
        let p = columnCount
        guard weights.count == p else { return [] }
        if let columns, !isFormed {
            let tile = 2048
            return RowBlocks(rows: rows).array(width: 1) { block, out in
                for start in stride(from: block.lowerBound, to: block.upperBound, by: tile) {
                    let end = min(block.upperBound, start + tile)
                    for i in start..<end { out[i] = 0 }
                    for (j, column) in columns.enumerated() {
                        let w = weights[j]
                        column.withUnsafeBufferPointer { x in
                            for i in start..<end { out[i] += x[i] * w }
                        }
                    }
                }
            }
        }
        guard p > 0 else { return [Double](repeating: 0, count: rows) }
        let matrix = matrix
        return matrix.values.withUnsafeBufferPointer { x in
            weights.withUnsafeBufferPointer { w in
                RowBlocks(rows: rows).array(width: 1) { block, out in
                    // four rows at a time in the shim's kernel, each row's products still added in
                    // column order from 0 (the bits of the plain loop)
                    guard let x = x.baseAddress, let w = w.baseAddress, let out = out.baseAddress else { return }
                    RowKernels.linearPredictors(x, columns: p, w, list: nil, count: block.count, start: block.lowerBound, first: 0, into: out)
                }
            }
        }
    }

    /// Columns as an n × p row-major matrix (see ``rows(of:count:width:leadingOnes:scaled:)``).
    static func rowMajor(_ columns: [[Double]], rows n: Int) -> Matrix {
        let values = rows(of: columns, count: n, width: columns.count, leadingOnes: false, scaled: nil)
        return (try? Matrix(rows: n, columns: columns.count, values: values)) ?? Matrix(rows: n, columns: columns.count)
    }

    /// Columns to `n` rows of `width` entries, row-major: column j's value of row i at entry
    /// j (j + 1 after a leading 1 when `leadingOnes`), itself, or (x − centreⱼ)/divisorⱼ when
    /// `scaled`. Pieces of at least 64 Ki entries on every core (a copy: any partition gives the
    /// same numbers), and within a piece a tile of rows at a time whose entries (at most 64 KiB in
    /// all) stay in cache while every column writes into them.
    static func rows(of columns: [[Double]], count n: Int, width: Int, leadingOnes: Bool, scaled: (centre: [Double], divisors: [Double])?) -> [Double] {
        let offset = leadingOnes ? 1 : 0
        let tile = max(8, 8192 / max(1, width))
        let pieces = max(1, min(n / tile, n * width / 65_536))
        return HugePages.doubles(count: n * width) { buffer in
            let destination = UncheckedSendable(buffer)
            let fill: @Sendable (Int) -> Void = { k in
                let z = destination.value
                for start in stride(from: k * n / pieces, to: (k + 1) * n / pieces, by: tile) {
                    let end = min((k + 1) * n / pieces, start + tile)
                    if leadingOnes { for i in start..<end { z[i * width] = 1 } }
                    for (j, column) in columns.enumerated() {
                        column.withUnsafeBufferPointer { x in
                            if let (centre, divisors) = scaled {
                                let (m, s) = (centre[j], divisors[j])
                                for i in start..<end { z[i * width + j + offset] = (x[i] - m) / s }
                            } else {
                                for i in start..<end { z[i * width + j + offset] = x[i] }
                            }
                        }
                    }
                }
            }
            Parallelism.perform(iterations: pieces, fill)
        }
    }
}

/// How a regression treats its design: an unpenalised intercept, standardised features.
public struct RegressionDesign: Sendable, Equatable {
    /// Whether an intercept is added (it is never penalised).
    public var intercept: Bool
    /// Whether features are scaled to unit variance (divisor n, as glmnet) before fitting,
    /// with the weights reported on the original scale.
    public var standardize: Bool

    /// A design; by default with an intercept and without standardising.
    public init(intercept: Bool = true, standardize: Bool = false) {
        self.intercept = intercept
        self.standardize = standardize
    }
}

/// The prior of a regression's weights (never the intercept) as a penalty of the sum-form
/// objective −log L(w) + λ R(w): R = ½‖w‖² (gaussian), ‖w‖₁ (laplace),
/// a‖w‖₁ + (1 − a)/2 ‖w‖² (elastic-net with mix a).
public enum Penalty: Sendable, Equatable {
    /// No penalty: the MLE.
    case none
    /// λ/2 ‖w‖² (ridge).
    case gaussian(lambda: Double)
    /// λ ‖w‖₁ (lasso).
    case laplace(lambda: Double)
    /// λ (a‖w‖₁ + (1 − a)/2 ‖w‖²).
    case elasticNet(lambda: Double, mix: Double)

    /// Validates λ ≥ 0 and 0 ≤ a ≤ 1.
    public func validated() throws(InferenceError) -> Penalty {
        switch self {
        case .none: return self
        case .gaussian(let lambda), .laplace(let lambda):
            guard lambda >= 0, lambda.isFinite else { throw .usage("\(setting("lambda")) must be a finite number ≥ 0, got \(lambda)") }
        case .elasticNet(let lambda, let mix):
            guard lambda >= 0, lambda.isFinite else { throw .usage("\(setting("lambda")) must be a finite number ≥ 0, got \(lambda)") }
            guard mix >= 0, mix <= 1 else { throw .usage("\(setting("mix")) must lie in [0, 1], got \(mix)") }
        }
        return self
    }

    /// λ·a, the weight of ‖w‖₁.
    public var l1: Double {
        switch self {
        case .none, .gaussian: 0
        case .laplace(let lambda): lambda
        case .elasticNet(let lambda, let mix): lambda * mix
        }
    }

    /// λ·(1 − a), the weight of ½‖w‖².
    public var l2: Double {
        switch self {
        case .none, .laplace: 0
        case .gaussian(let lambda): lambda
        case .elasticNet(let lambda, let mix): lambda * (1 - mix)
        }
    }

    /// λ R(w) for weights `w`.
    public func value(_ weights: [Double]) -> Double {
        weights.reduce(0) { $0 + l1 * abs($1) + l2 / 2 * $1 * $1 }
    }

    /// Whether R is twice differentiable (no L1 part).
    public var isSmooth: Bool { l1 == 0 }

    /// The prior's name as the command line writes it.
    public var priorName: String {
        switch self {
        case .none: "flat"
        case .gaussian: "gaussian"
        case .laplace: "laplace"
        case .elasticNet: "elastic-net"
        }
    }

    /// The same prior weighted by `lambda` (no penalty stays none).
    public func withLambda(_ lambda: Double) -> Penalty {
        switch self {
        case .none: .none
        case .gaussian: .gaussian(lambda: lambda)
        case .laplace: .laplace(lambda: lambda)
        case .elasticNet(_, let mix): .elasticNet(lambda: lambda, mix: mix)
        }
    }

    /// λ, or nil without a prior.
    public var lambda: Double? {
        switch self {
        case .none: nil
        case .gaussian(let lambda), .laplace(let lambda), .elasticNet(let lambda, _): lambda
        }
    }
}

/// The shape of a regression's prior without its weight λ — gaussian, laplace or an elastic net
/// of a given mix — as tuning takes it: it chooses the λ.
public enum PenaltyShape: Sendable, Equatable {
    /// ½‖w‖² (ridge).
    case gaussian
    /// ‖w‖₁ (lasso).
    case laplace
    /// a‖w‖₁ + (1 − a)/2 ‖w‖².
    case elasticNet(mix: Double)

    /// The penalty of this shape weighted by `lambda`.
    public func penalty(lambda: Double) -> Penalty {
        switch self {
        case .gaussian: .gaussian(lambda: lambda)
        case .laplace: .laplace(lambda: lambda)
        case .elasticNet(let mix): .elasticNet(lambda: lambda, mix: mix)
        }
    }

    /// The L1 part's share a: 0 for gaussian, 1 for laplace, the mix for an elastic net.
    public var mix: Double {
        let unit = penalty(lambda: 1)
        return unit.l1 / (unit.l1 + unit.l2)
    }

    /// Whether the prior is smooth (no L1 part).
    public var isSmooth: Bool { penalty(lambda: 1).isSmooth }

    /// The prior's name as the command line writes it.
    public var name: String { penalty(lambda: 1).priorName }

    /// A usage error for a mix outside [0, 1].
    public func validated() throws(InferenceError) -> PenaltyShape {
        _ = try penalty(lambda: 1).validated()
        return self
    }
}

extension Penalty {
    /// The penalty's shape without its λ; nil for ``Penalty/none``.
    public var shape: PenaltyShape? {
        switch self {
        case .none: nil
        case .gaussian: .gaussian
        case .laplace: .laplace
        case .elasticNet(_, let mix): .elasticNet(mix: mix)
        }
    }
}

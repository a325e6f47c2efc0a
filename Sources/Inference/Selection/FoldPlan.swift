import GSL

/// Which fold each row is held out in: folds 0..<K, none empty.
///
/// Random folds come from one permutation of the rows drawn with the seed: the row at position t
/// goes to fold t mod K, so fold sizes differ by at most one. Stratified folds permute each
/// class's rows and deal them on from where the previous class stopped, so that every fold holds
/// each class's share to within one row (as scikit-learn's `StratifiedKFold` aims to).
public struct FoldPlan: Sendable, Equatable {
    /// The fold of each row.
    public let assignments: [Int]
    /// K.
    public let count: Int

    /// Folds given row by row as 0..<K, every one used.
    public init(assignments: [Int]) throws(InferenceError) {
        let count = (assignments.max() ?? -1) + 1
        guard count >= 2 else { throw .usage("cross-validation needs at least 2 folds, got \(max(0, count))") }
        var used = [Bool](repeating: false, count: count)
        for fold in assignments {
            guard fold >= 0 else { throw .usage("fold ids must be non-negative, got \(fold)") }
            used[fold] = true
        }
        if let empty = used.firstIndex(of: false) { throw .usage("fold \(empty) holds no row") }
        self.assignments = assignments
        self.count = count
    }

    /// K random folds of `rows` rows, drawn with `seed`.
    public static func random(rows: Int, folds: Int, seed: UInt64) throws(InferenceError) -> FoldPlan {
        try checkCount(folds, rows: rows)
        return try deal([Array(0..<rows)], folds: folds, seed: seed, rows: rows)
    }

    /// K folds of the rows, stratified by the class in `labels`.
    public static func stratified(labels: [Double], folds: Int, seed: UInt64) throws(InferenceError) -> FoldPlan {
        try checkCount(folds, rows: labels.count)
        let classes = Set(labels).sorted()
        let members = classes.map { label in labels.indices.filter { labels[$0] == label } }
        return try deal(members, folds: folds, seed: seed, rows: labels.count)
    }

    /// Folds from a column of integer fold ids: its distinct values, in increasing order, are
    /// folds 0..<K. A data error names the first row whose id is not an integer.
    public static func column(_ values: [Double], name: String) throws(InferenceError) -> FoldPlan {
        if let row = values.firstIndex(where: { $0.rounded() != $0 || abs($0) > 1e15 }) {
            throw .data("fold ids must be integers, got \(values[row])", at: .init(row: row + 1, column: name))
        }
        let ids = Set(values).sorted()
        guard ids.count >= 2 else { throw .data("column \(name) holds \(ids.count) fold id; cross-validation needs at least 2 folds") }
        let fold = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
        return try FoldPlan(assignments: values.map { fold[$0]! })
    }

    /// Folds from the column `name` of `dataset`: integer fold ids, or a text column's levels
    /// (each level a fold).
    public static func column(named name: String, of dataset: Dataset) throws(InferenceError) -> FoldPlan {
        if case .categorical(_, let codes) = dataset.columns[try dataset.index(of: name)] {
            if let row = codes.firstIndex(of: -1) { throw .data("missing value", at: dataset.location(row, name)) }
            return try column(codes.map(Double.init), name: name)
        }
        return try column(try dataset.column(named: name), name: name)
    }

    /// Leave-one-out: row i is fold i.
    public static func leaveOneOut(rows: Int) throws(InferenceError) -> FoldPlan {
        guard rows >= 2 else { throw .data("leave-one-out needs at least 2 rows, got \(rows)") }
        return try FoldPlan(assignments: Array(0..<rows))
    }

    /// The rows held out in fold `k`, ascending.
    public func heldOut(_ k: Int) -> [Int] { assignments.indices.filter { assignments[$0] == k } }

    /// The rows fold `k` trains on, ascending.
    public func training(_ k: Int) -> [Int] { assignments.indices.filter { assignments[$0] != k } }

    private static func checkCount(_ folds: Int, rows: Int) throws(InferenceError) {
        guard folds >= 2 else { throw .usage("\(setting("folds")) must be at least 2, got \(folds)") }
        guard folds <= rows else { throw .data("\(setting("folds")) \(folds) needs at least \(folds) rows, got \(rows)") }
    }

    /// Each group's rows in a random order (Fisher–Yates on the seed's stream), dealt to the
    /// folds in turn, one count running on across the groups.
    private static func deal(_ groups: [[Int]], folds: Int, seed: UInt64, rows: Int) throws(InferenceError) -> FoldPlan {
        let generator: RandomGenerator
        do { generator = try RandomGenerator(seed: seed) } catch { throw InferenceError(error) }
        var assignments = [Int](repeating: 0, count: rows)
        var position = 0
        for group in groups {
            var order = group
            for i in stride(from: order.count - 1, to: 0, by: -1) {
                order.swapAt(i, generator.index(below: i + 1))
            }
            for row in order {
                assignments[row] = position % folds
                position += 1
            }
        }
        return try FoldPlan(assignments: assignments)
    }
}

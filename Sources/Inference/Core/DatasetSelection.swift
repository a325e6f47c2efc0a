import Foundation

/// What to do with a row whose used columns have a missing cell.
public enum MissingPolicy: String, Sendable, CaseIterable {
    /// Leave the row out (and count it).
    case drop
    /// Refuse the data, naming the first missing cell's row and column.
    case error
}

/// A condition on a row, `COLUMN OP VALUE`: a number compared with a numeric column's cells, or a
/// text tested for equality with a categorical column's.
public struct RowFilter: Sendable, Equatable, CustomStringConvertible {
    /// The comparisons.
    public enum Comparison: String, Sendable, CaseIterable {
        /// `==`
        case equal = "=="
        /// `!=`
        case notEqual = "!="
        /// `<`
        case less = "<"
        /// `<=`
        case lessOrEqual = "<="
        /// `>`
        case greater = ">"
        /// `>=`
        case greaterOrEqual = ">="
    }

    /// The column tested.
    public let column: String
    /// How.
    public let comparison: Comparison
    /// Against what, as written.
    public let value: String

    /// A filter of its parts.
    public init(column: String, _ comparison: Comparison, _ value: String) {
        self.column = column
        self.comparison = comparison
        self.value = value
    }

    /// Parses `COLUMN OP VALUE`: the first operator splits it; spaces around the parts are
    /// dropped and the value may be quoted ('…' or "…").
    public init(parsing text: String) throws(InferenceError) {
        let operators = Comparison.allCases.sorted { $0.rawValue.count > $1.rawValue.count }
        var found: (Range<String.Index>, Comparison)?
        for op in operators {
            if let range = text.range(of: op.rawValue), found.map({ range.lowerBound < $0.0.lowerBound }) ?? true { found = (range, op) }
        }
        guard let (range, comparison) = found else {
            throw .usage(
                "\(setting("where")) \(InferenceError.excerpt(text)) has no comparison",
                remedy: "write COLUMN OP VALUE with OP one of == != < <= > >=")
        }
        let column = text[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
        var value = text[range.upperBound...].trimmingCharacters(in: .whitespaces)
        if value.count >= 2, let first = value.first, first == "'" || first == "\"", value.last == first {
            value = String(value.dropFirst().dropLast())
        }
        guard !column.isEmpty, !value.isEmpty else {
            throw .usage("\(setting("where")) \(InferenceError.excerpt(text)) needs a column and a value", remedy: "write COLUMN OP VALUE")
        }
        self.init(column: column, comparison, value)
    }

    /// `COLUMN OP VALUE`.
    public var description: String { "\(column) \(comparison.rawValue) \(value)" }

    /// Unmarks in `keep` the rows of `dataset` where the filter does not hold (a missing cell
    /// never does, as R's `subset`).
    func narrow(_ keep: inout [Bool], in dataset: Dataset) throws(InferenceError) {
        let j = try dataset.index(of: column)
        switch dataset.columns[j] {
        case .numeric(let values):
            guard let number = Double(value) else {
                throw .usage("\(setting("where")) \(InferenceError.excerpt(description)): \(InferenceError.excerpt(column)) is numeric, and \(InferenceError.excerpt(value)) is no number")
            }
            // one loop a comparison (a NaN compares false with everything but !=)
            func narrow(_ holds: (Double) -> Bool) {
                keep.withUnsafeMutableBufferPointer { keep in
                    values.withUnsafeBufferPointer { values in
                        for i in values.indices where !holds(values[i]) { keep[i] = false }
                    }
                }
            }
            switch comparison {
            case .equal: narrow { $0 == number }
            case .notEqual: narrow { !$0.isNaN && $0 != number }
            case .less: narrow { $0 < number }
            case .lessOrEqual: narrow { $0 <= number }
            case .greater: narrow { $0 > number }
            case .greaterOrEqual: narrow { $0 >= number }
            }
        case .categorical(let levels, let codes):
            guard comparison == .equal || comparison == .notEqual else {
                throw .usage(
                    "\(setting("where")) \(InferenceError.excerpt(description)): \(InferenceError.excerpt(column)) holds text, which compares only by == and !=")
            }
            let code = levels.firstIndex(of: value).map(Int32.init) ?? -2
            let equal = comparison == .equal
            keep.withUnsafeMutableBufferPointer { keep in
                codes.withUnsafeBufferPointer { codes in
                    for i in codes.indices where codes[i] < 0 || (codes[i] == code) != equal { keep[i] = false }
                }
            }
        }
    }
}

/// The rows an analysis uses: those that pass every filter, then those without a missing cell in
/// the columns it reads.
public struct RowSelection: Sendable {
    /// The rows kept (their source row numbers kept for messages), categorical levels that no
    /// kept row holds dropped (as R's `drop.unused.levels`); when rows were left out, only the
    /// columns asked for, in the file's order.
    public let dataset: Dataset
    /// Rows left out for a missing cell (rows the filters left out are not counted).
    public let dropped: Int
    /// Where the first row left out for a missing cell had it.
    public let firstDropped: InferenceError.Location?

    /// The warning line of dropped rows, nil when none was.
    public var warning: String? {
        guard dropped > 0, let first = firstDropped else { return nil }
        return "dropped \(dropped) row\(dropped == 1 ? "" : "s") with missing values; first: \(first.description)"
    }
}

extension Dataset {
    /// The rows that pass every filter of `filters` and have no missing cell in `names` (or, under
    /// ``MissingPolicy/error``, a data error at the first missing cell). Filters name any
    /// column; a row they leave out is neither checked nor counted. A dataset held nowhere else
    /// is compacted in place (its used columns' storage reused), so that selecting from a large
    /// table needs no second copy of it.
    public consuming func selecting(columns names: [String], missing: MissingPolicy = .drop, where filters: [RowFilter] = []) throws(InferenceError)
        -> RowSelection
    {
        var used: [Int] = []
        for name in names {
            let j = try index(of: name)
            if !used.contains(j) { used.append(j) }
        }
        if filters.isEmpty && !used.contains(where: { !isKnownComplete($0) && columns[$0].hasMissing }) {
            return RowSelection(dataset: self, dropped: 0, firstDropped: nil)
        }
        var keep = [Bool](repeating: true, count: rowCount)
        for filter in filters { try filter.narrow(&keep, in: self) }
        // the first row the filters keep with a missing cell, named by its first used column
        // that is missing there
        var first: (row: Int, column: Int)?
        for j in used {
            let limit = first?.row ?? rowCount
            if let i = columns[j].firstMissing(before: limit, among: keep), i < (first?.row ?? rowCount) { first = (i, j) }
        }
        var dropped = 0
        var firstDropped: InferenceError.Location?
        if let first {
            let place = location(first.row, columnNames[first.column])
            if missing == .error { throw .data("missing value", at: place, remedy: "leave such rows out (\(setting("missing")) drop) or fill them in") }
            firstDropped = place
            let passing = keep.reduce(0) { $0 + ($1 ? 1 : 0) }
            for j in used { columns[j].clearMissing(in: &keep) }
            dropped = passing - keep.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        let kept = keep.reduce(0) { $0 + ($1 ? 1 : 0) }
        guard kept > 0 else {
            let why = filters.isEmpty ? "every row has a missing value" : "no row passes \(filters.map(\.description).joined(separator: " and "))"
                + (dropped > 0 ? " with no missing value" : "")
            throw .data("no rows left: \(why)", at: filters.isEmpty ? firstDropped : nil)
        }
        // the rows kept, of the used columns only (in the file's order): no copy of what no analysis
        // reads, and no list of a word a row
        guard kept < rowCount else { return RowSelection(dataset: self, dropped: dropped, firstDropped: firstDropped) }
        let numbers = RowNumbers(keeping: keep, count: kept, numberedBy: rowNumbers)
        let usedColumns = used.sorted()
        // the used columns moved out, each then held only here when the dataset was, and compacted
        var taken = columns
        columns = []
        var moved: [Column] = []
        for j in usedColumns {
            moved.append(taken[j])
            taken[j] = .numeric([])
        }
        taken = []
        var compacted: [Column] = []
        for k in moved.indices {
            let column = moved[k]
            moved[k] = .numeric([])
            compacted.append(column.keeping(keep, count: kept))
        }
        // the used columns have no missing cell left in the rows kept
        var selected = dataset(of: compacted, at: usedColumns, .mask(keep, count: kept), numbers: numbers)
        selected.knownComplete = compacted.map { $0.numbers != nil }
        return RowSelection(dataset: selected, dropped: dropped, firstDropped: firstDropped)
    }

    /// The rows at `indices` (from 0, in that order, possibly repeated), their source row numbers
    /// kept; a categorical column keeps only the levels its rows hold.
    public func rows(_ indices: [Int]) -> Dataset {
        let pick = RowPick.indices(indices)
        let picked = columns.map { column -> Column in
            switch column {
            case .numeric(let values): .numeric(pick.apply(to: values))
            case .categorical(let levels, let codes): Column.droppingUnusedLevels(levels, pick.apply(to: codes))
            }
        }
        var rows = dataset(of: picked, at: Array(columns.indices), pick, numbers: RowNumbers(indices: indices, numberedBy: rowNumbers))
        rows.knownComplete = knownComplete  // rows of a column without a missing cell have none
        return rows
    }

    /// The dataset of `kept`, the rows `pick` took of the columns at `columnIndices` (in that
    /// order), numbered by `numbers`.
    private func dataset(of kept: [Column], at columnIndices: [Int], _ pick: RowPick, numbers: RowNumbers) -> Dataset {
        // an invalid cell's row is its position among the rows (column(named:) maps it to the source's)
        var invalid: [Int: InvalidCell] = [:]
        for (j, column) in kept.enumerated() {
            guard let values = column.numbers, let i = values.firstIndex(where: \.isInfinite) else { continue }
            let text = infinite[columnIndices[j]].flatMap { $0.row - 1 == pick.index(i) ? $0.text : nil } ?? "\(values[i])"
            invalid[j] = InvalidCell(row: i + 1, text: text)
        }
        return Dataset(names: columnIndices.map { columnNames[$0] }, columns: kept, source: source, infinite: invalid, rowNumbers: numbers)
    }
}

extension Dataset.Column {
    /// The column of the `count` rows that `keep` marks: its storage compacted in place when held
    /// only here; a categorical column keeps only the levels its rows hold.
    fileprivate consuming func keeping(_ keep: [Bool], count: Int) -> Dataset.Column {
        switch consume self {
        case .numeric(var values):
            Self.compact(&values, keeping: keep, count: count)
            return .numeric(values)
        case .categorical(let levels, var codes):
            Self.compact(&codes, keeping: keep, count: count)
            return Self.droppingUnusedLevels(levels, codes)
        }
    }

    private static func compact<T>(_ values: inout [T], keeping keep: [Bool], count: Int) {
        values.withUnsafeMutableBufferPointer { values in
            keep.withUnsafeBufferPointer { keep in
                var k = 0
                for i in values.indices where keep[i] {
                    values[k] = values[i]
                    k += 1
                }
            }
        }
        values.removeLast(values.count - count)
    }

    /// A categorical column of `codes` into `levels`, the levels no code holds left out.
    fileprivate static func droppingUnusedLevels(_ levels: [String], _ codes: [Int32]) -> Dataset.Column {
        var present = [Bool](repeating: false, count: levels.count)
        for code in codes where code >= 0 { present[Int(code)] = true }
        guard present.contains(false) else { return .categorical(levels: levels, codes: codes) }
        var map = [Int32](repeating: -1, count: levels.count)
        var next: Int32 = 0
        for k in levels.indices where present[k] {
            map[k] = next
            next += 1
        }
        return .categorical(levels: levels.indices.filter { present[$0] }.map { levels[$0] }, codes: codes.map { $0 < 0 ? -1 : map[Int($0)] })
    }

    /// The first row before `limit` that `keep` marks and whose cell is missing.
    fileprivate func firstMissing(before limit: Int, among keep: [Bool]) -> Int? {
        switch self {
        case .numeric(let values): values.withUnsafeBufferPointer { v in (0..<limit).first { keep[$0] && v[$0].isNaN } }
        case .categorical(_, let codes): codes.withUnsafeBufferPointer { c in (0..<limit).first { keep[$0] && c[$0] < 0 } }
        }
    }

    /// Unmarks in `keep` the rows whose cell is missing.
    fileprivate func clearMissing(in keep: inout [Bool]) {
        keep.withUnsafeMutableBufferPointer { keep in
            switch self {
            case .numeric(let values):
                values.withUnsafeBufferPointer { v in
                    for i in v.indices where v[i].isNaN { keep[i] = false }
                }
            case .categorical(_, let codes):
                codes.withUnsafeBufferPointer { c in
                    for i in c.indices where c[i] < 0 { keep[i] = false }
                }
            }
        }
    }
}

/// Which rows a copy of columns takes.
private enum RowPick {
    /// These rows (from 0), in this order.
    case indices([Int])
    /// The `count` rows marked.
    case mask([Bool], count: Int)

    func apply<T>(to values: [T]) -> [T] {
        switch self {
        case .indices(let indices):
            return indices.map { values[$0] }
        case .mask(let keep, let count):
            return [T](unsafeUninitializedCapacity: count) { result, initialized in
                values.withUnsafeBufferPointer { values in
                    keep.withUnsafeBufferPointer { keep in
                        var k = 0
                        for i in values.indices where keep[i] {
                            result.initializeElement(at: k, to: values[i])
                            k += 1
                        }
                        initialized = k
                    }
                }
            }
        }
    }

    /// The row (from 0) that row `i` of the copy comes from.
    func index(_ i: Int) -> Int {
        switch self {
        case .indices(let indices):
            return indices[i]
        case .mask(let keep, _):
            var seen = -1
            return keep.firstIndex { kept in
                if kept { seen += 1 }
                return seen == i
            } ?? i
        }
    }
}

extension InferenceError {
    /// The error with the row it names (from 1 among `dataset`'s rows) numbered as in the
    /// source, and the source named, when it names a row and no source yet.
    public func located(in dataset: Dataset) -> InferenceError {
        guard let location, location.source == nil, let row = location.row, row >= 1, row <= dataset.rowCount else { return self }
        return relocated(InferenceError.Location(source: dataset.source, row: dataset.rowNumber(row - 1), column: location.column))
    }
}

/// The source's row numbers of the rows a selection kept, in the smaller of two forms: the
/// numbers themselves, or those of the rows left out (a few dropped of millions cost a few
/// words, not a word a row).
struct RowNumbers: Sendable, Equatable {
    /// Sorted row numbers (from 1): the rows kept, or the rows left out.
    private let numbers: [Int]
    private let listsLeftOut: Bool
    /// Number of rows kept.
    let count: Int

    /// The numbers of the rows at `indices` (from 0, any order, repeats allowed) of rows
    /// numbered by `source` (nil: 1, 2, …).
    init(indices: [Int], numberedBy source: RowNumbers?) {
        count = indices.count
        numbers = indices.map { source?.number($0) ?? $0 + 1 }
        listsLeftOut = false
    }

    /// The numbers of the `count` rows that `keep` marks, of rows numbered by `source` (nil: 1,
    /// 2, …).
    init(keeping keep: [Bool], count: Int, numberedBy source: RowNumbers?) {
        self.count = count
        listsLeftOut = source == nil && count * 2 > keep.count
        var numbers: [Int] = []
        numbers.reserveCapacity(listsLeftOut ? keep.count - count : count)
        for (i, kept) in keep.enumerated() where kept != listsLeftOut {
            numbers.append(source?.number(i) ?? i + 1)
        }
        self.numbers = numbers
    }

    /// The row number (from 1) of kept row `index` (from 0).
    func number(_ index: Int) -> Int {
        guard listsLeftOut else { return numbers[index] }
        // the number r of kept row `index` has r - 1 - (left-out rows before r) == index; with
        // d_j the j-th left-out number, d_j - 1 - j kept rows precede it: find the last j with
        // d_j - 1 - j <= index
        var low = 0
        var high = numbers.count
        while low < high {
            let middle = (low + high) / 2
            if numbers[middle] - 1 - middle <= index { low = middle + 1 } else { high = middle }
        }
        return index + 1 + low
    }

    static func == (lhs: RowNumbers, rhs: RowNumbers) -> Bool {
        lhs.count == rhs.count && (0..<lhs.count).allSatisfy { lhs.number($0) == rhs.number($0) }
    }
}

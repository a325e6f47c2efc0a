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

    /// Which rows of `dataset` hold (a missing cell never does, as R's `subset`).
    func holds(in dataset: Dataset) throws(InferenceError) -> [Bool] {
        let j = try dataset.index(of: column)
        switch dataset.columns[j] {
        case .numeric(let values):
            guard let number = Double(value) else {
                throw .usage("\(setting("where")) \(InferenceError.excerpt(description)): \(InferenceError.excerpt(column)) is numeric, and \(InferenceError.excerpt(value)) is no number")
            }
            let test: (Double) -> Bool =
                switch comparison {
                case .equal: { $0 == number }
                case .notEqual: { $0 != number }
                case .less: { $0 < number }
                case .lessOrEqual: { $0 <= number }
                case .greater: { $0 > number }
                case .greaterOrEqual: { $0 >= number }
                }
            return values.map { !$0.isNaN && test($0) }
        case .categorical(let levels, let codes):
            guard comparison == .equal || comparison == .notEqual else {
                throw .usage(
                    "\(setting("where")) \(InferenceError.excerpt(description)): \(InferenceError.excerpt(column)) holds text, which compares only by == and !=")
            }
            let code = levels.firstIndex(of: value).map(Int32.init) ?? -2
            return codes.map { $0 >= 0 && (($0 == code) == (comparison == .equal)) }
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
    /// column; a row they leave out is neither checked nor counted.
    public func selecting(columns names: [String], missing: MissingPolicy = .drop, where filters: [RowFilter] = []) throws(InferenceError)
        -> RowSelection
    {
        var used: [Int] = []
        for name in names {
            let j = try index(of: name)
            if !used.contains(j) { used.append(j) }
        }
        if filters.isEmpty && !used.contains(where: { columns[$0].hasMissing }) {
            return RowSelection(dataset: self, dropped: 0, firstDropped: nil)
        }
        var keep = [Bool](repeating: true, count: rowCount)
        for filter in filters {
            for (i, holds) in try filter.holds(in: self).enumerated() where !holds { keep[i] = false }
        }
        var dropped = 0
        var firstDropped: InferenceError.Location?
        for i in 0..<rowCount where keep[i] {
            guard let j = used.first(where: { columns[$0].isMissing(i) }) else { continue }
            let place = location(i, columnNames[j])
            if missing == .error { throw .data("missing value", at: place, remedy: "leave such rows out (\(setting("missing")) drop) or fill them in") }
            keep[i] = false
            dropped += 1
            if firstDropped == nil { firstDropped = place }
        }
        let rows = keep.indices.filter { keep[$0] }
        guard !rows.isEmpty else {
            let why = filters.isEmpty ? "every row has a missing value" : "no row passes \(filters.map(\.description).joined(separator: " and "))"
                + (dropped > 0 ? " with no missing value" : "")
            throw .data("no rows left: \(why)", at: filters.isEmpty ? firstDropped : nil)
        }
        // the rows kept, of the used columns only (in the file's order): no copy of what no analysis reads
        return RowSelection(
            dataset: rows.count == rowCount ? self : self.rows(rows, columns: used.sorted()), dropped: dropped, firstDropped: firstDropped)
    }

    /// The rows at `indices` (from 0, in that order, possibly repeated), their source row numbers
    /// kept; a categorical column keeps only the levels its rows hold.
    public func rows(_ indices: [Int]) -> Dataset { rows(indices, columns: Array(columns.indices)) }

    /// The rows at `indices` of the columns at `columnIndices` (in that order).
    func rows(_ indices: [Int], columns columnIndices: [Int]) -> Dataset {
        let kept = columnIndices.map { columns[$0] }.map { column -> Column in
            switch column {
            case .numeric(let values):
                return .numeric(indices.map { values[$0] })
            case .categorical(let levels, let codes):
                var present = [Bool](repeating: false, count: levels.count)
                for i in indices where codes[i] >= 0 { present[Int(codes[i])] = true }
                var map = [Int32](repeating: -1, count: levels.count)
                var next: Int32 = 0
                for k in levels.indices where present[k] {
                    map[k] = next
                    next += 1
                }
                return .categorical(
                    levels: levels.indices.filter { present[$0] }.map { levels[$0] }, codes: indices.map { codes[$0] < 0 ? -1 : map[Int(codes[$0])] })
            }
        }
        // an invalid cell's row is its position among the rows (column(named:) maps it to the source's)
        var invalid: [Int: InvalidCell] = [:]
        for (j, column) in kept.enumerated() {
            guard let values = column.numbers, let i = values.firstIndex(where: \.isInfinite) else { continue }
            let text = infinite[columnIndices[j]].flatMap { $0.row - 1 == indices[i] ? $0.text : nil } ?? "\(values[i])"
            invalid[j] = InvalidCell(row: i + 1, text: text)
        }
        return Dataset(
            names: columnIndices.map { columnNames[$0] }, columns: kept, source: source, infinite: invalid, rowNumbers: indices.map { rowNumber($0) })
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

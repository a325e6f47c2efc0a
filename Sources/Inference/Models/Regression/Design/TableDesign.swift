import GSL

/// How a table's columns become a regression's features: the variables used, how each text
/// variable is coded, and the terms (a variable, or the product of several) whose coded columns
/// make the feature matrix — R's `model.matrix` with treatment contrasts.
///
/// A categorical variable in a term is coded by one 0/1 column a level other than its reference
/// (the first level unless chosen), named `name[level]`, unless the term's margin (the term
/// without that variable; the intercept for a term of one variable) is not in the design: then
/// by every level, as R does (no intercept: the first categorical term gets a column for every
/// level). A term's columns are the products of its variables' columns, the first variable
/// varying fastest, named by joining the parts with `:` (`x:g[b]`, `g[b]:h[u]`). Terms come in
/// order of degree (main effects, then two-way interactions, …), in the order given within one.
public struct TableDesign: Sendable, Equatable, Codable {
    /// A column of the table as the design reads it.
    public struct Variable: Sendable, Equatable, Codable {
        /// The column's name.
        public let name: String
        /// The levels of a categorical variable, in their order (nil for a numeric one).
        public let levels: [String]?
        /// The index of the reference level among `levels` (0 for a numeric variable).
        public let reference: Int
        /// Whether a numeric column is read as categorical (`C(x)` in a formula): its levels are
        /// its distinct values in increasing order.
        public let fromNumbers: Bool
    }

    /// A product of variables: indices into ``variables``, and for each whether it is coded by
    /// every level (rather than every level but the reference).
    public struct Term: Sendable, Equatable, Codable {
        /// The variables multiplied.
        public let variables: [Int]
        /// Per variable: coded by every level.
        public let full: [Bool]
    }

    /// The variables, in order of first use.
    public let variables: [Variable]
    /// The terms, by degree.
    public let terms: [Term]
    /// Whether the regression has an intercept (which decides R's full coding).
    public let intercept: Bool

    /// The design of `terms` (each a list of column names; one name a main effect) on
    /// `dataset`: text columns are categorical, with the levels the dataset's rows hold;
    /// `references` chooses reference levels by column; `categorical` names numeric columns to
    /// read as categorical.
    public init(
        terms: [[String]], intercept: Bool, of dataset: Dataset, references: [String: String] = [:], categorical: Set<String> = []
    ) throws(InferenceError) {
        var variables: [Variable] = []
        var indexOf: [String: Int] = [:]
        var chosen: [[Int]] = []
        var seen: Set<Set<Int>> = []  // a term met again (in any order) is the term already chosen
        for term in terms {
            var indices: [Int] = []
            for name in term {
                if let index = indexOf[name] {
                    if !indices.contains(index) { indices.append(index) }
                    continue
                }
                let variable = try Self.variable(name, of: dataset, reference: references[name], categorical: categorical.contains(name))
                indexOf[name] = variables.count
                indices.append(variables.count)
                variables.append(variable)
            }
            if seen.insert(Set(indices)).inserted { chosen.append(indices) }
        }
        for name in references.keys where indexOf[name] == nil || variables[indexOf[name]!].levels == nil {
            throw .usage("\(setting("reference")) \(InferenceError.excerpt(name)): no categorical feature of that name")
        }
        // by degree, stably; then R's rule: a factor is coded fully when its term's margin is absent
        let ordered = chosen.enumerated().sorted { ($0.element.count, $0.offset) < ($1.element.count, $1.offset) }.map(\.element)
        let present = Set(ordered.map { Set($0) })
        self.variables = variables
        self.intercept = intercept
        // the empty margin is the intercept, or, without one, the first term fully coded in its place
        var emptyPresent = intercept
        self.terms = ordered.map { term in
            let full = term.map { v in
                guard variables[v].levels != nil else { return false }
                let margin = Set(term.filter { $0 != v })
                return margin.isEmpty ? !emptyPresent : !present.contains(margin)
            }
            if term.count == 1 && full[0] { emptyPresent = true }
            return Term(variables: term, full: full)
        }
        try requireMemory(rows: dataset.rowCount)
    }

    /// A data error unless the coded design of `rows` rows and the fit's p × p matrices fit the
    /// memory `budget` (a text column of a million distinct cells makes a million columns),
    /// naming the text column with the most levels; counted before anything that size is made.
    /// A Newton fit holds one p × p Gram matrix for each block of rows (``RowBlocks``: summed in
    /// block order, so all at once), their sum, the step's copy, its factor and the step before's
    /// curvature: with p in the tens of thousands these, not the design, fill the memory.
    package func requireMemory(rows: Int, budget: Double = MemoryBudget.bytes) throws(InferenceError) {
        let width = terms.reduce(0.0) { sum, term in
            sum + term.variables.indices.reduce(1.0) { $0 * Double(codedLevels(term.variables[$1], full: term.full[$1]).count) }
        }
        let squares = Double(RowBlocks(rows: rows).count + 4)
        let bytes = 8 * width * (Double(rows) + squares * width)
        guard bytes > budget else { return }
        let widest = variables.filter { $0.levels != nil }.max { $0.levels!.count < $1.levels!.count }
        throw .data(
            "the design's \(String(format: "%.0f", width)) coded columns of \(rows) rows would hold \(MemoryBudget.describe(bytes)) in memory, more than half of this machine's \(MemoryBudget.describe(2 * budget))"
                + (widest.map { "; text column \(InferenceError.excerpt($0.name)) has \($0.levels!.count) levels: is it meant to be numeric?" } ?? ""))
    }

    private static func variable(_ name: String, of dataset: Dataset, reference: String?, categorical: Bool) throws(InferenceError) -> Variable {
        let j = try dataset.index(of: name)
        var levels: [String]
        var fromNumbers = false
        switch dataset.columns[j] {
        case .numeric:
            let values = try dataset.column(named: name)
            guard categorical else {
                if let reference {
                    throw .usage("\(setting("reference")) \(InferenceError.excerpt(name))=\(InferenceError.excerpt(reference)): \(InferenceError.excerpt(name)) is numeric")
                }
                return Variable(name: name, levels: nil, reference: 0, fromNumbers: false)
            }
            levels = Array(Set(values)).sorted().map(Self.levelName)
            fromNumbers = true
        case .categorical(let names, _):
            levels = names
        }
        var referenceIndex = 0
        if let reference {
            guard let index = levels.firstIndex(of: reference) else {
                throw .usage(
                    "\(setting("reference")) \(InferenceError.excerpt(name))=\(InferenceError.excerpt(reference)): no such level; the levels are \(Dataset.list(levels))")
            }
            referenceIndex = index
        }
        return Variable(name: name, levels: levels, reference: referenceIndex, fromNumbers: fromNumbers)
    }

    /// Whether the parts agree (a design read from a file): every term's variables exist, with a
    /// coding flag each; every reference is one of its levels.
    public var isConsistent: Bool {
        variables.allSatisfy { variable in variable.levels.map { $0.indices.contains(variable.reference) && Set($0).count == $0.count } ?? true }
            && terms.allSatisfy { term in
                !term.variables.isEmpty && term.full.count == term.variables.count && term.variables.allSatisfy(variables.indices.contains)
            }
    }

    /// A number as a level's name: as its cell would print it (`2`, `0.5`).
    static func levelName(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }

    /// The levels of variable `v` that have a column in a term, coded `full` or not.
    private func codedLevels(_ v: Int, full: Bool) -> [Int] {
        guard let levels = variables[v].levels else { return [0] }
        return levels.indices.filter { full || $0 != variables[v].reference }
    }

    /// Every column of a term: per variable, the level it indicates (0 for a numeric variable);
    /// the first variable varies fastest.
    private func columns(of term: Term) -> [[Int]] {
        var combinations: [[Int]] = [[]]
        for (k, v) in term.variables.enumerated() {
            let levels = codedLevels(v, full: term.full[k])
            combinations = levels.flatMap { level in combinations.map { $0 + [level] } }
        }
        // built with the last variable outermost: the first varies fastest
        return combinations
    }

    /// The feature names, one a coded column.
    public var columnNames: [String] {
        terms.flatMap { term in
            columns(of: term).map { levels in
                zip(term.variables, levels).map { v, level in
                    variables[v].levels.map { "\(variables[v].name)[\($0[level])]" } ?? variables[v].name
                }.joined(separator: ":")
            }
        }
    }

    /// The coded columns of `dataset`'s rows, n × p row-major. A level the design does not know
    /// is a data error naming its row, column and level.
    public func matrix(_ dataset: Dataset) throws(InferenceError) -> Matrix {
        if let columns = try numericColumns(dataset) { return FeatureStore.rowMajor(columns, rows: dataset.rowCount) }
        // each variable per row: its number, or its level's index in the design
        var numbers: [[Double]] = []
        var levelsByRow: [[Int]] = []
        for variable in variables {
            if variable.levels == nil || variable.fromNumbers {
                let values = try dataset.column(named: variable.name)
                numbers.append(values)
                if let levels = variable.levels {
                    let index = Dictionary(uniqueKeysWithValues: levels.enumerated().map { ($1, $0) })
                    var row: [Int] = []
                    row.reserveCapacity(values.count)
                    for (i, value) in values.enumerated() {
                        guard let k = index[Self.levelName(value)] else { throw unknownLevel(Self.levelName(value), variable, i, dataset) }
                        row.append(k)
                    }
                    levelsByRow.append(row)
                } else {
                    levelsByRow.append([])
                }
                continue
            }
            let j = try dataset.index(of: variable.name)
            guard case .categorical(let names, let codes) = dataset.columns[j] else {
                throw .data("column \(InferenceError.excerpt(variable.name)) holds numbers, and the design codes it as text")
            }
            let index = Dictionary(uniqueKeysWithValues: variable.levels!.enumerated().map { ($1, $0) })
            let map = names.map { index[$0] }
            var row: [Int] = []
            row.reserveCapacity(codes.count)
            for (i, code) in codes.enumerated() {
                guard code >= 0 else { throw .data("missing value", at: dataset.location(i, variable.name)) }
                guard let k = map[Int(code)] else { throw unknownLevel(names[Int(code)], variable, i, dataset) }
                row.append(k)
            }
            numbers.append([])
            levelsByRow.append(row)
        }
        // each coded column: its numeric factors, and the level each categorical factor must hold
        let plan = terms.flatMap { term in columns(of: term).map { (term, $0) } }
        let numericFactors = plan.map { term, _ in term.variables.filter { variables[$0].levels == nil } }
        let levelFactors = plan.map { term, levels in zip(term.variables, levels).filter { variables[$0.0].levels != nil } }
        let n = dataset.rowCount
        let p = plan.count
        let values = RowBlocks(rows: n).array(width: p) { rows, x in
            for c in 0..<p {
                let numeric = numericFactors[c]
                let levels = levelFactors[c]
                for i in rows {
                    var value = 1.0
                    for (v, level) in levels where levelsByRow[v][i] != level {
                        value = 0
                        break
                    }
                    if value != 0 { for v in numeric { value *= numbers[v][i] } }
                    x[i * p + c] = value
                }
            }
        }
        do { return try Matrix(rows: n, columns: p, values: values) } catch { throw InferenceError(error) }
    }

    /// The design's columns when each is a numeric column of `dataset` as it is (no levels, no
    /// interactions), else nil.
    func numericColumns(_ dataset: Dataset) throws(InferenceError) -> [[Double]]? {
        guard terms.allSatisfy({ $0.variables.count == 1 && variables[$0.variables[0]].levels == nil }) else { return nil }
        var columns: [[Double]] = []
        for term in terms { columns.append(try dataset.column(named: variables[term.variables[0]].name)) }
        return columns
    }

    private func unknownLevel(_ level: String, _ variable: Variable, _ i: Int, _ dataset: Dataset) -> InferenceError {
        .data(
            "level '\(InferenceError.excerpt(level, limit: 40))' is not one of the fit's (\(Dataset.list(variable.levels ?? [])))",
            at: dataset.location(i, variable.name))
    }
}

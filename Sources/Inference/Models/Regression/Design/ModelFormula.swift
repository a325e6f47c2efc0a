/// A model formula, `y ~ terms`: the Wilkinson–Rogers subset that R and patsy share.
///
/// Terms are joined by `+` (add) and `-` (remove): a column name (between backticks when it is not
/// a plain name, one with spaces or parentheses), `.` (every column but the target), `a:b` (the
/// interaction: products of the coded columns), `a*b` (`a + b + a:b`; `a*b*c` every product of
/// a subset), `C(a)` (a numeric column read as categorical), `1` (the intercept, there unless
/// removed), `0` or `- 1` (no intercept). Anything else is a usage error naming the term.
public struct ModelFormula: Sendable, Equatable, CustomStringConvertible {
    /// The target column.
    public let target: String
    /// Whether the formula keeps the intercept.
    public let intercept: Bool
    /// Columns `C(…)` reads as categorical.
    public let categorical: Set<String>
    /// The terms, each a list of column names, `.` still unexpanded (``terms(of:)`` expands it).
    private let written: [[String]]
    private let removed: [[String]]
    /// The formula as given.
    public let description: String

    /// Parses `text`; a usage error names what it cannot read.
    public init(parsing text: String) throws(InferenceError) {
        description = text
        let parts = text.split(separator: "~", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            throw .usage("\(setting("formula")) \(InferenceError.excerpt(text)) has no '~'", remedy: "write TARGET ~ TERMS, e.g. y ~ x1 + x2")
        }
        var lexer = Lexer(text: String(parts[1]))
        var left = Lexer(text: String(parts[0]))
        guard case .name(let target, _)? = try left.next(), try left.next() == nil else {
            throw .usage("\(setting("formula")): the left of '~' must name the target column, got \(parts[0].allSatisfy(\.isWhitespace) ? "nothing" : InferenceError.excerpt(parts[0].trimmingCharacters(in: .whitespaces)))")
        }
        self.target = target
        var intercept = true
        var categorical: Set<String> = []
        var written: [[String]] = []
        var removed: [[String]] = []
        var sign = 1
        var expectTerm = true  // at the start, and after '+' or '-'
        var signed = false  // a '+' or '-' waits for its term
        while let token = try lexer.next() {
            switch token {
            case .plus, .minus:
                guard !signed, !(expectTerm && token == .plus) else {
                    throw .usage("\(setting("formula")): a term is missing before '\(token.text)' in \(InferenceError.excerpt(text))")
                }
                sign = token == .minus ? -1 : 1
                expectTerm = true
                signed = true
            case .number(let value):
                guard expectTerm, value == 0 || value == 1 else { throw Self.unexpected(String(value), text) }
                intercept = (value == 1) == (sign == 1)
                expectTerm = false
                signed = false
            case .name, .dot:
                guard expectTerm else { throw Self.unexpected(token.text, text) }
                var factors = [[token]]
                // a product: factors joined by ':' (one term) or '*' (every sub-product)
                while let op = lexer.peekOperator() {
                    _ = try lexer.next()
                    guard let next = try lexer.next(), next.isFactor else {
                        throw .usage("\(setting("formula")): '\(op.text)' needs a column after it in \(InferenceError.excerpt(text))")
                    }
                    if op == .colon { factors[factors.count - 1].append(next) } else { factors.append([next]) }
                }
                for token in factors.joined() { if case .name(let name, true) = token { categorical.insert(name) } }
                let groups = factors.map { $0.map(\.text) }
                if groups.joined().contains(".") && groups.joined().count > 1 {
                    throw .usage("\(setting("formula")): '.' cannot be part of an interaction in \(InferenceError.excerpt(text))")
                }
                // a*b*c: every non-empty subset of the '*' groups, each group's factors together
                var terms: [[String]] = []
                for mask in 1..<(1 << groups.count) {
                    terms.append(groups.indices.filter { mask & (1 << $0) != 0 }.flatMap { groups[$0] })
                }
                if sign == 1 { written += terms } else { removed += terms }
                expectTerm = false
                signed = false
            default:
                throw Self.unexpected(token.text, text)
            }
        }
        guard !expectTerm else { throw .usage("\(setting("formula")) \(InferenceError.excerpt(text)) ends without a term") }
        self.intercept = intercept
        self.categorical = categorical
        self.written = written
        self.removed = removed
    }

    private static func unexpected(_ what: String, _ text: String) -> InferenceError {
        .usage(
            "\(setting("formula")): cannot read the term \(InferenceError.excerpt(what)) in \(InferenceError.excerpt(text))",
            remedy: "terms are NAME, A:B, A*B, ., C(NAME), - NAME, - 1 and + 0")
    }

    /// The terms on `dataset`'s columns: `.` as every column but the target and `excluding`, a
    /// term written twice kept once, removed terms left out.
    public func terms(of columns: [String], excluding: Set<String> = []) -> [[String]] {
        let others = columns.filter { $0 != target && !excluding.contains($0) }
        var result: [[String]] = []
        for term in written {
            for expanded in term == ["."] ? others.map({ [$0] }) : [term] where !result.contains(where: { Set($0) == Set(expanded) }) {
                result.append(expanded)
            }
        }
        let gone = removed.flatMap { $0 == ["."] ? others.map { [$0] } : [$0] }.map(Set.init)
        return result.filter { !gone.contains(Set($0)) }
    }

    /// The columns the formula reads on `columns`: the target, then the terms' columns.
    public func columns(of columns: [String], excluding: Set<String> = []) -> [String] {
        var names = [target]
        for name in terms(of: columns, excluding: excluding).joined() where !names.contains(name) { names.append(name) }
        return names
    }

    /// The formula's design on `dataset`.
    public func design(of dataset: Dataset, references: [String: String] = [:], excluding: Set<String> = []) throws(InferenceError) -> TableDesign {
        let terms = terms(of: dataset.columnNames, excluding: excluding)
        guard !terms.isEmpty || intercept else { throw .usage("\(setting("formula")) \(InferenceError.excerpt(description)) has no term and no intercept") }
        return try TableDesign(terms: terms, intercept: intercept, of: dataset, references: references, categorical: categorical)
    }
}

/// The tokens of a formula's right-hand side.
private enum FormulaToken: Equatable {
    /// A column; `categorical` when written `C(name)`.
    case name(String, categorical: Bool)
    case dot, plus, minus, colon, star
    case number(Int)
    case other(String)

    var text: String {
        switch self {
        case .name(let name, _): name
        case .dot: "."
        case .plus: "+"
        case .minus: "-"
        case .colon: ":"
        case .star: "*"
        case .number(let value): String(value)
        case .other(let text): text
        }
    }

    var isFactor: Bool {
        switch self {
        case .name, .dot: true
        default: false
        }
    }
}

private struct Lexer {
    var characters: [Character]
    var position = 0

    init(text: String) { characters = Array(text) }

    mutating func skipSpaces() { while position < characters.count && characters[position].isWhitespace { position += 1 } }

    func isNameCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" || c == "." }

    /// The next operator, without taking it.
    mutating func peekOperator() -> FormulaToken? {
        skipSpaces()
        guard position < characters.count else { return nil }
        switch characters[position] {
        case ":": return .colon
        case "*": return .star
        default: return nil
        }
    }

    mutating func next() throws(InferenceError) -> FormulaToken? {
        skipSpaces()
        guard position < characters.count else { return nil }
        let c = characters[position]
        switch c {
        case "+": position += 1; return .plus
        case "-": position += 1; return .minus
        case ":": position += 1; return .colon
        case "*": position += 1; return .star
        case "`":
            guard let close = characters[(position + 1)...].firstIndex(of: "`") else { throw .usage("\(setting("formula")): a backtick is not closed") }
            let name = String(characters[(position + 1)..<close])
            position = close + 1
            return .name(name, categorical: false)
        default:
            break
        }
        guard isNameCharacter(c) else {
            // the rest of the word, for the message
            let start = position
            while position < characters.count && !characters[position].isWhitespace && !"+-:*".contains(characters[position]) { position += 1 }
            return .other(String(characters[start..<max(position, start + 1)]))
        }
        let start = position
        while position < characters.count && isNameCharacter(characters[position]) { position += 1 }
        let word = String(characters[start..<position])
        if word == "." { return .dot }
        if word == "C" && position < characters.count && characters[position] == "(" {
            guard let close = characters[position...].firstIndex(of: ")") else { throw .usage("\(setting("formula")): C( is not closed") }
            let inner = String(characters[(position + 1)..<close]).trimmingCharacters(in: .whitespaces)
            let name = inner.hasPrefix("`") && inner.hasSuffix("`") && inner.count >= 2 ? String(inner.dropFirst().dropLast()) : inner
            guard !name.isEmpty, inner.hasPrefix("`") || name.allSatisfy(isNameCharacter) else {
                throw .usage("\(setting("formula")): C(…) takes one column, got C(\(InferenceError.excerpt(inner)))")
            }
            position = close + 1
            return .name(name, categorical: true)
        }
        if position < characters.count && characters[position] == "(" {
            let end = characters[position...].firstIndex(of: ")").map { $0 + 1 } ?? characters.count
            let call = String(characters[start..<end])
            position = end
            return .other(call)
        }
        if let value = Int(word), word.allSatisfy(\.isNumber) { return .number(value) }
        return .name(word, categorical: false)
    }
}

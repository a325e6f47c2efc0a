/// A JSON value with ordered object keys, written compactly with round-trip floating point.
///
/// Non-finite numbers cannot be represented: builders omit such fields (the contract never
/// writes NaN), and ``JSONValue/number(_:)`` of a non-finite value is written as `null` only as
/// a last line of defence.
enum JSONValue: Equatable {
    case number(Double)
    case integer(Int)
    case string(String)
    case bool(Bool)
    case array([JSONValue])
    case object([(String, JSONValue)])
    case null

    static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.serialized() == rhs.serialized() }

    /// An object with `value` at `key` inserted after the field `after` (at the end when there is
    /// none); any other value unchanged.
    func inserting(_ key: String, _ value: JSONValue, after: String) -> JSONValue {
        guard case .object(var fields) = self else { return self }
        let position = fields.firstIndex { $0.0 == after }.map { $0 + 1 } ?? fields.count
        fields.insert((key, value), at: position)
        return .object(fields)
    }

    /// The contract's `"dropped"` (rows left out for a missing cell) after `"n"`, then a text
    /// target's `"levels"` when there are some.
    func withDropped(_ dropped: Int, levels: [String]? = nil) -> JSONValue {
        let value = inserting("dropped", .integer(dropped), after: "n")
        guard let levels else { return value }
        return value.inserting("levels", .array(levels.map { .string($0) }), after: "dropped")
    }

    /// The compact JSON text.
    func serialized() -> String {
        var out = ""
        write(to: &out)
        return out
    }

    private func write(to out: inout String) {
        switch self {
        case .number(let value): out += value.isFinite ? JSONValue.format(value) : "null"
        case .integer(let value): out += String(value)
        case .string(let value): JSONValue.writeString(value, to: &out)
        case .bool(let value): out += value ? "true" : "false"
        case .null: out += "null"
        case .array(let values):
            out += "["
            for (k, value) in values.enumerated() {
                if k > 0 { out += "," }
                value.write(to: &out)
            }
            out += "]"
        case .object(let fields):
            out += "{"
            for (k, (key, value)) in fields.enumerated() {
                if k > 0 { out += "," }
                JSONValue.writeString(key, to: &out)
                out += ":"
                value.write(to: &out)
            }
            out += "}"
        }
    }

    /// Swift's shortest round-trip form; whole numbers keep a ".0" so readers see a float.
    static func format(_ value: Double) -> String {
        "\(value)"
    }

    private static func writeString(_ value: String, to out: inout String) {
        out += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            // control characters, C1 ones and DEL too, as \u00XX: no raw control byte reaches a terminal
            case let c where c.value < 0x20 || (0x7F...0x9F).contains(c.value):
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}

/// Builds a JSON object field by field, dropping optional numbers that are absent or not finite.
struct JSONObjectBuilder {
    private(set) var fields: [(String, JSONValue)] = []

    mutating func add(_ key: String, _ value: JSONValue) { fields.append((key, value)) }

    mutating func add(_ key: String, _ value: Double?) {
        if let value, value.isFinite { fields.append((key, .number(value))) }
    }

    mutating func add(_ key: String, _ value: Int) { fields.append((key, .integer(value))) }

    mutating func add(_ key: String, _ value: String) { fields.append((key, .string(value))) }

    mutating func add(_ key: String, _ value: Bool) { fields.append((key, .bool(value))) }

    var value: JSONValue { .object(fields) }
}

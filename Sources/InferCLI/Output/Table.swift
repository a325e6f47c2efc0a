import Foundation
import Inference

/// A plain-text table with a header row and columns aligned to their widest cell: text
/// columns to the left, numeric ones to the right.
struct Table {
    let header: [String]
    var rows: [[String]] = []

    init(header: [String]) { self.header = header }

    mutating func append(_ row: [String]) { rows.append(row) }

    /// The table's text; control characters in cells (a column name with ESC or CR, say) are
    /// escaped, so no data can move the terminal's cursor or set its title.
    func rendered() -> String {
        let all = ([header] + rows).map { $0.map { Self.printable($0) } }
        let widths = header.indices.map { j in all.map { $0.indices.contains(j) ? $0[j].count : 0 }.max() ?? 0 }
        let numeric = header.indices.map { j in j > 0 && rows.allSatisfy { !$0.indices.contains(j) || Double($0[j]) != nil || $0[j] == "—" } }
        return all.map { row in
            header.indices.map { j in
                let cell = row.indices.contains(j) ? row[j] : ""
                let padding = String(repeating: " ", count: widths[j] - cell.count)
                return numeric[j] ? padding + cell : cell + padding
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }.joined(separator: "\n")
    }

    static func printable(_ cell: String) -> String {
        cell.unicodeScalars.allSatisfy({ $0.value >= 0x20 && !(0x7F...0x9F).contains($0.value) })
            ? cell : InferenceError.excerpt(cell, limit: Int.max)
    }

    /// A number for humans: six significant digits.
    static func format(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "—" }
        return formatSignificant(value, digits: 6)
    }
}

func formatSignificant(_ value: Double, digits: Int) -> String {
    var text = String(format: "%.\(digits)g", value)
    if text.contains("e") {
        let parts = text.split(separator: "e")
        let exponent = Int(parts[1]) ?? 0
        text = "\(parts[0])e\(exponent)"
    }
    return text
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var result = self
        while result.last == " " { result.removeLast() }
        return result
    }
}

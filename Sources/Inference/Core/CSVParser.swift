import Foundation

/// A strict parser of numeric CSV: a header row of column names, then rows of numbers.
///
/// Every malformed input is an ``InferenceError/data(_:)`` naming the row (counted from 1,
/// excluding the header) and the column (by its header name). Cells may be quoted and padded
/// with spaces; lines may end in `\n` or `\r\n`; trailing blank lines are ignored.
struct CSVParser {
    let bytes: UnsafeRawBufferPointer
    let source: String

    private static let comma = UInt8(ascii: ",")
    private static let newline = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")
    private static let quote = UInt8(ascii: "\"")
    private static let space = UInt8(ascii: " ")
    private static let tab = UInt8(ascii: "\t")

    func parse() throws(InferenceError) -> (names: [String], columns: [[Double]]) {
        var position = 0
        let end = bytes.count
        if end >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { position = 3 }
        let contentEnd = trimmedEnd(from: position, to: end)
        guard position < contentEnd else {
            throw .data("\(source) is empty: expected a header row and at least one data row")
        }
        let headerEnd = lineEnd(from: position, limit: contentEnd)
        let names = try parseHeader(position, headerEnd)
        position = min(headerEnd + 1, contentEnd)
        guard position < contentEnd else {
            throw .data("\(source) has a header but no data rows")
        }
        var columns = [[Double]](repeating: [], count: names.count)
        let estimate = max(16, (contentEnd - position) / max(1, names.count * 8))
        for j in columns.indices { columns[j].reserveCapacity(estimate) }
        var row = 0
        while position < contentEnd {
            row += 1
            let rowEnd = lineEnd(from: position, limit: contentEnd)
            var fieldStart = position
            var column = 0
            while true {
                let fieldEnd = fieldEnd(from: fieldStart, limit: rowEnd)
                guard column < names.count else {
                    throw .data("\(source) row \(row): more cells than the header's \(names.count) columns")
                }
                let value = try parseNumber(fieldStart, fieldEnd, row: row, column: names[column])
                columns[column].append(value)
                column += 1
                if fieldEnd >= rowEnd { break }
                fieldStart = fieldEnd + 1
            }
            guard column == names.count else {
                throw .data("\(source) row \(row): \(column) cell\(column == 1 ? "" : "s"), but the header has \(names.count) columns (missing column \(names[column]))")
            }
            position = rowEnd + 1
        }
        return (names, columns)
    }

    /// The end of the content once trailing blank lines and whitespace are dropped.
    private func trimmedEnd(from start: Int, to end: Int) -> Int {
        var e = end
        while e > start {
            let b = bytes[e - 1]
            if b == Self.newline || b == Self.carriageReturn || b == Self.space || b == Self.tab { e -= 1 } else { break }
        }
        return e
    }

    /// Index of the `\n` ending the line that starts at `start` (or `limit`); a preceding `\r`
    /// is handled when fields are trimmed.
    private func lineEnd(from start: Int, limit: Int) -> Int {
        var i = start
        var quoted = false
        while i < limit {
            let b = bytes[i]
            if b == Self.quote { quoted.toggle() } else if b == Self.newline && !quoted { return i }
            i += 1
        }
        return limit
    }

    /// Index of the comma ending the field that starts at `start` (or `limit`), quotes respected.
    private func fieldEnd(from start: Int, limit: Int) -> Int {
        var i = start
        var quoted = false
        while i < limit {
            let b = bytes[i]
            if b == Self.quote { quoted.toggle() } else if b == Self.comma && !quoted { return i }
            i += 1
        }
        return limit
    }

    /// The field's bounds without surrounding whitespace, a trailing `\r` and enclosing quotes.
    private func trim(_ start: Int, _ end: Int) -> (Int, Int) {
        var s = start
        var e = end
        while s < e && (bytes[s] == Self.space || bytes[s] == Self.tab) { s += 1 }
        while e > s && (bytes[e - 1] == Self.space || bytes[e - 1] == Self.tab || bytes[e - 1] == Self.carriageReturn) { e -= 1 }
        if e - s >= 2 && bytes[s] == Self.quote && bytes[e - 1] == Self.quote {
            s += 1
            e -= 1
            while s < e && (bytes[s] == Self.space || bytes[s] == Self.tab) { s += 1 }
            while e > s && (bytes[e - 1] == Self.space || bytes[e - 1] == Self.tab) { e -= 1 }
        }
        return (s, e)
    }

    private func text(_ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    private func parseHeader(_ start: Int, _ end: Int) throws(InferenceError) -> [String] {
        var names: [String] = []
        var fieldStart = start
        while true {
            let fieldEnd = fieldEnd(from: fieldStart, limit: end)
            let (s, e) = trim(fieldStart, fieldEnd)
            let name = text(s, e).replacingOccurrences(of: "\"\"", with: "\"")
            guard !name.isEmpty else {
                throw .data("\(source) header: column \(names.count + 1) has no name")
            }
            guard !names.contains(name) else {
                throw .data("\(source) header: column name \(name) appears twice")
            }
            names.append(name)
            if fieldEnd >= end { break }
            fieldStart = fieldEnd + 1
        }
        return names
    }

    private func parseNumber(_ start: Int, _ end: Int, row: Int, column: String) throws(InferenceError) -> Double {
        let (s, e) = trim(start, end)
        guard s < e else { throw .data("\(source) row \(row), column \(column): empty cell") }
        if let value = NumberParser.parse(bytes, s, e) {
            guard value.isFinite else {
                throw .data("\(source) row \(row), column \(column): \(text(s, e)) is not a finite number")
            }
            return value
        }
        let cell = text(s, e)
        let lowered = cell.lowercased()
        if ["nan", "-nan", "+nan", "inf", "-inf", "+inf", "infinity", "-infinity", "+infinity"].contains(lowered) {
            throw .data("\(source) row \(row), column \(column): \(cell) is not a finite number")
        }
        let shown = cell.count > 40 ? String(cell.prefix(40)) + "…" : cell
        throw .data("\(source) row \(row), column \(column): '\(shown)' is not a number")
    }
}

/// Decimal numbers to `Double`: Clinger's exact fast path (≤ 19 significant digits, a mantissa
/// below 2⁵³ and a power of ten in 10^±22), `strtod` otherwise; both correctly rounded.
enum NumberParser {
    private static let powers: [Double] = (0...22).map { pow(10, Double($0)) }

    static func parse(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Double? {
        var i = start
        var negative = false
        if bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var significant = 0
        var exponent = 0
        var sawDigit = false
        while i < end, bytes[i] &- 48 < 10 {
            sawDigit = true
            if significant < 19 {
                mantissa = mantissa &* 10 &+ UInt64(bytes[i] &- 48)
                if mantissa > 0 { significant += 1 }
            } else {
                exponent += 1
                digits += 1
            }
            i += 1
        }
        if i < end && bytes[i] == UInt8(ascii: ".") {
            i += 1
            while i < end, bytes[i] &- 48 < 10 {
                sawDigit = true
                if significant < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(bytes[i] &- 48)
                    if mantissa > 0 { significant += 1 }
                    exponent -= 1
                } else {
                    digits += 1
                }
                i += 1
            }
        }
        guard sawDigit else { return nil }
        if i < end && (bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")) {
            i += 1
            var exponentNegative = false
            if i < end && (bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+")) {
                exponentNegative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            var value = 0
            var sawExponentDigit = false
            while i < end, bytes[i] &- 48 < 10 {
                sawExponentDigit = true
                if value < 100_000 { value = value * 10 + Int(bytes[i] &- 48) }
                i += 1
            }
            guard sawExponentDigit else { return nil }
            exponent += exponentNegative ? -value : value
        }
        guard i == end else { return nil }
        if digits == 0 && mantissa <= 1 << 53 && abs(exponent) <= 22 {
            let magnitude = exponent >= 0 ? Double(mantissa) * powers[exponent] : Double(mantissa) / powers[-exponent]
            return negative ? -magnitude : magnitude
        }
        return slowPath(bytes, start, end)
    }

    private static func slowPath(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Double? {
        var buffer = [CChar](repeating: 0, count: end - start + 1)
        for k in start..<end { buffer[k - start] = CChar(bitPattern: bytes[k]) }
        return buffer.withUnsafeBufferPointer { pointer -> Double? in
            guard let base = pointer.baseAddress else { return nil }
            var endPointer: UnsafeMutablePointer<CChar>?
            let value = strtod(base, &endPointer)
            guard let endPointer, endPointer - UnsafeMutablePointer(mutating: base) == end - start else { return nil }
            return value
        }
    }
}

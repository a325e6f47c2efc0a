import Foundation

/// A strict parser of numeric CSV: a header row of column names, then rows of numbers.
///
/// Every malformed input is an ``InferenceError/data(_:)`` naming the row (counted from 1,
/// excluding the header) and the column (by its header name). Cells may be quoted and padded
/// with spaces; lines may end in `\n` or `\r\n`; trailing blank lines are ignored.
struct CSVParser {
    let bytes: UnsafeRawBufferPointer
    let source: String
    /// The smallest share of the data worth a core of its own (1 MiB; tests and the fuzzer set
    /// it small to exercise the parallel pass).
    var minimumChunkBytes = 1 << 20
    /// Whether cells of quote-free data are read in one pass (the fuzzer turns it off to check
    /// that pass against the general one).
    var readsCellsInOnePass = true

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
        let quoteFree = readsCellsInOnePass
            && (bytes.baseAddress.map { memchr($0 + position, Int32(Self.quote), contentEnd - position) == nil } ?? false)
        if quoteFree, let columns = parseInParallel(position, contentEnd, names: names) { return (names, columns) }
        return (names, try parseRows(position, contentEnd, names: names, quoteFree: quoteFree))
    }

    /// The data rows in `start..<end` (whole lines), as columns; errors count rows from 1 at
    /// `start`.
    private func parseRows(_ start: Int, _ end: Int, names: [String], quoteFree: Bool) throws(InferenceError) -> [[Double]] {
        var position = start
        let contentEnd = end
        var columns = [[Double]](repeating: [], count: names.count)
        let estimate = max(16, (contentEnd - position) / max(1, names.count * 8))
        for j in columns.indices { columns[j].reserveCapacity(estimate) }
        var row = 0
        let quote = Self.quote
        let comma = Self.comma
        let newline = Self.newline
        let space = Self.space
        let tab = Self.tab
        let carriageReturn = Self.carriageReturn
        while position < contentEnd {
            row += 1
            var column = 0
            var fieldStart = position
            while true {
                // data without quotes: read the number where the cell starts and accept it when
                // only padding follows before the comma or newline (one pass over its bytes)
                if quoteFree, column < names.count {
                    var s = fieldStart
                    while s < contentEnd && (bytes[s] == space || bytes[s] == tab) { s += 1 }
                    if let (value, stop) = NumberParser.scan(bytes, s, contentEnd), value.isFinite {
                        var e = stop
                        while e < contentEnd && (bytes[e] == space || bytes[e] == tab || bytes[e] == carriageReturn) { e += 1 }
                        if e >= contentEnd || bytes[e] == comma || bytes[e] == newline {
                            columns[column].append(value)
                            column += 1
                            if e >= contentEnd || bytes[e] == newline {
                                position = e + 1
                                break
                            }
                            fieldStart = e + 1
                            continue
                        }
                    }
                }
                // the general pass: the field ends at a comma or newline outside quotes, and
                // parseNumber names what is wrong with it
                var i = fieldStart
                var quoted = false
                while i < contentEnd {
                    let b = bytes[i]
                    if b == quote {
                        quoted.toggle()
                    } else if !quoted && (b == comma || b == newline) {
                        break
                    }
                    i += 1
                }
                guard column < names.count else {
                    throw .data("\(source) row \(row): more cells than the header's \(names.count) columns")
                }
                columns[column].append(try parseNumber(fieldStart, i, row: row, column: names[column]))
                column += 1
                if i >= contentEnd || bytes[i] == newline {
                    position = i + 1
                    break
                }
                fieldStart = i + 1
            }
            guard column == names.count else {
                throw .data("\(source) row \(row): \(column) cell\(column == 1 ? "" : "s"), but the header has \(names.count) columns (missing column \(names[column]))")
            }
        }
        return columns
    }

    /// The data rows, which hold no quote (a quoted field may hold a newline, so a line break
    /// would be no safe split point), parsed as chunks of whole lines on all cores, or nil when
    /// that is not possible or not worth it: fewer than two chunks of `minimumChunkBytes`, or an
    /// error in any chunk (the sequential pass then reports the first error with its true
    /// row number). The columns are the chunks' concatenated in order: the same values as the
    /// sequential pass.
    private func parseInParallel(_ start: Int, _ end: Int, names: [String]) -> [[Double]]? {
        let length = end - start
        let chunkCount = min(ProcessInfo.processInfo.activeProcessorCount, length / max(1, minimumChunkBytes))
        guard chunkCount >= 2, let base = bytes.baseAddress else { return nil }
        var bounds: [Range<Int>] = []
        var chunkStart = start
        for k in 1..<chunkCount {
            let target = max(chunkStart, start + k * length / chunkCount)
            guard let found = memchr(base + target, Int32(Self.newline), end - target) else { break }
            // a chunk keeps the newline that ends its last line, so no byte (an empty line,
            // say) falls between two chunks
            let newline = base.distance(to: UnsafeRawPointer(found))
            bounds.append(chunkStart..<(newline + 1))
            chunkStart = newline + 1
        }
        if chunkStart < end { bounds.append(chunkStart..<end) }
        guard bounds.count >= 2 else { return nil }
        let chunks = bounds
        let results = ChunkResults(count: bounds.count)
        let parser = UncheckedParser(parser: self)
        DispatchQueue.concurrentPerform(iterations: chunks.count) { k in
            results.store(
                try? parser.parser.parseRows(chunks[k].lowerBound, chunks[k].upperBound, names: names, quoteFree: true), at: k)
        }
        guard let parts = results.values() else { return nil }
        var columns = parts[0]
        for j in columns.indices {
            columns[j].reserveCapacity(parts.reduce(0) { $0 + $1[j].count })
            for part in parts.dropFirst() { columns[j].append(contentsOf: part[j]) }
        }
        return columns
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

/// The parser, handed to the chunk workers, which only read the bytes it points at.
private struct UncheckedParser: @unchecked Sendable {
    let parser: CSVParser
}

/// Each chunk's columns, or nil for a chunk that failed; every slot is written once.
private final class ChunkResults: @unchecked Sendable {
    private var slots: [[[Double]]?]
    private let lock = NSLock()

    init(count: Int) { slots = [[[Double]]?](repeating: nil, count: count) }

    func store(_ columns: [[Double]]?, at k: Int) { lock.withLock { slots[k] = columns } }

    /// Every chunk's columns in order, or nil when one failed.
    func values() -> [[[Double]]]? {
        let parts = slots.compactMap { $0 }
        return parts.count == slots.count ? parts : nil
    }
}

/// Decimal numbers to `Double`, correctly rounded.
///
/// Up to 19 significant digits with a decimal exponent in ±27 take an exact integer path:
/// Clinger's (a mantissa below 2⁵³ times an exact power of ten up to 10²²), else the mantissa
/// times 5ᵉ as a 128-bit product, or divided by 5ᵉ as a 128-bit quotient with a sticky bit, then
/// one rounding to 53 bits and an exact scaling by a power of two. Everything else goes to
/// `strtod`.
enum NumberParser {
    // literals, so the compiler lays the tables out statically (no lazy initialisation to check
    // on every number)
    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22,
    ]
    private static let powersOfFive: [UInt64] = [
        1, 5, 25, 125, 625, 3125, 15625, 78125, 390625, 1953125, 9765625, 48828125, 244140625, 1220703125,
        6103515625, 30517578125, 152587890625, 762939453125, 3814697265625, 19073486328125, 95367431640625,
        476837158203125, 2384185791015625, 11920928955078125, 59604644775390625, 298023223876953125,
        1490116119384765625, 7450580596923828125,
    ]

    /// The number that is exactly `bytes[start..<end]`, or nil.
    static func parse(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Double? {
        guard let (value, stop) = scan(bytes, start, end), stop == end else { return nil }
        return value
    }

    /// The longest number that starts at `start` (before `end`) and the index after it, or nil
    /// when none starts there: what lets the parser read a cell without first finding its end.
    @inline(__always)
    static func scan(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> (Double, Int)? {
        guard start < end else { return nil }
        var i = start
        var negative = false
        if bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        var mantissa: UInt64 = 0
        var dropped = 0
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
                dropped += 1
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
                    dropped += 1
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
        if mantissa == 0 { return (negative ? -0.0 : 0, i) }
        guard dropped == 0, let magnitude = exact(mantissa, exponent) else {
            return slowPath(bytes, start, i).map { ($0, i) }
        }
        return (negative ? -magnitude : magnitude, i)
    }

    /// mantissa · 10^exponent correctly rounded, when the exact integer paths apply.
    @inline(__always)
    static func exact(_ mantissa: UInt64, _ exponent: Int) -> Double? {
        if mantissa <= 1 << 53 && abs(exponent) <= 22 {
            return exponent >= 0 ? Double(mantissa) * powersOfTen[exponent] : Double(mantissa) / powersOfTen[-exponent]
        }
        if exponent > 0 && exponent <= 27 {
            let product = mantissa.multipliedFullWidth(by: powersOfFive[exponent])
            return rounded(high: product.high, low: product.low, sticky: false, scale: exponent)
        }
        if exponent < 0 && exponent >= -27 {
            let divisor = powersOfFive[-exponent]
            // N = mantissa · 2^shift fills 127 bits, so the quotient keeps at least 64 bits
            let shift = 63 + mantissa.leadingZeroBitCount
            let high = shift >= 64 ? mantissa << (shift - 64) : mantissa >> 1
            let low: UInt64 = shift >= 64 ? 0 : mantissa << 63
            let (quotientHigh, remainderHigh) = high.quotientAndRemainder(dividingBy: divisor)
            let (quotientLow, remainder) = divisor.dividingFullWidth((remainderHigh, low))
            return rounded(high: quotientHigh, low: quotientLow, sticky: remainder != 0, scale: exponent - shift)
        }
        if exponent == 0 { return Double(mantissa) }
        return nil
    }

    /// (high·2⁶⁴ + low + sticky·ε) · 2^scale rounded once to a double: the 64 leading bits with
    /// the sticky bit in the lowest, converted by the hardware's round-to-nearest-even.
    @inline(__always)
    private static func rounded(high: UInt64, low: UInt64, sticky: Bool, scale: Int) -> Double {
        var top: UInt64
        var exponent = scale
        var lost = sticky
        if high == 0 {
            let zeros = low.leadingZeroBitCount
            top = low << zeros
            exponent -= zeros
        } else {
            let zeros = high.leadingZeroBitCount
            top = zeros == 0 ? high : (high << zeros) | (low >> (64 - zeros))
            lost = lost || (zeros == 0 ? low : low << zeros) != 0
            exponent += 64 - zeros
        }
        if lost { top |= 1 }
        return Double(sign: .plus, exponent: exponent, significand: Double(top))
    }

    private static func slowPath(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Double? {
        let length = end - start
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { buffer -> Double? in
            guard let base = buffer.baseAddress else { return nil }
            for k in 0..<length { base[k] = CChar(bitPattern: bytes[start + k]) }
            base[length] = 0
            var endPointer: UnsafeMutablePointer<CChar>?
            let value = strtod(base, &endPointer)
            guard let endPointer, endPointer - base == length else { return nil }
            return value
        }
    }
}

import Foundation

/// A parser of CSV: a header row of column names, then rows of cells.
///
/// A column whose every cell is a number or missing (``MissingSpellings``) is numeric, any other
/// is text. Malformed input (a ragged row, a bad header, binary data) is an
/// ``InferenceError/data(_:at:parameter:remedy:)`` naming the row (counted from 1, excluding the
/// header and blank lines) and the column (by its header name). Cells may be quoted and padded
/// with spaces; lines may end in `\n` or `\r\n`; blank lines are skipped.
struct CSVParser {
    let bytes: UnsafeRawBufferPointer
    let source: String
    /// The spellings of a missing cell.
    var missing = MissingSpellings.pandasDefaults
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

    func parse() throws(InferenceError) -> (names: [String], columns: [Dataset.Column], infinite: [Int: Dataset.InvalidCell]) {
        var position = 0
        let end = bytes.count
        if end >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { position = 3 }
        if end >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)) {
            throw .data("\(shownSource) is UTF-16 text (it starts with a byte-order mark): save it as UTF-8 CSV")
        }
        // NUL bytes near the start (UTF-16 without a byte-order mark, binary data); one further on
        // is reported by the cell that holds it, escaped
        if let base = bytes.baseAddress, let nul = memchr(base, 0, min(end, 1 << 16)) {
            let offset = base.distance(to: UnsafeRawPointer(nul))
            let line = 1 + bytes[..<offset].reduce(0) { $0 + ($1 == Self.newline ? 1 : 0) }
            throw .data("\(shownSource) has a NUL byte on line \(line) (of the file, header included): it is not CSV text; UTF-16 or binary data?")
        }
        let contentEnd = trimmedEnd(from: position, to: end)
        guard position < contentEnd else {
            throw .data("\(shownSource) is empty: expected a header row and at least one data row")
        }
        let headerEnd = lineEnd(from: position, limit: contentEnd)
        let names = try parseHeader(position, headerEnd)
        position = min(headerEnd + 1, contentEnd)
        let quoteFree = readsCellsInOnePass
            && (bytes.baseAddress.map { memchr($0 + position, Int32(Self.quote), contentEnd - position) == nil } ?? false)
        var parts: [(range: Range<Int>, columns: [ParsedColumn])]
        if quoteFree, let parallel = parseInParallel(position, contentEnd, names: names) {
            parts = parallel
        } else {
            parts = [(position..<contentEnd, try parseRows(position, contentEnd, names: names, quoteFree: quoteFree))]
        }
        guard parts.contains(where: { $0.columns.first.map { $0.count > 0 } ?? false }) else {
            throw .data("\(shownSource) has a header but no data rows")
        }
        var columns: [Dataset.Column] = []
        var infinite: [Int: Dataset.InvalidCell] = [:]
        for j in names.indices {
            let merged = Dataset.Column.merging(
                parts.map { $0.columns[j] },
                texts: { k in cells(of: j, from: parts[k].range.lowerBound, rows: parts[k].columns[j].count) }, source: bytes)
            columns.append(merged.column)
            infinite[j] = merged.infinite
            for k in parts.indices { parts[k].columns[j] = ParsedColumn() }  // free each part's column once merged
        }
        return (names, columns, infinite)
    }

    /// The data rows in `start..<end` (whole lines), as columns; errors count rows from 1 at
    /// `start`.
    private func parseRows(_ start: Int, _ end: Int, names: [String], quoteFree: Bool) throws(InferenceError) -> [ParsedColumn] {
        var position = start
        let contentEnd = end
        var columns = [ParsedColumn](repeating: ParsedColumn(), count: names.count)
        let estimate = max(16, (contentEnd - position) / max(1, names.count * 8))
        for j in columns.indices { columns[j].values.reserveCapacity(estimate) }
        var row = 0
        let quote = Self.quote
        let comma = Self.comma
        let newline = Self.newline
        let space = Self.space
        let tab = Self.tab
        let carriageReturn = Self.carriageReturn
        let numbersFirst = !missing.includesNumbers
        while position < contentEnd {
            if let next = afterBlankLine(position, contentEnd) {  // a blank line is no row
                position = next
                continue
            }
            row += 1
            var column = 0
            var fieldStart = position
            while true {
                // data without quotes: read the number where the cell starts and accept it when
                // only padding follows before the comma or newline (one pass over its bytes)
                if quoteFree, numbersFirst, column < names.count, !columns[column].isText {
                    var s = fieldStart
                    while s < contentEnd && (bytes[s] == space || bytes[s] == tab) { s += 1 }
                    if let (value, stop) = NumberParser.scan(bytes, s, contentEnd), value.isFinite {
                        var e = stop
                        while e < contentEnd && (bytes[e] == space || bytes[e] == tab || bytes[e] == carriageReturn) { e += 1 }
                        if e >= contentEnd || bytes[e] == comma || bytes[e] == newline {
                            columns[column].values.append(value)
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
                // text in data without quotes: the cell ends at the next comma or newline
                if quoteFree, column < names.count, columns[column].isText {
                    var i = fieldStart
                    while i < contentEnd && bytes[i] != comma && bytes[i] != newline { i += 1 }
                    let (s, e) = trim(fieldStart, i)
                    columns[column].codes.append(missing.contains(bytes, s, e) ? -1 : columns[column].levels.code(bytes, s, e))
                    column += 1
                    if i >= contentEnd || bytes[i] == newline {
                        position = i + 1
                        break
                    }
                    fieldStart = i + 1
                    continue
                }
                // the general pass: the field ends at a comma or newline outside quotes
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
                    throw .data("more cells than the header's \(names.count) columns", at: .init(source: shownSource, row: row))
                }
                let (s, e) = trim(fieldStart, i)
                add(s, e, to: &columns[column], column: column, row: row, partStart: start)
                column += 1
                if i >= contentEnd || bytes[i] == newline {
                    position = i + 1
                    break
                }
                fieldStart = i + 1
            }
            guard column == names.count else {
                throw .data(
                    "\(column) cell\(column == 1 ? "" : "s"), but the header has \(names.count) columns (missing column \(InferenceError.excerpt(names[column])))",
                    at: .init(source: shownSource, row: row))
            }
        }
        return columns
    }

    /// Adds the trimmed cell `s..<e` of row `row` to `column`: a number, a missing cell, or text,
    /// which turns a numeric column into text (its earlier cells re-read from `partStart`).
    private func add(_ s: Int, _ e: Int, to column: inout ParsedColumn, column j: Int, row: Int, partStart: Int) {
        if !column.isText {
            if missing.includesNumbers && missing.contains(bytes, s, e) {
                column.values.append(.nan)
                return
            }
            if let value = NumberParser.parse(bytes, s, e) ?? infinity(s, e) {
                if !value.isFinite && column.firstInfinite == nil { column.firstInfinite = (row, InferenceError.excerpt(text(s, e))) }
                column.values.append(value)
                return
            }
            if missing.contains(bytes, s, e) {
                column.values.append(.nan)
                return
            }
            // the first text cell: the column's earlier cells become text too
            column.isText = true
            column.firstInfinite = nil
            column.codes = cells(of: j, from: partStart, rows: column.values.count).map { range in
                range.map { column.levels.code(bytes, $0.0, $0.1) } ?? -1
            }
            column.values = []
        }
        column.codes.append(missing.contains(bytes, s, e) ? -1 : column.levels.code(bytes, s, e))
    }

    /// `inf`, `infinity` in any case with or without a sign: a number, infinite.
    private func infinity(_ s: Int, _ e: Int) -> Double? {
        var i = s
        var negative = false
        if i < e && (bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+")) {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        guard e - i == 3 || e - i == 8 else { return nil }
        let word = Array("infinity".utf8)
        for k in 0..<(e - i) where bytes[i + k] | 0x20 != word[k] { return nil }
        return negative ? -.infinity : .infinity
    }

    /// The trimmed bounds of column `j`'s cells in the `rows` rows from `start` (nil where the
    /// cell is missing): what a column that turns out to hold text re-reads.
    private func cells(of j: Int, from start: Int, rows: Int) -> [(Int, Int)?] {
        var result: [(Int, Int)?] = []
        result.reserveCapacity(rows)
        var position = start
        while result.count < rows && position < bytes.count {
            if let next = afterBlankLine(position, bytes.count) {
                position = next
                continue
            }
            let end = lineEnd(from: position, limit: bytes.count)
            var fieldStart = position
            for _ in 0..<j { fieldStart = fieldEnd(from: fieldStart, limit: end) + 1 }
            let (s, e) = trim(fieldStart, fieldEnd(from: fieldStart, limit: end))
            result.append(missing.contains(bytes, s, e) ? nil : (s, e))
            position = end + 1
        }
        return result
    }

    /// The start of the next line when the line at `position` is blank (spaces, tabs, a `\r`).
    @inline(__always)
    private func afterBlankLine(_ position: Int, _ end: Int) -> Int? {
        var i = position
        while i < end && (bytes[i] == Self.space || bytes[i] == Self.tab || bytes[i] == Self.carriageReturn) { i += 1 }
        return i >= end || bytes[i] == Self.newline ? i + 1 : nil
    }

    /// The data rows, which hold no quote (a quoted field may hold a newline, so a line break
    /// would be no safe split point), parsed as chunks of whole lines on all cores, or nil when
    /// that is not possible or not worth it: fewer than two chunks of `minimumChunkBytes`, or an
    /// error in any chunk (the sequential pass then reports the first error with its true
    /// row number). Each chunk comes with its byte range; merged in order, they give the
    /// sequential pass's columns.
    private func parseInParallel(_ start: Int, _ end: Int, names: [String]) -> [(range: Range<Int>, columns: [ParsedColumn])]? {
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
        let results = ParallelSlots<[ParsedColumn]>(count: bounds.count)
        let parser = UncheckedSendable(self)  // the workers only read the bytes it points at
        DispatchQueue.concurrentPerform(iterations: chunks.count) { k in
            results.store(
                try? parser.value.parseRows(chunks[k].lowerBound, chunks[k].upperBound, names: names, quoteFree: true), at: k)
        }
        guard let parts = results.all else { return nil }
        return Array(zip(chunks, parts)).map { (range: $0.0, columns: $0.1) }
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

    /// The longest column name read, in bytes.
    static let longestName = 65_536

    /// The source's name as messages show it (a path may hold any byte).
    private var shownSource: String { InferenceError.excerpt(source, limit: 200) }

    /// The header's names; duplicates found through a set, so a header of 10⁶ columns takes
    /// linear time.
    private func parseHeader(_ start: Int, _ end: Int) throws(InferenceError) -> [String] {
        var names: [String] = []
        var seen: Set<String> = []
        var fieldStart = start
        while true {
            let fieldEnd = fieldEnd(from: fieldStart, limit: end)
            let (s, e) = trim(fieldStart, fieldEnd)
            // checked before the name is copied: a file with no newline is one long "name"
            guard e - s <= Self.longestName else {
                throw .data(
                    "\(shownSource) header: column \(names.count + 1)'s name is \(e - s) bytes long (at most \(Self.longestName)); is it CSV, with a newline after the header?")
            }
            var name = text(s, e)
            if name.contains("\"") { name = name.replacingOccurrences(of: "\"\"", with: "\"") }
            guard !name.isEmpty else {
                throw .data("\(shownSource) header: column \(names.count + 1) has no name")
            }
            guard seen.insert(name).inserted else {
                throw .data("\(shownSource) header: column name \(InferenceError.excerpt(name)) appears twice")
            }
            names.append(name)
            if fieldEnd >= end { break }
            fieldStart = fieldEnd + 1
        }
        return names
    }
}

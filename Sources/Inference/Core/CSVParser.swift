import Foundation
import GSL

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
    /// The rows (as the first line's length tells) from which a parallel parse sizes the columns
    /// for the most rows the data can hold and parses each chunk as soon as it is counted, rather
    /// than counting every chunk's newlines first (2¹⁵: a column of 256 KiB, which the allocator
    /// maps apart however it is sized; the fuzzer sets 0 and `Int.max` to check both ways).
    var rowsWorthReserving = 1 << 15
    /// Whether cells without quotes are read in one pass (the fuzzer turns it off to check that
    /// pass against the general one).
    var readsCellsInOnePass = true
    /// Whether `bytes` map a file whose pages are handed back once parsed (`madvise`), so that
    /// a file much larger than its columns never stays in memory whole.
    var releasesBehind = false
    /// Given the header's names, the columns to parse (nil: every one); the others are skipped
    /// cell by cell (a ragged row is still an error) and left out of the result.
    var choosing: (([String]) -> [String]?)?
    /// How much is parsed between two hand-backs of pages.
    static let releaseStep = 8 << 20

    static let comma = UInt8(ascii: ",")
    static let newline = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
    static let quote = UInt8(ascii: "\"")
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")

    /// The chosen columns' names and cells, each numeric column's first infinite cell, the
    /// header's names, and whether each column is numeric with no missing cell.
    func parse() throws(InferenceError) -> (
        names: [String], columns: [Dataset.Column], infinite: [Int: Dataset.InvalidCell], header: [String], complete: [Bool]
    ) {
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
        // the columns chosen (every one when the choice names none of them)
        let chosen = choosing.flatMap { $0(names) }.map(Set.init) ?? Set(names)
        let wanted = names.contains(where: chosen.contains) ? names.map(chosen.contains) : names.map { _ in true }
        let kept = names.indices.filter { wanted[$0] }
        let wholeFile = rowEstimate(position, contentEnd, columns: names.count)
        var parts: [(range: Range<Int>, columns: [ParsedColumn])]
        var placed: PlacedNumbers?
        if readsCellsInOnePass, let parallel = parseInParallel(position, contentEnd, names: names, wanted: wanted) {
            (parts, placed) = parallel
        } else {
            parts = [(position..<contentEnd, try parseRows(position, contentEnd, names: names, wanted: wanted, inChunk: nil, reserve: wholeFile))]
        }
        guard parts.contains(where: { $0.columns[kept[0]].count > 0 }) else {
            throw .data("\(shownSource) has a header but no data rows")
        }
        // each column's pieces, held once (so that merging works in place), merged on all cores
        let ranges = parts.map(\.range)
        let numbers = placed
        let pieces = kept.map { j in PiecesOfColumn(parts.map { $0.columns[j] }) }
        let sawMissing = kept.map { j in parts.contains { $0.columns[j].sawMissing } }
        parts = []
        let merged = ParallelSlots<(column: Dataset.Column, infinite: Dataset.InvalidCell?, notUTF8: Int?)>(count: kept.count)
        let parser = UncheckedSendable(self)  // the workers only read the bytes it points at
        let work = UncheckedSendable(pieces)  // worker j merges pieces[j] alone
        let mergeColumn: @Sendable (Int) -> Void = { j in
            let counts = work.value[j].parts.map(\.count)
            merged.store(
                Dataset.Column.merging(&work.value[j].parts, placed: numbers.map { ($0, kept[j]) }, source: parser.value.bytes) { k, cell in
                    parser.value.forEachCell(of: kept[j], from: ranges[k].lowerBound, rows: counts[k], cell)
                }, at: j)
        }
        if ranges.count > 1 {
            Parallelism.perform(iterations: kept.count, mergeColumn)
        } else {
            for j in kept.indices { mergeColumn(j) }
        }
        var columns: [Dataset.Column] = []
        var infinite: [Int: Dataset.InvalidCell] = [:]
        var complete: [Bool] = []
        for (j, result) in (merged.all ?? []).enumerated() {
            if let row = result.notUTF8 {
                throw .data(
                    "the cell is not UTF-8 text (Latin-1, or binary data?): save the file as UTF-8",
                    at: .init(source: shownSource, row: row + 1, column: names[kept[j]]))
            }
            columns.append(result.column)
            infinite[j] = result.infinite
            complete.append(result.column.numbers != nil && !sawMissing[j])
        }
        return (kept.map { names[$0] }, columns, infinite, names, complete)
    }

    /// At least as many rows as `start..<end` holds when its cells average 8 bytes or more: the
    /// capacity reserved, so that columns rarely grow by copying (what is reserved and not
    /// written costs address space, not memory).
    func rowEstimate(_ start: Int, _ end: Int, columns: Int) -> Int { max(16, (end - start) / max(1, columns * 8)) }

    /// The data rows in `start..<end` (whole lines), as columns with room for `reserve` rows;
    /// errors count rows from 1 at `start`. `inChunk`: the rows are one chunk of several parsed
    /// at once, which a quote makes unsafe (a quoted cell may hold the newline a chunk was cut
    /// at), so the chunk gives up, and so do the others once the flag is raised.
    func parseRows(
        _ start: Int, _ end: Int, names: [String], wanted: [Bool], inChunk: ParallelFlag?, reserve: Int, placing: (numbers: PlacedNumbers, offset: Int, room: Int)? = nil
    ) throws(InferenceError) -> [ParsedColumn] {
        var position = start
        let contentEnd = end
        var columns = [ParsedColumn](repeating: ParsedColumn(), count: names.count)
        for j in columns.indices where wanted[j] {
            columns[j].reserve = reserve
            if let (numbers, offset, room) = placing, let place = numbers.place(column: j, offset: offset, room: room) {
                (columns[j].placed, columns[j].room) = place
            } else {
                columns[j].values.reserveCapacity(reserve)
            }
        }
        var released = start
        defer { release(released, contentEnd) }
        let onePass = readsCellsInOnePass
        var row = 0
        let quote = Self.quote
        let comma = Self.comma
        let newline = Self.newline
        let space = Self.space
        let tab = Self.tab
        let carriageReturn = Self.carriageReturn
        let numbersFirst = !missing.includesNumbers
        // plain rows (``plainRow``) are read in one pass and staged, `block` of them at a time
        // (fewer in a table of thousands of columns: the stage holds at most 64 Ki numbers), then
        // appended to their columns together
        let block = max(1, min(64, 65_536 / max(1, names.count)))
        // each column's stage a cache line longer than its rows: with 64 rows, 9 lines apart, so a
        // row's numbers, one a column, fall in every set of the L1 cache and not in the eighth of
        // them that 512 bytes apart reach (a hundred columns overflowed those: every store missed)
        let stride = block + 8
        let everyColumnWanted = names.count >= 1 && wanted.count == names.count && !wanted.contains(false)
        let staged = UnsafeMutablePointer<Double>.allocate(capacity: names.count * stride)
        defer { staged.deallocate() }
        var stagedRows = 0
        try columns.withUnsafeMutableBufferPointer { (columns) throws(InferenceError) in
            func flush() {
                for j in columns.indices where wanted[j] && stagedRows > 0 {
                    columns[j].append(contentsOf: UnsafeBufferPointer(start: staged + j * stride, count: stagedRows))
                }
                stagedRows = 0
            }
            /// Hands back the pages parsed since the last time, every `releaseStep` bytes.
            func releaseBehind() throws(InferenceError) {
                guard position - released >= Self.releaseStep else { return }
                release(released, position)
                released = position
                if let inChunk, inChunk.isRaised { throw .data("another chunk gave up") }
            }
            var plain = onePass && numbersFirst
            while position < contentEnd {
                if plain,
                    let next = everyColumnWanted
                        ? plainRowOfNumbers(position, contentEnd, columns: names.count, into: staged + stagedRows, stride: stride)
                        : plainRow(position, contentEnd, wanted: wanted, into: staged + stagedRows, stride: stride)
                {
                    position = next
                    row += 1
                    stagedRows += 1
                    if stagedRows == block {
                        flush()
                        try releaseBehind()
                    }
                    continue
                }
                flush()
                if let next = afterBlankLine(position, contentEnd) {  // a blank line is no row
                    position = next
                    continue
                }
                row += 1
                try releaseBehind()
                var column = 0
                var fieldStart = position
                /// Moves past the cell that ends at `end` (a comma, a newline or the data's end);
                /// whether the row ended with it.
                func endCell(at end: Int) -> Bool {
                    column += 1
                    if end >= contentEnd || bytes[end] == newline {
                        position = end + 1
                        return true
                    }
                    fieldStart = end + 1
                    return false
                }
                while true {
                    // a column not wanted: the cell is skipped to its comma or newline (one with a
                    // quote is left to the general pass)
                    if onePass, column < names.count, !wanted[column] {
                        let i = stop(from: fieldStart, before: contentEnd)
                        if i >= contentEnd || bytes[i] != quote {
                            if endCell(at: i) { break }
                            continue
                        }
                    }
                    // a number: read where the cell starts and accepted when only padding follows
                    // before the comma or newline (one pass over its bytes; a quote is no number)
                    if onePass, numbersFirst, column < names.count, !columns[column].isText {
                        var s = fieldStart
                        while s < contentEnd && (bytes[s] == space || bytes[s] == tab) { s += 1 }
                        if let (value, stop) = NumberParser.scan(bytes, s, contentEnd), value.isFinite {
                            var e = stop
                            while e < contentEnd && (bytes[e] == space || bytes[e] == tab || bytes[e] == carriageReturn) { e += 1 }
                            if e >= contentEnd || bytes[e] == comma || bytes[e] == newline {
                                columns[column].append(value)
                                if endCell(at: e) { break }
                                continue
                            }
                        }
                    }
                    // text: the cell ends at the next comma or newline, unless a quote comes first
                    if onePass, column < names.count, columns[column].isText {
                        let i = stop(from: fieldStart, before: contentEnd)
                        if i < contentEnd && bytes[i] == quote {
                            if let inChunk {
                                inChunk.raise()
                                throw .data("a quote in a chunk")
                            }
                        } else {
                            let (s, e) = trim(fieldStart, i)
                            columns[column].codes.append(missing.contains(bytes, s, e) ? -1 : columns[column].levels.code(bytes, s, e))
                            if endCell(at: i) { break }
                            continue
                        }
                    }
                    // the general pass: the field ends at a comma or newline outside quotes
                    var i = fieldStart
                    var quoted = false
                    while i < contentEnd {
                        let b = bytes[i]
                        if b == quote {
                            if let inChunk {
                                inChunk.raise()
                                throw .data("a quote in a chunk")
                            }
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
                    if wanted[column] { add(s, e, to: &columns[column], column: column, row: row, partStart: start) }
                    if endCell(at: i) { break }
                }
                guard column == names.count else {
                    throw .data(
                        "\(column) cell\(column == 1 ? "" : "s"), but the header has \(names.count) columns (missing column \(InferenceError.excerpt(names[column])))",
                        at: .init(source: shownSource, row: row))
                }
                // (the row may have turned a column to text: then no row is plain)
                plain = plain && !columns.contains { $0.isText }
            }
            flush()
        }
        return columns
    }

    /// Adds the trimmed cell `s..<e` of row `row` to `column`: a number, a missing cell, or text,
    /// which turns a numeric column into text (its earlier cells re-read from `partStart`).
    private func add(_ s: Int, _ e: Int, to column: inout ParsedColumn, column j: Int, row: Int, partStart: Int) {
        if !column.isText {
            if missing.includesNumbers && missing.contains(bytes, s, e) {
                column.append(.nan)
                column.sawMissing = true
                return
            }
            if let value = NumberParser.parse(bytes, s, e) ?? infinity(s, e) {
                if !value.isFinite && column.firstInfinite == nil { column.firstInfinite = (row, InferenceError.excerpt(text(s, e))) }
                column.append(value)
                return
            }
            if missing.contains(bytes, s, e) {
                column.append(.nan)
                column.sawMissing = true
                return
            }
            // the first text cell: the column's earlier cells become text too
            column.isText = true
            column.firstInfinite = nil
            column.codes.reserveCapacity(Swift.max(column.reserve, column.numberCount + 1))
            forEachCell(of: j, from: partStart, rows: column.numberCount) { range in
                column.codes.append(range.map { column.levels.code(bytes, $0.0, $0.1) } ?? -1)
            }
            column.dropNumbers()
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
            guard var name = String(validating: UnsafeRawBufferPointer(rebasing: bytes[s..<e]), as: UTF8.self) else {
                throw .data("\(shownSource) header: column \(names.count + 1)'s name is not UTF-8 text (Latin-1, or binary data?): save the file as UTF-8")
            }
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

/// The parts of one column parsed apart, for one worker to merge.
private final class PiecesOfColumn {
    var parts: [ParsedColumn]
    init(_ parts: [ParsedColumn]) { self.parts = parts }
}

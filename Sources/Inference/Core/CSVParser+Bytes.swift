import Foundation

/// The byte-level steps of ``CSVParser``: where a cell, a line or a blank line ends, a plain
/// row, trimming, a cell's text, a column's cells read again, and the pages handed back.
extension CSVParser {
    /// The index of the first comma, newline or quote at or after `start` (or `end`), eight
    /// bytes at a time: a byte equal to c is a zero byte of the word XOR c repeated, and
    /// (v − 0x01…01) & ~v & 0x80…80 marks zero bytes, exactly up to the first one.
    @inline(__always)
    func stop(from start: Int, before end: Int) -> Int {
        var i = start
        if let base = bytes.baseAddress {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            while i + 8 <= end {
                let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                let comma = word ^ (ones &* UInt64(Self.comma))
                let newline = word ^ (ones &* UInt64(Self.newline))
                let quote = word ^ (ones &* UInt64(Self.quote))
                let found = ((comma &- ones) & ~comma | (newline &- ones) & ~newline | (quote &- ones) & ~quote) & highs
                if found != 0 { return i + found.trailingZeroBitCount / 8 }
                i += 8
            }
        }
        while i < end && bytes[i] != Self.comma && bytes[i] != Self.newline && bytes[i] != Self.quote { i += 1 }
        return i
    }

    /// The start of the next line when the row at `start` is plain: each cell of a column
    /// `wanted` a number that fills it exactly (no padding, quote or missing value; finite), each
    /// other cell free of quotes, and the row ends with `\n`, `\r\n` or the data. Its numbers
    /// are stored at `values[j * stride]` for column j; nil for any other row, which the general
    /// pass reads (to the same numbers: both read a number with ``NumberParser/scan(_:_:_:)``).
    @inline(__always)
    func plainRow(_ start: Int, _ end: Int, wanted: [Bool], into values: UnsafeMutablePointer<Double>, stride: Int) -> Int? {
        var i = start
        let last = wanted.count - 1
        for j in 0...last {
            // the line a kilobyte on asked for now (the hardware's prefetcher stops at each page)
            bytes.prefetch(i &+ 1024)
            if wanted[j] {
                guard let (value, stop) = NumberParser.scan(bytes, i, end), value.isFinite else { return nil }
                values[j * stride] = value
                i = stop
            } else {
                i = stop(from: i, before: end)
                if i < end && bytes[i] == Self.quote { return nil }
            }
            if j < last {
                guard i < end, bytes[i] == Self.comma else { return nil }
                i += 1
            }
        }
        return afterRowEnd(i, end)
    }

    /// ``plainRow(_:_:wanted:into:stride:)`` when every one of the `columns` columns is wanted:
    /// the same numbers and verdict, without a test of the column a cell.
    @inline(__always)
    func plainRowOfNumbers(_ start: Int, _ end: Int, columns: Int, into values: UnsafeMutablePointer<Double>, stride: Int) -> Int? {
        var i = start
        var out = values
        for _ in 1..<columns {
            bytes.prefetch(i &+ 1024)
            guard let (value, stop) = NumberParser.scan(bytes, i, end), value.isFinite, stop < end, bytes[stop] == Self.comma else { return nil }
            out.pointee = value
            out += stride
            i = stop + 1
        }
        bytes.prefetch(i &+ 1024)
        guard let (value, stop) = NumberParser.scan(bytes, i, end), value.isFinite else { return nil }
        out.pointee = value
        return afterRowEnd(stop, end)
    }

    /// The start of the next line when a row's last cell ends at `i` (with `\n`, `\r\n` or the
    /// data), else nil.
    @inline(__always)
    private func afterRowEnd(_ i: Int, _ end: Int) -> Int? {
        if i >= end { return end }
        if bytes[i] == Self.newline { return i + 1 }
        if bytes[i] == Self.carriageReturn && i + 1 < end && bytes[i + 1] == Self.newline { return i + 2 }
        return nil
    }

    /// The start of the next line when the line at `position` is blank (spaces, tabs, a `\r`).
    @inline(__always)
    func afterBlankLine(_ position: Int, _ end: Int) -> Int? {
        var i = position
        while i < end && (bytes[i] == Self.space || bytes[i] == Self.tab || bytes[i] == Self.carriageReturn) { i += 1 }
        return i >= end || bytes[i] == Self.newline ? i + 1 : nil
    }

    /// The end of the content once trailing blank lines and whitespace are dropped.
    func trimmedEnd(from start: Int, to end: Int) -> Int {
        var e = end
        while e > start {
            let b = bytes[e - 1]
            if b == Self.newline || b == Self.carriageReturn || b == Self.space || b == Self.tab { e -= 1 } else { break }
        }
        return e
    }

    /// Index of the `\n` ending the line that starts at `start` (or `limit`); a preceding `\r`
    /// is handled when fields are trimmed.
    func lineEnd(from start: Int, limit: Int) -> Int { unquoted(Self.newline, from: start, limit: limit) }

    /// Index of the comma ending the field that starts at `start` (or `limit`), quotes respected.
    func fieldEnd(from start: Int, limit: Int) -> Int { unquoted(Self.comma, from: start, limit: limit) }

    /// Index of the first `byte` outside quotes at or after `start` (or `limit`).
    private func unquoted(_ byte: UInt8, from start: Int, limit: Int) -> Int {
        var i = start
        var quoted = false
        while i < limit {
            let b = bytes[i]
            if b == Self.quote { quoted.toggle() } else if b == byte && !quoted { return i }
            i += 1
        }
        return limit
    }

    /// The field's bounds without surrounding whitespace, a trailing `\r` and enclosing quotes.
    func trim(_ start: Int, _ end: Int) -> (Int, Int) {
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

    func text(_ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    /// Calls `body` with the trimmed bounds of column `j`'s cells in the `rows` rows from
    /// `start`, in order (nil where the cell is missing): what a column that turns out to hold
    /// text re-reads.
    func forEachCell(of j: Int, from start: Int, rows: Int, _ body: ((Int, Int)?) -> Void) {
        var count = 0
        var position = start
        defer { release(start, position) }
        while count < rows && position < bytes.count {
            if let next = afterBlankLine(position, bytes.count) {
                position = next
                continue
            }
            let end = lineEnd(from: position, limit: bytes.count)
            var fieldStart = position
            for _ in 0..<j { fieldStart = fieldEnd(from: fieldStart, limit: end) + 1 }
            let (s, e) = trim(fieldStart, fieldEnd(from: fieldStart, limit: end))
            body(missing.contains(bytes, s, e) ? nil : (s, e))
            count += 1
            position = end + 1
        }
    }

    /// The newlines in `lower..<upper`, counted by vectors 8 MiB at a time; when `releasing`, each
    /// stretch's pages are handed back once read (``release(_:_:)``), as the parse hands back its
    /// own, so that no more of a large file is mapped at once (otherwise the parse that follows
    /// reads them mapped, and hands them back).
    func newlines(_ lower: Int, _ upper: Int, releasing: Bool) -> Int {
        var total = 0
        var start = lower
        while start < upper {
            let stop = Swift.min(upper, start + Self.releaseStep)
            total += bytes.count(of: Self.newline, in: start..<stop)
            if releasing { release(start, stop) }
            start = stop
        }
        return total
    }

    /// Hands the whole pages in `lower..<upper` back (a mapped file only): they are read from the
    /// file again if they are needed again.
    func release(_ lower: Int, _ upper: Int) {
        guard releasesBehind, let base = bytes.baseAddress, upper > lower else { return }
        let page = Self.pageSize
        let address = Int(bitPattern: base)
        let from = (address + lower) / page * page
        let to = (address + upper) / page * page
        guard to > from, let pointer = UnsafeMutableRawPointer(bitPattern: from) else { return }
        madvise(pointer, to - from, MADV_DONTNEED)
    }

    static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
}

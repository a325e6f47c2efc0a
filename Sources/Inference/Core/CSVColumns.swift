import Foundation

/// The spellings of a missing cell. An empty cell and a NaN (`nan`, `NaN`, `-nan`, …) are always
/// missing; the rest is pandas' default list unless a caller gives its own.
public struct MissingSpellings: Sendable, Equatable {
    /// The spellings besides the empty cell and NaN.
    public let spellings: [String]
    private let bytes: [[UInt8]]
    /// Whether a spelling reads as a number (`-999`): then every cell is checked against the list,
    /// not only those that are no number.
    let includesNumbers: Bool

    /// pandas' default `na_values`: `NA`, `N/A`, `NaN`, `nan`, `null`, `NULL`, `None`, `#N/A`, …
    public static let pandasDefaults = MissingSpellings(
        ["", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN", "<NA>", "N/A", "NA", "NULL",
         "NaN", "None", "n/a", "nan", "null"])

    /// A list of spellings (replacing the defaults; the empty cell and NaN stay missing).
    public init(_ spellings: [String]) {
        self.spellings = spellings
        bytes = spellings.map { Array($0.utf8) }
        // NaN's spellings (`nan`, `-NaN`, `+nan`, …) pass the quick test too
        var lengths: UInt64 = 1 << 3 | 1 << 4
        var firsts = [Bool](repeating: false, count: 256)
        for byte in "nN+-".utf8 { firsts[Int(byte)] = true }
        for spelling in bytes where !spelling.isEmpty {
            lengths |= spelling.count < 64 ? 1 << spelling.count : 0
            firsts[Int(spelling[0])] = true
        }
        self.lengths = lengths
        self.firsts = firsts
        longest = bytes.map(\.count).max() ?? 0
        includesNumbers = spellings.contains { spelling in
            var text = spelling
            return text.withUTF8 { NumberParser.parse(UnsafeRawBufferPointer($0), 0, $0.count) != nil }
        }
    }

    /// The lengths (below 64) of the spellings, NaN's and the empty cell's, as bits.
    private let lengths: UInt64
    /// Which bytes start a spelling or a NaN.
    private let firsts: [Bool]
    /// The longest spelling's length.
    private let longest: Int

    /// Whether `source[s..<e]` (a trimmed cell) is missing; most text is told apart by its length
    /// and first byte.
    @inline(__always)
    func contains(_ source: UnsafeRawBufferPointer, _ s: Int, _ e: Int) -> Bool {
        let count = e - s
        if count == 0 { return true }
        if count < 64 ? lengths & (1 << count) == 0 : count > longest { return false }
        return firsts[Int(source[s])] && matches(source, s, e)
    }

    private func matches(_ source: UnsafeRawBufferPointer, _ s: Int, _ e: Int) -> Bool {
        let count = e - s
        if Self.isNaN(source, s, e) { return true }
        for spelling in bytes where spelling.count == count {
            var same = true
            for k in 0..<count where spelling[k] != source[s + k] {
                same = false
                break
            }
            if same { return true }
        }
        return false
    }

    /// `nan` in any case, with or without a sign.
    private static func isNaN(_ source: UnsafeRawBufferPointer, _ s: Int, _ e: Int) -> Bool {
        var i = s
        if e - i == 4 && (source[i] == UInt8(ascii: "-") || source[i] == UInt8(ascii: "+")) { i += 1 }
        guard e - i == 3 else { return false }
        return source[i] | 0x20 == UInt8(ascii: "n") && source[i + 1] | 0x20 == UInt8(ascii: "a") && source[i + 2] | 0x20 == UInt8(ascii: "n")
    }
}

/// One column as the parser reads it: numbers (NaN where a cell is missing) until a cell is
/// neither a number nor missing, then level codes (−1 where missing) of the cells' texts.
struct ParsedColumn {
    /// The numbers read, unless they are placed.
    var values: [Double] = []
    /// Where the numbers go instead when a parallel parse gave this part's rows their place in
    /// the column's storage in advance (``PlacedNumbers``): `room` entries from here.
    var placed: UnsafeMutablePointer<Double>?
    var room = 0
    /// The numbers placed so far.
    var placedCount = 0
    /// Whether a placed part met more numbers than its room (it cannot, by how the room is
    /// counted; the parse then gives up, as for any surprise).
    var overflowed = false
    var codes: [Int32] = []
    var levels = LevelTable()
    var isText = false
    /// The rows to make room for when the column turns to text.
    var reserve = 0
    /// The first infinite cell of a numeric column: its row (from 1 in the part parsed) and text.
    var firstInfinite: (row: Int, text: String)?
    /// Whether a missing cell (NaN) was appended: a column of parts that saw none needs no scan
    /// for one.
    var sawMissing = false

    /// The numbers read (while the column is numeric).
    var numberCount: Int { placed == nil ? values.count : placedCount }

    var count: Int { isText ? codes.count : numberCount }

    @inline(__always)
    mutating func append(_ value: Double) {
        guard let placed else { return values.append(value) }
        guard placedCount < room else { return overflowed = true }
        placed[placedCount] = value
        placedCount += 1
    }

    @inline(__always)
    mutating func append(contentsOf numbers: UnsafeBufferPointer<Double>) {
        guard let placed else { return values.append(contentsOf: numbers) }
        guard numbers.count <= room - placedCount, let source = numbers.baseAddress else { return overflowed = overflowed || !numbers.isEmpty }
        (placed + placedCount).update(from: source, count: numbers.count)
        placedCount += numbers.count
    }

    /// The numbers are dropped: the column turned to text.
    mutating func dropNumbers() {
        values = []
        placed = nil
        placedCount = 0
    }
}

/// The numeric columns of a parallel parse, each one array that every chunk parses into in
/// place: chunk k's rows from `offsets[k]` on, where the newlines of the chunks before it put
/// them (a row ends with a newline, so a chunk has at most as many rows as newlines; a blank
/// line is no row, and then the column is closed up once parsed). No chunk's numbers are
/// copied into the column afterwards (unless blank lines left gaps to close).
final class PlacedNumbers: @unchecked Sendable {
    /// One column's storage, `capacity` entries that only the parse writes until taken; each
    /// box is touched by one merging worker only.
    private final class Storage {
        var values: [Double]
        init(_ values: [Double]) { self.values = values }
    }
    /// By column index; nil for the columns not parsed.
    private let storage: [Storage?]
    private let bases: [UnsafeMutablePointer<Double>?]
    /// The entries of each column's storage.
    let capacity: Int
    /// Where each chunk's rows start, set once every chunk is parsed.
    var offsets: [Int] = []

    init(wanted: [Bool], capacity: Int) {
        self.capacity = capacity
        // uninitialised (Double is trivial): the parse writes each entry that is later read
        storage = wanted.map { $0 ? Storage(HugePages.doubles(count: capacity) { _ in }) : nil }
        // each array is held in its box alone and not touched until taken, so its storage stays put
        bases = storage.map { box in box?.values.withUnsafeMutableBufferPointer { $0.baseAddress } ?? nil }
    }

    /// Where a chunk whose rows start at `offset` writes column `column`'s numbers, and how many
    /// it may (`room`, within the storage).
    func place(column: Int, offset: Int, room: Int) -> (start: UnsafeMutablePointer<Double>, room: Int)? {
        bases[column].map { ($0 + offset, room) }
    }

    /// Frees column `column`'s storage (the column turned out to hold text).
    func discard(_ column: Int) { storage[column]?.values = [] }

    /// Column `column`, the chunks having placed `counts[k]` numbers each: closed up where a chunk
    /// had fewer rows than its room, and cut to its length. Taken once.
    func take(_ column: Int, counts: [Int]) -> [Double] {
        var values: [Double] = []
        if let box = storage[column] { swap(&values, &box.values) }
        var length = counts[0]
        values.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            for k in counts.indices.dropFirst() {
                if offsets[k] != length { (base + length).update(from: base + offsets[k], count: counts[k]) }  // overlapping: memmove
                length += counts[k]
            }
        }
        values.removeLast(values.count - length)
        return values
    }
}

/// The distinct texts of a column, each with its code in order of first appearance: an
/// open-addressing table over the bytes, so a cell is looked up without making a string. A text
/// of up to eight bytes is its own key (one word compared); a longer one is hashed and compared
/// byte by byte.
struct LevelTable {
    private(set) var storage: [UInt8] = []
    private(set) var ends: [Int] = []
    /// Each level's key: its bytes in a word when it has at most eight, else its hash.
    private var keys: [UInt64] = []
    private var slots = [Int32](repeating: -1, count: 16)

    var count: Int { ends.count }

    /// The bytes of level `k`.
    func level(_ k: Int) -> ArraySlice<UInt8> { storage[start(k)..<ends[k]] }

    private func start(_ k: Int) -> Int { k == 0 ? 0 : ends[k - 1] }

    /// The code of `source[s..<e]`, added as a new level when it is one.
    @inline(__always)
    mutating func code(_ source: UnsafeRawBufferPointer, _ s: Int, _ e: Int) -> Int32 {
        let length = e - s
        let short = length <= 8
        var key: UInt64 = 0
        if short, s + 8 <= source.count, let base = source.baseAddress {
            let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: s, as: UInt64.self))
            key = length == 8 ? word : word & ((1 << (8 * UInt64(length))) - 1)
        } else if short {
            for i in 0..<length { key |= UInt64(source[s + i]) << (8 * i) }
        } else {
            key = 14_695_981_039_346_656_037
            for i in s..<e { key = (key ^ UInt64(source[i])) &* 1_099_511_628_211 }
        }
        // the length joins the hash, so that a short text and its zero-padded longer twin differ
        let hash = (key ^ UInt64(length)) &* 0x9E37_79B9_7F4A_7C15
        let mask = slots.count - 1
        var k = Int(truncatingIfNeeded: hash >> 32) & mask
        while true {
            let slot = slots[k]
            if slot < 0 { break }
            let code = Int(slot)
            if keys[code] == key && ends[code] - start(code) == length
                && (short || storage.withUnsafeBytes { memcmp($0.baseAddress! + start(code), source.baseAddress! + s, length) == 0 })
            {
                return slot
            }
            k = (k + 1) & mask
        }
        let code = Int32(ends.count)
        storage.append(contentsOf: UnsafeRawBufferPointer(rebasing: source[s..<e]))
        ends.append(storage.count)
        keys.append(key)
        slots[k] = code
        if 2 * ends.count > slots.count { grow() }
        return code
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for code in keys.indices {
            let hash = (keys[code] ^ UInt64(ends[code] - start(code))) &* 0x9E37_79B9_7F4A_7C15
            var k = Int(truncatingIfNeeded: hash >> 32) & mask
            while slots[k] >= 0 { k = (k + 1) & mask }
            slots[k] = Int32(code)
        }
    }
}

extension Dataset.Column {
    /// The column of the parts of a file parsed apart (in order), text when any part found
    /// text; `texts(k, body)` re-reads part k's cells of this column, calling `body` with each
    /// cell's bounds (nil where missing), when it read them as numbers. Numbers `placed` in
    /// one storage by a parallel parse become the column as they lie; otherwise the first
    /// part's storage becomes the column's and the others are appended to it and freed, so that
    /// no more than one part's cells are ever held twice. Levels are sorted by byte order.
    static func merging(
        _ parts: inout [ParsedColumn], placed: (numbers: PlacedNumbers, column: Int)?, source: UnsafeRawBufferPointer,
        texts: (Int, ((Int, Int)?) -> Void) -> Void
    ) -> (column: Dataset.Column, infinite: Dataset.InvalidCell?, notUTF8: Int?) {
        if let placed, parts.contains(where: \.isText) { placed.numbers.discard(placed.column) }  // re-read as text below
        if !parts.contains(where: \.isText), let placed {
            var infinite: Dataset.InvalidCell?
            var rows = 0
            for part in parts {
                if infinite == nil, let first = part.firstInfinite { infinite = .init(row: rows + first.row, text: first.text) }
                rows += part.placedCount
            }
            return (.numeric(placed.numbers.take(placed.column, counts: parts.map(\.placedCount))), infinite, nil)
        }
        if !parts.contains(where: \.isText) {
            var values: [Double] = []
            var infinite: Dataset.InvalidCell?
            for k in parts.indices {
                if infinite == nil, let first = parts[k].firstInfinite { infinite = .init(row: values.count + first.row, text: first.text) }
                if k == 0 {
                    swap(&values, &parts[0].values)
                } else {
                    values.append(contentsOf: parts[k].values)
                    parts[k].values = []
                }
            }
            return (.numeric(values), infinite, nil)
        }
        for k in parts.indices where !parts[k].isText {
            var table = LevelTable()
            var codes: [Int32] = []
            codes.reserveCapacity(parts[k].numberCount)
            parts[k].dropNumbers()
            texts(k) { range in codes.append(range.map { table.code(source, $0.0, $0.1) } ?? -1) }
            parts[k].codes = codes
            parts[k].levels = table
            parts[k].isText = true
        }
        // the levels of every part, sorted by their bytes, and each part's codes mapped to them
        var all: [[UInt8]: Int32] = [:]
        for part in parts {
            for k in 0..<part.levels.count { all[Array(part.levels.level(k)), default: 0] = 0 }
        }
        let sorted = all.keys.sorted { $0.lexicographicallyPrecedes($1) }
        for (k, level) in sorted.enumerated() { all[level] = Int32(k) }
        var codes: [Int32] = []
        for k in parts.indices {
            let map = (0..<parts[k].levels.count).map { all[Array(parts[k].levels.level($0))]! }
            if k == 0 {
                swap(&codes, &parts[0].codes)
                codes.withUnsafeMutableBufferPointer { buffer in
                    for i in buffer.indices where buffer[i] >= 0 { buffer[i] = map[Int(buffer[i])] }
                }
            } else {
                codes.append(contentsOf: parts[k].codes.lazy.map { $0 < 0 ? -1 : map[Int($0)] })
                parts[k].codes = []
            }
        }
        let levels = sorted.map { bytes in
            let text = String(decoding: bytes, as: UTF8.self)
            return text.contains("\"\"") ? text.replacingOccurrences(of: "\"\"", with: "\"") : text
        }
        // a level that is no UTF-8 (Latin-1 text, binary data) would be read with replacement
        // characters, and two such levels could become one: its first row is reported instead
        let invalid = Set(sorted.indices.filter { String(validating: sorted[$0], as: UTF8.self) == nil }.map(Int32.init))
        let notUTF8 = invalid.isEmpty ? nil : codes.firstIndex(where: invalid.contains)
        return (.categorical(levels: levels, codes: codes), nil, notUTF8)
    }
}

extension Array where Element == Double {
    /// The index of the first NaN (a missing cell), found 32 entries at a time; a column of
    /// over a million entries in blocks of 256 Ki on all cores (the earliest block's first).
    /// A shorter one is read on the caller's thread: at tens of GB/s its scan takes less than
    /// waking a worker (a regression's columns are checked several times each).
    var firstNaN: Int? {
        withUnsafeBufferPointer { x in
            guard let base = x.baseAddress else { return nil }
            let block = 1 << 18
            guard x.count > 4 * block else { return Self.firstNaN(UnsafeRawPointer(base), 0..<x.count) }
            return RowBlocks(rows: x.count, blockRows: block).map { Self.firstNaN(UnsafeRawPointer(base), $0) }.lazy.compactMap { $0 }.first
        }
    }

    /// The first NaN among the doubles at `base` in `range`: four vectors of eight at a time.
    private static func firstNaN(_ base: UnsafeRawPointer, _ range: Range<Int>) -> Int? {
        var i = range.lowerBound
        while i + 32 <= range.upperBound {
            let a = base.loadUnaligned(fromByteOffset: 8 * i, as: SIMD8<Double>.self)
            let b = base.loadUnaligned(fromByteOffset: 8 * i + 64, as: SIMD8<Double>.self)
            let c = base.loadUnaligned(fromByteOffset: 8 * i + 128, as: SIMD8<Double>.self)
            let d = base.loadUnaligned(fromByteOffset: 8 * i + 192, as: SIMD8<Double>.self)
            if any((a .!= a) .| (b .!= b) .| (c .!= c) .| (d .!= d)) { break }
            i += 32
        }
        while i < range.upperBound {
            if base.load(fromByteOffset: 8 * i, as: Double.self).isNaN { return i }
            i += 1
        }
        return nil
    }
}

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
        includesNumbers = spellings.contains { spelling in
            var text = spelling
            return text.withUTF8 { NumberParser.parse(UnsafeRawBufferPointer($0), 0, $0.count) != nil }
        }
    }

    /// Whether `source[s..<e]` (a trimmed cell) is missing.
    func contains(_ source: UnsafeRawBufferPointer, _ s: Int, _ e: Int) -> Bool {
        let count = e - s
        if count == 0 || Self.isNaN(source, s, e) { return true }
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
    var values: [Double] = []
    var codes: [Int32] = []
    var levels = LevelTable()
    var isText = false
    /// The first infinite cell of a numeric column: its row (from 1 in the part parsed) and text.
    var firstInfinite: (row: Int, text: String)?

    var count: Int { isText ? codes.count : values.count }
}

/// The distinct texts of a column, each with its code in order of first appearance: an
/// open-addressing table over the bytes, so a cell is looked up without making a string.
struct LevelTable {
    private(set) var storage: [UInt8] = []
    private(set) var ends: [Int] = []
    private var hashes: [UInt64] = []
    private var slots = [Int32](repeating: -1, count: 16)

    var count: Int { ends.count }

    /// The bytes of level `k`.
    func level(_ k: Int) -> ArraySlice<UInt8> { storage[(k == 0 ? 0 : ends[k - 1])..<ends[k]] }

    /// The code of `source[s..<e]`, added as a new level when it is one.
    mutating func code(_ source: UnsafeRawBufferPointer, _ s: Int, _ e: Int) -> Int32 {
        var hash: UInt64 = 14_695_981_039_346_656_037
        for i in s..<e { hash = (hash ^ UInt64(source[i])) &* 1_099_511_628_211 }
        var k = Int(truncatingIfNeeded: hash) & (slots.count - 1)
        while true {
            let slot = slots[k]
            if slot < 0 { break }
            if hashes[Int(slot)] == hash && level(Int(slot)).elementsEqual(UnsafeRawBufferPointer(rebasing: source[s..<e])) {
                return slot
            }
            k = (k + 1) & (slots.count - 1)
        }
        let code = Int32(ends.count)
        storage.append(contentsOf: UnsafeRawBufferPointer(rebasing: source[s..<e]))
        ends.append(storage.count)
        hashes.append(hash)
        slots[k] = code
        if 2 * ends.count > slots.count { grow() }
        return code
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        for (code, hash) in hashes.enumerated() {
            var k = Int(truncatingIfNeeded: hash) & (slots.count - 1)
            while slots[k] >= 0 { k = (k + 1) & (slots.count - 1) }
            slots[k] = Int32(code)
        }
    }
}

extension Dataset.Column {
    /// The column of the parts of a file parsed apart (in order), text when any part found
    /// text; `texts(k)` re-reads part k's cells of this column when it read them as numbers.
    /// Levels are sorted by byte order.
    static func merging(
        _ parts: [ParsedColumn], texts: (Int) -> [(Int, Int)?], source: UnsafeRawBufferPointer
    ) -> (column: Dataset.Column, infinite: Dataset.InvalidCell?) {
        if !parts.contains(where: \.isText) {
            var values: [Double] = []
            values.reserveCapacity(parts.reduce(0) { $0 + $1.values.count })
            var infinite: Dataset.InvalidCell?
            for part in parts {
                if infinite == nil, let first = part.firstInfinite { infinite = .init(row: values.count + first.row, text: first.text) }
                values.append(contentsOf: part.values)
            }
            return (.numeric(values), infinite)
        }
        var tables: [LevelTable] = []
        var partCodes: [[Int32]] = []
        for (k, part) in parts.enumerated() {
            if part.isText {
                tables.append(part.levels)
                partCodes.append(part.codes)
            } else {
                var table = LevelTable()
                partCodes.append(texts(k).map { range in range.map { table.code(source, $0.0, $0.1) } ?? -1 })
                tables.append(table)
            }
        }
        // the levels of every part, sorted by their bytes, and each part's codes mapped to them
        var all: [[UInt8]: Int32] = [:]
        for table in tables {
            for k in 0..<table.count { all[Array(table.level(k)), default: 0] = 0 }
        }
        let sorted = all.keys.sorted { $0.lexicographicallyPrecedes($1) }
        for (k, level) in sorted.enumerated() { all[level] = Int32(k) }
        var codes: [Int32] = []
        codes.reserveCapacity(partCodes.reduce(0) { $0 + $1.count })
        for (table, part) in zip(tables, partCodes) {
            let map = (0..<table.count).map { all[Array(table.level($0))]! }
            codes.append(contentsOf: part.map { $0 < 0 ? -1 : map[Int($0)] })
        }
        let levels = sorted.map { bytes in
            let text = String(decoding: bytes, as: UTF8.self)
            return text.contains("\"\"") ? text.replacingOccurrences(of: "\"\"", with: "\"") : text
        }
        return (.categorical(levels: levels, codes: codes), nil)
    }
}

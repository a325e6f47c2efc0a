import Foundation
import GSL

/// Named columns of equal length, numeric or text, loaded from CSV or built in memory.
///
/// A column whose every cell is a number or missing is numeric (NaN marks a missing cell); any
/// other is categorical: its levels sorted by byte order, a level index a row (−1 where
/// missing). Loading may parse only the columns a caller chooses from the header; it checks the
/// file's shape, not its cells: a column is checked when it is used (``column(named:)``, ``selecting(columns:missing:where:)``), so a text or infinite cell
/// in a column no analysis reads never fails one. Errors name the row (from 1, excluding the
/// header and blank lines) and the column.
public struct Dataset: Sendable, Equatable {
    /// A column's cells.
    public enum Column: Sendable, Equatable {
        /// Numbers; NaN where a cell is missing (an infinite cell stays, to be refused when used).
        case numeric([Double])
        /// Text: the distinct texts, sorted by byte order, and each row's index into them (−1
        /// where the cell is missing).
        case categorical(levels: [String], codes: [Int32])

        /// A categorical column of `texts` (nil where missing), its levels sorted by byte order.
        public static func categorical(_ texts: [String?]) -> Column {
            let levels = Set(texts.compactMap(\.self)).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            let index = Dictionary(uniqueKeysWithValues: levels.enumerated().map { ($1, Int32($0)) })
            return .categorical(levels: levels, codes: texts.map { $0.flatMap { index[$0] } ?? -1 })
        }

        /// Equal when of one kind with the same cells, missing cells (NaN) equal to each other.
        public static func == (lhs: Column, rhs: Column) -> Bool {
            switch (lhs, rhs) {
            case (.numeric(let a), .numeric(let b)): a.count == b.count && zip(a, b).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
            case (.categorical(let l1, let c1), .categorical(let l2, let c2)): l1 == l2 && c1 == c2
            default: false
            }
        }

        /// The numbers of a numeric column (NaN where missing); nil for text.
        public var numbers: [Double]? {
            if case .numeric(let values) = self { return values }
            return nil
        }

        /// Number of cells.
        public var count: Int {
            switch self {
            case .numeric(let values): values.count
            case .categorical(_, let codes): codes.count
            }
        }

        /// Whether any cell is missing.
        public var hasMissing: Bool {
            switch self {
            case .numeric(let values): values.firstNaN != nil
            case .categorical(_, let codes): codes.contains(-1)
            }
        }

        /// Whether the cell of row `index` (from 0) is missing.
        public func isMissing(_ index: Int) -> Bool {
            switch self {
            case .numeric(let values): values[index].isNaN
            case .categorical(_, let codes): codes[index] < 0
            }
        }
    }

    /// A cell refused when its column is used: its row (from 1) and text.
    struct InvalidCell: Sendable, Equatable {
        let row: Int
        let text: String
    }

    /// The column names, in file order.
    public let columnNames: [String]
    /// The columns, in file order.
    public internal(set) var columns: [Column] {
        didSet { knownComplete = [] }  // what was known of the columns before
    }
    /// Whether column j is numeric and known to hold no missing cell (its parse met none, or a
    /// selection left none), so that a check for one need not scan it; empty when nothing is
    /// known. Not part of equality.
    var knownComplete: [Bool] = []
    /// The file (or other source) the rows came from, as messages name it.
    public let source: String?
    /// The first infinite cell of each numeric column that has one, by column index.
    let infinite: [Int: InvalidCell]
    /// The row numbers in the source, when a selection left rows out.
    let rowNumbers: RowNumbers?
    /// Every column name of the source, in its order, when loading left some out.
    private var header: [String]?

    /// The source's columns that loading left out, in its order.
    public var skippedColumns: [String] {
        let loaded = Set(columnNames)
        return header.map { $0.filter { !loaded.contains($0) } } ?? []
    }

    /// Number of rows.
    public var rowCount: Int { columns.first?.count ?? 0 }

    /// A dataset from named numeric columns (NaN where a cell is missing); throws unless the
    /// names are distinct and non-empty, the columns equally long and non-empty, and no value
    /// infinite.
    public init(columnNames: [String], columns: [[Double]]) throws(InferenceError) {
        for (name, column) in zip(columnNames, columns) {
            if let row = column.firstIndex(where: { $0.isInfinite }) {
                throw .data("\(column[row]) is not a finite number", at: .init(row: row + 1, column: name))
            }
        }
        try self.init(columnNames: columnNames, columns: columns.map { .numeric($0) })
    }

    /// A dataset from named columns, numeric or categorical; throws unless the names are
    /// distinct and non-empty, the columns equally long and non-empty, no number infinite, and
    /// every level index within its levels.
    public init(columnNames: [String], columns: [Column], source: String? = nil) throws(InferenceError) {
        guard !columnNames.isEmpty, columnNames.count == columns.count else {
            throw .data("a dataset needs one name for each of at least one column")
        }
        guard Set(columnNames).count == columnNames.count, !columnNames.contains("") else {
            throw .data("column names must be distinct and non-empty")
        }
        let count = columns[0].count
        guard count > 0 else { throw .data("the dataset has no rows") }
        var infinite: [Int: InvalidCell] = [:]
        for (j, (name, column)) in zip(columnNames, columns).enumerated() {
            guard column.count == count else {
                throw .data("column \(InferenceError.excerpt(name)) has \(column.count) values, expected \(count)")
            }
            switch column {
            case .numeric(let values):
                if let row = values.firstIndex(where: \.isInfinite) { infinite[j] = InvalidCell(row: row + 1, text: "\(values[row])") }
            case .categorical(let levels, let codes):
                guard Set(levels).count == levels.count else { throw .data("column \(InferenceError.excerpt(name)) lists a level twice") }
                if let row = codes.firstIndex(where: { $0 < -1 || Int($0) >= levels.count }) {
                    throw .data("level index \(codes[row]) outside the column's \(levels.count) levels", at: .init(row: row + 1, column: name))
                }
            }
        }
        self.init(names: columnNames, columns: columns, source: source, infinite: infinite, rowNumbers: nil)
    }

    init(names: [String], columns: [Column], source: String?, infinite: [Int: InvalidCell], rowNumbers: RowNumbers?) {
        columnNames = names
        self.columns = columns
        self.source = source
        self.infinite = infinite
        self.rowNumbers = rowNumbers
    }

    /// The largest file whose pages stay mapped until the parse ends (16 MiB): handing a
    /// stretch back costs a system call that stops every core the process runs on (a TLB
    /// shootdown: 0.1 ms on a virtual machine), and a count-first pass's stretches are mapped
    /// again by the parse; for a file this small that costs more than the memory it saves.
    static let keptMapped = 16 << 20

    /// Parses CSV text (a header row, then rows of cells); `source` names the input in
    /// messages; `missing` spells a missing cell.
    ///
    /// `columns`, given the header's names, chooses the columns to parse (nil, or a choice that
    /// names none of them: every one). The others are only counted, so a ragged row is still an
    /// error; they are left out of the dataset, which names them in messages.
    public static func parse(
        csv bytes: UnsafeRawBufferPointer, source: String = "input", missing: MissingSpellings = .pandasDefaults,
        columns choosing: (([String]) -> [String]?)? = nil
    ) throws(InferenceError) -> Dataset {
        try parse(csv: bytes, source: source, missing: missing, choosing: choosing, mapped: false)
    }

    /// `mapped`: the bytes map a file, and pages are handed back once parsed when the file is
    /// larger than ``keptMapped``.
    private static func parse(
        csv bytes: UnsafeRawBufferPointer, source: String, missing: MissingSpellings, choosing: (([String]) -> [String]?)?, mapped: Bool
    ) throws(InferenceError) -> Dataset {
        var parser = CSVParser(bytes: bytes, source: source, missing: missing)
        parser.releasesBehind = mapped && bytes.count > keptMapped
        parser.choosing = choosing
        let (names, columns, infinite, header, complete) = try parser.parse()
        var dataset = Dataset(names: names, columns: columns, source: InferenceError.excerpt(source, limit: 200), infinite: infinite, rowNumbers: nil)
        if names.count < header.count { dataset.header = header }
        dataset.knownComplete = complete
        return dataset
    }

    /// Parses CSV from a string; `columns` chooses the columns to parse, as for bytes.
    public static func parse(
        csv text: String, source: String = "input", missing: MissingSpellings = .pandasDefaults, columns choosing: (([String]) -> [String]?)? = nil
    ) throws(InferenceError) -> Dataset {
        var text = text
        let result = text.withUTF8 { buffer in
            Result { () throws(InferenceError) -> Dataset in
                try parse(csv: UnsafeRawBufferPointer(buffer), source: source, missing: missing, choosing: choosing, mapped: false)
            }
        }
        return try result.get()
    }

    /// Loads a CSV file; `-` reads standard input.
    ///
    /// A regular file of a MiB or more is mapped into memory and parsed as it is read, its pages
    /// handed back behind the parser, so that loading holds little more than the columns. As
    /// with any mapped file, one cut short by another process while it is read raises `SIGBUS`
    /// (the `infer` tool turns that into a data error). `columns` chooses the columns to parse,
    /// as it does for parsing bytes.
    public static func load(
        path: String, missing: MissingSpellings = .pandasDefaults, columns choosing: (([String]) -> [String]?)? = nil
    ) throws(InferenceError) -> Dataset {
        let source = path == "-" ? "standard input" : path
        let bytes: [UInt8]
        if path == "-" {
            bytes = try readAll(from: STDIN_FILENO, source: source)
        } else {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw .data("cannot read \(InferenceError.excerpt(path, limit: 200)): no such file")
            }
            guard !isDirectory.boolValue else { throw .data("cannot read \(InferenceError.excerpt(path, limit: 200)): it is a directory") }
            let descriptor = open(path, O_RDONLY)
            guard descriptor >= 0 else { throw .data("cannot read \(InferenceError.excerpt(path, limit: 200)): \(String(cString: strerror(errno)))") }
            defer { close(descriptor) }
            if let mapped = try loadMapped(descriptor, source: source, missing: missing, choosing: choosing) { return mapped }
            bytes = try readAll(from: descriptor, source: source)
        }
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(InferenceError) -> Dataset in try parse(csv: buffer, source: source, missing: missing, choosing: choosing, mapped: false) }
        }
        return try result.get()
    }

    /// A regular file of at least a MiB, mapped and parsed; nil when it is smaller or cannot be
    /// mapped (it is then read).
    private static func loadMapped(
        _ descriptor: Int32, source: String, missing: MissingSpellings, choosing: (([String]) -> [String]?)?
    ) throws(InferenceError) -> Dataset? {
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, status.st_size >= 1 << 20 else { return nil }
        let size = Int(status.st_size)
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED else { return nil }
        defer { munmap(address, size) }
        return try parse(csv: UnsafeRawBufferPointer(start: address, count: size), source: source, missing: missing, choosing: choosing, mapped: true)
    }

    /// Every byte of a file descriptor: read straight into a buffer of the file's size when it
    /// has one (a regular file), in 1 MiB blocks otherwise (a pipe).
    private static func readAll(from descriptor: Int32, source: String) throws(InferenceError) -> [UInt8] {
        var status = stat()
        let expected = fstat(descriptor, &status) == 0 && status.st_size > 0 ? Int(status.st_size) : 0
        if (status.st_mode & S_IFMT) == S_IFREG, let bytes = readInParallel(descriptor, size: expected) { return bytes }
        var bytes: [UInt8] = []
        var capacity = expected + 1  // one spare byte, so that the read that meets the end needs no growth
        var failure: Int32 = 0
        while failure == 0 {
            let previous = bytes.count
            let chunk = Swift.max(capacity - previous, 1 << 20)
            var finished = false
            let grown = [UInt8](unsafeUninitializedCapacity: previous + chunk) { buffer, initialized in
                guard let base = buffer.baseAddress else { return }
                bytes.withUnsafeBufferPointer { old in
                    if let source = old.baseAddress { base.update(from: source, count: previous) }
                }
                var filled = previous
                while filled < previous + chunk {
                    let count = read(descriptor, base + filled, previous + chunk - filled)
                    if count < 0 {
                        if errno == EINTR { continue }
                        failure = errno
                        break
                    }
                    if count == 0 {
                        finished = true
                        break
                    }
                    filled += count
                }
                initialized = filled
            }
            bytes = grown
            if finished { break }
            capacity = bytes.count * 2
        }
        if failure != 0 { throw .data("cannot read \(InferenceError.excerpt(source, limit: 200)): \(String(cString: strerror(failure)))") }
        return bytes
    }

    /// A regular file of `size` bytes read in pieces on every core (`pread`, which leaves the
    /// file offset alone), or nil when it is too small to be worth it or any piece comes up
    /// short or the file has grown (the caller then reads it in order).
    private static func readInParallel(_ descriptor: Int32, size: Int) -> [UInt8]? {
        let pieces = min(Parallelism.threads, size / (4 << 20))
        guard pieces >= 2 else { return nil }
        let failed = ParallelFlag()
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            let target = UncheckedSendable(base)  // each worker writes its own piece
            DispatchQueue.concurrentPerform(iterations: pieces) { k in
                var offset = k * size / pieces
                let end = (k + 1) * size / pieces
                while offset < end {
                    let count = pread(descriptor, target.value + offset, end - offset, off_t(offset))
                    if count < 0 && errno == EINTR { continue }
                    guard count > 0 else { return failed.raise() }
                    offset += count
                }
            }
            initialized = size
        }
        var probe: UInt8 = 0
        guard !failed.isRaised, pread(descriptor, &probe, 1, off_t(size)) == 0 else { return nil }
        return bytes
    }

    /// The index of the column called `name`; a usage error naming the available columns otherwise.
    public func index(of name: String) throws(InferenceError) -> Int {
        guard let index = columnNames.firstIndex(of: name) else {
            if skippedColumns.contains(name) { throw .usage("column \(InferenceError.excerpt(name)) was not loaded") }
            throw .usage("no column named \(InferenceError.excerpt(name)); the columns are \(Self.list(header ?? columnNames))")
        }
        return index
    }

    /// The numbers of the column called `name`: a usage error when there is none, a data error
    /// naming the row when it holds text, a missing cell or an infinite number.
    public func column(named name: String) throws(InferenceError) -> [Double] {
        let j = try index(of: name)
        switch columns[j] {
        case .numeric(let values):
            if let bad = infinite[j] { throw .data("\(bad.text) is not a finite number", at: location(bad.row - 1, name)) }
            if !isKnownComplete(j), let row = values.firstNaN { throw .data("missing value", at: location(row, name)) }
            return values
        case .categorical(let levels, let codes):
            // the first cell that is no number (a column of numbers and text is text)
            let isNumber = levels.map { level in
                var level = level
                return level.withUTF8 { NumberParser.parse(UnsafeRawBufferPointer($0), 0, $0.count) != nil }
            }
            let row = codes.firstIndex { $0 >= 0 && !isNumber[Int($0)] } ?? 0
            throw .data("'\(InferenceError.excerpt(levels[Int(codes[row])], limit: 40))' is not a number", at: location(row, name))
        }
    }

    /// Whether column `j` is known to be numeric with no missing cell (without a scan).
    func isKnownComplete(_ j: Int) -> Bool { j < knownComplete.count && knownComplete[j] }

    /// Equal when the names, cells, source, invalid cells, row numbers and header are (what is
    /// known of the cells without a scan takes no part).
    public static func == (lhs: Dataset, rhs: Dataset) -> Bool {
        lhs.columnNames == rhs.columnNames && lhs.columns == rhs.columns && lhs.source == rhs.source && lhs.infinite == rhs.infinite
            && lhs.rowNumbers == rhs.rowNumbers && lhs.header == rhs.header
    }

    /// The location of row `index` (from 0) of column `name`, as the source numbers it.
    public func location(_ index: Int, _ name: String? = nil) -> InferenceError.Location {
        InferenceError.Location(source: source, row: rowNumber(index), column: name)
    }

    /// The row number (from 1) in the source of row `index` (from 0).
    public func rowNumber(_ index: Int) -> Int { rowNumbers?.number(index) ?? index + 1 }

    /// Column names for a message: each one cut to 30 characters, and past the first 8 a count
    /// of the rest.
    static func list(_ names: [String]) -> String {
        let shown = names.prefix(8).map { InferenceError.excerpt($0, limit: 30) }.joined(separator: ", ")
        return names.count > 8 ? shown + " and \(names.count - 8) more" : shown
    }

    /// The first `count` rows (at least one).
    public func prefix(_ count: Int) -> Dataset { rows(Array(0..<min(rowCount, max(1, count)))) }
}

import Foundation

/// Named numeric columns of equal length, loaded from CSV.
///
/// A dataset that exists is valid: every cell is a finite number and every column has
/// ``rowCount`` values. Loading reports each malformed input as a data error (exit 65) that
/// names the row (from 1, excluding the header) and the column.
public struct Dataset: Sendable, Equatable {
    /// The column names, in file order.
    public let columnNames: [String]
    /// The columns, in file order.
    public let columns: [[Double]]

    /// Number of rows.
    public var rowCount: Int { columns.first?.count ?? 0 }

    /// A dataset from named columns; throws unless the names are distinct and non-empty, the
    /// columns equally long and non-empty, and every value finite.
    public init(columnNames: [String], columns: [[Double]]) throws(InferenceError) {
        guard !columnNames.isEmpty, columnNames.count == columns.count else {
            throw .data("a dataset needs one name for each of at least one column")
        }
        guard Set(columnNames).count == columnNames.count, !columnNames.contains("") else {
            throw .data("column names must be distinct and non-empty")
        }
        let count = columns[0].count
        guard count > 0 else { throw .data("the dataset has no rows") }
        for (name, column) in zip(columnNames, columns) {
            guard column.count == count else {
                throw .data("column \(InferenceError.excerpt(name)) has \(column.count) values, expected \(count)")
            }
            if let row = column.firstIndex(where: { !$0.isFinite }) {
                throw .data("\(column[row]) is not a finite number", at: .init(row: row + 1, column: name))
            }
        }
        self.columnNames = columnNames
        self.columns = columns
    }

    private init(validatedNames: [String], columns: [[Double]]) {
        columnNames = validatedNames
        self.columns = columns
    }

    /// Parses CSV text (a header row, then numeric rows); `source` names the input in messages.
    public static func parse(csv bytes: UnsafeRawBufferPointer, source: String = "input") throws(InferenceError) -> Dataset {
        let (names, columns) = try CSVParser(bytes: bytes, source: source).parse()
        return Dataset(validatedNames: names, columns: columns)
    }

    /// Parses CSV from a string.
    public static func parse(csv text: String, source: String = "input") throws(InferenceError) -> Dataset {
        var text = text
        let result = text.withUTF8 { buffer in
            Result { () throws(InferenceError) -> Dataset in try parse(csv: UnsafeRawBufferPointer(buffer), source: source) }
        }
        return try result.get()
    }

    /// Loads a CSV file; `-` reads standard input.
    public static func load(path: String) throws(InferenceError) -> Dataset {
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
            bytes = try readAll(from: descriptor, source: source)
        }
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(InferenceError) -> Dataset in try parse(csv: buffer, source: source) }
        }
        return try result.get()
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
        let pieces = min(ProcessInfo.processInfo.activeProcessorCount, size / (4 << 20))
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

    /// The column called `name`; a usage error naming the available columns otherwise.
    public func column(named name: String) throws(InferenceError) -> [Double] {
        guard let index = columnNames.firstIndex(of: name) else {
            throw .usage("no column named \(InferenceError.excerpt(name)); the columns are \(Self.list(columnNames))")
        }
        return columns[index]
    }

    /// Column names for a message: each one cut to 30 characters, and past the first 8 a count
    /// of the rest.
    static func list(_ names: [String]) -> String {
        let shown = names.prefix(8).map { InferenceError.excerpt($0, limit: 30) }.joined(separator: ", ")
        return names.count > 8 ? shown + " and \(names.count - 8) more" : shown
    }

    /// The first `count` rows.
    public func prefix(_ count: Int) -> Dataset {
        Dataset(validatedNames: columnNames, columns: columns.map { Array($0.prefix(max(1, count))) })
    }
}

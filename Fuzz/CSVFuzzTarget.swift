// libFuzzer target for the CSV reader (Sources/Inference/Core/CSVParser*.swift, CSVColumns.swift,
// NumberParser*.swift, Dataset*.swift, InferenceError.swift, ParallelWork.swift, RowBlocks.swift). Built by
// Fuzz/run.sh together with those files, so the parser is compiled in the same module with the
// sanitizers on.
//
// A thrown InferenceError is an expected outcome for malformed input. A crash, a trap, a sanitizer
// report or a violated invariant of a successfully parsed Dataset is a bug.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: UnsafeRawPointer(data), count: size)
    checkChunkedParsing(bytes)
    let dataset: Dataset
    do {
        dataset = try Dataset.parse(csv: bytes, source: "fuzz")
    } catch {
        // Every error must be a data error with a message (exit 65 in the contract).
        guard error.kind == .data, !error.message.isEmpty else {
            fatalError("unexpected error kind \(error.kind) for malformed CSV: \(error.message)")
        }
        return 0
    }
    checkInvariants(dataset)
    return 0
}

private func checkInvariants(_ dataset: Dataset) {
    let names = dataset.columnNames
    let columns = dataset.columns
    guard !names.isEmpty else { fatalError("parsed dataset has no columns") }
    guard names.count == columns.count else {
        fatalError("\(names.count) column names but \(columns.count) columns")
    }
    guard !names.contains(where: \.isEmpty) else { fatalError("empty column name in \(names)") }
    guard Set(names).count == names.count else { fatalError("duplicate column names in \(names)") }
    let rowCount = dataset.rowCount
    guard rowCount > 0 else { fatalError("parsed dataset has no rows") }
    var infinite = false
    for (name, column) in zip(names, columns) {
        guard column.count == rowCount else {
            fatalError("column \(name) has \(column.count) values, rowCount is \(rowCount)")
        }
        switch column {
        case .numeric(let values):
            // NaN is a missing cell; an infinite number is kept (and refused when the column is used)
            infinite = infinite || values.contains { $0.isInfinite }
        case .categorical(let levels, let codes):
            if let code = codes.first(where: { $0 < -1 || $0 >= levels.count }) { fatalError("column \(name): code \(code) of \(levels.count) levels") }
        }
    }
    // The public validating initializer must accept what the parser produced (it refuses an
    // infinite number, which a parsed column keeps for its use to report).
    if infinite { return }
    do {
        let rebuilt = try Dataset(columnNames: names, columns: columns)
        guard rebuilt.columnNames == names, rebuilt.columns.map(bits) == columns.map(bits) else {
            fatalError("Dataset(columnNames:columns:) changed the dataset")
        }
    } catch {
        fatalError("Dataset(columnNames:columns:) rejects a parsed dataset: \(error.message)")
    }
}

/// The parallel pass (forced here with tiny chunks; real inputs need 1 MiB a chunk) and the
/// one-pass reading of quote-free cells must give exactly what the general sequential pass
/// gives: the same columns (bit for bit), or the same error message.
private func checkChunkedParsing(_ bytes: UnsafeRawBufferPointer) {
    var chunked = CSVParser(bytes: bytes, source: "fuzz")
    chunked.minimumChunkBytes = 4
    chunked.rowsWorthReserving = 0
    var counted = chunked
    counted.rowsWorthReserving = .max
    var general = CSVParser(bytes: bytes, source: "fuzz")
    general.readsCellsInOnePass = false
    let reference = Result { () throws(InferenceError) in try general.parse() }
    for (name, parser) in [("chunked", chunked), ("counted first", counted), ("sequential", CSVParser(bytes: bytes, source: "fuzz"))] {
        let result = Result { () throws(InferenceError) in try parser.parse() }
        switch (result, reference) {
        case let (.success(x), .success(y)):
            guard x.names == y.names, x.columns.map(bits) == y.columns.map(bits) else {
                fatalError("\(name) and general parses differ")
            }
            // a column is reported complete exactly when it is numeric without a missing cell
            let complete = x.columns.map { $0.numbers.map { !$0.contains(where: \.isNaN) } ?? false }
            guard x.complete == complete, y.complete == complete else { fatalError("\(name) parse misreports complete columns") }
        case let (.failure(x), .failure(y)):
            guard x.message == y.message else { fatalError("\(name) error '\(x.message)' but general '\(y.message)'") }
        default:
            fatalError("\(name) and general parses disagree on whether the input is valid")
        }
    }
}

/// A column as bits: its numbers' bit patterns (NaN equal to NaN), or its levels and codes.
private func bits(_ column: Dataset.Column) -> [String] {
    switch column {
    case .numeric(let values): return values.map { String($0.bitPattern) }
    case .categorical(let levels, let codes): return ["levels"] + levels + ["codes"] + codes.map(String.init)
    }
}

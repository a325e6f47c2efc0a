import Foundation
import Inference

/// The replicates file of a sharded bootstrap: a comment line that identifies the run, a header,
/// then one row a replicate (`NA` cells for a resample that failed).
///
///     # infer bootstrap replicates v1 resamples=9999 fingerprint=1f2e… shard=2/4
///     replicate,mean,var:mean
///     2500,4.21,0.0123
///
/// `--merge` accepts files only when their fingerprint (a hash of the data and of every option
/// that changes the replicates) and `resamples` match the run's, and only when together they
/// hold each replicate exactly once.
enum ReplicatesFile {
    static func write(_ result: BootstrapResult, resamples: Int, fingerprint: String, shard: (Int, Int), to path: String) throws {
        var text = "# infer bootstrap replicates v1 resamples=\(resamples) fingerprint=\(fingerprint) shard=\(shard.0)/\(shard.1)\n"
        let hasVariances = result.replicates.contains { $0.variances != nil }
        var header = ["replicate"] + result.parameterNames
        if hasVariances { header += result.parameterNames.map { "var:\($0)" } }
        text += header.joined(separator: ",") + "\n"
        for replicate in result.replicates {
            var cells = [String(replicate.index)]
            cells += replicate.values?.map { "\($0)" } ?? result.parameterNames.map { _ in "NA" }
            if hasVariances { cells += replicate.variances?.map { "\($0)" } ?? result.parameterNames.map { _ in "NA" } }
            text += cells.joined(separator: ",") + "\n"
        }
        try AtomicFile.write(text, to: path)
    }

    /// The replicates of `paths`, checked against the run's `resamples`, `fingerprint` and
    /// parameter names.
    static func read(_ paths: [String], resamples: Int, fingerprint: String, parameterNames: [String]) throws -> [BootstrapReplicate] {
        var replicates: [Int: BootstrapReplicate] = [:]
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw InferenceError.data("cannot read the replicates file \(path)")
            }
            let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
            guard lines.count >= 2, lines[0].hasPrefix("# infer bootstrap replicates v1 ") else {
                throw InferenceError.data("\(path) is not a replicates file of infer bootstrap")
            }
            let fields = headerFields(lines[0])
            guard fields["fingerprint"] == fingerprint, fields["resamples"] == String(resamples) else {
                throw InferenceError.usage(
                    "\(path) comes from a run with other data or options (fingerprint or --resamples differ); merge with the same data, options and seed")
            }
            let header = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let p = parameterNames.count
            guard Array(header.dropFirst().prefix(p)) == parameterNames else {
                throw InferenceError.data("\(path): its columns do not match the run's parameters")
            }
            let hasVariances = header.count == 1 + 2 * p
            for (offset, line) in lines.dropFirst(2).enumerated() {
                let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                guard cells.count == header.count, let index = Int(cells[0]), index >= 0, index < resamples else {
                    throw InferenceError.data("not a replicate row", at: .init(source: path, row: offset + 1))
                }
                guard replicates[index] == nil else {
                    throw InferenceError.data("replicate \(index) appears twice among the merged files")
                }
                let values = cells[1...p].allSatisfy { $0 == "NA" } ? nil : try numbers(cells[1...p], path, offset)
                let variances = hasVariances && !cells[(p + 1)...].allSatisfy({ $0 == "NA" })
                    ? try numbers(cells[(p + 1)...], path, offset) : nil
                replicates[index] = BootstrapReplicate(index: index, values: values, variances: variances)
            }
        }
        guard replicates.count == resamples else {
            let missing = (0..<resamples).first { replicates[$0] == nil } ?? 0
            throw InferenceError.data(
                "the merged files hold \(replicates.count) of \(resamples) replicates (replicate \(missing) is missing): merge every shard")
        }
        return (0..<resamples).compactMap { replicates[$0] }
    }

    /// The `key=value` words of a file's first line (`resamples=…`, `fingerprint=…`), the first
    /// of a key kept.
    static func headerFields(_ line: Substring) -> [String: String] {
        Dictionary(
            line.split(separator: " ").compactMap { part -> (String, String)? in
                let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
                return pair.count == 2 ? (pair[0], pair[1]) : nil
            }, uniquingKeysWith: { first, _ in first })
    }

    private static func numbers(_ cells: ArraySlice<String>, _ path: String, _ row: Int) throws -> [Double] {
        try cells.map { cell in
            guard let value = Double(cell), value.isFinite else {
                throw InferenceError.data("\(cell) is not a finite number", at: .init(source: path, row: row + 1))
            }
            return value
        }
    }

    /// FNV-1a (64-bit) of the data (names and values; none for a study that simulates all of
    /// its data) and the options that shape the replicates, in hex.
    static func fingerprint(dataset: Dataset?, options: [String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ bytes: some Sequence<UInt8>) {
            for byte in bytes {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
        }
        mix((dataset?.columnNames ?? []).joined(separator: ",").utf8)
        for column in dataset?.columns ?? [] {
            switch column {
            case .numeric(let values):
                for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { mix($0) } }
            case .categorical(let levels, let codes):
                mix(levels.joined(separator: "\u{1F}").utf8)
                for code in codes { withUnsafeBytes(of: code.littleEndian) { mix($0) } }
            }
        }
        mix(options.joined(separator: "\u{1F}").utf8)
        return String(hash, radix: 16)
    }
}

import Foundation
import Inference

/// The draws file of the contract: a plain CSV (it loads as is in pandas, R or ArviZ) with the
/// header `chain,draw,lp__,accepted__,<parameter names>` and one row a kept draw; chains are
/// numbered as in the full run, draws 1…D within a chain, `accepted__` is 1 or 0. Numbers are
/// written in their shortest round-trip form, so `infer summarize` reads back the very draws.
enum DrawsFile {
    static let leadingColumns = ["chain", "draw", "lp__", "accepted__"]

    static func write(_ sample: PosteriorSample, to path: String) throws {
        var text = (leadingColumns + sample.parameterNames).joined(separator: ",") + "\n"
        for chain in sample.chains {
            for (index, draw) in chain.draws.enumerated() {
                var cells = [String(chain.id), String(index + 1), "\(chain.logDensity[index])", chain.accepted[index] ? "1" : "0"]
                cells += draw.map { "\($0)" }
                text += cells.joined(separator: ",") + "\n"
            }
        }
        try AtomicFile.write(text, to: path)
    }

    /// The chains of all `paths`, which must have the same parameters and together hold each
    /// chain once.
    static func read(_ paths: [String]) throws -> PosteriorSample {
        var names: [String]?
        var chains: [Chain] = []
        var origin: [Int: String] = [:]
        for path in paths {
            let dataset = try Dataset.load(path: path)
            guard Array(dataset.columnNames.prefix(4)) == leadingColumns, dataset.columnNames.count > 4 else {
                throw InferenceError.data("\(path) is not a draws file of infer sample: its header must start with \(leadingColumns.joined(separator: ",")) and name the parameters")
            }
            let parameters = Array(dataset.columnNames.dropFirst(4))
            if let names, names != parameters {
                throw InferenceError.data("\(path) has the parameters \(parameters.joined(separator: ",")), not \(names.joined(separator: ",")) as the files before it")
            }
            names = parameters
            for chain in try chainsOf(dataset, path: path) {
                if let first = origin[chain.id] {
                    throw InferenceError.data("chain \(chain.id) is in both \(first) and \(path): give each chain once")
                }
                origin[chain.id] = path
                chains.append(chain)
            }
        }
        return try PosteriorSample(parameterNames: names ?? [], chains: chains)
    }

    private static func chainsOf(_ dataset: Dataset, path: String) throws -> [Chain] {
        let columns = dataset.columns
        var order: [Int] = []
        var rows: [Int: [Int]] = [:]
        for row in 0..<dataset.rowCount {
            let value = columns[0][row]
            guard value >= 1, value < 1e9, value.rounded() == value else {
                throw InferenceError.data("\(path), row \(row + 1), column chain: \(value) is not a chain number (1, 2, …)")
            }
            let id = Int(value)
            if rows[id] == nil { order.append(id) }
            rows[id, default: []].append(row)
            let accepted = columns[3][row]
            guard accepted == 0 || accepted == 1 else {
                throw InferenceError.data("\(path), row \(row + 1), column accepted__: \(accepted) is neither 0 nor 1")
            }
            let expected = Double(rows[id]!.count)
            guard columns[1][row] == expected else {
                throw InferenceError.data("\(path), row \(row + 1), column draw: expected draw \(Int(expected)) of chain \(id), got \(columns[1][row])")
            }
        }
        return order.map { id in
            let indices = rows[id]!
            return Chain(
                id: id, draws: indices.map { row in (4..<columns.count).map { columns[$0][row] } },
                logDensity: indices.map { columns[2][$0] }, accepted: indices.map { columns[3][$0] == 1 })
        }
    }
}

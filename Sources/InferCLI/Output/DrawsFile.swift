import Foundation
import Inference

/// The draws file of the contract: CSV with the header `chain,draw,lp__,accepted__,<parameter
/// names>` and one row a kept draw; chains are numbered as in the full run, draws 1…D within a
/// chain, `accepted__` is 1 or 0. Numbers are written in their shortest round-trip form, so
/// `infer summarize` reads back the very draws. Before the header, comment lines `# key = value`
/// (as CmdStan's files have; pandas reads past them with `comment="#"`, ArviZ's `from_cmdstan`
/// and R's `read.csv(comment.char = "#")` likewise) say what was sampled: model, n, prior, λ,
/// proposal, warmup, thin, and the run's seed and chains (files summarized together must agree).
enum DrawsFile {
    static let leadingColumns = ["chain", "draw", "lp__", "accepted__"]

    static func write(_ sample: PosteriorSample, origin: SampleReport.Origin, to path: String) throws {
        var text = "# infer sample\n# model = \(origin.model)\n# n = \(origin.n)\n# prior = \(origin.prior)\n"
        if let lambda = origin.lambda { text += "# lambda = \(lambda)\n" }
        text += "# proposal = \(origin.settings.proposal.rawValue)\n# warmup = \(origin.settings.warmup)\n# thin = \(origin.settings.thin)\n"
        // the run's seed and chains: files of one run (its --chain-id parts) agree on them
        text += "# seed = \(origin.settings.seed)\n# chains = \(origin.settings.chains)\n"
        text += (leadingColumns + sample.parameterNames).joined(separator: ",") + "\n"
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
    /// chain once, with what was sampled when every file's comments say it alike (files without
    /// them, as written before the comments were, give none).
    static func read(_ paths: [String]) throws -> (sample: PosteriorSample, origin: SampleReport.Origin?) {
        var names: [String]?
        var chains: [Chain] = []
        var origin: [Int: String] = [:]
        var comments: [String: String]?
        for path in paths {
            let (header, csv) = try split(path)
            if let comments, comments != header {
                throw InferenceError.data(
                    "\(InferenceError.excerpt(path, limit: 200)) is from another run than the files before it (its model, n, prior or settings differ)")
            }
            comments = header
            let dataset = try Dataset.parse(csv: csv, source: path)
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
        let sample = try PosteriorSample(parameterNames: names ?? [], chains: chains)
        return (sample, try comments.flatMap { try Self.origin(of: $0, sample: sample) })
    }

    /// The leading `# key = value` lines of `path` and the CSV after them.
    private static func split(_ path: String) throws -> (comments: [String: String], csv: String) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InferenceError.data("cannot read \(InferenceError.excerpt(path, limit: 200)): no such file, or it may not be read")
        }
        let text = String(decoding: data, as: UTF8.self)
        var comments: [String: String] = [:]
        var rest = text[...]
        while rest.hasPrefix("#") {
            let end = rest.firstIndex(of: "\n") ?? rest.endIndex
            let parts = rest[rest.index(after: rest.startIndex)..<end].split(separator: "=", maxSplits: 1)
            if parts.count == 2 {
                comments[parts[0].trimmingCharacters(in: .whitespaces)] = parts[1].trimmingCharacters(in: .whitespaces)
            }
            rest = end < rest.endIndex ? rest[rest.index(after: end)...] : rest[end...]
        }
        return (comments, String(rest))
    }

    /// What was sampled, from a file's comments; nil when they do not name a model and n.
    private static func origin(of comments: [String: String], sample: PosteriorSample) throws -> SampleReport.Origin? {
        guard let model = comments["model"], let n = comments["n"].flatMap({ Int($0) }), let prior = comments["prior"],
            let proposal = comments["proposal"].flatMap(ProposalKind.init(rawValue:)),
            let warmup = comments["warmup"].flatMap({ Int($0) }), let thin = comments["thin"].flatMap({ Int($0) })
        else { return nil }
        let settings = try SamplerSettings(
            chains: max(1, sample.chains.count), warmup: warmup, draws: max(1, sample.drawsPerChain), thin: thin, proposal: proposal)
        return SampleReport.Origin(model: model, n: n, prior: prior, lambda: comments["lambda"].flatMap { Double($0) }, settings: settings)
    }

    private static func chainsOf(_ dataset: Dataset, path: String) throws -> [Chain] {
        let columns = try dataset.columnNames.map { try dataset.column(named: $0) }
        var order: [Int] = []
        var rows: [Int: [Int]] = [:]
        for row in 0..<dataset.rowCount {
            let value = columns[0][row]
            guard value >= 1, value < 1e9, value.rounded() == value else {
                throw InferenceError.data("\(value) is not a chain number (1, 2, …)", at: .init(source: path, row: row + 1, column: "chain"))
            }
            let id = Int(value)
            if rows[id] == nil { order.append(id) }
            rows[id, default: []].append(row)
            let accepted = columns[3][row]
            guard accepted == 0 || accepted == 1 else {
                throw InferenceError.data("\(accepted) is neither 0 nor 1", at: .init(source: path, row: row + 1, column: "accepted__"))
            }
            let expected = Double(rows[id]!.count)
            guard columns[1][row] == expected else {
                throw InferenceError.data(
                    "expected draw \(Int(expected)) of chain \(id), got \(columns[1][row])", at: .init(source: path, row: row + 1, column: "draw"))
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

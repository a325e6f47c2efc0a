import Foundation
import Inference

/// The draws file of the contract: CSV with the header `chain,draw,lp__,accepted__,<parameter
/// names>` (HMC and NUTS add Stan's sampler columns after `accepted__`) and one row a kept draw;
/// read by column name; chains are numbered as in the full run, draws 1…D within a
/// chain, `accepted__` is 1 or 0. Numbers are written in their shortest round-trip form, so
/// `infer summarize` reads back the very draws. Before the header, comment lines `# key = value`
/// (as CmdStan's files have; pandas reads past them with `comment="#"`, ArviZ's `from_cmdstan`
/// and R's `read.csv(comment.char = "#")` likewise) say what was sampled: model, n, prior, λ,
/// proposal, warmup, thin, and the run's seed and chains (files summarized together must agree).
enum DrawsFile {
    static let leadingColumns = ["chain", "draw", "lp__", "accepted__"]
    /// The Hamiltonian samplers' columns (Stan's names), after `accepted__`.
    static let hamiltonianColumns = ["stepsize__", "treedepth__", "n_leapfrog__", "divergent__", "energy__"]
    /// The marker of a per-chain file name: `draws-{chain}.csv` writes one file a chain.
    static let chainMarker = "{chain}"

    /// The files `path` names for `ids`: itself, or one a chain when it holds `{chain}`.
    static func paths(_ path: String, ids: [Int]) -> [String] {
        guard path.contains(chainMarker) else { return [path] }
        return ids.map { path.replacingOccurrences(of: chainMarker, with: String($0)) }
    }

    static func write(_ sample: PosteriorSample, origin: SampleReport.Origin, to path: String) throws {
        let chains = sample.chains
        let files = paths(path, ids: chains.map(\.id))
        let texts = files.count == 1 ? [text(sample, chains: chains, origin: origin)] : chains.map { text(sample, chains: [$0], origin: origin) }
        try AtomicFile.write(zip(files, texts).map { ($0, $1) })
    }

    private static func text(_ sample: PosteriorSample, chains: [Chain], origin: SampleReport.Origin) -> String {
        var text = "# infer sample\n# model = \(origin.model)\n# n = \(origin.n)\n# prior = \(origin.prior)\n"
        if let lambda = origin.lambda { text += "# lambda = \(lambda)\n" }
        text += "# proposal = \(origin.settings.proposal.rawValue)\n"
        if origin.settings.proposal.isHamiltonian { text += "# metric = \(origin.settings.metric.resolved(dimension: sample.parameterNames.count).rawValue)\n" }
        text += "# warmup = \(origin.settings.warmup)\n# thin = \(origin.settings.thin)\n"
        // the run's seed and chains: files of one run (its --chain-id parts) agree on them
        text += "# seed = \(origin.settings.seed)\n# chains = \(origin.settings.chains)\n"
        let hamiltonian = chains.allSatisfy { $0.hamiltonian != nil }
        text += (leadingColumns + (hamiltonian ? hamiltonianColumns : []) + sample.parameterNames).joined(separator: ",") + "\n"
        for chain in chains {
            for (index, draw) in chain.draws.enumerated() {
                var cells = [String(chain.id), String(index + 1), "\(chain.logDensity[index])", chain.accepted[index] ? "1" : "0"]
                if hamiltonian, let trace = chain.hamiltonian {
                    cells += [
                        "\(trace.stepSize[index])", String(trace.treeDepth[index]), String(trace.leapfrogSteps[index]),
                        trace.divergent[index] ? "1" : "0", "\(trace.energy[index])",
                    ]
                }
                cells += draw.map { "\($0)" }
                text += cells.joined(separator: ",") + "\n"
            }
        }
        return text
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
            let columnNames = dataset.columnNames
            guard leadingColumns.allSatisfy(columnNames.contains) else {
                throw InferenceError.data(
                    "\(path) is not a draws file of infer sample: its header must have the columns \(leadingColumns.joined(separator: ",")) and the parameters")
            }
            // the parameters are the columns that are neither chain, draw nor a sampler's (…__)
            let parameters = columnNames.filter { $0 != "chain" && $0 != "draw" && !$0.hasSuffix("__") }
            guard !parameters.isEmpty else { throw InferenceError.data("\(path) names no parameter in its header") }
            if let names, names != parameters {
                throw InferenceError.data("\(path) has the parameters \(parameters.joined(separator: ",")), not \(names.joined(separator: ",")) as the files before it")
            }
            names = parameters
            for chain in try chainsOf(dataset, parameters: parameters, path: path) {
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
            chains: max(1, sample.chains.count), warmup: warmup, draws: max(1, sample.drawsPerChain), thin: thin, proposal: proposal,
            metric: comments["metric"].flatMap(MetricKind.init(rawValue:)) ?? .diagonal)
        return SampleReport.Origin(model: model, n: n, prior: prior, lambda: comments["lambda"].flatMap { Double($0) }, settings: settings)
    }

    private static func chainsOf(_ dataset: Dataset, parameters: [String], path: String) throws -> [Chain] {
        let column = { (name: String) throws -> [Double] in try dataset.column(named: name) }
        let (chainColumn, drawColumn, densities, acceptedColumn) = (try column("chain"), try column("draw"), try column("lp__"), try column("accepted__"))
        let values = try parameters.map(column)
        let hamiltonian = hamiltonianColumns.allSatisfy(dataset.columnNames.contains) ? try hamiltonianColumns.map(column) : nil
        var order: [Int] = []
        var rows: [Int: [Int]] = [:]
        for row in 0..<dataset.rowCount {
            let value = chainColumn[row]
            guard value >= 1, value < 1e9, value.rounded() == value else {
                throw InferenceError.data("\(value) is not a chain number (1, 2, …)", at: .init(source: path, row: row + 1, column: "chain"))
            }
            let id = Int(value)
            if rows[id] == nil { order.append(id) }
            rows[id, default: []].append(row)
            for (name, flags) in [("accepted__", acceptedColumn), ("divergent__", hamiltonian?[3])] {
                guard let flag = flags?[row] else { continue }
                guard flag == 0 || flag == 1 else {
                    throw InferenceError.data("\(flag) is neither 0 nor 1", at: .init(source: path, row: row + 1, column: name))
                }
            }
            if let hamiltonian {
                for (k, name) in [(1, "treedepth__"), (2, "n_leapfrog__")] where !(hamiltonian[k][row] >= 0 && hamiltonian[k][row] < 1e9 && hamiltonian[k][row].rounded() == hamiltonian[k][row]) {
                    throw InferenceError.data("\(hamiltonian[k][row]) is not a count", at: .init(source: path, row: row + 1, column: name))
                }
            }
            let expected = Double(rows[id]!.count)
            guard drawColumn[row] == expected else {
                throw InferenceError.data(
                    "expected draw \(Int(expected)) of chain \(id), got \(drawColumn[row])", at: .init(source: path, row: row + 1, column: "draw"))
            }
        }
        return order.map { id in
            let indices = rows[id]!
            let trace = hamiltonian.map { columns in
                HamiltonianTrace(
                    stepSize: indices.map { columns[0][$0] }, treeDepth: indices.map { Int(columns[1][$0]) },
                    leapfrogSteps: indices.map { Int(columns[2][$0]) }, divergent: indices.map { columns[3][$0] == 1 },
                    energy: indices.map { columns[4][$0] })
            }
            return Chain(
                id: id, draws: indices.map { row in values.map { $0[row] } }, logDensity: indices.map { densities[$0] },
                accepted: indices.map { acceptedColumn[$0] == 1 }, hamiltonian: trace)
        }
    }
}

import Inference

/// The `infer sample` (and `infer summarize`) output: the contract's JSON object and the table.
struct SampleReport {
    /// What the draws are of; nil for `summarize`, whose draws files do not say.
    struct Origin {
        let model: String
        let n: Int
        let prior: String
        let lambda: Double?
        let settings: SamplerSettings
    }

    let origin: Origin?
    let sample: PosteriorSample
    let diagnostics: [ParameterDiagnostics]

    init(origin: Origin?, sample: PosteriorSample) {
        self.origin = origin
        self.sample = sample
        diagnostics = sample.diagnostics()
    }

    var warnings: [String] { sample.warnings(diagnostics) }

    /// The divergent transitions of each chain after warmup, for HMC and NUTS (nil otherwise).
    var divergences: [Int]? {
        let traces = sample.chains.compactMap(\.hamiltonian)
        return traces.count == sample.chains.count ? traces.map(\.divergences) : nil
    }

    func json(files: [String]? = nil) -> JSONValue {
        var top = JSONObjectBuilder()
        if let origin {
            top.add("model", origin.model)
            top.add("n", origin.n)
            top.add("prior", origin.prior)
            top.add("lambda", origin.lambda)
            top.add("proposal", origin.settings.proposal.rawValue)
            if origin.settings.proposal.isHamiltonian { top.add("metric", origin.settings.metric.resolved(dimension: sample.parameterNames.count).rawValue) }
            top.add("warmup", origin.settings.warmup)
            top.add("thin", origin.settings.thin)
        }
        if let files { top.add("files", .array(files.map { .string($0) })) }
        top.add("chains", sample.chains.count)
        top.add("chainIds", .array(sample.chains.map { .integer($0.id) }))
        top.add("draws", sample.drawsPerChain)
        top.add("acceptanceRate", .array(sample.chains.map { .number($0.acceptanceRate) }))
        if let divergences { top.add("divergences", .array(divergences.map { .integer($0) })) }
        let parameters = sample.parameterNames.indices.map { k -> JSONValue in
            let d = diagnostics[k]
            var parameter = JSONObjectBuilder()
            parameter.add("name", sample.parameterNames[k])
            parameter.add("mean", d.mean)
            parameter.add("sd", d.sd)
            parameter.add("mcse", d.mcse)
            parameter.add("q5", d.q5)
            parameter.add("q50", d.q50)
            parameter.add("q95", d.q95)
            parameter.add("essBulk", d.essBulk)
            parameter.add("essTail", d.essTail)
            parameter.add("rhat", d.rhat)
            return parameter.value
        }
        top.add("parameters", .array(parameters))
        return top.value
    }

    func table() -> String {
        var table = Table(header: ["parameter", "mean", "sd", "mcse", "5%", "50%", "95%", "ess bulk", "ess tail", "r-hat"])
        for (name, d) in zip(sample.parameterNames, diagnostics) {
            table.append([
                name, Table.format(d.mean), Table.format(d.sd), Table.format(d.mcse), Table.format(d.q5), Table.format(d.q50),
                Table.format(d.q95), d.essBulk.map { formatSignificant($0, digits: 4) } ?? "—",
                d.essTail.map { formatSignificant($0, digits: 4) } ?? "—", d.rhat.map { formatSignificant($0, digits: 4) } ?? "—",
            ])
        }
        let chains = sample.chains.count
        var title = "\(chains) chain\(chains == 1 ? "" : "s") × \(sample.drawsPerChain) draws"
        if let origin {
            let lambda = origin.lambda.map { ", λ = \(formatSignificant($0, digits: 6))" } ?? ""
            title = "\(origin.model) posterior under \(origin.prior)\(lambda), n = \(origin.n): \(title) after \(origin.settings.warmup) warmup, \(origin.settings.proposal.rawValue) proposal"
        } else {
            title = "draws files: \(title)"
        }
        let rates = sample.chains.map { "\($0.id): \(formatSignificant($0.acceptanceRate, digits: 3))" }.joined(separator: ", ")
        var lines = [title, table.rendered(), "Acceptance rate by chain: \(rates)"]
        if let divergences {
            lines.append("Divergent transitions by chain: " + zip(sample.chains, divergences).map { "\($0.id): \($1)" }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}

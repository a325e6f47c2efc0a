import ArgumentParser
import Foundation
import Inference

/// `infer compare`: the frequentist and the Bayesian answers side by side.
struct CompareCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "MLE with Wald and bootstrap intervals beside MAP, Laplace and posterior intervals.",
        discussion: """
            For each parameter: the MLE with its Wald interval and the BCa bootstrap interval of \
            the MLE (--resamples); the MAP under --prior with the Laplace interval; the posterior \
            mean and the equal-tailed credible interval from Metropolis–Hastings (options as infer \
            sample). An answer that does not exist (a Wald interval on the boundary, the Laplace \
            approximation of a non-smooth prior) is left out with a warning. --subsample 10,100 \
            repeats the comparison on the first n rows to show MLE and MAP converging as the data \
            grow.
            """)

    @Argument(help: "CSV file with a header row; - reads standard input.")
    var file: String

    @OptionGroup var model: ModelOptions

    @OptionGroup var sampler: SamplerOptions

    @Option(help: "Bootstrap replicates B of the MLE's BCa interval.")
    var resamples: Int = 9999

    @Option(help: "Level of every interval.")
    var level: Double = 0.95

    @Option(help: "Also compare on the first n rows, for each n of n1,n2,….")
    var subsample: String?

    @OptionGroup var common: CommonOptions

    func validate() throws {
        try validateBootstrap(resamples: resamples, level: level)
    }

    /// The examples that end `--help`; they run from the package's root on its shipped data.
    static let examples = [
        #"infer compare --model bernoulli --prior "beta(2,2)" Sources/InferCLI/Resources/Examples/flips.csv"#,
        #"infer compare --model exponential --prior "gamma(2,1)" --subsample 10,30 Sources/InferCLI/Resources/Examples/lifetimes.csv"#,
    ]

    /// Figures and draws files, checked before the work.
    var outputFiles: [String?] { [common.plot, sampler.drawsOut] }

    func execute(on console: Console) throws {
        let dataset = try model.load(file, using: model.modelColumns(of:))
        let fullJob = try ModelJob(selection: model, dataset: dataset)
        fullJob.droppedWarning.map(console.warn)
        let sizes = try subsample.map { try Self.parseSizes($0, rows: fullJob.n) } ?? []
        let settings = try sampler.settings(seed: common.seed, recommended: fullJob.recommendedProposal)
        let threads = common.threads ?? ProcessInfo.processInfo.activeProcessorCount
        let plan = try BootstrapPlan(resamples: resamples, seed: common.seed, threads: threads)
        // every job (its data validated) before any comparison runs: a bad subsample fails first
        let jobs = try [fullJob] + sizes.map { size in try ModelJob(selection: model, dataset: dataset, rowLimit: size) }
        let comparisons = try jobs.enumerated().map { k, job in
            try Comparison(
                job: job, settings: settings, plan: plan, level: level, threads: threads, quiet: common.quiet, console: console,
                drawsOut: k == 0 ? sampler.drawsOut : nil)
        }
        let full = comparisons[0]
        let subsamples = Array(comparisons.dropFirst())
        if let plot = common.plot { try AtomicFile.write(CompareFigure.svg(full, subsamples: subsamples, level: level), to: plot) }
        switch common.format {
        case .json:
            var top = JSONObjectBuilder()
            top.add("model", full.job.modelName)
            top.add("n", full.job.n)
            top.add("prior", full.job.priorName)
            top.add("lambda", full.job.lambda)
            top.add("level", level)
            top.add("resamples", resamples)
            top.add("chains", settings.chains)
            top.add("draws", settings.draws)
            top.add("parameters", .array(full.parameterObjects()))
            if !subsamples.isEmpty {
                top.add("subsamples", .array(subsamples.map { comparison in
                    var entry = JSONObjectBuilder()
                    entry.add("n", comparison.job.n)
                    entry.add("parameters", .array(comparison.parameterObjects()))
                    return entry.value
                }))
            }
            console.write(top.value.withDropped(fullJob.dropped, levels: fullJob.targetLevels).serialized())
        case .table:
            var text = [full.table(level: level, resamples: resamples)]
            if !subsamples.isEmpty { text.append(Self.convergenceTable(subsamples + [full])) }
            console.write(text.joined(separator: "\n\n"))
        }
    }

    static func parseSizes(_ text: String, rows: Int) throws -> [Int] {
        try text.split(separator: ",", omittingEmptySubsequences: false).map { part in
            guard let n = Int(part.trimmingCharacters(in: .whitespaces)), n >= 2 else {
                throw InferenceError.usage(
                    "--subsample takes row counts n1,n2,…, each at least 2 (one row has no spread, no jackknife and no bootstrap), got \(InferenceError.excerpt(text))")
            }
            guard n <= rows else { throw InferenceError.usage("--subsample \(n) exceeds the \(rows) rows of the data") }
            return n
        }
    }

    static func convergenceTable(_ comparisons: [Comparison]) -> String {
        var table = Table(header: ["n", "parameter", "mle", "map", "posterior mean"])
        for comparison in comparisons {
            for (k, name) in comparison.names.enumerated() {
                table.append([
                    String(comparison.job.n), name, Table.format(comparison.mle?.estimates[k]), Table.format(comparison.map.estimates[k]),
                    Table.format(comparison.posteriorMeans?[k]),
                ])
            }
        }
        return ["Estimates on the first n rows:", table.rendered()].joined(separator: "\n")
    }
}

/// The answers on one data set; each is nil (with a warning) where it does not exist.
struct Comparison {
    let job: ModelJob
    let mle: PointEstimate?
    /// One a parameter; nil where there is none (all of them without an MLE).
    let wald: [ClosedRange<Double>?]
    let bootstrap: [BootstrapSummary]?
    let map: PointEstimate
    let laplace: [ClosedRange<Double>]?
    let posteriorMeans: [Double]?
    let credible: [ClosedRange<Double>]?

    var names: [String] { map.parameterNames }

    init(
        job: ModelJob, settings: SamplerSettings, plan: BootstrapPlan, level: Double, threads: Int, quiet: Bool, console: Console,
        drawsOut: String?
    ) throws {
        self.job = job
        let prefix = "n = \(job.n): "
        // a usage error (a prior the model does not take) ends the run, unless the answer simply
        // does not exist for this model (no Laplace approximation, an improper posterior)
        func attempt<T>(_ what: String, usageIsAbsence: Bool = false, _ body: () throws -> T) throws -> T? {
            do { return try body() } catch let error as InferenceError where error.exitCode != 64 || usageIsAbsence {
                console.warn("\(prefix)no \(what): \(error.template)")
                return nil
            }
        }
        // the estimate under the prior must exist (its failure ends the run with its own one-line
        // error); the MLE may not (separated classes under a gaussian prior, say)
        let map = try job.estimate()
        self.map = map
        let mle = try attempt("MLE") { try job.estimate(flat: true) }
        self.mle = mle
        // what the fits say of themselves (an estimate on the boundary: no Wald interval), as fit does
        mle?.warnings.forEach { console.warn("\(prefix)MLE: \($0)") }
        map.warnings.forEach { console.warn("\(prefix)MAP: \($0)") }
        // one entry a parameter, nil throughout when there is no MLE
        wald = try mle.map { try $0.intervals(level: level) } ?? map.parameterNames.map { _ in nil }
        bootstrap = try mle == nil ? nil : attempt("bootstrap interval") {
            let progress = ProgressBar(label: "bootstrap", total: plan.resamples, quiet: quiet)
            defer { progress.finish() }
            let result = try job.bootstrap(plan: plan, flat: true, progress: progress.reporter)
            if let warning = try result.checkFailures() { console.warn(prefix + warning) }
            return try result.summaries(method: .bca, level: level, accelerations: try job.accelerations(seed: plan.seed, flat: true))
        }
        laplace = try attempt("Laplace interval", usageIsAbsence: true) { try job.laplace().intervals(level: level) }
        let sample = try attempt("posterior sample", usageIsAbsence: true) { () throws -> PosteriorSample in
            let progress = ProgressBar(label: "sample", total: settings.chains * (settings.warmup + settings.draws * settings.thin), quiet: quiet)
            defer { progress.finish() }
            return try job.sample(settings: settings, ids: nil, threads: threads, progress: progress.reporter)
        }
        if let sample {
            if let drawsOut {
                let origin = SampleReport.Origin(model: job.modelName, n: job.n, prior: job.priorName, lambda: job.lambda, settings: settings)
                try DrawsFile.write(sample, origin: origin, to: drawsOut)
            }
            let diagnostics = sample.diagnostics()
            sample.warnings(diagnostics).forEach { console.warn(prefix + $0) }
            posteriorMeans = diagnostics.map(\.mean)
            credible = try sample.credibleIntervals(level: level)
        } else {
            posteriorMeans = nil
            credible = nil
        }
    }

    func parameterObjects() -> [JSONValue] {
        names.indices.map { k in
            var parameter = JSONObjectBuilder()
            parameter.add("name", names[k])
            parameter.add("mle", mle?.estimates[k])
            parameter.add("waldLower", wald[k]?.lowerBound)
            parameter.add("waldUpper", wald[k]?.upperBound)
            parameter.add("bootstrapLower", bootstrap?[k].lower)
            parameter.add("bootstrapUpper", bootstrap?[k].upper)
            parameter.add("map", map.estimates[k])
            parameter.add("laplaceLower", laplace?[k].lowerBound)
            parameter.add("laplaceUpper", laplace?[k].upperBound)
            parameter.add("posteriorMean", posteriorMeans?[k])
            parameter.add("credibleLower", credible?[k].lowerBound)
            parameter.add("credibleUpper", credible?[k].upperBound)
            return parameter.value
        }
    }

    func table(level: Double, resamples: Int) -> String {
        let percent = formatSignificant(level * 100, digits: 4)
        var table = Table(header: ["parameter", "mle", "wald", "bootstrap (BCa)", "map", "laplace", "posterior mean", "credible"])
        func interval(_ range: ClosedRange<Double>?) -> String {
            guard let range else { return "—" }
            return "[\(Table.format(range.lowerBound)), \(Table.format(range.upperBound))]"
        }
        for k in names.indices {
            table.append([
                names[k], Table.format(mle?.estimates[k]), interval(wald[k]),
                interval(bootstrap?[k].interval), Table.format(map.estimates[k]), interval(laplace?[k]),
                Table.format(posteriorMeans?[k]), interval(credible?[k]),
            ])
        }
        let lambda = job.lambda.map { ", λ = \(formatSignificant($0, digits: 6))" } ?? ""
        return [
            "\(job.modelName), n = \(job.n): frequentist (MLE) and Bayesian (prior \(job.priorName)\(lambda)) answers, \(percent)% intervals",
            table.rendered(),
            "Wald: MLE ± z·SE; bootstrap: BCa of the MLE, \(resamples) resamples; Laplace: MAP ± z·sd of the Gaussian approximation (both on the log or logit scale of a positive parameter or a probability); credible: equal-tailed, from the posterior draws.",
        ].joined(separator: "\n")
    }
}

import ArgumentParser
import Foundation
import Inference

/// `infer sample`: posterior draws (NUTS by default), with ArviZ's diagnostics.
struct SampleCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Posterior draws (NUTS, HMC or Metropolis–Hastings) with R-hat, bulk and tail ESS, MCSE and quantiles.",
        discussion: """
            The posterior is model × prior (linear: the contract's posterior of intercept, \
            weights and sigma). Bounded parameters are sampled on an unconstrained scale with the \
            Jacobian. Chain k runs on stream k of --seed, so --chain-id K gives the chain K of a \
            full run, on any --threads; spread chains over machines and combine them:

              infer sample data.csv --model gamma --chain-id 1 --draws-out c1.csv
              (… one a chain)
              infer summarize c1.csv c2.csv c3.csv c4.csv

            In a Slurm job array (#SBATCH --array=1-4) or a Kubernetes Indexed Job, \
            --chain-id env --draws-out 'c{chain}.csv' runs the task's chain.

            Warns when R-hat > 1.01 or an ESS < 400, and when NUTS or HMC transitions \
            diverged.
            """)

    @Argument(help: "CSV file with a header row; - reads standard input.")
    var file: String

    @OptionGroup var model: ModelOptions

    @OptionGroup var sampler: SamplerOptions

    @Option(
        help: ArgumentHelp(
            "Run only chain K of the --chains of a full run, on its own random stream; env takes K from a Slurm job array or a Kubernetes Indexed Job.",
            valueName: "K|env"))
    var chainId: String?

    @Option(help: "The Indexed Job's completions for --chain-id env under Kubernetes (default: --chains).")
    var shards: Int?

    @OptionGroup var common: CommonOptions

    /// The examples that end `--help`; they run from the package's root on its shipped data.
    static let examples = [
        #"infer sample --model bernoulli --prior "beta(2,2)" Sources/InferCLI/Resources/Examples/flips.csv"#,
        #"infer sample --model gaussian --prior "normal(170,10)" --draws-out draws.csv Sources/InferCLI/Resources/Examples/gaussian.csv"#,
        #"infer sample --model logistic --target y --features x1,x2 --prior gaussian --proposal laplace Sources/InferCLI/Resources/Examples/classes.csv"#,
    ]

    /// Figures and draws files, checked before the work.
    var outputFiles: [String?] { [common.plot, sampler.drawsOut] }

    func execute(on console: Console) throws {
        let job = try ModelJob(selection: model, file: file)
        let settings = try sampler.settings(seed: common.seed, recommended: job.recommendedProposal)
        job.droppedWarning.map(console.warn)
        let ids = try chainID(chains: settings.chains).map { [$0] }
        let chainCount = ids?.count ?? settings.chains
        let progress = ProgressBar(label: "sample", total: chainCount * (settings.warmup + settings.draws * settings.thin), quiet: common.quiet)
        let sample = try job.sample(
            settings: settings, ids: ids, threads: common.threads ?? ProcessInfo.processInfo.activeProcessorCount, progress: progress.reporter)
        progress.finish()
        let origin = SampleReport.Origin(model: job.modelName, n: job.n, prior: job.priorName, lambda: job.lambda, settings: settings)
        if let path = sampler.drawsOut { try DrawsFile.write(sample, origin: origin, to: path) }
        if let plot = common.plot { try AtomicFile.write(SampleFigure.svg(sample, model: job.modelName), to: plot) }
        let report = SampleReport(origin: origin, sample: sample)
        report.warnings.forEach(console.warn)
        console.write(common.format == .json ? report.json().withDropped(job.dropped, levels: job.targetLevels).serialized() : report.table())
    }
}

extension SampleCommand {
    /// The chain `--chain-id` names: a number, or the scheduler's shard with `env` (whose count
    /// must be the run's chains); nil for every chain.
    func chainID(chains: Int) throws -> Int? {
        guard let chainId else {
            if shards != nil { throw InferenceError.usage("--shards goes with --chain-id env") }
            return nil
        }
        guard chainId == SchedulerShard.word else {
            guard let id = Int(chainId) else { throw InferenceError.usage("--chain-id takes a chain number or env, got \(InferenceError.excerpt(chainId))") }
            return id
        }
        // a Kubernetes index needs a count: the run's chains unless --shards says otherwise
        let environment = ProcessInfo.processInfo.environment
        let defaultCount = environment["SLURM_ARRAY_TASK_ID"] == nil ? chains : nil
        let (index, count) = try SchedulerShard.resolve(environment, shards: shards ?? defaultCount, option: "--chain-id")
        guard count == chains else {
            throw InferenceError.usage("--chain-id env: the scheduler runs \(count) tasks but the run has --chains \(chains); give one task a chain")
        }
        return index
    }
}

/// `infer summarize`: the summary of draws files written by several runs.
struct SummarizeCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "summarize",
        abstract: "Summarize draws files from several runs as one run with all their chains.",
        discussion: """
            Reads the --draws-out files of infer sample (e.g. one chain a machine, run with \
            --chain-id) and prints the summary of the union of their chains: the same numbers as \
            one run with all those chains. Each chain may appear in one file only; all files need \
            the same parameters and draws a chain.
            """)

    @Argument(help: "Draws files of infer sample.")
    var files: [String]

    @OptionGroup var common: CommonOptions

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one draws file") }
    }

    /// The examples that end `--help`; they run from the package's root on its shipped data.
    static let examples = [
        #"infer sample --model gamma --chain-id 1 --draws-out c1.csv Sources/InferCLI/Resources/Examples/lifetimes.csv"#,
        #"infer sample --model gamma --chain-id 2 --draws-out c2.csv Sources/InferCLI/Resources/Examples/lifetimes.csv"#,
        #"infer summarize c1.csv c2.csv"#,
    ]

    /// Figures and draws files, checked before the work.
    var outputFiles: [String?] { [common.plot] }

    func execute(on console: Console) throws {
        let (sample, origin) = try DrawsFile.read(files)
        if let plot = common.plot { try AtomicFile.write(SampleFigure.svg(sample, model: origin?.model ?? "draws"), to: plot) }
        let report = SampleReport(origin: origin, sample: sample)
        report.warnings.forEach(console.warn)
        console.write(common.format == .json ? report.json(files: files).serialized() : report.table())
    }
}

import ArgumentParser
import Foundation
import Inference

/// `infer bootstrap`: bootstrap intervals of a statistic or of a model's parameters.
struct BootstrapCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "bootstrap",
        abstract: "Bootstrap intervals (percentile, basic, BCa, studentized) of a statistic or of a model's parameters.",
        discussion: """
            Replicate k resamples with stream k of --seed, so results do not depend on --threads. \
            Spread a large run over machines (e.g. Slurm array jobs, Kubernetes indexed jobs):

              infer bootstrap data.csv --statistic mean --shard 3/8 \\
                    --replicates-out part3.csv
              infer bootstrap data.csv --statistic mean --merge part1.csv … part8.csv

            In a Slurm job array (#SBATCH --array=1-8) or a Kubernetes Indexed Job (add \
            --shards 8), --shard env takes K and N from the scheduler, and --replicates-out \
            'part{shard}.csv' names each shard's file. The merged output is byte for byte the output of one unsharded run. --parametric \
            draws each replicate from the fitted model (regressions: new targets at the same \
            features); BCa then takes its acceleration from the jackknife of the data.
            """)

    @Argument(help: "CSV file with a header row; - reads standard input.")
    var file: String?

    @Option(help: "A statistic: mean, median, sd, var, quantile:Q, trimmed-mean:F or correlation.")
    var statistic: String?

    @Option(help: "The two columns of --statistic correlation, as A,B.")
    var columns: String?

    @Option(help: "Number of bootstrap replicates B.")
    var resamples: Int = 9999

    @Option(help: "Confidence level.")
    var level: Double = 0.95

    @Option(help: "Interval: percentile, basic, bca or studentized.")
    var method: BootstrapMethod = .bca

    @Flag(help: "Resample from the fitted --model (new samples, or new targets at the same features) instead of the rows; with --statistic, the statistic of samples from the fitted family.")
    var parametric = false

    @Option(
        help: ArgumentHelp(
            "Compute only shard K of N of the replicates (with --replicates-out); env takes K and N from a Slurm job array or a Kubernetes Indexed Job.",
            valueName: "K/N|env"))
    var shard: String?

    @Option(help: "N for --shard env under a Kubernetes Indexed Job (its completions); under Slurm, checked against the array.")
    var shards: Int?

    @Option(help: ArgumentHelp("Write this shard's replicates to FILE; {shard} in the name becomes K.", valueName: "file"))
    var replicatesOut: String?

    @Option(parsing: .upToNextOption, help: "Merge replicates files of a sharded run (same data, options and seed).")
    var merge: [String] = []

    @OptionGroup var selection: ModelOptions

    @OptionGroup var common: CommonOptions

    mutating func validate() throws {
        // --merge takes every word after it: a data file written last ends its list
        if file == nil, merge.count > 1 { file = merge.removeLast() }
        guard file != nil else { throw ValidationError("Missing expected argument '<file>'") }
        try validateBootstrap(resamples: resamples, level: level)
        guard statistic != nil || selection.model != nil else { throw ValidationError("give --statistic or --model") }
        guard statistic == nil || selection.model == nil || parametric else {
            throw ValidationError("give either --statistic or --model (both only with --parametric: the statistic of samples from the fitted model)")
        }
        if (shard == nil) != (replicatesOut == nil) { throw ValidationError("--shard and --replicates-out go together") }
        if shard != nil && !merge.isEmpty { throw ValidationError("--shard and --merge exclude each other") }
        if shards != nil && shard != SchedulerShard.word { throw ValidationError("--shards goes with --shard env") }
    }

    /// The examples that end `--help`; they run from the package's root on its shipped data.
    static let examples = [
        #"infer bootstrap --statistic mean Sources/InferCLI/Resources/Examples/lifetimes.csv"#,
        #"infer bootstrap --model gamma --resamples 999 --method percentile Sources/InferCLI/Resources/Examples/lifetimes.csv"#,
        #"infer bootstrap --model logistic --target y --features x1,x2,x3 --resamples 499 Sources/InferCLI/Resources/Examples/classes.csv"#,
    ]

    /// Figures and draws files, checked before the work.
    var outputFiles: [String?] { [common.plot, replicatesOut?.replacingOccurrences(of: Self.shardMarker, with: "1")] }

    /// The marker in `--replicates-out` that becomes the shard's number K.
    static let shardMarker = "{shard}"

    func execute(on console: Console) throws {
        if common.plot != nil, replicatesOut != nil {
            throw InferenceError.usage("--plot draws the replicates of a whole run: use it with --merge, not with --shard")
        }
        if parametric && selection.model == nil {
            throw InferenceError.usage("--parametric draws from a fitted model: add --model, e.g. --statistic \(InferenceError.excerpt(statistic ?? "mean")) --model gaussian --parametric")
        }
        let shardPair = try shard.map { try SchedulerShard.parse($0, shards: shards) }
        let replicatesOut = shardPair.flatMap { pair in self.replicatesOut?.replacingOccurrences(of: Self.shardMarker, with: String(pair.index)) }
        let plan = try BootstrapPlan(
            resamples: resamples, seed: common.seed, threads: common.threads ?? ProcessInfo.processInfo.activeProcessorCount,
            shard: shardPair.map { (index: $0.0, count: $0.1) })
        let dataset = try selection.load(file ?? "-")
        let fingerprint = ReplicatesFile.fingerprint(
            dataset: dataset, options: [statistic ?? "", columns ?? "", selection.description, String(common.seed), parametric ? "parametric" : ""])
        let job = try BootstrapJob(command: self, dataset: dataset)
        job.droppedWarning.map(console.warn)
        let progress = ProgressBar(label: "bootstrap", total: plan.replicateRange.count, quiet: common.quiet || !merge.isEmpty)
        var result = try job.replicates(
            plan: merge.isEmpty ? plan : nil, studentized: method == .studentized, parametric: parametric, progress: progress.reporter)
        progress.finish()
        if let replicatesOut, let shardPair {
            try ReplicatesFile.write(result, resamples: resamples, fingerprint: fingerprint, shard: (shardPair.index, shardPair.count), to: replicatesOut)
            let range = plan.replicateRange
            switch common.format {
            case .table: console.write("wrote replicates \(range.lowerBound)–\(range.upperBound - 1) of \(resamples) to \(replicatesOut)")
            case .json:
                // standard output is one JSON object: what the shard computed and where it went
                var top = JSONObjectBuilder()
                top.add("model", job.modelName)
                top.add("n", job.n)
                top.add("dropped", job.dropped)
                top.add("resamples", resamples)
                top.add("shard", .array([.integer(shardPair.index), .integer(shardPair.count)]))
                top.add("replicates", .array([.integer(range.lowerBound), .integer(range.upperBound - 1)]))
                top.add("replicatesOut", replicatesOut)
                top.add("parameters", .array(result.parameterNames.map { name in
                    var parameter = JSONObjectBuilder()
                    parameter.add("name", name)
                    return parameter.value
                }))
                console.write(top.value.serialized())
            }
            return
        }
        if !merge.isEmpty {
            let replicates = try ReplicatesFile.read(merge, resamples: resamples, fingerprint: fingerprint, parameterNames: result.parameterNames)
            result = BootstrapResult(
                parameterNames: result.parameterNames, estimates: result.estimates,
                estimateVariances: result.estimateVariances, replicates: replicates)
        }
        if let warning = try result.checkFailures() { console.warn(warning) }
        let accelerations = method == .bca ? try job.accelerations() : nil
        let summaries = try result.summaries(method: method, level: level, accelerations: accelerations)
        if let plot = common.plot { try AtomicFile.write(BootstrapFigure.svg(result, summaries: summaries, method: method, level: level), to: plot) }
        let report = BootstrapReport(
            model: job.modelName, n: job.n, method: method, level: level, resamples: resamples, result: result,
            summaries: summaries, accelerations: accelerations)
        console.write(common.format == .json ? report.json().withDropped(job.dropped, levels: job.targetLevels).serialized() : report.table())
    }
}

import ArgumentParser
import Foundation
import Inference

extension IntervalMethod: ExpressibleByArgument {}

/// `infer calibrate`: do the intervals mean what they say? Coverage studies and simulation-based
/// calibration.
struct CalibrateCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Coverage of Wald, bootstrap, Laplace and credible intervals on simulated data, and simulation-based calibration of the sampler.",
        discussion: """
            Simulates --replications data sets of each of --sizes from the model at --truth \
            (families need no FILE; a regression simulates its target at the first rows of \
            FILE's design), computes each of --methods on each, and reports how often each \
            interval holds the truth: coverage, its Monte-Carlo standard error, the mean width, \
            and the failures (data sets where a method gave no interval). With a proper prior \
            and no --truth, each replication draws its truth from the prior: a credible interval \
            then covers exactly its level. --sbc runs simulation-based calibration of the \
            sampler instead (Talts et al. 2018): θ from the prior, data from the model, the rank \
            of θ among --draws thinned posterior draws; add --methods to run both.

            Replication r uses stream r of --seed, so results do not depend on --threads, and \
            shards merge to the bytes of one run:

              infer calibrate --model exponential --truth rate=2 --sizes 10,100 \\
                    --shard 2/8 --results-out part2.csv
              infer calibrate --model exponential --truth rate=2 --sizes 10,100 \\
                    --merge part1.csv … part8.csv

            In a Slurm job array or a Kubernetes Indexed Job (add --shards N), --shard env takes \
            K and N from the scheduler and {shard} in --results-out becomes K.
            """)

    @Argument(help: "A regression's CSV file, whose design the targets are simulated at; families take none.")
    var file: String?

    @OptionGroup var selection: ModelOptions

    @Option(help: ArgumentHelp("The true parameters, NAME=VALUE,… (every parameter); default: drawn from a proper --prior.", valueName: "name=value,…"))
    var truth: String?

    @Option(help: ArgumentHelp("Rows of each simulated data set, n1,n2,… (required for families; regressions: FILE's rows).", valueName: "n1,n2,…"))
    var sizes: String?

    @Option(help: "Simulated data sets R of each size.")
    var replications: Int = 1000

    @Option(help: "Bootstrap resamples B of the percentile and BCa intervals.")
    var resamples: Int = 999

    @Option(
        help: ArgumentHelp(
            "Interval methods, from wald, percentile, bca, laplace, credible (default: all that apply: the last two need a --prior).",
            valueName: "m1,m2,…"))
    var methods: String?

    @Option(help: "The intervals' level.")
    var level: Double = 0.95

    @Flag(help: "Simulation-based calibration of the sampler's posterior (needs a proper prior).")
    var sbc = false

    @Option(help: "Warmup iterations of each posterior sample (SBC and credible intervals without an exact posterior).")
    var warmup: Int = 500

    @Option(help: "Kept draws L of each posterior sample: SBC ranks lie in 0…L.")
    var draws: Int = 199

    @Option(help: "Keep every T-th iteration after warmup, so that the kept draws are nearly independent.")
    var thin: Int = 5

    @Option(help: "Proposal of the posterior samples: nuts, hmc, adaptive, laplace or random-walk (default: as infer sample).")
    var proposal: ProposalKind?

    @Option(help: "Metric of nuts and hmc: auto, diag or dense.")
    var metric: MetricKind = .automatic

    @Option(help: "Bins of the SBC rank histograms and their chi-square test (must divide L + 1).")
    var bins: Int = 20

    @Option(
        help: ArgumentHelp(
            "Run only shard K of N of the replications (with --results-out); env takes K and N from a Slurm job array or a Kubernetes Indexed Job.",
            valueName: "K/N|env"))
    var shard: String?

    @Option(help: "N for --shard env under a Kubernetes Indexed Job (its completions); under Slurm, checked against the array.")
    var shards: Int?

    @Option(help: ArgumentHelp("Write this shard's results to FILE; {shard} in the name becomes K.", valueName: "file"))
    var resultsOut: String?

    @Option(parsing: .upToNextOption, help: "Merge the results files of a sharded run (same options and seed).")
    var merge: [String] = []

    @OptionGroup var common: CommonOptions

    mutating func validate() throws {
        // --merge takes every word after it: a regression's data file written last ends its list
        if file == nil, merge.count > 1, selection.model?.isFamily == false { file = merge.removeLast() }
        guard replications >= 1 else { throw ValidationError("--replications must be at least 1, got \(replications)") }
        try validateLevel(level)
        guard selection.model != nil else { throw ValidationError("give --model: the model the data sets are simulated from") }
        guard bins >= 2, (draws + 1) % bins == 0 else {
            throw ValidationError("--bins \(bins) must be at least 2 and divide --draws + 1 = \(draws + 1) (e.g. --draws 199 --bins 20)")
        }
        if (shard == nil) != (resultsOut == nil) { throw ValidationError("--shard and --results-out go together") }
        if shard != nil && !merge.isEmpty { throw ValidationError("--shard and --merge exclude each other") }
        if shards != nil && shard != SchedulerShard.word { throw ValidationError("--shards goes with --shard env") }
    }

    /// The examples that end `--help`; they run from the package's root on its shipped data.
    static let examples = [
        #"infer calibrate --model exponential --truth rate=2 --sizes 10,30,100 --replications 100 --resamples 199 --prior "gamma(2,1)""#,
        #"infer calibrate --model bernoulli --prior "beta(2,2)" --sizes 10,100 --methods wald,credible --replications 500"#,
        #"infer calibrate --model poisson --prior "gamma(2,1)" --sizes 20 --sbc --replications 100 --warmup 200 --draws 99 --bins 10"#,
    ]

    /// Figures and results files, checked before the work.
    var outputFiles: [String?] { [common.plot, resultsOut?.replacingOccurrences(of: BootstrapCommand.shardMarker, with: "1")] }

    func execute(on console: Console) throws {
        if common.plot != nil, resultsOut != nil {
            throw InferenceError.usage("--plot draws a whole study: use it with --merge, not with --shard")
        }
        let study = try CalibrationJob(command: self)
        study.droppedWarning.map(console.warn)
        let shardPair = try shard.map { try SchedulerShard.parse($0, shards: shards) }
        if let shardPair, !(shardPair.index >= 1 && shardPair.index <= shardPair.count && shardPair.count <= replications) {
            throw InferenceError.usage("--shard K/N needs 1 ≤ K ≤ N ≤ --replications (\(replications)), got \(shardPair.index)/\(shardPair.count)")
        }
        let range = shardPair.map { (index, count) in
            (index - 1) * replications / count + 1...index * replications / count
        } ?? 1...replications
        let outcome: CalibrationOutcome
        if merge.isEmpty {
            let progress = ProgressBar(label: "calibrate", total: range.count * study.passes, quiet: common.quiet)
            outcome = try study.run(replications: range, threads: common.threads ?? ProcessInfo.processInfo.activeProcessorCount, progress: progress.reporter)
            progress.finish()
        } else {
            outcome = try CalibrationResultsFile.read(merge, layout: study.layout, fingerprint: study.fingerprint, coverage: study.coverageStudy != nil)
        }
        if let shardPair, let resultsOut = resultsOut?.replacingOccurrences(of: BootstrapCommand.shardMarker, with: String(shardPair.index)) {
            try CalibrationResultsFile.write(outcome, layout: study.layout, fingerprint: study.fingerprint, shard: shardPair, to: resultsOut)
            switch common.format {
            case .table: console.write("wrote replications \(range.lowerBound)–\(range.upperBound) of \(replications) to \(resultsOut)")
            case .json:
                var top = JSONObjectBuilder()
                top.add("model", study.modelName)
                top.add("replications", replications)
                top.add("shard", .array([.integer(shardPair.index), .integer(shardPair.count)]))
                top.add("range", .array([.integer(range.lowerBound), .integer(range.upperBound)]))
                top.add("resultsOut", resultsOut)
                console.write(top.value.serialized())
            }
            return
        }
        let report = study.report(outcome, bins: bins)
        if let plot = common.plot { try AtomicFile.write(CalibrationFigure.svg(report), to: plot) }
        report.warnings.forEach(console.warn)
        console.write(common.format == .json ? report.json().serialized() : report.table())
    }
}

import ArgumentParser
import Inference

/// The two output formats of the contract.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}

/// The options every subcommand takes.
struct CommonOptions: ParsableArguments {
    @Option(help: "Output: a human table or exactly one JSON object (table, json).")
    var format: OutputFormat = .table

    @OptionGroup var run: RunOptions

    @Option(help: "Write the subcommand's figure as SVG to this file.")
    var plot: String?

    var seed: UInt64 { run.seed }
    var threads: Int? { run.threads }
    var quiet: Bool { run.quiet }

    func validate() throws {
        if let plot, !plot.lowercased().hasSuffix(".svg") { throw ValidationError("--plot needs a file name ending in .svg, got \(plot)") }
    }
}

/// The seed, the threads and the progress bar: how a run goes, never what it gives.
struct RunOptions: ParsableArguments {
    @Option(help: "Seed of every random choice; same inputs and seed give the same bytes.")
    var seed: UInt64 = 1

    @Option(help: "Worker threads (default: all cores); results never depend on it.")
    var threads: Int?

    @Flag(help: "No progress bar (it is also off when standard error is not a terminal).")
    var quiet = false

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, got \(threads)") }
    }
}

/// A check of the library run when the options are parsed: its error becomes ArgumentParser's
/// (exit 64 with a pointer to `--help`), the settings it names worded as flags.
func validating(_ check: () throws(InferenceError) -> Void) throws {
    do { try check() } catch { throw ValidationError(InferMain.flagged(error.template)) }
}

/// `--level` checked once, when the options are parsed, by the library's own rule.
func validateLevel(_ level: Double) throws { try validating { () throws(InferenceError) in try ConfidenceLevel.validate(level) } }

/// `--level` and `--resamples` of a bootstrap interval: enough replicates to reach its ends.
func validateBootstrap(resamples: Int, level: Double) throws {
    try validateLevel(level)
    try validating { () throws(InferenceError) in
        if resamples >= 1 { try BootstrapPlan.requireResamples(resamples, level: level) }
    }
}

import ArgumentParser

/// `infer`: frequentist and Bayesian answers to "what are the parameters, and how sure are we?"
struct Infer: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "infer",
        abstract: "Estimate parameters and their uncertainty: MLE and MAP, bootstrap, Laplace, Metropolis–Hastings, λ tuning.",
        discussion: """
            Exit codes: 0 success, 64 usage error, 65 data error, 70 numerical failure.
            Results go to standard output; warnings and errors, one line each, to standard error.
            """,
        version: version,
        subcommands: [
            FitCommand.self, PredictCommand.self, BootstrapCommand.self, SampleCommand.self, SummarizeCommand.self, CalibrateCommand.self,
            LaplaceCommand.self, TuneCommand.self, CompareCommand.self, DemoCommand.self,
        ])
}

/// A subcommand that writes its results to a ``Console``.
protocol ConsoleCommand: ParsableCommand {
    /// Two or three commands that run on the data shipped with the package, from its root:
    /// the end of the subcommand's `--help`.
    static var examples: [String] { get }
    /// The files the command will write (`--plot`, `--draws-out`, …), checked before any work:
    /// each must be a file in a directory that exists, never a directory.
    var outputFiles: [String?] { get }
    /// `--threads`: the most threads the library's own passes may use while the command runs
    /// (``Parallelism/limit``); nil for every core.
    var threadLimit: Int? { get }
    func execute(on console: Console) throws
}

extension SampleCommand { var threadLimit: Int? { common.threads } }
extension SummarizeCommand { var threadLimit: Int? { common.threads } }
extension LaplaceCommand { var threadLimit: Int? { common.threads } }
extension CalibrateCommand { var threadLimit: Int? { common.threads } }
extension TuneCommand { var threadLimit: Int? { common.threads } }
extension FitCommand { var threadLimit: Int? { common.threads } }
extension CompareCommand { var threadLimit: Int? { common.threads } }
extension PredictCommand { var threadLimit: Int? { run.threads } }
extension BootstrapCommand { var threadLimit: Int? { common.threads } }
extension DemoCommand { var threadLimit: Int? { threads } }

extension Infer {
    /// The EXAMPLES section of the help of the subcommand named in `arguments` (`infer fit
    /// --help`, `infer help fit`), or "" for the root's help.
    static func examplesSection(for arguments: [String]) -> String {
        let commands = configuration.subcommands.compactMap { $0 as? any ConsoleCommand.Type }
        guard let name = arguments.first(where: { word in commands.contains { $0.configuration.commandName == word } }),
            let command = commands.first(where: { $0.configuration.commandName == name })
        else { return "" }
        return "\nEXAMPLES (from the package's root, on its shipped data):\n" + command.examples.map { "  \($0)\n" }.joined()
    }
}

extension ConsoleCommand {
    mutating func run() throws {
        let console = Console()
        try execute(on: console)
        InferMain.flush(console)
    }
}

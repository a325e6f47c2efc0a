import ArgumentParser
import Inference

/// A subcommand of the contract that this version does not have yet: it says so in one line
/// and exits 64, whatever its arguments.
protocol PendingCommand: ConsoleCommand {
    var arguments: [String] { get }
}

extension PendingCommand {
    func execute(on console: Console) throws {
        let name = Self.configuration.commandName ?? "this subcommand"
        throw InferenceError.usage("infer \(name) is not built yet in this version of infer (\(Infer.version))")
    }
}

struct TuneCommand: PendingCommand {
    static let configuration = CommandConfiguration(
        commandName: "tune", abstract: "Choose λ by cross-validation, LOO, GCV or the evidence (not built yet).")
    @Argument(parsing: .allUnrecognized) var arguments: [String] = []
}

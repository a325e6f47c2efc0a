import ArgumentParser
import Foundation
import GSL
import Inference

/// The entry point of the `infer` executable.
public enum InferMain {
    /// What one invocation printed and returned.
    public struct Outcome: Sendable {
        /// The process exit code.
        public let exitCode: Int32
        /// Everything written to standard output.
        public let output: String
        /// Everything written to standard error.
        public let errors: String
    }

    /// Runs `infer` with the process's arguments, writes both streams and exits with the
    /// contract's code.
    public static func run() -> Never {
        // nothing has called BLAS yet: its workers need not spin through a short run
        GSLRuntime.keepBLASToOneThreadWhereKernelsAreGeneric()
        GSLRuntime.stopIdleBLASWorkers()
        // no thread of infer's calls BLAS while another phase of its work runs
        GSLRuntime.allowStoppingIdleBLASWorkersBetweenPhases()
        AtomicFile.removeTemporariesOnSignals()
        let outcome = execute(Array(CommandLine.arguments.dropFirst()))
        StandardStream.write(outcome.output, to: .standardOutput)
        StandardStream.write(outcome.errors, to: .standardError)
        exit(outcome.exitCode)
    }

    /// Runs `infer` with `arguments` and returns what it would print; never exits the process.
    public static func execute(_ arguments: [String]) -> Outcome {
        let console = Console()
        do {
            var command = try parse(arguments)
            if let command = command as? ConsoleCommand {
                for path in command.outputFiles.compactMap(\.self) { try AtomicFile.checkDestination(path) }
                // the passes' threads for this command (restored after: a test may run several)
                let previous = Parallelism.limit
                Parallelism.limit = command.threadLimit
                defer { Parallelism.limit = previous }
                try command.execute(on: console)
            } else {
                try command.run()
            }
            return Outcome(exitCode: 0, output: console.output, errors: warningLines(console))
        } catch let error as InferenceError {
            return Outcome(
                exitCode: error.exitCode, output: "", errors: warningLines(console) + errorLine(error.template))
        } catch {
            let code = Infer.exitCode(for: error).rawValue
            let message = Infer.message(for: error)
            if code == 0 {
                let message = Infer.fullMessage(for: error)
                let examples = message.hasPrefix("OVERVIEW:") ? Infer.examplesSection(for: arguments) : ""
                return Outcome(exitCode: 0, output: console.output + message + "\n" + examples, errors: "")
            }
            let line = oneLine(message)
            let subcommands = Infer.configuration.subcommands.compactMap { $0.configuration.commandName }
            let helpCommand = arguments.first.map { subcommands.contains($0) ? "infer \($0)" : "infer" } ?? "infer"
            return Outcome(exitCode: code, output: "", errors: errorLine(line, then: " (see '\(helpCommand) --help')"))
        }
    }

    /// The command `arguments` ask for. Arguments that start with a subcommand's name are parsed
    /// by that subcommand itself first: ArgumentParser (1.8) would read them leniently for the
    /// root, and on meeting the subcommand's name build the subcommand's arguments three more
    /// times by reflection (≈ 1 ms of a 40 ms run). A parse that succeeds gives the same
    /// command either way (the root has no options of its own); help (which the subcommand
    /// alone would answer with a help command of its own, without the root's `--version`), the
    /// version and errors take the root's parse, for its messages.
    static func parse(_ arguments: [String]) throws -> ParsableCommand {
        if let name = arguments.first,
            let subcommand = Infer.configuration.subcommands.first(where: { $0.configuration.commandName == name }),
            let command = try? subcommand.parseAsRoot(Array(arguments.dropFirst())),
            type(of: command) == subcommand
        {
            return command
        }
        return try Infer.parseAsRoot(arguments)
    }

    /// ArgumentParser's message as one line: its first, with the bulleted choices that follow
    /// a long list's "one of the following:" written inline ("one of 'a', 'b' or 'c'.").
    static func oneLine(_ message: String) -> String {
        let lines = message.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let first = lines.first else { return "invalid arguments" }
        let lead = " the following:"
        let choices = lines.dropFirst().filter { $0.hasPrefix("- ") }.map { "'\($0.dropFirst(2))'" }
        guard first.hasSuffix(lead), let last = choices.last else { return first }
        return first.dropLast(lead.count) + " " + (choices.count > 1 ? choices.dropLast().joined(separator: ", ") + " or " : "") + last + "."
    }

    static func warningLines(_ console: Console) -> String {
        console.warnings.map { line("infer: warning: ", $0) }.joined()
    }

    static func errorLine(_ message: String, then suffix: String = "") -> String { line("infer: error: ", message, then: suffix) }

    /// The longest line `infer` writes to standard error, in characters.
    static let lineLimit = 400

    /// `prefix`, the message and `suffix` as one line of printable text of at most
    /// ``lineLimit`` characters: the message's control characters escaped and the message cut,
    /// whatever text of the user's it quotes (the parts that quote cells, names and paths are
    /// cut shorter where they are made).
    static func line(_ prefix: String, _ message: String, then suffix: String = "") -> String {
        // a cut message ends in "… (N more characters)": 40 characters at most of its own
        prefix + InferenceError.excerpt(flagged(message), limit: max(40, lineLimit - prefix.count - suffix.count - 40)) + suffix + "\n"
    }

    /// A message of the library with each setting it names (``InferenceError/setting(_:)``) as
    /// its flag: `level` as `--level`. Only the command line knows flags.
    static func flagged(_ message: String) -> String {
        InferenceError(.usage, message).message(naming: { "--\($0)" })
    }

    static func flush(_ console: Console) {
        StandardStream.write(console.output, to: .standardOutput)
        StandardStream.write(warningLines(console), to: .standardError)
    }
}

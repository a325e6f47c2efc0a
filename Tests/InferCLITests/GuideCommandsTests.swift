import Foundation
import InferCLI
import Testing
import TestSupport

/// Every `infer` command shown in README.md and Docs/*.md runs and succeeds on the data it
/// names, so that the guides cannot drift from the program. Commands on placeholder files
/// (`data.csv`, a shell loop's `chain$k.csv` and what reads them) are left out; output files go
/// to a scratch directory.
@Suite struct GuideCommandsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `infer …` commands of the ```sh blocks of the guides, continuation lines joined,
    /// trailing comments dropped, as (file, words after `infer`).
    static func commands() throws -> [(String, [String])] {
        let docs = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Docs").path)
            .filter { $0.hasSuffix(".md") }.sorted().map { "Docs/\($0)" }
        var found: [(String, [String])] = []
        for file in ["README.md"] + docs {
            let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            var inShell = false
            var pending = ""
            for line in text.components(separatedBy: "\n") {
                if line.hasPrefix("```") {
                    inShell = !inShell && line.hasPrefix("```sh")
                    continue
                }
                guard inShell else { continue }
                var command = pending + line.trimmingCharacters(in: .whitespaces)
                if command.hasSuffix("\\") {
                    pending = String(command.dropLast()) + " "
                    continue
                }
                pending = ""
                if let comment = command.range(of: "  #") { command = String(command[..<comment.lowerBound]) }
                for prefix in ["infer ", ".build/release/infer "] where command.hasPrefix(prefix) {
                    let words = split(String(command.dropFirst(prefix.count)))
                    if !words.contains(where: { $0.contains("$") || $0 == "data.csv" || ($0.contains("*") && !$0.contains("~")) }) { found.append((file, words)) }
                }
            }
        }
        return found
    }

    /// Shell words: whitespace-separated, double or single quotes grouping and removed.
    static func split(_ command: String) -> [String] {
        var words: [String] = [], current = "", quote: Character? = nil
        for character in command {
            if character == "\"" || character == "'", quote == nil || quote == character {
                quote = quote == nil ? character : nil
            } else if character == " " && quote == nil {
                if !current.isEmpty { words.append(current) }
                current = ""
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    @Test func everyCommandOfTheGuidesRuns() throws {
        let scratch = ScratchDirectory()
        let commands = try Self.commands()
        #expect(commands.count >= 19)
        var drawsFiles: [String: String] = [:]
        var ran = 0
        commandLoop: for (file, words) in commands {
            var arguments: [String] = []
            var previous = ""
            for word in words {
                let output = ["--plot", "--draws-out", "--replicates-out", "--plot-dir", "--save"].contains(previous)
                if !output, word.hasSuffix(".csv"), drawsFiles[word] == nil,
                    !FileManager.default.fileExists(atPath: Self.root.appendingPathComponent(word).path)
                {
                    continue commandLoop  // written by a shell loop the test leaves out
                }
                if ["--plot", "--draws-out", "--replicates-out", "--save"].contains(previous) {
                    let path = scratch.url.appendingPathComponent(URL(fileURLWithPath: word).lastPathComponent).path
                    drawsFiles[word] = path
                    arguments.append(path)
                } else if previous == "--plot-dir" {
                    arguments.append(scratch.url.path)
                } else if let written = drawsFiles[word] {
                    arguments.append(written)  // a file an earlier command of the guide wrote
                } else if FileManager.default.fileExists(atPath: Self.root.appendingPathComponent(word).path) {
                    arguments.append(Self.root.appendingPathComponent(word).path)
                } else {
                    arguments.append(word)
                }
                previous = word
            }
            let outcome = InferMain.execute(arguments + ["--quiet"])
            #expect(outcome.exitCode == 0, "\(file): infer \(words.joined(separator: " ")): \(outcome.errors)")
            ran += 1
        }
        #expect(ran >= 18)
    }
}

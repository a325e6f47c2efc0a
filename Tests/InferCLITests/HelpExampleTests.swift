import Foundation
@testable import InferCLI
import Testing
import TestSupport

/// Every subcommand's `--help` ends with examples on the shipped data, and each runs; no
/// option its help lists is then refused for itself.
@Suite struct HelpExampleTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let scratch = ScratchDirectory()

    static let subcommands = ["fit", "predict", "bootstrap", "sample", "summarize", "laplace", "tune", "compare", "demo"]

    /// The examples as the help prints them, each run in order (summarize reads what the sample
    /// examples before it wrote, predict the fit the fit example saved): shipped data from the
    /// package's root, files they write in a scratch directory.
    @Test(arguments: subcommands)
    func theExamplesEndTheHelpAndRun(_ name: String) throws {
        let help = InferMain.execute([name, "--help"])
        #expect(help.exitCode == 0)
        let section = try #require(help.output.components(separatedBy: "\nEXAMPLES (from the package's root, on its shipped data):\n").last)
        let examples = section.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect((2...3).contains(examples.count) && examples.allSatisfy { $0.hasPrefix("infer \(name) ") || $0 == "infer \(name)" || ["summarize", "predict"].contains(name) })
        #expect(help.output.hasSuffix(examples.last.map { "\($0)\n" } ?? ""), "the examples end the help")
        for example in examples {
            let words = GuideCommandsTests.split(String(example.dropFirst("infer ".count))).map { word -> String in
                if word.hasPrefix("Sources/") { return Self.root.appendingPathComponent(word).path }
                if word.hasSuffix(".csv") || word.hasSuffix(".json") || word == "figures" { return scratch.url.appendingPathComponent(word).path }
                return word
            }
            let outcome = InferMain.execute(words + (words.first == "demo" ? [] : ["--quiet"]))
            #expect(outcome.exitCode == 0, "\(example): \(outcome.errors)")
        }
    }

    /// The demo's JSON: one object, its seven sections each with a title, numbers and figures;
    /// the coin's MAP under beta(2,2) is 4/5 exactly.
    @Test func theDemoWritesItsNumbersAsJSON() throws {
        let outcome = InferMain.execute(["demo", "--format", "json"])
        #expect(outcome.exitCode == 0 && outcome.output.filter { $0 == "\n" }.count == 1)
        let object = try #require(JSONSerialization.jsonObject(with: Data(outcome.output.utf8)) as? [String: Any])
        let sections = try #require(object["sections"] as? [[String: Any]])
        #expect(sections.count == 7)
        #expect(sections.allSatisfy { ($0["title"] as? String)?.isEmpty == false && ($0["rows"] != nil || $0["fit"] != nil) })
        let coin = try #require(sections[0]["rows"] as? [[String: Any]])
        #expect(coin.first { $0["prior"] as? String == "beta(2,2) (MAP)" }?["estimate"] as? Double == 0.8)
        #expect(coin.first?["lower"] == nil)  // the MLE on the boundary has no interval
        #expect((sections[2]["bootstrap"] as? [String: Any])?["lower"] is Double)
    }

    /// The commands the demo prints beside its sections give its numbers: the evidence's and both
    /// CV rules' λ of section 4, the bootstrap interval of section 3 (same data, seed and grid,
    /// so the same bits on one machine).
    @Test func theDemosCommandsGiveItsNumbers() throws {
        let demo = InferMain.execute(["demo", "--format", "json"])
        let sections = try #require((try JSONSerialization.jsonObject(with: Data(demo.output.utf8)) as? [String: Any])?["sections"] as? [[String: Any]])
        let text = InferMain.execute(["demo"]).output
        let commands = text.split(separator: "\n").compactMap { line -> [String]? in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("$ infer "), !trimmed.contains("PRIOR") else { return nil }
            let command = trimmed.components(separatedBy: "   (").first ?? trimmed  // a note in parentheses ends some
            return GuideCommandsTests.split(String(command.dropFirst("$ infer ".count))).map { word in
                word.hasPrefix("Sources/") ? Self.root.appendingPathComponent(word).path
                    : word.hasSuffix(".svg") || word.hasSuffix(".json") ? scratch.url.appendingPathComponent(word).path : word
            }
        }
        #expect(commands.count == 13)
        func json(_ arguments: [String]) throws -> [String: Any] {
            let outcome = InferMain.execute(arguments + ["--format", "json", "--quiet"])
            #expect(outcome.exitCode == 0, "\(arguments): \(outcome.errors)")
            return try #require(JSONSerialization.jsonObject(with: Data(outcome.output.utf8)) as? [String: Any])
        }
        let sparse = try #require(sections[3]["rows"] as? [[String: Any]])
        let tunes = commands.filter { $0.first == "tune" && $0.last?.hasSuffix("sparse.csv") == true }
        #expect(tunes.count == 3)
        for (command, row) in zip(tunes, sparse.dropFirst()) {
            #expect(try json(command)["selected"] as? Double == row["lambda"] as? Double, "\(command)")
        }
        // section 5: λ by CV on the training rows, then the lasso's test accuracy from its saved fit
        let classes = try #require(sections[4]["rows"] as? [[String: Any]])
        let classTunes = commands.filter { $0.first == "tune" && $0.last?.hasSuffix("classes.csv") == true }
        #expect(classTunes.count == 2)
        for (command, row) in zip(classTunes, classes.dropFirst()) {
            #expect(try json(command)["selected"] as? Double == row["lambda"] as? Double, "\(command)")
        }
        for command in commands where command.first == "fit" { _ = try json(command) }  // one saves the lasso for predict
        let predict = try #require(commands.first { $0.first == "predict" })
        let score = try #require(try json(predict)["score"] as? [String: Any])
        #expect(score["accuracy"] as? Double == classes[2]["testAccuracy"] as? Double)
        let bootstrap = try #require(commands.first { $0.first == "bootstrap" })
        let interval = try #require((try json(bootstrap)["parameters"] as? [[String: Any]])?.first)
        let demoInterval = try #require(sections[2]["bootstrap"] as? [String: Any])
        #expect(interval["lower"] as? Double == demoInterval["lower"] as? Double && interval["upper"] as? Double == demoInterval["upper"] as? Double)
        for command in commands where ["sample", "laplace"].contains(command.first) { _ = try json(command) }
    }

    /// The options of the demo's help are all honoured: --plot and --seed are not among them.
    @Test func theDemoListsOnlyWhatItTakes() {
        let help = InferMain.execute(["demo", "--help"]).output
        #expect(!help.contains("--plot <") && !help.contains("--seed"))
        #expect(InferMain.execute(["demo", "--plot", "x.svg"]).exitCode == 64)
    }
}

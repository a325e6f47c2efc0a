import Foundation
@testable import InferCLI
import Testing
import TestSupport

/// Every subcommand's `--help` ends with examples on the shipped data, and each runs; no
/// option its help lists is then refused for itself.
@Suite struct HelpExampleTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let scratch = ScratchDirectory()

    static let subcommands = ["fit", "predict", "bootstrap", "sample", "summarize", "calibrate", "laplace", "tune", "compare", "demo"]

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

    /// The demo's JSON: one object, its eight sections each with a title, numbers and figures;
    /// the coin's MAP under beta(2,2) is 4/5 exactly.
    @Test func theDemoWritesItsNumbersAsJSON() throws {
        let outcome = InferMain.execute(["demo", "--format", "json"])
        #expect(outcome.exitCode == 0 && outcome.output.filter { $0 == "\n" }.count == 1)
        let object = try #require(JSONSerialization.jsonObject(with: Data(outcome.output.utf8)) as? [String: Any])
        let sections = try #require(object["sections"] as? [[String: Any]])
        #expect(sections.count == 9)
        #expect(sections.allSatisfy { ($0["title"] as? String)?.isEmpty == false && Set($0.keys).subtracting(["title", "figures"]).count > 0 })
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
                    : word.hasSuffix(".svg") || word.hasSuffix(".json") || word == "draws.csv" ? scratch.url.appendingPathComponent(word).path : word
            }
        }
        #expect(commands.count == 21)
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
        let predict = try #require(commands.first { $0.first == "predict" && $0.contains { $0.hasSuffix("lasso.json") } })
        let score = try #require(try json(predict)["score"] as? [String: Any])
        #expect(score["accuracy"] as? Double == classes[2]["testAccuracy"] as? Double)
        let bootstrap = try #require(commands.first { $0.first == "bootstrap" })
        let interval = try #require((try json(bootstrap)["parameters"] as? [[String: Any]])?.first)
        let demoInterval = try #require(sections[2]["bootstrap"] as? [String: Any])
        #expect(interval["lower"] as? Double == demoInterval["lower"] as? Double && interval["upper"] as? Double == demoInterval["upper"] as? Double)
        for command in commands where ["sample", "laplace"].contains(command.first) { _ = try json(command) }
        // section 8: infer calibrate gives the demo's coverage, method by method and size by size
        let coverage = try #require(sections[7]["rows"] as? [[String: Any]])
        let studies = commands.filter { $0.first == "calibrate" }
        #expect(studies.count == 2)
        for command in studies {
            let model = try #require(command.firstIndex(of: "--model").map { command[$0 + 1] })
            let entries = try #require(try json(command)["coverage"] as? [[String: Any]])
            let rows = coverage.filter { $0["model"] as? String == model }
            #expect(entries.count == rows.count && !rows.isEmpty, "\(model)")
            for (entry, row) in zip(entries, rows) {
                #expect(entry["coverage"] as? Double == row["coverage"] as? Double && entry["meanWidth"] as? Double == row["meanWidth"] as? Double
                    && entry["failures"] as? Int == row["failures"] as? Int, "\(model) \(row)")
            }
        }
        // section 9: the delta-method and the posterior intervals of the first four test rows
        let dropout = try #require(sections[8]["dropout"] as? [[String: Any]])
        for (key, draws) in [("delta", false), ("posterior", true)] {
            let command = try #require(commands.first { $0.first == "predict" && $0.contains { $0.hasSuffix("map.json") } && $0.contains("--draws") == draws })
            let rows = try #require(try json(command)["predictions"] as? [[String: Any]])
            for (row, demoRow) in zip(rows.prefix(4), dropout) {
                #expect(row["lower"] as? Double == demoRow[key + "Lower"] as? Double && row["upper"] as? Double == demoRow[key + "Upper"] as? Double, "\(key)")
            }
        }
    }

    /// The demo's deep-learning lessons hold: gradient descent with weight decay λ stops at the
    /// MAP of --lambda λ (the manual λ‖θ‖² at --lambda 2λ, 0.1 away from --lambda λ's); without
    /// a prior each start ends at the interpolation nearest it, and the starts' fits differ; with
    /// one they all end at the MAP; MC dropout at p = 0.5 is wider than both intervals and
    /// leaves [0, 1]. Bounds: the descent stops at a gradient of 1e-10, the fits are exact to 1e-12.
    @Test func theDemosDeepLearningLessonsHold() throws {
        let demo = InferMain.execute(["demo", "--format", "json"])
        let sections = try #require((try JSONSerialization.jsonObject(with: Data(demo.output.utf8)) as? [String: Any])?["sections"] as? [[String: Any]])
        let decay = try #require(sections[8]["weightDecay"] as? [[String: Any]])
        #expect(decay.count == 3 && decay.allSatisfy { ($0["distance"] as? Double ?? 1) < 1e-8 })
        #expect((decay[2]["distanceToLambda1"] as? Double ?? 0) > 0.1 && decay[2]["lambda"] as? String == "--lambda 2")
        let starts = try #require(sections[8]["initialisation"] as? [[String: Any]])
        #expect(starts.count == 6)
        let free = starts.filter { $0["decay"] as? Double == 0 }, decayed = starts.filter { $0["decay"] as? Double == 1 }
        #expect(free.allSatisfy { ($0["distanceToNearest"] as? Double ?? 1) < 1e-8 && ($0["trainingRSS"] as? Double ?? 1) < 1e-12 })
        let testErrors = free.compactMap { $0["testMSE"] as? Double }
        #expect(testErrors.count == 3 && testErrors.max()! > 2 * testErrors.min()!)
        #expect(decayed.allSatisfy { ($0["distanceToMAP"] as? Double ?? 1) < 1e-8 })
        let dropout = try #require(sections[8]["dropout"] as? [[String: Any]])
        #expect(dropout.count == 4)
        for row in dropout {
            let width = { (key: String) in (row[key + "Upper"] as? Double ?? .nan) - (row[key + "Lower"] as? Double ?? .nan) }
            #expect(width("dropout5") > width("delta") && width("dropout5") > width("posterior") && width("dropout5") > width("dropout1"))
        }
        #expect(dropout.contains { ($0["dropout5Lower"] as? Double ?? 0) < 0 || ($0["dropout5Upper"] as? Double ?? 0) > 1 })
    }

    /// The options of the demo's help are all honoured: --plot and --seed are not among them.
    @Test func theDemoListsOnlyWhatItTakes() {
        let help = InferMain.execute(["demo", "--help"]).output
        #expect(!help.contains("--plot <") && !help.contains("--seed"))
        #expect(InferMain.execute(["demo", "--plot", "x.svg"]).exitCode == 64)
    }
}

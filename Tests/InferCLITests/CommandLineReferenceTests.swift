import Foundation
import InferCLI
import Testing
import TestSupport

/// Docs/CommandLine.md, the full reference of the command line, lists exactly the options each
/// subcommand's `--help` lists, and documents every JSON field each subcommand writes (the
/// commands of its ```sh blocks run with the other guides', in GuideCommandsTests).
@Suite struct CommandLineReferenceTests {
    static let reference: String = {
        let url = GuideCommandsTests.root.appendingPathComponent("Docs/CommandLine.md")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }()

    /// The text of the section `## infer NAME`, up to the next `## `.
    static func section(_ name: String) -> String {
        let parts = reference.components(separatedBy: "\n## ")
        return parts.first { $0.hasPrefix("infer \(name)\n") }.map { "## " + $0 } ?? ""
    }

    /// `--flags` of a help text's OPTIONS.
    static func helpFlags(_ help: String) -> Set<String> {
        let options = help.components(separatedBy: "\nOPTIONS:\n").last?.components(separatedBy: "\nEXAMPLES").first ?? ""
        // an option's line is indented by two spaces, its description's continuation further
        return Set(options.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("  -"), !line.hasPrefix("   ") else { return nil }
            guard let flag = line.split(separator: " ").first(where: { $0.hasPrefix("--") }) else { return nil }
            return String(flag.split(separator: ",").first ?? flag)
        })
    }

    /// `--flags` opening the first cell of the section's table rows.
    static func documentedFlags(_ section: String) -> Set<String> {
        Set(section.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("| `--") else { return nil }
            let cell = line.dropFirst(3)
            return cell.prefix { !($0 == " " || $0 == "`" || $0 == "=") }.description
        })
    }

    @Test(arguments: HelpExampleTests.subcommands)
    func everyOptionOfTheHelpIsDocumented(_ name: String) {
        let section = Self.section(name)
        #expect(!section.isEmpty, "Docs/CommandLine.md has no section ## infer \(name)")
        let help = Self.helpFlags(InferMain.execute([name, "--help"]).output)
        let documented = Self.documentedFlags(section)
        #expect(help.subtracting(documented).isEmpty, "\(name): in --help, not in the reference: \(help.subtracting(documented).sorted())")
        #expect(documented.subtracting(help).isEmpty, "\(name): in the reference, not in --help: \(documented.subtracting(help).sorted())")
    }

    /// Every field name of a subcommand's JSON on shipped data appears in its section (as
    /// `"name"` or `name` in backticks).
    @Test(arguments: [
        ("fit", ["fit", "--model", "gamma", "lifetimes.csv"]),
        ("fit", ["fit", "--model", "bernoulli", "--prior", "beta(2,2)", "coin-flips.csv"]),
        ("bootstrap", ["bootstrap", "--statistic", "mean", "--resamples", "199", "lifetimes.csv"]),
        ("sample", ["sample", "--model", "bernoulli", "--prior", "beta(2,2)", "--draws", "200", "flips.csv"]),
        ("laplace", ["laplace", "--model", "bernoulli", "--prior", "beta(2,2)", "coin-flips.csv"]),
        ("tune", ["tune", "--model", "linear", "--target", "y", "--prior", "laplace", "--lambdas", "10", "sparse.csv"]),
        ("tune", ["tune", "--model", "linear", "--target", "y", "--prior", "gaussian", "--method", "evidence", "sparse.csv"]),
        ("compare", ["compare", "--model", "bernoulli", "--prior", "beta(2,2)", "--resamples", "199", "--draws", "200", "flips.csv"]),
        ("demo", ["demo"]),
        ("calibrate", ["calibrate", "--model", "poisson", "--prior", "gamma(2,1)", "--sizes", "10", "--replications", "20", "--resamples", "99", "--sbc", "--methods", "wald,bca,credible", "--warmup", "100", "--draws", "49", "--bins", "10"]),
        ("calibrate", ["calibrate", "--model", "exponential", "--truth", "rate=2", "--sizes", "10", "--replications", "10", "--methods", "wald"]),
    ] as [(String, [String])])
    func everyJSONFieldIsDocumented(_ name: String, _ arguments: [String]) throws {
        let examples = GuideCommandsTests.root.appendingPathComponent("Sources/InferCLI/Resources/Examples")
        let words = arguments.map { $0.hasSuffix(".csv") ? examples.appendingPathComponent($0).path : $0 }
        let outcome = InferMain.execute(words + ["--format", "json"] + (name == "demo" ? [] : ["--quiet"]))
        #expect(outcome.exitCode == 0, "\(outcome.errors)")
        let object = try #require(JSONSerialization.jsonObject(with: Data(outcome.output.utf8)) as? [String: Any])
        var keys: Set<String> = []
        func collect(_ value: Any, depth: Int) {
            if let dictionary = value as? [String: Any] {
                for (key, inner) in dictionary {
                    keys.insert(key)
                    if depth < 3 { collect(inner, depth: depth + 1) }
                }
            } else if let array = value as? [Any] {
                array.forEach { collect($0, depth: depth) }
            }
        }
        collect(object, depth: 0)
        let section = Self.section(name)
        let missing = keys.filter { !section.contains("`\($0)`") && !section.contains("\"\($0)\"") }
        #expect(missing.isEmpty, "\(name): JSON fields not in Docs/CommandLine.md: \(missing.sorted())")
    }
}

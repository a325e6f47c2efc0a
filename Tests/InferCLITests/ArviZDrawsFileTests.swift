import Foundation
import InferCLI
import Testing
import TestSupport

/// ArviZ reads the per-chain draws files of `--draws-out 'draws-{chain}.csv'` as CmdStan's:
/// Tests/References/samplers/arviz_cmdstan.py ran `arviz.from_cmdstan` on four files infer wrote
/// and committed what it saw. Those files must summarize to ArviZ's numbers, and a fresh run must
/// write files of the same layout.
@Suite struct ArviZDrawsFileTests {
    let scratch = ScratchDirectory()

    struct Reference: Decodable {
        struct Parameter: Decodable {
            let mean: Double
            let sd: Double
            let ess_bulk: Double
            let ess_tail: Double
            let r_hat: Double
        }
        let files: [String]
        let chains: Int
        let draws: Int
        let variables: [String]
        let sample_stats: [String]
        let diverging: Int
        let n_steps: Int
        let parameters: [String: Parameter]
    }

    @Test func arviZReadsTheFilesAsChainsWithInfersDiagnostics() throws {
        let reference = try References.decode(Reference.self, from: "samplers/arviz_cmdstan.json")
        let paths = reference.files.map { References.url("samplers/\($0)").path }
        #expect(reference.chains == 4 && reference.draws == 200 && reference.variables == ["shape", "rate"])
        // Stan's sampler columns, as ArviZ names them
        #expect(Set(["diverging", "energy", "lp", "n_steps", "step_size", "tree_depth"]).isSubset(of: Set(reference.sample_stats)))
        let outcome = InferMain.execute(["summarize", "--format", "json"] + paths)
        #expect(outcome.exitCode == 0, "\(outcome.errors)")
        let object = try #require(JSONSerialization.jsonObject(with: Data(outcome.output.utf8)) as? [String: Any])
        #expect(object["chains"] as? Int == reference.chains && object["draws"] as? Int == reference.draws)
        #expect((object["divergences"] as? [Int])?.reduce(0, +) == reference.diverging)
        let parameters = try #require(object["parameters"] as? [[String: Any]])
        #expect(parameters.map { $0["name"] as? String } == reference.variables)
        for parameter in parameters {
            let name = try #require(parameter["name"] as? String)
            let expected = try #require(reference.parameters[name])
            for (key, value) in [("mean", expected.mean), ("sd", expected.sd), ("essBulk", expected.ess_bulk), ("essTail", expected.ess_tail), ("rhat", expected.r_hat)] {
                let mine = try #require(parameter[key] as? Double)
                // the same definitions on the same numbers: agreement to rounding
                #expect(abs(mine - value) <= 1e-9 * max(1, abs(value)), "\(name) \(key): \(mine) vs ArviZ \(value)")
            }
        }
        // n_leapfrog__ is what ArviZ calls n_steps
        var steps = 0
        for path in paths {
            let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }
            let column = try #require(lines[0].split(separator: ",").firstIndex(of: "n_leapfrog__"))
            steps += lines.dropFirst().reduce(0) { $0 + Int($1.split(separator: ",")[column])! }
        }
        #expect(steps == reference.n_steps)
    }

    /// A fresh run writes what ArviZ was shown: one file a chain, the same comment keys and header.
    @Test func aFreshRunWritesTheSameLayout() throws {
        let pattern = scratch.url.appendingPathComponent("fresh-{chain}.csv").path
        let run = InferMain.execute([
            "sample", "--model", "gamma", "--proposal", "nuts", "--warmup", "100", "--draws", "50", "--quiet", "--draws-out", pattern,
            References.url("fit/gamma.csv").path,
        ])
        #expect(run.exitCode == 0, "\(run.errors)")
        func layout(_ path: String) throws -> (keys: [String], header: String, chains: Set<String>) {
            let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            let comments = lines.prefix { $0.hasPrefix("#") }
            let keys = comments.compactMap { $0.split(separator: "=").first?.trimmingCharacters(in: .whitespaces) }
            let rows = lines.dropFirst(comments.count)
            return (keys, String(rows.first ?? ""), Set(rows.dropFirst().map { String($0.split(separator: ",")[0]) }))
        }
        for k in 1...4 {
            let fresh = try layout(pattern.replacingOccurrences(of: "{chain}", with: "\(k)"))
            let committed = try layout(References.url("samplers/gamma-nuts-\(k).csv").path)
            #expect(fresh.keys == committed.keys && fresh.header == committed.header)
            #expect(fresh.chains == ["\(k)"] && committed.chains == ["\(k)"])
        }
    }
}

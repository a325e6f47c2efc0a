import ArgumentParser
import Foundation
@testable import InferCLI
import Testing

/// The Kubernetes manifests of Deploy/kubernetes, checked on paper (no cluster runs them here;
/// the Slurm recipes run on a real cluster in .ci/run): each is a batch/v1 Job whose `infer`
/// command parses as the command line parses it; an Indexed Job's completions are the shards
/// (`--shard env --shards N`) or the chains (`--chain-id env --chains N`) it runs; and each merge
/// or summarize job reads every file its Indexed Job writes, with the same data, options and seed.
@Suite struct DeploymentManifestTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Deploy/kubernetes")

    struct Manifest {
        let name: String
        let lines: [String]
        /// The `infer` arguments of its container's command (after `infer`; a shell command's up to
        /// its redirection).
        let arguments: [String]

        func value(_ key: String) -> String? {
            lines.lazy.map { $0.trimmingCharacters(in: .whitespaces) }.first { $0.hasPrefix("\(key):") }
                .map { String($0.dropFirst(key.count + 1)).trimmingCharacters(in: .whitespaces) }
        }

        func option(_ flag: String) -> String? {
            arguments.firstIndex(of: flag).flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
        }
    }

    static func manifest(_ file: String) throws -> Manifest {
        let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
        let lines = text.split(separator: "\n").map(String.init)
        let line = try #require(lines.first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("command:") }, "\(file) has no command")
        let array = String(line[line.range(of: "[")!.lowerBound...])
        let command = try #require(try JSONSerialization.jsonObject(with: Data(array.utf8)) as? [String])
        var words = command
        if command.first == "sh" {
            #expect(command.count == 3 && command[1] == "-c", "\(file)")
            words = command[2].split(separator: " ").map(String.init).prefix { $0 != ">" }.map { $0 }
        }
        #expect(words.first == "infer", "\(file): \(words)")
        return Manifest(name: file, lines: lines, arguments: Array(words.dropFirst()))
    }

    @Test(arguments: [
        "bootstrap-indexed-job.yaml", "bootstrap-merge-job.yaml", "chains-indexed-job.yaml", "summarize-job.yaml", "calibrate-indexed-job.yaml",
        "calibrate-merge-job.yaml",
    ])
    func eachManifestIsAJobWhoseCommandParses(_ file: String) throws {
        let manifest = try Self.manifest(file)
        #expect(manifest.value("apiVersion") == "batch/v1" && manifest.value("kind") == "Job")
        #expect(manifest.value("restartPolicy") == "Never")
        #expect(throws: Never.self, "\(file): infer \(manifest.arguments)") { _ = try Infer.parseAsRoot(manifest.arguments) }
        if manifest.value("completionMode") == "Indexed" {
            let completions = try #require(manifest.value("completions").flatMap { Int($0) })
            let parallelism = try #require(manifest.value("parallelism").flatMap { Int($0) })
            #expect(parallelism >= 1 && parallelism <= completions)
            if manifest.option("--shard") == "env" {
                #expect(manifest.option("--shards") == String(completions), "\(file)")
                #expect((manifest.option("--replicates-out") ?? manifest.option("--results-out"))?.contains("{shard}") == true)
            } else {
                #expect(manifest.option("--chain-id") == "env" && manifest.option("--chains") == String(completions), "\(file)")
                #expect(manifest.option("--draws-out")?.contains("{chain}") == true)
            }
        }
    }

    /// The merge job reads part1…partN of the N shards with the shards' data, options and seed;
    /// the summarize job reads chain1…chainN of the N chains.
    @Test(arguments: [("bootstrap-indexed-job.yaml", "bootstrap-merge-job.yaml"), ("calibrate-indexed-job.yaml", "calibrate-merge-job.yaml")])
    func mergeJobsReadWhatTheIndexedJobsWrite(_ indexed: String, _ merged: String) throws {
        let shards = try Self.manifest(indexed)
        let merge = try Self.manifest(merged)
        let count = try #require(shards.value("completions").flatMap { Int($0) })
        let pattern = try #require(shards.option("--replicates-out") ?? shards.option("--results-out"))
        let parts = Array(merge.arguments.drop { $0 != "--merge" }.dropFirst())
        #expect(parts == (1...count).map { pattern.replacingOccurrences(of: "{shard}", with: "\($0)") })
        // the options that make the replicates: everything but the shard's own and the output's
        let own: Set<String> = ["--shard", "--shards", "--replicates-out", "--results-out", "--threads", "--format"]
        func options(_ arguments: [String]) -> [String] {
            var kept: [String] = []
            var skip = false
            for word in arguments.prefix(while: { $0 != "--merge" }) {
                if skip { skip = false; continue }
                if own.contains(word) { skip = true; continue }
                if word != "--quiet" { kept.append(word) }
            }
            return kept
        }
        #expect(options(shards.arguments) == options(merge.arguments), "\(options(shards.arguments)) vs \(options(merge.arguments))")
    }

    /// The summarize job reads chain1…chainN of the N chains.
    @Test func theSummarizeJobReadsEveryChain() throws {
        let chains = try Self.manifest("chains-indexed-job.yaml")
        let summarize = try Self.manifest("summarize-job.yaml")
        let chainCount = try #require(chains.value("completions").flatMap { Int($0) })
        let drawsOut = try #require(chains.option("--draws-out"))
        #expect(Array(summarize.arguments.filter { $0.hasSuffix(".csv") }) == (1...chainCount).map { drawsOut.replacingOccurrences(of: "{chain}", with: "\($0)") })
    }
}

import Foundation
@testable import InferCLI
import Inference
import Testing
import TestSupport

/// `--shard env` and `--chain-id env`: the shard from a Slurm job array or a Kubernetes Indexed
/// Job, as the contract's "Many machines" numbers them; the shards of a run, each taking its
/// number from the environment, merge to the bytes of one run.
@Suite struct SchedulerShardTests {
    let scratch = ScratchDirectory()
    let data = References.url("fit/gamma.csv").path

    @Test func theSchedulersVariablesNumberTheShards() throws {
        let slurm = ["SLURM_ARRAY_TASK_ID": "7", "SLURM_ARRAY_TASK_MIN": "5", "SLURM_ARRAY_TASK_COUNT": "4"]
        #expect(try SchedulerShard.resolve(slurm, shards: nil, option: "--shard") == (3, 4))
        #expect(try SchedulerShard.resolve(slurm, shards: 4, option: "--shard") == (3, 4))
        #expect(try SchedulerShard.resolve(["JOB_COMPLETION_INDEX": "0"], shards: 8, option: "--shard") == (1, 8))
        #expect(try SchedulerShard.resolve(["JOB_COMPLETION_INDEX": "7"], shards: 8, option: "--shard") == (8, 8))
        // Slurm before Kubernetes when both are set
        #expect(try SchedulerShard.resolve(slurm.merging(["JOB_COMPLETION_INDEX": "0"]) { a, _ in a }, shards: nil, option: "--shard") == (3, 4))
        let refused: [([String: String], Int?)] = [
            ([:], nil),  // no scheduler
            (["SLURM_ARRAY_TASK_ID": "2"], nil),  // no count or minimum
            (["SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_MIN": "1"], nil),
            (["SLURM_ARRAY_TASK_ID": "x", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_COUNT": "4"], nil),
            (["SLURM_ARRAY_TASK_ID": "7", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_COUNT": "4"], nil),  // 1-7:2
            (slurm, 5),  // --shards disagrees with the array
            (["JOB_COMPLETION_INDEX": "0"], nil),  // Kubernetes without --shards
            (["JOB_COMPLETION_INDEX": "8"], 8),
            (["JOB_COMPLETION_INDEX": "-1"], 8),
        ]
        for (environment, shards) in refused {
            do {
                let shard = try SchedulerShard.resolve(environment, shards: shards, option: "--shard")
                Issue.record("\(environment) \(shards.map(String.init) ?? "-") gave \(shard)")
            } catch {
                #expect(error.kind == .usage && error.message.hasPrefix("--shard env"), "\(error.message)")
            }
        }
    }

    /// Runs the built `infer` with `environment` added to this process's.
    private func infer(_ arguments: [String], environment: [String: String] = [:]) throws -> (code: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = InferExecutableTests.executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment
            .filter { !$0.key.hasPrefix("SLURM_") && $0.key != "JOB_COMPLETION_INDEX" }
            .merging(environment) { _, new in new }
        let (output, errors) = (Pipe(), Pipe())
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    @Test func bootstrapShardsFromASlurmArrayAndAnIndexedJobMergeToOneRun() throws {
        let common = ["bootstrap", "--model", "gamma", "--resamples", "199", "--method", "percentile", "--format", "json", "--quiet"]
        let whole = try infer(common + [data])
        #expect(whole.code == 0, "\(whole.errors)")
        for (kind, environments, extra) in [
            ("slurm", (1...3).map { ["SLURM_ARRAY_TASK_ID": "\($0 + 9)", "SLURM_ARRAY_TASK_MIN": "10", "SLURM_ARRAY_TASK_COUNT": "3"] }, [String]()),
            ("k8s", (0..<3).map { ["JOB_COMPLETION_INDEX": "\($0)"] }, ["--shards", "3"]),
        ] {
            let pattern = scratch.url.appendingPathComponent("\(kind)-{shard}.csv").path
            for environment in environments {
                let shard = try infer(common + ["--shard", "env", "--replicates-out", pattern] + extra + [data], environment: environment)
                #expect(shard.code == 0, "\(kind) \(environment): \(shard.errors)")
            }
            let parts = (1...3).map { pattern.replacingOccurrences(of: "{shard}", with: "\($0)") }
            let merged = try infer(common + [data, "--merge"] + parts)
            #expect(merged.code == 0, "\(kind): \(merged.errors)")
            #expect(merged.output == whole.output, "\(kind)")
        }
        let missing = try infer(common + ["--shard", "env", "--replicates-out", scratch.url.appendingPathComponent("x.csv").path, data])
        #expect(missing.code == 64 && missing.errors.contains("SLURM_ARRAY_TASK_ID") && missing.output.isEmpty)
    }

    @Test func sampleChainsFromASlurmArraySummarizeToOneRun() throws {
        let common = ["sample", "--model", "gamma", "--warmup", "150", "--draws", "150", "--chains", "3", "--format", "json", "--quiet"]
        let whole = try infer(common + [data])
        let pattern = scratch.url.appendingPathComponent("chain-{chain}.csv").path
        for id in 1...3 {
            let environment = ["SLURM_ARRAY_TASK_ID": "\(id)", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_COUNT": "3"]
            let chain = try infer(common + ["--chain-id", "env", "--draws-out", pattern, data], environment: environment)
            #expect(chain.code == 0, "\(chain.errors)")
        }
        let summarized = try infer(["summarize", "--format", "json"] + (1...3).map { pattern.replacingOccurrences(of: "{chain}", with: "\($0)") })
        let part = { (text: String) in String(text[(text.range(of: "\"chains\":")?.lowerBound ?? text.startIndex)...]) }
        #expect(summarized.code == 0 && part(summarized.output) == part(whole.output))
        // an array of 4 tasks for 3 chains is refused, as is a Kubernetes index past the chains
        let wrong = try infer(
            common + ["--chain-id", "env", data], environment: ["SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_COUNT": "4"])
        #expect(wrong.code == 64 && wrong.errors.contains("--chains 3"))
        let past = try infer(common + ["--chain-id", "env", data], environment: ["JOB_COMPLETION_INDEX": "3"])
        #expect(past.code == 64, "\(past.errors)")
        let indexed = try infer(common + ["--chain-id", "env", data], environment: ["JOB_COMPLETION_INDEX": "2"])
        #expect(indexed.code == 0 && indexed.output.contains("\"chainIds\":[3]"), "\(indexed.errors)")
    }
}

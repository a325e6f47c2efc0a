import Foundation
import Inference

/// The shard a job scheduler gives this process, for `--shard env` and `--chain-id env`: a Slurm
/// job array's task (`SLURM_ARRAY_TASK_ID`, with `SLURM_ARRAY_TASK_MIN` and
/// `SLURM_ARRAY_TASK_COUNT`: shard K = id − min + 1 of the array's count), else a Kubernetes
/// Indexed Job's completion index (`JOB_COMPLETION_INDEX`, from 0: shard index + 1 of `shards`).
enum SchedulerShard {
    /// The word that asks for the scheduler's shard.
    static let word = "env"

    /// (K, N), 1 ≤ K ≤ N, from `environment`.
    ///
    /// - Parameters:
    ///   - shards: N as `--shards` gives it: required under Kubernetes (the index alone does not
    ///     say how many there are), checked against the array's count under Slurm.
    ///   - option: the option being resolved (`--shard`, `--chain-id`), for the errors.
    /// - Throws: a usage error (exit 64) when the variables are missing or malformed, or disagree.
    static func resolve(_ environment: [String: String], shards: Int?, option: String) throws(InferenceError) -> (index: Int, count: Int) {
        func number(_ name: String) throws(InferenceError) -> Int {
            guard let text = environment[name] else {
                throw .usage("\(option) env under a Slurm job array needs \(name) in the environment, and it is not set")
            }
            guard let value = Int(text.trimmingCharacters(in: .whitespaces)) else {
                throw .usage("\(option) env: \(name) must be a whole number, got \(InferenceError.excerpt(text))")
            }
            return value
        }
        if environment["SLURM_ARRAY_TASK_ID"] != nil {
            let (id, minimum, count) = (try number("SLURM_ARRAY_TASK_ID"), try number("SLURM_ARRAY_TASK_MIN"), try number("SLURM_ARRAY_TASK_COUNT"))
            let index = id - minimum + 1
            guard count >= 1, (1...count).contains(index) else {
                throw .usage(
                    "\(option) env: Slurm task \(id) of an array from \(minimum) with \(count) tasks is not shard 1…\(max(1, count)) (an array with a step, such as 1-7:2, cannot be numbered so)")
            }
            if let shards, shards != count {
                throw .usage("\(option) env: the Slurm array has \(count) tasks but --shards is \(shards)")
            }
            return (index, count)
        }
        guard let text = environment["JOB_COMPLETION_INDEX"] else {
            throw .usage(
                "\(option) env takes the shard from the scheduler: SLURM_ARRAY_TASK_ID (a Slurm job array) or JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) must be set, and neither is")
        }
        guard let completion = Int(text.trimmingCharacters(in: .whitespaces)), completion >= 0 else {
            throw .usage("\(option) env: JOB_COMPLETION_INDEX must be a whole number from 0, got \(InferenceError.excerpt(text))")
        }
        guard let shards else {
            throw .usage("\(option) env under a Kubernetes Indexed Job needs --shards N (the Job's completions)")
        }
        guard shards >= 1, completion < shards else {
            throw .usage("\(option) env: JOB_COMPLETION_INDEX \(completion) is not below --shards \(shards)")
        }
        return (completion + 1, shards)
    }

    /// `--shard` as given: `K/N`, or `env` for the scheduler's shard (`shards` its N under
    /// Kubernetes); a usage error for anything else.
    static func parse(_ text: String, shards: Int?) throws -> (index: Int, count: Int) {
        if text == word { return try resolve(ProcessInfo.processInfo.environment, shards: shards, option: "--shard") }
        let parts = text.split(separator: "/").map { Int($0) }
        guard parts.count == 2, let k = parts[0], let n = parts[1] else {
            throw InferenceError.usage("--shard takes K/N (e.g. 2/8) or env, got \(InferenceError.excerpt(text))")
        }
        return (k, n)
    }
}

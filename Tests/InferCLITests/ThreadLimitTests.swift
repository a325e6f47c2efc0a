import Foundation
import Testing

#if os(Linux)
import Glibc

/// `--threads 1` holds the whole process to one core: not only the bootstrap's or sampler's
/// workers but the table's parsing and merging, the design and the Newton passes
/// (`Parallelism.limit`), as a job given one CPU by Kubernetes or Slurm needs.
@Suite struct ThreadLimitTests {
    /// Runs `infer` with `arguments` (output discarded): its exit status, wall time and CPU time
    /// (user + system, from wait4), in seconds.
    static func run(_ arguments: [String]) throws -> (status: Int32, wall: Double, cpu: Double) {
        let argv = (["infer"] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let start = Date()
        var pid: pid_t = 0
        try #require(posix_spawn(&pid, InferExecutableTests.executable.path, &actions, nil, argv, environ) == 0)
        var status: Int32 = 0
        var usage = rusage()
        try #require(wait4(pid, &status, 0, &usage) == pid)
        let wall = Date().timeIntervalSince(start)
        let seconds = { (t: timeval) in Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return (status, wall, seconds(usage.ru_utime) + seconds(usage.ru_stime))
    }

    @Test func oneThreadKeepsTheWholeRunOnOneCore() throws {
        guard ProcessInfo.processInfo.activeProcessorCount > 1 else { return }
        // 120,000 rows × 8 features (3 MB: two chunks to parse; 30 row blocks a Newton pass)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("infer-threads-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("classes.csv").path
        var text = "x1,x2,x3,x4,x5,x6,x7,x8,y\n"
        for i in 0..<120_000 {
            let x = (1...8).map { Double((i * $0 * 7919 + 13 * $0) % 1000) / 250 - 2 }
            let y = (x[0] - x[1] + 0.5 * x[2] + Double(i % 7) - 3) > 0 ? 1 : 0
            text += x.map { String($0) }.joined(separator: ",") + ",\(y)\n"
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let limited = try Self.run(["fit", "--model", "logistic", "--target", "y", "--threads", "1", "--format", "json", path])
        #expect(limited.status == 0)
        // one core: CPU time within the wall time (a little over for the kernel's own work);
        // both cores would give ≈ 1.5–1.8 times it
        #expect(limited.cpu <= 1.15 * limited.wall + 0.02, "CPU \(limited.cpu) s in \(limited.wall) s")
    }
}
#endif

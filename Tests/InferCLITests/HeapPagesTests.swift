import Foundation
import Testing

#if os(Linux)
import Glibc

/// `infer` keeps its heap on 2 MiB pages (`GSLRuntime.keepTheHeapOnHugePages()`): a run that
/// writes tens of megabytes of columns and design then takes a few hundred page faults, not one
/// per 4 KiB page it holds.
@Suite struct HeapPagesTests {
    /// The kernel's transparent-huge-page setting, nil where there is none.
    static var transparentHugePages: String? {
        guard let handle = FileHandle(forReadingAtPath: "/sys/kernel/mm/transparent_hugepage/enabled"),
            let data = try? handle.readToEnd(), let text = String(data: data, encoding: .utf8),
            let open = text.firstIndex(of: "["), let close = text.firstIndex(of: "]")
        else { return nil }
        return String(text[text.index(after: open)..<close])
    }

    /// Runs `infer` with `arguments` (output to /dev/null) and returns its exit status, minor page
    /// faults and peak resident memory in bytes, from wait4's resource usage.
    static func usage(_ arguments: [String]) throws -> (status: Int32, faults: Int, peak: Int) {
        let argv = (["infer"] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, InferExecutableTests.executable.path, &actions, nil, argv, environ)
        try #require(spawned == 0)
        var status: Int32 = 0
        var usage = rusage()
        try #require(wait4(pid, &status, 0, &usage) == pid)
        return (status, usage.ru_minflt, usage.ru_maxrss * 1024)
    }

    @Test func aFitOfTensOfMegabytesFaultsInHugePages() throws {
        guard Self.transparentHugePages == "madvise" else { return }
        // 250,000 rows of 8 small integers: 16 MB of columns, 18 MB of design, and their merge
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("infer-heap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("wide.csv").path
        var text = "x1,x2,x3,x4,x5,x6,x7,y\n"
        text.reserveCapacity(250_000 * 20)
        for i in 0..<250_000 {
            let x = (1...7).map { (i * $0 * 7919 + $0) % 10 }
            text += x.map(String.init).joined(separator: ",") + ",\((x.reduce(0, +) + i % 3) % 10)\n"
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let run = try Self.usage(["fit", "--model", "linear", "--target", "y", "--format", "json", path])
        #expect(run.status == 0)
        // in 4 KiB pages every page held costs a fault (the heap alone is over half the peak);
        // in 2 MiB pages the faults are the binary's and the file's, a fraction of the peak
        #expect(run.peak > 40 << 20, "peak \(run.peak)")
        #expect(run.faults * 4096 < run.peak / 4, "\(run.faults) faults, peak \(run.peak) bytes")
    }
}
#endif

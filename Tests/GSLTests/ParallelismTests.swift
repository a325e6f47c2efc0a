import Foundation
@testable import GSL
import Testing

/// The limit on the library's own passes (`infer --threads`). The tests hand `perform` its
/// threads and read the limit's rules from their own setting: the process's limit is set by
/// other suites' in-process `infer` runs meanwhile.
@Suite struct ParallelismTests {
    /// The threads that ran `perform`'s iterations, and how often each iteration ran.
    static func record(iterations: Int, limit: Int?) -> (threads: Set<UInt>, runs: [Int]) {
        final class Record: @unchecked Sendable {
            let lock = NSLock()
            var threads: Set<UInt> = []
            var runs: [Int]
            init(_ count: Int) { runs = [Int](repeating: 0, count: count) }
        }
        let record = Record(iterations)
        Parallelism.perform(iterations: iterations, threads: Parallelism.threads(limit: limit)) { k in
            // enough work that a second worker, where allowed, takes some iterations
            var x = Double(k)
            for _ in 0..<20_000 { x = (x * 1.000001).squareRoot() + 1 }
            record.lock.withLock {
                record.threads.insert(UInt(pthread_self()))
                record.runs[k] += 1 + (x.isNaN ? 1 : 0)
            }
        }
        return (record.threads, record.runs)
    }

    @Test func everyIterationRunsOnceWithinTheLimit() {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        for (iterations, limit) in [(0, nil), (1, nil), (7, 1), (64, 1), (64, 2), (64, nil), (3, 8)] as [(Int, Int?)] {
            let (threads, runs) = Self.record(iterations: iterations, limit: limit)
            #expect(runs == [Int](repeating: 1, count: iterations), "\(iterations) iterations, limit \(String(describing: limit))")
            #expect(threads.count <= min(cores, limit ?? cores), "\(threads.count) threads for a limit of \(String(describing: limit))")
        }
        // one thread: the caller's own, in order
        let caller = UInt(pthread_self())
        #expect(Self.record(iterations: 16, limit: 1).threads == [caller])
    }

    @Test func theLimitIsAtLeastOneAndTheThreadsAtMostTheCores() {
        let setting = Parallelism.Setting()
        #expect(setting.limit == nil)
        setting.limit = 0
        #expect(setting.limit == 1)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        #expect(Parallelism.threads(limit: 1) == 1)
        #expect(Parallelism.threads(limit: 1000) == cores)
        #expect(Parallelism.threads(limit: nil) == cores)
    }
}

import Dispatch
import Foundation

/// How many threads the library's own parallel passes may use: the row passes of the solvers,
/// the parsing and merging of a table, the forming of a design, the products of the vector
/// kernel. (Bootstraps, samplers, calibration and tuning take their threads as an argument.)
///
/// Every such pass splits its work the same way whatever the number of threads, so results
/// never depend on it; the limit bounds the cores a process occupies, as `infer --threads N`
/// promises (a job given one CPU by Kubernetes or Slurm). OpenBLAS keeps its own threads
/// (`OPENBLAS_NUM_THREADS`).
public enum Parallelism {
    /// A lock-guarded limit (at least 1 once set): set once at start-up, read at the start of
    /// each pass.
    final class Setting: @unchecked Sendable {
        private var value: Int?
        private let lock = NSLock()
        var limit: Int? {
            get { lock.withLock { value } }
            set { lock.withLock { value = newValue.map { Swift.max(1, $0) } } }
        }
    }

    private static let setting = Setting()

    /// The most threads a pass may use; nil (the default) for every core.
    public static var limit: Int? {
        get { setting.limit }
        set { setting.limit = newValue }
    }

    /// The threads a pass uses: the cores this process may run on, at most ``limit``.
    public static var threads: Int { threads(limit: limit) }

    /// The cores this process may run on, at most `limit`, at least 1.
    static func threads(limit: Int?) -> Int { Swift.max(1, Swift.min(cores, limit ?? cores)) }

    /// The cores this process may run on (its CPU affinity and cgroup quota), read once: Foundation
    /// reads the cgroup's files at each ask, and a run asks at every parallel pass.
    static let cores = ProcessInfo.processInfo.activeProcessorCount

    /// `body(k)` for k in 0..<iterations on at most `threads` threads at once (``threads`` by
    /// default), each k exactly once; returns when all are done (`DispatchQueue.concurrentPerform`,
    /// which runs as many at once as there are cores, when that is within the limit; on one
    /// thread, in order).
    package static func perform(iterations: Int, threads: Int = Parallelism.threads, _ body: (Int) -> Void) {
        let workers = Swift.min(iterations, threads)
        guard workers > 1 else {
            for k in 0..<iterations { body(k) }
            return
        }
        withoutActuallyEscaping(body) { body in
            let task = UncheckedSendable(body)  // each iteration's body writes only what is its own
            if workers == Swift.min(iterations, cores) {
                DispatchQueue.concurrentPerform(iterations: iterations) { k in task.value(k) }
            } else {
                // fewer workers than Dispatch would start: each takes the next iteration left
                let next = NextIndex()
                DispatchQueue.concurrentPerform(iterations: workers) { _ in
                    while let k = next.take(below: iterations) { task.value(k) }
                }
            }
        }
    }

    /// The next iteration to run, handed out once each and in order.
    package final class NextIndex: @unchecked Sendable {
        private var next = 0
        private let lock = NSLock()
        package init() {}
        package func take(below count: Int) -> Int? {
            lock.withLock {
                guard next < count else { return nil }
                defer { next += 1 }
                return next
            }
        }
    }
}

/// A value handed to parallel workers that only read it, or write disjoint parts of what it
/// points to (a row block, a piece of a file): the reason it may cross threads unchecked.
package struct UncheckedSendable<Value>: @unchecked Sendable {
    package let value: Value
    package init(_ value: Value) { self.value = value }
}

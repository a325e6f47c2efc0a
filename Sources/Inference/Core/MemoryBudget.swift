import Foundation

/// The memory a run may plan to hold: half of the machine's physical memory, so that a size
/// that cannot fit is refused in one line before any work, instead of growing until the
/// system kills the process.
///
/// Each tool states what it keeps per unit of work (a bootstrap replicate, a kept draw, a point
/// of a λ grid) and asks here before it allocates.
public enum MemoryBudget {
    /// Half of `ProcessInfo.physicalMemory`, in bytes.
    public static var bytes: Double { Double(ProcessInfo.processInfo.physicalMemory) / 2 }

    /// A usage error unless `bytes` (computed in floating point, so that no product of sizes
    /// overflows) fits the budget; `what` names the work, as "9999 resamples".
    public static func require(_ bytes: Double, for what: String) throws(InferenceError) {
        guard bytes <= Self.bytes else {
            throw .usage(
                "\(what) would hold \(describe(bytes)) in memory, more than half of this machine's \(describe(2 * Self.bytes)); ask for less")
        }
    }

    /// How many of `requested` pieces of work may run at once when each holds `each` bytes
    /// beside the `shared` bytes they all read: as many as the `budget` holds, at least one (a
    /// size that one piece cannot fit is refused before the work begins).
    package static func concurrent(_ requested: Int, each: Double, shared: Double = 0, budget: Double = bytes) -> Int {
        guard requested > 1, each > 0 else { return max(1, requested) }
        return max(1, Int(min(Double(requested), max(0, budget - shared) / each)))
    }

    /// A size in bytes as "12.3 GB" (decimal units), "8.0e+12 GB" past a petabyte.
    static func describe(_ bytes: Double) -> String {
        let gigabytes = bytes / 1e9
        if gigabytes >= 1e6 { return String(format: "%.1e GB", gigabytes) }
        if gigabytes >= 1 { return String(format: "%.1f GB", gigabytes) }
        return String(format: "%.1f MB", bytes / 1e6)
    }
}

import Foundation
import GSL

/// Empirical influence values by the jackknife, for the BCa acceleration (Efron & Tibshirani
/// 1993, eq. 14.15): Uᵢ = θ̄₍·₎ − θ̂₍₋ᵢ₎, the mean of the leave-one-out estimates minus the
/// estimate without row i.
///
/// For n above ``exactLimit`` the rows are dealt into ``groupCount`` groups by a seeded random
/// permutation and whole groups are left out (the grouped jackknife): the cost is that many
/// evaluations instead of n, and the memory O(n). Each group's influence approximates the sum of
/// its rows' influences, and with random groups Σ U³ and Σ U² keep their expectations up to
/// O(m/n) for groups of m rows, so the acceleration keeps its meaning.
public enum JackknifeInfluence {
    /// Up to this many rows every row is left out in turn.
    public static let exactLimit = 2000
    /// The number of groups beyond ``exactLimit``.
    public static let groupCount = 1000
    /// The stream of the seed that deals the groups (apart from every replicate's stream).
    public static let groupingStream = UInt64.max

    /// The influence values of each of the p components of `statistic` (evaluated on row
    /// indices) for data of `rowCount` rows: p arrays of n (or ``groupCount``) values; nil when
    /// a leave-out estimate fails.
    public static func values(
        rowCount n: Int, seed: UInt64, statistic: (_ indices: [Int]) -> [Double]?
    ) -> [[Double]]? {
        let groups: [[Int]]
        if n <= exactLimit {
            groups = (0..<n).map { [$0] }
        } else {
            guard let generator = try? RandomGenerator(seed: seed, stream: groupingStream) else { return nil }
            var order = Array(0..<n)
            for i in stride(from: n - 1, to: 0, by: -1) { order.swapAt(i, generator.index(below: i + 1)) }
            groups = (0..<groupCount).map { g in Array(order[(g * n / groupCount)..<((g + 1) * n / groupCount)]) }
        }
        var leaveOut: [[Double]] = []
        leaveOut.reserveCapacity(groups.count)
        var keep = [Bool](repeating: true, count: n)
        for group in groups {
            for i in group { keep[i] = false }
            guard let value = statistic((0..<n).filter { keep[$0] }) else { return nil }
            leaveOut.append(value)
            for i in group { keep[i] = true }
        }
        return values(leaveOut: leaveOut)
    }

    /// The influence values of each component from the leave-out estimates θ̂₍₋ᵢ₎ (one array of p
    /// values per row or group left out): θ̄₍·₎ − θ̂₍₋ᵢ₎.
    public static func values(leaveOut: [[Double]]) -> [[Double]] {
        let p = leaveOut.first?.count ?? 0
        return (0..<p).map { j in
            let column = leaveOut.map { $0[j] }
            let mean = column.reduce(0, +) / Double(column.count)
            return column.map { mean - $0 }
        }
    }
}

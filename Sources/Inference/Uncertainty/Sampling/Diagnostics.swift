import Foundation
import GSL

/// The summary of one parameter's draws from several chains, with the diagnostics exactly as
/// ArviZ 0.23 computes them (Vehtari, Gelman, Simpson, Carpenter & Bürkner 2021; the details are
/// in Tests/References/diagnostics/DEFINITIONS.md).
public struct ParameterDiagnostics: Sendable, Equatable {
    /// Σxᵢ/n (draws near the largest double, as a uniform's upper end can be, come scaled by
    /// ``init(chains:)``, so the sum does not overflow).
    static func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }

    /// The mean of all draws.
    public let mean: Double
    /// Their sd (divisor n − 1).
    public let sd: Double
    /// The Monte-Carlo standard error of the mean: sd/√ESS_mean; nil when undefined.
    public let mcse: Double?
    /// The 5%, 50% and 95% quantiles of all draws (linear interpolation, R type 7).
    public let q5: Double, q50: Double, q95: Double
    /// Bulk ESS: ESS of the rank-normalised split chains; nil when undefined.
    public let essBulk: Double?
    /// Tail ESS: the smaller ESS of the 5% and 95% quantile indicators; nil when undefined.
    public let essTail: Double?
    /// Rank-normalised split R-hat: the larger of the bulk and folded (tail) R-hat; nil for one
    /// chain or when undefined.
    public let rhat: Double?

    /// Diagnostics of `chains` (one array of draws a chain, all of equal length ≥ 1).
    public init(chains: [[Double]]) {
        // draws far from 1 in size (1e-300, 1e300): the summary of the draws times the power of
        // two that brings the largest near 1, scaled back; exact both ways, so no square or
        // autocovariance underflows or overflows (the sd of draws of 1e-300 read 0, their mcse
        // was 20% off, and at 1e300 it was missing)
        let largest = chains.reduce(0) { max($0, $1.reduce(0) { max($0, abs($1)) }) }
        if largest.isFinite, largest > 0x1p300 || (largest > 0 && largest < 0x1p-300) {
            let power = Double(sign: .plus, exponent: largest.exponent, significand: 1)
            self.init(scaling: ParameterDiagnostics(unscaled: chains.map { $0.map { $0 / power } }), by: power)
        } else {
            self.init(unscaled: chains)
        }
    }

    /// ``init(chains:)`` on the draws as they are.
    private init(unscaled chains: [[Double]]) {
        let all = chains.flatMap { $0 }
        let n = Double(all.count)
        let mean = Self.mean(all)
        var sd = all.count > 1 ? (all.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot() : 0
        if sd < 1e-140 {
            // squares below the smallest normal double (draws of 1 that differ by 1e-150; draws
            // of 1e-300 come scaled): the deviations scaled by the largest first
            let scale = all.reduce(0) { max($0, abs($1 - mean)) }
            if scale > 0 { sd = scale * (all.reduce(0) { $0 + (($1 - mean) / scale) * (($1 - mean) / scale) } / (n - 1)).squareRoot() }
        }
        self.mean = mean
        self.sd = sd
        let sorted = all.sorted()
        q5 = Self.linearQuantile(sorted, 0.05)
        q50 = Self.linearQuantile(sorted, 0.5)
        q95 = Self.linearQuantile(sorted, 0.95)
        let draws = chains.first?.count ?? 0
        guard draws >= 4 else {
            mcse = nil
            essBulk = nil
            essTail = nil
            rhat = nil
            return
        }
        let split = Self.split(chains)
        let essMean = Self.effectiveSampleSize(split)
        mcse = essMean.map { sd / $0.squareRoot() }
        essBulk = Self.effectiveSampleSize(Self.rankNormalized(split))
        let low = Self.typeSevenQuantile(sorted, 0.05)
        let high = Self.typeSevenQuantile(sorted, 0.95)
        let lowESS = Self.effectiveSampleSize(Self.split(chains.map { $0.map { $0 <= low ? 1 : 0 } }))
        let highESS = Self.effectiveSampleSize(Self.split(chains.map { $0.map { $0 <= high ? 1 : 0 } }))
        if let lowESS, let highESS { essTail = min(lowESS, highESS) } else { essTail = nil }
        if chains.count >= 2 {
            let bulk = Self.potentialScaleReduction(Self.rankNormalized(split))
            let pooled = split.flatMap { $0 }.sorted()
            let median = Self.linearQuantile(pooled, 0.5)
            let tail = Self.potentialScaleReduction(Self.rankNormalized(split.map { $0.map { abs($0 - median) } }))
            if let bulk, let tail { rhat = max(bulk, tail) } else { rhat = nil }
        } else {
            rhat = nil
        }
    }

    /// `unit`'s summary of draws times `power` (a power of two: exact).
    private init(scaling unit: ParameterDiagnostics, by power: Double) {
        (mean, sd, mcse) = (unit.mean * power, unit.sd * power, unit.mcse.map { $0 * power })
        (q5, q50, q95) = (unit.q5 * power, unit.q50 * power, unit.q95 * power)
        (essBulk, essTail, rhat) = (unit.essBulk, unit.essTail, unit.rhat)
    }

    /// numpy's default quantile: h = (n − 1)p, x₍⌊h⌋₎ + (h − ⌊h⌋)(x₍⌊h⌋₊₁₎ − x₍⌊h⌋₎).
    static func linearQuantile(_ sorted: [Double], _ p: Double) -> Double {
        let h = Double(sorted.count - 1) * p
        let k = Int(h.rounded(.down))
        guard k + 1 < sorted.count else { return sorted[sorted.count - 1] }
        let t = h - Double(k)
        let a = sorted[k], b = sorted[k + 1]
        let difference = b - a
        return t >= 0.5 ? b - difference * (1 - t) : a + difference * t
    }

    /// scipy's `mquantiles(alphap=1, betap=1)`: aleph = np + (1 − p), k = ⌊clip(aleph, 1, n−1)⌋,
    /// γ = clip(aleph − k, 0, 1), (1 − γ)x₍k−1₎ + γx₍k₎.
    static func typeSevenQuantile(_ sorted: [Double], _ p: Double) -> Double {
        let n = Double(sorted.count)
        guard sorted.count > 1 else { return sorted[0] }
        let aleph = n * p + (1 - p)
        let k = Int(min(max(aleph, 1), n - 1).rounded(.down))
        let gamma = min(max(aleph - Double(k), 0), 1)
        return (1 - gamma) * sorted[k - 1] + gamma * sorted[k]
    }

    /// Each chain's first half, then each chain's second half (the middle draw of an odd chain
    /// dropped).
    static func split(_ chains: [[Double]]) -> [[Double]] {
        let half = (chains.first?.count ?? 0) / 2
        return chains.map { Array($0.prefix(half)) } + chains.map { Array($0.suffix(half)) }
    }

    /// Joint ranks (ties averaged) of all draws, mapped to Φ⁻¹((r − 3/8)/(S + 1/4)).
    static func rankNormalized(_ chains: [[Double]]) -> [[Double]] {
        let flat = chains.flatMap { $0 }
        let order = flat.indices.sorted { flat[$0] < flat[$1] }
        var ranks = [Double](repeating: 0, count: flat.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && flat[order[end + 1]] == flat[order[start]] { end += 1 }
            let average = Double(start + end) / 2 + 1
            for k in start...end { ranks[order[k]] = average }
            start = end + 1
        }
        let size = Double(flat.count)
        let normal = try? Normal()
        var z = ranks.map { r in (try? normal?.quantile((r - 0.375) / (size + 0.25))) ?? .nan }
        var result: [[Double]] = []
        for chain in chains {
            result.append(Array(z.prefix(chain.count)))
            z.removeFirst(chain.count)
        }
        return result
    }

    /// R̂ = √((B/W + N − 1)/N) of split chains; nil when it is not finite.
    static func potentialScaleReduction(_ chains: [[Double]]) -> Double? {
        let n = Double(chains[0].count)
        let means = chains.map { ParameterDiagnostics.mean($0) }
        let variances = zip(chains, means).map { chain, mean in chain.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1) }
        let m = Double(chains.count)
        let grand = means.reduce(0, +) / m
        let between = n * means.reduce(0) { $0 + ($1 - grand) * ($1 - grand) } / (m - 1)
        let within = variances.reduce(0, +) / m
        let value = ((between / within + n - 1) / n).squareRoot()
        return value.isFinite ? value : nil
    }

    /// ESS of split chains by Geyer's initial monotone sequence on the averaged autocorrelations
    /// (biased autocovariances, per-chain means), with ArviZ's extra even term and cap S·log₁₀S;
    /// S for a constant input; nil when undefined.
    static func effectiveSampleSize(_ chains: [[Double]]) -> Double? {
        let m = chains.count
        let n = chains[0].count
        let all = chains.flatMap { $0 }
        guard let low = all.min(), let high = all.max(), all.allSatisfy(\.isFinite) else { return nil }
        if high - low < 1e-15 { return Double(m * n) }
        let nd = Double(n)
        let means = chains.map { ParameterDiagnostics.mean($0) }
        let centered = zip(chains, means).map { chain, mean in chain.map { $0 - mean } }
        var cache: [Int: Double] = [:]
        func meanAutocovariance(_ t: Int) -> Double {
            if let value = cache[t] { return value }
            var total = 0.0
            for chain in centered {
                var sum = 0.0
                for i in 0..<(n - t) { sum += chain[i] * chain[i + t] }
                total += sum / nd
            }
            let value = total / Double(m)
            cache[t] = value
            return value
        }
        let meanVariance = meanAutocovariance(0) * nd / (nd - 1)
        var varPlus = meanVariance * (nd - 1) / nd
        let grand = means.reduce(0, +) / Double(m)
        varPlus += means.reduce(0) { $0 + ($1 - grand) * ($1 - grand) } / Double(m - 1)
        var rho = [Double](repeating: 0, count: n)
        var even = 1.0
        rho[0] = even
        var odd = 1 - (meanVariance - meanAutocovariance(1)) / varPlus
        rho[1] = odd
        var t = 1
        while t < n - 3 && even + odd > 0 {
            even = 1 - (meanVariance - meanAutocovariance(t + 1)) / varPlus
            odd = 1 - (meanVariance - meanAutocovariance(t + 2)) / varPlus
            if even + odd >= 0 {
                rho[t + 1] = even
                rho[t + 2] = odd
            }
            t += 2
        }
        let maxT = t - 2
        if even > 0 { rho[maxT + 1] = even }
        t = 1
        while t <= maxT - 2 {
            if rho[t + 1] + rho[t + 2] > rho[t - 1] + rho[t] {
                rho[t + 1] = (rho[t - 1] + rho[t]) / 2
                rho[t + 2] = rho[t + 1]
            }
            t += 2
        }
        let size = Double(m * n)
        var tau = -1 + (maxT >= 0 ? 2 * rho[0...maxT].reduce(0, +) : 0) + rho[maxT + 1]
        tau = max(tau, 1 / log10(size))
        guard rho.allSatisfy(\.isFinite) else { return nil }
        return size / tau
    }
}

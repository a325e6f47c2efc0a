import Foundation

/// A statistic of one or two columns for `infer bootstrap --statistic`.
///
/// Conventions follow R: `sd` and `var` divide by n − 1; `quantile:Q` is R's type 7 (numpy's
/// default, linear interpolation); `trimmed-mean:F` drops ⌊nF⌋ values from each end (R's
/// `mean(x, trim = F)`, F < ½); `correlation` is Pearson's r of two columns.
public enum ColumnStatistic: Sendable, Equatable {
    /// The arithmetic mean (`mean`).
    case mean
    /// The median, the midpoint of the two middle values for even n (`median`).
    case median
    /// The standard deviation with divisor n − 1 (`sd`).
    case standardDeviation
    /// The variance with divisor n − 1 (`var`).
    case variance
    /// The Q-quantile, 0 ≤ Q ≤ 1, by R's type 7 (`quantile:Q`).
    case quantile(Double)
    /// The mean after dropping ⌊nF⌋ values from each end, 0 ≤ F < ½ (`trimmed-mean:F`).
    case trimmedMean(Double)
    /// Pearson's correlation of two columns (`correlation`).
    case correlation

    /// Parses `mean`, `median`, `sd`, `var`, `quantile:Q`, `trimmed-mean:F`, `correlation`.
    public init(parsing text: String) throws(InferenceError) {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        let argument = parts.count == 2 ? Double(parts[1]) : nil
        switch parts.first ?? "" {
        case "mean" where parts.count == 1: self = .mean
        case "median" where parts.count == 1: self = .median
        case "sd" where parts.count == 1: self = .standardDeviation
        case "var" where parts.count == 1: self = .variance
        case "correlation" where parts.count == 1: self = .correlation
        case "quantile":
            guard let q = argument, q >= 0, q <= 1 else { throw .usage("\(setting("statistic")) quantile:Q needs 0 ≤ Q ≤ 1, got \(InferenceError.excerpt(text))") }
            self = .quantile(q)
        case "trimmed-mean":
            guard let f = argument, f >= 0, f < 0.5 else { throw .usage("\(setting("statistic")) trimmed-mean:F needs 0 ≤ F < 0.5, got \(InferenceError.excerpt(text))") }
            self = .trimmedMean(f)
        default:
            throw .usage("unknown statistic \(InferenceError.excerpt(text)); choose mean, median, sd, var, quantile:Q, trimmed-mean:F or correlation")
        }
    }

    /// The name the output gives the statistic's parameter (the `--statistic` text).
    public var name: String {
        switch self {
        case .mean: "mean"
        case .median: "median"
        case .standardDeviation: "sd"
        case .variance: "var"
        case .quantile(let q): "quantile:\(PriorName.format(q))"
        case .trimmedMean(let f): "trimmed-mean:\(PriorName.format(f))"
        case .correlation: "correlation"
        }
    }

    /// How many columns it takes.
    public var columnCount: Int { self == .correlation ? 2 : 1 }

    /// The smallest sample it is defined on.
    public var minimumRows: Int {
        switch self {
        case .mean, .median, .quantile, .trimmedMean: 1
        case .standardDeviation, .variance: 2
        case .correlation: 3
        }
    }

    /// The statistic of the rows `indices` of `columns` (nil when undefined, e.g. a correlation
    /// of a constant resample); `scratch` is reused between calls.
    public func evaluate(_ columns: [[Double]], _ indices: [Int], scratch: inout [Double]) -> Double? {
        let x = columns[0]
        let n = Double(indices.count)
        switch self {
        case .mean:
            return indices.reduce(0) { $0 + x[$1] } / n
        case .standardDeviation, .variance:
            let mean = indices.reduce(0) { $0 + x[$1] } / n
            let variance = indices.reduce(0) { $0 + (x[$1] - mean) * (x[$1] - mean) } / (n - 1)
            return self == .variance ? variance : variance.squareRoot()
        case .median:
            return Self.quantile(0.5, of: indices.map { x[$0] }, scratch: &scratch)
        case .quantile(let q):
            return Self.quantile(q, of: indices.map { x[$0] }, scratch: &scratch)
        case .trimmedMean(let f):
            scratch = indices.map { x[$0] }
            scratch.sort()
            let cut = Int((n * f).rounded(.down))
            let kept = scratch[cut..<(scratch.count - cut)]
            return kept.reduce(0, +) / Double(kept.count)
        case .correlation:
            let y = columns[1]
            let meanX = indices.reduce(0) { $0 + x[$1] } / n
            let meanY = indices.reduce(0) { $0 + y[$1] } / n
            var sxx = 0.0, syy = 0.0, sxy = 0.0
            for i in indices {
                let dx = x[i] - meanX, dy = y[i] - meanY
                sxx += dx * dx
                syy += dy * dy
                sxy += dx * dy
            }
            // a column constant on these rows (up to rounding of its mean) has no correlation
            let tinyX = n * pow(1e-14 * indices.reduce(0) { max($0, abs(x[$1])) }, 2)
            let tinyY = n * pow(1e-14 * indices.reduce(0) { max($0, abs(y[$1])) }, 2)
            guard sxx > tinyX, syy > tinyY else { return nil }
            return sxy / (sxx * syy).squareRoot()
        }
    }

    /// R's type-7 quantile: with h = (n − 1)q, x₍⌊h⌋₎ + (h − ⌊h⌋)(x₍⌊h⌋₊₁₎ − x₍⌊h⌋₎) on the sorted sample.
    static func quantile(_ q: Double, of values: [Double], scratch: inout [Double]) -> Double {
        scratch = values
        scratch.sort()
        let h = Double(scratch.count - 1) * q
        let low = Int(h.rounded(.down))
        let high = min(low + 1, scratch.count - 1)
        return scratch[low] + (h - Double(low)) * (scratch[high] - scratch[low])
    }

    /// An estimate of the statistic's variance on the rows `indices`, for the studentized
    /// interval: s²/n for the mean; the winsorised variance over (1 − 2F)² n for the trimmed
    /// mean (Tukey & McLaughlin 1963); (1 − r²)²/n for the correlation; (m₄ − s⁴)/n for the
    /// variance and that over 4s² for the sd (the delta method). nil for the median and quantiles.
    public func varianceEstimate(_ columns: [[Double]], _ indices: [Int], scratch: inout [Double]) -> Double? {
        let x = columns[0]
        let n = Double(indices.count)
        let mean = indices.reduce(0) { $0 + x[$1] } / n
        let s2 = indices.reduce(0) { $0 + (x[$1] - mean) * (x[$1] - mean) } / (n - 1)
        switch self {
        case .mean:
            return s2 / n
        case .variance, .standardDeviation:
            let m4 = indices.reduce(0) { $0 + pow(x[$1] - mean, 4) } / n
            let v = max(m4 - s2 * s2, 0) / n
            return self == .variance ? v : v / (4 * s2)
        case .trimmedMean(let f):
            scratch = indices.map { x[$0] }
            scratch.sort()
            let cut = Int((n * f).rounded(.down))
            let low = scratch[cut], high = scratch[scratch.count - 1 - cut]
            let winsorized = scratch.map { min(max($0, low), high) }
            let wMean = winsorized.reduce(0, +) / n
            let wVar = winsorized.reduce(0) { $0 + ($1 - wMean) * ($1 - wMean) } / (n - 1)
            let kept = 1 - 2 * Double(cut) / n
            return wVar / (kept * kept * n)
        case .correlation:
            guard let r = evaluate(columns, indices, scratch: &scratch) else { return nil }
            return (1 - r * r) * (1 - r * r) / n
        case .median, .quantile:
            return nil
        }
    }
}

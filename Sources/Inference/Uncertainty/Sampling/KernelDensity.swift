import Foundation

/// A Gaussian kernel density estimate of draws, as ArviZ draws each chain's density:
/// f̂(x) = 1/(n·h) Σ φ((x − xᵢ)/h), with Silverman's rule of thumb for the bandwidth,
/// h = 0.9 · min(sd, IQR/1.34) · n^(−1/5) (Silverman 1986, eq. 3.31).
public struct KernelDensity: Sendable {
    /// The draws.
    public let values: [Double]
    /// The bandwidth h; positive.
    public let bandwidth: Double

    /// The estimate of `values`, with Silverman's bandwidth (or 10⁻³ of the largest |x| when the
    /// draws do not spread, so that the estimate is still a density); nil without a finite draw.
    public init?(_ values: [Double]) {
        let finite = values.filter(\.isFinite).sorted()
        guard !finite.isEmpty else { return nil }
        let n = Double(finite.count)
        let mean = finite.reduce(0, +) / n
        let sd = n > 1 ? (finite.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot() : 0
        func quantile(_ p: Double) -> Double {
            let position = p * (n - 1), low = Int(position.rounded(.down)), high = min(finite.count - 1, low + 1)
            return finite[low] + (finite[high] - finite[low]) * (position - Double(low))
        }
        let spread = min(sd, (quantile(0.75) - quantile(0.25)) / 1.34)
        let scale = spread > 0 ? spread : max(sd, 1e-3 * max(1, abs(finite[finite.count - 1]), abs(finite[0])))
        self.values = finite
        bandwidth = 0.9 * scale * pow(n, -0.2)
    }

    /// f̂(x).
    public func density(at x: Double) -> Double {
        let h = bandwidth
        let sum = values.reduce(0) { total, value in
            let z = (x - value) / h
            return total + exp(-0.5 * z * z)
        }
        return sum / (Double(values.count) * h * (2 * Double.pi).squareRoot())
    }
}

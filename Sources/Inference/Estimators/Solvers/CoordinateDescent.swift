import Foundation
import GSL

/// Coordinate descent with covariance updates (Friedman, Hastie & Tibshirani 2010, §2.2) for
///
///     minimise ½ vᵀGv − cᵀv + λ₁‖v‖₁ + λ₂/2 ‖v‖²,
///
/// the lasso and elastic net on a Gram matrix G = ZᵀZ and c = Zᵀy (and, as the inner solver of
/// proximal Newton, on a weighted Gram matrix). Each coordinate step is
/// vⱼ ← S(rⱼ + Gⱼⱼvⱼ, λ₁)/(Gⱼⱼ + λ₂), with r = c − Gv kept up to date in O(p) per change and S
/// the soft-threshold. Sweeps alternate between all coordinates and the active set; the result
/// is accepted only when the optimality (KKT) conditions hold:
/// |rⱼ − λ₂vⱼ − λ₁ sign vⱼ| ≤ tol for vⱼ ≠ 0 and |rⱼ| ≤ λ₁ + tol for vⱼ = 0.
/// With `candidates` (a screening rule's survivors, e.g. the strong rule along a λ path), the
/// sweeps leave the other coordinates at their start until the KKT check finds one of them
/// violated; it then joins the sweeps, so the result is the same optimum either way.
struct CoordinateDescent {
    let gram: Matrix
    let linear: [Double]
    let l1: Double
    let l2: Double
    /// Which coordinates carry the penalty (glmnet's penalty factor of 0 or 1); all by default.
    var penalized: [Bool]? = nil
    /// The coordinates the sweeps start with (with those non-zero at the start); all by default.
    var candidates: [Bool]? = nil

    struct Solution {
        let weights: [Double]
        let sweeps: Int
        let kktViolation: Double
    }

    /// Solves from `start`; `tolerance` is relative to max |cⱼ| (and 1).
    func solve(from start: [Double], tolerance: Double = 1e-12, maximumSweeps: Int = 100_000) -> Solution? {
        let p = linear.count
        let g = gram.values
        var v = start
        var r = linear
        // G is symmetric: column k is row k, read contiguously here and below
        for k in 0..<p where v[k] != 0 {
            for j in 0..<p { r[j] -= g[k * p + j] * v[k] }
        }
        let scale = max(1, linear.map(abs).max() ?? 0)
        let threshold = tolerance * scale
        var allowed = candidates ?? [Bool](repeating: true, count: p)
        var sweeps = 0
        var fullSweep = true
        while sweeps < maximumSweeps {
            sweeps += 1
            var largestChange = 0.0
            for j in 0..<p where (fullSweep && allowed[j]) || v[j] != 0 {
                let (l1, l2) = penalties(j)
                let diagonal = g[j * p + j]
                guard diagonal + l2 > 0 else { continue }
                let updated = softThreshold(r[j] + diagonal * v[j], l1) / (diagonal + l2)
                let delta = updated - v[j]
                if delta != 0 {
                    g.withUnsafeBufferPointer { g in
                        r.withUnsafeMutableBufferPointer { r in Self.subtract(delta, times: g.baseAddress! + j * p, from: r.baseAddress!, count: p) }
                    }
                    v[j] = updated
                    largestChange = max(largestChange, abs(delta) * (diagonal + l2))
                }
            }
            let settled = largestChange <= threshold
            if fullSweep && settled {
                let violation = kktViolation(v, r)
                if violation <= threshold { return Solution(weights: v, sweeps: sweeps, kktViolation: violation) }
                // a screened-out coordinate whose condition fails joins the sweeps
                let violators = (0..<p).filter { !allowed[$0] && kktViolation(at: $0, v, r) > threshold }
                if !violators.isEmpty {
                    for j in violators { allowed[j] = true }
                    continue
                }
            }
            // after a full sweep that moved, iterate on the active set; once it settles, sweep all again
            fullSweep = settled
        }
        return nil
    }

    /// r ← r − δ·g over `count` values, eight at a time (the same bits as one at a time: each
    /// product is rounded, then subtracted). The compiler cannot see that r and g do not overlap,
    /// so it leaves the plain loop scalar; this is most of a solve's time.
    private static func subtract(_ delta: Double, times g: UnsafePointer<Double>, from r: UnsafeMutablePointer<Double>, count: Int) {
        var i = 0
        while i + 8 <= count {
            let column = UnsafeRawPointer(g + i).loadUnaligned(as: SIMD8<Double>.self)
            let residual = UnsafeRawPointer(r + i).loadUnaligned(as: SIMD8<Double>.self)
            UnsafeMutableRawPointer(r + i).storeBytes(of: residual - column * delta, as: SIMD8<Double>.self)
            i += 8
        }
        while i < count {
            r[i] -= g[i] * delta
            i += 1
        }
    }

    private func softThreshold(_ z: Double, _ gamma: Double) -> Double {
        z > gamma ? z - gamma : (z < -gamma ? z + gamma : 0)
    }

    private func penalties(_ j: Int) -> (Double, Double) {
        penalized.map { $0[j] } ?? true ? (l1, l2) : (0, 0)
    }

    private func kktViolation(_ v: [Double], _ r: [Double]) -> Double {
        v.indices.reduce(0) { max($0, kktViolation(at: $1, v, r)) }
    }

    private func kktViolation(at j: Int, _ v: [Double], _ r: [Double]) -> Double {
        let (l1, l2) = penalties(j)
        let gradient = r[j] - l2 * v[j]
        return v[j] != 0 ? abs(gradient - l1 * (v[j] > 0 ? 1 : -1)) : abs(gradient) - l1
    }
}

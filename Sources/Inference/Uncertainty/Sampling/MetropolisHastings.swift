import Foundation
import GSL

/// Metropolis–Hastings on the unconstrained scale (bounded parameters through
/// ``ParameterSupport``, with the log-Jacobian added). The random-walk proposals (adaptive,
/// random-walk) are Gaussian steps whose overall scale s adapts during warmup by Robbins–Monro
/// steps log s += (accepted − target)/t^0.6 towards the optimal acceptance rate (0.44 in one
/// dimension, 0.234 in more; Roberts, Gelman & Gilks 1997); the laplace proposal is an
/// independence sampler with the Hastings correction q(x)/q(y).
enum MetropolisHastings {
    /// The unconstrained coordinates of `mode`, or, when it lies on the boundary, the maximum of
    /// the unconstrained density found by BFGS from a point just inside.
    static func interiorCenter<T: LogDensity>(_ space: UnconstrainedTarget<T>, mode: [Double]) throws(InferenceError) -> [Double] {
        let direct = space.unconstrained(mode)
        if direct.allSatisfy(\.isFinite), space.logDensity(direct).isFinite { return direct }
        let inside = zip(space.supports, mode).map { support, value -> Double in
            switch support {
            case .real: value
            case .positive: max(value, 1e-3)
            case .unitInterval: min(max(value, 1e-3), 1 - 1e-3)
            }
        }
        let start = space.unconstrained(inside)
        guard start.allSatisfy(\.isFinite), space.logDensity(start).isFinite,
            let result = try? Minimizer.minimize(
                { -space.logDensity($0) }, gradient: { space.gradient($0).map { -$0 } }, from: start),
            result.point.allSatisfy(\.isFinite), space.logDensity(result.point).isFinite
        else {
            throw .numerical("the posterior cannot be evaluated near its mode: no starting point for the sampler")
        }
        return result.point
    }

    /// Degrees of freedom of the independence proposal's multivariate t: tails heavier than a
    /// Gaussian's, so that π/q stays bounded for posteriors with exponential tails.
    static let independenceDegrees = 4.0

    static func runChain<T: LogDensity>(
        space: UnconstrainedTarget<T>, center: [Double], base: Matrix, settings: SamplerSettings, id: Int,
        progress: (@Sendable (Int) -> Void)?
    ) -> Chain? {
        guard let generator = try? RandomGenerator(seed: settings.seed, stream: UInt64(id)), let normal = try? Normal(),
            let chiSquared = try? ChiSquared(degreesOfFreedom: independenceDegrees)
        else { return nil }
        let d = center.count
        let gaussian = { (0..<d).map { _ in normal.sample(using: generator) } }
        var factor = LowerTriangular(base)
        // a dispersed start: the mode plus 1.5 Laplace sds of noise, retried until finite
        var u = center
        var lp = space.logDensity(u)
        for _ in 0..<20 {
            let candidate = zip(center, factor.times(gaussian())).map { $0 + 1.5 * $1 }
            let value = space.logDensity(candidate)
            if value.isFinite {
                u = candidate
                lp = value
                break
            }
        }
        let independent = settings.proposal == .laplace
        let nu = independenceDegrees
        // log q(u) of the independence proposal, up to a constant: −(ν + d)/2 · log(1 + m²/ν)
        let logProposal = { (squaredDistance: Double) in -(nu + Double(d)) / 2 * log1p(squaredDistance / nu) }
        var logProposalCurrent = logProposal(factor.squaredDistance(zip(u, center).map(-)))
        let targetRate = d == 1 ? 0.44 : 0.234
        var logScale = log(2.38 / Double(d).squareRoot())
        var warmupDraws: [[Double]] = []
        let baseCovariance = (try? base.multiplied(by: base.transposed)) ?? Matrix.identity(d)
        var draws: [[Double]] = []
        var densities: [Double] = []
        var acceptedFlags: [Bool] = []
        let total = settings.warmup + settings.draws * settings.thin
        for iteration in 0..<total {
            let z = gaussian()
            let proposal: [Double]
            var logRatio: Double
            var logProposalNext = 0.0
            if independent {
                let w = chiSquared.sample(using: generator) / nu
                let step = factor.times(z)
                proposal = zip(center, step).map { $0 + $1 / w.squareRoot() }
                logProposalNext = logProposal(z.reduce(0) { $0 + $1 * $1 } / w)
                logRatio = logProposalCurrent - logProposalNext
            } else {
                let scale = exp(logScale)
                proposal = zip(u, factor.times(z)).map { $0 + scale * $1 }
                logRatio = 0
            }
            let proposed = space.logDensity(proposal)
            logRatio += proposed - lp
            let accept = proposed.isFinite && log(generator.uniformPositive()) < logRatio
            if accept {
                u = proposal
                lp = proposed
                logProposalCurrent = logProposalNext
            }
            if iteration < settings.warmup {
                if !independent { logScale += ((accept ? 1 : 0) - targetRate) / pow(Double(iteration + 1), 0.6) }
                if settings.proposal == .adaptive {
                    warmupDraws.append(u)
                    if iteration >= 100 && iteration % 50 == 0,
                        let learned = empiricalFactor(warmupDraws[(warmupDraws.count / 2)...], prior: baseCovariance, priorWeight: Double(10 * d))
                    {
                        factor = LowerTriangular(learned)
                    }
                }
            } else if (iteration - settings.warmup + 1) % settings.thin == 0 {
                draws.append(space.constrained(u))
                densities.append(lp)
                acceptedFlags.append(accept)
            }
            if (iteration + 1) % 256 == 0 { progress?(256) }
        }
        progress?(total % 256)
        return Chain(id: id, draws: draws, logDensity: densities, accepted: acceptedFlags)
    }

    /// The Cholesky factor of the draws' covariance shrunk towards `prior` as if it came from
    /// `priorWeight` draws (plus 10⁻⁸ on the diagonal), nil when not positive definite.
    static func empiricalFactor(_ draws: ArraySlice<[Double]>, prior: Matrix, priorWeight: Double) -> Matrix? {
        let n = Double(draws.count)
        let d = prior.rows
        let mean = (0..<d).map { j in draws.reduce(0) { $0 + $1[j] } / n }
        var covariance = Matrix(rows: d, columns: d)
        for draw in draws {
            for i in 0..<d {
                for j in 0...i { covariance[i, j] += (draw[i] - mean[i]) * (draw[j] - mean[j]) }
            }
        }
        let total = priorWeight + n - 1
        for i in 0..<d {
            for j in 0...i {
                covariance[i, j] = (covariance[i, j] + priorWeight * prior[i, j]) / total
                covariance[j, i] = covariance[i, j]
            }
            covariance[i, i] += 1e-8
        }
        return try? CholeskyDecomposition(covariance).lower
    }
}

/// A lower-triangular Cholesky factor L held as plain rows, for the sampler's inner loop.
struct LowerTriangular {
    private let rows: [[Double]]

    init(_ matrix: Matrix) {
        rows = (0..<matrix.rows).map { i in (0...i).map { matrix[i, $0] } }
    }

    /// L·z.
    func times(_ z: [Double]) -> [Double] {
        rows.map { row in zip(row, z).reduce(0) { $0 + $1.0 * $1.1 } }
    }

    /// ‖L⁻¹x‖², by forward substitution.
    func squaredDistance(_ x: [Double]) -> Double {
        var y = [Double](repeating: 0, count: x.count)
        var total = 0.0
        for i in rows.indices {
            var sum = x[i]
            for j in 0..<i { sum -= rows[i][j] * y[j] }
            y[i] = sum / rows[i][i]
            total += y[i] * y[i]
        }
        return total
    }
}

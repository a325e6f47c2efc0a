import Foundation
import GSL

/// xᵢ ~ t(ν) with location μ and scale σ, fitted by maximum likelihood with the minimiser (as
/// `scipy.stats.t.fit`: ν = df, μ = loc, σ = scale).
///
/// With z = (x − μ)/σ and w = 1 + z²/ν, each row contributes
/// log Γ((ν+1)/2) − log Γ(ν/2) − ½ log(νπ) − log σ − (ν+1)/2 · log w.
/// When the data look Gaussian, ν̂ → ∞ and the fit reports that the MLE does not exist.
public struct StudentTModel: StatisticalModel {
    /// The location-scale Student t family: (x − μ)/σ ~ t(ν).
    public init() {}

    /// The command-line name, `student-t`.
    public var name: String { "student-t" }
    /// `mu`, `sigma` and `nu`: the location μ, the scale σ and the degrees of freedom ν, in that
    /// order.
    public var parameterNames: [String] { ["mu", "sigma", "nu"] }
    /// μ ∈ ℝ; σ, ν ∈ (0, ∞).
    public var parameterSupports: [ParameterSupport] { [.real, .positive, .positive] }

    /// Rejects fewer than 3 rows; every finite value is in the support.
    public func validate(_ data: Sample) throws(InferenceError) {
        try data.requireValues(in: "any finite number", of: name, minimumCount: 3) { _ in true }
    }

    /// The number of rows n.
    public func observationCount(_ data: Sample) -> Int { data.count }

    /// n (log Γ((ν+1)/2) − log Γ(ν/2) − ½ log(νπ) − log σ) − (ν+1)/2 · ∑ log(1 + zᵢ²/ν) with
    /// zᵢ = (xᵢ − μ)/σ; −∞ where log Γ cannot be evaluated.
    public func logLikelihood(_ parameters: [Double], on data: Sample) -> Double {
        guard parameters.count == 3, parameters[0].isFinite, parameters.dropFirst().allSatisfy({ $0 > 0 && $0.isFinite }) else {
            return -.infinity
        }
        let (mu, sigma, nu) = (parameters[0], parameters[1], parameters[2])
        guard let normalizer = Self.logNormalizer(nu) else { return -.infinity }
        let n = Double(data.count)
        let tail = data.sum { x in
            let z = (x - mu) / sigma
            return log1p(z * z / nu)
        }
        let value = n * (normalizer - log(sigma)) - (nu + 1) / 2 * tail
        return value.isNaN ? -.infinity : value
    }

    /// log Γ((ν + 1)/2) − log Γ(ν/2) − ½ log(νπ); past ν = 10⁵, where the two log-gammas
    /// cancel (and overflow near the largest doubles), by log Γ(x + ½) − log Γ(x) =
    /// ½ log x − 1/(8x) + 1/(192x³) + O(x⁻⁵) at x = ν/2: −½ log 2π − 1/(4ν) + 1/(24ν³).
    static func logNormalizer(_ nu: Double) -> Double? {
        if nu > 1e5 { return -0.5 * log(2 * .pi) - 1 / (4 * nu) + 1 / (24 * nu * nu * nu) }
        guard let a = try? SpecialFunctions.logGamma((nu + 1) / 2), let b = try? SpecialFunctions.logGamma(nu / 2) else {
            return nil
        }
        return a - b - 0.5 * log(nu * .pi)
    }

    /// Analytic, in (μ, σ, ν), summed row by row with z = (x − μ)/σ and w = 1 + z²/ν; nil where the
    /// digamma function cannot be evaluated. There is no analytic Hessian (finite differences).
    public func gradient(_ parameters: [Double], on data: Sample) -> [Double]? {
        let (mu, sigma, nu) = (parameters[0], parameters[1], parameters[2])
        guard let psiA = try? SpecialFunctions.digamma((nu + 1) / 2), let psiB = try? SpecialFunctions.digamma(nu / 2) else {
            return nil
        }
        var dMu = 0.0
        var dSigma = 0.0
        var dNu = 0.0
        for x in data.values {
            let z = (x - mu) / sigma
            let w = 1 + z * z / nu
            dMu += (nu + 1) * z / (nu * sigma * w)
            dSigma += -1 / sigma + (nu + 1) * z * z / (nu * sigma * w)
            dNu += 0.5 * (psiA - psiB) - 1 / (2 * nu) - 0.5 * log1p(z * z / nu) + (nu + 1) / 2 * (z * z / (nu * nu)) / w
        }
        return [dMu, dSigma, dNu]
    }

    /// The largest ν reported: beyond it the t is a Gaussian for every practical purpose and the
    /// likelihood is flat in ν, so a fit that gets there has ν → ∞ (no MLE).
    public static let largestDegreesOfFreedom = 1e4

    /// Refuses ν̂ > 10⁴: the data have no heavier tails than a Gaussian's.
    public func checkExistence(of estimate: [Double], on data: Sample) throws(InferenceError) {
        if !(estimate[2] <= Self.largestDegreesOfFreedom) {
            throw .numerical(
                "the student-t MLE does not exist for \(data.name): nu grows without bound (the tails are no heavier than a Gaussian's); use the gaussian model (\(setting("model")) gaussian)")
        }
    }

    /// μ = median, σ = 1.4826 · median absolute deviation (or the sd), ν = 5.
    public func startingPoint(on data: Sample) throws(InferenceError) -> [Double] {
        let sorted = data.values.sorted()
        let median = sorted[sorted.count / 2]
        let deviations = sorted.map { abs($0 - median) }.sorted()
        var scale = 1.4826 * deviations[deviations.count / 2]
        if !(scale > 0) {
            let mean = data.mean
            scale = (data.sum { ($0 - mean) * ($0 - mean) } / Double(data.count)).squareRoot()
        }
        guard scale > 0 else {
            throw .numerical("every value of \(data.name) is \(median): the student-t fit is degenerate (sigma = 0)", parameter: "sigma")
        }
        return [median, scale, 5]
    }
}

extension StudentTModel: DistributionFamily {
    /// A usage error under the flat prior: the likelihood tends to the Gaussian one as ν → ∞, so
    /// it does not vanish and the posterior is improper in `nu`. A prior of your own must be
    /// proper in `nu`.
    public func requireProperPosterior(under prior: any Prior, on data: Sample) throws(InferenceError) {
        guard prior is FlatPrior else { return }
        throw .usage(
            "the student-t posterior is improper under the flat prior on nu (the likelihood does not vanish as nu grows), so it cannot be sampled; use infer fit or infer bootstrap")
    }
}

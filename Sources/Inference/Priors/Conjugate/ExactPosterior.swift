import Foundation
import GSL

/// The exact posterior of one parameter under a conjugate prior: Beta for a probability
/// (bernoulli, binomial), Gamma for a rate (poisson, exponential).
public struct ExactPosterior: Sendable {
    /// The posterior's distribution.
    public enum Distribution: Sendable {
        /// Beta(α, β).
        case beta(Beta)
        /// Gamma(shape, rate).
        case gamma(Gamma)
    }

    /// The index of the parameter it describes.
    public let parameterIndex: Int
    /// The distribution.
    public let distribution: Distribution

    /// The family's name: `beta` or `gamma`.
    public var family: String {
        switch distribution {
        case .beta: "beta"
        case .gamma: "gamma"
        }
    }

    /// The posterior's parameters by name, as the contract writes them.
    public var parameters: [(name: String, value: Double)] {
        switch distribution {
        case .beta(let d): [("alpha", d.alpha), ("beta", d.beta)]
        case .gamma(let d): [("shape", d.shape), ("rate", d.rate)]
        }
    }

    /// The posterior mean.
    public var mean: Double {
        switch distribution {
        case .beta(let d): d.mean ?? .nan
        case .gamma(let d): d.mean ?? .nan
        }
    }

    /// The posterior standard deviation.
    public var standardDeviation: Double {
        switch distribution {
        case .beta(let d): (d.variance ?? .nan).squareRoot()
        case .gamma(let d): (d.variance ?? .nan).squareRoot()
        }
    }

    /// The posterior mode (the MAP): (α − 1)/(α + β − 2) for Beta and (k − 1)/β for Gamma when
    /// those lie inside the support, else the end of the support where the density is largest.
    public var mode: Double {
        switch distribution {
        case .beta(let d):
            if d.alpha > 1 && d.beta > 1 { return (d.alpha - 1) / (d.alpha + d.beta - 2) }
            if d.alpha > 1 { return 1 }
            if d.beta > 1 { return 0 }
            return d.alpha < d.beta ? 0 : 1
        case .gamma(let d):
            return d.shape >= 1 ? (d.shape - 1) / d.rate : 0
        }
    }

    /// log posterior density at `value`.
    public func logDensity(_ value: Double) -> Double {
        switch distribution {
        case .beta(let d): d.logDensity(value)
        case .gamma(let d): d.logDensity(value)
        }
    }

    /// The equal-tailed credible interval at `level`: the (1 ∓ level)/2 quantiles.
    public func credibleInterval(level: Double) throws(InferenceError) -> ClosedRange<Double> {
        try ConfidenceLevel.validate(level)
        let tail = (1 - level) / 2
        let lower: Double, upper: Double
        do {
            switch distribution {
            case .beta(let d): (lower, upper) = (try d.quantile(tail), try d.quantile(1 - tail))
            case .gamma(let d): (lower, upper) = (try d.quantile(tail), try d.quantile(1 - tail))
            }
        } catch {
            throw InferenceError(error)
        }
        guard lower.isFinite, upper.isFinite, lower <= upper else {
            throw .numerical("the posterior's \(level) credible interval could not be computed: quantiles \(lower) and \(upper)")
        }
        return lower...upper
    }
}

import Foundation

/// A prior on a family's first parameter, as the command line writes it: `flat`, `beta(a,b)`,
/// `gamma(shape,rate)` or `normal(mean,sd)`.
public enum FamilyPriorSpecification: Sendable, Equatable {
    /// No prior: the estimate is the MLE.
    case flat
    /// Beta(a, b) on p (bernoulli, binomial).
    case beta(Double, Double)
    /// Gamma(shape, rate) on lambda (poisson) or rate (exponential).
    case gamma(Double, Double)
    /// Normal(mean, sd) on mu (gaussian); sigma keeps a flat prior.
    case normal(Double, Double)

    /// Parses `flat`, `beta(2,2)`, `gamma(1, 0.5)`, `normal(0,10)`; a usage error otherwise.
    public init(parsing text: String) throws(InferenceError) {
        let compact = text.filter { !$0.isWhitespace }.lowercased()
        if compact == "flat" {
            self = .flat
            return
        }
        guard let open = compact.firstIndex(of: "("), compact.hasSuffix(")") else {
            throw .usage("cannot read the prior \(InferenceError.excerpt(text)): write flat, beta(a,b), gamma(shape,rate) or normal(mean,sd)")
        }
        let name = String(compact[..<open])
        let arguments = compact[compact.index(after: open)..<compact.index(before: compact.endIndex)]
            .split(separator: ",", omittingEmptySubsequences: false).map { Double($0) }
        guard arguments.count == 2, let first = arguments[0], let second = arguments[1], first.isFinite, second.isFinite else {
            throw .usage("cannot read the prior \(InferenceError.excerpt(text)): it takes two numbers, e.g. \(InferenceError.excerpt(name))(2,2)")
        }
        switch name {
        case "beta": self = .beta(first, second)
        case "gamma": self = .gamma(first, second)
        case "normal": self = .normal(first, second)
        default:
            throw .usage("unknown prior \(InferenceError.excerpt(name)): families take beta(a,b), gamma(shape,rate) or normal(mean,sd)")
        }
    }
}

extension FamilyPriorSpecification {
    /// The prior's log density at `value` of the first parameter: beta, gamma (shape, rate) or
    /// normal (mean, sd); nil for the flat prior, which has none, or parameters it cannot take.
    public func logDensity(_ value: Double) -> Double? {
        switch self {
        case .flat: return nil
        case .beta(let a, let b): return (try? GSL.Beta(alpha: a, beta: b))?.logDensity(value)
        case .gamma(let shape, let rate): return (try? GSL.Gamma(shape: shape, rate: rate))?.logDensity(value)
        case .normal(let mean, let sd): return (try? GSL.Normal(mean: mean, standardDeviation: sd))?.logDensity(value)
        }
    }
}

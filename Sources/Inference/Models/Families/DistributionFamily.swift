/// A distribution family of one column of values: a ``SimulatableModel`` of a ``Sample``, with
/// what the command line's figures need to know of its values.
///
/// Every family in ``Family/allCases`` is one; a family of your own needs nothing beyond its
/// ``StatisticalModel`` and ``SimulatableModel`` members, the three below have defaults.
public protocol DistributionFamily: SimulatableModel where Data == Sample {
    /// Whether the values are counts (the density is a probability mass). Default: false.
    var isDiscrete: Bool { get }
    /// The largest value the family can take when that is bounded by its options (1 for
    /// bernoulli, the trials N for binomial); nil when unbounded or continuous. Default: nil.
    var largestValue: Double? { get }
    /// The sums the MLE is a function of, for the bootstrap's fast path; nil (the default) when
    /// the MLE is not a function of sums of the rows.
    func sufficientStatistics(of data: Sample) -> SufficientStatistics?
}

extension DistributionFamily {
    /// Default: false, a continuous family.
    public var isDiscrete: Bool { false }
    /// Default: nil.
    public var largestValue: Double? { nil }
    /// Default: nil, no sufficient statistics: each resample is refitted.
    public func sufficientStatistics(of data: Sample) -> SufficientStatistics? { nil }

    /// log f(x | θ): the log density (or probability mass) of one value; −∞ outside the support.
    public func logDensity(_ x: Double, parameters: [Double]) -> Double {
        logLikelihood(parameters, on: Sample([x]))
    }

    /// A data error when `data` has fewer than `minimum` rows, below which the flat-prior posterior
    /// cannot be normalised: for a location and a scale with flat priors, ∫ p dμ ∝ σ¹⁻ⁿ needs
    /// n ≥ 3 to be integrable as σ → ∞ (for the uniform, ∫∫ (b − a)⁻ⁿ over a < min, b > max too).
    func requireRowsForProperPosterior(_ minimum: Int, _ data: Sample) throws(InferenceError) {
        guard data.count >= minimum else {
            throw .data(
                "the \(name) posterior under a flat prior is improper with fewer than \(minimum) rows (the likelihood does not vanish as the scale grows); got \(data.count)")
        }
    }
}

import Foundation
import GSL

/// Counts of many groups, each with its own rate: successes out of trials (binomial) or events
/// over an exposure (poisson), one group a row.
public struct GroupedCounts: Sendable {
    /// Successes (events) of each group.
    public let counts: [Double]
    /// Trials (exposure) of each group.
    public let sizes: [Double]
    /// The counts' column name, for messages.
    public let countName: String
    /// The sizes' column name (trials or exposure), for messages.
    public let sizeName: String

    /// Groups from parallel columns of counts and sizes; a usage error when their lengths differ.
    /// The values are checked by a model's ``StatisticalModel/validate(_:)``.
    public init(counts: [Double], sizes: [Double], countName: String, sizeName: String) throws(InferenceError) {
        guard counts.count == sizes.count else { throw .usage("\(countName) and \(sizeName) have different lengths") }
        self.counts = counts
        self.sizes = sizes
        self.countName = countName
        self.sizeName = sizeName
    }

    /// Each group's own estimate, count/size.
    public var rates: [Double] { zip(counts, sizes).map { $0 / $1 } }

    /// The pooled rate r = Σcountᵢ / Σsizeᵢ and the counts' squared deviations from it,
    /// Σ (countᵢ − sizeᵢ·r)²: what the overdispersion scores compare with the noise.
    var deviationsFromThePooledRate: (rate: Double, squares: Double) {
        let rate = counts.reduce(0, +) / sizes.reduce(0, +)
        return (rate, zip(counts, sizes).reduce(0) { $0 + ($1.0 - $1.1 * rate) * ($1.0 - $1.1 * rate) })
    }
}

/// The empirical-Bayes model of grouped binomial counts: group i's rate pᵢ ~ Beta(α, β) and
/// kᵢ | pᵢ ~ Binomial(nᵢ, pᵢ), the pᵢ integrated out (the beta-binomial):
/// log L(α, β) = Σ [log C(nᵢ, kᵢ) + log B(kᵢ + α, nᵢ − kᵢ + β) − log B(α, β)].
/// Its MLE is the prior of type-II maximum likelihood; group i's posterior is
/// Beta(kᵢ + α, nᵢ − kᵢ + β), with mean (kᵢ + α)/(nᵢ + α + β).
public struct BetaBinomialModel: StatisticalModel {
    /// The beta-binomial model; it has no options.
    public init() {}

    /// The model's name, `beta-binomial`.
    public var name: String { "beta-binomial" }
    /// `alpha` and `beta`, the beta prior's α and β, in that order.
    public var parameterNames: [String] { ["alpha", "beta"] }
    /// α, β ∈ (0, ∞).
    public var parameterSupports: [ParameterSupport] { [.positive, .positive] }

    /// The largest prior strength α + β reported. Data with a positive ``overdispersionScore(_:)``
    /// have a finite MLE, but one past this strength (a score barely above 0) is reported as
    /// complete pooling: each group's posterior mean is then the prior's mean to within nᵢ/10⁸.
    public static let largestStrength = 1e8

    /// Rejects fewer than 2 groups, trials that are not whole numbers ≥ 1 and successes that are not
    /// whole numbers from 0 to the trials; a numerical error when every group's rate is 0, or every
    /// one is 1 (the prior's mean would be on the boundary: no MLE), or when
    /// ``overdispersionScore(_:)`` is not positive (complete pooling: no finite MLE).
    public func validate(_ data: GroupedCounts) throws(InferenceError) {
        guard data.counts.count >= 2 else { throw .data("the beta prior of grouped counts needs at least 2 groups, got \(data.counts.count)") }
        for i in data.counts.indices {
            let (k, n) = (data.counts[i], data.sizes[i])
            guard n.isWholeNumber, n >= 1 else {
                throw .data("\(n) is not a positive whole number of trials", at: .init(row: i + 1, column: data.sizeName))
            }
            guard k.isWholeNumber, k >= 0, k <= n else {
                throw .data("\(k) is not a whole number of successes from 0 to \(data.sizeName) (\(n))", at: .init(row: i + 1, column: data.countName))
            }
        }
        if data.counts.allSatisfy({ $0 == 0 }) || zip(data.counts, data.sizes).allSatisfy({ $0 == $1 }) {
            throw .numerical(
                "every group's rate is \(data.counts[0] == 0 ? 0 : 1): the beta prior's mean would be on the boundary, so it has no MLE")
        }
        if !(overdispersionScore(data) > 0) {
            throw .numerical(
                "the groups' rates vary no more than their binomial noise (Tarone's overdispersion score is not positive): the beta prior's strength alpha + beta grows without bound (complete pooling; every posterior mean is the pooled rate)")
        }
    }

    /// Tarone's (1979) overdispersion score, Σ (kᵢ − nᵢp̂)² − p̂(1 − p̂) Σ nᵢ with p̂ = Σkᵢ / Σnᵢ: twice
    /// p̂(1 − p̂) times the slope of the profile log-likelihood in 1/(α + β) at infinite strength
    /// (the binomial limit). When it is not positive, the evidence rises all the way to complete
    /// pooling: the MLE of the prior does not exist. The verdict is this sign, computed in plain
    /// arithmetic before any optimiser runs, so it cannot depend on where a search stops.
    public func overdispersionScore(_ data: GroupedCounts) -> Double {
        let (pooled, squares) = data.deviationsFromThePooledRate
        return squares - pooled * (1 - pooled) * data.sizes.reduce(0, +)
    }

    /// The number of groups (rows).
    public func observationCount(_ data: GroupedCounts) -> Int { data.counts.count }

    /// The beta-binomial marginal log-likelihood
    /// Σ [log C(nᵢ, kᵢ) + log B(kᵢ + α, nᵢ − kᵢ + β) − log B(α, β)]; −∞ for other than two parameters, unless α, β > 0, or where a
    /// term cannot be evaluated.
    public func logLikelihood(_ parameters: [Double], on data: GroupedCounts) -> Double {
        guard parameters.count == 2 else { return -.infinity }
        let (a, b) = (parameters[0], parameters[1])
        guard a > 0, b > 0, let prior = try? SpecialFunctions.logBeta(a, b) else { return -.infinity }
        var total = 0.0
        for i in data.counts.indices {
            let (k, n) = (data.counts[i], data.sizes[i])
            guard let choose = try? SpecialFunctions.logBinomialCoefficient(Int(n), Int(k)),
                let posterior = try? SpecialFunctions.logBeta(k + a, n - k + b)
            else { return -.infinity }
            total += choose + posterior - prior
        }
        return total
    }

    /// ∂/∂α = Σ ψ(kᵢ + α) − ψ(nᵢ + α + β) − ψ(α) + ψ(α + β), and likewise for β.
    public func gradient(_ parameters: [Double], on data: GroupedCounts) -> [Double]? {
        guard parameters.count == 2 else { return nil }
        let (a, b) = (parameters[0], parameters[1])
        var (ga, gb) = (0.0, 0.0)
        do {
            let common = try SpecialFunctions.digamma(a + b)
            let (da, db) = (try SpecialFunctions.digamma(a), try SpecialFunctions.digamma(b))
            for i in data.counts.indices {
                let (k, n) = (data.counts[i], data.sizes[i])
                let total = try SpecialFunctions.digamma(n + a + b)
                ga += try SpecialFunctions.digamma(k + a) - total - da + common
                gb += try SpecialFunctions.digamma(n - k + b) - total - db + common
            }
        } catch {
            return nil
        }
        return [ga, gb]
    }

    /// Analytic: ∂²/∂α² = Σ ψ′(kᵢ + α) − ψ′(nᵢ + α + β) − ψ′(α) + ψ′(α + β), likewise for β, and
    /// ∂²/∂α∂β = Σ ψ′(α + β) − ψ′(nᵢ + α + β), with ψ′ the trigamma function; nil where ψ′ cannot be
    /// evaluated.
    public func hessian(_ parameters: [Double], on data: GroupedCounts) -> Matrix? {
        guard parameters.count == 2 else { return nil }
        let (a, b) = (parameters[0], parameters[1])
        var (haa, hab, hbb) = (0.0, 0.0, 0.0)
        do {
            let common = try SpecialFunctions.trigamma(a + b)
            let (ta, tb) = (try SpecialFunctions.trigamma(a), try SpecialFunctions.trigamma(b))
            for i in data.counts.indices {
                let (k, n) = (data.counts[i], data.sizes[i])
                let total = try SpecialFunctions.trigamma(n + a + b)
                haa += try SpecialFunctions.trigamma(k + a) - total - ta + common
                hbb += try SpecialFunctions.trigamma(n - k + b) - total - tb + common
                hab += common - total
            }
        } catch {
            return nil
        }
        return try? Matrix(rowArrays: [[haa, hab], [hab, hbb]])
    }

    /// The method of moments on the groups' rates (strength from their spread over the
    /// binomial noise), capped to a strength of 1 to 10⁴.
    public func startingPoint(on data: GroupedCounts) throws(InferenceError) -> [Double] {
        let rates = data.rates
        let m = rates.reduce(0, +) / Double(rates.count)
        let v = rates.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(max(1, rates.count - 1))
        let meanTrials = data.sizes.reduce(0, +) / Double(data.sizes.count)
        let noise = m * (1 - m) / meanTrials
        let spread = v - noise
        let strength = spread > 0 ? min(1e4, max(1, m * (1 - m) / spread - 1)) : 1e4
        return [m * strength, (1 - m) * strength]
    }

    /// A numerical error when α + β exceeds ``BetaBinomialModel/largestStrength`` (or is not a
    /// number): the strength grows without bound (complete pooling).
    public func checkExistence(of estimate: [Double], on data: GroupedCounts) throws(InferenceError) {
        if !(estimate[0] + estimate[1] <= Self.largestStrength) {
            throw .numerical(
                "the groups' rates vary no more than their binomial noise: the beta prior's strength alpha + beta grows without bound (complete pooling; every posterior mean is the pooled rate)")
        }
    }

    /// Group i's posterior mean (kᵢ + α)/(nᵢ + α + β) under the prior (α, β).
    public func posteriorMeans(_ parameters: [Double], on data: GroupedCounts) -> [Double] {
        zip(data.counts, data.sizes).map { ($0 + parameters[0]) / ($1 + parameters[0] + parameters[1]) }
    }
}

/// The empirical-Bayes model of grouped poisson counts: group i's rate λᵢ ~ Gamma(shape a,
/// rate b) and yᵢ | λᵢ ~ Poisson(λᵢtᵢ) over exposure tᵢ, the λᵢ integrated out (the negative
/// binomial): log L(a, b) = Σ [log Γ(yᵢ + a) − log Γ(a) − log yᵢ! + a log b + yᵢ log tᵢ
/// − (yᵢ + a) log(b + tᵢ)]. Group i's posterior is Gamma(yᵢ + a, b + tᵢ), mean (yᵢ + a)/(b + tᵢ).
public struct GammaPoissonModel: StatisticalModel {
    /// The gamma-poisson model; it has no options.
    public init() {}

    /// The model's name, `gamma-poisson`.
    public var name: String { "gamma-poisson" }
    /// `shape` and `rate`, the gamma prior's a and b (rate per unit of exposure), in that order.
    public var parameterNames: [String] { ["shape", "rate"] }
    /// a, b ∈ (0, ∞).
    public var parameterSupports: [ParameterSupport] { [.positive, .positive] }

    /// The largest prior shape reported. Data with a positive ``overdispersionScore(_:)`` have a
    /// finite MLE, but one past this shape (a score barely above 0) is reported as complete
    /// pooling.
    public static let largestShape = 1e8

    /// Rejects fewer than 2 groups, exposures that are not finite and > 0 and counts that are not
    /// whole numbers ≥ 0; a numerical error when every count is 0 (the prior's mean would be 0: no
    /// MLE), or when ``overdispersionScore(_:)`` is not positive (complete pooling: no finite MLE).
    public func validate(_ data: GroupedCounts) throws(InferenceError) {
        guard data.counts.count >= 2 else { throw .data("the gamma prior of grouped counts needs at least 2 groups, got \(data.counts.count)") }
        for i in data.counts.indices {
            guard data.sizes[i] > 0, data.sizes[i].isFinite else {
                throw .data("\(data.sizes[i]) is not a positive exposure", at: .init(row: i + 1, column: data.sizeName))
            }
            guard data.counts[i].isWholeNumber, data.counts[i] >= 0 else {
                throw .data("\(data.counts[i]) is not a whole number of events", at: .init(row: i + 1, column: data.countName))
            }
        }
        if data.counts.allSatisfy({ $0 == 0 }) {
            throw .numerical("every group's count is 0: the gamma prior's mean would be 0, so it has no MLE")
        }
        if !(overdispersionScore(data) > 0) {
            throw .numerical(
                "the groups' rates vary no more than their poisson noise (the overdispersion score is not positive): the gamma prior's shape grows without bound (complete pooling; every posterior mean is the pooled rate)")
        }
    }

    /// The score statistic of overdispersion (Dean and Lawless 1989), Σ (yᵢ − tᵢm̂)² − Σ yᵢ with
    /// m̂ = Σyᵢ / Σtᵢ: twice the slope of the profile log-likelihood in 1/a at infinite shape (the
    /// poisson limit). When it is not positive, the evidence rises all the way to complete
    /// pooling: the MLE of the prior does not exist. The verdict is this sign, computed in plain
    /// arithmetic before any optimiser runs, so it cannot depend on where a search stops.
    public func overdispersionScore(_ data: GroupedCounts) -> Double {
        data.deviationsFromThePooledRate.squares - data.counts.reduce(0, +)
    }

    /// The number of groups (rows).
    public func observationCount(_ data: GroupedCounts) -> Int { data.counts.count }

    /// The negative-binomial marginal log-likelihood
    /// Σ [log Γ(yᵢ + a) − log Γ(a) − log yᵢ! + a log b + yᵢ log tᵢ − (yᵢ + a) log(b + tᵢ)]; −∞ unless
    /// a, b > 0, or where log Γ cannot be evaluated.
    public func logLikelihood(_ parameters: [Double], on data: GroupedCounts) -> Double {
        guard parameters.count == 2 else { return -.infinity }
        let (a, b) = (parameters[0], parameters[1])
        guard a > 0, b > 0, let logGammaA = try? SpecialFunctions.logGamma(a) else { return -.infinity }
        var total = 0.0
        for i in data.counts.indices {
            let (y, t) = (data.counts[i], data.sizes[i])
            guard let top = try? SpecialFunctions.logGamma(y + a), let factorial = try? SpecialFunctions.logGamma(y + 1) else { return -.infinity }
            total += top - logGammaA - factorial + a * log(b) + (y > 0 ? y * log(t) : 0) - (y + a) * log(b + t)
        }
        return total
    }

    /// ∂/∂a = Σ ψ(yᵢ + a) − ψ(a) + log b − log(b + tᵢ); ∂/∂b = Σ a/b − (yᵢ + a)/(b + tᵢ).
    public func gradient(_ parameters: [Double], on data: GroupedCounts) -> [Double]? {
        guard parameters.count == 2 else { return nil }
        let (a, b) = (parameters[0], parameters[1])
        var (ga, gb) = (0.0, 0.0)
        do {
            let da = try SpecialFunctions.digamma(a)
            for i in data.counts.indices {
                let (y, t) = (data.counts[i], data.sizes[i])
                ga += try SpecialFunctions.digamma(y + a) - da + log(b) - log(b + t)
                gb += a / b - (y + a) / (b + t)
            }
        } catch {
            return nil
        }
        return [ga, gb]
    }

    /// Analytic: ∂²/∂a² = Σ ψ′(yᵢ + a) − ψ′(a), ∂²/∂a∂b = Σ 1/b − 1/(b + tᵢ) and
    /// ∂²/∂b² = Σ (yᵢ + a)/(b + tᵢ)² − a/b², with ψ′ the trigamma function; nil where ψ′ cannot be
    /// evaluated.
    public func hessian(_ parameters: [Double], on data: GroupedCounts) -> Matrix? {
        guard parameters.count == 2 else { return nil }
        let (a, b) = (parameters[0], parameters[1])
        var (haa, hab, hbb) = (0.0, 0.0, 0.0)
        do {
            let ta = try SpecialFunctions.trigamma(a)
            for i in data.counts.indices {
                let (y, t) = (data.counts[i], data.sizes[i])
                haa += try SpecialFunctions.trigamma(y + a) - ta
                hab += 1 / b - 1 / (b + t)
                hbb += -a / (b * b) + (y + a) / ((b + t) * (b + t))
            }
        } catch {
            return nil
        }
        return try? Matrix(rowArrays: [[haa, hab], [hab, hbb]])
    }

    /// The method of moments on the groups' rates (the spread over the poisson noise), the shape
    /// capped to 10⁻² … 10⁴.
    public func startingPoint(on data: GroupedCounts) throws(InferenceError) -> [Double] {
        let rates = data.rates
        let m = max(rates.reduce(0, +) / Double(rates.count), .leastNormalMagnitude)
        let v = rates.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(max(1, rates.count - 1))
        let noise = m * (data.sizes.map { 1 / $0 }.reduce(0, +) / Double(data.sizes.count))
        let spread = v - noise
        let shape = spread > 0 ? min(1e4, max(1e-2, m * m / spread)) : 1e4
        return [shape, shape / m]
    }

    /// A numerical error when the shape a exceeds ``GammaPoissonModel/largestShape`` (or is not a
    /// number): it grows without bound (complete pooling).
    public func checkExistence(of estimate: [Double], on data: GroupedCounts) throws(InferenceError) {
        if !(estimate[0] <= Self.largestShape) {
            throw .numerical(
                "the groups' rates vary no more than their poisson noise: the gamma prior's shape grows without bound (complete pooling; every posterior mean is the pooled rate)")
        }
    }

    /// Group i's posterior mean (yᵢ + a)/(b + tᵢ) under the prior (a, b).
    public func posteriorMeans(_ parameters: [Double], on data: GroupedCounts) -> [Double] {
        zip(data.counts, data.sizes).map { ($0 + parameters[0]) / ($1 + parameters[1]) }
    }
}

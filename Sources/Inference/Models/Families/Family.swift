/// A distribution family of one column as the command line names it: how to build its model
/// from the options, and which priors it takes. The families are listed in the model catalog
/// (``Family/allCases``); each analysis below is the model's own one-call analysis, so nothing
/// here depends on which family it is.
public struct Family: Sendable, Hashable, CaseIterable, RawRepresentable, CustomStringConvertible {
    /// The command-line name (`gaussian`, `student-t`, …).
    public let rawValue: String
    /// The priors the family takes besides `flat`, each on one parameter.
    public let priorForms: [PriorForm]
    /// Whether the family needs the trials behind each row (`--trials`).
    public let takesTrials: Bool
    /// The prior fitted to grouped counts of this family by empirical Bayes (beta for binomial
    /// groups, gamma for poisson ones); nil when its groups have none.
    public let groupedPrior: GroupedEmpiricalBayes.Family?
    private let make: @Sendable (Int?) throws(InferenceError) -> any DistributionFamily

    /// A family named `name`, taking `priors` and, when `takesTrials`, the trials N of each row,
    /// whose groups take `groupedPrior`, and whose model `make` builds from those trials.
    public init(
        _ name: String, priors: [PriorForm] = [], takesTrials: Bool = false, groupedPrior: GroupedEmpiricalBayes.Family? = nil,
        make: @escaping @Sendable (_ trials: Int?) throws(InferenceError) -> any DistributionFamily
    ) {
        rawValue = name
        priorForms = priors
        self.takesTrials = takesTrials
        self.groupedPrior = groupedPrior
        self.make = make
    }

    /// The family of the catalog named `rawValue`; nil for an unknown name.
    public init?(rawValue: String) {
        guard let family = Family.allCases.first(where: { $0.rawValue == rawValue }) else { return nil }
        self = family
    }

    /// Two are the same when their names are.
    public static func == (lhs: Family, rhs: Family) -> Bool { lhs.rawValue == rhs.rawValue }
    /// Hashes the name.
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }
    /// The command-line name.
    public var description: String { rawValue }

    /// The family's model; `trials` is N for a family that takes trials.
    ///
    /// - Throws: a usage error when the family needs trials and has none, or for invalid trials.
    public func model(trials: Int? = nil) throws(InferenceError) -> any DistributionFamily {
        if takesTrials, trials == nil {
            throw .usage("the \(rawValue) model needs the number of trials behind each row (\(setting("trials")) N)")
        }
        return try make(trials)
    }

    /// The prior `specification` names for this family's `model`: ``FlatPrior``, or one of
    /// ``priorForms`` on its parameter.
    ///
    /// - Throws: a usage error for a prior the family does not take, or invalid prior parameters.
    public func prior(_ specification: FamilyPriorSpecification, for model: any DistributionFamily) throws(InferenceError) -> any Prior {
        if specification == .flat { return FlatPrior() }
        guard let form = priorForms.first(where: { $0.name == specification.name }),
            let index = model.parameterNames.firstIndex(of: form.parameter)
        else { throw .usage("the \(rawValue) model takes \(setting("prior")) \(acceptedPriors)") }
        return try form.prior(specification.arguments, parameterIndex: index)
    }

    /// The priors this family takes, in words: `flat or beta(a,b) (on p)`, `flat only`.
    public var acceptedPriors: String {
        priorForms.isEmpty ? "flat only" : "flat or " + priorForms.map { "\($0.signature) (on \($0.parameter))" }.joined(separator: " or ")
    }

    /// The proposal that samples this family's posterior best (``ProposalKind/recommended(for:)``).
    public func recommendedProposal(trials: Int? = nil) -> ProposalKind {
        guard let model = try? model(trials: trials) else { return .nuts }
        return ProposalKind.recommended(for: model)
    }

    /// Whether the family's values are counts (its density is a probability mass).
    public var isDiscrete: Bool { (try? make(1))?.isDiscrete ?? false }

    /// The model and prior of this family for `trials` and `prior`.
    private func resolve(_ trials: Int?, _ prior: FamilyPriorSpecification) throws(InferenceError) -> (any DistributionFamily, any Prior) {
        let model = try model(trials: trials)
        return (model, try self.prior(prior, for: model))
    }

    /// The maximum-likelihood fit of this family to `sample`; `trials` is N for `binomial`.
    public func maximumLikelihood(_ sample: Sample, trials: Int? = nil) throws(InferenceError) -> PointEstimate {
        try estimate(sample, trials: trials, prior: .flat)
    }

    /// The MLE (flat prior) or the MAP under `prior` (for a conjugate pair the exact posterior is
    /// reported): the model's ``StatisticalModel/estimate(_:prior:)``.
    ///
    /// - Throws: a usage error for a prior the family does not take or a binomial without
    ///   `trials`; data and numerical errors from the fit.
    public func estimate(_ sample: Sample, trials: Int? = nil, prior: FamilyPriorSpecification) throws(InferenceError) -> PointEstimate {
        let (model, prior) = try resolve(trials, prior)
        return try model.estimate(sample, prior: prior)
    }

    /// The Laplace approximation of the posterior under `prior` (a flat prior counts as
    /// density 1), at the MAP.
    public func laplaceApproximation(
        _ sample: Sample, trials: Int? = nil, prior: FamilyPriorSpecification
    ) throws(InferenceError) -> LaplaceApproximation {
        let (model, prior) = try resolve(trials, prior)
        return try model.laplaceApproximation(sample, prior: prior)
    }

    /// Posterior draws (``SamplerSettings/proposal``: Metropolis–Hastings or Hamiltonian) from this family's posterior under `prior` (a flat prior on
    /// every parameter the prior does not cover), chains `chainIDs` of `settings` (all C by default).
    ///
    /// - Throws: a usage or data error when the posterior is improper (student-t under the flat
    ///   prior on `nu`; location–scale families with fewer than 3 rows); data and numerical errors
    ///   from the fit that centres the chains.
    public func samplePosterior(
        _ sample: Sample, trials: Int? = nil, prior: FamilyPriorSpecification, settings: SamplerSettings, chainIDs: [Int]? = nil,
        threads: Int = 1, progress: (@Sendable (Int) -> Void)? = nil
    ) throws(InferenceError) -> PosteriorSample {
        let (model, prior) = try resolve(trials, prior)
        return try model.samplePosterior(sample, prior: prior, settings: settings, chainIDs: chainIDs, threads: threads, progress: progress)
    }

    /// The bootstrap of this family's MLE (flat prior) or MAP: nonparametric (rows resampled), or
    /// `parametric` (samples drawn from the family at the estimate); `plan` nil gives the
    /// estimates only.
    public func bootstrap(
        _ sample: Sample, trials: Int? = nil, prior: FamilyPriorSpecification, plan: BootstrapPlan?, studentized: Bool = false,
        parametric: Bool = false, progress: (@Sendable (Int) -> Void)? = nil
    ) throws(InferenceError) -> BootstrapResult {
        let (model, prior) = try resolve(trials, prior)
        if parametric { return try model.parametricBootstrap(sample, prior: prior, plan: plan, studentized: studentized, progress: progress) }
        return try model.bootstrap(sample, prior: prior, plan: plan, studentized: studentized, progress: progress)
    }

    /// The BCa accelerations of this family's estimates, from the (grouped) jackknife.
    public func bootstrapAccelerations(
        _ sample: Sample, trials: Int? = nil, prior: FamilyPriorSpecification, seed: UInt64
    ) throws(InferenceError) -> [Double] {
        let (model, prior) = try resolve(trials, prior)
        return try model.bootstrapAccelerations(sample, prior: prior, seed: seed)
    }

    /// log f(x | θ): the log density (or probability mass) of one value under `parameters`;
    /// −∞ outside the support.
    public func logDensity(_ x: Double, parameters: [Double], trials: Int? = nil) -> Double {
        (try? model(trials: trials))?.logDensity(x, parameters: parameters) ?? -.infinity
    }

    /// log L(θ) of the whole `sample` under `parameters` (−∞ outside the support).
    public func logLikelihood(_ parameters: [Double], on sample: Sample, trials: Int? = nil) -> Double {
        (try? model(trials: trials))?.logLikelihood(parameters, on: sample) ?? -.infinity
    }
}

/// A regression as the command line names it, and how its model is built from the data's
/// features and the design. The regressions are listed in the model catalog
/// (``Regression/allCases``); each analysis below is the model's own, through
/// ``RegressionModel``, so nothing here depends on which regression it is.
public struct Regression: Sendable, Hashable, CaseIterable, RawRepresentable, CustomStringConvertible {
    /// The command-line name (`linear`, `poisson-regression`, …).
    public let rawValue: String
    private let make: @Sendable (RegressionData, RegressionDesign) throws(InferenceError) -> any RegressionModel

    /// A regression named `name` whose model `make` builds for data (its features, its classes)
    /// and a design.
    public init(
        _ name: String,
        make: @escaping @Sendable (_ data: RegressionData, _ design: RegressionDesign) throws(InferenceError) -> any RegressionModel
    ) {
        rawValue = name
        self.make = make
    }

    /// The regression of the catalog named `rawValue`; nil for an unknown name.
    public init?(rawValue: String) {
        guard let regression = Regression.allCases.first(where: { $0.rawValue == rawValue }) else { return nil }
        self = regression
    }

    /// Two are the same when their names are.
    public static func == (lhs: Regression, rhs: Regression) -> Bool { lhs.rawValue == rhs.rawValue }
    /// Hashes the name.
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }
    /// The command-line name.
    public var description: String { rawValue }

    /// The regressions this version fits.
    public static var available: [Regression] { Regression.allCases }

    /// This regression's model for `data` (its feature names; for softmax, its classes) and `design`.
    public func model(for data: RegressionData, design: RegressionDesign) throws(InferenceError) -> any RegressionModel {
        try make(data, design)
    }

    /// Fits this regression of `target` on `features` under `penalty` (MLE without one).
    public func fit(_ data: RegressionData, design: RegressionDesign, penalty: Penalty) throws(InferenceError) -> PointEstimate {
        try model(for: data, design: design).fitted(data, penalty: penalty)
    }

    /// The Laplace approximation of the contract's posterior (``RegressionModel/posterior(under:on:)``).
    ///
    /// - Throws: a usage error for a laplace or elastic-net prior with an L1 part (not
    ///   differentiable at 0: use the sampler for that posterior).
    public func laplaceApproximation(
        _ data: RegressionData, design: RegressionDesign, penalty: Penalty
    ) throws(InferenceError) -> LaplaceApproximation {
        try model(for: data, design: design).laplaceApproximation(data, penalty: penalty)
    }

    /// Posterior draws (``SamplerSettings/proposal``: Metropolis–Hastings or Hamiltonian) from the contract's posterior of this regression under `penalty`
    /// (``RegressionModel/posterior(under:on:)``), chains `chainIDs` of `settings`.
    public func samplePosterior(
        _ data: RegressionData, design: RegressionDesign, penalty: Penalty, settings: SamplerSettings, chainIDs: [Int]? = nil,
        threads: Int = 1, progress: (@Sendable (Int) -> Void)? = nil
    ) throws(InferenceError) -> PosteriorSample {
        try model(for: data, design: design).samplePosterior(
            data, penalty: penalty, settings: settings, chainIDs: chainIDs, threads: threads, progress: progress)
    }

    /// The bootstrap of this regression's estimates under `penalty`: nonparametric (cases
    /// resampled), or `parametric` (new targets drawn from the fitted model at the same
    /// features); `plan` nil gives the estimates only.
    public func bootstrap(
        _ data: RegressionData, design: RegressionDesign, penalty: Penalty, plan: BootstrapPlan?, studentized: Bool = false,
        parametric: Bool = false, progress: (@Sendable (Int) -> Void)? = nil
    ) throws(InferenceError) -> BootstrapResult {
        try model(for: data, design: design).bootstrap(
            data, penalty: penalty, plan: plan, studentized: studentized, parametric: parametric, progress: progress)
    }

    /// The BCa accelerations of this regression's estimates, from the (grouped) jackknife.
    public func bootstrapAccelerations(_ data: RegressionData, design: RegressionDesign, penalty: Penalty, seed: UInt64) throws(InferenceError) -> [Double] {
        try model(for: data, design: design).bootstrapAccelerations(data, penalty: penalty, seed: seed)
    }

    /// The mean `loss` over `data`'s rows of this regression's coefficients `estimates` (as a fit
    /// with `design` reports them): how a fit predicts rows it was not fitted to.
    public func meanLoss(_ loss: HeldOutLoss, of estimates: [Double], on data: RegressionData, design: RegressionDesign) throws(InferenceError)
        -> Double
    {
        try model(for: data, design: design).heldOutLoss(loss, of: estimates, on: data)
    }
}

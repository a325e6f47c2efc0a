import Foundation
import GSL

/// How `infer tune` judges a λ.
public enum TuningMethod: String, CaseIterable, Sendable {
    /// K-fold cross-validation.
    case cv
    /// Leave-one-out: closed form for linear + gaussian, n refits otherwise.
    case loo
    /// Generalised cross-validation (linear + gaussian).
    case gcv
    /// The marginal likelihood (type-II maximum likelihood).
    case evidence
}

/// One λ of an evidence curve.
public struct EvidencePoint: Sendable, Equatable {
    /// λ, the weight of the prior's penalty.
    public let lambda: Double
    /// log p(y | λ): for linear + gaussian, with the noise precision at its maximum for this λ
    /// (MacKay); for the other regressions, the Laplace approximation's log evidence.
    public let logEvidence: Double
}

/// What `infer tune` found: the curve, the chosen λ and the fit there.
public struct TuningResult: Sendable {
    /// How λ was judged.
    public let method: TuningMethod
    /// The rule (not for evidence).
    public let rule: SelectionRule?
    /// The loss (not for evidence).
    public let loss: HeldOutLoss?
    /// The chosen λ.
    public let selected: Double
    /// The loss curve, largest λ first (cv, loo, gcv).
    public let curve: [CurvePoint]
    /// The evidence curve, largest λ first (evidence).
    public let evidence: [EvidencePoint]
    /// For linear + gaussian evidence, the noise precision α and the weight precision λw at the
    /// maximum (`selected` = λw/α).
    public let precisions: (noise: Double, weights: Double)?
    /// The λs of the grid left off the curve because a fit failed there.
    public let failedLambdas: [Double]
    /// The fit to all the data at `selected`.
    public let fit: PointEstimate

    /// The λ `rule` picks from the loss curve (whichever rule the tuning used); nil for the
    /// evidence, and for 1se without standard errors (gcv).
    public func choice(_ rule: SelectionRule) -> Double? {
        guard method != .evidence, !curve.isEmpty else { return nil }
        if rule == .oneStandardError, curve.allSatisfy({ $0.standardError == nil }) { return nil }
        return LossCurve(points: curve, failedLambdas: []).selected(rule)
    }
}

/// Chooses the λ of a regression's prior by held-out prediction or by the evidence, for any
/// ``RegressionModel``; ridge's closed forms (leave-one-out, GCV, MacKay's evidence) for a
/// ``LeastSquaresRegression`` under a smooth prior.
public struct Tuning: Sendable {
    /// The regression whose λ is chosen (its design is every fit's).
    public let model: any RegressionModel
    /// The prior's shape (gaussian, laplace or elastic-net); tuning chooses its λ.
    public let shape: PenaltyShape
    /// Cross-validation, leave-one-out, GCV or the evidence.
    public let method: TuningMethod
    /// The grid (any order; curves run from the largest λ down).
    public let lambdas: [Double]
    /// The folds, for cv.
    public let folds: FoldPlan?
    /// How held-out rows are scored (cv, loo and gcv; the evidence ignores it).
    public let loss: HeldOutLoss
    /// How λ is picked from the loss curve (cv, loo and gcv); gcv allows only ``SelectionRule/min``.
    public let rule: SelectionRule
    /// Worker threads (at least 1) for the folds; the result does not depend on it.
    public let threads: Int

    /// A plan; duplicate λs are merged.
    ///
    /// - Throws: a usage error for an empty grid or a λ not finite and > 0, for cv without
    ///   `folds`, for gcv other than a least-squares model under a smooth prior or with the 1se
    ///   rule, for the evidence under a prior with an L1 part, for a `loss` that does not apply
    ///   to `model`, and for an invalid `shape`.
    public init(
        model: some RegressionModel, shape: PenaltyShape, method: TuningMethod, lambdas: [Double], folds: FoldPlan? = nil,
        loss: HeldOutLoss = .nll, rule: SelectionRule = .min, threads: Int = 1
    ) throws(InferenceError) {
        guard !lambdas.isEmpty, lambdas.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw .usage("every λ of the grid must be a finite number > 0")
        }
        let ridge = model is any LeastSquaresRegression && shape.isSmooth
        switch method {
        case .cv:
            guard folds != nil else { throw .usage("cross-validation needs folds") }
        case .gcv:
            guard ridge else {
                throw .usage("gcv is the closed form of ridge regression: use it with \(setting("model")) linear \(setting("prior")) gaussian, or use \(setting("method")) cv")
            }
            guard rule == .min else { throw .usage("\(setting("rule")) 1se needs standard errors, which gcv has not: use \(setting("method")) cv or loo") }
        case .evidence:
            guard shape.isSmooth else {
                throw .usage(
                    "the evidence needs a smooth prior: the \(shape.name) prior has no Laplace approximation; use \(setting("prior")) gaussian, or \(setting("method")) cv")
            }
        case .loo: break
        }
        try loss.check(for: model)
        self.model = model
        self.shape = try shape.validated()
        self.method = method
        self.lambdas = Array(Set(lambdas)).sorted(by: >)
        self.folds = folds
        self.loss = loss
        self.rule = rule
        self.threads = max(1, threads)
    }

    /// The intercept and standardisation of every fit, the model's.
    public var design: RegressionDesign { model.design }

    /// The folds a run goes through (for a progress bar): K for cv, n for leave-one-out by
    /// refits, none for the closed forms and the evidence.
    public func foldCount(rows: Int) -> Int {
        switch method {
        case .cv: folds?.count ?? 0
        case .loo: isRidge ? 0 : rows
        case .gcv, .evidence: 0
        }
    }

    /// Tunes on `data` and refits there; `progress` hears of each fold done.
    public func run(_ data: RegressionData, progress: (@Sendable (Int) -> Void)? = nil) throws(InferenceError) -> TuningResult {
        switch method {
        case .cv, .loo, .gcv:
            let spectrum = isRidge && method != .cv ? try ridgeSpectrum(data) : nil
            let curve = try lossCurve(data, spectrum: spectrum, progress: progress)
            let selected = curve.selected(rule)
            return TuningResult(
                method: method, rule: rule, loss: loss, selected: selected, curve: curve.points, evidence: [], precisions: nil,
                failedLambdas: curve.failedLambdas, fit: try refit(data, selected, spectrum: spectrum))
        case .evidence:
            return try evidence(data)
        }
    }

    private var isRidge: Bool { model is any LeastSquaresRegression && shape.isSmooth }

    /// The model validated on `data`, then the ridge spectrum of `data`.
    private func ridgeSpectrum(_ data: RegressionData) throws(InferenceError) -> RidgeSpectrum {
        try model.validate(data)
        return try RidgeSpectrum(data, design: design)
    }

    private func lossCurve(_ data: RegressionData, spectrum: RidgeSpectrum?, progress: (@Sendable (Int) -> Void)?) throws(InferenceError) -> LossCurve {
        if let spectrum {
            let points: [CurvePoint]
            if method == .loo {
                do {
                    points = try spectrum.leaveOneOut(lambdas, leftOutRSS: loss != .mse, threads: threads) { k, residuals, rss in
                        leaveOneOut(lambdas[k], residuals: residuals, rss: rss)
                    }
                } catch {
                    throw InferenceError(error)
                }
            } else {
                points = lambdas.map { generalized(spectrum, $0) }
            }
            // a row of leverage 1 (or df = n) at a tiny λ leaves no finite loss there
            let finite = points.filter { $0.meanLoss.isFinite && ($0.standardError?.isFinite ?? true) }
            guard !finite.isEmpty else {
                throw .numerical("no λ of the grid has a finite \(method.rawValue) loss (rows of leverage 1): try larger values (\(setting("lambda-grid")))")
            }
            return LossCurve(points: finite, failedLambdas: points.filter { p in !finite.contains { $0.lambda == p.lambda } }.map(\.lambda))
        }
        let plan: FoldPlan
        if method == .cv, let folds { plan = folds } else { plan = try FoldPlan.leaveOneOut(rows: data.rowCount) }
        return try CrossValidation(model: model, shape: shape, lambdas: lambdas, folds: plan, loss: loss, threads: threads)
            .curve(data, progress: progress)
    }

    /// Row i's loss under the fit without it: rᵢ², or the Gaussian negative log-likelihood with
    /// that fit's σ̂² = RSS₋ᵢ/(n − 1).
    private func leaveOneOut(_ lambda: Double, residuals: UnsafeBufferPointer<Double>, rss: UnsafeBufferPointer<Double>) -> CurvePoint {
        let n = Double(residuals.count)
        let losses =
            loss == .mse
            ? residuals.map { $0 * $0 }
            : residuals.indices.map { i -> Double in
                let r = residuals[i]
                let variance = rss[i] / (n - 1)
                return 0.5 * log(2 * .pi * variance) + r * r / (2 * variance)
            }
        return CurvePoint(lambda: lambda, foldLosses: losses)
    }

    /// GCV's estimate of the mean squared error, RSS/n / (1 − df/n)², or the Gaussian negative
    /// log-likelihood a row of a predictive with that variance: ½ log(2π GCV) + ½.
    private func generalized(_ spectrum: RidgeSpectrum, _ lambda: Double) -> CurvePoint {
        let (rss, _, df) = spectrum.summary(lambda)
        let n = Double(spectrum.n)
        let score = rss / n / ((1 - df / n) * (1 - df / n))
        return CurvePoint(lambda: lambda, meanLoss: loss == .mse ? score : 0.5 * log(2 * .pi * score) + 0.5, standardError: nil)
    }

    private func evidence(_ data: RegressionData) throws(InferenceError) -> TuningResult {
        if isRidge {
            let spectrum = try ridgeSpectrum(data)
            guard let maximum = spectrum.typeTwoMaximum() else {
                throw .numerical("the evidence has no maximum at a finite λ (MacKay's updates did not settle): the data may fit exactly")
            }
            let selected = maximum.lambda / maximum.alpha
            let curve = lambdas.map { EvidencePoint(lambda: $0, logEvidence: spectrum.profileLogEvidence($0)) }
            return TuningResult(
                method: .evidence, rule: nil, loss: nil, selected: selected, curve: [], evidence: curve,
                precisions: (maximum.alpha, maximum.lambda), failedLambdas: [], fit: try refit(data, selected, spectrum: spectrum))
        }
        var curve: [EvidencePoint] = []
        var failed: [Double] = []
        for lambda in lambdas {
            if let value = logEvidence(data, lambda) { curve.append(EvidencePoint(lambda: lambda, logEvidence: value)) } else { failed.append(lambda) }
        }
        guard let best = curve.indices.max(by: { curve[$0].logEvidence < curve[$1].logEvidence }) else {
            throw .numerical("the evidence could not be computed at any λ of the grid; try larger values (\(setting("lambda-grid")))")
        }
        let selected = refine(data, curve, best)
        return TuningResult(
            method: .evidence, rule: nil, loss: nil, selected: selected, curve: [], evidence: curve, precisions: nil,
            failedLambdas: failed, fit: try refit(data, selected))
    }

    /// The Laplace-approximated log evidence at λ (nil when the fit or its curvature fails).
    private func logEvidence(_ data: RegressionData, _ lambda: Double) -> Double? {
        guard let value = try? model.laplaceApproximation(data, penalty: shape.penalty(lambda: lambda)).logEvidence,
            value.isFinite
        else { return nil }
        return value
    }

    /// The maximiser of the log evidence in log λ between the best grid point's neighbours, by
    /// golden-section search to 1e-6 relative in λ; the grid point itself at the grid's ends.
    private func refine(_ data: RegressionData, _ curve: [EvidencePoint], _ best: Int) -> Double {
        guard best > 0, best < curve.count - 1 else { return curve[best].lambda }
        let (low, high) = (log(curve[best + 1].lambda), log(curve[best - 1].lambda))
        let logLambda = GoldenSection.maximize(
            { logEvidence(data, exp($0)) ?? -.infinity }, low: low, high: high,
            iterations: GoldenSection.iterations(from: high - low, to: 1e-6))
        let found = exp(logLambda)
        let foundValue = logEvidence(data, found) ?? -.infinity
        return foundValue >= curve[best].logEvidence ? found : curve[best].lambda
    }

    /// The fit at the selected λ; a ridge fit on the spectrum's centred design and Gram matrix
    /// (the data were validated when it was formed).
    private func refit(_ data: RegressionData, _ lambda: Double, spectrum: RidgeSpectrum? = nil) throws(InferenceError) -> PointEstimate {
        if let spectrum, let linear = model as? LinearRegressionModel {
            return try linear.fitPenalized(data, penalty: try shape.penalty(lambda: lambda).validated(), system: spectrum.system)
        }
        return try model.fitted(data, penalty: shape.penalty(lambda: lambda))
    }
}

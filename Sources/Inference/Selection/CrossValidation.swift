import Dispatch
import Foundation

/// How λ is chosen from a cross-validation curve.
public enum SelectionRule: String, CaseIterable, Sendable {
    /// The λ of the smallest mean loss (the largest such λ on a tie).
    case min
    /// The largest λ whose mean loss is within one standard error of the smallest.
    case oneStandardError = "1se"
}

/// One λ of a cross-validation curve: the mean of the K fold losses (each the mean loss of the
/// fold's held-out rows) and their standard deviation (divisor K − 1) over √K (none for GCV).
public struct CurvePoint: Sendable, Equatable {
    /// λ, the weight of the prior's penalty.
    public let lambda: Double
    /// The mean of the fold losses (for GCV, its closed-form estimate of the mean loss a row).
    public let meanLoss: Double
    /// The sample sd of the fold losses (divisor K − 1) over √K; nil for GCV.
    public let standardError: Double?
    /// Each fold's loss, in fold order.
    public let foldLosses: [Double]

    init(lambda: Double, foldLosses: [Double]) {
        self.lambda = lambda
        self.foldLosses = foldLosses
        let k = Double(foldLosses.count)
        meanLoss = foldLosses.reduce(0, +) / k
        let mean = meanLoss
        let variance = foldLosses.count > 1 ? foldLosses.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (k - 1) : 0
        standardError = (variance / k).squareRoot()
    }

    init(lambda: Double, meanLoss: Double, standardError: Double?) {
        self.lambda = lambda
        self.meanLoss = meanLoss
        self.standardError = standardError
        foldLosses = []
    }
}

/// A curve of mean held-out loss against λ, largest λ first.
public struct LossCurve: Sendable, Equatable {
    /// The λs at which every fold could be fitted, largest λ first.
    public let points: [CurvePoint]
    /// The λs of the grid left off the curve because a fold's fit failed there.
    public let failedLambdas: [Double]

    /// The λ that `rule` picks.
    public func selected(_ rule: SelectionRule) -> Double {
        // points run from the largest λ down: the first minimum is the largest λ on a tie
        guard let best = points.indices.min(by: { points[$0].meanLoss < points[$1].meanLoss }) else { return .nan }
        switch rule {
        case .min: return points[best].lambda
        case .oneStandardError:
            let bound = points[best].meanLoss + (points[best].standardError ?? 0)
            return points.first { $0.meanLoss <= bound }?.lambda ?? points[best].lambda
        }
    }
}

/// K-fold cross-validation of a regression's λ: each fold's fit minimises the sum-form objective
/// over its training rows at every λ of the grid (largest first, each fit started from the
/// previous: ``RegressionModel/fitPath(_:penalties:)``), and is scored on its held-out rows by
/// the model's ``RegressionModel/meanLoss(_:of:on:)``. Any ``RegressionModel`` can be
/// cross-validated; a ``LeastSquaresRegression`` is scored from each fold's moments.
///
/// Folds run in parallel, each on its own; the curve does not depend on `threads`.
public struct CrossValidation: Sendable {
    /// The regression whose λ is chosen (its design is every fold's).
    public let model: any RegressionModel
    /// The prior's shape; each λ of the grid weights it.
    public let shape: PenaltyShape
    /// The grid, any order; the curve runs from the largest λ down.
    public let lambdas: [Double]
    /// Which fold holds out each row of the data given to ``CrossValidation/curve(_:progress:)``.
    public let folds: FoldPlan
    /// How each held-out row's prediction is scored.
    public let loss: HeldOutLoss
    /// Worker threads (at least 1), the folds dealt among them; the curve does not depend on it.
    public let threads: Int

    /// A plan; duplicate λs are merged.
    ///
    /// - Throws: a usage error for an empty grid or a λ not finite and > 0, for a `loss` that does
    ///   not apply to `model`, and for an invalid `shape`.
    public init(
        model: some RegressionModel, shape: PenaltyShape, lambdas: [Double], folds: FoldPlan, loss: HeldOutLoss, threads: Int = 1
    ) throws(InferenceError) {
        guard !lambdas.isEmpty, lambdas.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw .usage("every λ of the grid must be a finite number > 0")
        }
        try loss.check(for: model)
        self.model = model
        self.shape = try shape.validated()
        self.lambdas = Array(Set(lambdas)).sorted(by: >)
        self.folds = folds
        self.loss = loss
        self.threads = max(1, threads)
    }

    /// The curve on `data` (whose rows the fold plan numbers); `progress` hears of each fold
    /// done (and of no more once every λ has failed on some fold: the curve then fails).
    public func curve(_ data: RegressionData, progress: (@Sendable (Int) -> Void)? = nil) throws(InferenceError) -> LossCurve {
        guard folds.assignments.count == data.rowCount else {
            throw .usage("the fold plan has \(folds.assignments.count) rows, the data \(data.rowCount)")
        }
        return try curve(model, data, progress: progress)
    }

    /// How many folds that refit run at once on `threads`: each holds a copy of the data's rows
    /// (its training and held-out ones), its training rows' design and its fit's p × p matrices
    /// (one a block of rows and four more, as ``TableDesign`` counts them), so as many as the
    /// memory `budget` holds beside the data and its design, at least one (the curve is the same
    /// either way).
    package static func refittingFolds(threads: Int, folds k: Int, rows n: Int, features: Int, budget: Double = MemoryBudget.bytes) -> Int {
        let width = Double(features + 1), rows = Double(n)
        let squares = Double(RowBlocks(rows: n - n / max(1, k)).count + 4)
        return MemoryBudget.concurrent(min(threads, k), each: 8 * width * (2 * rows + squares * width), shared: 16 * rows * width, budget: budget)
    }

    private func curve<M: RegressionModel>(_ model: M, _ data: RegressionData, progress: (@Sendable (Int) -> Void)?) throws(InferenceError) -> LossCurve {
        try model.validate(data)
        let penalties = lambdas.map { shape.penalty(lambda: $0) }
        let k = folds.count
        let slots = ParallelSlots<[Double?]>(count: k)
        let (folds, loss, data, progress) = (folds, loss, data, progress)
        // a least-squares model from each fold's moments (one read of the data, K p × p matrices:
        // not for leave-one-out of many rows and features); the others refit
        let p = data.featureCount
        let moments = model is any LeastSquaresRegression && k * p * p <= 1 << 23
            ? try LinearFoldMoments(data, folds: folds, design: model.design) : nil
        let workers = moments != nil ? min(threads, k) : Self.refittingFolds(threads: threads, folds: k, rows: data.rowCount, features: p)
        // the moments' products leave OpenBLAS' workers spinning for 0.1 s on the cores the
        // folds' solvers need (a BLAS call inside a fold starts them again)
        if moments != nil { GSLRuntime.stopIdleBLASWorkersBetweenPhases() }
        // once every λ has failed on some fold, no λ can make the curve: the folds not begun are
        // left alone (a feature of ±1e300 failed every fit of a 200-fold leave-one-out, each to
        // the solver's last iteration, for five minutes); the outcome is that error however many
        // folds ran
        let failed = FailedLambdas(count: penalties.count)
        let run: @Sendable (Int) -> Void = { fold in
            if let moments {
                slots.store(moments.path(fold, penalties: penalties, loss: loss), at: fold)
                progress?(1)
                return
            }
            guard !failed.all else { return }
            let training = data.rows(folds.training(fold))
            let heldOut = data.rows(folds.heldOut(fold))
            let path = model.fitPath(training, penalties: penalties)
            let losses = path.map { estimates in estimates.map { model.meanLoss(loss, of: $0, on: heldOut) } }
            failed.record(losses)
            slots.store(losses, at: fold)
            progress?(1)
        }
        // whole rounds of one fold a worker; the folds left over (5 folds on 2 workers: the
        // fifth) one at a time after them, each with its row blocks on every core, rather than
        // one worker's alone (each fold's arithmetic is the same either way)
        let leftOver = workers > 1 ? k % workers : 0
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for fold in stride(from: worker, to: k - leftOver, by: workers) { run(fold) }
        }
        for fold in (k - leftOver)..<k { run(fold) }
        guard !failed.all else { throw data.oversizedFeature ?? Self.noLambdaFitted }
        guard let losses = slots.all else { throw .numerical("cross-validation: a fold could not be fitted") }
        var points: [CurvePoint] = []
        var failedLambdas: [Double] = []
        for (index, lambda) in lambdas.enumerated() {
            let foldLosses = losses.compactMap { $0[index] }
            if foldLosses.count == k, foldLosses.allSatisfy(\.isFinite) {
                points.append(CurvePoint(lambda: lambda, foldLosses: foldLosses))
            } else {
                failedLambdas.append(lambda)
            }
        }
        guard !points.isEmpty else { throw data.oversizedFeature ?? Self.noLambdaFitted }
        return LossCurve(points: points, failedLambdas: failedLambdas)
    }

    private static var noLambdaFitted: InferenceError {
        .numerical("cross-validation: no λ of the grid could be fitted on every fold; try larger values (\(setting("lambda-grid")))")
    }
}

/// Which λs of a grid have failed (no estimate, or a loss that is not finite) on some fold so far,
/// across the folds' workers.
private final class FailedLambdas: @unchecked Sendable {
    private var failed: [Bool]
    private var remaining: Int
    private let lock = NSLock()

    init(count: Int) { (failed, remaining) = ([Bool](repeating: false, count: count), count) }

    /// Marks the λs whose loss on a fold is missing or not finite.
    func record(_ losses: [Double?]) {
        lock.withLock {
            for (index, loss) in losses.enumerated() where !failed[index] && !(loss?.isFinite ?? false) {
                failed[index] = true
                remaining -= 1
            }
        }
    }

    /// Whether every λ has failed somewhere.
    var all: Bool { lock.withLock { remaining == 0 } }
}

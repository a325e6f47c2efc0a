import Foundation
import Inference
import Testing
import TestSupport

/// Choosing λ against scikit-learn (Tests/References/selection/selection.py): the same folds and
/// grids give the same curves and the same choice.
///
/// Tolerances: the references are solved to tol 1e-12 and ours to 1e-10 relative (Newton) or
/// 1e-12 (coordinate descent, on the KKT conditions), so losses agree to about 1e-9; 1e-7
/// relative leaves room for the conditioning of the folds. Closed forms (ridge LOO, GCV) agree
/// to rounding: 1e-9.
@Suite struct TuningReferenceTests {
    struct Curve: Decodable {
        let lambdas: [Double]
        let foldMSE: [[Double]]?
        let foldLogLoss: [[Double]]?
        let meanSquaredError: [Double]?
        let logEvidence: [Double]?
        let selected: Double?
        let lambdaTop: Double?
        let sklearnAlphaMaxTimesN: Double?
        let intercept: Double?
        let coefficients: [Double]?
    }

    struct BayesianRidgeReference: Decodable {
        let alpha: Double
        let lambda: Double
        let selected: Double
        let intercept: Double
        let coefficients: [Double]
        let logEvidence: Double
    }

    struct References: Decodable {
        let lasso: Curve
        let elasticNet: Curve
        let ridgeLOO: Curve
        let ridgeGCV: Curve
        let logisticCV: Curve
        let logisticEvidence: Curve
        let bayesianRidge: BayesianRidgeReference
    }

    let references: References
    let linear: RegressionData
    let linearFolds: FoldPlan
    let logistic: RegressionData
    let logisticFolds: FoldPlan

    init() throws {
        references = try TestSupport.References.decode(References.self, from: "selection/selection.json")
        let linearSet = try Dataset.load(path: TestSupport.References.url("selection/linear.csv").path)
        linear = try RegressionData(linearSet, target: "y", features: (1...8).map { "x\($0)" })
        linearFolds = try FoldPlan.column(try linearSet.column(named: "fold"), name: "fold")
        let logisticSet = try Dataset.load(path: TestSupport.References.url("selection/logistic.csv").path)
        logistic = try RegressionData(logisticSet, target: "y", features: (1...4).map { "x\($0)" })
        logisticFolds = try FoldPlan.column(try logisticSet.column(named: "fold"), name: "fold")
    }

    func close(_ a: Double, _ b: Double, _ tolerance: Double) -> Bool { abs(a - b) <= tolerance * max(1, abs(b)) }

    @Test func lassoAndElasticNetCurvesMatchLassoCVAndElasticNetCV() throws {
        for (reference, penalty) in [(references.lasso, Penalty.laplace(lambda: 1)), (references.elasticNet, .elasticNet(lambda: 1, mix: 0.5))] {
            let top = try LambdaGrid.top(model: try Regression.linear.model(for: linear, design: RegressionDesign()), data: linear, shape: penalty.shape!)
            #expect(close(top, try #require(reference.lambdaTop), 1e-12))
            #expect(close(top, try #require(reference.sklearnAlphaMaxTimesN), 1e-12))
            let curve = try CrossValidation(
            model: try Regression.linear.model(for: linear, design: RegressionDesign()), shape: penalty.shape!, lambdas: reference.lambdas, folds: linearFolds, loss: .mse
            ).curve(linear)
            #expect(curve.points.count == reference.lambdas.count)
            for (point, expected) in zip(curve.points, try #require(reference.foldMSE)) {
                for (a, b) in zip(point.foldLosses, expected) { #expect(close(a, b, 1e-7), "\(penalty) λ = \(point.lambda): \(a) vs \(b)") }
            }
            #expect(close(curve.selected(.min), try #require(reference.selected), 1e-12))
        }
    }

    @Test func ridgeLeaveOneOutMatchesRidgeCVAndGCVTheHatMatrix() throws {
        let loo = try Tuning(
            model: try Regression.linear.model(for: linear, design: RegressionDesign()), shape: .gaussian, method: .loo,
            lambdas: references.ridgeLOO.lambdas, loss: .mse
        ).run(linear)
        #expect(loo.curve.count == references.ridgeLOO.lambdas.count)
        #expect(loo.curve.map(\.lambda) == references.ridgeLOO.lambdas)
        for (point, expected) in zip(loo.curve, try #require(references.ridgeLOO.meanSquaredError)) {
            #expect(close(point.meanLoss, expected, 1e-9), "λ = \(point.lambda)")
        }
        #expect(close(loo.selected, try #require(references.ridgeLOO.selected), 1e-12))
        let gcv = try Tuning(
            model: try Regression.linear.model(for: linear, design: RegressionDesign()), shape: .gaussian, method: .gcv,
            lambdas: references.ridgeGCV.lambdas, loss: .mse
        ).run(linear)
        #expect(gcv.curve.count == references.ridgeGCV.lambdas.count)
        for (point, expected) in zip(gcv.curve, try #require(references.ridgeGCV.meanSquaredError)) {
            #expect(close(point.meanLoss, expected, 1e-9), "λ = \(point.lambda)")
            #expect(point.standardError == nil)
        }
    }

    /// The closed-form leave-one-out negative log-likelihood (each left-out fit with its own σ̂)
    /// equals n refits without each row.
    @Test func ridgeLeaveOneOutLogLikelihoodEqualsRefits() throws {
        let lambdas = [30.0, 1.0]
        let closed = try Tuning(
            model: try Regression.linear.model(for: linear, design: RegressionDesign()), shape: .gaussian, method: .loo, lambdas: lambdas
        ).run(linear)
        let refits = try CrossValidation(
            model: try Regression.linear.model(for: linear, design: RegressionDesign()), shape: .gaussian, lambdas: lambdas,
            folds: try FoldPlan.leaveOneOut(rows: linear.rowCount), loss: .nll, threads: 2
        ).curve(linear)
        #expect(closed.curve.count == 2 && refits.points.count == 2)
        for (a, b) in zip(closed.curve, refits.points) {
            #expect(a.foldLosses.count == linear.rowCount && b.foldLosses.count == linear.rowCount)
            #expect(a.lambda == b.lambda)
            for (x, y) in zip(a.foldLosses, b.foldLosses) { #expect(abs(x - y) <= 1e-9 * max(1, abs(y))) }
            #expect(close(a.standardError ?? 0, b.standardError ?? 1, 1e-9))
        }
    }

    /// The fit at the selected λ reuses the spectrum's centred design and Gram matrix: the same
    /// bits as a fit of its own, standard errors included.
    @Test func ridgeRefitOnTheSpectrumEqualsAFitOfItsOwn() throws {
        let model = try Regression.linear.model(for: linear, design: RegressionDesign())
        for method in [TuningMethod.loo, .gcv, .evidence] {
            let tuned = try Tuning(model: model, shape: .gaussian, method: method, lambdas: [30, 3, 0.3]).run(linear)
            let own = try model.fitted(linear, penalty: .gaussian(lambda: tuned.selected))
            #expect(tuned.fit.estimates == own.estimates)
            #expect(tuned.fit.standardErrors == own.standardErrors)
            #expect(tuned.fit.logPosterior == own.logPosterior)
        }
    }

    /// A path's fits (each Newton step reusing the curvature before it while it converges fast)
    /// are the fits of each λ on its own, to the solver's tolerance.
    @Test(arguments: [PenaltyShape.gaussian, .laplace])
    func logisticPathFitsEqualSeparateFits(shape: PenaltyShape) throws {
        let model = try Regression.logistic.model(for: logistic, design: RegressionDesign())
        let penalties = (0..<12).map { shape.penalty(lambda: 30 * pow(0.5, Double($0))) }
        let path = model.fitPath(logistic, penalties: penalties)
        for (penalty, estimates) in zip(penalties, path) {
            let own = try model.fitted(logistic, penalty: penalty).estimates
            for (a, b) in zip(try #require(estimates), own) { #expect(abs(a - b) <= 1e-7 * max(1, abs(b))) }
        }
    }

    @Test func evidenceMatchesBayesianRidge() throws {
        let reference = references.bayesianRidge
        let result = try Tuning(
            model: try Regression.linear.model(for: linear, design: RegressionDesign()), shape: .gaussian, method: .evidence,
            lambdas: references.ridgeLOO.lambdas
        ).run(linear)
        #expect(close(result.selected, reference.selected, 1e-8))
        let precisions = try #require(result.precisions)
        #expect(close(precisions.noise, reference.alpha, 1e-8))
        #expect(close(precisions.weights, reference.lambda, 1e-8))
        let coefficients = [reference.intercept] + reference.coefficients
        for (a, b) in zip(result.fit.estimates, coefficients) { #expect(close(a, b, 1e-8)) }
        // the evidence curve peaks at the choice: no grid point above it
        let best = try #require(result.evidence.map(\.logEvidence).max())
        #expect(best <= reference.logEvidence + 1e-9)
        #expect(result.evidence.count == references.ridgeLOO.lambdas.count)
    }

    @Test func logisticCurveMatchesLogisticRegressionCV() throws {
        let reference = references.logisticCV
        let curve = try CrossValidation(
            model: try Regression.logistic.model(for: logistic, design: RegressionDesign()), shape: .gaussian, lambdas: reference.lambdas,
            folds: logisticFolds, loss: .nll, threads: 2
        ).curve(logistic)
        #expect(curve.points.map(\.lambda) == reference.lambdas.sorted(by: >))
        for (point, expected) in zip(curve.points, try #require(reference.foldLogLoss)) {
            for (a, b) in zip(point.foldLosses, expected) { #expect(close(a, b, 1e-7), "λ = \(point.lambda): \(a) vs \(b)") }
        }
        let tuned = try Tuning(
            model: try Regression.logistic.model(for: logistic, design: RegressionDesign()), shape: .gaussian, method: .cv, lambdas: reference.lambdas,
            folds: logisticFolds
        ).run(logistic)
        #expect(close(tuned.selected, try #require(reference.selected), 1e-12))
        let coefficients = [try #require(reference.intercept)] + (try #require(reference.coefficients))
        for (a, b) in zip(tuned.fit.estimates, coefficients) { #expect(close(a, b, 1e-7)) }
    }

    @Test func logisticEvidenceMatchesTheLaplaceApproximation() throws {
        let reference = references.logisticEvidence
        let result = try Tuning(
            model: try Regression.logistic.model(for: logistic, design: RegressionDesign()), shape: .gaussian, method: .evidence, lambdas: reference.lambdas
        ).run(logistic)
        #expect(result.evidence.map(\.lambda) == reference.lambdas.sorted(by: >))
        for (point, expected) in zip(result.evidence, try #require(reference.logEvidence)) {
            #expect(abs(point.logEvidence - expected) <= 1e-7 * abs(expected), "λ = \(point.lambda)")
        }
        // golden-section to 1e-6 in log λ on a curve flat at its top: λ to 1e-5
        #expect(close(result.selected, try #require(reference.selected), 1e-5))
    }
}

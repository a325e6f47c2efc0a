import Foundation
import GSL
import Inference
import Testing
import TestSupport

/// The pieces of choosing λ on their own: the grid's top, the fold plans, the rules.
@Suite struct SelectionBehaviourTests {
    /// At the top of the laplace grid every weight of the fit is zero, and just below it one is
    /// not: for every regression, with and without standardising.
    @Test func theLaplaceGridStartsWhereTheFirstWeightLeavesZero() throws {
        let cases: [(Regression, String)] = [
            (.linear, "regression/linear.csv"), (.logistic, "regression/logistic.csv"), (.poissonRegression, "regression/poisson.csv"),
            (.softmax, "regression/softmax.csv"),
        ]
        for (regression, file) in cases {
            let data = try RegressionData(try Dataset.load(path: References.url(file).path), target: "y")
            for design in [RegressionDesign(), RegressionDesign(standardize: true)] {
                for penalty in [Penalty.laplace(lambda: 1), .elasticNet(lambda: 1, mix: 0.4)] {
                    let top = try LambdaGrid.top(model: try regression.model(for: data, design: design), data: data, shape: penalty.shape!)
                    let names = try regression.fit(data, design: design, penalty: penalty.withLambda(top)).parameterNames
                    func weights(_ lambda: Double) throws -> [Double] {
                        let fit = try regression.fit(data, design: design, penalty: penalty.withLambda(lambda))
                        return zip(names, fit.estimates).filter { !$0.0.hasSuffix("intercept") && $0.0 != "sigma" }.map(\.1)
                    }
                    #expect(try weights(top * 1.0001).allSatisfy { abs($0) < 1e-9 }, "\(regression) \(penalty)")
                    #expect(try weights(top * 0.98).contains { abs($0) > 1e-6 }, "\(regression) \(penalty)")
                }
            }
            let grid = try LambdaGrid.values(count: 5, model: try regression.model(for: data, design: RegressionDesign()), data: data, shape: .gaussian)
            #expect(grid.count == 5 && grid == grid.sorted(by: >))
            #expect(abs(grid[0] / grid[4] - 1e4) < 1e-6)
        }
    }

    @Test func randomFoldsAreBalancedAndReproducible() throws {
        let plan = try FoldPlan.random(rows: 103, folds: 10, seed: 5)
        let sizes = (0..<10).map { plan.heldOut($0).count }
        #expect(sizes.max()! - sizes.min()! <= 1 && sizes.reduce(0, +) == 103)
        #expect(plan == (try FoldPlan.random(rows: 103, folds: 10, seed: 5)))
        #expect(plan != (try FoldPlan.random(rows: 103, folds: 10, seed: 6)))
        #expect(Set(plan.training(3)).isDisjoint(with: plan.heldOut(3)))
        #expect(throws: InferenceError.self) { try FoldPlan.random(rows: 5, folds: 6, seed: 1) }
        #expect(throws: InferenceError.self) { try FoldPlan.random(rows: 5, folds: 1, seed: 1) }
    }

    @Test func stratifiedFoldsHoldEachClassShare() throws {
        let labels = (0..<90).map { Double($0 % 9 == 0 ? 2 : ($0 % 3 == 0 ? 1 : 0)) }  // 10, 20, 60 rows
        let plan = try FoldPlan.stratified(labels: labels, folds: 5, seed: 3)
        for fold in 0..<5 {
            let held = plan.heldOut(fold).map { labels[$0] }
            for (label, share) in [(0.0, 12.0), (1.0, 4.0), (2.0, 2.0)] {
                #expect(abs(Double(held.filter { $0 == label }.count) - share) <= 1, "fold \(fold), class \(label)")
            }
        }
    }

    @Test func foldColumnsNumberTheirDistinctIds() throws {
        let plan = try FoldPlan.column([7, 3, 3, 7, 11], name: "f")
        #expect(plan.assignments == [1, 0, 0, 1, 2] && plan.count == 3)
        #expect(throws: InferenceError.data("row 2, column f: fold ids must be integers, got 1.5")) {
            try FoldPlan.column([1, 1.5, 2], name: "f")
        }
        #expect(throws: InferenceError.self) { try FoldPlan.column([4, 4, 4], name: "f") }
    }

    /// Once every λ has failed on some fold the curve cannot be made, and the folds not begun are
    /// not fitted: a feature of 1e300 fails every fit, and leave-one-out on 60 rows stops after
    /// its first fold (one thread) with the same error as on two threads. Before, each of
    /// the 60 folds ran its whole grid to the solver's last iteration (200 rows: five minutes).
    @Test func crossValidationStopsOnceEveryLambdaHasFailed() throws {
        let n = 60
        var x = (0..<n).map { sin(Double($0) * 2.3) }
        x[n - 1] = 1e300  // in the first fold's training rows
        let y = (0..<n).map { Double($0 % 2) }
        let data = try RegressionData(try Dataset(columnNames: ["x", "y"], columns: [x, y]), target: "y")
        let model = LogisticRegressionModel(featureNames: data.featureNames)
        for threads in [1, 2] {
            let folds = FoldCount()
            let validation = try CrossValidation(
                model: model, shape: .laplace, lambdas: [0.1, 1, 10], folds: try FoldPlan.leaveOneOut(rows: n), loss: .nll, threads: threads)
            do {
                _ = try validation.curve(data) { folds.add($0) }
                Issue.record("a curve from fits that all fail")
            } catch {
                // the fits fail for the feature's size, which the error names
                #expect(error.exitCode == 65 && error.message.contains("1e+300 is too large for a regression's feature"), "\(error)")
            }
            if threads == 1 { #expect(folds.total == 1) }
        }
    }

    final class FoldCount: @unchecked Sendable {
        private var count = 0
        private let lock = NSLock()
        func add(_ done: Int) { lock.withLock { count += done } }
        var total: Int { lock.withLock { count } }
    }

    /// min takes the smallest mean loss; 1se the largest λ within one standard error of it.
    @Test func theRulesPickFromTheCurve() throws {
        let data = try RegressionData(try Dataset.load(path: References.url("selection/linear.csv").path), target: "y",
                                      features: (1...8).map { "x\($0)" })
        let model = LinearRegressionModel(featureNames: data.featureNames)
        let curve = try CrossValidation(
            model: model, shape: .laplace, lambdas: try LambdaGrid.values(count: 30, model: model, data: data, shape: .laplace),
            folds: try FoldPlan.random(rows: data.rowCount, folds: 5, seed: 2), loss: .mse, threads: 2
        ).curve(data)
        let best = try #require(curve.points.min { $0.meanLoss < $1.meanLoss })
        #expect(curve.selected(.min) == best.lambda)
        let oneSE = curve.selected(.oneStandardError)
        #expect(oneSE >= best.lambda)
        let bound = best.meanLoss + (best.standardError ?? 0)
        #expect(curve.points.first { $0.lambda == oneSE }!.meanLoss <= bound)
        #expect(curve.points.filter { $0.lambda > oneSE }.allSatisfy { $0.meanLoss > bound })
    }

    /// The lasso and elastic-net paths (warm starts, the strong rule, its KKT check) reach the
    /// optimum of each λ's cold fit, with the same features in it, on 40 correlated features of
    /// which few enter at first.
    @Test func screenedPathsEqualColdFits() throws {
        let n = 120, p = 40
        var columns: [String: [Double]] = [:]
        let generator = try RandomGenerator(seed: 2012)
        let normal = try Normal(mean: 0, standardDeviation: 1)
        let shared = (0..<n).map { _ in normal.sample(using: generator) }
        for j in 0..<p { columns["x\(j)"] = (0..<n).map { i in 0.6 * shared[i] + normal.sample(using: generator) } }
        let (x0, x5, x9) = (columns["x0"]!, columns["x5"]!, columns["x9"]!)
        columns["y"] = (0..<n).map { i -> Double in
            let signal: Double = 2 * x0[i] - x5[i] + 0.5 * x9[i]
            return signal + 0.3 * sin(Double(i) * 2.3)
        }
        let names = columns.keys.sorted()
        let data = try RegressionData(try Dataset(columnNames: names, columns: names.map { columns[$0]! }), target: "y")
        let model = LinearRegressionModel(featureNames: data.featureNames)
        for penalty in [Penalty.laplace(lambda: 1), .elasticNet(lambda: 1, mix: 0.7)] {
            let grid = try LambdaGrid.values(count: 60, model: try Regression.linear.model(for: data, design: RegressionDesign()), data: data, shape: penalty.shape!)
            let path = model.fitPath(data, penalties: grid.map { penalty.withLambda($0) })
            for (lambda, estimates) in zip(grid, path) {
                let cold = try model.fitPenalized(data, penalty: penalty.withLambda(lambda)).estimates
                let warm = try #require(estimates)
                // both stop at a KKT violation of 1e-12·max|c|; at the grid's bottom the active
                // features are nearly collinear, which magnifies that to ≈ 1e-8 in the weights.
                // A feature the screening lost would differ by its whole weight.
                for (a, b) in zip(warm, cold) { #expect(abs(a - b) <= 1e-7 * max(1, abs(b)), "\(penalty) λ = \(lambda)") }
                #expect(zip(warm, cold).allSatisfy { (abs($0) > 1e-6) == (abs($1) > 1e-6) })
            }
        }
    }

    /// Each fold loss of the warm-started path is the loss of a cold fit to that fold's training
    /// rows, scored on its held-out rows by hand: softmax (stratified folds, nll and
    /// misclassification) and poisson regression (mse).
    @Test func foldLossesEqualColdFitsScoredByHand() throws {
        let softmax = try RegressionData(try Dataset.load(path: References.url("regression/softmax.csv").path), target: "y")
        let poisson = try RegressionData(try Dataset.load(path: References.url("regression/poisson.csv").path), target: "y")
        let cases: [(Regression, RegressionData, HeldOutLoss, FoldPlan)] = [
            (.softmax, softmax, .nll, try FoldPlan.stratified(labels: softmax.target, folds: 4, seed: 3)),
            (.softmax, softmax, .misclassification, try FoldPlan.stratified(labels: softmax.target, folds: 4, seed: 3)),
            (.poissonRegression, poisson, .mse, try FoldPlan.random(rows: poisson.rowCount, folds: 5, seed: 4)),
        ]
        for (regression, data, loss, folds) in cases {
            let lambdas = [30.0, 3, 0.3]
            let curve = try CrossValidation(
                model: try regression.model(for: data, design: RegressionDesign()), shape: .gaussian, lambdas: lambdas, folds: folds, loss: loss,
                threads: 2
            ).curve(data)
            #expect(curve.points.map(\.lambda) == lambdas)
            for (point, lambda) in zip(curve.points, lambdas) {
                for fold in [0, folds.count - 1] {
                    let fit = try regression.fit(data.rows(folds.training(fold)), design: RegressionDesign(), penalty: .gaussian(lambda: lambda))
                    let heldOut = data.rows(folds.heldOut(fold))
                    let expected = try byHand(regression, loss, fit.estimates, heldOut, classes: 3)
                    #expect(abs(point.foldLosses[fold] - expected) <= 1e-8 * max(1, abs(expected)), "\(regression) \(loss) λ = \(lambda)")
                }
            }
        }
    }

    private func byHand(_ regression: Regression, _ loss: HeldOutLoss, _ beta: [Double], _ data: RegressionData, classes: Int) throws -> Double {
        let p = data.featureCount
        var total = 0.0
        for i in 0..<data.rowCount {
            let x = (0..<p).map { data.features[i, $0] }
            let y = data.target[i]
            if regression == .softmax {
                let eta = [0.0] + (1..<classes).map { k in
                    let block = Array(beta[((k - 1) * (p + 1))..<(k * (p + 1))])
                    return block[0] + zip(block.dropFirst(), x).reduce(0) { $0 + $1.0 * $1.1 }
                }
                let logNormalizer = log(eta.reduce(0) { $0 + exp($1) })
                if loss == .nll { total += logNormalizer - eta[Int(y)] } else { total += eta.firstIndex(of: eta.max()!)! == Int(y) ? 0 : 1 }
            } else {
                let mu = exp(beta[0] + zip(beta.dropFirst(), x).reduce(0) { $0 + $1.0 * $1.1 })
                total += (y - mu) * (y - mu)
            }
        }
        return total / Double(data.rowCount)
    }
}

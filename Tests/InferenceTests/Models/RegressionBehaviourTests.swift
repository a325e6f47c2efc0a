import Foundation
import GSL
import Inference
import Testing
import TestSupport

/// What has no MLE says so; the same data with a gaussian prior fits.
@Suite struct RegressionBehaviourTests {
    func data(_ columns: [String: [Double]], target: String = "y") throws -> RegressionData {
        let names = columns.keys.sorted()
        return try RegressionData(try Dataset(columnNames: names, columns: names.map { columns[$0] ?? [] }), target: target)
    }

    /// From four blocks of 4,096 rows the Newton solvers work on row blocks in parallel: the estimate must still
    /// zero the model's own (unblocked) score, and the standard errors must be the inverse of
    /// its own observed information, for logistic and poisson regression, with and without
    /// standardising.
    @Test func blockedNewtonPassesAgreeWithTheModelsOwnDerivatives() throws {
        let n = 20_011  // five blocks: the parallel path
        let x1 = (0..<n).map { sin(Double($0) * 0.7) * 2 }
        let x2 = (0..<n).map { cos(Double($0) * 1.3) + Double($0 % 7) / 7 }
        let binary = zip(x1, x2).enumerated().map { i, x in
            (sin(Double(i) * 12.9898) * 43758.5453).truncatingRemainder(dividingBy: 1).magnitude < 1 / (1 + exp(-(0.3 + 0.8 * x.0 - 0.5 * x.1))) ? 1.0 : 0.0
        }
        let counts = zip(x1, x2).enumerated().map { i, x in (exp(0.2 + 0.3 * x.0 - 0.2 * x.1) + Double(i % 3) - 1).rounded(.down).magnitude }
        let d = try data(["x1": x1, "x2": x2, "y": binary])
        let c = try data(["x1": x1, "x2": x2, "y": counts])
        for standardize in [false, true] {
            let design = RegressionDesign(intercept: true, standardize: standardize)
            try checkBlocked(LogisticRegressionModel(featureNames: d.featureNames, design: design), d)
            try checkBlocked(PoissonRegressionModel(featureNames: c.featureNames, design: design), c)
        }
    }

    func checkBlocked<M: RegressionModel>(_ model: M, _ d: RegressionData) throws {
        let lambda = 0.5
        let fit = try model.fitPenalized(d, penalty: .gaussian(lambda: lambda))
        let score = try #require(model.gradient(fit.estimates, on: d))
        // the penalised score ∇ log L − λ s²w vanishes (no penalty on the intercept; s is the
        // feature's population sd when standardising, as glmnet, else 1)
        let scales = (0..<d.featureCount).map { j -> Double in
            guard model.design.standardize else { return 1 }
            let column = d.features.column(j)
            let mean = column.reduce(0, +) / Double(column.count)
            return (column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(column.count)).squareRoot()
        }
        let curvature = [0] + scales.map { lambda * $0 * $0 }
        let penalised = score.enumerated().map { j, g in g - curvature[j] * fit.estimates[j] }
        #expect(penalised.allSatisfy { abs($0) < 1e-7 }, "\(model.name) \(model.design): \(penalised)")
        var information = try #require(model.hessian(fit.estimates, on: d)).scaled(by: -1)
        for j in 1..<information.rows { information[j, j] += curvature[j] }
        let covariance = try CholeskyDecomposition(information).inverse()
        let fitted = try #require(fit.covariance)
        #expect(zip(fitted.values, covariance.values).allSatisfy { isClose($0, $1, relative: 1e-8, floor: 1e-14) })
    }

    @Test func collinearFeaturesHaveNoMLEButFitWithAPrior() throws {
        let x1: [Double] = [1, 2, 3, 4, 5, 6, 7, 8]
        let d = try data(["x1": x1, "x2": x1.map { 2 * $0 + 1 }, "y": [1.2, 1.9, 3.2, 3.8, 5.1, 6.2, 6.8, 8.1]])
        #expect(throws: InferenceError.numerical(
            "feature x2 is collinear with the other features: the MLE is not unique; add a prior, e.g. prior gaussian")) {
            try Regression.linear.fit(d, design: RegressionDesign(), penalty: .none)
        }
        let ridge = try Regression.linear.fit(d, design: RegressionDesign(), penalty: .gaussian(lambda: 1))
        #expect(ridge.estimates.allSatisfy { $0.isFinite })
        let constant = try data(["x1": x1, "x2": [Double](repeating: 3, count: 8), "y": x1])
        #expect(throws: InferenceError.self) { try Regression.linear.fit(constant, design: RegressionDesign(), penalty: .none) }
    }

    /// Features of very different scales are not collinear: one value of 10¹¹ beside features of
    /// order 1 was refused as "rank-deficient" (the QR's rank counted against its largest
    /// diagonal). The OLS fit equals the fit of the same data with that feature divided by 10¹⁰
    /// (its weight times 10⁻¹⁰), as the MLE is equivariant under rescaling a feature.
    @Test func featuresOfVeryDifferentScalesFit() throws {
        let n = 40
        var x = (0..<n).map { sin(Double($0) * 1.7) }
        x[7] = 1e11
        let z = (0..<n).map { cos(Double($0) * 0.9) }
        let y = (0..<n).map { i -> Double in
            let t = Double(i)
            let signal: Double = 0.5 + 0.3 * sin(t * 1.7) - 0.2 * z[i]
            return signal + 0.4 * sin(t * 3.1)
        }
        let wide = try Regression.linear.fit(try data(["x": x, "z": z, "y": y]), design: RegressionDesign(), penalty: .none)
        let scaled = try Regression.linear.fit(try data(["x": x.map { $0 / 1e10 }, "z": z, "y": y]), design: RegressionDesign(), penalty: .none)
        let expected = [scaled.estimates[0], scaled.estimates[1] / 1e10, scaled.estimates[2], scaled.estimates[3]]
        for (a, b) in zip(wide.estimates, expected) {
            let tolerance: Double = 1e-9 * abs(b)
            #expect(abs(a - b) <= tolerance, "\(wide.estimates) against \(expected)")
        }
    }

    @Test func moreParametersThanRowsHaveNoMLE() throws {
        let d = try data(["a": [1, 2, 3], "b": [0, 1, 0], "c": [5, 1, 2], "y": [1, 2, 2]])
        #expect(throws: InferenceError.numerical(
            "4 parameters but only 3 rows: the MLE is not unique; add a prior, e.g. prior gaussian")) {
            try Regression.linear.fit(d, design: RegressionDesign(), penalty: .none)
        }
        #expect(try Regression.linear.fit(d, design: RegressionDesign(), penalty: .gaussian(lambda: 0.5)).converged)
    }

    @Test func separatedClassesHaveNoMLEButFitWithAPrior() throws {
        let dataset = try Dataset.load(path: References.url("regression/separated.csv").path)
        let d = try RegressionData(dataset, target: "y")
        #expect(throws: InferenceError.numerical(
            "feature x2 separates the classes perfectly: the MLE does not exist; add a prior, e.g. prior gaussian")) {
            try Regression.logistic.fit(d, design: RegressionDesign(), penalty: .none)
        }
        let map = try Regression.logistic.fit(d, design: RegressionDesign(), penalty: .gaussian(lambda: 1))
        #expect(map.estimates.allSatisfy { $0.isFinite })
        #expect(map.standardErrors.allSatisfy { $0 != nil })
        // as a three-class problem with class 2 empty: no intercept for it
        let softmax = try Regression.softmax.fit(d, design: RegressionDesign(), penalty: .gaussian(lambda: 1))
        #expect(softmax.parameterNames.first == "class1:intercept")
    }

    /// Enough rows that the check's blocks run on all cores: a feature whose classes overlap
    /// only in the last block is no separation, and the same feature apart there too is one.
    @Test func separationIsFoundWhereverTheOverlapIs() throws {
        let n = 20_000
        var x1: [Double] = []
        var x2: [Double] = []
        var y: [Double] = []
        for i in 0..<n {
            let one = i % 2 == 1
            y.append(one ? 1 : 0)
            x1.append(Double(i % 7) - 3)  // overlapping classes everywhere
            // classes apart, except in the last 500 rows (all in the last block)
            let apart: Double = one ? 1 + Double(i % 5) : -1 - Double(i % 3)
            x2.append(i >= n - 500 ? Double(i % 9) - 4 : apart)
        }
        let overlapping = try data(["x1": x1, "x2": x2, "y": y])
        #expect(try Regression.logistic.fit(overlapping, design: RegressionDesign(), penalty: .none).converged)
        for i in (n - 500)..<n { x2[i] = y[i] == 1 ? 1 + Double(i % 5) : -1 - Double(i % 3) }
        let separated = try data(["x1": x1, "x2": x2, "y": y])
        #expect(throws: InferenceError.numerical(
            "feature x2 separates the classes perfectly: the MLE does not exist; add a prior, e.g. prior gaussian")) {
            try Regression.logistic.fit(separated, design: RegressionDesign(), penalty: .none)
        }
    }

    @Test func separationByACombinationOfFeaturesIsReported() throws {
        // y = 1 exactly when x1 + x2 > 0, and neither feature separates alone
        let x1: [Double] = [-2, -1, 1, 2, -1.5, 0.5, 1.5, -0.5, 2.5, -2.5]
        let x2: [Double] = [1, 2, -2, -1, 2, 1, -0.5, 1.5, -3, 3]
        let y = zip(x1, x2).map { $0 + $1 > 0 ? 1.0 : 0.0 }
        let d = try data(["x1": x1, "x2": x2, "y": y])
        #expect(throws: InferenceError.numerical(
            "the features separate the classes (quasi-)perfectly: the MLE does not exist; add a prior, e.g. prior gaussian")) {
            try Regression.logistic.fit(d, design: RegressionDesign(), penalty: .none)
        }
    }

    /// Quasi-separation: x < 0 all class 0, x > 0 all class 1, the rows at x = 0 mixed (and,
    /// with a second feature in the softmax, a class the same way): no MLE, though the certain
    /// rows are not all the rows.
    @Test func quasiSeparationIsReported() throws {
        let x: [Double] = [-3, -2, -1, -0.5, 0, 0, 0, 0, 0.5, 1, 2, 3]
        let y: [Double] = [0, 0, 0, 0, 0, 1, 0, 1, 1, 1, 1, 1]
        let d = try data(["x": x, "z": x.indices.map { sin(Double($0)) }, "y": y])
        #expect(throws: InferenceError.numerical(
            "the features separate the classes (quasi-)perfectly: the MLE does not exist; add a prior, e.g. prior gaussian")) {
            try Regression.logistic.fit(d, design: RegressionDesign(), penalty: .none)
        }
        #expect(throws: InferenceError.self) { try Regression.softmax.fit(d, design: RegressionDesign(), penalty: .none) }
    }

    /// One row far out on its class's side is predicted with certainty (|η| ≈ 45) at an MLE that
    /// exists, pinned by 200 overlapping rows: fitted, to statsmodels' Newton at tol 1e-14
    /// (Tests/References/regression/certain_row.py), within the solver's 1e-10 relative
    /// optimality tolerance.
    @Test func aRowPredictedWithCertaintyAtAnOptimumIsNotSeparation() throws {
        var x = (0..<200).map { 1.5 * sin(Double($0)) }
        var y = x.indices.map { i in (0.618034 * Double(i)).truncatingRemainder(dividingBy: 1) < 1 / (1 + exp(-(0.3 + x[i]))) ? 1.0 : 0.0 }
        x.append(40)
        y.append(1)
        let reference = try JSONSerialization.jsonObject(
            with: Data(contentsOf: References.url("regression/certain_row.json"))) as? [String: Any]
        let estimates = try #require(reference?["estimates"] as? [Double])
        let errors = try #require(reference?["standardErrors"] as? [Double])
        #expect(try #require(reference?["largestLinearPredictor"] as? Double) > 27.6)
        let fit = try Regression.logistic.fit(try data(["x": x, "y": y]), design: RegressionDesign(), penalty: .none)
        for k in 0..<2 {
            #expect(isClose(fit.estimates[k], estimates[k], relative: 1e-8), "\(fit.parameterNames[k])")
            #expect(isClose(try #require(fit.standardErrors[k]), errors[k], relative: 1e-8))
        }
    }

    /// A feature far from 0 (10⁶ + a spread of about 1): the linear fit's standard errors, flat and
    /// under a gaussian prior, against exact rational arithmetic
    /// (Tests/References/regression/offset_feature.py). The covariance comes from the centred
    /// system; inverting X̃ᵀX̃ itself, with its 10¹² entries, was 0.5% off here.
    @Test func standardErrorsOfAFeatureFarFromZeroAreExact() throws {
        var (x, far, y) = ([Double](), [Double](), [Double]())
        for i in 0..<60 {
            let t = Double(i)
            x.append(1.3 * sin(t))
            far.append(1e6 + 0.5 * cos(1.7 * t))
            let trend: Double = 1 + 0.7 * x[i] - 0.4 * (far[i] - 1e6)
            y.append(trend + 0.3 * sin(3.1 * t))
        }
        let reference = try JSONSerialization.jsonObject(
            with: Data(contentsOf: References.url("regression/offset_feature.json"))) as? [String: Any]
        let fits = try #require(reference?["fits"] as? [[String: Any]])
        for fit in fits {
            let lambda = try #require(fit["lambda"] as? Double)
            let estimate = try Regression.linear.fit(
                try data(["x": x, "far": far, "y": y]), design: RegressionDesign(), penalty: lambda == 0 ? .none : .gaussian(lambda: lambda))
            // the intercept, then the features in the column order of `data` (far, x)
            let expected = try #require(fit["standardErrors"] as? [Double])
            let errors = try [0, 2, 1].map { try #require(estimate.standardErrors[$0]) }
            for (error, exact) in zip(errors, expected) { #expect(isClose(error, exact, relative: 1e-9), "λ = \(lambda)") }
        }
    }

    /// The linear model without features (a formula's `y ~ 1`): the intercept ȳ and σ̂ with their
    /// standard errors and the log-likelihood, against statsmodels' OLS on a constant
    /// (Tests/References/regression/intercept_only.py); a prior has no weight to act on, so its
    /// MAP is the MLE; without an intercept it is a usage error, and there is no λ to tune.
    @Test func theLinearModelWithoutFeaturesFitsTheMean() throws {
        let y = (0..<40).map { i -> Double in 2 + 1.5 * sin(1.3 * Double(i)) + 0.1 * Double(i) }
        let dataset = try Dataset(columnNames: ["y"], columns: [y])
        let design = try TableDesign(terms: [], intercept: true, of: dataset)
        let data = try RegressionData(dataset, target: "y", design: design)
        let reference = try JSONSerialization.jsonObject(
            with: Data(contentsOf: References.url("regression/intercept_only.json"))) as? [String: Any]
        let estimates = try #require(reference?["estimates"] as? [Double])
        let errors = try #require(reference?["standardErrors"] as? [Double])
        let logLikelihood = try #require(reference?["logLikelihood"] as? Double)
        for penalty in [Penalty.none, .gaussian(lambda: 3), .laplace(lambda: 3)] {
            let fit = try Regression.linear.fit(data, design: RegressionDesign(), penalty: penalty)
            #expect(fit.parameterNames == ["intercept", "sigma"])
            for k in 0..<2 {
                #expect(isClose(fit.estimates[k], estimates[k], relative: 1e-13), "\(penalty) \(fit.parameterNames[k])")
                #expect(isClose(try #require(fit.standardErrors[k]), errors[k], relative: 1e-13), "\(penalty) \(fit.parameterNames[k])")
            }
            #expect(isClose(fit.logLikelihood, logLikelihood, relative: 1e-13))
        }
        #expect(throws: InferenceError.self) { try Regression.linear.fit(data, design: RegressionDesign(intercept: false), penalty: .none) }
        let model = LinearRegressionModel(featureNames: [])
        #expect(throws: InferenceError.self) { try LambdaGrid.values(count: 10, model: model, data: data, shape: .gaussian) }
    }

    @Test func badTargetsAreDataErrors() throws {
        let d = try data(["x": [1, 2, 3], "y": [0, 1, 2]])
        #expect(throws: InferenceError.data("row 3, column y: 2.0 is outside the support of the logistic model (0 or 1)")) {
            try Regression.logistic.fit(d, design: RegressionDesign(), penalty: .none)
        }
        let negative = try data(["x": [1, 2, 3], "y": [0, -1, 2]])
        #expect(throws: InferenceError.self) { try Regression.poissonRegression.fit(negative, design: RegressionDesign(), penalty: .none) }
        #expect(throws: InferenceError.usage("mix must lie in [0, 1], got 2.0")) {
            try Regression.linear.fit(d, design: RegressionDesign(), penalty: .elasticNet(lambda: 1, mix: 2))
        }
    }

    @Test func theLassoSetsWeightsExactlyToZeroAndKeepsTheInterceptFree() throws {
        let dataset = try Dataset.load(path: References.url("regression/linear.csv").path)
        let d = try RegressionData(dataset, target: "y")
        let huge = try Regression.linear.fit(d, design: RegressionDesign(), penalty: .laplace(lambda: 1e6))
        let mean = d.target.reduce(0, +) / Double(d.rowCount)
        #expect(abs(huge.estimates[0] - mean) < 1e-12)
        #expect(huge.estimates[1..<(huge.estimates.count - 1)].allSatisfy { $0 == 0 })
        #expect(huge.standardErrors.allSatisfy { $0 == nil })
    }

    /// A refit from a nearby estimate (the bootstrap's warm start) reaches the cold fit's optimum
    /// to the solver's tolerance, for every GLM and penalty, and leaves out the covariance only
    /// when asked to.
    @Test func warmStartedRefitsReachTheColdOptimum() throws {
        let cases: [(Regression, String)] = [(.logistic, "logistic.csv"), (.poissonRegression, "poisson.csv")]
        for (regression, file) in cases {
            let data = try RegressionData(try Dataset.load(path: References.url("regression/\(file)").path), target: "y")
            let resample = data.rows((0..<data.rowCount).map { ($0 * 7 + 3) % data.rowCount })
            for penalty in [Penalty.none, .gaussian(lambda: 2), .laplace(lambda: 3)] {
                let estimator: PenalizedRegression<LogisticRegressionModel>? = regression == .logistic
                    ? try PenalizedRegression(model: LogisticRegressionModel(featureNames: data.featureNames), penalty: penalty) : nil
                let near = try regression.fit(data, design: RegressionDesign(), penalty: penalty).estimates
                let cold = try regression.fit(resample, design: RegressionDesign(), penalty: penalty)
                let warm: PointEstimate
                if let estimator {
                    warm = try estimator.refit(resample, near: near, standardErrors: false)
                } else {
                    warm = try PenalizedRegression(model: PoissonRegressionModel(featureNames: data.featureNames), penalty: penalty)
                        .refit(resample, near: near, standardErrors: true)
                    #expect(warm.covariance != nil || !penalty.isSmooth)
                }
                for (a, b) in zip(warm.estimates, cold.estimates) {
                    #expect(abs(a - b) <= 1e-7 * max(1, abs(b)), "\(regression) \(penalty): \(a) vs \(b)")
                }
                if estimator != nil { #expect(warm.covariance == nil) }
            }
        }
    }

    /// The bootstrap's counted refits (row i counted cᵢ times on the full data's design, rows with
    /// cᵢ = 0 skipped) reach the optimum of a fit to the materialised resample, and a resample
    /// whose rows are all of one class has no estimate.
    @Test func countedRefitsEqualFitsOfTheMaterialisedResample() throws {
        let cases: [(Regression, String)] = [(.logistic, "logistic.csv"), (.poissonRegression, "poisson.csv")]
        for (regression, file) in cases {
            let data = try RegressionData(try Dataset.load(path: References.url("regression/\(file)").path), target: "y")
            let n = data.rowCount
            let indices = (0..<n).map { ($0 * 37 + $0 / 3) % n }  // repeats some rows, leaves out others
            var counts = [Int](repeating: 0, count: n)
            for i in indices { counts[i] += 1 }
            #expect(counts.contains(0) && counts.contains { $0 > 1 })
            for penalty in [Penalty.none, .gaussian(lambda: 2)] {
                let near = try regression.fit(data, design: RegressionDesign(), penalty: penalty).estimates
                let materialised = try regression.fit(data.rows(indices), design: RegressionDesign(), penalty: penalty)
                let counted: PointEstimate?
                if regression == .logistic {
                    let estimator = try PenalizedRegression(model: LogisticRegressionModel(featureNames: data.featureNames), penalty: penalty)
                    let refit = try #require(estimator.countedRefit(on: data))
                    counted = refit(counts, near, true)
                } else {
                    let estimator = try PenalizedRegression(model: PoissonRegressionModel(featureNames: data.featureNames), penalty: penalty)
                    let refit = try #require(estimator.countedRefit(on: data))
                    counted = refit(counts, near, true)
                }
                let estimate = try #require(counted)
                for (a, b) in zip(estimate.estimates, materialised.estimates) {
                    #expect(abs(a - b) <= 1e-7 * max(1, abs(b)), "\(regression) \(penalty): \(a) vs \(b)")
                }
                for (a, b) in zip(estimate.standardErrors, materialised.standardErrors) {
                    #expect(abs((a ?? 0) - (b ?? 0)) <= 1e-6 * max(1, abs(b ?? 0)))
                }
            }
        }
        let data = try RegressionData(try Dataset.load(path: References.url("regression/logistic.csv").path), target: "y")
        let estimator = try PenalizedRegression(model: LogisticRegressionModel(featureNames: data.featureNames), penalty: .none)
        let oneClass = data.target.map { $0 == 1 ? 1 : 0 }
        let refit = try #require(estimator.countedRefit(on: data))
        let full = try estimator.fit(data).estimates
        #expect(refit(oneClass, full, false) == nil)
    }

    /// Counted refits over several row blocks (the parallel path, each block visiting only the
    /// rows it drew), with a row counted more than 64 times (its log factor taken alone), equal
    /// the fit of the materialised resample; a negative count, or a resample that one feature
    /// separates, has no estimate.
    @Test func countedRefitsAcrossBlocksLargeCountsAndSeparation() throws {
        let n = 17_000  // five blocks of 4,096 rows
        let x1 = (0..<n).map { sin(Double($0) * 0.37) * 2 }
        let x2 = (0..<n).map { cos(Double($0) * 1.3) }
        let y = (0..<n).map { i -> Double in
            let score: Double = 0.4 * x1[i] - 0.7 * x2[i] + 0.6 * sin(Double(i) * 2.1)
            return score > 0 ? 1 : 0
        }
        let full = try data(["x1": x1, "x2": x2, "y": y])
        let estimator = try PenalizedRegression(model: LogisticRegressionModel(featureNames: full.featureNames), penalty: .none)
        let refit = try #require(estimator.countedRefit(on: full))
        let near = try estimator.fit(full).estimates
        var counts = (0..<n).map { ($0 * 7919) % 3 }  // 0, 1 or 2, spread over every block
        counts[12_345] = 80
        let indices = counts.indices.flatMap { [Int](repeating: $0, count: counts[$0]) }
        let materialised = try estimator.fit(full.rows(indices))
        let counted = try #require(refit(counts, near, true))
        for (a, b) in zip(counted.estimates, materialised.estimates) { #expect(abs(a - b) <= 1e-7 * max(1, abs(b))) }
        #expect(abs(counted.logLikelihood - materialised.logLikelihood) <= 1e-9 * abs(materialised.logLikelihood))
        var negative = counts
        negative[3] = -1
        #expect(refit(negative, near, false) == nil)
        // draw only rows with x1 > 1 of class 1 and x1 < −1 of class 0: x1 separates them
        let separated = (0..<n).map { i in (y[i] == 1 && x1[i] > 1) || (y[i] == 0 && x1[i] < -1) ? 1 : 0 }
        #expect(separated.reduce(0, +) > 100)
        #expect(refit(separated, near, false) == nil)
    }

    /// A resample's refit fails exactly when the fit of the materialised resample fails: small
    /// resamples (often one class, or separated by a feature, decided by a pass over the drawn
    /// rows when none of a feature's extreme rows was drawn) and large ones (decided by the
    /// extreme rows alone).
    @Test func countedRefitsFailExactlyWhenTheMaterialisedFitFails() throws {
        let n = 60
        let x1 = (0..<n).map { sin(Double($0) * 0.37) * 2 }
        let x2 = (0..<n).map { cos(Double($0) * 1.3) }
        let y = (0..<n).map { i -> Double in
            let score: Double = 0.8 * x1[i] - 0.7 * x2[i] + 1.2 * sin(Double(i) * 2.1)
            return score > 0 ? 1 : 0
        }
        let full = try data(["x1": x1, "x2": x2, "y": y])
        let estimator = try PenalizedRegression(model: LogisticRegressionModel(featureNames: full.featureNames), penalty: .none)
        let refit = try #require(estimator.countedRefit(on: full))
        let near = try estimator.fit(full).estimates
        let generator = try RandomGenerator(seed: 77)
        var outcomes = [Bool: Int]()
        for size in [4, 8, 16, 40, 60] {
            for _ in 0..<60 {
                let indices = (0..<size).map { _ in Int(generator.uniform() * Double(n)) % n }
                var counts = [Int](repeating: 0, count: n)
                for i in indices { counts[i] += 1 }
                let materialised = try? estimator.fit(full.rows(indices))
                let counted = refit(counts, near, false)
                #expect((counted == nil) == (materialised == nil), "size \(size): \(indices)")
                outcomes[counted == nil, default: 0] += 1
            }
        }
        #expect(outcomes[true, default: 0] > 20 && outcomes[false, default: 0] > 20)
        // class 0 overlaps class 1 on x1 through ten rows only: a resample without them is
        // separated, and the extreme rows (sixteen a list, six of them drawn) show it
        let class0: [Double] = (0..<110).map { i -> Double in
            let t = Double(i)
            return i < 10 ? 0.6 + 0.04 * t : -t / 100
        }
        let class1: [Double] = (0..<50).map { i in 0.55 + Double(i) / 50 }
        let z1 = class0 + class1
        let z2 = (0..<160).map { cos(Double($0) * 1.3) }
        let labels = [Double](repeating: 0, count: 110) + [Double](repeating: 1, count: 50)
        let overlapping = try data(["x1": z1, "x2": z2, "y": labels])
        let refitOverlapping = try #require(estimator.countedRefit(on: overlapping))
        let start = try estimator.fit(overlapping).estimates
        let withoutOverlap = (0..<160).map { $0 < 10 ? 0 : 1 }
        #expect(refitOverlapping(withoutOverlap, start, false) == nil)
        #expect((try? estimator.fit(overlapping.rows(withoutOverlap.indices.filter { withoutOverlap[$0] > 0 }))) == nil)
        #expect(refitOverlapping([Int](repeating: 1, count: 160), start, false) != nil)
    }
}

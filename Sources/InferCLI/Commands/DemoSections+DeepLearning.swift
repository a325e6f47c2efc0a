import Foundation
import GSL
import Inference

/// Section 8 of the demo: the deep-learning lessons of the tutorial on models small enough to
/// check, each against the engine's own fits.
extension DemoSections {
    static func deepLearning(threads: Int) throws -> Section {
        let decay = try weightDecay()
        let initialisation = try initialisations()
        let dropout = try monteCarloDropout(threads: threads)
        let features = (1...8).map { "x\($0)" }.joined(separator: ",")
        let sparseRows = "head -n 9 \(examples)/sparse.csv | infer fit --model linear --target y"
        return Section(
            text: """
                9. Deep learning without a network: weight decay, initialisation, MC dropout
                   (a) Weight decay is a gaussian prior. Plain gradient descent, θ ← θ − η(∇L + λθ), on the
                   logistic log loss L summed over classes.csv's 100 training rows (8 features, the intercept
                   not decayed), stops where the gradient vanishes: at infer's MAP with --lambda λ, the prior
                   N(0, 1/λ). The tutorial's "manual" penalty λ‖θ‖² has gradient 2λθ: twice the decay, the MAP
                   of --lambda 2λ. A mean loss (PyTorch's default) takes weight decay λ/n for the same fit.
                \(indented(decay.rendered()))
                   (b) An initialisation is not in the MAP objective, but without a prior it picks the answer.
                   On sparse.csv's first 8 rows, 11 coefficients have no MLE (infer exits 70): every start
                   below ends at a fit through all 8 points (training RSS ≈ 0) — the one nearest its start,
                   θ₀ + X⁺(y − Xθ₀), as if the start were a prior's centre — and the 12 other rows score
                   them differently. With weight decay λ = 1 every start ends at the one MAP.
                \(indented(initialisation.rendered()))
                   (c) MC dropout is not a confidence interval. Dropping each input of the MAP logistic fit
                   (x1, x2, x3, gaussian prior λ = 1, the training rows) with probability p at prediction
                   time, 2,000 passes, gives the tutorial's "95% CI" mean ± 2 sd of P(y = 1) for the first
                   four test rows. Its width is set by p, not by what the data say: at p = 0.1 it happens to
                   resemble the intervals, at p = 0.5 it leaves [0, 1], and it would not narrow with more rows,
                   as the interval of the mean does. The delta-method interval of the mean (infer predict) and
                   the posterior's 95% interval (infer sample's draws) are the frequentist and the Bayesian
                   answers, and here they agree:
                \(indented(dropout.rendered()))
                \(reproduce([
                    "infer fit --model logistic --target y --features \(features) --prior gaussian --lambda 1 --where \"split == 0\" \(examples)/classes.csv",
                    "infer fit --model logistic --target y --features \(features) --prior gaussian --lambda 2 --where \"split == 0\" \(examples)/classes.csv",
                    "\(sparseRows) -   (exit 70: no MLE)",
                    "\(sparseRows) --prior gaussian --lambda 1 -",
                    "infer fit --model logistic --target y --features x1,x2,x3 --prior gaussian --lambda 1 --where \"split == 0\" --save map.json \(examples)/classes.csv",
                    "infer predict --fit map.json --where \"split == 1\" \(examples)/classes.csv   (its first four rows)",
                    "infer sample --model logistic --target y --features x1,x2,x3 --prior gaussian --proposal laplace --warmup 500 --draws 1000 --where \"split == 0\" --draws-out draws.csv \(examples)/classes.csv",
                    "infer predict --fit map.json --draws draws.csv --where \"split == 1\" \(examples)/classes.csv   (its first four rows)",
                ]))
                   The gradient descent and the dropout passes are a few lines of Swift each, in the demo's source.
                """,
            values: [("weightDecay", decay.json), ("initialisation", initialisation.json), ("dropout", dropout.json)])
    }

    /// Gradient descent θ ← θ − η·gradient(θ) from `start` until no component of the gradient
    /// exceeds `tolerance` (at most a million steps).
    static func gradientDescent(
        from start: [Double], step: Double, tolerance: Double = 1e-10, gradient: ([Double]) -> [Double]
    ) -> (theta: [Double], steps: Int) {
        var theta = start
        for steps in 0..<1_000_000 {
            let g = gradient(theta)
            if g.allSatisfy({ abs($0) <= tolerance }) { return (theta, steps) }
            for k in theta.indices { theta[k] -= step * g[k] }
        }
        return (theta, 1_000_000)
    }

    /// Rows with a leading 1 for the intercept.
    private static func withIntercept(_ data: RegressionData) -> [[Double]] {
        (0..<data.rowCount).map { [1] + data.features.row($0) }
    }

    /// Xᵀr for rows X.
    private static func transposedProduct(_ rows: [[Double]], _ r: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: rows[0].count)
        for (row, ri) in zip(rows, r) { for k in row.indices { out[k] += row[k] * ri } }
        return out
    }

    /// The largest eigenvalue of XᵀX (the summed squared loss's curvature along its steepest
    /// direction), by 100 steps of power iteration: a step of 1/that, or of anything under
    /// 2/that, keeps gradient descent stable.
    private static func largestCurvature(_ rows: [[Double]]) -> Double {
        var v = [Double](repeating: 1, count: rows[0].count), eigenvalue = 0.0
        for _ in 0..<100 {
            let w = transposedProduct(rows, rows.map { dot($0, v) })
            eigenvalue = dot(w, w).squareRoot()
            v = w.map { $0 / eigenvalue }
        }
        return eigenvalue
    }

    private static func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }

    private static func largestDistance(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).map { abs($0 - $1) }.max() ?? 0 }

    /// Weight decay against `--lambda`: gradient descent on classes.csv's training rows.
    private static func weightDecay() throws -> ValueTable {
        let dataset = try ShippedExample.load("classes")
        let split = try dataset.column(named: "split")
        let training = try RegressionData(dataset, target: "y", features: (1...8).map { "x\($0)" }).rows(split.indices.filter { split[$0] == 0 })
        let model = LogisticRegressionModel(featureNames: training.featureNames, design: RegressionDesign())
        let map1 = try model.fitted(training, penalty: .gaussian(lambda: 1)).estimates
        let map2 = try model.fitted(training, penalty: .gaussian(lambda: 2)).estimates
        let rows = withIntercept(training)
        let n = Double(rows.count)
        // the summed log loss curves at most ¼ as much as squares do; the decay adds at most 2
        let curvature = largestCurvature(rows) / 4 + 2
        func logLossGradient(_ theta: [Double]) -> [Double] {
            transposedProduct(rows, zip(rows, training.target).map { 1 / (1 + exp(-dot($0.0, theta))) - $0.1 })
        }
        func decayed(_ gradient: [Double], _ theta: [Double], by rate: Double) -> [Double] {
            gradient.indices.map { $0 == 0 ? gradient[0] : gradient[$0] + rate * theta[$0] }
        }
        let zero = [Double](repeating: 0, count: map1.count)
        let runs: [(String, String, Double, (theta: [Double], steps: Int))] = [
            ("summed loss, weight decay λ = 1", "--lambda 1", 1,
             gradientDescent(from: zero, step: 1 / curvature) { decayed(logLossGradient($0), $0, by: 1) }),
            ("mean loss, weight decay λ/n = 0.01", "--lambda 1", 1,
             gradientDescent(from: zero, step: n / curvature, tolerance: 1e-10 / n) { theta in
                 decayed(logLossGradient(theta).map { $0 / n }, theta, by: 1 / n)
             }),
            ("summed loss + λ‖θ‖², λ = 1 (gradient 2λθ)", "--lambda 2", 2,
             gradientDescent(from: zero, step: 1 / curvature) { decayed(logLossGradient($0), $0, by: 2) }),
        ]
        var table = ValueTable([
            ("gradient descent from 0", "update"), ("steps", "steps"), ("lands on", "lambda"), ("max |θ − MAP|", "distance"),
            ("max |θ − MAP of --lambda 1|", "distanceToLambda1"),
        ])
        for (name, lands, lambda, run) in runs {
            table.append([
                .text(name), .integer(run.steps), .text(lands), .number(largestDistance(run.theta, lambda == 1 ? map1 : map2)),
                .number(largestDistance(run.theta, map1)),
            ])
        }
        return table
    }

    /// Starts of a linear fit with more coefficients than rows, with and without weight decay.
    private static func initialisations() throws -> ValueTable {
        let all = try RegressionData(try ShippedExample.load("sparse"), target: "y")
        let training = all.rows(Array(0..<8)), test = all.rows(Array(8..<all.rowCount))
        let rows = withIntercept(training), testRows = withIntercept(test)
        let p = rows[0].count
        let map = Array(try Regression.linear.fit(training, design: RegressionDesign(), penalty: .gaussian(lambda: 1)).estimates.prefix(p))
        // the interpolating fit nearest θ₀: θ₀ + Xᵀ(XXᵀ)⁻¹(y − Xθ₀)
        let gram = try Matrix(rowArrays: rows.map { a in rows.map { dot(a, $0) } })
        let cholesky = try CholeskyDecomposition(gram)
        func nearestInterpolation(to start: [Double]) throws -> [Double] {
            let dual = try cholesky.solve(zip(rows, training.target).map { $0.1 - dot($0.0, start) })
            return zip(start, transposedProduct(rows, dual)).map { $0 + $1 }
        }
        let curvature = largestCurvature(rows) + 1
        func residualGradient(_ theta: [Double]) -> [Double] {
            transposedProduct(rows, zip(rows, training.target).map { dot($0.0, theta) - $0.1 })
        }
        func meanSquaredError(_ theta: [Double], _ rows: [[Double]], _ y: [Double]) -> Double {
            zip(rows, y).reduce(0) { $0 + pow(dot($1.0, theta) - $1.1, 2) } / Double(y.count)
        }
        let generator = try RandomGenerator(seed: 1)
        let he = try Normal(standardDeviation: (2.0 / Double(p)).squareRoot())  // He (Kaiming): variance 2/fan-in
        let wide = try Normal(standardDeviation: 3)
        let starts: [(String, [Double])] = [
            ("0", [Double](repeating: 0, count: p)),
            ("N(0, 2/11), He's scale", (0..<p).map { _ in he.sample(using: generator) }),
            ("N(0, 9)", (0..<p).map { _ in wide.sample(using: generator) }),
        ]
        var table = ValueTable([
            ("start θ₀", "start"), ("weight decay", "decay"), ("steps", "steps"), ("training RSS", "trainingRSS"), ("‖θ‖", "norm"),
            ("max |θ − nearest interpolation|", "distanceToNearest"), ("max |θ − MAP λ = 1|", "distanceToMAP"),
            ("test MSE (12 rows)", "testMSE"),
        ])
        for decay in [0.0, 1.0] {
            for (name, start) in starts {
                let (theta, steps) = gradientDescent(from: start, step: 1 / curvature) { theta in
                    let g = residualGradient(theta)
                    return g.indices.map { $0 == 0 ? g[0] : g[$0] + decay * theta[$0] }
                }
                table.append([
                    .text(name), .number(decay), .integer(steps), .number(meanSquaredError(theta, rows, training.target) * Double(rows.count)),
                    .number(dot(theta, theta).squareRoot()),
                    decay == 0 ? .number(largestDistance(theta, try nearestInterpolation(to: start))) : .text("—"),
                    decay == 0 ? .text("—") : .number(largestDistance(theta, map)), .number(meanSquaredError(theta, testRows, test.target)),
                ])
            }
        }
        return table
    }

    /// Monte Carlo dropout on the inputs of a logistic MAP against the delta-method and the
    /// posterior intervals of P(y = 1) for four test rows.
    private static func monteCarloDropout(threads: Int) throws -> ValueTable {
        let dataset = try ShippedExample.load("classes")
        let split = try dataset.column(named: "split")
        let all = try RegressionData(dataset, target: "y", features: ["x1", "x2", "x3"])
        let training = all.rows(split.indices.filter { split[$0] == 0 })
        let test = all.rows(Array(split.indices.filter { split[$0] == 1 }.prefix(4)))
        let design = RegressionDesign()
        let model = LogisticRegressionModel(featureNames: training.featureNames, design: design)
        let map = try model.fitted(training, penalty: .gaussian(lambda: 1))
        let delta = model.predictions(FittedCoefficients(map), on: test, level: 0.95)
        let settings = try SamplerSettings(chains: 4, warmup: 500, draws: 1000, proposal: .laplace, seed: 1)
        let sample = try Regression.logistic.samplePosterior(training, design: design, penalty: .gaussian(lambda: 1), settings: settings, threads: threads)
        let posterior = model.predictions(draws: sample.chains.flatMap(\.draws), on: test, level: 0.95, seed: 1)
        let rates = [0.1, 0.5]
        var table = ValueTable([
            ("test row", "row"), ("P(y = 1), MAP", "probability"), ("delta-method 95%", "delta"), ("posterior 95%", "posterior"),
            ("dropout p = 0.1: mean ± 2 sd", "dropout1"), ("dropout p = 0.5: mean ± 2 sd", "dropout5"),
        ])
        for i in 0..<test.rowCount {
            let x = test.features.row(i)
            var cells: [ValueTable.Cell] = [
                .integer(i + 1), .number(delta[i].mean), interval(delta[i].lower, delta[i].upper), interval(posterior[i].lower, posterior[i].upper),
            ]
            for rate in rates {
                let generator = try RandomGenerator(seed: 1, stream: UInt64(i))
                let passes = (0..<2_000).map { _ in
                    let kept = x.map { generator.uniform() < rate ? 0 : $0 / (1 - rate) }
                    return 1 / (1 + exp(-(map.estimates[0] + dot(kept, Array(map.estimates.dropFirst())))))
                }
                let draws = Sample(passes, name: "P(y = 1)")
                let mean = draws.mean
                let sd = (draws.sum { ($0 - mean) * ($0 - mean) } / Double(passes.count - 1)).squareRoot()
                cells.append(interval(mean - 2 * sd, mean + 2 * sd))
            }
            table.append(cells)
        }
        return table
    }

    private static func interval(_ lower: Double?, _ upper: Double?) -> ValueTable.Cell {
        guard let lower, let upper else { return .interval(nil, missing: "—") }
        return .interval(lower...upper, missing: "—")
    }
}

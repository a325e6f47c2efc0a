import Foundation
import GSL
import Testing

@testable import Inference

/// Newton along a path with the curvature of the fit before (``PenalizedNewton``'s `curvature`):
/// the same optima as cold Newton, to its stopping rule, from fewer Hessians.
@Suite struct PenalizedNewtonTests {
    /// Counts the Hessians a solver forms.
    final class Counter: @unchecked Sendable { var hessians = 0 }

    /// A logistic negative log-likelihood on 400 rows of an intercept and three features.
    func logistic(l1: Double, l2: Double, counter: Counter) -> PenalizedNewton {
        let n = 400
        var x: [[Double]] = []
        var y: [Double] = []
        for i in 0..<n {
            let t = Double(i)
            let row: [Double] = [1, sin(t * 0.7), cos(t * 1.3), Double(i % 7) / 7 - 0.5]
            let score: Double = sin(t * 2.1) + 0.8 * row[1] - row[2]
            x.append(row)
            y.append(score > 0 ? 1 : 0)
        }
        let (features, labels) = (x, y)
        return PenalizedNewton(
            dimension: 4, penalized: [false, true, true, true], l1: l1, l2: l2,
            evaluate: { beta in
                var value = 0.0
                var gradient = [Double](repeating: 0, count: 4)
                var weights = [Double](repeating: 0, count: n)
                for i in 0..<n {
                    var eta = 0.0
                    for j in 0..<4 { eta += features[i][j] * beta[j] }
                    let p = 1 / (1 + exp(-eta))
                    let softplus: Double = max(eta, 0) + log1p(exp(-abs(eta)))
                    value += softplus - labels[i] * eta
                    for j in 0..<4 { gradient[j] += (p - labels[i]) * features[i][j] }
                    weights[i] = p * (1 - p)
                }
                let derivatives = PenalizedNewton.Derivatives(gradient: gradient) {
                    counter.hessians += 1
                    var h = Matrix(rows: 4, columns: 4)
                    for i in 0..<n {
                        for j in 0..<4 {
                            for k in 0..<4 { h[j, k] += weights[i] * features[i][j] * features[i][k] }
                        }
                    }
                    return h
                }
                return PenalizedNewton.Evaluation(value: value, derivatives: { derivatives })
            })
    }

    @Test(arguments: [0.0, 0.5])
    func aPathReusingCurvatureReachesNewtonsOptima(l1Share: Double) throws {
        let lambdas = (0..<12).map { 40 * pow(0.6, Double($0)) }
        let (cold, warm) = (Counter(), Counter())
        var start = [Double](repeating: 0, count: 4)
        var curvature = Matrix(rows: 0, columns: 0)
        for lambda in lambdas {
            let (l1, l2) = (l1Share * lambda, (1 - l1Share) * lambda)
            let newton = try logistic(l1: l1, l2: l2, counter: cold).solve(from: start)
            let reusing = try logistic(l1: l1, l2: l2, counter: warm).solve(from: start, curvature: curvature)
            curvature = try #require(reusing.lastCurvature)
            // both stop at an optimality violation ≤ 1e-10 × max |∇N| at the start
            for (a, b) in zip(newton.estimate, reusing.estimate) { #expect(abs(a - b) <= 1e-8 * max(1, abs(a))) }
            #expect(abs(newton.objective - reusing.objective) <= 1e-10 * abs(newton.objective))
            start = newton.estimate
        }
        #expect(warm.hessians < cold.hessians)
    }
}

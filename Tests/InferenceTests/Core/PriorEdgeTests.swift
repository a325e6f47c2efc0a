import Foundation
import GSL
import Inference
import Testing

/// Priors at their edges: one of your own with no gradient (here nowhere, as a kinked one has
/// none at its kink) still pulls the posterior's gradient, by central differences; a regression
/// prior at λ = 0 is flat.
@Suite struct PriorEdgeTests {
    /// log p(θ) = −|μ| on the gaussian's mean, flat on σ; no analytic derivatives.
    struct KinkedPrior: Prior {
        var name: String { "kinked" }
        var isSmooth: Bool { false }
        func logDensity(_ parameters: [Double]) -> Double { -abs(parameters[0]) }
        func gradient(_ parameters: [Double]) -> [Double]? { nil }
        func hessian(_ parameters: [Double]) -> Matrix? { nil }
    }

    /// λ = 0 is a flat prior: density 1 whatever the scales (the Jacobian log sₖ once stayed).
    @Test func aRegressionPriorAtLambdaZeroIsFlat() {
        let scales: [Double?] = [nil, 2.5, 0.4]
        for penalty in [Penalty.gaussian(lambda: 0), .laplace(lambda: 0), .elasticNet(lambda: 0, mix: 0.5), .none] {
            #expect(RegressionPrior(penalty: penalty, scales: scales).logDensity([0.3, -1, 2]) == 0, "\(penalty)")
        }
        #expect(RegressionPrior(penalty: .gaussian(lambda: 1), scales: scales).logDensity([0.3, -1, 2]) != 0)
    }

    /// p ∝ (1 − p)², a beta(1, 3) that the conjugate shortcut does not recognise.
    struct TowardsZero: Prior {
        var name: String { "towards-zero" }
        var isSmooth: Bool { true }
        func logDensity(_ parameters: [Double]) -> Double {
            parameters[0] >= 0 && parameters[0] <= 1 ? log(3) + 2 * log1p(-parameters[0]) : -.infinity
        }
        func gradient(_ parameters: [Double]) -> [Double]? { [-2 / (1 - parameters[0])] }
        func hessian(_ parameters: [Double]) -> Matrix? { Matrix.diagonal([-2 / pow(1 - parameters[0], 2)]) }
    }

    /// Three heads: the MLE p̂ = 1 is on the boundary, so the MAP search cannot start there; it
    /// starts from the model's own point and finds the mode 3/5 of p³(1 − p)².
    @Test func theMAPSearchDoesNotStartOnTheBoundary() throws {
        let fit = try MaximumAPosteriori(model: BernoulliModel(), prior: TowardsZero()).fit(Sample([1, 1, 1]))
        #expect(abs(fit.estimates[0] - 0.6) < 1e-8)
    }

    @Test func aPriorWithoutAGradientStillPulls() throws {
        let data = Sample([0.5, 1.5, 2.5, 3.0])
        let posterior = Posterior(model: GaussianModel(), prior: KinkedPrior(), data: data)
        let theta = [1.2, 0.9]
        let likelihood = try #require(GaussianModel().gradient(theta, on: data))
        let gradient = posterior.gradient(theta)
        // d/dμ of −|μ| at μ = 1.2 is −1; σ has no prior
        #expect(abs(gradient[0] - (likelihood[0] - 1)) < 1e-8)
        #expect(abs(gradient[1] - likelihood[1]) < 1e-12)
    }

    /// A prior of one's own needs only its log density, here a joint one over (μ, σ): the MAP, its
    /// standard errors and the Laplace approximation come from central differences, and match the
    /// built-in normal prior's (it failed with "the estimate may not exist" when the Hessian was nil).
    @Test func aPriorWithOnlyItsLogDensityWorks() throws {
        struct NormalOnMu: Prior {
            func logDensity(_ parameters: [Double]) -> Double {
                guard parameters.count == 2 else { return -.infinity }
                let z = (parameters[0] - 1) / 2
                return -0.5 * z * z - log(2 * (2 * Double.pi).squareRoot())
            }
        }
        let data = Sample([0.5, 1.5, 2.5, 3.0, 0.2, 1.9])
        let own = try MaximumAPosteriori(model: GaussianModel(), prior: NormalOnMu()).fit(data)
        let builtIn = try MaximumAPosteriori(model: GaussianModel(), prior: try NormalPrior(mean: 1, standardDeviation: 2)).fit(data)
        #expect(NormalOnMu().name == "NormalOnMu")
        for k in 0..<2 {
            #expect(abs(own.estimates[k] - builtIn.estimates[k]) < 1e-8)
            // central differences of central differences: about six digits
            #expect(abs((own.standardErrors[k] ?? .nan) - (builtIn.standardErrors[k] ?? .nan)) < 1e-5 * (builtIn.standardErrors[k] ?? 1))
        }
        let laplace = try LaplaceApproximation(target: Posterior(model: GaussianModel(), prior: NormalOnMu(), data: data), mode: own.estimates,
                                               parameterNames: ["mu", "sigma"])
        #expect(laplace.logEvidence.isFinite)
    }
}

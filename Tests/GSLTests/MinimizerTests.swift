import Foundation
import GSL
import Testing

@Suite struct MinimizerTests {
    static func rosenbrock(_ x: [Double]) -> Double {
        (1 - x[0]) * (1 - x[0]) + 100 * (x[1] - x[0] * x[0]) * (x[1] - x[0] * x[0])
    }

    static func rosenbrockGradient(_ x: [Double]) -> [Double] {
        [-2 * (1 - x[0]) - 400 * x[0] * (x[1] - x[0] * x[0]), 200 * (x[1] - x[0] * x[0])]
    }

    @Test func bfgsFindsTheRosenbrockMinimum() throws {
        let result = try Minimizer.minimize(
            Self.rosenbrock, gradient: Self.rosenbrockGradient, from: [-1.2, 1],
            options: Minimizer.Options(gradientTolerance: 1e-7))
        #expect(result.converged)
        #expect(abs(result.point[0] - 1) < 1e-6 && abs(result.point[1] - 1) < 1e-6)
        #expect((result.gradientNorm ?? 1) < 1e-7)
    }

    @Test func nelderMeadFindsTheRosenbrockMinimum() throws {
        let result = try Minimizer.minimize(
            Self.rosenbrock, from: [-1.2, 1], options: Minimizer.Options(maximumIterations: 5000, simplexTolerance: 1e-8))
        #expect(result.converged)
        #expect(abs(result.point[0] - 1) < 1e-4 && abs(result.point[1] - 1) < 1e-4)
    }

    @Test func theIterationCapIsRespected() throws {
        let result = try Minimizer.minimize(
            Self.rosenbrock, gradient: Self.rosenbrockGradient, from: [-1.2, 1],
            options: Minimizer.Options(maximumIterations: 3))
        #expect(!result.converged)
        #expect(result.iterations <= 3)
    }

    @Test func anUnboundedObjectiveStopsWithoutConverging() throws {
        let result = try Minimizer.minimize({ x in x[0] }, gradient: { _ in [1] }, from: [0])
        #expect(!result.converged)
        #expect(result.iterations <= 1000)
    }

    @Test func badStartsAreErrors() {
        #expect(throws: GSLError.self) { try Minimizer.minimize(Self.rosenbrock, from: []) }
        #expect(throws: GSLError.self) { try Minimizer.minimize(Self.rosenbrock, from: [.nan, 1]) }
        #expect(throws: GSLError.self) { try Minimizer.minimize({ _ in .infinity }, from: [0, 1]) }
        // a gradient of the wrong length would leave GSL's vector stale or written past its end
        for wrong in [[1.0], [1, 2, 3]] {
            #expect(throws: GSLError.self) { try Minimizer.minimize(Self.rosenbrock, gradient: { _ in wrong }, from: [-1.2, 1]) }
        }
    }
}

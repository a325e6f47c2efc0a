import Foundation
import GSL
import Testing

/// The example on the GSL reference's landing page (Sources/GSL/GSL.docc/GSL.md) is this file's
/// `landingPageExample()`, compiled and run by the suite: the test fails if the two differ.
@Suite struct ReferenceExampleTests {
    // BEGIN landing-page
    func landingPageExample() throws -> (draws: [Double], below: Double, upper: Double, solution: [Double]) {
        // stream 3 of seed 42: the same 1,000 draws in every run, on any thread
        let generator = try RandomGenerator(seed: 42, stream: 3)
        let gamma = try Gamma(shape: 2, rate: 0.5)
        let draws = (0..<1000).map { _ in gamma.sample(using: generator) }
        let below = gamma.cdf(6)               // P(X ≤ 6)
        let upper = try gamma.quantile(0.975)  // F⁻¹(0.975)

        // a Gram matrix XᵀX, its Cholesky factor and a solve
        let x = try Matrix(rows: 3, columns: 2, values: [1, 2, 3, 4, 5, 7])
        let gram = x.gram()
        let cholesky = try CholeskyDecomposition(gram)
        let solution = try cholesky.solve([1, 1])  // (XᵀX)⁻¹(1, 1)ᵀ
        return (draws, below, upper, solution)
    }
    // END landing-page

    @Test func theLandingPagesCodeIsThisFunction() throws {
        let source = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
        let start = try #require(source.range(of: "    // BEGIN landing-page\n"))
        let end = try #require(source.range(of: "        return (draws"))
        let lines = source[start.upperBound..<end.lowerBound].split(separator: "\n", omittingEmptySubsequences: false)
        let body = lines.dropFirst().map { $0.hasPrefix("        ") ? String($0.dropFirst(8)) : String($0) }
            .joined(separator: "\n")
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let page = try String(contentsOf: root.appendingPathComponent("Sources/GSL/GSL.docc/GSL.md"), encoding: .utf8)
        #expect(page.contains("```swift\nimport GSL\n\n" + body + "```"))
    }

    @Test func theLandingPagesCodeRunsAndIsRight() throws {
        let result = try landingPageExample()
        #expect(result.draws.count == 1000)
        // Gamma(2, rate 1/2) is χ² with 4 degrees of freedom: P(X ≤ 6) = 1 − e⁻³(1 + 3)
        #expect(abs(result.below - (1 - exp(-3) * 4)) < 1e-14)
        #expect(abs(result.upper - 11.143286781877796) < 1e-9)  // scipy.stats.chi2.ppf(0.975, 4)
        // XᵀX = [[35, 49], [49, 69]], determinant 14: (XᵀX)⁻¹(1, 1)ᵀ = (20, −14)/14
        #expect(abs(result.solution[0] - 10.0 / 7) < 1e-13 && abs(result.solution[1] + 1) < 1e-13)
        // the sample mean of 1,000 draws of mean 4, sd 2√2: within 4.5 standard errors
        let mean = result.draws.reduce(0, +) / 1000
        #expect(abs(mean - 4) < 4.5 * (8.0 / 1000).squareRoot())
    }
}

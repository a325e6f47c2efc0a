import Foundation
import GSL
@testable import Inference
import Testing

/// The ridge leave-one-out residuals by blocks of rows (``RidgeSpectrum/leaveOneOut``): each the
/// residual of the hat matrix formed explicitly, and the same bits on any number of threads and
/// in any groups of λ.
@Suite struct RidgeSpectrumTests {
    static let n = 1_001  // 8 blocks of 128 rows, the last one short
    static let p = 12

    static func data() throws -> RegressionData {
        func feature(_ j: Int) -> [Double] {
            (0..<n).map { i -> Double in
                let wave: Double = sin(Double(i * (j + 3)) * 0.37 + Double(j))
                return wave + Double((i * (j + 1)) % 5) / 4
            }
        }
        let x = (0..<p).map(feature)
        let y = (0..<n).map { i -> Double in
            var sum = 0.5 + sin(Double(i) * 2.1)
            for j in 0..<p { sum += x[j][i] * Double(j % 4 - 1) }
            return sum
        }
        let names = (1...p).map { "x\($0)" }
        return try RegressionData(Dataset(columnNames: names + ["y"], columns: x + [y]), target: "y")
    }

    typealias Values = (residuals: [Double], leftOut: [Double])

    static func values(
        _ spectrum: RidgeSpectrum, _ lambdas: [Double], leftOutRSS: Bool, threads: Int, valuesPerGroup: Int = 1 << 22
    ) throws -> [Values] {
        try spectrum.leaveOneOut(lambdas, leftOutRSS: leftOutRSS, threads: threads, valuesPerGroup: valuesPerGroup) { _, r, rss in
            (Array(r), Array(rss))
        }
    }

    @Test func residualsAreThoseOfTheHatMatrix() throws {
        let data = try Self.data()
        let spectrum = try RidgeSpectrum(data, design: RegressionDesign())
        let lambdas = [300.0, 10, 0.01]
        let computed = try Self.values(spectrum, lambdas, leftOutRSS: true, threads: 2)
        // H = 11ᵀ/n + Z(ZᵀZ + λI)⁻¹Zᵀ from the centred design, by a Cholesky solve of each row
        let z = spectrum.system.design.matrix
        let (n, p) = (Self.n, Self.p)
        for (l, lambda) in lambdas.enumerated() {
            var shifted = spectrum.system.gram
            shifted.withUnsafeMutableValues { for k in 0..<p { $0[k * p + k] += lambda } }
            let cholesky = try CholeskyDecomposition(shifted)
            let v = try cholesky.solve(spectrum.system.score)
            var errors = [Double](repeating: 0, count: n), hats = errors
            for i in 0..<n {
                let row = z.row(i)
                let solved = try cholesky.solve(row)
                errors[i] = spectrum.system.centered[i] - zip(row, v).reduce(0) { $0 + $1.0 * $1.1 }
                hats[i] = 1 / Double(n) + zip(row, solved).reduce(0) { $0 + $1.0 * $1.1 }
            }
            let rss = errors.reduce(0) { $0 + $1 * $1 }
            for i in 0..<n {
                let residual = errors[i] / (1 - hats[i])
                #expect(abs(computed[l].residuals[i] - residual) <= 1e-10 * max(1, abs(residual)), "λ \(lambda) row \(i)")
                guard i % 97 == 0 else { continue }
                // the fit without row i is the fit with yᵢ replaced by its prediction ŷ₋ᵢ = yᵢ − rᵢ;
                // its RSS over the other rows
                var replaced = spectrum.system.centered
                replaced[i] -= residual
                let weights = try cholesky.solve(try z.transposeMultiplied(by: replaced))
                let intercept = replaced.reduce(0, +) / Double(n)
                let leftOutRSS = (0..<n).filter { $0 != i }.reduce(0.0) { sum, k in
                    let e = replaced[k] - intercept - zip(z.row(k), weights).reduce(0) { $0 + $1.0 * $1.1 }
                    return sum + e * e
                }
                #expect(abs(computed[l].leftOut[i] - leftOutRSS) <= 1e-9 * rss, "λ \(lambda) row \(i)")
            }
        }
    }

    @Test func theSameBitsOnAnyThreadsAndInAnyGroupsOfLambda() throws {
        let spectrum = try RidgeSpectrum(try Self.data(), design: RegressionDesign())
        let lambdas = (0..<7).map { 100 * pow(0.1, Double($0)) }
        for leftOutRSS in [false, true] {
            let expected = try Self.values(spectrum, lambdas, leftOutRSS: leftOutRSS, threads: 1)
            for (threads, perGroup) in [(2, 1 << 22), (3, 1 << 22), (2, 3 * 2 * Self.n), (1, Self.n), (3, 2 * 2 * Self.n + 5)] {
                let values = try Self.values(spectrum, lambdas, leftOutRSS: leftOutRSS, threads: threads, valuesPerGroup: perGroup)
                #expect(values.count == lambdas.count)
                for (a, b) in zip(values, expected) {
                    #expect(a.residuals.map(\.bitPattern) == b.residuals.map(\.bitPattern), "\(threads) threads, groups of \(perGroup)")
                    #expect(a.leftOut.map(\.bitPattern) == b.leftOut.map(\.bitPattern), "\(threads) threads, groups of \(perGroup)")
                }
            }
        }
    }
}

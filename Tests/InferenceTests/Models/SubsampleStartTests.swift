import Foundation
import GSL
@testable import Inference
import Testing

/// A cold fit of 131,072 rows or more from a table's columns starts where a fit of a subsample of
/// its blocks stops (``SubsampleStart``): the same estimate to the stopping rule as the cold fit
/// from the matrix (which never takes that start), in fewer steps on all the rows; and the same
/// verdicts (collinear, separated) where the subsample cannot vouch for the whole.
@Suite struct SubsampleStartTests {
    static let n = 140_003  // 35 blocks of 4,096 rows, the last one short

    /// Reproducible uniforms in [0, 1) without a generator: the fractional part of a sine.
    static func uniform(_ i: Int, _ salt: Double) -> Double {
        (sin(Double(i) * 12.9898 + salt * 78.233) * 43758.5453).truncatingRemainder(dividingBy: 1).magnitude
    }

    static let x1 = (0..<n).map { sin(Double($0) * 0.7) * 2 + 3 }
    static let x2 = (0..<n).map { cos(Double($0) * 1.3) + Double($0 % 7) / 7 }
    static let x3 = (0..<n).map { uniform($0, 1) * 4 - 2 }
    static let names = ["x1", "x2", "x3"]

    static func tables(_ columns: [[Double]], _ y: [Double]) throws -> (columns: RegressionData, matrix: RegressionData) {
        let p = columns.count
        let names = (1...p).map { "x\($0)" }
        let table = try RegressionData(Dataset(columnNames: names + ["y"], columns: columns + [y]), target: "y")
        let rowMajor = try Matrix(rows: y.count, columns: p, values: (0..<y.count).flatMap { i in columns.map { $0[i] } })
        return (table, try RegressionData(features: rowMajor, target: y, featureNames: names, targetName: "y"))
    }

    /// |a − b| within `tolerance` of max(1, |b|), entry by entry.
    static func close(_ a: [Double], _ b: [Double], _ tolerance: Double) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance * max(1, abs($1)) }
    }

    @Test func theSubsampleIsEveryEighthBlockFromTheMiddleOfTheFirstStride() {
        #expect(SubsampleStart.chosenBlocks(of: 31) == nil)
        #expect(SubsampleStart.chosenBlocks(of: 32) == [4, 12, 20, 28])
        #expect(SubsampleStart.chosenBlocks(of: 49) == [4, 12, 20, 28, 36, 44])
        #expect(SubsampleStart.chosenBlocks(of: 1_000) == [62, 187, 312, 437, 562, 687, 812, 937])
    }

    /// Logistic and poisson, flat and under a gaussian prior, standardised or not: the estimates
    /// agree with the cold fit's to far below their standard errors (the stopping rule leaves
    /// ≈ 10⁻¹⁰ of the cold gradient; seen 10⁻¹² here), the standard errors and the
    /// log-likelihood too; and all the rows are passed over fewer times.
    @Test func aWarmStartedFitMatchesTheColdFit() throws {
        let n = Self.n
        let eta = (0..<n).map { i -> Double in
            let linear: Double = 0.8 * Self.x1[i] - 0.5 * Self.x2[i] + 0.4 * Self.x3[i]
            return linear - 2.1
        }
        let binary = (0..<n).map { Self.uniform($0, 2) < 1 / (1 + exp(-eta[$0])) ? 1.0 : 0 }
        // poisson counts by inversion of the uniform
        let counts = (0..<n).map { i -> Double in
            let mean = exp(0.25 * eta[i] + 0.5)
            var k = 0.0
            var term = exp(-mean)
            var total = term
            let u = Self.uniform(i, 3)
            while u > total && k < 100 {
                k += 1
                term *= mean / k
                total += term
            }
            return k
        }
        let models: [(String, [Double], (RegressionDesign) -> any SingleIndexRegression)] = [
            ("logistic", binary, { LogisticRegressionModel(featureNames: Self.names, design: $0) }),
            ("poisson", counts, { PoissonRegressionModel(featureNames: Self.names, design: $0) }),
        ]
        for (name, y, make) in models {
            let (table, matrix) = try Self.tables([Self.x1, Self.x2, Self.x3], y)
            for standardize in [false, true] {
                for penalty in [Penalty.none, .gaussian(lambda: 30)] {
                    let model = make(RegressionDesign(intercept: true, standardize: standardize))
                    let warm = try model.fitPenalized(table, penalty: penalty)
                    let cold = try model.fitPenalized(matrix, penalty: penalty)
                    let label = "\(name) \(penalty) standardize \(standardize)"
                    #expect(warm.iterations < cold.iterations, "\(label): \(warm.iterations) steps, cold \(cold.iterations)")
                    #expect(Self.close(warm.estimates, cold.estimates, 1e-9), "\(label): \(warm.estimates) vs \(cold.estimates)")
                    let warmCovariance = try #require(warm.covariance)
                    let coldCovariance = try #require(cold.covariance)
                    let warmErrors = (0..<warmCovariance.rows).map { warmCovariance[$0, $0].squareRoot() }
                    let coldErrors = (0..<coldCovariance.rows).map { coldCovariance[$0, $0].squareRoot() }
                    #expect(Self.close(warmErrors, coldErrors, 1e-8), "\(label)")
                    #expect(abs(warm.logLikelihood - cold.logLikelihood) <= 1e-12 * abs(cold.logLikelihood), "\(label)")
                }
            }
        }
    }

    /// Collinear features are reported as by the cold fit; a feature constant on the subsample's
    /// rows only (which the subsample cannot vouch for) sends the fit to the cold start: the
    /// matrix's bits.
    @Test func collinearityIsJudgedOnAllTheRows() throws {
        let n = Self.n
        let y = (0..<n).map { Self.uniform($0, 4) < 0.4 ? 1.0 : 0 }
        let model = LogisticRegressionModel(featureNames: ["x1", "x2", "x3", "x4"], design: RegressionDesign(intercept: true, standardize: false))
        let sum = (0..<n).map { Self.x1[$0] + 2 * Self.x2[$0] }
        let collinear = try Self.tables([Self.x1, Self.x2, Self.x3, sum], y)
        let message = #expect(throws: InferenceError.self) { try model.fitPenalized(collinear.columns, penalty: .none) }
        let coldMessage = #expect(throws: InferenceError.self) { try model.fitPenalized(collinear.matrix, penalty: .none) }
        #expect(message.map { "\($0)" } == coldMessage.map { "\($0)" })
        #expect("\(String(describing: message))".contains("x4"))
        // zero on every row of the subsample's blocks, not elsewhere
        let chosen = Set(try #require(SubsampleStart.chosenBlocks(of: RowBlocks(rows: n).count)))
        let sparse = (0..<n).map { chosen.contains($0 / RowBlocks.size) ? 0 : Self.uniform($0, 5) }
        let (table, matrix) = try Self.tables([Self.x1, Self.x2, Self.x3, sparse], y)
        let fromColumns = try model.fitPenalized(table, penalty: .none)
        let fromMatrix = try model.fitPenalized(matrix, penalty: .none)
        #expect(fromColumns.estimates.map(\.bitPattern) == fromMatrix.estimates.map(\.bitPattern))
        #expect(fromColumns.iterations == fromMatrix.iterations)
    }

    /// Classes that a combination of features separates: the subsample's fit runs off, the fit
    /// starts cold and fails as the cold fit does.
    @Test func separatedClassesFailAsTheColdFitFails() throws {
        let n = Self.n
        let y = (0..<n).map { Self.x3[$0] + 0.5 * Self.x2[$0] > 0.3 ? 1.0 : 0 }
        let (table, matrix) = try Self.tables([Self.x1, Self.x2, Self.x3], y)
        let model = LogisticRegressionModel(featureNames: Self.names, design: RegressionDesign(intercept: true, standardize: false))
        let message = #expect(throws: InferenceError.self) { try model.fitPenalized(table, penalty: .none) }
        let coldMessage = #expect(throws: InferenceError.self) { try model.fitPenalized(matrix, penalty: .none) }
        #expect(message.map { "\($0)" } == coldMessage.map { "\($0)" })
        #expect("\(String(describing: message))".contains("separate"))
    }
}

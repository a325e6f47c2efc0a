import Foundation
import GSL
@testable import Inference
import Testing

/// A table's numeric features are kept as its columns: the fits centre them into their own
/// design without forming the row-major features (a copy of the data), to the same bits as
/// from the matrix.
@Suite struct FeatureStoreTests {
    @Test func fitsFromColumnsMatchFitsFromTheMatrixAndFormNoCopy() throws {
        let n = 20_011  // five row blocks: the parallel passes
        let x1 = (0..<n).map { sin(Double($0) * 0.7) * 2 + 3 }
        let x2 = (0..<n).map { cos(Double($0) * 1.3) + Double($0 % 7) / 7 }
        let x3 = (0..<n).map { Double($0 % 11) - 4.5 }
        let y = (0..<n).map { i -> Double in
            let u = (sin(Double(i) * 12.9898) * 43758.5453).truncatingRemainder(dividingBy: 1).magnitude
            let eta: Double = 0.3 + 0.8 * x1[i] - 0.5 * x2[i] + 0.1 * x3[i]
            return u < 1 / (1 + exp(-eta)) ? 1 : 0
        }
        let names = ["x1", "x2", "x3"]
        let rowMajor = try Matrix(rows: n, columns: 3, values: (0..<n).flatMap { [x1[$0], x2[$0], x3[$0]] })
        for standardize in [false, true] {
            for penalty in [Penalty.none, .gaussian(lambda: 3), .laplace(lambda: 2)] {
                let table = try RegressionData(Dataset(columnNames: names + ["y"], columns: [x1, x2, x3, y]), target: "y")
                let matrix = try RegressionData(features: rowMajor, target: y, featureNames: names, targetName: "y")
                let model = LogisticRegressionModel(featureNames: names, design: RegressionDesign(intercept: true, standardize: standardize))
                let fromColumns = try model.fitPenalized(table, penalty: penalty)
                #expect(!table.store.isFormed, "\(penalty) standardize \(standardize): the features were formed")
                let fromMatrix = try model.fitPenalized(matrix, penalty: penalty)
                #expect(fromColumns.estimates.map { $0.bitPattern } == fromMatrix.estimates.map { $0.bitPattern })
                #expect(fromColumns.covariance?.values.map { $0.bitPattern } == fromMatrix.covariance?.values.map { $0.bitPattern })
                // asked for, the features are the table's columns as rows
                #expect(table.features.values == rowMajor.values && table.store.isFormed)
            }
        }
        // a single fit reads the columns a block of rows at a time (no design formed), with or
        // without an intercept, standardised or not, logistic or poisson: the matrix's bits
        let counts = (0..<n).map { Double(($0 * 7) % 5) }
        for (intercept, standardize) in [(false, false), (false, true), (true, true)] {
            let design = RegressionDesign(intercept: intercept, standardize: standardize)
            let data = try RegressionData(Dataset(columnNames: names + ["y"], columns: [x1, x2, x3, counts]), target: "y")
            let augmented = try AugmentedDesign(data, design: design)
            #expect(augmented.standardized.blocks != nil)
            let block = try #require(augmented.standardized.blocks).block(4_000..<8_200).rows
            #expect(block.values == Array(augmented.matrix.values[(4_000 * augmented.columns)..<(8_200 * augmented.columns)]))
            #expect(augmented.standardized.blocks == nil)  // formed when asked for: blocks are not needed any more
            let model = PoissonRegressionModel(featureNames: names, design: design)
            let fromColumns = try model.fitPenalized(data, penalty: .none)
            let fromMatrix = try model.fitPenalized(
                RegressionData(features: rowMajor, target: counts, featureNames: names, targetName: "y"), penalty: .none)
            #expect(fromColumns.estimates.map { $0.bitPattern } == fromMatrix.estimates.map { $0.bitPattern })
            #expect(fromColumns.covariance?.values.map { $0.bitPattern } == fromMatrix.covariance?.values.map { $0.bitPattern })
        }
    }

    /// The linear model's fit (OLS, ridge, lasso) reads a table's columns for its residuals too:
    /// no row-major copy, and Xw from the columns has the bits of Xw from the matrix.
    @Test func linearFitsFromColumnsMatchAndFormNoCopy() throws {
        let n = 9_001
        let x1 = (0..<n).map { sin(Double($0) * 0.7) * 2 + 3 }
        let x2 = (0..<n).map { cos(Double($0) * 1.3) + Double($0 % 7) / 7 }
        let y = (0..<n).map { i -> Double in 1.5 + 0.8 * x1[i] - 0.5 * x2[i] + sin(Double(i) * 12.9898) }
        let names = ["x1", "x2"]
        let rowMajor = try Matrix(rows: n, columns: 2, values: (0..<n).flatMap { [x1[$0], x2[$0]] })
        for penalty in [Penalty.none, .gaussian(lambda: 30), .laplace(lambda: 20)] {
            let table = try RegressionData(Dataset(columnNames: names + ["y"], columns: [x1, x2, y]), target: "y")
            let matrix = try RegressionData(features: rowMajor, target: y, featureNames: names, targetName: "y")
            let model = LinearRegressionModel(featureNames: names)
            let fromColumns = try model.fitPenalized(table, penalty: penalty)
            #expect(!table.store.isFormed, "\(penalty): the features were formed")
            let fromMatrix = try model.fitPenalized(matrix, penalty: penalty)
            #expect(fromColumns.estimates.map { $0.bitPattern } == fromMatrix.estimates.map { $0.bitPattern })
            #expect(fromColumns.logLikelihood.bitPattern == fromMatrix.logLikelihood.bitPattern)
        }
        let weights = [0.25, -1.5]
        let table = try RegressionData(Dataset(columnNames: names + ["y"], columns: [x1, x2, y]), target: "y")
        let products = table.store.products(weights)
        #expect(products.count == n && products.map { $0.bitPattern } == FeatureStore(rowMajor).products(weights).map { $0.bitPattern })
        #expect(products[17] == x1[17] * 0.25 + x2[17] * -1.5)
        #expect(table.store.products([1]).isEmpty)
    }
}

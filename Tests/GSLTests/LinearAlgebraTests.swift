import Foundation
@testable import GSL
import Testing

@Suite struct LinearAlgebraTests {
    // A = [[4, 2, 0.6], [2, 5, 1], [0.6, 1, 3]], symmetric positive definite.
    let spd = try! Matrix(rowArrays: [[4, 2, 0.6], [2, 5, 1], [0.6, 1, 3]])

    func assertClose(_ a: Matrix, _ b: Matrix, _ tolerance: Double = 1e-12) {
        #expect(a.rows == b.rows && a.columns == b.columns)
        for (x, y) in zip(a.values, b.values) { #expect(abs(x - y) <= tolerance) }
    }

    @Test func choleskySolvesInvertsAndGivesTheLogDeterminant() throws {
        let cholesky = try CholeskyDecomposition(spd)
        let l = cholesky.lower
        assertClose(try l.multiplied(by: l.transposed), spd)
        let b = [1.0, -2, 0.5]
        let x = try cholesky.solve(b)
        let back = try spd.multiplied(by: x)
        for (u, v) in zip(back, b) { #expect(abs(u - v) < 1e-12) }
        assertClose(try spd.multiplied(by: try cholesky.inverse()), Matrix.identity(3))
        // det A = 4(15 − 1) − 2(6 − 0.6) + 0.6(2 − 3) = 44.6
        #expect(abs(cholesky.logDeterminant - log(44.6)) < 1e-13)
    }

    /// Up to 64 × 64 the inverse is formed in Swift, above it by GSL: both invert, on either side
    /// of the switch, a matrix whose condition number is about 10³.
    @Test func choleskyInverseOnBothPathsInvertsAnIllConditionedMatrix() throws {
        for n in [1, 6, 12, 13, 21, 64, 65, 80] {
            var b = Matrix(rows: n, columns: n)
            for i in 0..<n {
                for j in 0..<n { b[i, j] = sin(Double(i * n + j) * 1.7) }
            }
            var a = try b.transposed.multiplied(by: b)
            for i in 0..<n { a[i, i] += 0.01 * Double(i + 1) }
            let inverse = try CholeskyDecomposition(a).inverse()
            for i in 0..<n {
                for j in 0..<i { #expect(inverse[i, j] == inverse[j, i]) }
            }
            let scale = inverse.values.map(abs).max() ?? 1
            assertClose(try a.multiplied(by: inverse), Matrix.identity(n), 1e-12 * scale * Double(n))
        }
    }

    @Test func choleskyRefusesANonPositiveDefiniteMatrix() throws {
        let indefinite = try Matrix(rowArrays: [[1, 2], [2, 1]])
        #expect(throws: GSLError.notPositiveDefinite("matrix is not positive definite (Cholesky factorisation failed)")) {
            try CholeskyDecomposition(indefinite)
        }
        #expect(throws: GSLError.self) { try CholeskyDecomposition(Matrix(rows: 2, columns: 3)) }
    }

    @Test func luInvertsAndGivesTheDeterminant() throws {
        let a = try Matrix(rowArrays: [[0, 2, 1], [1, 1, 0], [3, 0, 1]])
        let lu = try LUDecomposition(a)
        assertClose(try a.multiplied(by: try lu.inverse()), Matrix.identity(3))
        // det = 0(1) − 2(1) + 1(−3) = −5
        #expect(abs(lu.logAbsoluteDeterminant - log(5)) < 1e-13)
        #expect(lu.determinantSign == -1)
        let singular = try LUDecomposition(try Matrix(rowArrays: [[1, 2], [2, 4]]))
        #expect(throws: GSLError.self) { try singular.solve([1, 1]) }
    }

    @Test func qrSolvesLeastSquaresAndDetectsRankDeficiency() throws {
        // y = 1 + 2x exactly on x = 0..4
        let x = try Matrix(rowArrays: (0..<5).map { [1, Double($0)] })
        let y = (0..<5).map { 1 + 2 * Double($0) }
        let coefficients = try QRDecomposition(x).leastSquares(y)
        #expect(abs(coefficients[0] - 1) < 1e-12 && abs(coefficients[1] - 2) < 1e-12)
        let collinear = try Matrix(rowArrays: (0..<5).map { [1, Double($0), 2 * Double($0)] })
        let qr = try QRDecomposition(collinear)
        #expect(qr.rank() == 2)
        #expect(throws: GSLError.self) { try qr.leastSquares(y) }
    }

    @Test func svdReconstructsTheMatrix() throws {
        for a in [try Matrix(rowArrays: [[3, 1], [1, 3], [0, 2]]), try Matrix(rowArrays: [[3, 1, 0], [1, 3, 2]])] {
            let svd = try SingularValueDecomposition(a)
            let rebuilt = try svd.left.multiplied(by: Matrix.diagonal(svd.singularValues)).multiplied(by: svd.right.transposed)
            assertClose(rebuilt, a)
            #expect(svd.singularValues == svd.singularValues.sorted(by: >))
            #expect(svd.rank() == 2)
        }
    }

    @Test func symmetricEigendecompositionReconstructsTheMatrix() throws {
        let a = try Matrix(rowArrays: [[4, 1, 0.5], [1, 3, -1], [0.5, -1, 2]])
        let eigen = try SymmetricEigendecomposition(a)
        let v = eigen.eigenvectors
        assertClose(try v.multiplied(by: Matrix.diagonal(eigen.eigenvalues)).multiplied(by: v.transposed), a)
        assertClose(v.gram(), Matrix.diagonal([1, 1, 1]))
        #expect(eigen.eigenvalues == eigen.eigenvalues.sorted(by: >))
        // of a Gram matrix: the squared singular values of the matrix
        let x = try Matrix(rowArrays: [[3, 1], [1, 3], [0, 2]])
        let squares = try SingularValueDecomposition(x).singularValues.map { $0 * $0 }
        for (e, s) in zip(try SymmetricEigendecomposition(x.gram()).eigenvalues, squares) { #expect(abs(e - s) <= 1e-12 * s) }
        #expect(throws: GSLError.self) { try SymmetricEigendecomposition(Matrix(rows: 2, columns: 3)) }
        #expect(throws: GSLError.self) { try SymmetricEigendecomposition(Matrix(rowArrays: [[1, .nan], [.nan, 1]])) }
        // only the diagonal and the lower triangle are read: an upper triangle of garbage changes nothing
        var garbled = a
        garbled[0, 1] = 99
        garbled[0, 2] = -7
        garbled[1, 2] = 1e6
        let fromLower = try SymmetricEigendecomposition(garbled)
        #expect(fromLower.eigenvalues == eigen.eigenvalues && fromLower.eigenvectors == eigen.eigenvectors)
        // a Gram matrix of 101 columns, as the ridge's: V diag(e) Vᵀ rebuilds it, V is orthonormal
        let rows = 400, p = 101
        let design = try Matrix(rows: rows, columns: p, values: (0..<(rows * p)).map { sin(Double($0) * 0.37) + cos(Double($0) * 0.011) })
        let gram = design.gram()
        let large = try SymmetricEigendecomposition(gram)
        let w = large.eigenvectors
        let scale = gram.values.map(abs).max() ?? 1
        assertClose(try w.multiplied(by: Matrix.diagonal(large.eigenvalues)).multiplied(by: w.transposed), gram, 1e-12 * scale)
        assertClose(w.gram(), Matrix.identity(p), 1e-12)
        #expect(large.eigenvalues == large.eigenvalues.sorted(by: >))
    }

    /// (AB)ᵀ formed as such, on the small path and through BLAS (or the shim's kernel), against
    /// the product transposed.
    @Test(arguments: [(3, 4, 2), (300, 60, 40)])
    func productTransposedIsTheTransposedProduct(shape: (Int, Int, Int)) throws {
        let (n, k, m) = shape
        let a = try Matrix(rows: n, columns: k, values: (0..<(n * k)).map { sin(Double($0) * 0.37) })
        let b = try Matrix(rows: k, columns: m, values: (0..<(k * m)).map { cos(Double($0) * 0.11) })
        assertClose(try a.productTransposed(with: b), try a.multiplied(by: b).transposed, 1e-12 * Double(k))
        #expect(throws: GSLError.self) { try a.productTransposed(with: a) }
    }

    @Test func gramMatchesTheExplicitProduct() throws {
        let a = try Matrix(rowArrays: [[1, 2, 3], [4, 5, 6], [7, 8, 10], [1, 0, 1]])
        assertClose(a.gram(), try a.transposed.multiplied(by: a))
        let v = [1.0, -1, 2, 0.5]
        let expected = try a.transposed.multiplied(by: v)
        #expect(try a.transposeMultiplied(by: v) == expected)
        #expect(throws: GSLError.self) { try a.multiplied(by: [1.0, 2]) }
    }

    /// Aᵀdiag(w)A against the explicit product, over all rows and over a row range, with more rows
    /// than one block of the accumulation holds and some zero weights (rows a resample skipped),
    /// on each of its three paths: SIMD8 rows (≤ 8 columns), the shim's vector kernel (≤ 128),
    /// BLAS blocks.
    @Test(arguments: [3, 7, 11, 20, 70, 140])
    func weightedGramMatchesTheExplicitProduct(p: Int) throws {
        let n = 5_000
        let a = try Matrix(rows: n, columns: p, values: (0..<(n * p)).map { sin(Double($0) * 0.37) + Double($0 % 5) })
        let w: [Double] = (0..<n).map { (i: Int) -> Double in i % 7 == 3 ? 0 : 0.1 + Double(i % 13) / 4 }
        var weighted = a
        for i in 0..<n {
            for j in 0..<p { weighted[i, j] *= w[i] }
        }
        // sums of 5,000 products: equal to a few ulps of the largest entry
        func assertRelativelyClose(_ x: Matrix, _ y: Matrix) {
            let scale = y.values.map(abs).max() ?? 1
            #expect(x.rows == y.rows && x.columns == y.columns)
            #expect(zip(x.values, y.values).allSatisfy { abs($0 - $1) <= 1e-13 * scale })
        }
        assertRelativelyClose(try a.weightedGram(weights: w), try a.transposeMultiplied(by: weighted))
        let rows = 1_234..<4_321
        let slice = try Matrix(rows: rows.count, columns: p, values: Array(a.values[(rows.lowerBound * p)..<(rows.upperBound * p)]))
        let sliceWeighted = try Matrix(rows: rows.count, columns: p, values: Array(weighted.values[(rows.lowerBound * p)..<(rows.upperBound * p)]))
        assertRelativelyClose(try a.weightedGram(weights: Array(w[rows]), rows: rows), try slice.transposeMultiplied(by: sliceWeighted))
        #expect(throws: GSLError.self) { try a.weightedGram(weights: [1, 2]) }
        #expect(throws: GSLError.self) { try a.weightedGram(weights: w.map { -$0 }) }
        #expect(throws: GSLError.self) { try a.weightedGram(weights: [1], rows: n..<(n + 1)) }
    }

    /// The shim's vector kernel gives, on every vector path this CPU has, the bits of a plain loop
    /// that adds (wᵢxᵢⱼ)xᵢₖ row after row (zero weights skipped): for column counts that fill
    /// whole vectors and that do not, several blocks of rows and a partial one, a row range, with
    /// zero weights (the rows listed) and without (the kernel walks the rows in order). The
    /// column counts leave every partial vector, 1 to 7 columns, after whole ones, and fewer than 8.
    @Test(arguments: [2, 7, 8, 9, 10, 11, 12, 13, 14, 15, 21, 32, 64, 65, 100, 127, 128])
    func vectorWeightedGramAddsAsAPlainLoop(p: Int) throws {
        let n = 203
        let a = try Matrix(rows: n, columns: p, values: (0..<(n * p)).map { sin(Double($0) * 0.713) * 3 + Double($0 % 3) })
        let withZeros: [Double] = (0..<n).map { (i: Int) -> Double in i % 5 == 1 ? 0 : 0.05 + Double(i % 11) / 3 }
        for (w, rows) in [withZeros, withZeros.map { $0 + 0.25 }].flatMap({ w in [0..<n, 17..<150].map { (w, $0) } }) {
            var expected = [Double](repeating: 0, count: p * p)
            for i in rows where w[i - rows.lowerBound] != 0 {
                for j in 0..<p {
                    let scaled = w[i - rows.lowerBound] * a[i, j]
                    for k in j..<p { expected[j * p + k] += scaled * a[i, k] }
                }
            }
            for j in 0..<p {
                for k in 0..<j { expected[j * p + k] = expected[k * p + j] }
            }
            let weights = Array(w[0..<rows.count])
            for path in 0...VectorPath.widest {
                let gram = try a.vectorWeightedGram(weights: weights, rows: rows, widestPath: path)
                #expect(gram.values == expected, "p = \(p), rows \(rows), path \(path)")
            }
            #expect(try a.weightedGram(weights: weights, rows: rows).values == expected)
        }
        #expect(try a.weightedGram(weights: [Double](repeating: 0, count: n)).values.allSatisfy { $0 == 0 })
        #expect(throws: GSLError.self) { try a.weightedGram(weights: withZeros.map { $0 == 0 ? -.nan : $0 }) }
        #expect(throws: GSLError.self) { try a.weightedGram(weights: withZeros.map { $0 == 0 ? -1 : $0 }) }
    }

    /// A weighted Gram matrix summed a piece of rows at a time gives the bits of one call over
    /// them all, whatever the split (pieces of 1, of 64, of 256 and uneven ones), zero weights
    /// included (added, not skipped), and with slopes the gradient of a plain loop over the rows
    /// (on every vector path the CPU has); a negative or NaN weight in any piece makes it nil; and only the
    /// vector kernel's column counts are taken.
    @Test(arguments: [9, 21, 64, 100])
    func weightedGramSummedByPiecesIsOneCall(p: Int) throws {
        let n = 700
        let a = try Matrix(rows: n, columns: p, values: (0..<(n * p)).map { sin(Double($0) * 0.713) * 3 - Double($0 % 3) })
        let w: [Double] = (0..<n).map { (i: Int) -> Double in i % 5 == 1 ? 0 : 0.05 + Double(i % 11) / 3 }
        let whole = try a.weightedGram(weights: w)
        // the gradient Σ sᵢxᵢ of a plain loop over the rows, each entry adding them in order
        let slopes = (0..<n).map { sin(Double($0) * 0.37) - 0.1 }
        var expectedGradient = [Double](repeating: 0, count: p)
        for i in 0..<n {
            for j in 0..<p { expectedGradient[j] += slopes[i] * a[i, j] }
        }
        for cuts in [Array(stride(from: 0, through: n, by: 1)), Array(stride(from: 0, to: n, by: 64)) + [n], [0, 256, 512, n], [0, 3, 100, 101, 699, n]] {
            var sum = try #require(WeightedGramSum(columns: p))
            var withSlopes = try #require(WeightedGramSum(columns: p))
            w.withUnsafeBufferPointer { w in
                slopes.withUnsafeBufferPointer { s in
                    for (low, high) in zip(cuts, cuts.dropFirst()) {
                        sum.add(rowsOf: a, weights: w.baseAddress!, rows: low..<high)
                        withSlopes.add(rowsOf: a, weights: w.baseAddress!, slopes: s.baseAddress!, rows: low..<high)
                    }
                }
            }
            #expect(sum.matrix?.values.map(\.bitPattern) == whole.values.map(\.bitPattern), "p = \(p), \(cuts.count - 1) pieces")
            #expect(withSlopes.matrix?.values.map(\.bitPattern) == whole.values.map(\.bitPattern))
            #expect(withSlopes.gradient.map(\.bitPattern) == expectedGradient.map(\.bitPattern), "p = \(p), \(cuts.count - 1) pieces")
            #expect(sum.gradient == [Double](repeating: 0, count: p))
        }
        for path in 0...VectorPath.widest {
            var sum = try #require(WeightedGramSum(columns: p))
            w.withUnsafeBufferPointer { w in
                slopes.withUnsafeBufferPointer { s in
                    sum.add(rowsOf: a, weights: w.baseAddress!, slopes: s.baseAddress!, rows: 0..<300, widestPath: path)
                    sum.add(rowsOf: a, weights: w.baseAddress!, slopes: s.baseAddress!, rows: 300..<n, widestPath: path)
                }
            }
            #expect(sum.matrix?.values.map(\.bitPattern) == whole.values.map(\.bitPattern), "p = \(p), path \(path)")
            #expect(sum.gradient.map(\.bitPattern) == expectedGradient.map(\.bitPattern), "p = \(p), path \(path)")
        }
        for bad in [-1.0, .nan] {
            var sum = try #require(WeightedGramSum(columns: p))
            var weights = w
            weights[650] = bad
            weights.withUnsafeBufferPointer { w in
                sum.add(rowsOf: a, weights: w.baseAddress!, rows: 0..<600)
                sum.add(rowsOf: a, weights: w.baseAddress!, rows: 600..<n)
            }
            #expect(sum.matrix == nil)
        }
        var misfit = try #require(WeightedGramSum(columns: p))
        w.withUnsafeBufferPointer { misfit.add(rowsOf: a, weights: $0.baseAddress!, rows: (n - 1)..<(n + 1)) }
        #expect(misfit.matrix == nil)
        #expect(Matrix.sumsGramByPieces(columns: p))
        #expect(!Matrix.sumsGramByPieces(columns: 8) && !Matrix.sumsGramByPieces(columns: 129))
        #expect(WeightedGramSum(columns: 8) == nil && WeightedGramSum(columns: 129) == nil)
    }

    /// The row kernels of the Newton passes give, on every vector path this CPU has, the bits of
    /// the plain loops: xᵢ·b added in column order from 0, and g += sᵢxᵢ adding the rows one after
    /// the other (rows counted 0 times skipped); for column counts below, at and past a vector of
    /// 4, row counts that fill groups of 4 and that do not, a range of rows and a list.
    @Test(arguments: [1, 3, 4, 5, 21, 64])
    func rowKernelsAddAsPlainLoops(p: Int) {
        let n = 211
        let x = (0..<(n * p)).map { sin(Double($0) * 0.713) * 3 + Double($0 % 3) }
        let b = (0..<p).map { cos(Double($0) * 1.7) - 0.25 }
        let slopes = (0..<n).map { sin(Double($0) * 0.37) }
        let counts = (0..<n).map { $0 % 7 == 3 ? 0 : 1 + $0 % 2 }
        let list = [0, 2, 3, 5, 8, 9, 10, 11, 40, 41, 77, 130, 131, 132, 200, 210]
        for (rows, start) in [(Array(0..<n), 0), (Array(17..<150), 17), (list, 0), (Array(30..<33), 30)] {
            let first = rows.first ?? 0
            var expectedEta = [Double](repeating: 0, count: n)
            for i in rows {
                var e = 0.0
                for j in 0..<p { e += x[i * p + j] * b[j] }
                expectedEta[i - first] = e
            }
            for withCounts in [false, true] {
                var expectedG = (0..<p).map { Double($0) / 8 }
                let counted = rows.filter { !withCounts || counts[$0] != 0 }
                // four counted rows at a time, each gⱼ adding them in order; the rest one at a time
                var k = 0
                while k + 4 <= counted.count {
                    for j in 0..<p {
                        var v = expectedG[j]
                        for m in 0..<4 { v += slopes[counted[k + m] - first] * x[counted[k + m] * p + j] }
                        expectedG[j] = v
                    }
                    k += 4
                }
                for i in counted[k...] {
                    for j in 0..<p { expectedG[j] += slopes[i - first] * x[i * p + j] }
                }
                for path in 0...VectorPath.widest {
                    let isRange = start != 0 || rows.count == n
                    var eta = [Double](repeating: .nan, count: n)
                    var g = (0..<p).map { Double($0) / 8 }
                    x.withUnsafeBufferPointer { x in
                        rows.withUnsafeBufferPointer { rows in
                            let listed = isRange ? nil : rows.baseAddress
                            RowKernels.linearPredictors(
                                x.baseAddress!, columns: p, b, list: listed, count: rows.count, start: first, first: first, into: &eta,
                                widestPath: path)
                            counts.withUnsafeBufferPointer { counts in
                                slopes.withUnsafeBufferPointer { slopes in
                                    RowKernels.addRows(
                                        x.baseAddress!, columns: p, slopes: slopes.baseAddress!, counts: withCounts ? counts.baseAddress : nil,
                                        list: listed, count: rows.count, start: first, first: first, into: &g, widestPath: path)
                                }
                            }
                        }
                    }
                    for i in rows { #expect(eta[i - first].bitPattern == expectedEta[i - first].bitPattern, "p \(p) path \(path) row \(i)") }
                    #expect(g.map(\.bitPattern) == expectedG.map(\.bitPattern), "p \(p) path \(path) counts \(withCounts) rows \(rows.count)")
                }
            }
        }
    }

    /// Each class's lowest and highest value, on every vector path the CPU has: lengths that fill
    /// whole vectors and that do not, a class without rows (±∞), a target other than 0 or 1
    /// counted with class 0, as a plain loop counts them.
    @Test(arguments: [0, 1, 3, 4, 7, 8, 9, 16, 37, 1000])
    func classRangesAreAPlainLoopsMinimaAndMaxima(n: Int) {
        let x = (0..<n).map { sin(Double($0) * 0.713) * 3 + Double($0 % 3) }
        for target in [(0..<n).map { Double(($0 * 7) % 3 == 0 ? 1 : 0) }, [Double](repeating: 1, count: n), (0..<n).map { Double($0 % 4) }] {
            var expected: [Double] = [.infinity, -.infinity, .infinity, -.infinity]
            for i in 0..<n {
                let k = target[i] == 1 ? 2 : 0
                expected[k] = min(expected[k], x[i])
                expected[k + 1] = max(expected[k + 1], x[i])
            }
            for path in 0...VectorPath.widest {
                let r = RowKernels.classRanges(x + [0], target + [0], count: n, widestPath: path)
                #expect([r.low0, r.high0, r.low1, r.high1] == expected, "n \(n) path \(path)")
            }
        }
    }

    /// A block of the standardised design from columns, on every vector path the CPU has: each
    /// entry (x − m)/s of a plain loop (divisors of 1 included), after a leading 1 or not, for
    /// counts that fill whole vectors and tiles and that do not, and columns that fill whole
    /// groups of 8 and of 4 and that do not (13: 8 + 4 + 1; 20: 8 + 8 + 4; 7: 4 + 3).
    @Test(arguments: [1, 3, 4, 33, 70], [5, 7, 13, 20])
    func standardizedRowsAreAPlainLoopsEntries(count: Int, features: Int) {
        let n = 100
        let columns = (0..<features).map { j in (0..<n).map { sin(Double($0 * (j + 2)) * 0.713) * 3 + Double(j) } }
        let centre = (0..<features).map { [0.5, -1.25, 3, 0.1, 7][$0 % 5] + Double($0 / 5) }
        let divisors = (0..<features).map { [1, 0.3, 1, 2.5, 1e-3][$0 % 5] }
        let start = n - count
        for leadingOne in [false, true] {
            let width = features + (leadingOne ? 1 : 0)
            var expected: [Double] = []
            for i in start..<n {
                if leadingOne { expected.append(1) }
                for j in 0..<features { expected.append((columns[j][i] - centre[j]) / divisors[j]) }
            }
            // each row's predictor: its entries times b added in column order from 0
            let b = (0..<width).map { cos(Double($0) * 1.7) - 0.25 }
            let expectedEta = (0..<count).map { r in (0..<width).reduce(0.0) { $0 + expected[r * width + $1] * b[$1] } }
            for path in 0...VectorPath.widest {
                var out = [Double](repeating: .nan, count: count * width)
                var eta = [Double](repeating: .nan, count: count)
                let bases = columns.map { $0.withUnsafeBufferPointer { $0.baseAddress! } }
                RowKernels.standardizedRows(
                    bases, centre: centre, divisors: divisors, leadingOne: leadingOne, start: start, count: count, into: &out, widestPath: path)
                #expect(out.map(\.bitPattern) == expected.map(\.bitPattern), "count \(count) leading \(leadingOne) path \(path)")
                out = [Double](repeating: .nan, count: count * width)
                b.withUnsafeBufferPointer { b in
                    eta.withUnsafeMutableBufferPointer { eta in
                        RowKernels.standardizedRows(
                            bases, centre: centre, divisors: divisors, leadingOne: leadingOne, start: start, count: count, into: &out,
                            predictors: (b.baseAddress!, eta.baseAddress!), widestPath: path)
                    }
                }
                #expect(out.map(\.bitPattern) == expected.map(\.bitPattern))
                #expect(eta.map(\.bitPattern) == expectedEta.map(\.bitPattern), "count \(count) leading \(leadingOne) path \(path)")
            }
        }
    }

    /// The vector product kernel gives, on every vector path the CPU has and however its rows are
    /// split between threads, the bits of a loop that adds aᵢₖbₖⱼ in the order of k: for inner
    /// sizes within one block of 256 and over several, column counts that fill whole panels of 8
    /// and that do not, row counts that fill whole tiles and that do not.
    @Test(arguments: [(37, 5, 8), (203, 100, 100), (61, 300, 13), (16, 1, 21), (1, 520, 9)])
    func vectorProductAddsAsAPlainLoop(n: Int, p: Int, m: Int) throws {
        let a = try Matrix(rows: n, columns: p, values: (0..<(n * p)).map { sin(Double($0) * 0.713) * 3 + Double($0 % 3) })
        let b = try Matrix(rows: p, columns: m, values: (0..<(p * m)).map { cos(Double($0) * 0.291) - Double($0 % 7) / 5 })
        /// x · y by a loop that adds the products in the order of the inner index
        func plainProduct(_ x: Matrix, _ y: Matrix) -> [Double] {
            var result = [Double](repeating: 0, count: x.rows * y.columns)
            for i in 0..<x.rows {
                for j in 0..<y.columns {
                    var sum = 0.0
                    for k in 0..<x.columns { sum += x[i, k] * y[k, j] }
                    result[i * y.columns + j] = sum
                }
            }
            return result
        }
        let expected = plainProduct(a, b)
        // aᵀa and (aᵀ)ᵀb read the transposes in place: xᵢⱼxᵢₖ added row after row
        let aTransposed = a.transposed
        let gram = plainProduct(aTransposed, a)
        for path in 0...VectorPath.widest {
            for threads in [1, 2, 3] {
                let product = try a.vectorProduct(b, widestPath: path, threads: threads)
                #expect(product.values == expected, "\(n) × \(p) × \(m), path \(path), \(threads) threads")
                let viaTranspose = try aTransposed.vectorTransposeProduct(b, widestPath: path, threads: threads)
                #expect(viaTranspose.values == expected, "transposed, path \(path), \(threads) threads")
                #expect(a.vectorGram(widestPath: path, threads: threads).values == gram, "Gram, path \(path), \(threads) threads")
            }
        }
        // b packed once, a's rows in blocks of 7 (a whole tile on no path) written one block at a time
        let packed = PackedRightFactor(b)
        for path in 0...VectorPath.widest {
            var blocks = [Double](repeating: .nan, count: n * m)
            a.values.withUnsafeBufferPointer { a in
                blocks.withUnsafeMutableBufferPointer { c in
                    for first in stride(from: 0, to: n, by: 7) {
                        packed.product(
                            of: a.baseAddress! + first * p, rowStride: p, rows: min(7, n - first), into: c.baseAddress! + first * m,
                            widestPath: path)
                    }
                }
            }
            #expect(blocks.map(\.bitPattern) == expected.map(\.bitPattern), "packed, blocks of 7 rows, path \(path)")
        }
        // no inner index: every entry an empty sum
        var empty = [Double](repeating: .nan, count: 3 * m)
        empty.withUnsafeMutableBufferPointer { c in
            PackedRightFactor(Matrix(rows: 0, columns: m)).product(of: c.baseAddress!, rowStride: 0, rows: 3, into: c.baseAddress!)
        }
        #expect(empty == [Double](repeating: 0, count: 3 * m))
        // through BLAS or the kernel, whichever this machine takes: the same product to rounding
        let product = try a.multiplied(by: b)
        let scale = expected.map(abs).max() ?? 1
        #expect(zip(product.values, expected).allSatisfy { abs($0 - $1) <= 1e-12 * Double(p) * scale })
        #expect(throws: GSLError.self) { try a.vectorProduct(try Matrix(rows: p + 1, columns: m, values: [Double](repeating: 1, count: (p + 1) * m))) }
    }

    @Test func emptyAndNonFiniteMatricesAreErrorsNotCrashes() throws {
        #expect(throws: GSLError.self) { try CholeskyDecomposition(Matrix(rows: 0, columns: 0)) }
        #expect(throws: GSLError.self) { try SingularValueDecomposition(Matrix(rows: 0, columns: 3)) }
        #expect(throws: GSLError.self) { try LUDecomposition(try Matrix(rowArrays: [[1, .nan], [0, 1]])) }
        #expect(throws: GSLError.self) { try Matrix(rows: 2, columns: 2, values: [1, 2, 3]) }
    }
}

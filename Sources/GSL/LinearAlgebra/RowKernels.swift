import CGSL

/// The row passes of the regressions' Newton steps, on a row-major matrix with `columns`
/// columns, as vector kernels of the shim (the widest path the CPU offers, the same bytes on
/// every path): the rows are `list[0..<count]` when a list is given, else `start..<start + count`;
/// results and per-row inputs are indexed from row `first`.
package enum RowKernels {
    /// eta[i − first] = xᵢ·b for each row i, each row's products added in column order from 0 with
    /// no fused multiply-add (the bits of a plain loop over one row), four rows at a time.
    package static func linearPredictors(
        _ x: UnsafePointer<Double>, columns: Int, _ b: UnsafePointer<Double>, list: UnsafePointer<Int>?, count: Int, start: Int, first: Int,
        into eta: UnsafeMutablePointer<Double>, widestPath: Int = -1
    ) {
        cgsl_linear_predictors(x, columns, b, list, count, start, first, eta, Int32(widestPath))
    }

    /// g += Σ slopes[i − first]·xᵢ over the rows not counted 0 times (`counts[i]`, every row when
    /// nil), each entry of g adding the rows one after the other (the bits of a plain loop over
    /// the rows), four rows at a time.
    package static func addRows(
        _ x: UnsafePointer<Double>, columns: Int, slopes: UnsafePointer<Double>, counts: UnsafePointer<Int>?, list: UnsafePointer<Int>?,
        count: Int, start: Int, first: Int, into g: UnsafeMutablePointer<Double>, widestPath: Int = -1
    ) {
        cgsl_add_rows(x, columns, slopes, counts, list, count, start, first, g, Int32(widestPath))
    }

    /// The lowest and highest of `x[0..<count]` over the rows where y ≠ 1 (class 0), then where
    /// y = 1 (class 1): +∞ and −∞ for a class without rows. For NaN-free x; eight rows at a time.
    package static func classRanges(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, count: Int, widestPath: Int = -1)
        -> (low0: Double, high0: Double, low1: Double, high1: Double)
    {
        var ranges = (0.0, 0.0, 0.0, 0.0)
        withUnsafeMutableBytes(of: &ranges) {
            cgsl_class_ranges(x, y, count, $0.baseAddress!.assumingMemoryBound(to: Double.self), Int32(widestPath))
        }
        return ranges
    }

    /// Rows `start..<start + count` of the design whose entry (i, j) is
    /// (`columns[j][i]` − `centre[j]`) / `divisors[j]`, after a leading 1 when `leadingOne`,
    /// row-major into `out`: each entry the one subtraction and division of a plain loop. With
    /// `predictors` (coefficients `b`, one an entry of a row, and `count` places), each row's
    /// zᵢ·b too, with the bits of ``linearPredictors(_:columns:_:list:count:start:first:into:widestPath:)``.
    package static func standardizedRows(
        _ columns: [UnsafePointer<Double>], centre: [Double], divisors: [Double], leadingOne: Bool, start: Int, count: Int,
        into out: UnsafeMutablePointer<Double>, predictors: (b: UnsafePointer<Double>, into: UnsafeMutablePointer<Double>)? = nil,
        widestPath: Int = -1
    ) {
        precondition(centre.count == columns.count && divisors.count == columns.count)
        columns.withUnsafeBufferPointer { columns in
            cgsl_standardized_rows(
                UnsafeRawPointer(columns.baseAddress).map { $0.assumingMemoryBound(to: UnsafePointer<Double>?.self) }, columns.count, centre,
                divisors, leadingOne ? 1 : 0, start, count, out, predictors?.b, predictors?.into, Int32(widestPath))
        }
    }
}

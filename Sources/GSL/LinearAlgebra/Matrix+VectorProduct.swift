import CGSL
import Foundation

extension Matrix {
    /// Whether products (8 or more columns on the right), transposed products and Gram matrices
    /// of more than 64 columns take the shim's vector kernel (`cgsl_matrix_product`) rather than
    /// BLAS, and matrix–vector products a plain loop: when the BLAS runs generic kernels on this
    /// CPU (OpenBLAS falls back to its Prescott kernels, SSE2 without fused multiply-adds, on a
    /// CPU it does not know), which the kernel's AVX-512 and AVX2 paths outrun several times.
    /// Fixed for the process, so the same inputs give the same bytes.
    public static let productUsesVectorKernel = cgsl_blas_kernels_are_generic() != 0 && VectorPath.widest > 0

    /// The kernel set OpenBLAS runs on this CPU, as it names it ("Cooperlake", "Haswell",
    /// "Prescott"; `OPENBLAS_CORETYPE` chooses another), or nil when it does not say.
    public static let blasCoreName: String? = cgsl_blas_core_name().map { String(cString: $0) }

    /// `self · other` by the shim's vector kernel (`cgsl_matrix_product`): each entry adds the
    /// products in the order of the inner index, one at a time and without a fused multiply-add,
    /// so the bits of a plain loop on every vector path (`widestPath` caps it, for the tests that
    /// compare them; −1 takes the widest the CPU offers) and however the rows are split between
    /// threads (`threads`, default every core, when the product is large).
    func vectorProduct(_ other: Matrix, widestPath: Int = -1, threads: Int? = nil) throws(GSLError) -> Matrix {
        guard columns == other.rows else {
            throw .invalidArgument("matrix product: \(rows) × \(columns) times \(other.rows) × \(other.columns)")
        }
        return kernelProduct(of: other, rows: rows, inner: columns, strides: (columns, 1), upper: false, widestPath: widestPath, threads: threads)
    }

    /// `selfᵀ · other` by the same kernel, the transpose read in place (not copied).
    func vectorTransposeProduct(_ other: Matrix, widestPath: Int = -1, threads: Int? = nil) throws(GSLError) -> Matrix {
        guard rows == other.rows else {
            throw .invalidArgument("transposed product: (\(rows) × \(columns))ᵀ times \(other.rows) × \(other.columns)")
        }
        return kernelProduct(of: other, rows: columns, inner: rows, strides: (1, columns), upper: false, widestPath: widestPath, threads: threads)
    }

    /// `selfᵀ · self` by the same kernel (the transpose read in place, not copied): only the
    /// blocks of 8 columns at or above the diagonal are formed, then mirrored. Each entry adds
    /// xᵢⱼxᵢₖ row after row: the bits of a plain loop, and an exactly symmetric result.
    func vectorGram(widestPath: Int = -1, threads: Int? = nil) -> Matrix {
        var result = kernelProduct(of: self, rows: columns, inner: rows, strides: (1, columns), upper: true, widestPath: widestPath, threads: threads)
        let p = columns
        result.storage.withUnsafeMutableBufferPointer { c in
            for i in 0..<p {
                for j in 0..<i { c[i * p + j] = c[j * p + i] }
            }
        }
        return result
    }

    /// C = A · other, with A `rows` × `inner` read from this matrix's storage at `strides` (a row,
    /// an inner index); rows of C in blocks of 16 (a whole number of tiles) shared by the threads.
    private func kernelProduct(
        of other: Matrix, rows n: Int, inner p: Int, strides: (row: Int, inner: Int), upper: Bool, widestPath: Int, threads: Int?
    ) -> Matrix {
        let m = other.columns
        var result = Matrix(rows: n, columns: m)
        guard n > 0, p > 0, m > 0 else { return result }
        var packed = [Double](repeating: 0, count: p * 8 * ((m + 7) / 8))
        other.storage.withUnsafeBufferPointer { b in
            packed.withUnsafeMutableBufferPointer { cgsl_pack_product_panels(b.baseAddress, p, m, $0.baseAddress) }
        }
        // blocks of whole tiles, four a thread (so that the uneven blocks of `upper` even out),
        // each of at least 2¹⁸ multiply–adds; one block below that
        let cores = threads ?? Parallelism.threads
        let tiles = (n + 15) / 16
        let blocks = max(1, min(4 * cores, tiles, (n * p * m) >> 18))
        storage.withUnsafeBufferPointer { a in
            packed.withUnsafeBufferPointer { panels in
                result.storage.withUnsafeMutableBufferPointer { c in
                    let pointers = ProductPointers(a: a.baseAddress!, panels: panels.baseAddress!, c: c.baseAddress!)
                    let run: @Sendable (Int) -> Void = { k in
                        let (first, last) = (min(n, 16 * (tiles * k / blocks)), min(n, 16 * (tiles * (k + 1) / blocks)))
                        guard last > first else { return }
                        // the arguments are checked above, so the kernel cannot fail
                        _ = cgsl_matrix_product(
                            pointers.a, strides.row, strides.inner, p, pointers.panels, m, pointers.c, first, last - first,
                            upper ? 1 : 0, Int32(widestPath))
                    }
                    Parallelism.perform(iterations: blocks, run)
                }
            }
        }
        return result
    }
}

/// The buffers of one product, shared by its threads: each writes its own rows of `c` alone.
private struct ProductPointers: @unchecked Sendable {
    let a: UnsafePointer<Double>
    let panels: UnsafePointer<Double>
    let c: UnsafeMutablePointer<Double>
}

/// A right factor `b` (p × m) packed once for the shim's vector kernel, for the products of many
/// blocks of rows with it (``product(of:rowStride:rows:into:widestPath:)``), as a solver that
/// streams a tall matrix through a few small products in cache forms them. Each entry has the
/// bits of a plain loop over the inner index, on every vector path and whatever the blocks.
package struct PackedRightFactor: Sendable {
    /// p, the rows of `b`.
    package let inner: Int
    /// m, the columns of `b` (and of each product).
    package let columns: Int
    private let panels: [Double]

    /// `b` packed in panels of 8 columns (`cgsl_pack_product_panels`).
    package init(_ b: Matrix) {
        let (p, m) = (b.rows, b.columns)
        var panels = [Double](repeating: 0, count: p * 8 * ((m + 7) / 8))
        b.storage.withUnsafeBufferPointer { b in
            panels.withUnsafeMutableBufferPointer { cgsl_pack_product_panels(b.baseAddress, p, m, $0.baseAddress) }
        }
        (inner, columns, self.panels) = (p, m, panels)
    }

    /// c[i · m + j] = Σₖ a[i · `rowStride` + k] b[k, j] for the `rows` rows i of `a` (p values
    /// each), into `c` (`rows` × m, row-major), on the caller's thread.
    package func product(
        of a: UnsafePointer<Double>, rowStride: Int, rows: Int, into c: UnsafeMutablePointer<Double>, widestPath: Int = -1
    ) {
        guard rows > 0, columns > 0 else { return }
        guard inner > 0 else {
            c.update(repeating: 0, count: rows * columns)  // an empty sum
            return
        }
        panels.withUnsafeBufferPointer { panels in
            // the arguments are checked above, so the kernel cannot fail
            _ = cgsl_matrix_product(a, rowStride, 1, inner, panels.baseAddress, columns, c, 0, rows, 0, Int32(widestPath))
        }
    }
}

import CGSL

/// The vector paths of the shim's kernels (the bootstrap of sums, the weighted Gram matrix): the
/// widest that this CPU and its operating system offer is taken at run time.
///
/// Every path gives the same bytes: the kernels work lane by lane in integers, or add in a fixed
/// order without fused multiply-adds. Tests compare the paths by capping them.
public enum VectorPath {
    /// 2 for AVX-512, 1 for AVX2, 0 for plain vectors (SSE2 on x86-64, NEON elsewhere).
    public static var widest: Int { Int(cgsl_vector_path_widest()) }
}

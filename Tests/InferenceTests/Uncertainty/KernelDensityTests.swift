import Foundation
import Inference
import Testing

/// The chains' density in the sample figure: a Gaussian kernel estimate with Silverman's
/// bandwidth, against the same formula in numpy (numpy.quantile's linear interpolation,
/// sd with divisor n − 1), and a density: its integral is 1.
@Suite struct KernelDensityTests {
    @Test func silvermansBandwidthAndAUnitIntegral() throws {
        let kernel = try #require(KernelDensity([4, 0, 2, 1]))
        // Tests/References/kernel_density.py: h = 0.9 · min(sd, IQR/1.34) · 4^(−1/5), f̂(1.5)
        #expect(abs(kernel.bandwidth - 0.890766265766372) < 1e-14)
        #expect(abs(kernel.density(at: 1.5) - 0.22059636138194133) < 1e-14)
        let grid = (0...4000).map { -10 + 24 * Double($0) / 4000 }
        let area = zip(grid.dropFirst(), grid).reduce(0) { $0 + (kernel.density(at: $1.0) + kernel.density(at: $1.1)) / 2 * ($1.0 - $1.1) }
        #expect(abs(area - 1) < 1e-6)
        // draws that do not spread still give a density, and no finite draw gives none
        #expect(try #require(KernelDensity([2, 2, 2])).bandwidth > 0)
        #expect(KernelDensity([.nan]) == nil)
    }
}

import Foundation
@testable import GSL
import Testing

/// OpenBLAS names the kernel set it runs (its function is linked from the static archive), and
/// products take the shim's vector kernel exactly where that set is a generic one. Rerun under
/// `OPENBLAS_CORETYPE=Prescott` by `Tests/verdicts-under-coretypes.sh`.
@Suite struct BLASKernelTests {
    @Test func theBLASNamesItsKernelsAndGenericOnesHandProductsToTheVectorKernel() throws {
        let name = try #require(Matrix.blasCoreName, "openblas_get_corename is not linked")
        #expect(!name.isEmpty)
        if let forced = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] {
            #expect(name.lowercased() == forced.lowercased())
        }
        switch name.lowercased() {
        case "prescott", "core2", "nehalem":
            #expect(Matrix.productUsesVectorKernel == (VectorPath.widest > 0))
        case "haswell", "zen", "skylakex", "cooperlake", "sandybridge", "sapphirerapids":
            #expect(!Matrix.productUsesVectorKernel)
        default:
            break
        }
    }
}

import Foundation
@testable import Inference
import Testing

/// A long sample's centred sums go a block at a time on all cores: the same bits as the blocks
/// taken one after the other (so the same on any number of threads), each block summed in eight
/// running sums added pairwise, then its last few terms.
@Suite struct SampleTests {
    /// Σ f(xᵢ) as `centredSums` promises for one block.
    private func laneSum(_ x: ArraySlice<Double>, _ f: (Double) -> Double) -> Double {
        var lanes = [Double](repeating: 0, count: 8)
        let whole = x.count / 8 * 8
        for (offset, value) in x.prefix(whole).enumerated() { lanes[offset % 8] += f(value) }
        let tail = x.dropFirst(whole).reduce(0) { $0 + f($1) }
        let quads = (0..<4).map { lanes[$0] + lanes[$0 + 4] }
        return ((quads[0] + quads[2]) + (quads[1] + quads[3])) + tail
    }

    @Test func longSamplesAreSummedByBlocksInOrder() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for count in [3, 1000, 1003, Sample.parallelCount - 1, Sample.parallelCount + 12_345] {
            let values = (0..<count).map { _ -> Double in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return Double(Int64(bitPattern: state >> 11)) * 0x1p-40 + 1e6
            }
            let centre = 1e6 + 0.37
            let blocks = count < Sample.parallelCount ? [0..<count] : stride(from: 0, to: count, by: Sample.block).map { $0..<min(count, $0 + Sample.block) }
            let deviations = blocks.map { laneSum(values[$0]) { $0 - centre } }.reduce(0, +)
            let squares = blocks.map { laneSum(values[$0]) { ($0 - centre) * ($0 - centre) } }.reduce(0, +)
            let sums = Sample(values).centredSums(about: centre)
            #expect(sums.deviations == deviations, "\(count) values")
            #expect(sums.squares == squares, "\(count) values")
            let plain = values.reduce(0) { $0 + ($1 - centre) * ($1 - centre) }
            #expect(abs(sums.squares - plain) <= 1e-10 * plain, "\(count) values")
        }
    }
}

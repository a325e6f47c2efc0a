import Foundation
@testable import GSL
import Testing

@Suite struct RandomGeneratorTests {
    @Test func sameSeedAndStreamGiveTheSameNumbers() throws {
        let a = try RandomGenerator(seed: 42, stream: 7)
        let b = try RandomGenerator(seed: 42, stream: 7)
        let first = (0..<100).map { _ in a.next() }
        let second = (0..<100).map { _ in b.next() }
        #expect(first == second)
    }

    /// MT19937 and taus2 (the bootstrap's) are seeded with whole states from the stream key: the
    /// same seed and stream repeat, every other pair starts elsewhere.
    @Test(arguments: [RandomGenerator.Algorithm.mt19937, .taus2])
    func streamsAndSeedsDiffer(_ algorithm: RandomGenerator.Algorithm) throws {
        var firstDraws = Set<UInt64>()
        for seed: UInt64 in [0, 1, 2] {
            for stream: UInt64 in 0..<50 {
                firstDraws.insert(try RandomGenerator(seed: seed, stream: stream, algorithm: algorithm).next())
            }
        }
        #expect(firstDraws.count == 150)
        let a = try RandomGenerator(seed: 9, stream: 4, algorithm: algorithm)
        let b = try RandomGenerator(seed: 9, stream: 4, algorithm: algorithm)
        #expect((0..<50).map { _ in a.next() } == (0..<50).map { _ in b.next() })
    }

    @Test func streamKeysAreDistinctAcrossManyStreams() {
        let keys = Set((0..<100_000).map { RandomGenerator.streamKey(seed: 1, stream: UInt64($0)) })
        #expect(keys.count == 100_000)
    }

    /// The MT19937 stream is the published one once seeded through the full-state path: check
    /// the generator's statistics instead — the mean of 200,000 uniforms is ½ within 5 standard
    /// errors (se = √(1/12 / n) ≈ 6.5e-4).
    @Test(arguments: RandomGenerator.Algorithm.allCases)
    func uniformsHaveTheRightMean(algorithm: RandomGenerator.Algorithm) throws {
        let generator = try RandomGenerator(seed: 2026, stream: 3, algorithm: algorithm)
        let n = 200_000
        let mean = (0..<n).reduce(0.0) { sum, _ in sum + generator.uniform() } / Double(n)
        #expect(abs(mean - 0.5) < 5 * (1.0 / 12 / Double(n)).squareRoot())
    }

    @Test func indexBelowIsInRangeAndUniform() throws {
        let generator = try RandomGenerator(seed: 5)
        var counts = [Int](repeating: 0, count: 7)
        let n = 70_000
        for _ in 0..<n { counts[generator.index(below: 7)] += 1 }
        // each count ~ Binomial(n, 1/7): sd ≈ 92.6; allow 5 sd
        for count in counts { #expect(abs(Double(count) - Double(n) / 7) < 5 * 92.6) }
        #expect(generator.index(below: 1) == 0)
        #expect(generator.index(below: 0) == 0)
    }

    /// Lemire's multiply-and-reject: in range and uniform for a small n; for an n just above 2³¹,
    /// where about half of the 32-bit outputs are rejected, in range with the halves equally
    /// often (so the rejection loop does not skew the draws).
    @Test(arguments: RandomGenerator.Algorithm.allCases)
    func fillIndicesIsInRangeAndUniform(_ algorithm: RandomGenerator.Algorithm) throws {
        let generator = try RandomGenerator(seed: 6, algorithm: algorithm)
        var buffer = [Int](repeating: -1, count: 70_000)
        buffer.withUnsafeMutableBufferPointer { generator.fillIndices($0, below: 7) }
        var counts = [Int](repeating: 0, count: 7)
        for index in buffer { counts[index] += 1 }
        for count in counts { #expect(abs(Double(count) - 10_000) < 5 * 92.6, "\(counts)") }
        let large = (1 << 31) + 12_345
        buffer.withUnsafeMutableBufferPointer { generator.fillIndices($0, below: large) }
        #expect(buffer.allSatisfy { $0 >= 0 && $0 < large })
        let lower = buffer.filter { $0 < large / 2 }.count
        // Binomial(70,000, 1/2): sd ≈ 132
        #expect(abs(Double(lower) - 35_000) < 5 * 132, "\(lower)")
        buffer.withUnsafeMutableBufferPointer { generator.fillIndices($0, below: 1) }
        #expect(buffer.allSatisfy { $0 == 0 })
    }

    @Test func conformsToRandomNumberGenerator() throws {
        var generator = try RandomGenerator(seed: 9)
        let values = (0..<1000).map { _ in Int.random(in: 0..<10, using: &generator) }
        #expect(values.allSatisfy { (0..<10).contains($0) })
        #expect(Set(values).count == 10)
    }

    /// taus2's inlined recurrence in the shim draws exactly what `gsl_rng_get` draws: the same
    /// indices for small, odd, power-of-two and 2³² − 1 ranges, in several calls of one stream.
    @Test func taus2sInlinedIndicesAreGSLs() throws {
        for range in [2, 3, 7, 1000, 1 << 20, 3_000_000_001, 4_294_967_295] {
            let inlined = try RandomGenerator(seed: 42, stream: 9, algorithm: .taus2)
            let called = try RandomGenerator(seed: 42, stream: 9, algorithm: .taus2)
            for length in [1, 17, 1000] {
                var a = [Int](repeating: -1, count: length), b = a
                a.withUnsafeMutableBufferPointer { inlined.fillIndices($0, below: range) }
                b.withUnsafeMutableBufferPointer { called.fillIndicesThroughGSL($0, below: range) }
                #expect(a == b, "range \(range), length \(length)")
            }
            #expect(inlined.index(below: 1 << 30) == called.index(below: 1 << 30))  // the states agree after
        }
    }

    /// The bootstrap of sums draws, lane by lane, the rows `fillIndices` draws on each replicate's
    /// own stream, and adds them in the order drawn: the same bytes, on every vector path this CPU
    /// has, for one and two statistics a row, partial groups of lanes, a range with no rejection
    /// (a power of two), one row, and a million rows (where 2³² mod n makes rejections frequent
    /// enough, about 2 in 10⁴ draws, that every lane meets some).
    @Test func bootstrapSumsAddTheRowsFillIndicesDraws() throws {
        for (rows, dimension, streams) in [(1000, 1, 5..<26), (1024, 2, 0..<9), (1, 1, 3..<4), (37, 3, 0..<17), (1_000_000, 1, 40..<57)] {
            let statistics = (0..<rows * dimension).map { Double(($0 * 7919) % 1009) * 0.25 - 40 }
            var expected: [Double] = []
            var indices = [Int](repeating: 0, count: rows)
            for k in streams {
                let generator = try RandomGenerator(seed: 77, stream: UInt64(k), algorithm: .taus2)
                indices.withUnsafeMutableBufferPointer { generator.fillIndices($0, below: rows) }
                for j in 0..<dimension { expected.append(indices.reduce(0.0) { $0 + statistics[$1 * dimension + j] }) }
            }
            // expected is replicate by replicate, j fastest: the layout of the sums
            for path in 0...VectorPath.widest {
                var sums = [Double](repeating: .nan, count: streams.count * dimension)
                try statistics.withUnsafeBufferPointer { t in
                    try sums.withUnsafeMutableBufferPointer {
                        try RandomGenerator.taus2BootstrapSums(
                            seed: 77, streams: streams, statistics: t, rowCount: rows, dimension: dimension, into: $0, widestPath: path)
                    }
                }
                #expect(sums == expected, "rows \(rows), d = \(dimension), path \(path)")
            }
        }
        var out = [0.0]
        #expect(throws: GSLError.self) {
            try [1.0, 2.0].withUnsafeBufferPointer { t in
                try out.withUnsafeMutableBufferPointer {
                    try RandomGenerator.taus2BootstrapSums(seed: 1, streams: 0..<1, statistics: t, rowCount: 3, dimension: 1, into: $0)
                }
            }
        }
    }
}

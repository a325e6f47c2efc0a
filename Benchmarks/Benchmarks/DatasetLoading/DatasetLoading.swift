import Benchmark
import Foundation
import Inference

/// A one-column CSV of `rows` rows (header `x`, values with 17 significant digits like Python's
/// `repr` of normal draws), written once into the temporary directory and reused afterwards.
private func fixture(rows: Int) -> String {
    let path = FileManager.default.temporaryDirectory
        .appendingPathComponent("inference-bench-\(rows)-rows.csv").path
    if FileManager.default.fileExists(atPath: path) { return path }
    var generator = SplitMix64(seed: 20_240_601)
    var text = "x\n"
    text.reserveCapacity(rows * 21 + 2)
    for _ in 0..<rows {
        // Box–Muller: a standard normal draw.
        let u1 = max(Double(generator.next() >> 11) * 0x1p-53, .leastNonzeroMagnitude)
        let u2 = Double(generator.next() >> 11) * 0x1p-53
        let z = (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
        text += "\(z)\n"  // Swift's description is the shortest round-trip form, as Python's repr.
    }
    let temporary = path + ".\(getpid()).tmp"
    guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8)),
        rename(temporary, path) == 0
    else { fatalError("cannot write the fixture \(path)") }
    return path
}

private struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

let benchmarks: @Sendable () -> Void = {
    let rows = 1_000_000
    let path = fixture(rows: rows)

    Benchmark(
        "Dataset.load 1M rows x 1 column",
        configuration: .init(
            metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident, .throughput],
            timeUnits: .milliseconds,
            warmupIterations: 1,
            scalingFactor: .one,
            maxDuration: .seconds(20),
            maxIterations: 20
        )
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            let dataset = try Dataset.load(path: path)
            precondition(dataset.rowCount == rows)
            blackHole(dataset)
        }
    }
}

// swift-tools-version:6.1
import PackageDescription

// Benchmarks for the Inference package, kept in their own package so the main package does
// not depend on package-benchmark. Run from this directory:
//
//     swift package --scratch-path .build benchmark
//
let package = Package(
    name: "InferenceBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "DatasetLoading",
            dependencies: [
                .product(name: "Inference", package: "main"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/DatasetLoading",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)

// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Inference",
    products: [
        .library(name: "Inference", targets: ["Inference"]),
        .library(name: "GSL", targets: ["GSL"]),
        .executable(name: "infer", targets: ["infer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CGSL",
            providers: [.apt(["libgsl-dev", "libopenblas-dev"])]
        ),
        .target(name: "GSL", dependencies: ["CGSL"]),
        .target(name: "Inference", dependencies: ["GSL"]),
        .target(
            name: "InferCLI",
            dependencies: [
                "Inference",
                "GSL",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            exclude: ["Resources"]
        ),
        .executableTarget(name: "infer", dependencies: ["InferCLI"]),
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "GSLTests", dependencies: ["GSL", "TestSupport"]),
        .testTarget(name: "InferenceTests", dependencies: ["Inference", "TestSupport"]),
        .testTarget(name: "InferCLITests", dependencies: ["InferCLI", "Inference", "TestSupport"]),
    ]
)

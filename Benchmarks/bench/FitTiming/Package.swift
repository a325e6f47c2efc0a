// swift-tools-version:6.1
// In-process timing of the regression fits behind `infer fit`, for Benchmarks/bench/regression.py:
// the time of Dataset.load, of RegressionData, and of Regression.fit (+ standard errors) alone,
// without process start-up. A separate package so the main one gains no target.
import PackageDescription

let package = Package(
    name: "FitTiming",
    dependencies: [.package(name: "Inference", path: "../../..")],
    targets: [
        .executableTarget(
            name: "fit-timing",
            dependencies: [.product(name: "Inference", package: "Inference")]
        ),
    ]
)

import Foundation
import Inference
import Testing
import TestSupport

/// The Swift of Docs/GettingStarted.md and of the API reference's landing page
/// (Sources/Inference/Inference.docc/Inference.md) is this file's `gettingStarted()`, compiled and
/// run by the suite: the test fails if either code block and the function's body differ.
@Suite struct GettingStartedTests {
    // BEGIN getting-started
    func gettingStarted() throws {
        // a sample, and the MLE of a gamma model with Wald standard errors
        let dataset = try Dataset.load(path: "Tests/References/fit/gamma.csv")
        let sample = Sample(try dataset.column(named: dataset.columnNames[0]), name: "x")
        let fit = try MaximumLikelihood(model: GammaModel()).fit(sample)
        print(fit.parameterNames, fit.estimates, fit.standardErrors)

        // a BCa interval of the mean: replicate k uses stream k of the seed, on any thread count
        let plan = try BootstrapPlan(resamples: 9999, seed: 1, threads: 4)
        let replicates = try Bootstrap.statistic(.mean, columns: [sample.values], plan: plan)
        let accelerations = try Bootstrap.accelerations(.mean, columns: [sample.values], seed: 1)
        let bca = try replicates.summaries(method: .bca, level: 0.95, accelerations: accelerations)[0]
        print(bca.estimate, bca.lower, bca.upper)

        // the λ of a lasso by 10-fold cross-validation, and the fit there
        let data = try RegressionData(
            try Dataset.load(path: "Tests/References/selection/linear.csv"), target: "y", features: (1...8).map { "x\($0)" })
        let model = LinearRegressionModel(featureNames: data.featureNames)
        let grid = try LambdaGrid.values(count: 50, model: model, data: data, shape: .laplace)
        let folds = try FoldPlan.random(rows: data.rowCount, folds: 10, seed: 1)
        let tuning = try Tuning(model: model, shape: .laplace, method: .cv, lambdas: grid, folds: folds)
        let result = try tuning.run(data)
        print(result.selected, result.fit.parameterNames, result.fit.estimates)
    }
    // END getting-started

    @Test func theGuidesCodeIsThisFunction() throws {
        let function = try #require(try GuideCode.block("getting-started", in: #filePath))
        let block = "```swift\nimport Inference\n\n" + function + "```"
        for page in ["Docs/GettingStarted.md", "Sources/Inference/Inference.docc/Inference.md"] {
            #expect(try GuideCode.page(page).contains(block), "\(page) does not hold the code of gettingStarted()")
        }
    }

    /// Run from the package's root, as `swift test` is (the guide's paths are relative to it).
    @Test func theGuidesCodeRuns() throws {
        let saved = FileManager.default.currentDirectoryPath
        guard FileManager.default.fileExists(atPath: "Tests/References/fit/gamma.csv") else {
            Issue.record("run the tests from the package's root (the guide's paths are relative to it), not from \(saved)")
            return
        }
        try gettingStarted()
    }
}

import Foundation
import Inference
import Testing
import TestSupport

/// The Swift part of Docs/YourOwnData.md and the DocC article "Your own data": a table with text
/// columns and missing cells, a formula, a fit, predictions on held-out rows. The pages hold this
/// function's body verbatim; its numbers are statsmodels' (Tests/References/predict/predict.py).
@Suite struct YourOwnDataGuideTests {
    // BEGIN your-own-data
    func ownDataTour() throws -> (fit: PointEstimate, predictions: [RowPrediction], scores: [(name: String, value: Double)]?) {
        // a table as people have it: text columns, missing cells (dropped when a model uses their column)
        let survey = try Dataset.load(path: "Sources/InferCLI/Resources/Examples/survey.csv")
        let used = try survey.selecting(columns: ["bought", "age", "income", "region"])
        print(used.warning ?? "no row dropped")  // dropped 15 rows with missing values; first: … row 8, column region

        // a formula codes text by treatment contrasts, as R's model.matrix: region[north], region[south], …
        let formula = try ModelFormula(parsing: "len ~ supp * dose")
        let train = try Dataset.load(path: "Tests/References/predict/toothgrowth_train.csv")
        let rows = try train.selecting(columns: formula.columns(of: train.columnNames)).dataset
        let data = try RegressionData(rows, target: formula.target, design: try formula.design(of: rows))
        let design = RegressionDesign(intercept: formula.intercept)
        let fit = try Regression.linear.fit(data, design: design, penalty: .none)
        print(fit)  // intercept, supp[VC], dose, supp[VC]:dose and sigma, with standard errors and intervals

        // predictions on rows the fit never saw, coded as its data were (an unknown level is an error)
        let saved = try FittedRegression(fit, regression: .linear, data: data, design: design, penalty: .none)
        let test = try Dataset.load(path: "Tests/References/predict/toothgrowth_test.csv")
        let (predictions, scores) = try saved.predict(test, level: 0.95)
        return (fit, predictions, scores)
    }
    // END your-own-data

    @Test func theTourGivesStatsmodelsNumbersAndThePagesHoldIt() throws {
        guard FileManager.default.fileExists(atPath: "Sources/InferCLI/Resources/Examples/survey.csv") else {
            Issue.record("run the tests from the package's root, not from \(FileManager.default.currentDirectoryPath)")
            return
        }
        let (fit, predictions, scores) = try ownDataTour()
        #expect(fit.parameterNames == ["intercept", "supp[VC]", "dose", "supp[VC]:dose", "sigma"])
        let reference = try #require(
            (try JSONSerialization.jsonObject(with: Data(contentsOf: References.url("predict/predict.json"))) as? [String: Any])
                .flatMap { ($0["cases"] as? [String: Any])?["ols_tooth"] as? [String: Any] })
        let expected = try #require(reference["predictions"] as? [[String: Any]])
        #expect(predictions.count == expected.count)
        for (ours, theirs) in zip(predictions, expected) {
            #expect(isClose(ours.mean ?? .nan, theirs["mean"] as? Double ?? .nan, relative: 1e-9))
            #expect(isClose(ours.predictionUpper ?? .nan, theirs["predictionUpper"] as? Double ?? .nan, relative: 1e-9))
        }
        let mse = try #require((reference["score"] as? [String: Double])?["mse"])
        #expect(isClose(try #require(scores?.first { $0.name == "mse" }?.value), mse, relative: 1e-10))
        let function = try #require(try GuideCode.block("your-own-data", in: #filePath))
        for page in ["Docs/YourOwnData.md", "Sources/Inference/Inference.docc/YourOwnData.md"] {
            #expect(try GuideCode.page(page).contains(function), "\(page) does not hold the code of ownDataTour()")
        }
    }
}

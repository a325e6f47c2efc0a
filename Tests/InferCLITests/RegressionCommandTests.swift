import Foundation
import InferCLI
import Testing
import TestSupport

/// `infer fit` on regressions: the contract's fields, options and errors.
@Suite struct RegressionCommandTests {
    let linear = References.url("regression/linear.csv").path

    func json(_ arguments: [String]) throws -> [String: Any] {
        let outcome = InferMain.execute(arguments)
        #expect(outcome.exitCode == 0, "\(outcome.errors)")
        return try #require(JSONSerialization.jsonObject(with: Data(outcome.output.utf8)) as? [String: Any])
    }

    @Test func linearRidgeJSON() throws {
        let object = try json(["fit", "--model", "linear", "--target", "y", "--prior", "gaussian", "--lambda", "3", "--format", "json", linear])
        #expect(object["estimator"] as? String == "map")
        #expect(object["prior"] as? String == "gaussian")
        #expect(object["lambda"] as? Double == 3)
        #expect(object["logPosterior"] is Double)
        let names = (object["parameters"] as? [[String: Any]])?.map { $0["name"] as? String }
        #expect(names == ["intercept", "x1", "x2", "x3", "x4", "x5", "x6", "sigma"])
    }

    @Test func featuresInterceptAndStandardizeOptions() throws {
        let object = try json([
            "fit", "--model", "linear", "--target", "y", "--features", "x1,x3", "--no-intercept", "--standardize", "--format", "json", linear,
        ])
        let names = (object["parameters"] as? [[String: Any]])?.map { $0["name"] as? String }
        #expect(names == ["x1", "x3", "sigma"])
        #expect(object["lambda"] == nil)
    }

    @Test func softmaxNamesEveryClassBlock() throws {
        let object = try json(["fit", "--model", "softmax", "--target", "y", "--format", "json", References.url("regression/softmax.csv").path])
        let names = (object["parameters"] as? [[String: Any]])?.compactMap { $0["name"] as? String } ?? []
        #expect(names.first == "class1:intercept" && names.contains("class2:x3") && names.count == 8)
    }

    @Test func regressionErrorsExitWithTheContractsCodes() throws {
        let separated = References.url("regression/separated.csv").path
        let cases: [([String], Int32, String)] = [
            (["fit", "--model", "logistic", "--target", "y", separated], 70, "feature x2 separates the classes perfectly"),
            (["fit", "--model", "linear", linear], 64, "a regression needs --target NAME"),
            (["fit", "--model", "linear", "--target", "nope", linear], 64, "no column named nope"),
            (["fit", "--model", "linear", "--target", "y", "--prior", "elastic-net", linear], 64, "needs --mix"),
            (["fit", "--model", "linear", "--target", "y", "--prior", "gaussian", "--lambda=-1", linear], 64, "--lambda must be"),
            (["fit", "--model", "linear", "--target", "y", "--prior", "beta(2,2)", linear], 64, "unknown prior"),
            (["fit", "--model", "logistic", "--target", "x1", linear], 65, "is outside the support of the logistic model"),
        ]
        for (arguments, code, fragment) in cases {
            let outcome = InferMain.execute(arguments)
            #expect(outcome.exitCode == code, "\(arguments): \(outcome.errors)")
            #expect(outcome.errors.contains(fragment), "\(outcome.errors)")
            #expect(outcome.errors.filter { $0 == "\n" }.count == 1)
        }
    }
}

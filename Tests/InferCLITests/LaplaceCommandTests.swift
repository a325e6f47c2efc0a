import Foundation
import InferCLI
import Testing
import TestSupport

/// `infer laplace`: the contract's fields for families and regressions.
@Suite struct LaplaceCommandTests {
    let scratch = ScratchDirectory()

    @Test func regressionJSONHasTheContractsFields() throws {
        let outcome = InferMain.execute([
            "laplace", "--model", "logistic", "--target", "y", "--prior", "gaussian", "--lambda", "2", "--format", "json",
            References.url("regression/logistic.csv").path,
        ])
        #expect(outcome.exitCode == 0, "\(outcome.errors)")
        let object = try #require(JSONSerialization.jsonObject(with: Data(outcome.output.utf8)) as? [String: Any])
        #expect(object["model"] as? String == "logistic")
        #expect(object["n"] as? Int == 300)
        #expect(object["logEvidence"] is Double)
        let covariance = try #require(object["covariance"] as? [[Double]])
        #expect(covariance.count == 5 && covariance.allSatisfy { $0.count == 5 })
        let parameters = try #require(object["parameters"] as? [[String: Any]])
        #expect(parameters.map { $0["name"] as? String } == ["intercept", "x1", "x2", "x3", "x4"])
        for (k, parameter) in parameters.enumerated() {
            let sd = try #require(parameter["sd"] as? Double)
            #expect(isClose(sd * sd, covariance[k][k], relative: 1e-12))
            #expect(parameter["mode"] is Double && parameter["lower"] is Double && parameter["upper"] is Double)
        }
    }

    @Test func familyTableAndRefusals() throws {
        let coin = try scratch.file("heads\n1\n1\n0\n1\n")
        let table = InferMain.execute(["laplace", "--model", "bernoulli", "--prior", "beta(2,2)", coin])
        #expect(table.exitCode == 0)
        #expect(table.output.contains("log evidence"))
        let lasso = InferMain.execute([
            "laplace", "--model", "linear", "--target", "y", "--prior", "laplace", References.url("regression/linear.csv").path,
        ])
        #expect(lasso.exitCode == 64)
        #expect(lasso.errors.contains("not differentiable at 0"))
        let boundary = InferMain.execute(["laplace", "--model", "bernoulli", try scratch.file("heads\n1\n1\n")])
        #expect(boundary.exitCode == 70)
    }
}

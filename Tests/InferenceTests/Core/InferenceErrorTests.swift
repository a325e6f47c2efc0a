import Foundation
import Inference
import Testing
import TestSupport

/// Errors carry their parts (what, where, which parameter, a remedy) as fields, and render them
/// as the contract's one line.
@Suite struct InferenceErrorTests {
    @Test func aBadCellNamesItsFileRowAndColumnAsFields() {
        do {
            _ = try Dataset.parse(csv: "x,group\n1,2\n3,a\n", source: "real.csv").column(named: "group")
            Issue.record("a text cell in a numeric table was accepted")
        } catch {
            #expect(error.kind == .data)
            #expect(error.location == InferenceError.Location(source: "real.csv", row: 2, column: "group"))
            #expect(error.what == "'a' is not a number")
            #expect(error.message == "real.csv row 2, column group: 'a' is not a number")
        }
    }

    @Test func separationNamesTheFeatureAndTheRemedy() throws {
        let dataset = try Dataset.load(path: References.url("regression/separated.csv").path)
        let data = try RegressionData(dataset, target: "y")
        do {
            _ = try Regression.logistic.fit(data, design: RegressionDesign(), penalty: .none)
            Issue.record("separated classes gave an MLE")
        } catch {
            #expect(error.kind == .numerical)
            #expect(error.parameter == "x2")
            #expect(error.remedy == "add a prior, e.g. prior gaussian")
            #expect(error.settings == ["prior"])
            #expect(error.message(naming: { "--\($0)" }).hasSuffix("; add a prior, e.g. --prior gaussian"))
        }
    }

    @Test func theLineJoinsLocationWhatAndRemedy() {
        let error = InferenceError(
            .data, "-1 is outside the support", at: .init(source: "f.csv", row: 4, column: "x\ny"), parameter: "rate",
            remedy: "drop the row")
        #expect(error.message == "f.csv row 4, column x\\ny: -1 is outside the support; drop the row")
        #expect(error.exitCode == 65)
        #expect(InferenceError.numerical("no mode").message == "no mode")
        #expect(InferenceError.data("bad", at: .init(row: 3)).message == "row 3: bad")
    }
}

import Foundation
import InferCLI
import Testing
import TestSupport

/// Tables as people have them: text columns, missing cells, row filters.
@Suite struct RealTableTests {
    let scratch = ScratchDirectory()

    func json(_ outcome: InferMain.Outcome) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(outcome.output.utf8)) as? [String: Any])
    }

    /// `fields` of the JSON without `"n"` and `"dropped"`, for comparing a run with missing rows
    /// to the run on the file without them.
    func estimates(_ outcome: InferMain.Outcome) throws -> String {
        let object = try json(outcome)
        let parameters = try #require(object["parameters"] as? [[String: Any]])
        return parameters.map { "\($0["name"]!)=\($0["estimate"]!)±\($0["standardError"] ?? "-")" }.joined(separator: ",")
    }

    static let table = """
        y,age,income,group,note
        0,23,1.5,a,first
        1,35,NA,b,
        1,41,2.5,a,x
        0,,1.0,c,y
        1,52,3.5,b,z
        0,29,2.0,a,
        1,47,N/A,c,w
        0,33,1.2,b,v
        1,60,4.0,a,u
        1,38,1.1,c,t
        0,44,1.8,b,s
        0,31,2.9,a,r

        """

    /// The same rows without those with a missing age or income.
    static let complete = """
        y,age,income
        0,23,1.5
        1,41,2.5
        1,52,3.5
        0,29,2.0
        0,33,1.2
        1,60,4.0
        1,38,1.1
        0,44,1.8
        0,31,2.9

        """

    @Test func unusedTextColumnsNeverFailAndMissingRowsAreDroppedAndCounted() throws {
        let real = try scratch.file(Self.table)
        let clean = try scratch.file(Self.complete)
        let fit = InferMain.execute(["fit", "--model", "logistic", "--target", "y", "--features", "age,income", "--format", "json", real])
        #expect(fit.exitCode == 0, "\(fit.errors)")
        #expect(fit.errors == "infer: warning: dropped 3 rows with missing values; first: \(real) row 2, column income\n")
        let object = try json(fit)
        #expect(object["n"] as? Int == 9 && object["dropped"] as? Int == 3)
        let reference = InferMain.execute(["fit", "--model", "logistic", "--target", "y", "--features", "age,income", "--format", "json", clean])
        #expect(try json(reference)["dropped"] as? Int == 0 && reference.errors.isEmpty)
        #expect(try estimates(fit) == estimates(reference))
        // a family reads one column: only its missing cells count
        let age = InferMain.execute(["fit", "--model", "gaussian", "--column", "age", "--format", "json", real])
        #expect(try json(age)["n"] as? Int == 11 && json(age)["dropped"] as? Int == 1)
        for command in [["laplace"], ["sample", "--draws", "100", "--warmup", "100"], ["bootstrap", "--resamples", "99"],
                        ["compare", "--resamples", "99", "--draws", "100", "--warmup", "100"]] {
            let outcome = InferMain.execute(command + ["--model", "gaussian", "--column", "income", "--format", "json", real])
            #expect(outcome.exitCode == 0, "\(command[0]): \(outcome.errors)")
            #expect(try json(outcome)["dropped"] as? Int == 2, "\(command[0])")
            #expect(outcome.errors.hasPrefix("infer: warning: dropped 2 rows with missing values; first: \(real) row 2, column income\n"))
        }
        let mean = InferMain.execute(["bootstrap", "--statistic", "mean", "--column", "age", "--resamples", "99", "--format", "json", real])
        #expect(try json(mean)["n"] as? Int == 11 && json(mean)["dropped"] as? Int == 1)
    }

    @Test func missingErrorStopsAtTheFirstMissingCell() throws {
        let real = try scratch.file(Self.table)
        let outcome = InferMain.execute(["fit", "--model", "logistic", "--target", "y", "--features", "age,income", "--missing", "error", real])
        #expect(outcome.exitCode == 65)
        #expect(outcome.errors == "infer: error: \(real) row 2, column income: missing value; leave such rows out (--missing drop) or fill them in\n")
        // the text column used as a number
        let text = InferMain.execute(["fit", "--model", "gaussian", "--column", "group", real])
        #expect(text.exitCode == 65 && text.errors == "infer: error: \(real) row 1, column group: 'a' is not a number\n")
        // spellings of a missing cell replaced: NA is then text, and a number
        let own = InferMain.execute(["fit", "--model", "gaussian", "--column", "income", "--na-values=-1", real])
        #expect(own.exitCode == 65 && own.errors.contains("row 2, column income: 'NA' is not a number"), "\(own.errors)")
        let spelled = try scratch.file("x\n1\n-1\n3\n5\n")
        let dropped = InferMain.execute(["fit", "--model", "gaussian", "--na-values=-1", "--format", "json", spelled])
        #expect(try json(dropped)["n"] as? Int == 3 && json(dropped)["dropped"] as? Int == 1)
    }

    @Test func whereSelectsRowsBeforeMissingCellsAreCounted() throws {
        let real = try scratch.file(Self.table)
        let outcome = InferMain.execute(["fit", "--model", "gaussian", "--column", "age", "--where", "group == a", "--where", "income >= 2", "--format", "json", real])
        #expect(outcome.exitCode == 0, "\(outcome.errors)")
        let object = try json(outcome)
        #expect(object["n"] as? Int == 4 && object["dropped"] as? Int == 0)
        let expected = InferMain.execute(["fit", "--model", "gaussian", "--format", "json", try scratch.file("age\n41\n29\n60\n31\n")])
        #expect(try estimates(outcome) == estimates(expected))
        for (filter, code, fragment) in [("nope == 1", 64, "no column named nope"), ("group < b", 64, "group holds text, which compares only by == and !="),
                                         ("age > old", 64, "age is numeric, and old is no number"), ("age", 64, "--where age has no comparison"),
                                         ("age > 100", 65, "no rows left: no row passes age > 100")] {
            let bad = InferMain.execute(["fit", "--model", "gaussian", "--column", "age", "--where", filter, real])
            #expect(bad.exitCode == Int32(code) && bad.errors.contains(fragment) && !bad.errors.dropLast().contains("\n"), "\(filter): \(bad.errors)")
        }
    }

    /// A data error found by the model (a value outside its support) names the row of the file,
    /// counting the rows dropped before it.
    @Test func modelErrorsNameTheSourceRow() throws {
        let file = try scratch.file("x,y\n1,0\nNA,1\n2,1\n3,2\n4,0\n")
        let outcome = InferMain.execute(["fit", "--model", "logistic", "--target", "y", file])
        #expect(outcome.exitCode == 65)
        #expect(outcome.errors.hasSuffix("infer: error: \(file) row 4, column y: 2.0 is outside the support of the logistic model (0 or 1)\n"), "\(outcome.errors)")
        let poisson = InferMain.execute(["fit", "--model", "poisson", "--where", "y != 0", try scratch.file("y\n0\n3\n-1\n")])
        #expect(poisson.exitCode == 65 && poisson.errors.contains("row 3, column y: -1.0 is outside the support"), "\(poisson.errors)")
    }

    @Test func tuneTakesTextFoldsAndDropsRows() throws {
        var lines = ["y,x1,x2,fold"]
        var state: UInt64 = 11
        func uniform() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        for i in 0..<60 {
            let (x1, x2) = (uniform() * 4 - 2, uniform() * 4 - 2)
            let y = 1.5 * x1 - x2 + uniform() - 0.5
            lines.append("\(y),\(i == 7 ? "NA" : "\(x1)"),\(x2),\(["red", "green", "blue"][i % 3])")
        }
        let file = try scratch.file(lines.joined(separator: "\n") + "\n")
        let outcome = InferMain.execute(["tune", "--model", "linear", "--target", "y", "--prior", "gaussian", "--fold-column", "fold", "--lambdas", "5", "--format", "json", file])
        #expect(outcome.exitCode == 0, "\(outcome.errors)")
        #expect(try json(outcome)["dropped"] as? Int == 1 && json(outcome)["n"] as? Int == 59)
        #expect(outcome.errors.contains("dropped 1 row with missing values; first: \(file) row 8, column x1"))
    }

    /// Text features are coded against their first level (or `--reference`), text targets name
    /// their classes, and the JSON lists a text target's levels.
    @Test func textFeaturesAndTargets() throws {
        let warp = References.url("tables/warpbreaks.csv").path
        let fit = InferMain.execute(["fit", "--model", "linear", "--target", "breaks", "--reference", "tension=M", "--format", "json", warp])
        #expect(fit.exitCode == 0, "\(fit.errors)")
        let names = try #require(try json(fit)["parameters"] as? [[String: Any]]).map { $0["name"] as? String }
        #expect(names == ["intercept", "wool[B]", "tension[H]", "tension[L]", "sigma"])
        #expect(try json(fit)["levels"] == nil)
        let iris = References.url("tables/iris.csv").path
        let softmax = InferMain.execute(["fit", "--model", "softmax", "--target", "species", "--features", "sepal_length", "--format", "json", iris])
        #expect(softmax.exitCode == 0, "\(softmax.errors)")
        #expect(try json(softmax)["levels"] as? [String] == ["setosa", "versicolor", "virginica"])
        let first = try #require(try json(softmax)["parameters"] as? [[String: Any]]).first?["name"] as? String
        #expect(first == "versicolor:intercept")
        let logistic = InferMain.execute(["fit", "--model", "logistic", "--target", "species", "--features", "sepal_length", iris])
        #expect(logistic.exitCode == 65 && logistic.errors.contains("the target species has 3 levels (setosa, versicolor, virginica); the logistic model needs two"))
        // two levels left by a filter, the positive class chosen
        let pair = InferMain.execute(["fit", "--model", "logistic", "--target", "species", "--features", "sepal_length", "--where", "species != setosa",
                                      "--positive", "versicolor", "--format", "json", iris])
        #expect(pair.exitCode == 0, "\(pair.errors)")
        #expect(try json(pair)["levels"] as? [String] == ["virginica", "versicolor"] && json(pair)["n"] as? Int == 100)
        for (arguments, fragment) in [(["--reference", "tension=Z"], "no such level; the levels are H, L, M"),
                                      (["--reference", "breaks=1"], "--reference breaks: no categorical feature of that name"), (["--reference", "tension"], "write NAME=LEVEL"),
                                      (["--positive", "A"], "the target breaks holds numbers")] {
            let model = arguments[0] == "--positive" ? "logistic" : "linear"
            let bad = InferMain.execute(["fit", "--model", model, "--target", "breaks"] + arguments + [warp])
            #expect(bad.exitCode == 64 && bad.errors.contains(fragment), "\(arguments): \(bad.errors)")
        }
        let noPositive = InferMain.execute(["fit", "--model", "softmax", "--target", "species", "--positive", "setosa", iris])
        #expect(noPositive.exitCode == 64 && noPositive.errors.contains("--model softmax takes no --positive"))
        // folds stratified by a text target
        let tune = InferMain.execute(["tune", "--model", "softmax", "--target", "species", "--features", "sepal_length,sepal_width", "--prior", "gaussian",
                                      "--lambdas", "4", "--folds", "3", "--format", "json", iris])
        #expect(tune.exitCode == 0, "\(tune.errors)")
        #expect(try json(tune)["levels"] as? [String] == ["setosa", "versicolor", "virginica"])
    }

    /// A formula and a filter on the survey with missing cells: statsmodels' Logit on the rows
    /// with age ≥ 30 and no missing cell in the formula's columns (tables.py).
    @Test func formulaWithAFilterMatchesStatsmodels() throws {
        let cases = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: References.url("tables/tables.json"))) as? [String: Any])
        let reference = try #require((cases["cases"] as? [String: Any])?["survey_logit_where"] as? [String: Any])
        let statsmodels = try #require(reference["statsmodels"] as? [String: Any])
        let survey = References.url("tables/survey.csv").path
        let outcome = InferMain.execute(["fit", "--model", "logistic", "--formula", "bought ~ age + income + region", "--where", "age >= 30",
                                         "--format", "json", survey])
        #expect(outcome.exitCode == 0, "\(outcome.errors)")
        let object = try json(outcome)
        #expect(object["n"] as? Int == reference["n"] as? Int && object["dropped"] as? Int == reference["dropped"] as? Int)
        #expect(object["levels"] as? [String] == ["no", "yes"])
        let parameters = try #require(object["parameters"] as? [[String: Any]])
        let names = ["intercept": "Intercept", "age": "age", "income": "income", "region[north]": "region[T.north]",
                     "region[south]": "region[T.south]", "region[west]": "region[T.west]"]
        let expectedNames = try #require(statsmodels["names"] as? [String])
        let params = try #require(statsmodels["params"] as? [Double])
        let bse = try #require(statsmodels["bse"] as? [Double])
        #expect(parameters.count == params.count)
        for parameter in parameters {
            let name = try #require(parameter["name"] as? String)
            let theirs = try #require(names[name])
            let k = try #require(expectedNames.firstIndex(of: theirs))
            #expect(isClose(try #require(parameter["estimate"] as? Double), params[k], relative: 1e-8, floor: 1e-3), "\(parameter)")
            #expect(isClose(try #require(parameter["standardError"] as? Double), bse[k], relative: 1e-6), "\(parameter)")
        }
        #expect(isClose(try #require(object["logLikelihood"] as? Double), try #require(statsmodels["loglik"] as? Double), relative: 1e-10))
        for (arguments, fragment) in [(["--model", "gaussian", "--formula", "x ~ y"], "--formula describes a regression"),
                                      (["--model", "logistic", "--formula", "bought ~ age", "--target", "bought"], "drop --target"),
                                      (["--model", "logistic", "--formula", "bought ~ exp(age)"], "cannot read the term exp(age)")] {
            let bad = InferMain.execute(["fit"] + arguments + [survey])
            #expect(bad.exitCode == 64 && bad.errors.contains(fragment), "\(arguments): \(bad.errors)")
        }
    }
}

import Foundation
import Inference
import Testing
import TestSupport

/// Designs coded from tables with text columns against R's `model.matrix` and patsy's `dmatrix`,
/// and fits on them against statsmodels (Tests/References/tables/tables.py made the values).
@Suite struct TableDesignTests {
    struct Case: @unchecked Sendable {
        let data: String
        let n: Int
        let rColumns: [String]
        let rRows: [[Double]]
        let patsyRows: [[Double]]
        let statsmodels: [String: Any]
    }

    nonisolated(unsafe) static let cases: [String: [String: Any]] = {
        let data = (try? Data(contentsOf: References.url("tables/tables.json"))) ?? Data()
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        return object?["cases"] as? [String: [String: Any]] ?? [:]
    }()

    static func reference(_ name: String) throws -> Case {
        let entry = try #require(cases[name], "no case \(name) in tables.json")
        let design = try #require(entry["design"] as? [String: [String: Any]])
        func rows(_ tool: String) throws -> [[Double]] {
            try #require(design[tool]?["rows"] as? [[Any]]).map { row in row.map { ($0 as? NSNumber)?.doubleValue ?? .nan } }
        }
        return Case(
            data: try #require(entry["data"] as? String), n: try #require(entry["n"] as? Int),
            rColumns: try #require(design["r"]?["columns"] as? [String]), rRows: try rows("r"), patsyRows: try rows("patsy"),
            statsmodels: try #require(entry["statsmodels"] as? [String: Any]))
    }

    static func table(_ file: String) throws -> Dataset { try Dataset.load(path: References.url("tables/\(file)").path) }

    /// For each of our columns (plus a column of ones when `intercept`), the index of the
    /// reference column holding exactly the same values; every reference column used once.
    func matchColumns(_ matrix: [[Double]], intercept: Bool, to reference: [[Double]]) -> [Int]? {
        let n = reference.count
        guard matrix.count == n else { return nil }
        let width = reference.first?.count ?? 0
        let ours = (intercept ? [[Double](repeating: 1, count: n)] : []) + (0..<(matrix.first?.count ?? 0)).map { j in matrix.map { $0[j] } }
        var used = Set<Int>()
        var map: [Int] = []
        for column in ours {
            guard let k = (0..<width).first(where: { k in !used.contains(k) && (0..<n).allSatisfy { reference[$0][k] == column[$0] } }) else { return nil }
            used.insert(k)
            map.append(k)
        }
        return used.count == width ? map : nil
    }

    func rows(_ data: RegressionData) -> [[Double]] {
        (0..<data.rowCount).map { i in (0..<data.featureCount).map { data.features[i, $0] } }
    }

    /// The terms and options of each case, written with the library's design.
    static let designs: [(name: String, target: String, terms: [[String]], intercept: Bool, references: [String: String], categorical: Set<String>, names: [String])] = [
        ("warp_add", "breaks", [["wool"], ["tension"]], true, [:], [], ["wool[B]", "tension[L]", "tension[M]"]),
        ("warp_mul", "breaks", [["wool"], ["tension"], ["wool", "tension"]], true, [:], [],
         ["wool[B]", "tension[L]", "tension[M]", "wool[B]:tension[L]", "wool[B]:tension[M]"]),
        ("warp_inter_only", "breaks", [["wool", "tension"]], true, [:], [],
         ["wool[A]:tension[H]", "wool[B]:tension[H]", "wool[A]:tension[L]", "wool[B]:tension[L]", "wool[A]:tension[M]", "wool[B]:tension[M]"]),
        ("warp_noint", "breaks", [["tension"], ["wool"]], false, [:], [], ["tension[H]", "tension[L]", "tension[M]", "wool[B]"]),
        ("warp_poisson", "breaks", [["wool"], ["tension"]], true, [:], [], ["wool[B]", "tension[L]", "tension[M]"]),
        ("tooth_num_by_cat", "len", [["supp"], ["dose"], ["supp", "dose"]], true, [:], [], ["supp[VC]", "dose", "supp[VC]:dose"]),
        ("tooth_cdose", "len", [["dose"], ["supp"]], true, [:], ["dose"], ["dose[1]", "dose[2]", "supp[VC]"]),
        ("tooth_reference", "len", [["supp"]], true, ["supp": "VC"], [], ["supp[OJ]"]),
        ("iris_dot", "sepal_length", [["sepal_width"], ["petal_length"], ["petal_width"], ["species"]], true, [:], [],
         ["sepal_width", "petal_length", "petal_width", "species[versicolor]", "species[virginica]"]),
        ("survey_logit", "bought", [["age"], ["income"], ["region"]], true, [:], [], ["age", "income", "region[north]", "region[south]", "region[west]"]),
    ]

    @Test func designsEqualRsModelMatrixAndPatsysUpToColumnOrder() throws {
        for spec in Self.designs {
            let reference = try Self.reference(spec.name)
            let table = try Self.table(reference.data)
            let used = try table.selecting(columns: [spec.target] + Set(spec.terms.flatMap { $0 }).sorted())
            let design = try TableDesign(
                terms: spec.terms, intercept: spec.intercept, of: used.dataset, references: spec.references, categorical: spec.categorical)
            #expect(design.columnNames == spec.names, "\(spec.name)")
            let data = try RegressionData(used.dataset, target: spec.target, design: design)
            #expect(data.rowCount == reference.n, "\(spec.name)")
            let ours = rows(data)
            #expect(matchColumns(ours, intercept: spec.intercept, to: reference.rRows) != nil, "\(spec.name): not R's columns \(reference.rColumns)")
            // patsy codes a lone interaction with full rank (R keeps every cell): same span, other columns
            if spec.name != "warp_inter_only" {
                #expect(matchColumns(ours, intercept: spec.intercept, to: reference.patsyRows) != nil, "\(spec.name): not patsy's columns")
            }
        }
    }

    /// Fits on the coded designs: OLS (to 1e-10), Poisson and logistic regression (Newton to its
    /// tolerance: 1e-8 relative on estimates, 1e-6 on standard errors) against statsmodels.
    /// Our linear standard errors use the MLE σ = √(RSS/n); statsmodels' use √(RSS/(n − p)).
    @Test func fitsOnCodedDesignsEqualStatsmodels() throws {
        for spec in Self.designs where spec.name != "warp_inter_only" {
            let reference = try Self.reference(spec.name)
            let table = try Self.table(reference.data)
            let used = try table.selecting(columns: [spec.target] + Set(spec.terms.flatMap { $0 }).sorted())
            let design = try TableDesign(
                terms: spec.terms, intercept: spec.intercept, of: used.dataset, references: spec.references, categorical: spec.categorical)
            let data = try RegressionData(used.dataset, target: spec.target, design: design)
            let map = try #require(matchColumns(rows(data), intercept: spec.intercept, to: reference.patsyRows))
            let fit = try #require(reference.statsmodels["fit"] as? String ?? (Self.cases[spec.name]?["fit"] as? String))
            let regression: Regression = fit == "poisson" ? .poissonRegression : fit == "logit" ? .logistic : .linear
            let estimate = try regression.fit(data, design: RegressionDesign(intercept: spec.intercept), penalty: .none)
            let params = try #require(reference.statsmodels["params"] as? [Double])
            let bse = try #require(reference.statsmodels["bse"] as? [Double])
            let p = map.count
            let scale = regression == .linear ? (Double(reference.n) / Double(reference.n - p)).squareRoot() : 1
            let (estimateTolerance, errorTolerance) = regression == .linear ? (1e-10, 1e-9) : (1e-8, 1e-6)
            for (j, k) in map.enumerated() {
                #expect(isClose(estimate.estimates[j], params[k], relative: estimateTolerance, floor: 1e-3), "\(spec.name) \(estimate.parameterNames[j])")
                #expect(isClose(try #require(estimate.standardErrors[j]) * scale, bse[k], relative: errorTolerance), "\(spec.name) \(estimate.parameterNames[j]) se")
            }
            let logLikelihood = try #require(reference.statsmodels["loglik"] as? Double)
            #expect(isClose(estimate.logLikelihood, logLikelihood, relative: 1e-10), "\(spec.name)")
        }
    }

    /// A design too wide for memory (an interaction of two text columns of 3,000 distinct cells:
    /// 9 million coded columns) is a data error naming the widest column, before any of it is
    /// made; until then such a design trapped on a failed allocation.
    @Test func aDesignTooWideForMemoryIsADataError() throws {
        let texts = (0..<3_000).map { "t\($0)" }
        let dataset = try Dataset(
            columnNames: ["y", "a", "b"],
            columns: [.numeric((0..<3_000).map { Double($0 % 2) }), .categorical(texts), .categorical(texts.reversed())])
        do {
            _ = try TableDesign(terms: [["a", "b"]], intercept: true, of: dataset)
            Issue.record("no error")
        } catch {
            #expect(error.exitCode == 65)
            #expect(error.message.contains("text column a has 3000 levels: is it meant to be numeric?"), "\(error.message)")
        }
    }

    /// The budget counts a fit's p × p matrices, not only the design: a text column of 2,000
    /// distinct cells on 2,000 rows codes 1,999 columns, whose design is 32 MB and whose Newton
    /// fit holds five 32 MB matrices besides (one Gram matrix for the one block of rows, their
    /// sum, the step's copy, its factor, the step before's). Counting one matrix (64 MB in all)
    /// let wide designs of text columns pass and then fill the memory of a cross-validation.
    @Test func theBudgetCountsTheFitsSquareMatrices() throws {
        let texts = (0..<2_000).map { "t\($0)" }
        let dataset = try Dataset(columnNames: ["y", "a"], columns: [.numeric((0..<2_000).map { Double($0 % 2) }), .categorical(texts)])
        let design = try TableDesign(terms: [["a"]], intercept: true, of: dataset)
        let (width, rows) = (1_999.0, 2_000.0)
        let needed = 8 * width * (rows + 5 * width)
        #expect(throws: Never.self) { try design.requireMemory(rows: 2_000, budget: needed * 1.01) }
        do {
            try design.requireMemory(rows: 2_000, budget: needed * 0.99)
            Issue.record("no error under a budget below the fit's \(needed) bytes")
        } catch {
            #expect(error.exitCode == 65)
            #expect(error.message.contains("the design's 1999 coded columns of 2000 rows would hold 191.8 MB"), "\(error.message)")
            #expect(error.message.contains("text column a has 2000 levels: is it meant to be numeric?"), "\(error.message)")
        }
    }

    /// A text target: softmax's classes are its levels (the first the reference) and name the
    /// parameters, against statsmodels' MNLogit; logistic's positive class is the second level
    /// unless chosen.
    @Test func textTargetsNameTheirClasses() throws {
        let entry = try #require(Self.cases["iris_softmax_sepal_length"])
        let statsmodels = try #require(entry["statsmodels"] as? [String: Any])
        let params = try #require(statsmodels["params"] as? [String: [Double]])
        let bse = try #require(statsmodels["bse"] as? [String: [Double]])
        let iris = try Self.table("iris.csv")
        let data = try RegressionData(iris, target: "species", features: ["sepal_length"])
        #expect(data.targetLevels == ["setosa", "versicolor", "virginica"])
        let fit = try Regression.softmax.fit(data, design: RegressionDesign(), penalty: .none)
        #expect(fit.parameterNames == ["versicolor:intercept", "versicolor:sepal_length", "virginica:intercept", "virginica:sepal_length"])
        let expected = params["versicolor"]! + params["virginica"]!
        let errors = bse["versicolor"]! + bse["virginica"]!
        for k in expected.indices {
            #expect(isClose(fit.estimates[k], expected[k], relative: 1e-7), "\(fit.parameterNames[k])")
            #expect(isClose(try #require(fit.standardErrors[k]), errors[k], relative: 1e-6), "\(fit.parameterNames[k]) se")
        }
        #expect(isClose(fit.logLikelihood, try #require(statsmodels["loglik"] as? Double), relative: 1e-10))
        // logistic: the positive class moved last flips every coefficient's sign
        let survey = try Self.table("survey.csv").selecting(columns: ["bought", "age", "income"]).dataset
        let yes = try Regression.logistic.fit(
            RegressionData(survey, target: "bought", features: ["age", "income"]), design: RegressionDesign(), penalty: .none)
        let no = try Regression.logistic.fit(
            RegressionData(survey, target: "bought", features: ["age", "income"], positive: "no"), design: RegressionDesign(), penalty: .none)
        for k in yes.estimates.indices { #expect(isClose(no.estimates[k], -yes.estimates[k], relative: 1e-9, floor: 1e-9)) }
        #expect(throws: InferenceError.self) { try RegressionData(survey, target: "bought", features: ["age"], positive: "maybe") }
        let three = try RegressionData(iris, target: "species", features: ["sepal_length"])
        #expect(throws: InferenceError.data(
            "the target species has 3 levels (setosa, versicolor, virginica); the logistic model needs two; use the softmax model, or keep two levels with a filter")) {
            try Regression.logistic.fit(three, design: RegressionDesign(), penalty: .none)
        }
    }

    /// A level the design never saw is a data error naming its row, column and level; a
    /// reference that is no level, or names no text feature, is a usage error.
    @Test func unknownLevelsAndReferencesAreNamed() throws {
        let fitted = try Dataset.parse(csv: "y,g\n1,a\n2,b\n3,a\n", source: "fit.csv")
        let design = try TableDesign(terms: [["g"]], intercept: true, of: fitted)
        let new = try Dataset.parse(csv: "y,g\n1,a\n2,c\n", source: "new.csv")
        #expect(throws: InferenceError.data("new.csv row 2, column g: level 'c' is not one of the fit's (a, b)")) { try design.matrix(new) }
        #expect(throws: InferenceError.self) { try TableDesign(terms: [["g"]], intercept: true, of: fitted, references: ["g": "z"]) }
        #expect(throws: InferenceError.self) { try TableDesign(terms: [["g"]], intercept: true, of: fitted, references: ["y": "1"]) }
    }

    /// Each design written as a formula gives the same terms; `.`, `-`, `*` and `C()` expand as
    /// in R, and what the subset does not have is a usage error naming the term.
    @Test func formulasGiveTheDesignsTerms() throws {
        let formulas = [
            "warp_add": "breaks ~ wool + tension", "warp_mul": "breaks ~ wool * tension", "warp_inter_only": "breaks ~ wool:tension",
            "warp_noint": "breaks ~ tension + wool - 1", "warp_poisson": "breaks ~ wool + tension", "tooth_num_by_cat": "len ~ supp*dose",
            "tooth_cdose": "len ~ C(dose) + supp", "tooth_reference": "len ~ supp", "iris_dot": "sepal_length ~ .",
            "survey_logit": "bought ~ age + income + region",
        ]
        for spec in Self.designs {
            let formula = try ModelFormula(parsing: try #require(formulas[spec.name]))
            let table = try Self.table(try Self.reference(spec.name).data)
            #expect(formula.target == spec.target && formula.intercept == spec.intercept && formula.categorical == spec.categorical, "\(spec.name)")
            let columns = spec.name == "survey_logit" ? table.columnNames.filter { $0 != "note" } : table.columnNames
            #expect(formula.terms(of: columns) == spec.terms, "\(spec.name)")
        }
        let all = ["y", "a", "b", "c", "d"]
        #expect(try ModelFormula(parsing: "y ~ a*b*c").terms(of: all) == [["a"], ["b"], ["a", "b"], ["c"], ["a", "c"], ["b", "c"], ["a", "b", "c"]])
        #expect(try ModelFormula(parsing: "y ~ . - b - d + a:c").terms(of: all) == [["a"], ["c"], ["a", "c"]])
        #expect(try ModelFormula(parsing: "y ~ 0 + a + a").terms(of: all) == [["a"]])
        #expect(try ModelFormula(parsing: "y ~ 0 + a").intercept == false && ModelFormula(parsing: "y ~ -1 + a").intercept == false)
        #expect(try ModelFormula(parsing: "`the y` ~ `sepal length (cm)` + C(`g x`)").columns(of: ["the y", "sepal length (cm)", "g x"])
            == ["the y", "sepal length (cm)", "g x"])
        for (text, fragment) in [("y ~ log(a)", "cannot read the term log(a)"), ("y a", "has no '~'"), ("y ~ a +", "ends without a term"),
                                 ("y ~ + a", "a term is missing before '+'"), ("y ~ a:", "':' needs a column after it"), ("~ a", "got nothing"),
                                 ("y ~ 2", "cannot read the term 2"), ("y ~ a:.", "'.' cannot be part of an interaction"),
                                 ("y ~ a ^ 2", "cannot read the term ^")] {
            do {
                _ = try ModelFormula(parsing: text)
                Issue.record("\(text) was read")
            } catch {
                #expect(error.kind == .usage && error.message.contains(fragment), "\(text): \(error.message)")
            }
        }
    }
}

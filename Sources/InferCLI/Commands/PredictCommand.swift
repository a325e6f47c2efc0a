import ArgumentParser
import Foundation
import Inference

/// The output formats of `infer predict`: a table, one JSON object, or CSV.
enum PredictFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

/// `infer predict`: what a saved regression fit says of new rows.
struct PredictCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Predictions, with intervals, from a regression fit saved by infer fit --save.",
        discussion: """
            Codes FILE as the fit's data were coded, then gives each row's mean response with its \
            confidence interval (delta method on the linear predictor, through the inverse link); \
            linear adds a new observation's interval (R's predict.lm), logistic the predicted \
            class, softmax each class's probability. When FILE holds the target, scores too.
            """)

    @Argument(help: "CSV file of the rows to predict, with the fit's feature columns; - reads standard input.")
    var file: String

    @Option(help: "The fit saved by infer fit --save.")
    var fit: String

    @Option(help: "Confidence level of the intervals.")
    var level: Double = 0.95

    @Option(help: "Draws files of infer sample (--draws-out) for the same model and coding: posterior (predictive) intervals from the draws; repeatable.")
    var draws: [String] = []

    @OptionGroup var table: TableOptions

    @Option(help: "Output: a human table, exactly one JSON object, or CSV with a row a prediction (table, json, csv).")
    var format: PredictFormat = .table

    @OptionGroup var run: RunOptions

    func validate() throws {
        try validateLevel(level)
    }

    /// The examples that end `--help`; they run from the package's root on its shipped data.
    static let examples = [
        #"infer fit --model linear --formula "len ~ supp * dose" --save tooth.json Sources/InferCLI/Resources/Examples/toothgrowth.csv"#,
        #"infer predict --fit tooth.json --where "supp == VC" Sources/InferCLI/Resources/Examples/toothgrowth.csv"#,
    ]

    var outputFiles: [String?] { [] }

    func execute(on console: Console) throws {
        let saved = try FittedRegression(json: try Self.read(fit), source: fit)
        let loaded = try table.load(file, using: saved.columns(of:))
        let columns = saved.columns(of: loaded.columnNames)
        let selected = try table.select(consume loaded, columns: columns)
        selected.warning.map(console.warn)
        let rows = selected.dataset
        let sample = draws.isEmpty ? nil : try DrawsFile.read(draws).sample
        let (predictions, scores) = try locating(in: rows) { try saved.predict(rows, level: level, draws: sample, seed: run.seed) }
        let report = PredictReport(fit: saved, rows: rows, predictions: predictions, scores: scores, dropped: selected.dropped)
        switch format {
        case .json: console.write(report.json(level: level).serialized())
        case .csv: console.write(report.csv())
        case .table: console.write(report.table(level: level))
        }
    }

    /// The bytes of the saved fit; a data error when it cannot be read.
    static func read(_ path: String) throws -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
            let data = FileManager.default.contents(atPath: path)
        else { throw InferenceError.data("cannot read the fit \(InferenceError.excerpt(path, limit: 200)): no such file, or not readable") }
        return data
    }
}

/// The `infer predict` output: one entry a row, and the scores when the rows have targets.
struct PredictReport {
    let fit: FittedRegression
    let rows: Dataset
    let predictions: [RowPrediction]
    let scores: [(name: String, value: Double)]?
    let dropped: Int

    /// The classes' names: a text target's levels, else the class numbers.
    var classes: [String] {
        if let levels = fit.targetLevels { return levels }
        return (0..<(fit.classCount ?? 2)).map(String.init)
    }

    /// A class as the output writes it: its level, or its number.
    func classValue(_ k: Int) -> JSONValue { fit.targetLevels.map { .string($0[k]) } ?? .integer(k) }

    func json(level: Double) -> JSONValue {
        var top = JSONObjectBuilder()
        top.add("model", fit.model)
        top.add("n", rows.rowCount)
        top.add("dropped", dropped)
        if let levels = fit.targetLevels { top.add("levels", .array(levels.map { .string($0) })) }
        top.add("level", level)
        top.add("predictions", .array(predictions.enumerated().map { i, prediction in
            var entry = JSONObjectBuilder()
            entry.add("row", rows.rowNumber(i))
            entry.add("mean", prediction.mean)
            entry.add("lower", prediction.lower)
            entry.add("upper", prediction.upper)
            entry.add("predictionLower", prediction.predictionLower)
            entry.add("predictionUpper", prediction.predictionUpper)
            if let p = prediction.probabilities {
                var probabilities = JSONObjectBuilder()
                for (k, name) in classes.enumerated() { probabilities.add(name, p[k]) }
                entry.add("probabilities", probabilities.value)
            }
            if let k = prediction.predictedClass { entry.add("predicted", classValue(k)) }
            return entry.value
        }))
        if let scores {
            var score = JSONObjectBuilder()
            for (name, value) in scores { score.add(name, value) }
            top.add("score", score.value)
        }
        return top.value
    }

    /// The columns of the CSV and table: `row`, then the fields this model gives.
    private var columns: [(name: String, cell: (Int, RowPrediction) -> String)] {
        func number(_ value: Double?) -> String { value.map { JSONValue.number($0).serialized() } ?? "" }
        var columns: [(String, (Int, RowPrediction) -> String)] = [("row", { i, _ in String(rows.rowNumber(i)) })]
        let first = predictions.first ?? RowPrediction()
        if first.probabilities != nil {
            for (k, name) in classes.enumerated() { columns.append(("p[\(name)]", { _, p in number(p.probabilities?[k]) })) }
        } else {
            columns.append(("mean", { _, p in number(p.mean) }))
            if predictions.contains(where: { $0.lower != nil }) {
                columns.append(("lower", { _, p in number(p.lower) }))
                columns.append(("upper", { _, p in number(p.upper) }))
            }
            if first.predictionLower != nil {
                columns.append(("predictionLower", { _, p in number(p.predictionLower) }))
                columns.append(("predictionUpper", { _, p in number(p.predictionUpper) }))
            }
        }
        if first.predictedClass != nil {
            columns.append(("predicted", { _, p in p.predictedClass.map { k in fit.targetLevels.map { $0[k] } ?? String(k) } ?? "" }))
        }
        return columns
    }

    /// One line a row under a header; text cells quoted where CSV needs it.
    func csv() -> String {
        func quoted(_ cell: String) -> String {
            cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
        }
        let columns = self.columns
        var lines = [columns.map { quoted($0.name) }.joined(separator: ",")]
        for (i, prediction) in predictions.enumerated() { lines.append(columns.map { quoted($0.cell(i, prediction)) }.joined(separator: ",")) }
        return lines.joined(separator: "\n")
    }

    func table(level: Double) -> String {
        var table = Table(header: columns.map(\.name))
        let columns = self.columns
        for (i, prediction) in predictions.enumerated() {
            table.append(columns.map { column in
                let cell = column.cell(i, prediction)
                return Double(cell).map { column.name == "row" ? cell : Table.format($0) } ?? cell
            })
        }
        var lines = ["\(fit.model) predictions from a fit on \(fit.observationCount) rows (prior \(fit.prior)), n = \(rows.rowCount): \(Table.format(level * 100))% intervals", table.rendered()]
        if let scores { lines.append("score: " + scores.map { "\($0.name) \(Table.format($0.value))" }.joined(separator: ", ")) }
        return lines.joined(separator: "\n")
    }
}

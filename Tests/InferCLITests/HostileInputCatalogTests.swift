import Foundation
import InferCLI
import Testing
import TestSupport

/// A catalog of hostile inputs — what a new user or a broken script gives `infer` — across every
/// subcommand, each with the exit code the contract demands (not what the code does today):
/// 64 usage, 65 data, 70 numerical failure. Every non-zero exit prints exactly one line on
/// standard error, starting `infer: error: `, printable (no C0 control but the final newline, no
/// DEL, no C1) and at most 400 characters whatever the input (a 1 MB cell or column name), and
/// nothing on standard output; with `--format json` a success prints exactly one JSON object.
@Suite struct HostileInputCatalogTests {
    let scratch = ScratchDirectory()

    /// One hostile run. In `arguments`, `@data` is the data file (a path that does not exist when
    /// `data` is nil), `@dir` the scratch directory, `@empty` an empty file and `@svgdir` a
    /// directory named `fig.svg`.
    struct Hostile: CustomTestStringConvertible, Sendable {
        let name: String
        let arguments: [String]
        let data: [UInt8]?
        /// The codes the contract allows (one, except where the contract leaves a choice).
        let codes: Set<Int32>
        /// Refused before any work: the answer must come within this many seconds.
        var seconds: Double? = nil
        var testDescription: String { "\(name) → \(codes.sorted().map(String.init).joined(separator: "/"))" }
    }

    // MARK: data

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
    static func csv(_ header: [String], _ rows: [[String]]) -> String {
        ([header] + rows).map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n"
    }
    static func number(_ value: Double) -> String { String(format: "%.4f", value) }

    /// 30 rows: x a sample (all positive), y = 1 + x/2 + noise.
    static let xyRows: [[String]] = (1...30).map { i in
        let x = 5 + 2 * sin(1.3 * Double(i)) + 0.05 * Double(i)
        return [number(x), number(1 + 0.5 * x + cos(2.1 * Double(i)))]
    }
    /// A draws file of `infer sample`: two chains of 50 draws of mu.
    static let drawsRows: [[String]] = (1...2).flatMap { (chain: Int) -> [[String]] in
        (1...50).map { (k: Int) -> [String] in
            let lp: String = number(-1 - 0.1 * sin(Double(k)))
            let mu: String = number(sin(0.7 * Double(k) + Double(chain)))
            return [String(chain), String(k), lp, k % 3 == 0 ? "0" : "1", mu]
        }
    }
    static let drawsHeader = ["chain", "draw", "lp__", "accepted__", "mu"]
    static let xy = bytes(csv(["x", "y"], xyRows))
    static let draws = bytes(csv(drawsHeader, drawsRows))

    /// A subcommand run on good data; `used` is the column its run reads as numbers.
    struct Subcommand: Sendable {
        let name: String
        let arguments: [String]
        let header: [String]
        let rows: [[String]]
        let used: Int
        func with(_ cell: String) -> [UInt8] {
            var rows = rows
            rows[2][used] = cell
            return bytes(csv(header, rows))
        }
    }

    static let sampler = ["--chains", "2", "--warmup", "50", "--draws", "50", "--quiet"]
    static let subcommands: [Subcommand] = [
        Subcommand(name: "fit", arguments: ["fit", "--model", "gaussian"], header: ["x", "y"], rows: xyRows, used: 0),
        Subcommand(name: "bootstrap", arguments: ["bootstrap", "--model", "gaussian", "--resamples", "99", "--quiet"], header: ["x", "y"], rows: xyRows, used: 0),
        Subcommand(name: "sample", arguments: ["sample", "--model", "gaussian"] + sampler, header: ["x", "y"], rows: xyRows, used: 0),
        Subcommand(name: "summarize", arguments: ["summarize"], header: drawsHeader, rows: drawsRows, used: 4),
        Subcommand(name: "laplace", arguments: ["laplace", "--model", "gaussian"], header: ["x", "y"], rows: xyRows, used: 0),
        // the defect goes in the target: a text feature may become categorical (contract, "Real tables")
        Subcommand(name: "tune", arguments: ["tune", "--model", "linear", "--target", "y", "--prior", "gaussian", "--lambdas", "5", "--folds", "3"],
                   header: ["x", "y"], rows: xyRows, used: 1),
        Subcommand(name: "compare", arguments: ["compare", "--model", "gaussian", "--resamples", "99"] + sampler, header: ["x", "y"], rows: xyRows, used: 0),
    ]

    /// `arguments` with `option` set to `value` (replaced where present, appended otherwise).
    static func setting(_ arguments: [String], _ option: String, _ value: String) -> [String] {
        guard let i = arguments.firstIndex(of: option), i + 1 < arguments.count else { return arguments + [option, value] }
        var result = arguments
        result[i + 1] = value
        return result
    }

    // MARK: the catalog

    /// Every subcommand on good data (exit 0), then each data defect.
    static let dataDefects: [Hostile] = subcommands.flatMap { s -> [Hostile] in
        let run = s.arguments + ["--format", "json", "@data"]
        func h(_ what: String, _ data: [UInt8]?, _ codes: Set<Int32>) -> Hostile { Hostile(name: "\(s.name): \(what)", arguments: run, data: data, codes: codes) }
        return [
            h("good data", s.with(s.rows[2][s.used]), [0]),
            h("a file that does not exist", nil, [65]),
            h("an empty file", [], [65]),
            h("a header only", bytes(s.header.joined(separator: ",") + "\n"), [65]),
            h("text in a used numeric column", s.with("abc"), [65]),
            h("an inf cell", s.with("inf"), [65]),
            h("a -Infinity cell", s.with("-Infinity"), [65]),
            h("1e999 (overflows to inf)", s.with("1e999"), [65]),
            h("a row with a cell too many", s.with(s.rows[2][s.used] + ",7"), [65]),
            // missing cells (empty, NA, …) are dropped by default (`--missing drop`), and refused under
            // `--missing error`; a draws file never has one
            h("an empty cell (missing)", s.with(""), s.name == "summarize" ? [65] : [0]),
            h("an NA cell (missing)", s.with("NA"), s.name == "summarize" ? [65] : [0]),
        ] + (s.name == "summarize" ? [] : [
            Hostile(name: "\(s.name): an NA cell under --missing error", arguments: s.arguments + ["--missing", "error", "--format", "json", "@data"],
                    data: s.with("NA"), codes: [65]),
        ])
    }

    /// Every subcommand (demo too) × bad options.
    static let optionDefects: [Hostile] = (subcommands.map { ($0.name, $0.arguments + ["@data"], $0.name == "summarize" ? draws : xy) }
        + [("demo", ["demo"], xy)]).flatMap { name, run, data -> [Hostile] in
        let bad = [("--model", "frobnicate"), ("--prior", "frobnicate"), ("--level", "0"), ("--level", "1"), ("--level", "-1"),
                   ("--level", "nan"), ("--level", "abc"), ("--seed", "-1"), ("--seed", "abc"), ("--threads", "0"), ("--format", "xml")]
        return bad.map { option, value in
            Hostile(name: "\(name) \(option) \(value)", arguments: setting(run, option, value), data: data, codes: [64])
        } + [Hostile(name: "\(name) --frobnicate (unknown flag)", arguments: run + ["--frobnicate"], data: data, codes: [64])]
    }

    static func fit(_ model: String, _ extra: [String] = [], command: String = "fit") -> [String] {
        [command, "--model", model] + extra + ["@data"]
    }
    static func column(_ values: [String]) -> [UInt8] { bytes("x\n" + values.joined(separator: "\n") + "\n") }

    /// A value outside each family's support (the third of four).
    static let outside: [(model: String, values: [String], extra: [String])] = [
        ("exponential", ["1", "2", "-0.5", "1.5"], []), ("gamma", ["1", "2", "-0.5", "1.5"], []),
        ("poisson", ["1", "2", "-1", "3"], []), ("lognormal", ["1", "2", "-1", "3"], []), ("lognormal", ["1", "2", "0", "3"], []),
        ("bernoulli", ["1", "0", "2", "1"], []), ("bernoulli", ["1", "0", "0.5", "1"], []), ("beta", ["0.2", "0.4", "2", "0.6"], []),
        ("beta", ["0.2", "0.4", "-0.2", "0.6"], []), ("poisson", ["1", "2", "1.5", "3"], []),
        ("binomial", ["1", "2", "2.5", "3"], ["--trials", "10"]), ("binomial", ["1", "2", "11", "3"], ["--trials", "10"]),
        ("binomial", ["1", "2", "-1", "3"], ["--trials", "10"]),
    ]
    static let support: [Hostile] = outside.map { model, values, extra in
        Hostile(name: "fit \(model) with \(values[2])", arguments: fit(model, extra), data: column(values), codes: [65])
    } + [
        Hostile(name: "sample exponential with -3", arguments: ["sample", "--model", "exponential"] + sampler + ["@data"], data: column(["1", "-3", "2"]), codes: [65]),
        Hostile(name: "laplace poisson with 2.5", arguments: fit("poisson", command: "laplace"), data: column(["1", "2.5", "2"]), codes: [65]),
        Hostile(name: "bootstrap beta with 1.5", arguments: ["bootstrap", "--model", "beta", "--resamples", "99", "@data"], data: column(["0.2", "1.5", "0.4"]), codes: [65]),
        Hostile(name: "fit gaussian on one row (too few rows)", arguments: fit("gaussian"), data: column(["1"]), codes: [65]),
        Hostile(name: "fit binomial without --trials", arguments: fit("binomial"), data: column(["1", "2"]), codes: [64]),
        Hostile(name: "fit without --model", arguments: ["fit", "@data"], data: xy, codes: [64]),
        Hostile(name: "fit without a file", arguments: ["fit", "--model", "gaussian"], data: xy, codes: [64]),
        Hostile(name: "an unknown subcommand", arguments: ["frobnicate", "@data"], data: xy, codes: [64]),
        Hostile(name: "fit gaussian --prior beta(2,2) (a prior the family does not take)", arguments: fit("gaussian", ["--prior", "beta(2,2)"]), data: xy, codes: [64]),
        Hostile(name: "fit bernoulli --prior beta(-1,2)", arguments: fit("bernoulli", ["--prior", "beta(-1,2)"]), data: column(["1", "0"]), codes: [64]),
        Hostile(name: "fit --column that does not exist", arguments: fit("gaussian", ["--column", "nope"]), data: xy, codes: [64]),
        Hostile(name: "fit gaussian on values that overflow", arguments: fit("gaussian"), data: column(["1e308", "1.5e308", "1.7e308", "-1e308"]), codes: [70]),
    ]

    static let separated = bytes("x,y\n-2,0\n-1.5,0\n-1,0\n-0.5,0\n0.5,1\n1,1\n1.5,1\n2,1\n")
    static let collinear = bytes("x1,x2,y\n1,3,1.2\n2,5,1.9\n3,7,3.2\n4,9,3.8\n5,11,5.1\n6,13,6.2\n7,15,6.8\n8,17,8.1\n")
    static let classes = bytes("x1,x2,y\n" + (1...24).map { i in "\(number(sin(Double(i)))),\(number(cos(2.0 * Double(i)))),\((0.618034 * Double(i)).truncatingRemainder(dividingBy: 1) < 0.5 ? 1 : 0)" }.joined(separator: "\n") + "\n")
    static func target(_ value: String) -> [UInt8] { bytes("x1,x2,y\n1,2,0\n2,1,1\n3,5,\(value)\n4,3,1\n5,4,0\n6,2,1\n") }

    static let regressions: [Hostile] = [
        Hostile(name: "fit logistic on overlapping classes", arguments: ["fit", "--model", "logistic", "--target", "y", "--format", "json", "@data"], data: classes, codes: [0]),
        Hostile(name: "fit linear --target unknown", arguments: ["fit", "--model", "linear", "--target", "nope", "@data"], data: classes, codes: [64]),
        Hostile(name: "fit linear --features with an unknown one", arguments: ["fit", "--model", "linear", "--target", "y", "--features", "x1,nope", "@data"], data: classes, codes: [64]),
        Hostile(name: "fit linear without --target", arguments: ["fit", "--model", "linear", "@data"], data: classes, codes: [64]),
        Hostile(name: "fit logistic, a target of 2", arguments: ["fit", "--model", "logistic", "--target", "y", "@data"], data: target("2"), codes: [65]),
        Hostile(name: "fit logistic, a target of 0.5", arguments: ["fit", "--model", "logistic", "--target", "y", "@data"], data: target("0.5"), codes: [65]),
        Hostile(name: "fit poisson-regression, a target of -1", arguments: ["fit", "--model", "poisson-regression", "--target", "y", "@data"], data: target("-1"), codes: [65]),
        Hostile(name: "fit softmax, a target of 1.5", arguments: ["fit", "--model", "softmax", "--target", "y", "@data"], data: target("1.5"), codes: [65]),
        Hostile(name: "fit logistic, separated classes", arguments: ["fit", "--model", "logistic", "--target", "y", "@data"], data: separated, codes: [70]),
        Hostile(name: "bootstrap logistic, separated classes", arguments: ["bootstrap", "--model", "logistic", "--target", "y", "--resamples", "99", "@data"], data: separated, codes: [70]),
        Hostile(name: "fit linear, collinear features", arguments: ["fit", "--model", "linear", "--target", "y", "@data"], data: collinear, codes: [70]),
        Hostile(name: "laplace linear flat, collinear features", arguments: ["laplace", "--model", "linear", "--target", "y", "@data"], data: collinear, codes: [70]),
        Hostile(name: "tune binomial groups, complete pooling", arguments: ["tune", "--model", "binomial", "--column", "k", "--trials-column", "n", "--method", "evidence", "@data"],
                data: bytes("k,n\n10,40\n10,40\n10,40\n"), codes: [70]),
        Hostile(name: "fit linear --prior gaussian --lambda nan", arguments: ["fit", "--model", "linear", "--target", "y", "--prior", "gaussian", "--lambda", "nan", "@data"], data: classes, codes: [64]),
        Hostile(name: "fit linear --prior gaussian --lambda -1", arguments: ["fit", "--model", "linear", "--target", "y", "--prior", "gaussian", "--lambda=-1", "@data"], data: classes, codes: [64]),
        Hostile(name: "fit linear --prior elastic-net --mix 2", arguments: ["fit", "--model", "linear", "--target", "y", "--prior", "elastic-net", "--mix", "2", "@data"], data: classes, codes: [64]),
    ]

    /// Sizes no run can hold or finish: refused before any work.
    static let absurd: [Hostile] = [
        ["bootstrap", "--statistic", "mean", "--resamples", "1000000000000"], ["bootstrap", "--statistic", "mean", "--resamples=-1"],
        ["bootstrap", "--statistic", "mean", "--resamples", "9223372036854775807"],
        ["sample", "--model", "gaussian", "--draws", "9223372036854775807"], ["sample", "--model", "gaussian", "--thin", "9223372036854775807"],
        ["sample", "--model", "gaussian", "--warmup", "9223372036854775807"], ["sample", "--model", "gaussian", "--chains", "1000000000"],
        ["sample", "--model", "gaussian", "--draws", "0"], ["sample", "--model", "gaussian", "--chains", "4", "--chain-id", "5"],
        ["sample", "--model", "gaussian", "--draws", "99999999999999999999"],
        ["compare", "--model", "gaussian", "--resamples", "1000000000000"], ["compare", "--model", "gaussian", "--draws", "9223372036854775807"],
        ["tune", "--model", "linear", "--target", "y", "--prior", "gaussian", "--lambdas", "1000000000000"],
    ].map { Hostile(name: $0.joined(separator: " "), arguments: $0 + ["@data"], data: xy, codes: [64], seconds: 2) }

    static let ten = bytes(csv(["x", "y"], Array(xyRows.prefix(10))))
    static let tuneRun = ["tune", "--model", "linear", "--target", "y", "--prior", "gaussian", "--lambdas", "5"]
    static let bootRun = ["bootstrap", "--statistic", "mean", "--resamples", "99"]
    static let compareRun = ["compare", "--model", "gaussian", "--resamples", "99"] + sampler

    /// Options of one subcommand: shards, merges, draws files, subsamples, folds and grids.
    static let subcommandOptions: [Hostile] = ["0/2", "3/2", "a/b", "1/0", "1/2/3", "-1/2"].map {
        Hostile(name: "bootstrap --shard \($0)", arguments: bootRun + ["--shard=\($0)", "--replicates-out", "@dir/r.csv", "@data"], data: xy, codes: [64])
    } + [
        Hostile(name: "bootstrap --shard without --replicates-out", arguments: bootRun + ["--shard", "1/2", "@data"], data: xy, codes: [64]),
        Hostile(name: "bootstrap --merge a CSV that is no replicates file", arguments: bootRun + ["@data", "--merge", "@data"], data: xy, codes: [65]),
        Hostile(name: "bootstrap --merge an empty file", arguments: bootRun + ["@data", "--merge", "@empty"], data: xy, codes: [65]),
        Hostile(name: "bootstrap --merge a file that does not exist", arguments: bootRun + ["@data", "--merge", "@dir/none.csv"], data: xy, codes: [65]),
        Hostile(name: "bootstrap --statistic frobnicate", arguments: ["bootstrap", "--statistic", "frobnicate", "@data"], data: xy, codes: [64]),
        Hostile(name: "bootstrap --statistic quantile:2", arguments: ["bootstrap", "--statistic", "quantile:2", "@data"], data: xy, codes: [64]),
        Hostile(name: "bootstrap --statistic correlation without --columns", arguments: ["bootstrap", "--statistic", "correlation", "@data"], data: xy, codes: [64]),
        Hostile(name: "bootstrap --method frobnicate", arguments: bootRun + ["--method", "frobnicate", "@data"], data: xy, codes: [64]),
        Hostile(name: "bootstrap without --statistic or --model", arguments: ["bootstrap", "@data"], data: xy, codes: [64]),
        Hostile(name: "summarize a draws file with a draw missing", arguments: ["summarize", "@data"],
                data: bytes(csv(drawsHeader, drawsRows.filter { $0[1] != "7" })), codes: [65]),
        Hostile(name: "summarize a draws file cut mid-row", arguments: ["summarize", "@data"], data: Array(draws.prefix(draws.count - 9)), codes: [65]),
        Hostile(name: "summarize a draws file with accepted__ 2", arguments: ["summarize", "@data"],
                data: bytes(csv(drawsHeader, drawsRows.map { $0[1] == "4" ? Array($0.prefix(3)) + ["2", $0[4]] : $0 })), codes: [65]),
        Hostile(name: "summarize a draws file with NUL bytes", arguments: ["summarize", "@data"], data: Array(draws.prefix(200)) + [0, 0, 0] + Array(draws.dropFirst(200)), codes: [65]),
        Hostile(name: "summarize a CSV that is no draws file", arguments: ["summarize", "@data"], data: xy, codes: [65]),
        Hostile(name: "summarize the same chains twice", arguments: ["summarize", "@data", "@data"], data: draws, codes: [65]),
        Hostile(name: "summarize without a file", arguments: ["summarize"], data: draws, codes: [64]),
        // one row is too few rows (65), but the value is bad whatever the data (64): either reading
        Hostile(name: "compare --subsample 1", arguments: compareRun + ["--subsample", "1", "@data"], data: xy, codes: [64, 65]),
        Hostile(name: "compare --subsample 0,abc", arguments: compareRun + ["--subsample", "0,abc", "@data"], data: xy, codes: [64]),
        Hostile(name: "compare --subsample 5,", arguments: compareRun + ["--subsample", "5,", "@data"], data: xy, codes: [64]),
        Hostile(name: "tune --folds 1", arguments: tuneRun + ["--folds", "1", "@data"], data: ten, codes: [64]),
        // more folds than rows: a bad value for these data (64) or too few rows (65)
        Hostile(name: "tune --folds 100000 on 10 rows", arguments: tuneRun + ["--folds", "100000", "@data"], data: ten, codes: [64, 65], seconds: 2),
        Hostile(name: "tune --lambda-grid -1,2", arguments: tuneRun + ["--lambda-grid=-1,2", "@data"], data: ten, codes: [64]),
        Hostile(name: "tune --lambda-grid nan", arguments: tuneRun + ["--lambda-grid", "nan", "@data"], data: ten, codes: [64]),
        Hostile(name: "tune --lambda-grid ,", arguments: tuneRun + ["--lambda-grid", ",", "@data"], data: ten, codes: [64]),
        Hostile(name: "tune --method frobnicate", arguments: tuneRun + ["--method", "frobnicate", "@data"], data: ten, codes: [64]),
        Hostile(name: "tune --rule frobnicate", arguments: tuneRun + ["--rule", "frobnicate", "@data"], data: ten, codes: [64]),
        Hostile(name: "tune --loss frobnicate", arguments: tuneRun + ["--loss", "frobnicate", "@data"], data: ten, codes: [64]),
        Hostile(name: "tune --fold-column that does not exist", arguments: tuneRun + ["--fold-column", "nope", "@data"], data: ten, codes: [64]),
        Hostile(name: "tune without a prior", arguments: ["tune", "--model", "linear", "--target", "y", "@data"], data: ten, codes: [64]),
        Hostile(name: "tune a family without groups", arguments: ["tune", "--model", "gaussian", "--prior", "gaussian", "@data"], data: ten, codes: [64]),
    ]

    /// Files that cannot be written: 65 (a directory, or in one that does not exist); not SVG: 64.
    static let outputs: [Hostile] = [
        Hostile(name: "fit --plot into a directory that does not exist", arguments: fit("gaussian", ["--plot", "@dir/nope/x.svg"]), data: xy, codes: [65]),
        Hostile(name: "fit --plot naming a directory", arguments: fit("gaussian", ["--plot", "@svgdir"]), data: xy, codes: [65]),
        Hostile(name: "fit --plot x.txt", arguments: fit("gaussian", ["--plot", "@dir/x.txt"]), data: xy, codes: [64]),
        Hostile(name: "laplace --plot into a directory that does not exist", arguments: fit("gaussian", ["--plot", "@dir/nope/x.svg"], command: "laplace"), data: xy, codes: [65]),
        Hostile(name: "tune --plot into a directory that does not exist", arguments: tuneRun + ["--plot", "@dir/nope/x.svg", "@data"], data: ten, codes: [65]),
        Hostile(name: "sample --draws-out naming a directory", arguments: ["sample", "--model", "gaussian"] + sampler + ["--draws-out", "@dir", "@data"], data: xy, codes: [65]),
        Hostile(name: "sample --draws-out into a directory that does not exist", arguments: ["sample", "--model", "gaussian"] + sampler + ["--draws-out", "@dir/nope/d.csv", "@data"], data: xy, codes: [65]),
        Hostile(name: "compare --draws-out into a directory that does not exist", arguments: compareRun + ["--draws-out", "@dir/nope/d.csv", "@data"], data: xy, codes: [65]),
        Hostile(name: "bootstrap --replicates-out naming a directory", arguments: bootRun + ["--shard", "1/2", "--replicates-out", "@dir", "@data"], data: xy, codes: [65]),
        Hostile(name: "summarize --plot (the trace figure of the draws)", arguments: ["summarize", "--plot", "@dir/x.svg", "@data"], data: draws, codes: [0]),
        Hostile(name: "demo --plot-dir where a file is in the way", arguments: ["demo", "--plot-dir", "@data"], data: xy, codes: [65]),
        Hostile(name: "demo with a file argument", arguments: ["demo", "@data"], data: xy, codes: [64]),
        // being decided: these record today's behaviour (a usage error each)
        Hostile(name: "demo --format json (its sections' numbers)", arguments: ["demo", "--format", "json"], data: nil, codes: [0]),
        Hostile(name: "demo --plot x.svg (no such option: the demo takes --plot-dir)", arguments: ["demo", "--plot", "@dir/x.svg"], data: nil, codes: [64]),
    ]

    static let megabyte = String(repeating: "a", count: 1 << 20)
    static let escape = "\u{1b}[31mred\u{1b}[0m"
    static let randomBinary: [UInt8] = {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        return (0..<4096).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
    }()
    static let wide = bytes((1...20_000).map { "c\($0)" }.joined(separator: ",") + "\n" + (1...3).map { r in (1...20_000).map { "\(($0 + r) % 7)" }.joined(separator: ",") }.joined(separator: "\n") + "\n")

    /// Raw bytes, control bytes and sizes in cells, column names, option values and paths.
    static let raw: [(String, [UInt8], Set<Int32>)] = [
        ("a NUL in a cell", [UInt8]("x\n1\n2".utf8) + [0] + [UInt8]("\n3\n".utf8), [65]),
        ("an escape sequence in a cell", bytes("x\n1\n\(escape)\n3\n"), [65]),
        ("a DEL in a cell", bytes("x\n1\n2\u{7f}\n3\n"), [65]),
        ("a C1 control (U+009B) in a cell", bytes("x\n1\n2\u{9b}3\n3\n"), [65]),
        ("a bare 0x9b byte in a cell", [UInt8]("x\n1\n2".utf8) + [0x9B] + [UInt8]("\n3\n".utf8), [65]),
        ("a bell and a backspace in a cell", bytes("x\n1\n\u{07}\u{08}2\n3\n"), [65]),
        ("UTF-16 with a BOM", [0xFF, 0xFE] + "x\n1\n2\n3\n".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }, [65]),
        ("random binary", randomBinary, [65]),
        ("an unbalanced quote (a newline in the cell)", bytes("x\n1\n\"2\n3\n4\n"), [65]),
        ("a 1 MB cell of letters", bytes("x\n1\n\(megabyte)\n3\n"), [65]),
        ("a 1 MB cell of digits (overflows to inf)", bytes("x\n1\n" + String(repeating: "9", count: 1 << 20) + "\n3\n"), [65]),
        ("a 1 MB column name, text in it", bytes("\(megabyte)\n1\nabc\n3\n"), [65]),
        ("an escape sequence in a column name, text in it", bytes("\(escape)\n1\nabc\n3\n"), [65]),
        ("a quoted newline and tab in a column name, text in it", bytes("\"a\nb\tc\"\n1\nabc\n3\n"), [65]),
        ("a Latin-1 column name, text in it", [0x63, 0x61, 0x66, 0xE9, 0x0A] + bytes("1\nabc\n3\n"), [65]),
        ("duplicate column names", bytes("x,x\n1,2\n3,4\n"), [65]),
        ("an empty column name", bytes("x,\n1,2\n3,4\n"), [65]),
        ("a row with a cell too few", bytes("x,y\n1,2\n3\n5,6\n"), [65]),
        ("only blank lines", bytes("\n\n\r\n  \n"), [65]),
        ("a 20,000-column header, one row short", Array(wide.dropLast(3)) + [0x0A], [65]),
        ("CRLF line ends", bytes("x\r\n1\r\n2.5\r\n3\r\n"), [0]),
        ("a UTF-8 BOM", [0xEF, 0xBB, 0xBF] + bytes("x\n1\n2.5\n3\n"), [0]),
    ]
    static let rawBytes: [Hostile] = raw.map { Hostile(name: "fit gaussian: \($0.0)", arguments: fit("gaussian", ["--format", "json"]), data: $0.1, codes: $0.2) } + [
        Hostile(name: "fit --column nope on a 20,000-column header", arguments: fit("gaussian", ["--column", "nope"]), data: wide, codes: [64]),
        Hostile(name: "fit linear --target nope on a 20,000-column header", arguments: ["fit", "--model", "linear", "--target", "nope", "@data"], data: wide, codes: [64]),
        Hostile(name: "fit --column nope, a 1 MB column name", arguments: fit("gaussian", ["--column", "nope"]), data: bytes("\(megabyte)\n1\n2\n"), codes: [65]),  // a name past 64 KB is refused when the header is read
        Hostile(name: "fit --column nope, an escape in a column name", arguments: fit("gaussian", ["--column", "nope"]), data: bytes("\(escape)\n1\n2\n"), codes: [64]),
        Hostile(name: "fit --column naming a control byte", arguments: fit("gaussian", ["--column", "\u{1b}[2J\u{07}"]), data: xy, codes: [64]),
        Hostile(name: "fit --column with 1 MB", arguments: fit("gaussian", ["--column", megabyte]), data: xy, codes: [64]),
        Hostile(name: "fit --model with an escape sequence", arguments: ["fit", "--model", escape, "@data"], data: xy, codes: [64]),
        Hostile(name: "fit --model with 1 MB", arguments: ["fit", "--model", megabyte, "@data"], data: xy, codes: [64]),
        Hostile(name: "fit --prior with a newline", arguments: fit("gaussian", ["--prior", "normal(0,1)\nboom"]), data: xy, codes: [64]),
        Hostile(name: "fit --prior with 1 MB", arguments: fit("gaussian", ["--prior", megabyte]), data: xy, codes: [64]),
        Hostile(name: "fit --seed with an escape sequence", arguments: fit("gaussian", ["--seed", escape]), data: xy, codes: [64]),
        Hostile(name: "fit --level with 1 MB", arguments: fit("gaussian", ["--level", megabyte]), data: xy, codes: [64]),
        Hostile(name: "fit an unknown flag with an escape sequence", arguments: fit("gaussian", ["--\(escape)"]), data: xy, codes: [64]),
        // 16 KB: the suggestion for an unknown flag takes time linear in its length (1 MB: pendingFixes)
        Hostile(name: "fit an unknown flag of 16 KB", arguments: fit("gaussian", ["--" + String(repeating: "a", count: 16_384)]), data: xy, codes: [64]),
        Hostile(name: "fit a path with a newline and an escape that does not exist", arguments: ["fit", "--model", "gaussian", "@dir/no\n\(escape).csv"], data: nil, codes: [65]),
        Hostile(name: "fit a 20,000-character path that does not exist", arguments: ["fit", "--model", "gaussian", "@dir/" + String(repeating: "d/", count: 10_000) + "x.csv"], data: nil, codes: [65]),
        Hostile(name: "fit a directory as the data file", arguments: ["fit", "--model", "gaussian", "@dir"], data: nil, codes: [65]),
        Hostile(name: "tune --lambda-grid with an escape sequence", arguments: tuneRun + ["--lambda-grid", "1,\(escape)", "@data"], data: ten, codes: [64]),
        Hostile(name: "bootstrap --shard with 1 MB", arguments: bootRun + ["--shard", megabyte, "--replicates-out", "@dir/r.csv", "@data"], data: xy, codes: [64]),
        Hostile(name: "compare --subsample with an escape sequence", arguments: compareRun + ["--subsample", escape, "@data"], data: xy, codes: [64]),
    ]

    /// Runs that hang, trap, exhaust memory or take far too long today: not run (they would take
    /// the test run down or stall it); each moves to a table above once answered in time.
    static let pendingFixes: [Hostile] = [
        // 64 and one line, but after 27 s in a debug build: ArgumentParser's "did you mean"
        // compares the 1 MB name with every option (a shell passes at most 128 KB: ≈ 3.5 s)
        Hostile(name: "fit an unknown flag of 1 MB", arguments: fit("gaussian", ["--\(megabyte)"]), data: xy, codes: [64], seconds: 2),
    ]

    static let catalog = dataDefects + optionDefects + support + regressions + absurd + subcommandOptions + outputs + rawBytes

    @Test func catalogIsLargeAndNamedUniquely() {
        #expect(Self.catalog.count >= 130)
        #expect(Set(Self.catalog.map(\.name)).count == Self.catalog.count)
    }

    /// A line's problems: too long, or a control character (C0 but the final newline, DEL, C1).
    static func problems(_ line: Substring) -> [String] {
        var found: [String] = []
        if line.unicodeScalars.count > 400 { found.append("\(line.unicodeScalars.count) characters (> 400)") }
        if let bad = line.unicodeScalars.first(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
            found.append("control character U+\(String(bad.value, radix: 16, uppercase: true))")
        }
        return found
    }

    /// `text` cut to 200 characters, control characters written as \u{XX}.
    static func shown(_ text: String) -> String {
        String(text.prefix(200).unicodeScalars.map { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) ? "\\u{\(String($0.value, radix: 16))}" : String($0) }.joined())
    }

    @Test(arguments: catalog)
    func hostileInputGetsTheContractsAnswer(_ hostile: Hostile) throws {
        let directory = scratch.url.path
        let svgDirectory = scratch.url.appendingPathComponent("fig.svg")
        try FileManager.default.createDirectory(at: svgDirectory, withIntermediateDirectories: true)
        let empty = scratch.url.appendingPathComponent("empty.csv")
        try Data().write(to: empty)
        let data = scratch.url.appendingPathComponent(hostile.data == nil ? "does-not-exist.csv" : "data.csv")
        if let bytes = hostile.data { try Data(bytes).write(to: data) }
        let arguments = hostile.arguments.map { argument in
            argument == "@data" ? data.path : argument == "@svgdir" ? svgDirectory.path : argument == "@empty" ? empty.path
                : argument.replacingOccurrences(of: "@dir", with: directory)
        }
        let clock = ContinuousClock()
        let start = clock.now
        let outcome = InferMain.execute(arguments)
        let elapsed = clock.now - start
        let report = "exit \(outcome.exitCode), stderr \"\(Self.shown(outcome.errors))\""
        #expect(hostile.codes.contains(outcome.exitCode), "\(report)")
        if let seconds = hostile.seconds { #expect(elapsed < .seconds(seconds), "took \(elapsed): not refused before the work") }
        let lines = outcome.errors.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(outcome.errors.isEmpty || outcome.errors.hasSuffix("\n"), "\(report)")
        for line in lines {
            let problems = Self.problems(line)
            #expect(problems.isEmpty, "\(problems.joined(separator: ", ")): \(report)")
        }
        if outcome.exitCode == 0 {
            #expect(lines.allSatisfy { $0.hasPrefix("infer: warning: ") }, "\(report)")
            if arguments.contains("--format"), arguments.contains("json") {
                #expect(outcome.output.filter { $0 == "\n" }.count == 1, "not one JSON line: \(Self.shown(outcome.output))")
                #expect(try JSONSerialization.jsonObject(with: Data(outcome.output.utf8)) is [String: Any])
            }
        } else {
            #expect(lines.count == 1, "\(lines.count) lines: \(report)")
            #expect(outcome.errors.hasPrefix("infer: error: "), "\(report)")
            #expect(outcome.output.isEmpty, "standard output: \(Self.shown(outcome.output))")
        }
    }
}

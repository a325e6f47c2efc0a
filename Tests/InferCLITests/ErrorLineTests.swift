import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import InferCLI
import Testing
import TestSupport

/// Whatever the input, an error is one line of printable text of bounded length: cells, column
/// names, paths and option values are quoted with their control characters escaped and cut.
@Suite struct ErrorLineTests {
    let scratch = ScratchDirectory()

    func file(_ bytes: [UInt8]) throws -> String {
        let url = scratch.url.appendingPathComponent("\(UUID()).csv")
        try Data(bytes).write(to: url)
        return url.path
    }

    func expectOnePrintableLine(_ outcome: InferMain.Outcome, _ code: Int32, _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(outcome.exitCode == code, "\(outcome.errors)", sourceLocation: sourceLocation)
        #expect(outcome.output.isEmpty, sourceLocation: sourceLocation)
        let line = outcome.errors.dropLast()
        #expect(outcome.errors.hasSuffix("\n") && !line.contains("\n"), "\(outcome.errors)", sourceLocation: sourceLocation)
        #expect(line.unicodeScalars.allSatisfy { $0.value >= 0x20 && !(0x7F...0x9F).contains($0.value) }, "\(outcome.errors)", sourceLocation: sourceLocation)
        #expect(line.count <= 400, "\(line.count) characters", sourceLocation: sourceLocation)
        #expect(outcome.errors.contains(fragment), "\(outcome.errors)", sourceLocation: sourceLocation)
    }

    /// A feature whose squares overflow fails every regression fit, which then blamed something
    /// else (collinear, not converged, a singular ridge system, a λ grid without range, and a
    /// leave-one-out that ran minutes); each says so now, naming the cell. (A lasso's grid still
    /// has its top, where every weight is 0 and the fit works: a cross-validation there selects
    /// it, and warns of the other λs.)
    @Test func aFeatureTooLargeForAnyFitIsNamed() throws {
        let rows = (0..<40).map { i in "\(i == 2 ? "1e300" : String(format: "%.3f", sin(Double(i)))),\(i % 2)" }
        let data = try file(Array((["x,y"] + rows).joined(separator: "\n").utf8) + [10])
        let cell = "row 3, column x: 1e+300 is too large for a regression's feature"
        for arguments in [
            ["fit", "--model", "linear"], ["fit", "--model", "logistic"], ["fit", "--model", "poisson-regression"],
            ["fit", "--model", "linear", "--prior", "gaussian", "--lambda", "1"], ["bootstrap", "--model", "logistic", "--resamples", "99"],
            ["tune", "--model", "linear", "--prior", "gaussian", "--method", "loo"], ["tune", "--model", "softmax", "--prior", "laplace", "--method", "loo"],
        ] {
            expectOnePrintableLine(InferMain.execute(arguments + ["--target", "y", data]), 65, cell)
        }
    }

    @Test func cellsAndNamesAreEscapedAndCut() throws {
        // an unbalanced quote runs a cell over three lines; it was echoed raw
        expectOnePrintableLine(InferMain.execute(["fit", "--model", "gaussian", try file(Array("x\n1\n\"2\n3\n4\n".utf8))]), 65,
                               #"column x: '"2\n3\n4' is not a number"#)
        expectOnePrintableLine(InferMain.execute(["fit", "--model", "gaussian", try file(Array("x\n1\n\u{1B}[31mred\u{7F}\n".utf8))]), 65,
                               #"'\u{1b}[31mred\u{7f}' is not a number"#)
        let longName = String(repeating: "n", count: 60_000)
        expectOnePrintableLine(InferMain.execute(["fit", "--model", "gaussian", "--column", "q", try file(Array("\(longName)\n1\n".utf8))]), 64,
                               "(59970 more characters)")
        // a file with no newline is one long header name: refused before it is copied (a 200 MB
        // one took 1.2 GB of memory to reject)
        expectOnePrintableLine(InferMain.execute(["fit", "--model", "gaussian", try file([UInt8](repeating: 0x31, count: 20_000_000))]), 65,
                               "header: column 1's name is 20000000 bytes long (at most 65536)")
        let longCell = String(repeating: "7", count: 1_000_000) + "z"
        expectOnePrintableLine(InferMain.execute(["fit", "--model", "gaussian", try file(Array("x\n1\n\(longCell)\n".utf8))]), 65, "more characters)' is not a number")
        expectOnePrintableLine(InferMain.execute(["fit", "--model", String(repeating: "m", count: 1_000_000), try file(Array("x\n1\n".utf8))]), 64,
                               "The value 'mmm")
        expectOnePrintableLine(InferMain.execute(["fit", "--model", "gaussian\u{1B}]0;title\u{7}", try file(Array("x\n1\n".utf8))]), 64,
                               #"The value 'gaussian\u{1b}]0;title\u{7}' is invalid for '--model <model>'. Please provide one of 'bernoulli', "#)
    }

    /// UTF-16 (with or without a byte-order mark) and binary files are named as such, not
    /// echoed byte by byte.
    @Test func textThatIsNotUTF8CSVIsNamed() throws {
        let utf16 = [UInt8]([0xFF, 0xFE]) + Array("x\n1\n".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        expectOnePrintableLine(InferMain.execute(["fit", "--model", "gaussian", try file(utf16)]), 65, "is UTF-16 text")
        let bare = Array("x\n1\n".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        expectOnePrintableLine(InferMain.execute(["fit", "--model", "gaussian", try file(bare)]), 65, "has a NUL byte on line 1")
        var state: UInt32 = 12345  // a fixed LCG: the same bytes every run
        let binary = (0..<4096).map { _ -> UInt8 in
            state = state &* 1_664_525 &+ 1_013_904_223
            return UInt8(state >> 24)
        } + [0]
        expectOnePrintableLine(InferMain.execute(["fit", "--model", "gaussian", try file(binary)]), 65, "it is not CSV text")
    }

    /// Standard output and figures carry no raw control character either: JSON writes C1
    /// characters and DEL as \u00XX (it once wrote them raw, and for a moment as Swift's
    /// \u{9f}, which is no JSON), a table escapes them, and a figure's text stays well-formed XML.
    @Test func outputsAndFiguresEscapeControlCharacters() throws {
        let name = "a\u{1B}[31m\u{9F}b"
        let data = try file(Array("\"\(name)\",y\n1.0,2.1\n2.0,2.9\n3.5,4.6\n4.0,4.8\n".utf8))
        for format in ["json", "table"] {
            // the feature's name is a parameter's name
            let outcome = InferMain.execute(["fit", "--model", "linear", "--target", "y", "--format", format, data])
            #expect(outcome.exitCode == 0)
            #expect(outcome.output.unicodeScalars.allSatisfy { $0 == "\n" || ($0.value >= 0x20 && !(0x7F...0x9F).contains($0.value)) })
            if format == "json" {
                let object = try #require(JSONSerialization.jsonObject(with: Data(outcome.output.utf8)) as? [String: Any])
                #expect((object["parameters"] as? [[String: Any]])?.contains { $0["name"] as? String == name } == true)
            }
        }
        let figure = scratch.url.appendingPathComponent("f.svg")
        #expect(InferMain.execute(["fit", "--model", "gaussian", "--column", name, "--plot", figure.path, data]).exitCode == 0)
        _ = try XMLDocument(data: try Data(contentsOf: figure))
    }

    /// A header of 200,000 columns is read in linear time (duplicates through a set: the
    /// quadratic search took 13 s for 80,000), and a duplicate among them is named.
    @Test func aWideHeaderIsLinear() throws {
        let names = (0..<200_000).map { "c\($0)" }
        let text = names.joined(separator: ",") + ",c7\n" + Array(repeating: "1", count: 200_001).joined(separator: ",") + "\n"
        let started = Date()
        expectOnePrintableLine(InferMain.execute(["fit", "--model", "gaussian", try file(Array(text.utf8))]), 65, "column name c7 appears twice")
        #expect(Date().timeIntervalSince(started) < 10)
    }
}

import Foundation
import Inference
import Testing
import TestSupport

@Suite struct DatasetTests {
    func parse(_ text: String) throws(InferenceError) -> Dataset { try Dataset.parse(csv: text, source: "data.csv") }

    func message(_ text: String) -> String? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            #expect(error.exitCode == 65)
            return error.message
        }
    }

    @Test func parsesColumnsWithQuotesSpacesAndCRLF() throws {
        let dataset = try parse("\u{FEFF}\"a\", b ,c\r\n1, 2.5,-3e2\r\n\"4\",5,6.25E-1\r\n\r\n")
        #expect(dataset.columnNames == ["a", "b", "c"])
        #expect(dataset.columns == [[1, 4], [2.5, 5], [-300, 0.625]])
        #expect(dataset.rowCount == 2)
        #expect(try dataset.column(named: "b") == [2.5, 5])
    }

    @Test func parsesNumbersExactly() throws {
        let texts = ["0.1", "123456789012345678901234", "1e-320", "2.2250738585072014e-308", "9007199254740993",
                     "0.30000000000000004", "-0.0", "+17", ".5", "5.", "1.7976931348623157e308", "4.9e-324"]
        let dataset = try parse("x\n" + texts.joined(separator: "\n"))
        for (text, value) in zip(texts, dataset.columns[0]) {
            #expect(value == Double(text.replacingOccurrences(of: "+", with: "")) ?? .nan, "\(text)")
        }
    }

    @Test func everyMalformedInputIsADataErrorNamingRowAndColumn() {
        #expect(message("") == "data.csv is empty: expected a header row and at least one data row")
        #expect(message("x,y\n") == "data.csv has a header but no data rows")
        #expect(message("x,y\n1,2\n3\n") == "data.csv row 2: 1 cell, but the header has 2 columns (missing column y)")
        #expect(message("x,y\n1,2,3\n") == "data.csv row 1: more cells than the header's 2 columns")
        #expect(message("x,y\n1,2\n3,abc\n") == "data.csv row 2, column y: 'abc' is not a number")
        #expect(message("x,y\n1,\n") == "data.csv row 1, column y: empty cell")
        #expect(message("x\n1\nNaN\n") == "data.csv row 2, column x: NaN is not a finite number")
        #expect(message("x\n-inf\n") == "data.csv row 1, column x: -inf is not a finite number")
        #expect(message("x\n1e999\n") == "data.csv row 1, column x: 1e999 is not a finite number")
        #expect(message("x\n1\n\n2\n") == "data.csv row 2, column x: empty cell")
        #expect(message("x,,z\n1,2,3\n") == "data.csv header: column 2 has no name")
        #expect(message("x,x\n1,2\n") == "data.csv header: column name x appears twice")
        #expect(message("x\n1.2.3\n") == "data.csv row 1, column x: '1.2.3' is not a number")
        #expect(message("x\n0x10\n") == "data.csv row 1, column x: '0x10' is not a number")
        #expect(message("x\n1e\n") == "data.csv row 1, column x: '1e' is not a number")
    }

    @Test func missingFilesAndDirectoriesAreDataErrors() {
        #expect(throws: InferenceError.data("cannot read /nonexistent/file.csv: no such file")) {
            try Dataset.load(path: "/nonexistent/file.csv")
        }
        #expect(throws: InferenceError.data("cannot read /tmp: it is a directory")) { try Dataset.load(path: "/tmp") }
    }

    @Test func loadsAFile() throws {
        let scratch = ScratchDirectory()
        let dataset = try Dataset.load(path: try scratch.file("x,y\n1,2\n3,4\n"))
        #expect(dataset.columns == [[1, 3], [2, 4]])
    }

    /// Files of 8 MiB and more are read in pieces in parallel: the result is the file's.
    @Test func loadsALargeFileReadInPieces() throws {
        let scratch = ScratchDirectory()
        let text = "a,b\n" + (0..<500_000).map { "\(Double($0) / 7),\($0 % 977)" }.joined(separator: "\n") + "\n"
        #expect(text.utf8.count > 8 << 20)
        let dataset = try Dataset.load(path: try scratch.file(text))
        #expect(dataset.rowCount == 500_000)
        let same = dataset == (try parse(text))
        #expect(same)
    }

    @Test func unknownColumnIsAUsageErrorListingTheColumns() throws {
        let dataset = try parse("x,y\n1,2\n")
        #expect(throws: InferenceError.usage("no column named z; the columns are x, y")) { try dataset.column(named: "z") }
    }

    /// Inputs over two MiB are parsed in chunks on every core unless a quote appears in the data;
    /// a quoted first cell forces the sequential pass, which must give the same columns, and an
    /// error deep in a later chunk must still name its true row.
    @Test func parallelParsingMatchesTheSequentialPass() throws {
        var generator = SplitMix(state: 7)
        var lines: [String] = []
        for _ in 0..<120_000 {
            let a = Double(generator.next() % 1_000_000) / 997
            let b = Int(generator.next() % 10_000) - 5_000
            lines.append("\(a),\(b)\(generator.next() % 5 == 0 ? "\r" : "")")
        }
        let body = lines.joined(separator: "\n")
        #expect(body.utf8.count > 2 << 20)
        let parallel = try parse("a,b\n" + body + "\n")
        let sequential = try parse("a,b\n\"" + body.prefix { $0 != "," } + "\"" + body.drop { $0 != "," } + "\n")
        #expect(parallel.rowCount == 120_000)
        let same = parallel == sequential  // (not printed whole on failure: 240,000 values)
        #expect(same)
        var broken = lines
        broken[100_000] = "1,x"
        broken[110_000] = ",2"
        #expect(message("a,b\n" + broken.joined(separator: "\n")) == "data.csv row 100001, column b: 'x' is not a number")
        // an empty line exactly at the split point (the first newline at or after the middle
        // byte of the data): with N = 160,000 lines of 14 bytes (over 2 MiB), an empty line
        // inserted before line N/2 starts at the middle byte
        let fixed = (0..<160_000).map { i in
            let a = String(100_000 + i * 7 % 900_000).dropFirst()  // 5 digits
            return "\(a).0,\(10_000 + i % 90_000)"  // 5 + 2 + 1 + 5 = 13 bytes, 14 with the newline
        }
        #expect(fixed.allSatisfy { $0.utf8.count == 13 })
        for k in [79_999, 80_000, 80_001] {
            var withGap = fixed
            withGap.insert("", at: k)
            #expect(message("a,b\n" + withGap.joined(separator: "\n")) == "data.csv row \(k + 1), column a: empty cell")
        }
        broken = lines
        broken[119_999] = "3"
        #expect(message("a,b\n" + broken.joined(separator: "\n")) == "data.csv row 120000: 1 cell, but the header has 2 columns (missing column b)")
    }

    @Test func constructedDatasetsAreValidated() {
        #expect(throws: InferenceError.self) { try Dataset(columnNames: ["a", "b"], columns: [[1], [1, 2]]) }
        #expect(throws: InferenceError.self) { try Dataset(columnNames: ["a"], columns: [[1, .nan]]) }
        #expect(throws: InferenceError.self) { try Dataset(columnNames: ["a", "a"], columns: [[1], [2]]) }
    }
}

/// The number parser against Swift's correctly rounded `Double(String)` on random decimals:
/// up to 20 digits, exponents across and beyond the exact paths, and halfway cases.
@Suite struct NumberParsingTests {
    @Test func randomDecimalsRoundCorrectly() throws {
        var generator = SplitMix(state: 2026)
        var texts: [String] = []
        for _ in 0..<20_000 {
            let digits = 1 + Int(generator.next() % 20)
            var mantissa = (0..<digits).map { _ in String(generator.next() % 10) }.joined()
            let point = Int(generator.next() % UInt64(digits + 1))
            mantissa.insert(".", at: mantissa.index(mantissa.startIndex, offsetBy: point))
            let exponent = Int(generator.next() % 80) - 40
            texts.append(generator.next() % 3 == 0 ? "\(mantissa)e\(exponent)" : mantissa)
        }
        // exactly halfway between two doubles: 2^53 + 1 and (2^53 + 1) · 10^k / 10^k forms
        texts += ["9007199254740993", "9007199254740993e-5", "900719925474099.3", "1.7976931348623157e308", "0.1e-26",
                  "12345678901234567891e-27", "18446744073709551615", "18446744073709551615e27"]
        let dataset = try Dataset.parse(csv: "x\n" + texts.joined(separator: "\n"))
        for (text, value) in zip(texts, dataset.columns[0]) {
            let expected = try #require(Double(text.hasPrefix(".") ? "0" + text : text))
            #expect(value.bitPattern == expected.bitPattern || (value == 0 && expected == 0), "\(text): \(value) vs \(expected)")
        }
    }
}

/// A tiny deterministic generator for test inputs.
struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

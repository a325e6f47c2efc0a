import Foundation
@testable import Inference
import Testing
import TestSupport

@Suite struct DatasetTests {
    func parse(_ text: String, missing: MissingSpellings = .pandasDefaults) throws(InferenceError) -> Dataset {
        try Dataset.parse(csv: text, source: "data.csv", missing: missing)
    }

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
        #expect(dataset.columns == [.numeric([1, 4]), .numeric([2.5, 5]), .numeric([-300, 0.625])])
        #expect(dataset.rowCount == 2)
        #expect(try dataset.column(named: "b") == [2.5, 5])
    }

    @Test func parsesNumbersExactly() throws {
        let texts = ["0.1", "123456789012345678901234", "1e-320", "2.2250738585072014e-308", "9007199254740993",
                     "0.30000000000000004", "-0.0", "+17", ".5", "5.", "1.7976931348623157e308", "4.9e-324"]
        let dataset = try parse("x\n" + texts.joined(separator: "\n"))
        for (text, value) in zip(texts, dataset.columns[0].numbers!) {
            #expect(value == Double(text.replacingOccurrences(of: "+", with: "")) ?? .nan, "\(text)")
        }
    }

    /// The error of using column `name` of `text` as numbers.
    func useMessage(_ text: String, _ name: String) -> String? {
        do {
            _ = try parse(text).column(named: name)
            return nil
        } catch {
            #expect(error.exitCode == 65)
            return error.message
        }
    }

    @Test func everyMalformedInputIsADataErrorNamingRowAndColumn() {
        #expect(message("") == "data.csv is empty: expected a header row and at least one data row")
        #expect(message("x,y\n") == "data.csv has a header but no data rows")
        #expect(message("x,y\n\n \r\n") == "data.csv has a header but no data rows")
        #expect(message("x,y\n1,2\n3\n") == "data.csv row 2: 1 cell, but the header has 2 columns (missing column y)")
        #expect(message("x,y\n1,2,3\n") == "data.csv row 1: more cells than the header's 2 columns")
        #expect(message("x,,z\n1,2,3\n") == "data.csv header: column 2 has no name")
        #expect(message("x,x\n1,2\n") == "data.csv header: column name x appears twice")
        // cells are checked when their column is used as numbers
        #expect(useMessage("x,y\n1,2\n3,abc\n", "y") == "data.csv row 2, column y: 'abc' is not a number")
        #expect(useMessage("x,y\n1,2\n3,abc\n", "x") == nil)
        #expect(useMessage("x,y\n1,\n", "y") == "data.csv row 1, column y: missing value")
        #expect(useMessage("x\n-inf\n", "x") == "data.csv row 1, column x: -inf is not a finite number")
        #expect(useMessage("x\n1\n1e999\n", "x") == "data.csv row 2, column x: 1e999 is not a finite number")
        #expect(useMessage("x\n1.2.3\n", "x") == "data.csv row 1, column x: '1.2.3' is not a number")
        #expect(useMessage("x\n0x10\n", "x") == "data.csv row 1, column x: '0x10' is not a number")
        #expect(useMessage("x\n1\n2\n1e\n", "x") == "data.csv row 3, column x: '1e' is not a number")
    }

    /// A column of numbers and missing cells is numeric (NaN where missing); any other is text,
    /// its levels sorted by byte order. Blank lines are no rows; pandas' spellings of a missing
    /// cell are missing, or the caller's own.
    @Test func columnsAreNumericOrTextWithMissingCells() throws {
        let text = "n,g,m\n1,b,NA\n\n2,a,\n NaN ,\"B\",3\nnull,a,N/A\n5,,4\n"
        let dataset = try parse(text)
        #expect(dataset.rowCount == 5)
        #expect(dataset.columns[0].numbers.map { $0.map { $0.isNaN ? -1 : $0 } } == [1, 2, -1, -1, 5])
        #expect(dataset.columns[1] == .categorical(levels: ["B", "a", "b"], codes: [2, 1, 0, 1, -1]))
        #expect(dataset.columns[2].numbers.map { $0.map { $0.isNaN ? -1 : $0 } } == [-1, -1, 3, -1, 4])
        // text after numbers turns the column to text, the numbers' own spelling kept
        let mixed = try parse("v\n1.50\n2\nx\n1.50\n")
        #expect(mixed.columns[0] == .categorical(levels: ["1.50", "2", "x"], codes: [0, 1, 2, 0]))
        let own = try parse("v,w\n-999,NA\n3,x\n", missing: MissingSpellings(["-999"]))
        #expect(own.columns[0].numbers.map { $0.map { $0.isNaN ? -1 : $0 } } == [-1, 3])
        #expect(own.columns[1] == .categorical(levels: ["NA", "x"], codes: [0, 1]))
        #expect(Dataset.Column.categorical(["b", nil, "a", "b"]) == .categorical(levels: ["a", "b"], codes: [1, -1, 0, 1]))
    }

    /// Filters, then dropping rows with a missing cell in the used columns only; row numbers
    /// stay the source's, levels no kept row holds are dropped.
    @Test func selectionFiltersDropsAndKeepsRowNumbers() throws {
        let dataset = try parse("x,g,note\n1,a,\n,b,ok\n3,c,\n4,a,hi\n5,b,\n")
        let all = try dataset.selecting(columns: ["x", "g"])
        #expect(all.dropped == 1 && all.dataset.rowCount == 4)
        #expect(all.warning == "dropped 1 row with missing values; first: data.csv row 2, column x")
        let bs = try dataset.selecting(columns: ["g", "x"], where: [RowFilter(parsing: "g != a"), RowFilter(parsing: "x >= 3")])
        #expect(bs.dropped == 0 && bs.dataset.columns[0] == .numeric([3, 5]) && bs.dataset.columnNames == ["x", "g"])
        #expect(bs.dataset.columns[1] == .categorical(levels: ["b", "c"], codes: [1, 0]))
        #expect(bs.dataset.location(1, "x").description == "data.csv row 5, column x")
        #expect(throws: InferenceError.data("data.csv row 2, column x: missing value; leave such rows out (missing drop) or fill them in")) {
            try dataset.selecting(columns: ["x"], missing: .error)
        }
        #expect(throws: InferenceError.data("no rows left: no row passes x > 9")) { try dataset.selecting(columns: ["x"], where: [RowFilter(parsing: "x > 9")]) }
        #expect(throws: InferenceError.self) { try dataset.selecting(columns: ["x"], where: [RowFilter(parsing: "g < a")]) }
        #expect(throws: InferenceError.self) { try RowFilter(parsing: "x 3") }
        let filter = try RowFilter(parsing: "sepal length (cm) <= '5.5'")
        #expect(filter == RowFilter(column: "sepal length (cm)", .lessOrEqual, "5.5"))
        // an error of the kept rows named by the source's row
        let kept = bs.dataset
        #expect(InferenceError.data("bad", at: .init(row: 2)).located(in: kept).message == "data.csv row 5: bad")
    }

    /// A selection keeps the source's row numbers as a list of the rows left out when it keeps
    /// most rows, of those kept otherwise, and through a selection of a selection: each way gives
    /// every kept row its own number.
    @Test func rowNumbersOfSelectionsOfEverySize() throws {
        var generator = SplitMix(state: 5)
        let cells = (0..<2_000).map { _ in generator.next() % 10 }
        let dataset = try parse("x,y\n" + cells.enumerated().map { "\($0.element == 0 ? "" : String($0.element)),\($0.offset)" }.joined(separator: "\n"))
        for filters in [[], ["x > 7"], ["x != 3"]] {
            let selected = try dataset.selecting(columns: ["x", "y"], where: filters.map { try RowFilter(parsing: $0) }).dataset
            let expected = cells.indices.filter { cells[$0] != 0 && (filters.isEmpty || (filters[0] == "x > 7" ? cells[$0] > 7 : cells[$0] != 3)) }
            #expect(selected.rowCount == expected.count)
            #expect((0..<selected.rowCount).map { selected.rowNumber($0) } == expected.map { $0 + 1 })
            #expect(selected.columns[1].numbers == expected.map(Double.init))
            let again = try selected.selecting(columns: ["x"], where: [RowFilter(parsing: "x != 5")]).dataset
            let twice = expected.filter { cells[$0] != 5 }
            #expect((0..<again.rowCount).map { again.rowNumber($0) } == twice.map { $0 + 1 })
        }
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
        #expect(dataset.columns == [.numeric([1, 3]), .numeric([2, 4])])
    }

    /// Files of 8 MiB and more are read in pieces in parallel: the result is the file's.
    @Test func loadsALargeFileReadInPieces() throws {
        let scratch = ScratchDirectory()
        let text = "a,b\n" + (0..<500_000).map { "\(Double($0) / 7),\($0 % 977)" }.joined(separator: "\n") + "\n"
        #expect(text.utf8.count > 8 << 20)
        let dataset = try Dataset.load(path: try scratch.file(text))
        #expect(dataset.rowCount == 500_000)
        let same = dataset.columns == (try parse(text)).columns
        #expect(same)
    }

    /// Text that is no UTF-8 (a Latin-1 file) is a data error naming its first cell, not levels
    /// read with replacement characters (two of which could become one level); so is a header
    /// name. A column not loaded is not read.
    @Test func textThatIsNotUTF8IsADataError() throws {
        func bytesMessage(_ bytes: [UInt8], columns: [String]? = nil) -> String? {
            bytes.withUnsafeBytes { raw -> String? in
                do throws(InferenceError) {
                    _ = try Dataset.parse(csv: raw, source: "data.csv") { _ in columns }
                    return nil
                } catch {
                    return error.message
                }
            }
        }
        let latin1 = Array("a,b\n1,caf".utf8) + [0xE9] + Array("\n2,th".utf8) + [0xE9] + Array("\n3,caf".utf8) + [0xE8] + Array("\n".utf8)
        #expect(bytesMessage(latin1) == "data.csv row 1, column b: the cell is not UTF-8 text (Latin-1, or binary data?): save the file as UTF-8")
        #expect(bytesMessage(latin1, columns: ["a"]) == nil)
        let header = Array("a,".utf8) + [0xE9] + Array("t\n1,2\n".utf8)
        #expect(bytesMessage(header) == "data.csv header: column 2's name is not UTF-8 text (Latin-1, or binary data?): save the file as UTF-8")
        // valid UTF-8 of every length still reads
        #expect(try parse("t\ncafé\n日本\n😀\n").columns == [.categorical(["café", "日本", "😀"])])
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
        // text deep in the last chunk turns the column to text in every chunk, as in one pass
        var broken = lines
        broken[100_000] = "1,x"
        broken[110_000] = ",2"
        let brokenBody = broken.joined(separator: "\n")
        #expect(useMessage("a,b\n" + brokenBody, "b") == "data.csv row 100001, column b: 'x' is not a number")
        #expect(useMessage("a,b\n" + brokenBody, "a") == "data.csv row 110001, column a: missing value")
        let textInParallel = try parse("a,b\n" + brokenBody)
        let textInOnePass = try parse("a,b\n\"" + brokenBody.prefix { $0 != "," } + "\"" + brokenBody.drop { $0 != "," })
        guard case .categorical(let levels, let codes) = textInParallel.columns[1] else {
            Issue.record("column b is not text")
            return
        }
        #expect(textInParallel.columns == textInOnePass.columns)
        #expect(levels[Int(codes[100_000])] == "x" && levels[Int(codes[0])] == lines[0].split(separator: ",")[1].trimmingCharacters(in: .newlines.union(.whitespaces)))
        // an empty line exactly at the split point (the first newline at or after the middle
        // byte of the data): with N = 160,000 lines of 14 bytes (over 2 MiB), an empty line
        // inserted before line N/2 starts at the middle byte
        let fixed = (0..<160_000).map { i in
            let a = String(100_000 + i * 7 % 900_000).dropFirst()  // 5 digits
            return "\(a).0,\(10_000 + i % 90_000)"  // 5 + 2 + 1 + 5 = 13 bytes, 14 with the newline
        }
        #expect(fixed.allSatisfy { $0.utf8.count == 13 })
        let gapless = try parse("a,b\n" + fixed.joined(separator: "\n")).columns
        for k in [79_999, 80_000, 80_001] {
            var withGap = fixed
            withGap.insert("", at: k)
            let gapped = try parse("a,b\n" + withGap.joined(separator: "\n"))
            #expect(gapped.rowCount == 160_000 && gapped.columns == gapless)
        }
        broken = lines
        broken[119_999] = "3"
        #expect(message("a,b\n" + broken.joined(separator: "\n")) == "data.csv row 120000: 1 cell, but the header has 2 columns (missing column b)")
    }

    /// The chunks of a parallel parse write their numbers in place, each from where the newlines
    /// before it put its rows: blank and whitespace-only lines in the first chunk (fewer rows
    /// than newlines, so the later chunk's numbers are moved up), missing and infinite cells in
    /// the second (an infinite cell's row counts the first chunk's rows), a last line without a
    /// newline, and a column that turns to text in the second chunk after the first one
    /// placed its numbers: the columns and messages of the sequential pass.
    @Test func chunksPlaceTheirNumbersWhereTheirRowsBelong() throws {
        var generator = SplitMix(state: 11)
        var lines = (0..<150_000).map { _ in "\(Double(generator.next() % 1_000_000) / 97),\(Int(generator.next() % 1000) - 500)" }
        for k in [10, 11, 5_000, 40_000] { lines[k] = k == 5_000 ? " \t" : "" }  // blank lines early on
        lines[120_000] = "NA,3"
        lines[130_000] = "-inf,4"
        lines[140_000] = ",5"
        let body = lines.joined(separator: "\n")
        #expect(body.utf8.count > 2 << 20)
        let quotedFirst = "a,b\n\"" + body.prefix { $0 != "," } + "\"" + body.drop { $0 != "," }  // a quote: one pass
        let parallel = try parse("a,b\n" + body)
        let sequential = try parse(quotedFirst)
        #expect(parallel.rowCount == 150_000 - 4)
        let same = parallel.columns == sequential.columns
        #expect(same)
        #expect(useMessage("a,b\n" + body, "a") == useMessage(quotedFirst, "a"))
        #expect(useMessage("a,b\n" + body, "a") == "data.csv row 129997, column a: -inf is not a finite number")
        let finite = lines.enumerated().map { $0.offset == 130_000 ? "1,4" : $0.element }.joined(separator: "\n")
        #expect(useMessage("a,b\n" + finite, "a") == "data.csv row 119997, column a: missing value")
        // column b turns to text in the second chunk: its placed numbers are read again as text
        var texts = lines
        texts[149_000] = "1,seven"
        let textBody = texts.joined(separator: "\n") + "\n"
        let textParallel = try parse("a,b\n" + textBody)
        let textSequential = try parse("a,b\n\"" + textBody.prefix { $0 != "," } + "\"" + textBody.drop { $0 != "," })
        let sameText = textParallel.columns == textSequential.columns  // (not printed whole on failure)
        #expect(sameText)
        if case .numeric = textParallel.columns[1] { Issue.record("column b is not text") }
    }

    /// A parallel parse of a long table sizes its columns for the most rows its bytes can hold
    /// (a row of c columns has at least c bytes) and places each chunk's rows after the newlines
    /// before it: where blank lines outnumber that bound, a chunk finds no room and the table is
    /// read in one pass instead, to the same columns.
    @Test func blankLinesBeyondTheRowBoundFallBackToOnePass() throws {
        let row = (0..<10).map(String.init).joined(separator: ",")  // 20 bytes with its newline
        let group = row + String(repeating: "\n", count: 31)  // 31 newlines for 50 bytes
        let body = String(repeating: group, count: 60_000)
        #expect(body.utf8.count > 2 << 20)
        let header = (0..<10).map { "c\($0)" }.joined(separator: ",")
        let parallel = try parse(header + "\n" + body)
        let sequential = try parse(header + "\n\"0\"" + body.dropFirst())
        #expect(parallel.rowCount == 60_000)
        let same = parallel.columns == sequential.columns
        #expect(same)
    }

    /// Text cells are interned by their bytes (a word for texts of up to eight bytes, a hash
    /// beyond): thousands of levels of every length, with prefixes of one another, in a file
    /// parsed in parallel chunks, give the levels and codes of the strings themselves.
    @Test func manyLevelsOfEveryLength() throws {
        var generator = SplitMix(state: 21)
        let alphabet = Array("ab\u{e9}xyz09 -".unicodeScalars)
        let distinct = (0..<3_000).map { k in
            String(String.UnicodeScalarView((0..<(1 + k % 19)).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }))
                .trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty && Double($0) == nil && !["NA", "nan"].contains($0) }
        let texts: [String?] = (0..<200_000).map { i in i % 97 == 0 ? nil : distinct[Int(generator.next() % UInt64(distinct.count))] + (i % 2 == 0 ? "" : "a") }
        let csv = "t,x\n" + texts.enumerated().map { "\($0.element ?? ""),\($0.offset)" }.joined(separator: "\n")
        #expect(csv.utf8.count > 2 << 20)  // parsed in parallel chunks
        let dataset = try parse(csv)
        #expect(dataset.columns[0] == .categorical(texts))
    }

    /// Loading only the columns chosen from the header: the others are skipped cell by cell
    /// (quoted cells with commas included, in one pass and in parallel chunks), still counted
    /// for ragged rows, and named in messages.
    @Test func onlyTheChosenColumnsAreParsed() throws {
        var generator = SplitMix(state: 3)
        let lines = (0..<150_000).map { i in "\(i),\(generator.next() % 1000)x,\(Double(generator.next() % 1000) / 8),skip \(i % 7)" }
        let text = "id,code,value,note\n" + lines.joined(separator: "\n") + "\n"
        #expect(text.utf8.count > 2 << 20)  // parsed in parallel chunks
        let all = try parse(text)
        let some = try Dataset.parse(csv: text, source: "data.csv") { names in names.filter { $0 == "value" || $0 == "code" } }
        #expect(some.columnNames == ["code", "value"] && some.skippedColumns == ["id", "note"])
        #expect(some.columns == [all.columns[1], all.columns[2]])
        #expect(throws: InferenceError.usage("column id was not loaded")) { try some.column(named: "id") }
        #expect(throws: InferenceError.usage("no column named z; the columns are id, code, value, note")) { try some.column(named: "z") }
        // a quoted cell holding commas in a skipped column, and a choice that names no column
        let quoted = try Dataset.parse(csv: "a,b,c\n1,\"x, y\",2\n3,z,4\n") { _ in ["c"] }
        #expect(quoted.columns == [.numeric([2, 4])])
        #expect(try Dataset.parse(csv: "a,b\n1,2\n") { _ in ["zz"] }.columnNames == ["a", "b"])
        // a skipped column's cells still count: a short row is an error naming its missing column
        #expect(throws: InferenceError.data("data.csv row 2: 2 cells, but the header has 3 columns (missing column c)")) {
            try Dataset.parse(csv: "a,b,c\n1,2,3\n4,5\n", source: "data.csv") { _ in ["a"] }
        }
    }

    /// Plain rows are staged a block of rows at a time, each column's stage apart from the next:
    /// tables of 101 and 1,100 columns (blocks of 64 and 59 rows), over several blocks and a
    /// partial one, and with the middle column skipped, keep every number in its own column.
    @Test func wideTablesKeepEveryNumberInItsColumn() throws {
        for (columns, rows) in [(101, 150), (1_100, 130)] {
            let names = (0..<columns).map { "x\($0)" }
            let lines = (0..<rows).map { i in (0..<columns).map { j in "\(i).\(j + 1)" }.joined(separator: ",") }
            let text = names.joined(separator: ",") + "\n" + lines.joined(separator: "\n") + "\n"
            let dataset = try parse(text)
            #expect(dataset.rowCount == rows)
            let exact = (0..<columns).allSatisfy { j in
                dataset.columns[j] == .numeric((0..<rows).map { Double("\($0).\(j + 1)")! })
            }
            #expect(exact)
            let skipped = names[columns / 2]
            let some = try Dataset.parse(csv: text, source: "data.csv") { $0.filter { $0 != skipped } }
            #expect(some.columns.count == columns - 1 && some.columns[columns / 2] == dataset.columns[columns / 2 + 1])
        }
    }

    /// A missing cell is found wherever it lies: in the first or last entry, at the edges of the
    /// scan's vectors of 32, in a long column's later blocks of 256 Ki (read on all cores), and
    /// the earliest of several; a column without one has none.
    @Test func theFirstMissingCellOfAColumnOfAnyLength() throws {
        for count in [1, 31, 32, 33, 100, 1_048_577, 1_310_720] {
            var places = [0, count - 1, count / 2]
            for edge in [31, 32, 33, 262_143, 262_144, 1_048_576] where edge < count { places.append(edge) }
            let clean = (0..<count).map { Double($0 % 7) - 3 }
            #expect(!Dataset.Column.numeric(clean).hasMissing)
            #expect(try Dataset(columnNames: ["x"], columns: [clean]).column(named: "x") == clean)
            for place in places {
                var values = clean
                values[place] = .nan
                if place + 1 < count { values[count - 1] = .nan }  // a later one does not hide it
                #expect(Dataset.Column.numeric(values).hasMissing)
                do {
                    _ = try Dataset(columnNames: ["x"], columns: [values]).column(named: "x")
                    Issue.record("no missing cell found in \(count) entries, NaN at \(place)")
                } catch {
                    #expect(error.location?.row == place + 1, "\(count) entries, NaN at \(place)")
                }
            }
        }
    }

    /// The parse tells which numeric columns have no missing cell, so that using them needs no
    /// scan for one: a column with a missing cell (empty, NA, NaN) is still found to have it, on
    /// its own and after a selection; what the parse knew takes no part in equality.
    @Test func whatTheParseKnowsOfMissingCellsIsExact() throws {
        let text = "a,b,c,d\n1,2,x,4\n,3,y,NaN\nNA,4,,5\n7,5,z,6\n"
        let parsed = try parse(text)
        #expect(try parsed.column(named: "b") == [2, 3, 4, 5])
        #expect(useMessage(text, "a") == "data.csv row 2, column a: missing value")
        #expect(useMessage(text, "d") == "data.csv row 2, column d: missing value")
        #expect(try parsed.selecting(columns: ["b"]).dropped == 0)
        #expect(parsed.isKnownComplete(1) && !parsed.isKnownComplete(0) && !parsed.isKnownComplete(2) && !parsed.isKnownComplete(3))
        let selected = try parsed.selecting(columns: ["a", "b"])
        #expect(selected.dropped == 2)
        #expect(try selected.dataset.column(named: "a") == [1, 7] && selected.dataset.column(named: "b") == [2, 5])
        // the columns a selection cleared of missing cells are known to have none, and so are
        // any rows of a column known to have none (not those of one that has some)
        #expect(selected.dataset.isKnownComplete(0) && selected.dataset.isKnownComplete(1))
        let picked = parsed.rows([3, 0])
        #expect(picked.isKnownComplete(1) && !picked.isKnownComplete(0))
        #expect(useMessage(text, "a") != nil && (try? picked.column(named: "a")) == [7, 1])
        let built = try Dataset(
            columnNames: ["a", "b", "c", "d"],
            columns: [.numeric([1, .nan, .nan, 7]), .numeric([2, 3, 4, 5]), .categorical(["x", "y", nil, "z"]), .numeric([4, .nan, 5, 6])],
            source: "data.csv")
        #expect(parsed == built)
    }

    @Test func constructedDatasetsAreValidated() {
        #expect(throws: InferenceError.self) { try Dataset(columnNames: ["a", "b"], columns: [[1], [1, 2]]) }
        #expect(throws: InferenceError.self) { try Dataset(columnNames: ["a"], columns: [[1, .infinity]]) }
        #expect(throws: InferenceError.self) { try Dataset(columnNames: ["a"], columns: [.categorical(levels: ["x"], codes: [0, 1])]) }
        #expect(throws: InferenceError.self) { try Dataset(columnNames: ["a", "a"], columns: [[1], [2]]) }
    }
}

/// The number parser against Swift's correctly rounded `Double(String)` on random decimals:
/// up to 20 digits, exponents across and beyond the exact paths, and halfway cases.
@Suite struct NumberParsingTests {
    /// Every path of the parser (Clinger's, Eisel–Lemire's, `strtod`'s; digits read one or
    /// eight at a time) on 300,000 texts: the shortest and the 17-digit forms of random doubles
    /// of any magnitude (what `repr` and `%.17g` write), 19- and 20-digit mantissas with
    /// exponents across −330…320, and the halfway points between neighbouring doubles.
    @Test func everyPathRoundsCorrectly() throws {
        var generator = SplitMix(state: 14)
        var texts: [String] = []
        for k in 0..<100_000 {
            let x = Double(bitPattern: generator.next() & 0x7FEF_FFFF_FFFF_FFFF)  // finite, any exponent
            texts.append(k % 2 == 0 ? "\(x)" : String(format: "%.17g", x))
            let digits = 1 + Int(generator.next() % 20)
            var mantissa = String(1 + generator.next() % 9) + (1..<digits).map { _ in String(generator.next() % 10) }.joined()
            if generator.next() % 2 == 0 { mantissa.insert(".", at: mantissa.index(mantissa.startIndex, offsetBy: Int(generator.next() % UInt64(digits)))) }
            texts.append("\(generator.next() % 2 == 0 ? "-" : "")\(mantissa)e\(Int(generator.next() % 651) - 330)")
            // exactly halfway between two doubles, in at most 19 digits: N · 2^q with N odd of 54
            // bits, written o·10^q (q ≥ 0: o = N / 5^q) or (N·5^j)·10^−j (j ≤ 4)
            let q = Int(generator.next() % 28) - 4
            if q >= 0 {
                let power = (0..<q).reduce(UInt64(1)) { value, _ in value * 5 }
                let low = ((1 << 53) + power - 1) / power
                let high = (1 << 54) / power
                guard high > low else { continue }
                let o = (low + generator.next() % (high - low)) | 1
                if o * power < 1 << 54 { texts.append("\(o)e\(q)") }
            } else {
                let power = (0..<(-q)).reduce(UInt64(1)) { value, _ in value * 5 }
                let n = ((1 << 53) + generator.next() % min(1 << 53, 9_999_999_999_999_999_999 / power - (1 << 53))) | 1
                texts.append("\(n * power)e\(q)")
            }
        }
        let dataset = try Dataset.parse(csv: "x\n" + texts.joined(separator: "\n"))
        var wrong: [String] = []
        for (text, value) in zip(texts, dataset.columns[0].numbers!) {
            let expected = try #require(Double(text))
            if value.bitPattern != expected.bitPattern && !(value == 0 && expected == 0) { wrong.append("\(text): \(value) vs \(expected)") }
        }
        #expect(wrong.isEmpty, "\(wrong.count) wrong, e.g. \(wrong.prefix(5))")
    }

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
                  "12345678901234567891e-27", "18446744073709551615", "18446744073709551615e27",
                  // more than 19 digits of which leading zeros make 19 or fewer significant (the
                  // fast path's wrapped word is then the mantissa), and more than 19 significant
                  "0.000000000000000000000123456789", "00000000000000000000001.5", "-0.00000000000000000000000000",
                  "0000000000.0000000000123456789012345678e5", "0.12345678901234567890123", "1234567890123456789.5e-3",
                  ".5", "5.", "+7.25", "-.0625e2"]
        let dataset = try Dataset.parse(csv: "x\n" + texts.joined(separator: "\n"))
        for (text, value) in zip(texts, dataset.columns[0].numbers!) {
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

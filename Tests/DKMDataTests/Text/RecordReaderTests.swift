import DeepKMeans
import DKMTestSupport
import Foundation
import Testing

/// CSV, TSV, JSON Lines and plain-text-lines inputs: detection, fields, quoting, and errors that
/// name the file and the line.
@Suite struct RecordReaderTests {
    func documents(
        _ path: String, format: CorpusFormat? = nil, columns: RecordColumns = RecordColumns(),
        skip: Bool = false
    ) throws -> ([Document], [SkippedDocument]) {
        var options = CorpusOptions()
        options.format = format
        options.columns = columns
        options.badDocuments = skip ? .skip : .stop
        let skipped = Skipped()
        options.onSkip = { skipped.add($0) }
        var found: [Document] = []
        try options.source(for: path).forEachDocument { found.append($0) }
        return (found, skipped.all)
    }

    final class Skipped: @unchecked Sendable {
        var all: [SkippedDocument] = []
        func add(_ document: SkippedDocument) { all.append(document) }
    }

    @Test func csvWithQuotesMultiLineFieldsBOMAndCRLF() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("notes.csv")
        let text = "\u{FEFF}id,body,topic\r\n7,\"soil, compost and \"\"mulch\"\"\",garden\r\n8,\"two\nlines\",space\r\n\r\n9,plain,space"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try CorpusFormat.detect(path) == .csv)
        let (found, _) = try documents(path, columns: RecordColumns(text: "body", id: "id", label: "topic"))
        #expect(found.map(\.id) == ["7", "8", "9"])
        #expect(found.map(\.text) == ["soil, compost and \"mulch\"", "two\nlines", "plain"])
        #expect(found.map(\.label) == ["garden", "space", "space"])
    }

    @Test func tsvAndTheDefaultTextColumn() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("notes.tsv")
        try "text\tother\nfirst note\tx\nsecond, with a comma\ty\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try CorpusFormat.detect(path) == .tsv)
        let (found, _) = try documents(path)
        #expect(found.map(\.text) == ["first note", "second, with a comma"])
        #expect(found.map(\.id) == ["line 2", "line 3"])
    }

    @Test func malformedCSVNamesTheFileAndLine() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("bad.csv")
        try "text,label\nfine,a\nthree,fields,here\nlast,\"open quote\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: DataFileError(file: path, .badRecord(line: 3, "3 fields, but the header has 2"))) {
            try documents(path, columns: RecordColumns(label: "label"))
        }
        // Skipping: both bad records are reported, the good one is kept.
        let (found, skipped) = try documents(path, columns: RecordColumns(label: "label"), skip: true)
        #expect(found.map(\.text) == ["fine"])
        #expect(skipped.map(\.id) == ["\(path):3", "\(path):4"])
        #expect(skipped[1].reason.contains("line 4: a quoted field is not closed"))
        // A missing column lists those there are.
        let error = #expect(throws: DataFileError.self) { try documents(path, columns: RecordColumns(text: "body")) }
        #expect(error?.description.contains("no column 'body'") == true && error?.description.contains("'label'") == true)
    }

    /// Records stream: the documents before a bad record are delivered before it stops the
    /// read (the whole file is not parsed into records first), and the shards of a
    /// distributed run, one after the other, are the whole file in order.
    @Test func csvRecordsStreamAndShardInOrder() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("big.csv")
        let good = (0..<10).map { "note \($0),x\n" }.joined()
        try ("text,label\n" + good + "too,many,fields\n" + String(repeating: "more,y\n", count: 50_000))
            .write(toFile: path, atomically: true, encoding: .utf8)
        var delivered = 0
        #expect(throws: DataFileError(file: path, .badRecord(line: 12, "3 fields, but the header has 2"))) {
            try DelimitedTableReader(path: path).forEachDocument { _ in delivered += 1 }
        }
        #expect(delivered == 10)

        let clean = directory.file("clean.csv")
        try ("text\n" + (0..<10).map { "note \($0)\n" }.joined()).write(toFile: clean, atomically: true, encoding: .utf8)
        var whole: [String] = [], parts: [String] = []
        try DelimitedTableReader(path: clean).forEachDocument { whole.append($0.text) }
        for index in 0..<3 {
            var reader = DelimitedTableReader(path: clean)
            reader.shard = Shard(index: index, count: 3)
            try reader.forEachDocument { parts.append($0.text) }
        }
        #expect(whole.count == 10 && parts == whole)
    }

    /// JSON Lines stream and shard as CSV records do.
    @Test func jsonLinesStreamAndShardInOrder() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("big.jsonl")
        let good = (0..<10).map { "{\"text\": \"note \($0)\"}\n" }.joined()
        try (good + "[not an object]\n" + String(repeating: "{\"text\": \"more\"}\n", count: 50_000))
            .write(toFile: path, atomically: true, encoding: .utf8)
        var delivered = 0
        #expect(throws: DataFileError(file: path, .badRecord(line: 11, "not a JSON object"))) {
            try JSONLinesReader(path: path).forEachDocument { _ in delivered += 1 }
        }
        #expect(delivered == 10)

        let clean = directory.file("clean.jsonl")
        try ("\u{FEFF}" + good + "\n  \n").write(toFile: clean, atomically: true, encoding: .utf8)
        var whole: [String] = [], parts: [String] = []
        try JSONLinesReader(path: clean).forEachDocument { whole.append($0.text) }
        for index in 0..<3 {
            var reader = JSONLinesReader(path: clean)
            reader.shard = Shard(index: index, count: 3)
            try reader.forEachDocument { parts.append($0.text) }
        }
        #expect(whole == (0..<10).map { "note \($0)" } && parts == whole)
    }

    @Test func jsonLinesWithBadLines() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("docs.jsonl")
        let lines = [
            "{\"text\": \"orbit and launch\", \"id\": \"a\", \"y\": 3}", "", "{\"text\": \"compost\", \"id\": 5}",
            "[1, 2]", "{\"body\": \"no text\"}", "{\"text\": \"tail\"}\r",
        ]
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try CorpusFormat.detect(path) == .jsonl)
        #expect(throws: DataFileError(file: path, .badRecord(line: 4, "not a JSON object"))) {
            try documents(path, columns: RecordColumns(id: "id"))
        }
        let (found, skipped) = try documents(path, columns: RecordColumns(id: "id", label: "y"), skip: true)
        #expect(found.map(\.id) == ["a", "5", "line 6"])
        #expect(found.map(\.text) == ["orbit and launch", "compost", "tail"])
        #expect(found.map(\.label) == ["3", nil, nil])
        #expect(skipped.count == 2 && skipped[1].reason.contains("line 5: no text field 'text'"))
        #expect(try CorpusFormat.detect("-") == .jsonl)
    }

    @Test func aTextFileIsADocumentPerLine() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("titles.txt")
        try "first title\n\n  second title  \n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try CorpusFormat.detect(path) == .lines)
        let (found, _) = try documents(path)
        #expect(found.map(\.text) == ["first title", "second title"])
        #expect(found.map(\.id) == ["line 1", "line 3"])
        // Old Mac files end lines in a lone CR, Windows files in CRLF: the same lines.
        for (name, ending) in [("mac.txt", "\r"), ("windows.txt", "\r\n")] {
            let other = directory.file(name)
            try ["first title", "", "  second title  ", ""].joined(separator: ending).write(
                toFile: other, atomically: true, encoding: .utf8)
            let (lines, _) = try documents(other)
            #expect(lines.map(\.text) == ["first title", "second title"] && lines.map(\.id) == ["line 1", "line 3"], "\(name)")
        }
        let empty = directory.file("empty.txt")
        try "".write(toFile: empty, atomically: true, encoding: .utf8)
        #expect(throws: DataFileError.self) { try documents(empty) }
    }

    @Test func repeatedIdsAreRefusedNamingBothLines() throws {
        let directory = TemporaryDirectory()
        let csv = directory.write("a.csv", "key,text\n5,one\n6,two\n5,three\n")
        do {
            try DelimitedTableReader(path: csv, columns: RecordColumns(id: "key")).forEachDocument { _ in }
            Issue.record("a repeated id was read")
        } catch let error as DataFileError {
            #expect(error.description.contains("line 4") && error.description.contains("'5' is line 2's too"), "\(error)")
        }
        // Without an id column, records are numbered and never repeat.
        var numbered = 0
        try DelimitedTableReader(path: csv).forEachDocument { _ in numbered += 1 }
        #expect(numbered == 3)
        // 5 and "5" are one id; with --skip-bad the first is kept.
        let jsonl = directory.write("a.jsonl", "{\"id\": 5, \"text\": \"one\"}\n{\"id\": \"5\", \"text\": \"two\"}\n")
        #expect(throws: DataFileError.self) { try JSONLinesReader(path: jsonl, columns: RecordColumns(id: "id")).forEachDocument { _ in } }
        var reader = JSONLinesReader(path: jsonl, columns: RecordColumns(id: "id"))
        reader.badDocuments = .skip
        var kept: [String] = []
        try reader.forEachDocument { kept.append($0.text) }
        #expect(kept == ["one"])
        // Order entries that alias one message.
        let order = directory.write("order.tsv", "path\ng/0\n./g/1\ng/./0\n")
        do {
            _ = try NewsgroupsReader.readOrder(order)
            Issue.record("an order naming g/0 twice was accepted")
        } catch let error as DataFileError {
            #expect(error.description.contains("line 4") && error.description.contains("line 2"), "\(error)")
        }
        #expect(try NewsgroupsReader.readOrder(directory.write("fine.tsv", "path\n./g/0\ng/1\n")) == ["g/0", "g/1"])
    }

    @Test func aNullTextAndABinaryStopWordFileAreNamedAsSuch() throws {
        let directory = TemporaryDirectory()
        let jsonl = directory.write("a.jsonl", "{\"text\": null}\n")
        do {
            try JSONLinesReader(path: jsonl).forEachDocument { _ in }
            Issue.record("a null text was read")
        } catch let error as DataFileError {
            #expect(error.description.contains("the text field 'text' is null"), "\(error)")
        }
        let binary = directory.write("stop.bin", [0x7F, 0x45, 0x4C, 0x46, 0, 0, 1, 2] + Array("the\n".utf8))
        do {
            _ = try StopWords.read(binary)
            Issue.record("a binary stop-word file was read")
        } catch let error as DataFileError {
            #expect(error.description.contains("a binary file"), "\(error)")
        }
    }
}

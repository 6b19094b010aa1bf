import DeepKMeans
import Testing

@Suite struct USPSReaderTests {
    func line(label: String, pixels: [String]) -> String { ([label] + pixels).joined(separator: " ") + " \n" }

    @Test func readsTrainAndTestInOrder() throws {
        let directory = TemporaryDirectory()
        let train = line(label: "6.0000", pixels: Array(repeating: "-1.0000", count: 256))
            + line(label: "5.0000", pixels: Array(repeating: "0.5000", count: 256))
        let test = line(label: "9", pixels: Array(repeating: "1", count: 256))
        directory.writeGzip("zip.train.gz", Array(train.utf8))
        directory.write("zip.test", test)
        let data = try ImageDatasets.usps(directory: directory.path)
        #expect(data.labels == [6, 5, 9])
        guard case .dense(let pixels) = data.features else { Issue.record("expected dense pixels"); return }
        #expect(pixels.rows == 3 && pixels.columns == 256)
        #expect(pixels[1, 10] == 0.5 && pixels[2, 255] == 1 && pixels[0, 0] == -1)
    }

    @Test func malformedLinesNameFileLineAndField() {
        let directory = TemporaryDirectory()
        let short = directory.write("short.txt", line(label: "1", pixels: Array(repeating: "0", count: 255)))
        #expect(throws: DataFileError(file: short, .badShape(expected: "257 fields on line 1", found: "256"))) {
            try USPSReader.read(short)
        }
        var pixels = Array(repeating: "0", count: 256)
        pixels[3] = "abc"
        let text = directory.write("text.txt", line(label: "1", pixels: Array(repeating: "0", count: 256)) + line(label: "2", pixels: pixels))
        #expect(throws: DataFileError(file: text, .badValue(line: 2, column: 5, found: "'abc' is not a number"))) {
            try USPSReader.read(text)
        }
        let label = directory.write("label.txt", line(label: "12", pixels: Array(repeating: "0", count: 256)))
        #expect(throws: DataFileError.self) { try USPSReader.read(label) }
        let range = directory.write("range.txt", line(label: "1", pixels: Array(repeating: "3", count: 256)))
        #expect(throws: DataFileError.self) { try USPSReader.read(range) }
        let empty = directory.write("empty.txt", "")
        #expect(throws: DataFileError(file: empty, .empty)) { try USPSReader.read(empty) }
        #expect(throws: DataFileError(file: directory.file("none"), .notFound)) { try USPSReader.read(directory.file("none")) }
    }

    @Test func splitFilesAreCheckedAgainstTheDataSet() throws {
        let directory = TemporaryDirectory()
        directory.write("split/validation", "3\r\n0\r\n")
        directory.write("split/test", "1\r\n2\r\n4\r\n")
        let split = try EvaluationSplit(directory: directory.file("split"), pointCount: 5)
        #expect(split.validation == [3, 0] && split.test == [1, 2, 4])
        #expect(throws: DataFileError.self) { try EvaluationSplit(directory: directory.file("split"), pointCount: 4) }
    }
}

import DeepKMeans
import DKMTestSupport
import Foundation
import Testing

@Suite struct USPSReaderTests {
    func line(label: String, pixels: [String]) -> String { ([label] + pixels).joined(separator: " ") + " \n" }

    @Test func readsTrainAndTestInOrder() throws {
        let directory = TemporaryDirectory()
        let train =
            line(label: "6.0000", pixels: Array(repeating: "-1.0000", count: 256))
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
        let text = directory.write(
            "text.txt", line(label: "1", pixels: Array(repeating: "0", count: 256)) + line(label: "2", pixels: pixels))
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

    /// LIBSVM's copy: labels are digit + 1, features sparse (absent = 0), read from .bz2 files
    /// (here the test part as two concatenated bzip2 streams); used only without ESL files.
    @Test func readsLIBSVMCopyWhenThereIsNoESLCopy() throws {
        let directory = TemporaryDirectory()
        let train = "7 1:-1 2:0.5 256:1 \n10 3:-0.25\n"
        directory.writeBzip2("usps.bz2", Array(train.utf8))
        directory.writeBzip2("usps.t.bz2", Array("1 1:1\n".utf8), streams: 2)
        let data = try ImageDatasets.usps(directory: directory.path)
        #expect(data.labels == [6, 9, 0, 0])
        guard case .dense(let pixels) = data.features else { Issue.record("expected dense pixels"); return }
        #expect(pixels.rows == 4 && pixels.columns == 256)
        #expect(pixels[0, 0] == -1 && pixels[0, 1] == 0.5 && pixels[0, 2] == 0 && pixels[0, 255] == 1)
        #expect(pixels[1, 2] == -0.25 && pixels.values[256..<512].filter { $0 != 0 }.count == 1)
        #expect(pixels[3, 0] == 1)
        // With ESL files beside them, the ESL files are read.
        directory.write("zip.train", line(label: "3", pixels: Array(repeating: "0", count: 256)))
        directory.write("zip.test", line(label: "4", pixels: Array(repeating: "0", count: 256)))
        #expect(try ImageDatasets.usps(directory: directory.path).labels == [3, 4])
    }

    @Test func malformedLIBSVMLinesNameFileLineAndField() {
        let directory = TemporaryDirectory()
        func expectError(_ text: String, _ error: DataFileError.Problem) {
            let file = directory.write("case.txt", text)
            #expect(throws: DataFileError(file: file, error)) { try USPSLIBSVMReader.read(file) }
        }
        expectError("0 1:0.5\n", .badValue(line: 1, column: 1, found: "label '0' is not 1-10 (LIBSVM's digit + 1)"))
        expectError("1 1:0.5\n2 3:0.1 2:0.2\n", .badValue(line: 2, column: 3, found: "index 2 is not in 4...256"))
        expectError("1 257:0.5\n", .badValue(line: 1, column: 2, found: "index 257 is not in 1...256"))
        expectError("1 4-0.5\n", .badValue(line: 1, column: 2, found: "'4-0.5' is not index:value"))
        expectError("1 4:2\n", .badValue(line: 1, column: 2, found: "2.0 is outside [-1, 1]"))
        let corrupt = directory.write("usps.bz2", Array("BZh9 not really bzip2".utf8))
        #expect(throws: DataFileError.self) { try USPSLIBSVMReader.read(corrupt) }
        let truncated = directory.writeBzip2("t.bz2", Array(String(repeating: "1 1:0.5\n", count: 200).utf8))
        let bytes = try! FileBytes.read(truncated, limit: 1 << 20)  // whole: fine
        #expect(bytes.count == 1600)
        let cut = directory.write("cut.bz2", Array((try! Data(contentsOf: URL(fileURLWithPath: truncated))).dropLast(10)))
        #expect(throws: DataFileError.self) { try FileBytes.read(cut) }
    }
}

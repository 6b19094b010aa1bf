import DeepKMeans
import Testing

@Suite struct IDXArrayTests {
    @Test(arguments: IDXArray.ElementType.allCases)
    func roundTripsEveryElementType(type: IDXArray.ElementType) throws {
        let values: [Double] =
            switch type {
            case .unsignedByte: [0, 1, 127, 255, 3, 9]
            case .signedByte: [-128, -1, 0, 1, 127, 5]
            case .short: [-32768, -2, 0, 300, 32767, 7]
            case .int: [-2_000_000_000, -1, 0, 65_536, 2_000_000_000, 4]
            case .float: [-1.5, 0, 0.25, 3.75, 1e6, -2]
            case .double: [-1e-300, 0, 0.1, 3.141592653589793, 1e300, 2]
            }
        let bytes = IDXArray.encode(values, dimensions: [2, 3], type: type)
        let array = try IDXArray(bytes: bytes, file: "generated.idx")
        #expect(array.elementType == type)
        #expect(array.dimensions == [2, 3])
        #expect((0..<6).map { array.element($0) } == values)
    }

    @Test func readsRawAndGzippedFiles() throws {
        let directory = TemporaryDirectory()
        let bytes = IDXArray.encode((0..<24).map(Double.init), dimensions: [2, 3, 4], type: .unsignedByte)
        let raw = directory.write("images-idx3-ubyte", bytes)
        let packed = directory.writeGzip("images-idx3-ubyte.gz", bytes)
        for path in [raw, packed] {
            let array = try IDXArray(contentsOf: path)
            #expect(array.dimensions == [2, 3, 4])
            #expect(array.floats(scale: 0.5) == (0..<24).map { Float($0) * 0.5 })
        }
    }

    @Test func truncatedFileNamesTheFileAndSizes() {
        let bytes = IDXArray.encode((0..<24).map(Double.init), dimensions: [2, 3, 4], type: .unsignedByte)
        #expect(throws: DataFileError(file: "t.idx", .truncated(expectedBytes: 40, foundBytes: 30))) {
            try IDXArray(bytes: Array(bytes.prefix(30)), file: "t.idx")
        }
        #expect(throws: DataFileError(file: "t.idx", .truncated(expectedBytes: 16, foundBytes: 10))) {
            try IDXArray(bytes: Array(bytes.prefix(10)), file: "t.idx")
        }
        #expect(throws: DataFileError(file: "t.idx", .trailingBytes(expectedBytes: 40, foundBytes: 41))) {
            try IDXArray(bytes: bytes + [0], file: "t.idx")
        }
        #expect(throws: DataFileError(file: "t.idx", .empty)) { try IDXArray(bytes: [], file: "t.idx") }
    }

    @Test func wrongMagicIsRejected() {
        var bytes = IDXArray.encode([1, 2], dimensions: [2], type: .unsignedByte)
        bytes[2] = 0x07
        #expect(throws: DataFileError.self) { try IDXArray(bytes: bytes, file: "bad.idx") }
        let text = Array("hello world, not idx".utf8)
        do {
            _ = try IDXArray(bytes: text, file: "notes.txt")
            Issue.record("a text file was accepted as IDX")
        } catch let error as DataFileError {
            #expect(error.file == "notes.txt")
            #expect(error.description.contains("magic number 68 65 6c 6c"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func hugeDeclaredDimensionsFailBeforeAllocating() {
        // 4 dimensions of 2^32 - 1 each would overflow; the header alone decides.
        let bytes: [UInt8] = [0, 0, 8, 4] + [UInt8](repeating: 0xFF, count: 16)
        #expect(throws: DataFileError.self) { try IDXArray(bytes: bytes, file: "bomb.idx") }
    }

    @Test func corruptedGzipIsATypedError() throws {
        let directory = TemporaryDirectory()
        let bytes = IDXArray.encode((0..<2000).map { Double($0 % 256) }, dimensions: [2000], type: .unsignedByte)
        let packed = directory.writeGzip("labels.gz", bytes)
        let compressed = try FileBytes.read(packed, limit: 1 << 20)
        #expect(compressed.count == bytes.count)  // read() gunzips
        let raw = [UInt8](try Data(contentsOf: URL(fileURLWithPath: packed)))
        let truncated = directory.write("truncated.gz", Array(raw.prefix(raw.count / 2)))
        #expect(throws: DataFileError.self) { try IDXArray(contentsOf: truncated) }
        var flipped = raw
        flipped[raw.count / 2] ^= 0xFF
        let corrupt = directory.write("corrupt.gz", flipped)
        #expect(throws: DataFileError.self) { try IDXArray(contentsOf: corrupt) }
        #expect(throws: DataFileError(file: packed, .tooLarge(limitBytes: 100))) { try FileBytes.read(packed, limit: 100) }
    }

    @Test func mnistLayoutChecksShapesAndOrdersByLabel() throws {
        let directory = TemporaryDirectory()
        // 3 training images of 2x2, labels 2, 0, 2; 2 test images, labels 1, 0.
        directory.write("train-images-idx3-ubyte", IDXArray.encode((0..<12).map(Double.init), dimensions: [3, 2, 2], type: .unsignedByte))
        directory.write("train-labels-idx1-ubyte", IDXArray.encode([2, 0, 2], dimensions: [3], type: .unsignedByte))
        directory.write(
            "t10k-images-idx3-ubyte", IDXArray.encode((100..<108).map(Double.init), dimensions: [2, 2, 2], type: .unsignedByte))
        directory.write("t10k-labels-idx1-ubyte", IDXArray.encode([1, 0], dimensions: [2], type: .unsignedByte))
        let data = try ImageDatasets.mnist(directory: directory.path)
        #expect(data.labels == [0, 2, 2, 0, 1])
        guard case .dense(let pixels) = data.features else { Issue.record("expected dense pixels"); return }
        #expect(pixels.rows == 5 && pixels.columns == 4)
        #expect(pixels.row(0).map { ($0 * 255).rounded() } == [4, 5, 6, 7])
        #expect(pixels.row(1).map { ($0 * 255).rounded() } == [0, 1, 2, 3])
        #expect(pixels.row(3).map { ($0 * 255).rounded() } == [104, 105, 106, 107])
        // A label file that does not match the image count.
        directory.write("t10k-labels-idx1-ubyte", IDXArray.encode([1, 0, 0], dimensions: [3], type: .unsignedByte))
        #expect(throws: DataFileError.self) { try ImageDatasets.mnist(directory: directory.path) }
        // Images with the wrong rank.
        directory.write("t10k-labels-idx1-ubyte", IDXArray.encode([1, 0], dimensions: [2], type: .unsignedByte))
        directory.write("t10k-images-idx3-ubyte", IDXArray.encode((0..<8).map(Double.init), dimensions: [2, 4], type: .unsignedByte))
        #expect(throws: DataFileError.self) { try ImageDatasets.mnist(directory: directory.path) }
        #expect(throws: DataFileError.self) { try ImageDatasets.mnist(directory: directory.file("missing")) }
        // Labels stored as floats that are not whole numbers (found by fuzzing: NaN crashed).
        directory.write(
            "t10k-images-idx3-ubyte", IDXArray.encode((100..<108).map(Double.init), dimensions: [2, 2, 2], type: .unsignedByte))
        for bad in [Double.nan, .infinity, 0.5, 1e300] {
            directory.write("t10k-labels-idx1-ubyte", IDXArray.encode([1, bad], dimensions: [2], type: .double))
            let error = try #require(throws: DataFileError.self) { try ImageDatasets.mnist(directory: directory.path) }
            #expect(error.file.hasSuffix("t10k-labels-idx1-ubyte"))
        }
        #expect(try IDXArray(bytes: IDXArray.encode([1, 0], dimensions: [2], type: .float), file: "f").integers() == [1, 0])
        // One NaN or infinite pixel in a float image file: the file and the image are named.
        directory.write("t10k-labels-idx1-ubyte", IDXArray.encode([1, 0], dimensions: [2], type: .unsignedByte))
        for bad in [Double.nan, -.infinity] {
            var values = (100..<108).map(Double.init)
            values[6] = bad
            directory.write("t10k-images-idx3-ubyte", IDXArray.encode(values, dimensions: [2, 2, 2], type: .float))
            let error = try #require(throws: DataFileError.self) { try ImageDatasets.mnist(directory: directory.path) }
            #expect(
                error.file.hasSuffix("t10k-images-idx3-ubyte")
                    && error.description.contains("image 1 holds a value that is not a finite number"))
        }
    }
}

import DKMTestSupport
import Foundation

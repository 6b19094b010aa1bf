import Foundation

/// The safetensors format (Hugging Face): an 8-byte little-endian header length, a JSON header
/// naming each tensor's dtype, shape and byte range, then the raw little-endian data.
/// We write and read F32 tensors; Python's `safetensors` and PyTorch load the files.
public enum SafeTensors {
    public struct Tensor: Equatable, Sendable {
        public var shape: [Int]
        public var values: [Float]

        public init(shape: [Int], values: [Float]) {
            precondition(shape.reduce(1, *) == values.count, "shape \(shape) does not hold \(values.count) values")
            self.shape = shape
            self.values = values
        }

        public init(_ matrix: Matrix) { self.init(shape: [matrix.rows, matrix.columns], values: matrix.values) }

        /// As a matrix: 2-D tensors keep their shape, 1-D ones become a single row.
        public var matrix: Matrix? {
            switch shape.count {
            case 2: Matrix(rows: shape[0], columns: shape[1], values: values)
            case 1: Matrix(rows: 1, columns: shape[0], values: values)
            default: nil
            }
        }
    }

    /// Encodes tensors (in name order) and string metadata.
    public static func encode(_ tensors: [String: Tensor], metadata: [String: String] = [:]) throws -> [UInt8] {
        var header: [String: Any] = [:]
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var offset = 0
        let names = tensors.keys.sorted()
        for name in names {
            let tensor = tensors[name]!
            let size = tensor.values.count * 4
            header[name] = ["dtype": "F32", "shape": tensor.shape, "data_offsets": [offset, offset + size]] as [String: Any]
            offset += size
        }
        var json = [UInt8](try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys]))
        // Pad the header with spaces so the data starts 8-byte aligned (as the reference writer does).
        while json.count % 8 != 0 { json.append(0x20) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + json.count + offset)
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: json)
        for name in names {
            for value in tensors[name]!.values {
                withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
            }
        }
        return bytes
    }

    /// The JSON header of a safetensors file, reading no more of the file than the header.
    public static func header(ofFile path: String, limit: Int = 1 << 20) throws -> String {
        let handle = try BoundedFile(path)
        let length = try handle.read(8)
        guard length.count == 8 else { throw DataFileError(file: path, .truncated(expectedBytes: 8, foundBytes: length.count)) }
        let size = length.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard size <= UInt64(limit) else { throw DataFileError(file: path, .badHeader("a header of \(size) bytes")) }
        return String(decoding: try handle.read(Int(size)), as: UTF8.self)
    }

    /// What `decode` does with a tensor of another type than F32.
    public enum OtherTypes: Sendable { case refuse, skip }

    /// The size of each element type safetensors names, in bytes.
    static let typeSizes = ["F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "I16": 2, "I8": 1, "U8": 1, "BOOL": 1]

    /// Decodes a file's bytes, checking every declared size against the real one first.
    /// Only F32 tensors are read; others stop the decoding or, with `.skip`, are left out.
    public static func decode(
        _ bytes: [UInt8], file: String,
        otherTypes: OtherTypes = .refuse
    ) throws -> (tensors: [String: Tensor], metadata: [String: String]) {
        guard bytes.count >= 8 else { throw DataFileError(file: file, .truncated(expectedBytes: 8, foundBytes: bytes.count)) }
        let headerLength = bytes[0..<8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard headerLength <= UInt64(bytes.count - 8) else {
            throw DataFileError(
                file: file, .badHeader("header length \(headerLength) exceeds the file's \(bytes.count - 8) remaining bytes"))
        }
        let dataStart = 8 + Int(headerLength)
        guard let header = try? JSONSerialization.jsonObject(with: Data(bytes[8..<dataStart])) as? [String: Any] else {
            throw DataFileError(file: file, .badHeader("the header is not a JSON object"))
        }
        let dataLength = bytes.count - dataStart
        var tensors: [String: Tensor] = [:]
        var metadata: [String: String] = [:]
        for (name, value) in header {
            if name == "__metadata__" {
                guard let entries = value as? [String: String] else {
                    throw DataFileError(file: file, .badHeader("__metadata__ must map strings to strings"))
                }
                metadata = entries
                continue
            }
            guard let entry = value as? [String: Any], let dtype = entry["dtype"] as? String,
                let shape = entry["shape"] as? [Int], let offsets = entry["data_offsets"] as? [Int], offsets.count == 2
            else {
                throw DataFileError(file: file, .badHeader("tensor '\(name)' needs dtype, shape and two data_offsets"))
            }
            guard dtype == "F32" || (otherTypes == .skip && typeSizes[dtype] != nil) else {
                throw DataFileError(file: file, .badHeader("tensor '\(name)' is \(dtype); only F32 is read"))
            }
            guard shape.allSatisfy({ $0 >= 0 }) else {
                throw DataFileError(file: file, .badHeader("tensor '\(name)' has a negative dimension"))
            }
            let (count, overflow) = shape.reduce((1, false)) { partial, d in
                let (p, o) = partial.0.multipliedReportingOverflow(by: d)
                return (p, partial.1 || o)
            }
            let (byteCount, byteOverflow) = count.multipliedReportingOverflow(by: typeSizes[dtype]!)
            guard !overflow, !byteOverflow, offsets[0] >= 0, offsets[0] <= offsets[1], offsets[1] <= dataLength,
                offsets[1] - offsets[0] == byteCount
            else {
                throw DataFileError(
                    file: file,
                    .badHeader("tensor '\(name)': data_offsets \(offsets) do not fit shape \(shape) in \(dataLength) data bytes"))
            }
            if dtype != "F32" { continue }
            let start = dataStart + offsets[0]
            let values = [Float](unsafeUninitializedCapacity: count) { values, initialized in
                bytes.withUnsafeBytes { raw in
                    for i in 0..<count {
                        values[i] = Float(
                            bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: start + 4 * i, as: UInt32.self)))
                    }
                }
                initialized = count
            }
            tensors[name] = Tensor(shape: shape, values: values)
        }
        return (tensors, metadata)
    }
}

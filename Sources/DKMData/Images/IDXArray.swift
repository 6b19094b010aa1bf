import Foundation
import DKMCore

/// An array in the IDX format of the MNIST files: magic 0 0 type rank, big-endian dimensions,
/// then the values big-endian, last dimension fastest.
public struct IDXArray: Sendable {
    public enum ElementType: UInt8, Sendable, CaseIterable {
        case unsignedByte = 0x08
        case signedByte = 0x09
        case short = 0x0B
        case int = 0x0C
        case float = 0x0D
        case double = 0x0E

        public var size: Int {
            switch self {
            case .unsignedByte, .signedByte: 1
            case .short: 2
            case .int, .float: 4
            case .double: 8
            }
        }
    }

    public let elementType: ElementType
    public let dimensions: [Int]
    /// Number of values (the product of the dimensions).
    public let count: Int
    private let bytes: [UInt8]
    private let headerSize: Int

    /// Reads an IDX file, raw or gzip-compressed.
    public init(contentsOf path: String) throws {
        try self.init(bytes: FileBytes.read(path), file: path)
    }

    public init(bytes: [UInt8], file: String) throws {
        guard !bytes.isEmpty else { throw DataFileError(file: file, .empty) }
        guard bytes.count >= 4 else { throw DataFileError(file: file, .truncated(expectedBytes: 4, foundBytes: bytes.count)) }
        guard bytes[0] == 0, bytes[1] == 0, let type = ElementType(rawValue: bytes[2]), bytes[3] >= 1 else {
            let found = bytes.prefix(4).map { String(format: "%02x", $0) }.joined(separator: " ")
            throw DataFileError(file: file, .badMagic(expected: "00 00 <08|09|0b|0c|0d|0e> <rank >= 1>", found: found))
        }
        let rank = Int(bytes[3])
        let headerSize = 4 + 4 * rank
        guard bytes.count >= headerSize else {
            throw DataFileError(file: file, .truncated(expectedBytes: headerSize, foundBytes: bytes.count))
        }
        var dimensions: [Int] = []
        var elements = 1
        // An array with a zero dimension has no elements, however large the others are.
        let empty = (0..<rank).contains { IDXArray.bigEndianUInt32(bytes, at: 4 + 4 * $0) == 0 }
        for d in 0..<rank {
            let size = IDXArray.bigEndianUInt32(bytes, at: 4 + 4 * d)
            dimensions.append(Int(size))
            if empty { elements = 0; continue }
            // Check the declared size against the real one before anything is allocated.
            let (product, overflow) = elements.multipliedReportingOverflow(by: Int(size))
            guard !overflow, product <= bytes.count else {
                let expected = overflow ? Int.max : headerSize + product * type.size
                throw DataFileError(file: file, .truncated(expectedBytes: expected, foundBytes: bytes.count))
            }
            elements = product
        }
        let expected = headerSize + elements * type.size
        guard bytes.count >= expected else { throw DataFileError(file: file, .truncated(expectedBytes: expected, foundBytes: bytes.count)) }
        guard bytes.count == expected else {
            throw DataFileError(file: file, .trailingBytes(expectedBytes: expected, foundBytes: bytes.count))
        }
        self.elementType = type
        self.dimensions = dimensions
        self.count = elements
        self.bytes = bytes
        self.headerSize = headerSize
    }

    /// Value `index` (in storage order) as a Double.
    public func element(_ index: Int) -> Double {
        let at = headerSize + index * elementType.size
        switch elementType {
        case .unsignedByte: return Double(bytes[at])
        case .signedByte: return Double(Int8(bitPattern: bytes[at]))
        case .short: return Double(Int16(bitPattern: UInt16(bytes[at]) << 8 | UInt16(bytes[at + 1])))
        case .int: return Double(Int32(bitPattern: IDXArray.bigEndianUInt32(bytes, at: at)))
        case .float: return Double(Float(bitPattern: IDXArray.bigEndianUInt32(bytes, at: at)))
        case .double:
            let high = UInt64(IDXArray.bigEndianUInt32(bytes, at: at)), low = UInt64(IDXArray.bigEndianUInt32(bytes, at: at + 4))
            return Double(bitPattern: high << 32 | low)
        }
    }

    /// All values as Float, times `scale`.
    public func floats(scale: Float = 1) -> [Float] { floats(rows: 0..<count, width: 1, scale: scale) }

    /// The values of the given rows (of `width` values each, in storage order) as Float, times `scale`.
    public func floats<C: Collection>(rows: C, width: Int, scale: Float = 1) -> [Float] where C.Element == Int {
        var values: [Float] = []
        values.reserveCapacity(rows.count * width)
        for row in rows {
            let range = row * width..<(row + 1) * width
            if elementType == .unsignedByte {
                for byte in bytes[(headerSize + range.lowerBound)..<(headerSize + range.upperBound)] { values.append(Float(byte) * scale) }
            } else {
                for i in range { values.append(Float(element(i)) * scale) }
            }
        }
        return values
    }

    /// All values as integers (for label files); nil when one is not a whole number that fits
    /// an Int (a float file with NaN, infinity or 0.5, say).
    public func integers() -> [Int]? {
        var values: [Int] = []
        values.reserveCapacity(count)
        for i in 0..<count {
            let value = element(i)
            guard value.isFinite, value == value.rounded(), abs(value) < 0x1p62 else { return nil }
            values.append(Int(value))
        }
        return values
    }

    /// Encodes values as an IDX file (used by tests and tools that write IDX).
    public static func encode(_ values: [Double], dimensions: [Int], type: ElementType) -> [UInt8] {
        var bytes: [UInt8] = [0, 0, type.rawValue, UInt8(dimensions.count)]
        func append32(_ v: UInt32) { bytes += [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        for d in dimensions { append32(UInt32(d)) }
        for v in values {
            switch type {
            case .unsignedByte: bytes.append(UInt8(v))
            case .signedByte: bytes.append(UInt8(bitPattern: Int8(v)))
            case .short: let s = UInt16(bitPattern: Int16(v)); bytes += [UInt8(s >> 8), UInt8(s & 0xFF)]
            case .int: append32(UInt32(bitPattern: Int32(v)))
            case .float: append32(Float(v).bitPattern)
            case .double: append32(UInt32(v.bitPattern >> 32)); append32(UInt32(v.bitPattern & 0xFFFF_FFFF))
            }
        }
        return bytes
    }

    private static func bigEndianUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
    }
}

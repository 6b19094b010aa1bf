import CZlib
import Foundation
import DKMCore

/// Reads the entries of a `.zip` file (stored or deflated; no ZIP64, no encryption), with every
/// declared size checked against the file before anything is allocated. Each entry's CRC-32 is
/// checked; entries whose data overlap (a zip bomb's trick) are refused, and so is an archive
/// whose entries declare more than `totalLimit` bytes together.
public struct ZipArchive: Sendable {
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var method: UInt16
        public var compressedSize: Int
        public var uncompressedSize: Int
        public var crc: UInt32
        /// General purpose flags; bit 0 marks an encrypted entry.
        var flags: UInt16
        var localHeaderOffset: Int
    }

    /// The most an archive's entries may declare together (2 GiB).
    public static let totalLimit = FileBytes.defaultLimit

    public let file: String
    public let entries: [Entry]
    private let bytes: [UInt8]

    public init(contentsOf path: String) throws {
        try self.init(bytes: FileBytes.read(path, limit: FileBytes.defaultLimit), file: path)
    }

    public init(bytes: [UInt8], file: String) throws {
        self.file = file
        self.bytes = bytes
        // The end-of-central-directory record sits in the last 22 + 65,535 bytes.
        let minimum = 22
        guard bytes.count >= minimum else { throw DataFileError(file: file, .truncated(expectedBytes: minimum, foundBytes: bytes.count)) }
        var end = -1
        var position = bytes.count - minimum
        let lowest = max(0, bytes.count - minimum - 65_535)
        while position >= lowest {
            if ZipArchive.uint32(bytes, position) == 0x0605_4B50 { end = position; break }
            position -= 1
        }
        guard end >= 0 else { throw DataFileError(file: file, .badMagic(expected: "a zip end-of-central-directory record", found: "none")) }
        let count = Int(ZipArchive.uint16(bytes, end + 10))
        let directorySize = Int(ZipArchive.uint32(bytes, end + 12))
        let directoryOffset = Int(ZipArchive.uint32(bytes, end + 16))
        let zip64Locator = end >= 20 && ZipArchive.uint32(bytes, end - 20) == 0x0706_4B50
        if zip64Locator || count == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
            throw DataFileError(
                file: file,
                .mismatch(
                    "a ZIP64 archive (over 65,535 entries or 4 GB); dkm reads plain zip archives only: unpack it, or repack it in parts"))
        }
        guard directoryOffset + directorySize <= end else {
            throw DataFileError(file: file, .badHeader("the central directory lies outside the file (ZIP64 is not supported)"))
        }
        var entries: [Entry] = []
        var at = directoryOffset
        for index in 0..<count {
            guard at + 46 <= end, ZipArchive.uint32(bytes, at) == 0x0201_4B50 else {
                throw DataFileError(file: file, .badHeader("central directory entry \(index + 1) is damaged"))
            }
            let nameLength = Int(ZipArchive.uint16(bytes, at + 28))
            let extraLength = Int(ZipArchive.uint16(bytes, at + 30))
            let commentLength = Int(ZipArchive.uint16(bytes, at + 32))
            guard at + 46 + nameLength <= end else { throw DataFileError(file: file, .badHeader("entry \(index + 1) has a damaged name")) }
            let entry = Entry(
                name: String(decoding: bytes[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self),
                method: ZipArchive.uint16(bytes, at + 10),
                compressedSize: Int(ZipArchive.uint32(bytes, at + 20)),
                uncompressedSize: Int(ZipArchive.uint32(bytes, at + 24)),
                crc: ZipArchive.uint32(bytes, at + 16),
                flags: ZipArchive.uint16(bytes, at + 8),
                localHeaderOffset: Int(ZipArchive.uint32(bytes, at + 42)))
            if entry.compressedSize == 0xFFFF_FFFF || entry.uncompressedSize == 0xFFFF_FFFF || entry.localHeaderOffset == 0xFFFF_FFFF {
                throw DataFileError(file: file, .mismatch("entry '\(entry.name)' uses ZIP64 sizes; dkm reads plain zip archives only"))
            }
            guard entry.localHeaderOffset + 30 + entry.compressedSize <= bytes.count else {
                throw DataFileError(file: file, .badHeader("entry '\(entry.name)' declares more data than the file holds"))
            }
            entries.append(entry)
            at += 46 + nameLength + extraLength + commentLength
        }
        let declared = entries.reduce(0) { $0 + $1.uncompressedSize }
        guard declared <= ZipArchive.totalLimit else {
            throw DataFileError(
                file: file,
                .mismatch("the entries declare \(declared) bytes together, over the limit of \(ZipArchive.totalLimit) (a zip bomb?)"))
        }
        // Each entry's local header and data must lie apart from every other's.
        let spans = entries.map { ($0.localHeaderOffset, $0.localHeaderOffset + 30 + $0.compressedSize, $0.name) }.sorted { $0.0 < $1.0 }
        for (first, second) in zip(spans, spans.dropFirst()) where second.0 < first.1 {
            throw DataFileError(file: file, .mismatch("entries '\(first.2)' and '\(second.2)' share their data (a zip bomb?)"))
        }
        self.entries = entries
    }

    /// The entry stored under `name` (the first, when stored twice).
    public func entry(named name: String) -> Entry? { entries.first { $0.name == name } }

    /// The uncompressed content of `entry`, refusing more than `limit` bytes.
    public func data(for entry: Entry, limit: Int = 64 << 20) throws -> [UInt8] {
        let where_ = "\(file)!\(entry.name)"
        let header = entry.localHeaderOffset
        guard header + 30 <= bytes.count, ZipArchive.uint32(bytes, header) == 0x0403_4B50 else {
            throw DataFileError(file: where_, .badHeader("damaged local header"))
        }
        let start = header + 30 + Int(ZipArchive.uint16(bytes, header + 26)) + Int(ZipArchive.uint16(bytes, header + 28))
        guard start + entry.compressedSize <= bytes.count else {
            throw DataFileError(file: where_, .truncated(expectedBytes: start + entry.compressedSize, foundBytes: bytes.count))
        }
        guard entry.flags & 1 == 0 else {
            throw DataFileError(file: where_, .mismatch("the entry is encrypted; dkm reads unencrypted archives only"))
        }
        guard entry.uncompressedSize <= limit else { throw DataFileError(file: where_, .tooLarge(limitBytes: limit)) }
        let compressed = Array(bytes[start..<(start + entry.compressedSize)])
        let content: [UInt8]
        switch entry.method {
        case 0: content = compressed
        case 8: content = try ZipArchive.inflateRaw(compressed, expected: entry.uncompressedSize, limit: limit, file: where_)
        default:
            throw DataFileError(file: where_, .mismatch("compression method \(entry.method) is not supported (only stored and deflate)"))
        }
        guard content.count == entry.uncompressedSize else {
            throw DataFileError(file: where_, .truncated(expectedBytes: entry.uncompressedSize, foundBytes: content.count))
        }
        let crc = Checksum.crc32(content)
        guard crc == entry.crc else {
            throw DataFileError(
                file: where_,
                .mismatch(String(format: "CRC-32 %08x does not match the declared %08x: the entry is damaged", crc, entry.crc)))
        }
        return content
    }

    static func inflateRaw(_ input: [UInt8], expected: Int, limit: Int, file: String) throws -> [UInt8] {
        var stream = z_stream()
        guard inflateInit2_(&stream, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw DataFileError(file: file, .decompression("zlib could not start"))
        }
        defer { inflateEnd(&stream) }
        // One byte more than declared, so that a lying header is caught rather than trusted.
        var output = [UInt8](repeating: 0, count: min(expected, limit) + 1)
        let status: Int32 = input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                stream.avail_in = uInt(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = uInt(target.count)
                return inflate(&stream, Z_FINISH)
            }
        }
        let produced = output.count - Int(stream.avail_out)
        guard status == Z_STREAM_END, produced == expected else {
            if produced > expected { throw DataFileError(file: file, .decompression("more data than the declared \(expected) bytes")) }
            throw DataFileError(file: file, .decompression("damaged or truncated deflate data"))
        }
        return Array(output[0..<produced])
    }

    static func uint16(_ b: [UInt8], _ at: Int) -> UInt16 { UInt16(b[at]) | UInt16(b[at + 1]) << 8 }
    static func uint32(_ b: [UInt8], _ at: Int) -> UInt32 {
        UInt32(b[at]) | UInt32(b[at + 1]) << 8 | UInt32(b[at + 2]) << 16 | UInt32(b[at + 3]) << 24
    }
}

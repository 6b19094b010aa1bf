import CZlib
import Foundation

/// Reads whole files, transparently decompressing gzip and bzip2 content, with a bound on the size.
public enum FileBytes {
    /// The default bound on decompressed size (guards against decompression bombs).
    public static let defaultLimit = 2 << 30

    public static func read(_ path: String, limit: Int = defaultLimit) throws -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DataFileError(file: path, .notFound)
        }
        guard !isDirectory.boolValue else { throw DataFileError(file: path, .unreadable("it is a directory")) }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw DataFileError(file: path, .unreadable("permission denied"))
        }
        defer { try? handle.close() }
        let raw: Data
        do {
            raw = try handle.readToEnd() ?? Data()
        } catch {
            throw DataFileError(file: path, .unreadable(error.localizedDescription))
        }
        return try decoded([UInt8](raw), file: path, limit: limit)
    }

    /// A file's content: decompressed when it starts with the gzip or bzip2 magic, else as it
    /// is; either way at most `limit` bytes.
    public static func decoded(_ bytes: [UInt8], file: String, limit: Int = defaultLimit) throws -> [UInt8] {
        if bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B {
            return try gunzip(bytes, file: file, limit: limit)
        }
        if bytes.starts(with: Array("BZh".utf8)) {
            return try bunzip2(bytes, file: file, limit: limit)
        }
        guard bytes.count <= limit else { throw DataFileError(file: file, .tooLarge(limitBytes: limit)) }
        return bytes
    }

    /// Inflates a gzip stream (concatenated members included), refusing to exceed `limit` bytes.
    public static func gunzip(_ compressed: [UInt8], file: String, limit: Int = defaultLimit) throws -> [UInt8] {
        var stream = z_stream()
        // 15 + 16: gzip wrapper only.
        guard inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw DataFileError(file: file, .decompression("zlib could not start"))
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        output.reserveCapacity(min(limit, compressed.count * 4))
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        try compressed.withUnsafeBufferPointer { input in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.avail_in = uInt(input.count)
            while true {
                let status: Int32 = chunk.withUnsafeMutableBufferPointer { buffer in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = uInt(buffer.count)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                let produced = chunk.count - Int(stream.avail_out)
                if output.count + produced > limit { throw DataFileError(file: file, .tooLarge(limitBytes: limit)) }
                output.append(contentsOf: chunk[0..<produced])
                switch status {
                case Z_STREAM_END:
                    // Another gzip member may follow.
                    if stream.avail_in == 0 { return }
                    guard inflateReset(&stream) == Z_OK else { throw DataFileError(file: file, .decompression("bad member")) }
                case Z_OK:
                    if stream.avail_in == 0 && produced == 0 {
                        throw DataFileError(file: file, .decompression("unexpected end of compressed data (truncated file?)"))
                    }
                case Z_BUF_ERROR:
                    throw DataFileError(file: file, .decompression("unexpected end of compressed data (truncated file?)"))
                default:
                    let message = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                    throw DataFileError(file: file, .decompression(message))
                }
            }
        }
        return output
    }
}

import CZlib
import Foundation

/// Reads files with a bound on the size, decompressing gzip (`.gz`) and bzip2 (`.bz2`) files.
/// Only regular files are read, never more than the bound plus one byte, and compression is
/// decided by the file name: plain text that happens to start like gzip stays plain text.
public enum FileBytes {
    /// The default bound on decompressed size (guards against decompression bombs).
    public static let defaultLimit = 2 << 30

    /// What to do with content beyond the limit.
    public enum Overflow: Sendable {
        /// Refuse the file (`DataFileError.tooLarge`).
        case fail
        /// Keep the first `limit + 1` bytes, so the caller sees that it was cut.
        case cut
    }

    /// Receives warnings.
    public typealias Warning = @Sendable (String) -> Void
    /// Where a read's warnings go unless the call names its own: nowhere by default (the
    /// library prints nothing itself); the command line sends them to standard error. Set it
    /// before reading starts.
    nonisolated(unsafe) public static var warnings: Warning = { _ in }

    /// The compression a file's name declares.
    public enum Compression: Sendable { case none, gzip, bzip2 }

    public static func compression(ofName path: String) -> Compression {
        let lowered = path.lowercased()
        if lowered.hasSuffix(".gz") || lowered.hasSuffix(".tgz") { return .gzip }
        if lowered.hasSuffix(".bz2") { return .bzip2 }
        return .none
    }

    /// The content of `path` (opened by `fileSystemPath` when given, for names not in UTF-8).
    public static func read(
        _ path: String, fileSystemPath: [CChar]? = nil, limit: Int = defaultLimit, overflow: Overflow = .fail,
        warning: Warning = FileBytes.warnings
    ) throws -> [UInt8] {
        let file = try BoundedFile(path, fileSystemPath: fileSystemPath)
        let compression = compression(ofName: path)
        if compression == .none && overflow == .fail && file.size > limit {
            throw DataFileError(file: path, .tooLarge(limitBytes: limit))
        }
        // A compressed file is read whole first; its own bound is the decompressed one.
        let raw = try file.read(compression == .none ? limit + 1 : defaultLimit + 1)
        if compression != .none && raw.count > defaultLimit { throw DataFileError(file: path, .tooLarge(limitBytes: defaultLimit)) }
        return try decoded(raw, file: path, compression: compression, limit: limit, overflow: overflow, warning: warning)
    }

    /// Content as `compression` says: decompressed when the bytes carry that format's magic
    /// (else, with a warning, as they are); either way at most `limit` bytes (`limit + 1` when
    /// cut).
    public static func decoded(
        _ bytes: [UInt8], file: String, compression: Compression, limit: Int = defaultLimit,
        overflow: Overflow = .fail, warning: Warning = FileBytes.warnings
    ) throws -> [UInt8] {
        var content = bytes
        switch compression {
        case .gzip where bytes.starts(with: [0x1F, 0x8B]):
            content = try gunzip(bytes, file: file, limit: limit, overflow: overflow)
        case .bzip2 where bytes.starts(with: Array("BZh".utf8)):
            content = try bunzip2(bytes, file: file, limit: limit, overflow: overflow)
        case .gzip, .bzip2:
            warning("\(file): named as compressed but not \(compression == .gzip ? "gzip" : "bzip2") data; read as it is")
        case .none:
            break
        }
        if content.count > limit {
            guard overflow == .cut else { throw DataFileError(file: file, .tooLarge(limitBytes: limit)) }
            content.removeSubrange((limit + 1)...)
        }
        return content
    }

    /// As `decoded(_:file:compression:)`, with the compression the magic bytes show (for bytes
    /// without a name, as fuzzing feeds them).
    public static func decoded(_ bytes: [UInt8], file: String, limit: Int = defaultLimit) throws -> [UInt8] {
        let compression: Compression = bytes.starts(with: [0x1F, 0x8B]) ? .gzip : bytes.starts(with: Array("BZh".utf8)) ? .bzip2 : .none
        return try decoded(bytes, file: file, compression: compression, limit: limit)
    }

    /// Inflates a gzip stream (concatenated members included), refusing to exceed `limit` bytes.
    public static func gunzip(_ compressed: [UInt8], file: String, limit: Int = defaultLimit, overflow: Overflow = .fail) throws -> [UInt8]
    {
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
                if output.count + produced > limit {
                    guard overflow == .cut else { throw DataFileError(file: file, .tooLarge(limitBytes: limit)) }
                    output.append(contentsOf: chunk[0..<(limit + 1 - output.count)])
                    return
                }
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

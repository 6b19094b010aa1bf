import CBZip2

extension FileBytes {
    /// Decompresses a bzip2 stream (concatenated streams included, as `pbzip2` writes them),
    /// refusing to exceed `limit` bytes.
    public static func bunzip2(_ compressed: [UInt8], file: String, limit: Int = defaultLimit, overflow: Overflow = .fail) throws -> [UInt8]
    {
        var output: [UInt8] = []
        output.reserveCapacity(min(limit, compressed.count * 5))
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var consumed = 0
        while consumed < compressed.count {
            var stream = bz_stream()
            guard BZ2_bzDecompressInit(&stream, 0, 0) == BZ_OK else {
                throw DataFileError(file: file, .decompression("libbz2 could not start"))
            }
            defer { BZ2_bzDecompressEnd(&stream) }
            try compressed.withUnsafeBufferPointer { input in
                let remaining = input.count - consumed
                stream.next_in = UnsafeMutableRawPointer(mutating: input.baseAddress! + consumed).assumingMemoryBound(to: CChar.self)
                stream.avail_in = UInt32(remaining)
                while true {
                    let status: Int32 = chunk.withUnsafeMutableBufferPointer { buffer in
                        stream.next_out = UnsafeMutableRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self)
                        stream.avail_out = UInt32(buffer.count)
                        return BZ2_bzDecompress(&stream)
                    }
                    let produced = chunk.count - Int(stream.avail_out)
                    if output.count + produced > limit {
                        guard overflow == .cut else { throw DataFileError(file: file, .tooLarge(limitBytes: limit)) }
                        output.append(contentsOf: chunk[0..<(limit + 1 - output.count)])
                        consumed = compressed.count
                        return
                    }
                    output.append(contentsOf: chunk[0..<produced])
                    switch status {
                    case BZ_STREAM_END:
                        consumed += remaining - Int(stream.avail_in)
                        return
                    case BZ_OK:
                        if stream.avail_in == 0 && produced == 0 {
                            throw DataFileError(file: file, .decompression("unexpected end of compressed data (truncated file?)"))
                        }
                    default:
                        throw DataFileError(file: file, .decompression("bzip2 data is corrupt (libbz2 error \(status))"))
                    }
                }
            }
        }
        return output
    }
}

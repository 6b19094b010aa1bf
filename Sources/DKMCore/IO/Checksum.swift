import CZlib

/// CRC-32 (zlib's, as zip and gzip use it).
public enum Checksum {
    public static func crc32(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { UInt32(CZlib.crc32(0, $0.baseAddress, uInt($0.count))) }
    }
}

import CICU
import DKMCore

/// Decodes bytes as text: UTF-16 or UTF-8 with a byte order mark by that mark, else UTF-8,
/// falling back to Latin-1 (every byte a character) when they are not valid UTF-8, as the
/// 20 Newsgroups messages need.
public enum TextDecoding {
    /// With `declared`, bytes that are not valid UTF-8 are read in that charset (when ICU knows
    /// it) before falling back to Latin-1.
    public static func decode(_ bytes: [UInt8], declared charset: String? = nil) -> String {
        if let text = byteOrderMarked(bytes) { return text }
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        if let charset, let text = decode(bytes, charset: charset) { return text }
        return latin1(bytes)
    }

    /// Every byte one character (U+0000 to U+00FF).
    private static func latin1(_ bytes: [UInt8]) -> String { String(decoding: bytes.map { UInt16($0) }, as: UTF16.self) }

    /// The text of bytes that start with a byte order mark (UTF-8, UTF-16 little or big
    /// endian), without the mark and with undecodable units as U+FFFD; nil without one.
    private static func byteOrderMarked(_ bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return String(decoding: bytes.dropFirst(3), as: UTF8.self) }
        guard let littleEndian = utf16Order(bytes) else { return nil }
        let units = stride(from: 2, to: bytes.count - 1, by: 2).map { i in
            littleEndian ? UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8 : UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1])
        }
        return String(decoding: units, as: UTF16.self)
    }

    /// True for a UTF-16 little-endian mark, false for big-endian, nil for neither.
    private static func utf16Order(_ bytes: [UInt8]) -> Bool? {
        if bytes.starts(with: [0xFF, 0xFE]) { return true }
        if bytes.starts(with: [0xFE, 0xFF]) { return false }
        return nil
    }

    /// The bytes decoded in the charset named `charset` (an IANA name such as "windows-1252" or
    /// "shift_jis", through ICU), bytes it cannot map as U+FFFD; nil when ICU does not know the name.
    public static func decode(_ bytes: [UInt8], charset: String) -> String? {
        guard !bytes.isEmpty else { return "" }
        guard bytes.count < Int(Int32.max) / 2 else { return nil }
        var capacity = bytes.count + 16
        while true {
            var error: Int32 = 0
            var units = [UInt16](repeating: 0, count: capacity)
            let written = bytes.withUnsafeBufferPointer { source in
                units.withUnsafeMutableBufferPointer { target in
                    dkm_decode(charset, source.baseAddress, Int32(source.count), target.baseAddress, Int32(capacity), &error)
                }
            }
            guard error == 0 else { return nil }
            if Int(written) <= capacity { return String(decoding: units.prefix(Int(written)), as: UTF16.self) }
            capacity = Int(written)
        }
    }

    /// True for bytes that look like binary data rather than text: a NUL byte, or many
    /// control characters, in the first 8 KiB. UTF-16 text with its byte order mark is text.
    public static func looksBinary(_ bytes: [UInt8]) -> Bool {
        if utf16Order(bytes) != nil { return false }
        let head = bytes.prefix(8192)
        if head.contains(0) { return true }
        let controls = head.count { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D && $0 != 0x0C }
        return head.count > 0 && Double(controls) / Double(head.count) > 0.1
    }
}

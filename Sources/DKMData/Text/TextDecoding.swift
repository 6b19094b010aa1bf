import DKMCore
/// Decodes bytes as UTF-8, falling back to Latin-1 (every byte a character) when they are not
/// valid UTF-8, as the 20 Newsgroups messages need.
public enum TextDecoding {
    public static func decode(_ bytes: [UInt8]) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        return String(decoding: bytes.map { UInt16($0) }, as: UTF16.self)
    }

    /// True for bytes that look like binary data rather than text: a NUL byte, or many
    /// control characters, in the first 8 KiB.
    public static func looksBinary(_ bytes: [UInt8]) -> Bool {
        let head = bytes.prefix(8192)
        if head.contains(0) { return true }
        let controls = head.count { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D && $0 != 0x0C }
        return head.count > 0 && Double(controls) / Double(head.count) > 0.1
    }
}

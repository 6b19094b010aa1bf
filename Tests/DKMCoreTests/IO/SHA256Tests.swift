import Foundation
import DKMCore
import Testing

@Suite struct SHA256Tests {
    /// FIPS 180-4's examples, a million a's fed in uneven pieces, and the coreutils digest of
    /// a file with every length from 0 to 130 bytes (each padding case).
    @Test func digestsEqualTheStandardsAndSha256sum() throws {
        #expect(SHA256.hexDigest(of: Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hexDigest(of: [UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            SHA256.hexDigest(of: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        var hash = SHA256()
        var fed = 0, piece = 1
        while fed < 1_000_000 {
            let count = min(piece, 1_000_000 - fed)
            hash.update(repeatElement(UInt8(ascii: "a"), count: count))
            fed += count
            piece = piece * 7 % 997 + 1
        }
        #expect(hash.hexDigest() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sha256-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        for count in [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 130] {
            let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
            process.arguments = [path]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(SHA256.hexDigest(of: bytes) == String(output.prefix(64)), "\(count) bytes")
        }
    }
}

import CBZip2
import Foundation

/// A fresh directory under the system temporary folder, removed when the value is released.
public final class TemporaryDirectory: @unchecked Sendable {
    public let path: String

    public init() {
        path = (NSTemporaryDirectory() as NSString).appendingPathComponent("dkm-tests-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    public func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    @discardableResult
    public func write(_ name: String, _ bytes: [UInt8]) -> String {
        let target = file(name)
        try! FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: target, contents: Data(bytes))
        return target
    }

    @discardableResult
    public func write(_ name: String, _ text: String) -> String { write(name, Array(text.utf8)) }

    /// Writes `bytes` gzip-compressed with the system's gzip.
    @discardableResult
    public func writeGzip(_ name: String, _ bytes: [UInt8]) -> String {
        let plain = write(name + ".plain", bytes)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "gzip -c '\(plain)' > '\(file(name))'"]
        try! process.run()
        process.waitUntilExit()
        return file(name)
    }
}

extension TemporaryDirectory {
    /// Writes `bytes` bzip2-compressed by libbz2, `streams` times over (concatenated streams).
    @discardableResult
    public func writeBzip2(_ name: String, _ bytes: [UInt8], streams: Int = 1) -> String {
        var input = bytes
        var output = [UInt8](repeating: 0, count: bytes.count + bytes.count / 100 + 600)
        var length = UInt32(output.count)
        let status = input.withUnsafeMutableBytes { source in
            output.withUnsafeMutableBytes { target in
                BZ2_bzBuffToBuffCompress(
                    target.baseAddress!.assumingMemoryBound(to: CChar.self), &length,
                    source.baseAddress!.assumingMemoryBound(to: CChar.self), UInt32(source.count), 9, 0, 0)
            }
        }
        precondition(status == BZ_OK, "libbz2 error \(status)")
        let stream = Array(output.prefix(Int(length)))
        return write(name, Array((0..<streams).map { _ in stream }.joined()))
    }

    /// Zips `files` (name, bytes) into `name` with Python's zipfile (deflate).
    @discardableResult
    public func writeZip(_ name: String, _ files: [(String, [UInt8])]) -> String {
        for (entry, bytes) in files { write("zip-source/" + entry, bytes) }
        try! FileManager.default.createDirectory(
            atPath: (file(name) as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let script = """
            import sys, zipfile, os
            root, target = sys.argv[1], sys.argv[2]
            with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
                for name in sys.argv[3:]:
                    z.write(os.path.join(root, name), name)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, file("zip-source"), file(name)] + files.map(\.0)
        try! process.run()
        process.waitUntilExit()
        return file(name)
    }
}

import Foundation

#if FUZZING
// Built with `--sanitize=fuzzer`: libFuzzer owns main and calls this once per input.
// DKM_FUZZ_TARGET names the target.
private let target: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["DKM_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
        FileHandle.standardError.write(
            Data("set DKM_FUZZ_TARGET to one of: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))\n".utf8))
        exit(64)
    }
    return target
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    target.run(bytes)
    return 0
}
#else
/// Without the fuzzer: `dkm-fuzz TARGET FILE...` runs the target once on each file, to replay
/// a crash found by fuzzing in an ordinary (debuggable) build.
@main
struct Replay {
    static func main() {
        let arguments = CommandLine.arguments.dropFirst()
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name) else {
            print("usage: dkm-fuzz \(FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")) FILE...")
            exit(64)
        }
        for path in arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else {
                FileHandle.standardError.write(Data("dkm-fuzz: cannot read \(path)\n".utf8))
                exit(66)
            }
            target.run([UInt8](data))
            print("\(path): ok")
        }
    }
}
#endif

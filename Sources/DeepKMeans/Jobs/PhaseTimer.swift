import Foundation
import DKMClustering

/// The wall time of one phase of a job, as clusters.json and the printed summary give it.
public struct PhaseTiming: Codable, Equatable, Sendable {
    public var phase: String
    public var seconds: Double

    public init(phase: String, seconds: Double) {
        self.phase = phase
        self.seconds = seconds
    }
}

/// Times the phases of a job: those timed explicitly with `measure`, and within them the
/// training phases seen in the progress stream (pretraining, k-means, fine-tuning, ...), each
/// from its first report to its last. Not for concurrent use.
public final class PhaseTimer {
    public private(set) var timings: [PhaseTiming] = []
    private var seen: [TrainingPhase: (first: Date, last: Date)] = [:]
    private var order: [TrainingPhase] = []

    public init() {}

    /// Notes a progress report (pass every report of a job's progress handler).
    public func observe(_ progress: TrainingProgress) {
        let now = Date()
        if let times = seen[progress.phase] {
            seen[progress.phase] = (times.first, now)
        } else {
            seen[progress.phase] = (now, now)
            order.append(progress.phase)
        }
    }

    /// Runs `body`, recording its wall time as `phase`; the training phases reported inside it
    /// are recorded before it, in the order they started.
    public func measure<T>(_ phase: String, _ body: () throws -> T) rethrows -> T {
        let started = Date()
        seen = [:]
        order = []
        let result = try body()
        for inner in order where inner.rawValue != phase {
            let times = seen[inner]!
            timings.append(PhaseTiming(phase: inner.rawValue, seconds: times.last.timeIntervalSince(times.first)))
        }
        timings.append(PhaseTiming(phase: phase, seconds: Date().timeIntervalSince(started)))
        return result
    }

    /// The timings as one line: "read 4.1 s, pretrain 40.2 s, ...".
    public static func line(_ timings: [PhaseTiming]) -> String {
        timings.map { String(format: "%@ %.1f s", $0.phase, $0.seconds) }.joined(separator: ", ")
    }
}

import ArgumentParser

/// Range checks of numeric options at parse time (exit 64 before any work): a negative count, a
/// NaN or an absurd size never reaches the library, where it would trap, be taken as 0, hang
/// or be refused only after minutes of training.
enum OptionRanges {
    /// A whole number in `range`, when given.
    static func check(_ value: Int?, _ name: String, in range: ClosedRange<Int>) throws {
        guard let value, !range.contains(value) else { return }
        let bound = range.upperBound == Int.max ? "at least \(range.lowerBound)" : "from \(range.lowerBound) to \(range.upperBound)"
        throw ValidationError("--\(name) must be \(bound), not \(value)")
    }

    /// A finite number in `range` (`open`: above the lower bound, not at it), when given.
    static func check<Number: BinaryFloatingPoint>(
        _ value: Number?, _ name: String, in range: ClosedRange<Number>,
        aboveLowerBound: Bool = false
    ) throws {
        guard let value else { return }
        let inside = value.isFinite && range.contains(value) && !(aboveLowerBound && value == range.lowerBound)
        guard !inside else { return }
        let low = "\(Double(range.lowerBound))", high = "\(Double(range.upperBound))"
        let bound =
            range.upperBound.isInfinite
            ? (aboveLowerBound ? "above \(low)" : "at least \(low)")
            : (aboveLowerBound ? "above \(low) and at most \(high)" : "from \(low) to \(high)")
        throw ValidationError("--\(name) must be a finite number \(bound), not \(value)")
    }

    /// Epochs, steps and restarts: far above any useful run, well below an overflow.
    static let counts = 0...100_000_000
    /// Layer and embedding sizes, the minibatch: beyond these a network does not fit in memory.
    static let sizes = 1...1_000_000
    /// Terms shown per cluster or document.
    static let terms = 0...10_000
}

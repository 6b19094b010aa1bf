import Foundation
import DKMCore

/// The inverse temperatures alpha of DKM training, each held for a number of epochs.
public struct AlphaSchedule: Codable, Equatable, Sendable {
    public var values: [Float]
    public var epochsPerValue: Int

    public init(values: [Float], epochsPerValue: Int) {
        self.values = values
        self.epochsPerValue = epochsPerValue
    }

    /// DKMp: one constant alpha (1000 in the paper) for `epochs` epochs.
    public static func constant(_ alpha: Float = 1000, epochs: Int = 100) -> AlphaSchedule {
        AlphaSchedule(values: [alpha], epochsPerValue: epochs)
    }

    /// DKMa: alpha_1 = first, alpha_{i+1} = 2^(1 / ln(i+1)^2) alpha_i (the paper's Section 4.2),
    /// `count` values of `epochsPerValue` epochs each.
    public static func annealing(first: Float = 0.1, count: Int = 40, epochsPerValue: Int = 5) -> AlphaSchedule {
        var values: [Double] = [Double(first)]
        for i in stride(from: 1, to: count, by: 1) {
            let step = pow(2.0, 1 / pow(log(Double(i + 1)), 2))
            values.append(values[i - 1] * step)
        }
        return AlphaSchedule(values: values.prefix(count).map(Float.init), epochsPerValue: epochsPerValue)
    }

    public var totalEpochs: Int { values.count * epochsPerValue }

    public var finalAlpha: Float { values.last ?? 0 }
}

import Foundation

/// Adam (Kingma & Ba, 2015, Algorithm 1), the paper's optimizer for every method.
public struct Adam: Sendable, Codable, Equatable {
    public var learningRate: Float = 1e-3
    public var beta1: Float = 0.9
    public var beta2: Float = 0.999
    public var epsilon: Float = 1e-8

    public init(learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
    }

    /// One update of `parameter` from its current gradient.
    public func update(_ parameter: Parameter) {
        parameter.step += 1
        let t = Double(parameter.step)
        // p -= lr · m̂ / (√v̂ + eps) with m̂ = m / (1 - b1^t), v̂ = v / (1 - b2^t), folded into two constants.
        let stepSize = Float(Double(learningRate) / (1 - pow(Double(beta1), t)))
        let inverseRootCorrection = Float(1 / (1 - pow(Double(beta2), t)).squareRoot())
        let (b1, b2, eps) = (beta1, beta2, epsilon)
        parameter.value.values.withUnsafeMutableBufferPointer { value in
            parameter.gradient.values.withUnsafeBufferPointer { gradient in
                parameter.firstMoment.withUnsafeMutableBufferPointer { m in
                    parameter.secondMoment.withUnsafeMutableBufferPointer { v in
                        Parallel.forEachRange(value.count, minimumPerThread: 65_536) { range in
                            for i in range {
                                let g = gradient[i]
                                let first = b1 * m[i] + (1 - b1) * g
                                let second = b2 * v[i] + (1 - b2) * g * g
                                m[i] = first
                                v[i] = second
                                value[i] -= stepSize * first / (second.squareRoot() * inverseRootCorrection + eps)
                            }
                        }
                    }
                }
            }
        }
    }
}

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
        let firstCorrection = Float(1 - pow(Double(beta1), t))
        let secondCorrection = Float(1 - pow(Double(beta2), t))
        let (b1, b2, rate, eps) = (beta1, beta2, learningRate, epsilon)
        parameter.value.values.withUnsafeMutableBufferPointer { value in
            parameter.gradient.values.withUnsafeBufferPointer { gradient in
                parameter.firstMoment.withUnsafeMutableBufferPointer { m in
                    parameter.secondMoment.withUnsafeMutableBufferPointer { v in
                        for i in 0..<value.count {
                            let g = gradient[i]
                            m[i] = b1 * m[i] + (1 - b1) * g
                            v[i] = b2 * v[i] + (1 - b2) * g * g
                            let mHat = m[i] / firstCorrection
                            let vHat = v[i] / secondCorrection
                            value[i] -= rate * mHat / (vHat.squareRoot() + eps)
                        }
                    }
                }
            }
        }
    }
}

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
                            // Eight lanes at a time: the compiler leaves the scalar loop unvectorized
                            // (square root and division), and it was 15% of a training step.
                            // Lane arithmetic is the scalar arithmetic, so results are bit for bit the same.
                            var i = range.lowerBound
                            while i + 8 <= range.upperBound {
                                let g = gradient.eight(at: i)
                                let first = b1 * m.eight(at: i) + (1 - b1) * g
                                let second = b2 * v.eight(at: i) + (1 - b2) * g * g
                                m.setEight(first, at: i)
                                v.setEight(second, at: i)
                                value.setEight(
                                    value.eight(at: i) - stepSize * first / (second.squareRoot() * inverseRootCorrection + eps), at: i)
                                i += 8
                            }
                            for i in i..<range.upperBound {
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

extension UnsafeBufferPointer<Float> {
    /// Elements i ..< i + 8 as one vector.
    @inline(__always) func eight(at i: Int) -> SIMD8<Float> {
        UnsafeRawPointer(baseAddress! + i).loadUnaligned(as: SIMD8<Float>.self)
    }
}

extension UnsafeMutableBufferPointer<Float> {
    /// Elements i ..< i + 8 as one vector.
    @inline(__always) func eight(at i: Int) -> SIMD8<Float> {
        UnsafeRawPointer(baseAddress! + i).loadUnaligned(as: SIMD8<Float>.self)
    }

    @inline(__always) func setEight(_ vector: SIMD8<Float>, at i: Int) {
        UnsafeMutableRawPointer(baseAddress! + i).storeBytes(of: vector, as: SIMD8<Float>.self)
    }
}

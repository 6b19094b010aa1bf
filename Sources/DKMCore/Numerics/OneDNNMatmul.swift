import CDNNL
import COpenMP
import Foundation

/// Dense products through oneDNN's matmul primitive, the library under PyTorch's CPU path.
///
/// oneDNN picks its kernels from the CPU itself (AVX-512, AVX512-BF16), whatever BLAS the
/// machine prefers. A primitive is built once per shape and layout and reused: training asks
/// for the same few shapes every batch. Each thread keeps its own primitives, stream and
/// scratchpad, so concurrent trainings (`dkm reproduce --jobs`) never share one.
enum OneDNNMatmul {
    /// Everything a primitive is built for. Without `batch`, leading dimensions equal the
    /// stored columns; with it, every operand is addressed by its strides (fp32 only).
    struct Shape: Hashable {
        var m: Int, n: Int, k: Int
        var transposeA: Bool, transposeB: Bool
        var alpha: Float, beta: Float
        var precision: ProductPrecision
        var batch: StridedProducts?
        /// A bias row (n values) added to every row of C, then GELU (erf form) when asked.
        var bias = false, gelu = false
        /// Unsigned 8-bit A times signed 8-bit B into 32-bit integer C (no bias, alpha or beta).
        var integers = false
    }

    /// C (m x n, row-major) = alpha * op(A) * op(B) + beta * C on `threads` OpenMP threads.
    static func multiply(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, into c: UnsafeMutablePointer<Float>,
        bias: UnsafePointer<Float>? = nil, shape: Shape, threads: Int
    ) {
        guard let product = ThreadPrimitives.current.primitive(for: shape) else {
            fatalError("oneDNN cannot multiply in \(shape.precision.rawValue) on this CPU")
        }
        omp_set_num_threads(Int32(max(1, threads)))
        product.run(a, b, c, bias: bias)
    }

    /// C (m x n, row-major Int32) = op(A) * op(B) for unsigned 8-bit A (m x k, row-major) and
    /// signed 8-bit B, a shape with `integers` set.
    static func multiply(
        _ a: UnsafePointer<UInt8>, _ b: UnsafePointer<Int8>, into c: UnsafeMutablePointer<Int32>, shape: Shape, threads: Int
    ) {
        precondition(shape.integers && !shape.transposeA, "an integer product needs an integer shape")
        guard let product = ThreadPrimitives.current.primitive(for: shape) else {
            fatalError("oneDNN cannot multiply 8-bit integers on this CPU")
        }
        omp_set_num_threads(Int32(max(1, threads)))
        product.run(a, b, c, bias: nil)
    }

    static func supports(_ precision: ProductPrecision) -> Bool {
        let shape = Shape(
            m: 2, n: 2, k: 2, transposeA: false, transposeB: false, alpha: 1, beta: 0, precision: precision,
            batch: nil)
        return ThreadPrimitives.current.primitive(for: shape) != nil
    }
}

/// One thread's engine, stream and primitives (oneDNN streams are not shared across threads).
final class ThreadPrimitives {
    let engine: dnnl_engine_t
    let stream: dnnl_stream_t
    /// nil records a shape oneDNN refused, so it is not tried again.
    private var primitives: [OneDNNMatmul.Shape: MatmulPrimitive?] = [:]
    /// GELU passes by element count.
    var gelus: [Int: OneDNNGELU.Primitive] = [:]

    /// This thread's primitives, created on first use and released when the thread ends.
    /// A thread-specific slot, like `Parallel.threadCount`'s: reading it allocates nothing.
    static var current: ThreadPrimitives {
        if let existing = pthread_getspecific(slot) {
            return Unmanaged<ThreadPrimitives>.fromOpaque(existing).takeUnretainedValue()
        }
        let created = ThreadPrimitives()
        pthread_setspecific(slot, Unmanaged.passRetained(created).toOpaque())
        return created
    }

    private static let slot: pthread_key_t = {
        var key = pthread_key_t()
        let status = pthread_key_create(&key) { Unmanaged<ThreadPrimitives>.fromOpaque($0!).release() }
        precondition(status == 0, "no thread-specific key is left")
        return key
    }()

    private init() {
        var engine: dnnl_engine_t?
        var stream: dnnl_stream_t?
        oneDNNCheck(dnnl_engine_create(&engine, dnnl_cpu, 0), "creating the CPU engine")
        oneDNNCheck(dnnl_stream_create(&stream, engine, dnnl_stream_default_flags.rawValue), "creating a stream")
        self.engine = engine!
        self.stream = stream!
    }

    deinit {
        primitives.removeAll()
        gelus.removeAll()
        dnnl_stream_destroy(stream)
        dnnl_engine_destroy(engine)
    }

    fileprivate func primitive(for shape: OneDNNMatmul.Shape) -> MatmulPrimitive? {
        if let known = primitives[shape] { return known }
        let built = MatmulPrimitive(shape, engine: engine, stream: stream)
        primitives[shape] = .some(built)
        return built
    }
}

/// A matmul primitive with its memory objects, scratchpad and, for bf16, operand copies.
private final class MatmulPrimitive {
    let shape: OneDNNMatmul.Shape
    let stream: dnnl_stream_t
    let primitive: dnnl_primitive_t
    let source, weights, destination: dnnl_memory_t
    let bias: dnnl_memory_t?
    let scratchpad: dnnl_memory_t?
    let scratchpadBuffer: UnsafeMutableRawPointer?
    let arguments: UnsafeMutablePointer<dnnl_exec_arg_t>
    let argumentCount: Int32
    /// The operands rounded to bfloat16, op(A) as m x k and op(B) as k x n.
    let halfA, halfB: UnsafeMutablePointer<UInt16>?

    init?(_ shape: OneDNNMatmul.Shape, engine: dnnl_engine_t, stream: dnnl_stream_t) {
        self.shape = shape
        self.stream = stream
        let (m, n, k) = (Int64(shape.m), Int64(shape.n), Int64(shape.k))
        let halves = shape.precision == .bf16 && !shape.integers
        if halves && shape.batch != nil { return nil }
        if shape.integers && (shape.batch != nil || shape.bias || shape.gelu || shape.alpha != 1 || shape.beta != 0) { return nil }
        var sourceDescription, weightsDescription, destinationDescription: dnnl_memory_desc_t
        if let batch = shape.batch {
            let count = Int64(batch.count)
            func strides(_ s: StridedProducts.Strides) -> [Int64] { [Int64(s.batch), Int64(s.row), Int64(s.column)] }
            sourceDescription = Self.description([count, m, k], strides: strides(batch.a), dnnl_f32)
            weightsDescription = Self.description([count, k, n], strides: strides(batch.b), dnnl_f32)
            destinationDescription = Self.description([count, m, n], strides: strides(batch.c), dnnl_f32)
        } else if shape.integers {
            sourceDescription = Self.description([m, k], strides: [k, 1], dnnl_u8)
            weightsDescription = Self.description([k, n], strides: shape.transposeB ? [1, k] : [n, 1], dnnl_s8)
            destinationDescription = Self.description([m, n], strides: [n, 1], dnnl_s32)
        } else {
            // A transposed is stored k x m: element (i, p) of op(A) sits at p * m + i. bf16 copies
            // are written untransposed, the layout every bf16 kernel takes.
            sourceDescription = Self.description(
                [m, k], strides: shape.transposeA && !halves ? [1, m] : [k, 1],
                halves ? dnnl_bf16 : dnnl_f32)
            weightsDescription = Self.description(
                [k, n], strides: shape.transposeB && !halves ? [1, k] : [n, 1],
                halves ? dnnl_bf16 : dnnl_f32)
            destinationDescription = Self.description([m, n], strides: [n, 1], dnnl_f32)
        }

        var attributes: dnnl_primitive_attr_t?
        oneDNNCheck(dnnl_primitive_attr_create(&attributes), "creating attributes")
        defer { dnnl_primitive_attr_destroy(attributes) }
        oneDNNCheck(dnnl_primitive_attr_set_scratchpad_mode(attributes, dnnl_scratchpad_mode_user), "scratchpad mode")
        if shape.alpha != 1 {
            var scale = shape.alpha
            oneDNNCheck(dnnl_primitive_attr_set_output_scales(attributes, 1, 0, &scale), "output scale")
        }
        if shape.beta != 0 || shape.gelu {
            var postOps: dnnl_post_ops_t?
            oneDNNCheck(dnnl_post_ops_create(&postOps), "creating post-ops")
            defer { dnnl_post_ops_destroy(postOps) }
            if shape.beta != 0 { oneDNNCheck(dnnl_post_ops_append_sum(postOps, shape.beta), "sum post-op") }
            if shape.gelu { oneDNNCheck(dnnl_post_ops_append_eltwise(postOps, 1, dnnl_eltwise_gelu_erf, 0, 0), "GELU post-op") }
            oneDNNCheck(dnnl_primitive_attr_set_post_ops(attributes, postOps), "setting post-ops")
        }
        var biasDescription = Self.description([1, n], strides: [n, 1], dnnl_f32)
        var operation = dnnl_matmul_desc_t()
        withUnsafePointer(to: &biasDescription) { biasPointer in
            oneDNNCheck(
                dnnl_matmul_desc_init(
                    &operation, &sourceDescription, &weightsDescription, shape.bias ? biasPointer : nil,
                    &destinationDescription), "describing the matmul")
        }
        var primitiveDescription: dnnl_primitive_desc_t?
        guard dnnl_primitive_desc_create(&primitiveDescription, &operation, attributes, engine, nil) == dnnl_success else {
            return nil
        }
        defer { dnnl_primitive_desc_destroy(primitiveDescription) }
        var primitive: dnnl_primitive_t?
        oneDNNCheck(dnnl_primitive_create(&primitive, primitiveDescription), "creating the matmul")
        self.primitive = primitive!

        source = Self.memory(&sourceDescription, engine)
        weights = Self.memory(&weightsDescription, engine)
        destination = Self.memory(&destinationDescription, engine)
        bias = shape.bias ? Self.memory(&biasDescription, engine) : nil
        var arguments = [(DNNL_ARG_SRC, source), (DNNL_ARG_WEIGHTS, weights), (DNNL_ARG_DST, destination)]
        if let bias { arguments.append((DNNL_ARG_BIAS, bias)) }
        let scratchpadDescription = dnnl_primitive_desc_query_md(primitiveDescription, dnnl_query_scratchpad_md, 0)
        let scratchpadSize = scratchpadDescription.map { dnnl_memory_desc_get_size($0) } ?? 0
        if scratchpadSize > 0, let scratchpadDescription {
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: scratchpadSize, alignment: 64)
            var scratchpad: dnnl_memory_t?
            var description = scratchpadDescription.pointee
            oneDNNCheck(dnnl_memory_create(&scratchpad, &description, engine, buffer), "creating the scratchpad")
            self.scratchpad = scratchpad
            scratchpadBuffer = buffer
            arguments.append((DNNL_ARG_SCRATCHPAD, scratchpad!))
        } else {
            scratchpad = nil
            scratchpadBuffer = nil
        }
        self.arguments = .allocate(capacity: arguments.count)
        for (index, (name, memory)) in arguments.enumerated() {
            self.arguments[index] = dnnl_exec_arg_t(arg: Int32(name), memory: memory)
        }
        argumentCount = Int32(arguments.count)
        halfA = halves ? .allocate(capacity: shape.m * shape.k) : nil
        halfB = halves ? .allocate(capacity: shape.k * shape.n) : nil
    }

    deinit {
        dnnl_primitive_destroy(primitive)
        for memory in [source, weights, destination] + [scratchpad, bias].compactMap({ $0 }) { dnnl_memory_destroy(memory) }
        scratchpadBuffer?.deallocate()
        arguments.deallocate()
        halfA?.deallocate()
        halfB?.deallocate()
    }

    func run(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ c: UnsafeMutableRawPointer, bias biasValues: UnsafePointer<Float>?) {
        if let bias {
            precondition(biasValues != nil, "a product built with a bias needs its values")
            dnnl_memory_set_data_handle(bias, UnsafeMutableRawPointer(mutating: biasValues!))
        }
        if let halfA, let halfB {
            let (a, b) = (a.assumingMemoryBound(to: Float.self), b.assumingMemoryBound(to: Float.self))
            BFloat16.round(a, rows: shape.m, columns: shape.k, transposed: shape.transposeA, into: halfA)
            BFloat16.round(b, rows: shape.k, columns: shape.n, transposed: shape.transposeB, into: halfB)
            dnnl_memory_set_data_handle(source, halfA)
            dnnl_memory_set_data_handle(weights, halfB)
        } else {
            dnnl_memory_set_data_handle(source, UnsafeMutableRawPointer(mutating: a))
            dnnl_memory_set_data_handle(weights, UnsafeMutableRawPointer(mutating: b))
        }
        dnnl_memory_set_data_handle(destination, c)
        oneDNNCheck(dnnl_primitive_execute(primitive, stream, argumentCount, arguments), "running the matmul")
        oneDNNCheck(dnnl_stream_wait(stream), "waiting for the matmul")
    }

    private static func description(
        _ dimensions: [Int64], strides: [Int64],
        _ type: dnnl_data_type_t
    ) -> dnnl_memory_desc_t {
        var description = dnnl_memory_desc_t()
        oneDNNCheck(
            dnnl_memory_desc_init_by_strides(&description, Int32(dimensions.count), dimensions, type, strides),
            "describing an operand")
        return description
    }

    private static func memory(_ description: inout dnnl_memory_desc_t, _ engine: dnnl_engine_t) -> dnnl_memory_t {
        var memory: dnnl_memory_t?
        oneDNNCheck(dnnl_memory_create(&memory, &description, engine, nil), "creating a memory object")
        return memory!
    }
}

/// oneDNN failing on a shape it accepted is a broken installation, not bad input.
func oneDNNCheck(_ status: dnnl_status_t, _ step: String) {
    if status != dnnl_success { fatalError("oneDNN failed \(step) (status \(status.rawValue))") }
}

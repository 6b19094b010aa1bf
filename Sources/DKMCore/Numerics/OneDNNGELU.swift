import CDNNL
import COpenMP

/// GELU (erf form) over a buffer in place through oneDNN's eltwise primitive: the same
/// vectorized erf the fp32 products fuse after themselves, for products that cannot fuse it.
enum OneDNNGELU {
    /// values[i] = x * Phi(x) for the `count` values, on `threads` OpenMP threads.
    static func apply(_ values: UnsafeMutablePointer<Float>, count: Int, threads: Int) {
        guard count > 0 else { return }
        let primitives = ThreadPrimitives.current
        let primitive: Primitive
        if let known = primitives.gelus[count] {
            primitive = known
        } else {
            primitive = Primitive(count: count, engine: primitives.engine, stream: primitives.stream)
            primitives.gelus[count] = primitive
        }
        omp_set_num_threads(Int32(max(1, threads)))
        primitive.run(values)
    }

    /// One element count's primitive and its memory object (source and destination alike).
    final class Primitive {
        let stream: dnnl_stream_t
        let primitive: dnnl_primitive_t
        let data: dnnl_memory_t
        var arguments: [dnnl_exec_arg_t]

        init(count: Int, engine: dnnl_engine_t, stream: dnnl_stream_t) {
            self.stream = stream
            var description = dnnl_memory_desc_t()
            var dimensions = [Int64(count)]
            oneDNNCheck(dnnl_memory_desc_init_by_tag(&description, 1, &dimensions, dnnl_f32, dnnl_a), "describing the GELU data")
            var operation = dnnl_eltwise_desc_t()
            oneDNNCheck(
                dnnl_eltwise_forward_desc_init(&operation, dnnl_forward_inference, dnnl_eltwise_gelu_erf, &description, 0, 0),
                "describing GELU")
            var primitiveDescription: dnnl_primitive_desc_t?
            oneDNNCheck(dnnl_primitive_desc_create(&primitiveDescription, &operation, nil, engine, nil), "planning GELU")
            defer { dnnl_primitive_desc_destroy(primitiveDescription) }
            var primitive: dnnl_primitive_t?
            oneDNNCheck(dnnl_primitive_create(&primitive, primitiveDescription), "creating GELU")
            self.primitive = primitive!
            var data: dnnl_memory_t?
            oneDNNCheck(dnnl_memory_create(&data, &description, engine, nil), "creating the GELU memory")
            self.data = data!
            arguments = [
                dnnl_exec_arg_t(arg: Int32(DNNL_ARG_SRC), memory: data), dnnl_exec_arg_t(arg: Int32(DNNL_ARG_DST), memory: data),
            ]
        }

        deinit {
            dnnl_primitive_destroy(primitive)
            dnnl_memory_destroy(data)
        }

        func run(_ values: UnsafeMutablePointer<Float>) {
            dnnl_memory_set_data_handle(data, values)
            oneDNNCheck(dnnl_primitive_execute(primitive, stream, Int32(arguments.count), &arguments), "running GELU")
            oneDNNCheck(dnnl_stream_wait(stream), "waiting for GELU")
        }
    }
}

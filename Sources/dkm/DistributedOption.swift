import ArgumentParser
import DeepKMeans

/// `--distributed`: run as one rank of an `mpirun` job.
struct DistributedOption: ParsableArguments {
    @Flag(
        help:
            "Run as one rank of an mpirun job: each rank reads its shard of the input, ranks exchange only statistics and gradients, rank 0 prints and writes the outputs."
    )
    var distributed = false
}

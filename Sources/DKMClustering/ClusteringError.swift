import DKMCore
/// Why clustering could not run or finish: bad settings, too few points, a diverging loss,
/// or a stop on a signal. (Problems with input files are `DataFileError`s.)
public enum ClusteringError: Error, Equatable, CustomStringConvertible {
    case tooFewPoints(points: Int, clusters: Int)
    case invalidSetting(String)
    case nonFinite(phase: TrainingPhase, epoch: Int, batch: Int)
    /// Stopped by SIGINT or SIGTERM; the state is in `checkpoint` when the run had one.
    case interrupted(checkpoint: String?)
    /// A reproduction stopped by SIGINT or SIGTERM; its finished runs are in `folder`.
    case reproductionInterrupted(folder: String)

    public var description: String {
        switch self {
        case .tooFewPoints(let points, let clusters):
            "cannot make \(clusters) clusters from \(points) points: K must not exceed the number of points"
        case .invalidSetting(let message):
            message
        case .nonFinite(let phase, let epoch, let batch):
            "the loss became NaN or infinite during \(phase), epoch \(epoch), batch \(batch)"
        case .interrupted(let checkpoint?):
            "interrupted; the training state is saved in \(checkpoint): run the same command with --resume to continue"
        case .interrupted(nil):
            "interrupted before the run finished (it had no checkpoint)"
        case .reproductionInterrupted(let folder):
            "interrupted; the finished runs are stored in \(folder) and DKM and AE-KM runs in progress are checkpointed: run the same command again to continue"
        }
    }
}

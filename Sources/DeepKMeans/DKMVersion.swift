/// The release of dkm (`dkm --version`).
public enum DKMVersion {
    public static let current = "0.2.0"
}

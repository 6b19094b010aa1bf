import Foundation

/// How two paths relate on disk, after symbolic links are resolved (as far as the paths exist).
public enum PathRelation {
    /// The absolute path with every symbolic link of its existing part resolved; the missing
    /// rest is appended as written.
    public static func resolved(_ path: String) -> [String] {
        var existing = URL(fileURLWithPath: path).standardizedFileURL
        var missing: [String] = []
        while !FileManager.default.fileExists(atPath: existing.path) && existing.pathComponents.count > 1 {
            missing.insert(existing.lastPathComponent, at: 0)
            existing.deleteLastPathComponent()
        }
        var components = existing.resolvingSymlinksInPath().pathComponents
        components += missing
        return components
    }

    /// Whether `a` and `b` are the same, or one lies inside the other.
    public static func overlaps(_ a: String, _ b: String) -> Bool {
        let first = resolved(a), second = resolved(b)
        let common = min(first.count, second.count)
        return Array(first.prefix(common)) == Array(second.prefix(common))
    }
}

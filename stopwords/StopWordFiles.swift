import Foundation

/// Where the stop-word lists of this folder are once built: the resources of this target.
public enum StopWordFiles {
    /// The lists' names (file names without `.txt`), sorted.
    public static let names: [String] = {
        guard let folder = Bundle.module.resourceURL,
              let files = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        return files.filter { $0.hasSuffix(".txt") }.map { String($0.dropLast(4)) }.sorted()
    }()

    /// The file of a list, if it ships.
    public static func url(of name: String) -> URL? {
        names.contains(name) ? Bundle.module.resourceURL?.appendingPathComponent(name + ".txt") : nil
    }
}

import DeepKMeans
import Foundation

/// Everything the command line prints goes through here, so that a file name, id, label or
/// term holding control characters (`ESC]0;…BEL` retitles a terminal, `ESC[2J` clears it) is
/// shown, not obeyed: each such character prints as `\u{1B}`, as bytes that are not UTF-8
/// already print as U+FFFD. Newlines and tabs, which dkm's own layout uses, stay.
enum Terminal {
    static func visible(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var shown = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                shown.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            } else {
                shown.append(scalar)
            }
        }
        return String(shown)
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return (value < 0x20 && value != 0x0A && value != 0x09) || (0x7F...0x9F).contains(value)
    }

    /// A line on standard output.
    static func print(_ text: String) { Swift.print(visible(text)) }

    /// "written to FOLDER: its files", said once a results folder is in place.
    static func writtenLine(_ folder: OutputFolder) throws -> String {
        "written to \(folder.path): "
            + (try FileManager.default.contentsOfDirectory(atPath: folder.path)).filter { !$0.hasPrefix(".") }.sorted().joined(
                separator: ", ")
    }

    /// Text on standard error, as given (a message ends with its own newline).
    static func error(_ text: String) { FileHandle.standardError.write(Data(visible(text).utf8)) }
}

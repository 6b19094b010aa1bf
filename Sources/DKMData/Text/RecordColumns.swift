import DKMCore

/// Which fields of a table (CSV, TSV) or JSON Lines record hold a document's text, id and label.
public struct RecordColumns: Sendable, Equatable {
    /// The text's column; by default one named `text`.
    public var text: String?
    /// The id's column; by default the record's line number.
    public var id: String?
    public var label: String?

    public init(text: String? = nil, id: String? = nil, label: String? = nil) {
        self.text = text
        self.id = id
        self.label = label
    }

    /// The text column, checked against the names a file has.
    func textColumn(in names: [String], file: String) throws -> String {
        let wanted = text ?? "text"
        guard names.contains(wanted) else {
            let hint = text == nil ? " (name the text's column with --text-column)" : ""
            throw DataFileError(
                file: file,
                .mismatch(
                    "no column '\(wanted)'\(hint); the columns are: "
                        + names.map { "'\($0)'" }.joined(separator: ", ")))
        }
        return wanted
    }

    /// The optional columns, checked against the names a file has.
    func check(_ names: [String], file: String) throws {
        for case let column? in [id, label] where !names.contains(column) {
            throw DataFileError(
                file: file,
                .mismatch(
                    "no column '\(column)'; the columns are: "
                        + names.map { "'\($0)'" }.joined(separator: ", ")))
        }
    }
}

/// The ids an id column gave so far: a repeated one (`5` twice, or `5` and `"5"` in JSON Lines)
/// is an error of its record, since assignments and placements are keyed by id.
struct RecordIDs {
    private var lines: [String: Int] = [:]

    mutating func add(_ id: String, line: Int, file: String) throws {
        if let first = lines[id] {
            throw DataFileError(
                file: file,
                .badRecord(
                    line: line,
                    "the id '\(id)' is line \(first)'s too; an id column must name "
                        + "each record once (leave --id-column out to number them)"))
        }
        lines[id] = line
    }
}

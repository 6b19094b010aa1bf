import Foundation
import DKMCore

/// Reads documents from a CSV or TSV file (RFC 4180): a header row names the columns, fields may
/// be quoted (with `""` for a quote) and span lines, a UTF-8 byte order mark is dropped, and
/// lines may end in CRLF. A record whose number of fields differs from the header's, or a quote
/// left open, is reported with its line number (skipped with `badDocuments = .skip`).
public struct DelimitedTableReader: DocumentSource {
    public let path: String
    public let delimiter: UInt8
    public var columns: RecordColumns
    public var onSkip: ((SkippedDocument) -> Void)?
    public var badDocuments: BadDocumentPolicy = .stop
    public var shard: Shard = .whole
    /// At most this many bytes of the file are read.
    public var fileByteLimit = FileBytes.defaultLimit

    public init(path: String, delimiter: UInt8 = UInt8(ascii: ","), columns: RecordColumns = RecordColumns()) {
        self.path = path
        self.delimiter = delimiter
        self.columns = columns
    }

    /// Records are parsed and delivered one at a time, so a bad record stops the run where it
    /// is, having held only the file's bytes and the records before it. A shard of a distributed
    /// run counts the documents in a first pass to know its range.
    public func forEachDocument(_ body: (Document) throws -> Void) throws {
        let bytes = try FileBytes.read(path, limit: fileByteLimit)
        var names: [String]?, textIndex = 0, idIndex: Int?, labelIndex: Int?
        var ids = RecordIDs()
        func document(_ record: Record, reporting onSkip: ((SkippedDocument) -> Void)?) throws -> Document? {
            guard let names else {
                let header = record.fields.map { TextDecoding.decode($0) }
                textIndex = header.firstIndex(of: try columns.textColumn(in: header, file: path))!
                try columns.check(header, file: path)
                idIndex = columns.id.flatMap { header.firstIndex(of: $0) }
                labelIndex = columns.label.flatMap { header.firstIndex(of: $0) }
                names = header
                return nil
            }
            var read: Document?
            try badDocuments.attempt("\(path):\(record.line)", onSkip: onSkip) {
                if let problem = record.problem { throw DataFileError(file: path, .badRecord(line: record.line, problem)) }
                guard record.fields.count == names.count else {
                    throw DataFileError(
                        file: path,
                        .badRecord(
                            line: record.line,
                            "\(record.fields.count) fields, but the header has \(names.count)"))
                }
                let field = { (index: Int) in TextDecoding.decode(record.fields[index]) }
                if let idIndex { try ids.add(field(idIndex), line: record.line, file: path) }
                read = Document(id: idIndex.map(field) ?? "line \(record.line)", text: field(textIndex), label: labelIndex.map(field))
            }
            return read
        }
        // Records are handed on as they are read, so no pass holds them all.
        try shard.stream(
            { counting, each in
                names = nil
                ids = RecordIDs()
                try Self.forEachRecord(bytes, delimiter: delimiter) { record in
                    if let document = try document(record, reporting: counting ? nil : onSkip) { try each(document) }
                }
            }, body)
        guard names != nil else { throw DataFileError(file: path, .empty) }
    }

    /// A record: its fields' bytes, the line it starts on, and what is wrong with it, if anything.
    struct Record {
        var fields: [[UInt8]]
        var line: Int
        var problem: String?
    }

    /// Splits `bytes` into records, handing each to `body` as it ends; blank lines are passed over.
    static func forEachRecord(_ bytes: [UInt8], delimiter: UInt8, _ body: (Record) throws -> Void) throws {
        let quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
        var fields: [[UInt8]] = [], field: [UInt8] = []
        var line = 1, recordLine = 1, quoted = false, wasQuoted = false
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        func endRecord() throws {
            fields.append(field)
            if !(fields.count == 1 && fields[0].isEmpty && !wasQuoted) { try body(Record(fields: fields, line: recordLine)) }
            fields = []
            field = []
            wasQuoted = false
        }
        while i < bytes.count {
            let byte = bytes[i]
            if quoted {
                if byte == quote {
                    if i + 1 < bytes.count && bytes[i + 1] == quote { field.append(quote); i += 1 } else { quoted = false }
                } else {
                    if byte == newline { line += 1 }
                    field.append(byte)
                }
            } else if byte == quote && field.isEmpty {
                quoted = true
                wasQuoted = true
            } else if byte == delimiter {
                fields.append(field)
                field = []
            } else if byte == newline || byte == carriageReturn {
                if byte == carriageReturn && i + 1 < bytes.count && bytes[i + 1] == newline { i += 1 }
                try endRecord()
                line += 1
                recordLine = line
            } else {
                field.append(byte)
            }
            i += 1
        }
        if quoted {
            fields.append(field)
            try body(Record(fields: fields, line: recordLine, problem: "a quoted field is not closed before the end of the file"))
        } else if !field.isEmpty || !fields.isEmpty || wasQuoted {
            try endRecord()
        }
    }
}

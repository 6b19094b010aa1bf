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

    public func forEachDocument(_ body: (Document) throws -> Void) throws {
        let records = try Self.records(try FileBytes.read(path, limit: fileByteLimit), delimiter: delimiter, file: path)
        guard let header = records.first?.fields else { throw DataFileError(file: path, .empty) }
        let names = header.map { TextDecoding.decode($0) }
        let textIndex = names.firstIndex(of: try columns.textColumn(in: names, file: path))!
        try columns.check(names, file: path)
        let idIndex = columns.id.flatMap { names.firstIndex(of: $0) }
        let labelIndex = columns.label.flatMap { names.firstIndex(of: $0) }
        var documents: [Document] = []
        for record in records.dropFirst() {
            try badDocuments.attempt("\(path):\(record.line)", onSkip: onSkip) {
                if let problem = record.problem { throw DataFileError(file: path, .badRecord(line: record.line, problem)) }
                guard record.fields.count == names.count else {
                    throw DataFileError(file: path, .badRecord(line: record.line,
                                                               "\(record.fields.count) fields, but the header has \(names.count)"))
                }
                let field = { (index: Int) in TextDecoding.decode(record.fields[index]) }
                documents.append(Document(id: idIndex.map(field) ?? "line \(record.line)", text: field(textIndex),
                                          label: labelIndex.map(field)))
            }
        }
        for document in shard.part(of: documents) { try body(document) }
    }

    /// A record: its fields' bytes, the line it starts on, and what is wrong with it, if anything.
    struct Record {
        var fields: [[UInt8]]
        var line: Int
        var problem: String?
    }

    /// Splits `bytes` into records; blank lines are passed over.
    static func records(_ bytes: [UInt8], delimiter: UInt8, file: String) throws -> [Record] {
        let quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
        var records: [Record] = []
        var fields: [[UInt8]] = [], field: [UInt8] = []
        var line = 1, recordLine = 1, quoted = false, wasQuoted = false
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        func endRecord() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].isEmpty && !wasQuoted) { records.append(Record(fields: fields, line: recordLine)) }
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
                endRecord()
                line += 1
                recordLine = line
            } else {
                field.append(byte)
            }
            i += 1
        }
        if quoted {
            fields.append(field)
            records.append(Record(fields: fields, line: recordLine, problem: "a quoted field is not closed before the end of the file"))
        } else if !field.isEmpty || !fields.isEmpty || wasQuoted {
            endRecord()
        }
        return records
    }
}

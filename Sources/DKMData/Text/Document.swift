import DKMCore
/// One document as a reader delivers it.
public struct Document: Sendable, Equatable {
    /// The bytes of one document read at most, unless a reader is told otherwise (8 MiB): a
    /// longer file is cut there and the cut is reported.
    public static let defaultByteLimit = 8 << 20

    /// Where it came from (a path relative to the corpus root, or an item id).
    public var id: String
    public var text: String
    /// Its class (newsgroup, subfolder, topic), when the source has one.
    public var label: String?
    /// A human-readable title (subject line, headline, file name).
    public var title: String?
    /// True when the file held more than the reader's byte limit and only its start was read
    /// (set where the text cannot show it: a page's text is shorter than its markup).
    public var wasCut = false

    public init(id: String, text: String, label: String? = nil, title: String? = nil) {
        self.id = id
        self.text = text
        self.label = label
        self.title = title
    }
}

/// Something that delivers documents one at a time, so that a corpus is never held whole.
extension Document {
    /// The text cut to at most `limit` UTF-8 bytes (a character split there becomes U+FFFD), or
    /// nil when it is not longer: every reader's documents go through this before any
    /// tokenizing, so a huge field costs no more than the limit.
    public func textCut(toBytes limit: Int) -> String? {
        text.utf8.count > limit ? String(decoding: text.utf8.prefix(limit), as: UTF8.self) : nil
    }

    /// The document with its text at most `limit` UTF-8 bytes, and whether anything of it was
    /// left out (here or by its reader), which the caller warns of.
    public func cut(toBytes limit: Int) -> (document: Document, wasCut: Bool) {
        guard let text = textCut(toBytes: limit) else { return (self, wasCut) }
        var cut = self
        cut.text = text
        return (cut, true)
    }
}

public protocol DocumentSource {
    func forEachDocument(_ body: (Document) throws -> Void) throws
}

/// A document or file a reader passed over, and why.
public struct SkippedDocument: Sendable, Equatable {
    public var id: String
    public var reason: String

    public init(id: String, reason: String) {
        self.id = id
        self.reason = reason
    }
}

/// What a reader does with a document it cannot read (malformed, unreadable).
public enum BadDocumentPolicy: Sendable {
    /// Stop with the document's error, before any output is written (the default).
    case stop
    /// Report it through the reader's skip callback, count it, and go on.
    case skip

    /// Runs `read`; a `DataFileError` either stops the run or is reported as a skip. What is
    /// not a regular file (a device, a FIFO) is always passed over with a warning.
    func attempt(_ id: String, onSkip: ((SkippedDocument) -> Void)?, _ read: () throws -> Void) throws {
        do {
            try read()
        } catch let error as DataFileError {
            let notRegular = if case .notRegular = error.problem { true } else { false }
            guard self == .skip || notRegular else { throw error }
            onSkip?(SkippedDocument(id: id, reason: error.description))
        }
    }
}

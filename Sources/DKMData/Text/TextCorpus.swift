import Foundation
import DKMCore

/// A vectorized document collection: the tf-idf rows plus what identifies each document.
public struct TextCorpus: Sendable {
    public var vectorizer: TfIdfVectorizer
    public var tokenizer: TokenizerSettings
    public var matrix: SparseMatrix
    public var ids: [String]
    public var titles: [String?]
    /// The start of each document's text, whitespace collapsed (at most `snippetLength`
    /// characters), to show what a document is about.
    public var snippets: [String]
    public static let snippetLength = 160
    /// Label of each document (nil where the source has none).
    public var labels: [String?]
    /// Each document's tokens for a sentence encoder, when the corpus was read with one's
    /// tokenizer (empty otherwise).
    public var encoderTokens: [[Int32]] = []

    /// Reads, tokenizes and counts every document of `source` in one pass, then fits the
    /// vocabulary and builds the tf-idf rows.
    /// Documents longer than `maximumDocumentBytes` (UTF-8) are cut there; `onTruncate` hears of each.
    /// `onProgress` hears the documents and bytes (UTF-8) read so far, after each block of documents and at the end.
    ///
    /// Distributed, `source` delivers this process's documents; the vocabulary and idf are fitted
    /// on the term statistics of every process's documents (see `TfIdfVectorizer.fitted`).
    /// With `fitted` (a saved model's vectorizer), the rows are built with its vocabulary and idf
    /// instead, and `vectorizerSettings` is not used.
    /// `extraStopWords`, when given, is called once per process, before any document is counted,
    /// with the texts (cut) of its first block of documents: the first 1,024, or fewer when
    /// their text passes 32 MiB first (none when the process has no document). The words it
    /// returns are stop words too: the corpus is read once. `keepsEncoderTokens`, when given with
    /// `encoderTokenizer`, is called once with the same texts: false makes no encoder tokens.
    /// `onFirstTexts` sees them too, once.
    public init(
        source: DocumentSource, tokenizer settings: TokenizerSettings = TokenizerSettings(),
        vectorizer vectorizerSettings: VectorizerSettings = .clustering, fitted: TfIdfVectorizer? = nil,
        maximumDocumentBytes: Int = Document.defaultByteLimit, onTruncate: ((Document) -> Void)? = nil,
        onProgress: ((_ documents: Int, _ bytes: Int) -> Void)? = nil,
        extraStopWords: ((_ firstTexts: [String]) throws -> Set<String>)? = nil,
        encoderTokenizer: (@Sendable (String) -> [Int32])? = nil,
        keepsEncoderTokens: ((_ firstTexts: [String]) -> Bool)? = nil,
        onFirstTexts: ((_ firstTexts: [String]) -> Void)? = nil,
        communicator: Communicator = SingleProcess.shared
    ) throws {
        var settings = settings
        var encoderTokenizer = encoderTokenizer, keepsEncoderTokens = keepsEncoderTokens, onFirstTexts = onFirstTexts
        var splitter = Tokenizer(settings: settings)
        var extraStopWords = extraStopWords
        var counts = TermCounts()
        var ids: [String] = [], titles: [String?] = [], labels: [String?] = [], snippets: [String] = []
        var encoderTokens: [[Int32]] = []
        // Documents are tokenized, counted and summarized in parallel a block at a time, in runs
        // of consecutive documents that each thread takes as it finishes the last (lengths vary);
        // the runs' terms then get ids in reading order, so the result does not depend on the
        // thread count.
        var pending: [String] = []
        var pendingBytes = 0, bytes = 0
        func flush() throws {
            if let choose = extraStopWords {
                extraStopWords = nil
                settings.stopWords.formUnion(try choose(pending))
                splitter = Tokenizer(settings: settings)
            }
            if let first = onFirstTexts {
                onFirstTexts = nil
                first(pending)
            }
            if let keeps = keepsEncoderTokens, encoderTokenizer != nil {
                keepsEncoderTokens = nil
                if !keeps(pending) { encoderTokenizer = nil }
            }
            let blockTokenizer = encoderTokenizer
            let runCount = (pending.count + Self.runLength - 1) / Self.runLength
            var runs = [TermRun](repeating: TermRun(), count: runCount)
            var blockSnippets = [String](repeating: "", count: pending.count)
            var blockTokens = [[Int32]](repeating: [], count: blockTokenizer == nil ? 0 : pending.count)
            runs.withUnsafeMutableBufferPointer { runs in
                blockSnippets.withUnsafeMutableBufferPointer { blockSnippets in
                    blockTokens.withUnsafeMutableBufferPointer { blockTokens in
                        Parallel.forEachChunk(runCount, chunk: 1) { range in
                            for r in range {
                                for i in r * Self.runLength..<min((r + 1) * Self.runLength, pending.count) {
                                    splitter.forEachToken(in: pending[i]) { runs[r].count($0) }
                                    runs[r].endDocument()
                                    blockSnippets[i] = TextCorpus.snippet(pending[i])
                                    if let blockTokenizer { blockTokens[i] = blockTokenizer(pending[i]) }
                                }
                            }
                        }
                    }
                }
            }
            counts.add(runs: runs)
            snippets += blockSnippets
            encoderTokens += blockTokens
            pending.removeAll(keepingCapacity: true)
            pendingBytes = 0
            onProgress?(ids.count, bytes)
        }
        try source.forEachDocument { document in
            let (cut, wasCut) = document.cut(toBytes: maximumDocumentBytes)
            if wasCut { onTruncate?(document) }
            pending.append(cut.text)
            bytes += document.text.utf8.count
            pendingBytes += cut.text.utf8.count
            ids.append(document.id)
            titles.append(document.title)
            labels.append(document.label)
            if pending.count == Self.blockDocuments || pendingBytes >= Self.blockBytes { try flush() }
        }
        try flush()
        guard try communicator.sum(ids.count) > 0 else { throw VectorizerError.emptyVocabulary(documents: 0) }
        vectorizer = try fitted ?? TfIdfVectorizer.fitted(counts, settings: vectorizerSettings, communicator: communicator)
        self.tokenizer = settings
        matrix = vectorizer.transform(counts)
        self.ids = ids
        self.titles = titles
        self.labels = labels
        self.snippets = snippets
        self.encoderTokens = encoderTokens
    }

    public var count: Int { ids.count }

    /// Documents tokenized together: at most this many, or this many bytes of text, at a time.
    package static let blockDocuments = 1024
    static let blockBytes = 32 << 20
    /// Consecutive documents one thread counts into one `TermRun`.
    static let runLength = 32

    /// The first `snippetLength` characters of `text` with runs of whitespace made one space.
    static func snippet(_ text: String) -> String {
        asciiSnippet(text) ?? characterSnippet(text)
    }

    /// `snippet`, one Character at a time (Characters are grapheme clusters: slow to walk).
    static func characterSnippet(_ text: String) -> String {
        // Characters are counted as they are appended: `String.count` walks the whole string.
        var result = "", pendingSpace = false, length = 0
        for character in text.prefix(snippetLength * 4) {
            if character.isWhitespace {
                pendingSpace = length > 0
                continue
            }
            if pendingSpace {
                result.append(" ")
                length += 1
            }
            pendingSpace = false
            result.append(character)
            length += 1
            if length >= snippetLength { break }
        }
        return result
    }

    /// `snippet` byte by byte, when every byte it reads, and the one after, is ASCII (nil
    /// otherwise): there each byte is a Character, but for CR LF, which is one.
    static func asciiSnippet(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { bytes -> String? in
            var result: [UInt8] = []
            result.reserveCapacity(snippetLength)
            var pendingSpace = false, length = 0, characters = 0, i = 0
            while i < bytes.count, characters < snippetLength * 4, length < snippetLength {
                let byte = bytes[i]
                guard byte < 0x80 else { return nil }
                i += 1
                characters += 1
                if byte == 13, i < bytes.count, bytes[i] == 10 { i += 1 }
                if byte == 32 || (9...13).contains(byte) {
                    pendingSpace = length > 0
                    continue
                }
                if pendingSpace {
                    result.append(32)
                    length += 1
                }
                pendingSpace = false
                result.append(byte)
                length += 1
            }
            // A combining mark after the last byte read would have joined its Character.
            guard i == bytes.count || bytes[i] < 0x80 else { return nil }
            return String(decoding: result, as: UTF8.self)
        }
    }

    /// The documents at `indices`, in that order (same vocabulary).
    public func subset(_ indices: [Int]) -> TextCorpus {
        var copy = self
        copy.matrix = matrix.gatheringRows(indices)
        copy.ids = indices.map { ids[$0] }
        copy.titles = indices.map { titles[$0] }
        copy.labels = indices.map { labels[$0] }
        copy.snippets = indices.map { snippets[$0] }
        if !encoderTokens.isEmpty { copy.encoderTokens = indices.map { encoderTokens[$0] } }
        return copy
    }

    /// The corpus as a data set; labels are numbered in sorted order of their names, and only
    /// kept when every document has one.
    public var dataset: Dataset {
        dataset(labelNames: Array(Set(labels.compactMap { $0 })).sorted(), everyDocumentLabeled: !labels.contains(nil))
    }

    /// This process's documents as a data set, labels numbered over every process's label names.
    public func dataset(communicator: Communicator) throws -> Dataset {
        let names = try communicator.allGatherEncoded(Array(Set(labels.compactMap { $0 })))
        return dataset(labelNames: Array(Set(names)).sorted(), everyDocumentLabeled: !(try communicator.any(labels.contains(nil))))
    }

    private func dataset(labelNames names: [String], everyDocumentLabeled: Bool) -> Dataset {
        let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        let numbered = everyDocumentLabeled && !names.isEmpty ? labels.map { index[$0!]! } : nil
        return Dataset(name: "text", features: .sparse(matrix), labels: numbered, labelNames: numbered == nil ? [] : names)
    }
}

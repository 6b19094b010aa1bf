import DKMCore

/// Loads items a block at a time on every core and hands the results over in the items'
/// order, on the calling thread: file reads and decoding overlap across cores, while what the
/// caller does with each result (counting, warnings, the first error) happens as if read one
/// by one. At most one block of results is held.
enum OrderedLoads {
    static let blockSize = 256

    /// `load` runs concurrently (it must only read what it is given); `body` runs in order.
    static func forEach<Item, Loaded>(_ items: [Item], load: (Item) -> Loaded, _ body: (Loaded) throws -> Void) throws {
        var start = 0
        var loaded: [Loaded?] = []
        while start < items.count {
            let end = min(start + blockSize, items.count)
            loaded.removeAll(keepingCapacity: true)
            loaded.append(contentsOf: repeatElement(nil, count: end - start))
            loaded.withUnsafeMutableBufferPointer { slots in
                // Each thread takes the next few items when done: file sizes vary.
                Parallel.forEachChunk(end - start, chunk: 4) { range in
                    for i in range { slots[i] = load(items[start + i]) }
                }
            }
            for result in loaded { try body(result!) }
            start = end
        }
    }
}

/// What reading one file gave: its document, a reason to pass it over, an error reading it
/// (which the bad-document policy judges), or another error.
enum FileOutcome {
    case document(Document)
    case skipped(SkippedDocument)
    case unreadable(String, Error)
    case failed(Error)

    /// The outcome of `read`, with any error it throws kept for the caller to judge in order.
    static func of(_ read: () throws -> FileOutcome) -> FileOutcome {
        do { return try read() } catch { return .failed(error) }
    }

    /// Hands the outcome over as reading the file then would have: the document to `body`, a
    /// skip to `onSkip`, an unreadable file to `policy`, any other error thrown.
    func deliver(to body: (Document) throws -> Void, onSkip: ((SkippedDocument) -> Void)?, policy: BadDocumentPolicy) throws {
        switch self {
        case .document(let document): try body(document)
        case .skipped(let skipped): onSkip?(skipped)
        case .unreadable(let path, let error): try policy.attempt(path, onSkip: onSkip) { throw error }
        case .failed(let error): throw error
        }
    }
}

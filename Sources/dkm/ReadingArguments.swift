import ArgumentParser
import DeepKMeans
import Foundation

/// Where and how documents are read: the options `cluster`, `vectorize`, `evaluate` and
/// `assign` share, so every command reads every input the same way.
struct ReadingArguments: ParsableArguments {
    @Option(
        help:
            "Corpus format: newsgroups, rcv1 (newsML .xml files), folder, csv, tsv, jsonl lines (a text file, a document a line), html (one page) or archive (.tar, .tar.gz, .tgz, .tar.bz2, .tar.xz, .zip of a folder); default: detected (files by extension, '-' is JSON Lines on standard input)."
    )
    var format: CorpusFormat?

    @Option(help: "CSV, TSV, JSON Lines: the field holding the text (default 'text').")
    var textColumn: String?

    @Option(help: "CSV, TSV, JSON Lines: the field holding each document's id (default: its line number).")
    var idColumn: String?

    @Option(help: "CSV, TSV, JSON Lines: the field holding each document's label, to score the clusters against.")
    var labelColumn: String?

    @Flag(help: "RCV1: keep every item (default: only those with exactly one of CCAT, ECAT, GCAT, MCAT, as the paper).")
    var allTopics = false

    @Option(
        help:
            "20 Newsgroups: parts to remove, comma-separated: headers, footers, quotes (as scikit-learn's remove=), boilerplate (header lines but the Subject, and the signature: the default), or none (the raw messages)."
    )
    var strip: String?

    @Option(help: "20 Newsgroups: a TSV with a 'path' column giving the document order (e.g. sklearn-all-order.tsv).")
    var order: String?

    @Option(help: "Folder: 'subfolder' takes each file's label from its first-level folder.")
    var labels: String?

    @Flag(help: "Report, count and skip unreadable or malformed documents instead of stopping at the first.")
    var skipBad = false

    @Flag(help: "Folders: follow symbolic links to folders (each folder is still read only once).")
    var followSymlinks = false

    @Option(help: "Cut documents longer than this many bytes (with a warning).")
    var maxDocumentBytes: Int = Document.defaultByteLimit

    func validate() throws {
        guard maxDocumentBytes >= 1 else { throw ValidationError("--max-document-bytes must be at least 1") }
        guard labels == nil || labels == "subfolder" else { throw ValidationError("--labels takes 'subfolder'") }
        _ = try removal()
    }

    func removal() throws -> NewsgroupsMessage.Removal {
        guard let strip else { return .boilerplate }
        guard let removal = NewsgroupsMessage.Removal(names: strip) else {
            throw ValidationError("--strip takes headers, footers, quotes, boilerplate or none, not '\(strip)'")
        }
        return removal
    }

    /// Warns of a document cut at --max-document-bytes.
    var truncationWarning: (Document) -> Void {
        { [maxDocumentBytes] document in
            Terminal.error("dkm: warning: \(document.id) is longer than \(maxDocumentBytes) bytes; only its start is used\n")
        }
    }

    /// The reading options, with a warning on standard error (and a count) per skipped document.
    func options(skipped counter: SkipCounter = SkipCounter(), from base: CorpusOptions = CorpusOptions()) throws -> CorpusOptions {
        var options = base
        options.format = format
        options.removal = try removal()
        options.orderFile = order
        options.labelsFromSubfolders = labels == "subfolder"
        options.rcv1PaperSubset = !allTopics
        options.badDocuments = skipBad ? .skip : .stop
        options.maximumDocumentBytes = maxDocumentBytes
        options.followSymlinks = followSymlinks
        options.columns = RecordColumns(text: textColumn, id: idColumn, label: labelColumn)
        options.onSkip = { document in
            counter.count += 1
            Terminal.error("dkm: warning: skipped \(document.id): \(document.reason)\n")
        }
        return options
    }
}

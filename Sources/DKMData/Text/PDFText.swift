@preconcurrency import CPoppler
import Foundation
import DKMCore

/// The text layer of a PDF, page by page, through Poppler's GLib interface, titled by the
/// document's Title. A PDF of scanned pages has no text layer: its text is empty, and the
/// reader says so. Pages past `limit` bytes of text are not read.
enum PDFText {
    /// Poppler is called from one thread at a time: its GLib layer promises no more.
    private static let lock = NSLock()

    static func extract(_ bytes: [UInt8], file: String, limit: Int) throws -> (title: String?, text: String) {
        lock.lock()
        defer { lock.unlock() }
        let data = bytes.withUnsafeBytes { g_bytes_new($0.baseAddress, gsize($0.count)) }
        defer { g_bytes_unref(data) }
        var error: UnsafeMutablePointer<GError>?
        guard let document = poppler_document_new_from_bytes(data, nil, &error) else {
            let message = error.map { String(cString: $0.pointee.message) } ?? "Poppler could not open it"
            let encrypted =
                error.map { $0.pointee.domain == poppler_error_quark() && $0.pointee.code == Int32(POPPLER_ERROR_ENCRYPTED.rawValue) }
                ?? false
            if let error { g_error_free(error) }
            throw DataFileError(
                file: file,
                .mismatch(
                    encrypted
                        ? "a PDF protected by a password; dkm reads unprotected PDFs only"
                        : "not a readable PDF (\(message))"))
        }
        defer { g_object_unref(UnsafeMutableRawPointer(document)) }
        var text = ""
        for index in 0..<poppler_document_get_n_pages(document) where text.utf8.count <= limit {
            guard let page = poppler_document_get_page(document, index) else { continue }
            defer { g_object_unref(UnsafeMutableRawPointer(page)) }
            guard let pageText = poppler_page_get_text(page) else { continue }
            text += String(cString: pageText) + "\n"
            g_free(pageText)
        }
        var title: String?
        if let raw = poppler_document_get_title(document) {
            title = String(cString: raw).trimmingCharacters(in: .whitespacesAndNewlines)
            g_free(raw)
        }
        return (title?.isEmpty == false ? title : nil, text)
    }
}

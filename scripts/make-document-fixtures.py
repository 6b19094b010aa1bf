#!/usr/bin/env python3
"""Writes the small PDF, DOCX, ODT and EPUB files the reader tests read, into
Tests/Fixtures/documents/ (committed; run again only to change them). Each is a valid file
of its kind, written by hand to its specification, with traps a careless reader would fall
into: metadata that is not text, tab stops that are not tabs, deleted revisions, comments,
a text box stored twice, chapters out of manifest order, a PDF with no text layer."""
import os, sys, zipfile

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Fixtures", "documents")
os.makedirs(out, exist_ok=True)
FIXED = (2026, 12, 6, 0, 0, 0)  # fixed timestamps: the files are the same on every run


def pdf(path, pages, title=None):
    """A PDF whose pages draw `pages` (a list of lists of lines) in Helvetica; a page given as
    None draws a filled rectangle only (no text layer, like a scan)."""
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"}
    kids, number = [], 4
    for lines in pages:
        if lines is None:
            stream = b"0.5 g 72 72 400 600 re f"
        else:
            stream = b"BT /F1 12 Tf 72 720 Td 14 TL " + b" ".join(b"(" + l.encode("latin-1") + b") '" for l in lines) + b" ET"
        objects[number + 1] = b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"
        objects[number] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
                           b"/Contents %d 0 R >>" % (number + 1))
        kids.append(number)
        number += 2
    objects[2] = b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids) + b"] /Count %d >>" % len(kids)
    info = None
    if title:
        info = number
        objects[info] = b"<< /Title (" + title.encode("latin-1") + b") /Producer (dkm fixtures) >>"
    body, offsets = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", {}
    for n in sorted(objects):
        offsets[n] = len(body)
        body += b"%d 0 obj\n" % n + objects[n] + b"\nendobj\n"
    xref = len(body)
    count = max(objects) + 1
    body += b"xref\n0 %d\n0000000000 65535 f \n" % count
    for n in range(1, count):
        body += b"%010d 00000 n \n" % offsets[n]
    body += b"trailer\n<< /Size %d /Root 1 0 R" % count + (b" /Info %d 0 R" % info if info else b"") + b" >>\n"
    body += b"startxref\n%d\n%%%%EOF\n" % xref
    open(os.path.join(out, path), "wb").write(body)


def package(path, parts, stored_first=None):
    """A zip of `parts` (name -> text), with `stored_first` (name, text) first and uncompressed,
    as ODT and EPUB require of their mimetype."""
    with zipfile.ZipFile(os.path.join(out, path), "w") as archive:
        if stored_first:
            archive.writestr(zipfile.ZipInfo(stored_first[0], FIXED), stored_first[1], zipfile.ZIP_STORED)
        for name, text in parts.items():
            archive.writestr(zipfile.ZipInfo(name, FIXED), text, zipfile.ZIP_DEFLATED)


pdf("orbit-notes.pdf", [["Rocket launch to orbit", "The satellite reached orbit"], ["Second page: telescope and comet"]],
    title="Orbit notes")
pdf("scanned.pdf", [None])

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' \
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
package("soil-report.docx", {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>',
    "word/document.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ' + W + '><w:body>'
        '<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t>Compost</w:t></w:r><w:r><w:tab/><w:t xml:space="preserve">feeds the </w:t></w:r><w:r><w:t>soil</w:t></w:r></w:p>'
        '<w:p><w:r><w:t>Mulch keeps</w:t></w:r><w:del w:id="1" w:author="a"><w:r><w:delText>deletedword</w:delText></w:r></w:del><w:r><w:br/><w:t>roots moist</w:t></w:r></w:p>'
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:t>seedlings</w:t></w:r></w:p>'
        '<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:t>boxword</w:t></mc:Choice><mc:Fallback><w:t>boxword</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>'
        '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>tomato</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>basil</w:t></w:r></w:p></w:tc></w:tr></w:tbl>'
        '<w:sectPr/></w:body></w:document>',
    "docProps/core.xml": '<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Soil report</dc:title><dc:creator>metadataauthor</dc:creator></cp:coreProperties>',
})

O = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
     'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"')
package("bread-recipe.odt", {
    "META-INF/manifest.xml": '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>',
    "content.xml": '<?xml version="1.0" encoding="UTF-8"?><office:document-content ' + O + ' office:version="1.2">'
        '<office:automatic-styles><style:style xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" style:name="P1">styleword</style:style></office:automatic-styles>'
        '<office:body><office:text>\n  <text:h text:outline-level="1">Bread</text:h>\n'
        '  <text:p>Knead the<text:s/>dough<text:tab/>then bake<text:line-break/>at dawn</text:p>'
        '<text:p>Flour<office:annotation><dc:creator>x</dc:creator><text:p>commentword</text:p></office:annotation> and yeast'
        '<text:note><text:note-citation>1</text:note-citation><text:note-body><text:p>Salt too</text:p></text:note-body></text:note></text:p>'
        '<text:tracked-changes><text:changed-region><text:deletion><text:p>removedword</text:p></text:deletion></text:changed-region></text:tracked-changes>'
        '<text:p/></office:text></office:body></office:document-content>',
    "meta.xml": '<?xml version="1.0" encoding="UTF-8"?><office:document-meta ' + O + '><office:meta><dc:title>Bread recipe</dc:title>'
        '<meta:keyword>metadataword</meta:keyword></office:meta></office:document-meta>',
}, stored_first=("mimetype", "application/vnd.oasis.opendocument.text"))

X = '<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>%s</title><style>p {color: red}</style></head><body>%s</body></html>'
package("comet-book.epub", {
    "META-INF/container.xml": '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
        '<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>',
    "OEBPS/content.opf": '<?xml version="1.0" encoding="UTF-8"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">urn:x</dc:identifier><dc:title>Comet book</dc:title>'
        '<dc:creator>metadataauthor</dc:creator></metadata><manifest>'
        '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>'
        '<item id="c1" href="text/chapter%201.xhtml" media-type="application/xhtml+xml"/>'
        '<item id="c2" href="text/../text/chapter2.xhtml" media-type="application/xhtml+xml"/>'
        '<item id="css" href="style.css" media-type="text/css"/></manifest>'
        '<spine><itemref idref="c2"/><itemref idref="c1"/></spine></package>',
    "OEBPS/nav.xhtml": X % ("Contents", "<nav><ol><li>navword</li></ol></nav>"),
    "OEBPS/text/chapter 1.xhtml": X % ("One", "<h1>Tail</h1><p>The comet tail glows</p>"),
    "OEBPS/text/chapter2.xhtml": X % ("Two", "<p>Telescope first</p><script>scriptword()</script>"),
    "OEBPS/style.css": "p { color: blue }",
}, stored_first=("mimetype", "application/epub+zip"))
print("wrote", ", ".join(sorted(os.listdir(out))), "in", os.path.relpath(out))

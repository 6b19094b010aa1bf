@testable import DKMClustering
@testable import DKMCore
@testable import DKMData
@testable import DeepKMeans
import DKMTestSupport
import Foundation
import Testing

/// Damaged, encrypted, ZIP64 and bomb archives get a message that names the real problem.
@Suite struct ZipIntegrityTests {
    /// A zip of two newsML items, and the offsets of its two central directory entries.
    func twoItems(_ directory: TemporaryDirectory) throws -> (bytes: [UInt8], central: [Int]) {
        let items = [
            ("1newsML.xml", NewsMLSample.item(id: 1, headline: "Peso firm", paragraphs: ["The peso rose."], topics: ["ECAT"])),
            ("2newsML.xml", NewsMLSample.item(id: 2, headline: "Election", paragraphs: ["Votes counted."], topics: ["GCAT"])),
        ]
        let zip = directory.writeZip("two.zip", items.map { ($0.0, NewsMLSample.latin1($0.1)) })
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: zip)))
        let central = bytes.indices.dropLast(4).filter { bytes[$0..<($0 + 4)] == [0x50, 0x4B, 0x01, 0x02] }
        try #require(central.count == 2)
        return (bytes, central)
    }

    func expectProblem(_ bytes: [UInt8], entry: Int? = nil, containing text: String) {
        do {
            let archive = try ZipArchive(bytes: bytes, file: "x.zip")
            _ = try archive.data(for: archive.entries[entry ?? 0])
            Issue.record("no error; expected one about \(text)")
        } catch {
            #expect("\(error)".contains(text), "\(error)")
        }
    }

    @Test func aChangedCRCIsCaught() throws {
        var (bytes, central) = try twoItems(TemporaryDirectory())
        bytes[central[0] + 16] ^= 0x01
        expectProblem(bytes, containing: "CRC-32")
    }

    @Test func encryptedEntriesAreNamedSo() throws {
        var (bytes, central) = try twoItems(TemporaryDirectory())
        bytes[central[0] + 8] |= 0x01
        expectProblem(bytes, containing: "encrypted")
    }

    @Test func zip64IsNamedSo() throws {
        var (bytes, _) = try twoItems(TemporaryDirectory())
        let end = bytes.count - 22
        bytes[end + 10] = 0xFF; bytes[end + 11] = 0xFF
        expectProblem(bytes, containing: "ZIP64")
    }

    @Test func entriesSharingTheirDataAreRefused() throws {
        var (bytes, central) = try twoItems(TemporaryDirectory())
        // The second entry points at the first one's data: 10,000 such entries made a 727 KB bomb.
        for i in 0..<4 { bytes[central[1] + 42 + i] = bytes[central[0] + 42 + i] }
        expectProblem(bytes, containing: "share their data")
    }

    @Test func skipBadSkipsADamagedMember() throws {
        let directory = TemporaryDirectory()
        var (bytes, central) = try twoItems(directory)
        bytes[central[0] + 16] ^= 0x01
        let zip = directory.write("rcv1/day.zip", bytes)
        #expect(throws: DataFileError.self) { try NewsMLReader(root: zip).forEachDocument { _ in } }
        var reader = NewsMLReader(root: zip)
        var skipped: [String] = []
        reader.onSkip = { skipped.append($0.id) }
        reader.badDocuments = .skip
        var documents: [Document] = []
        try reader.forEachDocument { documents.append($0) }
        #expect(documents.map(\.id) == ["2"])
        #expect(skipped == ["1newsML.xml"])
    }
}

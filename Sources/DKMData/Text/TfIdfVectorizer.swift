import Foundation
import DKMCore

/// How the vectorizer picks its vocabulary and weighs terms; saved with a model.
public struct VectorizerSettings: Codable, Equatable, Sendable {
    public enum Selection: String, Codable, CaseIterable, Sendable {
        /// Largest corpus counts (scikit-learn's max_features, what the reference code used).
        case count
        /// Largest tf-idf weight summed over documents (the paper's wording).
        case tfidf
        /// Largest document frequencies.
        case documentFrequency = "df"
    }

    public var vocabularySize: Int = 2000
    public var selection: Selection = .count
    /// Terms in fewer documents than this are left out.
    public var minimumDocumentFrequency: Int = 1
    /// Terms in fewer than this fraction of the documents are left out (scikit-learn's float
    /// `min_df`).
    public var minimumDocumentFraction: Double = 0
    /// Terms in more than this fraction of the documents are left out.
    public var maximumDocumentFraction: Double = 1
    /// Whether `maximumDocumentFraction` is set aside when it would leave no term at all (a
    /// corpus of one document, or of copies): true for a default limit, false for a chosen one.
    public var waivesMaximumWhenEmpty = false
    /// tf = 1 + ln(count) instead of the raw count.
    public var sublinearTF: Bool = false
    /// Each term weighs tf · idf^idfPower in a row: 1 is tf-idf; 2 weighs a term's rarity once
    /// more, so frequent words ("the", "of" when stop words are kept) count for less. The
    /// vocabulary is chosen with the plain idf whatever the power. Measured as a default and not
    /// kept: docs/experiments/round-07.md.
    public var idfPower: Double = 1
    /// The powers accepted, on the command line and in a saved model.
    public static let idfPowers: ClosedRange<Double> = 0...8

    public init(
        vocabularySize: Int = 2000, selection: Selection = .count, minimumDocumentFrequency: Int = 1,
        minimumDocumentFraction: Double = 0, maximumDocumentFraction: Double = 1, waivesMaximumWhenEmpty: Bool = false,
        sublinearTF: Bool = false, idfPower: Double = 1
    ) {
        self.vocabularySize = vocabularySize
        self.selection = selection
        self.minimumDocumentFrequency = minimumDocumentFrequency
        self.minimumDocumentFraction = minimumDocumentFraction
        self.maximumDocumentFraction = maximumDocumentFraction
        self.waivesMaximumWhenEmpty = waivesMaximumWhenEmpty
        self.sublinearTF = sublinearTF
        self.idfPower = idfPower
    }

    /// How a user's documents are vectorized for clustering (`dkm cluster`, `dkm vectorize`): a
    /// word in more than half of the documents ("the", a header's "subject") tells no topic
    /// apart and is left out, as in scikit-learn's text-clustering example, unless that leaves
    /// no term (docs/experiments/round-08.md); a word's repeats count as 1 + ln(count), so
    /// that a word said ten times in one message does not outweigh the rest of it (round-09.md).
    /// What is out of the bounds the command line takes (nil: nothing); a saved model's
    /// settings are checked with it as they load.
    public var problem: String? {
        if vocabularySize < 1 { return "the vocabulary size must be at least 1" }
        if minimumDocumentFrequency < 1 { return "the minimum document frequency must be at least 1" }
        if !(0...1).contains(minimumDocumentFraction) { return "the minimum document fraction must be from 0 to 1" }
        if !(maximumDocumentFraction > 0 && maximumDocumentFraction <= 1) { return "the maximum document fraction must be in (0, 1]" }
        if !Self.idfPowers.contains(idfPower) { return "the idf power must be from 0 to 8" }
        return nil
    }

    /// `TextCorpus` uses it unless told otherwise, as the command line does.
    public static var clustering: VectorizerSettings {
        VectorizerSettings(maximumDocumentFraction: 0.5, waivesMaximumWhenEmpty: true, sublinearTF: true)
    }

    /// The paper's featurization (raw counts, every word however common): what `dkm evaluate`
    /// and `dkm reproduce` use. It is also what a field missing from a saved model reads as,
    /// which is why the memberwise defaults are the paper's and not `clustering`'s.
    public static var paper: VectorizerSettings { VectorizerSettings() }

    private enum CodingKeys: String, CodingKey {
        case vocabularySize, selection, minimumDocumentFrequency, minimumDocumentFraction, maximumDocumentFraction, sublinearTF
        case idfPower, waivesMaximumWhenEmpty
    }

    /// Models saved before a setting existed read it as its default.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        vocabularySize = try container.decodeIfPresent(Int.self, forKey: .vocabularySize) ?? 2000
        selection = try container.decodeIfPresent(Selection.self, forKey: .selection) ?? .count
        minimumDocumentFrequency = try container.decodeIfPresent(Int.self, forKey: .minimumDocumentFrequency) ?? 1
        minimumDocumentFraction = try container.decodeIfPresent(Double.self, forKey: .minimumDocumentFraction) ?? 0
        maximumDocumentFraction = try container.decodeIfPresent(Double.self, forKey: .maximumDocumentFraction) ?? 1
        waivesMaximumWhenEmpty = try container.decodeIfPresent(Bool.self, forKey: .waivesMaximumWhenEmpty) ?? false
        sublinearTF = try container.decodeIfPresent(Bool.self, forKey: .sublinearTF) ?? false
        idfPower = try container.decodeIfPresent(Double.self, forKey: .idfPower) ?? 1
        guard Self.idfPowers.contains(idfPower) else {
            throw DecodingError.dataCorruptedError(
                forKey: .idfPower, in: container,
                debugDescription: "the idf power must be a number from 0 to 8")
        }
    }
}

public enum VectorizerError: Error, Equatable, CustomStringConvertible {
    case emptyVocabulary(documents: Int)

    public var description: String {
        switch self {
        case .emptyVocabulary(let documents):
            "no term is left to build a vocabulary from \(documents) document(s): the documents are empty, "
                + "or --min-df / --max-df / stop words removed every term"
        }
    }
}

/// A fitted tf-idf vocabulary: terms in column order (alphabetical, as scikit-learn) and
/// their idf = ln((1 + n) / (1 + df)) + 1.
public struct TfIdfVectorizer: Codable, Equatable, Sendable {
    public var settings: VectorizerSettings
    public var vocabulary: [String]
    public var idf: [Float]

    /// Chooses the vocabulary from the counts of a whole corpus.
    public init(fitting counts: TermCounts, settings: VectorizerSettings = VectorizerSettings()) throws {
        try self.init(fitting: TermStatistics(counts), settings: settings) { idf, candidates in
            TfIdfVectorizer.summedWeights(counts, idf: idf, candidates: candidates, sublinear: settings.sublinearTF)
        }
    }

    /// Chooses the vocabulary from corpus statistics; `summedWeights(idf, candidates)` gives the
    /// tf-idf selection's score of every term (only called for that selection).
    init(
        fitting counts: TermStatistics, settings: VectorizerSettings,
        summedWeights: ([Double], [Int]) throws -> [Double]
    ) throws {
        let (candidates, idfAll) = try TfIdfVectorizer.candidates(counts, settings: settings)
        let score: [Double]
        switch settings.selection {
        case .count: score = counts.corpusCounts.map(Double.init)
        case .documentFrequency: score = counts.documentFrequencies.map(Double.init)
        case .tfidf: score = try summedWeights(idfAll, candidates)
        }
        // Highest score first; ties go to the alphabetically first term, so the choice is stable.
        // Only the terms tied at the last place taken are compared by their text: sorting every
        // candidate (most tied at counts of 1 or 2) by text was a tenth of reading a corpus.
        var chosen = candidates
        if candidates.count > settings.vocabularySize {
            let size = max(settings.vocabularySize, 0)
            let threshold = size > 0 ? candidates.map { score[$0] }.sorted(by: >)[size - 1] : .infinity
            let above = candidates.filter { score[$0] > threshold }
            let tied = candidates.filter { score[$0] == threshold }
                .sorted { TfIdfVectorizer.precedes(counts.terms[$0], counts.terms[$1]) }
            chosen = above + tied.prefix(size - above.count)
        }
        let ordered = chosen.sorted { TfIdfVectorizer.precedes(counts.terms[$0], counts.terms[$1]) }
        self.settings = settings
        vocabulary = ordered.map { counts.terms[$0] }
        idf = ordered.map { Float(idfAll[$0]) }
    }

    public init(settings: VectorizerSettings, vocabulary: [String], idf: [Float]) {
        precondition(vocabulary.count == idf.count)
        self.settings = settings
        self.vocabulary = vocabulary
        self.idf = idf
    }

    /// The ids of the terms that pass the document-frequency limits, and every term's idf.
    static func candidates(_ counts: TermStatistics, settings: VectorizerSettings) throws -> ([Int], [Double]) {
        let n = counts.documentCount
        let minimumDocuments = max(Double(settings.minimumDocumentFrequency), settings.minimumDocumentFraction * Double(n))
        func terms(inAtMost maximumDocuments: Double) -> [Int] {
            (0..<counts.terms.count).filter { id in
                let df = Double(counts.documentFrequencies[id])
                return df >= minimumDocuments && df <= maximumDocuments
            }
        }
        var candidates = terms(inAtMost: settings.maximumDocumentFraction * Double(n))
        if candidates.isEmpty, settings.waivesMaximumWhenEmpty { candidates = terms(inAtMost: Double(n)) }
        guard !candidates.isEmpty, settings.vocabularySize > 0 else { throw VectorizerError.emptyVocabulary(documents: n) }
        return (candidates, counts.documentFrequencies.map { inverseDocumentFrequency(documents: n, containing: $0) })
    }

    public static func inverseDocumentFrequency(documents: Int, containing: Int) -> Double {
        log(Double(1 + documents) / Double(1 + containing)) + 1
    }

    /// Code-point order, as Python sorts strings.
    static func precedes(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars) { $0.value < $1.value }
    }

    /// Column of each term.
    public var columns: [String: Int32] {
        Dictionary(uniqueKeysWithValues: vocabulary.enumerated().map { ($1, Int32($0)) })
    }

    /// The L2-normalized tf-idf rows of every document in `counts` (which may be another corpus).
    public func transform(_ counts: TermCounts) -> SparseMatrix {
        let columnOfTerm = columns
        let column = counts.terms.map { columnOfTerm[$0] ?? -1 }
        let idfWeights = weightsOfIDF
        let documents = counts.documentCount
        // Each row's place is known from its count of vocabulary terms, so rows are built on every core.
        var rowStarts = [0]
        rowStarts.reserveCapacity(documents + 1)
        for d in 0..<documents {
            let kept = (counts.entryStarts[d]..<counts.entryStarts[d + 1]).reduce(0) {
                $0 + (column[Int(counts.entryTerms[$1])] >= 0 ? 1 : 0)
            }
            rowStarts.append(rowStarts[d] + kept)
        }
        var columnIndices = [Int32](repeating: 0, count: rowStarts[documents])
        var values = [Float](repeating: 0, count: rowStarts[documents])
        columnIndices.withUnsafeMutableBufferPointer { columnIndices in
            values.withUnsafeMutableBufferPointer { values in
                Parallel.forEachChunk(documents, chunk: 256) { range in
                    var row: [(Int32, Float)] = []
                    for d in range {
                        row.removeAll(keepingCapacity: true)
                        for e in counts.entryStarts[d]..<counts.entryStarts[d + 1] {
                            let c = column[Int(counts.entryTerms[e])]
                            guard c >= 0 else { continue }
                            row.append((c, Float(weight(count: Int(counts.entryCounts[e]), idfWeight: idfWeights[Int(c)]))))
                        }
                        row.sort { $0.0 < $1.0 }
                        let norm = row.reduce(0.0) { $0 + Double($1.1) * Double($1.1) }.squareRoot()
                        for (k, entry) in row.enumerated() {
                            columnIndices[rowStarts[d] + k] = entry.0
                            values[rowStarts[d] + k] = norm > 0 ? Float(Double(entry.1) / norm) : 0
                        }
                    }
                }
            }
        }
        return SparseMatrix(rows: documents, columns: vocabulary.count, rowStarts: rowStarts, columnIndices: columnIndices, values: values)
    }

    /// Each column's idf^idfPower (tf-idf's idf itself at the power 1).
    var weightsOfIDF: [Double] {
        idf.map { settings.idfPower == 1 ? Double($0) : pow(Double($0), settings.idfPower) }
    }

    /// Weight of a term occurring `count` times in a column weighing `idfWeight`, before the row
    /// is normalized.
    func weight(count: Int, idfWeight: Double) -> Double {
        (settings.sublinearTF ? 1 + log(Double(count)) : Double(count)) * idfWeight
    }

    /// Sum over documents of each candidate's weight in the L2-normalized rows over all candidates.
    static func summedWeights(_ counts: TermCounts, idf: [Double], candidates: [Int], sublinear: Bool) -> [Double] {
        var isCandidate = [Bool](repeating: false, count: counts.terms.count)
        for c in candidates { isCandidate[c] = true }
        var sums = [Double](repeating: 0, count: counts.terms.count)
        for d in 0..<counts.documentCount {
            let range = counts.entryStarts[d]..<counts.entryStarts[d + 1]
            var weights: [(Int, Double)] = []
            for e in range where isCandidate[Int(counts.entryTerms[e])] {
                let count = Double(counts.entryCounts[e])
                let id = Int(counts.entryTerms[e])
                weights.append((id, (sublinear ? 1 + log(count) : count) * idf[id]))
            }
            let norm = weights.reduce(0.0) { $0 + $1.1 * $1.1 }.squareRoot()
            guard norm > 0 else { continue }
            for (id, w) in weights { sums[id] += w / norm }
        }
        return sums
    }
}

import Foundation
import DKMTestSupport
import DeepKMeans
import Testing

/// A fixed token stream with hand-computed counts:
/// d0 = banana cherry cherry; d1 = banana cherry cherry apple; d2 = banana durian×5 apple.
/// corpus counts: durian 5, cherry 4, banana 3, apple 2; document frequencies: banana 3,
/// apple 2, cherry 2, durian 1; idf = ln(4 / (1 + df)) + 1: banana 1, apple and cherry
/// 1.287682, durian 1.693147.
@Suite struct TfIdfVectorizerTests {
    let documents = [
        ["banana", "cherry", "cherry"], ["banana", "cherry", "cherry", "apple"],
        ["banana"] + Array(repeating: "durian", count: 5) + ["apple"],
    ]

    var counts: TermCounts {
        var counts = TermCounts()
        for document in documents { counts.add(document) }
        return counts
    }

    func row(_ matrix: SparseMatrix, _ r: Int) -> [Float] { Array(matrix.toDense().row(r)) }

    func close(_ a: [Float], _ b: [Float]) -> Bool { a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) < 1e-5 } }

    @Test func idfAndRawTfRows() throws {
        let vectorizer = try TfIdfVectorizer(fitting: counts)
        #expect(vectorizer.vocabulary == ["apple", "banana", "cherry", "durian"])
        #expect(close(vectorizer.idf, [1.287682, 1, 1.287682, 1.693147]))
        let matrix = vectorizer.transform(counts)
        // Row d1: weights (1.287682, 1, 2.575364) / 3.048053.
        #expect(close(row(matrix, 0), [0, 0.361965, 0.932192, 0]))
        #expect(close(row(matrix, 1), [0.422461, 0.328078, 0.844921, 0]))
        #expect(close(row(matrix, 2), [0.149361, 0.115992, 0, 0.981956]))
    }

    @Test func sublinearTfRows() throws {
        let vectorizer = try TfIdfVectorizer(fitting: counts, settings: VectorizerSettings(sublinearTF: true))
        let matrix = vectorizer.transform(counts)
        // Row d2: durian (1 + ln 5) · 1.693147 = 4.418161, banana 1, apple 1.287682; norm 4.709382.
        #expect(close(row(matrix, 0), [0, 0.416905, 0.90895, 0]))
        #expect(close(row(matrix, 1), [0.472992, 0.367321, 0.800846, 0]))
        #expect(close(row(matrix, 2), [0.273429, 0.212342, 0, 0.938162]))
    }

    /// tf · idf²: idf² is 1 for banana, 1.658125 for apple and cherry, 2.866747 for durian.
    @Test func squaredIDFRows() throws {
        let settings = VectorizerSettings(idfPower: 2)
        let vectorizer = try TfIdfVectorizer(fitting: counts, settings: settings)
        // The vocabulary and its idf are chosen as for tf-idf; only the rows are weighed anew.
        #expect(vectorizer.vocabulary == ["apple", "banana", "cherry", "durian"])
        #expect(close(vectorizer.idf, [1.287682, 1, 1.287682, 1.693147]))
        let matrix = vectorizer.transform(counts)
        // Row d2: durian 5 · 2.866747 = 14.333737, banana 1, apple 1.658125; norm 14.463934.
        #expect(close(row(matrix, 0), [0, 0.288705, 0.957418, 0]))
        #expect(close(row(matrix, 1), [0.431784, 0.260405, 0.863569, 0]))
        #expect(close(row(matrix, 2), [0.114639, 0.069137, 0, 0.990998]))
        for selection in VectorizerSettings.Selection.allCases {
            let plain = try TfIdfVectorizer(fitting: counts, settings: VectorizerSettings(vocabularySize: 2, selection: selection))
            let squared = try TfIdfVectorizer(
                fitting: counts, settings: VectorizerSettings(vocabularySize: 2, selection: selection, idfPower: 2))
            #expect(plain.vocabulary == squared.vocabulary, "\(selection)")
        }
        // Saved with the model: it round-trips, settings saved before it existed read as tf-idf,
        // and a power that is not a finite number of at least 0 is refused.
        let decoded = try JSONDecoder().decode(VectorizerSettings.self, from: JSONEncoder().encode(settings))
        #expect(decoded.idfPower == 2)
        let old = #"{"vocabularySize":5,"selection":"count","minimumDocumentFrequency":2,"maximumDocumentFraction":1,"sublinearTF":false}"#
        #expect(try JSONDecoder().decode(VectorizerSettings.self, from: Data(old.utf8)).idfPower == 1)
        let negative =
            #"{"vocabularySize":5,"selection":"count","minimumDocumentFrequency":2,"maximumDocumentFraction":1,"sublinearTF":false,"idfPower":-1}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(VectorizerSettings.self, from: Data(negative.utf8)) }
    }

    /// One term kept: the largest count (durian), the largest document frequency (banana), or
    /// the largest summed normalized weight (cherry: 0.932 + 0.845 = 1.777, against durian 0.982,
    /// banana 0.806 and apple 0.572).
    @Test func eachVocabularyChoice() throws {
        let expected: [(VectorizerSettings.Selection, String)] = [(.count, "durian"), (.documentFrequency, "banana"), (.tfidf, "cherry")]
        for (selection, term) in expected {
            let vectorizer = try TfIdfVectorizer(fitting: counts, settings: VectorizerSettings(vocabularySize: 1, selection: selection))
            #expect(vectorizer.vocabulary == [term], "\(selection)")
            let matrix = vectorizer.transform(counts)
            // A single kept term normalizes to 1 wherever it occurs.
            for r in 0..<3 { #expect(row(matrix, r) == [documents[r].contains(term) ? 1 : 0]) }
        }
    }

    @Test func documentFrequencyLimitsAndEmptyVocabulary() throws {
        let rare = try TfIdfVectorizer(
            fitting: counts, settings: VectorizerSettings(minimumDocumentFrequency: 2, maximumDocumentFraction: 0.9))
        #expect(rare.vocabulary == ["apple", "cherry"])
        #expect(throws: VectorizerError.emptyVocabulary(documents: 3)) {
            try TfIdfVectorizer(fitting: counts, settings: VectorizerSettings(minimumDocumentFrequency: 4))
        }
        var empty = TermCounts()
        empty.add([])
        #expect(throws: VectorizerError.emptyVocabulary(documents: 1)) { try TfIdfVectorizer(fitting: empty) }
    }

    @Test func newDocumentsUseTheFittedVocabulary() throws {
        let vectorizer = try TfIdfVectorizer(fitting: counts)
        var unseen = TermCounts()
        unseen.add(["kiwi", "durian", "kiwi"])
        unseen.add(["kiwi"])
        let matrix = vectorizer.transform(unseen)
        #expect(row(matrix, 0) == [0, 0, 0, 1])
        #expect(row(matrix, 1) == [0, 0, 0, 0])
    }
}

/// scikit-learn's fractional min_df and word n-grams.
@Suite struct VocabularyOptionTests {
    /// The clustering commands' default limit drops words in more than half of the documents,
    /// and is set aside only where it would leave no term; a chosen limit is never set aside.
    @Test func commonTermLimitGivesWayOnlyWhenNothingIsLeft() throws {
        var counts = TermCounts()
        // "the" in all 4 documents, "cat" in 3, "dog" in 2, "owl" in 1.
        for i in 0..<4 { counts.add(["the"] + (i < 3 ? ["cat"] : []) + (i < 2 ? ["dog"] : []) + (i == 0 ? ["owl"] : [])) }
        let byDefault = VectorizerSettings.clustering
        #expect(try TfIdfVectorizer(fitting: counts, settings: byDefault).vocabulary == ["dog", "owl"])  // 2 of 4 is not more than half
        #expect(try TfIdfVectorizer(fitting: counts).vocabulary == ["cat", "dog", "owl", "the"])
        // One document, or copies of one: every word is in all of them.
        var copies = TermCounts()
        for _ in 0..<3 { copies.add(["the", "cat"]) }
        #expect(try TfIdfVectorizer(fitting: copies, settings: byDefault).vocabulary == ["cat", "the"])
        var chosen = byDefault
        chosen.waivesMaximumWhenEmpty = false
        #expect(throws: VectorizerError.emptyVocabulary(documents: 3)) { try TfIdfVectorizer(fitting: copies, settings: chosen) }
        // Saved with a model; settings saved before it existed read as a chosen limit.
        #expect(try JSONDecoder().decode(VectorizerSettings.self, from: JSONEncoder().encode(byDefault)) == byDefault)
        let old = #"{"vocabularySize":5,"selection":"count","minimumDocumentFrequency":1,"maximumDocumentFraction":1,"sublinearTF":false}"#
        #expect(try JSONDecoder().decode(VectorizerSettings.self, from: Data(old.utf8)).waivesMaximumWhenEmpty == false)
    }

    @Test func fractionalMinimumDocumentFrequency() throws {
        var counts = TermCounts()
        // "common" in all 10 documents, "some" in 3, "rare" in 1.
        for i in 0..<10 { counts.add(["common"] + (i < 3 ? ["some"] : []) + (i == 0 ? ["rare"] : [])) }
        let kept = { (fraction: Double) in
            try TfIdfVectorizer(fitting: counts, settings: VectorizerSettings(minimumDocumentFraction: fraction)).vocabulary.sorted()
        }
        #expect(try kept(0) == ["common", "rare", "some"])
        #expect(try kept(0.2) == ["common", "some"])  // 2 of 10 documents at least
        #expect(try kept(0.31) == ["common"])  // 3.1: "some" (3) is out
        // Settings saved before the option existed still load.
        let old = #"{"vocabularySize":5,"selection":"count","minimumDocumentFrequency":2,"maximumDocumentFraction":1,"sublinearTF":false}"#
        let decoded = try JSONDecoder().decode(VectorizerSettings.self, from: Data(old.utf8))
        #expect(decoded.minimumDocumentFraction == 0 && decoded.minimumDocumentFrequency == 2)
    }

    @Test func wordNgramsAfterStopWords() throws {
        let bigrams = Tokenizer(settings: TokenizerSettings(stopWords: ["the", "of"], ngrams: 2))
        #expect(bigrams.tokens("The price of crude oil rose") == ["price", "crude", "oil", "rose", "price crude", "crude oil", "oil rose"])
        let trigrams = Tokenizer(settings: TokenizerSettings(ngrams: 3))
        #expect(trigrams.tokens("a big red ball") == ["big", "red", "ball", "big red", "red ball", "big red ball"])
        #expect(Tokenizer(settings: TokenizerSettings()).tokens("crude oil") == ["crude", "oil"])
        let old = #"{"splitting":"icu","minimumLength":2,"dropNumbers":false,"stopWords":[]}"#
        #expect(try JSONDecoder().decode(TokenizerSettings.self, from: Data(old.utf8)).ngrams == 1)
    }
}

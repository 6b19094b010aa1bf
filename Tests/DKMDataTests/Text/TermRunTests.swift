import Foundation
import DKMTestSupport
import DeepKMeans
import Testing

@Suite struct TermRunTests {
    /// Documents drawn from a small vocabulary, so terms recur within and across documents;
    /// every 50th is empty.
    func documents(_ count: Int) -> [[String]] {
        var random = RandomGenerator(seed: 17)
        return (0..<count).map { d in
            (0..<Int.random(in: d % 50 == 0 ? 0...0 : 1...30, using: &random)).map { _ in "t\(Int.random(in: 0..<(20 + d), using: &random))"
            }
        }
    }

    /// Counts grouped into runs of any length equal the counts of a brute-force reference:
    /// ids in order of first appearance over the corpus, each document's (id, count) pairs
    /// sorted by id, corpus counts and document frequencies.
    @Test(.slow) func runsOfAnyLengthGiveTheReferenceCounts() {
        let corpus = documents(200)
        var order: [String] = []
        for document in corpus { for term in document where !order.contains(term) { order.append(term) } }
        let id = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, Int32($0)) })
        var starts = [0], terms: [Int32] = [], counts: [Int32] = []
        for document in corpus {
            for term in Set(document).sorted(by: { id[$0]! < id[$1]! }) {
                terms.append(id[term]!)
                counts.append(Int32(document.filter { $0 == term }.count))
            }
            starts.append(terms.count)
        }
        for length in [1, 7, 32, 200] {
            let runs = stride(from: 0, to: corpus.count, by: length).map { first in
                var run = TermRun()
                for document in corpus[first..<min(first + length, corpus.count)] {
                    for term in document { run.count(term) }
                    run.endDocument()
                }
                return run
            }
            var oneByOne = TermCounts(), together = TermCounts()
            for run in runs { oneByOne.add(run) }
            together.add(runs: runs)
            for merged in [oneByOne, together] {
                #expect(merged.terms == order && merged.entryStarts == starts)
                #expect(merged.entryTerms == terms && merged.entryCounts == counts)
                #expect(merged.corpusCounts == order.map { term in corpus.joined().filter { $0 == term }.count })
                #expect(merged.documentFrequencies == order.map { term in corpus.filter { $0.contains(term) }.count })
            }
        }
    }

    /// A corpus of several blocks and many runs per block: the same vocabulary, rows and
    /// snippets on 1, 2 and 3 threads.
    @Test func corpusOfManyBlocksDoesNotDependOnTheThreadCount() throws {
        let directory = TemporaryDirectory()
        let lines = documents(2600).map { $0.joined(separator: " ") }.filter { !$0.isEmpty }
        directory.write("lines.txt", lines.joined(separator: "\n") + "\n")
        func read(threads: Int) throws -> TextCorpus {
            try Parallel.withThreadCount(threads) {
                try TextCorpus(source: LinesReader(path: directory.path + "/lines.txt"), vectorizer: VectorizerSettings(vocabularySize: 50))
            }
        }
        let one = try read(threads: 1)
        #expect(one.count == lines.count && one.count > 2 * TextCorpus.blockDocuments)
        for threads in [2, 3] {
            let other = try read(threads: threads)
            #expect(one.vectorizer.vocabulary == other.vectorizer.vocabulary && one.vectorizer.idf == other.vectorizer.idf)
            #expect(one.matrix == other.matrix && one.snippets == other.snippets && one.ids == other.ids)
        }
    }
}

@Suite struct VocabularyChoiceTests {
    /// The vocabulary is the highest counts, ties at the last place going to the first terms
    /// in Unicode scalar order: the same as sorting every term, on corpora full of ties.
    @Test func topTermsEqualAFullSort() throws {
        var random = RandomGenerator(seed: 4667)
        for size in [1, 5, 17, 60] {
            var counts = TermCounts()
            for _ in 0..<40 {
                counts.add((0..<Int.random(in: 1...12, using: &random)).map { _ in "w\(Int.random(in: 0..<70, using: &random))é" })
            }
            let vectorizer = try TfIdfVectorizer(fitting: counts, settings: VectorizerSettings(vocabularySize: size))
            let expected = counts.terms.indices.sorted { a, b in
                counts.corpusCounts[a] != counts.corpusCounts[b]
                    ? counts.corpusCounts[a] > counts.corpusCounts[b]
                    : counts.terms[a].unicodeScalars.lexicographicallyPrecedes(counts.terms[b].unicodeScalars) { $0.value < $1.value }
            }.prefix(size).map { counts.terms[$0] }
            #expect(Set(vectorizer.vocabulary) == Set(expected) && vectorizer.vocabulary.count == min(size, counts.terms.count))
        }
    }
}

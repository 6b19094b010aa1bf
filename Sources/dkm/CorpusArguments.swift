import ArgumentParser
import DeepKMeans
import Foundation

/// How to read, tokenize and vectorize a document collection.
struct CorpusArguments: ParsableArguments {
    /// Where and how the documents are read (shared with `assign`).
    @OptionGroup var reading: ReadingArguments

    @Option(help: "Number of terms in the vocabulary.")
    var vocabSize: Int = 2000

    @Option(help: "How to choose the vocabulary: count (corpus count), tfidf (summed tf-idf) or df (document frequency).")
    var vocabulary: VectorizerSettings.Selection = .count

    @Option(
        help: "Leave out terms in fewer documents than this: a count (5) or a fraction of the documents (0.01), as scikit-learn's min_df.")
    var minDf: String = "1"

    @Option(help: "Terms of 1 to N consecutive words: 1-2 adds word pairs (scikit-learn's ngram_range=(1, 2)); at most 1-3.")
    var ngrams: String = "1-1"

    @Option(
        help:
            "Leave out terms in more than this fraction of the documents (cluster's and vectorize's default 0.5, unless that leaves no term: a word in over half of the documents, such as 'the' or a header's 'subject', tells no topic apart; evaluate's 1)."
    )
    var maxDf: Double?

    @Flag(
        inversion: .prefixedNo,
        help: "Use 1 + ln(count) as the term frequency (cluster's and vectorize's default; evaluate's is the raw count, the paper's).")
    var sublinearTf: Bool?

    @Option(help: "Weigh each term by tf times idf to this power: 1 is tf-idf (the paper's); 2 counts frequent words for less.")
    var idfPower: Double = 1

    @Option(help: "Token splitting: icu (word breaks, NFKC case folding) or sklearn (the reference code's \\b\\w\\w+\\b, lowercased).")
    var tokens: TokenizerSettings.Splitting = .icu

    @Option(help: "Minimum number of letters or digits in a token.")
    var minLength: Int = 2

    @Flag(help: "Drop tokens without a letter (numbers).")
    var dropNumbers = false

    @Option(
        help:
            "Stop words to drop: auto (the shipped list that fits the corpus; cluster's and vectorize's default), none (evaluate's default), a language (english, german, chinese, ... 33 lists in stopwords/) or a file with one word a line."
    )
    var stopWords: String?

    /// How to read, tokenize and vectorize, with warnings for skipped and cut documents; the
    /// options not given keep `base`'s choice (the paper's by default, `.clustering` for cluster).
    func settings(skipped counter: SkipCounter = SkipCounter(), from base: CorpusSettings = CorpusSettings()) throws -> CorpusSettings {
        var settings = base
        settings.reading = try reading.options(skipped: counter, from: base.reading)
        var listed = base.tokenizer.stopWords
        if let stopWords {
            settings.choosesStopWords = stopWords == StopWords.automatic
            listed = [StopWords.automatic, "none"].contains(stopWords) ? [] : try StopWords.load(stopWords)
        }
        settings.tokenizer = TokenizerSettings(
            splitting: tokens, minimumLength: minLength, dropNumbers: dropNumbers, stopWords: listed,
            ngrams: try ngramLength())
        settings.onStopWordsChosen = SkipCounter.reportStopWords
        (settings.vectorizer.minimumDocumentFrequency, settings.vectorizer.minimumDocumentFraction) = try minimumDocuments()
        settings.vectorizer.vocabularySize = vocabSize
        settings.vectorizer.selection = vocabulary
        settings.vectorizer.idfPower = idfPower
        if let maxDf {
            settings.vectorizer.maximumDocumentFraction = maxDf
            settings.vectorizer.waivesMaximumWhenEmpty = false
        }
        if let sublinearTf { settings.vectorizer.sublinearTF = sublinearTf }
        settings.onTruncate = reading.truncationWarning
        return settings
    }
}

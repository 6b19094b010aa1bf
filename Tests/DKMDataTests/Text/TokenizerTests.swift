import DKMTestSupport
import DeepKMeans
import Testing

/// The documented tokenization of tricky text. Changing any of these changes vocabularies,
/// so a change here must be deliberate.
@Suite struct TokenizerTests {
    let tokenizer = Tokenizer()

    @Test func addressesAndURLs() {
        #expect(
            tokenizer.tokens("Write to user@example.com, or see https://example.org/a-b?x=1.")
                == ["write", "to", "user@example.com", "or", "see", "https", "example.org"])
    }

    @Test func apostrophesHyphensAndNumbers() {
        #expect(
            tokenizer.tokens("Don't e-mail me: it's 3.14 or 1,000,000 and 42!")
                == ["don't", "mail", "me", "it's", "3.14", "or", "1,000,000", "and", "42"])
        #expect(
            tokenizer.tokens("C++ and C# on x86_64, v2.0-beta; O'Neill's dog's")
                == ["and", "on", "x86_64", "v2.0", "beta", "o'neill's", "dog's"])
        let withoutNumbers = Tokenizer(settings: TokenizerSettings(dropNumbers: true))
        #expect(withoutNumbers.tokens("it's 3.14 or 1,000,000 and 42 x86_64") == ["it's", "or", "and", "x86_64"])
    }

    @Test func accentsCompatibilityFormsAndCase() {
        #expect(tokenizer.tokens("Naïve café résumé ﬁne Ｆｕｌｌ　ｗｉｄｔｈ") == ["naïve", "café", "résumé", "fine", "full", "width"])
        #expect(tokenizer.tokens("Москва Straße ΣΊΣΥΦΟΣ") == ["москва", "strasse", "σίσυφοσ"])
    }

    @Test func ideographicScriptsAreSegmented() {
        #expect(tokenizer.tokens("東京は日本の首都です。 カタカナ") == ["東京", "日本", "首都", "です", "カタカナ"])
        // A one-character word written with an ideograph is a word, whatever --min-length says;
        // a one-character kana particle is not.
        let cat = tokenizer.tokens("猫が好き")
        #expect(cat.contains("猫") && !cat.contains("が"))
        #expect(Tokenizer(settings: TokenizerSettings(minimumLength: 3)).tokens("山 ab") == ["山"])
    }

    /// Each thread reuses one ICU break iterator from text to text: a long text, a short one,
    /// an empty one and the long one again split as they do alone, on both cores at once.
    @Test func reusedBreakIteratorsKeepNoStateBetweenTexts() {
        let long = "Write to user@example.com about the 東京 meeting, don't wait: 3.14 is enough. " + String(repeating: "word ", count: 500)
        let short = "Naïve café"
        let expected = [tokenizer.tokens(long), tokenizer.tokens(short), [], tokenizer.tokens(long)]
        #expect(expected[0].count == 512 && expected[1] == ["naïve", "café"])
        var mismatches = [Int](repeating: 0, count: 64)
        mismatches.withUnsafeMutableBufferPointer { counts in
            Parallel.forEachRange(64, minimumPerThread: 1) { range in
                for i in range {
                    let found = [tokenizer.tokens(long), tokenizer.tokens(short), tokenizer.tokens(""), tokenizer.tokens(long)]
                    counts[i] = found == expected ? 0 : 1
                }
            }
        }
        #expect(mismatches.allSatisfy { $0 == 0 })
    }

    @Test func lengthAndStopWords() {
        #expect(tokenizer.tokens("a I x 7 ab 12") == ["ab", "12"])
        let single = Tokenizer(settings: TokenizerSettings(minimumLength: 1))
        #expect(single.tokens("a I x 7 ab") == ["a", "i", "x", "7", "ab"])
        let filtered = Tokenizer(settings: TokenizerSettings(stopWords: ["the", "and"]))
        #expect(filtered.tokens("The cat AND the hat") == ["cat", "hat"])
        #expect(tokenizer.tokens("") == [] && tokenizer.tokens(" \n\t ... !!") == [])
    }

    @Test func builtInEnglishStopWords() throws {
        let english = try StopWords.load("english")
        #expect(english.count > 300 && english.isSuperset(of: ["the", "and", "don't", "of"]))
        #expect(!english.contains("space") && !english.contains("hockey"))
        let filtered = Tokenizer(settings: TokenizerSettings(stopWords: english))
        #expect(filtered.tokens("The orbit of the Moon, and what we don't know") == ["orbit", "moon", "know"])
        #expect(throws: DataFileError.self) { try StopWords.load("/no/such/list.txt") }
    }

    /// scikit-learn's CountVectorizer().build_analyzer() gives, for this text:
    /// ['don', 'mail', 'it', '14', '000', '000', 'naïve', 'москва', 'x86_64', 'user', 'example', 'com'].
    @Test func scikitLearnSplitting() {
        let sklearn = Tokenizer(settings: TokenizerSettings(splitting: .scikitLearn))
        #expect(
            sklearn.tokens("Don't e-mail: it's 3.14 1,000,000 Naïve МОСКВА x86_64 user@example.com")
                == ["don", "mail", "it", "14", "000", "000", "naïve", "москва", "x86_64", "user", "example", "com"])
    }

    /// 33 lists ship; `auto` picks the language of the text by its most frequent words, in
    /// any script, and none when no list fits.
    @Test(.slow) func stopWordListsShipAndAutoPicksTheLanguage() throws {
        #expect(StopWords.builtIn.count >= 33 && StopWords.builtIn.contains("german") && StopWords.builtIn.contains("chinese"))
        #expect(try StopWords.load("german").isSuperset(of: ["und", "der", "die"]))
        let texts = [
            "german": "Der Garten und die Erde sind im Frühling nass, aber der Kompost ist warm und die Pflanzen wachsen.",
            "french": "Le jardin et la terre sont humides au printemps, mais le compost est chaud et les plantes poussent.",
            "english": "The garden and the soil are wet in spring, but the compost is warm and the plants grow.",
            "russian": "Сад и земля весной влажные, но компост тёплый, и растения растут в этом саду.",
            "chinese": "我们的花园里有很多植物，这些植物在春天长得很快，我们也在那里做堆肥。",
        ]
        let counter = Tokenizer(settings: TokenizerSettings(minimumLength: 1))
        for (language, text) in texts {
            var counts: [String: Int] = [:]
            counter.forEachToken(in: text) { counts[$0, default: 0] += 1 }
            let chosen = StopWords.choose(matches: try StopWords.matches(counts), total: counts.values.reduce(0, +))
            #expect(chosen?.name == language, "\(language): \(String(describing: chosen))")
        }
        #expect(StopWords.choose(matches: try StopWords.matches(["xqzt": 5, "vvbn": 3]), total: 8) == nil)
    }

    /// Through a corpus: the chosen list is reported and its words are gone from the vocabulary.
    @Test func corpusChoosesItsStopWords() throws {
        let documents = (0..<30).map { i in
            Document(
                id: "\(i)", text: i % 2 == 0 ? "Der Garten und die Erde und der Kompost \(i)" : "Die Rakete und der Mond und die Sterne")
        }
        var settings = CorpusSettings()
        settings.choosesStopWords = true
        var heard: String?
        settings.onStopWordsChosen = { name, _ in heard = name }
        let corpus = try settings.load(InMemorySource(documents: documents))
        #expect(heard == "german")
        #expect(!corpus.vectorizer.vocabulary.contains("und") && corpus.vectorizer.vocabulary.contains("garten"))
    }

    /// The stop-word choice reads documents cut to the limit, as the corpus does: past the limit
    /// an English tail is never tokenized, so it neither costs memory nor sways the choice.
    @Test func theStopWordChoiceReadsDocumentsCutToTheLimit() throws {
        let german = "Der Garten und die Erde und der Kompost. "
        let text = german + String(repeating: "the and of to in that it is was for on with as ", count: 2000)
        var settings = CorpusSettings()
        settings.choosesStopWords = true
        settings.reading.maximumDocumentBytes = german.utf8.count
        var heard: String?, cut = 0
        settings.onStopWordsChosen = { name, _ in heard = name }
        settings.onTruncate = { _ in cut += 1 }
        _ = try settings.load(InMemorySource(documents: [Document(id: "a", text: text), Document(id: "b", text: german)]))
        #expect(heard == "german" && cut == 1)
        settings.reading.maximumDocumentBytes = 8 << 20
        _ = try settings.load(InMemorySource(documents: [Document(id: "a", text: text), Document(id: "b", text: german)]))
        #expect(heard == "english")
    }

    /// The choice reads the first `stopWordSampleSize` documents of the corpus's own pass (the
    /// source is read once), and its words are dropped from every document, the first block's
    /// included; what follows the sample does not sway it.
    @Test func theStopWordChoiceReadsTheCorpusOnceFromItsFirstDocuments() throws {
        final class CountingSource: DocumentSource {
            let documents: [Document]
            var passes = 0
            init(_ documents: [Document]) { self.documents = documents }
            func forEachDocument(_ body: (Document) throws -> Void) throws {
                passes += 1
                try documents.forEach(body)
            }
        }
        let sample = CorpusSettings.stopWordSampleSize
        #expect(sample <= TextCorpus.blockDocuments)
        let documents = (0..<3 * TextCorpus.blockDocuments).map { i in
            Document(
                id: "\(i)",
                text: i < sample
                    ? "Der Garten und die Erde \(i % 7)"
                    : "the garden and the earth of the moon and the stars and the sun")
        }
        var settings = CorpusSettings()
        settings.choosesStopWords = true
        var heard: [String?] = []
        settings.onStopWordsChosen = { name, _ in heard.append(name) }
        let source = CountingSource(documents)
        let corpus = try settings.load(source)
        #expect(source.passes == 1 && heard == ["german"])
        let vocabulary = Set(corpus.vectorizer.vocabulary)
        #expect(!vocabulary.contains("und") && !vocabulary.contains("die") && vocabulary.contains("garten"))
        #expect(vocabulary.contains("the") && vocabulary.contains("and"))
        #expect(corpus.count == documents.count)
    }
}

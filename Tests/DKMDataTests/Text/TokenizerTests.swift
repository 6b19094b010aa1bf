import DKMTestSupport
import DeepKMeans
import Testing

/// The documented tokenization of tricky text. Changing any of these changes vocabularies,
/// so a change here must be deliberate.
@Suite struct TokenizerTests {
    let tokenizer = Tokenizer()

    @Test func addressesAndURLs() {
        #expect(tokenizer.tokens("Write to user@example.com, or see https://example.org/a-b?x=1.")
                == ["write", "to", "user@example.com", "or", "see", "https", "example.org"])
    }

    @Test func apostrophesHyphensAndNumbers() {
        #expect(tokenizer.tokens("Don't e-mail me: it's 3.14 or 1,000,000 and 42!")
                == ["don't", "mail", "me", "it's", "3.14", "or", "1,000,000", "and", "42"])
        #expect(tokenizer.tokens("C++ and C# on x86_64, v2.0-beta; O'Neill's dog's")
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
        #expect(sklearn.tokens("Don't e-mail: it's 3.14 1,000,000 Naïve МОСКВА x86_64 user@example.com")
                == ["don", "mail", "it", "14", "000", "000", "naïve", "москва", "x86_64", "user", "example", "com"])
    }
}

#ifndef DKM_CICU_H
#define DKM_CICU_H

#include <stdint.h>

// Stable names over ICU's C API, whose symbols carry the ICU version (ubrk_open_72, ...)
// and so cannot be imported by Swift directly.

typedef struct dkm_word_iterator dkm_word_iterator;

// Word-boundary iterator over UTF-16 text (the text must outlive the iterator).
// Returns NULL and sets *error to a non-zero ICU error code on failure.
dkm_word_iterator *dkm_word_iterator_open(const uint16_t *text, int32_t length, int32_t *error);

// The next segment: returns 0 at the end, else 1 with [*start, *end) and ICU's rule status
// (>= 100 for words: numbers 100-199, letters 200-299, kana 300-399, ideographs 400-499).
int dkm_word_iterator_next(dkm_word_iterator *iterator, int32_t *start, int32_t *end, int32_t *status);

// Closing keeps the iterator for the thread's next open (freed when the thread ends).
void dkm_word_iterator_close(dkm_word_iterator *iterator);

// NFKC normalization with case folding (NFKC_Casefold) of `source` into `destination`.
// Returns the length of the result; if it exceeds `capacity`, nothing useful was written
// and the caller retries with a larger buffer. Sets *error on failure.
int32_t dkm_nfkc_casefold(const uint16_t *source, int32_t length, uint16_t *destination, int32_t capacity, int32_t *error);

// Decodes `length` bytes in the charset named `charset` (an IANA or ICU name: "windows-1252",
// "shift_jis", "utf-8") into UTF-16, unmappable bytes as U+FFFD. Returns the length of the
// result; if it exceeds `capacity`, the caller retries with a larger buffer. Sets *error for an
// unknown charset name.
int32_t dkm_decode(const char *charset, const uint8_t *source, int32_t length, uint16_t *destination, int32_t capacity,
                   int32_t *error);

#endif

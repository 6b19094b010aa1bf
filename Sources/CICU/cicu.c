#include "cicu.h"

#include <pthread.h>
#include <stdlib.h>
#include <unicode/ubrk.h>
#include <unicode/ucnv.h>
#include <unicode/unorm2.h>

struct dkm_word_iterator {
    UBreakIterator *breaker;
    int32_t position;
};

// Each thread keeps the iterator it last closed and points it at the next text: opening one
// builds ICU's break engine afresh, which cost as much as splitting a short document.
static pthread_key_t spare_key;
static pthread_once_t spare_once = PTHREAD_ONCE_INIT;

static void close_spare(void *spare) {
    dkm_word_iterator *iterator = spare;
    ubrk_close(iterator->breaker);
    free(iterator);
}

static void make_spare_key(void) { pthread_key_create(&spare_key, close_spare); }

dkm_word_iterator *dkm_word_iterator_open(const uint16_t *text, int32_t length, int32_t *error) {
    UErrorCode status = U_ZERO_ERROR;
    pthread_once(&spare_once, make_spare_key);
    dkm_word_iterator *iterator = pthread_getspecific(spare_key);
    if (iterator != NULL) {
        pthread_setspecific(spare_key, NULL);
        ubrk_setText(iterator->breaker, (const UChar *)text, length, &status);
        if (U_FAILURE(status)) {
            close_spare(iterator);
            *error = (int32_t)status;
            return NULL;
        }
        iterator->position = ubrk_first(iterator->breaker);
        *error = 0;
        return iterator;
    }
    UBreakIterator *breaker = ubrk_open(UBRK_WORD, "en", (const UChar *)text, length, &status);
    if (U_FAILURE(status)) {
        *error = (int32_t)status;
        return NULL;
    }
    iterator = malloc(sizeof(dkm_word_iterator));
    if (iterator == NULL) {
        ubrk_close(breaker);
        *error = (int32_t)U_MEMORY_ALLOCATION_ERROR;
        return NULL;
    }
    iterator->breaker = breaker;
    iterator->position = ubrk_first(breaker);
    *error = 0;
    return iterator;
}

int dkm_word_iterator_next(dkm_word_iterator *iterator, int32_t *start, int32_t *end, int32_t *status) {
    int32_t next = ubrk_next(iterator->breaker);
    if (next == UBRK_DONE) return 0;
    *start = iterator->position;
    *end = next;
    *status = ubrk_getRuleStatus(iterator->breaker);
    iterator->position = next;
    return 1;
}

void dkm_word_iterator_close(dkm_word_iterator *iterator) {
    if (iterator == NULL) return;
    pthread_once(&spare_once, make_spare_key);
    if (pthread_getspecific(spare_key) == NULL && pthread_setspecific(spare_key, iterator) == 0) return;
    close_spare(iterator);
}

int32_t dkm_nfkc_casefold(const uint16_t *source, int32_t length, uint16_t *destination, int32_t capacity, int32_t *error) {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *normalizer = unorm2_getNFKCCasefoldInstance(&status);
    if (U_FAILURE(status)) {
        *error = (int32_t)status;
        return 0;
    }
    int32_t written = unorm2_normalize(normalizer, (const UChar *)source, length, (UChar *)destination, capacity, &status);
    *error = (status == U_BUFFER_OVERFLOW_ERROR || U_SUCCESS(status)) ? 0 : (int32_t)status;
    return written;
}

int32_t dkm_decode(const char *charset, const uint8_t *source, int32_t length, uint16_t *destination, int32_t capacity,
                   int32_t *error) {
    UErrorCode status = U_ZERO_ERROR;
    UConverter *converter = ucnv_open(charset, &status);
    // An ambiguous alias (shift_jis names several tables) is a warning: ICU's choice is taken.
    if (U_FAILURE(status)) {
        *error = (int32_t)status;
        return 0;
    }
    status = U_ZERO_ERROR;
    // Bytes the charset cannot map become U+FFFD (ICU's default substitution) instead of
    // ending the text.
    int32_t written = ucnv_toUChars(converter, (UChar *)destination, capacity, (const char *)source, length, &status);
    ucnv_close(converter);
    *error = (status == U_BUFFER_OVERFLOW_ERROR || U_SUCCESS(status)) ? 0 : (int32_t)status;
    return written;
}

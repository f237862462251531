/* pretokenize.c - GPT-2's pre-tokenizing pattern, by hand.
 *
 * A hand-written matcher rather than a regex library: POSIX regular
 * expressions have neither \p{L} nor the lookahead (?!\S), and the
 * pattern needs only one character of lookahead and one of backtracking,
 * so each alternative is a loop over characters.
 */
#include "text/pretokenize.h"

#include <stdbool.h>

#include "text/unicode_class.h"
#include "util/utf8.h"

typedef enum { CLS_LETTER, CLS_NUMBER, CLS_SPACE, CLS_OTHER } CharClass;

static CharClass class_of(unsigned cp) {
    return uc_is_letter(cp) ? CLS_LETTER : uc_is_number(cp) ? CLS_NUMBER
         : uc_is_space(cp) ? CLS_SPACE : CLS_OTHER;
}

/* The character at `pos` (the text is valid UTF-8, so decoding succeeds;
 * a stray invalid byte is taken as one character of class "other"). */
static unsigned char_at(const char *text, size_t len, size_t pos, size_t *bytes) {
    unsigned cp;
    int k = utf8_decode(text + pos, len - pos, &cp);
    if (k <= 0)
        k = 1, cp = 0xFFFD;
    *bytes = (size_t)k;
    return cp;
}

/* The end of the run of characters of class `cls` starting at `pos`. */
static size_t run_end(const char *text, size_t len, size_t pos, CharClass cls) {
    while (pos < len) {
        size_t k;
        if (class_of(char_at(text, len, pos, &k)) != cls)
            break;
        pos += k;
    }
    return pos;
}

/* 's 't 're 've 'm 'll 'd: the length of the suffix at pos, or 0 */
static size_t contraction(const char *text, size_t len, size_t pos) {
    if (text[pos] != '\'' || pos + 1 >= len)
        return 0;
    char a = text[pos + 1], b = pos + 2 < len ? text[pos + 2] : '\0';
    if (a == 's' || a == 't' || a == 'm' || a == 'd')
        return 2;
    if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l'))
        return 3;
    return 0;
}

size_t pretok_next(const char *text, size_t len, size_t pos) {
    size_t n = contraction(text, len, pos);
    if (n)
        return n;
    size_t k;
    unsigned cp = char_at(text, len, pos, &k);
    CharClass cls = class_of(cp);
    /* ' ?X+' : an optional space, then a run of one class */
    size_t start = pos;
    if (cp == ' ' && pos + 1 < len) {
        size_t k2;
        CharClass next = class_of(char_at(text, len, pos + 1, &k2));
        if (next != CLS_SPACE)
            return run_end(text, len, pos + 1, next) - start;
    }
    if (cls != CLS_SPACE)
        return run_end(text, len, pos, cls) - start;
    /* '\s+(?!\S)' : the run of white space, given back one character at a
     * time until what follows is not a non-space; at the end of the text
     * the whole run. Failing that (a run of one before a non-space),
     * '\s+' takes the run. */
    size_t end = run_end(text, len, pos, CLS_SPACE);
    if (end == len)
        return end - start;
    size_t last = end - 1; /* the start of the run's last character */
    while (last > pos && ((unsigned char)text[last] & 0xC0) == 0x80)
        last--;
    return last > pos ? last - start : end - start;
}

/* escape.c - writing out the characters a terminal would act on (escape.h). */
#include "util/escape.h"

#include <stdio.h>
#include <string.h>

#include "util/utf8.h"

bool esc_hidden(unsigned cp) {
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == 0x061C || cp == 0x200E || cp == 0x200F ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/* the escape of one character or byte into piece; its length, or 0 when
 * it is shown as it is */
static size_t escape_of(const char *s, size_t n, bool keep_layout, char piece[16], int *used) {
    unsigned cp;
    int k = utf8_decode(s, n, &cp);
    *used = k > 0 ? k : 1;
    if (k <= 0)
        return (size_t)snprintf(piece, 16, "\\x%02x", (unsigned char)s[0]);
    if (!esc_hidden(cp) || ((cp == '\n' || cp == '\t') && keep_layout))
        return 0;
    if (cp == '\n' || cp == '\r' || cp == '\t')
        return (size_t)snprintf(piece, 16, "\\%c", cp == '\n' ? 'n' : cp == '\r' ? 'r' : 't');
    return (size_t)snprintf(piece, 16, cp < 0x80 ? "\\x%02x" : "\\u%04x", cp);
}

bool esc_needed(const char *s, size_t n, bool keep_layout) {
    for (size_t i = 0; i < n;) {
        char piece[16];
        int used;
        if (escape_of(s + i, n - i, keep_layout, piece, &used))
            return true;
        i += (size_t)used;
    }
    return false;
}

size_t esc_text(const char *s, size_t n, char *out, size_t cap, bool keep_layout) {
    if (cap == 0)
        return 0;
    size_t w = 0;
    for (size_t i = 0; i < n;) {
        char piece[16];
        int used;
        size_t len = escape_of(s + i, n - i, keep_layout, piece, &used);
        const char *from = len ? piece : s + i;
        if (!len)
            len = (size_t)used;
        if (w + len + 1 > cap)
            break;
        memcpy(out + w, from, len);
        w += len, i += (size_t)used;
    }
    out[w] = '\0';
    return w;
}

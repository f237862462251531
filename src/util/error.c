#include "util/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* the length of the longest prefix of s, at most n bytes, that ends on a
 * UTF-8 character boundary */
static size_t utf8_head(const char *s, size_t n) {
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n;
}

void err_fit(char *dst, size_t size, const char *text) {
    size_t len = strlen(text);
    if (len < size) {
        memcpy(dst, text, len + 1);
        return;
    }
    static const char cut[] = " … ";
    size_t room = size - 1 - (sizeof cut - 1);
    size_t head = utf8_head(text, room / 4);
    size_t tail_start = len - (room - head);
    while (tail_start < len && ((unsigned char)text[tail_start] & 0xC0) == 0x80)
        tail_start++;
    memcpy(dst, text, head);
    memcpy(dst + head, cut, sizeof cut - 1);
    memcpy(dst + head + sizeof cut - 1, text + tail_start, len - tail_start + 1);
}

/* format into `dst` (size bytes), cutting the middle out of a message that
 * does not fit, so that its end - usually the reason, after a long path -
 * is never lost */
static void vformat_fit(char *dst, size_t size, const char *fmt, va_list ap) {
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(dst, size, fmt, ap);
    if (n >= 0 && (size_t)n >= size) {
        char *full = malloc((size_t)n + 1);
        if (full) {
            vsnprintf(full, (size_t)n + 1, fmt, again);
            err_fit(dst, size, full);
            free(full);
        }
    }
    va_end(again);
}

void err_format_fit(char *dst, size_t size, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vformat_fit(dst, size, fmt, ap);
    va_end(ap);
}

bool err_set(Error *err, const char *fmt, ...) {
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vformat_fit(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return false;
}

bool err_prefix(Error *err, const char *prefix) {
    if (err) {
        char *old = strdup(err->msg);
        if (old) {
            err_set(err, "%s: %s", prefix, old);
            free(old);
        }
    }
    return false;
}

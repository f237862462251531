#include "util/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/escape.h"

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
    /* what the values brought, written out so that no terminal acts on it;
     * the middle is cut again when the escapes make it longer */
    size_t len = strlen(dst);
    if (esc_needed(dst, len, true)) {
        size_t cap = 6 * len + 1;
        char *wide = malloc(cap);
        if (wide) {
            esc_text(dst, len, wide, cap, true);
            err_fit(dst, size, wide);
            free(wide);
        } else {
            msg_escape(dst, size);
        }
    }
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
        err->msg_zh[0] = '\0';
    }
    return false;
}

bool err_vset_msg(Error *err, MsgId id, va_list ap) {
    if (err) {
        va_list again;
        va_copy(again, ap);
        vformat_fit(err->msg, sizeof err->msg, msg_text(MSG_EN, id), ap);
        vformat_fit(err->msg_zh, sizeof err->msg_zh, msg_text(MSG_ZH, id), again);
        va_end(again);
    }
    return false;
}

bool err_set_msg(Error *err, MsgId id, ...) {
    va_list ap;
    va_start(ap, id);
    err_vset_msg(err, id, ap);
    va_end(ap);
    return false;
}

bool err_set_msg_in(Error *err, const char *prefix, MsgId id, ...) {
    va_list ap;
    va_start(ap, id);
    err_vset_msg(err, id, ap);
    va_end(ap);
    return err_prefix(err, prefix);
}

bool err_set_zh(Error *err, MsgId id, ...) {
    if (err) {
        va_list ap;
        va_start(ap, id);
        vformat_fit(err->msg_zh, sizeof err->msg_zh, msg_text(MSG_ZH, id), ap);
        va_end(ap);
    }
    return false;
}

const char *err_text(const Error *err, MsgLang lang) {
    return lang == MSG_ZH && err->msg_zh[0] ? err->msg_zh : err->msg;
}

bool err_prefix(Error *err, const char *prefix) {
    if (err) {
        char *old = strdup(err->msg);
        char *old_zh = err->msg_zh[0] ? strdup(err->msg_zh) : NULL;
        if (old) {
            err_format_fit(err->msg, sizeof err->msg, "%s: %s", prefix, old);
            free(old);
        }
        if (old_zh) {
            err_format_fit(err->msg_zh, sizeof err->msg_zh, "%s：%s", prefix, old_zh);
            free(old_zh);
        }
    }
    return false;
}

bool err_prefix_msg(Error *err, MsgId id, ...) {
    if (err) {
        char en[ERROR_MSG_MAX], zh[ERROR_MSG_MAX];
        va_list ap, again;
        va_start(ap, id);
        va_copy(again, ap);
        vformat_fit(en, sizeof en, msg_text(MSG_EN, id), ap);
        vformat_fit(zh, sizeof zh, msg_text(MSG_ZH, id), again);
        va_end(again);
        va_end(ap);
        /* a message with no Chinese of its own is shown in English in both */
        char *old = strdup(err->msg);
        char *old_zh = strdup(err->msg_zh[0] ? err->msg_zh : err->msg);
        if (old && old_zh) {
            err_format_fit(err->msg, sizeof err->msg, "%s: %s", en, old);
            err_format_fit(err->msg_zh, sizeof err->msg_zh, "%s：%s", zh, old_zh);
        }
        free(old);
        free(old_zh);
    }
    return false;
}

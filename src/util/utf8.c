#include "util/utf8.h"

#include <langinfo.h>
#include <stdlib.h>
#include <locale.h>
#include <string.h>
#include <wchar.h>

bool utf8_locale_init(void) {
    setlocale(LC_ALL, "");
    if (strcmp(nl_langinfo(CODESET), "UTF-8") == 0)
        return true;
    return setlocale(LC_CTYPE, "C.UTF-8") != NULL;
}

int utf8_decode(const char *s, size_t len, unsigned *cp) {
    const unsigned char *u = (const unsigned char *)s;
    if (len == 0)
        return 0;
    if (u[0] < 0x80) {
        *cp = u[0];
        return 1;
    }
    int n;
    unsigned min, c;
    if ((u[0] & 0xE0) == 0xC0)
        n = 2, min = 0x80, c = u[0] & 0x1F;
    else if ((u[0] & 0xF0) == 0xE0)
        n = 3, min = 0x800, c = u[0] & 0x0F;
    else if ((u[0] & 0xF8) == 0xF0)
        n = 4, min = 0x10000, c = u[0] & 0x07;
    else
        return 0;
    if ((size_t)n > len)
        return 0;
    for (int i = 1; i < n; i++) {
        if ((u[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (u[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return n;
}

bool utf8_valid(const char *s, size_t len, size_t *bad_offset) {
    size_t i = 0;
    while (i < len) {
        unsigned cp;
        int n = utf8_decode(s + i, len - i, &cp);
        if (n == 0) {
            if (bad_offset)
                *bad_offset = i;
            return false;
        }
        i += (size_t)n;
    }
    return true;
}

int utf8_width(const char *s) {
    int width = 0;
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        unsigned cp;
        int n = utf8_decode(s + i, len - i, &cp);
        if (n == 0) {
            width++, i++;
            continue;
        }
        int w = wcwidth((wchar_t)cp);
        width += w < 0 ? 1 : w;
        i += (size_t)n;
    }
    return width;
}

void utf8_pad(FILE *out, const char *s, int width, bool right) {
    int pad = width - utf8_width(s);
    if (right)
        for (int i = 0; i < pad; i++)
            fputc(' ', out);
    fputs(s, out);
    if (!right)
        for (int i = 0; i < pad; i++)
            fputc(' ', out);
}

/* wide characters (CJK) may be broken before or after without a blank */
static bool breakable_wide(unsigned cp) { return cp >= 0x2E80; }

/* the Chinese line-breaking rule: closing punctuation never starts a line,
 * opening punctuation never ends one */
static bool closing_punct(unsigned cp) {
    static const unsigned set[] = {0xFF0C, 0x3002, 0x3001, 0xFF1A, 0xFF1B, 0xFF01, 0xFF1F, 0xFF09, 0x300B,
                                   0x300D, 0x300F, 0x3011, 0x3015, 0x3009, 0x3017, 0xFF3D, 0xFF5D, 0x201D,
                                   0x2019, 0x2026, 0xFF0E, 0x30FB};
    for (size_t k = 0; k < sizeof set / sizeof set[0]; k++)
        if (cp == set[k])
            return true;
    return false;
}
static bool opening_punct(unsigned cp) {
    static const unsigned set[] = {0xFF08, 0x300A, 0x300C, 0x300E, 0x3010, 0x3014, 0x3008, 0x3016,
                                   0xFF3B, 0xFF5B, 0x201C, 0x2018};
    for (size_t k = 0; k < sizeof set / sizeof set[0]; k++)
        if (cp == set[k])
            return true;
    return false;
}

bool utf8_break_allowed(unsigned before, unsigned after) { return !closing_punct(after) && !opening_punct(before); }

int utf8_wrap(const char *text, int width, WrapLine *lines, int max) {
    int n = 0;
    if (width < 1)
        width = 1;
    const char *p = text;
    while (*p) {
        const char *line = p, *brk = NULL, *brk_next = NULL;
        /* the last place a cut may fall when no break is found: before a
         * character that may start a line after one that may end it */
        const char *cut = NULL;
        unsigned prev = 0;
        int w = 0;
        while (*p && *p != '\n') {
            unsigned cp = (unsigned char)*p;
            int len = utf8_decode(p, strlen(p), &cp);
            if (len == 0)
                len = 1, cp = '?';
            int cw = wcwidth((wchar_t)cp);
            if (cw < 0)
                cw = 1;
            bool allowed = p > line && utf8_break_allowed(prev, cp);
            if (allowed)
                cut = p;
            if (w + cw > width && p > line)
                break;
            if (cp == ' ')
                brk = p, brk_next = p + 1;
            else if (breakable_wide(cp) && allowed)
                brk = p, brk_next = p;
            w += cw;
            p += len;
            prev = cp;
        }
        const char *end = p;
        if (*p && *p != '\n' && brk && brk > line) {
            end = brk;
            p = brk_next;
        } else if (*p && *p != '\n' && cut && cut < p) {
            unsigned next = 0;
            utf8_decode(p, strlen(p), &next);
            if (!utf8_break_allowed(prev, next)) /* a word cut where the rule forbids: cut earlier */
                end = p = cut;
        }
        while (end > line && end[-1] == ' ')
            end--;
        if (n < max)
            lines[n] = (WrapLine){line, (size_t)(end - line)};
        n++;
        if (*p == '\n')
            p++;
        else
            while (*p == ' ')
                p++;
    }
    return n;
}

/* the last code point before p (at most 4 bytes back), or 0 */
static unsigned cp_before(const char *start, const char *p) {
    for (int back = 1; back <= 4 && p - back >= start; back++) {
        unsigned cp;
        if (utf8_decode(p - back, (size_t)back, &cp) == back)
            return cp;
    }
    return 0;
}

static bool full_width_punct(unsigned cp) { return (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFFEF); }

/* “ ” ‘ ’: Chinese text quotes with them too */
static bool curly_quote(unsigned cp) { return cp == 0x201C || cp == 0x201D || cp == 0x2018 || cp == 0x2019; }

/* whether p starts with a no-break space (U+00A0: C2 A0), which holds a
 * phrase such as a ranked token together; p[1] is read only after a C2,
 * so the second byte must be readable then */
static bool at_nbsp(const char *p) { return (unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0; }

/* a space after a list item's mark: a plain one, or a no-break space */
static bool item_space(const char *p) { return *p == ' ' || at_nbsp(p); }

/* keeps_break: the line starting at `next` keeps the break before it: an
 * indented or empty line, or a list item ("- ", "* ", "+ ", "1. ") */
static bool keeps_break(const char *next) {
    if (*next == ' ' || *next == '\t' || *next == '\n' || *next == '\0')
        return true;
    if ((next[0] == '-' || next[0] == '*' || next[0] == '+') && item_space(next + 1))
        return true;
    const char *d = next;
    while (*d >= '0' && *d <= '9')
        d++;
    return d > next && *d == '.' && item_space(d + 1);
}

char *utf8_reflow(const char *text) {
    size_t len = strlen(text);
    char *out = malloc(len + 1);
    if (!out)
        return NULL;
    size_t n = 0;
    for (const char *p = text; *p; p++) {
        if (*p != '\n' || p[1] == '\n' || (p > text && p[-1] == '\n') || keeps_break(p + 1)) {
            out[n++] = *p;
            continue;
        }
        unsigned before = cp_before(text, p), after = 0;
        utf8_decode(p + 1, strlen(p + 1), &after);
        /* Chinese takes no space between its characters, nor around its
         * full-width punctuation (。，：（）), nor between a quotation mark
         * and the Chinese character next to it (为“第 5 层”的) */
        bool cjk_punct = full_width_punct(before) || full_width_punct(after) ||
                         (curly_quote(before) && breakable_wide(after)) ||
                         (breakable_wide(before) && curly_quote(after));
        if (!(breakable_wide(before) && breakable_wide(after)) && !cjk_punct)
            out[n++] = ' ';
    }
    out[n] = '\0';
    return out;
}

char *utf8_plain(const char *s) {
    char *copy = malloc(strlen(s) + 1), *to = copy;
    for (; copy && *s; s++) {
        if (at_nbsp(s))
            *to++ = ' ', s++;
        else
            *to++ = *s;
    }
    if (copy)
        *to = '\0';
    return copy;
}

void utf8_put_plain(FILE *out, const char *s, size_t len) {
    for (size_t k = 0; k < len; k++) {
        if (k + 1 < len && at_nbsp(s + k)) {
            fputc(' ', out);
            k++;
        } else {
            fputc(s[k], out);
        }
    }
}

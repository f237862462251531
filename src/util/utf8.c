#include "util/utf8.h"

#include <langinfo.h>
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

/* utf8.h - display width of UTF-8 text in terminal columns, so Chinese
 * token labels and narrative line up (CJK characters take 2 columns). */
#ifndef ATTNSTEP_UTF8_H
#define ATTNSTEP_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* utf8_locale_init: make the C library's character functions (wcwidth)
 * understand UTF-8: keep the user's locale when it is UTF-8, otherwise
 * switch LC_CTYPE to C.UTF-8. Returns false when no UTF-8 locale exists. */
bool utf8_locale_init(void);

/* utf8_decode: decode one character at s (at most len bytes) into *cp;
 * returns the bytes used (1..4), or 0 for an invalid or truncated
 * sequence (overlong forms, surrogates and values past U+10FFFF too). */
int utf8_decode(const char *s, size_t len, unsigned *cp);

/* utf8_valid: true when the len bytes at s are valid UTF-8; otherwise
 * *bad_offset is the offset of the first invalid byte. */
bool utf8_valid(const char *s, size_t len, size_t *bad_offset);

/* utf8_width: terminal columns that s takes (invalid bytes and control
 * characters count 1 each, as they are shown replaced). */
int utf8_width(const char *s);

/* utf8_pad: print s, then spaces up to `width` columns (right-aligned
 * when right is true). */
void utf8_pad(FILE *out, const char *s, int width, bool right);

/* A wrapped line: a slice of the text. */
typedef struct WrapLine {
    const char *start;
    size_t len;
} WrapLine;

/* utf8_wrap: break `text` into lines of at most `width` columns, at
 * blanks where possible and between CJK characters (which need none),
 * following the Chinese rule of utf8_break_allowed; newlines in the text
 * are kept. Returns the number of lines, filling at most `max` of them. A
 * word longer than the width is cut. */
int utf8_wrap(const char *text, int width, WrapLine *lines, int max);

/* utf8_put_plain: write len bytes of s to out with each no-break space
 * (U+00A0, which holds a phrase together when utf8_wrap breaks lines) as a
 * plain space, for text already wrapped. */
void utf8_put_plain(FILE *out, const char *s, size_t len);

/* utf8_plain: a malloc'd copy of s with each no-break space as a plain
 * space, for text a program reads rather than a pane wraps (NULL when out
 * of memory). */
char *utf8_plain(const char *s);

/* utf8_break_allowed: a line may break between code points `before` and
 * `after`: not before closing punctuation (，。、：；！？）》」』 ...) and not
 * after opening punctuation (（《「『 ...). */
bool utf8_break_allowed(unsigned before, unsigned after);

/* utf8_reflow: text whose paragraphs (separated by blank lines) are joined
 * into single lines, so they can be wrapped to any width: a line break
 * becomes a space, or nothing between two CJK characters, next to
 * full-width punctuation, or between a curly quotation mark and a CJK
 * character. A line that
 * starts a list item ("- ", "* ", "1. ") or is indented keeps its break.
 * Returns a malloc'd string (NULL when out of memory). */
char *utf8_reflow(const char *text);

#endif

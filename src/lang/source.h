/* source.h - a lesson's text with its name, and the one place that turns
 * a position into `file:line:col: error: message`, the source line and a
 * caret.
 *
 * Diagnostics are collected, not printed at once, so the parser can go on
 * after an error and one run reports several. Positions are 1-based; a
 * column counts characters (not bytes), and the caret is placed by display
 * width, so it stands under the right character in Chinese text too.
 */
#ifndef ATTNSTEP_SOURCE_H
#define ATTNSTEP_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Documented limits for one lesson source. */
#define SOURCE_MAX_BYTES (1024 * 1024)
#define DIAG_MAX 50 /* errors kept per run; more are counted, not listed */

typedef struct Source {
    char *name;   /* as given on the command line, or "<expr>" */
    char *text;   /* NUL-terminated, owned */
    size_t len;
    char *dir;    /* directory for relative paths (load "w.npy"), owned */
    bool embedded; /* a built-in lesson: `dir` names files compiled in */
} Source;

typedef struct SrcPos {
    int line, col;   /* 1-based; line 0 means "no position" */
    size_t offset;   /* byte offset of the position in the text */
} SrcPos;

typedef enum { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE } DiagKind;

typedef struct Diag {
    DiagKind kind;
    SrcPos pos;
    int span;        /* characters to underline (>= 1) */
    char *message;   /* owned */
    char *hint;      /* owned, or NULL */
} Diag;

typedef struct Diags {
    Diag items[DIAG_MAX];
    int count;       /* kept */
    int dropped;     /* past DIAG_MAX */
    int errors;      /* all errors, kept or not */
} Diags;

/* source_from_file: read a lesson file (at most SOURCE_MAX_BYTES).
 * On failure returns false with a message in `err` (size errsize). */
bool source_from_file(Source *src, const char *path, char *err, size_t errsize);
/* source_from_text: wrap a copy of text under `name`; `dir` is where
 * relative paths resolve (may be NULL for the current directory). */
bool source_from_text(Source *src, const char *name, const char *text, size_t len, const char *dir);
void source_free(Source *src);

/* source_line: the text of line `line` (1-based) without its newline. */
const char *source_line(const Source *src, int line, size_t *len);

/* diag_add: record a diagnostic (message and hint are printf formats; the
 * hint may be NULL). */
void diag_add(Diags *d, DiagKind kind, SrcPos pos, int span, const char *hint,
              const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void diags_free(Diags *d);

/* diag_print: every diagnostic as
 *     file:line:col: error: message
 *        12 | the source line
 *           |       ^~~~
 *     hint: ...
 * followed, when some were dropped, by a count. `color` adds ANSI bold/red. */
void diag_print(FILE *out, const Source *src, const Diags *d, bool color);

#endif

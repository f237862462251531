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

#include "record/src_pos.h"
#include "util/error.h"
#include "util/msg.h"

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
    MsgLang lang;    /* the language they are written in (msg_lang) */
} Diags;

/* source_from_file: read a lesson file (at most SOURCE_MAX_BYTES).
 * On failure returns false with the message, "path: ..." in both
 * languages, in `err`. */
bool source_from_file(Source *src, const char *path, Error *err);
/* source_from_text: wrap a copy of text under `name`; `dir` is where
 * relative paths resolve (may be NULL for the current directory). */
bool source_from_text(Source *src, const char *name, const char *text, size_t len, const char *dir);
void source_free(Source *src);

/* source_language: the word after `language` on the first line that
 * starts with it ("zh"), copied into buf; NULL when no line does. Read
 * before parsing, so even a syntax error is reported in the lesson's
 * language. */
const char *source_language(const Source *src, char *buf, size_t size);

/* source_line: the text of line `line` (1-based) without its newline. */
const char *source_line(const Source *src, int line, size_t *len);

/* diag_add: record a diagnostic: the message `id` (util/msg_table.h) in
 * the language d->lang, formatted with the values that follow; `hint` is
 * final text (see diag_text) or NULL. */
void diag_add(Diags *d, DiagKind kind, SrcPos pos, int span, const char *hint, MsgId id, ...);
/* diag_text: the text of message `id` in the diagnostics' language (for
 * hints). Static storage. */
const char *diag_text(const Diags *d, MsgId id);
/* diags_free: free every diagnostic; the language stays. */
void diags_free(Diags *d);

/* diag_print: every diagnostic as
 *     file:line:col: error: message
 *        12 | the source line
 *           |       ^~~~
 *     hint: ...
 * (the words "error" and "hint" in d->lang) followed, when some were dropped, by a count. `color` adds ANSI bold/red. */
void diag_print(FILE *out, const Source *src, const Diags *d, bool color);

#endif

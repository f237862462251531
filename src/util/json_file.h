/* json_file.h - one reader, with one set of rules, for every JSON file
 * attnstep reads (a model directory's config.json, a GPT-2 checkpoint's
 * config.json and vocab.json).
 *
 * The file is parsed by cJSON, and refused, with `path:line:col: message`,
 * the line and a caret, when it is not one JSON value and nothing else:
 * text after the value, a key given twice in one object (Python and
 * Hugging Face would silently keep the last, cJSON the first: refused, so
 * no reader picks either), a \u0000 escape (it would end cJSON's C string
 * early) or a lone surrogate, a NUL byte. A UTF-8 byte order mark at the
 * start is skipped. Messages come from the message table, in both
 * languages.
 */
#ifndef ATTNSTEP_JSON_FILE_H
#define ATTNSTEP_JSON_FILE_H

#include <cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/error.h"

typedef struct JsonFile {
    char *path;      /* a copy of the path, for messages */
    char *text;      /* the file, NUL-terminated */
    size_t len;
    cJSON *root;     /* the value the file holds */
    size_t *keys;    /* the offset of each object key's opening quote, in document order */
    size_t nkeys;
    bool absent;     /* json_file_read failed because the file does not exist */
} JsonFile;

/* json_file_read: read the regular file `path` (at most max_bytes) into
 * *f and parse it by the rules above. On failure *f holds nothing to free
 * (json_file_free is still safe), err says why and f->absent whether the
 * file was missing, for a caller that says more about that case. */
bool json_file_read(JsonFile *f, const char *path, long max_bytes, Error *err);

/* json_file_free: release what json_file_read made; safe twice. */
void json_file_free(JsonFile *f);

/* json_file_error_at: message `id` (with the values that follow) about
 * `item`, a value of f->root: "path:line:col: message", the line and a
 * caret under the item's key (an array element: under its array's key; the
 * root: line 1). Returns false. */
bool json_file_error_at(const JsonFile *f, const cJSON *item, Error *err, MsgId id, ...);

/* json_file_shown: `item` as a message quotes it, at most cap bytes: a
 * number as the file writes it (1.00000001, 1e39, not its double), any
 * other value as cJSON prints it (strings in quotes, control characters
 * escaped); cut with "..." when long. */
void json_file_shown(const JsonFile *f, const cJSON *item, char *out, size_t cap);

#endif

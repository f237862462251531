/* json_out.h - JSON written as it is produced, in exactly the layout
 * cJSON_Print (formatted) or cJSON_PrintUnformatted gives, without
 * building a tree first: a trace of four 2048×2048 matrices as a cJSON
 * tree took about 110 bytes per number; written this way it takes a
 * fixed few hundred bytes beyond the matrices themselves.
 *
 * Layout of cJSON's formatted output, which the writer follows: an object
 * is "{\n", its items one per line, each indented by one tab per
 * enclosing object or array and written `"key":\tvalue`, separated by
 * ",\n", then "\n" and the closing "}" indented one tab less; an empty
 * object is "{\n" and the "}". Arrays stay on one line: "[1, 2, 3]".
 * Numbers and strings are formatted by cJSON itself
 * (cJSON_PrintPreallocated on one value), so they are byte for byte the
 * same.
 */
#ifndef ATTNSTEP_JSON_OUT_H
#define ATTNSTEP_JSON_OUT_H

#include <stdbool.h>
#include <stdio.h>

#include "engine/matrix.h"

#define JSON_OUT_MAX_DEPTH 16

typedef struct JsonOut {
    FILE *f;
    bool formatted;
    bool failed; /* out of memory, or nesting deeper than the maximum */
    int depth;
    struct {
        bool object, empty;
    } open[JSON_OUT_MAX_DEPTH];
} JsonOut;

/* json_out_begin: a writer on f (which the caller keeps owning). */
JsonOut json_out_begin(FILE *f, bool formatted);

/* Each value function takes the key it has in the enclosing object, or
 * NULL inside an array and at the top. */
void json_out_object(JsonOut *j, const char *key);
void json_out_array(JsonOut *j, const char *key);
/* json_out_end: close the innermost open object or array. */
void json_out_end(JsonOut *j);
void json_out_string(JsonOut *j, const char *key, const char *s); /* NULL writes null */
void json_out_number(JsonOut *j, const char *key, double v);
void json_out_bool(JsonOut *j, const char *key, bool v);
/* json_out_float: a float of a matrix: a number, or the strings "inf",
 * "-inf", "nan" (JSON has no such numbers) */
void json_out_float(JsonOut *j, const char *key, float v);
/* json_out_matrix: a matrix as a list of rows, written row by row */
void json_out_matrix(JsonOut *j, const char *key, const Matrix *m);

/* json_out_ok: nothing failed so far in the writer, and the stream has no
 * error (a full disk shows here once stdio has tried to write). */
bool json_out_ok(const JsonOut *j);

#endif

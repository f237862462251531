/* trace.h - a run lesson as text: every step with its title, formula,
 * narrative and matrices, in three formats. These are the plain-text
 * forms of what the UI shows, and what the golden tests compare. */
#ifndef ATTNSTEP_TRACE_H
#define ATTNSTEP_TRACE_H

#include <stdio.h>

#include "record/lesson.h"
#include "lang/source.h"

typedef enum { TRACE_TEXT, TRACE_MD, TRACE_JSON } TraceFormat;

typedef struct TraceOptions {
    TraceFormat format;
    int precision; /* decimals (text and md); json always has full precision */
} TraceOptions;

/* trace_print: write the whole lesson to `out`. False when it could not
 * be written whole: a write error on `out` (a full disk: check errno), or
 * no memory for a piece of the JSON. */
bool trace_print(FILE *out, const Lesson *lesson, const Source *src, const TraceOptions *opt);

/* The formats, one file each (trace_print picks one). */
void trace_print_text(FILE *out, const Lesson *lesson, const Source *src, int precision);
void trace_print_md(FILE *out, const Lesson *lesson, const Source *src, int precision);
bool trace_print_json(FILE *out, const Lesson *lesson, const Source *src);

/* trace_print_record: one record in the text format (the UI's plain
 * form of a step, and what the cursor tests compare). */
void trace_print_record(FILE *out, const Lesson *lesson, const Source *src, const Record *rec, int precision);

/* The pieces the formats share. */

/* trace_record_source: the first line of the record's statement, trimmed. */
void trace_record_source(const Source *src, const Record *rec, char *buf, size_t size);

/* trace_record_statement: the whole statement (all its lines, the common
 * indentation removed; one line for narrative-only steps). */
void trace_record_statement(const Source *src, const Record *rec, char *buf, size_t size);

/* trace_expect_summary: "matches to 3 decimals" or "does not match: ..." in the
 * lesson's language, for the check command, the trace and the UI. */
void trace_expect_summary(const Lesson *lesson, const Record *rec, int precision, char *buf, size_t size);

/* print_row_vector: "[a, b, c]" (a matrix with one row) or rows in
 * brackets, each value with `precision` decimals. */
void trace_print_values_inline(FILE *out, const Matrix *m, int precision);

/* trace_print_expected_inline: an expect's expected value, each number with the
 * decimals it was written with (as its tolerance says); a computed one
 * (a name, a call) with `precision` decimals, as its cells are shown. */
void trace_print_expected_inline(FILE *out, const ExpectResult *r, int precision);

/* trace_heat_scale: the values a heatmap of a record's matrix spans, from
 * *from (the lightest) to *to (the darkest): 0 to 1 for a softmax's results
 * (`output`: the weights, the next token's probabilities), else the
 * matrix's own lowest and highest values lo and hi (the scores a softmax
 * reads, and everything else). */
void trace_heat_scale(const Record *rec, bool output, float lo, float hi, float *from, float *to);

/* trace_matrix_labels: the labels of a record's matrix's rows and columns:
 * tokens of the text (queries, keys; from the last token on for the
 * logits' one row) or of the vocabulary, as the slot's axes say; NULL for
 * plain indices. The labels are the lesson's: valid while it is. */
void trace_matrix_labels(const Lesson *lesson, const Record *rec, const Slot *slot, const char *const **rows,
                   const char *const **cols);


#endif

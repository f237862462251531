/* trace_json.c - the trace as JSON, with full-precision data.
 *
 * Schema (docs/formats.md): {"title", "language", "profile", "tokens",
 * "steps": [{"title", "formula", "narrative", "records": [{"line",
 * "source", "stage", "kind", "inputs": [M], "outputs": [M], "expect"}]}],
 * "expects": {"total", "failed"}}, where M is {"name", "head", "shape",
 * "data"}; data is a list of rows (numbers as NumPy's tolist() gives),
 * with the non-finite values written as the strings "inf", "-inf", "nan".
 */
#include <cJSON.h>
#include <math.h>
#include <stdlib.h>

#include "output/trace.h"

static cJSON *value(float v) {
    if (isnan(v))
        return cJSON_CreateString("nan");
    if (isinf(v))
        return cJSON_CreateString(v < 0 ? "-inf" : "inf");
    return cJSON_CreateNumber((double)v);
}

cJSON *trace_json_matrix_data(const Matrix *m) {
    cJSON *rows = cJSON_CreateArray();
    for (int i = 0; i < m->rows; i++) {
        cJSON *row = cJSON_CreateArray();
        for (int j = 0; j < m->cols; j++)
            cJSON_AddItemToArray(row, value(mat_get(m, i, j)));
        cJSON_AddItemToArray(rows, row);
    }
    return rows;
}

static cJSON *matrix(const char *name, int head, const Matrix *m) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "name", name);
    if (head >= 0)
        cJSON_AddNumberToObject(o, "head", head);
    cJSON *shape = cJSON_CreateArray();
    cJSON_AddItemToArray(shape, cJSON_CreateNumber(m->rows));
    cJSON_AddItemToArray(shape, cJSON_CreateNumber(m->cols));
    cJSON_AddItemToObject(o, "shape", shape);
    cJSON_AddItemToObject(o, "data", trace_json_matrix_data(m));
    return o;
}

static cJSON *slots(const Slot *s, int n) {
    cJSON *a = cJSON_CreateArray();
    for (int k = 0; k < n; k++)
        cJSON_AddItemToArray(a, matrix(s[k].name, s[k].head, &s[k].m));
    return a;
}

static void add_text(cJSON *o, const char *key, const char *text) {
    if (text)
        cJSON_AddStringToObject(o, key, text);
    else
        cJSON_AddNullToObject(o, key);
}

void trace_print_json(FILE *out, const Lesson *lesson, const Source *src) {
    static const char *const kinds[] = {"value", "expect", "text"};
    cJSON *root = cJSON_CreateObject();
    add_text(root, "title", lesson->title);
    add_text(root, "language", lesson->language);
    add_text(root, "profile", lesson->profile);
    cJSON *tokens = cJSON_CreateArray();
    for (int t = 0; t < lesson->ntokens; t++)
        cJSON_AddItemToArray(tokens, cJSON_CreateString(lesson->tokens[t]));
    cJSON_AddItemToObject(root, "tokens", tokens);
    cJSON *steps = cJSON_CreateArray();
    for (int g = 0; g < lesson->ngroups; g++) {
        const Group *grp = &lesson->groups[g];
        cJSON *step = cJSON_CreateObject();
        add_text(step, "title", grp->title);
        add_text(step, "formula", grp->formula);
        add_text(step, "narrative", grp->narrative);
        cJSON *records = cJSON_CreateArray();
        for (int r = grp->first; r < grp->first + grp->count; r++) {
            const Record *rec = &lesson->records[r];
            cJSON *o = cJSON_CreateObject();
            char line[512];
            trace_record_source(src, rec, line, sizeof line);
            cJSON_AddNumberToObject(o, "line", rec->pos.line);
            cJSON_AddStringToObject(o, "source", line);
            cJSON_AddStringToObject(o, "kind", kinds[rec->kind]);
            cJSON_AddStringToObject(o, "stage", stage_name(rec->stage));
            cJSON_AddItemToObject(o, "inputs", slots(rec->inputs, rec->ninputs));
            cJSON_AddItemToObject(o, "outputs", slots(rec->outputs, rec->noutputs));
            if (rec->expect) {
                const ExpectResult *x = rec->expect;
                cJSON *e = cJSON_CreateObject();
                char summary[1536];
                trace_expect_summary(lesson, rec, 4, summary, sizeof summary);
                cJSON_AddBoolToObject(e, "passed", x->passed);
                cJSON_AddItemToObject(e, "expected", trace_json_matrix_data(&x->expected));
                cJSON_AddItemToObject(e, "actual", trace_json_matrix_data(&x->actual));
                cJSON_AddItemToObject(e, "tolerance", trace_json_matrix_data(&x->tolerance));
                cJSON_AddStringToObject(e, "summary", summary);
                add_text(e, "explanation", x->explanation);
                cJSON_AddItemToObject(o, "expect", e);
            }
            cJSON_AddItemToArray(records, o);
        }
        cJSON_AddItemToObject(step, "records", records);
        cJSON_AddItemToArray(steps, step);
    }
    cJSON_AddItemToObject(root, "steps", steps);
    cJSON *ex = cJSON_CreateObject();
    cJSON_AddNumberToObject(ex, "total", lesson->expects_total);
    cJSON_AddNumberToObject(ex, "failed", lesson->expects_failed);
    cJSON_AddItemToObject(root, "expects", ex);
    char *text = cJSON_Print(root);
    if (text) {
        fputs(text, out);
        fputc('\n', out);
        free(text);
    }
    cJSON_Delete(root);
}

void trace_print(FILE *out, const Lesson *lesson, const Source *src, const TraceOptions *opt) {
    switch (opt->format) {
    case TRACE_TEXT: trace_print_text(out, lesson, src, opt->precision); break;
    case TRACE_MD: trace_print_md(out, lesson, src, opt->precision); break;
    case TRACE_JSON: trace_print_json(out, lesson, src); break;
    }
}

/* trace_json.c - the trace as JSON, with full-precision data.
 *
 * Schema (docs/formats.md): {"title", "language", "profile", "tokens",
 * "steps": [{"title", "formula", "narrative", "records": [{"line",
 * "source", "stage", "kind", "inputs": [M], "outputs": [M], "expect"}]}],
 * "expects": {"total", "failed"}}, where M is {"name", "head", "shape",
 * "data"}; data is a list of rows (numbers as NumPy's tolist() gives),
 * with the non-finite values written as the strings "inf", "-inf", "nan".
 * A matrix whose rows are the last tokens only (Y_last, logits, probs: one
 * row, the last token's) has "first_token", the index in "tokens" of the
 * token its first row stands for; the rows of the others are the tokens
 * from the first when there are as many.
 * A lesson with a vocabulary (a GPT-2 checkpoint) also has "vocab", its
 * tokens. Its weights are the checkpoint's (GPT-2 small's: 124 million
 * numbers), so there a matrix that is not the record's own result (a
 * weight, or an operand computed by an earlier record, written in full
 * there) and holds more than JSON_VIEW_MAX numbers has "data": null and
 * "omitted" saying why.
 */
#include "output/json_out.h"
#include "output/trace.h"

#include <stdlib.h>

#include "util/utf8.h"

#define JSON_VIEW_MAX 65536

static void matrix(JsonOut *j, const Lesson *lesson, const Slot *s) {
    const Matrix *m = &s->m;
    json_out_object(j, NULL);
    json_out_string(j, "name", s->name);
    if (s->head >= 0)
        json_out_number(j, "head", s->head);
    if (s->first_token >= 0) /* its rows are the last tokens only: from this one on */
        json_out_number(j, "first_token", s->first_token);
    json_out_array(j, "shape");
    json_out_number(j, NULL, m->rows);
    json_out_number(j, NULL, m->cols);
    json_out_end(j);
    if (lesson->nvocab > 0 && !m->owned && (long)m->rows * m->cols > JSON_VIEW_MAX) {
        json_out_string(j, "data", NULL);
        json_out_string(j, "omitted", "not this record's result: a weight of the checkpoint, or written in full "
                                      "at the record that computed it");
    } else {
        json_out_matrix(j, "data", m);
    }
    json_out_end(j);
}

static void slots(JsonOut *j, const Lesson *lesson, const char *key, const Slot *s, int n) {
    json_out_array(j, key);
    for (int k = 0; k < n; k++)
        matrix(j, lesson, &s[k]);
    json_out_end(j);
}

static void record(JsonOut *j, const Lesson *lesson, const Source *src, const Record *rec) {
    static const char *const kinds[] = {"value", "expect", "text"};
    char line[512];
    trace_record_source(src, rec, line, sizeof line);
    json_out_object(j, NULL);
    json_out_number(j, "line", rec->pos.line);
    json_out_string(j, "source", line);
    json_out_string(j, "kind", kinds[rec->kind]);
    json_out_string(j, "stage", stage_name(rec->stage));
    slots(j, lesson, "inputs", rec->inputs, rec->ninputs);
    slots(j, lesson, "outputs", rec->outputs, rec->noutputs);
    if (rec->expect) {
        const ExpectResult *x = rec->expect;
        char summary[1536];
        trace_expect_summary(lesson, rec, 4, summary, sizeof summary);
        json_out_object(j, "expect");
        json_out_bool(j, "passed", x->passed);
        json_out_matrix(j, "expected", &x->expected);
        json_out_matrix(j, "actual", &x->actual);
        json_out_matrix(j, "tolerance", &x->tolerance);
        json_out_string(j, "summary", summary);
        json_out_string(j, "explanation", x->explanation);
        json_out_end(j);
    }
    json_out_end(j);
}

/* written as it goes (json_out.h), in the layout cJSON_Print gives */
bool trace_print_json(FILE *out, const Lesson *lesson, const Source *src) {
    JsonOut jo = json_out_begin(out, true), *j = &jo;
    json_out_object(j, NULL);
    json_out_string(j, "title", lesson->title);
    json_out_string(j, "language", lesson->language);
    json_out_string(j, "profile", lesson->profile);
    json_out_array(j, "tokens");
    for (int t = 0; t < lesson->ntokens; t++)
        json_out_string(j, NULL, lesson->tokens[t]);
    json_out_end(j);
    if (lesson->nvocab > 0) {
        json_out_array(j, "vocab");
        for (int t = 0; t < lesson->nvocab; t++)
            json_out_string(j, NULL, lesson->vocab[t]);
        json_out_end(j);
    }
    json_out_array(j, "steps");
    for (int g = 0; g < lesson->ngroups && json_out_ok(j); g++) {
        const Group *grp = &lesson->groups[g];
        json_out_object(j, NULL);
        json_out_string(j, "title", grp->title);
        json_out_string(j, "formula", grp->formula);
        /* no-break spaces only tell a pane where not to break a line */
        char *narrative = grp->narrative ? utf8_plain(grp->narrative) : NULL;
        json_out_string(j, "narrative", narrative ? narrative : grp->narrative);
        free(narrative);
        json_out_array(j, "records");
        for (int r = grp->first; r < grp->first + grp->count && json_out_ok(j); r++)
            record(j, lesson, src, &lesson->records[r]);
        json_out_end(j);
        json_out_end(j);
    }
    json_out_end(j);
    json_out_object(j, "expects");
    json_out_number(j, "total", lesson->expects_total);
    json_out_number(j, "failed", lesson->expects_failed);
    json_out_end(j);
    json_out_end(j);
    fputc('\n', out);
    return json_out_ok(j);
}

bool trace_print(FILE *out, const Lesson *lesson, const Source *src, const TraceOptions *opt) {
    switch (opt->format) {
    case TRACE_TEXT: trace_print_text(out, lesson, src, opt->precision); break;
    case TRACE_MD: trace_print_md(out, lesson, src, opt->precision); break;
    case TRACE_JSON: return trace_print_json(out, lesson, src) && fflush(out) == 0;
    }
    return !ferror(out) && fflush(out) == 0;
}

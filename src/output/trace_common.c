#include <math.h>
#include <string.h>

#include "output/matrix_text.h"
#include "output/trace.h"
#include "util/escape.h"

void trace_record_source(const Source *src, const Record *rec, char *buf, size_t size) {
    size_t len;
    const char *line = source_line(src, rec->pos.line, &len);
    while (len > 0 && (*line == ' ' || *line == '\t'))
        line++, len--;
    esc_text(line, len, buf, size, true); /* no control character of the file reaches the terminal */
}

void trace_record_statement(const Source *src, const Record *rec, char *buf, size_t size) {
    int last = rec->kind == REC_TEXT || rec->end_line < rec->pos.line ? rec->pos.line : rec->end_line;
    size_t used = 0;
    buf[0] = '\0';
    int indent = -1;
    for (int l = rec->pos.line; l <= last && used + 1 < size; l++) {
        size_t len;
        const char *line = source_line(src, l, &len);
        size_t lead = 0;
        while (lead < len && (line[lead] == ' ' || line[lead] == '\t'))
            lead++;
        if (indent < 0)
            indent = (int)lead;
        size_t cut = lead < (size_t)indent ? lead : (size_t)indent; /* keep relative indentation */
        if (l > rec->pos.line)
            buf[used++] = '\n';
        used += esc_text(line + cut, len - cut, buf + used, size - used, true);
    }
    if (used >= size)
        buf[size - 1] = '\0';
}

void trace_print_values_inline(FILE *out, const Matrix *m, int precision) {
    char buf[64];
    if (m->rows > 1)
        fputc('[', out);
    for (int i = 0; i < m->rows; i++) {
        fputs(i ? ", [" : "[", out);
        for (int j = 0; j < m->cols; j++)
            fprintf(out, "%s%s", j ? ", " : "", mtext_format(buf, sizeof buf, mat_get(m, i, j), precision));
        fputc(']', out);
    }
    if (m->rows > 1)
        fputc(']', out);
}

static int decimals_of(float tol) {
    /* 0.0005 -> 3 decimals; the inverse of expect's 0.5 * 10^-d */
    if (!(tol > 0.0f))
        return 6;
    if (!(tol < 1e9f)) /* within inf, or a huge tolerance */
        return 0;
    int d = (int)floorf(-log10f(2.0f * tol) + 0.5f);
    return d < 0 ? 0 : d > 9 ? 9 : d;
}

void trace_print_expected_inline(FILE *out, const ExpectResult *r, int precision) {
    char buf[64];
    const Matrix *m = &r->expected;
    if (m->rows > 1)
        fputc('[', out);
    for (int i = 0; i < m->rows; i++) {
        fputs(i ? ", [" : "[", out);
        for (int j = 0; j < m->cols; j++) {
            float v = mat_get(m, i, j), t = mat_get(&r->tolerance, i, j);
            /* a whole number written without a point is checked to 1e-5
             * relative (expect.c): print it as it was written */
            bool whole = v == floorf(v) && t <= 1.0001e-5f * (fabsf(v) > 1.0f ? fabsf(v) : 1.0f);
            /* a computed value has no written digits: shown as its cells are */
            int digits = r->computed ? precision : whole ? 0 : decimals_of(t);
            fprintf(out, "%s%s", j ? ", " : "", mtext_value(buf, sizeof buf, v, digits));
        }
        fputc(']', out);
    }
    if (m->rows > 1)
        fputc(']', out);
}

void trace_expect_summary(const Lesson *lesson, const Record *rec, int precision, char *buf, size_t size) {
    const ExpectResult *r = rec->expect;
    MsgLang lang = lesson_msg_lang(lesson);
    size_t n;
    bool within = r->matched;
    float v0 = mat_get(&r->expected, 0, 0), t0 = mat_get(&r->tolerance, 0, 0);
    bool whole = v0 == floorf(v0) && t0 <= 1.0001e-5f * (fabsf(v0) > 1.0f ? fabsf(v0) : 1.0f);
    if (r->passed && !r->matched) { /* `expect A != B` */
        n = strlen(msg_format(buf, size, lang, MSG_EXPECT_DIFFERS));
    } else if (!r->passed && r->matched) {
        n = strlen(msg_format(buf, size, lang, MSG_EXPECT_SAME));
    } else if (within && (r->within || t0 >= 0.5f)) {
        n = strlen(msg_format(buf, size, lang, MSG_EXPECT_WITHIN, (double)t0));
    } else if (within && (whole || r->computed)) {
        n = strlen(msg_format(buf, size, lang, MSG_EXPECT_RELATIVE));
    } else if (within) {
        int d = decimals_of(t0);
        n = strlen(msg_format(buf, size, lang, d == 1 ? MSG_EXPECT_DECIMAL : MSG_EXPECT_DECIMALS, d));
    } else {
        int i = r->worst_i, j = r->worst_j;
        float a = mat_get(&r->actual, i, j), e = mat_get(&r->expected, i, j);
        char av[64], ev[64], dv[64], cell[48] = "";
        mtext_value(av, sizeof av, a, precision);
        if (a != 0.0f && fabsf(a) < powf(10.0f, (float)-precision)) /* too small for the digits shown */
            snprintf(av, sizeof av, "%.3g", (double)a);
        float t = mat_get(&r->tolerance, i, j);
        bool whole_e = e == floorf(e) && t <= 1.0001e-5f * (fabsf(e) > 1.0f ? fabsf(e) : 1.0f);
        mtext_value(ev, sizeof ev, e, r->computed ? precision : whole_e ? 0 : decimals_of(t));
        snprintf(dv, sizeof dv, "%.3g", (double)fabsf(a - e));
        if (r->actual.rows * r->actual.cols > 1)
            msg_format(cell, sizeof cell, lang, MSG_EXPECT_AT_CELL, i, j);
        n = strlen(msg_format(buf, size, lang, MSG_EXPECT_MISMATCH, ev, cell, av, dv,
                              (double)mat_get(&r->tolerance, i, j)));
    }
    if (r->explanation && n < size)
        snprintf(buf + n, size - n, "%s%s", msg_text(lang, MSG_SENTENCE_END), r->explanation);
}

void trace_matrix_labels(const Lesson *lesson, const Record *rec, const Slot *slot, const char *const **rows,
                         const char *const **cols) {
    (void)rec;
    /* what each axis counts is the record's (Slot.axis), set where it was
     * made: never guessed from a size that happens to match */
    *rows = lesson_axis_labels(lesson, slot, 0);
    *cols = lesson_axis_labels(lesson, slot, 1);
}

void trace_heat_scale(const Record *rec, bool output, float lo, float hi, float *from, float *to) {
    /* a softmax's results are weights (probabilities): 0 to 1, so a row's
     * colours compare with any other's; its input, the scores, and every
     * other matrix span their own values */
    bool weights = rec && output && rec->op == OPX_SOFTMAX;
    *from = weights ? 0.0f : lo;
    *to = weights ? 1.0f : hi;
}

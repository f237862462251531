/* trace_text.c - the plain-text trace: what `attnstep trace` prints, and
 * what the golden tests compare. */
#include <stdlib.h>
#include <string.h>

#include "output/matrix_text.h"
#include "output/trace.h"
#include "output/words.h"
#include "util/utf8.h"

static void print_wrapped(FILE *out, const char *text, int width, const char *indent) {
    int n = utf8_wrap(text, width, NULL, 0);
    WrapLine *lines = malloc((size_t)(n > 0 ? n : 1) * sizeof *lines);
    if (!lines)
        return;
    utf8_wrap(text, width, lines, n);
    for (int k = 0; k < n; k++) {
        fputs(lines[k].len ? indent : "", out);
        utf8_put_plain(out, lines[k].start, lines[k].len);
        fputc('\n', out);
    }
    free(lines);
}

static void print_slot(FILE *out, const Lesson *lesson, const Record *rec, const Slot *s, int precision) {
    const char *const *rows, *const *cols;
    trace_matrix_labels(lesson, rec, s, &rows, &cols);
    mtext_print(out, s->name, &s->m, (MatrixLabels){rows, cols}, precision);
}

void trace_print_record(FILE *out, const Lesson *lesson, const Source *src, const Record *rec, int precision) {
    char stmt[2048];
    trace_record_statement(src, rec, stmt, sizeof stmt);
    char prefix[64];
    MsgLang lang = lesson_msg_lang(lesson);
    msg_format(prefix, sizeof prefix, lang, MSG_TRACE_LINE, rec->pos.line);
    fputs(prefix, out);
    int width = utf8_width(prefix); /* continuation lines keep their place under the first */
    for (const char *c = stmt; *c; c++) {
        if (*c == '\n')
            fprintf(out, "\n%*s", width, "");
        else
            fputc(*c, out);
    }
    fputc('\n', out);
    if (rec->kind == REC_TEXT)
        return;
    if (rec->kind == REC_EXPECT) {
        const ExpectResult *r = rec->expect;
        char summary[1536];
        trace_expect_summary(lesson, rec, precision, summary, sizeof summary);
        fprintf(out, "%s  %s\n", words_get(lesson, r->passed ? W_PASS : W_FAIL), rec->outputs[0].name);
        fprintf(out, "  %s  ", words_get(lesson, W_EXPECTED));
        trace_print_expected_inline(out, r, precision);
        fprintf(out, "\n  %s  ", words_get(lesson, W_ACTUAL));
        trace_print_values_inline(out, &r->actual, precision);
        fputc('\n', out);
        print_wrapped(out, summary, 76, "  ");
        return;
    }
    if (rec->ninputs) {
        fputs(msg_text(lang, MSG_TRACE_FROM), out);
        for (int k = 0; k < rec->ninputs; k++) {
            if (k)
                fputs(msg_text(lang, MSG_LIST_SEP), out);
            msg_print(out, lang, MSG_TRACE_INPUT, rec->inputs[k].name, rec->inputs[k].m.rows, rec->inputs[k].m.cols);
        }
        fputc('\n', out);
    }
    for (int k = 0; k < rec->noutputs; k++) {
        fputc('\n', out);
        print_slot(out, lesson, rec, &rec->outputs[k], precision);
    }
}

void trace_print_text(FILE *out, const Lesson *lesson, const Source *src, int precision) {
    fprintf(out, "%s\n", lesson->title ? lesson->title : src->name);
    MsgLang lang = lesson_msg_lang(lesson);
    msg_print(out, lang, lesson->ngroups == 1 ? MSG_TRACE_PROFILE_ONE : MSG_TRACE_PROFILE, lesson->profile,
              lesson->ngroups);
    fputc('\n', out);
    for (int g = 0; g < lesson->ngroups; g++) {
        const Group *grp = &lesson->groups[g];
        fputs("\n== ", out);
        if (grp->title)
            msg_print(out, lang, MSG_TRACE_STEP_TITLED, g + 1, lesson->ngroups, grp->title);
        else
            msg_print(out, lang, MSG_TRACE_STEP, g + 1, lesson->ngroups);
        fputs(" ==\n", out);
        if (grp->formula) {
            msg_print(out, lang, MSG_TRACE_FORMULA, grp->formula);
            fputc('\n', out);
        }
        if (grp->narrative) {
            fputc('\n', out);
            char *flowing = utf8_reflow(grp->narrative);
            print_wrapped(out, flowing ? flowing : grp->narrative, 78, "");
            free(flowing);
        }
        for (int r = grp->first; r < grp->first + grp->count; r++) {
            fputc('\n', out);
            trace_print_record(out, lesson, src, &lesson->records[r], precision);
        }
    }
    if (lesson->expects_total) {
        fputc('\n', out);
        msg_print(out, lang, MSG_TRACE_EXPECT_COUNTS, lesson->expects_total - lesson->expects_failed,
                  lesson->expects_failed);
        fputc('\n', out);
    }
}

/* trace_md.c - the trace as a Markdown handout: each step a section with
 * its formula, narrative and matrices as tables labelled by token. */
#include <stdlib.h>
#include <string.h>

#include "util/utf8.h"

#include "output/matrix_text.h"
#include "output/trace.h"
#include "output/words.h"

/* Markdown table cells must not contain '|' */
static void cell(FILE *out, const char *s) {
    for (; *s; s++)
        fputs(*s == '|' ? "\\|" : (char[2]){*s, 0}, out);
}

static void table(FILE *out, const Lesson *lesson, const Record *rec, const Slot *s, int precision) {
    const Matrix *m = &s->m;
    const char *const *rows, *const *cols;
    trace_matrix_labels(lesson, rec, s, &rows, &cols);
    int nr, nc;
    mtext_shown_index(m->rows, SHOW_MAX_ROWS, 0, &nr);
    mtext_shown_index(m->cols, SHOW_MAX_COLS, 0, &nc);
    fprintf(out, "**%s** (%d×%d", s->name, m->rows, m->cols);
    if (nr < m->rows || nc < m->cols)
        fputs("; the middle is left out", out);
    fputs(")\n\n|   |", out);
    for (int b = 0; b < nc; b++) {
        int j = mtext_shown_index(m->cols, SHOW_MAX_COLS, b, &nc);
        fputc(' ', out);
        if (j < 0)
            fputs("…", out);
        else if (cols)
            cell(out, cols[j]);
        else
            fprintf(out, "%d", j);
        fputs(" |", out);
    }
    fputs("\n|---|", out);
    for (int b = 0; b < nc; b++)
        fputs("---:|", out);
    fputc('\n', out);
    char buf[64];
    for (int a = 0; a < nr; a++) {
        int i = mtext_shown_index(m->rows, SHOW_MAX_ROWS, a, &nr);
        fputs("| ", out);
        if (i < 0)
            fputs("…", out);
        else if (rows)
            cell(out, rows[i]);
        else
            fprintf(out, "%d", i);
        fputs(" |", out);
        for (int b = 0; b < nc; b++) {
            int j = mtext_shown_index(m->cols, SHOW_MAX_COLS, b, &nc);
            fprintf(out, " %s |", i < 0 || j < 0 ? "…" : mtext_format(buf, sizeof buf, mat_get(m, i, j), precision));
        }
        fputc('\n', out);
    }
    fputc('\n', out);
}

void trace_print_md(FILE *out, const Lesson *lesson, const Source *src, int precision) {
    fprintf(out, "# %s\n\n", lesson->title ? lesson->title : src->name);
    if (lesson->ntokens) {
        fputs(msg_text(lesson_msg_lang(lesson), MSG_TRACE_TOKENS), out);
        for (int t = 0; t < lesson->ntokens; t++)
            fprintf(out, "%s`%s`", t ? " " : "", lesson->tokens[t]);
        fputs("\n\n", out);
    }
    for (int g = 0; g < lesson->ngroups; g++) {
        const Group *grp = &lesson->groups[g];
        char line[256];
        if (grp->title)
            fprintf(out, "## %d. %s\n\n", g + 1, grp->title);
        else {
            trace_record_source(src, &lesson->records[grp->first], line, sizeof line);
            fprintf(out, "## %d. `%s`\n\n", g + 1, line);
        }
        if (grp->formula)
            fprintf(out, "```\n%s\n```\n\n", grp->formula);
        if (grp->narrative) {
            char *flowing = utf8_reflow(grp->narrative); /* no stray spaces in Chinese */
            const char *text = flowing ? flowing : grp->narrative;
            utf8_put_plain(out, text, strlen(text));
            fputs("\n\n", out);
            free(flowing);
        }
        for (int r = grp->first; r < grp->first + grp->count; r++) {
            const Record *rec = &lesson->records[r];
            if (rec->kind == REC_TEXT)
                continue;
            if (rec->kind == REC_EXPECT) {
                char summary[1536];
                trace_expect_summary(lesson, rec, precision, summary, sizeof summary);
                fprintf(out, "- %s `%s`: %s ", rec->expect->passed ? "✓" : "✗", rec->outputs[0].name,
                        words_get(lesson, W_EXPECTED));
                trace_print_expected_inline(out, rec->expect, precision);
                fprintf(out, "%s%s ", msg_text(lesson_msg_lang(lesson), MSG_COMMA), words_get(lesson, W_COMPUTED));
                trace_print_values_inline(out, &rec->expect->actual, precision);
                fprintf(out, " — %s\n\n", summary);
                continue;
            }
            if (grp->title) {
                char stmt[2048];
                trace_record_statement(src, rec, stmt, sizeof stmt);
                if (strchr(stmt, '\n'))
                    fprintf(out, "```\n%s\n```\n\n", stmt);
                else
                    fprintf(out, "`%s`\n\n", stmt);
            }
            for (int k = 0; k < rec->noutputs; k++)
                table(out, lesson, rec, &rec->outputs[k], precision);
        }
    }
}

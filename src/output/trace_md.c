/* trace_md.c - the trace as a Markdown handout: each step a section with
 * its formula, narrative and matrices as tables labelled by token. */
#include <string.h>

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
    matrix_labels(lesson, rec, s, &rows, &cols);
    fprintf(out, "**%s** (%d×%d)\n\n|   |", s->name, m->rows, m->cols);
    for (int j = 0; j < m->cols; j++) {
        fputc(' ', out);
        if (cols)
            cell(out, cols[j]);
        else
            fprintf(out, "%d", j);
        fputs(" |", out);
    }
    fputs("\n|---|", out);
    for (int j = 0; j < m->cols; j++)
        fputs("---:|", out);
    fputc('\n', out);
    char buf[64];
    for (int i = 0; i < m->rows; i++) {
        fputs("| ", out);
        if (rows)
            cell(out, rows[i]);
        else
            fprintf(out, "%d", i);
        fputs(" |", out);
        for (int j = 0; j < m->cols; j++)
            fprintf(out, " %s |", format_value(buf, sizeof buf, mat_get(m, i, j), precision));
        fputc('\n', out);
    }
    fputc('\n', out);
}

void trace_print_md(FILE *out, const Lesson *lesson, const Source *src, int precision) {
    fprintf(out, "# %s\n\n", lesson->title ? lesson->title : src->name);
    if (lesson->ntokens) {
        fprintf(out, "%s:", word(lesson, W_TOKENS));
        for (int t = 0; t < lesson->ntokens; t++)
            fprintf(out, " `%s`", lesson->tokens[t]);
        fputs("\n\n", out);
    }
    for (int g = 0; g < lesson->ngroups; g++) {
        const Group *grp = &lesson->groups[g];
        char line[256];
        if (grp->title)
            fprintf(out, "## %d. %s\n\n", g + 1, grp->title);
        else {
            record_source(src, &lesson->records[grp->first], line, sizeof line);
            fprintf(out, "## %d. `%s`\n\n", g + 1, line);
        }
        if (grp->formula)
            fprintf(out, "```\n%s\n```\n\n", grp->formula);
        if (grp->narrative)
            fprintf(out, "%s\n\n", grp->narrative);
        for (int r = grp->first; r < grp->first + grp->count; r++) {
            const Record *rec = &lesson->records[r];
            if (rec->kind == REC_TEXT)
                continue;
            if (rec->kind == REC_EXPECT) {
                char summary[1536];
                expect_summary(lesson, rec, precision, summary, sizeof summary);
                fprintf(out, "- %s `%s`: %s ", rec->expect->passed ? "✓" : "✗", rec->outputs[0].name,
                        word(lesson, W_EXPECTED));
                print_expected_inline(out, rec->expect);
                fprintf(out, ", %s ", word(lesson, W_COMPUTED));
                print_values_inline(out, &rec->expect->actual, precision);
                fprintf(out, " — %s\n\n", summary);
                continue;
            }
            if (grp->title) {
                record_source(src, rec, line, sizeof line);
                fprintf(out, "`%s`\n\n", line);
            }
            for (int k = 0; k < rec->noutputs; k++)
                table(out, lesson, rec, &rec->outputs[k], precision);
        }
    }
}

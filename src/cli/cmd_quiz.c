/* cmd_quiz.c - `attnstep quiz LESSON`: predict, then reveal. In a terminal
 * it opens the UI in quiz mode; otherwise it asks on standard input, one
 * line per answer, which is also how the tests drive it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cmd_lesson.h"
#include "lang/quiz.h"
#include "output/explain.h"
#include "output/matrix_text.h"
#include "output/trace.h"
#include "output/words.h"
#include "ui/ui.h"

static void show_context(const LoadedLesson *ll, const Record *rec) {
    const Lesson *l = &ll->lesson;
    const Group *g = &l->groups[rec->group];
    char line[256];
    trace_record_source(&ll->src, rec, line, sizeof line);
    printf("\n== %s\n", g->title ? g->title : line);
    MsgLang lang = lesson_msg_lang(l);
    if (g->formula) {
        msg_print(stdout, lang, MSG_TRACE_FORMULA, g->formula);
        putchar('\n');
    }
    msg_print(stdout, lang, MSG_TRACE_LINE, rec->pos.line);
    printf("%s\n", line);
    for (int k = 0; k < rec->ninputs; k++) {
        const Slot *s = &rec->inputs[k];
        const char *const *rows, *const *cols;
        trace_matrix_labels(l, rec, s, &rows, &cols);
        putchar('\n');
        mtext_print(stdout, s->name, &s->m, (MatrixLabels){rows, cols}, 4);
    }
}

static int quiz_plain(LoadedLesson *ll) {
    const Lesson *l = &ll->lesson;
    MsgLang lang = lesson_msg_lang(l);
    int n;
    QuizCell *cells = quiz_cells(l, &n);
    int right = 0, asked = 0;
    char answer[256];
    for (int k = 0; k < n; k++) {
        QuizCell c = cells[k];
        show_context(ll, &l->records[c.record]);
        char name[96];
        quiz_cell_name(l, c, name, sizeof name);
        QuizResult r = {0};
        for (;;) {
            printf("\n%s = ? ", name);
            fflush(stdout);
            if (!fgets(answer, sizeof answer, stdin)) {
                putchar('\n');
                goto done;
            }
            answer[strcspn(answer, "\n")] = '\0';
            r = quiz_check(ll, NULL, c, answer);
            if (r.valid)
                break;
            msg_print(stdout, lang, MSG_QUIZ_NOT_A_NUMBER, answer, r.why);
            putchar('\n');
        }
        asked++;
        char actual[64];
        mtext_format(actual, sizeof actual, r.actual, 4);
        if (r.correct) {
            right++;
            msg_print(stdout, lang, MSG_QUIZ_RIGHT, name, actual);
            putchar('\n');
        } else {
            msg_print(stdout, lang, MSG_QUIZ_WRONG, name, actual, answer);
            putchar('\n');
            if (r.explanation)
                printf("%s\n", r.explanation);
            /* the arithmetic, as the UI shows it once the cell is revealed */
            Explanation ex;
            if (explain_cell(l, &l->records[c.record], c.slot, c.i, c.j, 4, EXPLAIN_WIDTH, &ex)) {
                printf("%s\n", ex.text);
                explain_free(&ex);
            }
        }
        quiz_result_free(&r);
    }
done:
    putchar('\n');
    msg_print(stdout, lang, MSG_QUIZ_SCORE, right, asked);
    putchar('\n');
    free(cells);
    return 0;
}

int cmd_quiz(int argc, char **argv) {
    CmdGpt2 g;
    const char *lesson;
    int parsed = cmd_one_argument(argc, argv, "quiz LESSON " CMD_GPT2_SYNOPSIS, &g, &lesson);
    if (parsed >= 0)
        return parsed;
    LoadedLesson ll;
    int status = cmd_open(lesson, &g, &ll);
    if (status == 0) {
        if (ui_available())
            status = ui_run_at(&ll, true, 0, g.head);
        else
            status = quiz_plain(&ll);
    }
    lesson_close(&ll);
    return status;
}

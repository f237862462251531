/* test_quiz.c - what the quiz asks and how its keys behave: the cells it
 * chooses where a lesson has no `ask` (never a copy, never more than
 * QUIZ_MAX_TERMS values to combine), in the plain `attnstep quiz` form;
 * and in the terminal (tmux, one server per test), the answer prompt that
 * takes every key until Esc, refusals quoting what was typed, the whole
 * row of a softmax hidden, the verdict kept for `r`, and no `[ ]` offered
 * during a quiz on a checkpoint. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "support.h"
#include "support_tmux.h"

/* a GPT-2-shaped checkpoint under a fresh directory: d 32, 4 heads (d_k 8),
 * 2 layers, its vocabulary of 297 tokens (tests/make_gpt2_checkpoint.py) */
static char *checkpoint(char **tmp) {
    *tmp = temp_dir();
    char *script = source_path("tests/make_gpt2_checkpoint.py");
    const char *py = getenv("ATTNSTEP_PYTHON");
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "'%s' '%s' '%s/ckpt' >/dev/null", py && *py ? py : "python3", script, *tmp);
    RunResult r = run_shell(cmd);
    cr_assert_eq(r.status, 0, "%s: %s", cmd, r.err);
    run_free(&r);
    free(script);
    char *dir = malloc(strlen(*tmp) + 8);
    sprintf(dir, "%s/ckpt", *tmp);
    return dir;
}

/* the names the plain quiz asks, in order, joined by spaces */
static void asked_names(const char *out, char *names, size_t size) {
    names[0] = '\0';
    for (const char *p = strstr(out, " = ? "); p; p = strstr(p + 1, " = ? ")) {
        const char *b = p;
        while (b > out && b[-1] != '\n' && b[-1] != ' ')
            b--;
        size_t have = strlen(names);
        snprintf(names + have, size - have, "%s%.*s", have ? " " : "", (int)(p - b), b);
    }
}

/* On the checkpoint (3 tokens, d 32, d_k 8, d_ff 128) the quiz asks what
 * combines at most 8 values: X = E + P (2), the scores q·k (d_k = 8), the
 * scaling (1), the softmax over 3 tokens, the weighted sum of 3 values, the
 * residuals (2) and the activation (1). Not the layer norms (32 values),
 * the projections (32 products and a bias), the feed-forward layers (33,
 * 129), the logits (32), the probabilities (297), nor the head split,
 * the mask and the concat, whose cells are copies of cells on screen. */
Test(quiz, a_checkpoint_asks_only_what_is_done_by_hand, .timeout = 60) {
    char *tmp, *dir = checkpoint(&tmp);
    char input[512] = "";
    for (int k = 0; k < 40; k++)
        strcat(input, "0\n");
    RunResult r = run_attnstep(input, (const char *const[]){"quiz", dir, "--text", "The cat sat", NULL});
    cr_expect_eq(r.status, 0, "%s", r.err);
    char names[1024];
    asked_names(r.out, names, sizeof names);
    cr_expect_str_eq(names, "X[1][0] S_h0[1][0] T_h0[1][0] A_h0[1][0] Z_h0[1][0] R[1][0] H[1][0] R2[1][0]", "%s",
                     r.out);
    cr_expect(strstr(r.out, "score: 0 / 8"), "%s", r.out);
    run_free(&r);
    remove_tree(tmp);
    free(tmp), free(dir);
}

/* a lesson without `ask`: a 12-term product is not asked, the softmax of
 * its two columns is */
Test(quiz, a_lesson_without_ask_skips_long_sums) {
    char *dir = temp_dir(), path[512];
    snprintf(path, sizeof path, "%s/long.lesson", dir);
    FILE *f = fopen(path, "w");
    fputs("x = random 2x12 seed 1\nw = random 12x2 seed 2\ny = x @ w\ns = softmax(y)\nt = s * 2\n", f);
    fclose(f);
    RunResult r = run_attnstep("0\n0\n0\n", (const char *const[]){"quiz", path, NULL});
    char names[256];
    asked_names(r.out, names, sizeof names);
    cr_expect_str_eq(names, "s[1][0] t[1][0]", "%s", r.out);
    run_free(&r);
    remove_tree(dir);
    free(dir);
}

/* ---- in the terminal ---------------------------------------------------------- */


/* the screen's last line that is not empty: the status line */
static const char *status_line(const char *s) {
    const char *last = s;
    for (const char *p = s; *p; p++)
        if (p[0] == '\n' && p[1] && p[1] != '\n')
            last = p + 1;
    return last;
}

/* the question marks on the line showing `label` and a question mark */
static int marks_on_row(const char *s, const char *label) {
    for (const char *line = s; line && *line;) {
        const char *eol = strchr(line, '\n');
        size_t len = eol ? (size_t)(eol - line) : strlen(line);
        char buf[1024];
        snprintf(buf, sizeof buf, "%.*s", (int)len, line);
        if (strstr(buf, label) && strchr(buf, '?')) {
            int n = 0;
            for (const char *p = buf; *p; p++)
                n += *p == '?';
            return n;
        }
        line = eol ? eol + 1 : NULL;
    }
    return 0;
}

/* what the screen says, by value: a parameter is copied into the test's
 * own process, where the strings' addresses differ */
typedef struct QuizWords {
    char lesson[16], typing[64], not_number[64], wrong[96], row_hidden[96], weights_hidden[96], cats[16], right[96];
    int cols, rows;
} QuizWords;

static const QuizWords words[] = {
    {"tour", "type the answer, Enter", "'abc' is not a number", "not quite: Q[1][0] = 0.0000 (you said 29)",
     "hidden until A_h0[2][2] is answered: the rest", "hidden until A_h0[2][2] is answered; v", "cats",
     "right: A_h0[2][2] = 0.2964 (you said 0.3)", 80, 24},
    {"tour", "type the answer, Enter", "'abc' is not a number", "not quite: Q[1][0] = 0.0000 (you said 29)",
     "hidden until A_h0[2][2] is answered: the rest", "hidden until A_h0[2][2] is answered; v", "cats",
     "right: A_h0[2][2] = 0.2964 (you said 0.3)", 100, 30},
    {"zh/tour", "输入答案，回车", "“abc”不是一个数", "不对：Q[1][0] = 0.0000（你的答案是 29）",
     "在回答 A_h0[2][2] 之前隐藏：这一行", "回答 A_h0[2][2] 之前隐藏；按 v", "猫",
     "正确：A_h0[2][2] = 0.2964（你的答案是 0.3）", 80, 24},
    {"zh/tour", "输入答案，回车", "“abc”不是一个数", "不对：Q[1][0] = 0.0000（你的答案是 29）",
     "在回答 A_h0[2][2] 之前隐藏：这一行", "回答 A_h0[2][2] 之前隐藏；按 v", "猫",
     "正确：A_h0[2][2] = 0.2964（你的答案是 0.3）", 100, 30},
};

ParameterizedTestParameters(quiz_ui, keys_mean_one_thing) {
    return cr_make_param_array(QuizWords, words, sizeof words / sizeof words[0]);
}

/* The tour asks Q[1][0] (0: E[1] = (0, 2, 0, 2), W_Q's column 0 is
 * (0.5, 0, 0.5, 0)) and A_h0[2][2] (a softmax row of 3 tokens). */
ParameterizedTest(const QuizWords *w, quiz_ui, keys_mean_one_thing, .timeout = 90) {
    char name[64], args[64];
    snprintf(name, sizeof name, "quizkeys%d%s", w->cols, w->lesson[0] == 'z' ? "zh" : "en");
    snprintf(args, sizeof args, "quiz %s", w->lesson);
    Tmux t = tmux_start(name, w->cols, w->rows, args);
    tmux_keys(&t, ": 5 Enter");
    /* the prompt takes the digits, and the status line says so */
    char *s = tmux_wait_for(&t, "Q[1][0] = ?");
    free(s);
    s = tmux_wait_for(&t, w->typing);
    cr_expect(strstr(status_line(s), w->typing), "%dx%d: the status line does not say digits answer:\n%s", w->cols,
              w->rows, s);
    cr_expect(!strstr(status_line(s), "n/p"), "%dx%d: the status line offers keys the prompt takes:\n%s", w->cols,
              w->rows, s);
    free(s);
    /* not a number: refused as typed, every letter of it */
    tmux_keys(&t, "a b c Enter");
    tmux_expect_screen(&t, w->not_number);
    /* 2 9 Enter is the answer 29, as the status line said */
    tmux_keys(&t, "2 9 Enter");
    tmux_expect_screen(&t, w->wrong);
    /* r shows the verdict again, with the right value */
    tmux_keys(&t, "r");
    s = tmux_wait_for(&t, "PgUp");
    cr_expect(strstr(s, w->wrong), "%dx%d: the reading overlay leaves out the verdict:\n%s", w->cols, w->rows, s);
    free(s);
    tmux_keys(&t, "Escape");
    /* the prompt is closed: digits jump again; the softmax step hides
     * the whole row of the asked weight, which sums to 1 with the rest */
    tmux_keys(&t, ": 9 Enter");
    s = tmux_wait_for(&t, "A_h0[2][2] = ?");
    cr_expect_eq(marks_on_row(s, w->cats), 3, "%dx%d: the rest of the row is shown:\n%s", w->cols, w->rows, s);
    free(s);
    tmux_keys(&t, "Escape Left");
    tmux_expect_screen(&t, w->row_hidden);
    /* the token view would show the weights too */
    tmux_keys(&t, "v");
    tmux_expect_screen(&t, w->weights_hidden);
    tmux_keys(&t, "v v a 0 . 3 Enter");
    /* a puts the cursor back on the asked cell, whose verdict it shows:
     * exp(T − max) over the row (0.3536, 2.1213, 1.4142) is 0.1707, 1,
     * 0.4931, so A_h0[2][2] = 0.4931 / 1.6638 = 0.2964 */
    tmux_expect_screen(&t, w->right);
    tmux_keys(&t, "q");
    tmux_expect_screen(&t, "ATTNSTEP-EXIT-0");
    tmux_stop(&t);
}

/* during a quiz on a checkpoint the layer keys are not offered (the asked
 * cells belong to one run), nor while the prompt takes the keys */
Test(quiz_ui, no_layer_keys_on_a_checkpoint, .timeout = 90) {
    char *tmp, *dir = checkpoint(&tmp), args[2048];
    snprintf(args, sizeof args, "quiz '%s' --text 'The cat sat'", dir);
    Tmux t = tmux_start("quizgpt2", 100, 30, args);
    tmux_keys(&t, ": 2 3 Enter");
    char *s = tmux_wait_for(&t, "step 23 of");
    cr_expect(!strstr(status_line(s), "[ ]"), "the quiz offers [ ]:\n%s", s);
    free(s);
    /* the scores step asks S_h0[1][0], 8 products (d_k = 8) */
    tmux_keys(&t, ": 2 6 Enter");
    tmux_expect_screen(&t, "S_h0[1][0] = ?");
    tmux_keys(&t, "q");
    tmux_expect_screen(&t, "ATTNSTEP-EXIT-0");
    tmux_stop(&t);
    remove_tree(tmp);
    free(tmp), free(dir);
}

/* test_quiz.c - what the quiz asks: the cells it chooses where a lesson
 * has no `ask` (never a copy, never more than QUIZ_MAX_TERMS values to
 * combine), in the plain `attnstep quiz` form. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

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

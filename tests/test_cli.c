/* The command line as a user meets it: exit statuses, eval, check,
 * lessons, quiz without a terminal, and usage errors. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "support.h"

Test(cli, eval_known_values) {
    expect_output(RUN("eval", "softmax([1,2,3,4])"), 0, "[0.0321, 0.0871, 0.2369, 0.6439]", NULL);
    expect_output(RUN("eval", "layernorm([1,2,3,4])"), 0, "[-1.3416, -0.4472, 0.4472, 1.3416]", NULL);
    expect_output(RUN("eval", "--profile", "annotated", "layernorm([1,2,3,4])"), 0, "[-1.1619, -0.3873, 0.3873, 1.1619]",
               NULL);
    expect_output(RUN("eval", "--json", "[[1,2],[3,4]] @ [[1],[1]]"), 0, "[[3],[7]]", NULL);
    expect_output(RUN("eval", "--json", "softmax([0, 0])"), 0, "[0.5,0.5]", NULL);
    expect_output(RUN("eval", "--json", "sum([[0.1, 0.2, 0.3, 0.4]] * [[1, 2, 3, 4]])"), 0, "3", NULL);
    expect_output(RUN("eval", "--precision", "2", "1/3"), 0, "0.33", NULL);
    expect_output(RUN("eval", "-1"), 0, "-1.0000", NULL);
}

Test(cli, eval_errors_exit_2) {
    expect_output(RUN("eval", "softmx([1])"), 2, NULL, "expr:1:1: error: unknown function 'softmx'");
    expect_output(RUN("eval", "1 +"), 2, NULL, "expr:1:4: error: expected a value");
    expect_output(RUN("eval", "--profile", "nope", "1"), 2, NULL, "unknown profile 'nope'");
    expect_output(RUN("eval"), 2, NULL, "usage: attnstep eval");
    expect_output(RUN("eval", "--precision", "x", "1"), 2, NULL, "--precision");
}

/* a large expected value is printed as it can be read back, not rounded
 * to the tolerance's decimals (1.5e8 once printed as 2e+08) */
Test(cli, check_prints_large_values_whole) {
    char *dir = temp_dir();
    char path[512];
    snprintf(path, sizeof path, "%s/big.lesson", dir);
    FILE *f = fopen(path, "w");
    fputs("x = [[124439808, -1e9]]\n"
          "expect x == [[1.5e8, -1e9]]\n"
          "expect x == [[124439808, -1.2e9]]\n",
          f);
    fclose(f);
    RunResult r = RUN("check", path);
    cr_expect_eq(r.status, 1, "%s", r.err);
    cr_expect(strstr(r.out, "expected 1.5e+08 at [0][0], got 124439808 ") != NULL, "%s", r.out);
    cr_expect(strstr(r.out, "expected -1.2e+09 at [0][1], got -1e+09 ") != NULL, "%s", r.out);
    run_free(&r);
    remove_tree(dir);
    free(dir);
}

Test(cli, check_exit_status) {
    char *dir = temp_dir();
    char pass[512], fail[512];
    snprintf(pass, sizeof pass, "%s/pass.lesson", dir);
    snprintf(fail, sizeof fail, "%s/fail.lesson", dir);
    FILE *f = fopen(pass, "w");
    fputs("expect softmax([1, 2, 3, 4]) == [0.032, 0.087, 0.237, 0.644]\n", f);
    fclose(f);
    f = fopen(fail, "w");
    fputs("expect layernorm([1, 2, 3, 4]) == [-1.16, -0.39, 0.39, 1.16]\n", f);
    fclose(f);
    expect_output(RUN("check", pass), 0, "1 passed, 0 failed", NULL);
    expect_output(RUN("check", fail), 1, "sample variance, dividing by d − 1: σ = 1.291", NULL);
    expect_output(RUN("check", "no/such.lesson"), 2, NULL, "no/such.lesson: no such file");
    expect_output(RUN("check"), 2, NULL, "usage: attnstep check");
    remove_tree(dir);
    free(dir);
}

Test(cli, lessons_and_built_ins) {
    expect_output(RUN("lessons"), 0, "tour", NULL);
    expect_output(RUN("check", "tour"), 0, "passed, 0 failed", NULL);
    expect_output(RUN("trace", "--format", "md", "tour"), 0, "# Self-attention, one stage at a time", NULL);
    expect_output(RUN("trace", "--format", "xml", "tour"), 2, NULL, "--format is text, md or json");
    /* without a terminal, attnstep LESSON prints the trace */
    expect_output(RUN("tour"), 0, "== Step 1/16: Welcome ==", NULL);
    expect_output(run_attnstep(NULL, (const char *const[]){NULL}), 0, "== Step 1/16: Welcome ==", NULL);
}

Test(cli, usage_errors) {
    expect_output(RUN("--bogus"), 2, NULL, "unknown option '--bogus'");
    expect_output(RUN("frobnicate", "x"), 2, NULL, "unknown command 'frobnicate'");
    expect_output(RUN("--simd", "bogus", "--version"), 2, NULL, "unknown SIMD set 'bogus'");
    expect_output(RUN("--simd"), 2, NULL, "--simd needs a name");
    expect_output(RUN("--version"), 0, "simd: ", NULL);
    expect_output(RUN("--simd", "scalar", "--version"), 0, "simd: scalar", NULL);
    expect_output(RUN("--help"), 0, "usage: attnstep", NULL);
}

Test(cli, quiz_on_standard_input) {
    /* the tour asks Q[1][0] = 0, S_h0[0][1] = 2.5, A_h0[2][2] = 0.2964
     * (0.3 is right to the one decimal typed), Y[0][0] */
    RunResult r = run_attnstep("0\n1.77\nabc\n0.3\n", (const char *const[]){"quiz", "tour", NULL});
    cr_expect_eq(r.status, 0);
    cr_expect(strstr(r.out, "right: Q[1][0] = 0") != NULL, "%s", r.out);
    cr_expect(strstr(r.out, "not quite: S_h0[0][1] = 2.5000") != NULL, "%s", r.out);
    cr_expect(strstr(r.out, "type a number") != NULL, "%s", r.out);
    cr_expect(strstr(r.out, "right: A_h0[2][2] = 0.2964") != NULL, "%s", r.out);
    cr_expect(strstr(r.out, "score: 2 / 3") != NULL, "%s", r.out);
    run_free(&r);
}

Test(cli, quiz_names_the_mistake) {
    char *dir = temp_dir();
    char path[512];
    snprintf(path, sizeof path, "%s/ln.lesson", dir);
    FILE *f = fopen(path, "w");
    fputs("x = [[1, 2, 3, 4]]\ny = layernorm(x)\nask y[0][0]\n", f);
    fclose(f);
    RunResult r = run_attnstep("-1.16\n", (const char *const[]){"quiz", path, NULL});
    cr_expect(strstr(r.out, "sample variance") != NULL, "%s", r.out);
    run_free(&r);
    remove_tree(dir);
    free(dir);
}

/* every command and option that --help lists is in the man page */
Test(cli, man_page_covers_help) {
    RunResult r = RUN("--help");
    char *path = source_path("docs/attnstep.1");
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "%s", path);
    static char man[65536];
    size_t n = fread(man, 1, sizeof man - 1, f);
    man[n] = '\0';
    fclose(f);
    /* the man page escapes '-' as '\-' */
    static char plain[65536];
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!(man[i] == '\\' && man[i + 1] == '-'))
            plain[k++] = man[i];
    plain[k] = '\0';
    char *save, *line = strtok_r(r.out, "\n", &save);
    int checked = 0;
    for (; line; line = strtok_r(NULL, "\n", &save)) {
        char word[64];
        if (sscanf(line, " %63s", word) != 1)
            continue;
        bool option = strncmp(word, "--", 2) == 0;
        bool command = line[0] == ' ' && line[1] == ' ' && line[2] != ' ' && word[0] >= 'a' && word[0] <= 'z';
        if (!option && !command)
            continue;
        cr_expect(strstr(plain, word) != NULL, "'%s' from --help is not in the man page", word);
        checked++;
    }
    cr_expect_gt(checked, 8);
    free(path);
    run_free(&r);
}

/* every input the fuzzer (or a person) once broke attnstep with: now a
 * diagnostic or a result, never a crash (under `make sanitize` also no
 * leak and no undefined behaviour) */
Test(cli, fuzz_reproducers_do_not_crash, .timeout = 120) {
    char *dir = source_path("tests/fuzz/crashes");
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "ls '%s'/*.lesson", dir);
    RunResult list = run_shell(cmd);
    int n = 0;
    char *save, *path = strtok_r(list.out, "\n", &save);
    for (; path; path = strtok_r(NULL, "\n", &save), n++) {
        RunResult r = RUN("check", path);
        cr_expect(r.status <= 2, "%s: exit status %d (a crash?)\n%s", path, r.status, r.err);
        run_free(&r);
        r = RUN("trace", "--format", "json", path);
        cr_expect(r.status <= 2, "trace %s: exit status %d\n%s", path, r.status, r.err);
        run_free(&r);
    }
    cr_expect_gt(n, 0);
    run_free(&list);
    free(dir);
}

/* what attnstep prints it reads back, and a student's dot product */
static void eval_is(const char *expr, const char *want) {
    RunResult r = RUN("eval", expr);
    cr_expect_eq(r.status, 0, "%s: %s", expr, r.err);
    cr_expect_str_eq(r.out, want, "%s", expr);
    run_free(&r);
}

Test(cli, eval_reads_what_it_prints) {
    eval_is("−1.16", "-1.1600\n");          /* U+2212 */
    eval_is("2 × 3", "6.0000\n");
    eval_is("−∞", "-inf\n");
    eval_is("[1, 2]ᵀ · [[3, 4]]", "result  2×2\n        0       1\n0  3.0000  4.0000\n1  6.0000  8.0000\n");
    eval_is("[0.1,0.2,0.3,0.4] @ [1,2,3,4]", "3.0000\n"); /* 0.1 + 0.4 + 0.9 + 1.6 */
    eval_is("dot([1,2],[3,4])", "11.0000\n");
    eval_is("dot([1,2],[[3],[4]])", "11.0000\n");
    /* a 2-D mismatch keeps its hint */
    RunResult r = RUN("eval", "[[1,2]] @ [[1,2]]");
    cr_expect_eq(r.status, 2);
    cr_expect(strstr(r.err, "transpose it"), "%s", r.err);
    run_free(&r);
}

Test(cli, expect_with_a_unicode_minus) {
    const char *lesson = "x = [-1.16, 2]\nexpect x[0][0] == −1.16\nexpect x × 2 == [−2.32, 4]\n";
    char *dir = temp_dir();
    char path[1024];
    snprintf(path, sizeof path, "%s/m.lesson", dir);
    FILE *f = fopen(path, "w");
    fputs(lesson, f);
    fclose(f);
    RunResult r = RUN("check", path);
    cr_expect_eq(r.status, 0, "%s%s", r.out, r.err);
    run_free(&r);
    remove_tree(dir);
    free(dir);
}

/* the token view and the heads view as text. The tour's head 0, query "I":
 * S_h0[0] = (0.25, 2.5, 1.5) (q = (1, 0.5); keys (0, 0.5), (2, 1), (1, 1)),
 * T = S / √2, softmax → (0.1201, 0.5893, 0.2906): bars of 20 columns are
 * 19.2, 94.3 and 46.5 eighths of a block long. */
Test(cli, trace_view_tokens_and_heads) {
    RunResult r = RUN("trace", "tour", "--view", "tokens");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "-- head h0 of 2 (A_h0)\n"
                            "I    → I    ██▍                  0.12\n"
                            "       love ███████████▊         0.59\n"
                            "       cats █████▊               0.29\n"),
              "%s", r.out);
    run_free(&r);
    r = RUN("trace", "tour", "--view", "heads");
    cr_assert_eq(r.status, 0, "%s", r.err);
    /* 0.12 ░, 0.59 ▓, 0.29 ▒ */
    cr_expect(strstr(r.out, "I     ░ ▓ ▒  "), "%s", r.out);
    run_free(&r);
    /* the mask lesson: no weight above the diagonal (· on row 0 after the first key) */
    r = RUN("trace", "mask", "--view", "heads");
    cr_expect(strstr(r.out, "█ · ·"), "%s", r.out);
    run_free(&r);
    r = RUN("trace", "tour", "--view", "bars");
    cr_expect_eq(r.status, 2);
    run_free(&r);
}

/* the stdin quiz: a wrong answer gets the cell's arithmetic, as the UI
 * shows it; something that is not a number is reported and asked again.
 * S_h0[0][1] = q(I)·k(love) = 1×2 + 0.5×1 = 2.5 (the tour's own check). */
Test(cli, stdin_quiz_shows_the_arithmetic_of_a_wrong_answer) {
    RunResult r = run_attnstep("0\nxyz\n1.77\n", (const char *const[]){"quiz", "tour", NULL});
    cr_expect(strstr(r.out, "'xyz' is not a number"), "%s", r.out);
    cr_expect(strstr(r.out, "not quite: S_h0[0][1] = 2.5000 (you said 1.77)\n"), "%s", r.out);
    cr_expect(strstr(r.out, "S_h0[0][1] = q(I)·k(love) = 1.0000×2.0000 + 0.5000×1.0000 = 2.5000"), "%s", r.out);
    run_free(&r);
}

/* an expect against a computed value (a name, not numbers written out) is
 * compared to 1e-5 relative, so it says so, and its expected side is shown
 * as its cells are, not with decimals read off that tolerance (1.0830043
 * was printed 1.08300 beside 1.6119) */
Test(cli, an_expect_against_a_computed_value_says_relative) {
    char *dir = temp_dir();
    put_text_file(dir, "computed.lesson",
                  "step \"s\"\n  z = [1.6118557, 1.0830043]\n  y = z * 1\n  expect y == z\n"
                  "  expect y == [1.6119, 1.0830]\n");
    char path[1024];
    snprintf(path, sizeof path, "%s/computed.lesson", dir);
    RunResult r = RUN("trace", path);
    cr_assert_eq(r.status, 0, "%s", r.err);
    const char *first = strstr(r.out, "expect y == z");
    cr_assert_not_null(first, "%s", r.out);
    const char *second = strstr(first, "expect y == [");
    cr_assert_not_null(second, "%s", r.out);
    char one[512];
    snprintf(one, sizeof one, "%.*s", (int)(second - first), first);
    cr_expect_not_null(strstr(one, "expected  [1.6119, 1.0830]"), "%s", one);
    cr_expect_not_null(strstr(one, "matches (to 1e-5 relative)"), "%s", one);
    cr_expect_not_null(strstr(second, "matches to 4 decimals"), "%s", second);
    run_free(&r);
    free(dir);
}

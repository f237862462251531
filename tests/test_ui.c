/* End-to-end tests of the terminal UI: the real binary in a tmux session
 * of a known size, driven with send-keys and read with capture-pane. Each
 * test has its own tmux server (-L), so they can run in parallel. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "support.h"

typedef struct Tmux {
    char sock[64];
} Tmux;

/* tmux: one tmux command on this test's server */
static void tmux(const Tmux *t, const char *args) {
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "tmux -L %s %s", t->sock, args);
    RunResult r = run_shell(cmd);
    run_free(&r);
}

static Tmux start(const char *name, int cols, int rows, const char *args) {
    Tmux t;
    snprintf(t.sock, sizeof t.sock, "attnstep-%d-%s", (int)getpid(), name);
    const char *bin = getenv("ATTNSTEP_BIN");
    char *src = source_path("");
    char cmd[4096];
    /* the command prints its exit status when it ends, so tests can see a
     * clean exit and that the terminal came back */
    snprintf(cmd, sizeof cmd,
             "cd '%s' && LC_ALL=C.UTF-8 tmux -u -L %s -f /dev/null new-session -d -x %d -y %d "
             "\"LC_ALL=C.UTF-8 TERM=xterm-256color %s %s; echo ATTNSTEP-EXIT-\\$?; sleep 30\"",
             src, t.sock, cols, rows, bin ? bin : "./attnstep", args);
    free(src);
    RunResult r = run_shell(cmd);
    cr_assert_eq(r.status, 0, "tmux did not start: %s", r.err);
    run_free(&r);
    return t;
}

static void stop(Tmux *t) { tmux(t, "kill-server 2>/dev/null"); }

static void keys(Tmux *t, const char *k) {
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "tmux -L %s send-keys %s", t->sock, k);
    RunResult r = run_shell(cmd);
    run_free(&r);
}

static char *screen(Tmux *t) {
    char cmd[256];
    snprintf(cmd, sizeof cmd, "tmux -L %s capture-pane -p", t->sock);
    RunResult r = run_shell(cmd);
    free(r.err);
    return r.out;
}

/* wait until `text` is on the screen (up to ~10 s); returns the screen */
static char *wait_for(Tmux *t, const char *text) {
    for (int tries = 0; tries < 200; tries++) {
        char *s = screen(t);
        if (strstr(s, text))
            return s;
        free(s);
        struct timespec ts = {0, 50 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    char *s = screen(t);
    char shown[8192];
    snprintf(shown, sizeof shown, "%s", s);
    free(s);
    stop(t);
    cr_assert_fail("'%s' never appeared on the screen:\n%s", text, shown);
    return NULL;
}

static void expect_screen(Tmux *t, const char *text) { free(wait_for(t, text)); }

Test(ui, walks_every_stage_forward_and_back, .timeout = 60) {
    Tmux t = start("walk", 100, 30, "tour");
    expect_screen(&t, "Welcome");
    /* the status line names each stage of the attention statement in turn */
    const char *stages[] = {"embeddings", "projection", "head split", "scores", "scaling", "softmax",
                            "weighted sum", "concat", "output projection", "residual", "layer norm"};
    keys(&t, ": 4 Enter");
    for (int k = 0; k < 11; k++) {
        char status[64];
        snprintf(status, sizeof status, "· %s", stages[k]);
        expect_screen(&t, status);
        /* skip to the first record of the next stage */
        char cmd[32];
        snprintf(cmd, sizeof cmd, ": %d Enter", 5 + k);
        if (k < 10)
            keys(&t, cmd);
    }
    keys(&t, "G");
    expect_screen(&t, "Check it yourself");
    for (int k = 0; k < 40; k++)
        keys(&t, "p");
    expect_screen(&t, "step 1/15 (1/");
    expect_screen(&t, "Welcome");
    keys(&t, "q");
    expect_screen(&t, "ATTNSTEP-EXIT-0");
    stop(&t);
}

Test(ui, explains_score_softmax_and_layernorm_cells, .timeout = 60) {
    Tmux t = start("explain", 100, 30, "tour");
    expect_screen(&t, "Welcome");
    keys(&t, ": 7 Enter l");              /* scores, cell [0][1] */
    expect_screen(&t, "S_h0[0][1] = q(I)·k(love) = 1.0000×2.0000 + 0.5000×1.0000 = 2.5000");
    keys(&t, ": 9 Enter");                /* softmax */
    char *s = wait_for(&t, "A_h0[0][0] = exp(");
    cr_expect(strstr(s, "max") != NULL, "%s", s);
    free(s);
    keys(&t, ": 14 Enter");               /* layer norm */
    s = wait_for(&t, "Y[0][0] =");
    cr_expect(strstr(s, "μ") != NULL && strstr(s, "σ²") != NULL, "%s", s);
    free(s);
    keys(&t, "q");
    stop(&t);
}

Test(ui, chinese_lesson_lines_up, .timeout = 60) {
    Tmux t = start("zh", 100, 30, "tests/golden/zh_pipeline.lesson");
    expect_screen(&t, "步骤 1/16");
    keys(&t, ": 7 Enter");
    char *s = wait_for(&t, "注意力分数");
    free(s);
    s = wait_for(&t, "· 分数 · 头 0/2");
    /* token labels are wide characters: each row starts with one */
    cr_expect(strstr(s, "我") && strstr(s, "爱") && strstr(s, "猫"), "%s", s);
    free(s);
    keys(&t, "q");
    stop(&t);
}

Test(ui, heatmap_toggle, .timeout = 60) {
    Tmux t = start("heat", 100, 30, "tour");
    expect_screen(&t, "Welcome");
    keys(&t, ": 9 Enter c");
    expect_screen(&t, "heat: low");
    keys(&t, "c");
    char *s = screen(&t);
    for (int k = 0; k < 100 && strstr(s, "heat: low"); k++) {
        free(s);
        usleep(50000);
        s = screen(&t);
    }
    cr_expect(strstr(s, "heat: low") == NULL, "the legend stayed:\n%s", s);
    free(s);
    keys(&t, "q");
    stop(&t);
}

Test(ui, quiz_right_and_wrong, .timeout = 60) {
    Tmux t = start("quiz", 100, 30, "quiz tour");
    /* the tour asks Q[1][0] first: E[1] = (0, 2, 0, 2), so Q[1][0] = 0 */
    keys(&t, ": 5 Enter");
    expect_screen(&t, "Q[1][0] = ?");
    keys(&t, "0 Enter");
    expect_screen(&t, "right: Q[1][0] = 0");
    /* S_h0[0][1] = 2.5; forgetting nothing but typing 1.77 (the scaled
     * value) is wrong */
    keys(&t, ": 7 Enter");
    expect_screen(&t, "S_h0[0][1] = ?");
    keys(&t, "1 . 7 7 Enter");
    expect_screen(&t, "not quite: S_h0[0][1] = 2.5000");
    keys(&t, "q");
    expect_screen(&t, "score: 1 / 2");
    stop(&t);
}

Test(ui, edit_recomputes_later_steps, .timeout = 60) {
    Tmux t = start("edit", 100, 30, "tour");
    expect_screen(&t, "Welcome");
    keys(&t, ": 2 Enter");                /* E */
    expect_screen(&t, "= E  3×4");
    keys(&t, "e 5 Enter");                /* E[0][0] = 5 */
    expect_screen(&t, "E[0][0] is now 5");
    keys(&t, ": 5 Enter");                /* projection: Q[0][0] was 1 */
    expect_screen(&t, "Q[0][0] = ");
    char *s = wait_for(&t, "= 3.0000");  /* 5 × 0.5 + 1 × 0.5 */
    free(s);
    keys(&t, "q");
    stop(&t);
}

Test(ui, resize_to_tiny_and_back, .timeout = 60) {
    Tmux t = start("resize", 100, 30, "tour");
    expect_screen(&t, "Welcome");
    tmux(&t, "resize-window -x 40 -y 12");
    expect_screen(&t, "enlarge the window (needs 60×18)");
    tmux(&t, "resize-window -x 100 -y 30");
    expect_screen(&t, "Welcome");
    tmux(&t, "resize-window -x 160 -y 48");
    expect_screen(&t, "Source");
    keys(&t, "C-c");
    expect_screen(&t, "ATTNSTEP-EXIT-0");
    stop(&t);
}

Test(ui, runs_clean_under_valgrind, .timeout = 180) {
    /* an AddressSanitizer build cannot run under valgrind */
    const char *san = getenv("ATTNSTEP_SANITIZED");
    if (san && *san)
        cr_skip_test("the binary is built with sanitizers; valgrind cannot run it");
    char args[512];
    /* a session under memcheck: any error changes the exit status */
    const char *bin = getenv("ATTNSTEP_BIN");
    snprintf(args, sizeof args, "tour");
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite %s",
             bin ? bin : "./attnstep");
    setenv("ATTNSTEP_BIN", cmd, 1);
    Tmux t = start("valgrind", 100, 30, args);
    setenv("ATTNSTEP_BIN", bin ? bin : "./attnstep", 1);
    expect_screen(&t, "Welcome");
    keys(&t, ": 7 Enter l j H H c");
    expect_screen(&t, "heat: low");
    keys(&t, "q");
    expect_screen(&t, "ATTNSTEP-EXIT-0");
    stop(&t);
}

/* A model directory's path is never parsed: directories whose names hold
 * a double quote, a newline, a backslash or a byte 0xFF (and one named
 * like an injected statement) trace, export and open in the UI with the
 * same numbers as the same model under a plain name. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "io/npy.h"
#include "support.h"



/* a 3-token, d_model 4, 2-head causal model with every optional weight */
static char *make_model(const char *root, const char *name) {
    char *dir = path_join(root, name);
    cr_assert_eq(mkdir(dir, 0777), 0, "%s", dir);
    char *cfg = path_join(dir, "config.json");
    FILE *f = fopen(cfg, "w");
    cr_assert(f);
    fputs("{\"heads\": 2, \"causal\": true, \"positional\": \"sinusoidal\", \"tokens\": [\"a\\\"b\", \"c\", \"d\"]}\n", f);
    fclose(f);
    free(cfg);
    const char *files[] = {"E.npy", "Wq.npy", "Wk.npy", "Wv.npy", "Wo.npy", "bq.npy",
                           "bk.npy", "bv.npy", "bo.npy", "gamma.npy", "beta.npy"};
    for (int k = 0; k < 11; k++)
        put_npy_random(dir, files[k], k == 0 ? 3 : k < 5 ? 4 : 1, 4, k >= 5, 100u + (unsigned)k);
    return dir;
}

static const char *const odd_names[] = {
    "q\"uote", "new\nline", "back\\slash", "byte\xff", "m\"#\nprofile annotated #",
};
#define N_ODD (int)(sizeof odd_names / sizeof odd_names[0])

/* the trace without its first line (the title, which is the path) */
static const char *after_title(const char *text, const char *path) {
    size_t n = strlen(path);
    cr_assert(strncmp(text, path, n) == 0, "the trace does not start with the path:\n%s", text);
    return text + n;
}

Test(model_path, odd_directory_names_trace_like_plain_ones) {
    char *root = temp_dir();
    char *plain = make_model(root, "plain");
    RunResult want = RUN("trace", plain);
    cr_assert_eq(want.status, 0, "%s", want.err);
    for (int k = 0; k < N_ODD; k++) {
        char *odd = make_model(root, odd_names[k]);
        RunResult got = RUN("trace", odd);
        cr_expect_eq(got.status, 0, "%s: %s", odd, got.err);
        cr_expect_str_eq(after_title(got.out, odd), after_title(want.out, plain), "for %s", odd);
        run_free(&got);
        free(odd);
    }
    run_free(&want);
    free(plain);
    remove_tree(root);
    free(root);
}

/* the same bytes in every exported file */
static void expect_same_files(const char *a, const char *b) {
    const char *names[] = {"X", "Q", "K", "V", "S_h0", "S_h1", "T_h1", "M_h1", "A_h0", "A_h1",
                           "Z_h1", "Z", "O", "R", "Y", "P"};
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        char file[32];
        snprintf(file, sizeof file, "%s.npy", names[k]);
        char *pa = path_join(a, file), *pb = path_join(b, file);
        char *ta = read_file(pa), *tb = read_file(pb);
        cr_assert(ta && tb, "%s or %s is missing", pa, pb);
        struct stat sa, sb;
        cr_assert(stat(pa, &sa) == 0 && stat(pb, &sb) == 0);
        cr_expect(sa.st_size == sb.st_size && memcmp(ta, tb, (size_t)sa.st_size) == 0, "%s differs", file);
        free(ta), free(tb), free(pa), free(pb);
    }
}

Test(model_path, odd_directory_names_export_like_plain_ones) {
    char *root = temp_dir();
    char *plain = make_model(root, "plain");
    char *plain_out = path_join(root, "out-plain");
    RunResult r = RUN("export", plain, plain_out);
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_free(&r);
    for (int k = 0; k < N_ODD; k++) {
        char *odd = make_model(root, odd_names[k]);
        char out_name[64];
        snprintf(out_name, sizeof out_name, "out-%d\"\n\\\xff", k);
        char *odd_out = path_join(root, out_name);
        r = RUN("export", odd, odd_out);
        cr_expect_eq(r.status, 0, "%s: %s", odd, r.err);
        run_free(&r);
        expect_same_files(plain_out, odd_out);
        free(odd), free(odd_out);
    }
    free(plain), free(plain_out);
    remove_tree(root);
    free(root);
}

/* ---- the UI, in tmux ---------------------------------------------------- */

/* The last step's screen of the UI opened on `dir`. The path goes through
 * a script (single-quoted, where every byte but ' is literal), so no
 * shell or tmux quoting touches it. */
static char *last_screen(const char *root, const char *dir, const char *tag) {
    char *script = path_join(root, "open.sh");
    FILE *f = fopen(script, "w");
    cr_assert(f);
    const char *bin = getenv("ATTNSTEP_BIN");
    fprintf(f, "#!/bin/sh\nexec '%s' '%s'\n", bin ? bin : "./attnstep", dir);
    fclose(f);
    chmod(script, 0755);
    char sock[64], cmd[1024];
    snprintf(sock, sizeof sock, "attnstep-%d-path-%s", (int)getpid(), tag);
    snprintf(cmd, sizeof cmd,
             "LC_ALL=C.UTF-8 tmux -u -L %s -f /dev/null new-session -d -x 120 -y 40 "
             "\"LC_ALL=C.UTF-8 TERM=xterm-256color '%s'; sleep 30\"", sock, script);
    RunResult r = run_shell(cmd);
    cr_assert_eq(r.status, 0, "tmux did not start: %s", r.err);
    run_free(&r);
    char *screen = NULL, *before = NULL;
    for (int tries = 0; tries < 200; tries++) { /* the last step, once drawn */
        snprintf(cmd, sizeof cmd, "tmux -L %s send-keys G; tmux -L %s capture-pane -p", sock, sock);
        r = run_shell(cmd);
        free(r.err);
        /* twice the same: a capture in the middle of a redraw is not it */
        if (strstr(r.out, "23 of 23") && strstr(r.out, "Explanation") && before && strcmp(before, r.out) == 0) {
            screen = r.out;
            break;
        }
        free(before);
        before = r.out;
        struct timespec ts = {0, 50 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    free(before);
    snprintf(cmd, sizeof cmd, "tmux -L %s kill-server 2>/dev/null", sock);
    r = run_shell(cmd);
    run_free(&r);
    unlink(script);
    free(script);
    cr_assert_not_null(screen, "the UI on %s never reached its last step", dir);
    return screen;
}

Test(model_path, odd_directory_names_open_in_the_ui_like_plain_ones, .timeout = 90) {
    RunResult t = run_shell("command -v tmux");
    bool have_tmux = t.status == 0;
    run_free(&t);
    if (!have_tmux)
        cr_skip_test("tmux is not installed");
    char *root = temp_dir();
    char *plain = make_model(root, "plain");
    char *want = last_screen(root, plain, "plain");
    cr_expect(strstr(want, "Layer norm"), "%s", want);
    const int odd[] = {0, 1, 3}; /* quote, newline, 0xFF */
    for (int k = 0; k < 3; k++) {
        char *dir = make_model(root, odd_names[odd[k]]);
        char tag[16];
        snprintf(tag, sizeof tag, "%d", k);
        char *got = last_screen(root, dir, tag);
        cr_expect_str_eq(got, want, "the screen for %s differs", dir);
        free(got), free(dir);
    }
    free(want), free(plain);
    remove_tree(root);
    free(root);
}

/* bench_ui.c - the UI benchmark (`attnstep bench --ui`, `make bench-ui`).
 * Everything a key costs is measured: the key handler and a full redraw
 * (draw_all and the terminal update), into a terminal of 160 x 48 whose
 * output goes to /dev/null. */
#include "ui/bench_ui.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "engine/random.h"
#include "io/npy.h"
#include "lang/loader.h"
#include "ui/draw.h"
#include "ui/keys.h"

#define N_TOKENS 512
#define D_MODEL 768
#define HEADS 12
#define COLS 160
#define ROWS 48
#define STEP_KEYS 200
#define MOVE_KEYS 300

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static bool write_weight(const char *dir, const char *name, int rows, int cols, unsigned long long seed) {
    Matrix m = {0};
    char path[1024];
    Error err = {0};
    if (!mat_alloc(&m, rows, cols, NULL))
        return false;
    mat_fill_random(&m, seed, rows == cols ? 8.0f / (float)cols : 1.0f);
    snprintf(path, sizeof path, "%s/%s.npy", dir, name);
    bool ok = npy_write(path, &m, NPY_MATRIX, &err);
    mat_free(&m);
    return ok;
}

/* the model directory: config.json with 512 tokens, E and the four weights */
static bool make_model(const char *dir) {
    char path[1024];
    snprintf(path, sizeof path, "%s/config.json", dir);
    FILE *f = fopen(path, "w");
    if (!f)
        return false;
    fprintf(f, "{\"heads\": %d, \"eps\": 1e-5, \"causal\": true, \"positional\": \"sinusoidal\", \"tokens\": [", HEADS);
    for (int k = 0; k < N_TOKENS; k++)
        fprintf(f, "%s\"t%d\"", k ? ", " : "", k);
    fputs("]}\n", f);
    if (fclose(f) != 0)
        return false;
    static const char *const names[] = {"Wq", "Wk", "Wv", "Wo"};
    if (!write_weight(dir, "E", N_TOKENS, D_MODEL, 1))
        return false;
    for (int k = 0; k < 4; k++)
        if (!write_weight(dir, names[k], D_MODEL, D_MODEL, 2 + (unsigned long long)k))
            return false;
    return true;
}

static void remove_model(const char *dir) {
    static const char *const files[] = {"config.json", "E.npy", "Wq.npy", "Wk.npy", "Wv.npy", "Wo.npy"};
    char path[1024];
    for (int k = 0; k < 6; k++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[k]);
        unlink(path);
    }
    rmdir(dir);
}

/* this process's CPU time: on a busy machine the wall clock also counts
 * the time others had the cores */
static double cpu_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* the median time of `count` presses of each key in `keys`, in turn */
static double median_redraw(UiState *s, const int *keys, int nkeys, int count) {
    double *t = malloc((size_t)count * sizeof *t);
    if (!t)
        return -1;
    for (int k = 0; k < count; k++) {
        double t0 = now_ms();
        ui_key(s, keys[k % nkeys]);
        draw_all(s, COLS, ROWS);
        t[k] = now_ms() - t0;
    }
    qsort(t, (size_t)count, sizeof *t, cmp_double);
    double m = t[count / 2];
    free(t);
    return m;
}

int bench_ui_run(FILE *out) {
    const char *tmp = getenv("TMPDIR");
    char dir[256];
    snprintf(dir, sizeof dir, "%s/attnstep-bench-ui-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir) || !make_model(dir)) {
        fputs("attnstep: bench --ui: cannot write the model directory\n", stderr);
        remove_model(dir);
        return 1;
    }
    FILE *null_out = fopen("/dev/null", "w");
    setenv("COLUMNS", "160", 1);
    setenv("LINES", "48", 1);
    SCREEN *scr = null_out ? newterm("xterm-256color", null_out, stdin) : NULL;
    if (!scr) {
        fputs("attnstep: bench --ui: no off-screen terminal (xterm-256color)\n", stderr);
        if (null_out)
            fclose(null_out);
        remove_model(dir);
        return 1;
    }
    set_term(scr);
    LoadedLesson ll;
    Error err = {0};
    double t0 = now_ms(), c0 = cpu_ms();
    if (!lesson_open(dir, NULL, &ll, &err)) {
        endwin();
        delscreen(scr);
        fclose(null_out);
        fprintf(stderr, "attnstep: bench --ui: %s\n", err.msg);
        remove_model(dir);
        return 1;
    }
    double t_open = now_ms();
    UiState s;
    ui_state_init(&s, &ll, false);
    draw_all(&s, COLS, ROWS);
    double t_first = now_ms(), c_first = cpu_ms();
    /* the first attention step with per-head matrices: scores */
    while (s.cur.record + 1 < ll.lesson.nrecords && ui_heads(&s) <= 1)
        ui_step(&s, +1);
    const int step_keys[] = {'n', 'p'};
    const int move_keys[] = {'j', 'l', 'j', 'l', 'k', 'h'};
    double step = median_redraw(&s, step_keys, 2, STEP_KEYS);
    double move = median_redraw(&s, move_keys, 6, MOVE_KEYS);
    endwin();
    delscreen(scr);
    fclose(null_out);
    fprintf(out, "UI on a generated model: %d tokens, d_model %d, %d heads, causal; a %dx%d terminal\n", N_TOKENS,
            D_MODEL, HEADS, COLS, ROWS);
    fprintf(out, "  first frame        %8.1f ms  (load and run %.1f ms, first draw %.1f ms; CPU time %.1f ms)\n",
            t_first - t0, t_open - t0, t_first - t_open, c_first - c0);
    fprintf(out, "  step (n/p)         %8.2f ms  median key to redraw, %d keys\n", step, STEP_KEYS);
    fprintf(out, "  cursor (hjkl)      %8.2f ms  median key to redraw, %d keys\n", move, MOVE_KEYS);
    ui_state_free(&s);
    lesson_close(&ll);
    remove_model(dir);
    return 0;
}

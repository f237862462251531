/* test_memory.c - what a command that loads a model says it will hold,
 * against what it does hold: the estimate `trace` and `export` print
 * before reading the weights, and the peak resident memory of the same
 * run (getrusage of the child), on model directories of several shapes
 * and a GPT-2-shaped checkpoint; and directories far past the limit
 * (their .npy files declare their shapes but hold no data) refused
 * quickly, with the total, before anything is read. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "support.h"

/* The estimate must be at least this part of the measured peak, and at
 * most this many times it (docs/formats.md, "Memory"). */
#define EST_LOW 0.9
#define EST_HIGH 2.0



/* dir/name: a float32 .npy header for (rows, cols) (cols 0: (rows,)),
 * then its data as zeros (a sparse file, so a large one costs no disk)
 * when `data`, else nothing: a file that declares data it does not hold */
static void put_npy(const char *dir, const char *name, long rows, long cols, bool data) {
    char *p = path_join(dir, name);
    char dict[128];
    if (cols)
        snprintf(dict, sizeof dict, "{'descr': '<f4', 'fortran_order': False, 'shape': (%ld, %ld), }", rows, cols);
    else
        snprintf(dict, sizeof dict, "{'descr': '<f4', 'fortran_order': False, 'shape': (%ld,), }", rows);
    size_t len = strlen(dict), total = (10 + len + 1 + 63) / 64 * 64;
    char header[256];
    memcpy(header, "\x93NUMPY\x01\x00", 8);
    header[8] = (char)((total - 10) & 0xff), header[9] = (char)((total - 10) >> 8);
    memcpy(header + 10, dict, len);
    memset(header + 10 + len, ' ', total - 10 - len - 1);
    header[total - 1] = '\n';
    int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    cr_assert(fd >= 0, "%s", p);
    cr_assert_eq(write(fd, header, total), (ssize_t)total);
    if (data)
        cr_assert_eq(ftruncate(fd, (off_t)(total + (size_t)rows * (size_t)(cols ? cols : 1) * 4)), 0);
    close(fd);
    free(p);
}

/* A model directory: n tokens of width d, `layers` layers of `kind`
 * (attention, encoder, decoder) with `heads` heads and an FFN of ff
 * columns, a decoder's memory of m rows; `data` as for put_npy. */
typedef struct Shape {
    const char *kind;
    int n, d, heads, layers, ff, m;
    bool norm_first, causal;
} Shape;

static char *model_dir(const char *root, const Shape *s, bool data) {
    char *dir = path_join(root, "model");
    cr_assert_eq(mkdir(dir, 0777), 0);
    char config[512];
    bool attention = strcmp(s->kind, "attention") == 0;
    snprintf(config, sizeof config, "{\"heads\": %d, \"causal\": %s, \"layer\": \"%s\"", s->heads,
             s->causal ? "true" : "false", s->kind);
    if (!attention)
        snprintf(config + strlen(config), sizeof config - strlen(config), ", \"norm_first\": %s",
                 s->norm_first ? "true" : "false");
    if (s->layers > 1)
        snprintf(config + strlen(config), sizeof config - strlen(config), ", \"layers\": %d", s->layers);
    strcat(config, "}\n");
    put_text_file(dir, "config.json", config);
    put_npy(dir, "E.npy", s->n, s->d, data);
    if (strcmp(s->kind, "decoder") == 0)
        put_npy(dir, "memory.npy", s->m, s->d, data);
    for (int l = 0; l < s->layers; l++) {
        char sub[32];
        snprintf(sub, sizeof sub, "layer%d", l);
        char *ldir = s->layers > 1 ? path_join(dir, sub) : strdup(dir);
        if (s->layers > 1)
            cr_assert_eq(mkdir(ldir, 0777), 0);
        static const char *const square[] = {"Wq.npy", "Wk.npy", "Wv.npy", "Wo.npy"};
        static const char *const cross[] = {"cross_Wq.npy", "cross_Wk.npy", "cross_Wv.npy", "cross_Wo.npy"};
        for (int k = 0; k < 4; k++) {
            put_npy(ldir, square[k], s->d, s->d, data);
            if (strcmp(s->kind, "decoder") == 0)
                put_npy(ldir, cross[k], s->d, s->d, data);
        }
        if (!attention) {
            put_npy(ldir, "W1.npy", s->d, s->ff, data);
            put_npy(ldir, "W2.npy", s->ff, s->d, data);
        }
        free(ldir);
    }
    return dir;
}

/* The run of attnstep with `argv` (after the binary): its exit status,
 * stderr, peak resident memory (MiB) and seconds taken. */
typedef struct Measured {
    int status;
    char *err;
    double peak_mib, seconds;
} Measured;

static Measured measure(const char *const *args) {
    const char *bin = getenv("ATTNSTEP_BIN");
    cr_assert(bin, "ATTNSTEP_BIN is not set");
    const char *tmpdir = getenv("TMPDIR");
    char epath[1024];
    snprintf(epath, sizeof epath, "%s/attnstep-memory-err-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
    int efd = mkstemp(epath);
    cr_assert(efd >= 0, "%s", epath);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0) {
        const char *argv[16] = {bin};
        int k = 1;
        for (; args[k - 1] && k < 15; k++)
            argv[k] = args[k - 1];
        argv[k] = NULL;
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        dup2(efd, 2);
        execv(bin, (char *const *)(void *)argv);
        _exit(127);
    }
    int status;
    struct rusage ru;
    cr_assert_eq(wait4(pid, &status, 0, &ru), pid);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    close(efd);
    Measured m = {.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status),
                  .err = read_file(epath),
                  .peak_mib = (double)ru.ru_maxrss / 1024.0,
                  .seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9};
    unlink(epath);
    return m;
}

/* "about 140.0 MiB" in what the command said, in MiB; -1 when absent */
static double said_mib(const char *err, const char *after) {
    const char *p = err ? strstr(err, after) : NULL;
    double v;
    char unit[8];
    if (!p || sscanf(p + strlen(after), "%lf %7s", &v, unit) != 2)
        return -1;
    return strncmp(unit, "GiB", 3) == 0 ? v * 1024 : strncmp(unit, "KiB", 3) == 0 ? v / 1024 : v;
}

/* The estimate said before reading agrees with the measured peak. */
static void expect_estimate(const char *const *args) {
    Measured m = measure(args);
    cr_expect_eq(m.status, 0, "%s %s: exit %d: %s", args[0], args[1], m.status, m.err);
    double est = said_mib(m.err, "reading it: about ");
    cr_expect(est > 0, "%s %s said no estimate: %s", args[0], args[1], m.err);
    /* AddressSanitizer's shadow memory and quarantine are no part of what
     * the program holds: under it, only that an estimate was said */
    if (!getenv("ATTNSTEP_SANITIZED"))
        cr_expect(est >= EST_LOW * m.peak_mib && est <= EST_HIGH * m.peak_mib,
                  "%s %s: estimated %.1f MiB, peak %.1f MiB (%.2fx)", args[0], args[1], est, m.peak_mib,
                  est / m.peak_mib);
    free(m.err);
}

static void estimate_case(const Shape *s) {
    char *root = temp_dir(), *dir = model_dir(root, s, true), *out = path_join(root, "out");
    expect_estimate((const char *const[]){"trace", dir, NULL});
    expect_estimate((const char *const[]){"export", dir, out, NULL});
    remove_tree(root);
    free(root), free(dir), free(out);
}

/* a post-LN stack of three encoder layers with a wide FFN: the weights
 * and every layer's activations */
Test(memory, estimate_of_an_encoder_stack) {
    estimate_case(&(Shape){"encoder", 256, 512, 8, 3, 4096, 0, false, true});
}

/* a pre-LN decoder stack: the cross-attention's n x m matrices dominate */
Test(memory, estimate_of_a_decoder_stack) {
    estimate_case(&(Shape){"decoder", 1024, 256, 4, 2, 1024, 1024, true, true});
}

/* one attention layer, 12 heads: the n x n matrices, and export's copies
 * of the heads' columns */
Test(memory, estimate_of_one_attention_layer) {
    estimate_case(&(Shape){"attention", 512, 768, 12, 1, 0, 0, false, true});
}

/* a GPT-2-shaped checkpoint on a long text: the mapped weights, the
 * recorded layer, the other layer's working set, the tokenizer */
Test(memory, estimate_of_a_checkpoint) {
    const char *py = getenv("ATTNSTEP_PYTHON");
    char *root = temp_dir(), *dir = path_join(root, "ckpt"), *out = path_join(root, "out");
    char *make = source_path("tests/make_gpt2_checkpoint.py");
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "'%s' '%s' '%s' --layers 2 --heads 8 --embd 128 --positions 1024 --no-expected",
             py && *py ? py : "python3", make, dir);
    RunResult r = run_shell(cmd);
    cr_assert_eq(r.status, 0, "%s:\n%s", cmd, r.err);
    run_free(&r);
    /* "ab" repeated is two tokens a time: 900 tokens */
    char text[2000] = "";
    for (int k = 0; k < 450; k++)
        strcat(text, k ? " ab" : "ab");
    expect_estimate((const char *const[]){"trace", dir, "--text", text, NULL});
    expect_estimate((const char *const[]){"export", dir, out, "--text", text, NULL});
    remove_tree(root);
    free(root), free(dir), free(out), free(make);
}

/* A directory far past the limit: refused with the total and the limit,
 * in a moment (its files hold no data, so reading any would fail with
 * another message). */
static void expect_refused(const Shape *s, const char *total) {
    char *root = temp_dir(), *dir = model_dir(root, s, false), *out = path_join(root, "out");
    const char *const *runs[] = {(const char *const[]){"trace", dir, NULL},
                                 (const char *const[]){"export", dir, out, NULL},
                                 (const char *const[]){"check", dir, NULL}};
    for (int k = 0; k < 3; k++) {
        Measured m = measure(runs[k]);
        cr_expect_eq(m.status, 2, "%s: exit %d: %s", runs[k][0], m.status, m.err);
        char want[160];
        snprintf(want, sizeof want, "running it would hold about %s in memory", total);
        cr_expect(m.err && strstr(m.err, want) && strstr(m.err, "more than the limit of 8.0 GiB"),
                  "%s: expected '%s' and the limit, got: %s", runs[k][0], want, m.err);
        /* refused before reading: the declared data (tens of GiB) would
         * show in the peak; the sanitizers' own memory is left out */
        if (!getenv("ATTNSTEP_SANITIZED"))
            cr_expect(m.peak_mib < 64, "%s held %.1f MiB before refusing", runs[k][0], m.peak_mib);
        free(m.err);
    }
    struct stat st;
    cr_expect(stat(out, &st) != 0, "export left OUT_DIR behind");
    remove_tree(root);
    free(root), free(dir), free(out);
}

/* 48 layers of width 4096 with an FFN of 16384: 36 GiB of weights */
Test(memory, oversize_weights_are_refused_before_reading) {
    expect_refused(&(Shape){"encoder", 16, 4096, 16, 48, 16384, 0, false, false}, "36.3 GiB");
}

/* 4096 tokens, 256 heads: the n x n matrices of every head */
Test(memory, oversize_activations_are_refused_before_reading) {
    expect_refused(&(Shape){"attention", 4096, 256, 256, 1, 0, 0, false, false}, "48.1 GiB");
}

/* a decoder over a long memory, every layer kept */
Test(memory, oversize_decoder_is_refused_before_reading) {
    expect_refused(&(Shape){"decoder", 4096, 512, 64, 2, 2048, 4096, true, true}, "56.6 GiB");
}

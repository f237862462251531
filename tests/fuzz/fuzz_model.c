/* fuzz_model.c - libFuzzer entry point: the input bytes are a model
 * directory.
 *
 * The input is split at each line "====" into the files config.json,
 * E.npy, Wq.npy, Wk.npy, Wv.npy, Wo.npy, bq.npy, bk.npy, bv.npy, bo.npy,
 * gamma.npy and beta.npy, in that order; files past the last part are
 * absent. They are written to a private directory, which then goes through
 * what `attnstep export` and `attnstep trace DIR` do with it: model_load,
 * the canonical pipeline (attn_run), and the directory opened as a lesson
 * with its trace in all three formats, written to /dev/null. Everything is
 * freed, so LeakSanitizer sees any leak.
 *
 * Build and run with `make fuzz-model` (FUZZ_SECONDS, default 600).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attention/pipeline.h"
#include "engine/kernels.h"
#include "io/model_dir.h"
#include "lang/loader.h"
#include "output/trace.h"
#include "util/utf8.h"

#include "fuzz_init.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *devnull;
static char dir[64];

static const char *const files[] = {"config.json", "E.npy",  "Wq.npy", "Wk.npy",    "Wv.npy",  "Wo.npy",
                                    "bq.npy",      "bk.npy", "bv.npy", "bo.npy", "gamma.npy", "beta.npy"};
#define NFILES (sizeof files / sizeof files[0])

static void path_of(char *path, size_t size, size_t k) { snprintf(path, size, "%s/%s", dir, files[k]); }

static void remove_dir(void) {
    for (size_t k = 0; k < NFILES; k++) {
        char path[128];
        path_of(path, sizeof path, k);
        unlink(path);
    }
    rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc, (void)argv;
    devnull = fuzz_init("fuzz_model");
    snprintf(dir, sizeof dir, "/tmp/fuzz_model.XXXXXX");
    if (!mkdtemp(dir))
        abort();
    atexit(remove_dir);
    return 0;
}

/* the first `needle` in [p, end), or NULL (memmem is not standard C) */
static const uint8_t *find(const uint8_t *p, const uint8_t *end, const char *needle, size_t n) {
    for (; (size_t)(end - p) >= n; p++)
        if (memcmp(p, needle, n) == 0)
            return p;
    return NULL;
}

/* the parts of the input, one file each; the rest removed */
static void write_files(const uint8_t *data, size_t size) {
    static const char sep[] = "\n====\n";
    const uint8_t *p = data, *end = data + size;
    for (size_t k = 0; k < NFILES; k++) {
        char path[128];
        path_of(path, sizeof path, k);
        unlink(path);
        if (!p)
            continue;
        const uint8_t *cut = find(p, end, sep, sizeof sep - 1);
        size_t n = cut ? (size_t)(cut - p) : (size_t)(end - p);
        FILE *f = fopen(path, "wb");
        if (!f)
            abort();
        bool written = n == 0 || fwrite(p, 1, n, f) == n;
        if (fclose(f) != 0 || !written)
            abort();
        p = cut ? cut + sizeof sep - 1 : NULL;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    write_files(data, size);
    Model model;
    Error err;
    if (model_load(dir, &model, &err)) {
        MatrixList out = {0};
        attn_run(&model.w, &model.cfg, &out, &err);
        mlist_free(&out);
        model_free(&model);
    }
    LoadedLesson ll;
    if (lesson_open(dir, NULL, &ll, &err)) {
        fuzz_trace_all(devnull, &ll);
    } else {
        diag_print(devnull, &ll.src, &ll.diags, false);
    }
    lesson_close(&ll);
    return 0;
}

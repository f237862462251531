/* Golden tests: every lesson in tests/golden/ through `attnstep trace`
 * (text, md and json), and every lesson in tests/errors/ through
 * `attnstep check`, compared with the checked-in expected output next to
 * it (NAME.trace, NAME.md, NAME.json; NAME.err). The scalar kernels are
 * forced so the printed digits are the same on every machine.
 *
 * After a deliberate change, regenerate with
 *     ATTNSTEP_UPDATE_GOLDEN=1 make test
 * and review the diff. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

static void write_all(const char *path, const char *text) {
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f, "cannot write %s", path);
    fputs(text, f);
    fclose(f);
}

/* compare `got` with the file `expected_path`, or write it in update mode */
static void compare(const char *expected_path, const char *got, const char *what) {
    const char *update = getenv("ATTNSTEP_UPDATE_GOLDEN");
    if (update && *update) {
        write_all(expected_path, got);
        return;
    }
    char *want = read_file(expected_path);
    cr_assert_not_null(want, "%s is missing: run ATTNSTEP_UPDATE_GOLDEN=1 make test", expected_path);
    if (strcmp(want, got) != 0) {
        /* report the first differing line */
        const char *w = want, *g = got;
        int line = 1;
        while (*w && *w == *g) {
            if (*w == '\n')
                line++;
            w++, g++;
        }
        const char *wl = w, *gl = g;
        while (wl > want && wl[-1] != '\n')
            wl--;
        while (gl > got && gl[-1] != '\n')
            gl--;
        cr_expect_fail("%s differs from %s at line %d:\n  want: %.*s\n  got:  %.*s", what, expected_path, line,
                       (int)strcspn(wl, "\n"), wl, (int)strcspn(gl, "\n"), gl);
    }
    free(want);
}

typedef void (*EachFn)(const char *dir, const char *name);

static int each_lesson(const char *rel, EachFn fn) {
    char *dir = source_path(rel);
    DIR *d = opendir(dir);
    cr_assert_not_null(d, "cannot open %s", dir);
    struct dirent *e;
    char *names[256];
    int n = 0;
    while ((e = readdir(d)) && n < 256) {
        size_t len = strlen(e->d_name);
        if (len > 7 && strcmp(e->d_name + len - 7, ".lesson") == 0)
            names[n++] = strndup(e->d_name, len - 7);
    }
    closedir(d);
    for (int k = 0; k < n; k++) {
        fn(dir, names[k]);
        free(names[k]);
    }
    free(dir);
    return n;
}

/* The snapshots cannot catch a number that was wrong when they were
 * taken; the lessons' `expect` lines can: their values come from
 * tests/golden/expected_values.py, independent arithmetic. Every golden
 * lesson has some, and every one passes except those marked "fails on
 * purpose" (they show a diagnosis). */
static void expects_hold(const char *lesson, const char *json) {
    const char *ex = strstr(json, "\"expects\":");
    int total = -1, failed = -1;
    cr_assert(ex && sscanf(ex, "\"expects\": {\n\t\t\"total\": %d,\n\t\t\"failed\": %d", &total, &failed) == 2,
              "%s: no expects summary in the JSON trace", lesson);
    char *text = read_file(lesson);
    cr_assert_not_null(text);
    int on_purpose = 0;
    for (const char *p = strstr(text, "fails on purpose"); p; p = strstr(p + 1, "fails on purpose"))
        on_purpose++;
    free(text);
    cr_expect_gt(total - on_purpose, 0, "%s: no expect checks a number", lesson);
    cr_expect_eq(failed, on_purpose, "%s: %d expects failed, %d on purpose", lesson, failed, on_purpose);
}

static void golden_one(const char *dir, const char *name) {
    static const char *const formats[] = {"text", "md", "json"};
    static const char *const exts[] = {"trace", "md", "json"};
    char lesson[1024], expected[1024];
    snprintf(lesson, sizeof lesson, "%s/%s.lesson", dir, name);
    for (int f = 0; f < 3; f++) {
        RunResult r = RUN("--simd", "scalar", "trace", lesson, "--format", formats[f]);
        cr_expect_eq(r.status, 0, "trace %s exited %d: %s", lesson, r.status, r.err);
        snprintf(expected, sizeof expected, "%s/%s.%s", dir, name, exts[f]);
        compare(expected, r.out, lesson);
        if (f == 2)
            expects_hold(lesson, r.out);
        run_free(&r);
    }
}

static void error_one(const char *dir, const char *name) {
    char lesson[1024], expected[1024];
    snprintf(lesson, sizeof lesson, "%s/%s.lesson", dir, name);
    /* run from the folder, so messages carry the short relative name */
    char cmd[2048];
    const char *bin = getenv("ATTNSTEP_BIN");
    snprintf(cmd, sizeof cmd, "cd '%s' && '%s' --simd scalar check '%s.lesson'", dir, bin ? bin : "attnstep", name);
    RunResult r = run_shell(cmd);
    cr_expect_eq(r.status, 2, "%s exited %d, not 2", lesson, r.status);
    cr_expect_str_empty(r.out, "%s printed to stdout: %s", lesson, r.out);
    snprintf(expected, sizeof expected, "%s/%s.err", dir, name);
    compare(expected, r.err, lesson);
    run_free(&r);
}

Test(golden, traces) { cr_expect_gt(each_lesson("tests/golden", golden_one), 3); }

Test(golden, errors) { cr_expect_gt(each_lesson("tests/errors", error_one), 10); }

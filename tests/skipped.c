/* skipped.c - the run's account of what it skipped.
 *
 * A test that cannot run here (PyTorch or the npm registry is not there)
 * calls cr_skip_test with the reason, and nothing else. It must not log the
 * reason with cr_log_warn: Criterion 2.4 counts every warning a test logs
 * (core/client.c, handle_message: ++gstats->warnings) and the run then
 * fails (core/runner.c: ok = failed == 0 && errors == 0 && warnings == 0,
 * unless --ignore-warnings), so a machine without the optional tool saw
 * "Failing: 0" and a failing `make test`. And Criterion prints a skip's
 * reason only with --verbose.
 *
 * So these report hooks, which run in the runner process, collect each
 * skipped test and its reason, and print them once, grouped (one line for
 * the cases of a parameterized test, one for the tests of a suite skipped
 * for the same reason), just before the
 * synthesis line, followed by the plain count line "N passed, N failed,
 * N skipped". */
#include <criterion/criterion.h>
#include <criterion/hooks.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define MAX_GROUPS 64

typedef struct SkipGroup {
    char suite[80], test[80];  /* the suite, and its first skipped test */
    char reason[400];          /* the first line of the reason */
    int cases;                 /* skipped cases (a parameterized test has several) */
    bool several;              /* more than one test of the suite */
} SkipGroup;

static SkipGroup groups[MAX_GROUPS];
static int ngroups, nlost, nskipped;

/* copy_line: the first line of `s` into dst (cut to its size). */
static void copy_line(char *dst, size_t size, const char *s) {
    size_t n = strcspn(s ? s : "", "\n");
    if (n >= size)
        n = size - 1;
    memcpy(dst, s ? s : "", n);
    dst[n] = '\0';
}

ReportHook(POST_TEST)(struct criterion_test_stats *stats) {
    if (stats->test_status != CR_STATUS_SKIPPED)
        return;
    nskipped++;
    const char *suite = stats->test->category, *test = stats->test->name;
    char reason[400];
    copy_line(reason, sizeof reason, stats->message && *stats->message ? stats->message : "(no reason given)");
    for (int g = 0; g < ngroups; g++)
        if (!strcmp(groups[g].suite, suite) && !strcmp(groups[g].reason, reason)) {
            groups[g].cases++;
            groups[g].several |= strcmp(groups[g].test, test) != 0;
            return;
        }
    if (ngroups == MAX_GROUPS) {
        nlost++;
        return;
    }
    SkipGroup *g = &groups[ngroups++];
    snprintf(g->suite, sizeof g->suite, "%s", suite);
    snprintf(g->test, sizeof g->test, "%s", test);
    snprintf(g->reason, sizeof g->reason, "%s", reason);
    g->cases = 1;
    g->several = false;
}

/* One line a suite and reason: "suite::test: why", "suite::test (8
 * cases): why", or "suite (13 tests): why". */
ReportHook(POST_ALL)(struct criterion_global_stats *stats) {
    for (int g = 0; g < ngroups; g++) {
        const SkipGroup *k = &groups[g];
        if (k->several)
            fprintf(stderr, "[SKIP] %s (%d tests): %s\n", k->suite, k->cases, k->reason);
        else if (k->cases > 1)
            fprintf(stderr, "[SKIP] %s::%s (%d cases): %s\n", k->suite, k->test, k->cases, k->reason);
        else
            fprintf(stderr, "[SKIP] %s::%s: %s\n", k->suite, k->test, k->reason);
    }
    if (nlost)
        fprintf(stderr, "[SKIP] and %d more skipped tests\n", nlost);
    /* tests_failed counts the crashed ones too; tests_skipped counts those
     * left out by --filter as well, so the skips are counted here */
    fprintf(stderr, "%zu passed, %zu failed, %d skipped\n", stats->tests_passed, stats->tests_failed, nskipped);
}

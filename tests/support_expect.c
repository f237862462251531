/* support_expect.c - the Criterion side of support.h: checking a run of
 * the binary (kept apart from support.c, which the cross-built kernel
 * self-test uses without Criterion). */
#include <criterion/criterion.h>
#include <string.h>

#include "support.h"

void expect_output(RunResult r, int status, const char *out, const char *err) {
    cr_expect_eq(r.status, status, "status %d, want %d\nstdout: %s\nstderr: %s", r.status, status, r.out, r.err);
    if (out)
        cr_expect(strstr(r.out, out) != NULL, "stdout lacks '%s':\n%s", out, r.out);
    if (err)
        cr_expect(strstr(r.err, err) != NULL, "stderr lacks '%s':\n%s", err, r.err);
    run_free(&r);
}

/* kernel_selftest.c - the kernel tests without Criterion, for builds where
 * it is not available (the aarch64 build run under qemu-user by
 * `make test-aarch64`).
 *
 * Runs the same checks as the Criterion suite (tests/kernel_checks.c):
 * every kernel of every runnable SIMD set against the scalar reference,
 * then the numeric specification on the scalar set and each runnable SIMD
 * set. Prints one line per check, then exactly "N passed, M failed", and
 * exits 1 when anything failed (or when no SIMD set could be tested).
 */
#include <stdio.h>
#include <string.h>

#include "engine/kernels.h"
#include "kernel_checks.h"

static int passed, failed;

static void report(const char *setname, const char *check, const KcResult *r) {
    if (r->failures == 0 && r->checked > 0) {
        passed++;
        printf("ok    %-7s %-36s %ld values", setname, check, r->checked);
        if (r->worst > 0)
            printf(", worst %.3f of tolerance", r->worst);
        printf("\n");
        return;
    }
    failed++;
    printf("FAIL  %-7s %-36s %ld of %ld values failed\n", setname, check, r->failures, r->checked);
    /* the recorded failures, indented */
    const char *p = r->msg;
    while (*p) {
        const char *nl = strchr(p, '\n');
        int len = nl ? (int)(nl - p) : (int)strlen(p);
        printf("        %.*s\n", len, p);
        p += len + (nl != NULL);
    }
}

static void run(const KernelSet *ks, const char *check, KcCheckFn fn) {
    KcResult r = {0};
    fn(&r, ks);
    report(ks->name, check, &r);
}

int main(void) {
    const KernelSet *const *sets = kernels_compiled();
    printf("kernel sets compiled in:");
    for (int i = 0; sets[i]; i++)
        printf(" %s%s", sets[i]->name, kernels_cpu_supports(sets[i]->name) ? "" : " (cannot run here)");
    printf("\n");

    /* comparisons: each runnable SIMD set against the reference */
    int simd_sets = 0;
    for (int i = 0; sets[i]; i++) {
        const KernelSet *ks = sets[i];
        if (ks == &kernels_scalar)
            continue;
        if (!kernels_cpu_supports(ks->name)) {
            printf("skip  %-7s compiled in, but this CPU cannot run it\n", ks->name);
            continue;
        }
        simd_sets++;
#define RUN_CMP(set, kernel) run(set, "compare " #kernel, kc_cmp_##kernel);
        KC_COMPARISONS(RUN_CMP, ks)
#undef RUN_CMP
    }
    if (simd_sets == 0) {
        failed++;
        printf("FAIL  no SIMD set compiled in and runnable: only the reference was tested\n");
    } else {
        passed++;
        printf("ok    %d SIMD set(s) compared with the reference\n", simd_sets);
    }

    /* the numeric specification on every runnable set, the reference too */
    for (int i = 0; sets[i]; i++) {
        const KernelSet *ks = sets[i];
        if (!kernels_cpu_supports(ks->name))
            continue;
#define RUN_NUM(chk) run(ks, #chk, kc_num_##chk);
        KC_NUMERICS_PER_SET(RUN_NUM)
#undef RUN_NUM
    }
#define RUN_ONCE(chk)                                                                            \
    {                                                                                            \
        KcResult r = {0};                                                                        \
        kc_num_##chk(&r, &kernels_scalar);                                                       \
        report("data", #chk, &r);                                                                \
    }
    KC_NUMERICS_ONCE(RUN_ONCE)
#undef RUN_ONCE

    /* known issues: run for information, not counted */
    for (int i = 0; sets[i]; i++) {
        const KernelSet *ks = sets[i];
        if (!kernels_cpu_supports(ks->name))
            continue;
#define RUN_KNOWN(chk, reason)                                                                   \
    {                                                                                            \
        KcResult r = {0};                                                                        \
        kc_num_##chk(&r, ks);                                                                    \
        printf("known %-7s %-36s %s (not counted)\n", ks->name, #chk,                           \
               r.failures ? "fails, as documented" : "passes on this set");             \
    }
        KC_NUMERICS_KNOWN_ISSUES(RUN_KNOWN)
#undef RUN_KNOWN
    }

    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}

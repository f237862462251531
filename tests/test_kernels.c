/* test_kernels.c - every kernel of every SIMD set compiled into this build,
 * against the scalar reference, on odd shapes and strided views, under the
 * tolerance policy written in kernel_checks.c and docs/engine.md.
 *
 * One test per set and kernel (kernels_avx2::matmul, ...). A set that this
 * build does not have, or that this CPU cannot run, is skipped with the
 * reason; it is not a failure. The comparisons themselves live in
 * kernel_checks.c, shared with the standalone self-test (tests/cross/).
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "engine/kernels.h"
#include "kernel_checks.h"

/* The SIMD sets with tests here. every_compiled_set_is_tested fails when a
 * build has a set missing from this list. */
static const char *const tested_sets[] = {"avx512", "avx2", "neon", "avx512-emulated"};
#define NTESTED ((int)(sizeof tested_sets / sizeof tested_sets[0]))

static void compare(const char *setname, KcCheckFn check) {
    const KernelSet *ks = kc_set_compiled(setname);
    if (!ks)
        cr_skip_test("the %s set is not compiled into this build", setname);
    if (!kernels_cpu_supports(setname))
        cr_skip_test("the %s set is compiled in, but this CPU cannot run it: not tested here",
                     setname);
    char name[64];
    kc_set_label(name, sizeof name, ks);
    KcResult r = {0};
    check(&r, ks);
    cr_log_info("%s: %ld values compared, worst error %.3f of its tolerance", name, r.checked,
                r.worst);
    cr_expect(r.checked > 0, "%s: nothing was compared", name);
    cr_expect(r.failures == 0, "%s: %ld of %ld values outside the tolerance policy:\n%s", name,
              r.failures, r.checked, r.msg);
}

#define KERNEL_TEST(set, kernel)                                                                 \
    Test(kernels_##set, kernel) { compare(#set, kc_cmp_##kernel); }

/* avx512 (emulated): the avx512 kernels through SIMDe, on any x86-64 CPU
 * with AVX2, so the avx512 source is tested where AVX-512 is missing too */
#define EMULATED_TEST(set, kernel)                                                               \
    Test(kernels_##set##_emulated, kernel) { compare(#set "-emulated", kc_cmp_##kernel); }

KC_COMPARISONS(KERNEL_TEST, avx512)
KC_COMPARISONS(EMULATED_TEST, avx512)
KC_COMPARISONS(KERNEL_TEST, avx2)
KC_COMPARISONS(KERNEL_TEST, neon)

Test(kernels, every_compiled_set_is_tested) {
    const KernelSet *const *sets = kernels_compiled();
    bool has_scalar = false;
    for (int i = 0; sets[i]; i++) {
        if (strcmp(sets[i]->name, "scalar") == 0) {
            has_scalar = true;
            continue;
        }
        bool tested = false;
        for (int t = 0; t < NTESTED; t++)
            tested |= strcmp(sets[i]->name, tested_sets[t]) == 0;
        cr_expect(tested, "the %s set is compiled in but has no tests in test_kernels.c",
                  sets[i]->name);
    }
    cr_expect(has_scalar, "the scalar reference is not in kernels_compiled()");
}

Test(kernels, every_set_is_complete) {
    const KernelSet *const *sets = kernels_compiled();
    for (int i = 0; sets[i]; i++) {
        const KernelSet *k = sets[i];
        cr_expect(k->name && k->matmul && k->matmul_bt && k->matmul_scratch && k->matmul_many && k->packed_floats && k->pack && k->matmul_packed &&
                      k->add && k->add_row && k->scale &&
                      k->softmax_rows && k->scale_mask_softmax_rows && k->keep_rows && k->layernorm_rows &&
                      k->rmsnorm_rows && k->silu_gate &&
                      k->all_finite,
                  "the %s set lacks a kernel", k->name ? k->name : "(unnamed)");
    }
}

/* --- dispatch: which set runs ------------------------------------------------- */

Test(kernels_dispatch, best_set_is_runnable) {
    const KernelSet *best = kernels_best();
    cr_assert_not_null(best);
    cr_expect(kernels_cpu_supports(best->name), "kernels_best() chose %s, which cannot run",
              best->name);
}

Test(kernels_dispatch, forced_scalar_wins_over_the_environment) {
    Error err;
    setenv("ATTNSTEP_SIMD", "no-such-set", 1);
    cr_assert(engine_init("scalar", &err), "%s", err.msg);
    cr_expect_eq(engine_kernels(), &kernels_scalar);
}

Test(kernels_dispatch, environment_chooses_the_set) {
    Error err;
    setenv("ATTNSTEP_SIMD", "scalar", 1);
    cr_assert(engine_init(NULL, &err), "%s", err.msg);
    cr_expect_eq(engine_kernels(), &kernels_scalar);
    setenv("ATTNSTEP_SIMD", "auto", 1);
    cr_assert(engine_init(NULL, &err), "%s", err.msg);
    cr_expect_eq(engine_kernels(), kernels_best());
    unsetenv("ATTNSTEP_SIMD");
    cr_assert(engine_init(NULL, &err), "%s", err.msg);
    cr_expect_eq(engine_kernels(), kernels_best());
}

Test(kernels_dispatch, unknown_set_is_an_error_naming_the_choices) {
    Error err;
    unsetenv("ATTNSTEP_SIMD");
    cr_expect_not(engine_init("sse9", &err));
    cr_expect(strstr(err.msg, "sse9") && strstr(err.msg, "scalar"), "%s", err.msg);
    setenv("ATTNSTEP_SIMD", "sse9", 1);
    cr_expect_not(engine_init(NULL, &err));
    cr_expect(strstr(err.msg, "ATTNSTEP_SIMD") != NULL, "%s", err.msg);
}

Test(kernels_dispatch, unrunnable_set_is_refused) {
    const KernelSet *const *sets = kernels_compiled();
    for (int i = 0; sets[i]; i++) {
        if (kernels_cpu_supports(sets[i]->name))
            continue;
        Error err;
        cr_expect_null(kernels_find(sets[i]->name, &err));
        cr_expect(strstr(err.msg, "does not support") != NULL, "%s", err.msg);
    }
}

Test(kernels_dispatch, emulated_set_only_by_name) {
    const KernelSet *emul = kc_set_compiled("avx512-emulated");
    if (!emul)
        cr_skip_test("this build has no avx512 (emulated) set");
    cr_expect_str_eq(emul->emulates, "avx512");
    cr_expect_neq(kernels_best(), emul, "kernels_best() chose the emulated set");
    if (!kernels_cpu_supports("avx512-emulated"))
        cr_skip_test("this CPU has no AVX2: the emulated set cannot run");
    Error err;
    unsetenv("ATTNSTEP_SIMD");
    cr_assert(engine_init("avx512-emulated", &err), "%s", err.msg);
    cr_expect_eq(engine_kernels(), emul);
    cr_assert(engine_init(NULL, &err), "%s", err.msg);
}

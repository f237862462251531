/* test_numerics.c - the numeric specification of the kernels: known
 * values, the layer-norm and softmax conventions and every edge case, on
 * the scalar reference and on each SIMD set this CPU can run.
 *
 * The checks live in kernel_checks.c (shared with the standalone
 * self-test); the comment on each kc_num_<name> there says where its
 * expected numbers come from. One test per check here, named after it.
 */
#include <criterion/criterion.h>

#include "engine/kernels.h"
#include "kernel_checks.h"

static void report(const char *setname, const KcResult *r) {
    cr_expect(r->checked > 0, "%s: nothing was checked", setname);
    cr_expect(r->failures == 0, "on the %s set, %ld of %ld checks failed:\n%s", setname,
              r->failures, r->checked, r->msg);
}

/* The scalar set and every compiled set the CPU supports, avx512 (emulated)
 * included. */
static void on_every_set(KcCheckFn check) {
    const KernelSet *const *sets = kernels_compiled();
    for (int i = 0; sets[i]; i++) {
        if (!kernels_cpu_supports(sets[i]->name)) {
            continue;
        }
        KcResult r = {0};
        check(&r, sets[i]);
        char name[64];
        kc_set_label(name, sizeof name, sets[i]);
        report(name, &r);
    }
}

/* Data movement has one implementation for every set. */
static void once(KcCheckFn check) {
    KcResult r = {0};
    check(&r, &kernels_scalar);
    report("data-movement", &r);
}

#define PER_SET_TEST(name)                                                                       \
    Test(numerics, name) { on_every_set(kc_num_##name); }
#define ONCE_TEST(name)                                                                          \
    Test(numerics, name) { once(kc_num_##name); }
#define KNOWN_ISSUE_TEST(name, reason)                                                           \
    Test(numerics, name, .disabled = true, .description = "known issue: " reason) {              \
        on_every_set(kc_num_##name);                                                             \
    }

KC_NUMERICS_PER_SET(PER_SET_TEST)
KC_NUMERICS_ONCE(ONCE_TEST)
KC_NUMERICS_KNOWN_ISSUES(KNOWN_ISSUE_TEST)

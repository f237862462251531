/* kernel_checks.h - the engine's kernel tests as plain C, shared by the
 * Criterion suite (test_kernels.c, test_numerics.c) and by the standalone
 * self-test (cross/kernel_selftest.c) that runs where Criterion is not
 * available, such as an aarch64 build under qemu-user.
 *
 * Two families of checks, each a function of one kernel set:
 *
 *   comparisons  one kernel of a SIMD set against kernels_scalar, on a sweep
 *                of odd shapes, owned matrices and strided column views,
 *                under the tolerance policy written at the top of
 *                kernel_checks.c (and in docs/engine.md);
 *   numerics     the numeric specification: known values and edge cases,
 *                for any set, the scalar reference included. A few checks
 *                do not depend on the set (data movement): run them once.
 *
 * A check never stops early: it records every failure in a KcResult, whose
 * message keeps the first few for the report.
 */
#ifndef ATTNSTEP_TEST_KERNEL_CHECKS_H
#define ATTNSTEP_TEST_KERNEL_CHECKS_H

#include <stdbool.h>

#include "engine/kernels.h"

typedef struct KcResult {
    long checked;   /* values (or properties) examined */
    long failures;  /* how many of them failed */
    double worst;   /* largest |error| / tolerance among toleranced values */
    char msg[1536]; /* the first KC_MAX_REPORTED failures, one per line */
} KcResult;

#define KC_MAX_REPORTED 6

typedef void (*KcCheckFn)(KcResult *r, const KernelSet *ks);

/* kc_fail: record one failure (the message describes it, without newline). */
void kc_fail(KcResult *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* kc_set_compiled: the compiled-in set called `name`, runnable here or not;
 * NULL when this build does not have it. */
const KernelSet *kc_set_compiled(const char *name);

/* kc_set_label: the set's name for reports: "avx2", or "avx512 (emulated)"
 * for a set that emulates another. */
void kc_set_label(char *buf, int size, const KernelSet *ks);

/* The comparisons, one per kernel of KernelSet: X(arg, kernel) for each.
 * kc_cmp_<kernel>(r, ks) compares ks-><kernel> with kernels_scalar. */
#define KC_COMPARISONS(X, arg)                                                                   \
    X(arg, matmul) X(arg, matmul_bt) X(arg, matmul_packed) X(arg, matmul_scratch)               \
        X(arg, matmul_many) X(arg, add) X(arg, add_row) X(arg, scale)                            \
        X(arg, softmax_rows) X(arg, scale_mask_softmax_rows) X(arg, keep_rows)                    \
            X(arg, layernorm_rows) X(arg, rmsnorm_rows) X(arg, silu_gate) X(arg, all_finite)

/* The numeric checks that depend on the kernel set: X(name) for each.
 * kc_num_<name>(r, ks) checks ks against the specification. */
#define KC_NUMERICS_PER_SET(X)                                                                   \
    X(layernorm_1234_population)                                                                 \
    X(layernorm_1234_sample)                                                                     \
    X(layernorm_eps_inside_outside)                                                              \
    X(layernorm_gamma_beta)                                                                      \
    X(layernorm_constant_row)                                                                    \
    X(layernorm_single_column)                                                                   \
    X(layernorm_nan_row)                                                                         \
    X(softmax_1234)                                                                              \
    X(softmax_huge_values)                                                                       \
    X(softmax_all_masked)                                                                        \
    X(softmax_partly_masked)                                                                     \
    X(softmax_pos_inf)                                                                           \
    X(softmax_nan)                                                                               \
    X(softmax_rows_sum_to_one)                                                                   \
    X(softmax_after_causal_mask)                                                                 \
    X(matmul_known)                                                                              \
    X(elementwise_known)                                                                         \
    X(layernorm_constant_row_inexact_mean)                                                       \
    X(softmax_rows_sum_to_one_1000)                                                              \
    X(rmsnorm_1234)                                                                              \
    X(rmsnorm_zero_and_constant_rows)                                                            \
    X(rmsnorm_nan_row)                                                                           \
    X(silu_known)

/* The numeric checks of the set-independent data-movement kernels
 * (the `ks` argument is ignored). */
#define KC_NUMERICS_ONCE(X) X(causal_mask) X(transpose) X(copy_put_cols)

/* Checks of the specification that the current code is known not to meet:
 * X(name, reason). They are compiled and can be run by hand, but the suites
 * report them as disabled or skipped rather than failing. */
#define KC_NUMERICS_KNOWN_ISSUES(X) /* none at present */

#define KC_DECLARE_CMP(arg, kernel) void kc_cmp_##kernel(KcResult *r, const KernelSet *ks);
#define KC_DECLARE_NUM(name) void kc_num_##name(KcResult *r, const KernelSet *ks);
#define KC_DECLARE_NUM2(name, reason) void kc_num_##name(KcResult *r, const KernelSet *ks);
KC_COMPARISONS(KC_DECLARE_CMP, _)
KC_NUMERICS_PER_SET(KC_DECLARE_NUM)
KC_NUMERICS_ONCE(KC_DECLARE_NUM)
KC_NUMERICS_KNOWN_ISSUES(KC_DECLARE_NUM2)
#undef KC_DECLARE_CMP
#undef KC_DECLARE_NUM
#undef KC_DECLARE_NUM2

#endif

/* The checker of explanations' arithmetic (arith_check.c) on equations
 * worked out by hand: those that hold at their digits pass, those that do
 * not fail, "≈" passes only where "=" is false and the rounding of the
 * printed numbers explains the difference, and what is not arithmetic
 * (names, sums with "…", words) is not counted. */
#include <criterion/criterion.h>

#include "arith_check.h"

TestSuite(arith_check);

/* one line through the checker: its counts */
static ArithStats checked(const char *line) {
    ArithStats st = {0};
    arith_check_text(&st, line, "hand");
    return st;
}

static void passes(const char *line, long equations) {
    ArithStats st = checked(line);
    cr_expect_eq(st.checked, equations, "%s: %ld equations worked out, not %ld", line, st.checked, equations);
    cr_expect_eq(st.failed, 0, "%s: fails:\n%s", line, st.first);
}

static void fails(const char *line) {
    ArithStats st = checked(line);
    cr_expect_eq(st.checked, 1, "%s: %ld equations worked out, not 1", line, st.checked);
    cr_expect_eq(st.failed, 1, "%s: passes", line);
}

/* 1.0000 + 0.6519 is 1.6519, half a unit is 0.00005: = is false; the
 * sum of the unrounded numbers lies in [1.65175, 1.65195] */
Test(arith_check, a_sum_of_rounded_cells) {
    fails("R[2][0] = X[2][0] + O[2][0] = 1.0000 + 0.6519 = 1.6518");
    passes("R[2][0] = X[2][0] + O[2][0] = 1.0000 + 0.6519 ≈ 1.6518", 1);
    passes("1.0000 + 0.6519 = 1.6519", 1);
    fails("1.0000 + 0.6519 ≈ 1.6519"); /* = holds */
    fails("1.0000 + 0.6519 ≈ 1.6530"); /* past 1.65195 + 0.00005 */
    cr_expect_eq(checked("1.0000 + 0.6519 ≈ 1.6518").approx, 1);
}

/* 0.50 − 0.25 = 0.25; an ASCII '-' is a sign, U+2212 a subtraction */
Test(arith_check, signs_and_products) {
    passes("0.50×1.00 + (-1.00)×0.25 = 0.25", 1);
    fails("0.50×1.00 + (-1.00)×0.25 ≈ 0.25");
    passes("0.50·1.00 − 1.00*0.25 = 0.25", 1);
    passes("-0.50 × -0.50 = 0.25", 1);
    fails("0.50×1.00 + (-1.00)×0.25 = -0.25");
    /* 2 × 3 = 6 exactly; the unrounded product is in [5.975, 6.025] */
    passes("2.00 × 3.00 ≈ 6.02", 1);
    fails("2.00 × 3.00 ≈ 6.04");
}

/* a chain: each relation joins the parts on its sides; √2 = 1.41421…,
 * -0.50 / 1.41421 = -0.35355 */
Test(arith_check, a_chain_of_equations) {
    passes("T[0][1] = S[0][1] / √d_k = -0.50 / √2 = -0.35", 1);
    fails("T[0][1] = S[0][1] / √d_k = -0.50 / √2 = -0.36");
    passes("d_k = 4, √4 = 2.0000: dividing keeps the spread", 1);
    fails("d_k = 4, √4 = 2.0001: dividing keeps the spread");
    passes("A[0][0] = exp(0.18 − 1.8) / Σ = 0.20 / 0.80 = 0.25", 1);
}

/* exp(-1.62) = 0.19790, tanh(0.24) = 0.23550, sin(1) = 0.84147,
 * (-1)² + 2³ = 9, 3·10000^(-1/2) = 0.03, max(-0.5, 0) = 0 */
Test(arith_check, functions_and_powers) {
    passes("  exp(0.18 − 1.8) = 0.20", 1);
    passes("  exp(-inf − 1.41) = 0.00   ← this cell", 1);
    passes("H[0][0] = 0.5·F[0][0]·(1 + tanh(√(2/π)·F[0][0])) = 0.5·0.30·(1 + tanh(0.24)) = 0.19", 1);
    fails("0.5·0.30·(1 + tanh(0.24)) = 0.18");
    passes("P[1][0] = sin(1 / 10000^(0/4)) = sin(1.00) = 0.84", 1);
    passes("(-1.00)² + 2.00³ = 9.00", 1);
    passes("Position 3, pair m = 1 (columns 2 and 3): θ = 3·10000^(−2/4) = 0.03 rad.", 1);
    passes("H[0][1] = max(F[0][1], 0) = max(-0.50, 0) = 0.00", 1);
    fails("max(-0.50, 0) = -0.50");
    fails("cos(3.14) ≈ -1.00"); /* -0.9999987: = holds */
}

/* Chinese punctuation around the arithmetic */
Test(arith_check, chinese_text) {
    passes("ε = 1e-05 加在根号内：√(σ² + ε) = √(4.0000 + 1e-05) = 2.0000。", 1);
    fails("ε = 1e-05 加在根号内：√(σ² + ε) = √(4.0000 + 1e-05) = 2.0001。");
    passes("均值 μ = (1.00 + 2.00 + 3.00) / 3 = 2.00", 1);
}

/* not arithmetic: names, a sum with its middle left out, words */
Test(arith_check, what_is_not_arithmetic) {
    passes("W_Q[0][1] = 0.4138", 0);
    passes("Σ = 0.10 + 0.20 + … + 0.30 = 0.70", 0);
    passes("The variance divides by d − 1 = 3 (the sample variance).", 0);
    passes("Head 1 takes columns 2–3 of Q (d_k = 2): its column 1 is column 3 of Q.", 0);
    passes("Query head 3 reads K head 1 = ⌊3 / 2⌋ (grouped-query attention)", 0);
    passes("1.0000 + 0.6519 = 1.6518 + x", 0);
}

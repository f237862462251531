/* arith_check.h - the arithmetic an explanation shows, done again by the
 * tests from the numbers as printed (independently of attnstep's code),
 * under the rule of docs/ui.md:
 *
 *   EXPR = NUMBER  holds at the digits shown: EXPR worked out exactly from
 *                  its printed numbers, rounded to NUMBER's decimals, is
 *                  NUMBER (within half a unit in its last place);
 *   EXPR ≈ NUMBER  does not hold so, but only because its numbers are
 *                  rounded: within half a unit in the last place of each
 *                  printed number of EXPR, propagated, plus half a unit of
 *                  NUMBER's.
 *
 * EXPR is numbers, + − - × · * / ^ ( ) √ ² ³ π inf and exp log sin cos
 * tanh erf abs max min; NUMBER is a number (with its sign) that no
 * operator carries on. EXPR is the longest such arithmetic that ends at
 * the relation and starts after the previous relation, a comma, a mark
 * or a word ("d_k = 4, √4 = 2.0000"; "…: √(8.36 + 1e-05) = 2.89"), but
 * not after an operator or "…" (a sum with its middle left out) and not
 * with a minus after a word ("d − 1 = 3" is a subtraction); anything else
 * (names such as μ or Q[0][1]) is not arithmetic and is skipped. A number
 * with a decimal point was rounded to its last place; one without (a count,
 * a size, the 0.5 and 1 of a formula, ε = 1e-05) is taken as exact to
 * the six significant digits of %g, as explanations at 2 digits or more
 * print every rounded number with decimals. A line is read whole, so the
 * caller gives explanations written wide enough not to wrap. */
#ifndef ATTNSTEP_TEST_ARITH_CHECK_H
#define ATTNSTEP_TEST_ARITH_CHECK_H

#include <stdbool.h>

typedef struct ArithStats {
    long checked;  /* equations worked out */
    long approx;   /* of them, written with ≈ */
    long failed;   /* false at their digits (or ≈ where = holds) */
    char first[2048]; /* the first failures, for the report */
} ArithStats;

/* arith_check_text: every "EXPR = NUMBER" and "EXPR ≈ NUMBER" of each line
 * of `text`, checked; `where` names the explanation in the report. */
void arith_check_text(ArithStats *st, const char *text, const char *where);

#endif

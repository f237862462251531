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
 * EXPR is numbers, + − × · / ^ ( ) √ ² ³, and exp log sin cos tanh erf
 * abs max min, whole or after the last ", " or ": " of a sentence
 * ("d_k = 4, √4 = 2.0000"); anything else (names such as μ or Q[0][1], a
 * sum with "…") is not arithmetic and is skipped. A line is read whole, so the
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

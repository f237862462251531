/* words.h - the few words the front ends print around a lesson's own
 * text, in the lesson's language (en, zh; others fall back to en), so a
 * Chinese lesson reads in Chinese from end to end. */
#ifndef ATTNSTEP_WORDS_H
#define ATTNSTEP_WORDS_H

#include "record/lesson.h"

typedef enum {
    W_STEP,      /* "Step" */
    W_STEPS,     /* "steps" */
    W_STEP_ONE,  /* "step" (after 1) */
    W_PROFILE,   /* "profile" */
    W_FORMULA,   /* "formula" */
    W_LINE,      /* "line" */
    W_FROM,      /* "from" */
    W_EXPECTED,  /* "expected" */
    W_ACTUAL,    /* "actual" */
    W_PASS,      /* "PASS" */
    W_FAIL,      /* "FAIL" */
    W_PASSED,    /* "passed" */
    W_FAILED,    /* "failed" */
    W_TOKENS,    /* "Tokens" */
    W_COMPUTED,  /* "computed" */
    W_HEAD,      /* "head" */
    W_COLUMNS,   /* "columns" */
    W_COUNT
} WordId;

const char *words_get(const Lesson *lesson, WordId id);

#endif

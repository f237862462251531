/* quiz.h - predict, then reveal: the cells a lesson hides in quiz mode,
 * and checking a typed answer the way `expect` checks a written value
 * (tolerance from the digits typed; a wrong answer is tried against the
 * usual mistakes: forgot √d_k, the n−1 variance, ...). */
#ifndef ATTNSTEP_QUIZ_H
#define ATTNSTEP_QUIZ_H

#include "lang/loader.h"

typedef struct QuizCell {
    int record, slot, i, j;
} QuizCell;

/* quiz_cells: the cells to ask, in order: every `ask` of the lesson, or,
 * when it has none, one sensible cell per computed step (row 1, or 0, of
 * the step's first output, column 0). Returns a malloc'd array (free it)
 * and their number in *count. */
QuizCell *quiz_cells(const Lesson *lesson, int *count);

typedef struct QuizResult {
    bool valid;         /* the answer is a number */
    bool correct;
    float actual, typed, tolerance;
    char *explanation;  /* owned, or NULL: the mistake a wrong answer matches */
    char why[160];      /* !valid: why the answer is not a number */
} QuizResult;

/* quiz_check: check `answer` (text as typed) against the cell. The lesson
 * may be re-run (as if a mistake had been made) to explain a wrong answer;
 * ll itself is not changed. Free the result with quiz_result_free. */
QuizResult quiz_check(const LoadedLesson *ll, const InterpOptions *opt, QuizCell cell, const char *answer);
void quiz_result_free(QuizResult *r);

/* quiz_cell_name: "Q[1][0]" for the cell, into buf. */
void quiz_cell_name(const Lesson *lesson, QuizCell cell, char *buf, size_t size);

#endif

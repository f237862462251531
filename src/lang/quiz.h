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

/* The most values one asked cell may combine when the quiz chooses the
 * cells itself (a lesson without `ask`: a model directory, a GPT-2
 * checkpoint): a sum of 8 products is still arithmetic by hand, a
 * 768-term dot product is not. */
#define QUIZ_MAX_TERMS 8

/* quiz_cells: the cells to ask, in order: every `ask` of the lesson, or,
 * when it has none, one cell per computed step that a learner can work
 * out from the step's inputs (row 1, or 0, of the step's first output,
 * column 0): not on a step that only copies or selects values (the head
 * split, concat, a transpose, the mask), nor one whose cell combines more
 * than QUIZ_MAX_TERMS values (quiz_terms). Returns a malloc'd array (free
 * it) and their number in *count. */
QuizCell *quiz_cells(const Lesson *lesson, int *count);

/* quiz_terms: how many values computing output cell (i, j) of the record
 * combines: the inner size of a product (and its bias), the row of a
 * softmax, a layer norm or a row sum, one or two for an element-wise step. */
int quiz_terms(const Record *rec, int slot, int i, int j);

/* quiz_hides: the quiz cell `q`, not yet answered, hides cell (i, j) of
 * output `slot` of `record`: the cell itself and, where the rest of its
 * row would give it away (the weights of a softmax sum to 1, a layer
 * norm's row has mean 0 and variance 1 before γ and β), its whole row. */
bool quiz_hides(const Lesson *lesson, QuizCell q, int record, int slot, int i, int j);

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

/* ui_words.h - the UI's own words (pane titles, the status line, the help,
 * prompts and messages) in the lesson's language. Every string is in one
 * table (ui_words.c), English and Chinese side by side, so a translator
 * edits one file. */
#ifndef ATTNSTEP_UI_WORDS_H
#define ATTNSTEP_UI_WORDS_H

#include <stdbool.h>
#include <stddef.h>

typedef enum {
    UW_NONE,
    /* panes and matrices */
    UW_INPUT, UW_OUTPUT, UW_KEYS_ROWS, UW_SOURCE, UW_EXPLAIN, UW_STEP, UW_HEAD, UW_ALL_HEADS,
    UW_ENLARGE, UW_INPUT_CELL, UW_EDIT_HINT, UW_HIDDEN, UW_NEW_VALUE, UW_JUMP,
    UW_ROWS, UW_COLS, UW_OF, UW_HEAT, UW_LOW, UW_HIGH, UW_SCORE, UW_NO_MATRIX, UW_MATRICES,
    UW_STEP_OF,      /* "step %d of %d" */
    UW_TITLE_SEP,    /* between the step and its title */
    UW_HEAD_OF,      /* "head %d of %d" */
    UW_SCORE_OF,     /* "score %d/%d" */
    UW_MORE_LINES,   /* "▼ %d more lines — r reads all" */
    UW_READ_TITLE,   /* the reading overlay's title */
    UW_READ_KEYS,    /* how to leave / scroll the overlay */
    UW_HELP_TITLE,
    UW_KERNELS,      /* "kernels: %s" (the SIMD set, in the help) */
    UW_NOT_EDITABLE,
    /* the status line's key labels (short) */
    UW_S_STEP, UW_S_CELL, UW_S_PANE, UW_S_HEAD, UW_S_DIGITS, UW_S_HEAT, UW_S_EDIT, UW_S_ANSWER, UW_S_HELP,
    UW_S_QUIT, UW_S_READ, UW_S_VIEW,
    /* the help's key names and what each key does */
    UW_K_NEXT, UW_H_NEXT, UW_K_PREV, UW_H_PREV, UW_K_ENDS, UW_H_ENDS, UW_K_JUMP, UW_H_JUMP,
    UW_K_TAB, UW_H_TAB, UW_K_MOVE, UW_H_MOVE, UW_K_HEAD, UW_H_HEAD, UW_K_DIGITS, UW_H_DIGITS,
    UW_K_HEAT, UW_H_HEAT, UW_K_EDIT, UW_H_EDIT, UW_K_ANSWER, UW_H_ANSWER, UW_K_READ, UW_H_READ,
    UW_K_VIEW, UW_H_VIEW, UW_K_ESC, UW_H_ESC, UW_K_HELP, UW_H_HELP, UW_K_QUIT, UW_H_QUIT,
    /* views */
    UW_V_TOKENS, UW_V_HEADS, UW_NO_WEIGHTS,
    UW_COUNT
} UiWord;

/* ui_words_get: word w in Chinese (zh) or English. Static storage. */
const char *ui_words_get(bool zh, UiWord w);

/* ui_words_fill: word w into out, its first %d replaced by a and its
 * second by b (the words are not printf formats: a translator cannot
 * break the program with a stray %). Returns out. */
char *ui_words_fill(bool zh, UiWord w, int a, int b, char *out, size_t size);

#endif

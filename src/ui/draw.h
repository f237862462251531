/* draw.h - painting the UI from its state (reads UiState, never changes
 * it). draw_matrix.c paints the matrix pane; draw.c everything else. */
#ifndef ATTNSTEP_DRAW_H
#define ATTNSTEP_DRAW_H

#include <curses.h>

#include "output/explain.h"
#include "ui/layout.h"
#include "ui/state.h"
#include "ui/ui_words.h"

/* draw_all: the whole screen for a cols x rows terminal. */
void draw_all(const UiState *s, int cols, int rows);

/* draw_status_line: the status line's text for `width` columns (no
 * terminal calls). */
void draw_status_line(const UiState *s, int width, char *line, size_t size);
/* draw_step_of: "step 3 of 16", or "step 3 of 16 (2/4)" on the second of
 * a step's four records (a press of n moves one record). */
void draw_step_of(const UiState *s, char *out, size_t size);

/* Shared by the drawing files. */

/* put_text: UTF-8 text at (y, x), at most maxw columns; returns the
 * columns used. Control characters are shown as spaces. A text wider
 * than maxw is cut to maxw - 1 columns and ends in "…". */
int put_text(int y, int x, const char *text, int maxw, attr_t attr);
/* put_text_width: the columns put_text needs to show text whole. */
int put_text_width(const char *text);
/* draw_box: a pane's border with its title. */
void draw_box(Rect r, const char *title, bool focused);
/* draw_matrices: the matrix pane; `ex` is the explanation of the focused
 * cell (its highlights mark input cells), may be NULL. */
void draw_matrices(const UiState *s, Rect r, const Explanation *ex);
/* draw_matrices_height: the rows (borders included) the matrix pane needs
 * to show every matrix whole at this width. */
int draw_matrices_height(const UiState *s, int width, const Explanation *ex);

/* ui_word: the UI's own words in the lesson's language (ui_words.c). */
const char *ui_word(const UiState *s, MsgId w);

#endif

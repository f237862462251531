/* ui.h - the step-through terminal UI (ncursesw). */
#ifndef ATTNSTEP_UI_H
#define ATTNSTEP_UI_H

#include <stdbool.h>

#include "lang/loader.h"

/* ui_available: stdin and stdout are terminals and TERM is not "dumb". */
bool ui_available(void);

/* ui_run: step through the lesson until the user quits; with quiz, the
 * lesson's quiz cells are hidden until answered. The terminal is restored
 * on every way out. Returns the exit status (0). The lesson may be re-run
 * (edited cells), so ll changes. */
int ui_run(LoadedLesson *ll, bool quiz);

/* ui_run_at: ui_run starting at record `record` (0: the first), showing
 * head `head` (when the steps have it). */
int ui_run_at(LoadedLesson *ll, bool quiz, int record, int head);

#endif

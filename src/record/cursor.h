/* cursor.h - a position in a run lesson. Stepping forward and back only
 * moves this index over the records; nothing is recomputed, so every
 * step looks the same however it was reached. */
#ifndef ATTNSTEP_CURSOR_H
#define ATTNSTEP_CURSOR_H

#include <stdbool.h>

#include "record/lesson.h"

typedef struct Cursor {
    const Lesson *lesson;
    int record; /* index into lesson->records */
} Cursor;

Cursor cursor_start(const Lesson *lesson);
/* cursor_next / cursor_prev: move one record; false at either end. */
bool cursor_next(Cursor *c);
bool cursor_prev(Cursor *c);
/* cursor_goto: to record k (clamped); cursor_goto_step: to the first
 * record of group g (clamped). */
void cursor_goto(Cursor *c, int k);
void cursor_goto_step(Cursor *c, int g);
const Record *cursor_record(const Cursor *c);
const Group *cursor_group(const Cursor *c);

#endif

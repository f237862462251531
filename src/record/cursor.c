#include "record/cursor.h"

Cursor cursor_start(const Lesson *lesson) { return (Cursor){.lesson = lesson, .record = 0}; }

bool cursor_next(Cursor *c) {
    if (c->record + 1 >= c->lesson->nrecords)
        return false;
    c->record++;
    return true;
}

bool cursor_prev(Cursor *c) {
    if (c->record == 0)
        return false;
    c->record--;
    return true;
}

void cursor_goto(Cursor *c, int k) {
    int last = c->lesson->nrecords - 1;
    c->record = k < 0 ? 0 : k > last ? (last < 0 ? 0 : last) : k;
}

void cursor_goto_step(Cursor *c, int g) {
    const Lesson *l = c->lesson;
    if (l->ngroups == 0)
        return;
    g = g < 0 ? 0 : g >= l->ngroups ? l->ngroups - 1 : g;
    cursor_goto(c, l->groups[g].first);
}

const Record *cursor_record(const Cursor *c) {
    return c->lesson->nrecords ? &c->lesson->records[c->record] : NULL;
}

const Group *cursor_group(const Cursor *c) {
    const Record *r = cursor_record(c);
    return r ? &c->lesson->groups[r->group] : NULL;
}

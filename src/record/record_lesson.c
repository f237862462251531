/* record_lesson.c - the recorder's hooks for an owner with no
 * interpreter: records and steps go straight into a Lesson
 * (recorder_lesson_hooks, record_pass.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "record/record_pass.h"

/* grow: room for one more element of `size` bytes in *items (cap *cap) */
static void grow(void **items, int count, int *cap, size_t size) {
    if (count < *cap)
        return;
    int more = *cap ? *cap * 2 : 16;
    void *p = realloc(*items, (size_t)more * size);
    if (!p)
        abort();
    *items = p;
    *cap = more;
}

static char *copy(const char *text) {
    char *c = text ? strdup(text) : NULL;
    if (text && !c)
        abort();
    return c;
}

static void lesson_group_begin(void *ctx, const char *title, const char *formula, const char *narrative, SrcPos pos) {
    Lesson *l = ctx;
    grow((void **)&l->groups, l->ngroups, &l->groups_cap, sizeof *l->groups);
    l->groups[l->ngroups++] = (Group){.title = copy(title), .formula = copy(formula), .narrative = copy(narrative),
                                      .pos = pos, .first = l->nrecords};
}

static Record *lesson_record_new(void *ctx, Stage stage, SrcPos pos) {
    Lesson *l = ctx;
    if (l->ngroups == 0)
        lesson_group_begin(l, NULL, NULL, NULL, pos);
    grow((void **)&l->records, l->nrecords, &l->records_cap, sizeof *l->records);
    Record *rec = &l->records[l->nrecords++];
    *rec = (Record){.kind = REC_VALUE, .stage = stage, .group = l->ngroups - 1, .pos = pos, .end_line = pos.line,
                    .ln = LN_CONVENTION_PYTORCH, .divisor = 1.0f, .layer = -1, .best_col = -1};
    l->groups[l->ngroups - 1].count++;
    return rec;
}

static bool lesson_slot_push(void *ctx, Slot **slots, int *n, const char *name, int head, Matrix *m) {
    (void)ctx;
    record_slot_append(slots, n, name, head, m);
    return true;
}

RecorderHooks recorder_lesson_hooks(Lesson *out) {
    return (RecorderHooks){out, lesson_record_new, lesson_group_begin, lesson_slot_push, NULL};
}

#include "record/lesson.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void slots_free(Slot *slots, int n) {
    for (int i = 0; i < n; i++)
        mat_free(&slots[i].m);
    free(slots);
}

void lesson_free(Lesson *lesson) {
    for (int r = 0; r < lesson->nrecords; r++) {
        Record *rec = &lesson->records[r];
        slots_free(rec->inputs, rec->ninputs);
        slots_free(rec->outputs, rec->noutputs);
        if (rec->expect) {
            mat_free(&rec->expect->expected);
            mat_free(&rec->expect->actual);
            mat_free(&rec->expect->tolerance);
            free(rec->expect->explanation);
            free(rec->expect);
        }
        free(rec->asks);
    }
    free(lesson->records);
    for (int g = 0; g < lesson->ngroups; g++) {
        free(lesson->groups[g].title);
        free(lesson->groups[g].formula);
        free(lesson->groups[g].narrative);
    }
    free(lesson->groups);
    for (int t = 0; t < lesson->ntokens; t++)
        free(lesson->tokens[t]);
    free(lesson->tokens);
    for (int t = 0; lesson->own_vocab && t < lesson->nvocab; t++)
        free(lesson->own_vocab[t]);
    free(lesson->own_vocab);
    free(lesson->title);
    free(lesson->language);
    free(lesson->profile);
    mlist_free(&lesson->env);
    for (int k = 0; k < lesson->nretired; k++)
        mat_free(&lesson->retired[k]);
    free(lesson->retired);
    *lesson = (Lesson){0};
}

bool lesson_language_is_zh(const char *language) { return language && strcmp(language, "zh") == 0; }

bool lesson_is_zh(const Lesson *lesson) { return lesson && lesson_language_is_zh(lesson->language); }

MsgLang lesson_msg_lang(const Lesson *lesson) { return msg_lang(lesson ? lesson->language : NULL); }

const char *const *lesson_axis_labels(const Lesson *lesson, const Slot *slot, int dim) {
    const Axis *a = &slot->axis[dim ? 1 : 0];
    int count = dim ? slot->m.cols : slot->m.rows;
    if (a->kind == AXIS_INDEX || count <= 0 || a->first < 0)
        return NULL;
    if (a->kind == AXIS_TOKENS)
        return a->first <= lesson->ntokens - count ? (const char *const *)lesson->tokens + a->first : NULL;
    return lesson->vocab && a->first <= lesson->nvocab - count ? lesson->vocab + a->first : NULL;
}

const char *const *lesson_slot_labels(const Lesson *lesson, const Slot *slot) {
    return lesson_axis_labels(lesson, slot, 0);
}

const char *stage_name_in(Stage stage, const char *language) {
    return lesson_language_is_zh(language) ? stage_name_zh(stage) : stage_name(stage);
}

void record_slot_append(Slot **slots, int *n, const char *name, int head, Matrix *m) {
    Slot *s = realloc(*slots, (size_t)(*n + 1) * sizeof *s);
    if (!s)
        abort();
    *slots = s;
    Slot *slot = &s[(*n)++];
    memset(slot, 0, sizeof *slot);
    snprintf(slot->name, sizeof slot->name, "%s", name);
    slot->head = head;
    slot->first_token = -1;
    slot->m = *m;
    *m = (Matrix){0};
}

int record_rank(const Matrix *m, int *best, int max) {
    int count = 0;
    for (int t = 0; m->rows > 0 && t < m->cols; t++) { /* insertion into the sorted best */
        float v = mat_get(m, 0, t);
        int at = count;
        while (at > 0 && mat_get(m, 0, best[at - 1]) < v)
            at--;
        if (at >= max)
            continue;
        if (count < max)
            count++;
        memmove(best + at + 1, best + at, (size_t)(count - 1 - at) * sizeof *best);
        best[at] = t;
    }
    return count;
}

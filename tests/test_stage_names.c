/* test_stage_names.c - a stage's formula and narrative name the matrices
 * its step shows: cross_W_Q and the memory M in a decoder's
 * cross-attention, N when the input is normalised first, Y for a
 * sub-layer's input, L1_ names in the second layer, no P when no
 * positions are added; in English and Chinese, over every built-in
 * lesson. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "lang/loader.h"
#include "support.h"

static void open_lesson(const char *arg, LoadedLesson *ll) {
    Error err = {0};
    cr_assert(lesson_open(arg, NULL, ll, &err), "%s: %s", arg, err.msg);
}

/* the group of the first record of `stage` in `layer` (-1: any) */
static const Group *group_of(const Lesson *l, Stage stage, int layer) {
    for (int r = 0; r < l->nrecords; r++)
        if (l->records[r].stage == stage && (layer < 0 || l->records[r].layer == layer))
            return &l->groups[l->records[r].group];
    return NULL;
}

static void open_in(const char *name, int zh, LoadedLesson *ll) {
    char path[256];
    snprintf(path, sizeof path, "lessons/%s/%s.lesson", zh ? "zh" : "en", name);
    char *full = source_path(path);
    open_lesson(full, ll);
    free(full);
}

Test(stage_names, cross_attention_names_its_operands) {
    static const char *const residual[2] = {"learn a change to\nY", "对 Y 的修改"};
    for (int zh = 0; zh < 2; zh++) {
        LoadedLesson ll;
        open_in("decoder-layer", zh, &ll);
        const Group *g = group_of(&ll.lesson, STAGE_CROSS_PROJECT, 0);
        cr_assert_not_null(g);
        cr_expect_str_eq(g->formula, "cross_Q = Y·cross_W_Q   cross_K = mem·cross_W_K   cross_V = mem·cross_W_V");
        g = group_of(&ll.lesson, STAGE_RESIDUAL, 0);
        cr_assert_not_null(g);
        /* the cross-attention's residual (the second RESIDUAL step) */
        for (int r = 0; r < ll.lesson.nrecords; r++)
            if (ll.lesson.records[r].stage == STAGE_RESIDUAL)
                g = &ll.lesson.groups[ll.lesson.records[r].group];
        cr_expect_str_eq(g->formula, "cross_R = Y + cross_O");
        char flat[4096];
        snprintf(flat, sizeof flat, "%s", g->narrative);
        for (char *c = flat; *c; c++) /* the narrative as one line */
            *c = *c == '\n' ? ' ' : *c;
        cr_expect(strstr(flat, zh ? residual[1] : "learn a change to Y") != NULL, "%s", g->narrative);
        lesson_close(&ll);
    }
}

Test(stage_names, pre_ln_projection_reads_n) {
    static const char *const same[2] = {"the same N", "同一个 N"}, *const wrong[2] = {"the same X", "同一个 X"};
    for (int zh = 0; zh < 2; zh++) {
        LoadedLesson ll;
        open_in("real-model", zh, &ll);
        const Group *g = group_of(&ll.lesson, STAGE_PROJECT, 0);
        cr_assert_not_null(g);
        cr_expect_str_eq(g->formula, "Q = N·W_Q + b_Q   K = N·W_K   V = N·W_V");
        cr_expect(strstr(g->narrative, same[zh]) && !strstr(g->narrative, wrong[zh]), "%s", g->narrative);
        lesson_close(&ll);
    }
}

Test(stage_names, no_positions_no_p) {
    static const char *const none[2] = {"positions none", "positions none"};
    for (int zh = 0; zh < 2; zh++) {
        LoadedLesson ll;
        open_in("tour", zh, &ll);
        const Group *g = group_of(&ll.lesson, STAGE_EMBED, -1);
        cr_assert_not_null(g);
        cr_expect_str_eq(g->formula, "X = E");
        cr_expect(strstr(g->narrative, none[zh]) && !strstr(g->narrative, "sin(pos"), "%s", g->narrative);
        lesson_close(&ll);
    }
}

/* an identifier of a formula that stands for a matrix: a weight, a
 * result or an operand name (W_Q, b_1, cross_K, L1_Z_h, X, N2, Y_final) */
static bool matrix_like(const char *id) {
    static const char *const single = "XNQKVZORFHYEPSTMA";
    if (strncmp(id, "W_", 2) == 0 || strncmp(id, "b_", 2) == 0 || strncmp(id, "cross_", 6) == 0 ||
        (id[0] == 'L' && id[1] >= '0' && id[1] <= '9') || strcmp(id, "memory") == 0)
        return true;
    return strchr(single, id[0]) && id[0] && (id[1] == '\0' || strcmp(id + 1, "2") == 0 || strcmp(id + 1, "_h") == 0 ||
                                              strcmp(id + 1, "r_h") == 0 || strcmp(id, "Y_final") == 0);
}

/* id names a matrix of the group's records: exactly, or a per-head
 * name's head (Q_h: Q_h0) */
static bool in_group(const Lesson *l, const Group *g, const char *id) {
    size_t n = strlen(id);
    bool per_head = n > 2 && strcmp(id + n - 2, "_h") == 0;
    for (int r = g->first; r < g->first + g->count; r++) {
        const Record *rec = &l->records[r];
        for (int side = 0; side < 2; side++)
            for (int k = 0; k < (side ? rec->noutputs : rec->ninputs); k++) {
                const char *name = (side ? rec->outputs : rec->inputs)[k].name;
                if (strcmp(name, id) == 0 || (per_head && strncmp(name, id, n) == 0 && name[n] >= '0' && name[n] <= '9'))
                    return true;
            }
    }
    return false;
}

/* every formula of every stage step of every built-in lesson names only
 * matrices its step shows (softmax's T[i][j] and M[i][j] are its cells,
 * concat's Z_0 its heads: written with an index, not matrix_like) */
Test(stage_names, every_stage_formula_names_what_its_step_shows) {
    int count = 0, checked = 0;
    BuiltinLesson *all = lesson_builtins(&count);
    cr_assert(all && count > 10);
    for (int b = 0; b < count; b++)
        for (int zh = 0; zh < 2; zh++) {
            char path[256];
            snprintf(path, sizeof path, "%s", all[b].path);
            if (zh) {
                char *en = strstr(path, "/en/");
                if (!en)
                    continue;
                memcpy(en, "/zh/", 4);
            }
            char *full = source_path(path);
            LoadedLesson ll;
            Error err = {0};
            bool opened = lesson_open(full, NULL, &ll, &err);
            free(full);
            if (!opened)
                continue;
            const Lesson *l = &ll.lesson;
            for (int r = 0; r < l->nrecords; r++) {
                const Record *rec = &l->records[r];
                const Group *g = &l->groups[rec->group];
                if (rec->stage == STAGE_NONE || !g->formula || g->first != r)
                    continue;
                for (const char *p = g->formula; *p;) {
                    size_t len = strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");
                    if (len == 0) {
                        p++;
                        continue;
                    }
                    char id[64];
                    snprintf(id, sizeof id, "%.*s", (int)len, p);
                    bool cell = p[len] == '[';
                    /* the logits' y is "the last row of Y_final": where it comes from */
                    bool source = rec->stage == STAGE_LOGITS && strcmp(id, "Y_final") == 0;
                    if (matrix_like(id) && !cell && !source) {
                        checked++;
                        cr_expect(in_group(l, g, id), "%s: step \"%s\": its formula \"%s\" names %s, which it does not show",
                                  path, g->title, g->formula, id);
                    }
                    p += len;
                }
            }
            lesson_close(&ll);
        }
    free(all);
    cr_expect_gt(checked, 500);
}

/* pipeline_acts.c - the activations of a forward pass (AttnActs): the
 * table of them by canonical name, their allocation per shape, the names
 * an observer reads them by, and the check that a stage's results are
 * finite numbers.
 */
#include "attention/pipeline_internal.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The activations of AttnActs by canonical name: the one list attn_act,
 * attn_acts_free and attn_acts_shape read, so a new result is one line here. */
static const struct {
    const char *name;
    size_t offset;
    bool per_head;   /* a Matrix * of `heads` entries, else a Matrix */
    bool last_token; /* one row, the last token's (it predicts the next) */
} acts_table[] = {
    {"P", offsetof(AttnActs, P), false, false},       {"X", offsetof(AttnActs, X), false, false},
    {"Q", offsetof(AttnActs, Q), false, false},       {"K", offsetof(AttnActs, K), false, false},
    {"V", offsetof(AttnActs, V), false, false},       {"Z", offsetof(AttnActs, Z), false, false},
    {"O", offsetof(AttnActs, O), false, false},       {"R", offsetof(AttnActs, R), false, false},
    {"Y", offsetof(AttnActs, Y), false, false},       {"Q_h", offsetof(AttnActs, Qh), true, false},
    {"K_h", offsetof(AttnActs, Kh), true, false},     {"V_h", offsetof(AttnActs, Vh), true, false},
    {"Qr_h", offsetof(AttnActs, Qr), true, false},    {"Kr_h", offsetof(AttnActs, Kr), true, false},
    {"S_h", offsetof(AttnActs, S), true, false},      {"T_h", offsetof(AttnActs, T), true, false},
    {"M_h", offsetof(AttnActs, M), true, false},      {"A_h", offsetof(AttnActs, A), true, false},
    {"Z_h", offsetof(AttnActs, Zh), true, false},     {"N", offsetof(AttnActs, N), false, false},
    {"N2", offsetof(AttnActs, N2), false, false},     {"F1", offsetof(AttnActs, F1), false, false},
    {"G", offsetof(AttnActs, G), false, false},       {"U", offsetof(AttnActs, U), false, false},
    {"H", offsetof(AttnActs, H), false, false},       {"F", offsetof(AttnActs, F), false, false},
    {"R2", offsetof(AttnActs, R2), false, false},     {"Y2", offsetof(AttnActs, Y2), false, false},
    {"Y_final", offsetof(AttnActs, Y_final), false, false},
    {"Y_last", offsetof(AttnActs, Y_last), false, true}, {"logits", offsetof(AttnActs, logits), false, true},
    {"logits_T", offsetof(AttnActs, logits_T), false, true}, {"probs", offsetof(AttnActs, probs), false, true},
};
#define N_ACTS (sizeof acts_table / sizeof acts_table[0])

static void *act_field(AttnActs *a, size_t k) { return (char *)a + acts_table[k].offset; }

void attn_acts_free(AttnActs *a) {
    for (size_t k = 0; k < N_ACTS; k++) {
        if (!acts_table[k].per_head) {
            mat_free(act_field(a, k));
            continue;
        }
        Matrix **heads = act_field(a, k);
        for (int h = 0; *heads && h < a->heads; h++)
            mat_free(&(*heads)[h]);
        free(*heads);
        *heads = NULL;
    }
    mat_scratch_free(&a->head_room);
    mat_scratch_free(&a->mm);
    *a = (AttnActs){0};
}

Matrix *attn_act(AttnActs *a, const char *name, bool *per_head) {
    for (size_t k = 0; k < N_ACTS; k++) {
        if (strcmp(acts_table[k].name, name) != 0)
            continue;
        *per_head = acts_table[k].per_head;
        return acts_table[k].per_head ? *(Matrix **)act_field(a, k) : (Matrix *)act_field(a, k);
    }
    return NULL;
}

int attn_act_first_token(const AttnActs *a, const Matrix *m) {
    for (size_t k = 0; k < N_ACTS; k++)
        if (acts_table[k].last_token && m == (const Matrix *)((const char *)a + acts_table[k].offset))
            return a->n - 1;
    return -1;
}

const char *attn_layer_prefix(const AttnConfig *cfg, int layer, bool cross, char *buf, size_t size) {
    if (cfg->layers > 1 || layer > 0)
        snprintf(buf, size, "L%d_%s", layer, cross ? "cross_" : "");
    else
        snprintf(buf, size, "%s", cross ? "cross_" : "");
    return buf;
}

const char *attn_act_name(const AttnActs *a, const char *word, int head, char *buf, size_t size) {
    char prefix[24] = "";
    /* the stack's own: what comes after its last layer, and the
     * embedding stage's X and P before its first */
    bool stack_own = a->sub == SUB_FINAL || strcmp(word, "X") == 0 || strcmp(word, "P") == 0;
    if (!stack_own)
        attn_layer_prefix(a->cfg, a->layer, a->sub == SUB_CROSS, prefix, sizeof prefix);
    snprintf(buf, size, head >= 0 ? "%s%s%d" : "%s%s", prefix, word, head);
    return buf;
}

const Matrix *attn_input(AttnActs *a, const char *word, char *name, size_t size, bool *per_head) {
    char w[32];
    snprintf(w, sizeof w, "%s", word);
    char *bar = strchr(w, '|');
    if (bar) { /* "A|B": B when this sub-layer made it */
        *bar = '\0';
        const char *b = bar + 1;
        bool use_b = b[0] == 'M' ? a->masked : b[0] == 'N' ? a->cfg->norm_first
                   : strchr(b, 'r') ? a->roped : attn_computes(a->cfg, b);
        if (use_b)
            memmove(w, b, strlen(b) + 1);
    }
    *per_head = false;
    if (strcmp(w, "X") == 0) {
        snprintf(name, size, "%s", a->in_name);
        return &a->in;
    }
    if (strcmp(w, "memory") == 0) {
        snprintf(name, size, "memory");
        return &a->w->memory;
    }
    if (strcmp(w, "W_E") == 0) {
        snprintf(name, size, "W_E");
        return &a->w->unembed;
    }
    for (int k = 0; k < WEIGHT_COUNT; k++)
        if (strcmp(attn_weight_names[k].lesson, w) == 0) {
            if (attn_weight_stack_only((WeightId)k)) /* E, P, the final norm: no layer's */
                snprintf(name, size, "%s", w);
            else
                attn_act_name(a, w, -1, name, size);
            /* the stack's weights are the first layer's */
            return attn_weight_of(a->w, (WeightId)k);
        }
    attn_act_name(a, w, -1, name, size);
    return attn_act(a, w, per_head);
}

/* find_outputs: each stage's outputs, as rows of acts_table, into
 * outs (-1 after the last); false when stages.def names a result the
 * table does not have */
static bool find_outputs(signed char outs[STAGE_COUNT][ATTN_STAGE_OUTS_MAX + 1]) {
    for (int s = 0; s < STAGE_COUNT; s++) {
        char word[16];
        int w = 0;
        for (; s != STAGE_SPLIT && stage_word(stage_outputs((Stage)s), w, word, sizeof word, NULL); w++) {
            size_t k = 0;
            while (k < N_ACTS && strcmp(acts_table[k].name, word) != 0)
                k++;
            if (k == N_ACTS || w >= ATTN_STAGE_OUTS_MAX)
                return false;
            outs[s][w] = (signed char)k;
        }
        outs[s][w] = -1;
    }
    return true;
}

bool attn_acts_shape(AttnActs *a, int n, int d, int heads, Error *err) {
    if (!a->outs_ready && !(a->outs_ready = find_outputs(a->outs)))
        return err_set_msg(err, MSG_PIPE_BAD_STAGE_RESULT);
    if (a->heads != heads) {
        attn_acts_free(a);
        for (size_t k = 0; k < N_ACTS; k++)
            if (acts_table[k].per_head && !(*(Matrix **)act_field(a, k) = calloc((size_t)heads, sizeof(Matrix)))) {
                attn_acts_free(a);
                return err_set_msg(err, MSG_PIPE_OUT_OF_MEMORY);
            }
        a->heads = heads;
    }
    a->n = n, a->d = d;
    return true;
}

/* ---- non-finite results ------------------------------------------------ */

/* m (the result `word` of a, head `head` or -1) holds only finite numbers, except
 * above the diagonal when `masked` (where the mask puts its value, -inf
 * by default); else an error naming the stage and the first such cell.
 * From finite weights a stage can still overflow: 3e38 + 3e38 is inf,
 * inf - inf is NaN, and every later stage would carry it silently. */
static bool all_finite(const Matrix *m, const AttnActs *a, const char *word, int head, Stage stage, bool masked,
                       Error *err) {
    if (engine_kernels()->all_finite(m, masked)) /* the usual case, at memory speed */
        return true;
    for (int i = 0; i < m->rows; i++) {
        const float *row = mat_row(m, i);
        for (int j = 0; j < m->cols; j++) {
            if (isfinite(row[j]) || (masked && j > i))
                continue;
            char full[MLIST_NAME_MAX];
            attn_act_name(a, word, head, full, sizeof full);
            if (isnan(row[j])) {
                err_set_msg(err, MSG_PIPE_NAN, full, i, j, stage_name(stage));
                return err_set_zh(err, MSG_PIPE_NAN, full, i, j, stage_name_zh(stage));
            }
            const char *inf = row[j] > 0 ? "inf" : "-inf";
            err_set_msg(err, MSG_PIPE_INF, full, inf, i, j, stage_name(stage));
            return err_set_zh(err, MSG_PIPE_INF, full, inf, i, j, stage_name_zh(stage));
        }
    }
    return true;
}

static bool heads_finite(const Matrix *per_head, const AttnActs *a, const char *word, Stage stage, bool masked,
                         Error *err) {
    for (int h = 0; h < a->heads; h++)
        if (!all_finite(&per_head[h], a, word, h, stage, masked, err))
            return false;
    return true;
}

/* a stage's results are the outputs stages.def lists for it, every head
 * of a per-head one; the split's are views of Q, K, V, checked already.
 * Activations a pass has not shaped yet have their table found here. */
bool attn_check_stage(Stage stage, const AttnActs *a, Error *err) {
    signed char found[STAGE_COUNT][ATTN_STAGE_OUTS_MAX + 1];
    const signed char(*outs)[ATTN_STAGE_OUTS_MAX + 1] = a->outs;
    if (!a->outs_ready) {
        if (!find_outputs(found))
            return err_set_msg(err, MSG_PIPE_BAD_STAGE_RESULT);
        outs = (const signed char(*)[ATTN_STAGE_OUTS_MAX + 1])found;
    }
    if (stage < 0 || stage >= STAGE_COUNT)
        return true;
    for (const signed char *k = outs[stage]; *k >= 0; k++) {
        const char *word = acts_table[*k].name;
        const void *field = (const char *)a + acts_table[*k].offset;
        bool masked = acts_table[*k].offset == offsetof(AttnActs, M);
        if (acts_table[*k].per_head ? !heads_finite(*(Matrix *const *)field, a, word, stage, masked, err)
                                    : !all_finite(field, a, word, -1, stage, masked, err))
            return false;
    }
    return true;
}

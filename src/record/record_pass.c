/* record_pass.c - the recorder: the observer of attn_forward that turns
 * what the pass computes into step records, as stages.def describes each
 * stage (record_pass.h). It names, records and titles; it computes
 * nothing, so every front end shows attn_run's numbers. Where a record is
 * stored and whether its results get names is its owner's (the hooks). */
#include "record/record_pass.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* group_begin: a new step with these texts */
static void group_begin(Recorder *r, const char *title, const char *formula, const char *narrative, SrcPos pos) {
    r->hooks.group_begin(r->hooks.ctx, title, formula, narrative, pos);
}

/* slot_take: a slot that takes m (its data changes owner); slot_ref: one
 * that is a view of m */
static bool slot_take(Recorder *r, Slot **slots, int *n, const char *name, int head, Matrix *m) {
    return r->hooks.slot_push(r->hooks.ctx, slots, n, name, head, m);
}

static bool slot_ref(Recorder *r, Slot **slots, int *n, const char *name, int head, const Matrix *m) {
    Matrix view = *m;
    view.owned = false;
    return r->hooks.slot_push(r->hooks.ctx, slots, n, name, head, &view);
}

/* name_take: result m named `name` by the owner, which takes it (freed
 * when the owner names nothing); name_view: a view of it named */
static bool name_take(Recorder *r, const char *name, Matrix *m) {
    if (!r->hooks.name) {
        mat_free(m);
        return true;
    }
    return r->hooks.name(r->hooks.ctx, name, m);
}

static bool name_view(Recorder *r, const char *name, const Matrix *m) {
    Matrix view = *m;
    view.owned = false;
    return !r->hooks.name || r->hooks.name(r->hooks.ctx, name, &view);
}

/* embeddings: the stage makes the stack's input, before any layer */
static bool embeddings(const AttnActs *a) { return a->layer == 0 && a->sub == SUB_SELF && !a->in.rows; }

/* where: "layer 1 · cross-attention: " before a `layer` statement's titles.
 * Layers are counted from 0, as the names (L1_A_h0), --layer and a
 * checkpoint's own names (h.1) count them, so a title and the matrix it
 * shows never disagree. */
static void where(const Recorder *r, const AttnActs *a, char *buf, size_t size) {
    buf[0] = '\0';
    if (r->opt.layer == LAYER_ATTENTION)
        return;
    const MsgLang lang = msg_lang_of(lesson_language_is_zh(r->language));
    if (embeddings(a))
        return;
    static const MsgId subs[] = {MSG_WHERE_SELF, MSG_WHERE_CROSS, MSG_WHERE_FFN};
    if (a->sub == SUB_FINAL)
        msg_format(buf, size, lang, MSG_WHERE_AFTER_STACK);
    else
        msg_format(buf, size, lang, MSG_WHERE_LAYER, a->layer, msg_text(lang, subs[a->sub]));
}

/* shown_name: the name the records of `stage` show for the canonical
 * identifier `id` of its texts, into buf; false when id is none of the
 * stage's operands or results (then it stays as written). An operand
 * "A|B" is the one the pass reads (N for X in pre-LN), X the sub-layer's
 * input (Y, R2, ...), the memory the statement's; every name carries the
 * layer's and sub-layer's prefix (L1_, cross_), as the records do. */
static bool shown_name(const Recorder *r, Stage stage, AttnActs *a, const char *id, char *buf, size_t size) {
    if (stage == STAGE_EMBED && r->opt.positional == POS_LEARNED && strcmp(id, "P") == 0) {
        snprintf(buf, size, "%s", r->p_name); /* its first n rows: what the lesson calls them */
        return true;
    }
    const char *columns[2] = {stage_inputs(stage), stage_outputs(stage)};
    char word[32], alt[32];
    for (int c = 0; c < 2; c++)
        for (int k = 0; stage_word(columns[c], k, word, sizeof word, NULL); k++) {
            bool match = false;
            for (const char *p = word; *p && !match; p += strcspn(p, "|"), p += *p == '|') {
                snprintf(alt, sizeof alt, "%.*s", (int)strcspn(p, "|"), p);
                match = strcmp(alt, id) == 0;
            }
            if (!match)
                continue;
            bool per_head;
            if (strcmp(word, "memory") == 0) {
                snprintf(buf, size, "%s", r->memory_name ? r->memory_name : "memory");
            } else if (c == 0) {
                if (!attn_input(a, word, buf, size, &per_head))
                    return false;
            } else {
                attn_act_name(a, word, -1, buf, size);
            }
            return true;
        }
    return false;
}

/* as_shown: text t with every canonical name of the stage replaced by the
 * one its records show (shown_name), into out; in `prose` (a narrative)
 * the word memory stays a word */
static const char *as_shown(const Recorder *r, Stage stage, AttnActs *a, const char *t, bool prose, char *out,
                            size_t size) {
    size_t n = 0;
    out[0] = '\0';
    for (const char *p = t; p && *p && n + 1 < size;) {
        bool ident = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || *p == '_';
        size_t len = ident ? strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_") : 1;
        char id[64], name[MLIST_NAME_MAX];
        snprintf(id, sizeof id, "%.*s", (int)len, p);
        /* in prose "the memory" is the word, not the matrix */
        bool word = prose && strcmp(id, "memory") == 0;
        const char *put = ident && !word && len < sizeof id && shown_name(r, stage, a, id, name, sizeof name) ? name : id;
        n += (size_t)snprintf(out + n, size - n, "%s", put);
        if (n >= size)
            n = size - 1;
        p += len;
    }
    return out;
}

static void begin(Recorder *r, Stage stage, AttnActs *a) {
    char buf[4096], title[512];
    /* the default formulas say what this sub-layer has (stages.def's
     * {b_Q:A|B} choices): biases, a mask, grouped K/V heads, positions */
    StageNumbers num = r->num;
    const AttnWeights *w = a->w ? a->w : &r->w[0];
    const struct {
        const Matrix *m;
        unsigned bit;
    } biases[] = {{&w->bq, SN_B_Q}, {&w->bk, SN_B_K}, {&w->bv, SN_B_V},
                  {&w->bo, SN_B_O}, {&w->b1, SN_B_1}, {&w->b2, SN_B_2}};
    for (size_t k = 0; k < sizeof biases / sizeof biases[0]; k++)
        num.has |= biases[k].m->rows ? biases[k].bit : 0;
    num.has |= a->masked ? SN_MASKED : 0;
    if (r->cfg.kv_heads > 0 && r->cfg.kv_heads < r->opt.heads)
        num.has |= SN_GQA, num.group = r->opt.heads / r->cfg.kv_heads;
    num.has |= r->cfg.positional == POS_SINUSOIDAL || r->cfg.positional == POS_LEARNED ? SN_POS : 0;
    StageText t = stage_text(stage, r->language, &num, buf, sizeof buf);
    const char *f = t.formula;
    where(r, a, title, sizeof title);
    snprintf(title + strlen(title), sizeof title - strlen(title), "%s", t.title);
    /* the formula and the narrative name what the step shows: cross_W_Q,
     * L1_Q, Y for the sub-layer's input, N when it is normalised first */
    char shown_f[512], shown_n[4096];
    group_begin(r, title, as_shown(r, stage, a, f, false, shown_f, sizeof shown_f),
                       t.narrative ? as_shown(r, stage, a, t.narrative, true, shown_n, sizeof shown_n) : NULL, r->pos);
}

/* axes_of: what the rows and columns of the canonical result or operand
 * `word` ("T_h|M_h", "Q") count in the sub-layer a is in: for a stage's
 * result, stages.def's axes column (t the text's tokens, from first_token
 * when the result keeps only the last rows; k the keys', which in
 * cross-attention are the memory's rows, not the text; v the vocabulary);
 * the text's tokens for the embeddings E (the last one for Y_last), the
 * vocabulary for W_E; plain
 * indices for the weights and the memory */
static void axes_of(const AttnActs *a, const char *word, int first_token, Axis ax[2]) {
    char w[32], out[32];
    snprintf(w, sizeof w, "%.*s", (int)strcspn(word, "|"), word);
    /* the operands no stage makes: the embeddings, the last token's row, the unembedding */
    static const char *const made_before[][2] = {{"E", "t-"}, {"Y_last", "l-"}, {"W_E", "v-"}};
    const char *code = "--";
    for (size_t k = 0; k < sizeof made_before / sizeof made_before[0]; k++)
        if (strcmp(w, made_before[k][0]) == 0)
            code = made_before[k][1];
    for (int st = STAGE_NONE + 1; st < STAGE_COUNT && code[0] == '-' && code[1] == '-'; st++)
        for (int k = 0; stage_word(stage_outputs((Stage)st), k, out, sizeof out, NULL); k++)
            if (strcmp(out, w) == 0 && strlen(stage_axes((Stage)st)) >= (size_t)k * 3 + 2) {
                code = stage_axes((Stage)st) + k * 3;
                break;
            }
    for (int d = 0; d < 2; d++) {
        char c = code[d];
        if (c == 't' || c == 'l' || (c == 'k' && a->sub != SUB_CROSS))
            ax[d] = (Axis){AXIS_TOKENS, c == 'k' || first_token < 0 ? 0 : first_token};
        else
            ax[d] = (Axis){c == 'v' ? AXIS_VOCAB : AXIS_INDEX, 0};
    }
}

/* label: the last slot of a record's list says what its axes count */
static void label(Slot *slots, int n, const AttnActs *a, const char *word, int first_token) {
    if (n > 0)
        axes_of(a, word, first_token, slots[n - 1].axis);
}

/* record: a new record of `stage` whose outputs `op` computes (usually
 * stage_op(stage), stages.def's op column) */
static Record *record(Recorder *r, Stage stage, OpKind op) {
    Record *rec = r->hooks.record_new(r->hooks.ctx, stage, r->pos);
    if (rec) {
        rec->op = op;
        rec->heads = r->opt.heads;
        rec->layer = r->at_layer;
    }
    return rec;
}

/* keep: take a result from the pass into the record (which then owns it)
 * and name it in the environment (a view of the record's copy): no copy.
 * Without a record (past the step limit) the environment owns it. */
static bool keep(Recorder *r, Record *rec, const char *name, int head, Matrix *act) {
    Matrix m = attn_take(act);
    if (!rec)
        return name_take(r, name, &m);
    Matrix view = m;
    return slot_take(r, &rec->outputs, &rec->noutputs, name, head, &m) &&
           name_view(r, name, &view);
}

/* keep_heads: keep(word{h}) for every head, named where the pass is */
static bool keep_heads(Recorder *r, Record *rec, const AttnActs *a, const char *word, Matrix *per_head) {
    for (int h = 0; h < r->opt.heads; h++) {
        char name[MLIST_NAME_MAX];
        attn_act_name(a, word, h, name, sizeof name);
        if (!keep(r, rec, name, h, &per_head[h]))
            return false;
        if (rec)
            label(rec->outputs, rec->noutputs, a, word, -1);
    }
    return true;
}

/* keep_act: keep(word), named where the pass is; a result that keeps
 * only the last token's row (logits) says which token that is */
static bool keep_act(Recorder *r, Record *rec, const AttnActs *a, const char *word, Matrix *act) {
    char name[MLIST_NAME_MAX];
    int first_token = attn_act_first_token(a, act);
    if (!keep(r, rec, attn_act_name(a, word, -1, name, sizeof name), -1, act))
        return false;
    if (rec) {
        rec->outputs[rec->noutputs - 1].first_token = first_token;
        label(rec->outputs, rec->noutputs, a, word, first_token);
    }
    return true;
}

/* see: an operand of a record, as a view (the lesson owns its data);
 * false when the record has no slot for it (none, or not kept) */
static bool see(Recorder *r, Record *rec, const char *name, int head, const Matrix *m) {
    return rec && m && m->rows && slot_ref(r, &rec->inputs, &rec->ninputs, name, head, m);
}

/* see_word: see() the operand that is canonical `word` in stages.def,
 * saying what its axes count */
static bool see_word(Recorder *r, Record *rec, const AttnActs *a, const char *word, const char *name, int head,
                     const Matrix *m) {
    if (!see(r, rec, name, head, m))
        return false;
    label(rec->inputs, rec->ninputs, a, word, -1);
    return true;
}

/* see_act: see_word() an operand the pass computed; one that keeps only
 * the last token's row (Y_last) says which token that is */
static void see_act(Recorder *r, Record *rec, const AttnActs *a, const char *word, const char *name, int head,
                    const Matrix *m) {
    int first = attn_act_first_token(a, m);
    if (see(r, rec, name, head, m)) {
        rec->inputs[rec->ninputs - 1].first_token = first;
        label(rec->inputs, rec->ninputs, a, word, first);
    }
}

/* ---- the observer: one record per stage (per Q, K, V for the projection) */

/* ones_for_gamma: a layer norm with beta but no gamma shows gamma = 1 */
static void ones_for_gamma(Recorder *r, Record *rec, int d) {
    Matrix ones = {0};
    if (!rec || !mat_alloc(&ones, 1, d, NULL))
        return;
    for (int j = 0; j < d; j++)
        mat_set(&ones, 0, j, 1.0f);
    slot_take(r, &rec->inputs, &rec->ninputs, "gamma", -1, &ones);
}

static bool seen_embed(Recorder *r, AttnActs *a) {
    Record *rec;
    if (r->positions) {
        rec = record(r, STAGE_EMBED, OPX_POSITIONS);
        if (!keep_act(r, rec, a, "P", &a->P))
            return false;
    }
    rec = record(r, STAGE_EMBED, r->opt.positional == POS_SINUSOIDAL || r->opt.positional == POS_LEARNED
                                     ? stage_op(STAGE_EMBED) : OPX_VALUE);
    if (rec && r->E && r->E->owned) { /* evaluated for this statement: the record keeps it */
        if (slot_take(r, &rec->inputs, &rec->ninputs, "E", -1, r->E))
            label(rec->inputs, rec->ninputs, a, "E", -1);
    } else {
        see_word(r, rec, a, "E", "E", -1, &r->w[0].E);
    }
    if (r->positions)
        see_word(r, rec, a, "P", "P", -1, &a->P);
    if (r->opt.positional == POS_LEARNED) { /* the rows of P for these n positions: the tokens' */
        Matrix rows = mat_view_rows(&r->w[0].P, 0, a->n);
        see_word(r, rec, a, "P", r->p_name, -1, &rows);
    }
    return keep_act(r, rec, a, "X", &a->X);
}

/* the projections (self- or cross-attention): a record per Q, K and V,
 * each from its own input (the stream, N, or the memory) */
static bool seen_project(Recorder *r, Stage stage, AttnActs *a) {
    static const char *const out_names[3] = {"Q", "K", "V"};
    static const char *const W[3] = {"W_Q", "W_K", "W_V"}, *const b[3] = {"b_Q", "b_K", "b_V"};
    Matrix *outs[3] = {&a->Q, &a->K, &a->V};
    char name[MLIST_NAME_MAX];
    bool per_head;
    for (int k = 0; k < 3; k++) {
        Record *rec = record(r, stage, stage_op(stage));
        const char *from = stage == STAGE_CROSS_PROJECT && k ? "memory" : "X|N";
        const Matrix *x = attn_input(a, from, name, sizeof name, &per_head);
        see_word(r, rec, a, from, stage == STAGE_CROSS_PROJECT && k ? r->memory_name : name, -1, x);
        const Matrix *m = attn_input(a, W[k], name, sizeof name, &per_head);
        see_word(r, rec, a, W[k], name, -1, m);
        m = attn_input(a, b[k], name, sizeof name, &per_head);
        see_word(r, rec, a, b[k], name, -1, m);
        if (!keep_act(r, rec, a, out_names[k], outs[k]))
            return false;
    }
    return true;
}

/* the split's outputs are views of Q, K and V: nothing is copied */
static bool seen_split(Recorder *r, AttnActs *a) {
    Record *rec = record(r, STAGE_SPLIT, stage_op(STAGE_SPLIT));
    char name[MLIST_NAME_MAX];
    see_word(r, rec, a, "Q", attn_act_name(a, "Q", -1, name, sizeof name), -1, &a->Q);
    see_word(r, rec, a, "K", attn_act_name(a, "K", -1, name, sizeof name), -1, &a->K);
    see_word(r, rec, a, "V", attn_act_name(a, "V", -1, name, sizeof name), -1, &a->V);
    static const char *const names[3] = {"Q_h", "K_h", "V_h"};
    for (int h = 0; h < r->opt.heads; h++) {
        const Matrix *views[3] = {&a->Qh[h], &a->Kh[h], &a->Vh[h]};
        for (int k = 0; k < 3; k++) {
            attn_act_name(a, names[k], h, name, sizeof name);
            if (rec && !slot_ref(r, &rec->outputs, &rec->noutputs, name, h, views[k]))
                return false;
            if (rec)
                label(rec->outputs, rec->noutputs, a, names[k], -1);
            if (!name_view(r, name, views[k]))
                return false;
        }
    }
    return true;
}

/* seen_stage: the record of a stage as stages.def describes it: its
 * operation, its operands (whole matrices first, then head by head) as
 * views, its results taken into it; then what its explanation needs */
static bool seen_stage(Recorder *r, Stage stage, AttnActs *a) {
    OpKind op = stage_op(stage);
    if (stage == STAGE_ACTIVATION)
        op = a->cfg->activation == ACT_GELU ? OPX_GELU : a->cfg->activation == ACT_GELU_TANH ? OPX_GELU_TANH : OPX_RELU;
    Record *rec = record(r, stage, op);
    const char *inputs = stage_inputs(stage);
    char word[16], name[MLIST_NAME_MAX], head_name[MLIST_NAME_MAX];
    bool per_head;
    int cols = 0;
    for (int pass = 0; pass < 2; pass++) /* whole matrices, then per head */
        for (int h = 0; h < (pass ? r->opt.heads : 1); h++)
            for (int k = 0; stage_word(inputs, k, word, sizeof word, NULL); k++) {
                const Matrix *m = attn_input(a, word, name, sizeof name, &per_head);
                if (!m || per_head != (pass == 1))
                    continue;
                snprintf(head_name, sizeof head_name, pass ? "%s%d" : "%s", name, h);
                if (k == 0)
                    cols = m->cols;
                if (op == OPX_LAYERNORM && k == 1 && !m->rows) { /* no gamma: 1 when there is a beta */
                    char beta_word[16];
                    bool unused;
                    stage_word(inputs, 2, beta_word, sizeof beta_word, NULL);
                    const Matrix *b = attn_input(a, beta_word, name, sizeof name, &unused);
                    if (b && b->rows)
                        ones_for_gamma(r, rec, cols);
                    continue;
                }
                see_act(r, rec, a, word, head_name, pass ? h : -1, pass ? &m[h] : m);
            }
    /* the parameters its operation's explanation needs: a scaling
     * divides by √d_k (or what a mistake divides by), among the
     * next-token steps by the temperature */
    if (rec && op == OPX_SCALE && (stage_flags(stage) & SF_NEXT_TOKEN))
        rec->divisor = r->cfg.temperature;
    else if (rec && op == OPX_SCALE)
        rec->divisor = r->cfg.scale_dim < 0 ? 1.0f : sqrtf((float)(r->cfg.scale_dim ? r->cfg.scale_dim : r->num.d_k));
    if (rec && op == OPX_MASK)
        rec->mask_value = r->mask_value;
    if (rec && op == OPX_ROPE)
        rec->rope_base = r->cfg.rope_base, rec->rope_pairs = (int)r->cfg.rope_pairs;
    if (rec && (op == OPX_LAYERNORM || op == OPX_RMSNORM))
        rec->ln = r->cfg.ln;
    for (int k = 0; stage_word(stage_outputs(stage), k, word, sizeof word, NULL); k++) {
        Matrix *m = attn_act(a, word, &per_head);
        if (!m || !(per_head ? keep_heads(r, rec, a, word, m) : keep_act(r, rec, a, word, m)))
            return false;
    }
    if (rec && (stage_flags(stage) & SF_NEXT_TOKEN) && rec->noutputs > 0) {
        rec->nranked = record_rank(&rec->outputs[0].m, rec->ranked, RECORD_RANKED);
        rec->best_col = rec->nranked > 0 ? rec->ranked[0] : -1;
    }
    return true;
}

/* seen_output: a layer not recorded in full (`record L` names another)
 * tells only its output: one step holding it, computed by stages no
 * record shows */
static bool seen_output(Recorder *r, Stage stage, AttnActs *a) {
    char title[256];
    msg_format(title, sizeof title, lesson_language_is_zh(r->language) ? MSG_ZH : MSG_EN,
               MSG_LAYER_NOT_RECORDED, a->layer, a->layer);
    group_begin(r, title, NULL, NULL, r->pos);
    Record *rec = record(r, stage, OPX_VALUE);
    bool per_head;
    return keep_act(r, rec, a, stage == STAGE_FFN_RESIDUAL ? "R2" : "Y2",
                    attn_act(a, stage == STAGE_FFN_RESIDUAL ? "R2" : "Y2", &per_head));
}

/* top_tokens: the most probable next tokens, as lines for the narrative */
static void top_tokens(Recorder *r, const AttnActs *a) {
    const Matrix *p = &a->probs, *l = a->cfg->temperature != 1.0f ? &a->logits_T : &a->logits;
    int best[RECORD_RANKED], count = record_rank(p, best, RECORD_RANKED);
    MsgLang lang = lesson_language_is_zh(r->language) ? MSG_ZH : MSG_EN;
    size_t n = strlen(msg_format(r->top, sizeof r->top, lang, l == &a->logits ? MSG_NEXT_TOP : MSG_NEXT_TOP_T, count,
                                 (double)a->cfg->temperature));
    n += (size_t)snprintf(r->top + n, sizeof r->top - n, "\n");
    /* one paragraph of items held together by no-break spaces, so the
     * text pane wraps it into as few lines as its width allows (two or
     * three items a line at 80 columns) rather than ten */
    for (int k = 0; k < count && n < sizeof r->top; k++) {
        char label[32];
        if (r->vocab && r->nvocab == p->cols)
            snprintf(label, sizeof label, "%s", r->vocab[best[k]]);
        else
            snprintf(label, sizeof label, "%d", best[k]);
        n += (size_t)snprintf(r->top + n, sizeof r->top - n, "%s%d.\u00a0“%s”\u00a0%.2f%%\u00a0%.4f", k ? "   " : "",
                              k + 1, label, 100.0 * (double)mat_get(p, 0, best[k]), (double)mat_get(l, 0, best[k]));
    }
    r->num.top = r->top;
}

bool recorder_stage_done(void *ctx, Stage stage, AttnActs *a, Error *err) {
    Recorder *r = ctx;
    /* as where() titles it: the embeddings and the final norm are in no layer */
    r->at_layer = r->opt.layer == LAYER_ATTENTION || a->sub == SUB_FINAL || embeddings(a) ? -1 : a->layer;
    if (r->cfg.record_layer >= 0 && a->layer != r->cfg.record_layer && a->sub == SUB_FFN) {
        if (seen_output(r, stage, a))
            return true;
        r->reported = true;
        return err_set(err, "stopped");
    }
    if (stage == STAGE_NEXT_TOKEN)
        top_tokens(r, a);
    begin(r, stage, a);
    bool ok;
    switch (stage) {
    case STAGE_EMBED: ok = seen_embed(r, a); break;
    case STAGE_PROJECT:
    case STAGE_CROSS_PROJECT: ok = seen_project(r, stage, a); break;
    case STAGE_SPLIT: ok = seen_split(r, a); break;
    default: ok = seen_stage(r, stage, a); break;
    }
    if (!ok) {
        r->reported = true;
        err_set(err, "stopped");
    }
    return ok;
}


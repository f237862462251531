/* attention.c - the `attention` and `layer` statements: the whole canonical pipeline,
 * each stage a step of its own with its default title, formula and
 * narrative. It computes nothing itself: it runs attn_forward, the one
 * forward pass (so a lesson and `attnstep export` give bit-identical
 * numbers), as its observer, naming, recording and explaining each
 * stage's results as stages.def describes them.
 *
 *   attention E [heads N] [kv_heads G] [mask causal|none]
 *               [positions sinusoidal|learned [P]|rope|none]
 *               [rope_pairs interleaved|halves] [rope_base B]
 *
 * The weights are the names W_Q W_K W_V W_O (or Wq Wk Wv Wo), with the
 * optional biases b_Q b_K b_V b_O (or bq bk bv bo) and gamma, beta; with
 * `positions learned` also P (or the matrix named after `learned`), whose
 * first n rows are added to E.
 *
 *   layer encoder|decoder E [the options of attention] [norm pre|post]
 *         [ffn N] [activation relu|gelu|gelu_tanh] [layers N] [memory mem]
 *
 * A layer's feed-forward network reads W_1 W_2 (W1 W2), b_1 b_2, gamma_ff
 * beta_ff; a decoder's cross-attention cross_W_Q ... cross_beta; in a
 * stack of several layers every name has its layer's prefix, L0_W_Q,
 * L1_W_Q (attn_layer_prefix), layer 0's weights also found as W_Q.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attention/options.h"
#include "io/model_dir.h"
#include "lang/attention_run.h"



/* embeddings: the stage makes the stack's input, before any layer */
static bool embeddings(const AttnActs *a) { return a->layer == 0 && a->sub == SUB_SELF && !a->in.rows; }

/* where: "layer 1 · cross-attention: " before a `layer` statement's titles.
 * Layers are counted from 0, as the names (L1_A_h0), --layer and a
 * checkpoint's own names (h.1) count them, so a title and the matrix it
 * shows never disagree. */
static void where(const Run *r, const AttnActs *a, char *buf, size_t size) {
    buf[0] = '\0';
    if (r->opt.layer == LAYER_ATTENTION)
        return;
    const MsgLang lang = msg_lang_of(lesson_language_is_zh(r->in->out->language));
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
static bool shown_name(const Run *r, Stage stage, AttnActs *a, const char *id, char *buf, size_t size) {
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
static const char *as_shown(const Run *r, Stage stage, AttnActs *a, const char *t, bool prose, char *out,
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

static void begin(Run *r, Stage stage, AttnActs *a) {
    char buf[4096], formula[256], title[512];
    StageText t = stage_text(stage, r->in->out->language, &r->num, buf, sizeof buf);
    /* the default formulas say what this layer has: biases, a mask */
    const char *f = t.formula;
    const AttnWeights *w = a->w ? a->w : &r->w[0];
    bool bq = w->bq.rows || w->bk.rows || w->bv.rows;
    const char *x = a->cfg->norm_first ? "N" : "X";
    if (stage == STAGE_PROJECT && (bq || a->cfg->norm_first)) {
        snprintf(formula, sizeof formula, "Q = %s·W_Q%s   K = %s·W_K%s   V = %s·W_V%s", x, w->bq.rows ? " + b_Q" : "",
                 x, w->bk.rows ? " + b_K" : "", x, w->bv.rows ? " + b_V" : "");
        f = formula;
    } else if (stage == STAGE_CROSS_PROJECT) {
        snprintf(formula, sizeof formula, "Q = X·W_Q%s   K = memory·W_K%s   V = memory·W_V%s",
                 w->bq.rows ? " + b_Q" : "", w->bk.rows ? " + b_K" : "", w->bv.rows ? " + b_V" : "");
        f = formula;
    } else if (stage == STAGE_OUTPUT && w->bo.rows) {
        f = "O = Z·W_O + b_O";
    } else if (stage == STAGE_SOFTMAX && a->masked) {
        f = "A_h[i][j] = exp(M[i][j] − max_i) / Σ_k exp(M[i][k] − max_i)";
    } else if (stage == STAGE_SPLIT && r->cfg.kv_heads > 0 && r->cfg.kv_heads < r->opt.heads) {
        snprintf(formula, sizeof formula, "Q_h = Q[:, h·d_k : (h+1)·d_k]   K_h = K[:, g·d_k : (g+1)·d_k]   "
                 "g = ⌊h / %d⌋   d_k = %d", r->opt.heads / r->cfg.kv_heads, r->num.d_k);
        f = formula;
    } else if (stage == STAGE_EMBED && (r->cfg.positional == POS_ROPE || r->cfg.positional == POS_NONE)) {
        f = "X = E"; /* nothing is added */
    } else if (stage == STAGE_SCORES && r->cfg.positional == POS_ROPE) {
        f = "S_h = Qr_h·Kr_hᵀ";
    } else if (stage == STAGE_FFN_UP) {
        snprintf(formula, sizeof formula, "F1 = %s·W_1%s", a->cfg->norm_first ? "N2" : a->in_name,
                 w->b1.rows ? " + b_1" : "");
        f = formula;
    } else if (stage == STAGE_FFN_DOWN && !w->b2.rows) {
        f = "F = H·W_2";
    } else if ((stage == STAGE_RESIDUAL || stage == STAGE_FFN_RESIDUAL) && strcmp(a->in_name, "X") != 0) {
        snprintf(formula, sizeof formula, "%s = %s + %s", stage == STAGE_RESIDUAL ? "R" : "R2", a->in_name,
                 stage == STAGE_RESIDUAL ? "O" : "F");
        f = formula;
    } else if ((stage == STAGE_PRENORM || stage == STAGE_FFN_NORM || stage == STAGE_FINAL_NORM) &&
               strcmp(a->in_name, "X") != 0) {
        snprintf(formula, sizeof formula, "%s = γ ⊙ (%s − μ) / √(σ² + ε) + β",
                 stage == STAGE_PRENORM ? "N" : stage == STAGE_FFN_NORM ? "N2" : "Y_final", a->in_name);
        f = formula;
    }
    where(r, a, title, sizeof title);
    snprintf(title + strlen(title), sizeof title - strlen(title), "%s", t.title);
    /* the formula and the narrative name what the step shows: cross_W_Q,
     * L1_Q, Y for the sub-layer's input, N when it is normalised first */
    char shown_f[512], shown_n[4096];
    interp_group_begin(r->in, title, as_shown(r, stage, a, f, false, shown_f, sizeof shown_f),
                       t.narrative ? as_shown(r, stage, a, t.narrative, true, shown_n, sizeof shown_n) : NULL, r->s->pos);
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
static Record *record(Run *r, Stage stage, OpKind op) {
    Record *rec = interp_record_new(r->in, REC_VALUE, stage, r->s->pos);
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
static bool keep(Run *r, Record *rec, const char *name, int head, Matrix *act) {
    Matrix m = attn_take(act);
    if (!rec)
        return interp_env_take(r->in, name, &m);
    Matrix view = m;
    return interp_slot_take(r->in, &rec->outputs, &rec->noutputs, name, head, &m) &&
           interp_env_share(r->in, name, &view);
}

/* keep_heads: keep(word{h}) for every head, named where the pass is */
static bool keep_heads(Run *r, Record *rec, const AttnActs *a, const char *word, Matrix *per_head) {
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
static bool keep_act(Run *r, Record *rec, const AttnActs *a, const char *word, Matrix *act) {
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
static bool see(Run *r, Record *rec, const char *name, int head, const Matrix *m) {
    return rec && m && m->rows && interp_slot_ref(r->in, &rec->inputs, &rec->ninputs, name, head, m);
}

/* see_word: see() the operand that is canonical `word` in stages.def,
 * saying what its axes count */
static bool see_word(Run *r, Record *rec, const AttnActs *a, const char *word, const char *name, int head,
                     const Matrix *m) {
    if (!see(r, rec, name, head, m))
        return false;
    label(rec->inputs, rec->ninputs, a, word, -1);
    return true;
}

/* see_act: see_word() an operand the pass computed; one that keeps only
 * the last token's row (Y_last) says which token that is */
static void see_act(Run *r, Record *rec, const AttnActs *a, const char *word, const char *name, int head,
                    const Matrix *m) {
    int first = attn_act_first_token(a, m);
    if (see(r, rec, name, head, m)) {
        rec->inputs[rec->ninputs - 1].first_token = first;
        label(rec->inputs, rec->ninputs, a, word, first);
    }
}

/* ---- the observer: one record per stage (per Q, K, V for the projection) */

/* ones_for_gamma: a layer norm with beta but no gamma shows gamma = 1 */
static void ones_for_gamma(Run *r, Record *rec, int d) {
    Matrix ones = {0};
    if (!rec || !mat_alloc(&ones, 1, d, NULL))
        return;
    for (int j = 0; j < d; j++)
        mat_set(&ones, 0, j, 1.0f);
    interp_slot_take(r->in, &rec->inputs, &rec->ninputs, "gamma", -1, &ones);
}

static bool seen_embed(Run *r, AttnActs *a) {
    Record *rec;
    if (r->positions) {
        rec = record(r, STAGE_EMBED, OPX_POSITIONS);
        if (!keep_act(r, rec, a, "P", &a->P))
            return false;
    }
    rec = record(r, STAGE_EMBED, r->opt.positional == POS_SINUSOIDAL || r->opt.positional == POS_LEARNED
                                     ? stage_op(STAGE_EMBED) : OPX_VALUE);
    if (rec && r->E.owned) { /* evaluated for this statement: the record keeps it */
        if (interp_slot_take(r->in, &rec->inputs, &rec->ninputs, "E", -1, &r->E))
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
static bool seen_project(Run *r, Stage stage, AttnActs *a) {
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
static bool seen_split(Run *r, AttnActs *a) {
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
            if (rec && !interp_slot_ref(r->in, &rec->outputs, &rec->noutputs, name, h, views[k]))
                return false;
            if (rec)
                label(rec->outputs, rec->noutputs, a, names[k], -1);
            if (!interp_env_share(r->in, name, views[k]))
                return false;
        }
    }
    return true;
}

/* seen_stage: the record of a stage as stages.def describes it: its
 * operation, its operands (whole matrices first, then head by head) as
 * views, its results taken into it; then what its explanation needs */
static bool seen_stage(Run *r, Stage stage, AttnActs *a) {
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
    if (rec && stage == STAGE_SCALE)
        rec->divisor = r->cfg.scale_dim < 0 ? 1.0f : sqrtf((float)(r->cfg.scale_dim ? r->cfg.scale_dim : r->num.d_k));
    if (rec && stage == STAGE_MASK)
        rec->mask_value = r->in->mask_value;
    if (rec && stage == STAGE_TEMPERATURE)
        rec->divisor = r->cfg.temperature;
    if (rec && stage == STAGE_ROPE)
        rec->rope_base = r->cfg.rope_base, rec->rope_pairs = (int)r->cfg.rope_pairs;
    if (rec && op == OPX_LAYERNORM)
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
static bool seen_output(Run *r, Stage stage, AttnActs *a) {
    char title[256];
    msg_format(title, sizeof title, lesson_language_is_zh(r->in->out->language) ? MSG_ZH : MSG_EN,
               MSG_LAYER_NOT_RECORDED, a->layer, a->layer);
    interp_group_begin(r->in, title, NULL, NULL, r->s->pos);
    Record *rec = record(r, stage, OPX_VALUE);
    bool per_head;
    return keep_act(r, rec, a, stage == STAGE_FFN_RESIDUAL ? "R2" : "Y2",
                    attn_act(a, stage == STAGE_FFN_RESIDUAL ? "R2" : "Y2", &per_head));
}

/* top_tokens: the most probable next tokens, as lines for the narrative */
static void top_tokens(Run *r, const AttnActs *a) {
    const Matrix *p = &a->probs, *l = a->cfg->temperature != 1.0f ? &a->logits_T : &a->logits;
    int best[RECORD_RANKED], count = record_rank(p, best, RECORD_RANKED);
    MsgLang lang = lesson_language_is_zh(r->in->out->language) ? MSG_ZH : MSG_EN;
    const Lesson *lesson = r->in->out;
    size_t n = strlen(msg_format(r->top, sizeof r->top, lang, l == &a->logits ? MSG_NEXT_TOP : MSG_NEXT_TOP_T, count,
                                 (double)a->cfg->temperature));
    n += (size_t)snprintf(r->top + n, sizeof r->top - n, "\n");
    /* one paragraph of items held together by no-break spaces, so the
     * text pane wraps it into as few lines as its width allows (two or
     * three items a line at 80 columns) rather than ten */
    for (int k = 0; k < count && n < sizeof r->top; k++) {
        char label[32];
        if (lesson->vocab && lesson->nvocab == p->cols)
            snprintf(label, sizeof label, "%s", lesson->vocab[best[k]]);
        else
            snprintf(label, sizeof label, "%d", best[k]);
        n += (size_t)snprintf(r->top + n, sizeof r->top - n, "%s%d.\u00a0“%s”\u00a0%.2f%%\u00a0%.4f", k ? "   " : "",
                              k + 1, label, 100.0 * (double)mat_get(p, 0, best[k]), (double)mat_get(l, 0, best[k]));
    }
    r->num.top = r->top;
}

/* stage_done: the observer of attn_forward. A record that cannot be kept
 * has been reported already; the pass stops. */
static bool stage_done(void *ctx, Stage stage, AttnActs *a, Error *err) {
    Run *r = ctx;
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

/* mark_outputs_failed: every name the statement would have defined (the
 * outputs of every stage in stages.def) is marked failed, so later uses
 * are skipped without an error of their own */
static void mark_outputs_failed(const Run *r) {
    char word[16], name[MLIST_NAME_MAX];
    AttnConfig cfg = attn_config_default();
    cfg.layers = r->opt.layers;
    AttnActs where = {.cfg = &cfg};
    for (int l = 0; l < r->opt.layers && l < ATTN_MAX_LAYERS; l++)
        for (int sub = SUB_SELF; sub <= SUB_FINAL; sub++) {
            where.layer = l, where.sub = (Sublayer)sub;
            for (int st = STAGE_NONE + 1; st < STAGE_COUNT; st++)
                for (int k = 0; stage_word(stage_outputs((Stage)st), k, word, sizeof word, NULL); k++) {
                    size_t n = strlen(word);
                    bool per_head = n > 2 && strcmp(word + n - 2, "_h") == 0;
                    for (int h = 0; h < (per_head ? r->opt.heads : 1) && h < ATTN_MAX_HEADS; h++)
                        interp_mark_failed(r->in, attn_act_name(&where, word, per_head ? h : -1, name, sizeof name));
                }
        }
}

static bool run_pass(Run *rp, bool ok);

bool attnstmt_run(Interp *in, const Stmt *s) {
    Run r = {.in = in, .s = s, .at_layer = -1};
    return run_pass(&r, attnargs_options(&r));
}

/* env_view: the environment's matrix `name` as a view into *view; false
 * when there is none */
static bool env_view(Interp *in, const char *name, Matrix *view) {
    const Matrix *m = interp_env_get(in, name);
    if (m) {
        *view = *m;
        view->owned = false;
    }
    return m != NULL;
}

bool attnstmt_run_model(Interp *in, const Model *m, SrcPos pos) {
    /* the pass's records point at `pos`; the input is the model's E */
    Expr e = {.kind = E_NAME, .pos = pos, .span = 1, .name = "E"};
    Stmt s = {.kind = S_ATTENTION, .pos = pos, .span = 1, .expr = &e};
    Run r = {.in = in, .s = &s, .at_layer = -1};
    const AttnConfig *c = &m->cfg;
    r.opt.layer = c->layer;
    r.opt.heads = c->heads;
    r.opt.kv_heads = c->kv_heads > 0 && c->kv_heads != c->heads ? c->kv_heads : 0;
    r.opt.causal = c->causal;
    r.opt.positional = c->positional;
    r.positions = c->positional == POS_SINUSOIDAL;
    r.opt.rope_pairs = c->positional == POS_ROPE ? c->rope_pairs : ROPE_INTERLEAVED;
    r.opt.rope_base = c->positional == POS_ROPE ? c->rope_base : ATTN_ROPE_BASE;
    r.opt.layers = c->layer == LAYER_ATTENTION ? 1 : c->layers;
    r.opt.ffn = c->layer == LAYER_ATTENTION ? 0 : m->w[0].W1.cols;
    r.opt.norm_first = c->layer != LAYER_ATTENTION && c->norm_first;
    r.opt.activation = c->layer == LAYER_ATTENTION ? ACT_RELU : c->activation;
    r.opt.temperature = 1.0f;
    r.opt.record_layer = -1;
    bool ok = true;
    if (c->layer == LAYER_DECODER) {
        ok = env_view(in, "memory", &r.w[0].memory);
        r.memory_name = "memory";
    }
    if (m->w[0].unembed.rows) { /* a checkpoint: the next-token stages, one layer in full */
        ok = ok && env_view(in, "W_E", &r.w[0].unembed);
        r.unembed_name = "W_E";
        r.opt.temperature = c->temperature;
        r.opt.record_layer = c->record_layer;
    }
    return run_pass(&r, ok);
}

/* run_pass: the pass of a statement or a model whose options are in r
 * (ok: they were read), as its observer, recording each stage */
static bool run_pass(Run *rp, bool ok) {
    Run r = *rp;
    Interp *in = r.in;
    const Stmt *s = r.s;
    ok = ok && attnargs_embeddings(&r) && attnargs_weights(&r);
    if (ok && r.opt.record_layer >= r.opt.layers)
        ok = interp_error(in, s->pos, s->span, NULL, MSG_LAYER_RECORD, r.opt.record_layer, r.opt.layers, r.opt.layers - 1);
    /* per layer: four projections of n d^2, and n^2 d for the scores and
     * the sums; a cross-attention as much with m memory rows; the FFN 2 n d d_ff */
    double n = r.w[0].E.rows, d = r.w[0].E.cols, mem = r.w[0].memory.rows, ff = r.w[0].W1.cols;
    double per_layer = attn_layer_madds(n, d, ff) +
                       (r.opt.layer == LAYER_DECODER ? 2.0 * (n + mem) * d * d + 2.0 * n * mem * d : 0.0);
    ok = ok && interp_add_work(in, per_layer * r.opt.layers, s->pos, s->span);
    /* the pass allocates every head's n x n matrices before its records
     * keep them: the lesson's memory bound is checked before, not after
     * (each layer's attention at least; its feed-forward comes on top) */
    ok = ok && r.opt.heads >= 1 &&
         interp_fits(in, (long)(attn_run_numbers(r.w[0].E.rows, r.w[0].E.cols, r.opt.heads, r.opt.causal, r.positions) *
                                (r.opt.layers > 0 && r.opt.record_layer < 0 ? r.opt.layers : 1)),
                     s->pos, s->span);
    if (ok) {
        r.num = (StageNumbers){.n = r.w[0].E.rows, .d = r.w[0].E.cols, .heads = r.opt.heads, .d_k = r.w[0].E.cols / r.opt.heads,
                               .eps = in->ln.eps, .mask = isinf(in->mask_value) ? NULL : "-1e9",
                               .rope_base = r.opt.rope_base, .ff = r.w[0].W1.cols, .act = attn_options[OPT_ACTIVATION].words[r.opt.activation],
                               .y = attn_final_norm(&(AttnConfig){.norm_first = r.opt.norm_first, .layer = r.opt.layer}, &r.w[0]) ? "Y_final" : "Y2",
                               .vocab = r.w[0].unembed.rows, .temperature = r.opt.temperature};
        r.cfg = attnargs_config(&r);
        if (r.unembed_name) /* `unembed W`: W's rows are the vocabulary */
            interp_name_is(in, r.unembed_name, 0, (Axis){AXIS_VOCAB, 0});
        if (s->expr->kind == E_NAME) /* `attention E`: E's rows are the text's tokens */
            interp_name_is(in, s->expr->name, 0, (Axis){AXIS_TOKENS, 0});
        char pairs[96], kv_note[512];
        int dk = r.num.d_k, half = dk / 2, len = 0;
        for (int m = 0; m < half && len < (int)sizeof pairs - 40; m++) {
            if (half > 3 && m == 2) { /* the first two pairs, …, the last */
                len += snprintf(pairs + len, sizeof pairs - (size_t)len, "…, ");
                m = half - 1;
            }
            int a = r.opt.rope_pairs == ROPE_HALVES ? m : 2 * m, b = r.opt.rope_pairs == ROPE_HALVES ? m + half : 2 * m + 1;
            len += snprintf(pairs + len, sizeof pairs - (size_t)len, "%s(%d, %d)", m ? ", " : "", a, b);
        }
        r.num.pairs = pairs;
        MsgLang pos_lang = lesson_language_is_zh(in->out->language) ? MSG_ZH : MSG_EN;
        if (r.opt.positional == POS_LEARNED)
            r.num.pos_note = msg_text(pos_lang, MSG_EMBED_POS_LEARNED);
        else if (r.opt.positional == POS_ROPE)
            r.num.pos_note = msg_text(pos_lang, MSG_EMBED_POS_ROPE);
        else if (r.opt.positional == POS_NONE)
            r.num.pos_note = msg_text(pos_lang, MSG_EMBED_POS_NONE);
        if (r.opt.kv_heads > 0 && r.opt.kv_heads < r.opt.heads) {
            int group = r.opt.heads / r.opt.kv_heads;
            MsgLang lang = lesson_language_is_zh(in->out->language) ? MSG_ZH : MSG_EN;
            if (r.opt.kv_heads == 1) /* one K/V head for all: multi-query attention */
                msg_format(kv_note, sizeof kv_note, lang, MSG_GQA_SPLIT_NOTE_ONE, r.opt.heads);
            else
                msg_format(kv_note, sizeof kv_note, lang, MSG_GQA_SPLIT_NOTE, r.opt.kv_heads, group, group);
            r.num.kv_note = kv_note;
        }
        AttnActs acts = {0};
        AttnObserver obs = {&r, stage_done};
        Error err;
        ok = attn_forward(r.w, &r.cfg, &acts, &obs, &err);
        if (!ok && !r.reported)
            attnargs_fail(&r, &err);
        attn_acts_free(&acts);
    }
    mat_free(&r.E);
    if (!ok)
        mark_outputs_failed(&r);
    return ok;
}

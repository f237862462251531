/* attention.c - the `attention` statement: the whole canonical pipeline,
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
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attention/pipeline.h"
#include "lang/interp_internal.h"
#include "lang/stage_text.h"

typedef struct Run {
    Interp *in;
    const Stmt *s;
    StageNumbers num;
    int heads, kv_heads;
    bool causal, positions;   /* positions: sinusoidal ones, computed (a P record) */
    Positional positional;
    RopePairs rope_pairs;
    float rope_base;
    const Arg *rope_option;   /* the first rope_pairs or rope_base, for its error */
    const Expr *learned;      /* the P of `positions learned P`, or NULL for P */
    char p_name[MLIST_NAME_MAX]; /* what the lesson calls the learned positions */
    AttnWeights w;    /* views of the environment's matrices: not owned */
    Matrix E;         /* the embeddings, owned until the first record takes them */
    AttnConfig cfg;
    bool reported;    /* the observer stopped the pass and said why */
} Run;

static bool fail(Run *r, Error *err) {
    return interp_error(r->in, r->s->pos, r->s->span, NULL, MSG_ATTENTION_FAILED, err->msg);
}

static void begin(Run *r, Stage stage) {
    char buf[4096], formula[256];
    StageText t = stage_text(stage, r->in->out->language, &r->num, buf, sizeof buf);
    /* the default formulas say what this layer has: biases, a mask */
    const char *f = t.formula;
    bool bq = r->w.bq.rows || r->w.bk.rows || r->w.bv.rows;
    if (stage == STAGE_PROJECT && bq) {
        snprintf(formula, sizeof formula, "Q = X·W_Q%s   K = X·W_K%s   V = X·W_V%s", r->w.bq.rows ? " + b_Q" : "",
                 r->w.bk.rows ? " + b_K" : "", r->w.bv.rows ? " + b_V" : "");
        f = formula;
    } else if (stage == STAGE_OUTPUT && r->w.bo.rows) {
        f = "O = Z·W_O + b_O";
    } else if (stage == STAGE_SOFTMAX && r->causal) {
        f = "A_h[i][j] = exp(M[i][j] − max_i) / Σ_k exp(M[i][k] − max_i)";
    } else if (stage == STAGE_SPLIT && r->cfg.kv_heads > 0 && r->cfg.kv_heads < r->heads) {
        snprintf(formula, sizeof formula, "Q_h = Q[:, h·d_k : (h+1)·d_k]   K_h = K[:, g·d_k : (g+1)·d_k]   "
                 "g = ⌊h / %d⌋   d_k = %d", r->heads / r->cfg.kv_heads, r->num.d_k);
        f = formula;
    } else if (stage == STAGE_EMBED && r->cfg.positional == POS_ROPE) {
        f = "X = E";
    } else if (stage == STAGE_SCORES && r->cfg.positional == POS_ROPE) {
        f = "S_h = Qr_h·Kr_hᵀ";
    }
    interp_group_begin(r->in, t.title, f, t.narrative, r->s->pos);
}

/* record: a new record of `stage` whose outputs `op` computes (usually
 * stage_op(stage), stages.def's op column) */
static Record *record(Run *r, Stage stage, OpKind op) {
    Record *rec = interp_record_new(r->in, REC_VALUE, stage, r->s->pos);
    if (rec) {
        rec->op = op;
        rec->heads = r->heads;
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

/* keep_heads: keep(prefix{h}) for every head */
static bool keep_heads(Run *r, Record *rec, const char *prefix, Matrix *per_head) {
    for (int h = 0; h < r->heads; h++) {
        char name[MLIST_NAME_MAX];
        snprintf(name, sizeof name, "%s%d", prefix, h);
        if (!keep(r, rec, name, h, &per_head[h]))
            return false;
    }
    return true;
}

/* see: an operand of a record, as a view (the lesson owns its data) */
static void see(Run *r, Record *rec, const char *name, int head, const Matrix *m) {
    if (rec && m && m->rows)
        interp_slot_ref(r->in, &rec->inputs, &rec->ninputs, name, head, m);
}

static bool options(Run *r) {
    Interp *in = r->in;
    const Stmt *s = r->s;
    r->heads = in->heads;
    r->rope_pairs = ROPE_INTERLEAVED;
    r->rope_base = ATTN_ROPE_BASE;
    for (int k = 0; k < s->noptions; k++) {
        const Arg *o = &s->options[k];
        char value[32] = "";
        if (o->value && (o->value->kind == E_NAME || o->value->kind == E_NUMBER))
            eval_expr_text(in, o->value, value, sizeof value);
        if (strcmp(o->name, "heads") == 0 && o->value) {
            long h;
            if (!eval_int(in, o->value, 1, ATTN_MAX_HEADS, MSG_WHAT_HEADS, &h))
                return false;
            r->heads = (int)h;
        } else if (strcmp(o->name, "kv_heads") == 0 && o->value) {
            long h;
            if (!eval_int(in, o->value, 1, ATTN_MAX_HEADS, MSG_WHAT_KV_HEADS, &h))
                return false;
            r->kv_heads = (int)h;
        } else if (strcmp(o->name, "mask") == 0 && (!strcmp(value, "causal") || !strcmp(value, "none"))) {
            r->causal = value[0] == 'c';
        } else if (strcmp(o->name, "positions") == 0 && (!strcmp(value, "sinusoidal") || !strcmp(value, "none") ||
                                                         !strcmp(value, "rope") || !strcmp(value, "learned"))) {
            r->positional = value[0] == 's' ? POS_SINUSOIDAL : value[0] == 'r' ? POS_ROPE
                          : value[0] == 'l' ? POS_LEARNED : POS_NONE;
            r->learned = o->operand;
        } else if (strcmp(o->name, "rope_pairs") == 0 && (!strcmp(value, "interleaved") || !strcmp(value, "halves"))) {
            r->rope_pairs = value[0] == 'h' ? ROPE_HALVES : ROPE_INTERLEAVED;
            r->rope_option = r->rope_option ? r->rope_option : o;
        } else if (strcmp(o->name, "rope_base") == 0 && o->value) {
            Matrix b = {0};
            double v = 0;
            bool ok = eval_expr(in, o->value, &b, NULL);
            bool scalar = ok && eval_scalar_of(&b, &v);
            mat_free(&b);
            if (!ok)
                return false;
            if (!scalar)
                return interp_error(in, o->value->pos, o->value->span, NULL, MSG_ONE_NUMBER,
                                    hint_text(in, MSG_WHAT_ROPE_BASE));
            r->rope_base = (float)v;
            r->rope_option = r->rope_option ? r->rope_option : o;
        } else {
            return interp_error(in, o->pos, (int)strlen(o->name),
                            hint_text(in, MSG_HINT_ATTENTION_OPTION), MSG_ATTENTION_OPTION, o->name, value[0] ? " " : "", value);
        }
    }
    if (r->rope_option && r->positional != POS_ROPE)
        return interp_error(in, r->rope_option->pos, (int)strlen(r->rope_option->name),
                            hint_text(in, MSG_HINT_ATTENTION_ROPE), MSG_ATTENTION_ROPE_ONLY, r->rope_option->name);
    r->positions = r->positional == POS_SINUSOIDAL;
    return true;
}

/* learned_positions: P of `positions learned [P]`: the matrix of that
 * name in the environment, as a view */
static bool learned_positions(Run *r) {
    const Expr *e = r->learned;
    SrcPos pos = e ? e->pos : r->s->pos;
    int span = e ? e->span : r->s->span;
    const char *name = !e ? "P" : e->kind == E_NAME ? e->name : NULL;
    if (!name) {
        char text[MLIST_NAME_MAX];
        eval_expr_text(r->in, e, text, sizeof text);
        return interp_error(r->in, pos, span, hint_text(r->in, MSG_HINT_ATTENTION_LEARNED), MSG_ATTENTION_LEARNED,
                            text);
    }
    snprintf(r->p_name, sizeof r->p_name, "%s", name);
    const Matrix *named = interp_env_get(r->in, name);
    if (!named) {
        if (interp_name_failed(r->in, name))
            return false;
        return interp_error(r->in, pos, span, hint_text(r->in, MSG_HINT_ATTENTION_LEARNED), MSG_ATTENTION_LEARNED,
                            name);
    }
    r->w.P = *named;
    r->w.P.owned = false;
    return interp_check_finite(r->in, &r->w.P, name, pos, span);
}

/* find_weights: the layer's weights from the environment, by either of
 * their names (W_Q or Wq); views, not copies */
static bool find_weights(Run *r) {
    for (int k = 0; k < WEIGHT_COUNT; k++) {
        const WeightName *n = &attn_weight_names[k];
        if (k == WEIGHT_E || k == WEIGHT_P)
            continue;
        const Matrix *m = interp_env_get(r->in, n->lesson);
        if (!m)
            m = interp_env_get(r->in, n->file);
        if (m) {
            *attn_weight(&r->w, (WeightId)k) = *m;
            attn_weight(&r->w, (WeightId)k)->owned = false;
        } else if (!n->optional) {
            if (interp_name_failed(r->in, n->lesson) || interp_name_failed(r->in, n->file))
                return false;
            return interp_error(r->in, r->s->pos, r->s->span, hint_text(r->in, MSG_HINT_ATTENTION_WEIGHT),
                                MSG_ATTENTION_WEIGHT, n->lesson, n->file);
        }
    }
    if (r->positional == POS_LEARNED && !learned_positions(r))
        return false;
    AttnConfig cfg = attn_config_default();
    cfg.heads = r->heads;
    cfg.kv_heads = r->kv_heads;
    cfg.positional = r->positional;
    cfg.rope_pairs = r->rope_pairs;
    cfg.rope_base = r->rope_base;
    cfg.ln = r->in->ln;
    Error err;
    if (attn_validate(&r->w, &cfg, &err))
        return true;
    if (strncmp(err.msg, "P is", 4) == 0 && strcmp(r->p_name, "P") != 0) {
        Error named;
        err_set(&named, "%s", r->p_name);
        size_t at = strlen(named.msg);
        snprintf(named.msg + at, sizeof named.msg - at, "%s", err.msg + 1);
        err = named;
    }
    /* the pipeline names its weights as model files do (Wq, bq); say
     * them as this lesson wrote them */
    for (int k = 0; k < WEIGHT_COUNT; k++) {
        const WeightName *n = &attn_weight_names[k];
        size_t len = strlen(n->file);
        if (strncmp(err.msg, n->file, len) == 0 && err.msg[len] == ' ' && strcmp(n->file, n->lesson) != 0 &&
            interp_env_get(r->in, n->lesson)) {
            char msg[ERROR_MSG_MAX];
            snprintf(msg, sizeof msg, "%s%s", n->lesson, err.msg + len);
            snprintf(err.msg, sizeof err.msg, "%s", msg);
            break;
        }
    }
    return fail(r, &err);
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
        if (!keep(r, rec, "P", -1, &a->P))
            return false;
    }
    rec = record(r, STAGE_EMBED, r->positional == POS_SINUSOIDAL || r->positional == POS_LEARNED
                                     ? stage_op(STAGE_EMBED) : OPX_VALUE);
    if (rec && r->E.owned) /* evaluated for this statement: the record keeps it */
        interp_slot_take(r->in, &rec->inputs, &rec->ninputs, "E", -1, &r->E);
    else
        see(r, rec, "E", -1, &r->w.E);
    if (r->positions)
        see(r, rec, "P", -1, &a->P);
    if (r->positional == POS_LEARNED) { /* the rows of P for these n positions */
        Matrix rows = mat_view_rows(&r->w.P, 0, a->n);
        see(r, rec, r->p_name, -1, &rows);
    }
    return keep(r, rec, "X", -1, &a->X);
}

static bool seen_project(Run *r, AttnActs *a) {
    static const char *const out_names[3] = {"Q", "K", "V"};
    const WeightId W[3] = {WEIGHT_Wq, WEIGHT_Wk, WEIGHT_Wv}, b[3] = {WEIGHT_bq, WEIGHT_bk, WEIGHT_bv};
    Matrix *outs[3] = {&a->Q, &a->K, &a->V};
    for (int k = 0; k < 3; k++) {
        Record *rec = record(r, STAGE_PROJECT, stage_op(STAGE_PROJECT));
        see(r, rec, "X", -1, &a->X);
        see(r, rec, attn_weight_names[W[k]].lesson, -1, attn_weight_of(&r->w, W[k]));
        see(r, rec, attn_weight_names[b[k]].lesson, -1, attn_weight_of(&r->w, b[k]));
        if (!keep(r, rec, out_names[k], -1, outs[k]))
            return false;
    }
    return true;
}

/* the split's outputs are views of Q, K and V: nothing is copied */
static bool seen_split(Run *r, AttnActs *a) {
    Record *rec = record(r, STAGE_SPLIT, stage_op(STAGE_SPLIT));
    see(r, rec, "Q", -1, &a->Q), see(r, rec, "K", -1, &a->K), see(r, rec, "V", -1, &a->V);
    static const char *const names[3] = {"Q_h", "K_h", "V_h"};
    for (int h = 0; h < r->heads; h++) {
        const Matrix *views[3] = {&a->Qh[h], &a->Kh[h], &a->Vh[h]};
        for (int k = 0; k < 3; k++) {
            char name[MLIST_NAME_MAX];
            snprintf(name, sizeof name, "%s%d", names[k], h);
            if (rec && !interp_slot_ref(r->in, &rec->outputs, &rec->noutputs, name, h, views[k]))
                return false;
            if (!interp_env_share(r->in, name, views[k]))
                return false;
        }
    }
    return true;
}

/* operand: the matrix an input word of stages.def names ("X", "W_O",
 * "S_h"; "T_h|M_h": the masked scores when there is a mask); *per_head
 * is set for an array of heads */
static const Matrix *operand(Run *r, AttnActs *a, const char *word, char *name, size_t size, bool *per_head) {
    const char *bar = strchr(word, '|');
    bool second = bar && attn_computes(&r->cfg, bar + 1);
    snprintf(name, size, "%s", second ? bar + 1 : word);
    if (bar && !second)
        name[bar - word] = '\0';
    for (int k = 0; k < WEIGHT_COUNT; k++)
        if (strcmp(attn_weight_names[k].lesson, name) == 0) {
            *per_head = false;
            return attn_weight_of(&r->w, (WeightId)k);
        }
    return attn_act(a, name, per_head);
}

/* seen_stage: the record of a stage as stages.def describes it: its
 * operation, its operands (whole matrices first, then head by head) as
 * views, its results taken into it; then what its explanation needs */
static bool seen_stage(Run *r, Stage stage, AttnActs *a) {
    Record *rec = record(r, stage, stage_op(stage));
    const char *inputs = stage_inputs(stage);
    char word[16], name[16], head_name[MLIST_NAME_MAX];
    bool per_head;
    for (int pass = 0; pass < 2; pass++) /* whole matrices, then per head */
        for (int h = 0; h < (pass ? r->heads : 1); h++)
            for (int k = 0; stage_word(inputs, k, word, sizeof word, NULL); k++) {
                const Matrix *m = operand(r, a, word, name, sizeof name, &per_head);
                if (!m || per_head != (pass == 1))
                    continue;
                snprintf(head_name, sizeof head_name, pass ? "%s%d" : "%s", name, h);
                if (stage == STAGE_LAYERNORM && strcmp(name, "gamma") == 0 && !m->rows && r->w.beta.rows)
                    ones_for_gamma(r, rec, a->R.cols); /* inputs are R, gamma, beta */
                else
                    see(r, rec, head_name, pass ? h : -1, pass ? &m[h] : m);
            }
    if (rec && stage == STAGE_SCALE)
        rec->divisor = r->cfg.scale_dim < 0 ? 1.0f : sqrtf((float)(r->cfg.scale_dim ? r->cfg.scale_dim : r->num.d_k));
    if (rec && stage == STAGE_MASK)
        rec->mask_value = r->in->mask_value;
    if (rec && stage == STAGE_ROPE)
        rec->rope_base = r->cfg.rope_base, rec->rope_pairs = (int)r->cfg.rope_pairs;
    if (rec && stage == STAGE_LAYERNORM)
        rec->ln = r->cfg.ln;
    for (int k = 0; stage_word(stage_outputs(stage), k, word, sizeof word, NULL); k++) {
        Matrix *m = attn_act(a, word, &per_head);
        if (!m || !(per_head ? keep_heads(r, rec, word, m) : keep(r, rec, word, -1, m)))
            return false;
    }
    return true;
}

/* stage_done: the observer of attn_forward. A record that cannot be kept
 * has been reported already; the pass stops. */
static bool stage_done(void *ctx, Stage stage, AttnActs *a, Error *err) {
    Run *r = ctx;
    begin(r, stage);
    bool ok;
    switch (stage) {
    case STAGE_EMBED: ok = seen_embed(r, a); break;
    case STAGE_PROJECT: ok = seen_project(r, a); break;
    case STAGE_SPLIT: ok = seen_split(r, a); break;
    default: ok = seen_stage(r, stage, a); break;
    }
    if (!ok) {
        r->reported = true;
        err_set(err, "stopped");
    }
    return ok;
}

/* embeddings: E, a view of the environment's value when the statement
 * names one, else the value of its expression (owned) */
static bool embeddings(Run *r) {
    const Expr *e = r->s->expr;
    const Matrix *named = e->kind == E_NAME ? interp_env_get(r->in, e->name) : NULL;
    if (named) {
        r->w.E = *named;
        r->w.E.owned = false;
    } else {
        if (!eval_expr(r->in, e, &r->E, NULL))
            return false;
        r->w.E = r->E;
        r->w.E.owned = false;
    }
    return interp_check_finite(r->in, &r->w.E, hint_text(r->in, MSG_WHAT_EMBEDDINGS), e->pos, e->span);
}

/* mark_outputs_failed: every name the statement would have defined (the
 * outputs of every stage in stages.def) is marked failed, so later uses
 * are skipped without an error of their own */
static void mark_outputs_failed(const Run *r) {
    char word[16], name[MLIST_NAME_MAX];
    for (int st = STAGE_NONE + 1; st < STAGE_COUNT; st++)
        for (int k = 0; stage_word(stage_outputs((Stage)st), k, word, sizeof word, NULL); k++) {
            size_t n = strlen(word);
            bool per_head = n > 2 && strcmp(word + n - 2, "_h") == 0;
            for (int h = 0; h < (per_head ? r->heads : 1) && h < ATTN_MAX_HEADS; h++) {
                snprintf(name, sizeof name, per_head ? "%s%d" : "%s", word, h);
                interp_mark_failed(r->in, name);
            }
        }
}

/* config: the pipeline as this lesson's settings, and the mistake being
 * diagnosed (if any), would compute it */
static AttnConfig config(const Run *r) {
    const Interp *in = r->in;
    AttnConfig cfg = attn_config_default();
    cfg.heads = r->heads;
    cfg.kv_heads = r->kv_heads;
    cfg.causal = r->causal;
    cfg.mask_value = in->mask_value;
    cfg.positional = r->positional;
    cfg.rope_pairs = r->rope_pairs;
    cfg.rope_base = r->rope_base;
    cfg.ln = builtin_ln_as(in, in->ln);
    cfg.scale_dim = in->opt.mistake == MISTAKE_NO_SCALE ? -1 : in->opt.mistake == MISTAKE_SCALE_DMODEL ? r->num.d : 0;
    cfg.mask_skipped = in->opt.mistake == MISTAKE_NO_MASK;
    cfg.softmax = builtin_softmax_axis(in);
    return cfg;
}

bool attnstmt_run(Interp *in, const Stmt *s) {
    Run r = {.in = in, .s = s};
    bool ok = options(&r) && embeddings(&r) && find_weights(&r);
    /* four projections of n d^2, and n^2 d for the scores and the sums */
    double n = r.w.E.rows, d = r.w.E.cols;
    ok = ok && interp_add_work(in, 4.0 * n * d * d + 2.0 * n * n * d, s->pos, s->span);
    if (ok) {
        r.num = (StageNumbers){.n = r.w.E.rows, .d = r.w.E.cols, .heads = r.heads, .d_k = r.w.E.cols / r.heads,
                               .eps = in->ln.eps, .mask = isinf(in->mask_value) ? NULL : "-1e9",
                               .rope_base = r.rope_base};
        r.cfg = config(&r);
        char pairs[96], kv_note[512];
        int dk = r.num.d_k, half = dk / 2, len = 0;
        for (int m = 0; m < half && len < (int)sizeof pairs - 40; m++) {
            if (half > 3 && m == 2) { /* the first two pairs, …, the last */
                len += snprintf(pairs + len, sizeof pairs - (size_t)len, "…, ");
                m = half - 1;
            }
            int a = r.rope_pairs == ROPE_HALVES ? m : 2 * m, b = r.rope_pairs == ROPE_HALVES ? m + half : 2 * m + 1;
            len += snprintf(pairs + len, sizeof pairs - (size_t)len, "%s(%d, %d)", m ? ", " : "", a, b);
        }
        r.num.pairs = pairs;
        if (r.kv_heads > 0 && r.kv_heads < r.heads) {
            int group = r.heads / r.kv_heads;
            msg_format(kv_note, sizeof kv_note, lesson_language_is_zh(in->out->language) ? MSG_ZH : MSG_EN, MSG_GQA_SPLIT_NOTE, r.kv_heads, group, group);
            r.num.kv_note = kv_note;
        }
        AttnActs acts = {0};
        AttnObserver obs = {&r, stage_done};
        Error err;
        ok = attn_forward(&r.w, &r.cfg, &acts, &obs, &err);
        if (!ok && !r.reported)
            fail(&r, &err);
        attn_acts_free(&acts);
    }
    mat_free(&r.E);
    if (!ok)
        mark_outputs_failed(&r);
    return ok;
}

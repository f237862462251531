/* attention.c - the `attention` statement: the whole canonical pipeline,
 * each stage a step of its own with its default title, formula and
 * narrative, computed by the same stage functions as attn_run (so a lesson
 * and `attnstep export` give identical numbers).
 *
 *   attention E [heads N] [mask causal|none] [positions sinusoidal|none]
 *
 * The weights are the names W_Q W_K W_V W_O (or Wq Wk Wv Wo), with the
 * optional biases b_Q b_K b_V b_O (or bq bk bv bo) and gamma, beta.
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
    int heads;
    bool causal, positions;
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
    }
    interp_group_begin(r->in, t.title, f, t.narrative, r->s->pos);
}

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

/* see_heads: see(prefix{h}) for every head, interleaved for two prefixes
 * (Q_h0 K_h0 Q_h1 K_h1 ...); b may be NULL */
static void see_heads(Run *r, Record *rec, const char *pa, const Matrix *a, const char *pb, const Matrix *b) {
    for (int h = 0; h < r->heads; h++) {
        char name[MLIST_NAME_MAX];
        snprintf(name, sizeof name, "%s%d", pa, h), see(r, rec, name, h, &a[h]);
        if (b)
            snprintf(name, sizeof name, "%s%d", pb, h), see(r, rec, name, h, &b[h]);
    }
}

static bool options(Run *r) {
    Interp *in = r->in;
    const Stmt *s = r->s;
    r->heads = in->heads;
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
        } else if (strcmp(o->name, "mask") == 0 && (!strcmp(value, "causal") || !strcmp(value, "none"))) {
            r->causal = value[0] == 'c';
        } else if (strcmp(o->name, "positions") == 0 &&
                   (!strcmp(value, "sinusoidal") || !strcmp(value, "none"))) {
            r->positions = value[0] == 's';
        } else {
            return interp_error(in, o->pos, (int)strlen(o->name),
                            hint_text(in, MSG_HINT_ATTENTION_OPTION), MSG_ATTENTION_OPTION, o->name, value[0] ? " " : "", value);
        }
    }
    return true;
}

/* find_weights: the layer's weights from the environment, by either of
 * their names (W_Q or Wq); views, not copies */
static bool find_weights(Run *r) {
    for (int k = 0; k < WEIGHT_COUNT; k++) {
        const WeightName *n = &attn_weight_names[k];
        if (k == WEIGHT_E)
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
    AttnConfig cfg = attn_config_default();
    cfg.heads = r->heads;
    cfg.ln = r->in->ln;
    Error err;
    if (attn_validate(&r->w, &cfg, &err))
        return true;
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

static bool seen_embed(Run *r, AttnActs *a) {
    Record *rec;
    if (r->positions) {
        rec = record(r, STAGE_EMBED, OPX_POSITIONS);
        if (!keep(r, rec, "P", -1, &a->P))
            return false;
    }
    rec = record(r, STAGE_EMBED, r->positions ? OPX_ADD : OPX_VALUE);
    if (rec && r->E.owned) /* evaluated for this statement: the record keeps it */
        interp_slot_take(r->in, &rec->inputs, &rec->ninputs, "E", -1, &r->E);
    else
        see(r, rec, "E", -1, &r->w.E);
    if (r->positions)
        see(r, rec, "P", -1, &a->P);
    return keep(r, rec, "X", -1, &a->X);
}

static bool seen_project(Run *r, AttnActs *a) {
    static const char *const out_names[3] = {"Q", "K", "V"};
    const WeightId W[3] = {WEIGHT_Wq, WEIGHT_Wk, WEIGHT_Wv}, b[3] = {WEIGHT_bq, WEIGHT_bk, WEIGHT_bv};
    Matrix *outs[3] = {&a->Q, &a->K, &a->V};
    for (int k = 0; k < 3; k++) {
        Record *rec = record(r, STAGE_PROJECT, OPX_MATMUL);
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
    Record *rec = record(r, STAGE_SPLIT, OPX_HEAD);
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

static bool seen_heads(Run *r, Stage stage, AttnActs *a) {
    Interp *in = r->in;
    Record *rec;
    switch (stage) {
    case STAGE_SCORES:
        rec = record(r, stage, OPX_MATMUL_BT);
        see_heads(r, rec, "Q_h", a->Qh, "K_h", a->Kh);
        return keep_heads(r, rec, "S_h", a->S);
    case STAGE_SCALE:
        rec = record(r, stage, OPX_SCALE);
        if (rec)
            rec->divisor = r->cfg.scale_dim < 0 ? 1.0f : sqrtf((float)(r->cfg.scale_dim ? r->cfg.scale_dim : r->num.d_k));
        see_heads(r, rec, "S_h", a->S, NULL, NULL);
        return keep_heads(r, rec, "T_h", a->T);
    case STAGE_MASK:
        rec = record(r, stage, OPX_MASK);
        if (rec)
            rec->mask_value = in->mask_value;
        see_heads(r, rec, "T_h", a->T, NULL, NULL);
        return keep_heads(r, rec, "M_h", a->M);
    case STAGE_SOFTMAX:
        rec = record(r, stage, OPX_SOFTMAX);
        see_heads(r, rec, r->causal ? "M_h" : "T_h", r->causal ? a->M : a->T, NULL, NULL);
        return keep_heads(r, rec, "A_h", a->A);
    case STAGE_WEIGHTED:
        rec = record(r, stage, OPX_MATMUL);
        see_heads(r, rec, "A_h", a->A, "V_h", a->Vh);
        return keep_heads(r, rec, "Z_h", a->Zh);
    default:
        return false;
    }
}

static bool seen_tail(Run *r, Stage stage, AttnActs *a) {
    Record *rec;
    switch (stage) {
    case STAGE_CONCAT:
        rec = record(r, stage, OPX_CONCAT);
        see_heads(r, rec, "Z_h", a->Zh, NULL, NULL);
        return keep(r, rec, "Z", -1, &a->Z);
    case STAGE_OUTPUT:
        rec = record(r, stage, OPX_MATMUL);
        see(r, rec, "Z", -1, &a->Z);
        see(r, rec, attn_weight_names[WEIGHT_Wo].lesson, -1, &r->w.Wo);
        see(r, rec, attn_weight_names[WEIGHT_bo].lesson, -1, &r->w.bo);
        return keep(r, rec, "O", -1, &a->O);
    case STAGE_RESIDUAL:
        rec = record(r, stage, OPX_ADD);
        see(r, rec, "X", -1, &a->X);
        see(r, rec, "O", -1, &a->O);
        return keep(r, rec, "R", -1, &a->R);
    case STAGE_LAYERNORM:
        rec = record(r, stage, OPX_LAYERNORM);
        if (rec) {
            rec->ln = r->cfg.ln;
            see(r, rec, "R", -1, &a->R);
            /* inputs are R [, gamma [, beta]]: a beta without gamma gets gamma = 1 */
            Matrix ones = {0};
            if (r->w.beta.rows && !r->w.gamma.rows && mat_alloc(&ones, 1, a->R.cols, NULL)) {
                for (int j = 0; j < a->R.cols; j++)
                    mat_set(&ones, 0, j, 1.0f);
                interp_slot_take(r->in, &rec->inputs, &rec->ninputs, "gamma", -1, &ones);
            } else {
                see(r, rec, "gamma", -1, &r->w.gamma);
            }
            see(r, rec, "beta", -1, &r->w.beta);
        }
        return keep(r, rec, "Y", -1, &a->Y);
    default:
        return false;
    }
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
    case STAGE_SCORES:
    case STAGE_SCALE:
    case STAGE_MASK:
    case STAGE_SOFTMAX:
    case STAGE_WEIGHTED: ok = seen_heads(r, stage, a); break;
    default: ok = seen_tail(r, stage, a); break;
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

/* config: the pipeline as this lesson's settings, and the mistake being
 * diagnosed (if any), would compute it */
static AttnConfig config(const Run *r) {
    const Interp *in = r->in;
    AttnConfig cfg = attn_config_default();
    cfg.heads = r->heads;
    cfg.causal = r->causal;
    cfg.mask_value = in->mask_value;
    cfg.positional = r->positions ? POS_SINUSOIDAL : POS_NONE;
    cfg.ln = builtin_ln_as(in, in->ln);
    cfg.scale_dim = in->opt.mistake == MISTAKE_NO_SCALE ? -1 : in->opt.mistake == MISTAKE_SCALE_DMODEL ? r->num.d : 0;
    cfg.mask_skipped = in->opt.mistake == MISTAKE_NO_MASK;
    cfg.softmax = builtin_softmax_axis(in);
    return cfg;
}

bool attnstmt_run(Interp *in, const Stmt *s) {
    static const char *const outputs[] = {"P", "X", "Q", "K", "V", "Z", "O", "R", "Y", NULL};
    Run r = {.in = in, .s = s};
    bool ok = options(&r) && embeddings(&r) && find_weights(&r);
    /* four projections of n d^2, and n^2 d for the scores and the sums */
    double n = r.w.E.rows, d = r.w.E.cols;
    ok = ok && interp_add_work(in, 4.0 * n * d * d + 2.0 * n * n * d, s->pos, s->span);
    if (ok) {
        r.num = (StageNumbers){.n = r.w.E.rows, .d = r.w.E.cols, .heads = r.heads, .d_k = r.w.E.cols / r.heads,
                               .eps = in->ln.eps, .mask = isinf(in->mask_value) ? NULL : "-1e9"};
        r.cfg = config(&r);
        AttnActs acts = {0};
        AttnObserver obs = {&r, stage_done};
        Error err;
        ok = attn_forward(&r.w, &r.cfg, &acts, &obs, &err);
        if (!ok && !r.reported)
            fail(&r, &err);
        attn_acts_free(&acts);
    }
    mat_free(&r.E);
    if (!ok) {
        for (int k = 0; outputs[k]; k++)
            interp_mark_failed(in, outputs[k]);
        static const char *const per_head[] = {"Q_h", "K_h", "V_h", "S_h", "T_h", "M_h", "A_h", "Z_h", NULL};
        for (int h = 0; h < r.heads && h < ATTN_MAX_HEADS; h++)
            for (int k = 0; per_head[k]; k++) {
                char name[MLIST_NAME_MAX];
                snprintf(name, sizeof name, "%s%d", per_head[k], h);
                interp_mark_failed(in, name);
            }
    }
    return ok;
}

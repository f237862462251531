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
} Run;

static bool fail(Run *r, Error *err) {
    return interp_error(r->in, r->s->pos, r->s->span, NULL, "attention: %s", err->msg);
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

/* out: keep a result under `name` in the environment and as a record
 * output; the matrix is moved (freed here) */
static bool out(Run *r, Record *rec, const char *name, int head, Matrix *m) {
    bool ok = interp_env_set(r->in, name, m);
    if (rec)
        ok = interp_slot_take(r->in, &rec->outputs, &rec->noutputs, name, head, m) && ok;
    mat_free(m);
    return ok;
}

static void in_slot(Interp *in, Record *rec, const char *name, int head, const Matrix *m) {
    if (rec && m && m->rows)
        interp_slot_add(in, &rec->inputs, &rec->ninputs, name, head, m);
}

static const Matrix *weight(Run *r, const char *a, const char *b) {
    const Matrix *m = interp_env_get(r->in, a);
    return m ? m : interp_env_get(r->in, b);
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
            if (!eval_int(in, o->value, 1, ATTN_MAX_HEADS, "heads", &h))
                return false;
            r->heads = (int)h;
        } else if (strcmp(o->name, "mask") == 0 && (!strcmp(value, "causal") || !strcmp(value, "none"))) {
            r->causal = value[0] == 'c';
        } else if (strcmp(o->name, "positions") == 0 &&
                   (!strcmp(value, "sinusoidal") || !strcmp(value, "none"))) {
            r->positions = value[0] == 's';
        } else {
            return interp_error(in, o->pos, (int)strlen(o->name),
                            "attention E heads 2 mask causal positions sinusoidal",
                            "attention has the options 'heads N', 'mask causal|none' and "
                            "'positions sinusoidal|none', not '%s%s%s'", o->name, value[0] ? " " : "", value);
        }
    }
    return true;
}

static bool find_weights(Run *r, const Matrix *E) {
    static const char *const names[4][2] = {{"W_Q", "Wq"}, {"W_K", "Wk"}, {"W_V", "Wv"}, {"W_O", "Wo"}};
    Matrix *slots[4] = {&r->w.Wq, &r->w.Wk, &r->w.Wv, &r->w.Wo};
    for (int k = 0; k < 4; k++) {
        const Matrix *m = weight(r, names[k][0], names[k][1]);
        if (!m) {
            if (interp_name_failed(r->in, names[k][0]) || interp_name_failed(r->in, names[k][1]))
                return false;
            return interp_error(r->in, r->s->pos, r->s->span, "W_Q, W_K, W_V, W_O = random 4x4 seed 1 scale 0.5",
                            "attention needs the weight %s (or %s): give it a value first", names[k][0],
                            names[k][1]);
        }
        *slots[k] = *m;
        slots[k]->owned = false;
    }
    static const char *const opt[6][2] = {{"b_Q", "bq"}, {"b_K", "bk"}, {"b_V", "bv"},
                                          {"b_O", "bo"}, {"gamma", "gamma"}, {"beta", "beta"}};
    Matrix *oslots[6] = {&r->w.bq, &r->w.bk, &r->w.bv, &r->w.bo, &r->w.gamma, &r->w.beta};
    for (int k = 0; k < 6; k++) {
        const Matrix *m = weight(r, opt[k][0], opt[k][1]);
        if (m) {
            *oslots[k] = *m;
            oslots[k]->owned = false;
        }
    }
    r->w.E = *E;
    AttnConfig cfg = attn_config_default();
    cfg.heads = r->heads;
    cfg.ln = r->in->ln;
    Error err;
    if (!attn_validate(&r->w, &cfg, &err)) {
        /* the pipeline names its weights as model files do (Wq, bq); say
         * them as this lesson wrote them */
        static const char *const pairs[][2] = {{"W_Q", "Wq"}, {"W_K", "Wk"}, {"W_V", "Wv"}, {"W_O", "Wo"},
                                               {"b_Q", "bq"}, {"b_K", "bk"}, {"b_V", "bv"}, {"b_O", "bo"}};
        for (size_t k = 0; k < sizeof pairs / sizeof pairs[0]; k++) {
            size_t n = strlen(pairs[k][1]);
            if (strncmp(err.msg, pairs[k][1], n) == 0 && err.msg[n] == ' ' && interp_env_get(r->in, pairs[k][0])) {
                char msg[ERROR_MSG_MAX];
                snprintf(msg, sizeof msg, "%s%s", pairs[k][0], err.msg + n);
                snprintf(err.msg, sizeof err.msg, "%s", msg);
            }
        }
        return fail(r, &err);
    }
    return true;
}

static bool stage_embed(Run *r, Matrix *X) {
    Error err;
    begin(r, STAGE_EMBED);
    Matrix P = {0};
    Record *rec;
    if (r->positions) {
        if (!attn_positions(&P, r->num.n, r->num.d, &err))
            return fail(r, &err);
        rec = record(r, STAGE_EMBED, OPX_POSITIONS);
        Matrix keep;
        if (!mat_copy(&keep, &P, &err) || !out(r, rec, "P", -1, &keep)) {
            mat_free(&P);
            return false;
        }
    }
    rec = record(r, STAGE_EMBED, r->positions ? OPX_ADD : OPX_VALUE);
    in_slot(r->in, rec, "E", -1, &r->w.E);
    in_slot(r->in, rec, "P", -1, &P);
    bool ok = attn_embed(X, &r->w.E, r->positions ? &P : NULL, &err);
    mat_free(&P);
    Matrix keep;
    if (!ok || !mat_copy(&keep, X, &err))
        return fail(r, &err);
    return out(r, rec, "X", -1, &keep);
}

static bool stage_project(Run *r, const Matrix *X, Matrix qkv[3]) {
    static const char *const out_names[3] = {"Q", "K", "V"}, *const w_names[3] = {"W_Q", "W_K", "W_V"},
                             *const b_names[3] = {"b_Q", "b_K", "b_V"};
    const Matrix *W[3] = {&r->w.Wq, &r->w.Wk, &r->w.Wv}, *b[3] = {&r->w.bq, &r->w.bk, &r->w.bv};
    Error err;
    begin(r, STAGE_PROJECT);
    for (int k = 0; k < 3; k++) {
        Record *rec = record(r, STAGE_PROJECT, OPX_MATMUL);
        in_slot(r->in, rec, "X", -1, X);
        in_slot(r->in, rec, w_names[k], -1, W[k]);
        in_slot(r->in, rec, b_names[k], -1, b[k]);
        Matrix keep;
        if (!attn_project(&qkv[k], X, W[k], b[k], &err) || !mat_copy(&keep, &qkv[k], &err))
            return fail(r, &err);
        if (!out(r, rec, out_names[k], -1, &keep))
            return false;
    }
    return true;
}

/* the per-head stages: each record holds every head, tagged */
static bool stage_heads(Run *r, const Matrix qkv[3], Matrix *Zh) {
    Interp *in = r->in;
    const int H = r->heads;
    Error err;
    char name[MLIST_NAME_MAX];
    static const char *const qkv_names[3] = {"Q", "K", "V"};

    begin(r, STAGE_SPLIT);
    Record *rec = record(r, STAGE_SPLIT, OPX_HEAD);
    for (int k = 0; k < 3; k++)
        in_slot(r->in, rec, qkv_names[k], -1, &qkv[k]);
    for (int h = 0; h < H; h++)
        for (int k = 0; k < 3; k++) {
            Matrix view = attn_head(&qkv[k], H, h), copy;
            snprintf(name, sizeof name, "%s_h%d", qkv_names[k], h);
            if (!mat_copy(&copy, &view, &err) || !out(r, rec, name, h, &copy))
                return false;
        }

    size_t nheads = (size_t)(H > 0 ? H : 1); /* H >= 1: options() checked it */
    Matrix *S = calloc(nheads, sizeof *S), *T = calloc(nheads, sizeof *T), *A = calloc(nheads, sizeof *A);
    bool ok = S && T && A;
    Matrix keep;

    begin(r, STAGE_SCORES);
    rec = record(r, STAGE_SCORES, OPX_MATMUL_BT);
    for (int h = 0; ok && h < H; h++) {
        Matrix Qh = attn_head(&qkv[0], H, h), Kh = attn_head(&qkv[1], H, h);
        snprintf(name, sizeof name, "Q_h%d", h), in_slot(r->in, rec, name, h, &Qh);
        snprintf(name, sizeof name, "K_h%d", h), in_slot(r->in, rec, name, h, &Kh);
        snprintf(name, sizeof name, "S_h%d", h);
        ok = attn_scores(&S[h], &Qh, &Kh, &err) && mat_copy(&keep, &S[h], &err) && out(r, rec, name, h, &keep);
    }

    /* the scale stage, and the two mistakes about it that expect checks */
    int divisor_dim = in->opt.mistake == MISTAKE_SCALE_DMODEL ? r->num.d : r->num.d_k;
    begin(r, STAGE_SCALE);
    rec = record(r, STAGE_SCALE, OPX_SCALE);
    if (rec)
        rec->divisor = in->opt.mistake == MISTAKE_NO_SCALE ? 1.0f : sqrtf((float)divisor_dim);
    for (int h = 0; ok && h < H; h++) {
        snprintf(name, sizeof name, "S_h%d", h), in_slot(r->in, rec, name, h, &S[h]);
        snprintf(name, sizeof name, "T_h%d", h);
        if (in->opt.mistake == MISTAKE_NO_SCALE)
            ok = mat_copy(&T[h], &S[h], &err);
        else
            ok = attn_scale(&T[h], &S[h], divisor_dim, &err);
        ok = ok && mat_copy(&keep, &T[h], &err) && out(r, rec, name, h, &keep);
    }

    bool masked = r->causal && in->opt.mistake != MISTAKE_NO_MASK;
    if (r->causal) {
        begin(r, STAGE_MASK);
        rec = record(r, STAGE_MASK, OPX_MASK);
        if (rec)
            rec->mask_value = in->mask_value;
        for (int h = 0; ok && h < H; h++) {
            Matrix M;
            snprintf(name, sizeof name, "T_h%d", h), in_slot(r->in, rec, name, h, &T[h]);
            snprintf(name, sizeof name, "M_h%d", h);
            ok = masked ? attn_mask(&M, &T[h], in->mask_value, &err) : mat_copy(&M, &T[h], &err);
            if (ok) {
                mat_free(&T[h]);
                T[h] = M; /* the softmax reads the masked scores */
                ok = mat_copy(&keep, &M, &err) && out(r, rec, name, h, &keep);
            }
        }
    }

    begin(r, STAGE_SOFTMAX);
    rec = record(r, STAGE_SOFTMAX, OPX_SOFTMAX);
    for (int h = 0; ok && h < H; h++) {
        snprintf(name, sizeof name, r->causal ? "M_h%d" : "T_h%d", h), in_slot(r->in, rec, name, h, &T[h]);
        snprintf(name, sizeof name, "A_h%d", h);
        ok = builtin_softmax_as(in, &T[h], &A[h], &err) && mat_copy(&keep, &A[h], &err) && out(r, rec, name, h, &keep);
    }

    begin(r, STAGE_WEIGHTED);
    rec = record(r, STAGE_WEIGHTED, OPX_MATMUL);
    for (int h = 0; ok && h < H; h++) {
        Matrix Vh = attn_head(&qkv[2], H, h);
        snprintf(name, sizeof name, "A_h%d", h), in_slot(r->in, rec, name, h, &A[h]);
        snprintf(name, sizeof name, "V_h%d", h), in_slot(r->in, rec, name, h, &Vh);
        snprintf(name, sizeof name, "Z_h%d", h);
        ok = attn_weighted_sum(&Zh[h], &A[h], &Vh, &err) && mat_copy(&keep, &Zh[h], &err) &&
             out(r, rec, name, h, &keep);
    }
    for (int h = 0; h < H; h++) {
        if (S) mat_free(&S[h]);
        if (T) mat_free(&T[h]);
        if (A) mat_free(&A[h]);
    }
    free(S), free(T), free(A);
    return ok || fail(r, &err);
}

static bool stage_tail(Run *r, const Matrix *X, Matrix *Zh) {
    const int H = r->heads;
    Error err;
    Matrix Z = {0}, O = {0}, R = {0}, Y = {0}, keep;
    char name[MLIST_NAME_MAX];
    const Matrix **parts = calloc((size_t)H, sizeof *parts);
    bool ok = parts != NULL;

    begin(r, STAGE_CONCAT);
    Record *rec = record(r, STAGE_CONCAT, OPX_CONCAT);
    for (int h = 0; ok && h < H; h++) {
        parts[h] = &Zh[h];
        snprintf(name, sizeof name, "Z_h%d", h);
        in_slot(r->in, rec, name, h, &Zh[h]);
    }
    ok = ok && attn_concat(&Z, parts, H, &err) && mat_copy(&keep, &Z, &err) && out(r, rec, "Z", -1, &keep);
    free(parts);

    begin(r, STAGE_OUTPUT);
    rec = record(r, STAGE_OUTPUT, OPX_MATMUL);
    in_slot(r->in, rec, "Z", -1, &Z);
    in_slot(r->in, rec, "W_O", -1, &r->w.Wo);
    in_slot(r->in, rec, "b_O", -1, &r->w.bo);
    ok = ok && attn_project(&O, &Z, &r->w.Wo, &r->w.bo, &err) && mat_copy(&keep, &O, &err) &&
         out(r, rec, "O", -1, &keep);

    begin(r, STAGE_RESIDUAL);
    rec = record(r, STAGE_RESIDUAL, OPX_ADD);
    in_slot(r->in, rec, "X", -1, X);
    in_slot(r->in, rec, "O", -1, &O);
    ok = ok && attn_residual(&R, X, &O, &err) && mat_copy(&keep, &R, &err) && out(r, rec, "R", -1, &keep);

    begin(r, STAGE_LAYERNORM);
    rec = record(r, STAGE_LAYERNORM, OPX_LAYERNORM);
    LnConvention conv = builtin_ln_as(r->in, r->in->ln);
    if (rec)
        rec->ln = conv;
    in_slot(r->in, rec, "R", -1, &R);
    /* inputs are R [, gamma [, beta]]: a beta without gamma gets gamma = 1 */
    Matrix ones = {0};
    if (r->w.beta.rows && !r->w.gamma.rows && mat_alloc(&ones, 1, R.cols, &err))
        for (int j = 0; j < R.cols; j++)
            mat_set(&ones, 0, j, 1.0f);
    in_slot(r->in, rec, "gamma", -1, r->w.gamma.rows ? &r->w.gamma : &ones);
    in_slot(r->in, rec, "beta", -1, &r->w.beta);
    mat_free(&ones);
    ok = ok && attn_layernorm(&Y, &R, &r->w.gamma, &r->w.beta, conv, &err) && mat_copy(&keep, &Y, &err) &&
         out(r, rec, "Y", -1, &keep);
    mat_free(&Z), mat_free(&O), mat_free(&R), mat_free(&Y);
    return ok || fail(r, &err);
}

bool attnstmt_run(Interp *in, const Stmt *s) {
    static const char *const outputs[] = {"P", "X", "Q", "K", "V", "Z", "O", "R", "Y", NULL};
    Run r = {.in = in, .s = s};
    Matrix E = {0}, X = {0}, qkv[3] = {{0}};
    Matrix *Zh = NULL;
    bool ok = options(&r) && eval_expr(in, s->expr, &E, NULL);
    if (ok && !interp_check_finite(in, &E, "the embeddings", s->expr->pos, s->expr->span))
        ok = false;
    ok = ok && find_weights(&r, &E);
    /* four projections of n d^2, and n^2 d for the scores and the sums */
    double n = E.rows, d = E.cols;
    ok = ok && interp_add_work(in, 4.0 * n * d * d + 2.0 * n * n * d, s->pos, s->span);
    if (ok) {
        r.num = (StageNumbers){.n = E.rows, .d = E.cols, .heads = r.heads, .d_k = E.cols / r.heads,
                               .eps = in->ln.eps, .mask = isinf(in->mask_value) ? NULL : "-1e9"};
        Zh = calloc((size_t)r.heads, sizeof *Zh);
        ok = Zh && stage_embed(&r, &X) && stage_project(&r, &X, qkv) && stage_heads(&r, qkv, Zh) &&
             stage_tail(&r, &X, Zh);
    }
    for (int h = 0; Zh && h < r.heads; h++)
        mat_free(&Zh[h]);
    free(Zh);
    mat_free(&E), mat_free(&X);
    for (int k = 0; k < 3; k++)
        mat_free(&qkv[k]);
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

/* pipeline_forward.c - the one forward pass that chains the stages
 * (pipeline.c) over activations kept from one pass to the next, telling
 * an observer after each stage; the lesson interpreter's `attention`
 * statement is such an observer; export uses attn_run, and callers that
 * want only Y attn_output.
 */
#include "attention/pipeline_internal.h"

#include "attention/fused.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* norm_stage: the stage a layer norm of stages.def (`stage`) is told as
 * under cfg: itself, or its RMSNorm row (norm_type rms) */
static Stage norm_stage(const AttnConfig *cfg, Stage stage) {
    if (cfg->norm != NORM_RMS)
        return stage;
    switch (stage) {
    case STAGE_PRENORM: return STAGE_RMS_PRENORM;
    case STAGE_LAYERNORM: return STAGE_RMS_NORM;
    case STAGE_FFN_NORM: return STAGE_RMS_FFN_NORM;
    case STAGE_FFN_LAYERNORM: return STAGE_RMS_FFN_LAYERNORM;
    case STAGE_FINAL_NORM: return STAGE_RMS_FINAL_NORM;
    default: return stage;
    }
}

/* told: whether the observer hears of `stage` where the pass is: a layer
 * other than cfg->record_layer tells only its output */
static bool told(const AttnActs *a, Stage stage) {
    const int keep = a->cfg->record_layer;
    const Stage output = a->cfg->norm_first ? STAGE_FFN_RESIDUAL : norm_stage(a->cfg, STAGE_FFN_LAYERNORM);
    return keep < 0 || a->layer == keep || a->sub == SUB_FINAL || stage == STAGE_EMBED ||
           (a->sub == SUB_FFN && stage == output);
}

/* every stage's results are checked before anyone sees them; `checked`
 * when the kernel that computed them already found them all finite */
static bool tell_checked(const AttnObserver *obs, Stage stage, AttnActs *a, bool checked, Error *err) {
    return (checked || attn_check_stage(stage, a, err)) &&
           (!obs || !told(a, stage) || obs->stage_done(obs->ctx, stage, a, err));
}

static bool tell(const AttnObserver *obs, Stage stage, AttnActs *a, Error *err) {
    return tell_checked(obs, stage, a, false, err);
}

/* the next token, after the stack: logits of the last token's row of the
 * stack's output (n, d) against every token's embedding, divided by the
 * temperature (when it is not 1), and their softmax; all (1, vocab) */
static bool next_token(AttnActs *a, const Matrix *out, const AttnObserver *obs, Error *err) {
    const AttnConfig *cfg = a->cfg;
    a->Y_last = mat_view_rows(out, out->rows - 1, 1);
    if (!attn_logits(&a->logits, &a->Y_last, &a->w->unembed, err) || !tell(obs, STAGE_LOGITS, a, err))
        return false;
    const Matrix *scores = &a->logits;
    if (cfg->temperature != 1.0f) {
        if (!attn_ensure(&a->logits_T, 1, a->logits.cols, err))
            return false;
        for (int t = 0; t < a->logits.cols; t++)
            mat_set(&a->logits_T, 0, t, mat_get(&a->logits, 0, t) / cfg->temperature);
        if (!tell(obs, STAGE_TEMPERATURE, a, err))
            return false;
        scores = &a->logits_T;
    }
    return attn_softmax(&a->probs, scores, SOFTMAX_ROWS, err) && tell(obs, STAGE_NEXT_TOKEN, a, err);
}

/* reserve_strips: room for a head's keys and values packed (k_floats,
 * v_floats) and for two strips of `strip_floats`, kept from one pass to
 * the next */
static bool reserve_strips(AttnActs *a, size_t k_floats, size_t v_floats, size_t strip_floats, Error *err) {
    const size_t k = mat_aligned_floats(k_floats), v = mat_aligned_floats(v_floats),
                 strip = mat_aligned_floats(strip_floats);
    if (!mat_scratch_reserve(&a->head_room, k + v + 2 * strip))
        return err_set_msg(err, MSG_PIPE_OUT_OF_MEMORY);
    a->packed_k = a->head_room.data;
    a->packed_v = a->packed_k + k;
    a->strip_s = a->packed_v + v;
    a->strip_a = a->strip_s + strip;
    return true;
}

/* heads_by_strips: the scores, scaling, mask (a->masked), softmax and
 * weighted-sum stages of every head, for the canonical softmax over rows,
 * computed strip of query rows by strip, so that a strip's scores are
 * still in cache when they are scaled, masked, normalised (one pass of
 * scale_mask_softmax_rows, which keeps T and M too) and multiplied by
 * V_h. The results are those of the stages one after another, bit for
 * bit: each product is one FMA chain over k however its rows are blocked,
 * and the kernel gives the three stages' bits. q, k are the heads' queries
 * and keys (rotated or not); scores are divided by sqrt(dim). *finite says
 * whether the kernel found every scaled score and weight finite (then so
 * are S, T and M's unmasked part).
 *
 * With several strips, a strip's scores and weights are computed in two
 * strips of scratch that stay in the cache, and copied to S and A past
 * the cache (keep_rows; the kernel writes T and M so): the n x n matrices
 * a recording keeps are written once, without first being read from
 * memory, and never evict the strip being worked on. */
static bool heads_by_strips(AttnActs *a, const Matrix *q, const Matrix *k, int dim, bool *finite, Error *err) {
    const KernelSet *ks = engine_kernels();
    const AttnConfig *cfg = a->cfg;
    const float s = 1.0f / sqrtf((float)dim); /* as attn_scale */
    *finite = true;
    for (int h = 0; h < cfg->heads; h++) {
        const int n = q[h].rows, m = k[h].rows;
        const bool pack = n > ATTN_FUSED_ROWS;
        if (q[h].cols != k[h].cols)
            return attn_scores(&a->S[h], &q[h], &k[h], err); /* says what is wrong */
        if (!attn_ensure(&a->S[h], n, m, err) || !attn_ensure(&a->T[h], n, m, err) || !attn_ensure(&a->A[h], n, m, err) ||
            (a->masked && !attn_ensure(&a->M[h], n, m, err)) || !attn_ensure(&a->Zh[h], n, a->Vh[h].cols, err) ||
            (pack && !reserve_strips(a, ks->packed_floats(k[h].cols, m), ks->packed_floats(m, a->Vh[h].cols),
                                     (size_t)ATTN_FUSED_ROWS * mat_aligned_floats((size_t)m), err)))
            return false;
        /* with several strips, K_h^T and V_h packed once for all of their
         * products (the same products as matmul_bt by K_h and matmul by V_h) */
        if (pack) {
            ks->pack(a->packed_k, &k[h], true);
            ks->pack(a->packed_v, &a->Vh[h], false);
        }
        for (int r0 = 0; r0 < n; r0 += ATTN_FUSED_ROWS) {
            const int b = n - r0 < ATTN_FUSED_ROWS ? n - r0 : ATTN_FUSED_ROWS;
            Matrix qb = mat_view_rows(&q[h], r0, b), S = mat_view_rows(&a->S[h], r0, b),
                   T = mat_view_rows(&a->T[h], r0, b), A = mat_view_rows(&a->A[h], r0, b),
                   M = a->masked ? mat_view_rows(&a->M[h], r0, b) : (Matrix){0},
                   Z = mat_view_rows(&a->Zh[h], r0, b);
            if (pack) {
                Matrix Ss = mat_over(a->strip_s, b, m), As = mat_over(a->strip_a, b, m);
                ks->matmul_packed(&Ss, &qb, a->packed_k);
                *finite &= ks->scale_mask_softmax_rows(&As, &Ss, s, a->masked, r0, cfg->mask_value, &T,
                                                       a->masked ? &M : NULL);
                ks->matmul_packed(&Z, &As, a->packed_v);
                ks->keep_rows(&S, &Ss);
                ks->keep_rows(&A, &As);
            } else {
                ks->matmul_scratch(&S, &qb, &k[h], true, &a->mm);
                *finite &= ks->scale_mask_softmax_rows(&A, &S, s, a->masked, r0, cfg->mask_value, &T,
                                                       a->masked ? &M : NULL);
                ks->matmul_scratch(&Z, &A, &a->Vh[h], false, &a->mm);
            }
        }
    }
    return true;
}

/* the per-head stages, each for every head before the next stage */
static bool run_heads(const AttnConfig *cfg, AttnActs *a, const AttnObserver *obs, Error *err) {
    const int H = cfg->heads, d_k = a->d / H, KV = attn_kv_heads(cfg);
    for (int h = 0; h < H; h++) {
        a->Qh[h] = attn_head(&a->Q, H, h);
        a->Kh[h] = attn_head(&a->K, KV, attn_kv_head(h, H, KV));
        a->Vh[h] = attn_head(&a->V, KV, attn_kv_head(h, H, KV));
    }
    if (!tell(obs, STAGE_SPLIT, a, err))
        return false;
    const bool rope = cfg->positional == POS_ROPE && a->sub == SUB_SELF; /* positions of one sequence */
    a->roped = rope;
    for (int h = 0; rope && h < H; h++)
        if (!attn_rope(&a->Qr[h], &a->Qh[h], cfg->rope_pairs, cfg->rope_base, err) ||
            !attn_rope(&a->Kr[h], &a->Kh[h], cfg->rope_pairs, cfg->rope_base, err))
            return false;
    if (rope && !tell(obs, STAGE_ROPE, a, err))
        return false;
    const Matrix *q = rope ? a->Qr : a->Qh, *k = rope ? a->Kr : a->Kh;
    int dim = cfg->scale_dim == 0 ? d_k : cfg->scale_dim;
    a->masked = cfg->causal && a->sub == SUB_SELF;
    bool finite;
    if (cfg->softmax == SOFTMAX_ROWS && dim > 0 && !(a->masked && cfg->mask_skipped))
        return heads_by_strips(a, q, k, dim, &finite, err) && tell_checked(obs, STAGE_SCORES, a, finite, err) &&
               tell_checked(obs, STAGE_SCALE, a, finite, err) &&
               (!a->masked || tell_checked(obs, STAGE_MASK, a, finite, err)) &&
               tell_checked(obs, STAGE_SOFTMAX, a, finite, err) && tell(obs, STAGE_WEIGHTED, a, err);
    /* a learner's mistake: the stages one after another */
    for (int h = 0; h < H; h++)
        if (!attn_scores(&a->S[h], &q[h], &k[h], err))
            return false;
    if (!tell(obs, STAGE_SCORES, a, err))
        return false;
    for (int h = 0; h < H; h++) {
        if (dim < 0 ? !attn_ensure(&a->T[h], a->S[h].rows, a->S[h].cols, err)
                    : !attn_scale(&a->T[h], &a->S[h], dim, err))
            return false;
        if (dim < 0)
            mat_put_cols(&a->T[h], &a->S[h], 0);
    }
    if (!tell(obs, STAGE_SCALE, a, err))
        return false;
    const Matrix *scores = a->T;
    if (a->masked) {
        for (int h = 0; h < H; h++) {
            if (!cfg->mask_skipped ? !attn_mask(&a->M[h], &a->T[h], cfg->mask_value, err)
                                   : !attn_ensure(&a->M[h], a->T[h].rows, a->T[h].cols, err))
                return false;
            if (cfg->mask_skipped)
                mat_put_cols(&a->M[h], &a->T[h], 0);
        }
        if (!tell(obs, STAGE_MASK, a, err))
            return false;
        scores = a->M;
    }
    for (int h = 0; h < H; h++)
        if (!attn_softmax(&a->A[h], &scores[h], cfg->softmax, err))
            return false;
    if (!tell(obs, STAGE_SOFTMAX, a, err))
        return false;
    for (int h = 0; h < H; h++)
        if (!attn_weighted_sum(&a->Zh[h], &a->A[h], &a->Vh[h], err))
            return false;
    return tell(obs, STAGE_WEIGHTED, a, err);
}

/* enter: the pass starts sub-layer `sub` of `layer`, reading *stream
 * (its name in stream_name) with weights w */
static void enter(AttnActs *a, int layer, Sublayer sub, const AttnWeights *w, const Matrix *stream,
                  const char *stream_name) {
    a->layer = layer, a->sub = sub, a->w = w, a->masked = false, a->roped = false;
    a->in = *stream;
    a->in.owned = false;
    snprintf(a->in_name, sizeof a->in_name, "%s", stream_name);
}

/* leave: the sub-layer's output `out` (a word of stages.def) becomes the
 * stream the next sub-layer reads */
static void leave(AttnActs *a, Matrix *stream, char *stream_name, const char *out) {
    bool per_head;
    *stream = *attn_act(a, out, &per_head);
    stream->owned = false;
    attn_act_name(a, out, -1, stream_name, MLIST_NAME_MAX);
}

/* prenorm: pre-LN's N = LN(X) (into *N, told as `stage`); the input a
 * sub-layer computes from: N, or X itself in post-LN */
static const Matrix *prenorm(AttnActs *a, Matrix *N, const Matrix *gamma, const Matrix *beta, Stage stage,
                             const AttnObserver *obs, Error *err) {
    if (!a->cfg->norm_first)
        return &a->in;
    if (!attn_norm(N, &a->in, gamma, beta, a->cfg, err) || !tell(obs, norm_stage(a->cfg, stage), a, err))
        return NULL;
    return N;
}

// an attention sub-layer: self (q, k, v from the stream) or cross (k, v from
// the memory (m, d)); the stream is (n, d); output Y (post-LN) or R (pre-LN)
static bool attention_sublayer(AttnActs *a, const AttnObserver *obs, Error *err) {
    const AttnConfig *cfg = a->cfg;
    const AttnWeights *w = a->w;
    const bool cross = a->sub == SUB_CROSS;
    const Matrix *x = prenorm(a, &a->N, &w->gamma, &w->beta, STAGE_PRENORM, obs, err);
    if (!x)
        return false;
    const Matrix *kv = cross ? &a->w->memory : x;
    if (!attn_project(&a->Q, x, &w->Wq, &w->bq, &a->mm, err) || !attn_project(&a->K, kv, &w->Wk, &w->bk, &a->mm, err) ||
        !attn_project(&a->V, kv, &w->Wv, &w->bv, &a->mm, err) || !tell(obs, cross ? STAGE_CROSS_PROJECT : STAGE_PROJECT, a, err))
        return false;
    if (!run_heads(cfg, a, obs, err))
        return false;
    const Matrix *parts[ATTN_MAX_HEADS];
    for (int h = 0; h < cfg->heads; h++)
        parts[h] = &a->Zh[h];
    if (!(attn_concat(&a->Z, parts, cfg->heads, err) && tell(obs, STAGE_CONCAT, a, err) &&
          attn_project(&a->O, &a->Z, &w->Wo, &w->bo, &a->mm, err) && tell(obs, STAGE_OUTPUT, a, err) &&
          attn_residual(&a->R, &a->in, &a->O, err) && tell(obs, STAGE_RESIDUAL, a, err)))
        return false;
    return cfg->norm_first ||
           (attn_norm(&a->Y, &a->R, &w->gamma, &w->beta, cfg, err) && tell(obs, norm_stage(cfg, STAGE_LAYERNORM), a, err));
}

// the feed-forward sub-layer: F1 = X @ W1 + b1 (n, d_ff), H = act(F1),
// F = H @ W2 + b2 (n, d), R2 = X + F; output Y2 = LN(R2) (post-LN) or R2.
// Gated (SwiGLU): G = X @ W_gate, U = X @ W_up (n, d_ff), each told as
// its stage, H = silu(G) * U, F = H @ W_down; no biases.
static bool ffn_sublayer(AttnActs *a, const AttnObserver *obs, Error *err) {
    const AttnConfig *cfg = a->cfg;
    const AttnWeights *w = a->w;
    const bool gated = cfg->activation == ACT_SWIGLU;
    const Matrix *x = prenorm(a, &a->N2, &w->gamma_ff, &w->beta_ff, STAGE_FFN_NORM, obs, err);
    if (!x)
        return false;
    if (gated ? !(attn_project(&a->G, x, &w->Wgate, NULL, &a->mm, err) && tell(obs, STAGE_GATE_PROJ, a, err) &&
                  attn_project(&a->U, x, &w->Wup, NULL, &a->mm, err) && tell(obs, STAGE_UP_PROJ, a, err) &&
                  attn_swiglu(&a->H, &a->G, &a->U, err) && tell(obs, STAGE_GATE, a, err) &&
                  attn_project(&a->F, &a->H, &w->Wdown, NULL, &a->mm, err) && tell(obs, STAGE_GATE_DOWN, a, err))
              : !(attn_project(&a->F1, x, &w->W1, &w->b1, &a->mm, err) && tell(obs, STAGE_FFN_UP, a, err) &&
                  attn_activation(&a->H, &a->F1, cfg->activation, err) && tell(obs, STAGE_ACTIVATION, a, err) &&
                  attn_project(&a->F, &a->H, &w->W2, &w->b2, &a->mm, err) && tell(obs, STAGE_FFN_DOWN, a, err)))
        return false;
    if (!attn_residual(&a->R2, &a->in, &a->F, err) || !tell(obs, STAGE_FFN_RESIDUAL, a, err))
        return false;
    return cfg->norm_first || (attn_norm(&a->Y2, &a->R2, &w->gamma_ff, &w->beta_ff, cfg, err) &&
                               tell(obs, norm_stage(cfg, STAGE_FFN_LAYERNORM), a, err));
}

bool attn_forward(const AttnWeights *w, const AttnConfig *cfg, AttnActs *a, const AttnObserver *obs,
                  Error *err) {
    if (!attn_validate(w, cfg, err) || !attn_acts_shape(a, w->E.rows, w->E.cols, cfg->heads, err))
        return false;
    a->cfg = cfg;
    a->layer = 0, a->sub = SUB_SELF, a->w = w, a->masked = false;
    const bool positions = cfg->positional == POS_SINUSOIDAL, learned = cfg->positional == POS_LEARNED;
    Matrix P = learned ? mat_view_rows(&w->P, 0, a->n) : (Matrix){0}; /* position i is row i */
    if (!positions)
        mat_free(&a->P); /* from an earlier pass with positions */
    else if (!attn_positions(&a->P, a->n, a->d, err))
        return false;
    if (!attn_embed(&a->X, &w->E, positions ? &a->P : learned ? &P : NULL, err) || !tell(obs, STAGE_EMBED, a, err))
        return false;
    Matrix stream = a->X;
    char name[MLIST_NAME_MAX] = "X";
    stream.owned = false;
    const char *out = cfg->norm_first ? "R" : "Y", *ffn_out = cfg->norm_first ? "R2" : "Y2";
    for (int l = 0; l < cfg->layers; l++) {
        enter(a, l, SUB_SELF, &w[l], &stream, name);
        if (!attention_sublayer(a, obs, err))
            return false;
        leave(a, &stream, name, out);
        if (cfg->layer == LAYER_DECODER) {
            AttnWeights cross = *w[l].cross;
            cross.memory = w->memory;
            enter(a, l, SUB_CROSS, &cross, &stream, name);
            bool ok = attention_sublayer(a, obs, err);
            a->w = NULL;
            if (!ok)
                return false;
            leave(a, &stream, name, out);
        }
        if (cfg->layer != LAYER_ATTENTION) {
            enter(a, l, SUB_FFN, &w[l], &stream, name);
            if (!ffn_sublayer(a, obs, err))
                return false;
            leave(a, &stream, name, ffn_out);
        }
    }
    enter(a, cfg->layers - 1, SUB_FINAL, w, &stream, name);
    const bool final = attn_final_norm(cfg, w);
    if (final && !(attn_norm(&a->Y_final, &a->in, &w->gamma_final, &w->beta_final, cfg, err) &&
                   tell(obs, norm_stage(cfg, STAGE_FINAL_NORM), a, err)))
        return false;
    return w->unembed.rows == 0 || next_token(a, final ? &a->Y_final : &a->in, obs, err);
}

bool attn_final_norm(const AttnConfig *cfg, const AttnWeights *w) {
    return cfg->norm_first ||
           (cfg->layer != LAYER_ATTENTION && (w->gamma_final.rows > 0 || w->beta_final.rows > 0));
}

const Matrix *attn_output_of(const AttnActs *a) {
    return a->w && attn_final_norm(a->cfg, a->w) ? &a->Y_final
         : a->cfg->layer != LAYER_ATTENTION      ? &a->Y2
                                                 : &a->Y;
}

bool attn_computes(const AttnConfig *cfg, const char *name) {
    if (strcmp(name, "M_h") == 0)
        return cfg->causal;
    if (strcmp(name, "Qr_h") == 0 || strcmp(name, "Kr_h") == 0)
        return cfg->positional == POS_ROPE;
    if (strcmp(name, "P") == 0)
        return cfg->positional == POS_SINUSOIDAL;
    if (strcmp(name, "logits_T") == 0)
        return cfg->temperature != 1.0f;
    return true;
}

/* encoder_fast: one post-LN encoder layer with its attention sub-layer on
 * the fused path (Y, no n x n matrix) and the feed-forward network by the
 * stages: the same Y2 as attn_forward. False when it does not apply or
 * cannot vouch for the result; the caller then runs the stages. */
static bool encoder_fast(const AttnWeights *w, const AttnConfig *cfg, AttnFused *fused, AttnActs *a, Matrix *Y2,
                         Error *err) {
    AttnConfig attention = *cfg;
    attention.layer = LAYER_ATTENTION;
    if (cfg->layer != LAYER_ENCODER || cfg->layers != 1 || attn_final_norm(cfg, w) || !attn_fusable(&attention) ||
        !attn_validate(w, cfg, err) || !attn_acts_shape(a, w->E.rows, w->E.cols, cfg->heads, err))
        return false;
    a->cfg = cfg;
    if (!attn_fused(w, &attention, &a->Y, fused, err))
        return false;
    enter(a, 0, SUB_FFN, w, &a->Y, "Y");
    if (!ffn_sublayer(a, NULL, err))
        return false;
    if (!(Y2->owned && mat_same_shape(Y2, &a->Y2))) {
        mat_free(Y2);
        if (!mat_alloc(Y2, a->Y2.rows, a->Y2.cols, err))
            return false;
    }
    mat_put_cols(Y2, &a->Y2, 0);
    return true;
}

bool attn_output(const AttnWeights *w, const AttnConfig *cfg, AttnFused *fused, AttnActs *acts, Matrix *Y,
                 Error *err) {
    /* The fused path where it applies (the same Y, bit for bit); where it
     * cannot vouch for a result (something not finite), the stages run and
     * name the stage and the cell, as attn_run does. */
    if (attn_fusable(cfg) && attn_fused(w, cfg, Y, fused, err))
        return true;
    AttnActs own = {0};
    AttnActs *a = acts ? acts : &own;
    if (encoder_fast(w, cfg, fused, a, Y, err)) {
        if (!acts)
            attn_acts_free(&own);
        return true;
    }
    bool ok = attn_forward(w, cfg, a, NULL, err);
    const Matrix *out = ok ? attn_output_of(a) : NULL;
    if (ok && !(Y->owned && mat_same_shape(Y, out))) {
        mat_free(Y);
        ok = mat_alloc(Y, out->rows, out->cols, err);
    }
    if (ok)
        mat_put_cols(Y, out, 0);
    if (!acts)
        attn_acts_free(&own);
    return ok;
}

/* the observer of attn_run: every result the pass owns moved into the
 * list under its canonical name (a view of another result, such as the
 * heads' columns of Q, is not listed) */
static bool record_all(void *ctx, Stage stage, AttnActs *a, Error *err) {
    MatrixList *out = ctx;
    char word[16];
    for (int k = 0; stage_word(stage_outputs(stage), k, word, sizeof word, NULL); k++) {
        bool per_head;
        Matrix *m = attn_act(a, word, &per_head);
        if (!m)
            return err_set_msg(err, MSG_PIPE_BAD_STAGE_WORD, word);
        for (int h = 0; h < (per_head ? a->heads : 1); h++) {
            if (!m[h].owned)
                continue;
            char name[MLIST_NAME_MAX];
            attn_act_name(a, word, per_head ? h : -1, name, sizeof name);
            Matrix t = attn_take(&m[h]);
            if (!mlist_put(out, name, &t, err))
                return false;
        }
    }
    return true;
}

double attn_run_numbers(int n, int d, int heads, bool causal, Positional positional) {
    double nd = (double)n * d, nn = (double)n * n;
    /* X Q K V Z O R Y, P; the heads' Z_h together are one n x d more, and
     * so are the rotated Qr_h and Kr_h each (with grouped K and V, K and
     * V are smaller: still counted as n x d); S, T, A (and M) are n x n
     * per head */
    int extra = positional == POS_SINUSOIDAL ? 1 : positional == POS_ROPE ? 2 : 0;
    return nd * (8 + extra + 1) + nn * heads * (3 + (causal ? 1 : 0));
}

bool attn_run(const AttnWeights *w, const AttnConfig *cfg, MatrixList *out, Error *err) {
    /* everything is kept: refuse before allocating what cannot fit */
    if (cfg->heads >= 1) {
        double need = attn_run_numbers(w->E.rows, w->E.cols, cfg->heads, cfg->causal, cfg->positional) *
                      sizeof(float);
        if (need > (double)ATTN_RUN_MAX_BYTES) {
            const double gib = 1024.0 * 1024 * 1024;
            err_set_msg(err, MSG_PIPE_TOO_BIG, need / gib, w->E.rows, w->E.cols, cfg->heads,
                        cfg->causal ? "four" : "three", (double)ATTN_RUN_MAX_BYTES / gib);
            return err_set_zh(err, MSG_PIPE_TOO_BIG, need / gib, w->E.rows, w->E.cols, cfg->heads,
                              cfg->causal ? "四个" : "三个", (double)ATTN_RUN_MAX_BYTES / gib);
        }
    }
    AttnActs acts = {0};
    AttnObserver obs = {out, record_all};
    bool ok = attn_forward(w, cfg, &acts, &obs, err);
    attn_acts_free(&acts);
    return ok;
}

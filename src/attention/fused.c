/* fused.c - Y of the attention layer without keeping any stage (fused.h).
 *
 * Per head h, K_h^T and V_h are packed once for the products of every
 * strip (KernelSet.pack), or, with a causal -inf mask, whose strips read
 * growing prefixes of them, K_h^T is made once and V_h copied to
 * contiguous rows; then per block of ATTN_FUSED_ROWS query rows
 * r0 .. r0+b-1:
 *   S = Q_h[r0:r0+b] @ K_h^T[:, 0:L]        (b, L) strip
 *   S = softmax(mask(S / sqrt(d_k)))        one kernel, in place
 *   Z[r0:r0+b, h cols] = S @ V_h[0:L]       straight into Z's head columns
 * where L = n, except under a causal -inf mask, where keys past the block's
 * last query are all masked: L is that query + 1 rounded up to a multiple
 * of 16 (any set's vector width), so each softmax row splits into vector
 * blocks and tail exactly as the full row would, and the keys dropped only
 * add exact zeros.
 */
#include "attention/fused.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void attn_fused_free(AttnFused *s) {
    mat_scratch_free(&s->buf);
    mat_free(&s->P);
    mat_scratch_free(&s->mm);
    *s = (AttnFused){0};
}

/* floats per row of an (rows, cols) matrix in the scratch: rows start on
 * MAT_ALIGN_BYTES boundaries, as in owned matrices */
static int padded(int cols) { return (int)mat_aligned_floats((size_t)cols); }

/* a (rows, cols) matrix at *next in the scratch; advances *next */
static Matrix carve(float **next, int rows, int cols) {
    Matrix m = mat_over(*next, rows, cols);
    *next += (size_t)rows * (size_t)m.stride;
    return m;
}

/* the scratch holds at least `floats` floats (contents not kept) */
static bool reserve(AttnFused *s, size_t floats, Error *err) {
    if (mat_scratch_reserve(&s->buf, floats))
        return true;
    return err_set_msg(err, MSG_FUSED_OUT_OF_MEMORY, (floats * sizeof(float)) >> 20);
}

// out = X @ W (+ b); X is (n, d), W is (d, d), b is (1, d) or empty; the
// product packs into *mm (kept)
static void project(Matrix *out, const Matrix *X, const Matrix *W, const Matrix *b, MatScratch *mm) {
    const KernelSet *ks = engine_kernels();
    ks->matmul_scratch(out, X, W, false, mm);
    if (b->rows != 0)
        ks->add_row(out, out, mat_row(b, 0));
}

// Z[:, head h] = softmax(mask(Q_h K_h^T / sqrt(d_k))) V_h; Q, K, V, Z are
// (n, d); KT (d_k, n) and Vc (n, d_k), or pk and pv (K_h^T and V_h packed)
// are scratch; strip has room for (ATTN_FUSED_ROWS, n); products not packed
// here pack into *mm. False when a score
// is not finite (nothing later can be: the softmax of finite scores is
// finite, and so are Z's rows, weighted means of V's)
static bool attend_head(Matrix *Z, const Matrix *Q, const Matrix *K, const Matrix *V, int h,
                        const AttnConfig *cfg, Matrix *KT, Matrix *Vc, float *pk, float *pv, float *strip,
                        MatScratch *mm) {
    const KernelSet *ks = engine_kernels();
    const int n = Q->rows;
    Matrix Qh = attn_head(Q, cfg->heads, h), Kh = attn_head(K, cfg->heads, h),
           Vh = attn_head(V, cfg->heads, h), Zh = attn_head(Z, cfg->heads, h);
    const float s = 1.0f / sqrtf((float)Qh.cols); /* as attn_scale */
    const bool skip_masked = cfg->causal && cfg->mask_value == -INFINITY;
    /* several strips multiply by all of K_h^T and V_h: packed once for all
     * of them (the products of matmul_bt by K_h and matmul by V_h) */
    const bool pack = !skip_masked && n > ATTN_FUSED_ROWS;
    if (pack) {
        ks->pack(pk, &Kh, true);
        ks->pack(pv, &Vh, false);
    } else {
        /* one strip, or strips reading growing prefixes of K_h^T's columns
         * and V_h's rows: K_h^T made once (the same products as Q_h @ K_h^T by
         * matmul_bt, in the same order), V_h's columns side by side (as
         * V's rows are d_model apart they would be read from memory each
         * time) */
        mat_transpose(KT, &Kh);
        mat_copy_cols(Vc, V, h * Vc->cols);
    }
    for (int r0 = 0; r0 < n; r0 += ATTN_FUSED_ROWS) {
        const int b = n - r0 < ATTN_FUSED_ROWS ? n - r0 : ATTN_FUSED_ROWS;
        int keys = n;
        if (skip_masked && (r0 + b + 15) / 16 * 16 < n)
            keys = (r0 + b + 15) / 16 * 16;
        Matrix Qb = mat_view_rows(&Qh, r0, b), Zb = mat_view_rows(&Zh, r0, b);
        Matrix S = {.rows = b, .cols = keys, .stride = padded(n), .data = strip, .owned = false};
        if (pack) {
            ks->matmul_packed(&S, &Qb, pk);
        } else {
            Matrix KTb = mat_view_cols(KT, 0, keys);
            ks->matmul_scratch(&S, &Qb, &KTb, false, mm);
        }
        /* false when a score, so also a weight, is not finite */
        if (!ks->scale_mask_softmax_rows(&S, &S, s, cfg->causal, r0, cfg->mask_value, NULL, NULL))
            return false;
        if (pack) {
            ks->matmul_packed(&Zb, &S, pv);
        } else {
            Matrix Vb = mat_view_rows(Vc, 0, keys);
            ks->matmul_scratch(&Zb, &S, &Vb, false, mm);
        }
    }
    return true;
}

/* The positions for (n, d), computed once per shape by attn_positions. */
static bool positions(AttnFused *s, int n, int d, Error *err) {
    if (s->P.rows == n && s->P.cols == d)
        return true;
    mat_free(&s->P);
    return attn_positions(&s->P, n, d, err);
}

bool attn_fusable(const AttnConfig *cfg) {
    const AttnConfig canonical = attn_config_default();
    return cfg->scale_dim == canonical.scale_dim && cfg->mask_skipped == canonical.mask_skipped &&
           cfg->softmax == canonical.softmax && attn_kv_heads(cfg) == cfg->heads &&
           (cfg->positional == POS_NONE || cfg->positional == POS_SINUSOIDAL) &&
           cfg->layer == LAYER_ATTENTION && !cfg->norm_first && /* the attention sub-layer alone */
           cfg->norm == NORM_LAYER;
}

bool attn_fused(const AttnWeights *w, const AttnConfig *cfg, Matrix *Y, AttnFused *scratch,
                Error *err) {
    if (!attn_validate(w, cfg, err))
        return false;
    if (!attn_fusable(cfg)) { /* the ordinary stages */
        AttnActs acts = {0};
        Matrix y = {0};
        bool ok = attn_forward(w, cfg, &acts, NULL, err) && mat_copy(&y, attn_output_of(&acts), err);
        attn_acts_free(&acts);
        if (ok) {
            mat_free(Y);
            *Y = y;
        }
        return ok;
    }
    AttnFused own = {0};
    AttnFused *s = scratch ? scratch : &own;
    const int n = w->E.rows, d = w->E.cols;
    const bool with_p = cfg->positional == POS_SINUSOIDAL;
    const size_t nd = (size_t)n * (size_t)padded(d);
    /* room for K_h^T or V_h packed, in whole aligned rows */
    const int d_k = d / cfg->heads;
    size_t packed = engine_kernels()->packed_floats(d_k, n);
    if (engine_kernels()->packed_floats(n, d_k) > packed)
        packed = engine_kernels()->packed_floats(n, d_k);
    packed = mat_aligned_floats(packed);
    bool ok = false;
    if ((with_p && !positions(s, n, d, err)) ||
        !reserve(s, (with_p ? 5 : 4) * nd + (size_t)n * (size_t)padded(d / cfg->heads) + 2 * packed +
                        (size_t)(ATTN_FUSED_ROWS + d / cfg->heads) * (size_t)padded(n), err))
        goto done;
    if (Y->rows != n || Y->cols != d || !Y->owned) {
        mat_free(Y);
        if (!mat_alloc(Y, n, d, err))
            goto done;
    }

    const KernelSet *ks = engine_kernels();
    float *next = s->buf.data;
    Matrix Q = carve(&next, n, d), K = carve(&next, n, d), V = carve(&next, n, d),
           Z = carve(&next, n, d), X = w->E;
    if (with_p) {
        X = carve(&next, n, d);
        ks->add(&X, &w->E, &s->P); /* as attn_embed */
    }
    Matrix KT = carve(&next, d / cfg->heads, n), Vc = carve(&next, n, d / cfg->heads);
    float *pk = next, *pv = next + packed;
    next += 2 * packed;
    float *strip = next;

    { /* Q, K, V = X @ Wq, Wk, Wv (+ biases), X packed once for the three */
        Matrix *const qkv[] = {&Q, &K, &V};
        const Matrix *const wts[] = {&w->Wq, &w->Wk, &w->Wv}, *const biases[] = {&w->bq, &w->bk, &w->bv};
        ks->matmul_many(qkv, &X, wts, 3, &s->mm);
        for (int i = 0; i < 3; i++)
            if (biases[i]->rows != 0)
                ks->add_row(qkv[i], qkv[i], mat_row(biases[i], 0));
    }
    /* X, Q, K and V are not scanned: an infinity or NaN in a row of X
     * makes its row of Q one too (each entry has a term x * w, infinite or
     * NaN), one in a row of Q or K the scores of that query or key (every
     * query meets every key in some strip), which the strips' kernel
     * reports; one in V reaches Z (times a weight > 0, or 0 * inf = NaN,
     * in the last query's row, which weighs every key), so O and R */
    for (int h = 0; h < cfg->heads; h++)
        if (!attend_head(&Z, &Q, &K, &V, h, cfg, &KT, &Vc, pk, pv, strip, &s->mm))
            goto not_finite;
    Matrix *O = &Q; /* Q is no longer needed */
    project(O, &Z, &w->Wo, &w->bo, &s->mm);
    ks->add(O, O, &X); /* R = O + X, the same bits as X + O */
    /* a Z or an O that is not finite makes R so, and Y follows R */
    if (!ks->all_finite(O, false))
        goto not_finite;
    ks->layernorm_rows(Y, O, w->gamma.rows ? mat_row(&w->gamma, 0) : NULL,
                       w->beta.rows ? mat_row(&w->beta, 0) : NULL, cfg->ln, NULL, NULL);
    if (!ks->all_finite(Y, false))
        goto not_finite;
    ok = true;
    goto done;
not_finite:
    err_set(err, "%s", ATTN_FUSED_NOT_FINITE);
done:
    if (!scratch)
        attn_fused_free(&own);
    return ok;
}

/* backward.c - the backward pass of one attention layer (backward.h): one
 * function per stage, then attn_backward chaining them from dY back to dE.
 * Plain loops, sums in double, one thread: the reference a fast version
 * is to be tested against. Each function is the derivative of its forward
 * stage in pipeline.c as that stage computes it (the same variance
 * convention, the same pairing of RoPE's columns, the same mask). A
 * layer's gradients are computed sub-layer by sub-layer from its output
 * back: the norm after the layer, the feed-forward network, the
 * attention, the embedding. */
#include "attention/backward.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* m becomes an owned rows × cols matrix of zeros */
static bool zeroed(Matrix *m, int rows, int cols, Error *err) {
    mat_free(m);
    if (!mat_alloc(m, rows, cols, err))
        return false;
    for (int i = 0; i < rows; i++)
        memset(mat_row(m, i), 0, (size_t)cols * sizeof(float));
    return true;
}

static bool shape_is(const Matrix *m, int rows, int cols, const char *name, Error *err) {
    if (m->rows == rows && m->cols == cols)
        return true;
    return err_set_msg(err, MSG_PIPE_SHAPE, name, m->rows, m->cols, rows, cols, "backward");
}

// C = op(A)·op(B), or C + op(A)·op(B) when `add`; op(M) is Mᵀ when its flag
// is set; each element summed in double and rounded once to float
static void product(Matrix *C, const Matrix *A, bool ta, const Matrix *B, bool tb, bool add) {
    const int rows = ta ? A->cols : A->rows, inner = ta ? A->rows : A->cols, cols = tb ? B->rows : B->cols;
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < cols; j++) {
            double s = add ? (double)mat_get(C, i, j) : 0.0;
            for (int k = 0; k < inner; k++)
                s += (double)(ta ? mat_get(A, k, i) : mat_get(A, i, k)) * (double)(tb ? mat_get(B, j, k) : mat_get(B, k, j));
            mat_set(C, i, j, (float)s);
        }
}

// db[0][j] = Σ_i d[i][j]; d is (n, m), db (1, m)
static void column_sums(Matrix *db, const Matrix *d) {
    for (int j = 0; j < d->cols; j++) {
        double s = 0.0;
        for (int i = 0; i < d->rows; i++)
            s += (double)mat_get(d, i, j);
        mat_set(db, 0, j, (float)s);
    }
}

bool attn_project_backward(Matrix *dX, Matrix *dW, Matrix *db, const Matrix *dOut, const Matrix *X, const Matrix *W,
                           bool add, Error *err) {
    if (!shape_is(W, X->cols, dOut->cols, "W", err) || !shape_is(dOut, X->rows, W->cols, "dOut", err))
        return false;
    if (add ? !shape_is(dX, X->rows, X->cols, "dX", err) : !zeroed(dX, X->rows, X->cols, err))
        return false;
    if (!zeroed(dW, W->rows, W->cols, err) || (db && !zeroed(db, 1, W->cols, err)))
        return false;
    product(dX, dOut, false, W, true, add); /* dX (+)= dOut·Wᵀ */
    product(dW, X, true, dOut, false, false); /* dW = Xᵀ·dOut */
    if (db)
        column_sums(db, dOut);
    return true;
}

/* one row's normalisation, as the forward computes it (kernels_scalar.c):
 * the centre (0 for RMSNorm), the divisor s, and, for the derivative of s
 * with respect to each x_i, c with ∂s/∂x_i = c·(x_i − centre) */
typedef struct RowNorm {
    double centre, s, c;
    bool flat; /* normalised to 0 with no root to differentiate */
} RowNorm;

static RowNorm row_norm(const float *x, int d, const AttnConfig *cfg) {
    RowNorm r = {0};
    const LnConvention ln = cfg->ln;
    if (cfg->norm == NORM_RMS) {
        double sq = 0.0;
        for (int j = 0; j < d; j++)
            sq += (double)x[j] * (double)x[j];
        r.s = sqrt(sq / d + (double)ln.eps); /* ∂s/∂x_i = x_i / (d·s) */
        r.c = 1.0 / (d * r.s);
        r.flat = r.s == 0.0; /* a row of zeros with ε = 0: the forward's 0, no root */
        return r;
    }
    double sum = 0.0, sq = 0.0;
    bool constant = true;
    for (int j = 0; j < d; j++) {
        sum += (double)x[j];
        constant = constant && x[j] == x[0];
    }
    r.centre = constant ? (double)x[0] : (double)(float)(sum / d); /* the forward's float mean */
    for (int j = 0; j < d && !constant; j++)
        sq += ((double)x[j] - r.centre) * ((double)x[j] - r.centre);
    const int divisor = ln.variance == LN_VAR_SAMPLE ? d - 1 : d;
    const double var = divisor > 0 ? sq / divisor : 0.0;
    /* ∂var/∂x_i = 2(x_i − μ)/divisor (the deviations sum to 0, so μ's own
     * derivative drops out); s = √(var + ε): ∂s/∂var = 1/(2s); s = √var + ε:
     * 1/(2√var) */
    if (ln.eps_place == LN_EPS_INSIDE) {
        r.s = sqrt(var + (double)ln.eps);
        r.c = divisor > 0 && r.s > 0.0 ? 1.0 / (divisor * r.s) : 0.0;
        r.flat = r.s == 0.0;
    } else {
        r.s = sqrt(var) + (double)ln.eps;
        r.c = divisor > 0 && var > 0.0 ? 1.0 / (divisor * sqrt(var)) : 0.0;
        r.flat = var == 0.0; /* √var has no derivative at 0 */
    }
    /* the forward gives 0 for a row of variance 0 whatever ε is; with ε
     * inside the root that is the formula's own value, otherwise not */
    r.flat = r.flat || (var == 0.0 && ln.eps_place != LN_EPS_INSIDE);
    return r;
}

bool attn_norm_backward(Matrix *dR, Matrix *dgamma, Matrix *dbeta, const Matrix *dY, const Matrix *R,
                        const Matrix *gamma, const AttnConfig *cfg, Error *err) {
    const int n = R->rows, d = R->cols;
    const bool has_gamma = gamma && gamma->rows > 0;
    if (!shape_is(dY, n, d, "dY", err) || (has_gamma && !shape_is(gamma, 1, d, "gamma", err)) ||
        !zeroed(dR, n, d, err) || (dgamma && !zeroed(dgamma, 1, d, err)) || (dbeta && !zeroed(dbeta, 1, d, err)))
        return false;
    double *dxhat = malloc((size_t)d * sizeof *dxhat), *xhat = malloc((size_t)d * sizeof *xhat);
    double *sum_g = calloc((size_t)d, sizeof *sum_g), *sum_b = calloc((size_t)d, sizeof *sum_b);
    if (!dxhat || !xhat || !sum_g || !sum_b) {
        free(dxhat), free(xhat), free(sum_g), free(sum_b);
        return err_set_msg(err, MSG_MAT_OUT_OF_MEMORY, n, d);
    }
    for (int i = 0; i < n; i++) {
        const float *x = mat_row(R, i), *dy = mat_row(dY, i);
        RowNorm r = row_norm(x, d, cfg);
        // pass 1: x̂ as the forward made it, dx̂ = γ ⊙ dY, and their means
        double mean_dxhat = 0.0, mean_dev = 0.0; /* mean(dx̂), mean(dx̂ ⊙ (x − centre)) */
        for (int j = 0; j < d; j++) {
            xhat[j] = r.flat ? 0.0 : ((double)x[j] - r.centre) / r.s;
            dxhat[j] = (double)dy[j] * (has_gamma ? (double)mat_get(gamma, 0, j) : 1.0);
            sum_g[j] += (double)dy[j] * xhat[j];
            sum_b[j] += (double)dy[j];
            mean_dxhat += dxhat[j];
            mean_dev += dxhat[j] * ((double)x[j] - r.centre);
        }
        mean_dxhat /= d, mean_dev /= d;
        if (r.flat)
            continue; /* dR stays 0 */
        // pass 2: ∂x̂_j/∂x_i = (δ_ij − [layer norm] 1/d)/s − (x_j − centre)/s² · ∂s/∂x_i
        const bool centred = cfg->norm != NORM_RMS;
        for (int j = 0; j < d; j++) {
            double v = (dxhat[j] - (centred ? mean_dxhat : 0.0)) / r.s -
                       d * mean_dev / (r.s * r.s) * r.c * ((double)x[j] - r.centre);
            mat_set(dR, i, j, (float)v);
        }
    }
    for (int j = 0; j < d; j++) {
        if (dgamma)
            mat_set(dgamma, 0, j, (float)sum_g[j]);
        if (dbeta)
            mat_set(dbeta, 0, j, (float)sum_b[j]);
    }
    free(dxhat), free(xhat), free(sum_g), free(sum_b);
    return true;
}

bool attn_softmax_backward(Matrix *dT, const Matrix *dA, const Matrix *A, Error *err) {
    if (!shape_is(dA, A->rows, A->cols, "dA", err) || !zeroed(dT, A->rows, A->cols, err))
        return false;
    for (int i = 0; i < A->rows; i++) {
        // pass 1: the row sum Σ_j A ⊙ dA
        double dot = 0.0;
        for (int j = 0; j < A->cols; j++)
            dot += (double)mat_get(A, i, j) * (double)mat_get(dA, i, j);
        // pass 2: dT = A ⊙ (dA − that sum)
        for (int j = 0; j < A->cols; j++)
            mat_set(dT, i, j, (float)((double)mat_get(A, i, j) * ((double)mat_get(dA, i, j) - dot)));
    }
    return true;
}

bool attn_rope_backward(Matrix *dXh, const Matrix *dXr, RopePairs pairs, float base, Error *err) {
    const int d_k = dXr->cols;
    if (!zeroed(dXh, dXr->rows, d_k, err))
        return false;
    for (int i = 0; i < dXr->rows; i++)
        for (int j = 0; j < d_k; j++) {
            int m, partner;
            bool first;
            attn_rope_pair(j, d_k, pairs, &m, &partner, &first);
            double th = attn_rope_angle(i, m, d_k, base);
            double c = (double)(float)cos(th), s = (double)(float)sin(th); /* as the forward rounds them */
            double here = mat_get(dXr, i, j), there = mat_get(dXr, i, partner);
            /* forward: a' = a·c − b·s, b' = b·c + a·s; transposed:
             * da = da'·c + db'·s, db = db'·c − da'·s */
            mat_set(dXh, i, j, (float)(first ? here * c + there * s : here * c - there * s));
        }
    return true;
}

/* the per-head arrays of g, `heads` entries each */
static bool grads_shape(AttnGrads *g, int n, int d, int heads, bool rope, Error *err) {
    attn_grads_free(g);
    g->n = n, g->d = d, g->heads = heads;
    Matrix **arrays[] = {&g->dZh, &g->dA, &g->dT, &g->dS, &g->dQh, &g->dKh, &g->dVh, &g->dQr, &g->dKr};
    const int count = rope ? 9 : 7;
    for (int k = 0; k < count; k++)
        if (!(*arrays[k] = calloc((size_t)heads, sizeof(Matrix))))
            return err_set_msg(err, MSG_MAT_OUT_OF_MEMORY, heads, 1);
    return true;
}

/* what attn_backward does not differentiate yet, in both languages */
static bool supported(const AttnWeights *w, const AttnConfig *cfg, Error *err) {
    static const char *const what[][2] = {
        {"a decoder layer", "解码器层"},
        {"a stack of several layers", "多层堆叠"},
        {"the next-token stages", "下一个词元的各阶段"},
        {"a softmax over columns or over all entries", "按列或对全部元素做的 softmax"},
        {"a skipped mask", "跳过的掩码"},
    };
    const int k = cfg->layer == LAYER_DECODER      ? 0
                : cfg->layers != 1                 ? 1
                : w->unembed.rows > 0              ? 2
                : cfg->softmax != SOFTMAX_ROWS     ? 3
                : cfg->mask_skipped                ? 4
                                                   : -1;
    if (k < 0)
        return true;
    err_set_msg(err, MSG_BACKWARD_UNSUPPORTED, what[k][0]);
    return err_set_zh(err, MSG_BACKWARD_UNSUPPORTED, what[k][1]);
}

/* a += b, element by element; both (n, m) */
static void add_into(Matrix *a, const Matrix *b) {
    for (int i = 0; i < a->rows; i++)
        for (int j = 0; j < a->cols; j++)
            mat_set(a, i, j, mat_get(a, i, j) + mat_get(b, i, j));
}

/* d_in += the gradient through x = norm(in) of dx (pre-LN's N or N2) */
static bool through_prenorm(Matrix *d_in, const Matrix *dx, const Matrix *in, const Matrix *gamma, const Matrix *beta,
                            Matrix *dgamma, Matrix *dbeta, const AttnConfig *cfg, Error *err) {
    Matrix part = {0};
    bool ok = attn_norm_backward(&part, gamma->rows ? dgamma : NULL, beta->rows ? dbeta : NULL, dx, in, gamma, cfg, err);
    if (ok)
        add_into(d_in, &part);
    mat_free(&part);
    return ok;
}

/* the heads, from dZ to dQ, dK, dV (their split, positions, scores,
 * scaling, mask, softmax and weighted sum, in reverse) */
static bool heads_backward(const AttnActs *a, const AttnConfig *cfg, AttnGrads *g, Error *err) {
    const int n = a->n, d = a->d, H = cfg->heads, KV = attn_kv_heads(cfg), d_k = d / H;
    /* the self-attention of one sequence: the pass's own flags (a->roped,
     * a->masked) are those of the sub-layer it ended in */
    const bool rope = cfg->positional == POS_ROPE, masked = cfg->causal;
    const int dim = cfg->scale_dim == 0 ? d_k : cfg->scale_dim;
    const double scale = dim > 0 ? 1.0 / sqrt((double)dim) : 1.0;
    if (!zeroed(&g->dQ, n, d, err) || !zeroed(&g->dK, n, KV * d_k, err) || !zeroed(&g->dV, n, KV * d_k, err))
        return false;
    for (int h = 0; h < H; h++) {
        const int kvh = attn_kv_head(h, H, KV);
        Matrix dZh = mat_view_cols(&g->dZ, h * d_k, d_k); /* the concat's split */
        const Matrix *q = rope ? &a->Qr[h] : &a->Qh[h], *k = rope ? &a->Kr[h] : &a->Kh[h];
        // Z_h = A_h·V_h: dA_h = dZ_h·V_hᵀ, dV_h = A_hᵀ·dZ_h
        if (!mat_copy(&g->dZh[h], &dZh, err) || !zeroed(&g->dA[h], n, n, err) || !zeroed(&g->dVh[h], n, d_k, err))
            return false;
        product(&g->dA[h], &dZh, false, &a->Vh[h], true, false);
        product(&g->dVh[h], &a->A[h], true, &dZh, false, false);
        // A_h = softmax(M_h or T_h); a masked cell is a constant: its dT is 0
        if (!attn_softmax_backward(&g->dT[h], &g->dA[h], &a->A[h], err))
            return false;
        for (int i = 0; masked && i < n; i++)
            for (int j = i + 1; j < n; j++)
                mat_set(&g->dT[h], i, j, 0.0f);
        // T_h = S_h / √d_k
        if (!zeroed(&g->dS[h], n, n, err))
            return false;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                mat_set(&g->dS[h], i, j, (float)((double)mat_get(&g->dT[h], i, j) * scale));
        // S_h = q·kᵀ: dq = dS_h·k, dk = dS_hᵀ·q
        Matrix *dq = rope ? &g->dQr[h] : &g->dQh[h], *dk = rope ? &g->dKr[h] : &g->dKh[h];
        if (!zeroed(dq, n, d_k, err) || !zeroed(dk, n, d_k, err))
            return false;
        product(dq, &g->dS[h], false, k, false, false);
        product(dk, &g->dS[h], true, q, false, false);
        if (rope && (!attn_rope_backward(&g->dQh[h], dq, cfg->rope_pairs, cfg->rope_base, err) ||
                     !attn_rope_backward(&g->dKh[h], dk, cfg->rope_pairs, cfg->rope_base, err)))
            return false;
        // the split: head h's columns of Q; its K/V head's of K and V,
        // summed over the query heads that share them
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d_k; j++) {
                mat_set(&g->dQ, i, h * d_k + j, mat_get(&g->dQh[h], i, j));
                mat_set(&g->dK, i, kvh * d_k + j, mat_get(&g->dK, i, kvh * d_k + j) + mat_get(&g->dKh[h], i, j));
                mat_set(&g->dV, i, kvh * d_k + j, mat_get(&g->dV, i, kvh * d_k + j) + mat_get(&g->dVh[h], i, j));
            }
    }
    return true;
}

// the self-attention sub-layer: from d_out, the gradient of its output (Y
// post-LN, R pre-LN), to g->dX, that of its input X (n, d)
static bool attention_backward(const AttnActs *a, const AttnWeights *w, const AttnConfig *cfg, const Matrix *d_out,
                               AttnGrads *g, Error *err) {
    const int n = a->n, d = a->d;
    const bool pre = cfg->norm_first;
    // post-LN: Y = LN(R); then R = X + O: dX gets dR as it is, and dO = dR
    if (pre ? !mat_copy(&g->dR, d_out, err)
            : !attn_norm_backward(&g->dR, w->gamma.rows ? &g->dgamma : NULL, w->beta.rows ? &g->dbeta : NULL, d_out,
                                  &a->R, &w->gamma, cfg, err))
        return false;
    if (!mat_copy(&g->dO, &g->dR, err) || !mat_copy(&g->dX, &g->dR, err))
        return false;
    // O = Z·W_O + b_O
    if (!zeroed(&g->dZ, n, d, err) ||
        !attn_project_backward(&g->dZ, &g->dWo, w->bo.rows ? &g->dbo : NULL, &g->dO, &a->Z, &w->Wo, true, err) ||
        !heads_backward(a, cfg, g, err))
        return false;
    // Q = x·W_Q + b_Q, K = x·W_K + b_K, V = x·W_V + b_V, x = X (post-LN)
    // or N = LN(X) (pre-LN): three more terms of dX, or of dN
    const Matrix *x = pre ? &a->N : &a->X;
    Matrix *dx = pre ? &g->dN : &g->dX;
    if ((pre && !zeroed(&g->dN, n, d, err)) ||
        !attn_project_backward(dx, &g->dWq, w->bq.rows ? &g->dbq : NULL, &g->dQ, x, &w->Wq, true, err) ||
        !attn_project_backward(dx, &g->dWk, w->bk.rows ? &g->dbk : NULL, &g->dK, x, &w->Wk, true, err) ||
        !attn_project_backward(dx, &g->dWv, w->bv.rows ? &g->dbv : NULL, &g->dV, x, &w->Wv, true, err))
        return false;
    return !pre || through_prenorm(&g->dX, &g->dN, &a->X, &w->gamma, &w->beta, &g->dgamma, &g->dbeta, cfg, err);
}

double attn_activation_slope(double x, Activation act) {
    switch (act) {
    case ACT_SWIGLU: {
        const double s = 1.0 / (1.0 + exp(-x));
        return s * (1.0 + x * (1.0 - s));
    }
    case ACT_GELU: /* x·Φ(x): Φ(x) + x·φ(x) */
        return 0.5 * (1.0 + erf(x / sqrt(2.0))) + x * exp(-0.5 * x * x) / sqrt(2.0 * 3.14159265358979323846);
    case ACT_GELU_TANH: {
        const double c = sqrt(2.0 / 3.14159265358979323846), u = c * (x + 0.044715 * x * x * x), t = tanh(u);
        return 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * c * (1.0 + 3.0 * 0.044715 * x * x);
    }
    case ACT_RELU: break;
    }
    return x > 0.0 ? 1.0 : 0.0;
}

// the feed-forward sub-layer: from d_out, the gradient of its output (Y2
// post-LN, R2 pre-LN), to d_in, that of its input `in` (Y post-LN, R pre-LN)
static bool ffn_backward(const AttnActs *a, const AttnWeights *w, const AttnConfig *cfg, const Matrix *in,
                         const Matrix *d_out, Matrix *d_in, AttnGrads *g, Error *err) {
    const bool pre = cfg->norm_first, gated = cfg->activation == ACT_SWIGLU;
    const Matrix *f1 = gated ? &a->G : &a->F1; /* what the activation read */
    const int n = a->n, d = a->d, ff = f1->cols;
    // post-LN: Y2 = LN(R2); then R2 = in + F: d_in gets dR2 as it is, dF = dR2
    if (pre ? !mat_copy(&g->dR2, d_out, err)
            : !attn_norm_backward(&g->dR2, w->gamma_ff.rows ? &g->dgamma_ff : NULL,
                                  w->beta_ff.rows ? &g->dbeta_ff : NULL, d_out, &a->R2, &w->gamma_ff, cfg, err))
        return false;
    if (!mat_copy(&g->dF, &g->dR2, err) || !mat_copy(d_in, &g->dR2, err) || !zeroed(&g->dH, n, ff, err))
        return false;
    // F = H·W_2 + b_2 (gated: H·W_down)
    if (!(gated ? attn_project_backward(&g->dH, &g->dWdown, NULL, &g->dF, &a->H, &w->Wdown, true, err)
                : attn_project_backward(&g->dH, &g->dW2, w->b2.rows ? &g->db2 : NULL, &g->dF, &a->H, &w->W2, true,
                                        err)))
        return false;
    // H = act(F1): dF1 = dH ⊙ act'(F1); gated, H = silu(G) ⊙ U:
    // dG = dH ⊙ U ⊙ silu'(G) and dU = dH ⊙ silu(G)
    Matrix *df1 = gated ? &g->dG : &g->dF1;
    if (!zeroed(df1, n, ff, err) || (gated && !zeroed(&g->dU, n, ff, err)))
        return false;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < ff; j++) {
            const double v = mat_get(f1, i, j), dh = mat_get(&g->dH, i, j);
            const double u = gated ? (double)mat_get(&a->U, i, j) : 1.0;
            mat_set(df1, i, j, (float)(dh * u * attn_activation_slope(v, cfg->activation)));
            if (gated)
                mat_set(&g->dU, i, j, (float)(dh * attn_activate(v, ACT_SWIGLU)));
        }
    // F1 = x·W_1 + b_1 (gated: G = x·W_gate and U = x·W_up), x = in
    // (post-LN) or N2 = LN(in) (pre-LN)
    const Matrix *x = pre ? &a->N2 : in;
    Matrix *dx = pre ? &g->dN2 : d_in;
    if ((pre && !zeroed(&g->dN2, n, d, err)) ||
        !(gated ? attn_project_backward(dx, &g->dWgate, NULL, &g->dG, x, &w->Wgate, true, err) &&
                      attn_project_backward(dx, &g->dWup, NULL, &g->dU, x, &w->Wup, true, err)
                : attn_project_backward(dx, &g->dW1, w->b1.rows ? &g->db1 : NULL, &g->dF1, x, &w->W1, true, err)))
        return false;
    return !pre ||
           through_prenorm(d_in, &g->dN2, in, &w->gamma_ff, &w->beta_ff, &g->dgamma_ff, &g->dbeta_ff, cfg, err);
}

bool attn_backward(const AttnActs *a, const AttnWeights *w, const AttnConfig *cfg, const Matrix *dOut, AttnGrads *g,
                   Error *err) {
    if (!supported(w, cfg, err))
        return false;
    const int n = a->n, d = a->d;
    const bool pre = cfg->norm_first, ffn = cfg->layer == LAYER_ENCODER;
    if (!shape_is(dOut, n, d, "dOut", err) || !grads_shape(g, n, d, cfg->heads, cfg->positional == POS_ROPE, err))
        return false;
    // each sub-layer's output, the stream the next one reads
    const Matrix *attn_out = pre ? &a->R : &a->Y, *ffn_out = pre ? &a->R2 : &a->Y2;
    const Matrix *layer_out = ffn ? ffn_out : attn_out;
    // the norm after the layer (pre-LN's, or a post-LN stack's own)
    Matrix d_layer = {0}, d_attn = {0};
    bool ok;
    if (attn_final_norm(cfg, w))
        ok = mat_copy(&g->dY_final, dOut, err) &&
             attn_norm_backward(&d_layer, w->gamma_final.rows ? &g->dgamma_final : NULL,
                                w->beta_final.rows ? &g->dbeta_final : NULL, dOut, layer_out, &w->gamma_final, cfg,
                                err);
    else
        ok = mat_copy(&d_layer, dOut, err);
    if (ok && !pre && !mat_copy(ffn ? &g->dY2 : &g->dY, &d_layer, err))
        ok = false;
    if (ok && ffn)
        ok = ffn_backward(a, w, cfg, attn_out, &d_layer, &d_attn, g, err);
    else if (ok)
        ok = mat_copy(&d_attn, &d_layer, err);
    if (ok && !pre && ffn && !mat_copy(&g->dY, &d_attn, err))
        ok = false;
    ok = ok && attention_backward(a, w, cfg, &d_attn, g, err);
    mat_free(&d_layer), mat_free(&d_attn);
    if (!ok)
        return false;
    // X = E + P: both get dX (P's rows past n get nothing)
    if (!mat_copy(&g->dE, &g->dX, err))
        return false;
    if (cfg->positional == POS_LEARNED) {
        if (!zeroed(&g->dP, w->P.rows, d, err))
            return false;
        for (int i = 0; i < n; i++)
            memcpy(mat_row(&g->dP, i), mat_row(&g->dX, i), (size_t)d * sizeof(float));
    }
    return true;
}

void attn_grads_free(AttnGrads *g) {
    Matrix *single[] = {&g->dY, &g->dR, &g->dO, &g->dZ, &g->dQ, &g->dK, &g->dV, &g->dX, &g->dE, &g->dP,
                        &g->dWq, &g->dWk, &g->dWv, &g->dWo, &g->dbq, &g->dbk, &g->dbv, &g->dbo, &g->dgamma, &g->dbeta,
                        &g->dN, &g->dY2, &g->dR2, &g->dF, &g->dH, &g->dF1, &g->dG, &g->dU, &g->dN2, &g->dW1, &g->db1,
                        &g->dW2, &g->db2, &g->dWgate, &g->dWup, &g->dWdown, &g->dgamma_ff, &g->dbeta_ff,
                        &g->dY_final, &g->dgamma_final, &g->dbeta_final};
    for (size_t k = 0; k < sizeof single / sizeof single[0]; k++)
        mat_free(single[k]);
    Matrix **arrays[] = {&g->dZh, &g->dA, &g->dT, &g->dS, &g->dQh, &g->dKh, &g->dVh, &g->dQr, &g->dKr};
    for (size_t k = 0; k < sizeof arrays / sizeof arrays[0]; k++) {
        for (int h = 0; *arrays[k] && h < g->heads; h++)
            mat_free(&(*arrays[k])[h]);
        free(*arrays[k]);
    }
    *g = (AttnGrads){0};
}

/* pipeline.c - the stages of multi-head self-attention, in order: one
 * function per stage.
 *
 * Every stage checks its inputs' shapes with a message that names them,
 * writes into its output (allocated only when its shape changed), and
 * computes through the active kernel set. The forward pass that chains
 * them is pipeline_forward.c.
 */
#include "attention/pipeline_internal.h"

#include <math.h>
#include <stddef.h>

AttnConfig attn_config_default(void) {
    return (AttnConfig){.layer = LAYER_ATTENTION, .layers = 1, .ffn = 0, .norm_first = false,
                        .activation = ACT_RELU, .heads = 1, .kv_heads = 0, .causal = false, .mask_value = -INFINITY,
                        .positional = POS_NONE, .rope_pairs = ROPE_INTERLEAVED,
                        .rope_base = ATTN_ROPE_BASE, .ln = LN_CONVENTION_PYTORCH, .scale_dim = 0,
                        .mask_skipped = false, .softmax = SOFTMAX_ROWS, .temperature = 1.0f, .record_layer = -1};
}

const size_t attn_weight_offset[WEIGHT_COUNT] = {
#define ATTN_WEIGHT_FIELD(field, lesson, file, optional) [WEIGHT_##field] = offsetof(AttnWeights, field),
    ATTN_WEIGHTS(ATTN_WEIGHT_FIELD)
#undef ATTN_WEIGHT_FIELD
};

void attn_weights_free(AttnWeights *w) {
    for (int k = 0; k < WEIGHT_COUNT; k++)
        mat_free(attn_weight(w, (WeightId)k));
}


bool attn_ensure(Matrix *m, int rows, int cols, Error *err) {
    if (m->owned && m->rows == rows && m->cols == cols)
        return true;
    mat_free(m);
    return mat_alloc(m, rows, cols, err);
}


// P is (n, d); P[pos][2i] = sin(pos / 10000^(2i/d)), P[pos][2i+1] = cos(same)
bool attn_positions(Matrix *P, int n, int d, Error *err) {
    if (!attn_ensure(P, n, d, err))
        return false;
    for (int pos = 0; pos < n; pos++) {
        for (int j = 0; j < d; j++) {
            int two_i = j - j % 2; /* the even index this column's pair starts at */
            double angle = pos / pow(10000.0, (double)two_i / d);
            mat_set(P, pos, j, (float)(j % 2 == 0 ? sin(angle) : cos(angle)));
        }
    }
    return true;
}

// X = E (+ P); E, P, X are (n, d)
bool attn_embed(Matrix *X, const Matrix *E, const Matrix *P, Error *err) {
    if (P && !mat_same_shape(E, P))
        return err_set_msg(err, MSG_PIPE_E_P, E->rows, E->cols, P->rows, P->cols);
    if (!attn_ensure(X, E->rows, E->cols, err))
        return false;
    if (P)
        engine_kernels()->add(X, E, P);
    else
        mat_put_cols(X, E, 0);
    return true;
}

// out = X @ W (+ b); X is (n, d_in), W is (d_in, d_out), b is (1, d_out) or empty
bool attn_project(Matrix *out, const Matrix *X, const Matrix *W, const Matrix *b, MatScratch *mm, Error *err) {
    if (X->cols != W->rows)
        return err_set_msg(err, MSG_PIPE_X_W, X->rows,
                       X->cols, W->rows, W->cols, X->cols, W->rows);
    if (b && !attn_is_empty(b) && (b->rows != 1 || b->cols != W->cols))
        return err_set_msg(err, MSG_PIPE_BIAS, b->rows, b->cols,
                       W->cols);
    if (!attn_ensure(out, X->rows, W->cols, err))
        return false;
    engine_kernels()->matmul_scratch(out, X, W, false, mm);
    if (b && !attn_is_empty(b))
        engine_kernels()->add_row(out, out, mat_row(b, 0));
    return true;
}

// M is (n, d); the view is (n, d_k), columns h*d_k .. (h+1)*d_k - 1
Matrix attn_head(const Matrix *M, int heads, int h) {
    int d_k = M->cols / heads;
    return mat_view_cols(M, h * d_k, d_k);
}

void attn_rope_pair(int j, int d_k, RopePairs pairs, int *m, int *partner, bool *first) {
    const int half = d_k / 2;
    if (pairs == ROPE_HALVES) {
        *m = j % half, *first = j < half;
        *partner = *first ? j + half : j - half;
    } else {
        *m = j / 2, *first = j % 2 == 0;
        *partner = *first ? j + 1 : j - 1;
    }
}

double attn_rope_angle(int pos, int m, int d_k, float base) {
    return (double)pos * pow((double)base, -2.0 * m / d_k);
}

// Xh, Xr are (n, d_k), d_k even; row i is position i; pair m = (a, b) turns
// by theta = i * base^(-2m/d_k): Xr[i][a] = x_a·cos − x_b·sin, Xr[i][b] = x_b·cos + x_a·sin
bool attn_rope(Matrix *Xr, const Matrix *Xh, RopePairs pairs, float base, Error *err) {
    const int n = Xh->rows, d_k = Xh->cols;
    if (d_k % 2 != 0)
        return err_set_msg(err, MSG_PIPE_ROPE_ODD, d_k);
    if (!attn_ensure(Xr, n, d_k, err))
        return false;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < d_k; j++) {
            int m, b;
            bool first;
            attn_rope_pair(j, d_k, pairs, &m, &b, &first);
            double theta = attn_rope_angle(i, m, d_k, base);
            float c = (float)cos(theta), sn = (float)sin(theta);
            float x = mat_get(Xh, i, j), y = mat_get(Xh, i, b);
            float xc = x * c, ys = y * sn;
            mat_set(Xr, i, j, first ? xc - ys : xc + ys);
        }
    return true;
}

// Qh is (n, d_k), Kh is (m, d_k); S is (n, m)
bool attn_scores(Matrix *S, const Matrix *Qh, const Matrix *Kh, Error *err) {
    if (Qh->cols != Kh->cols)
        return err_set_msg(err, MSG_PIPE_Q_K, Qh->rows,
                       Qh->cols, Kh->rows, Kh->cols, Qh->cols, Kh->cols);
    if (!attn_ensure(S, Qh->rows, Kh->rows, err))
        return false;
    engine_kernels()->matmul_bt(S, Qh, Kh);
    return true;
}

// S, T are (n, m); T = S / sqrt(d_k)
bool attn_scale(Matrix *T, const Matrix *S, int d_k, Error *err) {
    if (d_k < 1)
        return err_set_msg(err, MSG_PIPE_DK, d_k);
    if (!attn_ensure(T, S->rows, S->cols, err))
        return false;
    engine_kernels()->scale(T, S, 1.0f / sqrtf((float)d_k));
    return true;
}

// logits = y · W_Eᵀ; y (1, d), W_E (vocab, d), logits (1, vocab)
bool attn_logits(Matrix *logits, const Matrix *y, const Matrix *W_E, Error *err) {
    if (y->cols != W_E->cols)
        return err_set_msg(err, MSG_PIPE_Q_K, y->rows, y->cols, W_E->rows, W_E->cols, y->cols, W_E->cols);
    if (!attn_ensure(logits, y->rows, W_E->rows, err))
        return false;
    engine_kernels()->matmul_bt(logits, y, W_E);
    return true;
}

// T, M are (n, m); M[i][j] = value for j > i
bool attn_mask(Matrix *M, const Matrix *T, float value, Error *err) {
    if (!attn_ensure(M, T->rows, T->cols, err))
        return false;
    mat_causal_mask(M, T, value);
    return true;
}

// T, A are (n, m); each row of A sums to 1 (SOFTMAX_ROWS)
bool attn_softmax(Matrix *A, const Matrix *T, SoftmaxAxis axis, Error *err) {
    if (!attn_ensure(A, T->rows, T->cols, err))
        return false;
    if (axis == SOFTMAX_ROWS) {
        engine_kernels()->softmax_rows(A, T, NULL, NULL);
        return true;
    }
    /* the mistaken versions, only ever run to name a learner's mistake:
     * lay the matrix out so the mistaken axis is a row, and back */
    Matrix t = {0}, s = {0};
    bool cols = axis == SOFTMAX_COLUMNS;
    bool ok = mat_alloc(&t, cols ? T->cols : 1, cols ? T->rows : T->rows * T->cols, err) &&
              mat_alloc(&s, t.rows, t.cols, err);
    if (ok) {
        for (int i = 0; i < T->rows; i++)
            for (int j = 0; j < T->cols; j++)
                mat_set(&t, cols ? j : 0, cols ? i : i * T->cols + j, mat_get(T, i, j));
        engine_kernels()->softmax_rows(&s, &t, NULL, NULL);
        for (int i = 0; i < T->rows; i++)
            for (int j = 0; j < T->cols; j++)
                mat_set(A, i, j, mat_get(&s, cols ? j : 0, cols ? i : i * T->cols + j));
    }
    mat_free(&t), mat_free(&s);
    return ok;
}

// A is (n, m), Vh is (m, d_k); Zh is (n, d_k)
bool attn_weighted_sum(Matrix *Zh, const Matrix *A, const Matrix *Vh, Error *err) {
    if (A->cols != Vh->rows)
        return err_set_msg(err, MSG_PIPE_A_V, A->rows,
                       A->cols, Vh->rows, Vh->cols, A->cols, Vh->rows);
    if (!attn_ensure(Zh, A->rows, Vh->cols, err))
        return false;
    engine_kernels()->matmul(Zh, A, Vh);
    return true;
}

// each Zh[h] is (n, d_k); Z is (n, heads * d_k)
bool attn_concat(Matrix *Z, const Matrix *const *Zh, int heads, Error *err) {
    int n = Zh[0]->rows, cols = 0;
    for (int h = 0; h < heads; h++) {
        if (Zh[h]->rows != n)
            return err_set_msg(err, MSG_PIPE_HEAD_ROWS, h, Zh[h]->rows, n);
        cols += Zh[h]->cols;
    }
    if (!attn_ensure(Z, n, cols, err))
        return false;
    for (int h = 0, c0 = 0; h < heads; c0 += Zh[h]->cols, h++)
        mat_put_cols(Z, Zh[h], c0);
    return true;
}

// X, O, R are (n, d)
bool attn_residual(Matrix *R, const Matrix *X, const Matrix *O, Error *err) {
    if (!mat_same_shape(X, O))
        return err_set_msg(err, MSG_PIPE_X_O, X->rows, X->cols, O->rows, O->cols);
    if (!attn_ensure(R, X->rows, X->cols, err))
        return false;
    engine_kernels()->add(R, X, O);
    return true;
}

double attn_activate(double x, Activation act) {
    switch (act) {
    case ACT_SWIGLU: return x / (1.0 + exp(-x)); /* silu, the gate's function */
    case ACT_GELU: return 0.5 * x * (1.0 + erf(x / sqrt(2.0)));
    case ACT_GELU_TANH: {
        const double c = sqrt(2.0 / 3.14159265358979323846);
        return 0.5 * x * (1.0 + tanh(c * (x + 0.044715 * x * x * x)));
    }
    case ACT_RELU: break;
    }
    return x > 0.0 ? x : 0.0;
}

// F1, H are (n, d_ff); each H[i][j] = act(F1[i][j]), computed in double and
// rounded once, so the value does not depend on the kernel set
bool attn_activation(Matrix *H, const Matrix *F1, Activation act, Error *err) {
    if (!attn_ensure(H, F1->rows, F1->cols, err))
        return false;
    for (int i = 0; i < F1->rows; i++) {
        const float *x = mat_row(F1, i);
        float *y = mat_row(H, i);
        for (int j = 0; j < F1->cols; j++)
            y[j] = act == ACT_RELU ? (x[j] > 0.0f ? x[j] : 0.0f) : (float)attn_activate(x[j], act);
    }
    return true;
}

// R, Y are (n, d); gamma, beta are (1, d) or empty
bool attn_layernorm(Matrix *Y, const Matrix *R, const Matrix *gamma, const Matrix *beta,
                    LnConvention conv, Error *err) {
    if (!attn_check_vector("gamma", gamma, R->cols, err) || !attn_check_vector("beta", beta, R->cols, err))
        return false;
    if (!attn_ensure(Y, R->rows, R->cols, err))
        return false;
    engine_kernels()->layernorm_rows(Y, R, attn_is_empty(gamma) ? NULL : mat_row(gamma, 0),
                                     attn_is_empty(beta) ? NULL : mat_row(beta, 0), conv, NULL, NULL);
    return true;
}

// R, Y are (n, d); gamma is (1, d) or empty; ms is (n) or NULL
bool attn_rmsnorm(Matrix *Y, const Matrix *R, const Matrix *gamma, float eps, float *ms, Error *err) {
    if (!attn_check_vector("gamma", gamma, R->cols, err))
        return false;
    if (!(eps >= 0.0f) || isinf(eps))
        return err_set_msg(err, MSG_PIPE_EPS);
    if (!attn_ensure(Y, R->rows, R->cols, err))
        return false;
    engine_kernels()->rmsnorm_rows(Y, R, attn_is_empty(gamma) ? NULL : mat_row(gamma, 0), eps, ms);
    return true;
}

// R, Y are (n, d); gamma, beta are (1, d) or empty (beta empty under RMSNorm)
bool attn_norm(Matrix *Y, const Matrix *R, const Matrix *gamma, const Matrix *beta, const AttnConfig *cfg,
               Error *err) {
    if (cfg->norm != NORM_RMS)
        return attn_layernorm(Y, R, gamma, beta, cfg->ln, err);
    if (beta && !attn_is_empty(beta))
        return err_set_msg(err, MSG_PIPE_RMS_BETA, "", "beta");
    return attn_rmsnorm(Y, R, gamma, cfg->ln.eps, NULL, err);
}

// G, U, H are (n, d_ff); H = silu(G) * U
bool attn_swiglu(Matrix *H, const Matrix *G, const Matrix *U, Error *err) {
    if (!mat_same_shape(G, U))
        return err_set_msg(err, MSG_PIPE_GATE_UP, G->rows, G->cols, U->rows, U->cols);
    if (!attn_ensure(H, G->rows, G->cols, err))
        return false;
    engine_kernels()->silu_gate(H, G, U);
    return true;
}

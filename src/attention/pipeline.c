/* pipeline.c - the stages of multi-head self-attention, in order.
 *
 * Every stage checks its inputs' shapes with a message that names them,
 * allocates its output, and computes through the active kernel set. The
 * stages are what the lesson interpreter steps through; attn_run chains
 * them into the canonical pipeline of design §2.
 */
#include "attention/pipeline.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

AttnConfig attn_config_default(void) {
    return (AttnConfig){.heads = 1, .causal = false, .mask_value = -INFINITY,
                        .positional = POS_NONE, .ln = LN_CONVENTION_PYTORCH};
}

void attn_weights_free(AttnWeights *w) {
    Matrix *all[] = {&w->E, &w->Wq, &w->Wk, &w->Wv, &w->Wo, &w->bq,
                     &w->bk, &w->bv, &w->bo, &w->gamma, &w->beta};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        mat_free(all[i]);
}

static bool is_empty(const Matrix *m) { return m->rows == 0; }

static bool check_square(const char *name, const Matrix *m, int d, Error *err) {
    if (m->rows != d || m->cols != d)
        return err_set(err, "%s is %dx%d, but must be %dx%d (d_model x d_model)", name, m->rows,
                       m->cols, d, d);
    return true;
}

static bool check_vector(const char *name, const Matrix *m, int d, Error *err) {
    if (!is_empty(m) && (m->rows != 1 || m->cols != d))
        return err_set(err, "%s is %dx%d, but must be a vector of length %d (d_model)", name,
                       m->rows, m->cols, d);
    return true;
}

bool attn_validate(const AttnWeights *w, const AttnConfig *cfg, Error *err) {
    const int n = w->E.rows, d = w->E.cols;
    if (n < 1 || d < 1)
        return err_set(err, "E is %dx%d: it needs at least one token and one dimension", n, d);
    if (n > ATTN_MAX_TOKENS)
        return err_set(err, "%d tokens is more than the limit of %d", n, ATTN_MAX_TOKENS);
    if (d > ATTN_MAX_DMODEL)
        return err_set(err, "d_model %d is more than the limit of %d", d, ATTN_MAX_DMODEL);
    if (cfg->heads < 1 || cfg->heads > ATTN_MAX_HEADS)
        return err_set(err, "heads must be between 1 and %d, not %d", ATTN_MAX_HEADS, cfg->heads);
    if (d % cfg->heads != 0)
        return err_set(err, "d_model %d is not divisible by heads %d", d, cfg->heads);
    if (!(cfg->ln.eps >= 0.0f) || isinf(cfg->ln.eps))
        return err_set(err, "eps must be a finite number >= 0");
    return check_square("Wq", &w->Wq, d, err) && check_square("Wk", &w->Wk, d, err) &&
           check_square("Wv", &w->Wv, d, err) && check_square("Wo", &w->Wo, d, err) &&
           check_vector("bq", &w->bq, d, err) && check_vector("bk", &w->bk, d, err) &&
           check_vector("bv", &w->bv, d, err) && check_vector("bo", &w->bo, d, err) &&
           check_vector("gamma", &w->gamma, d, err) && check_vector("beta", &w->beta, d, err);
}

// P is (n, d); P[pos][2i] = sin(pos / 10000^(2i/d)), P[pos][2i+1] = cos(same)
bool attn_positions(Matrix *P, int n, int d, Error *err) {
    if (!mat_alloc(P, n, d, err))
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
        return err_set(err, "E is %dx%d but P is %dx%d", E->rows, E->cols, P->rows, P->cols);
    if (!mat_alloc(X, E->rows, E->cols, err))
        return false;
    if (P)
        engine_kernels()->add(X, E, P);
    else
        mat_put_cols(X, E, 0);
    return true;
}

// out = X @ W (+ b); X is (n, d_in), W is (d_in, d_out), b is (1, d_out) or empty
bool attn_project(Matrix *out, const Matrix *X, const Matrix *W, const Matrix *b, Error *err) {
    if (X->cols != W->rows)
        return err_set(err, "X is %dx%d but W is %dx%d: the inner sizes %d and %d differ", X->rows,
                       X->cols, W->rows, W->cols, X->cols, W->rows);
    if (b && !is_empty(b) && (b->rows != 1 || b->cols != W->cols))
        return err_set(err, "the bias is %dx%d but must be a vector of length %d", b->rows, b->cols,
                       W->cols);
    if (!mat_alloc(out, X->rows, W->cols, err))
        return false;
    engine_kernels()->matmul(out, X, W);
    if (b && !is_empty(b))
        engine_kernels()->add_row(out, out, mat_row(b, 0));
    return true;
}

// M is (n, d); the view is (n, d_k), columns h*d_k .. (h+1)*d_k - 1
Matrix attn_head(const Matrix *M, int heads, int h) {
    int d_k = M->cols / heads;
    return mat_view_cols(M, h * d_k, d_k);
}

// Qh is (n, d_k), Kh is (m, d_k); S is (n, m)
bool attn_scores(Matrix *S, const Matrix *Qh, const Matrix *Kh, Error *err) {
    if (Qh->cols != Kh->cols)
        return err_set(err, "Q is %dx%d but K is %dx%d: the key sizes %d and %d differ", Qh->rows,
                       Qh->cols, Kh->rows, Kh->cols, Qh->cols, Kh->cols);
    if (!mat_alloc(S, Qh->rows, Kh->rows, err))
        return false;
    engine_kernels()->matmul_bt(S, Qh, Kh);
    return true;
}

// S, T are (n, m); T = S / sqrt(d_k)
bool attn_scale(Matrix *T, const Matrix *S, int d_k, Error *err) {
    if (d_k < 1)
        return err_set(err, "d_k must be at least 1, not %d", d_k);
    if (!mat_alloc(T, S->rows, S->cols, err))
        return false;
    engine_kernels()->scale(T, S, 1.0f / sqrtf((float)d_k));
    return true;
}

// T, M are (n, m); M[i][j] = value for j > i
bool attn_mask(Matrix *M, const Matrix *T, float value, Error *err) {
    if (!mat_alloc(M, T->rows, T->cols, err))
        return false;
    mat_causal_mask(M, T, value);
    return true;
}

// T, A are (n, m); each row of A sums to 1
bool attn_softmax(Matrix *A, const Matrix *T, Error *err) {
    if (!mat_alloc(A, T->rows, T->cols, err))
        return false;
    engine_kernels()->softmax_rows(A, T, NULL, NULL);
    return true;
}

// A is (n, m), Vh is (m, d_k); Zh is (n, d_k)
bool attn_weighted_sum(Matrix *Zh, const Matrix *A, const Matrix *Vh, Error *err) {
    if (A->cols != Vh->rows)
        return err_set(err, "A is %dx%d but V is %dx%d: the inner sizes %d and %d differ", A->rows,
                       A->cols, Vh->rows, Vh->cols, A->cols, Vh->rows);
    if (!mat_alloc(Zh, A->rows, Vh->cols, err))
        return false;
    engine_kernels()->matmul(Zh, A, Vh);
    return true;
}

// each Zh[h] is (n, d_k); Z is (n, heads * d_k)
bool attn_concat(Matrix *Z, const Matrix *const *Zh, int heads, Error *err) {
    int n = Zh[0]->rows, cols = 0;
    for (int h = 0; h < heads; h++) {
        if (Zh[h]->rows != n)
            return err_set(err, "head %d has %d rows but head 0 has %d", h, Zh[h]->rows, n);
        cols += Zh[h]->cols;
    }
    if (!mat_alloc(Z, n, cols, err))
        return false;
    for (int h = 0, c0 = 0; h < heads; c0 += Zh[h]->cols, h++)
        mat_put_cols(Z, Zh[h], c0);
    return true;
}

// X, O, R are (n, d)
bool attn_residual(Matrix *R, const Matrix *X, const Matrix *O, Error *err) {
    if (!mat_same_shape(X, O))
        return err_set(err, "X is %dx%d but O is %dx%d", X->rows, X->cols, O->rows, O->cols);
    if (!mat_alloc(R, X->rows, X->cols, err))
        return false;
    engine_kernels()->add(R, X, O);
    return true;
}

// R, Y are (n, d); gamma, beta are (1, d) or empty
bool attn_layernorm(Matrix *Y, const Matrix *R, const Matrix *gamma, const Matrix *beta,
                    LnConvention conv, Error *err) {
    if (!check_vector("gamma", gamma, R->cols, err) || !check_vector("beta", beta, R->cols, err))
        return false;
    if (!mat_alloc(Y, R->rows, R->cols, err))
        return false;
    engine_kernels()->layernorm_rows(Y, R, is_empty(gamma) ? NULL : mat_row(gamma, 0),
                                     is_empty(beta) ? NULL : mat_row(beta, 0), conv, NULL, NULL);
    return true;
}

/* put: move `m` into the list under the name prefix + head number. */
static bool put(MatrixList *out, const char *prefix, int h, Matrix *m, Error *err) {
    char name[MLIST_NAME_MAX];
    snprintf(name, sizeof name, "%s%d", prefix, h);
    return mlist_put(out, name, m, err);
}

/* one head: S_h, T_h, (M_h), A_h, Z_h; the caller keeps the Z_h it needs */
static bool run_head(const Matrix *Q, const Matrix *K, const Matrix *V, const AttnConfig *cfg,
                     int h, MatrixList *out, Error *err) {
    Matrix Qh = attn_head(Q, cfg->heads, h), Kh = attn_head(K, cfg->heads, h),
           Vh = attn_head(V, cfg->heads, h);
    Matrix S = {0}, T = {0}, M = {0}, A = {0}, Zh = {0};
    if (!attn_scores(&S, &Qh, &Kh, err) || !attn_scale(&T, &S, Qh.cols, err))
        goto fail;
    const Matrix *scores = &T;
    if (cfg->causal) {
        if (!attn_mask(&M, &T, cfg->mask_value, err))
            goto fail;
        scores = &M;
    }
    if (!attn_softmax(&A, scores, err) || !attn_weighted_sum(&Zh, &A, &Vh, err))
        goto fail;
    if (!put(out, "S_h", h, &S, err) || !put(out, "T_h", h, &T, err) ||
        (cfg->causal && !put(out, "M_h", h, &M, err)) || !put(out, "A_h", h, &A, err) ||
        !put(out, "Z_h", h, &Zh, err))
        goto fail;
    return true;
fail:
    mat_free(&S), mat_free(&T), mat_free(&M), mat_free(&A), mat_free(&Zh);
    return false;
}

bool attn_run(const AttnWeights *w, const AttnConfig *cfg, MatrixList *out, Error *err) {
    if (!attn_validate(w, cfg, err))
        return false;
    const int n = w->E.rows, d = w->E.cols;
    Matrix P = {0}, X = {0}, Q = {0}, K = {0}, V = {0}, Z = {0}, O = {0}, R = {0}, Y = {0};
    const Matrix **heads = NULL;
    bool ok = false;

    if (cfg->positional == POS_SINUSOIDAL && !attn_positions(&P, n, d, err))
        goto done;
    if (!attn_embed(&X, &w->E, cfg->positional == POS_SINUSOIDAL ? &P : NULL, err) ||
        !attn_project(&Q, &X, &w->Wq, &w->bq, err) || !attn_project(&K, &X, &w->Wk, &w->bk, err) ||
        !attn_project(&V, &X, &w->Wv, &w->bv, err))
        goto done;
    /* Q, K, V stay readable after the move: the list owns the same data */
    if ((cfg->positional == POS_SINUSOIDAL && !mlist_put(out, "P", &P, err)) ||
        !mlist_put(out, "X", &X, err) || !mlist_put(out, "Q", &Q, err) ||
        !mlist_put(out, "K", &K, err) || !mlist_put(out, "V", &V, err))
        goto done;
    /* copies of the list entries: the list's array moves as it grows,
     * the matrices' data does not */
    Matrix x = *mlist_find(out, "X");
    Matrix q = *mlist_find(out, "Q"), k = *mlist_find(out, "K"), v = *mlist_find(out, "V");
    for (int h = 0; h < cfg->heads; h++)
        if (!run_head(&q, &k, &v, cfg, h, out, err))
            goto done;

    heads = calloc((size_t)cfg->heads, sizeof *heads);
    if (!heads) {
        err_set(err, "out of memory");
        goto done;
    }
    for (int h = 0; h < cfg->heads; h++) {
        char name[MLIST_NAME_MAX];
        snprintf(name, sizeof name, "Z_h%d", h);
        heads[h] = mlist_find(out, name);
    }
    if (!attn_concat(&Z, heads, cfg->heads, err) || !attn_project(&O, &Z, &w->Wo, &w->bo, err) ||
        !attn_residual(&R, &x, &O, err) ||
        !attn_layernorm(&Y, &R, &w->gamma, &w->beta, cfg->ln, err))
        goto done;
    ok = mlist_put(out, "Z", &Z, err) && mlist_put(out, "O", &O, err) &&
         mlist_put(out, "R", &R, err) && mlist_put(out, "Y", &Y, err);
done:
    free(heads);
    mat_free(&P), mat_free(&X), mat_free(&Q), mat_free(&K), mat_free(&V);
    mat_free(&Z), mat_free(&O), mat_free(&R), mat_free(&Y);
    return ok;
}

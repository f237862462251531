/* decode.c - the KV cache, the online softmax and the decoding step
 * (decode.h). The step runs each stage of the forward pass on one row with
 * the same stage functions (pipeline.c: projections, norms, activations),
 * so only the attention over the cache is its own: scores, scaling and the
 * weighted sum in one online pass per head. */
#include "attention/decode.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

size_t kv_cache_bytes(const AttnConfig *cfg, int d, int cap) {
    const int kv_cols = attn_kv_heads(cfg) * (d / cfg->heads);
    return (size_t)cfg->layers * 2u * (size_t)cap * mat_aligned_floats((size_t)kv_cols) * sizeof(float);
}

bool kv_cache_init(KvCache *c, const AttnConfig *cfg, int d, int cap, Error *err) {
    *c = (KvCache){.layers = cfg->layers, .kv_cols = attn_kv_heads(cfg) * (d / cfg->heads), .cap = cap};
    c->K = calloc((size_t)c->layers, sizeof *c->K);
    c->V = calloc((size_t)c->layers, sizeof *c->V);
    if (!c->K || !c->V) {
        kv_cache_free(c);
        return err_set_msg(err, MSG_MAT_OUT_OF_MEMORY, cap, c->kv_cols);
    }
    for (int l = 0; l < c->layers; l++)
        if (!mat_alloc(&c->K[l], cap, c->kv_cols, err) || !mat_alloc(&c->V[l], cap, c->kv_cols, err)) {
            kv_cache_free(c);
            return false;
        }
    return true;
}

void kv_cache_free(KvCache *c) {
    for (int l = 0; c->K && l < c->layers; l++)
        mat_free(&c->K[l]);
    for (int l = 0; c->V && l < c->layers; l++)
        mat_free(&c->V[l]);
    free(c->K), free(c->V);
    mat_scratch_free(&c->mm);
    *c = (KvCache){0};
}

bool attn_online_softmax_row(Matrix *z, const Matrix *s, const Matrix *V, int tile, Error *err) {
    const int t = s->cols, dv = V->cols;
    if (s->rows != 1 || V->rows != t || tile < 1)
        return err_set_msg(err, MSG_PIPE_SHAPE, "V", V->rows, V->cols, t, dv, "online softmax");
    double *o = calloc((size_t)dv, sizeof *o);
    if (!o)
        return err_set_msg(err, MSG_MAT_OUT_OF_MEMORY, 1, dv);
    double m = -HUGE_VAL, l = 0.0;
    for (int j0 = 0; j0 < t; j0 += tile) {
        const int j1 = j0 + tile < t ? j0 + tile : t;
        // pass 1 over the tile: its largest score, and the new running maximum
        double top = -HUGE_VAL;
        for (int j = j0; j < j1; j++)
            top = fmax(top, (double)mat_get(s, 0, j));
        const double m_new = fmax(m, top);
        if (m_new == -HUGE_VAL)
            continue; /* every key so far masked: nothing to add yet */
        // pass 2: rescale what was summed from the old maximum (exp(−∞) = 0
        // for the first tile that counts), then add the tile's terms
        const double c = exp(m - m_new);
        l *= c;
        for (int k = 0; k < dv; k++)
            o[k] *= c;
        for (int j = j0; j < j1; j++) {
            const double e = exp((double)mat_get(s, 0, j) - m_new);
            l += e;
            for (int k = 0; k < dv; k++)
                o[k] += e * (double)mat_get(V, j, k);
        }
        m = m_new;
    }
    bool ok = l > 0.0 ? (mat_free(z), mat_alloc(z, 1, dv, err)) : err_set_msg(err, MSG_ONLINE_ALL_MASKED, t);
    // pass 3: divide once, at the end
    for (int k = 0; ok && k < dv; k++)
        mat_set(z, 0, k, (float)(o[k] / l));
    free(o);
    return ok;
}

/* the rows one step computes in one layer, reused from sub-layer to
 * sub-layer and freed at the end of the step */
typedef struct StepRows {
    Matrix u, q, k, v, s, z, zh, o, r, y, f1, up, h, f;
} StepRows;

static void rows_free(StepRows *r) {
    Matrix *all[] = {&r->u, &r->q, &r->k, &r->v, &r->s, &r->z, &r->zh, &r->o, &r->r, &r->y, &r->f1, &r->up, &r->h, &r->f};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        mat_free(all[i]);
}

/* row (1, d_k) turned by RoPE as the token at position `pos`: the same
 * float arithmetic as attn_rope's row `pos` */
static void rope_row(float *row, int d_k, int pos, const AttnConfig *cfg) {
    float turned[2 * 256];
    float *out = d_k <= 512 ? turned : malloc((size_t)d_k * sizeof *out);
    if (!out)
        abort();
    for (int j = 0; j < d_k; j++) {
        int m, b;
        bool first;
        attn_rope_pair(j, d_k, cfg->rope_pairs, &m, &b, &first);
        double theta = attn_rope_angle(pos, m, d_k, cfg->rope_base);
        float c = (float)cos(theta), sn = (float)sin(theta);
        float xc = row[j] * c, ys = row[b] * sn;
        out[j] = first ? xc - ys : xc + ys;
    }
    memcpy(row, out, (size_t)d_k * sizeof *out);
    if (out != turned)
        free(out);
}

// the self-attention sub-layer on the new row x (1, d) of layer l, its key
// and value appended to c at row c->len; *out (1, d): Y post-LN, R pre-LN
static bool attention_row(const AttnWeights *w, const AttnConfig *cfg, KvCache *c, int l, const Matrix *x,
                          StepRows *r, Matrix *out, Error *err) {
    const int H = cfg->heads, KV = attn_kv_heads(cfg), d = x->cols, d_k = d / H, t = c->len + 1;
    const Matrix *u = x;
    if (cfg->norm_first) {
        if (!attn_norm(&r->u, x, &w->gamma, &w->beta, cfg, err))
            return false;
        u = &r->u;
    }
    if (!attn_project(&r->q, u, &w->Wq, &w->bq, &c->mm, err) || !attn_project(&r->k, u, &w->Wk, &w->bk, &c->mm, err) ||
        !attn_project(&r->v, u, &w->Wv, &w->bv, &c->mm, err))
        return false;
    const bool rope = cfg->positional == POS_ROPE;
    for (int h = 0; rope && h < H; h++)
        rope_row(mat_row(&r->q, 0) + h * d_k, d_k, c->len, cfg);
    for (int h = 0; rope && h < KV; h++)
        rope_row(mat_row(&r->k, 0) + h * d_k, d_k, c->len, cfg);
    memcpy(mat_row(&c->K[l], c->len), mat_row(&r->k, 0), (size_t)c->kv_cols * sizeof(float));
    memcpy(mat_row(&c->V[l], c->len), mat_row(&r->v, 0), (size_t)c->kv_cols * sizeof(float));
    // each head: its 1 × t score row against the cache (no mask: the new
    // token is the last, every key is at or before it), scaled, then the
    // online softmax's weighted sum of the cached values
    const int dim = cfg->scale_dim == 0 ? d_k : cfg->scale_dim;
    const float scale = dim > 0 ? 1.0f / sqrtf((float)dim) : 1.0f;
    if (!(mat_free(&r->s), mat_alloc(&r->s, 1, t, err)) || !(mat_free(&r->z), mat_alloc(&r->z, 1, d, err)))
        return false;
    for (int h = 0; h < H; h++) {
        const int kvh = attn_kv_head(h, H, KV);
        Matrix keys = mat_view_cols(&c->K[l], kvh * d_k, d_k), values = mat_view_cols(&c->V[l], kvh * d_k, d_k);
        keys.rows = values.rows = t;
        const float *q = mat_row(&r->q, 0) + h * d_k;
        for (int j = 0; j < t; j++) {
            double dot = 0.0;
            for (int k = 0; k < d_k; k++)
                dot += (double)q[k] * (double)mat_get(&keys, j, k);
            mat_set(&r->s, 0, j, (float)dot * scale);
        }
        if (!attn_online_softmax_row(&r->zh, &r->s, &values, ATTN_DECODE_TILE, err))
            return false;
        memcpy(mat_row(&r->z, 0) + h * d_k, mat_row(&r->zh, 0), (size_t)d_k * sizeof(float));
    }
    if (!attn_project(&r->o, &r->z, &w->Wo, &w->bo, &c->mm, err) || !attn_residual(&r->r, x, &r->o, err))
        return false;
    return cfg->norm_first ? mat_copy(out, &r->r, err) : attn_norm(out, &r->r, &w->gamma, &w->beta, cfg, err);
}

// the feed-forward sub-layer on the row x (1, d); *out: Y2 post-LN, R2 pre-LN
static bool ffn_row(const AttnWeights *w, const AttnConfig *cfg, KvCache *c, const Matrix *x, StepRows *r, Matrix *out,
                    Error *err) {
    const bool gated = cfg->activation == ACT_SWIGLU;
    const Matrix *u = x;
    if (cfg->norm_first) {
        if (!attn_norm(&r->u, x, &w->gamma_ff, &w->beta_ff, cfg, err))
            return false;
        u = &r->u;
    }
    if (!attn_project(&r->f1, u, gated ? &w->Wgate : &w->W1, gated ? NULL : &w->b1, &c->mm, err) ||
        (gated && !attn_project(&r->up, u, &w->Wup, NULL, &c->mm, err)) ||
        !(gated ? attn_swiglu(&r->h, &r->f1, &r->up, err) : attn_activation(&r->h, &r->f1, cfg->activation, err)) ||
        !attn_project(&r->f, &r->h, gated ? &w->Wdown : &w->W2, gated ? NULL : &w->b2, &c->mm, err) ||
        !attn_residual(&r->r, x, &r->f, err))
        return false;
    return cfg->norm_first ? mat_copy(out, &r->r, err)
                           : attn_norm(out, &r->r, &w->gamma_ff, &w->beta_ff, cfg, err);
}

bool attn_decode_step(const AttnWeights *w, const AttnConfig *cfg, KvCache *c, const Matrix *x, Matrix *out,
                      Error *err) {
    if (cfg->layer == LAYER_DECODER || !cfg->causal)
        return err_set_msg(err, MSG_DECODE_KIND);
    if (c->len >= c->cap)
        return err_set_msg(err, MSG_DECODE_FULL, c->cap);
    if (c->layers != cfg->layers || x->rows != 1 || x->cols != w->E.cols)
        return err_set_msg(err, MSG_PIPE_SHAPE, "x", x->rows, x->cols, 1, w->E.cols, "decode");
    StepRows r = {0};
    Matrix stream = {0}, next = {0};
    bool ok = mat_copy(&stream, x, err);
    for (int l = 0; ok && l < cfg->layers; l++) {
        ok = attention_row(&w[l], cfg, c, l, &stream, &r, &next, err);
        if (ok)
            mat_free(&stream), stream = next, next = (Matrix){0};
        if (ok && cfg->layer == LAYER_ENCODER) {
            ok = ffn_row(&w[l], cfg, c, &stream, &r, &next, err);
            if (ok)
                mat_free(&stream), stream = next, next = (Matrix){0};
        }
    }
    if (ok)
        ok = attn_final_norm(cfg, w) ? attn_norm(out, &stream, &w->gamma_final, &w->beta_final, cfg, err)
                                     : (mat_free(out), mat_copy(out, &stream, err));
    if (ok)
        c->len++; /* every layer wrote its row `len` */
    rows_free(&r);
    mat_free(&stream), mat_free(&next);
    return ok;
}

/* pipeline_check.c - the rules a layer's weights and options must follow
 * before a pass runs: the shape of each weight (attn_weight_shape, which a
 * model directory's check uses too), which ones a layer needs, and
 * attn_validate, which says what is wrong with the first one that breaks
 * them.
 */
#include "attention/pipeline_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

int attn_kv_heads(const AttnConfig *cfg) { return cfg->kv_heads > 0 ? cfg->kv_heads : cfg->heads; }

void attn_weight_shape(WeightId id, int n, int d, const AttnConfig *cfg, int *rows, int *cols) {
    const int kv_cols = cfg->heads > 0 ? d / cfg->heads * attn_kv_heads(cfg) : d;
    const bool kv = id == WEIGHT_Wk || id == WEIGHT_Wv || id == WEIGHT_bk || id == WEIGHT_bv;
    *rows = id == WEIGHT_E || id == WEIGHT_P ? n : attn_weight_names[id].optional ? 1 : d;
    *cols = kv ? kv_cols : d;
}

/* check_weight: `m` (weight `id`) has the shape attn_weight_shape says,
 * or is an empty optional one; the message says what the sizes are */
static bool check_weight(WeightId id, const Matrix *m, int n, int d, const AttnConfig *cfg, Error *err) {
    const char *name = attn_weight_names[id].file;
    int rows, cols;
    attn_weight_shape(id, n, d, cfg, &rows, &cols);
    const bool kv = cols != d;
    if (id == WEIGHT_P) {
        if (m->rows < rows || m->cols != cols)
            return err_set_msg(err, MSG_PIPE_P_ROWS, m->rows, m->cols, rows, cols);
    } else if (attn_weight_names[id].optional) {
        if (!attn_is_empty(m) && (m->rows != 1 || m->cols != cols))
            return err_set_msg(err, MSG_PIPE_VECTOR, name, m->rows, m->cols,
                           cols, kv ? "kv_heads x d_k" : "d_model");
    } else if (m->rows != rows || m->cols != cols) {
        return err_set_msg(err, MSG_PIPE_SHAPE, name, m->rows, m->cols, rows, cols,
                       kv ? "d_model x kv_heads·d_k" : "d_model x d_model");
    }
    return true;
}

bool attn_check_vector(const char *name, const Matrix *m, int d, Error *err) {
    if (!attn_is_empty(m) && (m->rows != 1 || m->cols != d))
        return err_set_msg(err, MSG_PIPE_VECTOR_DMODEL, name,
                       m->rows, m->cols, d);
    return true;
}

bool attn_weight_needed(WeightId id, const AttnConfig *cfg) {
    const bool ffn = cfg->layer != LAYER_ATTENTION, gated = cfg->activation == ACT_SWIGLU;
    if (id == WEIGHT_W1 || id == WEIGHT_W2)
        return ffn && !gated;
    if (id == WEIGHT_Wgate || id == WEIGHT_Wup || id == WEIGHT_Wdown)
        return ffn && gated;
    return !attn_weight_names[id].optional;
}

bool attn_weight_stack_only(WeightId id) {
    return id == WEIGHT_E || id == WEIGHT_P || id == WEIGHT_gamma_final || id == WEIGHT_beta_final;
}

/* is_ffn_weight: the FFN's weights whose shape involves d_ff */
static bool is_ffn_weight(int k) {
    return k == WEIGHT_W1 || k == WEIGHT_b1 || k == WEIGHT_W2 || k == WEIGHT_Wgate || k == WEIGHT_Wup ||
           k == WEIGHT_Wdown;
}

/* rms_beta: under RMSNorm no beta of the layer may be given (it has none) */
static bool rms_beta(const AttnWeights *w, const AttnConfig *cfg, const char *prefix, int layer, Error *err) {
    static const WeightId betas[] = {WEIGHT_beta, WEIGHT_beta_ff, WEIGHT_beta_final};
    for (int b = 0; cfg->norm == NORM_RMS && b < 3; b++)
        if (!attn_is_empty(attn_weight_of(w, betas[b])) && (layer == 0 || betas[b] != WEIGHT_beta_final)) {
            err_set_msg(err, MSG_PIPE_RMS_BETA, prefix, attn_weight_names[betas[b]].file);
            return err_set_zh(err, MSG_PIPE_RMS_BETA, prefix, attn_weight_names[betas[b]].file);
        }
    return true;
}

/* check_shape: m is rows x cols (or empty when `optional`) */
static bool check_shape(const char *prefix, const char *name, const Matrix *m, int rows, int cols, bool optional,
                        const char *what, const char *what_zh, Error *err) {
    if ((optional && attn_is_empty(m)) || (m->rows == rows && m->cols == cols))
        return true;
    err_set_msg(err, MSG_PIPE_SHAPE_PREFIXED, prefix, name, m->rows, m->cols, rows, cols, what);
    return err_set_zh(err, MSG_PIPE_SHAPE_PREFIXED, prefix, name, m->rows, m->cols, rows, cols, what_zh);
}

/* put_in_front: msg (size bytes) with `prefix` in front, its end cut if
 * the two do not fit */
static void put_in_front(char *msg, size_t size, const char *prefix) {
    size_t pl = strlen(prefix), ml = strlen(msg);
    if (pl + ml >= size)
        ml = size - pl - 1;
    memmove(msg + pl, msg, ml);
    memcpy(msg, prefix, pl);
    msg[pl + ml] = '\0';
}

/* check_gated: the gated FFN's W_gate and W_up (d, d_ff) and W_down
 * (d_ff, d), all given */
static bool check_gated(const AttnWeights *w, const AttnConfig *cfg, const char *prefix, int d, Error *err) {
    const Matrix *ws[3] = {&w->Wgate, &w->Wup, &w->Wdown};
    static const char *const names[3] = {"W_gate", "W_up", "W_down"};
    static const WeightId plain[] = {WEIGHT_W1, WEIGHT_b1, WEIGHT_W2, WEIGHT_b2};
    for (size_t k = 0; k < sizeof plain / sizeof plain[0]; k++)
        if (!attn_is_empty(attn_weight_of(w, plain[k]))) {
            err_set_msg(err, MSG_PIPE_GATED_PLAIN, prefix, attn_weight_names[plain[k]].file);
            return err_set_zh(err, MSG_PIPE_GATED_PLAIN, prefix, attn_weight_names[plain[k]].file);
        }
    for (int k = 0; k < 3; k++)
        if (attn_is_empty(ws[k])) {
            bool enc = cfg->layer == LAYER_ENCODER;
            err_set_msg(err, MSG_PIPE_FFN_MISSING, prefix, names[k], enc ? "n encoder" : " decoder");
            return err_set_zh(err, MSG_PIPE_FFN_MISSING, prefix, names[k], enc ? "编码器" : "解码器");
        }
    const int ff = cfg->ffn > 0 ? cfg->ffn : w->Wgate.cols;
    if (ff < 1 || ff > ATTN_MAX_FFN)
        return err_set_msg(err, MSG_PIPE_FFN_RANGE, ATTN_MAX_FFN, ff);
    return check_shape(prefix, "W_gate", &w->Wgate, d, ff, false, "d_model x d_ff", "d_model x d_ff", err) &&
           check_shape(prefix, "W_up", &w->Wup, d, ff, false, "d_model x d_ff", "d_model x d_ff", err) &&
           check_shape(prefix, "W_down", &w->Wdown, ff, d, false, "d_ff x d_model", "d_ff x d_model", err);
}

/* check_layer: the weights of one layer (or one cross-attention
 * sub-layer, `cross`), named as a model directory's files are */
static bool check_layer(const AttnWeights *w, const AttnConfig *cfg, int layer, bool cross, int n, int d,
                        Error *err) {
    char prefix[32] = "";
    if (cfg->layers > 1 || layer > 0)
        snprintf(prefix, sizeof prefix, "layer%d/", layer);
    if (cross)
        snprintf(prefix + strlen(prefix), sizeof prefix - strlen(prefix), "cross_");
    for (int k = WEIGHT_E + 1; k < WEIGHT_COUNT; k++) {
        const char *name = attn_weight_names[k].file;
        const Matrix *m = attn_weight_of(w, (WeightId)k);
        if (is_ffn_weight(k) || k == WEIGHT_P || (cross && k >= WEIGHT_W1) ||
            (attn_weight_stack_only((WeightId)k) && (layer > 0 || cross)))
            continue;
        if (attn_weight_needed((WeightId)k, cfg) && attn_is_empty(m))
            return err_set_msg(err, MSG_PIPE_MISSING, prefix, name);
        if (!check_weight((WeightId)k, m, n, d, cfg, err)) {
            if (prefix[0]) { /* say which layer: the prefix goes in front */
                put_in_front(err->msg, sizeof err->msg, prefix);
                if (err->msg_zh[0])
                    put_in_front(err->msg_zh, sizeof err->msg_zh, prefix);
            }
            return false;
        }
    }
    if (!rms_beta(w, cfg, prefix, cross ? 1 : layer, err))
        return false;
    if (cross || cfg->layer == LAYER_ATTENTION)
        return true;
    if (cfg->activation == ACT_SWIGLU)
        return check_gated(w, cfg, prefix, d, err);
    const int ff = cfg->ffn > 0 ? cfg->ffn : w->W1.cols;
    if (attn_is_empty(&w->W1) || attn_is_empty(&w->W2))
    {
        const char *which = attn_is_empty(&w->W1) ? "W1" : "W2";
        bool enc = cfg->layer == LAYER_ENCODER;
        err_set_msg(err, MSG_PIPE_FFN_MISSING, prefix, which, enc ? "n encoder" : " decoder");
        return err_set_zh(err, MSG_PIPE_FFN_MISSING, prefix, which, enc ? "编码器" : "解码器");
    }
    if (ff < 1 || ff > ATTN_MAX_FFN)
        return err_set_msg(err, MSG_PIPE_FFN_RANGE, ATTN_MAX_FFN, ff);
    return check_shape(prefix, "W1", &w->W1, d, ff, false, "d_model x d_ff", "d_model x d_ff", err) &&
           check_shape(prefix, "b1", &w->b1, 1, ff, true, "a vector of length d_ff", "长度为 d_ff 的向量", err) &&
           check_shape(prefix, "W2", &w->W2, ff, d, false, "d_ff x d_model", "d_ff x d_model", err);
}

bool attn_validate(const AttnWeights *w, const AttnConfig *cfg, Error *err) {
    const int n = w->E.rows, d = w->E.cols;
    if (n < 1 || d < 1)
        return err_set_msg(err, MSG_PIPE_E_EMPTY, n, d);
    if (n > ATTN_MAX_TOKENS)
        return err_set_msg(err, MSG_PIPE_TOKENS_LIMIT, n, ATTN_MAX_TOKENS);
    if (d > ATTN_MAX_DMODEL)
        return err_set_msg(err, MSG_PIPE_DMODEL_LIMIT, d, ATTN_MAX_DMODEL);
    if (cfg->heads < 1 || cfg->heads > ATTN_MAX_HEADS)
        return err_set_msg(err, MSG_PIPE_HEADS_RANGE, ATTN_MAX_HEADS, cfg->heads);
    if (d % cfg->heads != 0)
        return err_set_msg(err, MSG_PIPE_HEADS_DIVIDE, d, cfg->heads);
    const int kv = attn_kv_heads(cfg);
    if (kv < 1 || kv > cfg->heads || cfg->heads % kv != 0)
        return err_set_msg(err, MSG_PIPE_KV_DIVIDE, kv, cfg->heads);
    if (cfg->positional == POS_ROPE && (d / cfg->heads) % 2 != 0)
        return err_set_msg(err, MSG_PIPE_ROPE_ODD, d / cfg->heads);
    if (cfg->positional == POS_ROPE && !(cfg->rope_base > 1.0f && isfinite(cfg->rope_base)))
        return err_set_msg(err, MSG_PIPE_ROPE_BASE, (double)cfg->rope_base);
    if (!(cfg->ln.eps >= 0.0f) || isinf(cfg->ln.eps))
        return err_set_msg(err, MSG_PIPE_EPS);
    if (cfg->positional == POS_LEARNED && attn_is_empty(&w->P))
        return err_set_msg(err, MSG_PIPE_P_NEEDED, n, d);
    if (cfg->positional == POS_LEARNED && !check_weight(WEIGHT_P, &w->P, n, d, cfg, err))
        return false;
    if (cfg->layers < 1 || cfg->layers > ATTN_MAX_LAYERS)
        return err_set_msg(err, MSG_PIPE_LAYERS_RANGE, ATTN_MAX_LAYERS, cfg->layers);
    if (cfg->layer == LAYER_ATTENTION && cfg->layers != 1)
        return err_set_msg(err, MSG_PIPE_STACK_KIND);
    if (cfg->layer == LAYER_DECODER) {
        const Matrix *m = &w->memory;
        if (attn_is_empty(m))
            return err_set_msg(err, MSG_PIPE_NO_MEMORY);
        if (m->cols != d || m->rows > ATTN_MAX_TOKENS)
            return err_set_msg(err, MSG_PIPE_MEMORY_SHAPE,
                           m->rows, m->cols, d, ATTN_MAX_TOKENS);
    }
    if (w->unembed.rows > 0 && w->unembed.cols != d)
        return err_set_msg(err, MSG_PIPE_UNEMBED, w->unembed.rows, w->unembed.cols, d);
    for (int l = 0; l < cfg->layers; l++) {
        if (!check_layer(&w[l], cfg, l, false, n, d, err))
            return false;
        if (cfg->layer == LAYER_DECODER &&
            (!w[l].cross ? err_set_msg(err, MSG_PIPE_NO_CROSS, l)
                         : !check_layer(w[l].cross, cfg, l, true, n, d, err)))
            return false;
    }
    return true;
}

/* decode.h - generating one token at a time: the KV cache and the decoding
 * step that reads it, and the online softmax (FlashAttention's running
 * maximum, running sum and rescaled output) the step's attention uses.
 *
 * A decoder-only stack (attention layers or causal encoder layers: GPT-2,
 * Llama and their like) computes, for a new token at position t, only
 * that token's row of every matrix: its query, key and value in each
 * layer, its 1 × (t + 1) score row against the cached keys, its weighted
 * sum of the cached values. The keys and values of the earlier tokens do
 * not change (the mask keeps them from seeing later ones), so they are
 * kept, one row per token, per layer. attn_decode_step is the forward
 * pass of pipeline_forward.c for the last row, and gives its numbers to
 * within rounding (tests/test_decode.c).
 */
#ifndef ATTNSTEP_DECODE_H
#define ATTNSTEP_DECODE_H

#include "attention/pipeline.h"

/* The keys and values of every layer, one row per token so far. K and V
 * hold the keys as the scores read them: after RoPE when the model has
 * rotary positions. Rows 0 .. len-1 are filled; cap rows are allocated. */
typedef struct KvCache {
    int layers, kv_cols, cap, len; /* kv_cols = kv_heads · d_k */
    Matrix *K, *V;                 /* per layer, (cap, kv_cols) */
    MatScratch mm;                 /* the products' packing room */
} KvCache;

/* kv_cache_bytes: what a cache of `cap` tokens for the stack cfg of width
 * d holds (its K and V), to say before allocating it. */
size_t kv_cache_bytes(const AttnConfig *cfg, int d, int cap);

/* kv_cache_init: an empty cache (len 0) with room for `cap` tokens; free
 * with kv_cache_free. */
bool kv_cache_init(KvCache *c, const AttnConfig *cfg, int d, int cap, Error *err);

/* kv_cache_free: release every row; c is then {0}. */
void kv_cache_free(KvCache *c);

// z = softmax(s)·V, computed online over tiles of `tile` keys: one pass
// keeps the largest score so far m, the sum so far ℓ = Σ exp(s_j − m) and
// the output so far o = Σ exp(s_j − m)·v_j, rescaling ℓ and o by
// exp(m_old − m_new) when a tile raises m; z = o / ℓ at the end. s is
// (1, t) (entries may be −∞: masked keys, which get weight 0; at least
// one must be finite), V is (t, d_v), z (1, d_v); sums in double
bool attn_online_softmax_row(Matrix *z, const Matrix *s, const Matrix *V, int tile, Error *err);

/* the tile of keys attn_decode_step's attention reads at a time */
#define ATTN_DECODE_TILE 64

// one new token through every layer of the stack (w, cfg: as attn_forward
// takes them; layers of kind attention or encoder, causal): x (1, d) is its
// embedding with its position added (learned or sinusoidal; RoPE turns q
// and k by the position c->len); each layer appends the token's key and
// value rows to c; out (1, d) is the stack's output row for the token
// (after the final norm when the stack has one). Refused past c->cap.
bool attn_decode_step(const AttnWeights *w, const AttnConfig *cfg, KvCache *c, const Matrix *x, Matrix *out,
                      Error *err);

#endif

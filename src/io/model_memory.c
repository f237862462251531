/* model_memory.c - what loading and running a model will hold, summed
 * before anything is read (model_memory.h).
 *
 * The sums follow what the pass allocates (pipeline_acts.c's table of
 * activations): per layer, self-attention's X, Q, K, V, Z, O, R, Y (P,
 * the rotated Qr and Kr, N before a pre-LN sub-layer) at n x d and every
 * head's S, T, A (and M) at n x n (attn_run_numbers); a decoder's
 * cross-attention as much again with m memory rows; the feed-forward
 * network's F1 and H (and SwiGLU's U) at n x d_ff and N2, F, R2, Y2 at n x d. The test
 * (tests/test_memory.c) holds them against the measured peak.
 */
#include "io/model_memory.h"

#include <stdio.h>

#include "attention/pipeline.h"

#define MIB (1024.0 * 1024)
#define GIB (1024.0 * 1024 * 1024)

/* one layer recorded in full */
static double layer_numbers(const AttnConfig *cfg, const MemShape *s) {
    const double n = s->n, d = s->d, nd = n * d, m = s->memory_rows;
    double self = attn_run_numbers(s->n, s->d, cfg->heads, cfg->causal, cfg->positional) + (cfg->norm_first ? nd : 0);
    double cross = 0, ffn = 0;
    if (cfg->layer == LAYER_DECODER) /* Q Z O R Y, the heads' Z, N; K, V of the memory; S T A per head */
        cross = 7 * nd + 2 * m * d + 3.0 * cfg->heads * n * m;
    if (cfg->layer != LAYER_ATTENTION)
        ffn = (cfg->activation == ACT_SWIGLU ? 3 : 2) * n * s->ff + 4 * nd; /* SwiGLU: U too */
    return self + cross + ffn;
}

double mem_pass_numbers(const AttnConfig *cfg, const MemShape *s, HoldUse use) {
    const double nd = (double)s->n * s->d;
    const int layers = cfg->layers > 0 ? cfg->layers : 1;
    const double full = layer_numbers(cfg, s);
    double numbers;
    if (cfg->record_layer < 0)
        numbers = layers * full;
    else /* the recorded layer, the others' outputs, and one layer's working set */
        numbers = full + (layers - 1) * nd + (layers > 1 && use != HOLD_KEPT ? full : 0);
    if (cfg->norm_first && cfg->layer != LAYER_ATTENTION)
        numbers += nd; /* Y_final */
    if (s->vocab > 0)
        numbers += 3.0 * s->vocab + s->d; /* logits, logits_T, probs, Y_last */
    if (use == HOLD_EXPORT && cfg->layer == LAYER_ATTENTION && layers == 1)
        numbers += 3 * nd; /* Q_h, K_h, V_h copied for their files */
    return numbers;
}

double mem_base_bytes(void) { return 12 * MIB; }

void mem_format(double bytes, char *out, size_t cap) {
    if (bytes >= GIB)
        snprintf(out, cap, "%.1f GiB", bytes / GIB);
    else if (bytes >= MIB)
        snprintf(out, cap, "%.1f MiB", bytes / MIB);
    else
        snprintf(out, cap, "%.1f KiB", bytes / 1024);
}

bool mem_check(const char *path, MemHold *hold, const MemSay *say, Error *err) {
    hold->total = hold->weights + hold->pass + hold->other;
    if (hold->total > MODEL_MAX_HOLD_BYTES) {
        char total[32], weights[32], pass[32], other[32], limit[32];
        mem_format(hold->total, total, sizeof total);
        mem_format(hold->weights, weights, sizeof weights);
        mem_format(hold->pass, pass, sizeof pass);
        mem_format(hold->other, other, sizeof other);
        mem_format(MODEL_MAX_HOLD_BYTES, limit, sizeof limit);
        return err_set_msg_in(err, path, MSG_MEM_TOO_MUCH, total, weights, pass, other, limit);
    }
    if (say && say->say && hold->total >= MODEL_SAY_HOLD_BYTES)
        say->say(say->ctx, path, hold);
    return true;
}

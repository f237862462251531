/* pipeline.h - the stages of multi-head self-attention (design §2), one
 * function per stage, and attn_forward, the one forward pass that chains
 * them. Everything that computes attention (export, bench, the lesson
 * interpreter's `attention` statement) goes through attn_forward.
 *
 * Tokens are rows: X is (n, d_model) and every projection is X @ W + b.
 * Each stage writes into an output it (re)allocates only when the shape
 * changed, and checks the shapes of its inputs, failing with a message
 * that names them. Computation goes through the active kernel set.
 */
#ifndef ATTNSTEP_PIPELINE_H
#define ATTNSTEP_PIPELINE_H

#include "engine/kernels.h"
#include "engine/matrix_list.h"
#include "attention/stage.h"

/* Documented limits for one attention layer. */
#define ATTN_MAX_TOKENS 4096
#define ATTN_MAX_DMODEL 4096
#define ATTN_MAX_HEADS 256

/* Where positions come in: added to E (sinusoidal, or learned: a matrix P
 * of the model, GPT-2's wpe), or rotary (RoPE): Q_h and K_h rotated per
 * head after the split, by an angle that grows with the token's position. */
typedef enum { POS_NONE, POS_SINUSOIDAL, POS_LEARNED, POS_ROPE } Positional;

/* Which columns of a head RoPE rotates together: interleaved pairs (2m,
 * 2m+1), as the RoFormer paper writes it, or halves (m, m + d_k/2), as
 * GPT-NeoX and Llama compute it. Pair m turns by pos * base^(-2m/d_k). */
typedef enum { ROPE_INTERLEAVED, ROPE_HALVES } RopePairs;
#define ATTN_ROPE_BASE 10000.0f

/* Which entries a softmax normalises together: each row (attention), or,
 * as a learner's mistake the checker re-runs, each column or all. */
typedef enum { SOFTMAX_ROWS, SOFTMAX_COLUMNS, SOFTMAX_ALL } SoftmaxAxis;

/* What one layer of the stack is (PyTorch: nn.TransformerEncoderLayer,
 * nn.TransformerDecoderLayer): the self-attention sub-layer alone (the
 * `attention` statement), self-attention + feed-forward network, or
 * masked self-attention + cross-attention over a memory + feed-forward. */
typedef enum { LAYER_ATTENTION, LAYER_ENCODER, LAYER_DECODER } LayerKind;

/* The feed-forward network's activation, as PyTorch names them: relu,
 * gelu (exact: x·Φ(x)), gelu with approximate='tanh'; or the gated
 * network of Llama and its like, SwiGLU: H = silu(X·W_gate) ⊙ (X·W_up),
 * F = H·W_down, silu(x) = x·σ(x) (attn_activate gives silu for it, the
 * function of the gate). */
typedef enum { ACT_RELU, ACT_GELU, ACT_GELU_TANH, ACT_SWIGLU } Activation;

/* Which normalisation every norm of the layer is (the pre-LN and post-LN
 * ones and the final one): layer norm, γ ⊙ (x − μ) / √(σ² + ε) + β; or
 * RMSNorm (Llama, T5), γ ⊙ x / √(mean(x²) + ε): not centred, no β. ε is
 * cfg->ln.eps in both; the variance convention is layer norm's only. */
typedef enum { NORM_LAYER, NORM_RMS } NormKind;

/* Which sub-layer of a layer a stage belongs to (names and titles say it). */
typedef enum { SUB_SELF, SUB_CROSS, SUB_FFN, SUB_FINAL } Sublayer;

#define ATTN_MAX_LAYERS 48 /* GPT-2 large has 36, XL 48 */
#define ATTN_MAX_FFN 16384

typedef struct AttnConfig {
    int heads;
    int kv_heads;      /* key/value heads: 0 or heads (MHA), a divisor of heads (GQA), 1 (MQA) */
    bool causal;
    float mask_value;  /* what masked scores become: -INFINITY (default) or e.g. -1e9 */
    Positional positional;
    RopePairs rope_pairs; /* POS_ROPE: which columns turn together */
    float rope_base;      /* POS_ROPE: ATTN_ROPE_BASE unless a model says otherwise */
    LnConvention ln;   /* variance convention, eps and where eps goes */
    /* Variants of the canonical pipeline, for naming a learner's mistake
     * (the defaults are the canonical pipeline): */
    int scale_dim;       /* scores are divided by √scale_dim; 0: by √d_k; -1: not divided */
    bool mask_skipped;   /* causal, but the mask stage passes T through */
    SoftmaxAxis softmax; /* SOFTMAX_ROWS */
    /* The layer and the stack (PyTorch's nn.TransformerEncoderLayer and
     * DecoderLayer arguments: dim_feedforward, activation, norm_first): */
    LayerKind layer;   /* LAYER_ATTENTION unless a `layer` statement or config says */
    int layers;        /* layers in the stack (1 ..ATTN_MAX_LAYERS): w is an array of them */
    int ffn;           /* d_ff (dim_feedforward): the columns of W_1; 0 without an FFN */
    bool norm_first;   /* pre-LN: Y = X + Sub(LN(X)), and a final layer norm */
    NormKind norm;     /* NORM_LAYER, or NORM_RMS (then no beta may be given) */
    Activation activation;
    /* GPT-2 and its like: the next-token stages (when the first layer's
     * `unembed` is given) divide the logits by `temperature` (1: they are
     * left as they are); a stack of many layers records one in full:
     * with record_layer >= 0 the other layers tell their observer only
     * their output (STAGE_FFN_RESIDUAL), every stage of theirs is still
     * computed and checked. -1: every layer is told in full. */
    float temperature;
    int record_layer;
} AttnConfig;

/* Defaults: the attention sub-layer alone, 1 head, no mask, no positions,
 * PyTorch layer norm, post-LN, relu. */
AttnConfig attn_config_default(void);

/* Weights of one layer. Optional ones are the empty matrix (rows == 0). */
typedef struct AttnWeights {
    Matrix E;                   /* (n, d): the embedding of each token */
    Matrix Wq, Wo;              /* (d, d), applied as X @ W */
    Matrix Wk, Wv;              /* (d, kv_heads * d_k): (d, d) unless grouped */
    Matrix bq, bk, bv, bo;      /* (1, cols of its W) or empty */
    Matrix gamma, beta;         /* (1, d) or empty: layer-norm scale and shift */
    Matrix P;                   /* POS_LEARNED: (>= n, d), row i for position i; else empty */
    Matrix W1, b1, W2, b2;      /* the FFN: (d, d_ff), (1, d_ff), (d_ff, d), (1, d) */
    Matrix gamma_ff, beta_ff;   /* the FFN sub-layer's layer norm, (1, d) or empty */
    Matrix gamma_final, beta_final; /* after a pre-LN stack (first layer's only) */
    Matrix Wgate, Wup, Wdown;   /* the gated FFN (ACT_SWIGLU): (d, d_ff), (d, d_ff), (d_ff, d) */
    /* Not in ATTN_WEIGHTS: a decoder layer's cross-attention sub-layer has
     * weights of its own (Wq ... beta, named cross_W_Q ...), and the stack
     * reads the memory (m, d) its keys and values come from (first layer's
     * only). Both are views the caller owns. */
    const struct AttnWeights *cross;
    Matrix memory;
    /* Not in ATTN_WEIGHTS either: the unembedding W_E (vocab, d), whose
     * row t is token t's embedding (GPT-2 ties them: its wte), first
     * layer's only. After the final norm the next-token stages compute
     * logits = y_last·W_Eᵀ and their softmax. Empty: no such stages. A
     * view the caller owns. */
    Matrix unembed;
} AttnWeights;

/* attn_weight / attn_weight_of: the field of `w` that holds weight `id`
 * (stage.h's list). */
extern const size_t attn_weight_offset[WEIGHT_COUNT];
static inline Matrix *attn_weight(AttnWeights *w, WeightId id) {
    return (Matrix *)(void *)((char *)w + attn_weight_offset[id]);
}
static inline const Matrix *attn_weight_of(const AttnWeights *w, WeightId id) {
    return (const Matrix *)(const void *)((const char *)w + attn_weight_offset[id]);
}

/* attn_weights_free: free every matrix in `w`. */
void attn_weights_free(AttnWeights *w);

/* attn_weight_needed: whether weight `id` must be given under cfg (the
 * attention weights always; the FFN's matrices when the layer has one). */
bool attn_weight_needed(WeightId id, const AttnConfig *cfg);

/* attn_weight_stack_only: E, P and the final norm belong to the stack,
 * not to a layer: only the first layer's are read. */
bool attn_weight_stack_only(WeightId id);

/* attn_validate: check every shape and option before anything runs:
 * d divisible by heads, heads by kv_heads, weights d x d (W_K and W_V
 * d x kv_heads*d_k), biases as long as their W's columns, P with at least
 * n rows of d, limits. For a stack, w is an array of cfg->layers layers,
 * each checked (and each decoder layer's cross weights, and the memory). */
bool attn_validate(const AttnWeights *w, const AttnConfig *cfg, Error *err);

/* attn_kv_heads: the key/value heads of cfg (kv_heads, or heads when 0).
 * attn_kv_head: the key/value head query head h of `heads` reads: heads
 * are grouped in order, heads / kv_heads to a group. */
int attn_kv_heads(const AttnConfig *cfg);
static inline int attn_kv_head(int h, int heads, int kv_heads) { return h / (heads / kv_heads); }

/* attn_weight_shape: the shape weight `id` must have for n tokens of d
 * columns under cfg (*rows = 1 for a vector; for P, the least number of
 * rows). Both this file's check and a model directory's use it. */
void attn_weight_shape(WeightId id, int n, int d, const AttnConfig *cfg, int *rows, int *cols);

// P = sinusoidal positions; P is (n, d); P[pos][2i] = sin(pos / 10000^(2i/d)),
// P[pos][2i+1] = cos(pos / 10000^(2i/d)), positions from 0
bool attn_positions(Matrix *P, int n, int d, Error *err);
// X = E (+ P); E, P, X are (n, d); P may be NULL
bool attn_embed(Matrix *X, const Matrix *E, const Matrix *P, Error *err);
// out = X @ W (+ b); X is (n, d_in), W is (d_in, d_out), b is (1, d_out) or empty;
// the product packs into *mm (kept for the next product), or, when mm is
// NULL, into room of its own
bool attn_project(Matrix *out, const Matrix *X, const Matrix *W, const Matrix *b, MatScratch *mm, Error *err);
// the columns of head h: a view of M (n, d) as (n, d_k), columns h*d_k .. (h+1)*d_k - 1
Matrix attn_head(const Matrix *M, int heads, int h);
// Xr = Xh with each pair of columns turned by its angle: RoPE; Xh, Xr are
// (n, d_k), d_k even, row i is position i; pair m = (a, b) (attn_rope_pair)
// turns by theta = i * base^(-2m/d_k):
//   Xr[i][a] = Xh[i][a]·cos θ − Xh[i][b]·sin θ,  Xr[i][b] = Xh[i][b]·cos θ + Xh[i][a]·sin θ
// cos θ and sin θ are rounded to float once, each product is a float product.
bool attn_rope(Matrix *Xr, const Matrix *Xh, RopePairs pairs, float base, Error *err);
// the pair of column j of a d_k-column head: its number m, the other column
// and whether j is the pair's first (the one that gets x·cos − y·sin)
void attn_rope_pair(int j, int d_k, RopePairs pairs, int *m, int *partner, bool *first);
// theta = pos * base^(-2m/d_k), in double (cos and sin of it are rounded to float)
double attn_rope_angle(int pos, int m, int d_k, float base);
// S = Qh @ Kh^T; Qh, Kh are (n, d_k); S is (n, n), rows = queries, cols = keys
bool attn_scores(Matrix *S, const Matrix *Qh, const Matrix *Kh, Error *err);
// T = S / sqrt(d_k); S, T are (n, n)
bool attn_scale(Matrix *T, const Matrix *S, int d_k, Error *err);
// M = T with `value` above the diagonal (key after query); T, M are (n, n)
bool attn_mask(Matrix *M, const Matrix *T, float value, Error *err);
// A = softmax of each row of T; T, A are (n, n); each row of A sums to 1
// (SOFTMAX_COLUMNS: each column; SOFTMAX_ALL: all entries together)
bool attn_softmax(Matrix *A, const Matrix *T, SoftmaxAxis axis, Error *err);
// logits = y · W_Eᵀ; y is (1, d), W_E is (vocab, d), logits is (1, vocab):
// logits[0][t] is the dot product of y with token t's embedding
bool attn_logits(Matrix *logits, const Matrix *y, const Matrix *W_E, Error *err);
// H = act(F1) element by element; F1, H are (n, d_ff)
bool attn_activation(Matrix *H, const Matrix *F1, Activation act, Error *err);
// the activation of one number, in double (the scalar specification)
double attn_activate(double x, Activation act);
// Zh = A @ Vh; A is (n, n), Vh is (n, d_k), Zh is (n, d_k)
bool attn_weighted_sum(Matrix *Zh, const Matrix *A, const Matrix *Vh, Error *err);
// Z = [Z_0 | Z_1 | ...] along columns; each Z_h is (n, d_k), Z is (n, heads * d_k)
bool attn_concat(Matrix *Z, const Matrix *const *Zh, int heads, Error *err);
// R = X + O; all (n, d)
bool attn_residual(Matrix *R, const Matrix *X, const Matrix *O, Error *err);
// Y = gamma * (R - mu) / sqrt(var + eps) + beta per row (under `conv`);
// R, Y are (n, d); gamma, beta are (1, d) or empty
bool attn_layernorm(Matrix *Y, const Matrix *R, const Matrix *gamma, const Matrix *beta,
                    LnConvention conv, Error *err);
// Y = gamma * R / sqrt(mean(R²) + eps) per row (RMSNorm: no mean subtracted,
// no beta); R, Y are (n, d); gamma is (1, d) or empty; ms (n floats, or
// NULL) receives each row's mean of squares
bool attn_rmsnorm(Matrix *Y, const Matrix *R, const Matrix *gamma, float eps, float *ms, Error *err);
// Y = the normalisation cfg->norm names of R: attn_layernorm under cfg->ln,
// or attn_rmsnorm with cfg->ln.eps (beta must then be empty); R, Y are
// (n, d); gamma, beta are (1, d) or empty
bool attn_norm(Matrix *Y, const Matrix *R, const Matrix *gamma, const Matrix *beta, const AttnConfig *cfg,
               Error *err);
// H = silu(G) ⊙ U element by element, silu(x) = x·σ(x): SwiGLU's gate;
// G (X·W_gate), U (X·W_up) and H are (n, d_ff)
bool attn_swiglu(Matrix *H, const Matrix *G, const Matrix *U, Error *err);

/* The activations of one forward pass, allocated once per shape: a
 * second attn_forward of the same shape reuses them. Per-head arrays have
 * `heads` entries; Qh, Kh, Vh are views of Q, K, V's columns. M holds
 * the masked scores and is used only when causal.
 *
 * An observer may take a result (attn_take): the data then belongs to it
 * and the activation stays a view of it, readable by the later stages of
 * the same pass; the next pass allocates it afresh. */
/* the most outputs one stage of stages.def lists */
#define ATTN_STAGE_OUTS_MAX 3

typedef struct AttnActs {
    int n, d, heads;
    /* where the pass is: the layer (from 0) and sub-layer of the stage it
     * tells; `in` is a view of the sub-layer's input (the stage tables'
     * "X"), called in_name; `masked` says M_h holds this sub-layer's mask */
    int layer;
    Sublayer sub;
    Matrix in;
    char in_name[MLIST_NAME_MAX];
    bool masked, roped;  /* M_h, Qr_h and Kr_h are this sub-layer's */
    const AttnConfig *cfg;
    const AttnWeights *w;    /* the weights of this sub-layer (cross ones in cross-attention) */
    Matrix P, X, Q, K, V;
    Matrix *Qh, *Kh, *Vh;    /* (n, d_k) views; Kh, Vh of the query head's K/V head */
    Matrix *Qr, *Kr;         /* (n, d_k): Qh, Kh rotated (POS_ROPE only) */
    Matrix *S, *T, *M, *A;   /* (n, n) */
    Matrix *Zh;              /* (n, d_k) */
    Matrix Z, O, R, Y;       /* (n, d) */
    Matrix N, N2;            /* (n, d): pre-LN, the sub-layer's normalised input */
    Matrix F1, H;            /* (n, d_ff) */
    Matrix G, U;             /* (n, d_ff): SwiGLU's gate X·W_gate and X·W_up */
    Matrix F, R2, Y2, Y_final; /* (n, d) */
    Matrix Y_last;           /* (1, d): a view of the stack output's last row */
    Matrix logits, logits_T, probs; /* (1, vocab): next token; logits_T = logits / T */
    /* scratch: the keys (transposed) and values of the head being
     * computed, packed for the products (KernelSet.pack), and a strip of
     * its scores and one of its weights (ATTN_FUSED_ROWS rows each, kept
     * in the cache while the strip is worked on); packed_k, packed_v,
     * strip_s and strip_a point into `head_room` */
    MatScratch head_room;
    float *packed_k, *packed_v, *strip_s, *strip_a;
    MatScratch mm; /* the products' packed blocks (KernelSet.matmul_scratch) */
    /* each stage's outputs (stages.def) as rows of the activations'
     * table, -1 after the last: read once when the activations are
     * shaped, so that a pass looks no name up */
    signed char outs[STAGE_COUNT][ATTN_STAGE_OUTS_MAX + 1];
    bool outs_ready;
} AttnActs;

/* attn_act: the activation a canonical name of stages.def stands for
 * ("X", "S_h", without a head number), or NULL for another name. For a
 * per-head name it is the array of every head's (acts->heads of them),
 * and *per_head is set. */
Matrix *attn_act(AttnActs *acts, const char *name, bool *per_head);

/* attn_act_first_token: the token (from 0) that row 0 of `m` stands for
 * when m is one of the results that keep only the last token's row
 * (Y_last, logits, logits_T, probs: the row that predicts the next token),
 * that is acts->n - 1; -1 for any other matrix (one row per token, a
 * weight, or not a result of the pass). */
int attn_act_first_token(const AttnActs *acts, const Matrix *m);

/* attn_computes: whether a pass under cfg computes the canonical name
 * ("M_h" only when causal, "Qr_h" and "Kr_h" only with rotary positions, "P"
 * only with sinusoidal ones); stages.def's "A|B" is B when it does. */
bool attn_computes(const AttnConfig *cfg, const char *name);

/* attn_layer_prefix: what the names of layer `layer` of a stack under cfg
 * start with, into buf (size bytes): "L<layer>_" in a stack of several
 * layers (L0_ too, so its layers are named alike and L0_R2 stands beside
 * L1_R2), nothing for a single layer; then "cross_" for its
 * cross-attention. The one rule for activations and for weights. */
const char *attn_layer_prefix(const AttnConfig *cfg, int layer, bool cross, char *buf, size_t size);

/* attn_act_name: the canonical name of result or operand `word` (a word
 * of stages.def, "S_h" with head h, or -1) where the pass is now, with
 * the layer's prefix (attn_layer_prefix: L1_cross_S_h0); the stack's
 * own results (Y_final, the next-token steps) have none. Into buf (size
 * bytes). */
const char *attn_act_name(const AttnActs *acts, const char *word, int head, char *buf, size_t size);

/* attn_input: the matrix an input word of stages.def stands for where the
 * pass is now, and its canonical name in `name`: "X" is acts->in, "A|B"
 * chooses, "memory" is the memory, a weight is this sub-layer's. NULL for
 * an absent optional weight. *per_head is set for an array of heads. */
const Matrix *attn_input(AttnActs *acts, const char *word, char *name, size_t size, bool *per_head);

/* attn_acts_free: free what `acts` still owns (not what was taken). */
void attn_acts_free(AttnActs *acts);

/* attn_take: ownership of *m's data, moved to the caller; *m stays a view
 * of it (valid while the caller keeps the data). */
static inline Matrix attn_take(Matrix *m) {
    Matrix t = *m;
    m->owned = false;
    return t;
}

/* An observer of a forward pass: stage_done is called once a stage's
 * results (every head's) are in `acts`, in the order of ATTN_STAGES
 * (STAGE_MASK only when causal). It may read, check or take them. It
 * returns false to stop the pass (having said why in err, or elsewhere). */
typedef struct AttnObserver {
    void *ctx;
    bool (*stage_done)(void *ctx, Stage stage, AttnActs *acts, Error *err);
} AttnObserver;

/* attn_check_stage: every result of `stage` in `acts` is a finite number
 * (in the masked scores, below and on the diagonal); else false with an
 * error naming the result, the first cell and the stage ("S_h0 is not a
 * number (NaN) at [0][1], in the scores stage"). attn_forward calls it
 * after each stage, before the observer, so the `attention` statement,
 * export and every other caller report a non-finite result the same way. */
bool attn_check_stage(Stage stage, const AttnActs *a, Error *err);

/* attn_forward: the one forward pass. Validates `w` and `cfg`, then runs
 * every stage in order over `acts` (zero-initialised by the caller the
 * first time, freed with attn_acts_free), calling `obs` (may be NULL)
 * after each. The per-head stages from the scores to the weighted sum
 * (with the softmax over rows) are computed head by head and strip of
 * queries by strip, with the bits of the stages one after another; they
 * are told all the same, stage by stage, once every head's are there. On failure `acts` holds what was computed so far. */
bool attn_forward(const AttnWeights *w, const AttnConfig *cfg, AttnActs *acts, const AttnObserver *obs,
                  Error *err);

/* attn_final_norm: whether the stack ends in a final layer norm
 * (Y_final): always after a pre-LN stack, and after a post-LN stack of
 * encoder or decoder layers whose gamma_final or beta_final is given
 * (PyTorch's TransformerEncoder(norm=...) applies it whatever norm_first
 * is). */
bool attn_final_norm(const AttnConfig *cfg, const AttnWeights *w);

/* attn_output_of: the stack's output after a pass over acts: Y_final
 * (attn_final_norm), Y2 (post-LN encoder or decoder layers), or Y
 * (attention). */
const Matrix *attn_output_of(const AttnActs *acts);

/* attn_output: the output only (Y, Y2 or Y_final), into *Y (the empty matrix or an owned one, which
 * is reused when its shape fits; owned by the caller). Nobody observes,
 * so for the canonical attention sub-layer this is the fused path (fused.h: heads not
 * kept, no n x n matrix; bit-identical Y for finite inputs); a variant
 * (a learner's mistake), or a result that is not finite (so that the
 * error names the stage, as attn_run's does), runs the ordinary stages over
 * `acts`. `fused` and
 * `acts` (both zero-initialised, either may be NULL) are scratch reused
 * across calls of one shape. */
typedef struct AttnFused AttnFused;
bool attn_output(const AttnWeights *w, const AttnConfig *cfg, AttnFused *fused, AttnActs *acts, Matrix *Y,
                 Error *err);

/* attn_run: attn_forward recording everything. Appends to `out`, in order:
 *   P (only with sinusoidal positions), X, Q, K, V, then stage by stage
 *   for every head i: Qr_h{i}, Kr_h{i} (only with rotary positions),
 *   S_h{i}, T_h{i}, M_h{i} (only when causal: T_h{i} after the mask),
 *   A_h{i}, Z_h{i}; then Z, O, R, Y. K and V are (n, kv_heads·d_k).
 * T_h{i} is always the scaled score before the mask. The matrices are
 * moved into `out`, not copied. On failure `out` holds what was computed
 * so far (the caller frees it). */
bool attn_run(const AttnWeights *w, const AttnConfig *cfg, MatrixList *out, Error *err);

/* attn_layer_madds: the multiply-adds of one self-attention layer on n
 * tokens of d columns (four projections n·d², the scores and the weighted
 * sums n²·d), with a feed-forward network of ffn columns (2·n·d·ffn; 0:
 * none; `gated`, SwiGLU's three matrices: 3·n·d·ffn). What the
 * interpreter's work limit counts. */
static inline double attn_layer_madds(double n, double d, double ffn, bool gated) {
    return 4.0 * n * d * d + 2.0 * n * n * d + (gated ? 3.0 : 2.0) * n * d * ffn;
}

/* attn_ffn_width: d_ff of a layer's weights, the columns of W_1 or (the
 * gated network) of W_gate; 0 when it has neither. */
static inline int attn_ffn_width(const AttnWeights *w) { return w->W1.rows ? w->W1.cols : w->Wgate.cols; }

/* attn_run keeps every matrix of the pass, so it refuses, before
 * allocating anything, a layer whose matrices would take more than
 * ATTN_RUN_MAX_BYTES, with the estimate in the message; that is the
 * bound on what `attnstep export MODEL_DIR` uses. attn_run_numbers is
 * the estimate: the floats of all its matrices. */
#define ATTN_RUN_MAX_BYTES (2.0 * 1024 * 1024 * 1024)
double attn_run_numbers(int n, int d, int heads, bool causal, Positional positional);

#endif

/* backward.h - the backward pass of one attention layer: the gradient of a
 * loss with respect to every activation and weight of the `attention`
 * statement's layer (post-LN: Y = LN(X + MHA(X))) or of one encoder layer
 * (self-attention, then the feed-forward network; post-LN or pre-LN with
 * its final norm), given the gradient of the layer's output that arrives
 * from above. One function per stage, in the reverse order of
 * the forward pass (pipeline.h), each the exact derivative of its forward
 * stage, then attn_backward, which chains them over the activations a
 * forward pass left in AttnActs.
 *
 * This is the plain reference: loops in double over float32 data, one
 * thread, the same bits on every kernel set. It is the specification a
 * faster version will be tested against, as kernels_scalar.c is for the
 * forward kernels; tests/test_backward.c checks it against float64 central
 * differences of an independent NumPy forward (tests/reference/).
 *
 * Names: the gradient of an activation or weight NAME is dNAME (dQ, dA_h0,
 * dW_Q); for a weight, dW has W's shape.
 */
#ifndef ATTNSTEP_BACKWARD_H
#define ATTNSTEP_BACKWARD_H

#include "attention/pipeline.h"

/* The gradients of one attention layer. Per-head arrays have `heads`
 * entries. dK_h and dV_h are per query head (what head h sends back to
 * its K/V head's columns); dK and dV sum them over the query heads that
 * share a K/V head (grouped-query attention). Every matrix is owned. */
typedef struct AttnGrads {
    int n, d, heads;
    Matrix dY, dR, dO, dZ;            /* (n, d) */
    Matrix *dZh, *dA, *dT, *dS;       /* (n, d_k), (n, n), (n, n), (n, n) */
    Matrix *dQr, *dKr;                /* (n, d_k): rotary positions only */
    Matrix *dQh, *dKh, *dVh;          /* (n, d_k) */
    Matrix dQ, dK, dV;                /* (n, d), (n, kv_heads * d_k) twice */
    Matrix dX, dE, dP;                /* (n, d); dP only with learned positions */
    Matrix dWq, dWk, dWv, dWo;        /* the shapes of W_Q ... W_O */
    Matrix dbq, dbk, dbv, dbo;        /* (1, cols); empty where the bias is */
    Matrix dgamma, dbeta;             /* (1, d); empty where γ, β are */
    Matrix dN;                        /* pre-LN: (n, d), the attention's normalised input */
    /* the feed-forward sub-layer (an encoder layer): */
    Matrix dY2, dR2, dF;              /* (n, d) */
    Matrix dH, dF1;                   /* (n, d_ff); dF1 without SwiGLU */
    Matrix dG, dU;                    /* (n, d_ff): SwiGLU's gate X·W_gate and X·W_up */
    Matrix dN2;                       /* pre-LN: (n, d) */
    Matrix dW1, db1, dW2, db2;        /* relu, gelu, gelu_tanh */
    Matrix dWgate, dWup, dWdown;      /* SwiGLU */
    Matrix dgamma_ff, dbeta_ff;
    Matrix dY_final, dgamma_final, dbeta_final; /* the norm after the layer (pre-LN) */
} AttnGrads;

// dX = dOut·Wᵀ, dW = Xᵀ·dOut, db = Σ_rows dOut: the backward of
// out = X·W + b; X is (n, k), W is (k, m), dOut is (n, m); dX (n, k),
// dW (k, m), db (1, m) are written (dX added to when `add`); db may be NULL
bool attn_project_backward(Matrix *dX, Matrix *dW, Matrix *db, const Matrix *dOut, const Matrix *X, const Matrix *W,
                           bool add, Error *err);

// dR and dγ, dβ of Y = γ ⊙ x̂ + β, x̂ = (R − μ) / s, per row (layer norm
// under cfg->ln, or RMSNorm: x̂ = R / √(mean(R²) + ε)); R, dY, dR are (n, d);
// gamma (1, d) or empty for 1; dgamma, dbeta (1, d) or NULL. For layer
// norm with ε inside the root, dR = (1/s)(dx̂ − mean(dx̂) − x̂·mean(dx̂ ⊙ x̂)),
// dx̂ = γ ⊙ dY; a row the forward normalised to 0 for want of any spread
// (variance 0 with nothing to keep the root above 0) gets dR = 0
bool attn_norm_backward(Matrix *dR, Matrix *dgamma, Matrix *dbeta, const Matrix *dY, const Matrix *R,
                        const Matrix *gamma, const AttnConfig *cfg, Error *err);

// dT = A ⊙ (dA − rowsum(A ⊙ dA)): the backward of each row's softmax;
// A, dA, dT are (n, m)
bool attn_softmax_backward(Matrix *dT, const Matrix *dA, const Matrix *A, Error *err);

// dXh = each pair of dXr turned back by −θ (RoPE's rotation is orthogonal,
// so its backward is its transpose); dXr, dXh are (n, d_k), row i position i
bool attn_rope_backward(Matrix *dXh, const Matrix *dXr, RopePairs pairs, float base, Error *err);

// the slope act'(x) of the feed-forward network's activation at x (for
// ACT_SWIGLU, silu's: σ(x)·(1 + x·(1 − σ(x)))), in double; relu's is 0 at 0
double attn_activation_slope(double x, Activation act);

// the gradients of the layer whose activations `a` holds after
// attn_forward(w, cfg, a, ...) (nothing taken from them), for the gradient
// dOut (n, d) of the layer's output (attn_output_of: Y, Y2 or Y_final).
// Supported: one layer (cfg->layers 1), an attention layer or an encoder
// layer, post-LN or pre-LN, no next-token stages, row softmax, scaled by
// √d_k or √scale_dim, any mask value, heads, grouped K/V heads, rotary,
// sinusoidal or learned positions, optional biases, γ, β, layer norm or
// RMSNorm, every activation; anything else is refused with a message. g
// is (re)filled; free it with attn_grads_free.
bool attn_backward(const AttnActs *a, const AttnWeights *w, const AttnConfig *cfg, const Matrix *dOut, AttnGrads *g,
                   Error *err);

/* attn_grads_free: free every matrix of g; g is then empty. */
void attn_grads_free(AttnGrads *g);

#endif

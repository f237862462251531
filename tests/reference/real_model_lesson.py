#!/usr/bin/env python3
"""The numbers of the "A real model" lesson (lessons/en/real-model.lesson
and lessons/zh/real-model.lesson), computed independently in NumPy
(float64): the lesson's `expect` lines were written from this output.

    python3 tests/reference/real_model_lesson.py

The model is the lesson's hand-built GPT-2 block: a 6-token vocabulary
W_E (tied unembedding), learned positions wpe, 2 heads of d_k = 4 (head 0
a previous-token head, head 1 a first-token head), a pre-LN layer with a
tanh-GELU feed-forward network of width 32, the final layer norm, the
logits y·W_Eᵀ of the last token and their softmax. Then the lesson's
temperature example, and GPT-2 small's parameter count.
"""
import numpy as np

D, HEADS = 8, 2
DK = D // HEADS
EPS = 1e-5


def layer_norm(x):
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)  # over d, not d - 1
    return (x - mu) / np.sqrt(var + EPS)


def softmax(x):
    e = np.exp(x - x.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def gelu_tanh(x):
    return 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3)))


def model():
    w_e = np.zeros((6, D))
    for t in range(4):               # The, ␣cat, ␣sat, ␣on: one column each
        w_e[t, t] = 1
    w_e[4, :4] = [0, -0.6, -0.8, 0]  # ␣the
    w_e[5, :4] = [0, 0.6, 0, 0.8]    # ␣mat
    wpe = np.zeros((4, D))
    for p in range(4):
        wpe[p, 4 + p] = 1
    w_q, w_k = np.zeros((D, D)), np.zeros((D, D))
    for p in range(4):
        w_q[4 + p, p] = 3            # head 0: query slot = own position
    for p in range(3):
        w_k[4 + p, p + 1] = 3        # head 0: key slot = position + 1
    w_k[4, 4] = 3                    # head 1: only position 0 has a key
    b_q = np.zeros(D)
    b_q[4] = 3                       # head 1: the same query for every token
    w_1 = np.zeros((D, 32))
    w_1[3, 0] = 8                    # one unit reads ␣on's column
    w_2 = np.zeros((32, D))
    w_2[0] = 4 * w_e[4]              # and writes 4·␣the
    return w_e, wpe, w_q, w_k, b_q, w_1, w_2


def main():
    np.set_printoptions(precision=6, suppress=True, linewidth=120)
    w_e, wpe, w_q, w_k, b_q, w_1, w_2 = model()
    x = w_e[[0, 1, 2, 3]] + wpe
    n = layer_norm(x)                                  # ln_1
    q, k, v = n @ w_q + b_q, n @ w_k, n               # W_V = I
    causal = np.tril(np.ones((4, 4))) > 0
    zs = []
    for h in range(HEADS):
        c = slice(h * DK, (h + 1) * DK)
        t = q[:, c] @ k[:, c].T / np.sqrt(DK)
        a = softmax(np.where(causal, t, -np.inf))
        zs.append(a @ v[:, c])
        print(f"T_h{h}\n{t}\nA_h{h}\n{a}")
    r = x + np.concatenate(zs, 1)                      # W_O = I
    r2 = r + gelu_tanh(layer_norm(r) @ w_1) @ w_2      # ln_2, FFN
    y = layer_norm(r2)                                 # ln_f
    logits = y[-1] @ w_e.T
    print("N[0][0]", n[0, 0])
    print("Z_h0[3]", zs[0][3])
    print("logits", logits)
    print("probs", softmax(logits))

    h = np.array([1.0, -1, 2])
    w = np.array([[0.5, -0.5, 0.5], [1, 0, 0], [0, 2, 1], [-1, 0, 0], [0, 2, 0]])
    l = h @ w.T
    print("l", l)
    for temperature in (1, 0.5, 2):
        print("T =", temperature, softmax(l / temperature))

    d, ff, vocab, positions, layers = 768, 3072, 50257, 1024, 12
    per_layer = 2 * d + (d * 3 * d + 3 * d) + (d * d + d) + 2 * d + (d * ff + ff) + (ff * d + d)
    params = vocab * d + positions * d + layers * per_layer + 2 * d
    print("per layer", per_layer, "params", params)
    print("MB with the 12 causal-mask buffers", (params + layers * positions * positions) * 4 / 1e6)


if __name__ == "__main__":
    main()

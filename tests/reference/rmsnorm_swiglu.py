#!/usr/bin/env python3
"""rmsnorm_swiglu.py - a float64 NumPy reference for RMSNorm and the gated
feed-forward network (SwiGLU), written from the formulas, not from the C code:

    rmsnorm(x) = x / sqrt(mean(x^2) + eps) * gamma     (per row; no mean, no beta)
    silu(x)    = x * sigmoid(x) = x / (1 + exp(-x))
    swiglu(X)  = (silu(X @ W_gate) * (X @ W_up)) @ W_down

Usage: rmsnorm_swiglu.py OUTDIR SEED [--post]

Writes into OUTDIR random float32 inputs (so that the C side reads exactly
the numbers the reference used) and the float64 results the C code must
match (tests/test_rmsnorm_swiglu.c, within 1e-4 relative):

  kernels   x (n, d), g (1, d): rms = rmsnorm(x) with gamma g, ms = mean(x^2) per row
            (n, 1); G, Up (n, ff): gated = silu(G) * Up, silu = silu(G)
  one layer an encoder layer of `heads` heads, causal, with RMSNorm for
            every norm and the SwiGLU network: inputs E, Wq Wk Wv Wo,
            gamma, gamma_ff, gamma_final, W_gate W_up W_down (no biases);
            pre-norm by default (N = rms(X), R = X + attn(N), N2 = rms(R),
            F1 = N2 W_gate, U = N2 W_up, H = silu(F1) U, F = H W_down,
            R2 = R + F, Y_final = rms(R2)), or post-norm with --post
            (R = X + attn(X), Y = rms(R), F1 = Y W_gate, ...,
            R2 = Y + F, Y2 = rms(R2)). The sizes, eps and heads go to
            sizes.txt as "n d heads ff eps".
"""
import math
import os
import sys

import numpy as np


def rmsnorm(x, gamma, eps):
    ms = np.mean(x * x, axis=1, keepdims=True)
    return x / np.sqrt(ms + eps) * gamma.reshape(1, -1), ms


def silu(x):
    return x / (1.0 + np.exp(-x))


def softmax(t):
    m = np.max(t, axis=1, keepdims=True)
    e = np.exp(t - m)
    return e / np.sum(e, axis=1, keepdims=True)


def attention(u, Wq, Wk, Wv, Wo, heads):
    """causal multi-head self-attention of u (n, d), output O (n, d)"""
    Q, K, V = u @ Wq, u @ Wk, u @ Wv
    n, d = Q.shape
    dk = d // heads
    above = np.triu(np.ones((n, n), dtype=bool), k=1)
    Z = np.zeros((n, d))
    for h in range(heads):
        c = slice(h * dk, (h + 1) * dk)
        T = Q[:, c] @ K[:, c].T / math.sqrt(dk)
        T[above] = -np.inf
        Z[:, c] = softmax(T) @ V[:, c]
    return Q, Z @ Wo


def main():
    outdir, seed = sys.argv[1], int(sys.argv[2])
    post = "--post" in sys.argv[3:]
    rng = np.random.default_rng(seed)
    n, d, heads, ff = int(rng.integers(1, 40)), 4 * int(rng.integers(1, 17)), 4, int(rng.integers(1, 90))
    eps = [1e-5, 1e-6, 0.0][seed % 3]

    def f32(*shape, scale=1.0, shift=0.0):
        return (rng.uniform(-1.0, 1.0, size=shape) * scale + shift).astype(np.float32)

    out = {}
    # the kernels on their own: rows of every width the SIMD sets split
    # differently, a shifted row, a tiny row and a row of zeros (eps > 0)
    x = f32(n + 3, d + 5, scale=3.0)
    x[1] += 40.0
    x[2] *= 1e-3
    if eps > 0:
        x[0] = 0.0
    out["x"], out["g"] = x, f32(1, d + 5, shift=1.0)
    out["G"], out["Up"] = f32(n + 2, ff + 7, scale=12.0), f32(n + 2, ff + 7, scale=2.0)
    x64, g64 = out["x"].astype(np.float64), out["g"].astype(np.float64)
    ref = {}
    ref["rms"], ref["ms"] = rmsnorm(x64, g64, eps)
    G, Up = out["G"].astype(np.float64), out["Up"].astype(np.float64)
    ref["silu"], ref["gated"] = silu(G), silu(G) * Up

    # one layer
    w = {"E": f32(n, d), "Wq": f32(d, d, scale=0.5), "Wk": f32(d, d, scale=0.5), "Wv": f32(d, d, scale=0.5),
         "Wo": f32(d, d, scale=0.5), "gamma": f32(1, d, shift=1.0, scale=0.3),
         "gamma_ff": f32(1, d, shift=1.0, scale=0.3), "gamma_final": f32(1, d, shift=1.0, scale=0.3),
         "W_gate": f32(d, ff, scale=0.5), "W_up": f32(d, ff, scale=0.5), "W_down": f32(ff, d, scale=0.5)}
    out.update(w)
    w = {k: v.astype(np.float64) for k, v in w.items()}
    X = w["E"]
    if post:
        _, O = attention(X, w["Wq"], w["Wk"], w["Wv"], w["Wo"], heads)
        R = X + O
        Y, _ = rmsnorm(R, w["gamma"], eps)
        ref["R"], ref["Y"] = R, Y
        s = Y
    else:
        N, _ = rmsnorm(X, w["gamma"], eps)
        Q, O = attention(N, w["Wq"], w["Wk"], w["Wv"], w["Wo"], heads)
        R = X + O
        ref["N"], ref["Q"], ref["R"] = N, Q, R
        s = R
    u = rmsnorm(s, w["gamma_ff"], eps)[0] if not post else s
    if not post:
        ref["N2"] = u
    F1, U = u @ w["W_gate"], u @ w["W_up"]
    H = silu(F1) * U
    F = H @ w["W_down"]
    R2 = s + F
    ref.update({"F1": F1, "U": U, "H": H, "F": F, "R2": R2})
    if post:
        ref["Y2"] = rmsnorm(R2, w["gamma_ff"], eps)[0]
    else:
        ref["Y_final"] = rmsnorm(R2, w["gamma_final"], eps)[0]

    for name, a in out.items():
        np.save(os.path.join(outdir, name + ".npy"), a)
    for name, a in ref.items():
        np.save(os.path.join(outdir, "ref_" + name + ".npy"), np.asarray(a, dtype=np.float64))
    with open(os.path.join(outdir, "sizes.txt"), "w") as f:
        f.write(f"{n} {d} {heads} {ff} {eps!r}\n")
        f.write(" ".join(sorted(ref)) + "\n")


if __name__ == "__main__":
    main()

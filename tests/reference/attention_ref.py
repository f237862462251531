"""Independent float64 NumPy implementation of attnstep's canonical pipeline.

Written from the formulas (Vaswani et al. 2017, and the stage table of the
design), not from the C code, so that comparing the two checks both.

    X   = E + P                     P: sinusoidal positions, or nothing
    Q   = X Wq + bq,  K = X Wk + bk,  V = X Wv + bv
    head i uses columns i*d_k .. (i+1)*d_k - 1, d_k = d / heads
    S_i = Q_i K_i^T                 rows = queries, columns = keys
    T_i = S_i / sqrt(d_k)           (before the mask)
    M_i = T_i with -inf above the diagonal   (only when causal)
    A_i = softmax of each row of M_i (or T_i)
    Z_i = A_i V_i,   Z = [Z_0 | Z_1 | ...]
    O   = Z Wo + bo,  R = X + O
    Y   = gamma * (R - mean) / sqrt(var + eps) + beta   per row,
          var the population variance (divide by d); a row with variance
          0 normalises to 0 (so Y is beta there), as attnstep documents.

PE(pos, 2i) = sin(pos / 10000^(2i/d)), PE(pos, 2i+1) = cos(same), pos from 0.

Learned positions (GPT-2's wpe): X = E + P[:n], the first n rows of P.

Grouped-query attention: K and V have kv_heads * d_k columns; query head i
uses K/V head i // (heads // kv_heads).  kv_heads = heads is ordinary
multi-head attention, kv_heads = 1 multi-query attention.

Rotary positions (RoPE, Su et al. 2021): after the split, each query and key
row at position p is rotated pair by pair; pair m turns by
theta = p * base^(-2m/d_k):
    (x_a, x_b) -> (x_a cos theta - x_b sin theta, x_b cos theta + x_a sin theta)
where the pairs are (2m, 2m+1) ("interleaved", the RoFormer paper) or
(m, m + d_k/2) ("halves", GPT-NeoX and Llama's rotate_half).  The rotated
matrices are Qr_h{i}, Kr_h{i}, and the scores use them.
"""

import numpy as np


def positions(n, d):
    pos = np.arange(n, dtype=np.float64)[:, None]
    j = np.arange(d)
    two_i = (j - j % 2).astype(np.float64)
    angle = pos / np.power(10000.0, two_i / d)
    return np.where(j % 2 == 0, np.sin(angle), np.cos(angle))


def rope(x, pairs="interleaved", base=10000.0):
    """x (n, d_k) rotated as the module docstring says (float64)."""
    x = np.asarray(x, dtype=np.float64)
    n, dk = x.shape
    half = dk // 2
    m = np.arange(half, dtype=np.float64)
    theta = np.arange(n, dtype=np.float64)[:, None] * np.power(float(base), -2.0 * m / dk)[None, :]
    c, s = np.cos(theta), np.sin(theta)
    if pairs == "interleaved":
        a, b = np.arange(0, dk, 2), np.arange(1, dk, 2)
    else:
        a, b = np.arange(half), np.arange(half, dk)
    out = np.empty_like(x)
    out[:, a] = x[:, a] * c - x[:, b] * s
    out[:, b] = x[:, b] * c + x[:, a] * s
    return out


def softmax_rows(t):
    m = np.max(t, axis=1, keepdims=True)
    e = np.exp(t - m)
    return e / np.sum(e, axis=1, keepdims=True)


def layernorm_rows(r, gamma, beta, eps):
    mu = r.mean(axis=1, keepdims=True)
    c = r - mu
    var = (c * c).mean(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        norm = np.where(var == 0, 0.0, c / np.sqrt(var + eps))
    y = norm
    if gamma is not None:
        y = y * gamma
    if beta is not None:
        y = y + beta
    return y


def canonical(E, Wq, Wk, Wv, Wo, heads, bq=None, bk=None, bv=None, bo=None,
              gamma=None, beta=None, causal=False, positional="none", eps=1e-5,
              kv_heads=None, P=None, rope_pairs="interleaved", rope_base=10000.0):
    """All canonical matrices as a dict name -> float64 array, in order.

    Vectors may be given as (d,) or (1, d); everything is converted to
    float64 first, so float32 inputs are used exactly as stored."""
    f = lambda a: None if a is None else np.asarray(a, dtype=np.float64)
    vec = lambda a: None if a is None else f(a).reshape(-1)
    E, Wq, Wk, Wv, Wo = map(f, (E, Wq, Wk, Wv, Wo))
    bq, bk, bv, bo, gamma, beta = map(vec, (bq, bk, bv, bo, gamma, beta))
    n, d = E.shape
    assert d % heads == 0
    dk = d // heads
    out = {}
    kv = heads if kv_heads is None else kv_heads
    assert heads % kv == 0
    group = heads // kv
    X = E
    if positional == "sinusoidal":
        out["P"] = positions(n, d)
        X = E + out["P"]
    elif positional == "learned":
        X = E + np.asarray(P, dtype=np.float64)[:n]
    out["X"] = X

    def proj(W, b):
        y = X @ W
        return y if b is None else y + b

    Q, K, V = proj(Wq, bq), proj(Wk, bk), proj(Wv, bv)
    out["Q"], out["K"], out["V"] = Q, K, V
    above = np.triu(np.ones((n, n), dtype=bool), k=1)
    zs = []
    for i in range(heads):
        cols = slice(i * dk, (i + 1) * dk)
        g = i // group
        kv_cols = slice(g * dk, (g + 1) * dk)
        out[f"Q_h{i}"], out[f"K_h{i}"], out[f"V_h{i}"] = Q[:, cols], K[:, kv_cols], V[:, kv_cols]
        q, k = Q[:, cols], K[:, kv_cols]
        if positional == "rope":
            q, k = rope(q, rope_pairs, rope_base), rope(k, rope_pairs, rope_base)
            out[f"Qr_h{i}"], out[f"Kr_h{i}"] = q, k
        S = q @ k.T
        T = S / np.sqrt(dk)
        out[f"S_h{i}"], out[f"T_h{i}"] = S, T
        scores = T
        if causal:
            scores = np.where(above, -np.inf, T)
            out[f"M_h{i}"] = scores
        A = softmax_rows(scores)
        out[f"A_h{i}"] = A
        Zi = A @ V[:, kv_cols]
        out[f"Z_h{i}"] = Zi
        zs.append(Zi)
    Z = np.concatenate(zs, axis=1)
    O = Z @ Wo
    if bo is not None:
        O = O + bo
    R = X + O
    out["Z"], out["O"], out["R"] = Z, O, R
    out["Y"] = layernorm_rows(R, gamma, beta, eps)
    return out


def canonical_names(heads, causal, positional):
    names = (["P"] if positional == "sinusoidal" else []) + ["X", "Q", "K", "V"]
    for i in range(heads):
        names += [f"Q_h{i}", f"K_h{i}", f"V_h{i}"]
        names += [f"Qr_h{i}", f"Kr_h{i}"] if positional == "rope" else []
        names += [f"S_h{i}", f"T_h{i}"] + ([f"M_h{i}"] if causal else []) + [f"A_h{i}", f"Z_h{i}"]
    return names + ["Z", "O", "R", "Y"]

"""Independent float64 NumPy reference for whole transformer layers.

Written from the formulas (Vaswani et al. 2017; Xiong et al. 2020 for
pre-LN; PyTorch's nn.TransformerEncoderLayer / DecoderLayer documentation
for the order of the sub-layers), not from the C code.

A stack of `layers` layers over X = E (+ P). Every sub-layer reads a
stream x and adds its result back:

    post-LN (2017):  out = LN(x + Sub(x))
    pre-LN:          out = x + Sub(LN(x)),  and Y_final = LN(out) after the stack

    attention Sub(u) = concat_h(softmax(mask(Q_h K_h^T / sqrt(d_k))) V_h) Wo + bo
        self-attention:  Q = u Wq + bq, K = u Wk + bk, V = u Wv + bv
        cross-attention: Q = u Wq + bq, K = memory Wk + bk, V = memory Wv + bv
                         (no mask: every memory row may be read)
    FFN Sub(u)       = act(u W1 + b1) W2 + b2
        relu(x) = max(x, 0); gelu(x) = x Phi(x) = x/2 (1 + erf(x / sqrt 2));
        gelu_tanh(x) = x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))

    encoder layer = self-attention, FFN
    decoder layer = (masked) self-attention, cross-attention, FFN

Canonical names (docs/formats.md): the first layer's self-attention keeps
the single layer's names (X Q K V S_h0 T_h0 M_h0 A_h0 Z_h0 Z O R Y); pre-LN
adds N, its normalised input. Cross-attention prefixes cross_ (cross_Q,
cross_S_h0, ..., cross_R, cross_Y or cross_N); the FFN is N2 (pre-LN), F1,
H, F, R2, Y2 (post-LN). From the second layer on every name has the prefix
L1_, L2_, ...; Y_final has none.
"""

import math

import numpy as np

from attention_ref import layernorm_rows, positions, softmax_rows


def activate(x, name):
    if name == "relu":
        return np.maximum(x, 0.0)
    if name == "gelu":
        erf = np.vectorize(math.erf, otypes=[np.float64])
        return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))
    if name == "gelu_tanh":
        return 0.5 * x * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x ** 3)))
    raise ValueError(name)


def _f(a):
    return None if a is None else np.asarray(a, dtype=np.float64)


def _v(a):
    return None if a is None else np.asarray(a, dtype=np.float64).reshape(-1)


def _lin(x, W, b):
    y = x @ _f(W)
    return y if b is None else y + _v(b)


def attention(out, p, u, x_in, w, heads, causal, kv=None, kv_heads=None):
    """One attention sub-layer's canonical matrices into out, names prefixed
    by p; u is what Q (and K, V unless kv) are computed from, x_in the
    stream the residual adds back. Returns R."""
    src = u if kv is None else kv
    Q, K, V = _lin(u, w["Wq"], w.get("bq")), _lin(src, w["Wk"], w.get("bk")), _lin(src, w["Wv"], w.get("bv"))
    out[p + "Q"], out[p + "K"], out[p + "V"] = Q, K, V
    n, d = Q.shape
    dk = d // heads
    group = heads // (kv_heads or heads)  # query heads per K/V head
    above = np.triu(np.ones((n, K.shape[0]), dtype=bool), k=1)
    zs = []
    for i in range(heads):
        c = slice(i * dk, (i + 1) * dk)
        g = i // group
        ckv = slice(g * dk, (g + 1) * dk)
        S = Q[:, c] @ K[:, ckv].T
        T = S / math.sqrt(dk)
        out[f"{p}S_h{i}"], out[f"{p}T_h{i}"] = S, T
        scores = T
        if causal:
            scores = np.where(above, -np.inf, T)
            out[f"{p}M_h{i}"] = scores
        A = softmax_rows(scores)
        out[f"{p}A_h{i}"] = A
        zs.append(A @ V[:, ckv])
        out[f"{p}Z_h{i}"] = zs[-1]
    Z = np.concatenate(zs, axis=1)
    O = _lin(Z, w["Wo"], w.get("bo"))
    out[p + "Z"], out[p + "O"] = Z, O
    R = x_in + O
    out[p + "R"] = R
    return R


def stack(E, layers, heads, kind="encoder", norm_first=False, activation="relu", causal=False,
          positional="none", eps=1e-5, memory=None, final=None, kv_heads=None):
    """All canonical matrices of a stack, as an ordered dict name -> float64.

    layers: a list of dicts of weights (Wq Wk Wv Wo [bq bk bv bo gamma beta]
    W1 W2 [b1 b2 gamma_ff beta_ff], and for a decoder "cross": a dict like
    the attention part). final: {gamma_final, beta_final}: the layer norm
    after a pre-LN stack, and after a post-LN one when either is given."""
    E = _f(E)
    n, d = E.shape
    out = {}
    X = E
    if positional == "sinusoidal":
        out["P"] = positions(n, d)
        X = E + out["P"]
    out["X"] = X
    x = X
    mem = _f(memory)
    ln = lambda r, g, b: layernorm_rows(r, _v(g), _v(b), eps)
    for l, w in enumerate(layers):
        p = f"L{l}_" if len(layers) > 1 else ""  # a stack names its every layer, L0_ too
        subs = [("self", w)] + ([("cross", w["cross"])] if kind == "decoder" else []) + [("ffn", w)]
        for sub, sw in subs:
            q = p + ("cross_" if sub == "cross" else "")
            if sub == "ffn":
                u = x
                if norm_first:
                    u = out[q + "N2"] = ln(x, sw.get("gamma_ff"), sw.get("beta_ff"))
                F1 = out[q + "F1"] = _lin(u, sw["W1"], sw.get("b1"))
                H = out[q + "H"] = activate(F1, activation)
                F = out[q + "F"] = _lin(H, sw["W2"], sw.get("b2"))
                R2 = out[q + "R2"] = x + F
                x = R2 if norm_first else ln(R2, sw.get("gamma_ff"), sw.get("beta_ff"))
                if not norm_first:
                    out[q + "Y2"] = x
                continue
            u = x
            if norm_first:
                u = out[q + "N"] = ln(x, sw.get("gamma"), sw.get("beta"))
            R = attention(out, q, u, x, sw, heads, causal and sub == "self",
                          kv=mem if sub == "cross" else None, kv_heads=kv_heads)
            # the name order: N before Q (pre-LN) as the pass makes them
            x = R if norm_first else ln(R, sw.get("gamma"), sw.get("beta"))
            if not norm_first:
                out[q + "Y"] = x
    # a pre-LN stack ends in a layer norm; a post-LN one when its own
    # gamma_final or beta_final is given (TransformerEncoder(norm=...))
    if norm_first or final:
        f = final or {}
        out["Y_final"] = ln(x, f.get("gamma_final"), f.get("beta_final"))
    return out


def output(ref, norm_first, kind):
    """The stack's output among the canonical matrices."""
    if "Y_final" in ref:
        return ref["Y_final"]
    last = [k for k in ref if k.endswith("Y2")]
    return ref[last[-1]]

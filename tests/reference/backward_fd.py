"""Gradients of one attention layer by float64 central differences, for
tests/test_backward.c.

No derivative is written here: the loss L = sum(out * G) is computed by
a forward written from the formulas (attention_ref.py's attention core, the
norms, the feed-forward network; out is the layer's output), and every cell w of every input
and weight gets (L(w + h) - L(w - h)) / 2h. So these numbers check the
program's backward pass without sharing its derivation.

    python3 backward_fd.py DIR --seed S [--n N --d D --heads H --kv-heads K
        --causal --positional none|sinusoidal|learned|rope --rope-pairs P
        --biases --gamma --beta --norm layer|rms --variance population|sample
        --eps-outside --eps E --layer attention|encoder --norm-first
        --activation relu|gelu|gelu_tanh|swiglu --ffn F]

writes into DIR: the inputs (E.npy, Wq.npy ... G.npy, float32), config.txt
(one `key value` per line for the C side), and for each input NAME its
gradient dNAME.npy (float64, from the float32 inputs as stored).
"""

import argparse
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from attention_ref import canonical, positions  # noqa: E402

erf = np.vectorize(math.erf)


def normalise(r, args, gamma, beta):
    """gamma * xhat + beta per row, xhat as the options say."""
    if args.norm == "rms":
        xhat = r / np.sqrt((r * r).mean(axis=1, keepdims=True) + args.eps)
    else:
        c = r - r.mean(axis=1, keepdims=True)
        var = (c * c).sum(axis=1, keepdims=True) / (r.shape[1] - (1 if args.variance == "sample" else 0))
        s = np.sqrt(var + args.eps) if not args.eps_outside else np.sqrt(var) + args.eps
        xhat = c / s
    y = xhat
    if gamma is not None:
        y = y * gamma.reshape(1, -1)
    if beta is not None:
        y = y + beta.reshape(1, -1)
    return y


def activate(x, name):
    if name == "relu":
        return np.maximum(x, 0.0)
    if name == "gelu":
        return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))
    if name == "gelu_tanh":
        return 0.5 * x * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x ** 3)))
    raise ValueError(name)


def ffn(p, args, x):
    """The feed-forward network of x: act(x W1 + b1) W2 + b2, or SwiGLU."""
    if args.activation == "swiglu":
        g, u = x @ p["W_gate"], x @ p["W_up"]
        return (g / (1.0 + np.exp(-g)) * u) @ p["W_down"]
    f1 = x @ p["W1"] + (p["b1"] if "b1" in p else 0.0)
    return activate(f1, args.activation) @ p["W2"] + (p["b2"] if "b2" in p else 0.0)


def layer_output(p, args):
    """The layer's output. Post-LN: Y = LN(X + MHA(X)) (and, in an encoder
    layer, Y2 = LN(Y + FFN(Y))). Pre-LN: R = X + MHA(LN(X)), R2 = R +
    FFN(LN(R)), then the final norm. The attention core (everything from
    the projections to the output projection) is attention_ref.py's, run on
    the sub-layer's input as if it were E."""
    if args.positional == "sinusoidal":
        X = p["E"] + positions(*p["E"].shape)
    elif args.positional == "learned":
        X = p["E"] + p["P"][: p["E"].shape[0]]
    else:
        X = p["E"]
    pre = args.norm_first

    def attention(u):
        ref = canonical(u, p["Wq"], p["Wk"], p["Wv"], p["Wo"], args.heads,
                        bq=p.get("bq"), bk=p.get("bk"), bv=p.get("bv"), bo=p.get("bo"),
                        causal=args.causal, positional="rope" if args.positional == "rope" else "none",
                        kv_heads=args.kv_heads, rope_pairs=args.rope_pairs)
        return ref["O"]

    g, b = p.get("gamma"), p.get("beta")
    x = X + attention(normalise(X, args, g, b)) if pre else normalise(X + attention(X), args, g, b)
    if args.layer == "encoder":
        g, b = p.get("gamma_ff"), p.get("beta_ff")
        x = x + ffn(p, args, normalise(x, args, g, b)) if pre else normalise(x + ffn(p, args, x), args, g, b)
    if pre:
        x = normalise(x, args, p.get("gamma_final"), p.get("beta_final"))
    return x


def loss(p, args, G):
    return float((layer_output(p, args) * G).sum())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--n", type=int, default=5)
    ap.add_argument("--d", type=int, default=8)
    ap.add_argument("--heads", type=int, default=2)
    ap.add_argument("--kv-heads", type=int, default=None)
    ap.add_argument("--causal", action="store_true")
    ap.add_argument("--positional", default="none")
    ap.add_argument("--rope-pairs", default="interleaved")
    ap.add_argument("--biases", action="store_true")
    ap.add_argument("--gamma", action="store_true")
    ap.add_argument("--beta", action="store_true")
    ap.add_argument("--norm", default="layer")
    ap.add_argument("--variance", default="population")
    ap.add_argument("--eps-outside", action="store_true")
    ap.add_argument("--eps", type=float, default=1e-5)
    ap.add_argument("--layer", default="attention")
    ap.add_argument("--norm-first", action="store_true")
    ap.add_argument("--activation", default="relu")
    ap.add_argument("--ffn", type=int, default=12)
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    n, d, heads = args.n, args.d, args.heads
    kv = args.kv_heads or heads
    dk = d // heads
    f32 = lambda shape, scale: (rng.uniform(-scale, scale, size=shape)).astype(np.float32)
    p = {"E": f32((n, d), 1.0), "Wq": f32((d, d), 0.6), "Wk": f32((d, kv * dk), 0.6),
         "Wv": f32((d, kv * dk), 0.6), "Wo": f32((d, d), 0.6)}
    if args.biases:
        p.update(bq=f32((1, d), 0.3), bk=f32((1, kv * dk), 0.3), bv=f32((1, kv * dk), 0.3), bo=f32((1, d), 0.3))
    if args.gamma:
        p["gamma"] = (1.0 + f32((1, d), 0.4)).astype(np.float32)
    if args.beta and args.norm != "rms":  # RMSNorm has no beta
        p["beta"] = f32((1, d), 0.3)
    if args.positional == "learned":
        p["P"] = f32((n + 2, d), 0.5)  # more rows than tokens: the extra ones get 0
    if args.layer == "encoder":
        ff = args.ffn
        if args.activation == "swiglu":
            p.update(W_gate=f32((d, ff), 0.6), W_up=f32((d, ff), 0.6), W_down=f32((ff, d), 0.6))
        else:
            p.update(W1=f32((d, ff), 0.6), W2=f32((ff, d), 0.6))
            if args.biases:
                p.update(b1=f32((1, ff), 0.3), b2=f32((1, d), 0.3))
        if args.gamma:
            p["gamma_ff"] = (1.0 + f32((1, d), 0.4)).astype(np.float32)
        if args.beta and args.norm != "rms":
            p["beta_ff"] = f32((1, d), 0.3)
    if args.norm_first:
        if args.gamma:
            p["gamma_final"] = (1.0 + f32((1, d), 0.4)).astype(np.float32)
        if args.beta and args.norm != "rms":
            p["beta_final"] = f32((1, d), 0.3)
    G = f32((n, d), 1.0)
    os.makedirs(args.dir, exist_ok=True)
    for name, m in list(p.items()) + [("G", G)]:
        np.save(os.path.join(args.dir, name + ".npy"), m)
    with open(os.path.join(args.dir, "config.txt"), "w") as out:
        for key, value in (("heads", heads), ("kv_heads", kv), ("causal", int(args.causal)),
                           ("positional", args.positional), ("rope_pairs", args.rope_pairs),
                           ("norm", args.norm), ("variance", args.variance),
                           ("eps_outside", int(args.eps_outside)), ("eps", repr(args.eps)),
                           ("layer", args.layer), ("norm_first", int(args.norm_first)),
                           ("activation", args.activation), ("ffn", args.ffn if args.layer == "encoder" else 0)):
            out.write(f"{key} {value}\n")
    p64 = {k: v.astype(np.float64) for k, v in p.items()}
    G64 = G.astype(np.float64)
    np.save(os.path.join(args.dir, "out.npy"), layer_output(p64, args))  # the forward, for the C side to compare
    h = 1e-6
    for name, m in p64.items():
        grad = np.zeros_like(m)
        for idx in np.ndindex(m.shape):
            keep = m[idx]
            m[idx] = keep + h
            up = loss(p64, args, G64)
            m[idx] = keep - h
            down = loss(p64, args, G64)
            m[idx] = keep
            grad[idx] = (up - down) / (2 * h)
        np.save(os.path.join(args.dir, "d" + name + ".npy"), grad)


if __name__ == "__main__":
    main()

"""Gradients of one attention layer by float64 central differences, for
tests/test_backward.c.

No derivative is written here: the loss L = sum(Y * G) is computed by the
independent forward of attention_ref.py (the layer up to R = X + O) and a
normalisation written from its formula, and every cell w of every input
and weight gets (L(w + h) - L(w - h)) / 2h. So these numbers check the
program's backward pass without sharing its derivation.

    python3 backward_fd.py DIR --seed S [--n N --d D --heads H --kv-heads K
        --causal --positional none|sinusoidal|learned|rope --rope-pairs P
        --biases --gamma --beta --norm layer|rms --variance population|sample
        --eps-outside --eps E]

writes into DIR: the inputs (E.npy, Wq.npy ... G.npy, float32), config.txt
(one `key value` per line for the C side), and for each input NAME its
gradient dNAME.npy (float64, from the float32 inputs as stored).
"""

import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from attention_ref import canonical  # noqa: E402


def normalise(r, args, gamma, beta):
    """Y = gamma * xhat + beta per row, xhat as the options say."""
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


def loss(p, args, G):
    ref = canonical(p["E"], p["Wq"], p["Wk"], p["Wv"], p["Wo"], args.heads,
                    bq=p.get("bq"), bk=p.get("bk"), bv=p.get("bv"), bo=p.get("bo"),
                    causal=args.causal, positional=args.positional, kv_heads=args.kv_heads,
                    P=p.get("P"), rope_pairs=args.rope_pairs)
    y = normalise(ref["R"], args, p.get("gamma"), p.get("beta"))
    return float((y * G).sum())


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
    if args.beta:
        p["beta"] = f32((1, d), 0.3)
    if args.positional == "learned":
        p["P"] = f32((n + 2, d), 0.5)  # more rows than tokens: the extra ones get 0
    G = f32((n, d), 1.0)
    os.makedirs(args.dir, exist_ok=True)
    for name, m in list(p.items()) + [("G", G)]:
        np.save(os.path.join(args.dir, name + ".npy"), m)
    with open(os.path.join(args.dir, "config.txt"), "w") as out:
        for key, value in (("heads", heads), ("kv_heads", kv), ("causal", int(args.causal)),
                           ("positional", args.positional), ("rope_pairs", args.rope_pairs),
                           ("norm", args.norm), ("variance", args.variance),
                           ("eps_outside", int(args.eps_outside)), ("eps", repr(args.eps))):
            out.write(f"{key} {value}\n")
    p64 = {k: v.astype(np.float64) for k, v in p.items()}
    G64 = G.astype(np.float64)
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

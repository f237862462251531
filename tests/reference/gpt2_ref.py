#!/usr/bin/env python3
"""An independent GPT-2 forward pass in NumPy (float64), the specification
attnstep's GPT-2 pipeline is tested against.

    gpt2_ref.py MODEL_DIR --ids 12,7,40 OUT_DIR [--temperature T] [--top K]
                [--set TENSOR,I,J,VALUE ...]
    gpt2_ref.py --self-test

MODEL_DIR holds model.safetensors and config.json in Hugging Face's GPT-2
layout (names with or without "transformer."). This file reads them itself
(struct + json + NumPy): it shares no code with attnstep or with the script
that writes the test checkpoints.

The model, as GPT-2 defines it (Radford et al. 2019; Hugging Face's
GPT2LMHeadModel):

    X    = wte[ids] + wpe[0..n)                       learned positions
    per layer l:
      LN1  = layer_norm(X; ln_1)                      pre-LN
      QKV  = LN1 · c_attn.W + c_attn.b                Conv1D: already x·W
      per head i (d_k = d / heads):
        S  = Q_i · K_iᵀ    T = S / √d_k
        M  = T with -∞ above the diagonal             causal mask
        A  = softmax(M) by rows    Z_i = A · V_i
      Z    = [Z_0 | Z_1 | ...]
      O    = Z · attn.c_proj.W + attn.c_proj.b
      R    = X + O
      LN2  = layer_norm(R; ln_2)
      H    = LN2 · c_fc.W + c_fc.b
      G    = gelu_new(H) = 0.5 H (1 + tanh(√(2/π) (H + 0.044715 H³)))
      F    = G · mlp.c_proj.W + mlp.c_proj.b
      Y    = R + F                                    the next layer's X
    LNf    = layer_norm(Y_last; ln_f)
    logits = LNf · wteᵀ                               tied unembedding
    probs  = softmax(logits[n-1] / temperature)       the next token

layer_norm uses the population variance and layer_norm_epsilon from
config.json. OUT_DIR receives every matrix above as float32 .npy (per layer
L{l}_{NAME}.npy, heads as S_h{i} etc.; and E, P, X, LNf, logits, probs) and
top.json: the `top` most probable next tokens [{"id", "prob", "logit"}].
--set changes cell [I][J] of a tensor (its name without "transformer.",
e.g. h.0.attn.c_attn.weight) before the pass: the model after an edit.
These names are the reference's own; the tests map them onto attnstep's
stage names.

--self-test checks the reference against itself and against definitions
written differently (loops instead of matrix products, the exact erf GELU),
and the properties any GPT-2 pass has (rows of A sum to 1, causality).
"""
import argparse
import json
import math
import os
import struct
import sys

import numpy as np


# --- reading a checkpoint ----------------------------------------------------------

def read_safetensors(path):
    """name -> float64 array, for F32, F16 and BF16 tensors."""
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n].decode("utf-8"))
    data = blob[8 + n:]
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        b, e = info["data_offsets"]
        raw = data[b:e]
        if info["dtype"] == "F32":
            a = np.frombuffer(raw, "<f4").astype(np.float64)
        elif info["dtype"] == "F16":
            a = np.frombuffer(raw, "<f2").astype(np.float64)
        elif info["dtype"] == "BF16":
            a = (np.frombuffer(raw, "<u2").astype(np.uint32) << 16).view(np.float32).astype(np.float64)
        else:
            raise SystemExit(f"{path}: tensor {name}: dtype {info['dtype']} not handled")
        out[name] = a.reshape(info["shape"])
    return out


def load_model(model_dir):
    with open(os.path.join(model_dir, "config.json")) as f:
        cfg = json.load(f)
    if cfg.get("activation_function", "gelu_new") != "gelu_new":
        raise SystemExit("only gelu_new is implemented")
    raw = read_safetensors(os.path.join(model_dir, "model.safetensors"))
    w = {}
    for name, a in raw.items():
        w[name[len("transformer."):] if name.startswith("transformer.") else name] = a
    return cfg, w


# --- the forward pass ---------------------------------------------------------------

def layer_norm(x, g, b, eps):
    mu = x.mean(axis=-1, keepdims=True)
    var = ((x - mu) ** 2).mean(axis=-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * g + b


def gelu_new(x):
    return 0.5 * x * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x ** 3)))


def softmax_rows(m):
    z = m - m.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def forward(cfg, w, ids, temperature=1.0):
    """Every matrix of the pass, by name (see the module text)."""
    L, H, d = cfg["n_layer"], cfg["n_head"], cfg["n_embd"]
    eps = cfg.get("layer_norm_epsilon", 1e-5)
    n, dk = len(ids), d // H
    if d % H:
        raise SystemExit(f"n_embd {d} is not divisible by n_head {H}")
    rec = {"E": w["wte.weight"][ids], "P": w["wpe.weight"][:n]}
    x = rec["E"] + rec["P"]
    rec["X"] = x
    future = np.triu(np.ones((n, n), bool), k=1)
    for l in range(L):
        p = f"h.{l}."
        r = lambda name, v: rec.__setitem__(f"L{l}_{name}", v)  # noqa: E731
        r("X", x)
        a = layer_norm(x, w[p + "ln_1.weight"], w[p + "ln_1.bias"], eps)
        r("LN1", a)
        qkv = a @ w[p + "attn.c_attn.weight"] + w[p + "attn.c_attn.bias"]
        q, k, v = qkv[:, :d], qkv[:, d:2 * d], qkv[:, 2 * d:]
        r("Q", q), r("K", k), r("V", v)
        heads = []
        for i in range(H):
            cols = slice(i * dk, (i + 1) * dk)
            s = q[:, cols] @ k[:, cols].T
            t = s / math.sqrt(dk)
            m = np.where(future, -np.inf, t)
            att = softmax_rows(m)
            z = att @ v[:, cols]
            r(f"S_h{i}", s), r(f"T_h{i}", t), r(f"M_h{i}", m), r(f"A_h{i}", att), r(f"Z_h{i}", z)
            heads.append(z)
        z = np.concatenate(heads, axis=1)
        o = z @ w[p + "attn.c_proj.weight"] + w[p + "attn.c_proj.bias"]
        res = x + o
        ln2 = layer_norm(res, w[p + "ln_2.weight"], w[p + "ln_2.bias"], eps)
        hid = ln2 @ w[p + "mlp.c_fc.weight"] + w[p + "mlp.c_fc.bias"]
        g = gelu_new(hid)
        f = g @ w[p + "mlp.c_proj.weight"] + w[p + "mlp.c_proj.bias"]
        x = res + f
        r("Z", z), r("O", o), r("R", res), r("LN2", ln2), r("H", hid), r("G", g), r("F", f), r("Y", x)
    rec["LNf"] = layer_norm(x, w["ln_f.weight"], w["ln_f.bias"], eps)
    rec["logits"] = rec["LNf"] @ w["wte.weight"].T
    rec["probs"] = softmax_rows(rec["logits"][-1:] / temperature)
    return rec


def write_outputs(rec, out, top):
    os.makedirs(out, exist_ok=True)
    for name, m in rec.items():
        np.save(os.path.join(out, name + ".npy"), np.atleast_2d(m).astype(np.float32))
    probs, logits = rec["probs"][0], rec["logits"][-1]
    order = sorted(range(len(probs)), key=lambda i: (-probs[i], i))[:top]
    with open(os.path.join(out, "top.json"), "w") as f:
        json.dump([{"id": i, "prob": float(probs[i]), "logit": float(logits[i])} for i in order], f)


# --- self-test ------------------------------------------------------------------------

def random_model(rng, layers=2, heads=4, d=32, positions=16, vocab=50):
    w = {"wte.weight": rng.standard_normal((vocab, d)) * 0.3,
         "wpe.weight": rng.standard_normal((positions, d)) * 0.1,
         "ln_f.weight": 1 + rng.standard_normal(d) * 0.1, "ln_f.bias": rng.standard_normal(d) * 0.1}
    for l in range(layers):
        p = f"h.{l}."
        for ln in ("ln_1", "ln_2"):
            w[p + ln + ".weight"] = 1 + rng.standard_normal(d) * 0.1
            w[p + ln + ".bias"] = rng.standard_normal(d) * 0.1
        for name, shape in (("attn.c_attn", (d, 3 * d)), ("attn.c_proj", (d, d)),
                            ("mlp.c_fc", (d, 4 * d)), ("mlp.c_proj", (4 * d, d))):
            w[p + name + ".weight"] = rng.standard_normal(shape) * 0.3
            w[p + name + ".bias"] = rng.standard_normal(shape[1]) * 0.1
    cfg = {"n_layer": layers, "n_head": heads, "n_embd": d, "layer_norm_epsilon": 1e-5}
    return cfg, w


def check(cond, what):
    if not cond:
        raise AssertionError(what)
    print("ok  ", what)


def self_test():
    rng = np.random.default_rng(3)
    cfg, w = random_model(rng)
    ids = [5, 17, 3, 3, 42, 0, 9]
    n, d, H = len(ids), cfg["n_embd"], cfg["n_head"]
    dk = d // H
    rec = forward(cfg, w, ids)

    # softmax rows sum to 1; nothing attends to the future
    for l in range(cfg["n_layer"]):
        for i in range(H):
            a = rec[f"L{l}_A_h{i}"]
            check(np.allclose(a.sum(axis=1), 1, atol=1e-12, rtol=0), f"layer {l} head {i}: rows of A sum to 1")
            check(np.all(a[np.triu_indices(n, 1)] == 0), f"layer {l} head {i}: A is 0 above the diagonal")
    check(abs(rec["probs"].sum() - 1) < 1e-12, "next-token probabilities sum to 1")

    # causality: changing the last token changes nothing before it
    other = forward(cfg, w, ids[:-1] + [1])
    def before_last(m):  # rows before the last token; for n x n scores, its column too
        return m[:-1, :-1] if m.shape == (n, n) else m[:-1]
    same = all(np.allclose(before_last(rec[k]), before_last(other[k]), atol=1e-12, rtol=0)
               for k in rec if k != "probs")
    check(same, "causal: rows before a changed token are unchanged")
    check(not np.allclose(rec["logits"][-1], other["logits"][-1]), "the changed token changes its own row")
    # a shorter text is a prefix of the longer pass
    short = forward(cfg, w, ids[:4])
    check(np.allclose(short["logits"], rec["logits"][:4], atol=1e-12, rtol=0),
          "logits of a prefix equal the first rows of the whole pass")

    # layer 0, head 1 with loops and math.exp, against the matrix version
    q, k, v = rec["L0_Q"], rec["L0_K"], rec["L0_V"]
    i0 = 1
    worst = 0.0
    for t in range(n):
        scores = [sum(q[t, i0 * dk + c] * k[s, i0 * dk + c] for c in range(dk)) / math.sqrt(dk)
                  for s in range(t + 1)]
        top = max(scores)
        ex = [math.exp(x - top) for x in scores]
        tot = sum(ex)
        for c in range(dk):
            z = sum(ex[s] / tot * v[s, i0 * dk + c] for s in range(t + 1))
            worst = max(worst, abs(z - rec["L0_Z_h1"][t, c]))
    check(worst < 1e-12, f"head 1 of layer 0 by loops matches (max diff {worst:.1e})")

    # layer norm: mean 0, variance 1 before the affine part
    x = rec["L0_X"]
    ln = layer_norm(x, np.ones(d), np.zeros(d), 0.0)
    check(np.allclose(ln.mean(axis=1), 0, atol=1e-12) and np.allclose(ln.var(axis=1), 1, atol=1e-12),
          "layer_norm gives mean 0 and variance 1")

    # gelu_new: the tanh approximation of the exact x Φ(x)
    xs = np.linspace(-6, 6, 241)
    exact = np.array([0.5 * x * (1 + math.erf(x / math.sqrt(2))) for x in xs])
    check(np.max(np.abs(gelu_new(xs) - exact)) < 1e-3, "gelu_new is within 1e-3 of x·Φ(x)")
    check(gelu_new(np.array([0.0]))[0] == 0 and abs(gelu_new(np.array([10.0]))[0] - 10) < 1e-12,
          "gelu_new(0) = 0, gelu_new(10) = 10")

    # tied unembedding, by loops
    t, tok = n - 1, 7
    dot = sum(rec["LNf"][t, c] * w["wte.weight"][tok, c] for c in range(d))
    check(abs(dot - rec["logits"][t, tok]) < 1e-12, "logits = LNf · wteᵀ (tied unembedding)")

    # temperature: T -> 0 puts everything on the argmax; T = 2 flattens
    cold = forward(cfg, w, ids, temperature=1e-3)["probs"][0]
    check(cold[np.argmax(rec["logits"][-1])] > 0.999, "a low temperature picks the largest logit")
    warm = forward(cfg, w, ids, temperature=2.0)["probs"][0]
    check(warm.max() < rec["probs"][0].max(), "a high temperature flattens the distribution")
    print("self-test passed")
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("model", nargs="?")
    p.add_argument("out", nargs="?")
    p.add_argument("--ids", help="token ids, comma-separated")
    p.add_argument("--temperature", type=float, default=1.0)
    p.add_argument("--top", type=int, default=10)
    p.add_argument("--set", action="append", default=[], help="TENSOR,I,J,VALUE: change one cell first")
    p.add_argument("--self-test", action="store_true")
    args = p.parse_args()
    if args.self_test:
        return self_test()
    if not (args.model and args.out and args.ids):
        p.error("MODEL_DIR, OUT_DIR and --ids are needed (or --self-test)")
    cfg, w = load_model(args.model)
    ids = [int(s) for s in args.ids.split(",")]
    for edit in args.set:
        name, i, j, value = edit.split(",")
        w[name][int(i), int(j)] = float(value)
    write_outputs(forward(cfg, w, ids, args.temperature), args.out, args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())

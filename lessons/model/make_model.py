#!/usr/bin/env python3
"""Generate the small example model used by the `model` lesson.

Run from the top of the repository:

    python3 lessons/model/make_model.py

It writes, next to this script, a model directory as docs/formats.md
describes it: config.json and float32 .npy files E, Wq, Wk, Wv, Wo, bq, bk,
bv, bo, gamma, beta. The model has n = 4 tokens, d_model = 8, 2 heads
(d_k = 4), biases, a layer-norm gamma and beta, a causal mask and
sinusoidal positions. The numbers come from a fixed NumPy seed (running
the script again gives the same files) and are rounded to two decimals to
be easy to read in the step-through UI.

It also prints a few values of its own NumPy forward pass; the lesson
quotes them in `expect` lines.

To check attnstep against this script's forward pass:

    attnstep export lessons/model model-out
    python3 lessons/model/make_model.py --check model-out

--check reads the model files (it does not rewrite them), computes every
canonical matrix in float64, compares each with OUT_DIR/NAME.npy and exits
with status 1 if any differs by more than 1e-4 relative to its largest
value.

A model of any size (random weights, a causal mask, no positions, for
measuring memory and speed on realistic shapes):

    python3 lessons/model/make_model.py --size N D_MODEL HEADS OUT_DIR

e.g. --size 512 768 12 /tmp/m512 is the shape of a GPT-2 small layer.
"""
import json
import math
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 20240611
TOKENS = ["the", "cat", "sat", "down"]
N, D, HEADS = len(TOKENS), 8, 2
EPS = 1e-5


def generate():
    """The model's parameters as float32 arrays, by file name."""
    rng = np.random.default_rng(SEED)

    def r(shape, scale, centre=0.0):
        return np.round(centre + scale * rng.standard_normal(shape), 2).astype(np.float32)

    return {
        "E": r((N, D), 1.0),
        "Wq": r((D, D), 1 / math.sqrt(D)),
        "Wk": r((D, D), 1 / math.sqrt(D)),
        "Wv": r((D, D), 1 / math.sqrt(D)),
        "Wo": r((D, D), 1 / math.sqrt(D)),
        "bq": r((D,), 0.1),
        "bk": r((D,), 0.1),
        "bv": r((D,), 0.1),
        "bo": r((D,), 0.1),
        "gamma": r((D,), 0.1, 1.0),
        "beta": r((D,), 0.1),
    }


def config():
    return {"heads": HEADS, "eps": EPS, "causal": True, "positional": "sinusoidal", "tokens": TOKENS}


def positions(n, d):
    """P[pos][2i] = sin(pos / 10000^(2i/d)), P[pos][2i+1] = cos(...)."""
    P = np.zeros((n, d))
    for pos in range(n):
        for i in range(0, d, 2):
            angle = pos / 10000 ** (i / d)
            P[pos, i] = math.sin(angle)
            if i + 1 < d:
                P[pos, i + 1] = math.cos(angle)
    return P


def forward(w, cfg):
    """Every canonical matrix of one post-LN attention layer, in float64,
    tokens as rows (X @ W)."""
    f = {k: v.astype(np.float64) for k, v in w.items()}
    E = f["E"]
    n, d = E.shape
    h = cfg["heads"]
    dk = d // h
    out = {}
    X = E
    if cfg["positional"] == "sinusoidal":
        out["P"] = positions(n, d)
        X = E + out["P"]
    out["X"] = X
    Q = X @ f["Wq"] + f["bq"]
    K = X @ f["Wk"] + f["bk"]
    V = X @ f["Wv"] + f["bv"]
    out.update(Q=Q, K=K, V=V)
    heads = []
    for i in range(h):
        cols = slice(i * dk, (i + 1) * dk)
        S = Q[:, cols] @ K[:, cols].T
        T = S / math.sqrt(dk)
        out[f"S_h{i}"], out[f"T_h{i}"] = S, T
        if cfg["causal"]:
            T = np.where(np.triu(np.ones((n, n), dtype=bool), 1), -np.inf, T)
            out[f"M_h{i}"] = T
        e = np.exp(T - T.max(axis=1, keepdims=True))
        A = e / e.sum(axis=1, keepdims=True)
        Zi = A @ V[:, cols]
        out[f"A_h{i}"], out[f"Z_h{i}"] = A, Zi
        heads.append(Zi)
    Z = np.concatenate(heads, axis=1)
    O = Z @ f["Wo"] + f["bo"]
    R = X + O
    mu = R.mean(axis=1, keepdims=True)
    var = ((R - mu) ** 2).mean(axis=1, keepdims=True)  # over d, as torch.nn.LayerNorm
    Y = f["gamma"] * (R - mu) / np.sqrt(var + cfg["eps"]) + f["beta"]
    out.update(Z=Z, O=O, R=R, Y=Y)
    return out


def write(w, cfg):
    for name, a in w.items():
        np.save(os.path.join(HERE, name + ".npy"), a)
    with open(os.path.join(HERE, "config.json"), "w") as fh:
        json.dump(cfg, fh)
        fh.write("\n")


def read():
    w = {name: np.load(os.path.join(HERE, name + ".npy")) for name in generate()}
    with open(os.path.join(HERE, "config.json")) as fh:
        return w, json.load(fh)


def check(outdir):
    w, cfg = read()
    ref = forward(w, cfg)
    bad = 0
    for name, r in ref.items():
        path = os.path.join(outdir, name + ".npy")
        if not os.path.exists(path):
            print(f"{name}: missing from {outdir}")
            bad += 1
            continue
        c = np.load(path).astype(np.float64)
        if c.shape != r.shape:
            print(f"{name}: shape {c.shape}, expected {r.shape}")
            bad += 1
            continue
        masked = np.isinf(r)
        if not np.array_equal(np.isinf(c), masked) or np.any(c[masked] != r[masked]):
            print(f"{name}: the masked (-inf) cells differ")
            bad += 1
            continue
        diff = np.abs(c[~masked] - r[~masked]).max()
        scale = max(np.abs(r[~masked]).max(), 1e-30)
        ok = diff / scale <= 1e-4
        bad += not ok
        print(f"{name:5} {str(c.shape):8} max |attnstep - numpy| = {diff:.2e} ({diff / scale:.1e} relative)"
              f"{'' if ok else '  TOO LARGE'}")
    extra = sorted(set(f[:-4] for f in os.listdir(outdir) if f.endswith(".npy")) - set(ref))
    if extra:
        print("exported but not computed here:", ", ".join(extra))
    print("all match" if not bad else f"{bad} differ")
    return 1 if bad else 0


def write_sized(n, d, heads, outdir):
    """A random model of n tokens, d_model d and `heads` heads in outdir."""
    rng = np.random.default_rng(SEED)
    w = {"E": rng.standard_normal((n, d)).astype(np.float32)}
    for name in ("Wq", "Wk", "Wv", "Wo"):
        w[name] = (rng.standard_normal((d, d)) / math.sqrt(d)).astype(np.float32)
    for name in ("bq", "bk", "bv", "bo", "beta"):
        w[name] = (0.1 * rng.standard_normal(d)).astype(np.float32)
    w["gamma"] = (1 + 0.1 * rng.standard_normal(d)).astype(np.float32)
    os.makedirs(outdir, exist_ok=True)
    for name, a in w.items():
        np.save(os.path.join(outdir, name + ".npy"), a)
    cfg = {"heads": heads, "eps": EPS, "causal": True, "positional": "none",
           "tokens": [f"t{i}" for i in range(n)]}
    with open(os.path.join(outdir, "config.json"), "w") as fh:
        json.dump(cfg, fh)
        fh.write("\n")


def main(argv):
    if len(argv) == 3 and argv[1] == "--check":
        return check(argv[2])
    if len(argv) == 6 and argv[1] == "--size":
        write_sized(int(argv[2]), int(argv[3]), int(argv[4]), argv[5])
        return 0
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    w, cfg = generate(), config()
    write(w, cfg)
    ref = forward(w, cfg)
    np.set_printoptions(precision=4, suppress=True)
    print(f"wrote {len(w)} .npy files and config.json to {HERE}")
    print("values quoted by the lesson (float64 forward pass):")
    for name, cell in [("X", (1, 0)), ("S_h0", (1, 0)), ("T_h0", (1, 0)), ("A_h0", (1, 0)), ("A_h1", (3, 2)),
                       ("O", (2, 5)), ("Y", (3, 0))]:
        print(f"  {name}[{cell[0]}][{cell[1]}] = {ref[name][cell]:.4f}")
    print(f"  Y[3] = {ref['Y'][3]}")
    print(f"  gamma = {w['gamma']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

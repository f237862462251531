#!/usr/bin/env python3
"""Check `attnstep export GPT2_DIR` against the NumPy GPT-2 (gpt2_ref.py).

    python3 check_gpt2.py [--dtype F32|F16|BF16] [--layer L] [--prefix]
                          [--temperature T] [--seed N] [--bin PATH] [--keep]

Writes a small GPT-2-shaped checkpoint with random weights
(make_gpt2_checkpoint.py: 2 layers, 4 heads, width 32, a vocabulary of
297 tokens) into a temporary directory, exports the pass over its sample
text with the binary (--bin or $ATTNSTEP_BIN), runs gpt2_ref.py on the
sample's token ids (tokenized by the checkpoint script's own BPE), and checks:
  - the files are exactly what the chosen layer records: every matrix of
    layer L, every other layer's output, X, Y_final, logits, probs (and
    logits_T with a temperature other than 1);
  - each is within REL_TOL of the reference, measured as
    max|c - r| / max(max|r|, TINY) over the finite entries, with the -inf
    of the causal mask in exactly the same places;
  - the top tokens of probs are the reference's, in order.
Exit status 0 when everything holds, 1 when a check fails, 2 on errors.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np

sys.dont_write_bytecode = True

REL_TOL = 1e-4
TINY = 1e-6
HERE = os.path.dirname(os.path.abspath(__file__))


def reference_name(name, layer, layers, temperature):
    """attnstep's canonical name -> (the reference's name, a function of its matrix)."""
    same = lambda m: m  # noqa: E731
    if name == "X":
        return "X", same
    if name == "Y_final":
        return "LNf", same
    if name == "logits":
        return "logits", lambda m: m[-1:]
    if name == "logits_T":
        return "logits", lambda m: m[-1:] / temperature
    if name == "probs":
        return "probs", same
    l, base = 0, name
    if name.startswith("L") and "_" in name and name[1:name.index("_")].isdigit():
        l, base = int(name[1:name.index("_")]), name[name.index("_") + 1:]
    renamed = {"N": "LN1", "N2": "LN2", "F1": "H", "H": "G", "R2": "Y"}
    return f"L{l}_{renamed.get(base, base)}", same


def expected_names(layer, layers, heads, temperature):
    p = f"L{layer}_" if layers > 1 else ""  # a stack names its every layer, L0_ too
    names = {p + w for w in ("N", "Q", "K", "V", "Z", "O", "R", "N2", "F1", "H", "F", "R2")}
    for i in range(heads):
        names |= {f"{p}{w}_h{i}" for w in ("S", "T", "M", "A", "Z")}
    names |= {(f"L{l}_" if layers > 1 else "") + "R2" for l in range(layers)}
    names |= {"X", "Y_final", "logits", "probs"}
    if temperature != 1.0:
        names.add("logits_T")
    return names


def rel_error(c, r):
    """max|c - r| relative to max|r|, over the finite entries; None when the
    non-finite entries differ."""
    if c.shape != r.shape:
        return None
    fin = np.isfinite(r)
    if not np.array_equal(fin, np.isfinite(c)) or not np.array_equal(c[~fin], r[~fin]):
        return None
    if not fin.any():
        return 0.0
    return float(np.max(np.abs(c[fin] - r[fin])) / max(np.max(np.abs(r[fin])), TINY))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dtype", default="F32", choices=["F32", "F16", "BF16"])
    p.add_argument("--layer", type=int, default=0)
    p.add_argument("--prefix", action="store_true")
    p.add_argument("--temperature", type=float, default=1.0)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--bin", default=os.environ.get("ATTNSTEP_BIN", "attnstep"))
    p.add_argument("--keep", action="store_true")
    args = p.parse_args()
    work = tempfile.mkdtemp(prefix="gpt2-check-")
    failures = 0
    try:
        ckpt, out, ref = (os.path.join(work, d) for d in ("ckpt", "out", "ref"))
        make = [sys.executable, os.path.join(HERE, "..", "make_gpt2_checkpoint.py"), ckpt, "--dtype", args.dtype,
                "--seed", str(args.seed)] + (["--prefix"] if args.prefix else [])
        subprocess.run(make, check=True, stdout=subprocess.DEVNULL)
        with open(os.path.join(ckpt, "sample.json")) as f:
            sample = json.load(f)
        with open(os.path.join(ckpt, "config.json")) as f:
            cfg = json.load(f)
        run = subprocess.run([args.bin, "export", ckpt, out, "--text", sample["text"], "--layer", str(args.layer),
                              "--temperature", repr(args.temperature), "-q"], capture_output=True, text=True)
        if run.returncode != 0:
            print(f"attnstep export failed ({run.returncode}): {run.stderr}")
            return 1
        subprocess.run([sys.executable, os.path.join(HERE, "gpt2_ref.py"), ckpt, ref, "--ids",
                        ",".join(str(i) for i in sample["ids"]), "--temperature", repr(args.temperature)],
                       check=True)
        got = {f[:-4] for f in os.listdir(out) if f.endswith(".npy")}
        want = expected_names(args.layer, cfg["n_layer"], cfg["n_head"], args.temperature)
        if got != want:
            print(f"FAIL files: missing {sorted(want - got)}, unexpected {sorted(got - want)}")
            failures += 1
        worst = (0.0, "")
        for name in sorted(got & want):
            c = np.load(os.path.join(out, name + ".npy")).astype(np.float64)
            rname, take = reference_name(name, args.layer, cfg["n_layer"], args.temperature)
            r = take(np.load(os.path.join(ref, rname + ".npy")).astype(np.float64))
            e = rel_error(c, r)
            if e is None or e > REL_TOL:
                print(f"FAIL {name} (reference {rname}): shape {c.shape} vs {r.shape}, relative error {e}")
                failures += 1
            elif e > worst[0]:
                worst = (e, name)
        with open(os.path.join(ref, "top.json")) as f:
            top = [t["id"] for t in json.load(f)]
        probs = np.load(os.path.join(out, "probs.npy"))[0]
        mine = sorted(range(len(probs)), key=lambda i: (-probs[i], i))[:len(top)]
        if mine != top:
            print(f"FAIL top tokens {mine}, reference {top}")
            failures += 1
        print(f"{args.dtype} layer {args.layer}{' prefix' if args.prefix else ''} T={args.temperature}: "
              f"{len(got)} matrices, worst relative error {worst[0]:.2e} ({worst[1]}), {failures} failures")
    finally:
        if args.keep:
            print(work)
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

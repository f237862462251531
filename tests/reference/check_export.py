"""Check `attnstep export` against the float64 reference, for one seed.

    python3 check_export.py SEED [--large] [--bin PATH] [--keep]

From SEED it draws a random model directory (n <= 256 tokens, d <= 256,
heads dividing d; causal, positions, each bias, gamma and beta, token
labels each on or off; some files stored as float64, Fortran order or
1-D vectors to exercise the reader), runs the binary's export once with
the scalar kernels (ATTNSTEP_SIMD=scalar) and once with the best SIMD set
(ATTNSTEP_SIMD unset), and checks for each run:
  - the files are exactly the canonical names, float32, of the right shape;
  - every matrix is within REL_TOL of the reference, measured as
    max|c - r| / max(max|r|, TINY) over the finite entries, with the -inf
    of the causal mask in exactly the same places; softmax outputs A_h{i}
    also within REL_TOL absolutely;
and that the two runs agree with each other to the same tolerance.
Exit status 0 when everything holds, 1 when a check fails, 2 on errors.
--large draws n and d from 200..256. The binary comes from --bin or
$ATTNSTEP_BIN.

--modern also draws what current models add (after the draws above, so a
seed without it is the model it always was): kv_heads (a divisor of heads:
grouped-query, multi-query or ordinary attention), learned positions (P with
some spare rows, as GPT-2's wpe has 1024) or rotary ones (either pairing,
base 10000 or 500000). --kv-heads K, --positional P and --rope-pairs R
force one of them (K = 0: as many as heads).
"""

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np

sys.dont_write_bytecode = True  # leave no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import attention_ref  # noqa: E402

REL_TOL = 1e-4
TINY = 1e-30
# Cap on n*n*heads, so the score matrices of one export stay near 32 MB.
MAX_SCORE_ELEMS = 1 << 21


def draw_model(rng, large, args):
    lo = 200 if large else 1
    n = int(rng.integers(lo, 257))
    d = int(rng.integers(lo, 257))
    rope = args.positional == "rope"
    if rope and d % 2:
        d += 1
    divisors = [h for h in range(1, d + 1) if d % h == 0 and n * n * h <= MAX_SCORE_ELEMS
                and not (rope and (d // h) % 2)]
    heads = int(rng.choice(divisors))
    coin = lambda: bool(rng.integers(0, 2))
    m = {
        "n": n, "d": d, "heads": heads,
        "causal": coin(),
        "positional": "sinusoidal" if coin() else "none",
        "eps": float(rng.choice([1e-5, 1e-6, 1e-3, 0.0 if d > 1 else 1e-5])),
        "tokens": [f"tok{i}" for i in range(n)] if coin() else None,
    }
    f32 = lambda *shape: rng.standard_normal(shape).astype(np.float32)
    # realistic scales: unit embeddings, weights ~ 1/sqrt(d) as at initialisation
    w = {"E": f32(n, d)}
    for name in ("Wq", "Wk", "Wv", "Wo"):
        w[name] = (f32(d, d) / np.float32(np.sqrt(d))).astype(np.float32)
    for name in ("bq", "bk", "bv", "bo"):
        if coin():
            w[name] = (f32(d) * np.float32(0.1)).astype(np.float32)
    if coin():
        w["gamma"] = (np.float32(1) + f32(d) * np.float32(0.1)).astype(np.float32)
    if coin():
        w["beta"] = (f32(d) * np.float32(0.1)).astype(np.float32)
    m["kv_heads"], m["rope_pairs"], m["rope_base"] = heads, "interleaved", 10000.0
    if args.modern:
        kv = int(rng.choice([k for k in range(1, heads + 1) if heads % k == 0]))
        m["kv_heads"] = kv if args.kv_heads is None else (args.kv_heads or heads)
        kinds = ["none", "sinusoidal", "learned"] + (["rope"] if (d // heads) % 2 == 0 else [])
        m["positional"] = args.positional or str(rng.choice(kinds))
        m["rope_pairs"] = args.rope_pairs or str(rng.choice(["interleaved", "halves"]))
        m["rope_base"] = float(rng.choice([10000.0, 500000.0]))
        dkv = d // heads * m["kv_heads"]
        for name in ("Wk", "Wv"):
            w[name] = (f32(d, dkv) / np.float32(np.sqrt(d))).astype(np.float32)
        for name in ("bk", "bv"):
            if name in w:
                w[name] = (f32(dkv) * np.float32(0.1)).astype(np.float32)
        if m["positional"] == "learned":
            w["P"] = (f32(n + int(rng.integers(0, 9)), d) * np.float32(0.1)).astype(np.float32)
    m["weights"] = w
    return m


def write_model(rng, m, path):
    os.makedirs(path)
    cfg = {"heads": m["heads"], "eps": m["eps"], "causal": m["causal"],
           "positional": m["positional"]}
    if m["kv_heads"] != m["heads"]:
        cfg["kv_heads"] = m["kv_heads"]
    if m["positional"] == "rope":
        cfg["rope_pairs"] = m["rope_pairs"]
        cfg["rope_base"] = m["rope_base"]
    if m["tokens"] is not None:
        cfg["tokens"] = m["tokens"]
    with open(os.path.join(path, "config.json"), "w") as f:
        json.dump(cfg, f)
    for name, a in m["weights"].items():
        style = int(rng.integers(0, 4))
        if a.ndim == 1 and style == 1:
            a = a.reshape(1, -1)                 # (1, d) instead of (d,)
        if style == 2:
            a = a.astype(np.float64)             # exact: the values are float32
        if style == 3 and a.ndim == 2:
            a = np.asfortranarray(a)             # stored column-major
        np.save(os.path.join(path, name + ".npy"), a)


@contextlib.contextmanager
def scratch_dir(prefix, keep):
    """A temporary directory for one check, removed afterwards unless
    `keep` (then its path is printed, to look at what was exported)."""
    path = tempfile.mkdtemp(prefix=prefix)
    try:
        yield path
    finally:
        if keep:
            print(f"kept {path}")
        else:
            shutil.rmtree(path, ignore_errors=True)


def compare(got, ref):
    """Relative error of got against ref, and a reason when it fails."""
    if got.shape != ref.shape:
        return np.inf, f"shape {got.shape}, expected {ref.shape}"
    g, r = got.astype(np.float64), ref
    inf_r, inf_g = np.isinf(r), np.isinf(g)
    if np.any(np.isnan(g)):
        return np.inf, "NaN in the output"
    if np.any(inf_r != inf_g) or np.any(np.sign(g[inf_r]) != np.sign(r[inf_r])):
        return np.inf, "infinities in different places"
    fin = ~inf_r
    if not np.any(fin):
        return 0.0, None
    diff = np.max(np.abs(g[fin] - r[fin]))
    scale = max(float(np.max(np.abs(r[fin]))), TINY)
    return diff / scale, None


def check_run(outdir, names, ref, label):
    """Compare one export with the reference; returns (ok, worst, matrices)."""
    files = sorted(os.listdir(outdir))
    want = sorted(n + ".npy" for n in names)
    if files != want:
        extra = sorted(set(files) - set(want))
        missing = sorted(set(want) - set(files))
        print(f"{label}: the exported files differ: extra {extra}, missing {missing}")
        return False, None, None
    ok, worst, mats = True, (0.0, None), {}
    for name in names:
        a = np.load(os.path.join(outdir, name + ".npy"))
        mats[name] = a
        if a.dtype != np.float32:
            print(f"{label}: {name}.npy has dtype {a.dtype}, expected float32")
            ok = False
            continue
        rel, why = compare(a, ref[name])
        if why is None and name.startswith("A_h"):
            rel = max(rel, float(np.max(np.abs(a - ref[name]))))
        if why is not None or not rel <= REL_TOL:
            print(f"{label}: {name} differs from the reference: "
                  f"{why or f'relative error {rel:.3g} > {REL_TOL:g}'}")
            ok = False
        if rel > worst[0]:
            worst = (rel, name)
    return ok, worst, mats


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("seed", type=int)
    ap.add_argument("--large", action="store_true")
    ap.add_argument("--bin", default=os.environ.get("ATTNSTEP_BIN"))
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    ap.add_argument("--modern", action="store_true", help="also draw kv_heads and learned or rotary positions")
    ap.add_argument("--kv-heads", type=int, help="with --modern: this many key/value heads (0: heads)")
    ap.add_argument("--positional", choices=["none", "sinusoidal", "learned", "rope"])
    ap.add_argument("--rope-pairs", choices=["interleaved", "halves"])
    args = ap.parse_args()
    if not args.bin:
        print("no binary: give --bin or set ATTNSTEP_BIN")
        return 2
    rng = np.random.default_rng(args.seed)
    if args.positional or args.rope_pairs or args.kv_heads is not None:
        args.modern = True
    m = draw_model(rng, args.large, args)
    desc = (f"seed {args.seed}: n={m['n']} d={m['d']} heads={m['heads']} "
            f"kv_heads={m['kv_heads']} causal={m['causal']} positional={m['positional']} "
            + (f"rope_pairs={m['rope_pairs']} rope_base={m['rope_base']:g} " if m['positional'] == 'rope' else "")
            + f"eps={m['eps']:g} "
            f"optional={sorted(k for k in m['weights'] if k[0] in 'bg')}")
    with scratch_dir("attnstep-ref-", args.keep) as tmp:
        model_dir = os.path.join(tmp, "model")
        write_model(rng, m, model_dir)
        w = m["weights"]
        ref = attention_ref.canonical(
            w["E"], w["Wq"], w["Wk"], w["Wv"], w["Wo"], m["heads"],
            bq=w.get("bq"), bk=w.get("bk"), bv=w.get("bv"), bo=w.get("bo"),
            gamma=w.get("gamma"), beta=w.get("beta"), causal=m["causal"],
            positional=m["positional"], eps=m["eps"], kv_heads=m["kv_heads"], P=w.get("P"),
            rope_pairs=m["rope_pairs"], rope_base=m["rope_base"])
        names = attention_ref.canonical_names(m["heads"], m["causal"], m["positional"])
        assert list(ref) == names
        ok, results = True, {}
        for label, simd in (("scalar", "scalar"), ("simd", None)):
            env = dict(os.environ)
            env.pop("ATTNSTEP_SIMD", None)
            if simd:
                env["ATTNSTEP_SIMD"] = simd
            out = os.path.join(tmp, "out-" + label)
            p = subprocess.run([args.bin, "export", model_dir, out], env=env,
                               capture_output=True, text=True, timeout=120)
            if p.returncode != 0:
                print(f"{desc}\n{label}: export exited with {p.returncode}: {p.stderr.strip()}")
                return 1
            run_ok, worst, mats = check_run(out, names, ref, label)
            ok = ok and run_ok
            results[label] = (worst, mats)
        if ok:
            worst_pair = (0.0, None)
            for name in names:
                rel, why = compare(results["simd"][1][name],
                                   results["scalar"][1][name].astype(np.float64))
                if why is not None or not rel <= REL_TOL:
                    print(f"scalar and SIMD disagree on {name}: {why or f'{rel:.3g}'}")
                    ok = False
                if rel > worst_pair[0]:
                    worst_pair = (rel, name)
        status = "ok" if ok else "FAILED"
        print(f"{desc}: {status}")
        for label in results:
            rel, name = results[label][0] or (np.nan, None)
            print(f"  {label}: max relative error {rel:.3g} ({name})")
        if ok:
            print(f"  scalar vs simd: max relative difference {worst_pair[0]:.3g} ({worst_pair[1]})")
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

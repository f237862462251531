"""Check `attnstep export` of whole layers against the float64 reference
(layer_ref.py), and against PyTorch when it is installed, for one seed.

    python3 check_layers.py SEED [--bin PATH] [--torch] [--keep]

From SEED it draws a random stack: n <= 64 tokens, d <= 128, heads
dividing d, kv_heads dividing heads (all of them when PyTorch judges), 1-3 layers, encoder or decoder (cross-attention over a random
memory of up to 64 rows), pre- or post-LN, relu, gelu or gelu_tanh, each
bias and layer-norm weight on or off, causal or not, d_ff up to 256; a
model directory with config.json ("layer", "layers", "ffn", "activation",
"norm_first") and the weights in layerK/ (or at the top for one layer
half the time). It exports with the scalar kernels and with the best SIMD
set and checks that the files are exactly the canonical names and every
matrix is within 1e-4 relative error of the reference (as check_export.py
measures it).

--torch: also build the same stack from nn.TransformerEncoderLayer or
nn.TransformerDecoderLayer (eval mode, dropout 0; absent biases as zeros,
absent gamma as ones) and check the stack's output within 1e-4 relative.
Without PyTorch it prints "SKIPPED: PyTorch is not installed" and exits 77.
Exit status 0 when everything holds, 1 when a check fails, 2 on errors.
"""

import argparse
import json
import os
import subprocess
import sys

import numpy as np

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import layer_ref  # noqa: E402
from check_export import REL_TOL, compare, scratch_dir  # noqa: E402

ATTN = ("Wq", "Wk", "Wv", "Wo")
ATTN_OPT = ("bq", "bk", "bv", "bo", "gamma", "beta")


def draw(rng, torch_ready=False):
    coin = lambda: bool(rng.integers(0, 2))
    n = int(rng.integers(1, 65))
    d = int(rng.integers(1, 129))
    heads = int(rng.choice([h for h in range(1, d + 1) if d % h == 0]))
    # grouped-query attention (kv_heads dividing heads) where PyTorch is not
    # the judge: its layers have no kv_heads
    kv = heads if torch_ready else int(rng.choice([k for k in range(1, heads + 1) if heads % k == 0]))
    dkv = kv * (d // heads)
    m = {
        "n": n, "d": d, "heads": heads, "kv_heads": kv,
        "layers": int(rng.integers(1, 4)),
        "kind": "decoder" if coin() else "encoder",
        "norm_first": coin(),
        "activation": str(rng.choice(["relu", "gelu", "gelu_tanh"])),
        "causal": coin(),
        "positional": "sinusoidal" if coin() else "none",
        "eps": float(rng.choice([1e-5, 1e-6, 1e-3])),
        "ffn": int(rng.integers(1, 257)),
        "mem_rows": int(rng.integers(1, 65)),
    }
    f32 = lambda *shape: rng.standard_normal(shape).astype(np.float32)
    scaled = lambda rows, cols: (f32(rows, cols) / np.float32(np.sqrt(rows))).astype(np.float32)
    small = lambda k: (f32(k) * np.float32(0.1)).astype(np.float32)
    one = lambda k: (np.float32(1) + f32(k) * np.float32(0.1)).astype(np.float32)
    keep = lambda: torch_ready or coin()

    def attn_weights():
        w = {k: scaled(d, dkv if k in ("Wk", "Wv") else d) for k in ATTN}
        for k in ("bq", "bk", "bv", "bo", "beta"):
            if keep():
                w[k] = small(dkv if k in ("bk", "bv") else d)
        if keep():
            w["gamma"] = one(d)
        return w

    layers = []
    for _ in range(m["layers"]):
        w = attn_weights()
        w["W1"], w["W2"] = scaled(d, m["ffn"]), scaled(m["ffn"], d)
        if keep():
            w["b1"] = small(m["ffn"])
        for k in ("b2", "beta_ff"):
            if keep():
                w[k] = small(d)
        if keep():
            w["gamma_ff"] = one(d)
        if m["kind"] == "decoder":
            w["cross"] = attn_weights()
        layers.append(w)
    m["E"] = f32(n, d)
    m["memory"] = f32(m["mem_rows"], d) if m["kind"] == "decoder" else None
    m["final"] = {}
    if keep():
        m["final"]["gamma_final"] = one(d)
    if keep():
        m["final"]["beta_final"] = small(d)
    m["weights"] = layers
    m["layer_dirs"] = m["layers"] > 1 or coin()
    return m


def write_model(m, path):
    os.makedirs(path)
    cfg = {"heads": m["heads"], "eps": m["eps"], "causal": m["causal"], "positional": m["positional"],
           "layer": m["kind"], "ffn": m["ffn"], "activation": m["activation"], "norm_first": m["norm_first"]}
    if m["layer_dirs"]:
        cfg["layers"] = m["layers"]
    if m["kv_heads"] != m["heads"]:
        cfg["kv_heads"] = m["kv_heads"]
    with open(os.path.join(path, "config.json"), "w") as f:
        json.dump(cfg, f)
    np.save(os.path.join(path, "E.npy"), m["E"])
    if m["memory"] is not None:
        np.save(os.path.join(path, "memory.npy"), m["memory"])
    for k, a in m["final"].items():
        np.save(os.path.join(path, k + ".npy"), a)
    for l, w in enumerate(m["weights"]):
        ldir = os.path.join(path, f"layer{l}") if m["layer_dirs"] else path
        os.makedirs(ldir, exist_ok=True)
        for k, a in w.items():
            if k == "cross":
                for ck, ca in a.items():
                    np.save(os.path.join(ldir, "cross_" + ck + ".npy"), ca)
            else:
                np.save(os.path.join(ldir, k + ".npy"), a)


def reference(m):
    return layer_ref.stack(m["E"], m["weights"], m["heads"], kind=m["kind"], norm_first=m["norm_first"],
                           activation=m["activation"], causal=m["causal"], positional=m["positional"],
                           eps=m["eps"], memory=m["memory"], final=m["final"], kv_heads=m["kv_heads"])


def torch_output(m):
    """The stack's output as PyTorch computes it (float64)."""
    import torch
    from torch import nn
    torch.manual_seed(0)
    d, heads, dt = m["d"], m["heads"], torch.float64
    t = lambda a: torch.tensor(np.asarray(a, dtype=np.float64), dtype=dt)

    def load_mha(mha, w):
        with torch.no_grad():
            mha.in_proj_weight.copy_(t(np.concatenate([w["Wq"].T, w["Wk"].T, w["Wv"].T])))
            mha.in_proj_bias.copy_(t(np.concatenate([w.get(k, np.zeros(d)) for k in ("bq", "bk", "bv")])))
            mha.out_proj.weight.copy_(t(w["Wo"].T))
            mha.out_proj.bias.copy_(t(w.get("bo", np.zeros(d))))

    def load_norm(norm, w, g, b):
        with torch.no_grad():
            norm.weight.copy_(t(w.get(g, np.ones(d))))
            norm.bias.copy_(t(w.get(b, np.zeros(d))))

    act = m["activation"]
    if act == "gelu_tanh":  # PyTorch takes it as a function
        act = lambda x: torch.nn.functional.gelu(x, approximate="tanh")  # noqa: E731
    cls = nn.TransformerDecoderLayer if m["kind"] == "decoder" else nn.TransformerEncoderLayer
    x = t(m["E"])
    if m["positional"] == "sinusoidal":
        x = x + t(layer_ref.positions(m["n"], d))
    x = x.unsqueeze(0)
    mask = torch.triu(torch.full((m["n"], m["n"]), float("-inf"), dtype=dt), diagonal=1) if m["causal"] else None
    for w in m["weights"]:
        layer = cls(d, heads, dim_feedforward=m["ffn"], dropout=0.0, activation=act,
                    layer_norm_eps=m["eps"], batch_first=True, norm_first=m["norm_first"], dtype=dt).eval()
        load_mha(layer.self_attn, w)
        with torch.no_grad():
            layer.linear1.weight.copy_(t(w["W1"].T))
            layer.linear1.bias.copy_(t(w.get("b1", np.zeros(m["ffn"]))))
            layer.linear2.weight.copy_(t(w["W2"].T))
            layer.linear2.bias.copy_(t(w.get("b2", np.zeros(d))))
        load_norm(layer.norm1, w, "gamma", "beta")
        if m["kind"] == "decoder":
            load_mha(layer.multihead_attn, w["cross"])
            load_norm(layer.norm2, w["cross"], "gamma", "beta")
            load_norm(layer.norm3, w, "gamma_ff", "beta_ff")
        else:
            load_norm(layer.norm2, w, "gamma_ff", "beta_ff")
        with torch.no_grad():
            if m["kind"] == "decoder":
                x = layer(x, t(m["memory"]).unsqueeze(0), tgt_mask=mask)
            else:
                x = layer(x, src_mask=mask)
    if m["norm_first"] or m["final"]:  # TransformerEncoder(norm=...) applies it whatever norm_first is
        norm = nn.LayerNorm(d, eps=m["eps"], dtype=dt)
        load_norm(norm, m["final"], "gamma_final", "beta_final")
        with torch.no_grad():
            x = norm(x)
    return x.squeeze(0).numpy()


def run_export(binary, model_dir, out, simd):
    env = dict(os.environ)
    env.pop("ATTNSTEP_SIMD", None)
    if simd:
        env["ATTNSTEP_SIMD"] = simd
    return subprocess.run([binary, "export", model_dir, out], env=env, capture_output=True, text=True,
                          timeout=300)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("seed", type=int)
    ap.add_argument("--bin", default=os.environ.get("ATTNSTEP_BIN"))
    ap.add_argument("--torch", action="store_true")
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    if not args.bin:
        print("no binary: give --bin or set ATTNSTEP_BIN")
        return 2
    if args.torch:
        try:
            import torch  # noqa: F401
        except ImportError:
            print("SKIPPED: PyTorch is not installed (Debian: python3-torch)")
            return 77
    rng = np.random.default_rng(args.seed)
    m = draw(rng, torch_ready=args.torch)
    desc = (f"seed {args.seed}: {m['layers']} {m['kind']} layer(s) n={m['n']} d={m['d']} heads={m['heads']} "
            f"kv_heads={m['kv_heads']} "
            f"ffn={m['ffn']} {m['activation']} {'pre' if m['norm_first'] else 'post'}-LN causal={m['causal']} "
            f"positional={m['positional']} memory={m['mem_rows'] if m['memory'] is not None else '-'}")
    with scratch_dir("attnstep-layers-", args.keep) as tmp:
        model_dir = os.path.join(tmp, "model")
        write_model(m, model_dir)
        ref = reference(m)
        ok, worst = True, (0.0, None)
        for label, simd in (("scalar", "scalar"), ("simd", None)):
            out = os.path.join(tmp, "out-" + label)
            p = run_export(args.bin, model_dir, out, simd)
            if p.returncode != 0:
                print(f"{desc}\n{label}: export exited with {p.returncode}: {p.stderr.strip()}")
                return 1
            files = sorted(os.listdir(out))
            want = sorted(k + ".npy" for k in ref)
            if files != want:
                print(f"{desc}\n{label}: the exported files differ: extra {sorted(set(files) - set(want))}, "
                      f"missing {sorted(set(want) - set(files))}")
                return 1
            for name, r in ref.items():
                a = np.load(os.path.join(out, name + ".npy"))
                rel, why = compare(a, r)
                if why is not None or not rel <= REL_TOL:
                    print(f"{label}: {name} differs: {why or f'relative error {rel:.3g} > {REL_TOL:g}'}")
                    ok = False
                if rel > worst[0]:
                    worst = (rel, name)
            if args.torch and label == "scalar":
                got = layer_ref.output(ref, m["norm_first"], m["kind"])
                theirs = torch_output(m).astype(np.float64)
                rel, why = compare(theirs, got)
                mine = np.load(os.path.join(out, ("Y_final" if "Y_final" in ref else
                                                  [k for k in ref if k.endswith("Y2")][-1]) + ".npy"))
                rel2, why2 = compare(mine, theirs)
                print(f"  PyTorch vs reference: {rel:.3g}; PyTorch vs attnstep: {rel2:.3g}")
                if why or why2 or not (rel <= REL_TOL and rel2 <= REL_TOL):
                    print(f"{label}: the output differs from PyTorch's {why or why2 or ''}")
                    ok = False
        print(f"{desc}: {'ok' if ok else 'FAILED'}; max relative error {worst[0]:.3g} ({worst[1]})")
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

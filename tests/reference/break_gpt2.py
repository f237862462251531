#!/usr/bin/env python3
"""Make a GPT-2 checkpoint malformed in one way, for the error tests.

    python3 break_gpt2.py DIR KIND

DIR is a checkpoint written by make_gpt2_checkpoint.py; KIND is one of
  missing     h.1.mlp.c_fc.bias is left out of model.safetensors
  shape       h.0.attn.c_attn.weight keeps only 64 of its 96 columns
  llama       config.json says model_type "llama"
  activation  config.json says activation_function "relu"
  n_head      config.json says n_head "four"
  wte         wte keeps only its first 260 rows (vocab_size 260), fewer than vocab.json's tokens
  n_layer     config.json says n_layer 1, so the file's h.1.* tensors belong to no layer
  dangling    model.safetensors is a symbolic link to a file that does not exist
"""
import json
import os
import struct
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import make_gpt2_checkpoint as mk  # noqa: E402


def read(path):
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n])
    data = blob[8 + n:]
    return [(k, v["dtype"], v["shape"], data[v["data_offsets"][0]:v["data_offsets"][1]])
            for k, v in sorted(header.items(), key=lambda kv: kv[1]["data_offsets"][0] if kv[0] != "__metadata__" else -1)
            if k != "__metadata__"]


def main():
    d, kind = sys.argv[1], sys.argv[2]
    st, cfg_path = os.path.join(d, "model.safetensors"), os.path.join(d, "config.json")
    with open(cfg_path) as f:
        cfg = json.load(f)
    if kind in ("missing", "shape", "wte"):
        tensors = read(st)
        out = []
        for name, dtype, shape, raw in tensors:
            if kind == "missing" and name.endswith("h.1.mlp.c_fc.bias"):
                continue
            if kind == "shape" and name.endswith("h.0.attn.c_attn.weight"):
                size = len(raw) // (shape[0] * shape[1])
                rows = [raw[r * shape[1] * size:(r * shape[1] + 64) * size] for r in range(shape[0])]
                shape, raw = [shape[0], 64], b"".join(rows)
            if kind == "wte" and name.endswith("wte.weight"):
                raw = raw[:len(raw) // shape[0] * 260]
                shape = [260, shape[1]]
                cfg["vocab_size"] = 260
            out.append((name, dtype, shape, raw))
        mk.write_safetensors(st, out)
    elif kind == "llama":
        cfg["model_type"] = "llama"
    elif kind == "activation":
        cfg["activation_function"] = "relu"
    elif kind == "n_head":
        cfg["n_head"] = "four"
    elif kind == "n_layer":  # the file's h.1.* tensors now belong to no layer
        cfg["n_layer"] = 1
    elif kind == "dangling":  # as an interrupted download leaves it
        os.rename(st, st + ".part")
        os.symlink("model.safetensors.part.gone", st)
    else:
        sys.exit(f"unknown kind {kind}")
    with open(cfg_path, "w") as f:
        json.dump(cfg, f)


if __name__ == "__main__":
    main()

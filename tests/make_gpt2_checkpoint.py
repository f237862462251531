#!/usr/bin/env python3
"""Write a small GPT-2-shaped checkpoint with random weights, for the tests.

    make_gpt2_checkpoint.py OUT_DIR [--dtype F32|F16|BF16] [--seed N]
                            [--prefix] [--layers 2] [--heads 4] [--embd 32]
                            [--positions 16] [--merges 40] [--vocab N]
                            [--no-expected]
    make_gpt2_checkpoint.py --all-halves OUT_DIR

OUT_DIR receives what a Hugging Face GPT-2 directory holds:

    model.safetensors   Hugging Face's GPT-2 names (wte.weight, wpe.weight,
                        h.N.ln_1.weight, h.N.attn.c_attn.weight, ...), with
                        "transformer." in front of each with --prefix
    config.json         n_layer, n_head, n_embd, n_positions, vocab_size,
                        layer_norm_epsilon, activation_function gelu_new
    vocab.json          token -> id: the 256 byte tokens in GPT-2's order,
                        one token per merge, and <|endoftext|>; with
                        --vocab N, filler tokens <|fill_K|> before it up to
                        N tokens (--vocab 50257 --layers 12 --heads 12
                        --embd 768 --positions 1024: GPT-2 small's shapes)
    merges.txt          "#version: 0.2", then one merge per line

and, for the tests, what the file must read back as:

    expected/NAME.npy   each tensor as float32, after the same rounding to
                        F16 or BF16 that the file holds (not with
                        --no-expected, which benchmarks use)
    manifest.json       [{"name", "dtype", "shape"}] in header order
    sample.json         {"text", "ids"}: a text and its tokens under this
                        vocabulary, from the plain BPE below

--all-halves writes halves.safetensors with every F16 and every BF16 bit
pattern (tensors "f16" and "bf16", 256 x 256, element k = pattern k) and
expected/f16.npy, expected/bf16.npy: the float32 values NumPy gives.

The safetensors file is written by hand (struct + json + NumPy), as the
safetensors library writes it: the header padded with spaces to a multiple
of 8 bytes, "__metadata__": {"format": "pt"}, tensors ordered by name.
No torch or safetensors package is needed.
"""
import argparse
import json
import os
import re
import struct
import sys

import numpy as np


# --- byte-level BPE, as GPT-2 defines it ----------------------------------------

def bytes_to_unicode():
    """GPT-2's table: each byte as a printable character."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + \
        list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, map(chr, cs)))


BYTE_CHAR = bytes_to_unicode()

# Enough for the pieces of plain ASCII text, which is all this vocabulary
# is trained and sampled on (GPT-2's own pattern needs \p{L}).
ASCII_PIECES = re.compile(r"'s|'t|'re|'ve|'m|'ll|'d| ?[A-Za-z]+| ?[0-9]+| ?[^\sA-Za-z0-9]+|\s+(?!\S)|\s+")

CORPUS = (
    "The cat sat on the mat. The dog sat on the log. A cat and a dog are "
    "friends; the cat is small and the dog is big. They sat there, and then "
    "the cat said: it's the mat that I like, and the dog said it's the log. "
    "Attention lets every token look at the tokens before it. "
) * 3


def train_merges(text, count):
    """`count` merges, most frequent pair first (ties: smallest pair)."""
    words = {}
    for piece in ASCII_PIECES.findall(text):
        w = tuple(BYTE_CHAR[b] for b in piece.encode())
        words[w] = words.get(w, 0) + 1
    merges = []
    for _ in range(count):
        pairs = {}
        for w, n in words.items():
            for a, b in zip(w, w[1:]):
                pairs[(a, b)] = pairs.get((a, b), 0) + n
        if not pairs:
            break
        best = min(pairs, key=lambda p: (-pairs[p], p))
        merges.append(best)
        words = {tuple(merge_word(list(w), best)): n for w, n in words.items()}
    return merges


def merge_word(word, pair):
    out, i = [], 0
    while i < len(word):
        if i + 1 < len(word) and (word[i], word[i + 1]) == pair:
            out.append(word[i] + word[i + 1])
            i += 2
        else:
            out.append(word[i])
            i += 1
    return out


def bpe_encode(text, merges, vocab):
    """GPT-2's encoding: pieces, bytes as characters, lowest-ranked merge first."""
    ranks = {p: i for i, p in enumerate(merges)}
    ids = []
    for piece in ASCII_PIECES.findall(text):
        word = [BYTE_CHAR[b] for b in piece.encode()]
        while len(word) > 1:
            pairs = set(zip(word, word[1:]))
            best = min(pairs, key=lambda p: ranks.get(p, float("inf")))
            if best not in ranks:
                break
            word = merge_word(word, best)
        ids += [vocab[t] for t in word]
    return ids


# --- the weights ------------------------------------------------------------------

def gpt2_tensors(rng, layers, embd, positions, vocab_size):
    """name -> float32 array, in Hugging Face's GPT-2 layout (Conv1D weights
    are (in, out), applied as x @ W)."""
    def normal(*shape, scale=0.2):
        return (rng.standard_normal(shape) * scale).astype(np.float32)
    t = {"wte.weight": normal(vocab_size, embd), "wpe.weight": normal(positions, embd, scale=0.05)}
    for i in range(layers):
        h = f"h.{i}."
        t[h + "ln_1.weight"] = 1 + normal(embd, scale=0.1)
        t[h + "ln_1.bias"] = normal(embd, scale=0.1)
        # the causal-mask buffer that Hugging Face's GPT-2 files carry
        t[h + "attn.bias"] = np.tril(np.ones((positions, positions), np.float32))[None, None]
        t[h + "attn.c_attn.weight"] = normal(embd, 3 * embd)
        t[h + "attn.c_attn.bias"] = normal(3 * embd, scale=0.1)
        t[h + "attn.c_proj.weight"] = normal(embd, embd)
        t[h + "attn.c_proj.bias"] = normal(embd, scale=0.1)
        t[h + "ln_2.weight"] = 1 + normal(embd, scale=0.1)
        t[h + "ln_2.bias"] = normal(embd, scale=0.1)
        t[h + "mlp.c_fc.weight"] = normal(embd, 4 * embd)
        t[h + "mlp.c_fc.bias"] = normal(4 * embd, scale=0.1)
        t[h + "mlp.c_proj.weight"] = normal(4 * embd, embd)
        t[h + "mlp.c_proj.bias"] = normal(embd, scale=0.1)
    t["ln_f.weight"] = 1 + normal(embd, scale=0.1)
    t["ln_f.bias"] = normal(embd, scale=0.1)
    return t


def to_bf16_bits(a):
    """float32 -> bfloat16 bits, rounding to nearest, ties to even (no NaN here)."""
    u = np.ascontiguousarray(a, np.float32).view(np.uint32).astype(np.uint64)
    return ((u + 0x7FFF + ((u >> 16) & 1)) >> 16).astype(np.uint16)


def encode_as(a, dtype):
    """(raw little-endian bytes, the float32 values they hold)"""
    if dtype == "F32":
        v = np.ascontiguousarray(a, "<f4")
        return v.tobytes(), v
    if dtype == "F16":
        h = np.ascontiguousarray(a, "<f2")
        return h.tobytes(), h.astype(np.float32)
    b = to_bf16_bits(a).astype("<u2")
    return b.tobytes(), (b.astype(np.uint32) << 16).view(np.float32)


def write_safetensors(path, tensors):
    """tensors: list of (name, dtype, shape, raw bytes), written in order."""
    header, offset = {"__metadata__": {"format": "pt"}}, 0
    for name, dtype, shape, raw in tensors:
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [offset, offset + len(raw)]}
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for _, _, _, raw in tensors:
            f.write(raw)


def save_expected(out, name, values):
    os.makedirs(os.path.join(out, "expected"), exist_ok=True)
    np.save(os.path.join(out, "expected", name + ".npy"), np.ascontiguousarray(values, "<f4"))


def write_checkpoint(args):
    out = args.out
    os.makedirs(out, exist_ok=True)
    merges = train_merges(CORPUS, args.merges)
    tokens = [BYTE_CHAR[b] for b in sorted(BYTE_CHAR, key=lambda b: (b not in range(33, 127) and
                                                                   b not in range(161, 173) and
                                                                   b not in range(174, 256), b))]
    tokens += [a + b for a, b in merges]
    tokens += [f"<|fill_{k}|>" for k in range(max(0, args.vocab - len(tokens) - 1))]
    tokens += ["<|endoftext|>"]
    vocab = {t: i for i, t in enumerate(tokens)}
    assert len(vocab) == len(tokens), "a merge repeated a token"
    with open(os.path.join(out, "vocab.json"), "w", encoding="utf-8") as f:
        json.dump(vocab, f, ensure_ascii=False)
    with open(os.path.join(out, "merges.txt"), "w", encoding="utf-8") as f:
        f.write("#version: 0.2\n" + "".join(f"{a} {b}\n" for a, b in merges))
    text = "The cat sat on the mat, and the dog sat on the log."
    with open(os.path.join(out, "sample.json"), "w") as f:
        json.dump({"text": text, "ids": bpe_encode(text, merges, vocab)}, f)

    config = {
        "model_type": "gpt2", "architectures": ["GPT2LMHeadModel"],
        "n_layer": args.layers, "n_head": args.heads, "n_embd": args.embd,
        "n_positions": args.positions, "n_ctx": args.positions, "vocab_size": len(tokens),
        "layer_norm_epsilon": 1e-5, "activation_function": "gelu_new",
        "bos_token_id": len(tokens) - 1, "eos_token_id": len(tokens) - 1,
    }
    with open(os.path.join(out, "config.json"), "w") as f:
        json.dump(config, f, indent=2)

    rng = np.random.default_rng(args.seed)
    weights = gpt2_tensors(rng, args.layers, args.embd, args.positions, len(tokens))
    prefix = "transformer." if args.prefix else ""
    entries, manifest = [], []
    for name in sorted(weights):
        raw, values = encode_as(weights[name], args.dtype)
        full = prefix + name
        entries.append((full, args.dtype, weights[name].shape, raw))
        manifest.append({"name": full, "dtype": args.dtype, "shape": list(weights[name].shape)})
        # as attnstep reads it: leading dimensions of 1 dropped, (1, 1, n, n) as n x n
        shape = weights[name].shape
        if not args.no_expected:
            save_expected(out, full, values.reshape(shape if len(shape) <= 2 else (-1, shape[-1])))
    write_safetensors(os.path.join(out, "model.safetensors"), entries)
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(manifest, f)


def write_all_halves(out):
    os.makedirs(out, exist_ok=True)
    bits = np.arange(65536, dtype="<u2")
    f16 = bits.view("<f2").astype(np.float32)
    bf16 = (bits.astype(np.uint32) << 16).view(np.float32)
    raw = bits.tobytes()
    write_safetensors(os.path.join(out, "halves.safetensors"),
                      [("bf16", "BF16", (256, 256), raw), ("f16", "F16", (256, 256), raw)])
    save_expected(out, "f16", f16.reshape(256, 256))
    save_expected(out, "bf16", bf16.reshape(256, 256))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("out")
    p.add_argument("--dtype", choices=["F32", "F16", "BF16"], default="F32")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--prefix", action="store_true", help='names start with "transformer."')
    p.add_argument("--layers", type=int, default=2)
    p.add_argument("--heads", type=int, default=4)
    p.add_argument("--embd", type=int, default=32)
    p.add_argument("--positions", type=int, default=16)
    p.add_argument("--merges", type=int, default=40)
    p.add_argument("--vocab", type=int, default=0, help="pad the vocabulary to this many tokens")
    p.add_argument("--all-halves", action="store_true")
    p.add_argument("--no-expected", action="store_true", help="write no expected/ files (benchmarks)")
    args = p.parse_args()
    if args.all_halves:
        write_all_halves(args.out)
    else:
        write_checkpoint(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())

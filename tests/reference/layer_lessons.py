#!/usr/bin/env python3
"""The hand-checkable numbers of the layer lessons (feed-forward,
encoder-layer, pre-post-ln, decoder-layer, in lessons/en and lessons/zh),
computed in plain Python float64 from the formulas, sharing no code with
attnstep: the random weights come from tests/golden/expected_values.py's
SplitMix64 (lesson-language.md section 7), the layers are written out here.

    python3 tests/reference/layer_lessons.py           # print the values
    python3 tests/reference/layer_lessons.py --check   # and compare the lessons

With --check every `expect NAME[i][j] == NUMBER` line listed in CHECKS must
be in both languages' lesson, and its number must agree with the value
computed here to the digits written (half a unit of the last decimal);
tests/test_lesson_literals.c runs it. The exit status is 1 otherwise.
"""
import math
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "golden"))
from expected_values import (add, cols, layernorm_row, matmul, random_matrices,  # noqa: E402
                             random_matrix, softmax_row, transpose)

EPS = 1e-5


def ln(m):
    return [layernorm_row(r, eps=EPS) for r in m]


def relu(m):
    return [[max(x, 0.0) for x in r] for r in m]


def gelu(m):
    return [[0.5 * x * (1 + math.erf(x / math.sqrt(2))) for x in r] for r in m]


def attend(xq, xkv, Wq, Wk, Wv, Wo, heads, causal, prefix, out):
    """multi-head attention: queries from xq, keys and values from xkv"""
    Q, K, V = matmul(xq, Wq), matmul(xkv, Wk), matmul(xkv, Wv)
    dk = len(Wq[0]) // heads
    out.update({prefix + "Q": Q, prefix + "K": K, prefix + "V": V})
    Zs = []
    for h in range(heads):
        Qh, Kh, Vh = cols(Q, h * dk, dk), cols(K, h * dk, dk), cols(V, h * dk, dk)
        S = matmul(Qh, transpose(Kh))
        T = [[x / math.sqrt(dk) for x in r] for r in S]
        M = [[x if (j <= i or not causal) else -math.inf for j, x in enumerate(r)] for i, r in enumerate(T)]
        A = [softmax_row(r) for r in M]
        Z = matmul(A, Vh)
        out.update({f"{prefix}Q_h{h}": Qh, f"{prefix}K_h{h}": Kh, f"{prefix}S_h{h}": S, f"{prefix}A_h{h}": A})
        Zs.append(Z)
    Z = [sum((Zh[i] for Zh in Zs), []) for i in range(len(xq))]
    O = matmul(Z, Wo)
    out.update({prefix + "Z": Z, prefix + "O": O})
    return O


def ffn(x, W1, b1, W2, act, out):
    F1 = matmul(x, W1)
    if b1:
        F1 = [[v + b for v, b in zip(r, b1[0])] for r in F1]
    H = act(F1)
    F = matmul(H, W2)
    out.update({"F1": F1, "H": H, "F": F})
    return F


def post_ln_encoder(E, Wq, Wk, Wv, Wo, W1, b1, W2, act, heads=2):
    out = {"X": E}
    O = attend(E, E, Wq, Wk, Wv, Wo, heads, False, "", out)
    out["R"] = add(E, O)
    out["Y"] = ln(out["R"])
    F = ffn(out["Y"], W1, b1, W2, act, out)
    out["R2"] = add(out["Y"], F)
    out["Y2"] = ln(out["R2"])
    return out


def pre_ln_encoder(E, Wq, Wk, Wv, Wo, W1, W2, heads=2):
    out = {"X": E, "N": ln(E)}
    O = attend(out["N"], out["N"], Wq, Wk, Wv, Wo, heads, False, "", out)
    out["R"] = add(E, O)
    out["N2"] = ln(out["R"])
    F = ffn(out["N2"], W1, None, W2, relu, out)
    out["R2"] = add(out["R"], F)
    out["Y_final"] = ln(out["R2"])
    return out


def rms(m):
    """the root of the mean square of every number of m, as a 1 × 1 matrix"""
    return [[math.sqrt(sum(x * x for r in m for x in r) / (len(m) * len(m[0])))]]


def stack(E, layers, norm):
    """pre-post-ln's stack of encoder layers, each (W_Q..W_O, W_1, W_2):
    the first layer's results as they are, and the root mean square of
    the stream after each layer (its R2 in pre-LN, its Y2 in post-LN)"""
    x, first, sizes = E, None, []
    for Wq, Wk, Wv, Wo, W1, W2 in layers:
        if norm == "pre":
            out = pre_ln_encoder(x, Wq, Wk, Wv, Wo, W1, W2)
            x = out["R2"]
        else:
            out = post_ln_encoder(x, Wq, Wk, Wv, Wo, W1, None, W2, relu)
            x = out["Y2"]
        first = first or out
        sizes.append(rms(x)[0][0])
    return first, sizes


def decoder(E, mem, Wq, Wk, Wv, Wo, W1, W2, cW, heads=2):
    out = {"X": E, "mem": mem}
    O = attend(E, E, Wq, Wk, Wv, Wo, heads, True, "", out)
    out["R"] = add(E, O)
    out["Y"] = ln(out["R"])
    cO = attend(out["Y"], mem, *cW, heads, False, "cross_", out)
    out["cross_R"] = add(out["Y"], cO)
    out["cross_Y"] = ln(out["cross_R"])
    F = ffn(out["cross_Y"], W1, None, W2, relu, out)
    out["R2"] = add(out["cross_Y"], F)
    out["Y2"] = ln(out["R2"])
    return out


E3 = [[1.0, 0, 1, 0], [0, 2, 0, 2], [1, 1, 1, 1]]
E_PREPOST = [[2.0, 0, 1, 1], [0, 3, 1, 0], [1, 1, 3, -1]]  # no constant row (review item 6)


def lessons():
    r = {}
    W = random_matrices(4, 4, 4, 401, 0.5)
    r["feed-forward"] = post_ln_encoder(E3, *W, random_matrix(4, 16, 402, 0.5), random_matrix(1, 16, 403, 0.1),
                                        random_matrix(16, 4, 404, 0.5), gelu)
    W = random_matrices(4, 4, 4, 301, 0.5)
    r["encoder-layer"] = post_ln_encoder(E3, *W, random_matrix(4, 8, 302, 0.5), None, random_matrix(8, 4, 303, 0.5),
                                         relu)
    # four layers: the seeds of each layer's three random statements
    layers = [random_matrices(4, 4, 4, s, 0.8) + (random_matrix(4, 8, s + 1, 0.8), random_matrix(8, 4, s + 2, 0.8))
              for s in (801, 990, 1000, 1010)]
    # layer 0's seeds 801, 802, 803: the first layer keeps the numbers it had
    layers[0] = random_matrices(4, 4, 4, 801, 0.8) + (random_matrix(4, 8, 802, 0.8), random_matrix(8, 4, 803, 0.8))
    pre, pre_sizes = stack(E_PREPOST, layers, "pre")
    post, post_sizes = stack(E_PREPOST, layers, "post")
    r["pre-post-ln"] = {"L0_" + k: v for k, v in pre.items()}
    r["pre-post-ln"].update({"post_L0_" + k: v for k, v in post.items()})
    r["pre-post-ln"]["rms_E"] = rms(E_PREPOST)
    r["pre-post-ln"]["rms_pre"] = [pre_sizes]
    r["pre-post-ln"]["rms_post"] = [post_sizes]
    # the decoder's memory: the encoder layer's Y2, to the 4 decimals the lesson writes
    mem = [[round(x, 4) for x in row] for row in r["encoder-layer"]["Y2"]]
    W = random_matrices(4, 4, 4, 201, 0.5)
    cW = random_matrices(4, 4, 4, 207, 1.0)
    r["decoder-layer"] = decoder(E3, mem, *W, random_matrix(4, 8, 202, 0.5),
                                 random_matrix(8, 4, 203, 0.5), cW)
    return r


# (lesson, name as the lesson writes it, key in the results, row, column)
CHECKS = [
    ("feed-forward", "F1", "F1", 0, 1),
    ("encoder-layer", "Q", "Q", 1, 0),
    ("encoder-layer", "F1", "F1", 1, 0),
    ("pre-post-ln", "L0_N", "L0_N", 2, 2),
    ("pre-post-ln", "L0_R2", "L0_R2", 0, 2),
    ("pre-post-ln", "rms_E", "rms_E", 0, 0),
    ("pre-post-ln", "rms_pre", "rms_pre", 0, 3),
    ("pre-post-ln", "rms_post", "rms_post", 0, 3),
    ("decoder-layer", "cross_K", "cross_K", 0, 2),
    ("decoder-layer", "cross_S_h1", "cross_S_h1", 0, 0),
    ("decoder-layer", "cross_A_h1", "cross_A_h1", 0, 0),
]


def check(root):
    bad = 0
    res = lessons()
    for lesson, name, key, i, j in CHECKS:
        want = res[lesson][key][i][j]
        for lang in ("en", "zh"):
            path = os.path.join(root, "lessons", lang, lesson + ".lesson")
            text = open(path, encoding="utf-8").read()
            pat = r"^\s*expect\s+%s\[%d\]\[%d\]\s*==\s*(-?[0-9]+(?:\.([0-9]+))?)\s*$" % (re.escape(name), i, j)
            m = re.search(pat, text, re.M)
            if not m:
                print(f"{lang}/{lesson}: no 'expect {name}[{i}][{j}] == NUMBER' (want {want:.6f})")
                bad += 1
                continue
            got, decimals = float(m.group(1)), len(m.group(2) or "")
            if abs(got - want) > 0.5 * 10 ** -decimals + 1e-12:
                print(f"{lang}/{lesson}: {name}[{i}][{j}] is written {m.group(1)}, float64 gives {want:.6f}")
                bad += 1
    return bad


def show(name, m):
    print(f"{name:>22} = " + "[" + ", ".join("[" + ", ".join(f"{x:.5f}" for x in r) + "]" for r in m) + "]")


def main():
    if "--check" in sys.argv:
        bad = check(os.path.join(HERE, "..", ".."))
        print(f"{len(CHECKS)} literals, {bad} wrong or missing")
        sys.exit(1 if bad else 0)
    for lesson, out in lessons().items():
        print(lesson)
        for k, v in out.items():
            show(k, v)
    r2 = lessons()["pre-post-ln"]["L0_R2"][1]
    mu = sum(r2) / 4
    print(f"pre-post-ln: var(L0_R2[1]) = {sum((x - mu) ** 2 for x in r2) / 4:.5f}")


if __name__ == "__main__":
    main()

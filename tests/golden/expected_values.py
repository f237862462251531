"""The numbers behind the `expect` lines of the golden lessons.

Golden traces are snapshots of attnstep's own output, so they cannot catch
a number that was wrong when the snapshot was taken. The `expect` lines in
tests/golden/*.lesson can: their values come from this script, plain
Python written from the formulas (lesson-language.md), sharing no code with
attnstep. A wrong number then fails `attnstep check` (tests/test_golden.c
runs it) even after the golden files are regenerated.

    python3 tests/golden/expected_values.py

prints each value with 4 decimals, the precision the lessons write them in
(so the check is to +-0.00005).
"""

import math
import struct

MASK64 = 2**64 - 1


def f32(v):
    return struct.unpack("f", struct.pack("f", v))[0]


def random_matrix(rows, cols, seed, scale=1.0):
    """SplitMix64, top 24 bits u of each output: u / 2^23 - 1, times scale."""
    state, values = seed, []
    for _ in range(rows * cols):
        state = (state + 0x9E3779B97F4A7C15) & MASK64
        z = ((state ^ (state >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        u = (z ^ (z >> 31)) >> 40
        values.append(f32(f32(scale) * (u / 2**23 - 1)))
    return [values[r * cols:(r + 1) * cols] for r in range(rows)]


def random_matrices(k, rows, cols, seed, scale=1.0):
    """A, B, ... = random RxC seed S: the k names share seed S's sequence,
    the first taking its first R*C values, the next the next R*C, ..."""
    m = random_matrix(k * rows, cols, seed, scale)
    return tuple(m[n * rows:(n + 1) * rows] for n in range(k))


def matmul(a, b):
    return [[sum(a[i][k] * b[k][j] for k in range(len(b))) for j in range(len(b[0]))] for i in range(len(a))]


def transpose(a):
    return [list(r) for r in zip(*a)]


def add(a, b):
    return [[x + y for x, y in zip(ra, rb)] for ra, rb in zip(a, b)]


def cols(a, c0, n):
    return [r[c0:c0 + n] for r in a]


def softmax_row(row):
    m = max(row)
    e = [math.exp(x - m) for x in row]
    return [x / sum(e) for x in e]


def layernorm_row(row, sample=False, eps=1e-5, outside=False, gamma=None, beta=None):
    n = len(row)
    mu = sum(row) / n
    var = sum((x - mu) ** 2 for x in row) / (n - 1 if sample else n)
    denom = math.sqrt(var) + eps if outside else math.sqrt(var + eps)
    gamma = gamma or [1.0] * n
    beta = beta or [0.0] * n
    return [g * (x - mu) / denom + b for x, g, b in zip(row, gamma, beta)]


def positions(n, d):
    return [[math.sin(p / 10000 ** ((j - j % 2) / d)) if j % 2 == 0 else math.cos(p / 10000 ** ((j - j % 2) / d))
             for j in range(d)] for p in range(n)]


def attention(E, Wq, Wk, Wv, Wo, heads, causal, sinusoidal, eps=1e-5):
    n, d = len(E), len(E[0])
    X = add(E, positions(n, d)) if sinusoidal else E
    Q, K, V = matmul(X, Wq), matmul(X, Wk), matmul(X, Wv)
    dk = d // heads
    out = {"X": X, "Q": Q, "K": K, "V": V}
    Zs = []
    for h in range(heads):
        Qh, Kh, Vh = cols(Q, h * dk, dk), cols(K, h * dk, dk), cols(V, h * dk, dk)
        S = matmul(Qh, transpose(Kh))
        T = [[x / math.sqrt(dk) for x in r] for r in S]
        M = [[x if (j <= i or not causal) else -math.inf for j, x in enumerate(r)] for i, r in enumerate(T)]
        A = [softmax_row(r) for r in M]
        Z = matmul(A, Vh)
        out.update({f"S_h{h}": S, f"T_h{h}": T, f"A_h{h}": A, f"Z_h{h}": Z})
        Zs.append(Z)
    Z = [sum((Zh[i] for Zh in Zs), []) for i in range(n)]
    O = matmul(Z, Wo)
    R = add(X, O)
    out.update({"Z": Z, "O": O, "R": R, "Y": [layernorm_row(r, eps=eps) for r in R]})
    return out


def show(name, m):
    if isinstance(m[0], list):
        text = "[" + ", ".join("[" + ", ".join(f"{x:.4f}" for x in r) + "]" for r in m) + "]"
    else:
        text = "[" + ", ".join(f"{x:.4f}" for x in m) + "]"
    print(f"{name:>28} = {text}")


def main():
    x = [1.0, 2.0, 3.0, 4.0]
    print("conventions.lesson")
    show("pytorch layernorm", layernorm_row(x))
    show("annotated layernorm", layernorm_row(x, sample=True, eps=1e-6, outside=True))
    show("tensorflow layernorm", layernorm_row(x, eps=1e-3))

    print("operators.lesson")
    M = [[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0]]
    show("M @ M^T", matmul(M, transpose(M)))
    show("softmax(M)", [softmax_row(r) for r in M])
    show("layernorm(M)", [layernorm_row(r) for r in M])
    show("layernorm(M, g, b, ...)", [layernorm_row(r, sample=True, eps=0.01, outside=True, gamma=[1, 1, 2, 2],
                                                    beta=[0, 0, 1, 1]) for r in M])
    show("std(M, variance=sample)", [math.sqrt(sum((v - sum(r) / 4) ** 2 for v in r) / 3) for r in M])
    show("positions(2, 4)", positions(2, 4))
    show("random 2x3 seed 42 scale 0.1", random_matrix(2, 3, 42, 0.1))
    show("log(M)", [[math.log(v) for v in r] for r in M])

    W = random_matrices(4, 4, 4, 7, 0.5)
    E = [[1.0, 0, 1, 0], [0, 2, 0, 2], [1, 1, 1, 1]]
    print("sketch.lesson (heads 2, mask causal, positions sinusoidal)")
    Q = matmul(E, W[0])
    show("Q = E @ W_Q", Q)
    K = matmul(E, W[1])
    show("S = head(Q, 0) @ head(K, 0)^T", matmul(cols(Q, 0, 2), transpose(cols(K, 0, 2))))
    out = attention(E, *W, heads=2, causal=True, sinusoidal=True)
    for name in ("A_h0", "A_h1", "Y"):
        show(name, out[name])

    print("zh_pipeline.lesson (heads 2, mask causal)")
    out = attention(E, *W, heads=2, causal=True, sinusoidal=False)
    for name in ("S_h1", "A_h1", "Z", "Y"):
        show(name, out[name])


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The "by hand" numbers of the first lessons (tour, scores, scaling,
heads, projection, weighted-sum, concat, residual, mask, embeddings,
conventions, complexity, model, articles) and of induction-heads, computed in plain Python
float64 from the numbers each lesson writes, sharing no code with
attnstep. Each function names the lesson's step and the cell the learner
works out there.

    python3 tests/reference/older_lessons.py

prints `LESSON VALUE` lines, as lesson_by_hand.py (beside this file) does;
lesson_by_hand.py prints these too, and tests/test_lessons.c requires every
lesson to have a step whose `expect` literal is among its values here and
whose text writes it.
"""
import math
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "golden"))
from expected_values import matmul, random_matrix, transpose  # noqa: E402

# the tour's weights (also in mask and conventions)
TOUR_W_Q = [[0.5, 0, 0, 0.5], [0, 0.5, 0.5, 0], [0.5, 0.5, 0, 0], [0, 0, 0.5, 0.5]]
TOUR_W_K = [[0, 0.5, 0.5, 0], [0.5, 0, 0, 0.5], [0, 0, 0.5, 0.5], [0.5, 0.5, 0, 0]]
TOUR_W_O = [[0.5, 0.5, 0, 0], [0, 0.5, 0.5, 0], [0, 0, 0.5, 0.5], [0.5, 0, 0, 0.5]]


def out(lesson, *values):
    for v in values:
        print(f"{lesson} {v:.6f}")


def dot(a, b):
    return sum(x * y for x, y in zip(a, b))


def softmax(row):
    e = [math.exp(x) for x in row]
    return [x / sum(e) for x in e]


def tour():
    """"Check it yourself": T_h0[0][1] = q_I·k_love / √2, head 0 = columns 0-1."""
    E = [[1, 0, 1, 0], [0, 2, 0, 2], [1, 1, 1, 1]]
    Q, K = matmul(E, TOUR_W_Q), matmul(E, TOUR_W_K)
    out("tour", dot(Q[0][:2], K[1][:2]) / math.sqrt(2))


def scores():
    """"Real numbers, the same sums": q = (0.8, -0.3) against two keys."""
    q, keys = [0.8, -0.3], [[1.5, 0.4], [-0.5, 2]]
    out("scores", *(dot(q, k) for k in keys))


def scaling():
    """"One dot product by hand": qk[0] = q_0·k_0, q and k random 5x4 seeds 1
    and 2 scaled by √3 (SplitMix64, lesson-language.md section 7)."""
    c = math.sqrt(3)
    q, k = random_matrix(5, 4, 1, c), random_matrix(5, 4, 2, c)
    out("scaling", dot(q[0], k[0]))


def heads():
    """"One score of head 2 by hand": Q's columns 4-5 against K's, then / √d_k."""
    Q = [[10, 11, 12, 13, 14, 15], [20, 21, 22, 23, 24, 25], [30, 31, 32, 33, 34, 35]]
    K = [[1, 0, 1, 0, 1, 0], [0, 1, 0, 1, 0, 1], [1, 1, 1, 1, 1, 1]]
    s = dot(Q[0][4:6], K[2][4:6])
    out("heads", s / math.sqrt(2), s / math.sqrt(6))


def projection():
    """"One cell by hand": Q[0] = X[0]·W_Q + b_Q."""
    x, b_q = [1, 0, 1, 0], [0, 0, 0, 1]
    out("projection", *(dot(x, [TOUR_W_Q[r][c] for r in range(4)]) + b_q[c] for c in range(4)))


def weighted_sum():
    """"Reading the rows": z(cats) = 0.25·v_I + 0.25·v_love + 0.5·v_cats."""
    a, V = [0.25, 0.25, 0.5], [[2, 0], [0, 4], [4, 4]]
    out("weighted-sum", *(dot(a, [V[j][c] for j in range(3)]) for c in range(2)))


def concat():
    """"One cell of O by hand": O[2][3] = Z[2]·(column 3 of W_O)."""
    z = [2.5, 3] + [0.5, 0.5]
    W_O = [[1, 0, 0, 0.5], [0, 1, 0.5, 0], [1, 0, 1, 0], [0, 1, 0, 1]]
    out("concat", dot(z, [W_O[r][3] for r in range(4)]))


def residual():
    """"What comes next": the row means of R = X + O."""
    X = [[1, 0, 1, 0], [0, 2, 0, 2], [1, 1, 1, 1]]
    O = [[3, 1, 1, 2], [1, 3, 1, 1.5], [3, 3.5, 2, 1.75]]
    out("residual", *(sum(x + o for x, o in zip(xr, orow)) / 4 for xr, orow in zip(X, O)))


def mask():
    """"Why a mask": the unmasked weights of "love", softmax(0, 0, 5)."""
    out("mask", *softmax([0, 0, 5]))


def embeddings():
    """"Add them": X[3] − X[0] = P[3] − P[0] (E[3] = E[0], both "the");
    P(pos, 2i) = sin(pos / 10000^(2i/4)), P(pos, 2i+1) = cos(...)."""
    def p(pos):
        return [math.sin(pos), math.cos(pos), math.sin(pos / 100), math.cos(pos / 100)]
    out("embeddings", *(a - b for a, b in zip(p(3), p(0))))


def conventions():
    """"Keep the pytorch numbers": Y[0] = LN(R[0]), ε = 1e-5 inside the root.
    Under the causal mask "I" attends only to itself, so Z[0] = V[0] = E[0]
    (W_V = I) and R[0] = E[0] + E[0]·W_O."""
    e0 = [3, 3, 1, 1]
    r0 = [a + b for a, b in zip(e0, matmul([e0], TOUR_W_O)[0])]
    mu = sum(r0) / 4
    var = sum((x - mu) ** 2 for x in r0) / 4
    out("conventions", *((x - mu) / math.sqrt(var + 1e-5) for x in r0))


def complexity():
    """"Growing the text": attention's share 2n²d / (2n²d + 4nd²), d = 64."""
    d = 64
    out("complexity", *(2 * n * n * d / (2 * n * n * d + 4 * n * d * d) for n in (16, 64, 256, 1024)))


def load_npy_row(path, row):
    """one row of a little-endian float32 2-D .npy file, read with struct"""
    with open(path, "rb") as f:
        data = f.read()
    hlen = struct.unpack("<H", data[8:10])[0]
    header = data[10:10 + hlen].decode("latin1")
    assert "'<f4'" in header and "'fortran_order': False" in header, header
    shape = tuple(int(s) for s in header.split("'shape': (")[1].split(")")[0].split(",") if s.strip())
    body = data[10 + hlen:]
    cols = shape[1]
    return list(struct.unpack(f"<{cols}f", body[4 * row * cols:4 * (row + 1) * cols]))


def model():
    """"Check it against NumPy": X[1][0] = E[1][0] + sin(1), E from lessons/model/E.npy."""
    e1 = load_npy_row(os.path.join(HERE, "..", "..", "lessons", "model", "E.npy"), 1)
    out("model", e1[0] + math.sin(1))


def articles():
    """001-4 and 001-6: √512, and softmax([1, 2, 3, 4]) with the sum of its exps."""
    e = [math.exp(x) for x in (1, 2, 3, 4)]
    out("articles", math.sqrt(512), sum(e), *(x / sum(e) for x in e))


def induction_heads():
    """induction-heads: layer 0 attends to the previous position (score 20),
    writes the previous token into columns 4-7; layer 1's query is 4 times
    a row's token, its key the token before; the last Harry's weights and copy."""
    T = [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1], [0, 1, 0, 0]]
    n = len(T)

    def causal_softmax(s):
        return [softmax(row[:i + 1]) + [0.0] * (n - i - 1) for i, row in enumerate(s)]
    S0 = [[20.0 if j == i - 1 else 0.0 for j in range(n)] for i in range(n)]
    A0 = causal_softmax(S0)
    prev = matmul(A0, T)                       # the token before each row
    R = [t + p for t, p in zip(T, prev)]       # [T | 0] + Z0·[0 | I]
    Q1 = [[4 * x for x in r[:4]] for r in R]
    K1 = [r[4:] for r in R]
    A1 = causal_softmax(matmul(Q1, transpose(K1)))
    Z1 = matmul(A1, [r[:4] for r in R])
    out("induction-heads", A1[4][2], *Z1[4], *A1[1])


def main():
    for f in (induction_heads, tour, scores, scaling, heads, projection, weighted_sum, concat, residual, mask, embeddings,
              conventions, complexity, model, articles):
        f()


if __name__ == "__main__":
    main()

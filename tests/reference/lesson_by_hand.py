#!/usr/bin/env python3
"""The "by hand" numbers of the built-in lessons, computed here in plain
Python float64 from the formulas, sharing no code with attnstep.

    python3 tests/reference/lesson_by_hand.py

prints one line per value, `LESSON VALUE`. tests/test_lessons.c runs it
and requires every lesson to have an `expect` whose literal numbers are
among its LESSON's values here (to the digits the lesson writes), in a
step whose text shows the number: the learner's cell, worked out on
screen, checked against arithmetic done outside the program.
"""
import math
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "golden"))
from expected_values import cols, matmul, random_matrices, random_matrix, softmax_row, transpose  # noqa: E402


def out(lesson, *values):
    for v in values:
        print(f"{lesson} {v:.6f}")


def kv_cache():
    """kv-cache: t_3[1] = q_3·k_1 / 2 and the weights a_3."""
    w_q, w_k, _, _ = random_matrices(4, 4, 4, 42, 0.6)
    e = [[2, 0, 1, -1], [0, 2, 0, 0], [0, -1, 2, 0], [2, -2, 0, 0]]
    q, k = matmul(e, w_q), matmul(e, w_k)
    t = [sum(q[3][c] * k[j][c] for c in range(4)) / 2 for j in range(4)]
    out("kv-cache", t[1], *softmax_row(t))


def grouped_query():
    """grouped-query: query head 1 (columns 2-3 of Q) against K/V head 0."""
    e = random_matrix(4, 8, 51)
    w_q, _ = random_matrices(2, 8, 8, 52, 0.5)
    w_k, _ = random_matrices(2, 8, 4, 53, 0.5)
    q_h1, k_h0 = cols(matmul(e, w_q), 2, 2), cols(matmul(e, w_k), 0, 2)
    out("grouped-query", matmul(q_h1, transpose(k_h0))[1][1])


def positions():
    """positions: the RoPE demo's Qr_h0[1][0], pair 0 of position 1 turned by 1 radian."""
    w_q, _, _, _ = random_matrices(4, 4, 4, 701, 0.5)
    q = matmul([[1, 0, 1, 0]], w_q)[0]
    out("positions", q[0] * math.cos(1) - q[1] * math.sin(1))


def real_model():
    """real-model: ln_1 of a row of two 1s and six 0s, and the two heads' scores."""
    var = (2 * 0.75 ** 2 + 6 * 0.25 ** 2) / 8
    one, zero = 0.75 / math.sqrt(var + 1e-5), -0.25 / math.sqrt(var + 1e-5)
    out("real-model", one, 9 * (one * one + 2 * zero * zero) / 2, 3 * 3 * one / 2, 3 * 3 * zero / 2)


def softmax():
    """softmax: e^1 + e^2 + e^3 + e^4 and the four weights."""
    e = [math.exp(x) for x in (1, 2, 3, 4)]
    out("softmax", sum(e), *(x / sum(e) for x in e))


def layernorm():
    """layernorm: the article's row [1, 2, 3, 4]: variance over d and d - 1, and their roots."""
    x = [1, 2, 3, 4]
    sq = sum((v - 2.5) ** 2 for v in x)
    out("layernorm", sq / 4, math.sqrt(sq / 4), sq / 3, math.sqrt(sq / 3))


def other_references():
    """The values the project's other independent scripts compute for the
    lessons they cover, as LESSON VALUE lines too: the layer lessons'
    (layer_lessons.py, beside this file), the first lessons'
    (older_lessons.py, beside this file) and the newer lessons'
    (tests/lesson_values/new_lessons.py), so one test can ask every
    lesson for a by-hand step against arithmetic done outside the
    program, wherever that arithmetic is written."""
    import subprocess
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, here)
    import layer_lessons  # noqa: E402
    res = layer_lessons.lessons()
    for lesson, _, key, i, j in layer_lessons.CHECKS:
        out(lesson, res[lesson][key][i][j])
    import older_lessons  # noqa: E402
    older_lessons.main()
    newer = os.path.join(here, "..", "lesson_values", "new_lessons.py")
    text = subprocess.run([sys.executable, newer], check=True, capture_output=True, text=True).stdout
    for line in text.splitlines():
        parts = line.split()  # LESSON EXPR VALUE...
        out(parts[0], *(float(v) for v in parts[2:]))


def main():
    kv_cache()
    grouped_query()
    positions()
    real_model()
    softmax()
    layernorm()
    other_references()


if __name__ == "__main__":
    main()

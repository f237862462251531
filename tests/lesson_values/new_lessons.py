#!/usr/bin/env python3
"""The numbers of six lessons (why-heads, attention-sinks, masks,
positions-beyond, online-softmax, modern-layer), computed independently in NumPy (float64) from the
lessons' hand-built matrices; the lessons' `expect` literals were written
from this output, and tests/test_lesson_values.c compares them with it.

    python3 tests/lesson_values/new_lessons.py

Each output line is `LESSON EXPR v1 v2 ...`: EXPR is the left side of an
`expect ... == LITERAL` line of lessons/en/LESSON.lesson and
lessons/zh/LESSON.lesson, written as in the lesson, and v1 ... are its
values row by row.
"""
import numpy as np

NEG = -np.inf


def softmax(x):
    x = np.atleast_2d(np.asarray(x, dtype=np.float64))
    e = np.exp(x - x.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def causal(t):
    t = np.array(t, dtype=np.float64)
    n = t.shape[0]
    for i in range(n):
        for j in range(i + 1, t.shape[1]):
            t[i, j] = NEG
    return t


def emit(lesson, expr, value):
    vals = np.atleast_1d(np.asarray(value, dtype=np.float64)).ravel()
    print(lesson, expr, " ".join(repr(float(v)) for v in vals))


def why_heads():
    x = np.eye(4)                                    # one row per position
    w_q0 = 2 * np.eye(4)
    w_k0 = np.zeros((4, 4))
    for j in range(3):
        w_k0[j, j + 1] = 2                           # key j sits in slot j + 1
    w_q1 = np.zeros((4, 4))
    w_q1[:, 0] = 1                                   # the same query for every token
    w_k1 = np.zeros((4, 4))
    w_k1[0, 0] = 6                                   # only the first token answers it
    t0 = (x @ w_q0) @ (x @ w_k0).T / np.sqrt(4)
    t1 = (x @ w_q1) @ (x @ w_k1).T / np.sqrt(4)
    a0, a1 = softmax(causal(t0)), softmax(causal(t1))
    v = np.eye(4)                                    # W_V = eye: a value says which token it is
    z0, z1 = a0 @ v, a1 @ v
    emit("why-heads", "W_K0[1][2]", w_k0[1, 2])
    emit("why-heads", "sum(A_h0)", a0.sum(-1))
    emit("why-heads", "T_h0[3]", t0[3])
    emit("why-heads", "T_h1[3]", t1[3])
    emit("why-heads", "A_h0[3][2]", a0[3, 2])
    emit("why-heads", "A_h0[3]", a0[3])
    emit("why-heads", "A_h0[1]", a0[1])
    emit("why-heads", "A_h1[3]", a1[3])
    emit("why-heads", "A_h1[1][0]", a1[1, 0])
    emit("why-heads", "Z[3]", np.concatenate([z0[3], z1[3]]))
    a_one = softmax(causal(t0 + t1))                 # one head asked to do both
    emit("why-heads", "A_one[3]", a_one[3])


def attention_sinks():
    emit("attention-sinks", "a_bad", softmax([[-9, -8, -9, -9]]))
    emit("attention-sinks", "a_bad[0][1]", softmax([[-9, -8, -9, -9]])[0, 1])
    emit("attention-sinks", "a_none", softmax([[0, 0, 0, 0]]))
    t = np.array([[2, 0, 0, 0],
                  [2, 0, 0, 0],
                  [2, 0, 0, 0],
                  [2, 4, 0, 0]], dtype=np.float64)   # column 0: the sink; sat -> cat: 4
    v = np.array([[0, 0], [4, 0], [0, 4], [2, 2]], dtype=np.float64)
    a = softmax(causal(t))
    z = a @ v
    emit("attention-sinks", "A_h0[2]", a[2])
    emit("attention-sinks", "A_h0[2][0]", a[2, 0])
    emit("attention-sinks", "A_h0[3]", a[3])
    emit("attention-sinks", "Z_h0[2]", z[2])
    emit("attention-sinks", "Z_h0[3]", z[3])
    t_ns = t.copy()
    t_ns[:, 0] = 0                                   # the first token an ordinary key
    a_ns = softmax(causal(t_ns))
    z_ns = a_ns @ v
    emit("attention-sinks", "A_ns[2]", a_ns[2])
    emit("attention-sinks", "Z_ns[2]", z_ns[2])
    emit("attention-sinks", "sum(A_ns)", a_ns.sum(-1))


def masks():
    q = np.array([[1, 0, 1, 0], [0, 2, 0, 0], [1, 1, 0, 2]], dtype=np.float64)
    k = np.array([[2, 0, 0, 0], [0, 1, 1, 0], [0, 2, 0, 1]], dtype=np.float64)
    t = q @ k.T / np.sqrt(4)
    a = softmax(causal(t))
    emit("masks", "T", t)
    emit("masks", "A_train", a)
    emit("masks", "A_train[2][2]", a[2, 2])
    a_pre = softmax(causal(t[:2, :2]))
    emit("masks", "A_pre", a_pre)
    t_new = q[2:3] @ k.T / np.sqrt(4)
    emit("masks", "t_new", t_new)
    emit("masks", "a_new", softmax(t_new))
    pad = np.array([0, 0, NEG])
    a_open = softmax(t)
    a_pad = softmax(t + pad)
    emit("masks", "A_open[0]", a_open[0])
    emit("masks", "A_pad", a_pad)
    emit("masks", "A_pad[0][0]", a_pad[0, 0])


def positions_beyond():
    emit("positions-beyond", "n_positions", 4)     # the rows of the lesson's wpe
    theta = 10000.0 ** (-np.arange(0, 4, 2) / 4)     # d = 4: 1 and 1/100
    emit("positions-beyond", "theta", theta)
    p = 2048
    ang = p * theta
    emit("positions-beyond", "ang", ang)
    pe = np.array([np.sin(ang[0]), np.cos(ang[0]), np.sin(ang[1]), np.cos(ang[1])])
    emit("positions-beyond", "pe_2048", pe)
    emit("positions-beyond", "pe_2048[0][2]", pe[2])
    emit("positions-beyond", "ang_wrapped", ang[1] - 6 * np.pi)
    # RoPE, d_k = 128, base 10000: the slowest pair, i = 63
    th63 = 10000.0 ** (-126 / 128)
    emit("positions-beyond", "theta_63", th63)
    emit("positions-beyond", "slow", np.array([4096, 8192, 16384]) * th63)
    emit("positions-beyond", "fast", np.array([4096, 8192, 16384]) * 1.0)
    emit("positions-beyond", "turns_63", 4096 * th63 / (2 * np.pi))
    # position interpolation: positions scaled by 4096 / 16384
    emit("positions-beyond", "slow_pi", np.array([4096, 8192, 16384]) * (4096 / 16384) * th63)


def online_softmax():
    """Online softmax over two tiles of two keys, written from the
    definitions (running max m, running sum l, unnormalised output o),
    and the plain softmax it must equal."""
    q = np.array([[2, 0, 2, 0]], dtype=np.float64)
    k = np.array([[1, 1, 1, 0], [1, 0, 0, 1], [2, 1, 2, 1], [1, 2, 2, 0]], dtype=np.float64)
    v = np.array([[1, 0], [0, 1], [2, 2], [1, -1]], dtype=np.float64)
    t = (q @ k.T / 2.0)[0]
    m1 = max(t[0], t[1])
    p1 = np.exp(t[:2] - m1)
    l1 = p1.sum()
    o1 = p1 @ v[:2]
    m = max(m1, t[2], t[3])
    c = np.exp(m1 - m)
    p2 = np.exp(t[2:] - m)
    l = l1 * c + p2.sum()
    o = o1 * c + p2 @ v[2:]
    emit("online-softmax", "l1", l1)
    emit("online-softmax", "m1", m1)
    emit("online-softmax", "m", m)
    emit("online-softmax", "c", c)
    emit("online-softmax", "l", l)
    emit("online-softmax", "o", o)
    emit("online-softmax", "z", o / l)
    emit("online-softmax", "A", softmax(t))
    emit("online-softmax", "sum(A)", softmax(t).sum())


def modern_layer():
    eps = 1e-5

    def rms(x):                                      # RMSNorm: no mean, no beta; gamma = 1
        x = np.atleast_2d(np.asarray(x, dtype=np.float64))
        return x / np.sqrt((x * x).mean(-1, keepdims=True) + eps)

    def silu(x):
        return x / (1 + np.exp(-x))

    e = np.array([[2, 0, 1, 1], [0, 3, 1, 0], [1, 1, 3, -1]], dtype=np.float64)
    w_q = np.array([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0]], dtype=np.float64)
    w_gate = np.array([[1, -1, 0, 0], [0, 1, -1, 0], [0, 0, 1, -1], [-1, 0, 0, 1]], dtype=np.float64)
    n = rms(e)                                       # pre-norm; W_K = W_V = W_up = eye
    q, k, v = n @ w_q, n, n
    z = np.hstack([softmax(q[:, h:h + 2] @ k[:, h:h + 2].T / np.sqrt(2)) @ v[:, h:h + 2] for h in (0, 2)])
    r = e + 0.5 * z                                  # W_O = 0.5 eye
    n2 = rms(r)
    g, u = n2 @ w_gate, n2
    h = silu(g) * u
    emit("modern-layer", "r_cats[0][2]", rms(e[2])[0, 2])
    emit("modern-layer", "s[0][0]", silu(np.array([-1.0]))[0])
    emit("modern-layer", "N[2][2]", n[2, 2])
    emit("modern-layer", "H[1][2]", h[1, 2])
    emit("modern-layer", "H[1][1]", h[1, 1])


if __name__ == "__main__":
    why_heads()
    attention_sinks()
    masks()
    positions_beyond()
    online_softmax()
    modern_layer()

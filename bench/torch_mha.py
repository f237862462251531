#!/usr/bin/env python3
"""torch_mha.py - the PyTorch side of the pipeline benchmark.

Times torch.nn.MultiheadAttention followed by the residual and
torch.nn.LayerNorm, y = LayerNorm(x + MHA(x, x, x)), at the shapes of the
attnstep pipeline table, on one thread, in eval mode under
torch.inference_mode(), with the same timing rule as attnstep's benchmark:
calibrate a batch to a measurable time, then report the fastest of several
batches. PyTorch is only a benchmark dependency (Debian python3-torch);
OpenBLAS reads OPENBLAS_CORETYPE when it loads, so set it before running.

Prints one line per shape:
    torch <n> <d_model> <heads> <seconds per call>

With --serve it times on request instead, so that build/bench can alternate
its batches with attnstep's (bench/torch_peer.c): it prints
    ready <torch version> <threads>
then reads lines "<n> <d_model> <heads> <calls> [<ffn>]" and answers each with the
seconds those calls took by the wall clock and in CPU time of the process.
With ffn > 0 the layer is nn.TransformerEncoderLayer(d_model, heads,
dim_feedforward=ffn, dropout=0, relu, post-LN): one whole encoder layer.

    python3 bench/torch_mha.py [--quick] [n,d,h ...]
    python3 bench/torch_mha.py --serve
"""
import os
import sys
import time

import torch

SHAPES = [(3, 4, 2), (128, 256, 8), (512, 512, 8), (1024, 768, 12)]


def time_call(fn, budget, reps):
    """Seconds per call in the fastest of `reps` batches of about budget/reps."""
    calls = 1
    while True:  # calibration, which is also the warm-up
        t0 = time.perf_counter()
        for _ in range(calls):
            fn()
        dt = time.perf_counter() - t0
        if dt >= 0.2 * budget / reps or dt > 1.0:
            break
        calls *= 2
    calls = max(1, int(calls * (budget / reps) / max(dt, 1e-9)))
    best = float("inf")
    for _ in range(reps):
        t0 = time.perf_counter()
        for _ in range(calls):
            fn()
        best = min(best, (time.perf_counter() - t0) / calls)
    return best


def layer(n, d, h):
    mha = torch.nn.MultiheadAttention(d, h, bias=True, batch_first=True).eval()
    ln = torch.nn.LayerNorm(d).eval()
    x = torch.rand(1, n, d) * 2 - 1

    def forward():
        a, _ = mha(x, x, x, need_weights=False)
        return ln(x + a)

    return forward


def encoder(n, d, h, ffn):
    enc = torch.nn.TransformerEncoderLayer(d, h, dim_feedforward=ffn, dropout=0.0, activation="relu",
                                           batch_first=True).eval()
    x = torch.rand(1, n, d) * 2 - 1

    def forward():
        return enc(x)

    return forward


def serve():
    layers = {}
    print("ready %s %d" % (torch.__version__, torch.get_num_threads()), flush=True)
    with torch.inference_mode():
        for line in sys.stdin:
            v = [int(x) for x in line.split()]
            n, d, h, calls = v[:4]
            ffn = v[4] if len(v) > 4 else 0
            if (n, d, h, ffn) not in layers:
                layers[(n, d, h, ffn)] = encoder(n, d, h, ffn) if ffn else layer(n, d, h)
            forward = layers[(n, d, h, ffn)]
            t0, c0 = time.perf_counter(), time.process_time()
            for _ in range(calls):
                forward()
            t1, c1 = time.perf_counter(), time.process_time()
            print("%.9g %.9g" % (t1 - t0, c1 - c0), flush=True)


def main(argv):
    torch.set_num_threads(1)
    torch.manual_seed(0)
    if "--serve" in argv:
        serve()
        return
    quick = "--quick" in argv
    shapes = [tuple(int(v) for v in a.split(",")) for a in argv if a[0].isdigit()] or SHAPES
    budget, reps = (0.05, 3) if quick else (1.0, 7)
    print("# torch %s, %d thread, OPENBLAS_CORETYPE=%s" % (
        torch.__version__, torch.get_num_threads(), os.environ.get("OPENBLAS_CORETYPE", "(unset)")))
    with torch.inference_mode():
        for n, d, h in shapes:
            print("torch %d %d %d %.9g" % (n, d, h, time_call(layer(n, d, h), budget, reps)), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])

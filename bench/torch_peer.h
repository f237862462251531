/* torch_peer.h - PyTorch as a contender in the pipeline table: a python3
 * process running bench/torch_mha.py --serve, which times its layer on
 * request, so that its batches alternate with attnstep's. */
#ifndef ATTNSTEP_TORCH_PEER_H
#define ATTNSTEP_TORCH_PEER_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

typedef struct TorchPeer {
    pid_t pid;
    FILE *to, *from; /* its stdin, its stdout */
    char version[32];
    int threads;
} TorchPeer;

/* torch_peer_start: run `python script --serve` with one thread for OpenMP
 * and OpenBLAS (OPENBLAS_CORETYPE is inherited). False, with the reason in
 * `why`, when it does not answer "ready" (no python3-torch, say). */
bool torch_peer_start(TorchPeer *tp, const char *python, const char *script, char *why,
                      size_t why_size);

/* torch_peer_time: seconds for `calls` forward passes of an (n, d, heads)
 * layer, by the peer's wall clock or its process's CPU time; -1 when it
 * failed. ctx is the TorchPeer.
 * Fits BenchPeer.time_layer. */
double torch_peer_time(void *ctx, int n, int d, int heads, int ffn, long calls, bool cpu_clock);

/* torch_peer_stop: close its input and wait for it to end. */
void torch_peer_stop(TorchPeer *tp);

#endif

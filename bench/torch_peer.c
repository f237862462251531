/* torch_peer.c - the PyTorch process behind BenchPeer (torch_peer.h). */
#include "torch_peer.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

bool torch_peer_start(TorchPeer *tp, const char *python, const char *script, char *why,
                      size_t why_size) {
    *tp = (TorchPeer){.pid = -1};
    int in[2], out[2];
    if (pipe(in) != 0 || pipe(out) != 0) {
        snprintf(why, why_size, "could not create pipes");
        return false;
    }
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(in[0], STDIN_FILENO);
        dup2(out[1], STDOUT_FILENO);
        close(in[0]), close(in[1]), close(out[0]), close(out[1]);
        setenv("OMP_NUM_THREADS", "1", 1);
        setenv("OPENBLAS_NUM_THREADS", "1", 1);
        execl(python, python, script, "--serve", (char *)NULL);
        _exit(127);
    }
    close(in[0]), close(out[1]);
    if (pid < 0) {
        close(in[1]), close(out[0]);
        snprintf(why, why_size, "could not start %s", python);
        return false;
    }
    tp->pid = pid;
    tp->to = fdopen(in[1], "w");
    tp->from = fdopen(out[0], "r");
    char line[128];
    if (!tp->to || !tp->from || !fgets(line, sizeof line, tp->from) ||
        sscanf(line, "ready %31s %d", tp->version, &tp->threads) != 2) {
        torch_peer_stop(tp);
        snprintf(why, why_size, "%s %s --serve did not start (is python3-torch installed? "
                                "`make bench-torch` installs it)", python, script);
        return false;
    }
    return true;
}

double torch_peer_time(void *ctx, int n, int d, int heads, int ffn, long calls, bool cpu_clock) {
    TorchPeer *tp = ctx;
    char line[96];
    double wall, cpu;
    if (!tp->to || fprintf(tp->to, "%d %d %d %ld %d\n", n, d, heads, calls, ffn) < 0 ||
        fflush(tp->to) != 0 || !fgets(line, sizeof line, tp->from) ||
        sscanf(line, "%lf %lf", &wall, &cpu) != 2)
        return -1.0;
    return cpu_clock ? cpu : wall;
}

void torch_peer_stop(TorchPeer *tp) {
    if (tp->to)
        fclose(tp->to);
    if (tp->from)
        fclose(tp->from);
    if (tp->pid > 0)
        waitpid(tp->pid, NULL, 0);
    *tp = (TorchPeer){.pid = -1};
}

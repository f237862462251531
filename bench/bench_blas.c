/* bench_blas.c - `make bench`: the engine benchmarks, with OpenBLAS's sgemm
 * as the reference for matmul. Everything runs on one thread.
 *
 * OpenBLAS chooses its kernel once, when the library loads: from the CPU,
 * or from OPENBLAS_CORETYPE. To put several of its kernels in one table,
 * this program runs itself again as a child (--blas-only) with
 * OPENBLAS_CORETYPE set, and reads the child's timings, one line per size:
 *     core <name OpenBLAS reports>
 *     square <n> <engine GFLOPS> <OpenBLAS GFLOPS>
 * The child times the engine's best set too, alternating with OpenBLAS, so
 * each ratio is measured side by side in one process. A kernel the CPU
 * cannot run (SkylakeX needs AVX-512) kills its child with SIGILL; that is
 * reported as a note instead of numbers.
 *
 * With --torch SCRIPT (bench/torch_mha.py), the pipeline table has a
 * PyTorch column: the script serves timings from a python3 process (PYTHON,
 * default /usr/bin/python3), alternating with attnstep's batches.
 * --pipeline prints only that table; --cpu-time times by the CPU time of
 * each process rather than the wall clock (on a machine shared with busy
 * processes).
 *
 *   build/bench [--quick] [--pipeline] [--cpu-time] [--torch SCRIPT]
 *   build/bench --gpt2 DIR   table (f) only: the GPT-2 checkpoint in DIR (the
 *                            Makefile writes a GPT-2-small-shaped one)
 */
#include <cblas.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench/bench.h"
#include "engine/kernels.h"
#include "torch_peer.h"

#ifndef OPENBLAS_VERSION /* a cblas.h that is not OpenBLAS's own */
void openblas_set_num_threads(int num_threads);
char *openblas_get_corename(void);
#endif

// row-major c = a @ b; a is (n, k), b is (k, m), c is (n, m)
static void openblas_sgemm(int n, int m, int k, const float *a, int lda, const float *b, int ldb,
                           float *c, int ldc) {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, m, k, 1.0f, a, lda, b, ldb, 0.0f,
                c, ldc);
}

// the child: square-size timings for the table, in the line format above
static int blas_only(bool quick) {
    BenchOptions opt = {.blas = openblas_sgemm, .quick = quick};
    BenchColumn col = {0};
    bench_square_pairs(&opt, &col);
    printf("core %s\n", openblas_get_corename());
    for (int i = 0; i < BENCH_SQUARE_COUNT; i++)
        if (col.blas_gflops[i] > 0)
            printf("square %d %.6g %.6g\n", bench_square_sizes[i], col.engine_gflops[i],
                   col.blas_gflops[i]);
    return fflush(stdout) == 0 ? 0 : 1;
}

typedef struct Child {
    const char *coretype;
    char label[64], note[160];
    BenchColumn col;
} Child;

// run this program again with OPENBLAS_CORETYPE=child->coretype; fill child->col
static void run_child(Child *child, bool quick) {
    snprintf(child->label, sizeof child->label, "OpenBLAS %.20s", child->coretype);
    child->col = (BenchColumn){.label = child->label};
    int fds[2];
    if (pipe(fds) != 0) {
        snprintf(child->note, sizeof child->note, "could not start a child process");
        child->col.note = child->note;
        return;
    }
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        close(fds[1]);
        setenv("OPENBLAS_CORETYPE", child->coretype, 1);
        execl("/proc/self/exe", "bench", "--blas-only", quick ? "--quick" : (char *)NULL,
              (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    char core[32] = "";
    if (pid > 0) {
        FILE *in = fdopen(fds[0], "r");
        char line[256];
        while (in && fgets(line, sizeof line, in)) {
            int n;
            double engine, blas;
            if (sscanf(line, "core %31s", core) == 1)
                continue;
            if (sscanf(line, "square %d %lf %lf", &n, &engine, &blas) != 3)
                continue;
            for (int i = 0; i < BENCH_SQUARE_COUNT; i++)
                if (bench_square_sizes[i] == n) {
                    child->col.engine_gflops[i] = engine;
                    child->col.blas_gflops[i] = blas;
                }
        }
        if (in)
            fclose(in);
        else
            close(fds[0]);
    } else {
        close(fds[0]);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) != pid) {
        snprintf(child->note, sizeof child->note, "could not start a child process");
    } else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGILL) {
        snprintf(child->note, sizeof child->note, "not runnable on this CPU (%s)",
                 kernels_cpu_supports("avx512") ? "illegal instruction"
                                                : "no AVX-512");
    } else if (WIFSIGNALED(status)) {
        snprintf(child->note, sizeof child->note, "its process died of signal %d (%s)",
                 WTERMSIG(status), strsignal(WTERMSIG(status)));
    } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        snprintf(child->note, sizeof child->note, "its process failed (exit status %d)",
                 WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    } else if (strcasecmp(core, child->coretype) != 0) {
        // OpenBLAS did not take the request; keep the numbers under the real name
        snprintf(child->label, sizeof child->label, "OpenBLAS %.20s->%.31s", child->coretype, core);
        snprintf(child->note, sizeof child->note,
                 "OpenBLAS ran its %s kernel instead; the numbers are that kernel's", core);
    }
    if (child->note[0]) {
        child->col.note = child->note;
        if (WIFSIGNALED(status) || pid < 0) // no numbers worth showing
            memset(child->col.blas_gflops, 0, sizeof child->col.blas_gflops);
    }
}

int main(int argc, char **argv) {
    bool quick = false, child_mode = false, pipeline_only = false, cpu_clock = false;
    const char *torch_script = NULL, *gpt2_dir = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--gpt2") == 0 && i + 1 < argc) {
            gpt2_dir = argv[++i];
        } else if (strcmp(argv[i], "--quick") == 0) {
            quick = true;
        } else if (strcmp(argv[i], "--blas-only") == 0) {
            child_mode = true;
        } else if (strcmp(argv[i], "--pipeline") == 0) {
            pipeline_only = true;
        } else if (strcmp(argv[i], "--cpu-time") == 0) {
            cpu_clock = true;
        } else if (strcmp(argv[i], "--torch") == 0 && i + 1 < argc) {
            torch_script = argv[++i];
        } else {
            fprintf(stderr, "usage: %s [--quick] [--pipeline] [--cpu-time] [--torch SCRIPT] | --gpt2 DIR\n",
                    argv[0]);
            return 2;
        }
    }
    openblas_set_num_threads(1);
    Error err;
    if (!engine_init(NULL, &err)) {
        fprintf(stderr, "bench: %s\n", err.msg);
        return 1;
    }
    if (child_mode)
        return blas_only(quick);
    if (gpt2_dir)
        return bench_gpt2(gpt2_dir, 64, stdout);

    // OpenBLAS's kernel for this CPU made explicit, and its AVX-512 kernel
    Child children[] = {{.coretype = "Haswell"}, {.coretype = "SkylakeX"}};
    BenchColumn extra[2];
    for (int c = 0; c < 2 && !pipeline_only; c++) {
        run_child(&children[c], quick);
        extra[c] = children[c].col;
    }
    const char *env = getenv("OPENBLAS_CORETYPE");
    char label[64];
    snprintf(label, sizeof label, "OpenBLAS %s", openblas_get_corename());
    printf("OpenBLAS in this process: the %s kernel (OPENBLAS_CORETYPE%s%s); the other "
           "OpenBLAS columns run in child processes\n",
           openblas_get_corename(), env ? "=" : " unset", env ? env : "");
    BenchOptions opt = {.blas = openblas_sgemm, .blas_label = label, .quick = quick,
                        .out = stdout, .extra = extra, .extra_count = pipeline_only ? 0 : 2,
                        .pipeline_only = pipeline_only, .cpu_clock = cpu_clock};
    TorchPeer tp = {.pid = -1};
    char why[256];
    BenchPeer peer = {.label = "PyTorch", .time_layer = torch_peer_time, .ctx = &tp};
    if (torch_script) {
        const char *python = getenv("PYTHON");
        if (torch_peer_start(&tp, python && *python ? python : "/usr/bin/python3", torch_script,
                             why, sizeof why)) {
            opt.peer = &peer;
            printf("PyTorch %s in a child process, %d thread, OPENBLAS_CORETYPE%s%s\n",
                   tp.version, tp.threads, env ? "=" : " unset", env ? env : "");
        } else {
            printf("no PyTorch column: %s\n", why);
        }
    }
    printf("attnstep: kernel set %s, one thread\n", engine_kernels()->name);
    int status = bench_run(&opt);
    if (torch_script)
        torch_peer_stop(&tp);
    return status;
}

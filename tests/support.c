#include "support.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct Buf {
    char *data;
    size_t len, cap;
} Buf;

static void buf_add(Buf *b, const char *p, size_t n) {
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->data = realloc(b->data, b->cap);
        if (!b->data)
            abort();
    }
    memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

static RunResult run_argv(const char *input, char *const *argv) {
    int in[2], out[2], err[2];
    if (pipe(in) || pipe(out) || pipe(err))
        abort();
    pid_t pid = fork();
    if (pid < 0)
        abort();
    if (pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        dup2(err[1], 2);
        close(in[0]), close(in[1]), close(out[0]), close(out[1]), close(err[0]), close(err[1]);
        execvp(argv[0], argv);
        fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    close(in[0]), close(out[1]), close(err[1]);
    signal(SIGPIPE, SIG_IGN);
    if (input) {
        size_t len = strlen(input), done = 0;
        while (done < len) {
            ssize_t k = write(in[1], input + done, len - done);
            if (k <= 0)
                break;
            done += (size_t)k;
        }
    }
    close(in[1]);
    Buf bo = {0}, be = {0};
    buf_add(&bo, "", 0), buf_add(&be, "", 0);
    struct pollfd fds[2] = {{.fd = out[0], .events = POLLIN}, {.fd = err[0], .events = POLLIN}};
    int open_fds = 2;
    while (open_fds > 0) {
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        for (int i = 0; i < 2; i++) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            char chunk[4096];
            ssize_t k = read(fds[i].fd, chunk, sizeof chunk);
            if (k <= 0) {
                close(fds[i].fd);
                fds[i].fd = -1;
                open_fds--;
            } else {
                buf_add(i == 0 ? &bo : &be, chunk, (size_t)k);
            }
        }
    }
    int ws = 0;
    waitpid(pid, &ws, 0);
    int status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
    /* a sanitizer report fails whatever the test accepts: status 86 (the
     * exit code `make sanitize` gives them too), and the report shown */
    if (strstr(be.data, "Sanitizer") || strstr(be.data, "runtime error:")) {
        fprintf(stderr, "sanitizer report from %s:\n%s\n", argv[0], be.data);
        status = SANITIZER_STATUS;
    }
    return (RunResult){.status = status, .out = bo.data, .err = be.data};
}

RunResult run_attnstep(const char *input, const char *const *argv) {
    const char *bin = getenv("ATTNSTEP_BIN");
    if (!bin)
        bin = "./attnstep";
    int n = 0;
    while (argv[n])
        n++;
    char **full = calloc((size_t)n + 2, sizeof *full);
    full[0] = strdup(bin);
    for (int i = 0; i < n; i++)
        full[i + 1] = strdup(argv[i]);
    RunResult r = run_argv(input, full);
    for (int i = 0; i <= n; i++)
        free(full[i]);
    free(full);
    return r;
}

RunResult run_shell(const char *cmdline) {
    char *argv[] = {strdup("/bin/sh"), strdup("-c"), strdup(cmdline), NULL};
    RunResult r = run_argv(NULL, argv);
    for (int i = 0; i < 3; i++)
        free(argv[i]);
    return r;
}

void run_free(RunResult *r) {
    free(r->out);
    free(r->err);
    *r = (RunResult){0};
}

char *temp_dir(void) {
    const char *base = getenv("TMPDIR");
    if (!base || !*base)
        base = "/tmp";
    char *path = malloc(strlen(base) + 32);
    sprintf(path, "%s/attnstep-test-XXXXXX", base);
    if (!mkdtemp(path))
        abort();
    return path;
}

static int remove_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw) {
    (void)sb, (void)flag, (void)ftw;
    return remove(path);
}

void remove_tree(const char *path) { nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS); }

char *read_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = n >= 0 ? malloc((size_t)n + 1) : NULL;
    size_t got = buf ? fread(buf, 1, (size_t)n, f) : 0;
    if (buf)
        buf[got] = '\0';
    fclose(f);
    return buf;
}

char *source_path(const char *rel) {
    const char *src = getenv("ATTNSTEP_SRCDIR");
    if (!src)
        src = ".";
    char *p = malloc(strlen(src) + strlen(rel) + 2);
    sprintf(p, "%s/%s", src, rel);
    return p;
}

void fill_random(Matrix *m, unsigned long long seed) {
    unsigned long long s = seed * 0x9E3779B97F4A7C15ull + 1;
    for (int i = 0; i < m->rows; i++)
        for (int j = 0; j < m->cols; j++) {
            s ^= s << 13, s ^= s >> 7, s ^= s << 17;
            mat_set(m, i, j, (float)((double)(s >> 40) / (double)(1ull << 24) * 2.0 - 1.0));
        }
}

bool mat_same_bits(const Matrix *a, const Matrix *b) {
    if (!mat_same_shape(a, b))
        return false;
    for (int i = 0; i < a->rows; i++)
        if (memcmp(mat_row(a, i), mat_row(b, i), (size_t)a->cols * sizeof(float)) != 0)
            return false;
    return true;
}

const char VOCAB_LESSON[] = "tokens The ␣cat\n"
                            "vocab The ␣cat \"␣sat down\"\n"
                            "W_E = [[1, 0], [0, 1], [1, 1]]\n"
                            "E = stack(W_E[0], W_E[1])\n"
                            "W_Q, W_K, W_V, W_O = random 2x2 seed 1\n"
                            "W_1 = random 2x8 seed 2\n"
                            "W_2 = random 8x2 seed 3\n"
                            "layer encoder E heads 1 ffn 8 norm pre mask causal unembed W_E\n";

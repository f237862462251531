/* test_threads.c - the kernels split across threads (engine/threads.c):
 * on 1, 2 and 3 threads, for every compiled set this CPU runs (scalar, the
 * SIMD sets, the emulated AVX-512), each result has the same bits as the
 * set's own kernel on one thread. The shapes give uneven row splits (n not a
 * multiple of the part size or of the tiles), column splits (a single
 * row, as one generated token), tails past whole panels, and the lesson's
 * 3 x 4 sizes; each is run with the default grain and with a grain of 1,
 * which splits even the smallest shapes. Also: --threads and
 * ATTNSTEP_THREADS, and an export of a GPT-2 checkpoint that writes the same
 * files on 1 and 3 threads.
 *
 * The expected values are the single-threaded kernels' own: the claim under
 * test is equality with them, whose accuracy test_kernels.c and
 * test_matmul_blocked.c check against independent references.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/threads.h"
#include "support.h"

typedef struct Shape {
    int n, k, m;
} Shape;

static const Shape shapes[] = {
    {3, 4, 4},     /* the lesson's */
    {1, 768, 768}, /* one token through a 768-wide projection: column parts */
    {2, 64, 1025}, /* columns past whole panels */
    {5, 33, 200},  {50, 17, 31}, {73, 40, 9}, {97, 130, 70}, {150, 300, 129},
    {49, 768, 96}, /* 49 rows: two parts of 24 and a tail of 1 */
    {7, 768, 2304}, {200, 768, 768},
};
#define N_SHAPES (int)(sizeof shapes / sizeof shapes[0])

static Matrix rand_mat(int rows, int cols, unsigned long long seed) {
    Matrix m;
    cr_assert(mat_alloc(&m, rows, cols, NULL));
    fill_random(&m, seed);
    return m;
}

static Matrix zero_mat(int rows, int cols) {
    Matrix m;
    cr_assert(mat_alloc(&m, rows, cols, NULL));
    return m;
}

static bool same_floats(const float *a, const float *b, int n) { return memcmp(a, b, (size_t)n * sizeof(float)) == 0; }

/* f(ks, pool) for every runnable set and every pool: 2 and 3 threads,
 * with the default grain and a grain of 1 */
typedef void (*PoolCheck)(const KernelSet *ks, ThrPool *pool, const char *what);

static void for_every_set_and_pool(PoolCheck check) {
    int sets = 0;
    for (const KernelSet *const *ks = kernels_compiled(); *ks; ks++) {
        if (!kernels_cpu_supports((*ks)->name))
            continue;
        sets++;
        for (int threads = 2; threads <= 3; threads++)
            for (int fine = 0; fine < 2; fine++) {
                ThrPool *pool = thr_pool_new(threads);
                cr_assert(pool);
                cr_assert_eq(thr_pool_threads(pool), threads);
                if (fine)
                    thr_pool_set_grain(pool, 1, 1);
                char what[96];
                snprintf(what, sizeof what, "%s, %d threads, grain %s", (*ks)->name, threads,
                         fine ? "1" : "default");
                check(*ks, pool, what);
                thr_pool_free(pool);
            }
        /* NULL: one thread, the kernel itself */
        check(*ks, NULL, (*ks)->name);
    }
    cr_assert_geq(sets, 2, "at least scalar and one more set");
}

static void check_matmul(const KernelSet *ks, ThrPool *pool, const char *what) {
    MatScratch mine = {0};
    for (int s = 0; s < N_SHAPES; s++) {
        const Shape sh = shapes[s];
        for (int bt = 0; bt < 2; bt++) {
            Matrix a = rand_mat(sh.n, sh.k, 1000 + s);
            Matrix b = bt ? rand_mat(sh.m, sh.k, 2000 + s) : rand_mat(sh.k, sh.m, 2000 + s);
            Matrix want = zero_mat(sh.n, sh.m), got = zero_mat(sh.n, sh.m);
            ks->matmul_scratch(&want, &a, &b, bt, NULL);
            thr_matmul(pool, ks, &got, &a, &b, bt, s % 2 ? &mine : NULL);
            cr_expect(mat_same_bits(&got, &want), "%s: %s %dx%d @ %dx%d", what, bt ? "matmul_bt" : "matmul", sh.n,
                      sh.k, sh.k, sh.m);
            mat_free(&a), mat_free(&b), mat_free(&want), mat_free(&got);
        }
    }
    mat_scratch_free(&mine);
}

Test(threads, matmul_same_bits_on_every_thread_count, .timeout = 240) { for_every_set_and_pool(check_matmul); }

static void check_many_and_packed(const KernelSet *ks, ThrPool *pool, const char *what) {
    MatScratch mine = {0};
    for (int s = 0; s < N_SHAPES; s++) {
        const Shape sh = shapes[s];
        Matrix a = rand_mat(sh.n, sh.k, 3000 + s);
        Matrix b[3], want[3], got[3];
        const Matrix *bs[3];
        Matrix *wants[3], *gots[3];
        for (int i = 0; i < 3; i++) {
            b[i] = rand_mat(sh.k, sh.m, 4000 + 10 * s + i);
            want[i] = zero_mat(sh.n, sh.m), got[i] = zero_mat(sh.n, sh.m);
            bs[i] = &b[i], wants[i] = &want[i], gots[i] = &got[i];
        }
        ks->matmul_many(wants, &a, bs, 3, NULL);
        thr_matmul_many(pool, ks, gots, &a, bs, 3, &mine);
        for (int i = 0; i < 3; i++)
            cr_expect(mat_same_bits(&got[i], &want[i]), "%s: matmul_many[%d] %dx%d @ %dx%d", what, i, sh.n, sh.k,
                      sh.k, sh.m);
        /* the packed right operand, b and b^T */
        for (int bt = 0; bt < 2; bt++) {
            Matrix bb = bt ? rand_mat(sh.m, sh.k, 5000 + s) : rand_mat(sh.k, sh.m, 5000 + s);
            float *packed = malloc((ks->packed_floats(sh.k, sh.m) + 1) * sizeof(float));
            cr_assert(packed);
            ks->pack(packed, &bb, bt);
            ks->matmul_packed(&want[0], &a, packed);
            thr_matmul_packed(pool, ks, &got[0], &a, packed);
            cr_expect(mat_same_bits(&got[0], &want[0]), "%s: matmul_packed%s %dx%d @ %dx%d", what, bt ? " (b^T)" : "",
                      sh.n, sh.k, sh.k, sh.m);
            free(packed);
            mat_free(&bb);
        }
        for (int i = 0; i < 3; i++)
            mat_free(&b[i]), mat_free(&want[i]), mat_free(&got[i]);
        mat_free(&a);
    }
    mat_scratch_free(&mine);
}

Test(threads, matmul_many_and_packed_same_bits, .timeout = 240) { for_every_set_and_pool(check_many_and_packed); }

/* rows x cols of scores, some rows with -inf, +inf or NaN in them */
static const Shape row_shapes[] = {{3, 0, 4}, {1, 0, 50257}, {7, 0, 33}, {100, 0, 260}, {130, 0, 768}, {49, 0, 1000}};
#define N_ROW_SHAPES (int)(sizeof row_shapes / sizeof row_shapes[0])

static Matrix scores(int rows, int cols, unsigned long long seed, bool specials) {
    Matrix m = rand_mat(rows, cols, seed);
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < cols; j++)
            mat_set(&m, i, j, 8.0f * mat_get(&m, i, j));
    if (specials && rows > 3) {
        for (int j = 0; j < cols; j++)
            mat_set(&m, 1, j, -INFINITY);
        mat_set(&m, 2, cols / 2, INFINITY);
        mat_set(&m, rows - 1, 0, NAN);
    }
    return m;
}

static void check_rows(const KernelSet *ks, ThrPool *pool, const char *what) {
    for (int s = 0; s < N_ROW_SHAPES; s++) {
        const int n = row_shapes[s].n, m = row_shapes[s].m;
        for (int specials = 0; specials < 2; specials++) {
            Matrix a = scores(n, m, 6000 + s, specials);
            Matrix want = zero_mat(n, m), got = zero_mat(n, m);
            float *v = calloc(8 * (size_t)n, sizeof(float));
            cr_assert(v);
            /* softmax, with each row's maximum and sum */
            ks->softmax_rows(&want, &a, v, v + n);
            thr_softmax_rows(pool, ks, &got, &a, v + 2 * n, v + 3 * n);
            cr_expect(mat_same_bits(&got, &want), "%s: softmax_rows %dx%d", what, n, m);
            cr_expect(same_floats(v, v + 2 * n, 2 * n), "%s: softmax_rows' maxima and sums %dx%d", what, n, m);
            /* layer norm, with each row's mean and variance */
            Matrix g = rand_mat(1, m, 7000 + s), b = rand_mat(1, m, 8000 + s);
            LnConvention conv = specials ? (LnConvention){LN_VAR_SAMPLE, LN_EPS_OUTSIDE, 1e-3f} : LN_CONVENTION_PYTORCH;
            ks->layernorm_rows(&want, &a, mat_row(&g, 0), mat_row(&b, 0), conv, v + 4 * n, v + 5 * n);
            thr_layernorm_rows(pool, ks, &got, &a, mat_row(&g, 0), mat_row(&b, 0), conv, v + 6 * n, v + 7 * n);
            cr_expect(mat_same_bits(&got, &want), "%s: layernorm_rows %dx%d", what, n, m);
            cr_expect(same_floats(v + 4 * n, v + 6 * n, 2 * n), "%s: layernorm_rows' means and variances", what);
            /* scale, causal mask from query row 5 on, softmax; the stages kept */
            Matrix ws = zero_mat(n, m), wm = zero_mat(n, m), gs = zero_mat(n, m), gm = zero_mat(n, m);
            bool fw = ks->scale_mask_softmax_rows(&want, &a, 0.125f, true, 5, -INFINITY, &ws, &wm);
            bool fg = thr_scale_mask_softmax_rows(pool, ks, &got, &a, 0.125f, true, 5, -INFINITY, &gs, &gm);
            cr_expect_eq(fg, fw, "%s: scale_mask_softmax_rows' finiteness %dx%d", what, n, m);
            cr_expect_eq(fw, !specials || n <= 3, "%s: the specials are seen", what);
            cr_expect(mat_same_bits(&got, &want) && mat_same_bits(&gs, &ws) && mat_same_bits(&gm, &wm),
                      "%s: scale_mask_softmax_rows %dx%d", what, n, m);
            /* without the kept stages, not causal */
            fw = ks->scale_mask_softmax_rows(&want, &a, 0.5f, false, 0, -1e9f, NULL, NULL);
            fg = thr_scale_mask_softmax_rows(pool, ks, &got, &a, 0.5f, false, 0, -1e9f, NULL, NULL);
            cr_expect(fg == fw && mat_same_bits(&got, &want), "%s: scale_softmax_rows %dx%d", what, n, m);
            mat_free(&ws), mat_free(&wm), mat_free(&gs), mat_free(&gm), mat_free(&g), mat_free(&b);
            mat_free(&a), mat_free(&want), mat_free(&got);
            free(v);
        }
    }
}

Test(threads, row_kernels_same_bits_on_every_thread_count, .timeout = 240) { for_every_set_and_pool(check_rows); }

/* the engine's own set on 3 threads: the same name, the same products */
Test(threads, engine_set_on_three_threads) {
    Error err = {0};
    cr_assert(engine_init("scalar", &err), "%s", err.msg);
    cr_assert(engine_init_threads("3", &err), "%s", err.msg);
    cr_expect_eq(engine_threads(), 3);
    cr_expect_str_eq(engine_kernels()->name, "scalar");
    cr_assert(engine_init(NULL, &err), "%s", err.msg);
    const KernelSet *best = kernels_best();
    cr_expect_str_eq(engine_kernels()->name, best->name, "the threaded set follows engine_init");
    Matrix a = rand_mat(100, 768, 1), b = rand_mat(768, 300, 2), want = zero_mat(100, 300), got = zero_mat(100, 300);
    best->matmul(&want, &a, &b);
    engine_kernels()->matmul(&got, &a, &b);
    cr_expect(mat_same_bits(&got, &want));
    cr_assert(engine_init_threads("1", &err), "%s", err.msg);
    cr_expect_eq(engine_threads(), 1);
    cr_expect_eq(engine_kernels(), best, "one thread: the set itself");
    mat_free(&a), mat_free(&b), mat_free(&want), mat_free(&got);
}

Test(threads, counts_in_range_only) {
    const char *bad[] = {"0", "-1", "257", "abc", "3x", "", " 2", "99999999999999999999", "1.5"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int n = -7;
        Error err = {0};
        cr_expect_not(thr_parse(bad[i], "--threads", &n, &err), "'%s' is refused", bad[i]);
        cr_expect_eq(n, -7);
        cr_expect(strstr(err.msg, "--threads") && strstr(err.msg, "1 to 256"), "'%s': %s", bad[i], err.msg);
    }
    int n = 0;
    cr_expect(thr_parse("1", "x", &n, NULL) && n == 1);
    cr_expect(thr_parse("256", "x", &n, NULL) && n == THR_MAX);
    cr_expect_geq(thr_available(), 1);
    cr_expect_leq(thr_available(), THR_MAX);
}

Test(threads, bad_counts_exit_2) {
    expect_output(RUN("--threads", "0", "lessons"), 2, NULL, "--threads: '0' is not a thread count");
    expect_output(RUN("--threads=300", "lessons"), 2, NULL, "from 1 to 256");
    expect_output(RUN("lessons", "--threads"), 2, NULL, "--threads needs a number");
    RunResult r = run_shell("ATTNSTEP_THREADS=many \"$ATTNSTEP_BIN\" lessons");
    expect_output(r, 2, NULL, "ATTNSTEP_THREADS: 'many' is not a thread count");
    r = run_shell("ATTNSTEP_THREADS=2 \"$ATTNSTEP_BIN\" --threads 3 --version");
    expect_output(r, 0, "threads: 3", NULL);
    r = run_shell("LANG=zh_CN.UTF-8 \"$ATTNSTEP_BIN\" --threads 0 lessons");
    expect_output(r, 2, NULL, "不是线程数");
}

/* every file of dir_a has the same bytes in dir_b, and there are as many */
static int compare_dirs(const char *dir_a, const char *dir_b) {
    DIR *d = opendir(dir_a);
    cr_assert(d, "%s", dir_a);
    int files = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.')
            continue;
        char *pa = path_join(dir_a, e->d_name), *pb = path_join(dir_b, e->d_name);
        FILE *fa = fopen(pa, "rb"), *fb = fopen(pb, "rb");
        cr_assert(fa && fb, "%s and %s", pa, pb);
        int ca, cb;
        do {
            ca = getc(fa), cb = getc(fb);
        } while (ca == cb && ca != EOF);
        cr_expect_eq(ca, cb, "%s differs from %s", pa, pb);
        fclose(fa), fclose(fb);
        free(pa), free(pb);
        files++;
    }
    closedir(d);
    return files;
}

/* a 768-wide, one-layer checkpoint on about 80 tokens: its products and
 * row-wise kernels are past the grain, so 3 threads do split them */
Test(threads, export_same_files_on_one_and_three_threads, .timeout = 240) {
    char *tmp = temp_dir(), *script = source_path("tests/make_gpt2_checkpoint.py");
    const char *py = getenv("ATTNSTEP_PYTHON");
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "'%s' '%s' '%s/ckpt' --layers 1 --heads 12 --embd 768 --positions 128 --no-expected >/dev/null",
             py && *py ? py : "python3", script, tmp);
    RunResult r = run_shell(cmd);
    cr_assert_eq(r.status, 0, "%s: %s", cmd, r.err);
    run_free(&r);
    const char *text = "The cat sat on the mat, and the dog sat on the log; then the cat and the dog sat down. "
                       "The dog sat on the mat, and the cat sat on the log; then the dog and the cat sat down. "
                       "The cat and the dog sat on the mat.";
    const char *sets[] = {"scalar", kernels_best()->name};
    for (int s = 0; s < 2; s++) {
        for (int t = 0; t < 2; t++) {
            snprintf(cmd, sizeof cmd,
                     "\"$ATTNSTEP_BIN\" --simd %s --threads %d export '%s/ckpt' '%s/out%d' --text '%s' --force", sets[s],
                     t ? 3 : 1, tmp, tmp, t, text);
            r = run_shell(cmd);
            cr_assert_eq(r.status, 0, "%s: %s", cmd, r.err);
            run_free(&r);
        }
        char a[4096], b[4096];
        snprintf(a, sizeof a, "%s/out0", tmp);
        snprintf(b, sizeof b, "%s/out1", tmp);
        int files = compare_dirs(a, b);
        cr_expect_gt(files, 20, "%s: only %d files exported", sets[s], files);
        cr_expect_eq(compare_dirs(b, a), files);
    }
    remove_tree(tmp);
    free(tmp), free(script);
}

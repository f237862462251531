#include <criterion/criterion.h>
#include <stdint.h>

#include "engine/matrix.h"
#include "engine/matrix_list.h"
#include "engine/matrix_pool.h"

Test(matrix, rows_are_aligned_and_zeroed) {
    Matrix m;
    Error err;
    cr_assert(mat_alloc(&m, 3, 17, &err));
    cr_expect_eq(m.stride % MAT_ALIGN_FLOATS, 0);
    for (int i = 0; i < 3; i++) {
        cr_expect_eq((uintptr_t)mat_row(&m, i) % MAT_ALIGN_BYTES, 0);
        for (int j = 0; j < 17; j++)
            cr_expect_eq(mat_get(&m, i, j), 0.0f);
    }
    mat_free(&m);
    mat_free(&m); /* safe twice */
}

/* Small matrices come from the heap, large ones from their own mapping,
 * the largest 2 MiB-aligned (matrix.c): each kind is zeroed, aligned,
 * writable to its last element, and freed (ASan and valgrind see a wrong
 * free or size). Sizes just under and over each boundary, and a second
 * round so that reused memory is checked too. */
Test(matrix, every_size_class_is_zeroed_aligned_and_freed) {
    const int rows[] = {1, 1023, 1024, 1025, 8191, 8192, 8193, 40000};
    for (int round = 0; round < 2; round++)
        for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
            Matrix m;
            Error err;
            cr_assert(mat_alloc(&m, rows[k], 61, &err), "%s", err.msg); /* stride 64: 256 B a row */
            cr_expect_eq((uintptr_t)m.data % MAT_ALIGN_BYTES, 0);
            double sum = 0.0;
            for (int i = 0; i < m.rows; i++)
                for (int j = 0; j < m.cols; j++)
                    sum += (double)mat_get(&m, i, j);
            cr_expect_eq(sum, 0.0, "%d rows: not zero-filled", rows[k]);
            for (int i = 0; i < m.rows; i++)
                for (int j = 0; j < m.cols; j++)
                    mat_set(&m, i, j, 1.0f);
            cr_expect_eq(mat_get(&m, m.rows - 1, m.cols - 1), 1.0f);
            mat_free(&m);
            cr_expect_null(m.data);
        }
}

Test(matrix, refuses_sizes_past_the_limits) {
    Matrix m;
    Error err;
    cr_expect_not(mat_alloc(&m, 1000000000, 1000000000, &err));
    cr_expect(strstr(err.msg, "too large") != NULL, "%s", err.msg);
    cr_expect_not(mat_alloc(&m, 20000, 20000, &err));
    cr_expect(strstr(err.msg, "elements") != NULL, "%s", err.msg);
    cr_expect_not(mat_alloc(&m, -1, 3, &err));
}

Test(matrix, column_view_shares_data) {
    Matrix m;
    float v[] = {1, 2, 3, 4, 5, 6};
    cr_assert(mat_from(&m, 2, 3, v, NULL));
    Matrix view = mat_view_cols(&m, 1, 2);
    cr_expect_eq(mat_get(&view, 1, 0), 5.0f);
    mat_set(&view, 0, 1, 9.0f);
    cr_expect_eq(mat_get(&m, 0, 2), 9.0f);
    mat_free(&view); /* a view frees nothing */
    cr_expect_eq(mat_get(&m, 0, 2), 9.0f);
    mat_free(&m);
}

Test(matrix_list, put_replace_find) {
    MatrixList list = {0};
    Matrix a, b;
    cr_assert(mat_alloc(&a, 1, 1, NULL));
    cr_assert(mat_alloc(&b, 2, 2, NULL));
    cr_assert(mlist_put(&list, "X", &a, NULL));
    cr_expect_null(a.data);
    cr_assert(mlist_put(&list, "X", &b, NULL));
    cr_expect_eq(list.count, 1);
    cr_expect_eq(mlist_find(&list, "X")->rows, 2);
    cr_expect_null(mlist_find(&list, "Y"));
    mlist_free(&list);
}

/* Matrices of 256 KiB up to 2 MiB share the pool's regions
 * (matrix_pool.c): blocks handed out at once never overlap, a block
 * handed out again after a free is zero again, every block is aligned,
 * and once every block is freed no region is left mapped. */
Test(matrix_pool, blocks_are_zeroed_apart_and_given_back) {
    /* 1 MiB and 600 KiB matrices, more than one 32 MiB region holds */
    enum { N = 60 };
    Matrix m[N];
    Error err;
    cr_assert_eq(mat_pool_regions(), 0);
    for (int pass = 0; pass < 2; pass++) {
        for (int k = 0; k < N; k++) {
            int rows = k % 2 ? 512 : 300; /* 512 x 512 floats, 300 x 512 */
            cr_assert(mat_alloc(&m[k], rows, 500, &err), "%s", err.msg);
            cr_expect_eq((uintptr_t)m[k].data % MAT_ALIGN_BYTES, 0);
            bool zero = true;
            for (int i = 0; i < m[k].rows && zero; i++)
                for (int j = 0; j < m[k].stride; j++)
                    zero = zero && mat_row(&m[k], i)[j] == 0.0f;
            cr_expect(zero, "pass %d, matrix %d is not zero-filled", pass, k);
            /* its own number everywhere, padding too */
            for (int i = 0; i < m[k].rows; i++)
                for (int j = 0; j < m[k].stride; j++)
                    mat_row(&m[k], i)[j] = (float)(k + 1);
        }
        cr_expect_gt(mat_pool_regions(), 1);
        for (int k = 0; k < N; k++) {
            bool intact = true;
            for (int i = 0; i < m[k].rows && intact; i++)
                for (int j = 0; j < m[k].stride; j++)
                    intact = intact && mat_row(&m[k], i)[j] == (float)(k + 1);
            cr_expect(intact, "pass %d: matrix %d was written over by another", pass, k);
        }
        /* free every other one, then the rest: the second pass reuses
         * pages the first wrote */
        for (int k = 0; k < N; k += 2)
            mat_free(&m[k]);
        for (int k = 1; k < N; k += 2)
            mat_free(&m[k]);
        cr_expect(mat_pool_regions() == 0, "pass %d: a region is still mapped", pass);
    }
}

/* A block freed in the middle of a region is handed out again, cleared,
 * while its neighbours stay as they are. */
Test(matrix_pool, a_freed_block_is_reused_cleared) {
    Matrix a, b, c;
    Error err;
    cr_assert(mat_alloc(&a, 256, 512, &err) && mat_alloc(&b, 256, 512, &err) && mat_alloc(&c, 256, 512, &err));
    float *where = b.data;
    for (int i = 0; i < 256; i++)
        for (int j = 0; j < 512; j++)
            mat_set(&a, i, j, 1.0f), mat_set(&b, i, j, 2.0f), mat_set(&c, i, j, 3.0f);
    mat_free(&b);
    cr_assert(mat_alloc(&b, 256, 512, &err));
    cr_expect_eq(b.data, where, "the freed block was not the first fit");
    double sum_a = 0, sum_b = 0, sum_c = 0;
    for (int i = 0; i < 256; i++)
        for (int j = 0; j < 512; j++)
            sum_a += (double)mat_get(&a, i, j), sum_b += (double)mat_get(&b, i, j), sum_c += (double)mat_get(&c, i, j);
    cr_expect_eq(sum_b, 0.0);
    cr_expect_eq(sum_a, 256.0 * 512.0);
    cr_expect_eq(sum_c, 3.0 * 256.0 * 512.0);
    mat_free(&a), mat_free(&b), mat_free(&c);
    cr_expect_eq(mat_pool_regions(), 0);
}

/* support_files.c - writing the small files a test sets up: text and
 * float32 .npy files in a test's temporary directory. Apart from
 * support.c, which the aarch64 kernel self-test links without Criterion
 * or the .npy writer. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/npy.h"
#include "support.h"

char *path_join(const char *dir, const char *name) {
    char *p = malloc(strlen(dir) + strlen(name) + 2);
    cr_assert(p);
    sprintf(p, "%s/%s", dir, name);
    return p;
}

void put_text_file(const char *dir, const char *name, const char *text) {
    char *p = path_join(dir, name);
    FILE *f = fopen(p, "w");
    cr_assert(f, "%s", p);
    fputs(text, f);
    cr_assert(fclose(f) == 0, "%s", p);
    free(p);
}

void put_npy_random(const char *dir, const char *name, int rows, int cols, bool vector, unsigned long long seed) {
    char *p = path_join(dir, name);
    Matrix m;
    Error err;
    cr_assert(mat_alloc(&m, rows, cols, &err), "%s", err.msg);
    fill_random(&m, seed);
    cr_assert(npy_write(p, &m, vector ? NPY_VECTOR : NPY_MATRIX, &err), "%s", err.msg);
    mat_free(&m);
    free(p);
}

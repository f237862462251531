#include "output/matrix_text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/utf8.h"

char *mtext_format(char *buf, size_t size, float v, int precision) {
    if (isnan(v))
        snprintf(buf, size, "nan");
    else if (isinf(v))
        snprintf(buf, size, v < 0 ? "-inf" : "inf");
    else if (fabsf(v) >= 1e7f) {
        /* -1e9 (a mask value) as -1.0000e+09, not ten digits of zeros */
        snprintf(buf, size, "%.*e", precision, (double)v);
    } else {
        snprintf(buf, size, "%.*f", precision, (double)v);
        /* "-0.0000" says nothing a learner needs: print it as 0 */
        if (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1))
            memmove(buf, buf + 1, strlen(buf));
    }
    return buf;
}

char *mtext_value(char *buf, size_t size, float v, int decimals) {
    if (!isfinite(v) || fabsf(v) < 1e7f)
        return mtext_format(buf, size, v, decimals);
    for (int digits = 1; digits <= 9; digits++) {
        snprintf(buf, size, "%.*g", digits, (double)v);
        if (strtof(buf, NULL) == v)
            break;
    }
    /* a whole number whose digits are shorter than its exponent form */
    char plain[64];
    if (fabsf(v) < 1e15f && (size_t)snprintf(plain, sizeof plain, "%.0f", (double)v) < strlen(buf))
        snprintf(buf, size, "%s", plain);
    return buf;
}

static const char *label(const char *const *labels, int i, char *buf, size_t size) {
    if (labels)
        return labels[i];
    snprintf(buf, size, "%d", i);
    return buf;
}

int mtext_shown_index(int n, int max, int k, int *count) {
    if (n <= max) {
        *count = n;
        return k;
    }
    int head = max - 3, tail = 2; /* head rows, the gap, tail rows */
    *count = head + 1 + tail;
    if (k < head)
        return k;
    if (k == head)
        return -1;
    return n - tail + (k - head - 1);
}

void mtext_print(FILE *out, const char *name, const Matrix *m, MatrixLabels labels, int precision) {
    int nr, nc;
    mtext_shown_index(m->rows, SHOW_MAX_ROWS, 0, &nr);
    mtext_shown_index(m->cols, SHOW_MAX_COLS, 0, &nc);
    fprintf(out, "%s  %d×%d", name, m->rows, m->cols);
    if (nr < m->rows || nc < m->cols)
        fprintf(out, "  (%d of the rows and %d of the columns shown)", nr < m->rows ? nr - 1 : m->rows,
                nc < m->cols ? nc - 1 : m->cols);
    fputc('\n', out);
    char buf[64];
    int row_w = 1, cell_w = 1;
    for (int a = 0; a < nr; a++) {
        int i = mtext_shown_index(m->rows, SHOW_MAX_ROWS, a, &nr);
        if (i < 0)
            continue;
        int w = utf8_width(label(labels.rows, i, buf, sizeof buf));
        row_w = w > row_w ? w : row_w;
        for (int b = 0; b < nc; b++) {
            int j = mtext_shown_index(m->cols, SHOW_MAX_COLS, b, &nc);
            if (j < 0)
                continue;
            w = (int)strlen(mtext_format(buf, sizeof buf, mat_get(m, i, j), precision));
            cell_w = w > cell_w ? w : cell_w;
        }
    }
    for (int b = 0; b < nc; b++) {
        int j = mtext_shown_index(m->cols, SHOW_MAX_COLS, b, &nc);
        int w = j < 0 ? 1 : utf8_width(label(labels.cols, j, buf, sizeof buf));
        cell_w = w > cell_w ? w : cell_w;
    }
    utf8_pad(out, "", row_w, false);
    for (int b = 0; b < nc; b++) {
        int j = mtext_shown_index(m->cols, SHOW_MAX_COLS, b, &nc);
        fputs("  ", out);
        utf8_pad(out, j < 0 ? "…" : label(labels.cols, j, buf, sizeof buf), cell_w, true);
    }
    fputc('\n', out);
    for (int a = 0; a < nr; a++) {
        int i = mtext_shown_index(m->rows, SHOW_MAX_ROWS, a, &nr);
        if (i < 0) {
            fprintf(out, "%*s… %d more rows\n", row_w > 1 ? row_w - 1 : 0, "", m->rows - (nr - 1));
            continue;
        }
        utf8_pad(out, label(labels.rows, i, buf, sizeof buf), row_w, false);
        for (int b = 0; b < nc; b++) {
            int j = mtext_shown_index(m->cols, SHOW_MAX_COLS, b, &nc);
            fputs("  ", out);
            utf8_pad(out, j < 0 ? "…" : mtext_format(buf, sizeof buf, mat_get(m, i, j), precision), cell_w, true);
        }
        fputc('\n', out);
    }
}

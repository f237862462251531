#include "output/matrix_text.h"

#include <math.h>
#include <string.h>

#include "util/utf8.h"

char *format_value(char *buf, size_t size, float v, int precision) {
    if (isnan(v))
        snprintf(buf, size, "nan");
    else if (isinf(v))
        snprintf(buf, size, v < 0 ? "-inf" : "inf");
    else {
        snprintf(buf, size, "%.*f", precision, (double)v);
        /* "-0.0000" says nothing a learner needs: print it as 0 */
        if (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1))
            memmove(buf, buf + 1, strlen(buf));
    }
    return buf;
}

static const char *label(const char *const *labels, int i, char *buf, size_t size) {
    if (labels)
        return labels[i];
    snprintf(buf, size, "%d", i);
    return buf;
}

void print_matrix_text(FILE *out, const char *name, const Matrix *m, MatrixLabels labels,
                       int precision) {
    fprintf(out, "%s  %d×%d\n", name, m->rows, m->cols);
    char buf[64];
    int row_w = 0, cell_w = 0;
    for (int i = 0; i < m->rows; i++) {
        int w = utf8_width(label(labels.rows, i, buf, sizeof buf));
        row_w = w > row_w ? w : row_w;
        for (int j = 0; j < m->cols; j++) {
            w = (int)strlen(format_value(buf, sizeof buf, mat_get(m, i, j), precision));
            cell_w = w > cell_w ? w : cell_w;
        }
    }
    for (int j = 0; j < m->cols; j++) {
        int w = utf8_width(label(labels.cols, j, buf, sizeof buf));
        cell_w = w > cell_w ? w : cell_w;
    }
    utf8_pad(out, "", row_w, false);
    for (int j = 0; j < m->cols; j++) {
        fputs("  ", out);
        utf8_pad(out, label(labels.cols, j, buf, sizeof buf), cell_w, true);
    }
    fputc('\n', out);
    for (int i = 0; i < m->rows; i++) {
        utf8_pad(out, label(labels.rows, i, buf, sizeof buf), row_w, false);
        for (int j = 0; j < m->cols; j++) {
            fputs("  ", out);
            utf8_pad(out, format_value(buf, sizeof buf, mat_get(m, i, j), precision), cell_w, true);
        }
        fputc('\n', out);
    }
}

#include "util/suggest.h"

#include <ctype.h>
#include <string.h>

/* edit distance, case-insensitive, where swapping two neighbouring
 * letters counts as one edit ("tuor" is one from "tour"): the optimal
 * string alignment distance. Words longer than 63 characters are never
 * suggested. */
static int distance(const char *a, const char *b) {
    size_t n = strlen(a), m = strlen(b);
    if (n > 63 || m > 63)
        return 99;
    int d[64][64];
    for (size_t i = 0; i <= n; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= n; i++)
        for (size_t j = 1; j <= m; j++) {
            int ai = tolower((unsigned char)a[i - 1]), bj = tolower((unsigned char)b[j - 1]);
            int best = d[i - 1][j - 1] + (ai != bj);
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && ai == tolower((unsigned char)b[j - 2]) &&
                tolower((unsigned char)a[i - 2]) == bj && d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    return d[n][m];
}

const char *suggest_closest(const char *word, const char *const *candidates) {
    const char *best = NULL;
    int best_d = 99;
    for (int i = 0; candidates[i]; i++) {
        if (strcmp(word, candidates[i]) == 0)
            continue; /* the word itself is no suggestion */
        int d = distance(word, candidates[i]);
        if (d < best_d)
            best_d = d, best = candidates[i];
    }
    int allowed = strlen(word) <= 4 ? 1 : 2;
    return best_d <= allowed ? best : NULL;
}

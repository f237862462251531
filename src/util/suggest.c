#include "util/suggest.h"

#include <ctype.h>
#include <string.h>

/* Levenshtein distance, case-insensitive, with one row of memory; words
 * longer than 63 characters are never suggested. */
static int distance(const char *a, const char *b) {
    size_t n = strlen(a), m = strlen(b);
    if (n > 63 || m > 63)
        return 99;
    int row[64];
    for (size_t j = 0; j <= m; j++)
        row[j] = (int)j;
    for (size_t i = 1; i <= n; i++) {
        int diag = row[0];
        row[0] = (int)i;
        for (size_t j = 1; j <= m; j++) {
            int up = row[j];
            int cost = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
            int best = diag + cost;
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[m];
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

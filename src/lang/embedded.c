#include "lang/embedded.h"

#include <string.h>

/* fold "./" and "dir/../" so lesson-relative paths find their files */
static void normalise(const char *in, char *out, size_t size) {
    const char *parts[64];
    size_t lens[64];
    int n = 0;
    for (const char *p = in; *p && n < 64;) {
        const char *slash = strchr(p, '/');
        size_t len = slash ? (size_t)(slash - p) : strlen(p);
        if (len == 0 || (len == 1 && p[0] == '.')) {
            /* skip */
        } else if (len == 2 && p[0] == '.' && p[1] == '.' && n > 0) {
            n--;
        } else {
            parts[n] = p, lens[n++] = len;
        }
        p += len + (slash ? 1 : 0);
    }
    size_t used = 0;
    out[0] = '\0';
    for (int k = 0; k < n && used + lens[k] + 2 < size; k++) {
        if (k)
            out[used++] = '/';
        memcpy(out + used, parts[k], lens[k]);
        used += lens[k];
        out[used] = '\0';
    }
}

const EmbeddedFile *embedded_find(const char *path) {
    char norm[1024];
    normalise(path, norm, sizeof norm);
    for (const EmbeddedFile *f = embedded_files; f->path; f++)
        if (strcmp(f->path, norm) == 0)
            return f;
    return NULL;
}

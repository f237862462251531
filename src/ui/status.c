#include "ui/status.h"

#include <stdio.h>
#include <string.h>

#include "util/utf8.h"

static void join(const StatusPart *parts, int n, const bool *keep, char *out, size_t size) {
    size_t len = 0;
    out[0] = '\0';
    bool facts = false, keys = false;
    for (int pass = 0; pass < 2; pass++)
        for (int k = 0; k < n; k++) {
            if (!keep[k] || parts[k].key != (pass == 1) || !parts[k].text[0])
                continue;
            const char *sep = "";
            if (pass == 0)
                sep = facts ? " · " : " ";
            else
                sep = keys ? "  " : facts ? " │ " : " ";
            int w = snprintf(out + len, size - len, "%s%s", sep, parts[k].text);
            if (w < 0 || (size_t)w >= size - len)
                return;
            len += (size_t)w;
            facts |= pass == 0, keys |= pass == 1;
        }
}

int status_fit(const StatusPart *parts, int n, int width, char *out, size_t size) {
    bool keep[STATUS_MAX_PARTS];
    if (n > STATUS_MAX_PARTS)
        n = STATUS_MAX_PARTS;
    for (int k = 0; k < n; k++)
        keep[k] = true;
    for (;;) {
        join(parts, n, keep, out, size);
        int w = utf8_width(out);
        if (w <= width)
            return w;
        int drop = -1;
        for (int k = 0; k < n; k++)
            if (keep[k] && parts[k].priority > 0 && (drop < 0 || parts[k].priority >= parts[drop].priority))
                drop = k;
        if (drop < 0)
            return w;
        keep[drop] = false;
    }
}

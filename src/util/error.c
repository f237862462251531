#include "util/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

bool err_set(Error *err, const char *fmt, ...) {
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return false;
}

bool err_prefix(Error *err, const char *prefix) {
    if (err) {
        size_t plen = strlen(prefix) + 2; /* "prefix: " */
        if (plen >= ERROR_MSG_MAX)
            plen = ERROR_MSG_MAX - 1;
        size_t keep = strlen(err->msg);
        if (keep > ERROR_MSG_MAX - 1 - plen)
            keep = ERROR_MSG_MAX - 1 - plen;
        memmove(err->msg + plen, err->msg, keep);
        err->msg[plen + keep] = '\0';
        memcpy(err->msg, prefix, plen - 2);
        memcpy(err->msg + plen - 2, ": ", 2);
    }
    return false;
}

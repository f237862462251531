/* embedded.h - files compiled into the binary (everything under lessons/),
 * so `attnstep tour` works from any directory right after `make`. */
#ifndef ATTNSTEP_EMBEDDED_H
#define ATTNSTEP_EMBEDDED_H

#include <stddef.h>

typedef struct EmbeddedFile {
    const char *path;          /* "lessons/en/tour.lesson" */
    const unsigned char *data; /* followed by a NUL byte */
    size_t size;
} EmbeddedFile;

/* Terminated by an entry with path NULL. */
extern const EmbeddedFile embedded_files[];

/* embedded_find: the file at `path` (after "./" and "a/../" are folded
 * away), or NULL. */
const EmbeddedFile *embedded_find(const char *path);

#endif

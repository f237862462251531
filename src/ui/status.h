/* status.h - fitting the status line to the terminal's width: whole parts
 * are dropped by priority, never cut mid-word. A pure function, tested
 * without a terminal (tests/test_layout.c). */
#ifndef ATTNSTEP_STATUS_H
#define ATTNSTEP_STATUS_H

#include <stdbool.h>
#include <stddef.h>

typedef struct StatusPart {
    const char *text;
    int priority; /* 0: never dropped; higher numbers are dropped first */
    bool key;     /* a key label (right of the bar) rather than a fact (left) */
} StatusPart;

#define STATUS_MAX_PARTS 32

/* status_fit: the facts joined by " · ", a bar, the key labels joined by
 * two spaces, into out (size bytes). While the line is wider than width
 * columns (measured with wcwidth), the part with the highest priority
 * (the later of equals) is left out. Returns the line's width in columns,
 * which exceeds width only when the priority-0 parts alone do. */
int status_fit(const StatusPart *parts, int n, int width, char *out, size_t size);

#endif

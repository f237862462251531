/* keys.h - the key table: one list says which keys do what, and drives
 * the key handler, the help overlay and the status line's key labels. */
#ifndef ATTNSTEP_KEYS_H
#define ATTNSTEP_KEYS_H

#include <curses.h>

#include "ui/state.h"
#include "ui/ui_words.h"

typedef bool (*KeyAction)(UiState *s, int ch);
/* KeyAvailable: whether a key does anything on the current step (the
 * status line offers only those; the help shows the others dimmed) */
typedef bool (*KeyAvailable)(const UiState *s);

typedef struct KeyBinding {
    int keys[12];       /* the keys, ending with 0 */
    KeyAction act;      /* changes the state; returns whether to repaint */
    MsgId keys_label;  /* the help's name for the keys ("n  Space  PgDn") */
    MsgId help;        /* the help's line: what it does */
    MsgId status;      /* the status line's label, or MSG_NONE */
    int priority;       /* status line: 0 is never dropped, higher is dropped first */
    KeyAvailable available; /* NULL: everywhere */
} KeyBinding;

/* keys_table: the bindings in the order the help lists them; *n their count. */
const KeyBinding *keys_table(int *n);

/* keys_available: binding b does something on the current step. */
bool keys_available(const KeyBinding *b, const UiState *s);

/* ui_key: key ch changes s (through an open prompt, overlay or the table);
 * returns whether to repaint. */
bool ui_key(UiState *s, int ch);

#endif

/* support_tmux.h - driving the real binary in a tmux session of a known
 * size: send-keys in, capture-pane out. Each session has its own tmux
 * server (-L, named by the test's pid and a name), so tests run in
 * parallel. A wait that never sees its text stops the server and fails
 * the test with the screen it saw. */
#ifndef ATTNSTEP_TEST_SUPPORT_TMUX_H
#define ATTNSTEP_TEST_SUPPORT_TMUX_H

typedef struct Tmux {
    char sock[64]; /* the -L socket name */
} Tmux;

/* tmux_start_env: `attnstep ARGS` (the binary $ATTNSTEP_BIN, run in the
 * source tree) at cols × rows, with `env` set for the program (its
 * locale). When it ends, the pane shows ATTNSTEP-EXIT-<status>. */
Tmux tmux_start_env(const char *name, int cols, int rows, const char *env, const char *args);

/* tmux_start: the same in the C.UTF-8 locale */
Tmux tmux_start(const char *name, int cols, int rows, const char *args);

/* tmux_run: one tmux command (`args`) on this session's server */
void tmux_run(const Tmux *t, const char *args);

/* tmux_stop: end the session and its server */
void tmux_stop(Tmux *t);

/* tmux_keys: send-keys `k` (tmux's key names, space separated) */
void tmux_keys(Tmux *t, const char *k);

/* tmux_screen: the screen as text now, malloc'd (the caller frees it) */
char *tmux_screen(Tmux *t);

/* screen_line_with: the place in `screen_text` of a line holding `a`, with
 * `b` after it on the same line (b NULL: anywhere after it), or NULL */
const char *screen_line_with(const char *screen_text, const char *a, const char *b);

/* tmux_wait_line: wait (up to ~10 s) until a line shows `a`, then `b` on
 * the same line when b is not NULL; returns the screen (the caller frees
 * it). */
char *tmux_wait_line(Tmux *t, const char *a, const char *b);

/* tmux_wait_for: wait until `text` is anywhere on the screen */
char *tmux_wait_for(Tmux *t, const char *text);

/* tmux_expect_screen: tmux_wait_for, the screen dropped */
void tmux_expect_screen(Tmux *t, const char *text);

/* tmux_expect_line: one line shows `a` and then `b` (a cell's name and its
 * value in the explanation pane, not any cell that prints the number) */
void tmux_expect_line(Tmux *t, const char *a, const char *b);

#endif

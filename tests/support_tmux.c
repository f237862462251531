/* support_tmux.c - the tmux driver of the UI tests (support_tmux.h) */
#include "support_tmux.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "support.h"

void tmux_run(const Tmux *t, const char *args) {
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "tmux -L %s %s", t->sock, args);
    RunResult r = run_shell(cmd);
    run_free(&r);
}

Tmux tmux_start_env(const char *name, int cols, int rows, const char *env, const char *args) {
    Tmux t;
    snprintf(t.sock, sizeof t.sock, "attnstep-%d-%s", (int)getpid(), name);
    const char *bin = getenv("ATTNSTEP_BIN");
    char *src = source_path("");
    char cmd[4096];
    /* the command prints its exit status when it ends, so tests can see a
     * clean exit and that the terminal came back */
    snprintf(cmd, sizeof cmd,
             "cd '%s' && LC_ALL=C.UTF-8 tmux -u -L %s -f /dev/null new-session -d -x %d -y %d "
             "\"%s TERM=xterm-256color %s %s; echo ATTNSTEP-EXIT-\\$?; sleep 30\"",
             src, t.sock, cols, rows, env, bin ? bin : "./attnstep", args);
    free(src);
    RunResult r = run_shell(cmd);
    cr_assert_eq(r.status, 0, "tmux did not start: %s", r.err);
    run_free(&r);
    return t;
}

Tmux tmux_start(const char *name, int cols, int rows, const char *args) {
    return tmux_start_env(name, cols, rows, "LC_ALL=C.UTF-8", args);
}

void tmux_stop(Tmux *t) { tmux_run(t, "kill-server 2>/dev/null"); }

void tmux_keys(Tmux *t, const char *k) {
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "send-keys %s", k);
    tmux_run(t, cmd);
}

char *tmux_screen(Tmux *t) {
    char cmd[256];
    snprintf(cmd, sizeof cmd, "tmux -L %s capture-pane -p", t->sock);
    RunResult r = run_shell(cmd);
    free(r.err);
    return r.out;
}

const char *screen_line_with(const char *screen_text, const char *a, const char *b) {
    for (const char *p = strstr(screen_text, a); p; p = strstr(p + 1, a)) {
        const char *eol = strchr(p, '\n'), *q = b ? strstr(p + strlen(a), b) : p;
        if (q && (!eol || q < eol))
            return p;
    }
    return NULL;
}

char *tmux_wait_line(Tmux *t, const char *a, const char *b) {
    for (int tries = 0; tries < 200; tries++) {
        char *s = tmux_screen(t);
        if (screen_line_with(s, a, b))
            return s;
        free(s);
        struct timespec ts = {0, 50 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    char *s = tmux_screen(t);
    char shown[8192];
    snprintf(shown, sizeof shown, "%s", s);
    free(s);
    tmux_stop(t);
    cr_assert_fail("'%s'%s%s never appeared on the screen:\n%s", a, b ? " ... " : "", b ? b : "", shown);
    return NULL;
}

char *tmux_wait_for(Tmux *t, const char *text) { return tmux_wait_line(t, text, NULL); }

void tmux_expect_screen(Tmux *t, const char *text) { free(tmux_wait_for(t, text)); }

void tmux_expect_line(Tmux *t, const char *a, const char *b) { free(tmux_wait_line(t, a, b)); }

/* ui.c - the terminal's set-up and tear-down, and the main loop: read a
 * key, let keys.c change the state, repaint from the state. A resize is
 * a key (KEY_RESIZE) handled here in the loop; signal handlers only set a
 * flag, which the loop notices within a quarter of a second. */
#include "ui/ui.h"

#include <curses.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ui/colors.h"
#include "ui/draw.h"
#include "ui/keys.h"
#include "ui/layout.h"

static volatile sig_atomic_t stop_signal; /* set by SIGTERM / SIGHUP */

static void on_signal(int sig) { stop_signal = sig; }

bool ui_available(void) {
    const char *term = getenv("TERM");
    return isatty(STDIN_FILENO) && isatty(STDOUT_FILENO) && term && *term && strcmp(term, "dumb") != 0;
}

int ui_run(LoadedLesson *ll, bool quiz) { return ui_run_at(ll, quiz, 0, 0); }

int ui_run_at(LoadedLesson *ll, bool quiz, int record, int head) {
    struct sigaction sa = {0}, old_term, old_hup;
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, &old_term);
    sigaction(SIGHUP, &sa, &old_hup);

    if (!initscr()) {
        fprintf(stderr, "attnstep: %s\n", msg_text(msg_lang_of(lesson_is_zh(&ll->lesson)), MSG_UI_NO_TERMINAL));
        return 2;
    }
    raw(); /* Ctrl-C arrives as a key, so quitting always restores the terminal */
    noecho();
    keypad(stdscr, TRUE);
    curs_set(0);
    set_escdelay(25);
    timeout(250);
    const char *no_color = getenv("NO_COLOR");
    colors_init(no_color && *no_color);

    UiState s;
    ui_state_init(&s, ll, quiz);
    if (ll->diags.count > 0) /* a lesson that runs may still warn (random draws that repeat numbers) */
        snprintf(s.message, sizeof s.message, "%s%s", msg_text(ll->diags.lang, MSG_LABEL_WARNING),
                 ll->diags.items[0].message);
    s.head = head;
    if (record > 0 && record < ll->lesson.nrecords)
        ui_go(&s, record);
    bool dirty = true;
    while (!s.quit && !stop_signal) {
        if (dirty) {
            int rows, cols;
            getmaxyx(stdscr, rows, cols);
            Layout l = layout_compute(cols, rows);
            s.no_source_pane = l.pane[PANE_SOURCE].h == 0;
            if (s.no_source_pane && s.focus == UI_FOCUS_SOURCE)
                s.focus = UI_FOCUS_TEXT;
            draw_all(&s, cols, rows);
            dirty = false;
        }
        if (ui_layer_run(&s)) { /* after the note saying so is on the screen */
            /* keys typed while the model ran were meant for the screen
             * the learner saw then: they are dropped, not replayed */
            flushinp();
            dirty = true;
            continue;
        }
        int ch = getch();
        if (ch == ERR)
            continue;
        if (ch == KEY_RESIZE) {
            dirty = true;
            continue;
        }
        dirty = ui_key(&s, ch) || s.help || dirty;
        dirty = true; /* the message line and prompts change with any key */
    }
    endwin();
    sigaction(SIGTERM, &old_term, NULL);
    sigaction(SIGHUP, &old_hup, NULL);
    if (quiz) {
        msg_print(stdout, msg_lang_of(lesson_is_zh(&ll->lesson)), MSG_UI_QUIZ_SCORE, s.qright, s.qasked, s.nq);
    }
    ui_state_free(&s);
    return stop_signal ? 128 + stop_signal : 0;
}

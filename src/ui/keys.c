/* keys.c - what each key does. The table below is the only list of keys:
 * the help overlay (draw.c) and the status line (status.c) read it too, so
 * they cannot drift apart. docs/ui.md describes the same table. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "ui/keys.h"

#include "output/attn_views.h"

#define CTRL_C 3
#define ESC 27

/* where each key does something */
static bool has_heads(const UiState *s) {
    HeadWeights w;
    if (s->view != UI_VIEW_MATRICES)
        return views_weights(&s->ll->lesson, s->cur.record, &w) && w.heads > 1;
    return ui_heads(s) > 1;
}
static bool has_weights(const UiState *s) {
    HeadWeights w;
    return views_weights(&s->ll->lesson, s->cur.record, &w);
}
static bool has_layers(const UiState *s) {
    int layers;
    return !s->quiz && lesson_recorded_layer(s->ll, &layers) >= 0; /* a quiz records no other layer */
}
static bool has_editable(const UiState *s) {
    char name[MLIST_NAME_MAX];
    return s->view == UI_VIEW_MATRICES && ui_editable(s, name, sizeof name);
}
static bool has_question(const UiState *s) { return s->quiz && ui_pending_question(s) >= 0 && s->prompt != PROMPT_ANSWER; }

static bool act_quit(UiState *s, int ch) {
    (void)ch;
    s->quit = true;
    return false;
}
/* n and p: one record on; at either end the status line says so */
static bool act_next(UiState *s, int ch) {
    (void)ch;
    if (!ui_step(s, +1))
        snprintf(s->note, sizeof s->note, "%s", ui_words_get(ui_zh(s), MSG_UI_LAST_STEP));
    return true;
}
static bool act_prev(UiState *s, int ch) {
    (void)ch;
    if (!ui_step(s, -1))
        snprintf(s->note, sizeof s->note, "%s", ui_words_get(ui_zh(s), MSG_UI_FIRST_STEP));
    return true;
}
static bool act_ends(UiState *s, int ch) {
    return ui_go(s, ch == 'g' || ch == KEY_HOME ? 0 : s->ll->lesson.nrecords - 1) || true;
}
static bool act_jump(UiState *s, int ch) {
    s->prompt = PROMPT_JUMP;
    s->input[0] = '\0';
    if (isdigit(ch))
        s->input[0] = (char)ch, s->input[1] = '\0';
    return true;
}
static bool act_tab(UiState *s, int ch) { return ui_tab(s, ch == KEY_BTAB ? -1 : +1); }
/* the lines the token view scrolls over (every key of every query, a
 * blank line between queries), or the tokens the heads view does */
static int view_lines(const UiState *s) {
    HeadWeights w;
    if (!views_weights(&s->ll->lesson, s->cur.record, &w))
        return 0;
    int n = w.a[0]->rows;
    return s->view == UI_VIEW_TOKENS ? n * (n + 1) - 1 : n;
}
static bool act_move(UiState *s, int ch) {
    if (s->view != UI_VIEW_MATRICES) { /* the views scroll (drawing clamps the end) */
        int d = ch == KEY_UP || ch == 'k' ? -1 : ch == KEY_DOWN || ch == 'j' ? +1 : 0, last = view_lines(s) - 1;
        int to = s->view_scroll + d < 0 ? 0 : s->view_scroll + d;
        s->view_scroll = to < last ? to : last > 0 ? last : 0;
        return d != 0;
    }
    switch (ch) {
    case KEY_LEFT:
    case 'h':
        return ui_move(s, 0, -1);
    case KEY_RIGHT:
    case 'l':
        return ui_move(s, 0, +1);
    case KEY_UP:
    case 'k':
        return ui_move(s, -1, 0);
    default:
        return ui_move(s, +1, 0);
    }
}
static bool act_head(UiState *s, int ch) {
    (void)ch;
    if (!has_heads(s)) {
        snprintf(s->note, sizeof s->note, "%s", ui_words_get(ui_zh(s), MSG_UI_ONE_HEAD));
        return true;
    }
    if (s->view != UI_VIEW_MATRICES) { /* the views' own heads */
        HeadWeights w;
        if (!views_weights(&s->ll->lesson, s->cur.record, &w))
            return false;
        s->head = s->head == UI_HEAD_ALL || s->head + 1 >= w.heads ? 0 : s->head + 1;
        s->view_scroll = 0;
        return true;
    }
    return ui_cycle_head(s);
}
static bool act_layer(UiState *s, int ch) { return ui_layer(s, ch == '[' ? -1 : +1); }
static bool act_digits(UiState *s, int ch) { return ui_precision(s, ch == '+' || ch == '=' ? +1 : -1); }
static bool act_heat(UiState *s, int ch) {
    (void)ch;
    s->heatmap = !s->heatmap;
    return true;
}
static bool act_help(UiState *s, int ch) {
    (void)ch;
    s->help = true;
    s->help_scroll = 0;
    return true;
}
static bool act_read(UiState *s, int ch) {
    (void)ch;
    s->reading = true;
    s->read_scroll = 0;
    return true;
}
static bool act_view(UiState *s, int ch) {
    (void)ch;
    if (!has_weights(s) && s->view == UI_VIEW_MATRICES) {
        snprintf(s->note, sizeof s->note, "%s", ui_words_get(ui_zh(s), MSG_UI_NO_VIEWS));
        return true;
    }
    s->view = (s->view + 1) % UI_VIEW_COUNT;
    s->view_scroll = 0;
    return true;
}
/* a: open the answer prompt again (after Esc), where a quiz cell waits */
static bool act_answer(UiState *s, int ch) {
    (void)ch;
    if (!ui_ask(s)) {
        snprintf(s->note, sizeof s->note, "%s", ui_words_get(ui_zh(s), MSG_UI_QUIZ_NO_CELL));
    }
    return true;
}
static bool act_edit(UiState *s, int ch) {
    (void)ch;
    char name[MLIST_NAME_MAX];
    if (ui_editable(s, name, sizeof name)) {
        s->prompt = PROMPT_EDIT;
        s->input[0] = '\0';
    } else {
        snprintf(s->message, sizeof s->message, "%s", ui_words_get(ui_zh(s), MSG_UI_NOT_EDITABLE));
    }
    return true;
}

static const KeyBinding table[] = {
    {{'n', ' ', KEY_NPAGE}, act_next, MSG_UI_K_NEXT, MSG_UI_H_NEXT, MSG_UI_S_STEP, 3, NULL},
    {{'p', KEY_BACKSPACE, 127, 8, KEY_PPAGE}, act_prev, MSG_UI_K_PREV, MSG_UI_H_PREV, MSG_NONE, 0, NULL},
    {{'g', 'G', KEY_HOME, KEY_END}, act_ends, MSG_UI_K_ENDS, MSG_UI_H_ENDS, MSG_NONE, 0, NULL},
    {{':', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'}, act_jump, MSG_UI_K_JUMP, MSG_UI_H_JUMP, MSG_NONE, 0, NULL},
    {{'\t', KEY_BTAB}, act_tab, MSG_UI_K_TAB, MSG_UI_H_TAB, MSG_UI_S_PANE, 6, NULL},
    {{KEY_LEFT, KEY_RIGHT, KEY_UP, KEY_DOWN, 'h', 'j', 'k', 'l'}, act_move, MSG_UI_K_MOVE, MSG_UI_H_MOVE, MSG_UI_S_CELL, 5, NULL},
    {{'r', '\n', '\r', KEY_ENTER}, act_read, MSG_UI_K_READ, MSG_UI_H_READ, MSG_UI_S_READ, 4, NULL},
    {{'H'}, act_head, MSG_UI_K_HEAD, MSG_UI_H_HEAD, MSG_UI_S_HEAD, 2, has_heads},
    {{'v'}, act_view, MSG_UI_K_VIEW, MSG_UI_H_VIEW, MSG_UI_S_VIEW, 8, has_weights},
    {{'[', ']'}, act_layer, MSG_UI_K_LAYER, MSG_UI_H_LAYER, MSG_UI_S_LAYER, 2, has_layers},
    {{'+', '=', '-', '_'}, act_digits, MSG_UI_K_DIGITS, MSG_UI_H_DIGITS, MSG_UI_S_DIGITS, 10, NULL},
    {{'c'}, act_heat, MSG_UI_K_HEAT, MSG_UI_H_HEAT, MSG_UI_S_HEAT, 11, NULL},
    {{'e'}, act_edit, MSG_UI_K_EDIT, MSG_UI_H_EDIT, MSG_UI_S_EDIT, 9, has_editable},
    {{'a'}, act_answer, MSG_UI_K_ANSWER, MSG_UI_H_ANSWER, MSG_UI_S_ANSWER, 2, has_question},
    {{ESC}, NULL, MSG_UI_K_ESC, MSG_UI_H_ESC, MSG_NONE, 0, NULL},
    {{'?'}, act_help, MSG_UI_K_HELP, MSG_UI_H_HELP, MSG_UI_S_HELP, 0, NULL},
    {{'q', CTRL_C}, act_quit, MSG_UI_K_QUIT, MSG_UI_H_QUIT, MSG_UI_S_QUIT, 0, NULL},
};

const KeyBinding *keys_table(int *n) {
    *n = (int)(sizeof table / sizeof table[0]);
    return table;
}

bool keys_available(const KeyBinding *b, const UiState *s) { return !b->available || b->available(s); }

static bool is_backspace(int ch) { return ch == KEY_BACKSPACE || ch == 127 || ch == 8; }
static bool is_enter(int ch) { return ch == '\n' || ch == '\r' || ch == KEY_ENTER; }

/* Enter in a prompt: act on what was typed */
static bool prompt_submit(UiState *s) {
    PromptKind kind = s->prompt;
    char text[sizeof s->input];
    memcpy(text, s->input, sizeof text);
    s->input[0] = '\0';
    if (kind == PROMPT_JUMP) {
        s->prompt = PROMPT_NONE;
        if (text[0])
            ui_jump_step(s, atoi(text));
    } else if (kind == PROMPT_EDIT) {
        s->prompt = PROMPT_NONE;
        if (text[0])
            ui_edit(s, text);
    } else if (kind == PROMPT_ANSWER) {
        ui_answer(s, text);
    }
    return true;
}

/* typing into a prompt: a step number (digits only), or a value: every
 * printable key is typed (digits, sign, point, exponent, the UTF-8 bytes
 * of −, ∞ and the like, and letters, so that "abc" is refused as typed);
 * no key of the table acts until Esc closes the prompt */
static bool prompt_key(UiState *s, int ch) {
    size_t len = strlen(s->input);
    if (ch == ESC) {
        if (s->prompt == PROMPT_ANSWER)
            s->message[0] = '\0';
        s->prompt = PROMPT_NONE;
        s->input[0] = '\0';
        return true;
    }
    if (is_backspace(ch)) {
        while (len > 0 && ((unsigned char)s->input[len - 1] & 0xC0) == 0x80)
            len--; /* a whole UTF-8 character */
        if (len > 0)
            s->input[len - 1] = '\0';
        return true;
    }
    if (is_enter(ch))
        return prompt_submit(s);
    bool allowed = s->prompt == PROMPT_JUMP ? ch >= '0' && ch <= '9' : (ch >= 0x20 && ch < 0x7F) || (ch >= 0x80 && ch < 0x100);
    if (allowed && len + 1 < sizeof s->input) {
        s->input[len] = (char)ch;
        s->input[len + 1] = '\0';
        return true;
    }
    return false;
}

/* keys while the reading overlay is open: scroll it, or close it */
static bool reading_key(UiState *s, int ch) {
    switch (ch) {
    case KEY_DOWN:
    case 'j':
        s->read_scroll++;
        return true;
    case KEY_UP:
    case 'k':
        s->read_scroll = s->read_scroll > 0 ? s->read_scroll - 1 : 0;
        return true;
    case KEY_NPAGE:
    case ' ':
        s->read_scroll += 10;
        return true;
    case KEY_PPAGE:
        s->read_scroll = s->read_scroll > 10 ? s->read_scroll - 10 : 0;
        return true;
    default:
        s->reading = false;
        return true;
    }
}

/* keys while the help is open: scroll it, or close it (q too: it closes
 * the help, not the program) */
static bool help_key(UiState *s, int ch) {
    int n;
    keys_table(&n);
    switch (ch) {
    case KEY_DOWN:
    case 'j':
    case KEY_NPAGE:
    case ' ':
        s->help_scroll += ch == KEY_NPAGE || ch == ' ' ? 10 : 1;
        s->help_scroll = s->help_scroll < n - 1 ? s->help_scroll : n - 1;
        return true;
    case KEY_UP:
    case 'k':
    case KEY_PPAGE:
        s->help_scroll -= ch == KEY_PPAGE ? 10 : 1;
        s->help_scroll = s->help_scroll > 0 ? s->help_scroll : 0;
        return true;
    default:
        s->help = false;
        return true;
    }
}

/* the table's binding for ch, or NULL */
static const KeyBinding *binding(int ch) {
    int n;
    const KeyBinding *t = keys_table(&n);
    for (int b = 0; b < n; b++)
        for (int k = 0; k < 12 && t[b].keys[k]; k++)
            if (t[b].keys[k] == ch)
                return &t[b];
    return NULL;
}

bool ui_key(UiState *s, int ch) {
    if (ch == CTRL_C)
        return act_quit(s, ch);
    if (s->help)
        return help_key(s, ch);
    /* q quits unless it is typed into a prompt (an empty prompt: it quits) */
    if (ch == 'q' && (s->prompt == PROMPT_NONE || !s->input[0]))
        return act_quit(s, ch);
    if (s->reading)
        return reading_key(s, ch);
    /* a prompt takes every key (the quiz opens its own on arrival, and the
     * status line then says so): the table's keys act after Esc */
    if (s->prompt != PROMPT_NONE)
        return prompt_key(s, ch);
    const KeyBinding *b = binding(ch);
    s->message[0] = '\0';
    s->note[0] = '\0';
    return b && b->act ? b->act(s, ch) : false;
}

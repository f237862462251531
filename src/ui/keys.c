/* keys.c - what each key does: a key changes the state and says whether
 * the screen needs repainting. The list is in docs/ui.md and in the help
 * overlay (draw.c). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "ui/keys.h"

#define CTRL_C 3
#define ESC 27

/* typing into a prompt: numbers only (digits, sign, point, exponent) */
static bool prompt_key(UiState *s, int ch) {
    size_t len = strlen(s->input);
    if (ch == ESC) {
        if (s->prompt == PROMPT_ANSWER)
            s->message[0] = '\0';
        s->prompt = PROMPT_NONE;
        s->input[0] = '\0';
        return true;
    }
    if (ch == KEY_BACKSPACE || ch == 127 || ch == 8) {
        if (len > 0)
            s->input[len - 1] = '\0';
        return true;
    }
    if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
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
        } else if (kind == PROMPT_ANSWER && text[0]) {
            ui_answer(s, text);
        }
        return true;
    }
    bool allowed = isdigit(ch) || (s->prompt != PROMPT_JUMP && ch < 128 && strchr("-+.eE", ch));
    if (allowed && len + 1 < sizeof s->input) {
        s->input[len] = (char)ch;
        s->input[len + 1] = '\0';
        return true;
    }
    return false;
}

bool ui_key(UiState *s, int ch) {
    if (s->help && ch != 'q' && ch != CTRL_C) {
        s->help = false; /* any key closes the help */
        return true;
    }
    if (s->prompt != PROMPT_NONE && ch != CTRL_C)
        return prompt_key(s, ch);
    s->message[0] = '\0';
    switch (ch) {
    case 'q':
    case CTRL_C:
        s->quit = true;
        return false;
    case 'n':
    case ' ':
    case KEY_NPAGE:
        return ui_step(s, +1) || true;
    case 'p':
    case KEY_BACKSPACE:
    case 127:
    case 8:
    case KEY_PPAGE:
        return ui_step(s, -1) || true;
    case 'g':
    case KEY_HOME:
        return ui_go(s, 0) || true;
    case 'G':
    case KEY_END:
        return ui_go(s, s->ll->lesson.nrecords - 1) || true;
    case ':':
        s->prompt = PROMPT_JUMP;
        s->input[0] = '\0';
        return true;
    case '\t':
        return ui_tab(s, +1);
    case KEY_BTAB:
        return ui_tab(s, -1);
    case KEY_LEFT:
    case 'h':
        return ui_move(s, 0, -1);
    case KEY_RIGHT:
    case 'l':
        return ui_move(s, 0, +1);
    case KEY_UP:
    case 'k':
        return ui_move(s, -1, 0);
    case KEY_DOWN:
    case 'j':
        return ui_move(s, +1, 0);
    case 'H':
        return ui_cycle_head(s);
    case '+':
    case '=':
        return ui_precision(s, +1);
    case '-':
    case '_':
        return ui_precision(s, -1);
    case 'c':
        s->heatmap = !s->heatmap;
        return true;
    case '?':
        s->help = true;
        return true;
    case 'a':
        if (ui_pending_question(s) >= 0) {
            s->prompt = PROMPT_ANSWER;
            s->input[0] = '\0';
        }
        return true;
    case 'e': {
        char name[MLIST_NAME_MAX];
        if (ui_editable(s, name, sizeof name)) {
            s->prompt = PROMPT_EDIT;
            s->input[0] = '\0';
        } else {
            bool zh = lesson_is_zh(&s->ll->lesson);
            strcpy(s->message, zh ? "只有直接给出值的输入（例如嵌入或权重）才能修改：用 Tab 移到这样的矩阵上"
                                  : "only inputs given by value (an embedding, a weight) can be edited: "
                                    "Tab to such a matrix first");
        }
        return true;
    }
    default:
        if (isdigit(ch)) {
            s->prompt = PROMPT_JUMP;
            s->input[0] = (char)ch;
            s->input[1] = '\0';
            return true;
        }
        return false;
    }
}

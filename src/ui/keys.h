/* keys.h - key handling: changes the UI state, returns whether to repaint. */
#ifndef ATTNSTEP_KEYS_H
#define ATTNSTEP_KEYS_H

#include <curses.h>

#include "ui/state.h"

bool ui_key(UiState *s, int ch);

#endif

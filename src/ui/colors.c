#include "ui/colors.h"

#include <stdlib.h>

typedef enum { MODE_MONO, MODE_8, MODE_256 } Mode;
static Mode mode = MODE_MONO; /* set once by colors_init, read by drawing */

/* One row per role: foreground and background for 8 and for 256 colors
 * (-1 is the terminal's default), and the attribute used without color. */
typedef struct RoleStyle {
    short fg8, bg8, fg256, bg256;
    attr_t extra, mono;
} RoleStyle;

static const RoleStyle roles[ROLE_COUNT] = {
    [ROLE_NORMAL] = {-1, -1, -1, -1, A_NORMAL, A_NORMAL},
    [ROLE_BORDER] = {COLOR_BLUE, -1, 67, -1, A_NORMAL, A_DIM},
    [ROLE_FOCUS] = {COLOR_CYAN, -1, 45, -1, A_BOLD, A_BOLD},
    [ROLE_TITLE] = {COLOR_YELLOW, -1, 221, -1, A_BOLD, A_BOLD},
    [ROLE_FORMULA] = {COLOR_CYAN, -1, 117, -1, A_NORMAL, A_UNDERLINE},
    [ROLE_CURRENT] = {COLOR_BLACK, COLOR_YELLOW, 16, 222, A_NORMAL, A_REVERSE},
    [ROLE_CURSOR] = {COLOR_BLACK, COLOR_CYAN, 16, 45, A_BOLD, A_REVERSE | A_BOLD},
    [ROLE_SOURCE] = {COLOR_BLACK, COLOR_GREEN, 16, 150, A_NORMAL, A_UNDERLINE | A_BOLD},
    [ROLE_HIDDEN] = {COLOR_MAGENTA, -1, 213, -1, A_BOLD, A_BOLD},
    [ROLE_GOOD] = {COLOR_GREEN, -1, 114, -1, A_BOLD, A_BOLD},
    [ROLE_BAD] = {COLOR_RED, -1, 203, -1, A_BOLD, A_BOLD | A_UNDERLINE},
    [ROLE_LABEL] = {COLOR_YELLOW, -1, 180, -1, A_NORMAL, A_DIM},
    [ROLE_STATUS] = {COLOR_BLACK, COLOR_WHITE, 16, 252, A_NORMAL, A_REVERSE},
};

/* the heat ramps: light to dark, black text on a background */
static const short heat256[HEAT_LEVELS] = {255, 230, 229, 222, 215, 209, 203, 197};
static const short heat8[HEAT_LEVELS] = {COLOR_WHITE, COLOR_WHITE, COLOR_CYAN, COLOR_CYAN,
                                         COLOR_YELLOW, COLOR_YELLOW, COLOR_RED, COLOR_RED};
static const attr_t heat_mono[HEAT_LEVELS] = {A_DIM, A_DIM, A_NORMAL, A_NORMAL,
                                              A_BOLD, A_BOLD, A_BOLD | A_UNDERLINE, A_REVERSE};

void colors_init(bool mono) {
    mode = MODE_MONO;
    if (mono || !has_colors() || start_color() == ERR)
        return;
    use_default_colors();
    mode = COLORS >= 256 && COLOR_PAIRS >= ROLE_COUNT + HEAT_LEVELS + 1 ? MODE_256 : MODE_8;
    for (int r = 0; r < ROLE_COUNT; r++) {
        const RoleStyle *s = &roles[r];
        init_pair((short)(r + 1), mode == MODE_256 ? s->fg256 : s->fg8, mode == MODE_256 ? s->bg256 : s->bg8);
    }
    for (int h = 0; h < HEAT_LEVELS; h++)
        init_pair((short)(ROLE_COUNT + 1 + h), mode == MODE_256 ? 16 : COLOR_BLACK,
                  mode == MODE_256 ? heat256[h] : heat8[h]);
}

attr_t color_attr(ColorRole role) {
    if (mode == MODE_MONO)
        return roles[role].mono;
    return COLOR_PAIR(role + 1) | roles[role].extra;
}

attr_t color_heat(double t) {
    int level = (int)(t * HEAT_LEVELS);
    level = level < 0 ? 0 : level >= HEAT_LEVELS ? HEAT_LEVELS - 1 : level;
    if (mode == MODE_MONO)
        return heat_mono[level];
    return COLOR_PAIR(ROLE_COUNT + 1 + level);
}

const char *colors_mode(void) {
    return mode == MODE_256 ? "256 colors" : mode == MODE_8 ? "8 colors" : "monochrome";
}

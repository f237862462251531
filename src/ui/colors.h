/* colors.h - every color the UI uses comes from one table, with a
 * fallback to bold/dim/reverse on monochrome terminals or with NO_COLOR. */
#ifndef ATTNSTEP_COLORS_H
#define ATTNSTEP_COLORS_H

#include <curses.h>

typedef enum {
    ROLE_NORMAL,
    ROLE_BORDER,
    ROLE_FOCUS,     /* the border and title of the focused pane */
    ROLE_TITLE,
    ROLE_FORMULA,
    ROLE_CURRENT,   /* the current statement in the source */
    ROLE_CURSOR,    /* the cell under the cursor */
    ROLE_SOURCE,    /* input cells the explained cell came from */
    ROLE_HIDDEN,    /* a quiz cell not answered yet */
    ROLE_GOOD,
    ROLE_BAD,
    ROLE_LABEL,     /* token labels and headers */
    ROLE_STATUS,
    ROLE_COUNT
} ColorRole;

#define HEAT_LEVELS 8

/* colors_init: after initscr. mono forces the monochrome attributes. */
void colors_init(bool mono);
attr_t color_attr(ColorRole role);
/* color_heat: the attribute for a value at t in [0, 1] of its scale. */
attr_t color_heat(double t);
/* colors_mode: "256 colors", "8 colors" or "monochrome", for the legend. */
const char *colors_mode(void);

#endif

/* stage.c - the names columns of stages.def, and the weights' names. */
#include "attention/stage.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

typedef struct StageRow {
    const char *name, *zh, *outputs, *inputs;
    unsigned flags;
} StageRow;

/* the op and explain columns name what is above this layer: they are
 * never expanded here */
static const StageRow rows[] = {
    {"statement", "语句", "", "", 0},
#define STAGE(ID, name, zh, outputs, inputs, op, explain, en_title, en_formula, en_narrative, zh_title, zh_formula, \
              zh_narrative, axes, flags)                                                                         \
    {name, zh, outputs, inputs, flags},
#include "attention/stages.def"
#undef STAGE
};
static_assert(sizeof rows / sizeof rows[0] == STAGE_COUNT, "one row per stage");

static const StageRow *row(Stage stage) { return &rows[stage >= 0 && stage < STAGE_COUNT ? stage : STAGE_NONE]; }

const char *stage_name(Stage stage) { return row(stage)->name; }
const char *stage_name_zh(Stage stage) { return row(stage)->zh; }
const char *stage_outputs(Stage stage) { return row(stage)->outputs; }
const char *stage_inputs(Stage stage) { return row(stage)->inputs; }
unsigned stage_flags(Stage stage) { return row(stage)->flags; }

const WeightName attn_weight_names[WEIGHT_COUNT] = {
#define ATTN_WEIGHT_ROW(field, lesson, file, optional) [WEIGHT_##field] = {lesson, file, optional},
    ATTN_WEIGHTS(ATTN_WEIGHT_ROW)
#undef ATTN_WEIGHT_ROW
};

bool stage_word(const char *column, int k, char *word, size_t size, bool *optional) {
    const char *p = column;
    for (;;) {
        while (*p == ' ')
            p++;
        if (!*p)
            return false;
        size_t n = strcspn(p, " ");
        if (k-- == 0) {
            bool opt = p[0] == '[';
            snprintf(word, size, "%.*s", (int)(n - (opt ? 2 : 0)), p + opt);
            if (optional)
                *optional = opt;
            return true;
        }
        p += n;
    }
}

/* stage.c - the lookups of stage.h's tables. */
#include "attention/stage.h"

#include <assert.h>

typedef struct StageRow {
    const char *name, *zh, *outputs, *inputs;
} StageRow;

static const StageRow rows[] = {
    {"statement", "语句", "", ""},
#define ATTN_STAGE_ROW(id, name, zh, outputs, inputs) {name, zh, outputs, inputs},
    ATTN_STAGES(ATTN_STAGE_ROW)
#undef ATTN_STAGE_ROW
};
static_assert(sizeof rows / sizeof rows[0] == STAGE_COUNT, "one row per stage");

static const StageRow *row(Stage stage) { return &rows[stage >= 0 && stage < STAGE_COUNT ? stage : STAGE_NONE]; }

const char *stage_name(Stage stage) { return row(stage)->name; }
const char *stage_name_zh(Stage stage) { return row(stage)->zh; }
const char *stage_outputs(Stage stage) { return row(stage)->outputs; }
const char *stage_inputs(Stage stage) { return row(stage)->inputs; }

const WeightName attn_weight_names[WEIGHT_COUNT] = {
#define ATTN_WEIGHT_ROW(field, lesson, file, optional) [WEIGHT_##field] = {lesson, file, optional},
    ATTN_WEIGHTS(ATTN_WEIGHT_ROW)
#undef ATTN_WEIGHT_ROW
};

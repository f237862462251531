/* state.h - everything the UI shows, and the actions that change it.
 *
 * The UI is state -> draw: key handlers (keys.c) change a UiState and say
 * what to repaint; drawing (draw.c) only reads it. Nothing here touches
 * the terminal, so tests drive the state directly.
 */
#ifndef ATTNSTEP_UI_STATE_H
#define ATTNSTEP_UI_STATE_H

#include "record/cursor.h"
#include "lang/loader.h"
#include "lang/quiz.h"

#define UI_MAX_VIEW 24       /* matrices shown at once */
#define UI_MAX_OVERRIDES 64  /* edited cells */
#define UI_HEAD_ALL (-1)

/* A matrix the matrix pane shows for the current step and head. */
typedef struct ViewMatrix {
    const Slot *slot;
    bool output;
    int index; /* in rec->outputs or rec->inputs */
} ViewMatrix;

/* What the matrix pane shows: the step's matrices, the attention weights
 * as bars per query token, or one small heatmap per head. */
typedef enum { UI_VIEW_MATRICES, UI_VIEW_TOKENS, UI_VIEW_HEADS, UI_VIEW_COUNT } UiView;

typedef enum { PROMPT_NONE, PROMPT_JUMP, PROMPT_EDIT, PROMPT_ANSWER } PromptKind;

/* Focus: a matrix (0 .. nview-1), the source, or the text pane. */
#define UI_FOCUS_SOURCE (-1)
#define UI_FOCUS_TEXT (-2)

/* What drawing a matrix needs that depends only on the matrix and the
 * digits setting (its widest cell, its finite range for the heatmap),
 * kept so a key costs what is visible, not the whole matrix. Cleared when
 * the lesson is re-run (edits), since matrices are then reallocated. */
#define UI_CACHE_SIZE 64
typedef struct MatrixStats {
    const float *data;
    int rows, cols, precision;
    int cell_w;       /* columns of the widest formatted value */
    float lo, hi;     /* the finite range (lo > hi: none) */
} MatrixStats;

typedef struct UiCache {
    MatrixStats entry[UI_CACHE_SIZE];
    int next; /* the entry replaced next */
} UiCache;

typedef struct UiState {
    LoadedLesson *ll;
    Cursor cur;
    int head;            /* shown head, or UI_HEAD_ALL */
    int focus;
    int ci, cj;          /* the cell cursor in the focused matrix */
    int precision;
    bool heatmap, help, quit;
    int help_scroll;     /* the first key row the help shows */
    bool reading;        /* the reading overlay: step text and explanation whole */
    int read_scroll;
    UiView view;
    int view_scroll;     /* the first line shown in the token and heads views */
    bool no_source_pane; /* the layout has no source pane: Tab skips it */
    UiCache *cache;      /* owned; drawing fills it (matrix_stats) */
    int text_scroll, source_scroll;
    PromptKind prompt;
    char input[64];
    char message[1024];  /* shown in the explanation pane until the next key */
    char note[160];      /* shown in the status line until the next key */
    bool layer_pending;  /* [ or ]: record layer_to, once the note saying so is drawn */
    int layer_to;
    /* quiz */
    bool quiz;
    QuizCell *qcells;
    bool *answered;
    char **verdict;      /* per asked cell once answered (owned): right or not, the value, the mistake */
    int nq, qright, qasked;
    /* edit and recompute */
    Override overrides[UI_MAX_OVERRIDES];
    int noverrides;
} UiState;

void ui_state_init(UiState *s, LoadedLesson *ll, bool quiz);
void ui_state_free(UiState *s);

const Record *ui_record(const UiState *s);
bool ui_zh(const UiState *s);           /* the lesson is in Chinese */
/* ui_matrix_stats: the widest cell and finite range of m at `precision`,
 * from the cache or computed (formatting only the extremes). */
MatrixStats ui_matrix_stats(const UiState *s, const Matrix *m, int precision);
int ui_heads(const UiState *s);         /* heads in the current record (1 if none) */
/* ui_view: the matrices to show (inputs first, then outputs) for the
 * current record and head; returns how many. */
int ui_view(const UiState *s, ViewMatrix *view);
/* ui_focused: the focused matrix, or NULL when focus is on a text pane. */
const Slot *ui_focused(const UiState *s, bool *output, int *index);

/* ui_hidden: a quiz cell not answered yet, or a cell of its row that
 * would give it away (quiz_hides): drawn as "?". */
bool ui_hidden(const UiState *s, int record, int slot, int i, int j);
/* ui_hiding: the quiz cell (an index in qcells) that hides that cell, or -1. */
int ui_hiding(const UiState *s, int record, int slot, int i, int j);
/* ui_answered: the quiz cell (an index in qcells) answered at that very
 * cell, whose verdict the explanation shows again, or -1. */
int ui_answered(const UiState *s, int record, int slot, int i, int j);
/* ui_pending_question: the quiz cell of the current record still to be
 * answered, or -1. */
int ui_pending_question(const UiState *s);

/* Actions. Each returns true when something changed. */
bool ui_go(UiState *s, int record);        /* to a record, clamped; opens the quiz prompt there (ui_ask) */
/* ui_ask: open the answer prompt for the current step's next quiz cell,
 * with the cursor on it; false when none is left to answer. */
bool ui_ask(UiState *s);
bool ui_step(UiState *s, int delta);       /* n / p */
bool ui_jump_step(UiState *s, int step);   /* to group `step` (1-based) */
bool ui_move(UiState *s, int di, int dj);  /* the cell cursor */
bool ui_tab(UiState *s, int delta);        /* the focus */
bool ui_cycle_head(UiState *s);
bool ui_precision(UiState *s, int delta);
/* ui_editable: can the focused cell be edited (an input given by value)?
 * name receives the lesson name to override. */
bool ui_editable(const UiState *s, char *name, size_t size);
/* ui_edit: set the focused cell to `text` and re-run the lesson; a message
 * says what happened. */
bool ui_edit(UiState *s, const char *text);
/* ui_layer: ask for the layer `delta` below (-1) or above (+1) the one a
 * GPT-2 checkpoint's run records in full: s->note says it is being
 * recorded and s->layer_pending is set; the main loop draws that, then
 * calls ui_layer_run (a long text takes seconds). Where there is no such
 * layer, or no checkpoint, s->note says why and nothing else changes. */
bool ui_layer(UiState *s, int delta);
/* ui_layer_run: the pending layer change: the model runs again, keeping
 * the head, and the cursor goes to the same stage of the new layer (the
 * same matrix and cell), or to that layer's first step. Every record
 * pointer taken before is invalid afterwards. False when none is pending. */
bool ui_layer_run(UiState *s);
/* ui_answer: check a quiz answer for the pending cell: a number is scored
 * and its verdict kept (ui_answered); anything else is refused with a
 * message quoting what was typed, and the prompt stays open. */
bool ui_answer(UiState *s, const char *text);

#endif

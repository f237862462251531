#include "ui/state.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/number.h"
#include "output/matrix_text.h"
#include "util/utf8.h"

void ui_state_init(UiState *s, LoadedLesson *ll, bool quiz) {
    *s = (UiState){.ll = ll, .cur = cursor_start(&ll->lesson), .precision = 4, .quiz = quiz};
    s->cache = calloc(1, sizeof *s->cache); /* NULL: drawing computes every time */
    if (quiz) {
        s->qcells = quiz_cells(&ll->lesson, &s->nq);
        s->answered = calloc((size_t)s->nq + 1, sizeof *s->answered);
        s->verdict = calloc((size_t)s->nq + 1, sizeof *s->verdict);
    }
    ui_go(s, 0);
}

void ui_state_free(UiState *s) {
    free(s->cache);
    s->cache = NULL;
    free(s->qcells);
    free(s->answered);
    for (int k = 0; s->verdict && k < s->nq; k++)
        free(s->verdict[k]);
    free(s->verdict);
    s->verdict = NULL;
    s->qcells = NULL;
    s->answered = NULL;
}

const Record *ui_record(const UiState *s) { return cursor_record(&s->cur); }

bool ui_zh(const UiState *s) { return lesson_is_zh(&s->ll->lesson); }

/* The widest formatted value of a matrix is that of its largest or its
 * smallest finite value (fixed-point width grows with |v|, and only
 * negatives carry a sign), or of inf, -inf or nan: formatting those few
 * gives the same width as formatting every cell. */
static MatrixStats compute_stats(const Matrix *m, int precision) {
    MatrixStats st = {.data = m->data, .rows = m->rows, .cols = m->cols, .precision = precision, .cell_w = 1,
                      .lo = INFINITY, .hi = -INFINITY};
    bool pos_inf = false, neg_inf = false, nan = false;
    for (int i = 0; i < m->rows; i++)
        for (int j = 0; j < m->cols; j++) {
            float v = mat_get(m, i, j);
            if (isfinite(v))
                st.lo = v < st.lo ? v : st.lo, st.hi = v > st.hi ? v : st.hi;
            else if (isnan(v))
                nan = true;
            else if (v > 0)
                pos_inf = true;
            else
                neg_inf = true;
        }
    float special[5] = {st.lo, st.hi, INFINITY, -INFINITY, NAN};
    bool have[5] = {st.lo <= st.hi, st.lo <= st.hi, pos_inf, neg_inf, nan};
    char buf[64];
    for (int k = 0; k < 5; k++)
        if (have[k]) {
            int w = utf8_width(mtext_format(buf, sizeof buf, special[k], precision));
            st.cell_w = w > st.cell_w ? w : st.cell_w;
        }
    return st;
}

MatrixStats ui_matrix_stats(const UiState *s, const Matrix *m, int precision) {
    UiCache *c = s->cache;
    for (int k = 0; c && k < UI_CACHE_SIZE; k++) {
        const MatrixStats *e = &c->entry[k];
        if (e->data == m->data && e->rows == m->rows && e->cols == m->cols && e->precision == precision && e->data)
            return *e;
    }
    MatrixStats st = compute_stats(m, precision);
    if (c) {
        c->entry[c->next] = st;
        c->next = (c->next + 1) % UI_CACHE_SIZE;
    }
    return st;
}

int ui_heads(const UiState *s) {
    const Record *rec = ui_record(s);
    int heads = 1;
    for (int k = 0; rec && k < rec->noutputs; k++)
        if (rec->outputs[k].head + 1 > heads)
            heads = rec->outputs[k].head + 1;
    for (int k = 0; rec && k < rec->ninputs; k++)
        if (rec->inputs[k].head + 1 > heads)
            heads = rec->inputs[k].head + 1;
    return heads;
}

/* heads_meet: a step whose inputs are per head and whose outputs are not
 * (the concat): every head's input is shown, since any cell of the output
 * may come from any of them */
static bool heads_meet(const Record *rec) {
    bool in = false;
    for (int k = 0; k < rec->noutputs; k++)
        if (rec->outputs[k].head >= 0)
            return false;
    for (int k = 0; k < rec->ninputs; k++)
        in |= rec->inputs[k].head >= 0;
    return in;
}

static bool shown(const UiState *s, const Slot *slot) {
    return slot->head < 0 || s->head == UI_HEAD_ALL || slot->head == s->head || heads_meet(ui_record(s));
}

/* on a heads_meet step: the head whose columns hold output column j
 * (per-head inputs side by side, in order), or -1 */
static int head_of_column(const Record *rec, int j, int *first_col) {
    int col = 0;
    for (int k = 0; k < rec->ninputs; k++) {
        const Slot *in = &rec->inputs[k];
        if (in->head < 0)
            continue;
        if (first_col && in->head == *first_col) {
            *first_col = col;
            return in->head;
        }
        if (!first_col && j < col + in->m.cols)
            return in->head;
        col += in->m.cols;
    }
    return -1;
}

int ui_view(const UiState *s, ViewMatrix *view) {
    const Record *rec = ui_record(s);
    int n = 0;
    if (!rec)
        return 0;
    for (int k = 0; k < rec->ninputs && n < UI_MAX_VIEW; k++)
        if (shown(s, &rec->inputs[k]))
            view[n++] = (ViewMatrix){&rec->inputs[k], false, k};
    for (int k = 0; k < rec->noutputs && n < UI_MAX_VIEW; k++)
        if (shown(s, &rec->outputs[k]))
            view[n++] = (ViewMatrix){&rec->outputs[k], true, k};
    return n;
}

const Slot *ui_focused(const UiState *s, bool *output, int *index) {
    ViewMatrix view[UI_MAX_VIEW];
    int n = ui_view(s, view);
    if (s->focus < 0 || s->focus >= n)
        return NULL;
    if (output)
        *output = view[s->focus].output;
    if (index)
        *index = view[s->focus].index;
    return view[s->focus].slot;
}

int ui_hiding(const UiState *s, int record, int slot, int i, int j) {
    for (int k = 0; s->quiz && k < s->nq; k++)
        if (!s->answered[k] && quiz_hides(&s->ll->lesson, s->qcells[k], record, slot, i, j))
            return k;
    return -1;
}

bool ui_hidden(const UiState *s, int record, int slot, int i, int j) { return ui_hiding(s, record, slot, i, j) >= 0; }

int ui_answered(const UiState *s, int record, int slot, int i, int j) {
    for (int k = 0; s->quiz && k < s->nq; k++) {
        const QuizCell *c = &s->qcells[k];
        if (s->answered[k] && s->verdict[k] && c->record == record && c->slot == slot && c->i == i && c->j == j)
            return k;
    }
    return -1;
}

int ui_pending_question(const UiState *s) {
    for (int k = 0; s->quiz && k < s->nq; k++)
        if (!s->answered[k] && s->qcells[k].record == s->cur.record)
            return k;
    return -1;
}

/* put the focus on output `slot` and the cell cursor on (i, j) */
static void focus_output(UiState *s, int slot, int i, int j) {
    ViewMatrix view[UI_MAX_VIEW];
    int n = ui_view(s, view);
    s->focus = 0;
    for (int k = 0; k < n; k++)
        if (view[k].output && view[k].index == slot) {
            s->focus = k;
            break;
        }
    s->ci = i, s->cj = j;
}

bool ui_go(UiState *s, int record) {
    int before = s->cur.record;
    cursor_goto(&s->cur, record);
    const Record *rec = ui_record(s);
    int heads = ui_heads(s);
    /* a step without per-head matrices (a weight, a layer norm) keeps the
     * head chosen for the next ones */
    bool per_head = false;
    for (int k = 0; rec && k < rec->noutputs; k++)
        per_head = per_head || rec->outputs[k].head >= 0;
    for (int k = 0; rec && k < rec->ninputs; k++)
        per_head = per_head || rec->inputs[k].head >= 0;
    if (s->head != UI_HEAD_ALL && s->head >= heads && per_head)
        s->head = 0;
    s->text_scroll = 0;
    s->prompt = PROMPT_NONE;
    /* focus the first output, or the first matrix when there is none */
    ViewMatrix view[UI_MAX_VIEW];
    int n = ui_view(s, view);
    s->focus = n > 0 ? 0 : UI_FOCUS_TEXT;
    for (int k = 0; k < n; k++)
        if (view[k].output) {
            s->focus = k;
            break;
        }
    s->ci = s->cj = 0;
    /* the next-token steps open on the most probable token, which the
     * record says, not on the vocabulary's first ("!") */
    if (rec && s->focus >= 0 && rec->best_col >= 0 && rec->best_col < view[s->focus].slot->m.cols)
        s->cj = rec->best_col;
    ui_ask(s);
    return s->cur.record != before;
}

bool ui_ask(UiState *s) {
    int q = ui_pending_question(s);
    const Record *rec = ui_record(s);
    if (q < 0 || !rec)
        return false;
    const QuizCell *c = &s->qcells[q];
    int slot_head = rec->outputs[c->slot].head;
    if (slot_head >= 0 && s->head != UI_HEAD_ALL)
        s->head = slot_head;
    focus_output(s, c->slot, c->i, c->j);
    s->prompt = PROMPT_ANSWER;
    s->input[0] = '\0';
    return true;
}

bool ui_step(UiState *s, int delta) {
    int target = s->cur.record + delta;
    if (target < 0 || target >= s->ll->lesson.nrecords)
        return false;
    return ui_go(s, target);
}

bool ui_jump_step(UiState *s, int step) {
    const Lesson *l = &s->ll->lesson;
    if (l->ngroups == 0)
        return false;
    int g = step < 1 ? 0 : step > l->ngroups ? l->ngroups - 1 : step - 1;
    return ui_go(s, l->groups[g].first);
}

bool ui_move(UiState *s, int di, int dj) {
    if (s->focus == UI_FOCUS_TEXT) {
        s->text_scroll += di;
        if (s->text_scroll < 0)
            s->text_scroll = 0;
        return true;
    }
    if (s->focus == UI_FOCUS_SOURCE) {
        s->source_scroll += di;
        return true;
    }
    const Slot *slot = ui_focused(s, NULL, NULL);
    if (!slot)
        return false;
    int i = s->ci + di, j = s->cj + dj;
    i = i < 0 ? 0 : i >= slot->m.rows ? slot->m.rows - 1 : i;
    j = j < 0 ? 0 : j >= slot->m.cols ? slot->m.cols - 1 : j;
    bool changed = i != s->ci || j != s->cj;
    s->ci = i, s->cj = j;
    bool output = false;
    ui_focused(s, &output, NULL);
    if (output && heads_meet(ui_record(s)) && s->head != UI_HEAD_ALL) {
        int h = head_of_column(ui_record(s), j, NULL);
        s->head = h >= 0 ? h : s->head; /* the status line names the cell's head */
    }
    return changed;
}

bool ui_tab(UiState *s, int delta) {
    ViewMatrix view[UI_MAX_VIEW];
    int n = ui_view(s, view);
    /* the cycle: matrices 0 .. n-1, then the source, then the text */
    int total = n + 2;
    int pos = s->focus >= 0 ? s->focus : s->focus == UI_FOCUS_SOURCE ? n : n + 1;
    pos = ((pos + delta) % total + total) % total;
    if (pos == n && s->no_source_pane) /* nothing to focus: go on */
        pos = ((pos + (delta > 0 ? 1 : -1)) % total + total) % total;
    s->focus = pos < n ? pos : pos == n ? UI_FOCUS_SOURCE : UI_FOCUS_TEXT;
    if (s->focus >= 0) {
        const Slot *slot = view[s->focus].slot;
        if (s->ci >= slot->m.rows)
            s->ci = slot->m.rows > 0 ? slot->m.rows - 1 : 0;
        if (s->cj >= slot->m.cols)
            s->cj = slot->m.cols > 0 ? slot->m.cols - 1 : 0;
    }
    return true;
}

bool ui_cycle_head(UiState *s) {
    int heads = ui_heads(s);
    if (heads <= 1)
        return false;
    const Record *rec = ui_record(s);
    bool output = false;
    if (heads_meet(rec) && ui_focused(s, &output, NULL) && output) {
        /* H moves the cursor to the next head's first column */
        int h = head_of_column(rec, s->cj, NULL);
        int next = (h + 1) % heads, col = next;
        if (head_of_column(rec, 0, &col) == next)
            s->cj = col;
        s->head = next;
        return true;
    }
    int index = 0;
    const Slot *before = ui_focused(s, &output, &index);
    s->head = s->head == UI_HEAD_ALL ? 0 : s->head + 1 >= heads ? UI_HEAD_ALL : s->head + 1;
    /* keep the focus on the same kind of matrix in the new head */
    ViewMatrix view[UI_MAX_VIEW];
    int n = ui_view(s, view);
    s->focus = 0;
    for (int k = 0; before && k < n; k++)
        if (view[k].output == output && (view[k].slot->head == s->head || s->head == UI_HEAD_ALL)) {
            s->focus = k;
            break;
        }
    ui_move(s, 0, 0);
    return true;
}

bool ui_precision(UiState *s, int delta) {
    int p = s->precision + delta;
    if (p < 0 || p > 8)
        return false;
    s->precision = p;
    return true;
}

bool ui_editable(const UiState *s, char *name, size_t size) {
    bool output;
    int index;
    const Slot *slot = ui_focused(s, &output, &index);
    if (!slot)
        return false;
    /* a name given by value (a literal, random or load) by an assignment */
    const Lesson *l = &s->ll->lesson;
    for (int r = 0; r < l->nrecords; r++) {
        const Record *rec = &l->records[r];
        if (rec->kind != REC_VALUE || rec->op != OPX_VALUE || rec->ninputs != 0 || rec->stage != STAGE_NONE)
            continue;
        for (int k = 0; k < rec->noutputs; k++)
            if (strcmp(rec->outputs[k].name, slot->name) == 0) {
                snprintf(name, size, "%s", slot->name);
                return true;
            }
    }
    return false;
}

bool ui_edit(UiState *s, const char *text) {
    char name[MLIST_NAME_MAX], why[256];
    float v;
    int digits;
    const MsgLang lang = msg_lang_of(ui_zh(s));
    /* read as the lesson language reads a number: the same limits and
     * messages (1e40 is too large for a 32-bit float) */
    if (!number_read(text, lang, &v, &digits, why, sizeof why) || !isfinite(v)) {
        if (why[0] == '\0')
            msg_format(why, sizeof why, lang, MSG_UI_EDIT_FINITE);
        msg_format(s->message, sizeof s->message, lang, MSG_UI_EDIT_REFUSED, text, why);
        return false;
    }
    if (!ui_editable(s, name, sizeof name) || s->noverrides == UI_MAX_OVERRIDES)
        return false;
    int record = s->cur.record, focus = s->focus, ci = s->ci, cj = s->cj, head = s->head;
    Override o = {.i = ci, .j = cj, .value = v};
    snprintf(o.name, sizeof o.name, "%s", name);
    /* a later edit of the same cell replaces the earlier one */
    int k = 0;
    while (k < s->noverrides && !(strcmp(s->overrides[k].name, o.name) == 0 && s->overrides[k].i == ci &&
                                  s->overrides[k].j == cj))
        k++;
    Override old = s->overrides[k];
    bool added = k == s->noverrides;
    s->overrides[k] = o;
    if (added)
        s->noverrides++;
    InterpOptions opt = {.overrides = s->overrides, .noverrides = s->noverrides};
    if (s->cache) /* the matrices are reallocated: their addresses may repeat */
        memset(s->cache, 0, sizeof *s->cache);
    if (!lesson_rerun(s->ll, &opt)) {
        /* the edited value breaks a later step (say, a division by zero):
         * undo it and show why */
        if (added)
            s->noverrides--;
        else
            s->overrides[k] = old;
        const char *reason = s->ll->diags.count > 0 ? s->ll->diags.items[0].message : "";
        msg_format(s->message, sizeof s->message, lang, MSG_UI_EDIT_UNDONE, name, ci, cj, text, reason);
        opt.noverrides = s->noverrides;
        lesson_rerun(s->ll, &opt);
    } else {
        msg_format(s->message, sizeof s->message, lang, MSG_UI_EDIT_DONE, name, ci, cj, (double)v);
    }
    s->cur.lesson = &s->ll->lesson;
    ui_go(s, record);
    s->head = head, s->focus = focus, s->ci = ci, s->cj = cj;
    s->prompt = PROMPT_NONE;
    return true;
}

/* layered: the lesson runs a stack of several layers (a `layer` statement
 * with `layers N`), whatever it records */
static bool layered(const Lesson *l) {
    for (int r = 0; r < l->nrecords; r++)
        if (l->records[r].layer > 0)
            return true;
    return false;
}

/* nth_of_stage: which record of `stage` in `layer` record r is (0 the
 * first), or, with r < 0, the record that is the nth; -1 when none */
static int nth_of_stage(const Lesson *l, int layer, Stage stage, int r, int nth) {
    int seen = 0;
    for (int k = 0; k < l->nrecords; k++) {
        if (l->records[k].layer != layer || l->records[k].stage != stage)
            continue;
        if (r < 0 ? seen == nth : k == r)
            return r < 0 ? k : seen;
        seen++;
    }
    return -1;
}

bool ui_layer(UiState *s, int delta) {
    const MsgLang lang = msg_lang_of(ui_zh(s));
    int layers = 0, from = lesson_recorded_layer(s->ll, &layers), to = from + delta;
    MsgId why = from < 0 ? (layered(&s->ll->lesson) ? MSG_UI_LAYER_LESSON : MSG_UI_LAYER_NONE)
                : s->quiz ? MSG_UI_LAYER_QUIZ : to < 0 ? MSG_UI_LAYER_FIRST : to >= layers ? MSG_UI_LAYER_LAST
                : MSG_UI_LAYER_RUNNING;
    msg_format(s->note, sizeof s->note, lang, why, why == MSG_UI_LAYER_RUNNING ? to : from);
    s->layer_pending = why == MSG_UI_LAYER_RUNNING;
    s->layer_to = to;
    return true;
}

bool ui_layer_run(UiState *s) {
    if (!s->layer_pending)
        return false;
    s->layer_pending = false;
    s->note[0] = '\0';
    int layers = 0, from = lesson_recorded_layer(s->ll, &layers), to = s->layer_to;
    const Lesson *l = &s->ll->lesson;
    const Record *rec = ui_record(s);
    Stage stage = rec && rec->layer == from ? rec->stage : STAGE_NONE;
    int nth = stage != STAGE_NONE ? nth_of_stage(l, from, stage, s->cur.record, 0) : -1;
    int head = s->head, focus = s->focus, ci = s->ci, cj = s->cj;
    InterpOptions opt = {.overrides = s->overrides, .noverrides = s->noverrides};
    Error err = {0};
    if (s->cache) /* the matrices are reallocated: their addresses may repeat */
        memset(s->cache, 0, sizeof *s->cache);
    if (!lesson_record_layer(s->ll, to, &opt, &err)) {
        msg_format(s->note, sizeof s->note, msg_lang_of(ui_zh(s)), MSG_UI_LAYER_FAILED, to);
        to = from; /* back to the layer that ran */
        lesson_record_layer(s->ll, from, &opt, &err);
    }
    l = &s->ll->lesson;
    s->cur.lesson = l;
    int same = nth >= 0 ? nth_of_stage(l, to, stage, -1, nth) : -1, first = 0;
    while (first < l->nrecords && l->records[first].layer != to)
        first++;
    ui_go(s, same >= 0 ? same : first < l->nrecords ? first : 0);
    s->head = head;
    if (same >= 0) /* the same matrices, of the same shapes */
        s->focus = focus, s->ci = ci, s->cj = cj;
    return true;
}

bool ui_answer(UiState *s, const char *text) {
    int q = ui_pending_question(s);
    if (q < 0)
        return false;
    InterpOptions opt = {.overrides = s->overrides, .noverrides = s->noverrides};
    QuizResult r = quiz_check(s->ll, &opt, s->qcells[q], text);
    const MsgLang lang = msg_lang_of(ui_zh(s));
    if (!r.valid) {
        msg_format(s->message, sizeof s->message, lang, MSG_UI_QUIZ_NOT_A_NUMBER, text, r.why);
        return false;
    }
    char name[96], actual[64], verdict[1024];
    quiz_cell_name(&s->ll->lesson, s->qcells[q], name, sizeof name);
    mtext_format(actual, sizeof actual, r.actual, s->precision);
    if (r.correct) {
        msg_format(verdict, sizeof verdict, lang, MSG_UI_QUIZ_RIGHT, name, actual, text);
    } else {
        msg_format(verdict, sizeof verdict, lang, MSG_QUIZ_WRONG, name, actual, text);
        size_t len = strlen(verdict);
        if (r.explanation && len + 1 < sizeof verdict)
            snprintf(verdict + len, sizeof verdict - len, " %s", r.explanation);
    }
    s->answered[q] = true;
    s->verdict[q] = strdup(verdict); /* NULL: the verdict is not shown again */
    s->qasked++;
    s->qright += r.correct;
    /* the verdict is the explanation's first line while the cursor is on
     * the cell (ui_answered), also in the reading overlay */
    s->message[0] = '\0';
    quiz_result_free(&r);
    s->prompt = ui_pending_question(s) >= 0 ? PROMPT_ANSWER : PROMPT_NONE;
    s->input[0] = '\0';
    return true;
}

#include "ui/state.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/matrix_text.h"

void ui_state_init(UiState *s, LoadedLesson *ll, bool quiz) {
    *s = (UiState){.ll = ll, .cur = cursor_start(&ll->lesson), .precision = 4, .quiz = quiz};
    if (quiz) {
        s->qcells = quiz_cells(&ll->lesson, &s->nq);
        s->answered = calloc((size_t)s->nq + 1, sizeof *s->answered);
    }
    ui_go(s, 0);
}

void ui_state_free(UiState *s) {
    free(s->qcells);
    free(s->answered);
    s->qcells = NULL;
    s->answered = NULL;
}

const Record *ui_record(const UiState *s) { return cursor_record(&s->cur); }

int ui_heads(const UiState *s) {
    const Record *rec = ui_record(s);
    int heads = 1;
    for (int k = 0; rec && k < rec->noutputs; k++)
        if (rec->outputs[k].head + 1 > heads)
            heads = rec->outputs[k].head + 1;
    return heads;
}

static bool shown(const UiState *s, const Slot *slot) {
    return slot->head < 0 || s->head == UI_HEAD_ALL || slot->head == s->head;
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

bool ui_hidden(const UiState *s, int record, int slot, int i, int j) {
    for (int k = 0; s->quiz && k < s->nq; k++) {
        const QuizCell *c = &s->qcells[k];
        if (!s->answered[k] && c->record == record && c->slot == slot && c->i == i && c->j == j)
            return true;
    }
    return false;
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
    if (s->head != UI_HEAD_ALL && s->head >= heads)
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
    int q = ui_pending_question(s);
    if (q >= 0 && rec) {
        const QuizCell *c = &s->qcells[q];
        int slot_head = rec->outputs[c->slot].head;
        if (slot_head >= 0 && s->head != UI_HEAD_ALL)
            s->head = slot_head;
        focus_output(s, c->slot, c->i, c->j);
        s->prompt = PROMPT_ANSWER;
        s->input[0] = '\0';
    }
    return s->cur.record != before;
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
    return changed;
}

bool ui_tab(UiState *s, int delta) {
    ViewMatrix view[UI_MAX_VIEW];
    int n = ui_view(s, view);
    /* the cycle: matrices 0 .. n-1, then the source, then the text */
    int total = n + 2;
    int pos = s->focus >= 0 ? s->focus : s->focus == UI_FOCUS_SOURCE ? n : n + 1;
    pos = ((pos + delta) % total + total) % total;
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
    bool output = false;
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
    char name[MLIST_NAME_MAX];
    char *end;
    double v = strtod(text, &end);
    bool zh = lesson_is_zh(&s->ll->lesson);
    if (end == text || *end != '\0' || !isfinite(v)) {
        snprintf(s->message, sizeof s->message, zh ? "“%s”不是一个数" : "'%s' is not a number", text);
        return false;
    }
    if (!ui_editable(s, name, sizeof name) || s->noverrides == UI_MAX_OVERRIDES)
        return false;
    int record = s->cur.record, focus = s->focus, ci = s->ci, cj = s->cj, head = s->head;
    Override o = {.i = ci, .j = cj, .value = (float)v};
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
    if (!lesson_rerun(s->ll, &opt)) {
        /* the edited value breaks a later step (say, a division by zero):
         * undo it and show why */
        if (added)
            s->noverrides--;
        else
            s->overrides[k] = old;
        snprintf(s->message, sizeof s->message,
                 zh ? "%s[%d][%d] = %g 会让课程出错，已撤销这次修改" : "%s[%d][%d] = %g makes the lesson fail; the edit was undone",
                 name, ci, cj, v);
        opt.noverrides = s->noverrides;
        lesson_rerun(s->ll, &opt);
    } else {
        snprintf(s->message, sizeof s->message,
                 zh ? "%s[%d][%d] 现在是 %g，之后的每一步都已重新计算" : "%s[%d][%d] is now %g; every later step was recomputed",
                 name, ci, cj, v);
    }
    s->cur.lesson = &s->ll->lesson;
    ui_go(s, record);
    s->head = head, s->focus = focus, s->ci = ci, s->cj = cj;
    s->prompt = PROMPT_NONE;
    return true;
}

bool ui_answer(UiState *s, const char *text) {
    int q = ui_pending_question(s);
    if (q < 0)
        return false;
    InterpOptions opt = {.overrides = s->overrides, .noverrides = s->noverrides};
    QuizResult r = quiz_check(s->ll, &opt, s->qcells[q], text);
    bool zh = lesson_is_zh(&s->ll->lesson);
    if (!r.valid) {
        snprintf(s->message, sizeof s->message, zh ? "请输入一个数，例如 0.25" : "type a number, such as 0.25");
        return false;
    }
    char name[96], actual[64];
    quiz_cell_name(&s->ll->lesson, s->qcells[q], name, sizeof name);
    mtext_format(actual, sizeof actual, r.actual, s->precision);
    s->answered[q] = true;
    s->qasked++;
    if (r.correct) {
        s->qright++;
        snprintf(s->message, sizeof s->message, zh ? "正确：%s = %s。得分 %d/%d" : "right: %s = %s. Score %d/%d",
                 name, actual, s->qright, s->qasked);
    } else {
        snprintf(s->message, sizeof s->message,
                 zh ? "不对：%s = %s（你的答案是 %s）。%s 得分 %d/%d" : "not quite: %s = %s (you said %s). %s Score %d/%d",
                 name, actual, text, r.explanation ? r.explanation : "", s->qright, s->qasked);
    }
    quiz_result_free(&r);
    s->prompt = ui_pending_question(s) >= 0 ? PROMPT_ANSWER : PROMPT_NONE;
    s->input[0] = '\0';
    return true;
}

/* interp_state.c - what every statement of the interpreter works with:
 * its errors and the names that failed, the environment of names, the
 * memory and work budgets, the records and groups it makes and their
 * slots. The statements themselves are in interp.c. */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lang/interp_internal.h"
#include "util/escape.h"
#include "util/suggest.h"

/* ---- errors and failed names ------------------------------------------- */

bool interp_error(Interp *in, SrcPos pos, int span, const char *hint, MsgId message, ...) {
    char msg[1024];
    va_list ap;
    char full[4096];
    va_start(ap, message);
    msg_vformat(full, sizeof full, in->diags->lang, message, ap);
    va_end(ap);
    err_fit(msg, sizeof msg, full); /* cut the middle, keep the reason at the end */
    /* a re-run that diagnoses a mistake reports nothing */
    if (in->opt.mistake == MISTAKE_NONE)
        diag_add(in->diags, DIAG_ERROR, pos, span, hint, MSG_TEXT, msg);
    return false;
}

bool interp_name_failed(const Interp *in, const char *name) {
    for (int k = 0; k < in->nfailed; k++)
        if (strcmp(in->failed[k], name) == 0)
            return true;
    return false;
}

void interp_mark_failed(Interp *in, const char *name) {
    if (interp_name_failed(in, name))
        return;
    if (in->nfailed == in->failed_cap) {
        in->failed_cap = in->failed_cap ? in->failed_cap * 2 : 16;
        char **f = realloc(in->failed, (size_t)in->failed_cap * sizeof *f);
        if (!f)
            abort();
        in->failed = f;
    }
    char *copy = strdup(name); /* names may be made up (S_h3), not in the source */
    if (!copy)
        abort();
    in->failed[in->nfailed++] = copy;
}

/* ---- environment ------------------------------------------------------- */

const Matrix *interp_env_get(const Interp *in, const char *name) { return mlist_find(&in->out->env, name); }

/* env_put: name `name` the matrix *m (moved in). A value it replaces is
 * kept until the lesson is freed, not freed here: records may show it
 * (the `attention` statement's records refer to its operands). */
static bool env_put(Interp *in, const char *name, Matrix *m) {
    Lesson *l = in->out;
    Error err;
    /* an owned value is kept for the rest of the run (even once replaced) */
    if (m->owned && !interp_keep(in, (long)m->rows * m->cols, in->stmt ? in->stmt->pos : (SrcPos){0}, 1)) {
        mat_free(m);
        return false;
    }
    for (int k = 0; k < l->env.count; k++) {
        Matrix *old = &l->env.items[k].m;
        if (strcmp(l->env.items[k].name, name) != 0 || !old->owned)
            continue;
        if (l->nretired == l->retired_cap) {
            l->retired_cap = l->retired_cap ? 2 * l->retired_cap : 8;
            Matrix *r = realloc(l->retired, (size_t)l->retired_cap * sizeof *r);
            if (!r)
                abort();
            l->retired = r;
        }
        l->retired[l->nretired++] = *old;
        old->owned = false;
    }
    if (!mlist_put(&l->env, name, m, &err))
        return interp_error(in, in->stmt ? in->stmt->pos : (SrcPos){0}, 1, NULL, MSG_TEXT, err_text(&err, in->diags->lang));
    return true;
}

bool interp_env_set(Interp *in, const char *name, const Matrix *m) {
    Matrix copy;
    Error err;
    if (!mat_copy(&copy, m, &err))
        return interp_error(in, in->stmt ? in->stmt->pos : (SrcPos){0}, 1, NULL, MSG_TEXT, err_text(&err, in->diags->lang));
    return env_put(in, name, &copy);
}

bool interp_env_share(Interp *in, const char *name, const Matrix *m) {
    Matrix view = *m;
    view.owned = false;
    return env_put(in, name, &view);
}

bool interp_env_take(Interp *in, const char *name, Matrix *m) { return env_put(in, name, m); }

/* ---- memory ------------------------------------------------------------ */

/* Everything a run keeps (the records' matrices, the environment, expect
 * results, the values a diagnosis re-run collects) is counted in
 * in->kept; the operands a statement holds while it is evaluated, in
 * in->held. Together they stay within in->budget numbers; past it there
 * is one error and the run stops. */
static bool over_budget(Interp *in, SrcPos pos, int span) {
    if (!in->memory_full) /* say it once */
        interp_error(in, pos, span, hint_text(in, MSG_HINT_MEMORY_LIMIT), MSG_MEMORY_LIMIT,
                     INTERP_MAX_KEPT / 1000000, INTERP_MAX_KEPT * (long)sizeof(float) / (1024 * 1024));
    in->memory_full = true;
    in->stop = true;
    return false;
}

bool interp_fits(Interp *in, long numbers, SrcPos pos, int span) {
    if (!in->memory_full && in->kept + in->held + numbers <= in->budget)
        return true;
    return over_budget(in, pos, span);
}

bool interp_keep(Interp *in, long numbers, SrcPos pos, int span) {
    if (numbers > 0 && !interp_fits(in, numbers, pos, span))
        return false;
    in->kept += numbers;
    return true;
}

void interp_hold(Interp *in, long numbers) { in->held += numbers; }

bool interp_check_finite(Interp *in, const Matrix *m, const char *what, SrcPos pos, int span) {
    for (int i = 0; i < m->rows; i++)
        for (int j = 0; j < m->cols; j++) {
            if (!isnan(mat_get(m, i, j)))
                continue;
            char cell[48] = "";
            if (m->rows * m->cols > 1)
                msg_format(cell, sizeof cell, in->diags->lang, MSG_NAN_AT, i, j);
            return interp_error(in, pos, span, hint_text(in, MSG_HINT_NAN), MSG_NAN, what, cell);
        }
    return true;
}

bool interp_add_work(Interp *in, double madds, SrcPos pos, int span) {
    in->work += madds;
    if (in->work <= in->work_limit)
        return true;
    if (in->work - madds <= in->work_limit) /* say it once */
        interp_error(in, pos, span, hint_text(in, MSG_HINT_SMALL_EXAMPLES), MSG_TOTAL_WORK, in->work_limit,
                     INTERP_WORK_PER_NUMBER);
    in->stop = true;
    return false;
}

/* ---- records and groups ------------------------------------------------ */

Record *interp_record_new(Interp *in, RecordKind kind, Stage stage, SrcPos pos) {
    Lesson *l = in->out;
    if (l->nrecords >= INTERP_MAX_RECORDS) {
        interp_error(in, pos, 1, hint_text(in, MSG_HINT_SPLIT_LESSON), MSG_TOO_MANY_STEPS, INTERP_MAX_RECORDS);
        in->stop = true; /* one error, and no more work */
        return NULL;
    }
    if (l->nrecords == l->records_cap) {
        int cap = l->records_cap ? l->records_cap * 2 : 32;
        Record *r = realloc(l->records, (size_t)cap * sizeof *r);
        if (!r)
            abort();
        l->records = r;
        l->records_cap = cap;
    }
    if (in->group < 0)
        interp_group_begin(in, NULL, NULL, NULL, pos);
    Record *rec = &l->records[l->nrecords++];
    *rec = (Record){.kind = kind, .stage = stage, .group = in->group, .pos = pos,
                    .end_line = in->stmt ? in->stmt->end_line : pos.line, .ln = in->ln,
                    .mask_value = in->mask_value, .heads = in->heads, .divisor = 1.0f, .layer = -1,
                    .best_col = -1};
    l->groups[in->group].count++;
    return rec;
}

/* name_slot: the slot of the record that made NAME's current value, or
 * NULL (a value made without a record) */
static Slot *name_slot(const Interp *in, const char *name) {
    const Matrix *now = interp_env_get(in, name);
    for (int r = in->out->nrecords - 1; now && r >= 0; r--) {
        Record *rec = &in->out->records[r];
        for (int k = 0; rec->kind == REC_VALUE && k < rec->noutputs; k++) {
            Slot *s = &rec->outputs[k];
            if (strcmp(s->name, name) == 0)
                return mat_same_shape(&s->m, now) ? s : NULL;
        }
    }
    return NULL;
}

void interp_name_axes(const Interp *in, const char *name, Axis axes[2]) {
    const Slot *s = name_slot(in, name);
    axes[0] = s ? s->axis[0] : (Axis){0};
    axes[1] = s ? s->axis[1] : (Axis){0};
}

void interp_name_is(Interp *in, const char *name, int dim, Axis axis) {
    Slot *s = name_slot(in, name);
    if (s)
        s->axis[dim ? 1 : 0] = axis;
}

static bool slot_push(Interp *in, Slot **slots, int *n, const char *name, int head, Matrix *m) {
    long size = m->owned ? (long)m->rows * m->cols : 0; /* a view costs nothing */
    if (!interp_keep(in, size, in->stmt ? in->stmt->pos : (SrcPos){0}, 1)) {
        mat_free(m);
        return false;
    }
    record_slot_append(slots, n, name, head, m);
    return true;
}

bool interp_slot_add(Interp *in, Slot **slots, int *n, const char *name, int head, const Matrix *m) {
    Matrix copy;
    if (!mat_copy(&copy, m, NULL))
        return false;
    return slot_push(in, slots, n, name, head, &copy);
}

bool interp_slot_take(Interp *in, Slot **slots, int *n, const char *name, int head, Matrix *m) {
    return slot_push(in, slots, n, name, head, m);
}

bool interp_slot_ref(Interp *in, Slot **slots, int *n, const char *name, int head, const Matrix *m) {
    Matrix view = *m;
    view.owned = false;
    return slot_push(in, slots, n, name, head, &view);
}

int interp_group_begin(Interp *in, const char *title, const char *formula, const char *narrative, SrcPos pos) {
    Lesson *l = in->out;
    if (l->ngroups == l->groups_cap) {
        int cap = l->groups_cap ? l->groups_cap * 2 : 16;
        Group *g = realloc(l->groups, (size_t)cap * sizeof *g);
        if (!g)
            abort();
        l->groups = g;
        l->groups_cap = cap;
    }
    Group *g = &l->groups[l->ngroups];
    *g = (Group){.title = title ? strdup(title) : NULL, .formula = formula ? strdup(formula) : NULL,
                 .narrative = narrative ? strdup(narrative) : NULL, .pos = pos, .first = l->nrecords};
    in->group = l->ngroups++;
    return in->group;
}

/* explain_internal.h - what the explanation files share: the growing
 * text, the context of one explanation, and the helpers that write numbers,
 * names and lines (explain_write.c). Not for other modules: they use
 * explain.h. */
#ifndef ATTNSTEP_EXPLAIN_INTERNAL_H
#define ATTNSTEP_EXPLAIN_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "output/explain.h"
#include "util/msg.h"

#define LONG_SUM 8       /* sums with more terms show the first 4 and last 2 */
#define SHOW_HEAD 4
#define SHOW_TAIL 2


typedef struct Buf {
    char *s;
    size_t len, cap;
} Buf;

typedef struct Ctx {
    const Lesson *lesson;
    const Record *rec;
    const Slot *out; /* the output slot whose cell is explained */
    int i, j, prec;
    int width; /* columns the lines are wrapped to */
    bool zh;
    float value; /* the cell's stored value */
    bool rounded; /* an equation was written with ≈ (explain_check.c) */
    Buf text;
    Explanation *e;
} Ctx;

typedef struct Num {
    char s[80];
} Num;

typedef struct Name {
    char s[160];
} Name;

typedef Num (*TermFn)(const Ctx *c, const void *arg, int k);

static inline const Slot *slot(const Ctx *c, int input) { return input >= 0 ? &c->rec->inputs[input] : NULL; }
static inline const Matrix *mat(const Ctx *c, int input) { return &c->rec->inputs[input].m; }
static inline float at(const Ctx *c, int input, int r, int col) { return mat_get(mat(c, input), r, col); }

void ex_buf_printf(Buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ex_textf(char *dst, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void ex_note(Ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The words of an explanation are messages of the table (util/msg_table.h,
 * "explanations"), in the lesson's language: ex_msg gives one, ex_note_msg
 * adds one as a note, ex_text_msg formats one into dst (cut on a
 * character). */
const char *ex_msg(const Ctx *c, MsgId id);
void ex_note_msg(Ctx *c, MsgId id, ...);
void ex_text_msg(const Ctx *c, char *dst, size_t size, MsgId id, ...);

void ex_buf_add(Buf *b, const char *s);
void ex_buf_addn(Buf *b, const char *s, size_t n);
const char *ex_buf_str(const Buf *b);
void ex_highlight(Ctx *c, int input, int row, int col);
int ex_in(const Ctx *c, int k);
int ex_digits(const Ctx *c, float v);
Num ex_num(const Ctx *c, float v);
Num ex_factor(const Ctx *c, float v);
Num ex_small(float v);
bool ex_needs_parens(const char *name);
bool ex_is_literal(const char *name);
Name ex_indexed(const char *name, int r, int col);
Name ex_operand(const Ctx *c, int input, int r, int col);
const char *ex_token(const Ctx *c, const Slot *s, int r);
Name ex_row_ref(const Ctx *c, int input, int r);
Name ex_col_ref(const Ctx *c, int input, int k);
Name ex_row_words(const Ctx *c, const Slot *s, int r);
Name ex_quoted(const Ctx *c, const Slot *s, int r);
Name ex_cap(Name n);
Name ex_row_of(const Ctx *c, int input, int r);
void ex_line(Ctx *c, const char *indent, const char *more, const char *s);
void ex_equation(Ctx *c, const char *sym, const char *expansion);
void ex_terms(const Ctx *c, Buf *b, int n, TermFn fn, const void *arg, const char *sep);
void ex_count_note(Ctx *c, int n);

/* explain_check.c: whether "expr = result" holds at the digits printed
 * (true when either side is not a number or arithmetic), and a line with
 * each equation that does not written with ≈ (a malloc'd copy; sets
 * c->rounded) */
bool ex_holds(const char *expr, const char *result);
char *ex_mark_rounding(Ctx *c, const char *line);

/* explain_ops.c: one function per operation (explain.c has softmax, layer norm and the row statistics) */
bool explain_elementwise(Ctx *c);
bool explain_neg(Ctx *c);
bool explain_matmul(Ctx *c);
bool explain_scores(Ctx *c);
bool explain_scale(Ctx *c);
bool explain_logits(Ctx *c);
bool explain_temperature(Ctx *c);
bool explain_mask(Ctx *c);
bool explain_map(Ctx *c);
bool explain_shape(Ctx *c);
bool explain_total(Ctx *c);
bool explain_reshape(Ctx *c);
bool explain_transpose(Ctx *c);
bool explain_index(Ctx *c);
bool explain_head(Ctx *c);
bool explain_concat(Ctx *c);
bool explain_stack(Ctx *c);
bool explain_positions(Ctx *c);
bool explain_rope(Ctx *c);
bool explain_embed(Ctx *c);
void explain_value(Ctx *c);

/* explain_norm.c: RMSNorm, and SwiGLU's gate and silu */
bool explain_rmsnorm(Ctx *c);
bool explain_gate(Ctx *c);

#endif

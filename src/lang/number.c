#include "lang/number.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lang/interp.h"
#include "lang/lex.h"
#include "lang/parse.h"

/* the decimals of the first number token in the text */
static int first_digits(const Source *src) {
    Arena arena = {0};
    Lexer lx;
    lex_init(&lx, src, &arena);
    int digits = DIGITS_NONE;
    for (Token t = lex_next(&lx); t.kind != TK_EOF && t.kind != TK_ERROR; t = lex_next(&lx))
        if (t.kind == TK_NUMBER) {
            digits = t.digits;
            break;
        }
    arena_free(&arena);
    return digits;
}

bool number_read(const char *text, MsgLang lang, float *out, int *digits, char *msg, size_t size) {
    Source src;
    Arena arena = {0};
    Diags diags = {.lang = lang};
    Matrix m = {0};
    bool ok = false;
    msg[0] = '\0';
    if (!source_from_text(&src, "answer", text, strlen(text), ".")) {
        msg_format(msg, size, lang, MSG_OUT_OF_MEMORY);
        return false;
    }
    Expr *e = parse_expression(&src, &arena, &diags);
    if (e && diags.errors == 0 && interp_eval(e, &src, NULL, &m, &diags)) {
        if (m.rows == 1 && m.cols == 1) {
            *out = mat_get(&m, 0, 0);
            *digits = first_digits(&src);
            ok = true;
        } else {
            msg_format(msg, size, lang, MSG_NUMBER_NOT_MATRIX, m.rows, m.cols);
        }
    }
    for (int k = 0; !ok && !msg[0] && k < diags.count; k++)
        if (diags.items[k].kind == DIAG_ERROR)
            snprintf(msg, size, "%s", diags.items[k].message);
    if (!ok && !msg[0])
        msg_format(msg, size, lang, MSG_NUMBER_NONE);
    mat_free(&m);
    diags_free(&diags);
    arena_free(&arena);
    source_free(&src);
    return ok;
}

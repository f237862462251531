/* parse.c - a recursive-descent parser; each function's grammar rule is in
 * the comment above it. Errors are reported at the token that could not
 * be used; the statement is then abandoned up to the end of its line. */
#include "lang/parse.h"

#include <string.h>

#include "util/suggest.h"

const char *const parse_keywords[] = {"lesson", "language", "profile", "set",    "tokens",
                                      "step",   "formula",  "say",     "ask",    "expect",
                                      "show",   "attention", "heads", NULL};

/* ---- token plumbing ---------------------------------------------------- */

static void error_at(Parser *p, const Token *t, const char *hint, const char *message) {
    if (t->pos.line == p->error_line)
        return;
    p->error_line = t->pos.line;
    diag_add(p->diags, DIAG_ERROR, t->pos, t->span, hint, "%s", message);
}

/* next: consume cur. Lexer errors are reported here, once, and skipped,
 * so the grammar functions only ever see valid tokens. */
static void next(Parser *p) {
    p->prev = p->cur;
    for (;;) {
        p->cur = lex_next(&p->lx);
        if (p->cur.kind != TK_ERROR)
            return;
        error_at(p, &p->cur, NULL, p->cur.text);
    }
}

static bool check(const Parser *p, TokenKind kind) { return p->cur.kind == kind; }
static bool check_word(const Parser *p, const char *word) {
    return p->cur.kind == TK_IDENT && strcmp(p->cur.text, word) == 0;
}

static bool accept(Parser *p, TokenKind kind) {
    if (!check(p, kind))
        return false;
    next(p);
    return true;
}

static const char *describe(const Token *t) {
    static char buf[96];
    if (t->kind == TK_IDENT || t->kind == TK_NUMBER)
        snprintf(buf, sizeof buf, "'%.*s'", (int)(t->len > 40 ? 40 : t->len), t->start);
    else
        snprintf(buf, sizeof buf, "%s", lex_token_name(t->kind));
    return buf;
}

static bool expect_tok(Parser *p, TokenKind kind, const char *what) {
    if (accept(p, kind))
        return true;
    char msg[256];
    snprintf(msg, sizeof msg, "expected %s %s, found %s", lex_token_name(kind), what, describe(&p->cur));
    error_at(p, &p->cur, NULL, msg);
    return false;
}

/* skip to the end of the current line (error recovery) */
static void sync_line(Parser *p) {
    p->lx.depth = 0;
    while (!check(p, TK_NEWLINE) && !check(p, TK_EOF))
        next(p);
}

static Expr *new_expr(Parser *p, ExprKind kind, const Token *at) {
    Expr *e = arena_alloc(p->arena, sizeof *e);
    e->kind = kind;
    e->pos = at->pos;
    e->span = at->span;
    e->start = at->pos.offset;
    e->digits = DIGITS_NONE;
    return e;
}

/* ---- expressions ------------------------------------------------------- */

static int height_of(const Expr *e) { return e ? e->height : 0; }

/* done: record where e's text ends (just past the token consumed last),
 * and its height; a tree taller than PARSE_MAX_HEIGHT is refused, so that
 * evaluating it (recursively) cannot exhaust the stack */
static Expr *done(Parser *p, Expr *e) {
    if (!e)
        return NULL;
    e->end = (size_t)(p->prev.start - p->lx.src->text) + p->prev.len;
    int h = height_of(e->lhs);
    const Expr *kids[] = {e->rhs, e->index[0], e->index[1], e->rows, e->cols, e->seed, e->scale};
    for (size_t k = 0; k < sizeof kids / sizeof kids[0]; k++)
        h = height_of(kids[k]) > h ? height_of(kids[k]) : h;
    for (int k = 0; k < e->nitems; k++)
        h = height_of(e->items[k]) > h ? height_of(e->items[k]) : h;
    for (int k = 0; k < e->nargs; k++)
        h = height_of(e->args[k].value) > h ? height_of(e->args[k].value) : h;
    e->height = h + 1;
    if (e->height > PARSE_MAX_HEIGHT) {
        char msg[128];
        snprintf(msg, sizeof msg, "this expression chains more than %d operations", PARSE_MAX_HEIGHT);
        Token at = {.pos = e->pos, .span = e->span};
        error_at(p, &at, "split it into several statements", msg);
        return NULL;
    }
    return e;
}

static Expr *parse_expr(Parser *p);

/* list := '[' [ expr { ',' expr } [','] ] ']' */
static Expr *parse_list(Parser *p) {
    Expr *e = new_expr(p, E_LIST, &p->cur);
    next(p); /* [ */
    int cap = 0;
    while (!check(p, TK_RBRACK)) {
        Expr *item = parse_expr(p);
        if (!item)
            return NULL;
        if (e->nitems == cap) {
            cap = cap ? cap * 2 : 8;
            Expr **items = arena_alloc(p->arena, (size_t)cap * sizeof *items);
            if (e->nitems)
                memcpy(items, e->items, (size_t)e->nitems * sizeof *items);
            e->items = items;
        }
        e->items[e->nitems++] = item;
        if (!accept(p, TK_COMMA))
            break;
    }
    if (!check(p, TK_RBRACK)) {
        char msg[160], hint[96];
        snprintf(msg, sizeof msg, "expected ',' or ']' in this list, found %s", describe(&p->cur));
        snprintf(hint, sizeof hint, "the '[' at line %d, column %d is not closed", e->pos.line, e->pos.col);
        error_at(p, &p->cur, hint, msg);
        return NULL;
    }
    next(p);
    return done(p, e);
}

/* args := arg { ',' arg }     arg := [ NAME '=' ] expr */
static Expr *parse_call(Parser *p, Expr *e) {
    next(p); /* ( */
    int cap = 0;
    while (!check(p, TK_RPAREN)) {
        Arg arg = {.pos = p->cur.pos};
        if (check(p, TK_IDENT)) {
            /* a keyword argument is NAME '=' (one token of lookahead past the name) */
            Lexer ahead = p->lx;
            if (lex_next(&ahead).kind == TK_ASSIGN) {
                arg.name = p->cur.text;
                next(p);
                next(p);
            }
        }
        arg.value = parse_expr(p);
        if (!arg.value)
            return NULL;
        if (e->nargs == cap) {
            cap = cap ? cap * 2 : 4;
            Arg *args = arena_alloc(p->arena, (size_t)cap * sizeof *args);
            if (e->nargs)
                memcpy(args, e->args, (size_t)e->nargs * sizeof *args);
            e->args = args;
        }
        e->args[e->nargs++] = arg;
        if (!accept(p, TK_COMMA))
            break;
    }
    if (!expect_tok(p, TK_RPAREN, "to close the argument list"))
        return NULL;
    return done(p, e);
}

/* random := 'random' expr 'x' expr 'seed' expr [ 'scale' expr ] */
static Expr *parse_random(Parser *p) {
    Expr *e = new_expr(p, E_RANDOM, &p->cur);
    next(p);
    if (!(e->rows = parse_expr(p)))
        return NULL;
    if (check_word(p, "x")) /* 'random n x n': the x is a word there */
        next(p);
    else if (!expect_tok(p, TK_BY, "between the sizes, as in 'random 4x4 seed 1'"))
        return NULL;
    if (!(e->cols = parse_expr(p)))
        return NULL;
    if (!check_word(p, "seed")) {
        error_at(p, &p->cur, "every random matrix needs a seed, so a class sees the same numbers: "
                             "'random 4x4 seed 1'", "expected 'seed' after the size");
        return NULL;
    }
    next(p);
    if (!(e->seed = parse_expr(p)))
        return NULL;
    if (check_word(p, "scale")) {
        next(p);
        if (!(e->scale = parse_expr(p)))
            return NULL;
    }
    return done(p, e);
}

/* primary := NUMBER | NAME [ '(' args ')' ] | '(' expr ')' | list
 *          | random | 'load' STRING */
static Expr *parse_primary(Parser *p) {
    Token t = p->cur;
    switch (t.kind) {
    case TK_NUMBER: {
        Expr *e = new_expr(p, E_NUMBER, &t);
        e->number = t.number;
        e->digits = t.digits;
        next(p);
        return done(p, e);
    }
    case TK_IDENT: {
        if (strcmp(t.text, "random") == 0)
            return parse_random(p);
        if (strcmp(t.text, "load") == 0) {
            Expr *e = new_expr(p, E_LOAD, &t);
            next(p);
            if (!check(p, TK_STRING)) {
                error_at(p, &p->cur, "write the path in quotes: load \"weights/Wq.npy\"",
                         "expected a file name after 'load'");
                return NULL;
            }
            e->name = p->cur.text;
            next(p);
            return done(p, e);
        }
        Expr *e = new_expr(p, E_NAME, &t);
        e->name = t.text;
        next(p);
        if (check(p, TK_LPAREN)) {
            e->kind = E_CALL;
            return parse_call(p, e);
        }
        return done(p, e);
    }
    case TK_LPAREN: {
        next(p);
        Expr *e = parse_expr(p);
        if (!e || !expect_tok(p, TK_RPAREN, "to close '('"))
            return NULL;
        e->start = t.pos.offset; /* its text, for labels, keeps the parentheses */
        return done(p, e);
    }
    case TK_LBRACK:
        return parse_list(p);
    default: {
        char msg[160];
        snprintf(msg, sizeof msg, "expected a value, found %s", describe(&t));
        error_at(p, &t, NULL, msg);
        return NULL;
    }
    }
}

/* postfix := primary { '[' expr ']' | '^T' } */
static Expr *parse_postfix(Parser *p) {
    Expr *e = parse_primary(p);
    while (e) {
        if (check(p, TK_TRANSPOSE)) {
            Expr *t = new_expr(p, E_TRANSPOSE, &p->cur);
            t->lhs = e;
            t->start = e->start;
            next(p);
            e = done(p, t);
        } else if (check(p, TK_LBRACK)) {
            if (e->kind == E_INDEX && e->index[1]) {
                error_at(p, &p->cur, NULL, "a matrix has two indices: M[row][column]");
                return NULL;
            }
            Expr *ix = e->kind == E_INDEX && !e->index[1] ? e : NULL;
            if (!ix) {
                ix = new_expr(p, E_INDEX, &p->cur);
                ix->lhs = e;
                ix->start = e->start;
            } else if (ix->index[1]) {
                error_at(p, &p->cur, NULL, "a matrix has two indices: M[row][column]");
                return NULL;
            }
            next(p);
            Expr *i = parse_expr(p);
            if (!i || !expect_tok(p, TK_RBRACK, "to close the index"))
                return NULL;
            if (!ix->index[0])
                ix->index[0] = i;
            else
                ix->index[1] = i;
            e = done(p, ix);
        } else {
            break;
        }
    }
    return e;
}

static Expr *binary(Parser *p, BinaryOp op, Expr *lhs, Expr *rhs, const Token *at);
static Expr *parse_unary(Parser *p);

/* power := postfix [ '^' unary ]      (right-associative; -x^2 is -(x^2)) */
static Expr *parse_power(Parser *p) {
    Expr *e = parse_postfix(p);
    if (e && check(p, TK_CARET)) {
        Token op = p->cur;
        next(p);
        if (++p->depth > PARSE_MAX_DEPTH) {
            error_at(p, &op, NULL, "too many '^' in a row");
            return NULL;
        }
        Expr *rhs = parse_unary(p);
        p->depth--;
        if (!rhs)
            return NULL;
        e = done(p, binary(p, OP_POW, e, rhs, &op));
    }
    return e;
}

/* unary := '-' unary | '+' unary | power */
static Expr *parse_unary(Parser *p) {
    if (check(p, TK_MINUS)) {
        Expr *e = new_expr(p, E_NEG, &p->cur);
        next(p);
        if (++p->depth > PARSE_MAX_DEPTH) {
            error_at(p, &p->prev, NULL, "too many signs in a row");
            return NULL;
        }
        e->lhs = parse_unary(p);
        p->depth--;
        return e->lhs ? done(p, e) : NULL;
    }
    if (check(p, TK_PLUS))
        next(p);
    return parse_power(p);
}

static Expr *binary(Parser *p, BinaryOp op, Expr *lhs, Expr *rhs, const Token *at) {
    Expr *e = new_expr(p, E_BINARY, at);
    e->start = lhs->start;
    e->op = op;
    e->lhs = lhs;
    e->rhs = rhs;
    return e;
}

/* term := unary { ('*' | '/' | '@') unary } */
static Expr *parse_term(Parser *p) {
    Expr *e = parse_unary(p);
    while (e && (check(p, TK_STAR) || check(p, TK_SLASH) || check(p, TK_AT))) {
        Token op = p->cur;
        next(p);
        Expr *rhs = parse_unary(p);
        if (!rhs)
            return NULL;
        e = done(p, binary(p, op.kind == TK_STAR ? OP_MUL : op.kind == TK_SLASH ? OP_DIV : OP_MATMUL, e, rhs, &op));
    }
    return e;
}

/* expr := term { ('+' | '-') term } */
static Expr *parse_expr(Parser *p) {
    if (++p->depth > PARSE_MAX_DEPTH) {
        char msg[96];
        snprintf(msg, sizeof msg, "brackets nest deeper than the limit of %d", PARSE_MAX_DEPTH);
        error_at(p, &p->cur, NULL, msg);
        p->depth--;
        return NULL;
    }
    Expr *e = parse_term(p);
    while (e && (check(p, TK_PLUS) || check(p, TK_MINUS))) {
        Token op = p->cur;
        next(p);
        Expr *rhs = parse_term(p);
        if (!rhs) {
            e = NULL;
            break;
        }
        e = done(p, binary(p, op.kind == TK_PLUS ? OP_ADD : OP_SUB, e, rhs, &op));
    }
    p->depth--;
    return e;
}

/* ---- statements -------------------------------------------------------- */

static Stmt *new_stmt(Parser *p, StmtKind kind, const Token *at) {
    Stmt *s = arena_alloc(p->arena, sizeof *s);
    s->kind = kind;
    s->pos = at->pos;
    s->span = at->span;
    return s;
}

static const char *expect_string(Parser *p, const char *after) {
    if (!check(p, TK_STRING)) {
        char msg[160];
        snprintf(msg, sizeof msg, "expected a quoted string after '%s', found %s", after,
                 describe(&p->cur));
        error_at(p, &p->cur, NULL, msg);
        return NULL;
    }
    const char *s = p->cur.text;
    next(p);
    return s;
}

static const char *expect_word(Parser *p, const char *after) {
    if (!check(p, TK_IDENT)) {
        char msg[160];
        snprintf(msg, sizeof msg, "expected a name after '%s', found %s", after, describe(&p->cur));
        error_at(p, &p->cur, NULL, msg);
        return NULL;
    }
    const char *s = p->cur.text;
    next(p);
    return s;
}

/* tokens := 'tokens' WORD { WORD }    (the rest of the line, split on blanks;
 *           a word in double quotes may contain blanks) */
static Stmt *parse_tokens(Parser *p, Stmt *s) {
    SrcPos pos;
    const char *rest = lex_rest_of_line(&p->lx, &pos);
    s->text_pos = pos;
    int cap = 8;
    s->names = arena_alloc(p->arena, (size_t)cap * sizeof *s->names);
    for (const char *c = rest; *c;) {
        while (*c == ' ' || *c == '\t')
            c++;
        if (!*c)
            break;
        const char *start = c, *end;
        if (*c == '"') {
            start = ++c;
            while (*c && *c != '"')
                c++;
            end = c;
            if (*c)
                c++;
        } else {
            while (*c && *c != ' ' && *c != '\t')
                c++;
            end = c;
        }
        if (s->nnames == cap) {
            cap *= 2;
            const char **names = arena_alloc(p->arena, (size_t)cap * sizeof *names);
            memcpy(names, s->names, (size_t)s->nnames * sizeof *names);
            s->names = names;
        }
        s->names[s->nnames++] = arena_strndup(p->arena, start, (size_t)(end - start));
    }
    next(p);
    if (s->nnames == 0) {
        error_at(p, &p->prev, "write the words after it: tokens I love cats", "'tokens' needs at least one word");
        return NULL;
    }
    return s;
}

/* attention := 'attention' expr { option }
 * option    := 'heads' expr | 'mask' ('causal' | 'none')
 *            | 'positions' ('sinusoidal' | 'none') */
static Stmt *parse_attention(Parser *p, Stmt *s) {
    if (!(s->expr = parse_expr(p)))
        return NULL;
    const int cap = 16;
    s->options = arena_alloc(p->arena, (size_t)cap * sizeof *s->options);
    while (check(p, TK_IDENT)) {
        if (s->noptions == cap) {
            error_at(p, &p->cur, NULL, "attention takes at most 16 options");
            return NULL;
        }
        Arg *opt = &s->options[s->noptions++];
        opt->name = p->cur.text;
        opt->pos = p->cur.pos;
        next(p);
        if (!check(p, TK_NEWLINE) && !check(p, TK_EOF) && !(opt->value = parse_postfix(p)))
            return NULL;
    }
    return s;
}

static Stmt *parse_statement(Parser *p);

/* step := 'step' STRING NEWLINE { INDENTED statement NEWLINE } */
static Stmt *parse_step(Parser *p, Stmt *s, int step_indent) {
    if (!(s->text = expect_string(p, "step")))
        return NULL;
    if (!check(p, TK_NEWLINE) && !check(p, TK_EOF)) {
        char msg[160];
        snprintf(msg, sizeof msg, "expected the end of the line after the step's title, found %s",
                 describe(&p->cur));
        error_at(p, &p->cur, "put the step's statements on the lines below it, indented", msg);
        sync_line(p);
    }
    int cap = 0;
    for (;;) {
        while (accept(p, TK_NEWLINE)) {
        }
        if (check(p, TK_EOF) || p->cur.indent <= step_indent)
            break;
        if (check_word(p, "step")) {
            error_at(p, &p->cur, "start the new step at the left margin", "a step cannot contain another step");
            sync_line(p);
            continue;
        }
        Stmt *b = parse_statement(p);
        if (!b) {
            sync_line(p);
            continue;
        }
        b->end_line = p->prev.pos.line;
        if (s->nbody == cap) {
            cap = cap ? cap * 2 : 8;
            Stmt **body = arena_alloc(p->arena, (size_t)cap * sizeof *body);
            if (s->nbody)
                memcpy(body, s->body, (size_t)s->nbody * sizeof *body);
            s->body = body;
        }
        s->body[s->nbody++] = b;
        if (!check(p, TK_NEWLINE) && !check(p, TK_EOF)) {
            char msg[160];
            snprintf(msg, sizeof msg, "expected the end of the statement, found %s", describe(&p->cur));
            error_at(p, &p->cur, NULL, msg);
            sync_line(p);
        }
    }
    return s;
}

/* assign := NAME { ',' NAME } '=' expr */
static Stmt *parse_assign(Parser *p) {
    Token first = p->cur;
    Stmt *s = new_stmt(p, S_ASSIGN, &first);
    s->names = arena_alloc(p->arena, AST_MAX_NAMES * sizeof *s->names);
    s->name_pos = arena_alloc(p->arena, AST_MAX_NAMES * sizeof *s->name_pos);
    for (;;) {
        if (!check(p, TK_IDENT)) {
            char msg[160];
            snprintf(msg, sizeof msg, "expected a name, found %s", describe(&p->cur));
            error_at(p, &p->cur, NULL, msg);
            return NULL;
        }
        if (s->nnames == AST_MAX_NAMES) {
            error_at(p, &p->cur, NULL, "too many names on the left of '=' (the limit is 16)");
            return NULL;
        }
        s->name_pos[s->nnames] = p->cur.pos;
        s->names[s->nnames++] = p->cur.text;
        next(p);
        if (!accept(p, TK_COMMA))
            break;
    }
    if (!check(p, TK_ASSIGN)) {
        char msg[200];
        const char *near = s->nnames == 1 ? suggest_closest(first.text, parse_keywords) : NULL;
        char hint[96];
        if (near)
            snprintf(hint, sizeof hint, "did you mean '%s'?", near);
        if (s->nnames == 1 && (check(p, TK_NEWLINE) || check(p, TK_EOF)))
            snprintf(msg, sizeof msg, "'%s' on its own does nothing: expected '=' after it, or a statement",
                     first.text);
        else if (s->nnames == 1 && check(p, TK_EQEQ))
            snprintf(msg, sizeof msg, "'==' compares; to assign write '=' (to check a value write 'expect %s == ...')",
                     first.text);
        else
            snprintf(msg, sizeof msg, "expected '=' after '%s', found %s", s->names[s->nnames - 1],
                     describe(&p->cur));
        error_at(p, near ? &first : &p->cur, near ? hint : NULL, msg);
        return NULL;
    }
    next(p);
    return (s->expr = parse_expr(p)) ? s : NULL;
}

/* statement := 'lesson' STRING | 'language' NAME | 'profile' NAME
 *            | 'set' NAME (NAME | expr) | tokens | step
 *            | 'formula' REST_OF_LINE | 'say' STRING { STRING }
 *            | 'ask' expr | 'expect' expr ('==' | '!=') expr [ 'within' expr ]
 *            | 'show' expr | attention | assign */
static Stmt *parse_statement(Parser *p) {
    Token t = p->cur;
    if (++p->nstmts > PARSE_MAX_STATEMENTS) {
        if (p->nstmts == PARSE_MAX_STATEMENTS + 1)
            error_at(p, &t, NULL, "the lesson has more statements than the limit of 10000");
        return NULL;
    }
    if (t.kind != TK_IDENT) {
        char msg[160];
        snprintf(msg, sizeof msg, "expected a statement, found %s", describe(&t));
        error_at(p, &t, NULL, msg);
        return NULL;
    }
    /* a keyword followed by '=' or ',' is an ordinary assignment (ask = 1);
     * look one token ahead on a copy of the lexer, reporting nothing */
    Lexer ahead = p->lx;
    Token after = lex_next(&ahead);
    if (after.kind == TK_ASSIGN || after.kind == TK_COMMA)
        return parse_assign(p);

    const char *k = t.text;
    Stmt *s;
    if (strcmp(k, "lesson") == 0 || strcmp(k, "say") == 0) {
        s = new_stmt(p, k[0] == 'l' ? S_LESSON : S_SAY, &t);
        next(p);
        s->text_pos = p->cur.pos;
        if (!(s->text = expect_string(p, k)))
            return NULL;
        while (s->kind == S_SAY && check(p, TK_STRING)) { /* say "a" "b": one line each */
            size_t n = strlen(s->text) + strlen(p->cur.text) + 2;
            char *joined = arena_alloc(p->arena, n);
            snprintf(joined, n, "%s\n%s", s->text, p->cur.text);
            s->text = joined;
            next(p);
        }
    } else if (strcmp(k, "language") == 0 || strcmp(k, "profile") == 0) {
        s = new_stmt(p, k[0] == 'l' ? S_LANGUAGE : S_PROFILE, &t);
        next(p);
        s->text_pos = p->cur.pos;
        if (!(s->text = expect_word(p, k)))
            return NULL;
    } else if (strcmp(k, "set") == 0 || strcmp(k, "heads") == 0) {
        s = new_stmt(p, S_SET, &t); /* 'heads 2' is short for 'set heads 2' */
        next(p);
        s->text_pos = p->cur.pos;
        if (k[0] == 'h')
            s->key = "heads";
        else if (!(s->key = expect_word(p, "set")))
            return NULL;
        if (!(s->expr = parse_expr(p)))
            return NULL;
    } else if (strcmp(k, "tokens") == 0) {
        s = new_stmt(p, S_TOKENS, &t);
        return parse_tokens(p, s);
    } else if (strcmp(k, "step") == 0) {
        s = new_stmt(p, S_STEP, &t);
        next(p);
        return parse_step(p, s, t.indent);
    } else if (strcmp(k, "formula") == 0) {
        s = new_stmt(p, S_FORMULA, &t);
        s->text = lex_rest_of_line(&p->lx, &s->text_pos);
        next(p);
        if (!*s->text) {
            error_at(p, &t, "write it on the same line: formula T = S / √d_k", "'formula' needs the formula after it");
            return NULL;
        }
    } else if (strcmp(k, "ask") == 0 || strcmp(k, "show") == 0) {
        s = new_stmt(p, k[0] == 'a' ? S_ASK : S_SHOW, &t);
        next(p);
        if (!(s->expr = parse_expr(p)))
            return NULL;
    } else if (strcmp(k, "expect") == 0) {
        s = new_stmt(p, S_EXPECT, &t);
        next(p);
        if (!(s->expr = parse_expr(p)))
            return NULL;
        if (!check(p, TK_EQEQ) && !check(p, TK_NEQ)) {
            char msg[160];
            snprintf(msg, sizeof msg, "expected '==' and the value you expect, found %s", describe(&p->cur));
            error_at(p, &p->cur, "expect softmax([1, 2]) == [0.269, 0.731]", msg);
            return NULL;
        }
        s->negated = check(p, TK_NEQ);
        next(p);
        if (!(s->expected = parse_expr(p)))
            return NULL;
        if (check_word(p, "within")) {
            next(p);
            if (!(s->tolerance = parse_expr(p)))
                return NULL;
        }
    } else if (strcmp(k, "attention") == 0) {
        s = new_stmt(p, S_ATTENTION, &t);
        next(p);
        return parse_attention(p, s);
    } else {
        return parse_assign(p);
    }
    return s;
}

/* program := { [ statement ] NEWLINE } EOF */
bool parse_program(const Source *src, Arena *arena, Diags *diags, Program *out) {
    Parser p = {.arena = arena, .diags = diags};
    lex_init(&p.lx, src, arena);
    next(&p);
    int cap = 0;
    *out = (Program){0};
    int errors_before = diags->errors;
    for (;;) {
        while (accept(&p, TK_NEWLINE)) {
        }
        if (check(&p, TK_EOF))
            break;
        Stmt *s = parse_statement(&p);
        /* a step has read its body up to the next unindented line */
        if (s && s->kind != S_STEP && !check(&p, TK_NEWLINE) && !check(&p, TK_EOF)) {
            char msg[160];
            snprintf(msg, sizeof msg, "expected the end of the statement, found %s", describe(&p.cur));
            error_at(&p, &p.cur, NULL, msg);
            s = NULL;
        }
        if (!s) {
            sync_line(&p);
            continue;
        }
        s->end_line = p.prev.pos.line;
        if (out->nstmts == cap) {
            cap = cap ? cap * 2 : 32;
            Stmt **stmts = arena_alloc(arena, (size_t)cap * sizeof *stmts);
            if (out->nstmts)
                memcpy(stmts, out->stmts, (size_t)out->nstmts * sizeof *stmts);
            out->stmts = stmts;
        }
        out->stmts[out->nstmts++] = s;
    }
    return diags->errors == errors_before;
}

Expr *parse_expression(const Source *src, Arena *arena, Diags *diags) {
    Parser p = {.arena = arena, .diags = diags};
    lex_init(&p.lx, src, arena);
    next(&p);
    while (accept(&p, TK_NEWLINE)) {
    }
    Expr *e = parse_expr(&p);
    while (e && accept(&p, TK_NEWLINE)) {
    }
    if (e && !check(&p, TK_EOF)) {
        char msg[160];
        snprintf(msg, sizeof msg, "expected the end of the expression, found %s", describe(&p.cur));
        error_at(&p, &p.cur, NULL, msg);
        return NULL;
    }
    return e;
}

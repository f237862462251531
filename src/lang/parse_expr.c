/* parse_expr.c - the expression rules of the lesson language, from the
 * loosest to the tightest binding: expr, term, unary, power, postfix,
 * primary; lists, calls, random and load. The grammar rule is above each
 * function; docs/lesson-language.md collects them. */
#include <stdio.h>
#include <string.h>

#include "lang/parse_internal.h"

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
        Token at = {.pos = e->pos, .span = e->span};
        parse_error_at(p, &at, diag_text(p->diags, MSG_HINT_SPLIT_EXPR), MSG_EXPR_TOO_LONG, PARSE_MAX_HEIGHT);
        return NULL;
    }
    return e;
}


/* list := '[' [ expr { ',' expr } [','] ] ']' */
static Expr *parse_list(Parser *p) {
    Expr *e = new_expr(p, E_LIST, &p->cur);
    parse_next(p); /* [ */
    int cap = 0;
    while (!parse_check(p, TK_RBRACK)) {
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
        if (!parse_accept(p, TK_COMMA))
            break;
    }
    if (!parse_check(p, TK_RBRACK)) {
        char hint[96];
        msg_format(hint, sizeof hint, p->diags->lang, MSG_HINT_LIST_UNCLOSED, e->pos.line, e->pos.col);
        parse_error_at(p, &p->cur, hint, MSG_LIST_UNCLOSED, PARSE_DESCRIBE(p, &p->cur));
        return NULL;
    }
    parse_next(p);
    return done(p, e);
}

/* args := arg { ',' arg }     arg := [ NAME '=' ] expr */
static Expr *parse_call(Parser *p, Expr *e) {
    parse_next(p); /* ( */
    int cap = 0;
    while (!parse_check(p, TK_RPAREN)) {
        Arg arg = {.pos = p->cur.pos};
        if (parse_check(p, TK_IDENT)) {
            /* a keyword argument is NAME '=' (one token of lookahead past the name) */
            Lexer ahead = p->lx;
            if (lex_next(&ahead).kind == TK_ASSIGN) {
                arg.name = p->cur.text;
                parse_next(p);
                parse_next(p);
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
        if (!parse_accept(p, TK_COMMA))
            break;
    }
    if (!parse_expect_tok(p, TK_RPAREN, MSG_WHAT_CLOSE_ARGS))
        return NULL;
    return done(p, e);
}

/* random := 'random' expr 'x' expr 'seed' expr [ 'scale' expr ] */
static Expr *parse_random(Parser *p) {
    Expr *e = new_expr(p, E_RANDOM, &p->cur);
    parse_next(p);
    if (!(e->rows = parse_expr(p)))
        return NULL;
    if (parse_check_word(p, "x")) /* 'random n x n': the x is a word there */
        parse_next(p);
    else if (!parse_expect_tok(p, TK_BY, MSG_WHAT_BETWEEN_SIZES))
        return NULL;
    if (!(e->cols = parse_expr(p)))
        return NULL;
    if (!parse_check_word(p, "seed")) {
        parse_error_at(p, &p->cur, diag_text(p->diags, MSG_HINT_RANDOM_SEED), MSG_RANDOM_SEED);
        return NULL;
    }
    parse_next(p);
    if (!(e->seed = parse_expr(p)))
        return NULL;
    if (parse_check_word(p, "scale")) {
        parse_next(p);
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
        parse_next(p);
        return done(p, e);
    }
    case TK_IDENT: {
        if (strcmp(t.text, "random") == 0)
            return parse_random(p);
        if (strcmp(t.text, "load") == 0) {
            Expr *e = new_expr(p, E_LOAD, &t);
            parse_next(p);
            if (!parse_check(p, TK_STRING)) {
                parse_error_at(p, &p->cur, diag_text(p->diags, MSG_HINT_LOAD_FILE), MSG_LOAD_FILE);
                return NULL;
            }
            e->name = p->cur.text;
            parse_next(p);
            return done(p, e);
        }
        Expr *e = new_expr(p, E_NAME, &t);
        e->name = t.text;
        parse_next(p);
        if (parse_check(p, TK_LPAREN)) {
            e->kind = E_CALL;
            return parse_call(p, e);
        }
        return done(p, e);
    }
    case TK_LPAREN: {
        parse_next(p);
        Expr *e = parse_expr(p);
        if (!e || !parse_expect_tok(p, TK_RPAREN, MSG_WHAT_CLOSE_PAREN))
            return NULL;
        e->start = t.pos.offset; /* its text, for labels, keeps the parentheses */
        return done(p, e);
    }
    case TK_LBRACK:
        return parse_list(p);
    default: {
        parse_error_at(p, &t, NULL, MSG_EXPECTED_VALUE, PARSE_DESCRIBE(p, &t));
        return NULL;
    }
    }
}

/* postfix := primary { '[' expr ']' | '^T' } */
Expr *parse_postfix(Parser *p) {
    Expr *e = parse_primary(p);
    while (e) {
        if (parse_check(p, TK_TRANSPOSE)) {
            Expr *t = new_expr(p, E_TRANSPOSE, &p->cur);
            t->lhs = e;
            t->start = e->start;
            parse_next(p);
            e = done(p, t);
        } else if (parse_check(p, TK_LBRACK)) {
            if (e->kind == E_INDEX && e->index[1]) {
                parse_error_at(p, &p->cur, NULL, MSG_TWO_INDICES);
                return NULL;
            }
            Expr *ix = e->kind == E_INDEX && !e->index[1] ? e : NULL;
            if (!ix) {
                ix = new_expr(p, E_INDEX, &p->cur);
                ix->lhs = e;
                ix->start = e->start;
            } else if (ix->index[1]) {
                parse_error_at(p, &p->cur, NULL, MSG_TWO_INDICES);
                return NULL;
            }
            parse_next(p);
            Expr *i = parse_expr(p);
            if (!i || !parse_expect_tok(p, TK_RBRACK, MSG_WHAT_CLOSE_INDEX))
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
    if (e && parse_check(p, TK_CARET)) {
        Token op = p->cur;
        parse_next(p);
        if (++p->depth > PARSE_MAX_DEPTH) {
            parse_error_at(p, &op, NULL, MSG_TOO_MANY_CARETS);
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
    if (parse_check(p, TK_MINUS)) {
        Expr *e = new_expr(p, E_NEG, &p->cur);
        parse_next(p);
        if (++p->depth > PARSE_MAX_DEPTH) {
            parse_error_at(p, &p->prev, NULL, MSG_TOO_MANY_SIGNS);
            return NULL;
        }
        e->lhs = parse_unary(p);
        p->depth--;
        return e->lhs ? done(p, e) : NULL;
    }
    if (parse_check(p, TK_PLUS))
        parse_next(p);
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
    while (e && (parse_check(p, TK_STAR) || parse_check(p, TK_SLASH) || parse_check(p, TK_AT))) {
        Token op = p->cur;
        parse_next(p);
        Expr *rhs = parse_unary(p);
        if (!rhs)
            return NULL;
        e = done(p, binary(p, op.kind == TK_STAR ? OP_MUL : op.kind == TK_SLASH ? OP_DIV : OP_MATMUL, e, rhs, &op));
    }
    return e;
}

/* expr := term { ('+' | '-') term } */
Expr *parse_expr(Parser *p) {
    if (++p->depth > PARSE_MAX_DEPTH) {
        parse_error_at(p, &p->cur, NULL, MSG_NESTING_LIMIT, PARSE_MAX_DEPTH);
        p->depth--;
        return NULL;
    }
    Expr *e = parse_term(p);
    while (e && (parse_check(p, TK_PLUS) || parse_check(p, TK_MINUS))) {
        Token op = p->cur;
        parse_next(p);
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

Expr *parse_expression(const Source *src, Arena *arena, Diags *diags) {
    Parser p = {.arena = arena, .diags = diags};
    lex_init(&p.lx, src, arena);
    parse_next(&p);
    while (parse_accept(&p, TK_NEWLINE)) {
    }
    Expr *e = parse_expr(&p);
    while (e && parse_accept(&p, TK_NEWLINE)) {
    }
    if (e && !parse_check(&p, TK_EOF)) {
        parse_error_at(&p, &p.cur, NULL, MSG_EXPECTED_EXPR_END, PARSE_DESCRIBE(&p, &p.cur));
        return NULL;
    }
    return e;
}

/* parse.c - a recursive-descent parser; each function's grammar rule is in
 * the comment above it. Errors are reported at the token that could not
 * be used; the statement is then abandoned up to the end of its line. */
#include "lang/parse_internal.h"

#include <stdarg.h>
#include <string.h>

#include "attention/options.h"
#include "util/suggest.h"

const char *const parse_keywords[] = {"lesson", "language", "profile", "set",    "tokens",
                                      "step",   "formula",  "say",     "ask",    "expect",
                                      "show",   "attention", "heads", "layer", "vocab", NULL};

/* ---- token plumbing ---------------------------------------------------- */

void parse_error_at(Parser *p, const Token *t, const char *hint, MsgId message, ...) {
    if (t->pos.line == p->error_line)
        return;
    p->error_line = t->pos.line;
    char text[1024];
    va_list ap;
    va_start(ap, message);
    msg_vformat(text, sizeof text, p->diags->lang, message, ap);
    va_end(ap);
    diag_add(p->diags, DIAG_ERROR, t->pos, t->span, hint, MSG_TEXT, text);
}

/* next: consume cur. Lexer errors are reported here, once, and skipped,
 * so the grammar functions only ever see valid tokens. */
void parse_next(Parser *p) {
    p->prev = p->cur;
    for (;;) {
        p->cur = lex_next(&p->lx);
        if (p->cur.kind != TK_ERROR)
            return;
        parse_error_at(p, &p->cur, NULL, p->cur.error);
    }
}

bool parse_check(const Parser *p, TokenKind kind) { return p->cur.kind == kind; }
bool parse_check_word(const Parser *p, const char *word) {
    return p->cur.kind == TK_IDENT && strcmp(p->cur.text, word) == 0;
}

bool parse_accept(Parser *p, TokenKind kind) {
    if (!parse_check(p, kind))
        return false;
    parse_next(p);
    return true;
}

const char *parse_describe(const Parser *p, const Token *t, char *buf, size_t size) {
    if (t->kind == TK_IDENT || t->kind == TK_NUMBER)
        msg_format(buf, size, p->diags->lang, MSG_QUOTED, (int)(t->len > 40 ? 40 : t->len), t->start);
    else
        lex_token_name(t->kind, p->diags->lang, buf, size);
    return buf;
}

bool parse_expect_tok(Parser *p, TokenKind kind, MsgId what) {
    if (parse_accept(p, kind))
        return true;
    char name[32];
    parse_error_at(p, &p->cur, NULL, MSG_EXPECTED_TOKEN, lex_token_name(kind, p->diags->lang, name, sizeof name),
                   diag_text(p->diags, what), PARSE_DESCRIBE(p, &p->cur));
    return false;
}

/* skip to the end of the current line (error recovery) */
void parse_sync_line(Parser *p) {
    p->lx.depth = 0;
    while (!parse_check(p, TK_NEWLINE) && !parse_check(p, TK_EOF))
        parse_next(p);
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
    if (!parse_check(p, TK_STRING)) {
        parse_error_at(p, &p->cur, NULL, MSG_EXPECTED_STRING_AFTER, after, PARSE_DESCRIBE(p, &p->cur));
        return NULL;
    }
    const char *s = p->cur.text;
    parse_next(p);
    return s;
}

static const char *expect_word(Parser *p, const char *after) {
    if (!parse_check(p, TK_IDENT)) {
        parse_error_at(p, &p->cur, NULL, MSG_EXPECTED_NAME_AFTER, after, PARSE_DESCRIBE(p, &p->cur));
        return NULL;
    }
    const char *s = p->cur.text;
    parse_next(p);
    return s;
}

/* tokens := ('tokens' | 'vocab') WORD { WORD }    (the rest of the line,
 *           split on blanks; a word in double quotes may contain blanks) */
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
    parse_next(p);
    if (s->nnames == 0) {
        bool vocab = s->kind == S_VOCAB;
        parse_error_at(p, &p->prev, diag_text(p->diags, vocab ? MSG_HINT_VOCAB_EMPTY : MSG_HINT_TOKENS_EMPTY),
                       vocab ? MSG_VOCAB_EMPTY : MSG_TOKENS_EMPTY);
        return NULL;
    }
    return s;
}

/* the option words of `attention` and `layer`, options.def's (a name
 * after `positions learned` that is none of them is the matrix of learned
 * positions) */
static bool is_attention_option(const char *word) { return attn_option_by_word(word) >= 0; }

/* attention := 'attention' expr { option }
 * option    := 'heads' expr | 'kv_heads' expr | 'mask' ('causal' | 'none')
 *            | 'positions' ('sinusoidal' | 'rope' | 'none' | 'learned' [ NAME ])
 *            | 'rope_pairs' ('interleaved' | 'halves') | 'rope_base' expr
 * (the words are options.def's, which tests/test_options.c checks this
 * comment against; the words after an option are checked where the
 * statement runs, lang/attention_args.c; the NAME after `learned`, P when
 * left out, must not be an option word) */
static Stmt *parse_attention(Parser *p, Stmt *s) {
    if (!(s->expr = parse_expr(p)))
        return NULL;
    const int cap = 16;
    s->options = arena_alloc(p->arena, (size_t)cap * sizeof *s->options);
    while (parse_check(p, TK_IDENT)) {
        if (s->noptions == cap) {
            parse_error_at(p, &p->cur, NULL, MSG_ATTENTION_OPTIONS_LIMIT);
            return NULL;
        }
        Arg *opt = &s->options[s->noptions++];
        opt->name = p->cur.text;
        opt->pos = p->cur.pos;
        parse_next(p);
        if (!parse_check(p, TK_NEWLINE) && !parse_check(p, TK_EOF) && !(opt->value = parse_postfix(p)))
            return NULL;
        if (strcmp(opt->name, "positions") == 0 && opt->value && opt->value->kind == E_NAME &&
            strcmp(opt->value->name, "learned") == 0 && parse_check(p, TK_IDENT) &&
            !is_attention_option(p->cur.text) && !(opt->operand = parse_postfix(p)))
            return NULL;
    }
    return s;
}

/* layer := 'layer' ('encoder' | 'decoder') expr { option }
 * option := every option of attention
 *         | 'norm' ('pre' | 'post') | 'norm_type' ('layer' | 'rms')
 *         | 'ffn' expr | 'activation' ('relu' | 'gelu' | 'gelu_tanh' | 'swiglu')
 *         | 'layers' expr | 'memory' NAME (decoder only)
 *         | 'unembed' NAME | 'temperature' expr | 'record' expr
 * (options.def's words, checked against this comment by
 * tests/test_options.c; the options are checked where the statement runs,
 * lang/attention_args.c) */
static Stmt *parse_layer(Parser *p, Stmt *s) {
    if (!parse_check_word(p, "encoder") && !parse_check_word(p, "decoder")) {
        parse_error_at(p, &p->cur, diag_text(p->diags, MSG_HINT_LAYER_KIND), MSG_LAYER_KIND,
                       PARSE_DESCRIBE(p, &p->cur));
        return NULL;
    }
    s->key = p->cur.text;
    parse_next(p);
    return parse_attention(p, s);
}

static Stmt *parse_statement(Parser *p);

/* step := 'step' STRING NEWLINE { INDENTED statement NEWLINE } */
static Stmt *parse_step(Parser *p, Stmt *s, int step_indent) {
    if (!(s->text = expect_string(p, "step")))
        return NULL;
    if (!parse_check(p, TK_NEWLINE) && !parse_check(p, TK_EOF)) {
        parse_error_at(p, &p->cur, diag_text(p->diags, MSG_HINT_STEP_BODY), MSG_STEP_TITLE_END,
                       PARSE_DESCRIBE(p, &p->cur));
        parse_sync_line(p);
    }
    int cap = 0;
    for (;;) {
        while (parse_accept(p, TK_NEWLINE)) {
        }
        if (parse_check(p, TK_EOF) || p->cur.indent <= step_indent)
            break;
        if (parse_check_word(p, "step")) {
            parse_error_at(p, &p->cur, diag_text(p->diags, MSG_HINT_STEP_IN_STEP), MSG_STEP_IN_STEP);
            parse_sync_line(p);
            continue;
        }
        Stmt *b = parse_statement(p);
        if (!b) {
            parse_sync_line(p);
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
        if (!parse_check(p, TK_NEWLINE) && !parse_check(p, TK_EOF)) {
            parse_error_at(p, &p->cur, NULL, MSG_EXPECTED_STMT_END, PARSE_DESCRIBE(p, &p->cur));
            parse_sync_line(p);
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
        if (!parse_check(p, TK_IDENT)) {
            parse_error_at(p, &p->cur, NULL, MSG_EXPECTED_NAME, PARSE_DESCRIBE(p, &p->cur));
            return NULL;
        }
        if (s->nnames == AST_MAX_NAMES) {
            parse_error_at(p, &p->cur, NULL, MSG_TOO_MANY_NAMES);
            return NULL;
        }
        s->name_pos[s->nnames] = p->cur.pos;
        s->names[s->nnames++] = p->cur.text;
        parse_next(p);
        if (!parse_accept(p, TK_COMMA))
            break;
    }
    if (!parse_check(p, TK_ASSIGN)) {
        const char *near = s->nnames == 1 ? suggest_closest(first.text, parse_keywords) : NULL;
        char hint[96];
        if (near)
            msg_format(hint, sizeof hint, p->diags->lang, MSG_DID_YOU_MEAN, near);
        const Token *at = near ? &first : &p->cur;
        if (s->nnames == 1 && (parse_check(p, TK_NEWLINE) || parse_check(p, TK_EOF)))
            parse_error_at(p, at, near ? hint : NULL, MSG_NAME_ALONE, first.text);
        else if (s->nnames == 1 && parse_check(p, TK_EQEQ))
            parse_error_at(p, at, near ? hint : NULL, MSG_EQEQ_ASSIGN, first.text);
        else
            parse_error_at(p, at, near ? hint : NULL, MSG_EXPECTED_ASSIGN, s->names[s->nnames - 1],
                           PARSE_DESCRIBE(p, &p->cur));
        return NULL;
    }
    parse_next(p);
    return (s->expr = parse_expr(p)) ? s : NULL;
}

/* text_stmt := ('lesson' | 'say') STRING { STRING }   (several only for say) */
static Stmt *parse_text_stmt(Parser *p, Stmt *s, const char *k) {
    s->text_pos = p->cur.pos;
    if (!(s->text = expect_string(p, k)))
        return NULL;
    while (s->kind == S_SAY && parse_check(p, TK_STRING)) { /* say "a" "b": one line each */
        size_t n = strlen(s->text) + strlen(p->cur.text) + 2;
        char *joined = arena_alloc(p->arena, n);
        snprintf(joined, n, "%s\n%s", s->text, p->cur.text);
        s->text = joined;
        parse_next(p);
    }
    return s;
}

/* word_stmt := ('language' | 'profile') NAME */
static Stmt *parse_word_stmt(Parser *p, Stmt *s, const char *k) {
    s->text_pos = p->cur.pos;
    return (s->text = expect_word(p, k)) ? s : NULL;
}

/* set := 'set' NAME (NAME | expr) | 'heads' expr   ('heads 2' is 'set heads 2') */
static Stmt *parse_set(Parser *p, Stmt *s, const char *k) {
    s->text_pos = p->cur.pos;
    if (k[0] == 'h')
        s->key = "heads";
    else if (!(s->key = expect_word(p, "set")))
        return NULL;
    return (s->expr = parse_expr(p)) ? s : NULL;
}

/* formula := 'formula' REST_OF_LINE   (the keyword is still the current token) */
static Stmt *parse_formula(Parser *p, Stmt *s, const Token *t) {
    s->text = lex_rest_of_line(&p->lx, &s->text_pos);
    parse_next(p);
    if (!*s->text) {
        parse_error_at(p, t, diag_text(p->diags, MSG_HINT_FORMULA_EMPTY), MSG_FORMULA_EMPTY);
        return NULL;
    }
    return s;
}

/* expect := 'expect' expr ('==' | '!=') expr [ 'within' expr ] */
static Stmt *parse_expect_stmt(Parser *p, Stmt *s) {
    if (!(s->expr = parse_expr(p)))
        return NULL;
    if (!parse_check(p, TK_EQEQ) && !parse_check(p, TK_NEQ)) {
        parse_error_at(p, &p->cur, diag_text(p->diags, MSG_HINT_EXPECT), MSG_EXPECTED_EQEQ,
                       PARSE_DESCRIBE(p, &p->cur));
        return NULL;
    }
    s->negated = parse_check(p, TK_NEQ);
    parse_next(p);
    if (!(s->expected = parse_expr(p)))
        return NULL;
    if (parse_check_word(p, "within")) {
        parse_next(p);
        if (!(s->tolerance = parse_expr(p)))
            return NULL;
    }
    return s;
}

/* The statements that start with a keyword, and what each becomes. */
static const struct {
    const char *keyword;
    StmtKind kind;
} statement_keywords[] = {
    {"lesson", S_LESSON}, {"say", S_SAY},         {"language", S_LANGUAGE}, {"profile", S_PROFILE},
    {"set", S_SET},       {"heads", S_SET},       {"tokens", S_TOKENS},     {"vocab", S_VOCAB},
    {"step", S_STEP},
    {"formula", S_FORMULA}, {"ask", S_ASK},       {"show", S_SHOW},         {"expect", S_EXPECT},
    {"attention", S_ATTENTION}, {"layer", S_ATTENTION},
};

/* statement := 'lesson' STRING | 'language' NAME | 'profile' NAME
 *            | 'set' NAME (NAME | expr) | tokens | step
 *            | 'formula' REST_OF_LINE | 'say' STRING { STRING }
 *            | 'ask' expr | 'expect' expr ('==' | '!=') expr [ 'within' expr ]
 *            | 'show' expr | attention | layer | assign */
static Stmt *parse_statement(Parser *p) {
    Token t = p->cur;
    if (++p->nstmts > PARSE_MAX_STATEMENTS) {
        if (p->nstmts == PARSE_MAX_STATEMENTS + 1)
            parse_error_at(p, &t, NULL, MSG_TOO_MANY_STMTS);
        return NULL;
    }
    if (t.kind != TK_IDENT) {
        parse_error_at(p, &t, NULL, MSG_EXPECTED_STMT, PARSE_DESCRIBE(p, &t));
        return NULL;
    }
    /* a keyword followed by '=' or ',' is an ordinary assignment (ask = 1);
     * look one token ahead on a copy of the lexer, reporting nothing */
    Lexer ahead = p->lx;
    Token after = lex_next(&ahead);
    if (after.kind == TK_ASSIGN || after.kind == TK_COMMA)
        return parse_assign(p);

    const char *k = t.text;
    size_t n = sizeof statement_keywords / sizeof statement_keywords[0], i = 0;
    while (i < n && strcmp(k, statement_keywords[i].keyword) != 0)
        i++;
    if (i == n)
        return parse_assign(p);
    Stmt *s = new_stmt(p, statement_keywords[i].kind, &t);
    if (s->kind == S_TOKENS || s->kind == S_VOCAB)
        return parse_tokens(p, s);
    if (s->kind == S_FORMULA)
        return parse_formula(p, s, &t);
    parse_next(p);
    switch (s->kind) {
    case S_LESSON:
    case S_SAY: return parse_text_stmt(p, s, k);
    case S_LANGUAGE:
    case S_PROFILE: return parse_word_stmt(p, s, k);
    case S_SET: return parse_set(p, s, k);
    case S_STEP: return parse_step(p, s, t.indent);
    case S_ASK:
    case S_SHOW: return (s->expr = parse_expr(p)) ? s : NULL;
    case S_EXPECT: return parse_expect_stmt(p, s);
    case S_ATTENTION: return k[0] == 'l' ? parse_layer(p, s) : parse_attention(p, s);
    default: return NULL; /* S_TOKENS, S_VOCAB, S_FORMULA above; S_ASSIGN is no keyword */
    }
}

/* program := { [ statement ] NEWLINE } EOF */
bool parse_program(const Source *src, Arena *arena, Diags *diags, Program *out) {
    Parser p = {.arena = arena, .diags = diags};
    lex_init(&p.lx, src, arena);
    parse_next(&p);
    int cap = 0;
    *out = (Program){0};
    int errors_before = diags->errors;
    for (;;) {
        while (parse_accept(&p, TK_NEWLINE)) {
        }
        if (parse_check(&p, TK_EOF))
            break;
        Stmt *s = parse_statement(&p);
        /* a step has read its body up to the next unindented line */
        if (s && s->kind != S_STEP && !parse_check(&p, TK_NEWLINE) && !parse_check(&p, TK_EOF)) {
            parse_error_at(&p, &p.cur, NULL, MSG_EXPECTED_STMT_END, PARSE_DESCRIBE(&p, &p.cur));
            s = NULL;
        }
        if (!s) {
            parse_sync_line(&p);
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


/* parse_internal.h - what the parser's two files share: the token
 * plumbing (parse.c) and the expression rules (parse_expr.c). */
#ifndef ATTNSTEP_PARSE_INTERNAL_H
#define ATTNSTEP_PARSE_INTERNAL_H

#include "lang/parse.h"

/* parse.c: tokens. An error is reported at a token (cascades on the same
 * line are dropped); lexer errors are reported by parse_next. */
void parse_error_at(Parser *p, const Token *t, const char *hint, MsgId message, ...);
void parse_next(Parser *p);
bool parse_check(const Parser *p, TokenKind kind);
bool parse_check_word(const Parser *p, const char *word);
bool parse_accept(Parser *p, TokenKind kind);
/* parse_describe: how a token reads in a message ('x', "a number"), in the
 * diagnostics' language, written into buf; returns buf. */
const char *parse_describe(const Parser *p, const Token *t, char *buf, size_t size);
#define PARSE_DESCRIBE(p, t) parse_describe((p), (t), (char[96]){0}, 96)
/* parse_expect_tok: accept a token of `kind` or report "expected ')' <what>" */
bool parse_expect_tok(Parser *p, TokenKind kind, MsgId what);
void parse_sync_line(Parser *p);

/* parse_expr.c: expr and postfix, the rules statements use */
Expr *parse_expr(Parser *p);
Expr *parse_postfix(Parser *p);

#endif

/* parse.h - lesson text to a Program (ast.h), with error recovery.
 *
 * The grammar is written above each parse_ function in parse.c and
 * collected in docs/lesson-language.md. After an error the parser skips
 * to the next line and goes on, so one run reports several errors.
 */
#ifndef ATTNSTEP_PARSE_H
#define ATTNSTEP_PARSE_H

#include "lang/ast.h"
#include "lang/lex.h"

/* Documented limits. */
#define PARSE_MAX_DEPTH 64          /* nested brackets and parentheses */
#define PARSE_MAX_HEIGHT 256        /* operations in one chain, like 1+1+...+1 */
#define PARSE_MAX_STATEMENTS 10000  /* statements in one lesson */

typedef struct Parser {
    Lexer lx;
    Token cur;      /* the token being looked at */
    Token prev;     /* the one just consumed */
    Arena *arena;
    Diags *diags;
    int depth;
    int nstmts;
    int error_line; /* errors after the first on a line are cascades: dropped */
} Parser;

/* parse_program: parse all of src. The tree lives in `arena`; problems go
 * to `diags`. Returns true when there were no errors. */
bool parse_program(const Source *src, Arena *arena, Diags *diags, Program *out);

/* parse_expression: parse src as one expression (for `attnstep eval`). */
Expr *parse_expression(const Source *src, Arena *arena, Diags *diags);

/* The statement keywords, NULL-terminated (for suggestions). */
extern const char *const parse_keywords[];

#endif

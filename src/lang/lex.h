/* lex.h - the lesson language's lexer: UTF-8 text to tokens, on demand.
 *
 * Newlines end statements, except inside ( ) and [ ], so a matrix literal
 * may span lines. Every token knows its position and whether it is the
 * first on its line (then `indent` is its column), which is how the parser
 * sees the indented body of a `step`. `#` starts a comment to the end of
 * the line. Errors (a stray character, an unterminated string, invalid
 * UTF-8) become TK_ERROR tokens carrying a message; the lexer always goes
 * on from the next character, so the parser can report several.
 */
#ifndef ATTNSTEP_LEX_H
#define ATTNSTEP_LEX_H

#include "lang/ast.h"
#include "lang/source.h"
#include "util/arena.h"

typedef enum {
    TK_EOF,
    TK_NEWLINE,
    TK_IDENT,
    TK_NUMBER,
    TK_STRING,
    TK_LPAREN, TK_RPAREN, TK_LBRACK, TK_RBRACK,
    TK_COMMA, TK_COLON,
    TK_ASSIGN,    /* = */
    TK_EQEQ,      /* == */
    TK_NEQ,       /* != */
    TK_PLUS, TK_MINUS, TK_STAR, TK_SLASH,
    TK_AT,        /* @ (also ·) */
    TK_CARET,     /* ^ (power), when not ^T */
    TK_TRANSPOSE, /* ^T, .T or ᵀ */
    TK_BY,        /* the x of 4x4 (or 4×4), right after a number */
    TK_ERROR,
} TokenKind;

typedef struct Token {
    TokenKind kind;
    SrcPos pos;
    int span;          /* length in characters, for the caret */
    const char *start; /* into the source text */
    size_t len;        /* bytes */
    int indent;        /* column when first on its line, else 0 */
    double number;     /* TK_NUMBER */
    const char *text;  /* TK_STRING: the decoded value; TK_IDENT: the name
                          (both in the arena) */
    MsgId error;       /* TK_ERROR: what is wrong */
    int digits;        /* TK_NUMBER: decimals written after the point, less
                          the exponent (1.5e2 has -1), for tolerances that
                          follow them; DIGITS_NONE without a point */
} Token;

typedef struct Lexer {
    const Source *src;
    Arena *arena;
    size_t pos;        /* byte offset of the next character */
    int line, col;     /* of the next character */
    int depth;         /* ( [ nesting: newlines inside are skipped */
    bool line_start;   /* nothing but blanks seen on this line so far */
    size_t number_end; /* where the last number ended (for 4x4) */
} Lexer;

/* lex_init: start at the beginning of src; strings go into arena. A
 * leading UTF-8 byte-order mark is skipped. */
void lex_init(Lexer *lx, const Source *src, Arena *arena);

/* lex_next: the next token. */
Token lex_next(Lexer *lx);

/* lex_rest_of_line: the raw text from the current position to the end of
 * the line (a ` #` comment is cut off, surrounding blanks trimmed), and
 * the lexer moves to the newline. Used for `formula` and `tokens`. */
const char *lex_rest_of_line(Lexer *lx, SrcPos *pos);

/* lex_token_name: how a token kind reads in a message in `lang` ("']'",
 * "a number"), written into buf; returns buf. */
const char *lex_token_name(TokenKind kind, MsgLang lang, char *buf, size_t size);

#endif

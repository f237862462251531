/* lex.c - see lex.h. Positions advance one character at a time through
 * advance(), the only place that tracks line and column. */
#include "lang/lex.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/utf8.h"

void lex_init(Lexer *lx, const Source *src, Arena *arena) {
    *lx = (Lexer){.src = src, .arena = arena, .pos = 0, .line = 1, .col = 1, .line_start = true};
    if (src->len >= 3 && memcmp(src->text, "\xEF\xBB\xBF", 3) == 0)
        lx->pos = 3;
}

static SrcPos here(const Lexer *lx) { return (SrcPos){lx->line, lx->col, lx->pos}; }
static int peek(const Lexer *lx, size_t ahead) {
    return lx->pos + ahead < lx->src->len ? (unsigned char)lx->src->text[lx->pos + ahead] : -1;
}

/* advance: move past one character (a whole UTF-8 sequence, or one invalid
 * byte); returns its byte length */
static int advance(Lexer *lx) {
    unsigned cp;
    int n = utf8_decode(lx->src->text + lx->pos, lx->src->len - lx->pos, &cp);
    if (n == 0)
        n = 1;
    if (lx->src->text[lx->pos] == '\n') {
        lx->line++;
        lx->col = 1;
    } else {
        lx->col++;
    }
    lx->pos += (size_t)n;
    return n;
}

static bool starts_with(const Lexer *lx, const char *s);

/* letters beyond ASCII that may be part of a name: accented Latin, Greek
 * (γ, β, μ), Cyrillic, CJK, kana, Hangul; and subscript digits (Q₀) */
static bool name_char_cp(unsigned cp, bool first) {
    if (cp < 0x80)
        return isalpha((int)cp) || cp == '_' || (!first && isdigit((int)cp));
    if (cp == 0xD7 || cp == 0xF7) /* × ÷ */
        return false;
    return (cp >= 0xC0 && cp <= 0x24F) || (cp >= 0x370 && cp <= 0x3FF) || (cp >= 0x400 && cp <= 0x4FF) ||
           (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
           (cp >= 0xAC00 && cp <= 0xD7AF) || (!first && cp >= 0x2080 && cp <= 0x2089);
}

static bool at_name_char(const Lexer *lx, bool first) {
    unsigned cp;
    int n = utf8_decode(lx->src->text + lx->pos, lx->src->len - lx->pos, &cp);
    return n > 0 && name_char_cp(cp, first);
}

static Token make(const Lexer *lx, TokenKind kind, SrcPos start) {
    return (Token){.kind = kind, .pos = start, .span = lx->line == start.line ? lx->col - start.col : 1,
                   .start = lx->src->text + start.offset, .len = lx->pos - start.offset, .digits = DIGITS_NONE};
}

static Token error_token(Lexer *lx, SrcPos start, MsgId message) {
    Token t = make(lx, TK_ERROR, start);
    t.error = message;
    return t;
}

static bool starts_with(const Lexer *lx, const char *s) {
    size_t n = strlen(s);
    return lx->pos + n <= lx->src->len && memcmp(lx->src->text + lx->pos, s, n) == 0;
}

/* skip blanks, comments, and newlines inside brackets */
static void skip_space(Lexer *lx) {
    for (;;) {
        int c = peek(lx, 0);
        if (c == ' ' || c == '\t' || c == '\r') {
            advance(lx);
        } else if (c == '#') {
            while (peek(lx, 0) != -1 && peek(lx, 0) != '\n')
                advance(lx);
        } else if (c == '\n' && lx->depth > 0) {
            /* a line that starts at the margin with a name is a new
             * statement, not the continuation of an unclosed bracket */
            size_t after = lx->pos + 1;
            if (after < lx->src->len && (isalpha((unsigned char)lx->src->text[after]) ||
                                         lx->src->text[after] == '_')) {
                lx->depth = 0;
                return;
            }
            advance(lx);
        } else {
            return;
        }
    }
}

static Token lex_number(Lexer *lx, SrcPos start) {
    int digits = DIGITS_NONE;
    while (isdigit(peek(lx, 0)))
        advance(lx);
    if (peek(lx, 0) == '.' && isdigit(peek(lx, 1))) {
        advance(lx);
        digits = 0;
        while (isdigit(peek(lx, 0)))
            advance(lx), digits++;
    }
    if ((peek(lx, 0) == 'e' || peek(lx, 0) == 'E') &&
        (isdigit(peek(lx, 1)) || ((peek(lx, 1) == '-' || peek(lx, 1) == '+') && isdigit(peek(lx, 2))))) {
        advance(lx);
        if (peek(lx, 0) == '-' || peek(lx, 0) == '+')
            advance(lx);
        int exp_start = (int)lx->pos;
        while (isdigit(peek(lx, 0)))
            advance(lx);
        /* 1.25e-3 has 5 significant decimals: the exponent shifts them */
        long e = strtol(lx->src->text + exp_start - (lx->src->text[exp_start - 1] == '-' ? 1 : 0), NULL, 10);
        if (digits != DIGITS_NONE) /* 1e3 has no point: a whole number */
            digits -= (int)(e > 1000 ? 1000 : e < -1000 ? -1000 : e);
    }
    /* 4x4, 2x(1+1), 2xn: an x after a number separates two sizes */
    bool by = (peek(lx, 0) == 'x' && (isalnum(peek(lx, 1)) || peek(lx, 1) == '(' || peek(lx, 1) == '_')) ||
              starts_with(lx, "\xC3\x97");
    if (!by && (isalpha(peek(lx, 0)) || peek(lx, 0) == '_')) {
        while (isalnum(peek(lx, 0)) || peek(lx, 0) == '_')
            advance(lx);
        return error_token(lx, start, MSG_LEX_NUMBER_LETTERS);
    }
    Token t = make(lx, TK_NUMBER, start);
    char buf[128];
    size_t n = t.len < sizeof buf - 1 ? t.len : sizeof buf - 1;
    memcpy(buf, t.start, n);
    buf[n] = '\0';
    t.number = strtod(buf, NULL);
    t.digits = digits;
    lx->number_end = lx->pos;
    if (isinf(t.number))
        return error_token(lx, start, MSG_LEX_NUMBER_TOO_LARGE);
    return t;
}

/* remove the common indentation of a triple-quoted string's lines, and a
 * first and last line that are blank */
static char *dedent(Arena *arena, const char *s, size_t n) {
    const char *end = s + n;
    const char *first_nl = memchr(s, '\n', n);
    if (first_nl && strspn(s, " \t\r") == (size_t)(first_nl - s))
        s = first_nl + 1;
    const char *last_nl = NULL;
    for (const char *p = s; p < end; p++)
        if (*p == '\n')
            last_nl = p;
    if (last_nl && strspn(last_nl + 1, " \t\r") >= (size_t)(end - last_nl - 1))
        end = last_nl;
    size_t common = (size_t)-1;
    for (const char *p = s; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *eol = nl ? nl : end;
        size_t ind = strspn(p, " \t");
        if (p + ind < eol && ind < common)
            common = ind;
        p = nl ? nl + 1 : end;
    }
    if (common == (size_t)-1)
        common = 0;
    char *out = arena_alloc(arena, (size_t)(end - s) + 1);
    char *o = out;
    for (const char *p = s; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *eol = nl ? nl : end;
        const char *from = (size_t)(eol - p) >= common ? p + common : eol;
        while (eol > from && (eol[-1] == ' ' || eol[-1] == '\t' || eol[-1] == '\r'))
            eol--;
        memcpy(o, from, (size_t)(eol - from));
        o += eol - from;
        if (nl)
            *o++ = '\n';
        p = nl ? nl + 1 : end;
    }
    *o = '\0';
    return out;
}

static Token lex_string(Lexer *lx, SrcPos start) {
    if (starts_with(lx, "\"\"\"")) {
        advance(lx), advance(lx), advance(lx);
        size_t body = lx->pos;
        while (!starts_with(lx, "\"\"\"")) {
            if (peek(lx, 0) == -1)
                return error_token(lx, start, MSG_LEX_LONG_STRING_OPEN);
            advance(lx);
        }
        size_t body_end = lx->pos;
        advance(lx), advance(lx), advance(lx);
        Token t = make(lx, TK_STRING, start);
        t.span = 3;
        t.text = dedent(lx->arena, lx->src->text + body, body_end - body);
        return t;
    }
    advance(lx);
    char *out = arena_alloc(lx->arena, lx->src->len - lx->pos + 1);
    size_t n = 0;
    for (;;) {
        int c = peek(lx, 0);
        if (c == -1 || c == '\n')
            return error_token(lx, start, MSG_LEX_STRING_OPEN);
        if (c == '"') {
            advance(lx);
            break;
        }
        if (c == '\\') {
            int e = peek(lx, 1);
            if (e == '"' || e == '\\' || e == 'n' || e == 't') {
                out[n++] = e == 'n' ? '\n' : e == 't' ? '\t' : (char)e;
                advance(lx), advance(lx);
                continue;
            }
            /* keep unknown escapes as written: \sqrt reads as itself */
        }
        size_t from = lx->pos;
        int len = advance(lx);
        memcpy(out + n, lx->src->text + from, (size_t)len);
        n += (size_t)len;
    }
    out[n] = '\0';
    Token t = make(lx, TK_STRING, start);
    t.text = out;
    return t;
}

/* The symbols spelled with more than one byte: the printed forms of the
 * operators (·, ⋅, −, ×, ᵀ) and the two-character comparisons. They are
 * tried before the one-byte symbols, so "==" is not read as "=" "=". */
static const struct {
    const char *spelling;
    TokenKind kind;
} spelled_symbols[] = {
    {"\xC2\xB7", TK_AT},            /* · */
    {"\xE2\x8B\x85", TK_AT},        /* ⋅ */
    {"\xE2\x88\x92", TK_MINUS},     /* − (U+2212), as printed */
    {"\xC3\x97", TK_STAR},          /* × between two values */
    {"\xE1\xB5\x80", TK_TRANSPOSE}, /* ᵀ */
    {"!=", TK_NEQ},
    {"==", TK_EQEQ},
};

/* move past `bytes` bytes of plain characters or one multi-byte one */
static void advance_bytes(Lexer *lx, size_t bytes) {
    size_t end = lx->pos + bytes;
    while (lx->pos < end)
        advance(lx);
}

/* 4x4 or 4×4: an x straight after a number, before a size, is "by" */
static bool at_size_by(const Lexer *lx, int c) {
    if (lx->pos != lx->number_end || lx->pos == 0)
        return false;
    int next = peek(lx, 1);
    return (c == 'x' && (isalnum(next) || next == '(' || next == '_')) || starts_with(lx, "\xC3\x97");
}

/* ^T or .T (not .Tx): the transpose written in ASCII */
static bool at_ascii_transpose(const Lexer *lx, int c) {
    int after = peek(lx, 2);
    return (c == '^' || c == '.') && peek(lx, 1) == 'T' && !(isalnum(after) || after == '_');
}

/* lex_symbol: an operator or bracket at the current position, or an
 * error token for a character that starts nothing. Brackets track the
 * nesting depth (a newline inside them does not end a statement). */
static Token lex_symbol(Lexer *lx, SrcPos start, int c) {
    for (size_t i = 0; i < sizeof spelled_symbols / sizeof spelled_symbols[0]; i++)
        if (starts_with(lx, spelled_symbols[i].spelling)) {
            advance_bytes(lx, strlen(spelled_symbols[i].spelling));
            return make(lx, spelled_symbols[i].kind, start);
        }
    if (at_ascii_transpose(lx, c)) {
        advance(lx), advance(lx);
        return make(lx, TK_TRANSPOSE, start);
    }
    static const char singles[] = "()[],:+-*/@^=";
    static const TokenKind kinds[] = {TK_LPAREN, TK_RPAREN, TK_LBRACK, TK_RBRACK, TK_COMMA, TK_COLON, TK_PLUS,
                                      TK_MINUS,  TK_STAR,   TK_SLASH,  TK_AT,     TK_CARET, TK_ASSIGN};
    _Static_assert(sizeof singles - 1 == sizeof kinds / sizeof kinds[0], "one kind per single");
    const char *hit = c > 0 && c < 128 ? strchr(singles, c) : NULL;
    if (!hit) {
        unsigned cp;
        bool valid = utf8_decode(lx->src->text + lx->pos, lx->src->len - lx->pos, &cp) > 0;
        advance(lx);
        return error_token(lx, start, valid ? MSG_LEX_BAD_CHAR : MSG_LEX_BAD_UTF8);
    }
    advance(lx);
    if (c == '(' || c == '[')
        lx->depth++;
    else if ((c == ')' || c == ']') && lx->depth > 0)
        lx->depth--;
    return make(lx, kinds[hit - singles], start);
}

/* lex_next: the next token. A token that starts a line carries its
 * indentation (the column it starts at). */
Token lex_next(Lexer *lx) {
    skip_space(lx);
    SrcPos start = here(lx);
    bool first = lx->line_start;
    lx->line_start = false;
    Token t;
    int c = peek(lx, 0);
    if (c == -1 || c == '\n') {
        if (c == '\n') {
            advance(lx);
            lx->line_start = true;
        }
        t = make(lx, c == -1 ? TK_EOF : TK_NEWLINE, start);
        t.span = 1;
        return t;
    }
    if (at_size_by(lx, c)) {
        advance(lx);
        t = make(lx, TK_BY, start);
    } else if (isdigit(c) || (c == '.' && isdigit(peek(lx, 1)))) {
        t = lex_number(lx, start);
    } else if (starts_with(lx, "\xE2\x88\x9E")) { /* ∞ reads as inf */
        advance(lx);
        t = make(lx, TK_IDENT, start);
        t.text = "inf";
    } else if (at_name_char(lx, true)) {
        while (at_name_char(lx, false))
            advance(lx);
        t = make(lx, TK_IDENT, start);
        t.text = arena_strndup(lx->arena, t.start, t.len);
    } else if (c == '"') {
        t = lex_string(lx, start);
    } else {
        t = lex_symbol(lx, start, c);
    }
    if (first)
        t.indent = start.col;
    return t;
}

const char *lex_rest_of_line(Lexer *lx, SrcPos *pos) {
    while (peek(lx, 0) == ' ' || peek(lx, 0) == '\t')
        advance(lx);
    *pos = here(lx);
    size_t from = lx->pos, end = lx->pos;
    bool quoted = false; /* tokens "C #" D: a # in quotes is a character */
    while (peek(lx, 0) != -1 && peek(lx, 0) != '\n') {
        if (peek(lx, 0) == '"')
            quoted = !quoted;
        if (!quoted && peek(lx, 0) == '#' && lx->pos > from &&
            (lx->src->text[lx->pos - 1] == ' ' || lx->src->text[lx->pos - 1] == '\t'))
            break;
        advance(lx);
        end = lx->pos;
    }
    while (peek(lx, 0) != -1 && peek(lx, 0) != '\n')
        advance(lx);
    while (end > from && strchr(" \t\r", lx->src->text[end - 1]))
        end--;
    return arena_strndup(lx->arena, lx->src->text + from, end - from);
}

const char *lex_token_name(TokenKind kind, MsgLang lang, char *buf, size_t size) {
    static const MsgId words[] = {[TK_EOF] = MSG_TOK_EOF, [TK_NEWLINE] = MSG_TOK_NEWLINE, [TK_IDENT] = MSG_TOK_NAME,
                                  [TK_NUMBER] = MSG_TOK_NUMBER, [TK_STRING] = MSG_TOK_STRING,
                                  [TK_ERROR] = MSG_TOK_INVALID};
    static const char *const symbols[] = {
        [TK_LPAREN] = "(", [TK_RPAREN] = ")", [TK_LBRACK] = "[", [TK_RBRACK] = "]",
        [TK_COMMA] = ",", [TK_COLON] = ":", [TK_ASSIGN] = "=", [TK_EQEQ] = "==", [TK_NEQ] = "!=",
        [TK_PLUS] = "+", [TK_MINUS] = "-", [TK_STAR] = "*", [TK_SLASH] = "/",
        [TK_AT] = "@", [TK_CARET] = "^", [TK_TRANSPOSE] = "^T", [TK_BY] = "x",
    };
    if ((size_t)kind < sizeof symbols / sizeof symbols[0] && symbols[kind])
        msg_format(buf, size, lang, MSG_QUOTED, (int)strlen(symbols[kind]), symbols[kind]);
    else
        snprintf(buf, size, "%s", msg_text(lang, words[kind]));
    return buf;
}

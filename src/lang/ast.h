/* ast.h - the syntax tree of a lesson. Nodes live in the parse's arena
 * and die with it; nothing here owns heap memory of its own. */
#ifndef ATTNSTEP_AST_H
#define ATTNSTEP_AST_H

#include "lang/source.h"

/* Expr.digits (and Token.digits) of a number written without a point */
#define DIGITS_NONE (-9999)

typedef struct Expr Expr;
typedef struct Stmt Stmt;

typedef enum {
    E_NUMBER,    /* 1.5 */
    E_NAME,      /* Q */
    E_LIST,      /* [1, 2] or [[1, 2], [3, 4]] */
    E_NEG,       /* -x */
    E_BINARY,    /* x + y, x @ y, ... */
    E_TRANSPOSE, /* x^T */
    E_INDEX,     /* x[i] or x[i][j] */
    E_CALL,      /* softmax(x, variance=sample) */
    E_RANDOM,    /* random 4x4 seed 7 scale 0.5 */
    E_LOAD,      /* load "W.npy" */
} ExprKind;

typedef enum { OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MATMUL, OP_POW } BinaryOp;

typedef struct Arg {
    const char *name; /* keyword argument name, or NULL for positional */
    Expr *value;
    Expr *operand;    /* an option's second word: P in `positions learned P` */
    SrcPos pos;
} Arg;

struct Expr {
    ExprKind kind;
    SrcPos pos;           /* where a caret points: the operator of a binary */
    int span;             /* characters, for carets */
    size_t start, end;    /* byte offsets of the expression's whole text */
    int height;           /* of the tree below (a number is 1): bounds recursion */
    double number;        /* E_NUMBER */
    int digits;           /* E_NUMBER: decimals written (DIGITS_NONE: no point) */
    const char *name;     /* E_NAME, E_CALL; E_LOAD: the path */
    BinaryOp op;          /* E_BINARY */
    Expr *lhs, *rhs;      /* E_BINARY; E_NEG, E_TRANSPOSE, E_INDEX use lhs */
    Expr *index[2];       /* E_INDEX: row, and column or NULL */
    Expr **items;         /* E_LIST */
    int nitems;
    Arg *args;            /* E_CALL */
    int nargs;
    Expr *rows, *cols, *seed, *scale; /* E_RANDOM (scale may be NULL) */
};

typedef enum {
    S_LESSON,    /* lesson "title" */
    S_LANGUAGE,  /* language zh */
    S_PROFILE,   /* profile annotated */
    S_SET,       /* set variance sample */
    S_TOKENS,    /* tokens I love cats */
    S_VOCAB,     /* vocab The ␣cat ␣sat ␣on ␣the ␣mat */
    S_ASSIGN,    /* A, B = expr */
    S_SHOW,      /* show expr */
    S_STEP,      /* step "title" + indented body */
    S_FORMULA,   /* formula T = S / √d_k */
    S_SAY,       /* say "text" or say """...""" */
    S_ASK,       /* ask Q[1][0] */
    S_EXPECT,    /* expect expr (== | !=) expr [within tol] */
    S_ATTENTION, /* attention E heads 2 mask causal positions sinusoidal */
} StmtKind;

#define AST_MAX_NAMES 16

struct Stmt {
    StmtKind kind;
    SrcPos pos;           /* of the keyword or first name */
    int span;
    int end_line;         /* last source line of the statement */
    const char *text;     /* S_LESSON, S_LANGUAGE, S_PROFILE, S_STEP title, S_FORMULA, S_SAY */
    const char *key;      /* S_SET: the setting; S_SET value is `text` or `expr`;
                             S_ATTENTION: "encoder" or "decoder" for `layer`, else NULL */
    SrcPos text_pos;
    const char **names;   /* S_ASSIGN targets; S_TOKENS, S_VOCAB words */
    SrcPos *name_pos;
    int nnames;
    Expr *expr;           /* S_ASSIGN, S_SHOW, S_ASK, S_EXPECT (actual), S_SET, S_ATTENTION input */
    Expr *expected;       /* S_EXPECT */
    Expr *tolerance;      /* S_EXPECT `within`, or NULL */
    bool negated;         /* S_EXPECT with != : the value must NOT match */
    Arg *options;         /* S_ATTENTION: heads 2, mask causal, ... (value NULL for flags) */
    int noptions;
    Stmt **body;          /* S_STEP */
    int nbody;
};

struct Model;

typedef struct Program {
    Stmt **stmts;
    int nstmts;
    /* A model directory's weights and settings (loader.c), named in the
     * environment before the first statement; nothing of it is parsed.
     * NULL for a lesson. Not owned. */
    const struct Model *model;
    /* the checkpoint `model` is (io/gpt2.h), whose tensor names its
     * weight steps give, or NULL for a model directory. Not owned. */
    const struct Gpt2 *gpt2;
} Program;

#endif

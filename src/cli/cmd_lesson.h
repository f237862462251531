/* cmd_lesson.h - the commands that run a lesson without the UI:
 * trace, check, eval and lessons. Each takes argv from its command name
 * on and returns the exit status (0, 1 for a failed check, 2 for errors). */
#ifndef ATTNSTEP_CMD_LESSON_H
#define ATTNSTEP_CMD_LESSON_H

#include <stdbool.h>
#include <stdio.h>

#include "io/model_memory.h"
#include "lang/loader.h"

int cmd_trace(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_lessons(int argc, char **argv);
int cmd_quiz(int argc, char **argv);

/* cmd_mem_say: how a command says on stderr what a model will hold
 * ("attnstep: DIR: reading it: about 1.1 GiB in memory (...)"), before
 * its weights are read; `use` says what the command keeps. */
MemSay cmd_mem_say(HoldUse use);

/* cmd_open_lesson: lesson_open, printing any error to stderr, and what a
 * model directory will hold before its weights are read; returns 0 or 2. */
int cmd_open_lesson(const char *arg, LoadedLesson *ll);

/* The options of a GPT-2 checkpoint, which every command that opens a
 * lesson takes: --text T, --layer L, --head H, --temperature T. */
#define CMD_GPT2_OPTIONS                                            \
    {"text", required_argument, NULL, CMD_OPT_TEXT},                \
    {"layer", required_argument, NULL, CMD_OPT_LAYER},              \
    {"head", required_argument, NULL, CMD_OPT_HEAD},                \
    {"temperature", required_argument, NULL, CMD_OPT_TEMPERATURE}
enum { CMD_OPT_TEXT = 1000, CMD_OPT_LAYER, CMD_OPT_HEAD, CMD_OPT_TEMPERATURE };
#define CMD_GPT2_SYNOPSIS "[--text TEXT [--layer L] [--head H] [--temperature T]]"

typedef struct CmdGpt2 {
    const char *text;
    int layer, head;
    float temperature;
    const char *given; /* the first of these options given, or NULL */
} CmdGpt2;

/* cmd_gpt2_defaults: no text, layer 0, head 0, temperature 1. */
CmdGpt2 cmd_gpt2_defaults(void);

/* cmd_gpt2_option: when getopt's `c` is one of CMD_GPT2_OPTIONS, take its
 * value into *g and return 1 (-1 when the value is not a number, said on
 * stderr); 0 for another option. */
int cmd_gpt2_option(int c, const char *value, CmdGpt2 *g);

/* cmd_open: `arg` opened as cmd_open_lesson does, or, when it is a GPT-2
 * checkpoint directory, with g's text (required there, refused elsewhere);
 * errors on stderr; returns 0 or 2. */
int cmd_open(const char *arg, const CmdGpt2 *g, LoadedLesson *ll);

/* cmd_one_argument: parse `argv` as one argument (returned in *arg) and
 * the GPT-2 options (into *g), for a command whose usage line is
 * `synopsis`: --help prints it and returns 0; a bad option or argument
 * count prints it on stderr and returns 2; otherwise -1. */
int cmd_one_argument(int argc, char **argv, const char *synopsis, CmdGpt2 *g, const char **arg);

/* cmd_report_open: print why a lesson did not open (its diagnostics, or
 * `err`); returns 2. */
int cmd_report_open(const LoadedLesson *ll, const Error *err);

/* cmd_gpt2: `attnstep gpt2 DIR --text T [--layer L] [--head H]
 * [--temperature T]`: the UI on that text, or its trace when there is no
 * terminal. */
int cmd_gpt2(int argc, char **argv);

/* cli_error: "attnstep: " and message `id` in the locale's language, on
 * stderr. cli_usage: "usage: attnstep SYNOPSIS" (or 用法：) on `out`. */
void cli_error(MsgId id, ...);
void cli_usage(FILE *out, const char *synopsis);

/* cmd_use_color: ANSI colors for this stream (a terminal, NO_COLOR unset). */
bool cmd_use_color(FILE *stream);

#endif

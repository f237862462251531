/* cmd_lesson.h - the commands that run a lesson without the UI:
 * trace, check, eval and lessons. Each takes argv from its command name
 * on and returns the exit status (0, 1 for a failed check, 2 for errors). */
#ifndef ATTNSTEP_CMD_LESSON_H
#define ATTNSTEP_CMD_LESSON_H

#include <stdbool.h>
#include <stdio.h>

#include "lang/loader.h"

int cmd_trace(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_lessons(int argc, char **argv);
int cmd_quiz(int argc, char **argv);

/* cmd_open_lesson: lesson_open, printing any error to stderr; returns 0 or 2. */
int cmd_open_lesson(const char *arg, LoadedLesson *ll);

/* cli_error: "attnstep: " and message `id` in the locale's language, on
 * stderr. cli_usage: "usage: attnstep SYNOPSIS" (or 用法：) on `out`. */
void cli_error(MsgId id, ...);
void cli_usage(FILE *out, const char *synopsis);

/* cmd_use_color: ANSI colors for this stream (a terminal, NO_COLOR unset). */
bool cmd_use_color(FILE *stream);

#endif

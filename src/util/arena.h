/* arena.h - a bump allocator for things that live as long as one parse or
 * one lesson run (AST nodes, strings). Everything is freed at once by
 * arena_free; nothing allocated from an arena is freed on its own. */
#ifndef ATTNSTEP_ARENA_H
#define ATTNSTEP_ARENA_H

#include <stddef.h>

typedef struct ArenaBlock ArenaBlock;

typedef struct Arena {
    ArenaBlock *head;
} Arena;

/* arena_alloc: `size` zeroed bytes aligned for any type; aborts the
 * program when memory is exhausted (sizes are bounded by the documented
 * lesson limits, so this means the machine is out of memory). */
void *arena_alloc(Arena *a, size_t size);
/* arena_strndup: a NUL-terminated copy of n bytes of s. */
char *arena_strndup(Arena *a, const char *s, size_t n);
char *arena_strdup(Arena *a, const char *s);
/* arena_free: release every block; the arena is empty and reusable. */
void arena_free(Arena *a);

#endif

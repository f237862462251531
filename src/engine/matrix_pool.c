/* matrix_pool.c - memory for middle-sized matrices, carved from regions
 * offered for transparent huge pages (matrix_pool.h).
 *
 * Why: a recording pass at 512 tokens keeps per head a 1 MiB matrix of
 * scores, one of scaled scores and one of weights. Mapped one by one, each
 * is too small for a 2 MiB huge page, so every pass over them walks 256
 * page-table entries per matrix; in a virtual machine, where every walk
 * also goes through the host's tables, that made the pass at (512, 512, 8)
 * about a tenth slower than with huge pages. Here they share 32 MiB
 * regions that start on 2 MiB boundaries.
 *
 * A region is POOL_PAGES pages of 4 KiB with one bit per page (in use or
 * free); a block is a run of pages, found first-fit. Pages a region has
 * never handed out are still the system's zeros; only pages handed out
 * before are cleared when handed out again. A region whose last block is
 * freed goes back to the system at once.
 *
 * The regions are the process's, like the C library's heap: one list,
 * used from one thread at a time (attnstep computes on one thread).
 */
#include "engine/matrix_pool.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Under AddressSanitizer, pages outside a live block are poisoned, so a
 * read or write past a matrix's last page or after mat_free is reported
 * as it would be for the heap. */
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define POOL_POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define POOL_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define POOL_POISON(p, n) ((void)(p), (void)(n))
#define POOL_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

#define POOL_PAGE_BYTES ((size_t)4096)
#define POOL_HUGE_BYTES ((size_t)2 << 20)
#define POOL_REGION_BYTES ((size_t)32 << 20)
#define POOL_PAGES (POOL_REGION_BYTES / POOL_PAGE_BYTES)
#define POOL_WORDS (POOL_PAGES / 64)

typedef struct PoolRegion {
    char *base;                /* POOL_REGION_BYTES, 2 MiB-aligned */
    uint64_t used[POOL_WORDS]; /* bit p: page p is in a block */
    size_t fresh;              /* pages from here on never handed out: zero */
    size_t in_use;             /* pages in blocks */
} PoolRegion;

static PoolRegion **regions;
static int nregions, region_cap;
/* the regions are shared by the threads of a product (engine/threads.c),
 * each growing its own packing room */
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;

static size_t pages_of(size_t bytes) { return (bytes + POOL_PAGE_BYTES - 1) / POOL_PAGE_BYTES; }

static bool page_used(const PoolRegion *r, size_t p) { return (r->used[p / 64] >> (p % 64)) & 1u; }

static void mark(PoolRegion *r, size_t first, size_t count, bool used) {
    for (size_t p = first; p < first + count; p++) {
        uint64_t bit = (uint64_t)1 << (p % 64);
        r->used[p / 64] = used ? r->used[p / 64] | bit : r->used[p / 64] & ~bit;
    }
}

/* the first run of `count` free pages in r, or POOL_PAGES */
static size_t find_run(const PoolRegion *r, size_t count) {
    size_t run = 0;
    for (size_t p = 0; p < POOL_PAGES; p++) {
        if (p % 64 == 0 && r->used[p / 64] == UINT64_MAX) { /* a full word: skip it */
            run = 0;
            p += 63;
            continue;
        }
        run = page_used(r, p) ? 0 : run + 1;
        if (run == count)
            return p + 1 - count;
    }
    return POOL_PAGES;
}

/* a new empty region, 2 MiB-aligned, offered for huge pages; NULL when
 * memory runs out */
static PoolRegion *region_new(void) {
    if (nregions == region_cap) {
        int cap = region_cap ? 2 * region_cap : 8;
        PoolRegion **grown = realloc(regions, (size_t)cap * sizeof *grown);
        if (!grown)
            return NULL;
        regions = grown;
        region_cap = cap;
    }
    PoolRegion *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    /* map 2 MiB more, keep the part that starts on a 2 MiB boundary */
    void *p = mmap(NULL, POOL_REGION_BYTES + POOL_HUGE_BYTES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                   -1, 0);
    if (p == MAP_FAILED) {
        free(r);
        return NULL;
    }
    uintptr_t start = (uintptr_t)p, aligned = (start + POOL_HUGE_BYTES - 1) / POOL_HUGE_BYTES * POOL_HUGE_BYTES;
    if (aligned > start)
        munmap(p, aligned - start);
    size_t tail = start + POOL_REGION_BYTES + POOL_HUGE_BYTES - (aligned + POOL_REGION_BYTES);
    if (tail > 0)
        munmap((void *)(aligned + POOL_REGION_BYTES), tail);
#ifdef MADV_HUGEPAGE
    madvise((void *)aligned, POOL_REGION_BYTES, MADV_HUGEPAGE);
#endif
    r->base = (char *)aligned;
    POOL_POISON(r->base, POOL_REGION_BYTES);
    regions[nregions++] = r;
    return r;
}

static float *pool_alloc(size_t bytes) {
    const size_t count = pages_of(bytes);
    if (bytes == 0 || bytes >= MAT_POOL_MAX_BYTES)
        return NULL;
    PoolRegion *r = NULL;
    size_t first = POOL_PAGES;
    for (int k = 0; k < nregions && first == POOL_PAGES; k++)
        if (POOL_PAGES - regions[k]->in_use >= count && (first = find_run(regions[k], count)) < POOL_PAGES)
            r = regions[k];
    if (!r && (r = region_new()) != NULL)
        first = 0;
    if (!r)
        return NULL;
    mark(r, first, count, true);
    r->in_use += count;
    char *block = r->base + first * POOL_PAGE_BYTES;
    POOL_UNPOISON(block, bytes);
    if (first < r->fresh) { /* handed out before: not zero any more */
        const size_t used_before = (r->fresh - first) * POOL_PAGE_BYTES;
        memset(block, 0, bytes < used_before ? bytes : used_before);
    }
    if (first + count > r->fresh)
        r->fresh = first + count;
#ifdef MADV_POPULATE_WRITE
    /* its pages mapped in one call rather than one fault per page (where
     * the system has it; otherwise they fault in as they are written) */
    madvise(block, count * POOL_PAGE_BYTES, MADV_POPULATE_WRITE);
#endif
    return (float *)block;
}

static bool pool_free(float *data, size_t bytes) {
    const char *p = (const char *)data;
    for (int k = 0; k < nregions; k++) {
        PoolRegion *r = regions[k];
        if (p < r->base || p >= r->base + POOL_REGION_BYTES)
            continue;
        const size_t count = pages_of(bytes);
        mark(r, (size_t)(p - r->base) / POOL_PAGE_BYTES, count, false);
        r->in_use -= count;
        POOL_POISON(data, count * POOL_PAGE_BYTES);
        if (r->in_use == 0) {
            POOL_UNPOISON(r->base, POOL_REGION_BYTES); /* the addresses may be mapped again */
            munmap(r->base, POOL_REGION_BYTES);
            free(r);
            regions[k] = regions[--nregions];
            if (nregions == 0) {
                free(regions);
                regions = NULL;
                region_cap = 0;
            }
        }
        return true;
    }
    return false;
}

float *mat_pool_alloc(size_t bytes) {
    pthread_mutex_lock(&pool_lock);
    float *block = pool_alloc(bytes);
    pthread_mutex_unlock(&pool_lock);
    return block;
}

bool mat_pool_free(float *data, size_t bytes) {
    pthread_mutex_lock(&pool_lock);
    bool ok = pool_free(data, bytes);
    pthread_mutex_unlock(&pool_lock);
    return ok;
}

int mat_pool_regions(void) {
    pthread_mutex_lock(&pool_lock);
    int n = nregions;
    pthread_mutex_unlock(&pool_lock);
    return n;
}

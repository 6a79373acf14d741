/* SPDX-License-Identifier: MIT */
/* alloc.c - the user allocator, the compile-time arena and growable buffers. */
#define _DEFAULT_SOURCE /* madvise */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "core.h"

static void *std_malloc(size_t size, void *ud)
{
	(void)ud;
	return malloc(size);
}

static void std_free(void *p, void *ud)
{
	(void)ud;
	free(p);
}

static const crm_allocator std_allocator = {std_malloc, std_free, NULL};

const crm_allocator *crm_alloc_default(void)
{
	return &std_allocator;
}

void *crm_malloc(const crm_allocator *a, size_t size)
{
	return a->malloc_fn(size ? size : 1, a->ud);
}

void *crm_calloc(const crm_allocator *a, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	void *p = crm_malloc(a, n * size);
	if (p)
		memset(p, 0, (n && size) ? n * size : 1);
	return p;
}

void crm_free(const crm_allocator *a, void *p)
{
	if (p)
		a->free_fn(p, a->ud);
}

/* ---- arena ---------------------------------------------------------------- */

struct crm_arena_block {
	crm_arena_block *next;
	size_t size;
	/* data follows, 16-aligned */
};

#define BLOCK_HDR ((sizeof(crm_arena_block) + 15u) & ~(size_t)15u)
#define BLOCK_MIN (64u << 10)

void crm_arena_init(crm_arena *ar, const crm_allocator *al)
{
	ar->al = al;
	ar->head = NULL;
	ar->used = ar->cap = 0;
}

/* Map the whole pages of a new block in one call (Linux 5.14 and later):
 * a load writes every page of its blocks, and a page fault apiece costs
 * about 10 us on a virtual machine, half the cold load of a 10,000-rule
 * table. Pages the host's allocator had mapped stay as they are; a kernel
 * without MADV_POPULATE_WRITE (or pages of another size) refuses, and the
 * pages fault in one by one as before. */
static void map_pages(void *p, size_t size)
{
#ifdef MADV_POPULATE_WRITE
	const uintptr_t page = 4096;
	uintptr_t lo = ((uintptr_t)p + page - 1) & ~(page - 1);
	uintptr_t hi = ((uintptr_t)p + size) & ~(page - 1);
	if (hi > lo)
		(void)madvise((void *)lo, hi - lo, MADV_POPULATE_WRITE);
#else
	(void)p;
	(void)size;
#endif
}

static crm_arena_block *new_block(crm_arena *ar, size_t size)
{
	if (size > SIZE_MAX - BLOCK_HDR)
		return NULL;
	crm_arena_block *b = crm_malloc(ar->al, BLOCK_HDR + size);
	if (!b)
		return NULL;
	map_pages(b, BLOCK_HDR + size);
	b->size = size;
	return b;
}

void *crm_arena_alloc(crm_arena *ar, size_t size)
{
	size = (size + 15u) & ~(size_t)15u;
	if (size == 0)
		size = 16;
#ifdef CRM_ARENA_DEBUG
	crm_arena_block *b = new_block(ar, size);
	if (!b)
		return NULL;
	b->next = ar->head;
	ar->head = b;
	void *p = (char *)b + BLOCK_HDR;
	memset(p, 0, size);
	return p;
#else
	if (!ar->head || ar->cap - ar->used < size) {
		if (size > BLOCK_MIN / 4) {
			/* A big object gets its own block behind the current one, so
			 * the current block's free space is not wasted. */
			crm_arena_block *b = new_block(ar, size);
			if (!b)
				return NULL;
			if (ar->head) {
				b->next = ar->head->next;
				ar->head->next = b;
			} else {
				b->next = NULL;
				ar->head = b;
				ar->used = ar->cap = size;
			}
			void *p = (char *)b + BLOCK_HDR;
			memset(p, 0, size);
			return p;
		}
		crm_arena_block *b = new_block(ar, BLOCK_MIN);
		if (!b)
			return NULL;
		b->next = ar->head;
		ar->head = b;
		ar->used = 0;
		ar->cap = BLOCK_MIN;
	}
	void *p = (char *)ar->head + BLOCK_HDR + ar->used;
	ar->used += size;
	memset(p, 0, size);
	return p;
#endif
}

char *crm_arena_strndup(crm_arena *ar, const char *s, size_t len)
{
	char *p = crm_arena_alloc(ar, len + 1);
	if (p && len)
		memcpy(p, s, len);
	return p;
}

char *crm_arena_strdup(crm_arena *ar, const char *s)
{
	return crm_arena_strndup(ar, s, strlen(s));
}

void crm_arena_free(crm_arena *ar)
{
	crm_arena_block *b = ar->head;
	while (b) {
		crm_arena_block *next = b->next;
		crm_free(ar->al, b);
		b = next;
	}
	ar->head = NULL;
	ar->used = ar->cap = 0;
}

bool crm_arena_grow(crm_arena *ar, void **items, size_t *cap, size_t n,
                    size_t elem)
{
	if (n <= *cap)
		return true;
	size_t nc = *cap ? *cap * 2 : 8;
	while (nc < n)
		nc *= 2;
	if (nc > SIZE_MAX / elem)
		return false;
	void *p = crm_arena_alloc(ar, nc * elem);
	if (!p)
		return false;
	if (*items && *cap)
		memcpy(p, *items, *cap * elem);
	*items = p;
	*cap = nc;
	return true;
}

bool crm_heap_grow(const crm_allocator *al, void **items, size_t *cap, size_t n,
                   size_t elem, const void *local)
{
	if (n <= *cap)
		return true;
	size_t nc = *cap ? *cap : 16;
	while (nc < n) {
		if (nc > SIZE_MAX / 2 / elem)
			return false;
		nc *= 2;
	}
	void *p = crm_malloc(al, nc * elem);
	if (!p)
		return false;
	if (*items && *cap)
		memcpy(p, *items, *cap * elem);
	if (*items != local)
		crm_free(al, *items);
	*items = p;
	*cap = nc;
	return true;
}

/* ---- buffers ------------------------------------------------------------- */

void crm_buf_init(crm_buf *b, const crm_allocator *al)
{
	memset(b, 0, sizeof *b);
	b->al = al;
}

static bool buf_reserve(crm_buf *b, size_t extra)
{
	if (b->failed)
		return false;
	if (b->len + extra + 1 <= b->cap)
		return true;
	size_t nc = b->cap ? b->cap * 2 : 256;
	while (nc < b->len + extra + 1)
		nc *= 2;
	char *p = crm_malloc(b->al, nc);
	if (!p) {
		b->failed = true;
		return false;
	}
	if (b->ptr)
		memcpy(p, b->ptr, b->len);
	crm_free(b->al, b->ptr);
	b->ptr = p;
	b->cap = nc;
	return true;
}

void crm_buf_add(crm_buf *b, const char *s, size_t len)
{
	if (!buf_reserve(b, len))
		return;
	memcpy(b->ptr + b->len, s, len);
	b->len += len;
	b->ptr[b->len] = '\0';
}

void crm_buf_addf(crm_buf *b, const char *fmt, ...)
{
	char tmp[512];
	va_list ap, again;
	va_start(ap, fmt);
	va_copy(again, ap);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < sizeof tmp)
		crm_buf_add(b, tmp, (size_t)n);
	else if (n >= 0 && buf_reserve(b, (size_t)n)) {
		/* longer than tmp: formatted again, straight into the buffer */
		vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, again);
		b->len += (size_t)n;
	} else if (n < 0) {
		b->failed = true;
	}
	va_end(again);
}

void crm_buf_free(crm_buf *b)
{
	crm_free(b->al, b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
}

/* SPDX-License-Identifier: MIT */
/* core.h - internal base layer: allocator, arena, errors, values, name maps. */
#ifndef CRM_CORE_H
#define CRM_CORE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "crmrules.h"

#define CRM_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#if defined(__GNUC__) || defined(__clang__)
#define CRM_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define CRM_ALWAYS_INLINE inline __attribute__((always_inline))
#define CRM_NOINLINE __attribute__((noinline))
#else
#define CRM_PRINTF(f, a)
#define CRM_ALWAYS_INLINE inline
#define CRM_NOINLINE
#endif

/* ---- allocator ---------------------------------------------------------- */

/* The allocator every object keeps; never NULL inside the library. */
const crm_allocator *crm_alloc_default(void);
static inline const crm_allocator *crm_alloc_or_default(const crm_allocator *a)
{
	return a ? a : crm_alloc_default();
}
void *crm_malloc(const crm_allocator *a, size_t size);
void *crm_calloc(const crm_allocator *a, size_t n, size_t size);
void crm_free(const crm_allocator *a, void *p);

/* ---- arena: compile-time memory freed in one call ------------------------
 * Define CRM_ARENA_DEBUG to turn every allocation into its own block, so
 * valgrind and ASan see each one. */
typedef struct crm_arena_block crm_arena_block;
typedef struct crm_arena {
	const crm_allocator *al;
	crm_arena_block *head;
	size_t used, cap;
} crm_arena;

void crm_arena_init(crm_arena *ar, const crm_allocator *al);
void *crm_arena_alloc(crm_arena *ar, size_t size); /* zeroed, 16-aligned */
char *crm_arena_strndup(crm_arena *ar, const char *s, size_t len);
char *crm_arena_strdup(crm_arena *ar, const char *s);
void crm_arena_free(crm_arena *ar);

/* A growable array in an arena; old storage stays in the arena until it is
 * freed, which is fine for load-time structures. */
bool crm_arena_grow(crm_arena *ar, void **items, size_t *cap, size_t n,
                    size_t elem);

/* A growable array on the heap, doubling: a load-time scratch whose final
 * contents move to the arena at their exact size, or a pool the arena
 * would keep every old copy of. Storage at local (a caller's first,
 * fixed buffer) is copied, not freed. */
bool crm_heap_grow(const crm_allocator *al, void **items, size_t *cap, size_t n,
                   size_t elem, const void *local);

/* ---- errors -------------------------------------------------------------- */

/* Fill err (may be NULL) and return code. */
int crm_err_set(crm_error *err, int code, const char *fmt, ...) CRM_PRINTF(3, 4);
int crm_err_vset(crm_error *err, int code, const char *fmt, va_list ap);
int crm_err_at(crm_error *err, int code, const char *file, int line, int col,
               const char *fmt, ...) CRM_PRINTF(6, 7);
/* No error (err may be NULL): inline, as every successful call makes it. */
static inline void crm_err_clear(crm_error *err)
{
	if (!err)
		return;
	err->code = 0;
	err->line = err->column = 0;
	err->file[0] = '\0';
	err->message[0] = '\0';
}

/* ---- values ---------------------------------------------------------------
 * The evaluator's value: 16 bytes. t is a crm_type; CRM_T_UNKNOWN means not
 * known. Strings are (s, len); lists are (l, len). Bools use i. */
typedef struct crm_val {
	uint8_t t;
	uint8_t elem; /* list element type */
	uint16_t pad; /* a string output's constant: its index among the
	               * output's values + 1 (compile/table.c), else 0 */
	uint32_t len;
	union {
		int64_t i;
		double n;
		const char *s;
		const struct crm_val *l;
	} u;
} crm_val;

static inline crm_val crm_val_unknown(void)
{
	crm_val v = {0};
	return v;
}
static inline crm_val crm_val_int(uint8_t t, int64_t i)
{
	crm_val v = {0};
	v.t = t;
	v.u.i = i;
	return v;
}
static inline crm_val crm_val_num(double n)
{
	crm_val v = {0};
	v.t = CRM_T_NUMBER;
	v.u.n = n;
	return v;
}
static inline crm_val crm_val_str(const char *s, uint32_t len)
{
	crm_val v = {0};
	v.t = CRM_T_STRING;
	v.u.s = s;
	v.len = len;
	return v;
}

/* Equality and ordering of two known values of the same type (lists: equal
 * when same length and equal items). cmp returns <0, 0, >0. */
bool crm_val_equal(const crm_val *a, const crm_val *b);
int crm_val_cmp(const crm_val *a, const crm_val *b);
/* crm_val_cmp for two values of one scalar type (not lists), inline: the
 * evaluator's cell tests and column index compare with it. */
static inline int crm_val_cmp_scalar(const crm_val *a, const crm_val *b)
{
	switch (a->t) {
	case CRM_T_NUMBER:
		return (a->u.n > b->u.n) - (a->u.n < b->u.n);
	case CRM_T_STRING: {
		uint32_t n = a->len < b->len ? a->len : b->len;
		int c = n ? memcmp(a->u.s, b->u.s, n) : 0;
		if (c)
			return c;
		return (a->len > b->len) - (a->len < b->len);
	}
	default:
		return (a->u.i > b->u.i) - (a->u.i < b->u.i);
	}
}

/* v as the API shows it (inline: every output a host reads goes through it). */
static inline crm_value crm_val_public(const crm_val *v)
{
	/* One compound literal per return: the compiler stores it straight
	 * into the caller's result. A local struct stored field by field and
	 * then copied whole made the copy wait on the stores (a
	 * store-forwarding stall that cost more than reading the result). */
	switch (v->t) {
	case CRM_T_NUMBER: return (crm_value){.type = CRM_T_NUMBER, .u.n = v->u.n};
	case CRM_T_BOOL: return (crm_value){.type = CRM_T_BOOL, .u.b = v->u.i != 0};
	case CRM_T_STRING: return (crm_value){.type = CRM_T_STRING, .u.s = {v->u.s, v->len}};
	case CRM_T_LIST:
		return (crm_value){.type = CRM_T_LIST,
		                   .elem = (crm_type)v->elem,
		                   .u.list = {v->u.l, v->len, 1}};
	default: return (crm_value){.type = (crm_type)v->t, .u.i = v->u.i};
	}
}

/* Write a value as JSON text (money as an exact string, dates ISO 8601).
 * Returns the length needed, like snprintf. */
size_t crm_val_format(char *buf, size_t size, const crm_val *v);

/* ---- checked arithmetic -------------------------------------------------- */
static inline bool crm_add_ovf(int64_t a, int64_t b, int64_t *r)
{
	return __builtin_add_overflow(a, b, r);
}
static inline bool crm_sub_ovf(int64_t a, int64_t b, int64_t *r)
{
	return __builtin_sub_overflow(a, b, r);
}
static inline bool crm_mul_ovf(int64_t a, int64_t b, int64_t *r)
{
	return __builtin_mul_overflow(a, b, r);
}

/* ---- money and exact decimals -------------------------------------------- */
#define CRM_MONEY_SCALE 2
#define CRM_MONEY_UNIT 100

/* An exact decimal: mant * 10^-scale. */
typedef struct crm_decimal {
	int64_t mant;
	int scale;
} crm_decimal;

/* Parse "[-]digits[.digits]" exactly. CRM_ESYNTAX / CRM_EOVERFLOW. */
int crm_decimal_parse(crm_decimal *out, const char *s, size_t len);
/* Convert to minor units; CRM_EINVAL if more decimals than the money scale. */
int crm_decimal_to_money(int64_t *out, crm_decimal d);
/* m * d rounded half away from zero to minor units. */
int crm_money_mul_decimal(int64_t *out, int64_t m, crm_decimal d);
/* Parse "[-]digits[.digits][e[+-]digits]" into a double without the C
 * library's locale. */
int crm_number_parse(const char *s, size_t len, double *out);
/* a / b rounded half away from zero (b != 0). */
int64_t crm_div_round(int64_t a, int64_t b);

/* Decimal text of v into buf (at least 21 bytes), NUL-terminated; the length. */
size_t crm_int_text(char *buf, int64_t v);

/* ---- UTF-8 ------------------------------------------------------------------ */
bool crm_utf8_valid(const char *s, size_t len);

/* ---- name map: open addressing, string -> int, built at load time -------- */
typedef struct crm_map_entry {
	const char *key;
	uint32_t len;
	uint32_t hash;
	int value;
} crm_map_entry;
typedef struct crm_map {
	crm_map_entry *slots;
	size_t cap, count;
} crm_map;

uint32_t crm_hash(const char *s, size_t len);
/* Returns false on allocation failure. Keys are not copied. */
bool crm_map_put(crm_arena *ar, crm_map *m, const char *key, size_t len, int value);
/* Make room for n keys in all, so that puts up to n do not rehash. */
bool crm_map_reserve(crm_arena *ar, crm_map *m, size_t n);
/* -1 when absent. */
int crm_map_get(const crm_map *m, const char *key, size_t len);

/* ---- "did you mean": the known name closest to an unknown one ------------ */
/* Feed the candidates one by one (or a map's keys); the closest within a
 * small edit distance wins (1 for names shorter than 4 bytes, else 2, and
 * less than the name's length), a tie going to the lower rank (declaration
 * order, say). */
typedef struct crm_suggest {
	const char *name; /* the unknown name */
	size_t len;
	const char *best; /* borrowed from the candidates; NULL when none is close */
	size_t best_len;
	unsigned dist;
	int rank;
} crm_suggest;
void crm_suggest_init(crm_suggest *s, const char *name, size_t len);
void crm_suggest_add(crm_suggest *s, const char *cand, size_t len, int rank);
/* Every key of m, ranked by its value plus rank_base. */
void crm_suggest_map(crm_suggest *s, const crm_map *m, int rank_base);

/* ---- string builder (host-side helpers, load time) ----------------------- */
typedef struct crm_buf {
	const crm_allocator *al;
	char *ptr;
	size_t len, cap;
	bool failed;
} crm_buf;
void crm_buf_init(crm_buf *b, const crm_allocator *al);
void crm_buf_add(crm_buf *b, const char *s, size_t len);
void crm_buf_addf(crm_buf *b, const char *fmt, ...) CRM_PRINTF(2, 3);
void crm_buf_free(crm_buf *b);

/* "a" or "an" before a type's name, for messages: "an int", "a date". */
static inline const char *crm_type_article(crm_type t)
{
	char c = crm_type_name(t)[0];
	return (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u') ? "an" : "a";
}

#endif

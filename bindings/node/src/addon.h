/* SPDX-License-Identifier: MIT */
/* addon.h - the Node binding's native half: a loaded ruleset and the facts
 * program index.js encodes, shared by the synchronous calls (addon.c) and
 * the batches decided on the thread pool (batch.c). */
#ifndef CRMN_ADDON_H
#define CRMN_ADDON_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include <crmrules.h>
#include <node_api.h>

/* One op of the facts program, (slot << 4) | kind; its number is in the
 * program's nums, as index.js writes it. The kinds say what index.js
 * already knows of the value, so that the common ones cost one setter. */
enum {
	CRMN_K_BOOL = 0,       /* num is 0 or 1, a bool fact */
	CRMN_K_INT = 1,        /* num is a safe integer, an int fact */
	CRMN_K_NUMBER = 2,     /* num is a finite number, a number fact */
	CRMN_K_MONEY = 3,      /* num is the amount in minor units, a money fact */
	CRMN_K_DATETIME = 4,   /* num is unix seconds, a datetime fact */
	CRMN_K_STRING = 5,     /* string num is the value of a string fact */
	CRMN_K_MONEY_TEXT = 6, /* string num is an amount for a money fact */
	CRMN_K_TEXT = 7,       /* string num is read as the fact's type from its text */
	CRMN_K_JSON = 8,       /* string num is a JSON object of this one fact */
	CRMN_K_SKIP = 15       /* a batch item index.js could not encode: no decision */
};

/* Flags of a decision call, as index.js passes them. */
enum { CRMN_EXPLAIN = 1, CRMN_EXPLAIN_FULL = 2 };

/* A result's outputs as a synchronous call hands them back: a tag and a
 * number per output, strings in a JS array; what JSON.parse of the text
 * `crmrules eval` prints would give. */
enum {
	CRMN_R_NULL = 0,   /* unknown (or a number JSON has not: NaN, infinity) */
	CRMN_R_BOOL = 1,   /* num is 0 or 1 */
	CRMN_R_NUMBER = 2, /* num: ints, durations (seconds), numbers */
	CRMN_R_STRING = 3, /* the string: strings, money ("1234.50"), dates, instants */
	CRMN_R_JSON = 4    /* the string is JSON text: lists */
};
#define CRMN_OUTPUTS_MAX 64 /* more outputs: the result comes back as text */

/* Bytes the library allocates for one ruleset (its facts and contexts
 * too), counted so that V8 is told how much memory a ruleset holds, and
 * process-wide so that the tests can see every byte come back. Batches
 * allocate on pool threads: the counts are atomic. */
typedef struct crmn_counter {
	atomic_llong bytes;
} crmn_counter;

/* A loaded ruleset, owned by its JS handle and by each batch in flight
 * (refs is only touched on the JS thread that loaded it). */
typedef struct crmn_ruleset {
	crm_ruleset *rs;
	crm_allocator al;
	crmn_counter counter;
	int64_t reported;   /* bytes V8 has been told of */
	unsigned refs;
	int closed;         /* rs.close(): no more calls; freed once refs is 0 */
	/* The JS thread's own evaluation state: its facts and context are
	 * never used by another thread. */
	crm_facts *facts;
	crm_context *ctx;
	/* The facts program of a synchronous call, in ArrayBuffers index.js
	 * writes to (one op per fact at most). */
	int32_t *ops;
	double *nums;
	size_t nfacts;
	napi_ref ops_ref, nums_ref;
	/* the outputs of a synchronous call (CRMN_R_*), likewise */
	int32_t *rtags;
	double *rnums;
	napi_ref rtags_ref, rnums_ref;
	const crm_result *last; /* the last result on ctx, for its output names */
	/* scratch for strings read from JS and text written back */
	char *in;
	size_t in_cap;
	char *out;
	size_t out_cap;
} crmn_ruleset;

/* Where the strings of a facts program come from: a JS array read as the
 * ops need them (a synchronous call), or bytes copied before a batch
 * left the JS thread. */
typedef struct crmn_strings {
	napi_env env;     /* NULL: the copied form */
	napi_value array;
	crmn_ruleset *h;  /* whose scratch holds a string read from JS */
	const char *bytes;
	const size_t *off; /* n + 1 offsets into bytes */
	size_t n;
} crmn_strings;

/* The allocator counting into h->counter (and the process-wide count). */
void crmn_allocator_init(crmn_ruleset *h);
void *crmn_malloc(size_t size);
void crmn_free(void *p);
/* Bytes allocated through these and not yet freed, in the whole process. */
long long crmn_live_bytes(void);

/* Grow *buf to at least need bytes (keeping nothing, or its first keep
 * bytes). 0 or CRM_ENOMEM. */
int crmn_reserve(char **buf, size_t *cap, size_t need);
int crmn_reserve_keep(char **buf, size_t *cap, size_t keep, size_t need);

/* Run a facts program of n ops on f (cleared first). On failure err says
 * why and *bad is the op that failed; 1 for an item to skip (CRMN_K_SKIP). */
int crmn_apply(const crm_ruleset *rs, crm_facts *f, const int32_t *ops, const double *nums,
               size_t n, const crmn_strings *strs, crm_error *err, size_t *bad);

/* Decide d over f on ctx and write the result as `crmrules eval` prints
 * it (or the error object) at offset at of *out, growing it; *len is its
 * length, 0 when it could not be written (out of memory). Returns
 * crm_decide's code. */
int crmn_decide_text(crm_context *ctx, crm_facts *f, int d, unsigned flags, char **out,
                     size_t *cap, size_t at, size_t *len, crm_error *err);
/* The error object of a facts program that failed (no result), likewise. */
int crmn_error_text(const crm_error *err, char **out, size_t *cap, size_t at, size_t *len);

/* The ruleset of a JS handle; NULL (with an exception thrown) when it is
 * none or closed. */
crmn_ruleset *crmn_handle(napi_env env, napi_value v);

/* Drop one reference to h; the last frees it. JS thread only. */
void crmn_release(napi_env env, crmn_ruleset *h);

/* The async batch (batch.c): registers `batch` on exports. */
napi_status crmn_batch_init(napi_env env, napi_value exports);

/* Throw a JS Error for a failed N-API call and return NULL. */
napi_value crmn_throw_napi(napi_env env, const char *what);

#define CRMN_CALL(env, call)                                                                       \
	do {                                                                                         \
		if ((call) != napi_ok)                                                               \
			return crmn_throw_napi((env), #call);                                        \
	} while (0)

#endif /* CRMN_ADDON_H */

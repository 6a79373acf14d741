/* SPDX-License-Identifier: MIT */
/* facts.c - the facts program index.js encodes, run on a crm_facts; results
 * and errors written as `crmrules eval` prints them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addon.h"

/* The binding's own allocations and the library's: a size header, so that
 * every byte is counted out and back in (the tests check they all return). */
static atomic_llong live_bytes;

typedef union header {
	size_t size;
	max_align_t align;
} header;

static void *counted_malloc(size_t size, crmn_counter *c)
{
	if (size > SIZE_MAX - sizeof(header))
		return NULL;
	header *h = malloc(sizeof(header) + size);
	if (!h)
		return NULL;
	h->size = size;
	atomic_fetch_add(&live_bytes, (long long)size);
	if (c)
		atomic_fetch_add(&c->bytes, (long long)size);
	return h + 1;
}

static void counted_free(void *p, crmn_counter *c)
{
	if (!p)
		return;
	header *h = (header *)p - 1;
	atomic_fetch_sub(&live_bytes, (long long)h->size);
	if (c)
		atomic_fetch_sub(&c->bytes, (long long)h->size);
	free(h);
}

static void *lib_malloc(size_t size, void *ud)
{
	return counted_malloc(size, ud);
}

static void lib_free(void *p, void *ud)
{
	counted_free(p, ud);
}

void crmn_allocator_init(crmn_ruleset *h)
{
	atomic_init(&h->counter.bytes, 0);
	h->al.malloc_fn = lib_malloc;
	h->al.free_fn = lib_free;
	h->al.ud = &h->counter;
}

void *crmn_malloc(size_t size)
{
	return counted_malloc(size, NULL);
}

void crmn_free(void *p)
{
	counted_free(p, NULL);
}

long long crmn_live_bytes(void)
{
	return atomic_load(&live_bytes);
}

int crmn_reserve(char **buf, size_t *cap, size_t need)
{
	return crmn_reserve_keep(buf, cap, 0, need);
}

int crmn_reserve_keep(char **buf, size_t *cap, size_t keep, size_t need)
{
	if (need <= *cap)
		return 0;
	size_t nc = *cap ? *cap : 256;
	while (nc < need) {
		if (nc > SIZE_MAX / 2)
			return CRM_ENOMEM;
		nc *= 2;
	}
	char *p = crmn_malloc(nc);
	if (!p)
		return CRM_ENOMEM;
	if (keep)
		memcpy(p, *buf, keep);
	crmn_free(*buf);
	*buf = p;
	*cap = nc;
	return 0;
}

static int set_err(crm_error *err, int code, const char *fmt, size_t k)
{
	if (err) {
		memset(err, 0, sizeof *err);
		err->code = code;
		snprintf(err->message, sizeof err->message, fmt, k);
	}
	return code;
}

/* String k of the program: read from the JS array into h's scratch, or
 * taken from the bytes a batch copied. */
static int string_at(const crmn_strings *s, size_t k, const char **p, size_t *len,
                     crm_error *err)
{
	if (!s->env) {
		if (k >= s->n)
			return set_err(err, CRM_EINVAL, "facts: no string %zu", k);
		*p = s->bytes + s->off[k];
		*len = s->off[k + 1] - s->off[k];
		return 0;
	}
	napi_value v;
	crmn_ruleset *h = s->h;
	size_t n;
	if (napi_get_element(s->env, s->array, (uint32_t)k, &v) != napi_ok ||
	    napi_get_value_string_utf8(s->env, v, h->in, h->in_cap, &n) != napi_ok)
		return set_err(err, CRM_EINVAL, "facts: string %zu could not be read", k);
	if (n + 1 >= h->in_cap) {
		/* it may not have fitted: ask for its length, then read it whole */
		if (napi_get_value_string_utf8(s->env, v, NULL, 0, &n) != napi_ok)
			return set_err(err, CRM_EINVAL, "facts: string %zu could not be read", k);
		if (crmn_reserve(&h->in, &h->in_cap, n + 1))
			return set_err(err, CRM_ENOMEM, "out of memory (string %zu)", k);
		if (napi_get_value_string_utf8(s->env, v, h->in, h->in_cap, &n) != napi_ok)
			return set_err(err, CRM_EINVAL, "facts: string %zu could not be read", k);
	}
	*p = h->in;
	*len = n;
	return 0;
}

int crmn_apply(const crm_ruleset *rs, crm_facts *f, const int32_t *ops, const double *nums,
               size_t n, const crmn_strings *strs, crm_error *err, size_t *bad)
{
	crm_facts_clear(f);
	for (size_t i = 0; i < n; i++) {
		int slot = ops[i] >> 4, kind = ops[i] & 15, rc;
		double x = nums[i];
		const char *p;
		size_t len;
		int64_t minor;
		*bad = i;
		switch (kind) {
		case CRMN_K_BOOL:
			rc = crm_facts_set_bool(f, slot, x != 0, err);
			break;
		case CRMN_K_INT:
			rc = crm_facts_set_int(f, slot, (int64_t)x, err);
			break;
		case CRMN_K_NUMBER:
			rc = crm_facts_set_number(f, slot, x, err);
			break;
		case CRMN_K_MONEY:
			rc = crm_facts_set_money(f, slot, (int64_t)x, err);
			break;
		case CRMN_K_DATETIME:
			rc = crm_facts_set_datetime(f, slot, (int64_t)x, err);
			break;
		case CRMN_K_STRING:
		case CRMN_K_MONEY_TEXT:
		case CRMN_K_TEXT:
		case CRMN_K_JSON:
			if ((rc = string_at(strs, (size_t)x, &p, &len, err)))
				return rc;
			if (kind == CRMN_K_STRING)
				rc = crm_facts_set_string(f, slot, p, len, err);
			else if (kind == CRMN_K_MONEY_TEXT && crm_money_parse(&minor, p, len) == 0)
				/* the JSON reader's reading of an amount; when it is
				 * none, the text reader below says why, as it does */
				rc = crm_facts_set_money(f, slot, minor, err);
			else if (kind == CRMN_K_JSON)
				rc = crm_facts_read_json(f, p, len, NULL, err);
			else
				rc = crm_facts_set_text(f, crm_ruleset_fact_name(rs, (size_t)slot), p, len,
				                        err);
			break;
		case CRMN_K_SKIP:
			return 1;
		default:
			return set_err(err, CRM_EINVAL, "facts: bad op %zu", i);
		}
		if (rc)
			return rc;
	}
	return 0;
}

int crmn_decide_text(crm_context *ctx, crm_facts *f, int d, unsigned flags, char **out,
                     size_t *cap, size_t at, size_t *len, crm_error *err)
{
	const crm_result *r = NULL;
	int rc = (flags & CRMN_EXPLAIN_FULL) ? crm_decide_explain(ctx, d, f, &r, err)
	                                     : crm_decide_index(ctx, d, f, &r, err);
	unsigned jf = (flags & CRMN_EXPLAIN_FULL) ? CRM_JSON_EXPLAIN_FULL
	              : (flags & CRMN_EXPLAIN)    ? CRM_JSON_EXPLAIN
	                                          : 0;
	for (;;) {
		size_t room = *cap > at ? *cap - at : 0;
		char *p = room ? *out + at : NULL;
		size_t n = rc ? crm_error_json(r, err, jf, p, room) : crm_result_json(r, f, jf, p, room);
		if (n < room) {
			*len = n;
			return rc;
		}
		if (crmn_reserve_keep(out, cap, at, at + n + 1)) {
			*len = 0;
			return set_err(err, CRM_ENOMEM, "out of memory (a result of %zu bytes)", n);
		}
	}
}

int crmn_error_text(const crm_error *err, char **out, size_t *cap, size_t at, size_t *len)
{
	for (;;) {
		size_t room = *cap > at ? *cap - at : 0;
		size_t n = crm_error_json(NULL, err, 0, room ? *out + at : NULL, room);
		if (n < room) {
			*len = n;
			return 0;
		}
		if (crmn_reserve_keep(out, cap, at, at + n + 1))
			return CRM_ENOMEM;
	}
}

/* SPDX-License-Identifier: MIT */
/* json_facts.c - facts from one JSON object with yajl: the fast path of
 * `eval --lines`.
 *
 * yajl streams the object and hands over numbers as their text, so money
 * stays exact. Only the plain cases are taken here: a known fact set once,
 * to null, a boolean, a number (int, number, money facts) or a string
 * (string facts). Anything else (an unknown key, a type to convert, a
 * list, a duplicate key, bad JSON) is left to crm_facts_set_json, which
 * decides it the same way as for a single object and explains errors. */
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_parse.h>

#include "cli.h"

struct cli_json {
	const crm_ruleset *rs;
	crm_facts *f;
	yajl_callbacks cb;
	int depth;
	int slot;      /* the fact named by the current key, or -1 */
	int declined;  /* a case for crm_facts_set_json */
	unsigned char *seen; /* per slot: set in this object */
	/* the keys of the last object by position: NDJSON lines usually repeat
	 * them in the same order, which saves the name lookups */
	struct cached_key {
		char name[48];
		size_t len;
		int slot;
	} keys[64];
	int nkey; /* position of the current key */
	size_t nfacts;
	crm_type *types;
};

static cli_json *ctx_of(void *ud)
{
	return ud;
}

/* Stop the parse: the line goes to crm_facts_set_json. */
static int decline(cli_json *j)
{
	j->declined = 1;
	return 0;
}

/* The value of the current key, at the top level only. */
static int value_slot(cli_json *j, crm_type want)
{
	if (j->depth != 1 || j->slot < 0 || j->types[j->slot] != want)
		return -1;
	return j->slot;
}

static int on_null(void *ud)
{
	cli_json *j = ctx_of(ud);
	if (j->depth != 1 || j->slot < 0)
		return decline(j);
	crm_facts_unset(j->f, j->slot);
	return 1;
}

static int on_boolean(void *ud, int b)
{
	cli_json *j = ctx_of(ud);
	int s = value_slot(j, CRM_T_BOOL);
	if (s < 0 || crm_facts_set_bool(j->f, s, b, NULL))
		return decline(j);
	return 1;
}

/* [-]digits (at most 18): an integer both paths read alike. */
static int plain_int(const char *s, size_t len)
{
	size_t i = len && s[0] == '-';
	if (i == len || len - i > 18)
		return 0;
	for (; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static int on_number(void *ud, const char *s, size_t len)
{
	cli_json *j = ctx_of(ud);
	if (j->depth != 1 || j->slot < 0)
		return decline(j);
	int slot = j->slot, rc;
	switch (j->types[slot]) {
	case CRM_T_INT: {
		if (!plain_int(s, len))
			return decline(j);
		int64_t v = 0; /* at most 18 digits: no overflow */
		for (size_t i = s[0] == '-'; i < len; i++)
			v = v * 10 + (s[i] - '0');
		rc = crm_facts_set_int(j->f, slot, s[0] == '-' ? -v : v, NULL);
		break;
	}
	case CRM_T_NUMBER:
		/* the library's own decimal reading, as for a single object */
		rc = crm_facts_set_text(j->f, crm_ruleset_fact_name(j->rs, (size_t)slot), s, len,
		                        NULL);
		break;
	case CRM_T_MONEY: {
		int64_t minor;
		rc = crm_money_parse(&minor, s, len);
		if (!rc)
			rc = crm_facts_set_money(j->f, slot, minor, NULL);
		break;
	}
	default:
		rc = -1;
	}
	return rc ? decline(j) : 1;
}

static int on_string(void *ud, const unsigned char *s, size_t len)
{
	cli_json *j = ctx_of(ud);
	int slot = value_slot(j, CRM_T_STRING);
	if (slot < 0 || crm_facts_set_string(j->f, slot, (const char *)s, len, NULL))
		return decline(j);
	return 1;
}

static int on_start_map(void *ud)
{
	cli_json *j = ctx_of(ud);
	if (j->depth != 0)
		return decline(j); /* a nested object */
	j->depth = 1;
	return 1;
}

static int on_map_key(void *ud, const unsigned char *key, size_t len)
{
	cli_json *j = ctx_of(ud);
	struct cached_key *c = j->nkey < 64 ? &j->keys[j->nkey] : NULL;
	j->nkey++;
	if (c && c->len == len && memcmp(c->name, key, len) == 0) {
		j->slot = c->slot;
	} else {
		char name[128];
		if (len >= sizeof name)
			return decline(j);
		memcpy(name, key, len);
		name[len] = '\0';
		j->slot = crm_fact_slot(j->rs, name);
		if (c && len < sizeof c->name) {
			memcpy(c->name, key, len);
			c->len = len;
			c->slot = j->slot;
		}
	}
	if (j->slot < 0 || j->seen[j->slot])
		return decline(j); /* unknown, or a duplicate key */
	j->seen[j->slot] = 1;
	return 1;
}

static int on_end_map(void *ud)
{
	ctx_of(ud)->depth = 0;
	return 1;
}

static int on_array(void *ud)
{
	return decline(ctx_of(ud)); /* list facts */
}

int cli_json_new(cli_json **out, const crm_ruleset *rs, crm_facts *f)
{
	cli_json *j = calloc(1, sizeof *j);
	size_t n = crm_ruleset_fact_count(rs);
	if (!j || !(j->seen = calloc(n + 1, 1)) || !(j->types = calloc(n + 1, sizeof *j->types))) {
		cli_json_free(j);
		return CRM_ENOMEM;
	}
	j->rs = rs;
	j->f = f;
	j->nfacts = n;
	for (size_t i = 0; i < n; i++)
		j->types[i] = crm_ruleset_fact_type(rs, i);
	j->cb.yajl_null = on_null;
	j->cb.yajl_boolean = on_boolean;
	j->cb.yajl_number = on_number;
	j->cb.yajl_string = on_string;
	j->cb.yajl_start_map = on_start_map;
	j->cb.yajl_map_key = on_map_key;
	j->cb.yajl_end_map = on_end_map;
	j->cb.yajl_start_array = on_array;
	j->cb.yajl_end_array = on_array;
	*out = j;
	return 0;
}

void cli_json_free(cli_json *j)
{
	if (!j)
		return;
	free(j->seen);
	free(j->types);
	free(j);
}

int cli_json_facts(cli_json *j, const char *text, size_t len, crm_error *err)
{
	crm_facts_clear(j->f);
	memset(j->seen, 0, j->nfacts);
	j->depth = 0;
	j->nkey = 0;
	j->slot = -1;
	j->declined = 0;
	int ok = 0;
	yajl_handle h = yajl_alloc(&j->cb, NULL, j);
	if (h) {
		ok = yajl_parse(h, (const unsigned char *)text, len) == yajl_status_ok &&
		     yajl_complete_parse(h) == yajl_status_ok && !j->declined;
		yajl_free(h);
	}
	if (ok)
		return 0;
	/* the library reads it again, and explains what is wrong */
	crm_facts_clear(j->f);
	return crm_facts_set_json(j->f, text, len, err);
}

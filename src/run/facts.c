/* SPDX-License-Identifier: MIT */
/* facts.c - the facts record: typed, validated setters, and facts from text or JSON. */
#include <stdio.h>
#include <string.h>

#include "../ruleset/values.h"
#include "../time/civil.h"
#include "run.h"

int crm_facts_new(crm_facts **out, const crm_ruleset *rs)
{
	if (!out || !rs)
		return CRM_EINVAL;
	return crm_facts_create(out, rs, &rs->al);
}

int crm_facts_create(crm_facts **out, const crm_ruleset *rs, const crm_allocator *al)
{
	*out = NULL;
	crm_facts *f = crm_calloc(al, 1, sizeof *f);
	if (!f)
		return CRM_ENOMEM;
	f->rs = rs;
	f->al_copy = *al;
	f->al = &f->al_copy;
	f->nfacts = rs->nfacts;
	size_t n = rs->nfacts ? rs->nfacts : 1;
	f->vals = crm_calloc(f->al, n, sizeof *f->vals);
	f->strs = crm_calloc(f->al, n, sizeof *f->strs);
	f->strcap = crm_calloc(f->al, n, sizeof *f->strcap);
	f->lists = crm_calloc(f->al, n, sizeof *f->lists);
	f->listcap = crm_calloc(f->al, n, sizeof *f->listcap);
	int rc = (!f->vals || !f->strs || !f->strcap || !f->lists || !f->listcap) ? CRM_ENOMEM : 0;
	if (!rc && rs->has_patterns)
		rc = crm_regex_scratch_new(&f->rx, f->al);
	if (rc) {
		crm_facts_free(f);
		return rc;
	}
	*out = f;
	return 0;
}

void crm_facts_free(crm_facts *f)
{
	if (!f)
		return;
	size_t n = f->nfacts;
	crm_allocator al_copy = f->al_copy;
	f->al = &al_copy; /* f itself is freed last */
	for (size_t i = 0; i < n; i++) {
		if (f->strs)
			crm_free(f->al, f->strs[i]);
		if (f->lists)
			crm_free(f->al, f->lists[i]);
	}
	crm_regex_scratch_free(f->rx);
	crm_free(f->al, f->jbuf);
	crm_free(f->al, f->jseen);
	crm_free(f->al, f->jfirst);
	crm_free(f->al, f->jkeys);
	crm_free(f->al, f->vals);
	crm_free(f->al, f->strs);
	crm_free(f->al, f->strcap);
	crm_free(f->al, f->lists);
	crm_free(f->al, f->listcap);
	crm_free(f->al, f);
}

void crm_facts_clear(crm_facts *f)
{
	if (f)
		memset(f->vals, 0, f->rs->nfacts * sizeof *f->vals);
}

int crm_facts_unset(crm_facts *f, int slot)
{
	if (!f || slot < 0 || (uint32_t)slot >= f->rs->nfacts)
		return CRM_EINVAL;
	f->vals[slot] = crm_val_unknown();
	return 0;
}

crm_value crm_facts_get(const crm_facts *f, int slot)
{
	crm_value v;
	memset(&v, 0, sizeof v);
	if (!f || slot < 0 || (uint32_t)slot >= f->rs->nfacts)
		return v;
	return crm_val_public(&f->vals[slot]);
}

/* Grow an owned buffer, keeping nothing (the caller rewrites it). */
static bool reserve(crm_facts *f, void **buf, uint32_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return true;
	size_t nc = *cap ? *cap : 16;
	while (nc < need)
		nc *= 2;
	if (nc > UINT32_MAX / elem)
		return false;
	void *p = crm_malloc(f->al, nc * elem);
	if (!p)
		return false;
	crm_free(f->al, *buf);
	*buf = p;
	*cap = (uint32_t)nc;
	return true;
}

/* A string: one of the allowed values is kept as the ruleset's own copy
 * (which outlives f); any other is validated and copied into f. */
static int store_string(crm_facts *f, int slot, const fact_decl *fd, crm_val v, crm_error *err)
{
	if (v.len > CRM_LIMIT_STRING)
		return crm_err_set(err, CRM_ELIMIT, "fact '%s': string longer than %d bytes",
		                   fd->name, CRM_LIMIT_STRING);
	if (fd->allowed && !fd->pattern) {
		for (uint32_t i = 0; i < fd->nallowed; i++)
			if (fd->allowed[i].len == v.len &&
			    (!v.len || memcmp(fd->allowed[i].u.s, v.u.s, v.len) == 0)) {
				f->vals[slot] = fd->allowed[i];
				return 0;
			}
	}
	if (!crm_utf8_valid(v.u.s, v.len))
		return crm_err_set(err, CRM_EINVAL, "fact '%s': not valid UTF-8", fd->name);
	int rc = crm_fact_value_check(fd, &v, f->rx, err);
	if (rc)
		return rc;
	if (!reserve(f, (void **)&f->strs[slot], &f->strcap[slot], v.len + 1, 1))
		return crm_err_set(err, CRM_ENOMEM, "out of memory");
	if (v.len && v.u.s != f->strs[slot])
		memmove(f->strs[slot], v.u.s, v.len);
	v.u.s = f->strs[slot];
	f->vals[slot] = v;
	return 0;
}

/* A date or instant outside the years (crmrules.h): refused, so that no
 * value the library keeps or computes from leaves them. */
static int time_range(const fact_decl *fd, const crm_val *v, crm_error *err)
{
	if (v->t == CRM_T_DATE && !crm_date_ok(v->u.i))
		return crm_err_set(err, CRM_ERANGE, "fact '%s': day %lld is outside the dates %s",
		                   fd->name, (long long)v->u.i, CRM_DATES_TEXT);
	if (v->t == CRM_T_DATETIME && !crm_instant_ok(v->u.i))
		return crm_err_set(err, CRM_ERANGE,
		                   "fact '%s': instant %lld is outside the instants %s", fd->name,
		                   (long long)v->u.i, CRM_INSTANTS_TEXT);
	return 0;
}

/* A list: items checked one by one, then copied with their strings. */
static int store_list(crm_facts *f, int slot, const fact_decl *fd, crm_val v, crm_error *err)
{
	size_t bytes = 0;
	for (uint32_t i = 0; i < v.len; i++) {
		const crm_val *it = &v.u.l[i];
		if (it->t != fd->elem)
			return crm_err_set(err, CRM_ETYPE, "fact '%s': items must be %s", fd->name,
			                   crm_type_name((crm_type)fd->elem));
		if (it->t == CRM_T_STRING) {
			if (it->len > CRM_LIMIT_STRING)
				return crm_err_set(err, CRM_ELIMIT,
				                   "fact '%s': string longer than %d bytes", fd->name,
				                   CRM_LIMIT_STRING);
			if (!crm_utf8_valid(it->u.s, it->len))
				return crm_err_set(err, CRM_EINVAL, "fact '%s': not valid UTF-8",
				                   fd->name);
			bytes += it->len;
		}
		int rc = time_range(fd, it, err);
		if (!rc)
			rc = crm_fact_value_check(fd, it, f->rx, err);
		if (rc)
			return rc;
	}
	if (!reserve(f, (void **)&f->lists[slot], &f->listcap[slot], v.len + 1, sizeof(crm_val)) ||
	    !reserve(f, (void **)&f->strs[slot], &f->strcap[slot], bytes + 1, 1))
		return crm_err_set(err, CRM_ENOMEM, "out of memory");
	char *sp = f->strs[slot];
	for (uint32_t i = 0; i < v.len; i++) {
		crm_val it = v.u.l[i];
		if (it.t == CRM_T_STRING) {
			if (it.len)
				memcpy(sp, it.u.s, it.len);
			it.u.s = sp;
			sp += it.len;
		}
		f->lists[slot][i] = it;
	}
	v.u.l = f->lists[slot];
	f->vals[slot] = v;
	return 0;
}

int crm_facts_store(crm_facts *f, int slot, const crm_val *in, crm_error *err)
{
	if (!f || slot < 0 || (uint32_t)slot >= f->nfacts)
		return crm_err_set(err, CRM_EINVAL, "no fact slot %d", slot);
	const fact_decl *fd = &f->rs->facts[slot];
	crm_val v = *in;
	if (v.t == CRM_T_INT && fd->type == CRM_T_NUMBER)
		v = crm_val_num((double)v.u.i);
	if (v.t != fd->type)
		return crm_err_set(err, CRM_ETYPE, "fact '%s' is %s, not %s", fd->name,
		                   crm_type_name((crm_type)fd->type), crm_type_name((crm_type)v.t));
	if (v.t == CRM_T_STRING)
		return store_string(f, slot, fd, v, err);
	if (v.t == CRM_T_LIST)
		return store_list(f, slot, fd, v, err);
	int rc = time_range(fd, &v, err);
	if (rc)
		return rc;
	if (fd->allowed || fd->has_range) {
		rc = crm_fact_value_check(fd, &v, f->rx, err);
		if (rc)
			return rc;
	}
	f->vals[slot] = v;
	return 0;
}

/* The setters' common case is a few instructions: a fact of the value's
 * type with no allowed values, at most a range. Anything else (and every
 * error) takes crm_facts_store, the one place that checks and explains. */
static inline const fact_decl *plain_fact(crm_facts *f, int slot, uint8_t t)
{
	if (!f || slot < 0 || (uint32_t)slot >= f->nfacts)
		return NULL;
	const fact_decl *fd = &f->rs->facts[slot];
	return fd->type == t && !fd->allowed ? fd : NULL;
}

static int set_int_like(crm_facts *f, int slot, uint8_t t, int64_t x, crm_error *err)
{
	const fact_decl *fd = plain_fact(f, slot, t);
	if (fd && (!fd->has_range ||
	           (((fd->range_flags & 1) ? x >= fd->lo.u.i : x > fd->lo.u.i) &&
	            ((fd->range_flags & 2) ? x <= fd->hi.u.i : x < fd->hi.u.i)))) {
		f->vals[slot] = crm_val_int(t, x);
		return 0;
	}
	crm_val v = crm_val_int(t, x);
	return crm_facts_store(f, slot, &v, err);
}

int crm_facts_set_bool(crm_facts *f, int slot, int x, crm_error *err)
{
	return set_int_like(f, slot, CRM_T_BOOL, x != 0, err);
}

int crm_facts_set_int(crm_facts *f, int slot, int64_t x, crm_error *err)
{
	if (f && slot >= 0 && (uint32_t)slot < f->nfacts &&
	    f->rs->facts[slot].type == CRM_T_NUMBER)
		return crm_facts_set_number(f, slot, (double)x, err);
	return set_int_like(f, slot, CRM_T_INT, x, err);
}

int crm_facts_set_money(crm_facts *f, int slot, int64_t x, crm_error *err)
{
	return set_int_like(f, slot, CRM_T_MONEY, x, err);
}

int crm_facts_set_date(crm_facts *f, int slot, int64_t x, crm_error *err)
{
	if (!crm_date_ok(x)) {
		crm_val v = crm_val_int(CRM_T_DATE, x);
		return crm_facts_store(f, slot, &v, err); /* refuses and says why */
	}
	return set_int_like(f, slot, CRM_T_DATE, x, err);
}

int crm_facts_set_datetime(crm_facts *f, int slot, int64_t x, crm_error *err)
{
	if (!crm_instant_ok(x)) {
		crm_val v = crm_val_int(CRM_T_DATETIME, x);
		return crm_facts_store(f, slot, &v, err);
	}
	return set_int_like(f, slot, CRM_T_DATETIME, x, err);
}

int crm_facts_set_duration(crm_facts *f, int slot, int64_t x, crm_error *err)
{
	return set_int_like(f, slot, CRM_T_DURATION, x, err);
}

int crm_facts_set_number(crm_facts *f, int slot, double x, crm_error *err)
{
	const fact_decl *fd = plain_fact(f, slot, CRM_T_NUMBER);
	if (fd && !fd->has_range && x == x) {
		f->vals[slot] = crm_val_num(x);
		return 0;
	}
	crm_val v = crm_val_num(x);
	return crm_facts_store(f, slot, &v, err);
}

int crm_facts_set_string(crm_facts *f, int slot, const char *s, size_t len, crm_error *err)
{
	if (!s && len)
		return crm_err_set(err, CRM_EINVAL, "string must not be NULL");
	if (len > CRM_LIMIT_STRING)
		return crm_err_set(err, CRM_ELIMIT, "string longer than %d bytes", CRM_LIMIT_STRING);
	crm_val v = crm_val_str(s ? s : "", (uint32_t)len);
	return crm_facts_store(f, slot, &v, err);
}

static int slot_of(const crm_facts *f, const char *name, size_t len, crm_error *err)
{
	int slot = crm_map_get(&f->rs->fact_map, name, len);
	if (slot < 0)
		return crm_err_set(err, CRM_EUNKNOWN, "unknown fact '%.*s'",
		                   (int)(len > 80 ? 80 : len), name);
	return slot;
}

static int set_scalar_text(crm_facts *f, int slot, const char *text, size_t len,
                           crm_error *err)
{
	const fact_decl *fd = &f->rs->facts[slot];
	char msg[200];
	crm_val v;
	if (fd->type == CRM_T_LIST) {
		/* comma-separated items */
		crm_val items[256];
		uint32_t n = 0;
		size_t i = 0;
		while (i < len) {
			size_t j = i;
			while (j < len && text[j] != ',')
				j++;
			size_t a = i, b = j;
			while (a < b && text[a] == ' ')
				a++;
			while (b > a && text[b - 1] == ' ')
				b--;
			if (n == CRM_ARRAY_LEN(items))
				return crm_err_set(err, CRM_ELIMIT, "fact '%s': more than %zu items",
				                   fd->name, CRM_ARRAY_LEN(items));
			int rc = crm_value_parse(NULL, fd->elem, text + a, b - a, &items[n], msg, sizeof msg);
			if (rc)
				return crm_err_set(err, rc, "fact '%s': %s", fd->name, msg);
			n++;
			i = j + 1;
		}
		v = crm_val_unknown();
		v.t = CRM_T_LIST;
		v.elem = fd->elem;
		v.len = n;
		v.u.l = items;
		return crm_facts_store(f, slot, &v, err);
	}
	int rc = crm_value_parse(NULL, fd->type, text, len, &v, msg, sizeof msg);
	if (rc)
		return crm_err_set(err, rc, "fact '%s': %s", fd->name, msg);
	return crm_facts_store(f, slot, &v, err);
}

int crm_facts_set_text(crm_facts *f, const char *name, const char *text, size_t len,
                       crm_error *err)
{
	if (!f || !name || (!text && len))
		return crm_err_set(err, CRM_EINVAL, "facts, name and text must not be NULL");
	int slot = slot_of(f, name, strlen(name), err);
	if (slot < 0)
		return slot;
	return set_scalar_text(f, slot, text ? text : "", len, err);
}

int crm_facts_set_node(crm_facts *f, int slot, const crm_ynode *y, crm_error *err)
{
	crm_val items[256], v;
	int rc = crm_fact_node_value(&f->rs->facts[slot], y, items, CRM_ARRAY_LEN(items), &v, err);
	if (rc)
		return rc;
	if (v.t == CRM_T_UNKNOWN) {
		f->vals[slot] = v;
		return 0;
	}
	return crm_facts_store(f, slot, &v, err);
}

/* A YAML (or JSON) mapping through the YAML reader: for text that is not
 * strict JSON. */
static int set_yaml(crm_facts *f, const char *text, size_t len, crm_error *err)
{
	crm_arena ar;
	crm_arena_init(&ar, f->al);
	crm_ynode *root;
	int rc = crm_yaml_parse(&ar, text ? text : "", len, "<facts>", &root, err);
	if (!rc && (!root || root->kind != Y_MAP))
		rc = crm_err_at(err, CRM_ESYNTAX, "<facts>", root ? root->line : 1,
		                root ? root->col : 1, "facts must be an object of name: value");
	for (uint32_t i = 0; !rc && i < root->n; i++) {
		const crm_ynode *k = crm_ymap_key(root, i), *v = crm_ymap_val(root, i);
		int slot = slot_of(f, k->text, k->len, err);
		rc = slot < 0 ? slot : crm_facts_set_node(f, slot, v, err);
		if (rc && err) {
			const crm_ynode *at = slot < 0 ? k : v;
			err->line = at->line;
			err->column = at->col;
			snprintf(err->file, sizeof err->file, "<facts>");
		}
	}
	crm_arena_free(&ar);
	return rc;
}

int crm_facts_set_json(crm_facts *f, const char *text, size_t len, crm_error *err)
{
	if (!f || (!text && len))
		return crm_err_set(err, CRM_EINVAL, "facts and text must not be NULL");
	/* JSON through the one-pass reader; YAML (block style, or flow style
	 * like {a: 1}, which is not JSON) through libyaml when JSON refuses
	 * it. When both refuse, the error of the one the text looks like. */
	int syntax;
	int rc = crm_json_read(f, text, len, NULL, NULL, &syntax, err);
	if (!rc || !syntax)
		return rc;
	crm_error yerr;
	int yrc = set_yaml(f, text, len, &yerr);
	size_t i = 0;
	while (i < len && (text[i] == ' ' || text[i] == '\n' || text[i] == '\r' || text[i] == '\t'))
		i++;
	if (yrc == CRM_ESYNTAX && i < len && (text[i] == '{' || text[i] == '['))
		return rc;
	if (err)
		*err = yerr;
	return yrc;
}

int crm_facts_read_json(crm_facts *f, const char *text, size_t len, const crm_json_options *o,
                        crm_error *err)
{
	if (!f || (!text && len))
		return crm_err_set(err, CRM_EINVAL, "facts and text must not be NULL");
	if (o && o->version != CRM_JSON_OPTIONS_VERSION)
		return crm_err_set(err, CRM_EINVAL, "unsupported crm_json_options version %u",
		                   o->version);
	crm_json_span spans[CRM_JSON_KEEP_MAX];
	if (o && o->nkeep > CRM_JSON_KEEP_MAX)
		return crm_err_set(err, CRM_ELIMIT, "more than %d keys to keep", CRM_JSON_KEEP_MAX);
	int syntax;
	return crm_json_read(f, text, len, o, spans, &syntax, err);
}

int crm_facts_read_json_kept(crm_facts *f, const char *text, size_t len,
                             const crm_json_options *o, crm_json_span *kept, crm_error *err)
{
	size_t nkeep = o ? o->nkeep : 0;
	if (nkeep && !kept)
		return crm_err_set(err, CRM_EINVAL, "kept must not be NULL with keys to keep");
	/* every span says absent until its key is read, whatever fails first */
	for (size_t k = 0; k < nkeep && k < CRM_JSON_KEEP_MAX; k++)
		kept[k].start = kept[k].end = 0;
	if (!f || (!text && len))
		return crm_err_set(err, CRM_EINVAL, "facts and text must not be NULL");
	if (o && o->version != CRM_JSON_OPTIONS_VERSION)
		return crm_err_set(err, CRM_EINVAL, "unsupported crm_json_options version %u",
		                   o->version);
	if (nkeep > CRM_JSON_KEEP_MAX)
		return crm_err_set(err, CRM_ELIMIT, "more than %d keys to keep", CRM_JSON_KEEP_MAX);
	int syntax;
	return crm_json_read(f, text, len, o, kept, &syntax, err);
}

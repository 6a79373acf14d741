/* SPDX-License-Identifier: MIT */
/* facts.c - the facts record: typed, validated setters, and facts from text or JSON. */
#include <stdio.h>
#include <string.h>

#include "ruleset.h"

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

static int check_value(crm_facts *f, const fact_decl *fd, const crm_val *v, crm_error *err)
{
	if (fd->allowed) {
		bool ok = false;
		for (uint32_t i = 0; i < fd->nallowed && !ok; i++)
			ok = crm_val_equal(v, &fd->allowed[i]);
		if (!ok) {
			char buf[200];
			crm_value pv = crm_val_public(v);
			crm_value_format(buf, sizeof buf, &pv);
			return crm_err_set(err, CRM_EINVAL,
			                   "fact '%s': %s is not one of its allowed values", fd->name,
			                   buf);
		}
	}
	if (fd->has_range) {
		int lo = crm_val_cmp(v, &fd->lo), hi = crm_val_cmp(v, &fd->hi);
		bool in = ((fd->range_flags & 1) ? lo >= 0 : lo > 0) &&
		          ((fd->range_flags & 2) ? hi <= 0 : hi < 0);
		if (v->t == CRM_T_NUMBER && v->u.n != v->u.n)
			in = false; /* NaN */
		if (!in) {
			char a[64], b[64], x[64];
			crm_value pl = crm_val_public(&fd->lo), ph = crm_val_public(&fd->hi),
			          pv = crm_val_public(v);
			crm_value_format(a, sizeof a, &pl);
			crm_value_format(b, sizeof b, &ph);
			crm_value_format(x, sizeof x, &pv);
			return crm_err_set(err, CRM_EINVAL, "fact '%s': %s is outside its range %c%s..%s%c",
			                   fd->name, x, (fd->range_flags & 1) ? '[' : '(', a, b,
			                   (fd->range_flags & 2) ? ']' : ')');
		}
	}
	if (fd->pattern) {
		int m = crm_regex_match(fd->pattern, f->rx, v->u.s, v->len);
		if (m < 0)
			return crm_err_set(err, CRM_ELIMIT, "fact '%s': pattern hit its match limit",
			                   fd->name);
		if (!m)
			return crm_err_set(err, CRM_EINVAL, "fact '%s': \"%.*s\" does not match %s",
			                   fd->name, (int)(v->len > 60 ? 60 : v->len), v->u.s,
			                   fd->pattern_src);
	}
	return 0;
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
	int rc = check_value(f, fd, &v, err);
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
		int rc = check_value(f, fd, it, err);
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
	if (fd->allowed || fd->has_range) {
		int rc = check_value(f, fd, &v, err);
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
	return set_int_like(f, slot, CRM_T_DATE, x, err);
}

int crm_facts_set_datetime(crm_facts *f, int slot, int64_t x, crm_error *err)
{
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
	const fact_decl *fd = &f->rs->facts[slot];
	if (crm_ynull(y)) {
		f->vals[slot] = crm_val_unknown();
		return 0;
	}
	if (y->kind == Y_SCALAR) {
		if (fd->type == CRM_T_LIST)
			return crm_err_set(err, CRM_ETYPE, "fact '%s' is a list: give an array", fd->name);
		return set_scalar_text(f, slot, y->text, y->len, err);
	}
	if (y->kind == Y_SEQ && fd->type == CRM_T_LIST) {
		crm_val items[256];
		if (y->n > CRM_ARRAY_LEN(items))
			return crm_err_set(err, CRM_ELIMIT, "fact '%s': more than %zu items", fd->name,
			                   CRM_ARRAY_LEN(items));
		for (uint32_t i = 0; i < y->n; i++) {
			const crm_ynode *it = y->items[i];
			char msg[200];
			if (it->kind != Y_SCALAR)
				return crm_err_set(err, CRM_ETYPE, "fact '%s': items must be scalars", fd->name);
			int rc = crm_value_parse(NULL, fd->elem, it->text, it->len, &items[i], msg,
			                         sizeof msg);
			if (rc)
				return crm_err_set(err, rc, "fact '%s': %s", fd->name, msg);
		}
		crm_val v = crm_val_unknown();
		v.t = CRM_T_LIST;
		v.elem = fd->elem;
		v.len = y->n;
		v.u.l = items;
		return crm_facts_store(f, slot, &v, err);
	}
	return crm_err_set(err, CRM_ETYPE, "fact '%s' is %s: give a %s", fd->name,
	                   crm_type_name((crm_type)fd->type),
	                   fd->type == CRM_T_LIST ? "list" : "scalar");
}

int crm_facts_set_json(crm_facts *f, const char *text, size_t len, crm_error *err)
{
	if (!f || (!text && len))
		return crm_err_set(err, CRM_EINVAL, "facts and text must not be NULL");
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

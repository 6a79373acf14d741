/* SPDX-License-Identifier: MIT */
/* binding.c - a host's C struct bound to facts: every member checked against
 * its fact once, when the binding is made, so that setting a record is one
 * pass of loads and range tests. Anything unusual (a value to explain, a
 * string to copy, a fact with allowed values or a pattern) goes through
 * crm_facts_store, like the setters. */
#include <stdatomic.h>
#include <stdbool.h>
#include <string.h>

#include "ruleset.h"

enum {
	B_BOOL,    /* a bool fact with nothing to check */
	B_INT,     /* an integer-valued fact: in lo..hi, or crm_facts_store explains */
	B_NUMBER,  /* a number fact with no range: any value */
	B_ENUM,    /* an index into the fact's allowed values */
	B_STRING,  /* a NUL-terminated string, copied by crm_facts_set_string */
	B_CHECKED  /* anything else: crm_facts_store checks it */
};

/* One bound member. */
struct bound {
	member m;      /* the short path (F_NONE when optional), place, type, range */
	int slot;
	uint8_t op;    /* B_* */
	uint8_t ctype; /* CRM_C_* */
	bool optional;
	size_t present;
};

/* Serials outlive bindings: a new binding at a freed one's address is
 * still told apart (crm_binding_set_only). */
static _Atomic uint64_t last_serial;

static size_t ctype_size(unsigned ctype)
{
	switch (ctype) {
	case CRM_C_BOOL: return sizeof(bool);
	case CRM_C_INT: return sizeof(int);
	case CRM_C_UINT8: return sizeof(uint8_t);
	case CRM_C_INT32: return sizeof(int32_t);
	case CRM_C_INT64: return sizeof(int64_t);
	case CRM_C_DOUBLE: return sizeof(double);
	case CRM_C_STRING: return sizeof(const char *);
	default: return 0;
	}
}

static bool integer_ctype(unsigned ctype)
{
	return ctype == CRM_C_INT || ctype == CRM_C_UINT8 || ctype == CRM_C_INT32 ||
	       ctype == CRM_C_INT64;
}

static bool integral_fact(uint8_t type)
{
	return type == CRM_T_INT || type == CRM_T_MONEY || type == CRM_T_DATE ||
	       type == CRM_T_DATETIME || type == CRM_T_DURATION;
}

/* The closed interval of fd's range, or every int64; false when empty. */
static bool closed_range(const fact_decl *fd, int64_t *lo, int64_t *hi)
{
	*lo = INT64_MIN;
	*hi = INT64_MAX;
	if (!fd->has_range)
		return true;
	*lo = fd->lo.u.i;
	*hi = fd->hi.u.i;
	if (!(fd->range_flags & 1) && crm_add_ovf(*lo, 1, lo))
		return false;
	if (!(fd->range_flags & 2) && crm_sub_ovf(*hi, 1, hi))
		return false;
	return *lo <= *hi;
}

/* How field i (bound to fd) is set; 0 or an error. */
static int plan(bound *b, const crm_field *fl, size_t i, const fact_decl *fd, crm_error *err)
{
	unsigned ct = fl->ctype;
	bool index = fl->flags & CRM_FIELD_INDEX;
	b->op = B_CHECKED;
	if (fd->type == CRM_T_LIST)
		return crm_err_set(err, CRM_ETYPE,
		                   "field %zu ('%s'): a list fact cannot be bound; set it with "
		                   "crm_facts_set_json", i, fl->fact);
	if (index) {
		if (!integer_ctype(ct))
			return crm_err_set(err, CRM_ETYPE,
			                   "field %zu ('%s'): an index must be an integer member", i,
			                   fl->fact);
		if (fd->type != CRM_T_STRING || !fd->allowed)
			return crm_err_set(err, CRM_ETYPE,
			                   "field %zu ('%s'): an index needs a string fact with "
			                   "values", i, fl->fact);
		b->op = B_ENUM;
		return 0;
	}
	bool ok;
	switch (fd->type) {
	case CRM_T_BOOL:
		ok = ct == CRM_C_BOOL || integer_ctype(ct);
		if (ok && !fd->allowed && !fd->has_range)
			b->op = B_BOOL;
		break;
	case CRM_T_NUMBER:
		ok = ct == CRM_C_DOUBLE || integer_ctype(ct);
		if (ok && !fd->allowed && !fd->has_range)
			b->op = B_NUMBER;
		break;
	case CRM_T_STRING:
		ok = ct == CRM_C_STRING;
		b->op = B_STRING;
		break;
	default:
		ok = integral_fact(fd->type) && integer_ctype(ct);
		if (ok && !fd->allowed && closed_range(fd, &b->m.lo, &b->m.hi))
			b->op = B_INT;
		break;
	}
	if (!ok)
		return crm_err_set(err, CRM_ETYPE, "field %zu ('%s'): fact '%s' is %s; a member of "
		                   "that C type cannot set it", i, fl->fact, fd->name,
		                   crm_type_name((crm_type)fd->type));
	return 0;
}

/* The short path of a planned, non-optional member, or F_NONE. */
static uint8_t fast_path(bound *b, const fact_decl *fd)
{
	switch (b->op) {
	case B_BOOL:
		return b->ctype == CRM_C_BOOL || b->ctype == CRM_C_UINT8 ? F_BOOL8 : F_NONE;
	case B_INT:
		if (b->ctype == CRM_C_INT64)
			return F_INT64;
		return b->ctype == CRM_C_INT32 || (b->ctype == CRM_C_INT && sizeof(int) == 4)
		               ? F_INT32
		               : F_NONE;
	case B_NUMBER:
		return b->ctype == CRM_C_DOUBLE ? F_DOUBLE : F_NONE;
	case B_ENUM:
		if (b->ctype != CRM_C_UINT8 || fd->pattern)
			return F_NONE;
		b->m.enums = fd->allowed;
		b->m.hi = fd->nallowed;
		return F_ENUM8;
	default:
		return F_NONE;
	}
}

/* Whether the short path of m checks its value (a narrower range than
 * its C type's, an index). */
static bool has_limits(const member *m)
{
	switch (m->fast) {
	case F_INT32: return m->lo > INT32_MIN || m->hi < INT32_MAX;
	case F_INT64: return m->lo > INT64_MIN || m->hi < INT64_MAX;
	case F_ENUM8: return true;
	default: return false; /* F_BOOL8, F_DOUBLE: any value */
	}
}

/* The fact slot behind mask column j, in crm_match_mask's order. */
static int32_t column_fact(const mask_index *mi, uint32_t j)
{
	if (j < mi->nbool)
		return mi->bools[j].fact;
	j -= mi->nbool;
	if (j < mi->ndirect)
		return mi->direct[j].fact;
	return mi->cols[j - mi->ndirect].d.fact; /* by_lookup: a fact */
}

static bool reads(const mask_index *mi, uint32_t ncols, int slot)
{
	for (uint32_t j = 0; j < ncols; j++)
		if (column_fact(mi, j) == slot)
			return true;
	return false;
}

/* The lookup of decision d compiled against b's record (at[slot]: field
 * + 1, or 0 for a fact not bound), or NULL without one. */
static record_lookup *lookup_for(const crm_binding *b, const decision *d, const uint32_t *at,
                                 int *rc)
{
	const mask_index *mi = d->mask;
	if (!d->by_lookup || !mi || b->start[F_NONE + 1] > 0)
		return NULL; /* no masks, or a member off its short path */
	uint32_t ncols = mi->nbool + mi->ndirect + mi->ncols;
	const crm_allocator *al = &b->al_copy;
	member *ms = crm_calloc(al, ncols + b->n + 1, sizeof *ms), *checks = ms + ncols;
	if (!ms) {
		*rc = CRM_ENOMEM;
		return NULL;
	}
	bool ok = true;
	for (uint32_t j = 0; j < ncols; j++) {
		int32_t s = column_fact(mi, j);
		ok = ok && s >= 0 && at[s]; /* an unknown fact: the slow path tells */
		if (ok)
			ms[j] = b->fields[at[s] - 1].m;
	}
	uint32_t nchecks = 0;
	for (uint32_t i = 0; i < b->n; i++)
		if (has_limits(&b->fields[i].m) && !reads(mi, ncols, b->fields[i].slot))
			checks[nchecks++] = b->fields[i].m;
	record_lookup *lk = NULL;
	if (ok)
		*rc = crm_match_record_build(al, mi, b->size, ms, checks, nchecks, &lk);
	crm_free(al, ms);
	return lk;
}

/* The lookups of the decisions answered by lookup (b->lookups):
 * crm_decide_record reads them from the record, and sets no fact when
 * they prove the answer. */
static int build_lookups(crm_binding *b)
{
	const crm_ruleset *rs = b->rs;
	const crm_allocator *al = &b->al_copy;
	uint32_t *at = crm_calloc(al, rs->nfacts ? rs->nfacts : 1, sizeof *at);
	b->lookups = crm_calloc(al, rs->ndecs ? rs->ndecs : 1, sizeof *b->lookups);
	if (!at || !b->lookups) {
		crm_free(al, at);
		return CRM_ENOMEM;
	}
	for (uint32_t i = 0; i < b->n; i++)
		at[b->fields[i].slot] = i + 1;
	int rc = 0;
	for (uint32_t di = 0; di < rs->ndecs && !rc; di++)
		b->lookups[di] = lookup_for(b, &rs->decs[di], at, &rc);
	crm_free(al, at);
	return rc;
}

static void binding_free(crm_binding *b)
{
	crm_allocator al = b->al_copy;
	if (b->lookups)
		for (uint32_t di = 0; di < b->rs->ndecs; di++)
			crm_free(&al, b->lookups[di]);
	crm_free(&al, b->lookups);
	crm_free(&al, b->fields);
	crm_free(&al, b);
}

int crm_binding_new(crm_binding **out, const crm_ruleset *rs, const crm_field *fields,
                    size_t nfields, size_t record_size, crm_error *err)
{
	if (out)
		*out = NULL;
	if (!out || !rs || (!fields && nfields))
		return crm_err_set(err, CRM_EINVAL, "out, ruleset and fields must not be NULL");
	if (nfields > rs->nfacts)
		return crm_err_set(err, CRM_EINVAL, "%zu fields for %u facts: a fact is bound twice",
		                   nfields, rs->nfacts);
	crm_binding *b = crm_calloc(&rs->al, 1, sizeof *b);
	bound *bs = crm_calloc(&rs->al, nfields ? nfields : 1, sizeof *bs);
	uint8_t *seen = crm_calloc(&rs->al, rs->nfacts ? rs->nfacts : 1, 1);
	int rc = 0;
	if (!b || !bs || !seen)
		rc = crm_err_set(err, CRM_ENOMEM, "out of memory");
	for (size_t i = 0; !rc && i < nfields; i++) {
		const crm_field *fl = &fields[i];
		bound *bd = &bs[i];
		size_t size = ctype_size(fl->ctype);
		if (!fl->fact) {
			rc = crm_err_set(err, CRM_EINVAL, "field %zu has no fact name", i);
			break;
		}
		if (!size || (fl->flags & ~(CRM_FIELD_INDEX | CRM_FIELD_OPTIONAL))) {
			rc = crm_err_set(err, CRM_EINVAL, "field %zu ('%s'): unknown %s", i, fl->fact,
			                 size ? "flags" : "C type");
			break;
		}
		if (fl->offset > record_size || size > record_size - fl->offset ||
		    ((fl->flags & CRM_FIELD_OPTIONAL) &&
		     (fl->present_offset > record_size ||
		      sizeof(bool) > record_size - fl->present_offset))) {
			rc = crm_err_set(err, CRM_EINVAL,
			                 "field %zu ('%s'): the member lies outside a record of %zu "
			                 "bytes", i, fl->fact, record_size);
			break;
		}
		int slot = crm_fact_slot(rs, fl->fact);
		if (slot < 0) {
			rc = crm_err_set(err, CRM_EUNKNOWN, "field %zu: unknown fact '%s'", i, fl->fact);
			break;
		}
		if (seen[slot]) {
			rc = crm_err_set(err, CRM_EINVAL, "field %zu: fact '%s' is bound twice", i,
			                 fl->fact);
			break;
		}
		seen[slot] = 1;
		const fact_decl *fd = &rs->facts[slot];
		bd->slot = slot;
		bd->ctype = (uint8_t)fl->ctype;
		bd->m.type = fd->type;
		bd->optional = fl->flags & CRM_FIELD_OPTIONAL;
		bd->m.offset = fl->offset;
		bd->present = fl->present_offset;
		rc = plan(bd, fl, i, fd, err);
		if (!rc && !bd->optional)
			bd->m.fast = fast_path(bd, fd);
	}
	crm_free(&rs->al, seen);
	if (rc) {
		crm_free(&rs->al, bs);
		crm_free(&rs->al, b);
		return rc;
	}
	b->rs = rs;
	b->al_copy = rs->al;
	b->fields = bs;
	b->n = (uint32_t)nfields;
	b->size = record_size;
	/* group by short path (a stable insertion sort: few fields) */
	for (size_t i = 1; i < nfields; i++) {
		bound x = bs[i];
		size_t j = i;
		for (; j > 0 && bs[j - 1].m.fast > x.m.fast; j--)
			bs[j] = bs[j - 1];
		bs[j] = x;
	}
	for (uint32_t k = 0, i = 0; k <= F_KINDS; k++) {
		while (i < b->n && bs[i].m.fast < k)
			i++;
		b->start[k] = i;
	}
	b->serial = atomic_fetch_add(&last_serial, 1) + 1;
	if (build_lookups(b)) {
		binding_free(b);
		return crm_err_set(err, CRM_ENOMEM, "out of memory");
	}
	*out = b;
	return 0;
}

void crm_binding_free(crm_binding *b)
{
	if (b)
		binding_free(b);
}

/* The member as a value of the fact's type (not for B_ENUM, B_STRING). */
static crm_val member_value(const bound *b, const char *p)
{
	if (b->ctype == CRM_C_DOUBLE) {
		double x;
		memcpy(&x, p, sizeof x);
		return crm_val_num(x);
	}
	int64_t x = crm_read_int(p, b->ctype);
	if (b->m.type == CRM_T_NUMBER)
		return crm_val_num((double)x);
	return crm_val_int(b->m.type, b->m.type == CRM_T_BOOL ? x != 0 : x);
}

/* A field off its short path: optional, a string, a value to check or
 * to explain. */
static int set_slow(crm_facts *f, const crm_binding *b, const bound *bd, const char *rec,
                    crm_error *err)
{
	crm_val *vals = f->vals;
	const char *p = rec + bd->m.offset;
	if (bd->optional) {
		uint8_t has;
		memcpy(&has, rec + bd->present, 1);
		if (!has) {
			vals[bd->slot] = crm_val_unknown();
			return 0;
		}
	}
	switch (bd->op) {
	case B_BOOL:
	case B_NUMBER: /* NaN too, as crm_facts_set_number */
		vals[bd->slot] = member_value(bd, p);
		return 0;
	case B_INT: {
		crm_val v = member_value(bd, p);
		if (v.u.i >= bd->m.lo && v.u.i <= bd->m.hi) {
			vals[bd->slot] = v;
			return 0;
		}
		return crm_facts_store(f, bd->slot, &v, err); /* explains the range */
	}
	case B_ENUM: {
		const fact_decl *fd = &b->rs->facts[bd->slot];
		int64_t x = crm_read_int(p, bd->ctype);
		if (x < 0 || x >= fd->nallowed)
			return crm_err_set(err, CRM_EINVAL,
			                   "fact '%s': index %lld is not one of its %u values", fd->name,
			                   (long long)x, fd->nallowed);
		if (fd->pattern)
			return crm_facts_store(f, bd->slot, &fd->allowed[x], err);
		vals[bd->slot] = fd->allowed[x]; /* the ruleset's own copy */
		return 0;
	}
	case B_STRING: {
		const char *str;
		memcpy(&str, p, sizeof str);
		if (str)
			return crm_facts_set_string(f, bd->slot, str, strlen(str), err);
		vals[bd->slot] = crm_val_unknown();
		return 0;
	}
	default: {
		crm_val v = member_value(bd, p);
		return crm_facts_store(f, bd->slot, &v, err);
	}
	}
}

/* One tight loop per short path (kind a constant: crm_member_value folds
 * to its case); a value it cannot take goes to set_slow. */
#define SHORT_PATH(kind)                                                          \
	for (uint32_t i = b->start[kind]; i < b->start[(kind) + 1]; i++) {           \
		const bound *bd = &b->fields[i];                                         \
		crm_val v;                                                               \
		if (crm_member_value(kind, &bd->m, rec, &v))                             \
			vals[bd->slot] = v;                                                  \
		else if ((rc = set_slow(f, b, bd, rec, err)))                            \
			return rc;                                                           \
	}

int crm_facts_set_record(crm_facts *f, const crm_binding *b, const void *record,
                         crm_error *err)
{
	if (!f || !b || !record)
		return crm_err_set(err, CRM_EINVAL, "facts, binding and record must not be NULL");
	if (f->rs != b->rs)
		return crm_err_set(err, CRM_EINVAL, "the binding belongs to another ruleset");
	const char *rec = record;
	crm_val *vals = f->vals;
	int rc;
	for (uint32_t i = 0; i < b->start[F_NONE + 1]; i++)
		if ((rc = set_slow(f, b, &b->fields[i], rec, err)))
			return rc;
	SHORT_PATH(F_BOOL8)
	SHORT_PATH(F_INT32)
	SHORT_PATH(F_INT64)
	SHORT_PATH(F_DOUBLE)
	SHORT_PATH(F_ENUM8)
	return 0;
}

int crm_binding_set_only(crm_facts *f, const crm_binding *b, uint64_t *last,
                         const void *record, crm_error *err)
{
	if (*last != b->serial) {
		/* another binding's facts are not this one's unknowns */
		crm_facts_clear(f);
		*last = b->serial;
	}
	return crm_facts_set_record(f, b, record, err);
}

/* SPDX-License-Identifier: MIT */
/* outputs.c - a decision's outputs as the host reads them without names:
 * output and allowed-value indices from the ruleset (a fact's values'
 * too, for the members a host binds as indices), typed getters by
 * index, and an output binding that writes a result into the members of
 * one of the host's structs (as a crm_binding reads facts from one). */
#include <stdbool.h>
#include <string.h>

#include "../expr/opcodes.h"
#include "run.h"

/* ---- indices ------------------------------------------------------------------- */

static const output_decl *output_of(const crm_ruleset *rs, int di, int output)
{
	if (!rs || di < 0 || (uint32_t)di >= rs->ndecs || output < 0 ||
	    (uint32_t)output >= rs->decs[di].nouts)
		return NULL;
	return &rs->decs[di].outs[output];
}

int crm_output_find(const crm_ruleset *rs, int di, const char *name)
{
	if (!rs || !name || di < 0 || (uint32_t)di >= rs->ndecs)
		return CRM_EUNKNOWN;
	const decision *d = &rs->decs[di];
	for (uint32_t i = 0; i < d->nouts; i++)
		if (strcmp(d->outs[i].name, name) == 0)
			return (int)i;
	return CRM_EUNKNOWN;
}

size_t crm_output_value_count(const crm_ruleset *rs, int di, int output)
{
	const output_decl *od = output_of(rs, di, output);
	return od && od->values ? od->nvalues : 0;
}

const char *crm_output_value(const crm_ruleset *rs, int di, int output, size_t k)
{
	const output_decl *od = output_of(rs, di, output);
	if (!od || !od->values || k >= od->nvalues || od->values[k].t != CRM_T_STRING)
		return NULL;
	return od->values[k].u.s;
}

/* The index of the string s (len bytes) among values, or -1. A rule's
 * constant output is the ruleset's copy of the value (compile/table.c):
 * found by its pointer. */
static inline int value_index(const crm_val *values, uint32_t n, const char *s, size_t len)
{
	for (uint32_t k = 0; k < n; k++)
		if (values[k].u.s == s)
			return (int)k;
	for (uint32_t k = 0; k < n; k++)
		if (values[k].len == len && memcmp(values[k].u.s, s, len) == 0)
			return (int)k;
	return -1;
}

/* The index of v, a string, among values (n of them), or -1: a rule's
 * constant carries it in pad (compile/table.c), checked by its pointer. */
static inline int index_of(const crm_val *values, uint32_t n, const crm_val *v)
{
	uint32_t k = (uint32_t)v->pad - 1u;
	if (k < n && values[k].u.s == v->u.s)
		return (int)k;
	return value_index(values, n, v->u.s, v->len);
}

int crm_output_value_index(const crm_ruleset *rs, int di, int output, const char *value)
{
	const output_decl *od = output_of(rs, di, output);
	if (!od || !value)
		return CRM_EINVAL;
	if (!od->values || (od->type == CRM_T_LIST ? od->elem : od->type) != CRM_T_STRING)
		return CRM_ETYPE;
	int k = value_index(od->values, od->nvalues, value, strlen(value));
	return k < 0 ? CRM_EUNKNOWN : k;
}

int crm_fact_value_index(const crm_ruleset *rs, int slot, const char *value)
{
	if (!rs || slot < 0 || (uint32_t)slot >= rs->nfacts || !value)
		return CRM_EINVAL;
	const fact_decl *fd = &rs->facts[slot];
	if (!fd->allowed || (fd->type == CRM_T_LIST ? fd->elem : fd->type) != CRM_T_STRING)
		return CRM_ETYPE;
	int k = value_index(fd->allowed, fd->nallowed, value, strlen(value));
	return k < 0 ? CRM_EUNKNOWN : k;
}

/* ---- typed getters by index -------------------------------------------------------- */

/* Output i of r, checked: 0, CRM_EINVAL, CRM_EMISSING (unknown). */
static int output_at(const crm_result *r, size_t i, const crm_val **v)
{
	if (!r || i >= r->nouts)
		return CRM_EINVAL;
	if (r->status || r->outs[i].t == CRM_T_UNKNOWN)
		return CRM_EMISSING;
	*v = &r->outs[i];
	return 0;
}

int crm_result_bool_at(const crm_result *r, size_t i, int *out)
{
	const crm_val *v;
	int rc = output_at(r, i, &v);
	if (rc)
		return rc;
	if (v->t != CRM_T_BOOL)
		return CRM_ETYPE;
	if (out)
		*out = v->u.i != 0;
	return 0;
}

int crm_result_int_at(const crm_result *r, size_t i, int64_t *out)
{
	const crm_val *v;
	int rc = output_at(r, i, &v);
	if (rc)
		return rc;
	if (v->t != CRM_T_INT && v->t != CRM_T_MONEY && v->t != CRM_T_DATE &&
	    v->t != CRM_T_DATETIME && v->t != CRM_T_DURATION)
		return CRM_ETYPE;
	if (out)
		*out = v->u.i;
	return 0;
}

int crm_result_number_at(const crm_result *r, size_t i, double *out)
{
	const crm_val *v;
	int rc = output_at(r, i, &v);
	if (rc)
		return rc;
	if (v->t != CRM_T_NUMBER && v->t != CRM_T_INT)
		return CRM_ETYPE;
	if (out)
		*out = v->t == CRM_T_NUMBER ? v->u.n : (double)v->u.i;
	return 0;
}

int crm_result_string_at(const crm_result *r, size_t i, const char **out, size_t *len)
{
	const crm_val *v;
	int rc = output_at(r, i, &v);
	if (rc)
		return rc;
	if (v->t != CRM_T_STRING)
		return CRM_ETYPE;
	if (out)
		*out = v->u.s;
	if (len)
		*len = v->len;
	return 0;
}

int crm_result_index_at(const crm_result *r, size_t i, int *out)
{
	const crm_val *v;
	int rc = output_at(r, i, &v);
	if (rc)
		return rc;
	const output_decl *od = &r->ctx->rs->decs[r->decision].outs[i];
	if (v->t != CRM_T_STRING || !od->values)
		return CRM_ETYPE;
	int k = index_of(od->values, od->nvalues, v);
	if (k < 0)
		return CRM_EINVAL; /* a computed value outside values: (checked at load where constant) */
	if (out)
		*out = k;
	return 0;
}

/* ---- the output binding ---------------------------------------------------------------- */

/* How one member is written. */
enum { W_BOOL, W_INT, W_DOUBLE, W_INDEX, W_STRING, W_INDEX_LIST };

/* ... and, worked out once, the store itself (an index into a uint8_t or
 * an int32_t, the usual host enums, without a second switch) */
enum { S_I64, S_I32, S_U8, S_BOOL, S_DOUBLE, S_INDEX, S_INDEX8, S_INDEX32, S_STRING, S_LIST };

typedef struct out_member {
	uint16_t output;
	uint8_t how;    /* W_* */
	uint8_t store;  /* S_* */
	uint8_t ctype;  /* crm_ctype of the member (of the items, for a list) */
	uint8_t size;   /* the member's bytes (of an item, for a list) */
	uint32_t nvalues;      /* the output's values:, for an index */
	const crm_val *values;
	size_t offset, count, capacity;
} out_member;

static uint8_t store_of(int how, crm_ctype t)
{
	switch (how) {
	case W_DOUBLE: return S_DOUBLE;
	case W_INDEX:
		return t == CRM_C_UINT8 ? S_INDEX8 : t == CRM_C_INT32 ? S_INDEX32 : S_INDEX;
	case W_STRING: return S_STRING;
	case W_INDEX_LIST: return S_LIST;
	default:
		return t == CRM_C_INT64 ? S_I64 : t == CRM_C_UINT8 ? S_U8 : t == CRM_C_BOOL ? S_BOOL
		                                                                           : S_I32;
	}
}

/* A write of a rule's image: a constant's bytes as its member takes them
 * (size of them at offset), or (size 0) member m, which the rule computes. */
typedef struct out_write {
	uint64_t bytes;
	uint32_t offset;
	uint16_t m;
	uint8_t size;
} out_write;

/* With the members, for a first-hit table the fast paths answer (64 rules
 * at most): per rule, its image: the writes of its outputs, n of them. */
struct crm_out_binding {
	const crm_ruleset *rs;
	int di;
	size_t n;
	const out_write *img; /* nrules * n, or NULL: no images */
	out_member m[];
};

/* How output od is written to a member of type t with flags; -1 when it
 * cannot be, with why. */
static int plan_member(const output_decl *od, const crm_out_field *fl, const char **why)
{
	crm_ctype t = fl->ctype;
	bool index = fl->flags & CRM_FIELD_INDEX;
	uint8_t type = od->result_type ? od->result_type : od->type;
	switch (type) {
	case CRM_T_BOOL:
		if (t == CRM_C_BOOL || (crm_ctype_integer(t) && !index))
			return W_BOOL;
		*why = "a bool output takes a bool or an integer member";
		return -1;
	case CRM_T_INT:
		if (crm_ctype_integer(t) && !index)
			return W_INT;
		*why = "an int output takes an integer member";
		return -1;
	case CRM_T_MONEY:
	case CRM_T_DATE:
	case CRM_T_DATETIME:
	case CRM_T_DURATION:
		if (t == CRM_C_INT64 && !index)
			return W_INT;
		*why = "a money, date, datetime or duration output takes an int64_t member "
		       "(minor units, days or seconds)";
		return -1;
	case CRM_T_NUMBER:
		if (t == CRM_C_DOUBLE && !index)
			return W_DOUBLE;
		*why = "a number output takes a double member";
		return -1;
	case CRM_T_STRING:
		if (!od->values) {
			*why = "a string output without values: is read with crm_result_string_at";
			return -1;
		}
		if (index && crm_ctype_integer(t))
			return W_INDEX;
		if (t == CRM_C_STRING && !index)
			return W_STRING;
		*why = "a string output with values: takes an integer index (CRM_FIELD_INDEX) or "
		       "a const char * member";
		return -1;
	case CRM_T_LIST:
		/* a list of string with values:, or the strings a collect table lists */
		if ((od->type == CRM_T_LIST ? od->elem : od->type) == CRM_T_STRING && od->values &&
		    index && crm_ctype_integer(t) &&
		    fl->capacity)
			return W_INDEX_LIST;
		*why = "a list output is written as indices of its values: (a list of string "
		       "with values:, CRM_FIELD_INDEX, an integer item type, a capacity)";
		return -1;
	default:
		*why = "this output's type cannot be bound";
		return -1;
	}
}

/* Each rule's image (below, with the writes it stands for). */
static void make_images(crm_out_binding *ob, const decision *d, out_write *img);

static bool inside(size_t off, size_t size, size_t record_size)
{
	return off <= record_size && size <= record_size - off;
}

int crm_out_binding_new(crm_out_binding **out, const crm_ruleset *rs, int di,
                        const crm_out_field *fields, size_t nfields, size_t record_size,
                        crm_error *err)
{
	if (out)
		*out = NULL;
	if (!out || !rs || (!fields && nfields))
		return crm_err_set(err, CRM_EINVAL, "out, ruleset and fields must not be NULL");
	if (di < 0 || (uint32_t)di >= rs->ndecs)
		return crm_err_set(err, CRM_EUNKNOWN, "no decision with index %d", di);
	const decision *d = &rs->decs[di];
	if (nfields > d->nouts) {
		/* a name that is no output says so first; else one is bound twice */
		for (size_t i = 0; fields && i < nfields; i++)
			if (fields[i].output && crm_output_find(rs, di, fields[i].output) < 0)
				return crm_err_set(err, CRM_EUNKNOWN,
				                   "field %zu: decision '%s' has no output '%s'", i,
				                   d->name, fields[i].output);
		return crm_err_set(err, CRM_EINVAL,
		                   "%zu fields for the %u outputs of '%s': an output is bound twice",
		                   nfields, d->nouts, d->name);
	}
	/* images for the tables the fast paths answer (crm_decide_record_rule) */
	bool images = d->mask && d->hit == HIT_FIRST && nfields && nfields <= UINT16_MAX &&
	              record_size <= UINT32_MAX; /* out_write's offset and m */
	size_t nimg = images ? (size_t)d->nrules * nfields : 0;
	crm_out_binding *ob = crm_calloc(&rs->al, 1, sizeof *ob + nfields * sizeof ob->m[0] +
	                                                 nimg * sizeof(out_write));
	if (!ob)
		return crm_err_set(err, CRM_ENOMEM, "out of memory");
	ob->rs = rs;
	ob->di = di;
	ob->n = nfields;
	int rc = 0;
	for (size_t i = 0; i < nfields && !rc; i++) {
		const crm_out_field *fl = &fields[i];
		out_member *m = &ob->m[i];
		size_t size = crm_ctype_size(fl->ctype);
		int o = fl->output ? crm_output_find(rs, di, fl->output) : CRM_EUNKNOWN;
		const char *why = NULL;
		if (!fl->output)
			rc = crm_err_set(err, CRM_EINVAL, "field %zu has no output name", i);
		else if (!size || (fl->flags & ~CRM_FIELD_INDEX))
			rc = crm_err_set(err, CRM_EINVAL, "field %zu ('%s'): unknown %s", i, fl->output,
			                 size ? "flags" : "C type");
		else if (o < 0)
			rc = crm_err_set(err, CRM_EUNKNOWN, "field %zu: decision '%s' has no output '%s'", i,
			                 d->name, fl->output);
		if (rc)
			break;
		for (size_t k = 0; k < i; k++)
			if (ob->m[k].output == o)
				rc = crm_err_set(err, CRM_EINVAL, "field %zu: output '%s' is bound twice", i,
				                 fl->output);
		int how = rc ? 0 : plan_member(&d->outs[o], fl, &why);
		if (!rc && how < 0)
			rc = crm_err_set(err, CRM_ETYPE, "field %zu ('%s'): %s", i, fl->output, why);
		if (rc)
			break;
		m->output = (uint16_t)o;
		m->how = (uint8_t)how;
		m->store = store_of(how, fl->ctype);
		m->ctype = (uint8_t)fl->ctype;
		m->size = (uint8_t)size;
		m->values = d->outs[o].values;
		m->nvalues = d->outs[o].nvalues;
		m->offset = fl->offset;
		m->count = fl->count_offset;
		m->capacity = fl->capacity;
		size_t span = how == W_INDEX_LIST ? size * fl->capacity : size;
		if ((how == W_INDEX_LIST && fl->capacity > SIZE_MAX / size) ||
		    !inside(fl->offset, span, record_size) ||
		    (how == W_INDEX_LIST && !inside(fl->count_offset, sizeof(size_t), record_size)))
			rc = crm_err_set(err, CRM_EINVAL,
			                 "field %zu ('%s'): the member lies outside a record of %zu bytes",
			                 i, fl->output, record_size);
	}
	if (rc) {
		crm_free(&rs->al, ob);
		return rc;
	}
	if (images)
		make_images(ob, d, (out_write *)(ob->m + nfields));
	*out = ob;
	return 0;
}

void crm_out_binding_free(crm_out_binding *ob)
{
	if (ob)
		crm_free(&ob->rs->al, ob);
}

/* Store x in an integer member of type t; false when it does not fit. */
static bool store_int(char *p, uint8_t t, int64_t x)
{
	switch (t) {
	case CRM_C_INT64:
		memcpy(p, &x, sizeof x);
		return true;
	case CRM_C_INT32:
	case CRM_C_INT: {
		if (x < INT32_MIN || x > INT32_MAX)
			return false;
		int32_t y = (int32_t)x;
		memcpy(p, &y, sizeof y);
		return true;
	}
	case CRM_C_UINT8: {
		if (x < 0 || x > UINT8_MAX)
			return false;
		*(uint8_t *)p = (uint8_t)x;
		return true;
	}
	case CRM_C_BOOL: {
		bool b = x != 0;
		memcpy(p, &b, sizeof b);
		return true;
	}
	default:
		return false;
	}
}

static CRM_NOINLINE int too_big(crm_error *err, const output_decl *od, int64_t x)
{
	return crm_err_set(err, CRM_EOVERFLOW, "output '%s': %lld does not fit its member",
	                   od->name, (long long)x);
}

static CRM_NOINLINE int not_a_value(crm_error *err, const output_decl *od, const crm_val *v)
{
	return crm_err_set(err, CRM_EINVAL, "output '%s': \"%.*s\" is not one of its values",
	                   od->name, (int)(v->len > 60 ? 60 : v->len), v->u.s);
}

/* A list of strings as indices of od's values. */
static CRM_NOINLINE int write_list(const out_member *m, const output_decl *od, const crm_val *v,
                                   char *base, crm_error *err)
{
	if (v->len > m->capacity)
		return crm_err_set(err, CRM_ELIMIT, "output '%s' has %u items, its member holds %zu",
		                   od->name, v->len, m->capacity);
	size_t step = crm_ctype_size((crm_ctype)m->ctype);
	for (uint32_t j = 0; j < v->len; j++) {
		const crm_val *it = &v->u.l[j];
		int k = it->t == CRM_T_STRING ? value_index(od->values, od->nvalues, it->u.s, it->len)
		                              : -1;
		if (k < 0 || !store_int(base + m->offset + j * step, m->ctype, k))
			return crm_err_set(err, CRM_EINVAL, "output '%s': item %u is not one of its values",
			                   od->name, j);
	}
	size_t count = v->len;
	memcpy(base + m->count, &count, sizeof count);
	return 0;
}

/* Output value v (known, not a list) into the member of m at p. */
static CRM_ALWAYS_INLINE int write_scalar(const out_member *m, const output_decl *od,
                                          const crm_val *v, char *p, crm_error *err)
{
	int64_t x = v->u.i;
	int k;
	switch (m->store) {
	case S_I64:
		memcpy(p, &x, sizeof x);
		return 0;
	case S_I32: {
		if (x < INT32_MIN || x > INT32_MAX)
			return too_big(err, od, x);
		int32_t y = (int32_t)x;
		memcpy(p, &y, sizeof y);
		return 0;
	}
	case S_U8:
		if (x < 0 || x > UINT8_MAX)
			return too_big(err, od, x);
		*(uint8_t *)p = (uint8_t)x;
		return 0;
	case S_BOOL:
		*(bool *)p = x != 0;
		return 0;
	case S_DOUBLE:
		memcpy(p, &v->u.n, sizeof v->u.n);
		return 0;
	case S_INDEX8:
	case S_INDEX32:
		k = index_of(m->values, m->nvalues, v);
		if (k < 0)
			return not_a_value(err, od, v);
		if (m->store == S_INDEX8) {
			if (k > UINT8_MAX)
				return too_big(err, od, k);
			*(uint8_t *)p = (uint8_t)k;
		} else {
			int32_t y = k;
			memcpy(p, &y, sizeof y);
		}
		return 0;
	case S_INDEX:
		k = index_of(od->values, od->nvalues, v);
		if (k < 0)
			return not_a_value(err, od, v);
		if (!store_int(p, m->ctype, k))
			return too_big(err, od, k);
		return 0;
	default: /* S_STRING */
		k = index_of(od->values, od->nvalues, v);
		if (k < 0)
			return not_a_value(err, od, v);
		memcpy(p, &od->values[k].u.s, sizeof(const char *));
		return 0;
	}
}

/* Output value v into the member of m in the record at base. */
static CRM_ALWAYS_INLINE int write_member(const out_member *m, const output_decl *od,
                                          const crm_val *v, char *base, crm_error *err)
{
	if (v->t == CRM_T_UNKNOWN) /* not after a decision made: each rule sets each */
		return crm_err_set(err, CRM_EMISSING, "output '%s' is unknown", od->name);
	if (m->store == S_LIST)
		return write_list(m, od, v, base, err);
	return write_scalar(m, od, v, base + m->offset, err);
}

/* r's outputs into record by ob, r a decision of ob's made without error. */
static int write_outputs(const crm_result *r, const crm_out_binding *ob, char *base,
                         crm_error *err)
{
	const output_decl *outs = ob->rs->decs[ob->di].outs;
	for (const out_member *m = ob->m, *end = ob->m + ob->n; m < end; m++) {
		int rc = write_member(m, &outs[m->output], &r->outs[m->output], base, err);
		if (rc)
			return rc;
	}
	return 0;
}

/* The outputs of rule ri, proved by the members, into record by ob: its
 * constants copied from its image, the others written from r as
 * write_outputs does. */
static int write_image(const crm_result *r, const crm_out_binding *ob, uint32_t ri,
                       char *base, crm_error *err)
{
	for (const out_write *w = ob->img + (size_t)ri * ob->n, *end = w + ob->n; w < end; w++) {
		char *p = base + w->offset;
		switch (w->size) { /* the usual sizes as single stores */
		case 1: memcpy(p, &w->bytes, 1); break;
		case 4: memcpy(p, &w->bytes, 4); break;
		case 8: memcpy(p, &w->bytes, 8); break;
		case 0: {
			const out_member *m = &ob->m[w->m];
			int rc = write_member(m, &ob->rs->decs[ob->di].outs[m->output],
			                      &r->outs[m->output], base, err);
			if (rc)
				return rc;
			break;
		}
		default: memcpy(p, &w->bytes, w->size); break;
		}
	}
	return 0;
}

/* Rule r's output o when it is a constant (the value every path of
 * decide.c gives it), or NULL. */
static const crm_val *constant_output(const crm_ruleset *rs, const decision *d, uint32_t r,
                                      uint32_t o)
{
	const rule *ru = &d->rules[r];
	if (d->konsts)
		return &d->konsts[(size_t)r * d->nouts + o];
	if (ru->konst)
		return &ru->konst[o];
	long k = crm_program_const(ru->outs[o].code, ru->outs[o].len);
	return k >= 0 ? &rs->pools.consts[k] : NULL;
}

/* Each rule's image: a constant is written once, here, as write_scalar
 * writes it; one it cannot write (unknown, a list, too big, not a value)
 * is left to the decision, which then reports it. */
static void make_images(crm_out_binding *ob, const decision *d, out_write *img)
{
	for (uint32_t r = 0; r < d->nrules; r++)
		for (uint32_t i = 0; i < ob->n; i++) {
			const out_member *m = &ob->m[i];
			const crm_val *v = constant_output(ob->rs, d, r, m->output);
			out_write *w = &img[(size_t)r * ob->n + i];
			char buf[sizeof w->bytes];
			w->offset = (uint32_t)m->offset;
			w->m = (uint16_t)i;
			if (v && v->t != CRM_T_UNKNOWN && m->store != S_LIST && m->size <= sizeof buf &&
			    !write_scalar(m, &d->outs[m->output], v, buf, NULL)) {
				memcpy(&w->bytes, buf, m->size);
				w->size = m->size;
			}
		}
	ob->img = img;
}

int crm_result_write(const crm_result *r, const crm_out_binding *ob, void *record,
                     crm_error *err)
{
	if (!r || !ob || !record)
		return crm_err_set(err, CRM_EINVAL, "result, binding and record must not be NULL");
	if (r->ctx->rs != ob->rs || r->decision != ob->di)
		return crm_err_set(err, CRM_EINVAL, "the output binding is for decision '%s'",
		                   ob->rs->decs[ob->di].name);
	if (r->status)
		return crm_err_set(err, r->status, "the decision failed: no outputs to write");
	return write_outputs(r, ob, record, err);
}

int crm_decide_record_into(crm_context *ctx, int di, const crm_binding *in,
                           const void *record, const crm_out_binding *ob, void *out_record,
                           const crm_result **out, crm_error *err)
{
	const crm_result *r = NULL;
	if (out)
		*out = NULL;
	if (!ob || !out_record)
		return crm_err_set(err, CRM_EINVAL, "output binding and out_record must not be NULL");
	if (ob->di != di || (ctx && ctx->rs != ob->rs))
		return crm_err_set(err, CRM_EINVAL, "the output binding is for decision '%s'",
		                   ob->rs->decs[ob->di].name);
	int32_t found;
	int rc = crm_decide_record_rule(ctx, di, in, record, &r, err, &found);
	if (out)
		*out = r;
	if (rc)
		return rc;
	/* a result of decision di on ob's ruleset, made: written without
	 * crm_result_write's checks */
	if (found >= 0 && ob->img)
		return write_image(r, ob, (uint32_t)found, out_record, err);
	return write_outputs(r, ob, out_record, err);
}

/* SPDX-License-Identifier: MIT */
/* fuzz_record.c - arbitrary bytes as a binding (which facts of the default
 * rules, where in the record, as what C type) and as the record itself, in a
 * buffer of exactly its size: every decision by crm_decide_record must say
 * what crm_facts_set_record and crm_decide_index say. A difference aborts.
 *
 * Input: byte 0 picks the record size (8..64); then two bytes a fact, in
 * slot order, while they last: the first places the member (or, 0xf0 and
 * above, leaves the fact unbound), the second picks its C type and flags
 * (a member its fact refuses is left out, but for 0x3f, which keeps any C
 * type, and 0x7f, a string member for a fact of another type: the binding
 * must then fail cleanly); the bytes after the last fact are the record,
 * and those past the record a text.
 *
 * String members (a string fact's, when its second byte has 0x40) hold
 * pointers, which only the host can vouch for: here the harness writes
 * them into the record, over the member's bytes, never two overlapping.
 * The member's first byte picks what it points to: NULL, "", one of the
 * fact's values (or it with a byte changed), the text, invalid UTF-8, or
 * a string of CRM_LIMIT_STRING bytes or one more. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "crmrules.h"

#ifndef CRM_RULES_DIR
#error "CRM_RULES_DIR must name rules/"
#endif

static crm_ruleset *rs;
static crm_facts *f;
static crm_context *ctx, *ctx2;

static size_t ctype_size(crm_ctype t)
{
	switch (t) {
	case CRM_C_BOOL: return sizeof(bool);
	case CRM_C_INT: return sizeof(int);
	case CRM_C_UINT8: return 1;
	case CRM_C_INT32: return 4;
	case CRM_C_INT64: return 8;
	case CRM_C_STRING: return sizeof(const char *);
	default: return sizeof(double);
	}
}

/* The C type the fact would take, mostly one it allows. */
static crm_ctype pick_ctype(crm_type t, uint8_t k, unsigned *flags)
{
	static const crm_ctype ints[] = {CRM_C_INT32, CRM_C_INT64, CRM_C_INT, CRM_C_UINT8};
	if (k == 0x3f) /* now and then any: the binding must refuse it cleanly */
		return (crm_ctype)(CRM_C_BOOL + k % 6);
	if (k == 0x7f)
		return CRM_C_STRING;
	switch (t) {
	case CRM_T_BOOL: { /* a C flag's int too */
		static const crm_ctype flags_[] = {CRM_C_BOOL, CRM_C_UINT8, CRM_C_INT32, CRM_C_INT};
		return flags_[k % 4];
	}
	case CRM_T_NUMBER: return k % 3 ? CRM_C_DOUBLE : ints[k % 4];
	case CRM_T_STRING:
		if (k & 0x40)
			return CRM_C_STRING;
		*flags |= CRM_FIELD_INDEX; /* a C enum's int too */
		return k % 3 == 0 ? CRM_C_UINT8 : k % 3 == 1 ? CRM_C_INT32 : CRM_C_INT;
	default: return ints[k % 4];
	}
}

static bool same(const crm_result *a, const crm_result *b)
{
	if (!a || !b)
		return a == b;
	size_t n = crm_result_output_count(a);
	if (n != crm_result_output_count(b) ||
	    crm_result_fired_count(a) != crm_result_fired_count(b) ||
	    crm_result_missing_count(a) != crm_result_missing_count(b))
		return false;
	for (size_t o = 0; o < n; o++) {
		crm_value x = crm_result_output(a, o), y = crm_result_output(b, o);
		if (x.type != y.type)
			return false;
		if (x.type == CRM_T_STRING
		        ? x.u.s.len != y.u.s.len || memcmp(x.u.s.ptr, y.u.s.ptr, x.u.s.len) != 0
		        : x.type == CRM_T_LIST ? x.u.list.len != y.u.list.len
		                               : x.type && x.u.i != y.u.i)
			return false;
	}
	for (size_t k = 0; k < crm_result_fired_count(a); k++)
		if (strcmp(crm_result_fired_id(a, k), crm_result_fired_id(b, k)) != 0)
			return false;
	return true;
}

/* The strings of one input's string members; freed after it. */
typedef struct strings {
	char *s[64];
	size_t n;
} strings;

static const char *keep(strings *st, const char *bytes, size_t len)
{
	char *s = st->n < 64 ? malloc(len + 1) : NULL;
	if (!s)
		return NULL;
	memcpy(s, bytes, len);
	s[len] = '\0';
	return st->s[st->n++] = s;
}

/* What string member of fact `slot` whose first byte is sel points to. */
static const char *pick_string(strings *st, int slot, uint8_t sel, const uint8_t *text,
                               size_t ntext)
{
	static char *longest; /* CRM_LIMIT_STRING + 1 bytes, made once */
	size_t nvalues = 0;
	crm_fact_info fi;
	if (crm_ruleset_fact_info(rs, (size_t)slot, &fi) == 0)
		nvalues = fi.nvalues;
	crm_value v = crm_ruleset_fact_value(rs, (size_t)slot, nvalues ? (sel >> 3) % nvalues : 0);
	switch (sel & 7) {
	case 0: return NULL;
	case 1: return "";
	case 2:
	case 3:
		if (v.type == CRM_T_STRING) {
			char *s = (char *)keep(st, v.u.s.ptr, v.u.s.len);
			if (s && (sel & 7) == 3 && v.u.s.len) /* close to a value, not one */
				s[(sel >> 3) % v.u.s.len] ^= 0x20;
			return s;
		}
		return "x";
	case 4: return keep(st, (const char *)text, ntext); /* up to its first NUL */
	case 5: return sel & 8 ? "\xc3(" : "caf\xc3";
	default:
		if (!longest && (longest = malloc(CRM_LIMIT_STRING + 2))) {
			memset(longest, 'a', CRM_LIMIT_STRING + 1);
			longest[CRM_LIMIT_STRING + 1] = '\0';
		}
		/* the limit, or one byte past it */
		return longest ? longest + ((sel & 8) ? 0 : 1) : NULL;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	crm_error err, err2;
	if (!rs) {
		if (crm_ruleset_load(&rs, CRM_RULES_DIR, NULL, &err) || crm_facts_new(&f, rs) ||
		    crm_context_new(&ctx, rs, NULL) || crm_context_new(&ctx2, rs, NULL))
			abort(); /* the fuzzer's own set-up, not the library under test */
	}
	if (size < 1)
		return 0;
	size_t rec_size = 8 + data[0] % 57, at = 1, n = 0;
	size_t nfacts = crm_ruleset_fact_count(rs);
	crm_field *fields = calloc(nfacts ? nfacts : 1, sizeof *fields);
	int *slots = calloc(nfacts ? nfacts : 1, sizeof *slots);
	if (!fields || !slots) {
		free(fields);
		free(slots);
		return 0;
	}
	for (size_t i = 0; i < nfacts && at + 2 <= size; i++, at += 2) {
		uint8_t place = data[at], kind = data[at + 1];
		crm_type t = crm_ruleset_fact_type(rs, i);
		bool any = kind == 0x3f || kind == 0x7f;
		if (place >= 0xf0 || t == CRM_T_LIST)
			continue;
		slots[n] = (int)i;
		crm_field *fl = &fields[n++];
		fl->fact = crm_ruleset_fact_name(rs, i);
		fl->ctype = pick_ctype(t, kind, &fl->flags);
		size_t room = rec_size - ctype_size(fl->ctype) + 1;
		fl->offset = place % room;
		if (kind & 0x80) {
			fl->flags |= CRM_FIELD_OPTIONAL;
			fl->present_offset = (size_t)(place * 7u) % rec_size;
			if (place & 1 && fl->present_offset + sizeof(int) <= rec_size)
				fl->flags |= CRM_FIELD_PRESENT_INT; /* an int flag */
		}
		/* a pointer written over another would be the harness's fault */
		bool clash = false;
		for (size_t k = 0; fl->ctype == CRM_C_STRING && k + 1 < n; k++)
			clash = clash || (fields[k].ctype == CRM_C_STRING &&
			                  fields[k].offset < fl->offset + sizeof(char *) &&
			                  fl->offset < fields[k].offset + sizeof(char *));
		crm_binding *one; /* a field its fact refuses is dropped, but for any */
		if (clash || (!any && crm_binding_new(&one, rs, fl, 1, rec_size, NULL) != 0))
			memset(&fields[--n], 0, sizeof *fl);
		else if (!any)
			crm_binding_free(one);
	}
	crm_binding *b;
	if (crm_binding_new(&b, rs, fields, n, rec_size, &err) == 0) {
		/* exactly the record's bytes: a read past them is the sanitizer's */
		unsigned char *rec = calloc(1, rec_size);
		strings st = {{NULL}, 0};
		if (rec) {
			size_t left = size - at;
			memcpy(rec, data + at, left < rec_size ? left : rec_size);
			const uint8_t *text = data + at + (left < rec_size ? left : rec_size);
			size_t ntext = left < rec_size ? 0 : left - rec_size;
			for (size_t k = 0; k < n; k++)
				if (fields[k].ctype == CRM_C_STRING) {
					const char *str = pick_string(&st, slots[k], rec[fields[k].offset], text,
					                              ntext);
					memcpy(rec + fields[k].offset, &str, sizeof str);
				}
			for (size_t di = 0; di < crm_ruleset_decision_count(rs); di++) {
				const crm_result *r1, *r2 = NULL;
				int rc1 = crm_decide_record(ctx, (int)di, b, rec, &r1, &err);
				crm_facts_clear(f);
				int rc2 = crm_facts_set_record(f, b, rec, &err2);
				if (!rc2)
					rc2 = crm_decide_index(ctx2, (int)di, f, &r2, &err2);
				if (rc1 != rc2 || strcmp(err.message, err2.message) != 0 || !same(r1, r2))
					abort(); /* the record's short path disagrees */
			}
			free(rec);
		}
		for (size_t k = 0; k < st.n; k++)
			free(st.s[k]);
		crm_binding_free(b);
	}
	free(fields);
	free(slots);
	return 0;
}

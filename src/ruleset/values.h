/* SPDX-License-Identifier: MIT */
/* values.h - values from their text in rule files and facts, by declared
 * type, and checked against a fact's declaration: what the compile side
 * (tests' facts) and the run side (the setters) both need. */
#ifndef CRM_VALUES_H
#define CRM_VALUES_H

#include "../core/core.h"
#include "../core/regex.h"
#include "../core/yaml.h"
#include "ruleset.h"

/* Type names in rule files. */
int crm_parse_type(const char *s, uint8_t *type, uint8_t *elem);
/* Scalar text to a value of a type (facts, expected outputs, allowed values). */
int crm_value_parse(crm_arena *ar, uint8_t type, const char *s, size_t len,
                    crm_val *out, char *msg, size_t msgsize);

/* The value a YAML node gives fact fd: unknown for null, a scalar read by
 * the fact's type, a sequence for a list fact (its items written to
 * items[0..cap), which *out then points to; strings point into the node).
 * Types only: allowed values, range and pattern are crm_fact_value_check's.
 * Errors name the fact; err's line and column are the node's (an item's
 * for a bad item). */
int crm_fact_node_value(const fact_decl *fd, const crm_ynode *y, crm_val *items,
                        uint32_t cap, crm_val *out, crm_error *err);
/* Whether v, a value of fact fd's type (an item of a list fact), is one of
 * its allowed values, inside its range and matches its pattern (rx: scratch
 * for the match, needed when fd has a pattern). CRM_EINVAL, or CRM_ELIMIT
 * when the match hit a limit, with the message the setters give. Inline:
 * the setters compile it as their own, as when it was run/facts.c's (a
 * call cost reading facts from JSON 2 instructions a decision). */
static inline int crm_fact_value_check(const fact_decl *fd, const crm_val *v,
                                       crm_regex_scratch *rx, crm_error *err)
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
			if (v->t == CRM_T_NUMBER && v->u.n != v->u.n)
				memcpy(x, "NaN", 4); /* JSON's null would say unknown */
			return crm_err_set(err, CRM_EINVAL, "fact '%s': %s is outside its range %c%s..%s%c",
			                   fd->name, x, (fd->range_flags & 1) ? '[' : '(', a, b,
			                   (fd->range_flags & 2) ? ']' : ')');
		}
	}
	if (fd->pattern) {
		int m = crm_regex_match(fd->pattern, rx, v->u.s, v->len);
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

#endif

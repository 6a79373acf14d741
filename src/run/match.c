/* SPDX-License-Identifier: MIT */
/* match.c - finding the rules that match: native cell tests, the column
 * index walked with input values, bit masks ANDed per column (the lookups
 * compile/index.c builds). */
#include <string.h>

#include "../expr/opcodes.h"
#include "run.h"

bool crm_match_test(const cell_test *t, const crm_val *x)
{
	switch (t->kind) {
	case CT_CMP:
		return crm_rel_holds(t->rel, crm_val_cmp_scalar(x, &t->v[0]));
	case CT_RANGE: {
		int lo = crm_val_cmp_scalar(x, &t->v[0]), hi = crm_val_cmp_scalar(x, &t->v[1]);
		return ((t->rel & 1) ? lo >= 0 : lo > 0) && ((t->rel & 2) ? hi <= 0 : hi < 0);
	}
	default:
		for (uint32_t i = 0; i < t->n; i++)
			if (crm_val_cmp_scalar(x, &t->v[i]) == 0)
				return true;
		return false;
	}
}
/* crm_match_region out of line: the mask loop's rare case, kept from
 * growing the loop (inlined there it costs every lookup instructions). */
static CRM_NOINLINE uint32_t region_apart(const crm_val *pts, uint32_t m, const crm_val *x)
{
	return crm_match_region(pts, m, x);
}

/* The region of string x among the m points hashed in sh. */
static inline uint32_t str_region(const str_hash *sh, const crm_val *pts, uint32_t m,
                                  const crm_val *x)
{
	for (uint32_t h = crm_hash(x->u.s, x->len) & sh->mask; sh->slots[h];
	     h = (h + 1) & sh->mask) {
		const crm_val *p = &pts[sh->slots[h] - 1];
		if (p->len == x->len && (!x->len || memcmp(p->u.s, x->u.s, x->len) == 0))
			return 2 * (sh->slots[h] - 1) + 1;
	}
	return region_apart(pts, m, x); /* between two points */
}
/* The region of comparable x at node nd. */
static inline uint32_t node_region(const match_node *nd, const crm_val *x)
{
	uint32_t m = nd->npoints;
	switch (nd->how) {
	case NODE_INT:
		return crm_int_region(nd->ipts, m, x->u.i);
	case NODE_NUM:
		return crm_num_region(nd->dpts, m, x->u.n);
	case NODE_STR:
		return str_region(&nd->strs, nd->points, m, x);
	default:
		return crm_match_region(nd->points, m, x);
	}
}
const uint32_t *crm_match_candidates(const decision *d, const crm_val *facts,
                                     const crm_val *inputs, uint32_t *n,
                                     const uint8_t **exact)
{
	const match_node *nd = d->index;
	while (nd->col >= 0) {
		const crm_val *x = nd->fact >= 0 ? &facts[nd->fact] : &inputs[nd->col];
		if (!crm_match_comparable(x))
			return NULL; /* unknown: every rule must be looked at */
		nd = nd->child[node_region(nd, x)];
	}
	*n = nd->nrules;
	*exact = nd->exact;
	return nd->rules;
}

/* The mask of column c for x; false when x is unknown (or NaN). */
static CRM_ALWAYS_INLINE bool column_mask(const mask_col *c, const crm_val *x,
                                          uint64_t *mask)
{
	uint32_t i;
	if (!x->t)
		return false;
	switch (c->how) {
	case MC_DIRECT:
		*mask = crm_direct_mask(&c->d, x->u.i);
		return true;
	case MC_INT:
		*mask = c->masks[crm_int_region(c->ipts, c->npoints, x->u.i)];
		return true;
	case MC_NUM:
		if (x->u.n != x->u.n)
			return false;
		*mask = c->masks[crm_num_region(c->dpts, c->npoints, x->u.n)];
		return true;
	case MC_ENUM:
		for (i = 0; i < c->nenums; i++)
			if (x->u.s == c->enums[i].u.s) {
				*mask = c->enum_masks[i];
				return true;
			}
		break; /* not the ruleset's copy: compare the text */
	case MC_STR:
		if (x->t != CRM_T_STRING)
			break;
		*mask = c->masks[str_region(&c->strs, c->pts, c->npoints, x)];
		return true;
	default:
		break;
	}
	*mask = c->masks[region_apart(c->pts, c->npoints, x)];
	return true;
}

bool crm_match_column(const mask_col *c, const crm_val *x, uint64_t *mask)
{
	return column_mask(c, x, mask);
}

bool crm_match_mask(const mask_index *mi, const crm_val *facts, const crm_val *inputs,
                    uint64_t *bits)
{
	uint64_t m = mi->all, mask, final;
	uint32_t k;
	/* Every column is read, with no test between them. A first-hit table
	 * could stop once its lowest candidate is proven, but that test is a
	 * branch on the data, mispredicted on the very customer it helps, and
	 * it cost more than the columns it saved. Reading the columns after a
	 * proven rule's own leaves its bit, and so the answer, as it was. An
	 * unknown value asks the question: if the lowest candidate is proven
	 * by the columns before (final), or no rule is left, the value does
	 * not matter. */
	for (k = 0; k < mi->nbool; k++) {
		const mask_bool *c = &mi->bools[k];
		const crm_val *x = &facts[c->fact];
		if (!x->t) {
			final = c->final;
			goto unknown;
		}
		m &= c->when[x->u.i != 0];
	}
	for (k = 0; k < mi->ndirect; k++) {
		const mask_direct *c = &mi->direct[k];
		const crm_val *x = &facts[c->fact];
		if (!x->t) {
			final = c->final;
			goto unknown;
		}
		m &= crm_direct_mask(c, x->u.i);
	}
	for (k = 0; k < mi->ncols; k++) {
		const mask_col *c = &mi->cols[k];
		if (!column_mask(c, c->d.fact >= 0 ? &facts[c->d.fact] : &inputs[c->input], &mask)) {
			final = c->d.final;
			goto unknown;
		}
		m &= mask;
	}
	*bits = m;
	return true;
unknown:
	if (m && !((m & -m) & final))
		return false; /* every rule must be looked at */
	*bits = m;
	return true;
}

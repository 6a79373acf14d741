/* SPDX-License-Identifier: MIT */
/* binding.c - a host's C struct bound to facts: every member checked against
 * its fact once, when the binding is made, so that setting a record is one
 * pass of loads and range tests. Anything unusual (a value to explain, a
 * string to copy, a fact with allowed values or a pattern) goes through
 * crm_facts_store, like the setters. */
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <math.h>
#include <string.h>

#include "../expr/opcodes.h"
#include "run.h"

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
	uint8_t base;  /* the short path it would take were it not optional */
	bool optional;
	size_t present;
};

/* Serials outlive bindings: a new binding at a freed one's address is
 * still told apart (crm_binding_set_only). */
static _Atomic uint64_t last_serial;

size_t crm_ctype_size(unsigned ctype)
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

const char *crm_ctype_c_name(unsigned ctype)
{
	switch (ctype) {
	case CRM_C_BOOL: return "bool";
	case CRM_C_INT: return "int";
	case CRM_C_UINT8: return "uint8_t";
	case CRM_C_INT32: return "int32_t";
	case CRM_C_INT64: return "int64_t";
	case CRM_C_DOUBLE: return "double";
	case CRM_C_STRING: return "const char *";
	default: return "?";
	}
}

bool crm_ctype_integer(unsigned ctype)
{
	return ctype == CRM_C_INT || ctype == CRM_C_UINT8 || ctype == CRM_C_INT32 ||
	       ctype == CRM_C_INT64;
}

static bool integral_fact(uint8_t type)
{
	return type == CRM_T_INT || type == CRM_T_MONEY || type == CRM_T_DATE ||
	       type == CRM_T_DATETIME || type == CRM_T_DURATION;
}

/* The closed interval of fd's range within its type's (the years, for
 * dates and instants), or every int64; false when empty. */
static bool closed_range(const fact_decl *fd, int64_t *lo, int64_t *hi)
{
	*lo = fd->type == CRM_T_DATE ? CRM_DATE_MIN : fd->type == CRM_T_DATETIME ? CRM_INSTANT_MIN
	                                                                         : INT64_MIN;
	*hi = fd->type == CRM_T_DATE ? CRM_DATE_MAX : fd->type == CRM_T_DATETIME ? CRM_INSTANT_MAX
	                                                                         : INT64_MAX;
	if (!fd->has_range)
		return true;
	int64_t a = fd->lo.u.i, b = fd->hi.u.i;
	if (!(fd->range_flags & 1) && crm_add_ovf(a, 1, &a))
		return false;
	if (!(fd->range_flags & 2) && crm_sub_ovf(b, 1, &b))
		return false;
	if (a > *lo)
		*lo = a;
	if (b < *hi)
		*hi = b;
	return *lo <= *hi;
}

/* The values number fact fd allows, both ends closed: an open end is the
 * next double inward (x > lo is x >= nextafter(lo, inf)). */
static void number_range(const fact_decl *fd, double *lo, double *hi)
{
	*lo = -INFINITY;
	*hi = INFINITY;
	if (!fd->has_range)
		return;
	*lo = fd->lo.t == CRM_T_NUMBER ? fd->lo.u.n : (double)fd->lo.u.i;
	*hi = fd->hi.t == CRM_T_NUMBER ? fd->hi.u.n : (double)fd->hi.u.i;
	if (!(fd->range_flags & 1))
		*lo = nextafter(*lo, INFINITY);
	if (!(fd->range_flags & 2))
		*hi = nextafter(*hi, -INFINITY);
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
		if (!crm_ctype_integer(ct))
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
		ok = ct == CRM_C_BOOL || crm_ctype_integer(ct);
		if (ok && !fd->allowed && !fd->has_range)
			b->op = B_BOOL;
		break;
	case CRM_T_NUMBER:
		ok = ct == CRM_C_DOUBLE || crm_ctype_integer(ct);
		if (ok && !fd->allowed) {
			b->op = B_NUMBER; /* a range is checked on the short path too */
			number_range(fd, &b->m.dlo, &b->m.dhi);
		}
		break;
	case CRM_T_STRING:
		ok = ct == CRM_C_STRING;
		b->op = B_STRING;
		break;
	default:
		ok = integral_fact(fd->type) && crm_ctype_integer(ct);
		if (ok && !fd->allowed && closed_range(fd, &b->m.lo, &b->m.hi))
			b->op = B_INT;
		break;
	}
	if (!ok) {
		/* the way to bind it, where a host may have missed it */
		const char *hint = "";
		if (fd->type == CRM_T_STRING && fd->allowed && crm_ctype_integer(ct))
			hint = " (an index into its values: needs CRM_FIELD_INDEX)";
		else if (fd->type == CRM_T_STRING && fd->allowed)
			hint = " (a const char *: CRM_C_STRING, or an integer index into its values: "
			       "with CRM_FIELD_INDEX)";
		else if (fd->type == CRM_T_STRING)
			hint = " (a string is a const char *: CRM_C_STRING)";
		return crm_err_set(err, CRM_ETYPE, "field %zu ('%s'): fact '%s' is %s; a member of "
		                   "C type %s cannot set it%s", i, fl->fact, fd->name,
		                   crm_type_name((crm_type)fd->type), crm_ctype_c_name(ct), hint);
	}
	return 0;
}

/* The short path of a planned, non-optional member, or F_NONE. */
static uint8_t fast_path(bound *b, const fact_decl *fd)
{
	switch (b->op) {
	case B_BOOL:
		if (b->ctype == CRM_C_BOOL || b->ctype == CRM_C_UINT8)
			return F_BOOL8;
		return b->ctype == CRM_C_INT32 || (b->ctype == CRM_C_INT && sizeof(int) == 4)
		               ? F_BOOL32
		               : F_NONE;
	case B_INT:
		if (b->ctype == CRM_C_INT64)
			return F_INT64;
		return b->ctype == CRM_C_INT32 || (b->ctype == CRM_C_INT && sizeof(int) == 4)
		               ? F_INT32
		               : F_NONE;
	case B_NUMBER:
		return b->ctype == CRM_C_DOUBLE ? F_DOUBLE : F_NONE;
	case B_ENUM:
		if (fd->pattern)
			return F_NONE;
		b->m.enums = fd->allowed;
		b->m.hi = fd->nallowed;
		if (b->ctype == CRM_C_UINT8)
			return F_ENUM8;
		return b->ctype == CRM_C_INT32 || (b->ctype == CRM_C_INT && sizeof(int) == 4)
		               ? F_ENUM32
		               : F_NONE;
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
	case F_DOUBLE: return m->dlo > -INFINITY || m->dhi < INFINITY;
	case F_ENUM8:
	case F_ENUM32: return true;
	default: return false; /* F_BOOL8, F_BOOL32: any value */
	}
}

/* ---- plans: decisions compiled against the record ----------------------- */

/* The fact slot behind mask column j, in crm_match_mask's order, or -1
 * for a computed input. */
static int32_t column_fact(const mask_index *mi, uint32_t j)
{
	if (j < mi->nbool)
		return mi->bools[j].fact;
	j -= mi->nbool;
	if (j < mi->ndirect)
		return mi->direct[j].fact;
	return mi->cols[j - mi->ndirect].d.fact;
}

typedef struct planner {
	crm_binding *b;
	const uint32_t *at; /* per fact slot: field + 1, or 0 when not bound */
	uint8_t *state;     /* per decision: 1 planning, 2 planned */
	int rc;
	/* the decision being planned, for a record whose optional fact at
	 * slot assumed is set (assumed_set) or not; -1: any record */
	int assumed;
	bool assumed_set;
	int asked; /* an optional fact on a short path whose known() an input
	            * asks (plan_for then plans for each answer), or -1 */
} planner;

static const bound *bound_of(const planner *p, int slot)
{
	return slot >= 0 && p->at[slot] ? &p->b->fields[p->at[slot] - 1] : NULL;
}

/* The member a plan reads for bd, optional or not; false when bd is off
 * every short path (a string, a value to check). */
static bool plan_member(const bound *bd, member *m)
{
	if (!bd)
		return false;
	*m = bd->m;
	m->fast = bd->base;
	m->optional = bd->optional;
	m->present = bd->present;
	return bd->base != F_NONE;
}

/* Why decision di is not answered from the members: the first reason found
 * is kept (crm_binding_path). */
static void because(const planner *p, const decision *d, const char *fmt, ...)
	CRM_PRINTF(3, 4);
static void because(const planner *p, const decision *d, const char *fmt, ...)
{
	char *w = p->b->why[d - p->b->rs->decs];
	if (w[0])
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(w, sizeof p->b->why[0], fmt, ap);
	va_end(ap);
}

/* Why bd, optional or not, has no short path. */
static const char *member_off(const bound *bd)
{
	switch (bd->op) {
	case B_BOOL:
		return "is a member the short path does not read for a bool fact (it reads a bool, "
		       "uint8_t, int32_t or int)";
	case B_INT:
		return "is a member the short path does not read for an integer fact (it reads an "
		       "int32_t, int or int64_t)";
	case B_NUMBER:
		return "is a member the short path does not read for a number fact (it reads a "
		       "double)";
	case B_ENUM:
		return !bd->m.enums /* fast_path sets them for a fact without a pattern: */
		               ? "is an index into a fact with a pattern:, which the short path "
		                 "does not check"
		               : "is an index the short path does not read (it reads a uint8_t, an "
		                 "int32_t or an int)";
	case B_STRING:
		return "is a string member (bind an index into its values:)";
	default:
		return bd->ctype == CRM_C_STRING
		               ? "is a string member (bind an index into its values:)"
		               : "has values: (or a pattern:), which the short path checks only for "
		                 "an index into a string fact's values";
	}
}

/* Why fact slot's member is not read on a short path. */
static const char *off_path(const planner *p, int slot)
{
	const bound *bd = bound_of(p, slot);
	if (!bd)
		return "is not bound";
	return member_off(bd);
}

/* The member behind fact slot, when a lookup can read it as a column: bound
 * and on a short path; optional unless assumed set, its column then
 * unknown when the record's present flag is false. */
static bool column_member(const planner *p, int slot, member *m)
{
	const bound *bd = bound_of(p, slot);
	if (!plan_member(bd, m))
		return false;
	if (slot == p->assumed && p->assumed_set)
		m->optional = false;
	return true;
}

/* A condition under the binding: 1 true, 0 false, -1 known only when the
 * record is read. known() of a fact not bound is false (the record sets
 * only its own facts), of a member always present true, of the fact
 * assumed set (or not) that answer; of another optional member, the fact
 * is noted in p->asked. */
static int truth(planner *p, const crm_node *n)
{
	int t;
	switch (n->kind) {
	case N_LIT:
		return n->val.t == CRM_T_BOOL ? (int)(n->val.u.i != 0) : -1;
	case N_NOT:
		return (t = truth(p, n->a)) < 0 ? t : !t;
	case N_CALL:
		if (n->ref == FN_KNOWN && n->args[0]->kind == N_NAME &&
		    n->args[0]->ref_kind == REF_FACT) {
			const bound *bd = bound_of(p, n->args[0]->ref);
			if (!bd)
				return 0;
			if (bd->slot == p->assumed)
				return p->assumed_set;
			if (bd->optional && bd->base != F_NONE && p->asked < 0)
				p->asked = bd->slot;
			return !bd->optional && bd->base != F_NONE ? 1 : -1;
		}
		return -1;
	default:
		return -1;
	}
}

/* What a computed input gives under the binding: one fact, one output of
 * a decision, or something only the evaluator computes. */
enum { SRC_OTHER, SRC_FACT, SRC_OUTPUT };
typedef struct source {
	int kind, index, output;
} source;

/* The bound fact whose known() the if-expression n asks, or -1. */
static int asked_fact(const planner *p, const crm_node *n)
{
	const crm_node *c = n->kind == N_IF ? n->a : NULL;
	if (c && c->kind == N_CALL && c->ref == FN_KNOWN && c->args[0]->kind == N_NAME &&
	    c->args[0]->ref_kind == REF_FACT && bound_of(p, c->args[0]->ref))
		return c->args[0]->ref;
	return -1;
}

/* Why input i of d is not read from the members: an expression. */
static void not_reduced(const planner *p, const decision *d, uint32_t i)
{
	const char *name = d->inputs[i].name ? d->inputs[i].name : "?";
	int asked = asked_fact(p, d->inputs[i].node);
	const bound *bd = bound_of(p, asked);
	if (bd && bd->base == F_NONE)
		because(p, d, "input '%s' asks whether fact '%s' is set, and its member %s", name,
		        p->b->rs->facts[asked].name, member_off(bd));
	else if (bd)
		because(p, d, "input '%s' asks whether fact '%s' is set: an expression only the "
		        "evaluator computes", name, p->b->rs->facts[asked].name);
	else
		because(p, d, "input '%s' is an expression only the evaluator computes", name);
}

static source reduce(planner *p, const crm_node *n)
{
	int t;
	if (n->kind == N_NAME && n->ref_kind == REF_FACT)
		return (source){SRC_FACT, n->ref, 0};
	if (n->kind == N_NAME && n->ref_kind == REF_OUTPUT)
		return (source){SRC_OUTPUT, n->ref, n->ref2};
	if (n->kind == N_IF && (t = truth(p, n->a)) >= 0)
		return reduce(p, t ? n->b : n->c);
	return (source){SRC_OTHER, -1, -1};
}

/* Whether program pg is exactly a chained decision's output (`then:
 * credit_grade.grade`) that plan t decides: its chain and output. */
static bool chained_copy(const rec_chain *chains, uint32_t nchains, const crm_program *pg,
                         uint32_t *chain, uint32_t *cout)
{
	if (pg->len != 4 || pg->code[0] != OP_OUTPUT || pg->code[3] != OP_RET ||
	    nchains > REC_COPY_CHAINS)
		return false;
	for (uint32_t c = 0; c < nchains; c++)
		if ((uint32_t)chains[c].decision == pg->code[1]) {
			*chain = c;
			*cout = pg->code[2];
			return true;
		}
	return false;
}

/* The fact slots rule r's outputs read, into slots (n of them, each once:
 * seen marks them); false when an output reads a decision (other than as
 * a copy of a chained output) or an input, or is never set. */
static bool output_facts(const decision *d, const rule *r, const rec_chain *chains,
                         uint32_t nchains, int *slots, uint32_t *n, uint8_t *seen)
{
	bool ok = true;
	*n = 0;
	for (uint32_t o = 0; o < d->nouts && ok; o++) {
		const crm_program *pg = &r->outs[o];
		uint32_t ch, co;
		ok = pg->len > 0;
		if (ok && chained_copy(chains, nchains, pg, &ch, &co))
			continue;
		for (uint32_t pc = 0; ok && pc < pg->len; pc += 1 + crm_op_operands[pg->code[pc]]) {
			uint32_t op = pg->code[pc];
			if (op == OP_OUTPUT || op == OP_INPUT)
				ok = false;
			else if ((op == OP_LOAD || op == OP_LOADQ) && !seen[pg->code[pc + 1]]++)
				slots[(*n)++] = (int)pg->code[pc + 1];
		}
	}
	for (uint32_t k = 0; k < *n; k++)
		seen[slots[k]] = 0;
	return ok;
}

static record_plan *plan_for(planner *p, uint32_t di);

/* The lookup of decision di, when its plan is that alone. */
static const record_lookup *simple_lookup(planner *p, uint32_t di)
{
	const record_plan *pl = plan_for(p, di);
	return pl && !pl->nchains && !pl->rules && !pl->split ? pl->lk : NULL;
}

/* A plan being made: its block (sized for the most it can hold: a chain
 * per computed input, and a chained table has masks, so at most
 * MASK_RULES rules) and scratch. */
typedef struct plan_tmp {
	record_plan *pl;   /* the block: the parts below point into it */
	uint64_t *masks;   /* per chain, MASK_RULES: by rule of the chained table */
	crm_val *rows;     /* per rule, per output */
	rec_chain *chains; /* the chained tables, in the order they run */
	rec_rule *rules;
	rec_load *loads;
	uint32_t *progs;   /* per rule, up to one per output */
	rec_copy *copies;  /* per rule, up to one per output */
	uint32_t nchains, nloads;
	member *ms;        /* per mask column, then the checks */
	int32_t *chain_of; /* per input: its chain, or -1 */
	int *slots;
	uint8_t *seen;
	uint8_t *is_col;   /* per fact slot: a column reads its member */
} plan_tmp;

/* Decide how the record answers d (plan_for): fill t; false when it cannot. */
static bool plan_decision(planner *p, const decision *d, plan_tmp *t, uint32_t *nchecks)
{
	const crm_binding *b = p->b;
	const crm_ruleset *rs = b->rs;
	const mask_index *mi = d->mask;
	uint32_t ncols = mi->nbool + mi->ndirect + mi->ncols, first_col = mi->nbool + mi->ndirect;
	for (uint32_t i = 0; i < d->ninputs; i++)
		t->chain_of[i] = -1;
	/* every computed input reads one fact, or a chained decision's
	 * output: its rule found by that decision's own lookup */
	for (uint32_t k = 0; k < d->ncomputed; k++) {
		uint32_t i = d->computed[k];
		source s = reduce(p, d->inputs[i].node);
		member m;
		if (s.kind == SRC_FACT && column_member(p, s.index, &m))
			continue;
		if (s.kind == SRC_FACT) {
			because(p, d, "fact '%s' %s", rs->facts[s.index].name, off_path(p, s.index));
			return false;
		}
		if (s.kind != SRC_OUTPUT) {
			not_reduced(p, d, i);
			return false;
		}
		const decision *cd = &rs->decs[s.index];
		if (!cd->konsts) {
			because(p, d, "input '%s' reads decision '%s', whose rules compute their "
			        "outputs (a constant per rule keeps the short path)",
			        d->inputs[i].name ? d->inputs[i].name : "?", cd->name);
			return false;
		}
		const record_lookup *clk = simple_lookup(p, (uint32_t)s.index);
		if (!clk) {
			because(p, d, "input '%s' reads decision '%s', not answered from the members: %s",
			        d->inputs[i].name ? d->inputs[i].name : "?", cd->name,
			        p->b->why[s.index]);
			return false;
		}
		uint32_t c = 0;
		while (c < t->nchains && t->chains[c].decision != s.index)
			c++;
		if (c == t->nchains) {
			uint64_t *masks = t->masks + (size_t)c * MASK_RULES;
			for (uint32_t r = 0; r < cd->nrules; r++)
				masks[r] = mi->all;
			t->chains[t->nchains++] = (rec_chain){s.index, masks, clk, cd->mask->exact};
		}
		t->chain_of[i] = (int32_t)c;
	}
	/* the columns: a fact's member, or a chained output's masks by rule */
	for (uint32_t j = 0; j < ncols; j++) {
		const mask_col *c = j >= first_col ? &mi->cols[j - first_col] : NULL;
		int32_t s = column_fact(mi, j);
		source src = s < 0 ? reduce(p, d->inputs[c->input].node) : (source){SRC_FACT, s, 0};
		if (src.kind == SRC_FACT) {
			if (!column_member(p, src.index, &t->ms[j])) {
				because(p, d, "fact '%s' %s", rs->facts[src.index].name,
				        off_path(p, src.index));
				return false;
			}
			t->is_col[src.index] = 1;
			continue;
		}
		int32_t ch = t->chain_of[c->input];
		if (ch < 0) {
			not_reduced(p, d, c->input);
			return false;
		}
		const decision *cd = &rs->decs[t->chains[ch].decision];
		uint64_t *masks = t->masks + (size_t)ch * MASK_RULES;
		for (uint32_t r = 0; r < cd->nrules; r++) {
			uint64_t mask;
			if (!crm_match_column(c, &cd->konsts[(size_t)r * cd->nouts + src.output], &mask))
				mask = 0; /* unknown or NaN: no rule proven, the slow path */
			masks[r] &= mask;
		}
		t->ms[j].fast = F_NONE;
	}
	/* the other members are checked as crm_facts_set_record would; a
	 * chained decision's lookup has checked them all already */
	member *checks = t->ms + ncols;
	*nchecks = 0;
	for (uint32_t i = 0; i < b->n; i++) {
		const bound *bd = &b->fields[i];
		member m;
		if (!plan_member(bd, &m)) {
			because(p, d, "fact '%s' %s, and a record is checked whole: a member off "
			        "its short path sets the facts for every decision",
			        rs->facts[bd->slot].name, off_path(p, bd->slot));
			return false;
		}
		if (has_limits(&m) && !t->is_col[bd->slot] && !t->nchains)
			checks[(*nchecks)++] = m;
	}
	if (d->konsts)
		return true;
	/* outputs computed: per rule, the constants in a row, the programs
	 * to run and the facts they read */
	for (uint32_t r = 0; r < d->nrules; r++) {
		const rule *ru = &d->rules[r];
		rec_rule *rr = &t->rules[r];
		uint32_t n = 0; /* output_facts sets it; a constant rule skips it */
		rr->ok = ru->konst ||
		         output_facts(d, ru, t->chains, t->nchains, t->slots, &n, t->seen);
		if (!rr->ok || ru->konst)
			continue;
		crm_val *row = t->rows + (size_t)r * d->nouts;
		uint32_t *progs = t->progs + (size_t)r * d->nouts;
		rec_copy *copies = t->copies + (size_t)r * d->nouts;
		for (uint32_t o = 0; o < d->nouts; o++) {
			long k = crm_program_const(ru->outs[o].code, ru->outs[o].len);
			uint32_t ch, co;
			if (k >= 0)
				row[o] = rs->pools.consts[k];
			else if (chained_copy(t->chains, t->nchains, &ru->outs[o], &ch, &co))
				copies[rr->ncopies++] = (rec_copy){o, ch, co};
			else
				progs[rr->nprogs++] = o;
		}
		rr->row = row;
		rr->progs = progs;
		rr->copies = copies;
		rec_load *loads = t->loads + t->nloads;
		for (uint32_t k = 0; k < n && rr->ok; k++) {
			const bound *bd = bound_of(p, t->slots[k]);
			loads[k].slot = t->slots[k];
			rr->ok = !bd || plan_member(bd, &loads[k].m);
		}
		rr->loads = rr->ok && n ? loads : NULL;
		rr->nloads = rr->ok ? n : 0;
		t->nloads += rr->nloads;
	}
	return true;
}

/* A plan of decision di against b's record, or NULL without one (the
 * reason in b->why[di]). */
static record_plan *plan_once(planner *p, uint32_t di)
{
	crm_binding *b = p->b;
	const crm_ruleset *rs = b->rs;
	const decision *d = &rs->decs[di];
	const mask_index *mi = d->mask;
	if (!mi || d->hit != HIT_FIRST || !d->nouts || p->rc) {
		if (!mi)
			because(p, d, "it has more than %d rules, or no cells to index (a table of "
			        "when: rules)", MASK_RULES);
		else if (d->hit != HIT_FIRST)
			because(p, d, "only first-hit tables are answered from the members");
		return NULL;
	}
	const crm_allocator *al = &b->al_copy;
	uint32_t ncols = mi->nbool + mi->ndirect + mi->ncols, nin = d->ninputs ? d->ninputs : 1;
	size_t nch = d->ncomputed;
	bool computed = !d->konsts;
	size_t nloads = 0, nrows = computed ? (size_t)d->nrules * d->nouts : 0;
	for (uint32_t r = 0; computed && r < d->nrules; r++)
		for (uint32_t o = 0; o < d->nouts; o++)
			nloads += d->rules[r].outs[o].len / 2; /* a LOAD is two words */
	plan_tmp t;
	memset(&t, 0, sizeof t);
	/* one block: the plan, its chains' masks, rows, chains, rules, loads
	 * and programs */
	t.pl = crm_calloc(al, 1, sizeof *t.pl + nch * MASK_RULES * sizeof *t.masks +
	                             nrows * sizeof *t.rows + nch * sizeof *t.chains +
	                             (computed ? d->nrules : 0) * sizeof *t.rules +
	                             nloads * sizeof *t.loads + nrows * sizeof *t.progs +
	                             nrows * sizeof *t.copies);
	t.ms = crm_calloc(al, ncols + b->n + 1, sizeof *t.ms);
	t.chain_of = crm_calloc(al, nin, sizeof *t.chain_of);
	t.slots = crm_calloc(al, rs->nfacts + 1, sizeof *t.slots);
	t.seen = crm_calloc(al, rs->nfacts + 1, 1);
	t.is_col = crm_calloc(al, rs->nfacts + 1, 1);
	record_lookup *lk = NULL;
	uint32_t nchecks = 0;
	if (!t.pl || !t.ms || !t.chain_of || !t.slots || !t.seen || !t.is_col) {
		p->rc = CRM_ENOMEM;
	} else {
		t.masks = (uint64_t *)(t.pl + 1);
		t.rows = (crm_val *)(t.masks + nch * MASK_RULES);
		t.chains = (rec_chain *)(t.rows + nrows);
		t.rules = (rec_rule *)(t.chains + nch);
		t.loads = (rec_load *)(t.rules + (computed ? d->nrules : 0));
		t.progs = (uint32_t *)(t.loads + nloads);
		t.copies = (rec_copy *)(t.progs + nrows);
		if (plan_decision(p, d, &t, &nchecks)) {
			p->rc = crm_match_record_build(al, mi, b->size, t.ms, t.ms + ncols, nchecks,
			                               &lk);
			if (!lk && !p->rc)
				because(p, d, "its cells cannot all be read from the members");
		}
	}
	record_plan *pl = NULL;
	if (lk) {
		pl = t.pl;
		pl->lk = lk;
		pl->exact = mi->exact;
		pl->chains = t.chains;
		pl->nchains = t.nchains;
		pl->rules = computed ? t.rules : NULL;
		pl->optional = lk->nopts > 0;
		for (uint32_t k = 0; k < t.nchains; k++)
			pl->optional = pl->optional || t.chains[k].lk->nopts > 0;
	} else {
		crm_free(al, t.pl);
	}
	crm_free(al, t.ms);
	crm_free(al, t.chain_of);
	crm_free(al, t.slots);
	crm_free(al, t.seen);
	crm_free(al, t.is_col);
	return pl;
}

static void plan_free(const crm_allocator *al, const record_plan *pl)
{
	if (pl) {
		plan_free(al, pl->absent);
		crm_free(al, (void *)pl->lk);
		crm_free(al, (void *)pl);
	}
}

/* The plan of decision di against b's record (memoized in b->plans), or
 * NULL without one. When an input asks whether an optional fact is set,
 * two: one for records where it is, one for those where it is not. */
static record_plan *plan_for(planner *p, uint32_t di)
{
	crm_binding *b = p->b;
	if (p->state[di])
		return b->plans[di]; /* planned, or planning (a cycle): NULL */
	p->state[di] = 1;
	/* a decision chained is planned for any record */
	int assumed = p->assumed, asked = p->asked;
	bool assumed_set = p->assumed_set;
	p->assumed = p->asked = -1;
	record_plan *pl = plan_once(p, di);
	int slot = p->asked;
	if (!pl && slot >= 0 && !p->rc) {
		char why[sizeof b->why[0]];
		memcpy(why, b->why[di], sizeof why);
		b->why[di][0] = '\0';
		p->assumed = slot;
		p->assumed_set = true;
		record_plan *set = plan_once(p, di);
		p->assumed_set = false;
		record_plan *unset = set && !p->rc ? plan_once(p, di) : NULL;
		if (set && !p->rc) {
			/* a record that does not set the fact: absent's plan, or,
			 * when there is none, the slow path (why says so) */
			set->split = true;
			set->absent = unset;
			set->present = bound_of(p, slot)->present;
			set->present_ctype = bound_of(p, slot)->m.present_ctype;
			set->optional = set->optional || (unset && unset->optional);
			if (!unset) {
				char cause[sizeof b->why[0]];
				memcpy(cause, b->why[di], sizeof cause);
				b->why[di][0] = '\0';
				because(p, &b->rs->decs[di], "a record without '%s' set: %s",
				        b->rs->facts[slot].name, cause);
			}
			pl = set;
		} else {
			plan_free(&b->al_copy, set);
			plan_free(&b->al_copy, unset);
			if (!b->why[di][0])
				memcpy(b->why[di], why, sizeof why);
		}
	}
	p->assumed = assumed, p->assumed_set = assumed_set, p->asked = asked;
	b->plans[di] = pl;
	p->state[di] = 2;
	return pl;
}

/* The plans of the decisions the record answers (b->plans, b->lookups):
 * crm_decide_record reads them from the record, and sets no fact when
 * they prove the answer. */
static int build_plans(crm_binding *b)
{
	const crm_ruleset *rs = b->rs;
	const crm_allocator *al = &b->al_copy;
	uint32_t nd = rs->ndecs ? rs->ndecs : 1;
	uint32_t *at = crm_calloc(al, rs->nfacts ? rs->nfacts : 1, sizeof *at);
	uint8_t *state = crm_calloc(al, nd, 1);
	b->plans = crm_calloc(al, nd, sizeof *b->plans);
	b->lookups = crm_calloc(al, nd, sizeof *b->lookups);
	b->why = crm_calloc(al, nd, sizeof *b->why);
	int rc = 0;
	if (!at || !state || !b->plans || !b->lookups || !b->why)
		rc = CRM_ENOMEM;
	planner p = {b, at, state, 0, -1, false, -1};
	for (uint32_t i = 0; !rc && i < b->n; i++)
		at[b->fields[i].slot] = i + 1;
	for (uint32_t di = 0; !rc && di < rs->ndecs && !p.rc; di++) {
		const record_lookup *lk = simple_lookup(&p, di);
		/* one that reads optional members is decided through its plan */
		b->lookups[di] = lk && !lk->nopts ? (record_lookup *)lk : NULL;
	}
	crm_free(al, at);
	crm_free(al, state);
	return rc ? rc : p.rc;
}

static void binding_free(crm_binding *b)
{
	crm_allocator al = b->al_copy;
	if (b->plans)
		for (uint32_t di = 0; di < b->rs->ndecs; di++)
			plan_free(&al, b->plans[di]);
	crm_free(&al, b->plans);
	crm_free(&al, b->lookups);
	crm_free(&al, b->why);
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
		size_t size = crm_ctype_size(fl->ctype);
		if (!fl->fact) {
			rc = crm_err_set(err, CRM_EINVAL, "field %zu has no fact name", i);
			break;
		}
		if (!size ||
		    (fl->flags & ~(CRM_FIELD_INDEX | CRM_FIELD_OPTIONAL | CRM_FIELD_PRESENT_INT))) {
			rc = crm_err_set(err, CRM_EINVAL, "field %zu ('%s'): unknown %s", i, fl->fact,
			                 size ? "flags" : "C type");
			break;
		}
		if ((fl->flags & CRM_FIELD_PRESENT_INT) && !(fl->flags & CRM_FIELD_OPTIONAL)) {
			rc = crm_err_set(err, CRM_EINVAL,
			                 "field %zu ('%s'): CRM_FIELD_PRESENT_INT without "
			                 "CRM_FIELD_OPTIONAL (it says what the present flag is)", i,
			                 fl->fact);
			break;
		}
		size_t flag_size = fl->flags & CRM_FIELD_PRESENT_INT ? sizeof(int) : sizeof(bool);
		if (fl->offset > record_size || size > record_size - fl->offset) {
			rc = crm_err_set(err, CRM_EINVAL,
			                 "field %zu ('%s'): the member lies outside a record of %zu "
			                 "bytes", i, fl->fact, record_size);
			break;
		}
		if ((fl->flags & CRM_FIELD_OPTIONAL) &&
		    (fl->present_offset > record_size ||
		     flag_size > record_size - fl->present_offset)) {
			rc = crm_err_set(err, CRM_EINVAL,
			                 "field %zu ('%s'): its present flag (present_offset %zu) lies "
			                 "outside a record of %zu bytes", i, fl->fact,
			                 fl->present_offset, record_size);
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
		bd->m.present_ctype = fl->flags & CRM_FIELD_PRESENT_INT ? CRM_C_INT : CRM_C_BOOL;
		rc = plan(bd, fl, i, fd, err);
		if (!rc)
			bd->base = fast_path(bd, fd);
		if (!rc && !bd->optional)
			bd->m.fast = bd->base;
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
	if (build_plans(b)) {
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
		if (!crm_present(rec + bd->present, bd->m.present_ctype)) {
			vals[bd->slot] = crm_val_unknown();
			return 0;
		}
	}
	switch (bd->op) {
	case B_BOOL:
		vals[bd->slot] = member_value(bd, p);
		return 0;
	case B_NUMBER: {
		crm_val v = member_value(bd, p);
		if ((v.u.n >= bd->m.dlo && v.u.n <= bd->m.dhi) ||
		    (v.u.n != v.u.n && !b->rs->facts[bd->slot].has_range)) {
			vals[bd->slot] = v; /* NaN too without a range, as crm_facts_set_number */
			return 0;
		}
		return crm_facts_store(f, bd->slot, &v, err); /* explains the range */
	}
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
	SHORT_PATH(F_ENUM32)
	SHORT_PATH(F_BOOL32)
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

int crm_binding_slot(const crm_binding *b, uint32_t i)
{
	return i < b->n ? b->fields[i].slot : -1;
}

int crm_binding_path(const crm_binding *b, int di, char *why, size_t size)
{
	if (why && size)
		why[0] = '\0';
	if (!b || di < 0 || (uint32_t)di >= b->rs->ndecs)
		return CRM_EUNKNOWN;
	const record_plan *pl = b->plans[di];
	int path = !pl                                     ? CRM_PATH_FACTS
	           : pl->nchains || pl->rules || pl->split ? CRM_PATH_PLAN
	                                                   : CRM_PATH_MEMBERS;
	/* the reason, also for a plan that serves only records that set an
	 * optional fact */
	if (why && size)
		snprintf(why, size, "%s", !pl || (pl->split && !pl->absent) ? b->why[di] : "");
	return path;
}

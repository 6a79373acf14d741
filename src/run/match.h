/* SPDX-License-Identifier: MIT */
/* match.h - the run side's matching: native cell tests, a table's lookup,
 * and lookups compiled against a host record's layout (the fast path). */
#ifndef CRM_MATCH_H
#define CRM_MATCH_H

#include "../ruleset/ruleset.h"

/* ---- members of a host record ---------------------------------------------- */
/* The short paths of a bound member: read and checked in one step. */
enum {
	F_NONE,   /* none: optional, a string, a value to explain or check
	           * (crm_facts_store) */
	F_BOOL8,  /* a bool or uint8_t member for a bool fact */
	F_INT32,  /* an int32_t (or int) member for an integer fact, in lo..hi */
	F_INT64,  /* an int64_t member for an integer fact, in lo..hi */
	F_DOUBLE, /* a double member for a number fact, in dlo..dhi */
	F_ENUM8,  /* a uint8_t index below hi into enums */
	F_ENUM32, /* an int32_t (or int) index, 0 to hi - 1, into enums */
	F_BOOL32  /* an int32_t (or int) member for a bool fact: true when not 0 */
};
#define F_KINDS 8

/* Where a member is, and what its fact allows on its short path. */
typedef struct member {
	uint8_t fast;         /* F_* */
	uint8_t type;         /* the fact's type */
	bool optional;        /* read where a plan allows it (crm_member_get):
	                       * absent when the flag at present is 0 */
	uint8_t present_ctype; /* the flag's: CRM_C_BOOL or CRM_C_INT */
	size_t offset;
	size_t present;
	int64_t lo, hi;       /* F_INT32, F_INT64: the values allowed; F_ENUM8,
	                       * F_ENUM32: hi is the number of values */
	double dlo, dhi;      /* F_DOUBLE: the values allowed, both ends closed
	                       * (-inf..inf for no range; NaN never) */
	const crm_val *enums; /* F_ENUM8, F_ENUM32: the fact's values */
} member;

/* The integer member of C type ctype at p. Members are read with memcpy:
 * the record need not be aligned for us. */
static CRM_ALWAYS_INLINE int64_t crm_read_int(const char *p, uint8_t ctype)
{
	switch (ctype) {
	case CRM_C_BOOL:
	case CRM_C_UINT8: {
		uint8_t v;
		memcpy(&v, p, 1);
		return ctype == CRM_C_BOOL ? v != 0 : v;
	}
	case CRM_C_INT: {
		int v;
		memcpy(&v, p, sizeof v);
		return v;
	}
	case CRM_C_INT32: {
		int32_t v;
		memcpy(&v, p, sizeof v);
		return v;
	}
	default: {
		int64_t v;
		memcpy(&v, p, sizeof v);
		return v;
	}
	}
}

/* The value member m of record rec gives its fact, as
 * crm_facts_set_record stores it; false when the fact does not allow it.
 * F_NONE gives unknown (no caller reads such a member). Callers pass fast
 * as a constant where they can: the switch then folds away. */
static CRM_ALWAYS_INLINE bool crm_member_value(uint8_t fast, const member *m, const char *rec,
                                               crm_val *out)
{
	const char *p = rec + m->offset;
	int64_t v;
	switch (fast) {
	case F_BOOL8:
	case F_BOOL32:
		*out = crm_val_int(CRM_T_BOOL, crm_read_int(p, fast == F_BOOL8 ? CRM_C_UINT8
		                                                               : CRM_C_INT32) != 0);
		return true;
	case F_INT32:
	case F_INT64:
		v = crm_read_int(p, fast == F_INT32 ? CRM_C_INT32 : CRM_C_INT64);
		*out = crm_val_int(m->type, v);
		return v >= m->lo && v <= m->hi;
	case F_DOUBLE: {
		double x;
		memcpy(&x, p, sizeof x);
		*out = crm_val_num(x);
		return x >= m->dlo && x <= m->dhi;
	}
	case F_ENUM8:
	case F_ENUM32:
		v = crm_read_int(p, fast == F_ENUM8 ? CRM_C_UINT8 : CRM_C_INT32);
		if ((uint64_t)v >= (uint64_t)m->hi) /* a negative index too */
			return false;
		*out = m->enums[v];
		return true;
	default:
		*out = crm_val_unknown();
		return true;
	}
}

/* Whether the present flag of C type ctype (CRM_C_BOOL or CRM_C_INT) at
 * p is set. */
static CRM_ALWAYS_INLINE bool crm_present(const char *p, uint8_t ctype)
{
	return crm_read_int(p, ctype == CRM_C_BOOL ? CRM_C_BOOL : CRM_C_INT) != 0;
}

/* As crm_member_value for a member that may be optional: an absent one
 * gives unknown. */
static CRM_ALWAYS_INLINE bool crm_member_get(const member *m, const char *rec, crm_val *out)
{
	if (m->optional && !crm_present(rec + m->present, m->present_ctype)) {
		*out = crm_val_unknown();
		return true;
	}
	return crm_member_value(m->fast, m, rec, out);
}


/* ---- lookups ------------------------------------------------------------------ */
typedef struct record_lookup record_lookup;
typedef struct record_plan record_plan;

/* A test other than CT_INT on a comparable value. */
bool crm_match_test(const cell_test *t, const crm_val *x);
/* The rules that can match (ascending), or NULL when an indexed input is
 * unknown and every rule must be looked at. d->index must be set. *exact
 * gets, per candidate, whether it is proven to match. */
const uint32_t *crm_match_candidates(const decision *d, const crm_val *facts,
                                     const crm_val *inputs, uint32_t *n,
                                     const uint8_t **exact);
/* The candidate rules of d->mask as bits; false when a column's input is
 * unknown (or NaN) and every rule must be looked at. In a first-hit table
 * an unknown input does not matter once the columns before it prove the
 * lowest candidate (final): bits above it may then still include rules
 * that do not match. */
bool crm_match_mask(const mask_index *mi, const crm_val *facts, const crm_val *inputs,
                    uint64_t *bits);
/* A mask lookup compiled against a record's layout: every column read
 * from a member, none unknown, so their order does not matter. */
typedef struct rec_bool { /* a bool member (F_BOOL8; an F_BOOL32 one is a
                            * rec_int: rec_bool32) */
	uint64_t when[2];
	size_t offset;
} rec_bool;

typedef struct rec_word { /* bool members within one 8-byte word */
	const uint64_t *tab; /* 256 masks, by the members' bits gathered */
	uint64_t lanes;      /* 0x80 in each byte that is a member */
	size_t offset;       /* of the word in the record */
} rec_word;

typedef struct rec_int { /* an integer member: a mask per value */
	mask_direct d;  /* tab, lo, hi */
	int64_t min;    /* the values the fact allows: min .. min + span */
	uint64_t span;
	size_t offset;
} rec_int;

typedef struct rec_index { /* a uint8_t index into the fact's values (an
                             * int32_t one is a rec_int over 0 .. n - 1) */
	const uint64_t *masks; /* by index */
	uint32_t n;            /* the number of values */
	size_t offset;
} rec_index;

typedef struct rec_num { /* a double member for an MC_NUM column */
	const double *pts;     /* its points */
	const uint64_t *masks; /* by region */
	uint32_t npoints;
	size_t offset;
	double lo, hi;         /* its fact's range, closed (member.dlo, dhi) */
} rec_num;

typedef struct rec_col { /* any other member: its value, then the column */
	const mask_col *col;
	member m;
} rec_col;

/* An optional member: its column, of any of the kinds above, read when the
 * bool at present is true; else the rules that test it are undecided. */
enum { OPT_BOOL, OPT_INT32, OPT_INT64, OPT_INDEX, OPT_NUM, OPT_COL };
typedef struct rec_opt {
	uint8_t kind;    /* OPT_*: which of u */
	uint8_t present_ctype; /* the flag's (crm_present) */
	size_t present;
	uint64_t tested; /* the rules with a cell on it */
	union {
		rec_bool b;
		rec_int i;
		rec_index x;
		rec_num n;
		rec_col c;
	} u;
} rec_opt;

struct record_lookup {
	const rec_word *words;
	const rec_bool *bools;
	const rec_int *ints;  /* nint32 int32_t members (int32_t indexes too),
	                       * then nint64 int64_t */
	const rec_index *indexes;
	const rec_num *nums;
	const rec_col *cols;
	const rec_opt *opts;
	const member *checks; /* the binding's other members with limits, which
	                       * crm_facts_set_record would check */
	uint32_t nword, nbool, nint32, nint64, nindex, nnum, ncols, nopts, nchecks;
	uint64_t all;
};

/* A decision an input reads, decided from the record before the one that
 * reads it (its rule fires first, as when it runs). */
typedef struct rec_chain {
	int32_t decision;
	const uint64_t *masks; /* by the chained decision's rule: the rules of
	                        * the reader its constant outputs admit */
	const record_lookup *lk; /* the chained decision's (simple) lookup */
	uint64_t exact;          /* its mask's exact rules (first_proven) */
} rec_chain;

typedef struct rec_load { /* a fact an output reads */
	member m;      /* F_NONE (and not optional): a fact not bound, unknown */
	int32_t slot;
} rec_load;

typedef struct rec_copy { /* an output that is a chained decision's output */
	uint32_t out, chain, cout; /* outs[out] = chain's rule's konsts[cout] */
} rec_copy;

#define REC_COPY_CHAINS 16 /* chains a plan with copies may have */

typedef struct rec_rule { /* rule r's outputs */
	const crm_val *row;    /* every output: the constants, unknown for the
	                        * others */
	const uint32_t *progs; /* the others: their programs run */
	const rec_load *loads; /* over the facts they read */
	const rec_copy *copies; /* and those that copy a chained output */
	uint32_t nprogs, nloads, ncopies;
	bool ok; /* false: only the slow path computes them (a fact off its
	          * short path, a chained decision, a table input) */
} rec_rule;

/* A first-hit table compiled against a record: its inputs that are facts
 * read from members (lk), those that are a chained decision's output from
 * that decision's own lookup (chains), and the outputs of the rule found
 * constants or run over the facts they read (rules). */
struct record_plan {
	const record_lookup *lk;
	uint64_t exact;           /* the decision's mask's exact rules */
	const rec_chain *chains;
	uint32_t nchains;
	const rec_rule *rules; /* per rule; NULL when every output is a
	                        * constant (d->konsts) */
	/* An input that reads an optional fact when it is set, and something
	 * else when not (if known(grade) then grade else credit_grade.grade):
	 * with split, this plan for a record where the bool at present is
	 * true, absent's where it is false (NULL: none, the slow path); without,
	 * this plan for any record. */
	bool split;
	const record_plan *absent;
	size_t present;
	uint8_t present_ctype; /* the flag's (crm_present) */
	bool optional; /* a lookup of this plan or absent's reads an optional
	                * member (crm_match_record's opt) */
};

/* Compile mi against a record of size bytes: members[j] sets the fact of
 * mask column j (crm_match_mask's order; on a short path, or F_NONE for a
 * column of the last loop read elsewhere: from a chained decision; an
 * optional one read when its present flag is set); checks are copied.
 * One block, freed with crm_free. */
int crm_match_record_build(const crm_allocator *al, const mask_index *mi, size_t size,
                           const member *members, const member *checks, uint32_t nchecks,
                           record_lookup **out);
/* The mask of column c (of any kind) for x; false when x is unknown or
 * NaN. */
bool crm_match_column(const mask_col *c, const crm_val *x, uint64_t *mask);

/* Bool members close together are read as one word. In each byte,
 * ((x & 0x7f) + 0x7f) | x has its top bit set when x is not 0; those bits,
 * at 8i + 7 for byte lane i, shifted down to 8i, times CRM_GATHER land at
 * bit 56 + i (the products of two lanes never meet, so nothing carries),
 * and the top byte indexes the table of the masks ANDed. */
#define CRM_LOW7 0x7f7f7f7f7f7f7f7fu
#define CRM_GATHER 0x0102040810204080u

static CRM_ALWAYS_INLINE unsigned crm_word_bits(const char *p, uint64_t lanes)
{
	uint64_t x;
	memcpy(&x, p, sizeof x);
	x = (((x & CRM_LOW7) + CRM_LOW7) | x) & lanes;
	return (unsigned)(((x >> 7) * CRM_GATHER) >> 56);
}

/* Each kind of column of a record lookup ANDed into *m; false when the
 * member holds a value its fact does not allow (or NaN). For an optional
 * member's column: crm_match_record's own loops spell the same out, as
 * through a pointer to m they cost some 30 instructions more a decision
 * ((2) into a struct, callgrind). */
static CRM_ALWAYS_INLINE uint64_t rec_bool_mask(const rec_bool *c, const char *rec)
{
	return c->when[crm_read_int(rec + c->offset, CRM_C_BOOL)];
}

static CRM_ALWAYS_INLINE bool rec_int_mask(const rec_int *c, const char *rec, uint8_t ctype,
                                           uint64_t *m)
{
	int64_t x = crm_read_int(rec + c->offset, ctype);
	if ((uint64_t)x - (uint64_t)c->min > c->span)
		return false;
	*m &= crm_direct_mask(&c->d, x);
	return true;
}

static CRM_ALWAYS_INLINE bool rec_index_mask(const rec_index *c, const char *rec, uint64_t *m)
{
	int64_t x = crm_read_int(rec + c->offset, CRM_C_UINT8);
	if (x >= c->n)
		return false;
	*m &= c->masks[x];
	return true;
}

static CRM_ALWAYS_INLINE bool rec_num_mask(const rec_num *c, const char *rec, uint64_t *m)
{
	double x;
	memcpy(&x, rec + c->offset, sizeof x);
	if (!(x >= c->lo && x <= c->hi)) /* outside the range, or NaN */
		return false;
	*m &= c->masks[crm_num_region(c->pts, c->npoints, x)];
	return true;
}

/* As crm_match_mask over the facts crm_facts_set_record would set from
 * rec; false when a member holds a value its fact does not allow (or NaN
 * for a column of numbers): the caller takes the slow path, which sets
 * the facts and explains. With opt (a constant), the optional members'
 * columns too (lk->opts; without, lk must have none): *undecided gets the
 * rules that test a column whose member is absent (unknown); bits still
 * has them, and the members prove nothing when the first candidate, once
 * every other column (a chained decision's too) is applied, is one of
 * them. Inline: on the short path it is the whole of a decision. */
static CRM_ALWAYS_INLINE bool crm_match_record(const record_lookup *lk, const char *rec,
                                               uint64_t *bits, uint64_t *undecided,
                                               const bool opt)
{
	uint64_t m = lk->all, mask, und = 0;
	crm_val v;
	uint32_t k;
	for (k = 0; k < lk->nword; k++) {
		const rec_word *g = &lk->words[k];
		m &= g->tab[crm_word_bits(rec + g->offset, g->lanes)];
	}
	for (k = 0; k < lk->nbool; k++) {
		const rec_bool *c = &lk->bools[k];
		m &= c->when[crm_read_int(rec + c->offset, CRM_C_BOOL)];
	}
	for (k = 0; k < lk->nint32; k++) {
		const rec_int *c = &lk->ints[k];
		int64_t x = crm_read_int(rec + c->offset, CRM_C_INT32);
		if ((uint64_t)x - (uint64_t)c->min > c->span)
			return false;
		m &= crm_direct_mask(&c->d, x);
	}
	for (; k < lk->nint32 + lk->nint64; k++) {
		const rec_int *c = &lk->ints[k];
		int64_t x = crm_read_int(rec + c->offset, CRM_C_INT64);
		if ((uint64_t)x - (uint64_t)c->min > c->span)
			return false;
		m &= crm_direct_mask(&c->d, x);
	}
	for (k = 0; k < lk->nindex; k++) {
		const rec_index *c = &lk->indexes[k];
		int64_t x = crm_read_int(rec + c->offset, CRM_C_UINT8);
		if (x >= c->n)
			return false;
		m &= c->masks[x];
	}
	for (k = 0; k < lk->nnum; k++) {
		const rec_num *c = &lk->nums[k];
		double x;
		memcpy(&x, rec + c->offset, sizeof x);
		if (!(x >= c->lo && x <= c->hi)) /* outside the range, or NaN */
			return false;
		m &= c->masks[crm_num_region(c->pts, c->npoints, x)];
	}
	for (k = 0; k < lk->ncols; k++) {
		const rec_col *c = &lk->cols[k];
		if (!crm_member_value(c->m.fast, &c->m, rec, &v) || !crm_match_column(c->col, &v, &mask))
			return false;
		m &= mask;
	}
	for (k = 0; opt && k < lk->nopts; k++) {
		/* an absent member leaves its column unknown: the rules that
		 * test it are undecided */
		const rec_opt *c = &lk->opts[k];
		if (!crm_present(rec + c->present, c->present_ctype)) {
			und |= c->tested;
			continue;
		}
		bool ok = true;
		switch (c->kind) {
		case OPT_BOOL: m &= rec_bool_mask(&c->u.b, rec); break;
		case OPT_INT32: ok = rec_int_mask(&c->u.i, rec, CRM_C_INT32, &m); break;
		case OPT_INT64: ok = rec_int_mask(&c->u.i, rec, CRM_C_INT64, &m); break;
		case OPT_INDEX: ok = rec_index_mask(&c->u.x, rec, &m); break;
		case OPT_NUM: ok = rec_num_mask(&c->u.n, rec, &m); break;
		default:
			ok = crm_member_value(c->u.c.m.fast, &c->u.c.m, rec, &v) &&
			     crm_match_column(c->u.c.col, &v, &mask);
			if (ok)
				m &= mask;
			break;
		}
		if (!ok)
			return false;
	}
	for (k = 0; k < lk->nchecks; k++)
		if (!crm_member_get(&lk->checks[k], rec, &v))
			return false;
	*bits = m;
	*undecided = und;
	return true;
}

/* Known, and not NaN: native tests give the VM's answer. */
static inline bool crm_match_comparable(const crm_val *x)
{
	return x->t && !(x->t == CRM_T_NUMBER && x->u.n != x->u.n);
}

/* Rule r over the facts and inputs: 1 true, 0 false, -1 only the VM can
 * tell (a cell that is not a native test, a when:, or an unknown input). */
static inline int crm_match_rule(const rule *r, const crm_val *facts, const crm_val *inputs)
{
	bool undecided = !r->native;
	for (uint32_t k = 0; k < r->ntests; k++) {
		const cell_test *t = &r->tests[k];
		const crm_val *x = t->fact >= 0 ? &facts[t->fact] : &inputs[t->input];
		if (t->kind == CT_INT && x->t) {
			if (x->u.i < t->lo || x->u.i > t->hi)
				return 0;
			continue;
		}
		if (!crm_match_comparable(x)) {
			/* unknown (or NaN): only the VM's three-valued logic can
			 * tell, unless a later cell is false */
			undecided = true;
			continue;
		}
		if (!crm_match_test(t, x))
			return 0;
	}
	return undecided ? -1 : 1;
}

#endif

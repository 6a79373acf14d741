/* SPDX-License-Identifier: MIT */
/* analysis.c - static checks of decision tables: unreachable rules, overlaps, gaps.
 *
 * Each rule whose cells are constant tests becomes a box: one set of values
 * per input (intervals for ordered types, finite or co-finite sets of
 * strings, subsets of {false, true}). Box algebra then answers: is a rule
 * covered by the rules before it, do two rules intersect, and what part of
 * the inputs' domain no rule covers.
 *
 * A rule the algebra cannot read exactly (a when: condition, a cell that is
 * no comparison with constants, a cell past MAX_PARTS) still has a box: the
 * cases its readable cells allow, a superset of what it matches. That box
 * proves two rules apart, but never proves an overlap or covers a gap: the
 * analysis says so, naming the rule and why, rather than pass in silence.
 * Likewise when a bound stops it. A table declared complete that cannot be
 * proven so is an error. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../expr/opcodes.h"
#include "compile.h"

#define MAX_BOXES 1024   /* give up beyond this many pieces */
#define MAX_PARTS 16     /* intervals or strings in one set */
#define MAX_ANALYSED 2000 /* larger tables are not analysed (but for a catch-all) */
#define STR_(x) #x
#define STR(x) STR_(x) /* a bound in a message */

typedef struct ival {
	double lo, hi;
	bool lc, hc; /* closed ends */
} ival;

typedef struct vset {
	uint8_t kind; /* 0 numeric, 1 strings, 2 bools */
	bool neg;     /* strings: complement of the listed values */
	uint8_t bools;/* bit0 false, bit1 true */
	uint16_t n;
	union {
		ival iv[MAX_PARTS];
		crm_val str[MAX_PARTS];
	} u;
} vset;

/* Why an analysis stopped (it is then reported, never passed over). */
enum { GAVE_NONE, GAVE_PIECES /* MAX_BOXES */, GAVE_PARTS /* MAX_PARTS */, GAVE_NOMEM };

/* Why a rule's box is more than the cases it matches. */
enum { WHY_EXACT, WHY_WHEN, WHY_CELL, WHY_LIST, WHY_PARTS };

typedef struct an {
	loader *l;
	decision *d;
	crm_arena tmp;
	uint8_t gave_up; /* GAVE_*: the current check stopped */
	uint32_t at;     /* the rule being subtracted when it did */
	bool *integral;  /* per input */
	uint8_t *kind;   /* per input: set kind, or 255 not analysable */
	vset *universe;  /* per input */
	struct box **bufs[2]; /* MAX_BOXES pieces each, reused */
	struct box *free;     /* consumed pieces, for reuse */
} an;

typedef struct box {
	vset *dims;
	struct box *next_free;
	bool piece; /* a piece made by subtraction (reusable once consumed) */
} box;

/* ---- sets ------------------------------------------------------------------------ */

static void normalize(vset *s, bool integral)
{
	if (s->kind != 0)
		return; /* strings and bools are kept normal by construction */
	uint16_t k = 0;
	for (uint16_t i = 0; i < s->n; i++) {
		ival v = s->u.iv[i];
		if (integral) {
			if (isfinite(v.lo)) {
				double f = floor(v.lo);
				v.lo = (v.lc && f == v.lo) ? v.lo : f + 1;
				v.lc = true;
			}
			if (isfinite(v.hi)) {
				double c = ceil(v.hi);
				v.hi = (v.hc && c == v.hi) ? v.hi : c - 1;
				v.hc = true;
			}
		}
		if (v.lo > v.hi || (v.lo == v.hi && !(v.lc && v.hc)))
			continue;
		s->u.iv[k++] = v;
	}
	s->n = k;
	/* sort and merge touching intervals */
	for (uint16_t i = 1; i < s->n; i++)
		for (uint16_t j = i; j > 0 && s->u.iv[j - 1].lo > s->u.iv[j].lo; j--) {
			ival t = s->u.iv[j];
			s->u.iv[j] = s->u.iv[j - 1];
			s->u.iv[j - 1] = t;
		}
	k = 0;
	for (uint16_t i = 0; i < s->n; i++) {
		ival v = s->u.iv[i];
		if (k) {
			ival *p = &s->u.iv[k - 1];
			bool touch = v.lo < p->hi || (v.lo == p->hi && (v.lc || p->hc)) ||
			             (integral && v.lo == p->hi + 1);
			if (touch) {
				if (v.hi > p->hi || (v.hi == p->hi && v.hc))
					p->hi = v.hi, p->hc = v.hc;
				continue;
			}
		}
		s->u.iv[k++] = v;
	}
	s->n = k;
}

static bool empty(const vset *s)
{
	if (s->kind == 2)
		return s->bools == 0;
	if (s->kind == 1)
		return !s->neg && s->n == 0;
	return s->n == 0;
}

static bool str_in(const vset *s, const crm_val *v)
{
	for (uint16_t i = 0; i < s->n; i++)
		if (crm_val_equal(&s->u.str[i], v))
			return true;
	return false;
}

static bool complement(vset *out, const vset *a)
{
	*out = *a;
	if (a->kind == 2) {
		out->bools = (uint8_t)(~a->bools & 3);
		return true;
	}
	if (a->kind == 1) {
		out->neg = !a->neg;
		return true;
	}
	out->n = 0;
	double lo = -INFINITY;
	bool lc = false;
	for (uint16_t i = 0; i <= a->n; i++) {
		if (out->n >= MAX_PARTS)
			return false;
		ival v;
		v.lo = lo;
		v.lc = lc;
		if (i < a->n) {
			v.hi = a->u.iv[i].lo;
			v.hc = !a->u.iv[i].lc;
			lo = a->u.iv[i].hi;
			lc = !a->u.iv[i].hc;
		} else {
			v.hi = INFINITY;
			v.hc = false;
		}
		out->u.iv[out->n++] = v;
	}
	return true;
}

static bool intersect(vset *out, const vset *a, const vset *b, bool integral)
{
	*out = *a;
	if (a->kind == 2) {
		out->bools = a->bools & b->bools;
		return true;
	}
	if (a->kind == 1) {
		out->n = 0;
		if (a->neg && b->neg) {
			out->neg = true;
			for (uint16_t i = 0; i < a->n; i++)
				out->u.str[out->n++] = a->u.str[i];
			for (uint16_t i = 0; i < b->n; i++) {
				if (str_in(out, &b->u.str[i]))
					continue;
				if (out->n >= MAX_PARTS)
					return false;
				out->u.str[out->n++] = b->u.str[i];
			}
			return true;
		}
		const vset *fin = a->neg ? b : a, *oth = a->neg ? a : b;
		out->neg = false;
		for (uint16_t i = 0; i < fin->n; i++) {
			bool in = str_in(oth, &fin->u.str[i]);
			if (oth->neg ? !in : in)
				out->u.str[out->n++] = fin->u.str[i];
		}
		return true;
	}
	out->n = 0;
	for (uint16_t i = 0; i < a->n; i++)
		for (uint16_t j = 0; j < b->n; j++) {
			const ival *x = &a->u.iv[i], *y = &b->u.iv[j];
			ival v;
			if (x->lo > y->lo || (x->lo == y->lo && !x->lc))
				v.lo = x->lo, v.lc = x->lc;
			else
				v.lo = y->lo, v.lc = y->lc;
			if (x->hi < y->hi || (x->hi == y->hi && !x->hc))
				v.hi = x->hi, v.hc = x->hc;
			else
				v.hi = y->hi, v.hc = y->hc;
			if (v.lo > v.hi || (v.lo == v.hi && !(v.lc && v.hc)))
				continue;
			if (out->n >= MAX_PARTS)
				return false;
			out->u.iv[out->n++] = v;
		}
	normalize(out, integral);
	return true;
}

static bool subtract(vset *out, const vset *a, const vset *b, bool integral)
{
	vset c;
	return complement(&c, b) && intersect(out, a, &c, integral);
}

/* ---- cells to sets ---------------------------------------------------------------- */

static double num_of(const crm_val *v)
{
	return v->t == CRM_T_NUMBER ? v->u.n : (double)v->u.i;
}

static bool is_input(const crm_node *n)
{
	while (n->kind == N_CONV)
		n = n->a;
	return n->kind == N_INPUT;
}

static void set_full(vset *s, uint8_t kind)
{
	memset(s, 0, offsetof(vset, u));
	s->kind = kind;
	if (kind == 2)
		s->bools = 3;
	else if (kind == 1)
		s->neg = true;
	else {
		s->n = 1;
		s->u.iv[0] = (ival){-INFINITY, INFINITY, false, false};
	}
}

static bool point(an *A, int in, const crm_val *v, vset *s)
{
	memset(s, 0, offsetof(vset, u));
	s->kind = A->kind[in];
	if (s->kind == 2) {
		s->bools = (uint8_t)(v->u.i ? 2 : 1);
	} else if (s->kind == 1) {
		s->n = 1;
		s->u.str[0] = *v;
	} else {
		double x = num_of(v);
		s->n = 1;
		s->u.iv[0] = (ival){x, x, true, true};
	}
	return true;
}

/* An ordered enum compared by position ("grade >= B"): the values whose
 * positions compare so. */
static int ranked(an *A, int in, const crm_node *n, vset *s)
{
	const input_decl *id = &A->d->inputs[in];
	crm_val v;
	if (A->kind[in] != 1 || !id->order || !is_input(n->a->a) || n->b->kind != N_CONV ||
	    !crm_load_const(A->l, n->b->a, &v) || v.t != CRM_T_STRING)
		return WHY_CELL;
	if (id->norder > MAX_PARTS)
		return WHY_PARTS;
	uint32_t r = 0;
	while (r < id->norder && !crm_val_equal(&id->order[r], &v))
		r++;
	if (r == id->norder)
		return WHY_CELL;
	memset(s, 0, offsetof(vset, u));
	s->kind = 1;
	for (uint32_t k = 0; k < id->norder; k++) {
		bool keep;
		switch (n->op) {
		case TK_LT: keep = k < r; break;
		case TK_LE: keep = k <= r; break;
		case TK_GT: keep = k > r; break;
		case TK_GE: keep = k >= r; break;
		default: return WHY_CELL;
		}
		if (keep)
			s->u.str[s->n++] = id->order[k];
	}
	return 0;
}

/* The set of input in's values that cell n admits: 0, or WHY_CELL when
 * the cell is not read, WHY_PARTS when a set would pass MAX_PARTS. */
static int cell_set(an *A, int in, crm_node *n, vset *s)
{
	vset a, b;
	crm_val v;
	int rc;
	bool integral = A->integral[in];
	switch (n->kind) {
	case N_OR:
	case N_AND:
		if ((rc = cell_set(A, in, n->a, &a)) || (rc = cell_set(A, in, n->b, &b)))
			return rc;
		if (n->kind == N_AND)
			return intersect(s, &a, &b, integral) ? 0 : WHY_PARTS;
		/* a or b = not(not a and not b) */
		{
			vset ca, cb, t;
			if (!complement(&ca, &a) || !complement(&cb, &b) ||
			    !intersect(&t, &ca, &cb, integral) || !complement(s, &t))
				return WHY_PARTS;
			normalize(s, integral);
			return 0;
		}
	case N_NOT:
		if ((rc = cell_set(A, in, n->a, &a)))
			return rc;
		if (!complement(s, &a))
			return WHY_PARTS;
		normalize(s, integral);
		return 0;
	case N_CMP: {
		if (n->a->kind == N_CONV && n->a->ref == OP_RANK)
			return ranked(A, in, n, s);
		if (!is_input(n->a) || !crm_load_const(A->l, n->b, &v))
			return WHY_CELL;
		if (n->op == TK_EQ || n->op == TK_NE) {
			point(A, in, &v, &a);
			if (n->op == TK_EQ) {
				*s = a;
				return 0;
			}
			if (!complement(s, &a))
				return WHY_PARTS;
			normalize(s, integral);
			return 0;
		}
		if (A->kind[in] != 0)
			return WHY_CELL;
		double x = num_of(&v);
		memset(s, 0, offsetof(vset, u));
		s->n = 1;
		switch (n->op) {
		case TK_LT: s->u.iv[0] = (ival){-INFINITY, x, false, false}; break;
		case TK_LE: s->u.iv[0] = (ival){-INFINITY, x, false, true}; break;
		case TK_GT: s->u.iv[0] = (ival){x, INFINITY, false, false}; break;
		default: s->u.iv[0] = (ival){x, INFINITY, true, false}; break;
		}
		normalize(s, integral);
		return 0;
	}
	case N_IN: {
		if (!is_input(n->a))
			return WHY_CELL;
		if (n->b->kind == N_RANGE) {
			crm_val lo, hi;
			if (A->kind[in] != 0 || !crm_load_const(A->l, n->b->a, &lo) ||
			    !crm_load_const(A->l, n->b->b, &hi))
				return WHY_CELL;
			memset(s, 0, offsetof(vset, u));
			s->n = 1;
			s->u.iv[0] = (ival){num_of(&lo), num_of(&hi), (n->b->flags & 1) != 0,
			                    (n->b->flags & 2) != 0};
			normalize(s, integral);
			return 0;
		}
		if (!crm_load_const(A->l, n->b, &v) || v.t != CRM_T_LIST)
			return WHY_CELL;
		if (v.len > MAX_PARTS)
			return WHY_PARTS;
		memset(s, 0, offsetof(vset, u));
		s->kind = A->kind[in];
		for (uint32_t i = 0; i < v.len; i++) {
			point(A, in, &v.u.l[i], &a);
			vset ca, cs, t;
			if (!complement(&ca, &a) || !complement(&cs, s) ||
			    !intersect(&t, &ca, &cs, integral) || !complement(s, &t))
				return WHY_PARTS;
			normalize(s, integral);
		}
		return 0;
	}
	default:
		return WHY_CELL;
	}
}

/* ---- boxes ---------------------------------------------------------------------------- */

/* A box whose dims the caller fills. Pieces are recycled: subtraction
 * makes many short-lived ones, and a box is a few kilobytes. */
static box *new_box(an *A)
{
	box *b = A->free;
	if (b) {
		A->free = b->next_free;
		return b;
	}
	b = crm_arena_alloc(&A->tmp, sizeof *b);
	if (b)
		b->dims = crm_arena_alloc(&A->tmp, (A->d->ninputs ? A->d->ninputs : 1) * sizeof(vset));
	if (!b || !b->dims) {
		A->gave_up = GAVE_NOMEM;
		return NULL;
	}
	b->piece = true;
	return b;
}

static void release(an *A, box *b)
{
	if (b->piece) {
		b->next_free = A->free;
		A->free = b;
	}
}

/* The cases rule r can match, as a box: exactly when *why is WHY_EXACT;
 * otherwise a superset (a cell not read admits every value of its input),
 * *why says what was not read and *why_in which input (or -1). NULL only
 * when out of memory. */
static box *rule_box(an *A, const rule *r, uint8_t *why, int *why_in)
{
	*why = r->has_when ? WHY_WHEN : WHY_EXACT;
	*why_in = -1;
	box *b = new_box(A);
	if (!b)
		return NULL;
	b->piece = false; /* kept for the whole analysis */
	for (uint32_t i = 0; i < A->d->ninputs; i++) {
		b->dims[i] = A->universe[i];
		if (!r->cells[i])
			continue;
		vset s;
		int w = A->kind[i] == 255 ? WHY_LIST : cell_set(A, (int)i, r->cells[i], &s);
		if (!w && !intersect(&b->dims[i], &s, &A->universe[i], A->integral[i]))
			w = WHY_PARTS;
		if (w) {
			b->dims[i] = A->universe[i];
			if (*why == WHY_EXACT)
				*why = (uint8_t)w, *why_in = (int)i;
		}
	}
	return b;
}

static bool box_empty(an *A, const box *b)
{
	for (uint32_t i = 0; i < A->d->ninputs; i++)
		if (empty(&b->dims[i]))
			return true;
	return false;
}

/* Whether two boxes share a case: 1, 0, or -1 when a set passed MAX_PARTS
 * (not known). */
static int boxes_meet(an *A, const box *x, const box *y)
{
	for (uint32_t i = 0; i < A->d->ninputs; i++) {
		vset t;
		if (!intersect(&t, &x->dims[i], &y->dims[i], A->integral[i]))
			return -1;
		if (empty(&t))
			return 0;
	}
	return 1;
}

/* Whether box x holds every case of the inputs (a catch-all). */
static bool covers_all(an *A, const box *x)
{
	for (uint32_t i = 0; i < A->d->ninputs; i++) {
		vset t;
		if (!subtract(&t, &A->universe[i], &x->dims[i], A->integral[i]) || !empty(&t))
			return false;
	}
	return true;
}

/* x minus y, appended to out. */
static void box_minus(an *A, const box *x, const box *y, box **out, size_t *n)
{
	int meet = boxes_meet(A, x, y);
	if (meet < 0) {
		A->gave_up = GAVE_PARTS;
		return;
	}
	if (!meet) {
		if (*n >= MAX_BOXES) {
			A->gave_up = GAVE_PIECES;
			return;
		}
		out[(*n)++] = (box *)x;
		return;
	}
	uint32_t ni = A->d->ninputs;
	for (uint32_t i = 0; i < ni && !A->gave_up; i++) {
		box *p = new_box(A);
		if (!p)
			return;
		for (uint32_t j = 0; j < ni; j++) {
			bool ok;
			if (j < i)
				ok = intersect(&p->dims[j], &x->dims[j], &y->dims[j], A->integral[j]);
			else if (j == i)
				ok = subtract(&p->dims[j], &x->dims[j], &y->dims[j], A->integral[j]);
			else
				ok = (p->dims[j] = x->dims[j], true);
			if (!ok) {
				A->gave_up = GAVE_PARTS;
				return;
			}
		}
		if (box_empty(A, p)) {
			release(A, p);
			continue;
		}
		if (*n >= MAX_BOXES) {
			A->gave_up = GAVE_PIECES;
			return;
		}
		out[(*n)++] = p;
	}
	release(A, (box *)x); /* x lives on in its pieces */
}

/* Subtract each of `by` (NULL entries skipped) from the pieces in *pieces;
 * on giving up, A->at is the index in `by` it stopped at. */
static size_t minus_all(an *A, box ***pieces, size_t n, box *const *by, size_t nby)
{
	box **buf = *pieces == A->bufs[0] ? A->bufs[1] : A->bufs[0];
	for (size_t k = 0; k < nby && n && !A->gave_up; k++) {
		if (!by[k])
			continue;
		size_t m = 0;
		for (size_t i = 0; i < n && !A->gave_up; i++)
			box_minus(A, (*pieces)[i], by[k], buf, &m);
		if (A->gave_up)
			A->at = (uint32_t)k;
		box **t = *pieces;
		*pieces = buf;
		buf = t;
		n = m;
	}
	return n;
}

/* ---- describing --------------------------------------------------------------------- */

static void num_text(char *buf, size_t size, double x, uint8_t type)
{
	/* infinite ends are printed as comparisons by the caller; a bound past
	 * int64 cannot be converted */
	if (!(x > -9.2e18 && x < 9.2e18)) {
		snprintf(buf, size, "%s", x < 0 ? "-inf" : "inf");
		return;
	}
	if (type == CRM_T_MONEY) {
		crm_money_format(buf, size, (int64_t)x);
	} else if (type == CRM_T_NUMBER) {
		snprintf(buf, size, "%g", x);
	} else {
		snprintf(buf, size, "%lld", (long long)x);
	}
}

static void describe_set(crm_buf *b, const char *name, const vset *s, uint8_t type)
{
	if (s->kind == 2) {
		crm_buf_addf(b, "%s = %s", name, s->bools == 2 ? "true" : "false");
		return;
	}
	if (s->kind == 1) {
		crm_buf_addf(b, "%s %s", name, s->neg ? "not in (" : "in (");
		for (uint16_t i = 0; i < s->n; i++)
			crm_buf_addf(b, "%s\"%.*s\"", i ? ", " : "", (int)s->u.str[i].len,
			             s->u.str[i].u.s);
		crm_buf_add(b, ")", 1);
		return;
	}
	for (uint16_t i = 0; i < s->n; i++) {
		const ival *v = &s->u.iv[i];
		char lo[48], hi[48];
		num_text(lo, sizeof lo, v->lo, type);
		num_text(hi, sizeof hi, v->hi, type);
		if (i)
			crm_buf_add(b, " or ", 4);
		if (isinf(v->lo) && isinf(v->hi))
			crm_buf_addf(b, "%s any", name);
		else if (isinf(v->lo))
			crm_buf_addf(b, "%s %s %s", name, v->hc ? "<=" : "<", hi);
		else if (isinf(v->hi))
			crm_buf_addf(b, "%s %s %s", name, v->lc ? ">=" : ">", lo);
		else if (v->lo == v->hi)
			crm_buf_addf(b, "%s = %s", name, lo);
		else
			crm_buf_addf(b, "%s in %c%s..%s%c", name, v->lc ? '[' : '(', lo, hi,
			             v->hc ? ']' : ')');
	}
}

static bool same_set(const vset *a, const vset *b)
{
	if (a->kind != b->kind || a->n != b->n || a->neg != b->neg || a->bools != b->bools)
		return false;
	for (uint16_t i = 0; i < a->n; i++) {
		if (a->kind == 0 && memcmp(&a->u.iv[i], &b->u.iv[i], sizeof(ival)) != 0)
			return false;
		if (a->kind == 1 && !crm_val_equal(&a->u.str[i], &b->u.str[i]))
			return false;
	}
	return true;
}

static void describe_box(an *A, crm_buf *b, const box *x)
{
	bool any = false;
	for (uint32_t i = 0; i < A->d->ninputs; i++) {
		if (same_set(&x->dims[i], &A->universe[i]))
			continue;
		char name[32];
		const char *nm = A->d->inputs[i].name;
		if (!nm) {
			snprintf(name, sizeof name, "input %u", i + 1);
			nm = name;
		}
		if (any)
			crm_buf_add(b, ", ", 2);
		describe_set(b, nm, &x->dims[i], A->d->inputs[i].type);
		any = true;
	}
	if (!any)
		crm_buf_add(b, "any input", 9);
}

/* ---- the checks ------------------------------------------------------------------------ */

static void setup(an *A)
{
	decision *d = A->d;
	crm_ruleset *rs = A->l->rs;
	uint32_t ni = d->ninputs ? d->ninputs : 1;
	A->integral = crm_arena_alloc(&A->tmp, ni * sizeof *A->integral);
	A->kind = crm_arena_alloc(&A->tmp, ni * sizeof *A->kind);
	A->universe = crm_arena_alloc(&A->tmp, ni * sizeof *A->universe);
	if (!A->integral || !A->kind || !A->universe) {
		A->gave_up = GAVE_NOMEM;
		return;
	}
	for (uint32_t i = 0; i < d->ninputs; i++) {
		uint8_t t = d->inputs[i].type;
		A->integral[i] = t != CRM_T_NUMBER;
		A->kind[i] = t == CRM_T_STRING ? 1 : t == CRM_T_BOOL ? 2
		             : (t == CRM_T_LIST || t == CRM_T_UNKNOWN) ? 255 : 0;
		vset *u = &A->universe[i];
		set_full(u, A->kind[i] == 255 ? 0 : A->kind[i]);
		const input_decl *in = &d->inputs[i];
		if (in->order && A->kind[i] == 1 && in->norder <= MAX_PARTS) {
			/* an ordered enum (a fact, an output, or a choice of them) */
			u->neg = false;
			u->n = (uint16_t)in->norder;
			for (uint32_t k = 0; k < in->norder; k++)
				u->u.str[k] = in->order[k];
			continue;
		}
		int f = in->fact;
		if (f < 0)
			continue;
		const fact_decl *fd = &rs->facts[f];
		if (fd->allowed && A->kind[i] == 1 && fd->nallowed <= MAX_PARTS) {
			u->neg = false;
			u->n = (uint16_t)fd->nallowed;
			for (uint32_t k = 0; k < fd->nallowed; k++)
				u->u.str[k] = fd->allowed[k];
		} else if (fd->has_range && A->kind[i] == 0) {
			u->u.iv[0] = (ival){num_of(&fd->lo), num_of(&fd->hi), (fd->range_flags & 1) != 0,
			                    (fd->range_flags & 2) != 0};
			normalize(u, A->integral[i]);
		}
	}
}

/* Why rule r's box is not exact, for a message. */
static void describe_why(an *A, crm_buf *b, uint8_t why, int in)
{
	char name[32];
	const char *nm = in >= 0 ? A->d->inputs[in].name : NULL;
	if (!nm) {
		snprintf(name, sizeof name, "input %d", in + 1);
		nm = name;
	}
	switch (why) {
	case WHY_WHEN:
		crm_buf_addf(b, "it has a 'when:' condition, which the analysis does not read");
		break;
	case WHY_LIST:
		crm_buf_addf(b, "it tests input '%s', a list, which the analysis does not read", nm);
		break;
	case WHY_PARTS:
		crm_buf_addf(b, "its cell for input '%s' holds more than %d values or intervals "
		             "(the analysis's bound)", nm, MAX_PARTS);
		break;
	default:
		crm_buf_addf(b, "its cell for input '%s' is not a comparison with constants, "
		             "which is all the analysis reads", nm);
		break;
	}
}

/* What stopped the analysis, for a message. */
static const char *bound_text(uint8_t gave_up)
{
	return gave_up == GAVE_PARTS ? "its bound of " STR(MAX_PARTS)
	                               " values or intervals for one input"
	                             : "its bound of " STR(MAX_BOXES) " regions of input values";
}

/* How to make a complete table provable: a first table by a catch-all
 * (proven at once, whatever else the table holds); another by rules the
 * analysis reads, or fewer rules when a bound stopped it. */
static const char *complete_fix(const decision *d, bool bound)
{
	if (d->hit == HIT_FIRST)
		return "add a catch-all rule last (every cell '-', no 'when:')";
	return bound ? "split the table, or drop 'complete: true'"
	             : "cover these cases with rules of plain cells (no 'when:')";
}

/* Per rule: its box (a superset of what it matches unless exact), why it
 * is not exact, and the input that is not read. */
typedef struct rules_an {
	box **box, **exact; /* exact[i]: box[i] when exact, else NULL */
	box **inexact;      /* inexact[i]: box[i] when not exact, else NULL */
	uint8_t *why;
	int *why_in;
	uint32_t ninexact;
} rules_an;

/* Rule i of a first table can never fire when the exact rules before it
 * cover its box. Only exact rules are judged: a when: may make it fire
 * less, never more. */
static void check_unreachable(an *A, const rules_an *R)
{
	decision *d = A->d;
	loader *l = A->l;
	for (uint32_t i = 1; i < d->nrules; i++) {
		if (!R->exact[i])
			continue;
		box **pieces = A->bufs[0];
		pieces[0] = R->exact[i];
		size_t n = box_empty(A, R->exact[i]) ? 0 : 1;
		n = minus_all(A, &pieces, n, R->exact, i);
		const rule *r = &d->rules[i];
		l->file = r->file;
		if (A->gave_up) {
			if (A->gave_up != GAVE_NOMEM)
				crm_load_warning(l, r->line, r->col,
				                 "decision '%s' is not checked for rules that can never "
				                 "fire from rule '%s' on: the analysis reached %s",
				                 d->name, r->id, bound_text(A->gave_up));
			return;
		}
		if (n == 0)
			crm_load_error(l, CRM_ETABLE, r->line, r->col,
			               "rule '%s' can never fire: the rules before it in this "
			               "'first' table cover every case it matches",
			               r->id);
	}
}

/* No two rules of a unique table match one case: proven when their boxes
 * do not meet; an overlap when two exact boxes do; otherwise not known,
 * and said at the rule that is not read. */
static void check_overlaps(an *A, const rules_an *R, crm_buf *msg)
{
	decision *d = A->d;
	loader *l = A->l;
	for (uint32_t j = 1; j < d->nrules; j++)
		for (uint32_t i = 0; i < j; i++) {
			if (!R->exact[i] || !R->exact[j])
				continue; /* below */
			int meet = boxes_meet(A, R->box[i], R->box[j]);
			const rule *r = &d->rules[j];
			l->file = r->file;
			if (meet < 0) {
				crm_load_warning(l, r->line, r->col,
				                 "cannot prove that rule '%s' never matches together with "
				                 "rule '%s' in 'unique' table '%s': the analysis reached %s",
				                 r->id, d->rules[i].id, d->name,
				                 bound_text(GAVE_PARTS));
				continue;
			}
			if (!meet)
				continue;
			box *both = new_box(A);
			if (!both)
				return;
			for (uint32_t k = 0; k < d->ninputs; k++)
				intersect(&both->dims[k], &R->box[i]->dims[k], &R->box[j]->dims[k],
				          A->integral[k]);
			msg->len = 0;
			describe_box(A, msg, both);
			release(A, both);
			crm_load_error(l, CRM_ETABLE, r->line, r->col,
			               "rules '%s' and '%s' overlap in 'unique' table '%s' "
			               "(both match %s)",
			               d->rules[i].id, r->id, d->name, msg->ptr ? msg->ptr : "?");
		}
	/* a rule not read: one warning, naming the rules it may meet */
	for (uint32_t j = 0; j < d->nrules; j++) {
		if (R->exact[j])
			continue;
		uint32_t nmeet = 0, first[3];
		for (uint32_t i = 0; i < d->nrules; i++) {
			if (i == j || boxes_meet(A, R->box[i], R->box[j]) == 0)
				continue;
			if (nmeet < 3)
				first[nmeet] = i;
			nmeet++;
		}
		if (!nmeet)
			continue;
		/* 'a'; 'a' and 'b'; 'a', 'b' and 'c'; 'a', 'b', 'c' and 2 more */
		msg->len = 0;
		uint32_t shown = nmeet < 3 ? nmeet : 3;
		for (uint32_t k = 0; k < shown; k++)
			crm_buf_addf(msg, "%s'%s'",
			             k == 0 ? "" : (k == shown - 1 && nmeet == shown) ? " and " : ", ",
			             d->rules[first[k]].id);
		if (nmeet > shown)
			crm_buf_addf(msg, " and %u more", nmeet - shown);
		crm_buf_addf(msg, " in 'unique' table '%s': ", d->name);
		describe_why(A, msg, R->why[j], R->why_in[j]);
		const rule *r = &d->rules[j];
		l->file = r->file;
		crm_load_warning(l, r->line, r->col,
		                 "cannot prove that rule '%s' never matches together with rule%s %s",
		                 r->id, nmeet > 1 ? "s" : "", msg->ptr ? msg->ptr : "?");
	}
}

/* Which cases no rule covers (single-result tables). The exact rules are
 * subtracted from every case; what is left and no other rule's box meets
 * is a gap; what is left but only rules not read may cover is not known:
 * an error for a table declared complete. */
static void check_gaps(an *A, const rules_an *R, crm_buf *msg)
{
	decision *d = A->d;
	loader *l = A->l;
	for (uint32_t i = 0; i < d->nrules; i++)
		if (R->exact[i] && covers_all(A, R->exact[i]))
			return; /* a catch-all */
	box **pieces = A->bufs[0];
	box *u = new_box(A);
	if (!u)
		return;
	u->piece = false;
	for (uint32_t i = 0; i < d->ninputs; i++)
		u->dims[i] = A->universe[i];
	pieces[0] = u;
	size_t n = minus_all(A, &pieces, box_empty(A, u) ? 0 : 1, R->exact, d->nrules);
	if (A->gave_up) {
		if (A->gave_up == GAVE_NOMEM)
			return;
		const rule *r = &d->rules[A->at];
		l->file = r->file;
		crm_load_warning(l, r->line, r->col,
		                 "decision '%s' is not checked for gaps: the analysis reached %s at "
		                 "rule '%s'", d->name, bound_text(A->gave_up), r->id);
		l->file = d->file;
		if (d->complete)
			crm_load_error(l, CRM_ETABLE, d->line, d->col,
			               "decision '%s' is declared complete but the analysis cannot "
			               "prove it: it reached %s; %s",
			               d->name, bound_text(A->gave_up), complete_fix(d, true));
		return;
	}
	if (!n)
		return;
	/* what is left: the part no rule may cover is a gap */
	box **left = crm_arena_alloc(&A->tmp, n * sizeof *left);
	if (!left) {
		A->gave_up = GAVE_NOMEM;
		return;
	}
	for (size_t k = 0; k < n; k++) {
		left[k] = pieces[k];
		left[k]->piece = false; /* kept: not recycled by what follows */
	}
	size_t ngap = 0;
	if (R->ninexact) {
		pieces = A->bufs[0];
		memcpy(pieces, left, n * sizeof *left);
		ngap = minus_all(A, &pieces, n, R->inexact, d->nrules);
		if (A->gave_up == GAVE_NOMEM)
			return;
		if (A->gave_up)
			ngap = 0; /* not known where the gaps are */
		A->gave_up = GAVE_NONE;
	} else {
		ngap = n;
	}
	box **show = ngap ? pieces : left;
	size_t nshow = ngap ? ngap : n;
	msg->len = 0;
	for (size_t k = 0; k < nshow && k < 3; k++) {
		if (k)
			crm_buf_add(msg, "; ", 2);
		describe_box(A, msg, show[k]);
	}
	if (nshow > 3)
		crm_buf_addf(msg, "; and %zu more", nshow - 3);
	if (ngap) {
		l->file = d->file;
		if (d->complete)
			crm_load_error(l, CRM_ETABLE, d->line, d->col,
			               "decision '%s' is declared complete but no rule "
			               "covers: %s", d->name, msg->ptr ? msg->ptr : "?");
		else
			crm_load_warning(l, d->line, d->col,
			                 "decision '%s' has a gap: no rule covers %s",
			                 d->name, msg->ptr ? msg->ptr : "?");
		return;
	}
	if (!d->complete)
		return; /* not claimed, so nothing to prove */
	/* only rules not read cover what is left: name them, then refuse */
	crm_buf why;
	crm_buf_init(&why, &l->rs->al);
	for (uint32_t i = 0; i < d->nrules; i++) {
		if (R->exact[i])
			continue;
		bool meets = false;
		for (size_t k = 0; k < n && !meets; k++)
			meets = boxes_meet(A, R->box[i], left[k]) != 0;
		if (!meets)
			continue;
		why.len = 0;
		describe_why(A, &why, R->why[i], R->why_in[i]);
		const rule *r = &d->rules[i];
		l->file = r->file;
		crm_load_warning(l, r->line, r->col,
		                 "cannot prove that decision '%s' is complete: rule '%s' may be the "
		                 "only rule for some cases, and %s",
		                 d->name, r->id, why.ptr ? why.ptr : "?");
	}
	crm_buf_free(&why);
	l->file = d->file;
	crm_load_error(l, CRM_ETABLE, d->line, d->col,
	               "decision '%s' is declared complete but the analysis cannot prove it: "
	               "only rules it cannot read cover: %s; %s",
	               d->name, msg->ptr ? msg->ptr : "?", complete_fix(d, false));
}

/* A table too large to analyse is complete when it has a catch-all. */
static bool big_catch_all(an *A)
{
	for (uint32_t i = 0; i < A->d->nrules && !A->gave_up; i++) {
		uint8_t why;
		int why_in;
		box *b = rule_box(A, &A->d->rules[i], &why, &why_in);
		if (!b)
			return false;
		bool all = why == WHY_EXACT && covers_all(A, b);
		b->piece = true;
		release(A, b);
		if (all)
			return true;
	}
	return false;
}

void crm_table_analyse(loader *l, decision *d)
{
	if (!d->compiled || d->nrules == 0)
		return;
	an A;
	memset(&A, 0, sizeof A);
	A.l = l;
	A.d = d;
	crm_arena_init(&A.tmp, &l->rs->al);
	l->file = d->file;
	setup(&A);
	if (d->nrules > MAX_ANALYSED) {
		l->file = d->file;
		crm_load_warning(l, d->line, d->col,
		                 "decision '%s' has %u rules: unreachable rules, overlaps and "
		                 "gaps are only checked up to %d rules",
		                 d->name, d->nrules, MAX_ANALYSED);
		if (d->complete && !A.gave_up && !big_catch_all(&A) && !A.gave_up)
			crm_load_error(l, CRM_ETABLE, d->line, d->col,
			               "decision '%s' is declared complete but the analysis cannot "
			               "prove it past %d rules; %s",
			               d->name, MAX_ANALYSED, complete_fix(d, true));
		goto done;
	}
	A.bufs[0] = crm_arena_alloc(&A.tmp, MAX_BOXES * sizeof(box *));
	A.bufs[1] = crm_arena_alloc(&A.tmp, MAX_BOXES * sizeof(box *));
	rules_an R;
	memset(&R, 0, sizeof R);
	size_t np = d->nrules * sizeof(box *);
	R.box = crm_arena_alloc(&A.tmp, np);
	R.exact = crm_arena_alloc(&A.tmp, np);
	R.inexact = crm_arena_alloc(&A.tmp, np);
	R.why = crm_arena_alloc(&A.tmp, d->nrules * sizeof *R.why);
	R.why_in = crm_arena_alloc(&A.tmp, d->nrules * sizeof *R.why_in);
	if (!A.bufs[0] || !A.bufs[1] || !R.box || !R.exact || !R.inexact || !R.why || !R.why_in)
		A.gave_up = GAVE_NOMEM;
	for (uint32_t i = 0; i < d->nrules && !A.gave_up; i++) {
		R.box[i] = rule_box(&A, &d->rules[i], &R.why[i], &R.why_in[i]);
		bool exact = R.box[i] && R.why[i] == WHY_EXACT;
		R.exact[i] = exact ? R.box[i] : NULL;
		R.inexact[i] = exact ? NULL : R.box[i];
		R.ninexact += !exact;
	}
	if (A.gave_up)
		goto done;
	crm_buf msg;
	crm_buf_init(&msg, &l->rs->al);
	if (d->hit == HIT_FIRST)
		check_unreachable(&A, &R);
	if (A.gave_up != GAVE_NOMEM) {
		A.gave_up = GAVE_NONE;
		if (d->hit == HIT_UNIQUE)
			check_overlaps(&A, &R, &msg);
	}
	if (A.gave_up != GAVE_NOMEM) {
		A.gave_up = GAVE_NONE;
		if (d->hit != HIT_COLLECT && d->hit != HIT_RULE_ORDER)
			check_gaps(&A, &R, &msg);
	}
	crm_buf_free(&msg);
done:
	if (A.gave_up == GAVE_NOMEM) {
		l->file = d->file;
		crm_load_error(l, CRM_ENOMEM, d->line, d->col, "out of memory");
	}
	crm_arena_free(&A.tmp);
}

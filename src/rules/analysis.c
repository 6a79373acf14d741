/* SPDX-License-Identifier: MIT */
/* analysis.c - static checks of decision tables: unreachable rules, overlaps, gaps.
 *
 * Each rule whose cells are constant tests becomes a box: one set of values
 * per input (intervals for ordered types, finite or co-finite sets of
 * strings, subsets of {false, true}). Box algebra then answers: is a rule
 * covered by the rules before it, do two rules intersect, and what part of
 * the inputs' domain no rule covers. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../expr/opcodes.h"
#include "ruleset.h"

#define MAX_BOXES 1024   /* give up beyond this many pieces */
#define MAX_PARTS 16     /* intervals or strings in one set */
#define MAX_ANALYSED 2000 /* larger tables are not analysed */

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

typedef struct an {
	loader *l;
	decision *d;
	crm_arena tmp;
	bool failed;     /* too complex or out of memory: stop quietly */
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

static bool cell_set(an *A, int in, crm_node *n, vset *s)
{
	vset a, b;
	crm_val v;
	switch (n->kind) {
	case N_OR:
	case N_AND:
		if (!cell_set(A, in, n->a, &a) || !cell_set(A, in, n->b, &b))
			return false;
		if (n->kind == N_AND)
			return intersect(s, &a, &b, A->integral[in]);
		/* a or b = not(not a and not b) */
		{
			vset ca, cb, t;
			return complement(&ca, &a) && complement(&cb, &b) &&
			       intersect(&t, &ca, &cb, A->integral[in]) && complement(s, &t) &&
			       (normalize(s, A->integral[in]), true);
		}
	case N_NOT:
		if (!cell_set(A, in, n->a, &a) || !complement(s, &a))
			return false;
		normalize(s, A->integral[in]);
		return true;
	case N_CMP: {
		if (n->a->kind == N_CONV && n->a->ref == OP_RANK)
			return false; /* ordered enums: positions, not analysed */
		if (!is_input(n->a) || !crm_load_const(A->l, n->b, &v))
			return false;
		if (n->op == TK_EQ || n->op == TK_NE) {
			point(A, in, &v, &a);
			if (n->op == TK_EQ) {
				*s = a;
				return true;
			}
			return complement(s, &a) && (normalize(s, A->integral[in]), true);
		}
		if (A->kind[in] != 0)
			return false;
		double x = num_of(&v);
		memset(s, 0, offsetof(vset, u));
		s->n = 1;
		switch (n->op) {
		case TK_LT: s->u.iv[0] = (ival){-INFINITY, x, false, false}; break;
		case TK_LE: s->u.iv[0] = (ival){-INFINITY, x, false, true}; break;
		case TK_GT: s->u.iv[0] = (ival){x, INFINITY, false, false}; break;
		default: s->u.iv[0] = (ival){x, INFINITY, true, false}; break;
		}
		normalize(s, A->integral[in]);
		return true;
	}
	case N_IN: {
		if (!is_input(n->a))
			return false;
		if (n->b->kind == N_RANGE) {
			crm_val lo, hi;
			if (A->kind[in] != 0 || !crm_load_const(A->l, n->b->a, &lo) || !crm_load_const(A->l, n->b->b, &hi))
				return false;
			memset(s, 0, offsetof(vset, u));
			s->n = 1;
			s->u.iv[0] = (ival){num_of(&lo), num_of(&hi), (n->b->flags & 1) != 0,
			                    (n->b->flags & 2) != 0};
			normalize(s, A->integral[in]);
			return true;
		}
		if (!crm_load_const(A->l, n->b, &v) || v.t != CRM_T_LIST || v.len > MAX_PARTS)
			return false;
		memset(s, 0, offsetof(vset, u));
		s->kind = A->kind[in];
		for (uint32_t i = 0; i < v.len; i++) {
			if (!point(A, in, &v.u.l[i], &a))
				return false;
			vset ca, cs, t;
			if (!complement(&ca, &a) || !complement(&cs, s) ||
			    !intersect(&t, &ca, &cs, A->integral[in]) || !complement(s, &t))
				return false;
			normalize(s, A->integral[in]);
		}
		return true;
	}
	default:
		return false;
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
		A->failed = true;
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

static box *rule_box(an *A, const rule *r)
{
	if (r->has_when)
		return NULL;
	box *b = new_box(A);
	if (!b)
		return NULL;
	b->piece = false; /* kept for the whole analysis */
	for (uint32_t i = 0; i < A->d->ninputs; i++) {
		if (!r->cells[i]) {
			b->dims[i] = A->universe[i];
			continue;
		}
		if (A->kind[i] == 255)
			return NULL;
		vset s;
		if (!cell_set(A, (int)i, r->cells[i], &s) ||
		    !intersect(&b->dims[i], &s, &A->universe[i], A->integral[i]))
			return NULL;
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

static bool boxes_meet(an *A, const box *x, const box *y)
{
	for (uint32_t i = 0; i < A->d->ninputs; i++) {
		vset t;
		if (!intersect(&t, &x->dims[i], &y->dims[i], A->integral[i]) || empty(&t))
			return false;
	}
	return true;
}

/* x minus y, appended to out. */
static void box_minus(an *A, const box *x, const box *y, box **out, size_t *n)
{
	if (!boxes_meet(A, x, y)) {
		if (*n >= MAX_BOXES) {
			A->failed = true;
			return;
		}
		out[(*n)++] = (box *)x;
		return;
	}
	uint32_t ni = A->d->ninputs;
	for (uint32_t i = 0; i < ni && !A->failed; i++) {
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
				A->failed = true;
				return;
			}
		}
		if (box_empty(A, p)) {
			release(A, p);
			continue;
		}
		if (*n >= MAX_BOXES) {
			A->failed = true;
			return;
		}
		out[(*n)++] = p;
	}
	release(A, (box *)x); /* x lives on in its pieces */
}

/* Subtract each of `by` from the pieces in *pieces. */
static size_t minus_all(an *A, box ***pieces, size_t n, box *const *by, size_t nby)
{
	box **buf = *pieces == A->bufs[0] ? A->bufs[1] : A->bufs[0];
	for (size_t k = 0; k < nby && n && !A->failed; k++) {
		if (!by[k])
			continue;
		size_t m = 0;
		for (size_t i = 0; i < n && !A->failed; i++)
			box_minus(A, (*pieces)[i], by[k], buf, &m);
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
		A->failed = true;
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

void crm_table_analyse(loader *l, decision *d)
{
	if (!d->compiled || d->nrules == 0)
		return;
	if (d->nrules > MAX_ANALYSED) {
		l->file = d->file;
		crm_load_warning(l, d->line, d->col,
		                 "decision '%s' has %u rules: unreachable rules, overlaps and "
		                 "gaps are only checked up to %d rules",
		                 d->name, d->nrules, MAX_ANALYSED);
		return;
	}
	an A;
	memset(&A, 0, sizeof A);
	A.l = l;
	A.d = d;
	crm_arena_init(&A.tmp, &l->rs->al);
	l->file = d->file;
	setup(&A);
	A.bufs[0] = crm_arena_alloc(&A.tmp, MAX_BOXES * sizeof(box *));
	A.bufs[1] = crm_arena_alloc(&A.tmp, MAX_BOXES * sizeof(box *));
	if (!A.bufs[0] || !A.bufs[1])
		A.failed = true;
	box **boxes = crm_arena_alloc(&A.tmp, d->nrules * sizeof *boxes);
	if (!boxes || A.failed)
		goto done;
	bool all = true;
	for (uint32_t i = 0; i < d->nrules; i++) {
		boxes[i] = rule_box(&A, &d->rules[i]);
		all = all && boxes[i];
	}
	crm_buf msg;
	crm_buf_init(&msg, &l->rs->al);

	/* unreachable rules: covered by the rules before them */
	if (d->hit == HIT_FIRST || d->hit == HIT_PRIORITY) {
		for (uint32_t i = 1; i < d->nrules && !A.failed && d->hit == HIT_FIRST; i++) {
			if (!boxes[i])
				continue;
			box **pieces = A.bufs[0];
			pieces[0] = boxes[i];
			size_t n = box_empty(&A, boxes[i]) ? 0 : 1;
			n = minus_all(&A, &pieces, n, boxes, i);
			if (A.failed)
				break;
			if (n == 0) {
				const rule *r = &d->rules[i];
				l->file = r->file;
				crm_load_error(l, CRM_ETABLE, r->line, r->col,
				               "rule '%s' can never fire: the rules before it in this "
				               "'first' table cover every case it matches",
				               r->id);
			}
		}
	}
	/* overlaps in unique tables */
	if (d->hit == HIT_UNIQUE && d->nrules <= 5000) {
		for (uint32_t i = 0; i < d->nrules && !A.failed; i++)
			for (uint32_t j = i + 1; j < d->nrules && boxes[i]; j++) {
				if (!boxes[j] || !boxes_meet(&A, boxes[i], boxes[j]))
					continue;
				box *both = new_box(&A);
				if (!both)
					break;
				for (uint32_t k = 0; k < d->ninputs; k++)
					intersect(&both->dims[k], &boxes[i]->dims[k], &boxes[j]->dims[k],
					          A.integral[k]);
				msg.len = 0;
				describe_box(&A, &msg, both);
				release(&A, both);
				const rule *r = &d->rules[j];
				l->file = r->file;
				crm_load_error(l, CRM_ETABLE, r->line, r->col,
				               "rules '%s' and '%s' overlap in 'unique' table '%s' "
				               "(both match %s)",
				               d->rules[i].id, r->id, d->name,
				               msg.ptr ? msg.ptr : "?");
			}
	}
	/* gaps: inputs no rule covers (single-result tables) */
	if (all && !A.failed && d->hit != HIT_COLLECT && d->hit != HIT_RULE_ORDER) {
		box **pieces = A.bufs[0];
		box *u = new_box(&A);
		if (u) {
			u->piece = false;
			for (uint32_t i = 0; i < d->ninputs; i++)
				u->dims[i] = A.universe[i];
			pieces[0] = u;
			size_t n = minus_all(&A, &pieces, box_empty(&A, u) ? 0 : 1, boxes, d->nrules);
			if (!A.failed && n) {
				msg.len = 0;
				for (size_t k = 0; k < n && k < 3; k++) {
					if (k)
						crm_buf_add(&msg, "; ", 2);
					describe_box(&A, &msg, pieces[k]);
				}
				if (n > 3)
					crm_buf_addf(&msg, "; and %zu more", n - 3);
				l->file = d->file;
				if (d->complete)
					crm_load_error(l, CRM_ETABLE, d->line, d->col,
					               "decision '%s' is declared complete but no rule "
					               "covers: %s", d->name, msg.ptr ? msg.ptr : "?");
				else
					crm_load_warning(l, d->line, d->col,
					                 "decision '%s' has a gap: no rule covers %s",
					                 d->name, msg.ptr ? msg.ptr : "?");
			}
		}
	}
	crm_buf_free(&msg);
done:
	crm_arena_free(&A.tmp);
}

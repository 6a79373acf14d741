/* SPDX-License-Identifier: MIT */
/* check.c - resolves names to slots and types every node, inserting conversions. */
#include <stdio.h>
#include <string.h>

#include "../time/civil.h"
#include "expr.h"
#include "opcodes.h"

#define CONST_FLAG CRM_NODE_CONST
#define MAX_INLINE 32   /* constants referring to constants */

typedef struct checker {
	crm_arena *ar;
	const crm_env *env;
	crm_diag *d;
	int depth;
	int inline_depth;
} checker;

static const char *tname(uint8_t t)
{
	return crm_type_name((crm_type)t);
}

static bool is_const(const crm_node *n)
{
	return n->kind == N_LIT || (n->flags & CONST_FLAG);
}

/* A date literal met where a number was meant (2026-11-27 is always a
 * date, never 2026 - 11 - 27): the hint for an error about x and y (y may
 * be NULL, or is the other operand, which must be a number for the hint). */
typedef struct hint {
	char text[96];
} hint;

static const char *date_hint(hint *h, const crm_node *x, const crm_node *y)
{
	const crm_node *lit = x->kind == N_LIT && x->type == CRM_T_DATE && x->lit != LIT_NAMED ? x
	                      : y && y->kind == N_LIT && y->type == CRM_T_DATE && y->lit != LIT_NAMED
	                              ? y
	                              : NULL;
	const crm_node *other = lit == x ? y : x;
	h->text[0] = '\0';
	if (!lit || (other && other->type != CRM_T_INT && other->type != CRM_T_NUMBER &&
	             other->type != CRM_T_MONEY))
		return h->text;
	int64_t year;
	unsigned m, d;
	crm_civil_from_days(lit->val.u.i, &year, &m, &d);
	snprintf(h->text, sizeof h->text,
	         " (%04lld-%02u-%02u is a date; to subtract, put spaces around '-': "
	         "%lld - %u - %u)",
	         (long long)year, m, d, (long long)year, m, d);
	return h->text;
}

static int oom(checker *c, const crm_node *n)
{
	return crm_diag_set(c->d, CRM_ENOMEM, n->pos, "out of memory");
}

crm_node *crm_node_clone(crm_arena *ar, const crm_node *n, uint32_t pos, uint32_t end,
                         int64_t *left)
{
	crm_node *root = NULL, **slot = &root;
	/* down the left operands in a loop (a chain a + b + c ... is left-deep) */
	for (; n; n = n->a) {
		if (left && --*left < 0)
			return NULL;
		crm_node *c = crm_arena_alloc(ar, sizeof *c);
		if (!c)
			return NULL;
		*c = *n;
		if (pos != CRM_NODE_KEEP_POS) {
			c->pos = pos;
			c->end = end;
		}
		if ((n->b && !(c->b = crm_node_clone(ar, n->b, pos, end, left))) ||
		    (n->c && !(c->c = crm_node_clone(ar, n->c, pos, end, left))))
			return NULL;
		if (n->nargs) {
			c->args = crm_arena_alloc(ar, n->nargs * sizeof *c->args);
			if (!c->args)
				return NULL;
			for (uint32_t i = 0; i < n->nargs; i++)
				if (!(c->args[i] = crm_node_clone(ar, n->args[i], pos, end, left)))
					return NULL;
		}
		*slot = c;
		slot = &c->a;
	}
	return root;
}

static crm_node *conv(checker *c, crm_node *a, int op, uint8_t type)
{
	crm_node *n = crm_node_new(c->ar, N_CONV, a->pos, a->end);
	if (!n)
		return NULL;
	n->a = a;
	n->ref = op;
	n->type = type;
	n->flags = is_const(a) ? CONST_FLAG : 0;
	return n;
}

int crm_coerce(crm_arena *ar, crm_node **np, uint8_t t, crm_diag *d)
{
	crm_node *n = *np;
	checker c = {ar, NULL, d, 0, 0};
	if (n->type == t)
		return 0;
	if (n->type == CRM_T_INT && t == CRM_T_NUMBER) {
		if (n->kind == N_LIT) {
			n->val = crm_val_num((double)n->val.u.i);
			n->type = CRM_T_NUMBER;
			return 0;
		}
		return (*np = conv(&c, n, OP_I2N, t)) ? 0 : oom(&c, n);
	}
	if (n->type == CRM_T_INT && t == CRM_T_MONEY) {
		if (n->kind == N_LIT) {
			int64_t m;
			if (crm_mul_ovf(n->val.u.i, CRM_MONEY_UNIT, &m))
				return crm_diag_set(d, CRM_EOVERFLOW, n->pos,
				                    "money amount out of range");
			n->val = crm_val_int(CRM_T_MONEY, m);
			n->type = CRM_T_MONEY;
			return 0;
		}
		return (*np = conv(&c, n, OP_I2M, t)) ? 0 : oom(&c, n);
	}
	if (n->type == CRM_T_NUMBER && t == CRM_T_MONEY && n->kind == N_LIT &&
	    n->lit == LIT_DECIMAL) {
		int64_t m;
		int rc = crm_decimal_to_money(&m, crm_node_dec(n));
		if (rc == CRM_EINVAL)
			return crm_diag_set(d, CRM_ETYPE, n->pos,
			                    "money has %d decimal places; this literal has %d",
			                    CRM_MONEY_SCALE, n->dec_scale);
		if (rc)
			return crm_diag_set(d, CRM_EOVERFLOW, n->pos,
			                    "money amount out of range");
		n->val = crm_val_int(CRM_T_MONEY, m);
		n->type = CRM_T_MONEY;
		n->lit = LIT_PLAIN;
		return 0;
	}
	if (n->type == CRM_T_LIST && t == CRM_T_LIST)
		return 0;
	if (n->type == CRM_T_NUMBER && t == CRM_T_MONEY)
		return crm_diag_set(d, CRM_ETYPE, n->pos,
		                    "a number cannot be used as money (money is exact: "
		                    "write a decimal literal, or convert with money())");
	hint h;
	return crm_diag_set(d, CRM_ETYPE, n->pos, "expected %s, found %s%s", tname(t),
	                    tname(n->type),
	                    t == CRM_T_INT || t == CRM_T_NUMBER || t == CRM_T_MONEY
	                            ? date_hint(&h, n, NULL)
	                            : "");
}

/* The common type of two operands, or 0 when there is none. */
static uint8_t common_type(const crm_node *a, const crm_node *b)
{
	uint8_t x = a->type, y = b->type;
	if (x == y)
		return x;
	if ((x == CRM_T_INT && y == CRM_T_NUMBER) || (x == CRM_T_NUMBER && y == CRM_T_INT))
		return CRM_T_NUMBER;
	if (x == CRM_T_MONEY && (y == CRM_T_INT || (y == CRM_T_NUMBER && b->kind == N_LIT &&
	                                            b->lit == LIT_DECIMAL)))
		return CRM_T_MONEY;
	if (y == CRM_T_MONEY && (x == CRM_T_INT || (x == CRM_T_NUMBER && a->kind == N_LIT &&
	                                            a->lit == LIT_DECIMAL)))
		return CRM_T_MONEY;
	return 0;
}

static int unify(checker *c, crm_node *n, crm_node **a, crm_node **b, const char *what)
{
	uint8_t t = common_type(*a, *b);
	if (!t) {
		if (((*a)->type == CRM_T_MONEY && (*b)->type == CRM_T_NUMBER) ||
		    ((*b)->type == CRM_T_MONEY && (*a)->type == CRM_T_NUMBER))
			return crm_diag_set(c->d, CRM_ETYPE, n->pos,
			                    "cannot %s money and number: money is exact; "
			                    "convert with money() or number()", what);
		hint h;
		return crm_diag_set(c->d, CRM_ETYPE, n->pos, "cannot %s %s and %s%s", what,
		                    tname((*a)->type), tname((*b)->type), date_hint(&h, *a, *b));
	}
	int rc = crm_coerce(c->ar, a, t, c->d);
	if (!rc)
		rc = crm_coerce(c->ar, b, t, c->d);
	return rc;
}

static int check(checker *c, crm_node **np);

static int check_name(checker *c, crm_node **np)
{
	crm_node *n = *np;
	crm_ref ref;
	memset(&ref, 0, sizeof ref);
	int rc = c->env->resolve(c->env->ud, n->name, n->name_len, &ref, c->d);
	if (rc) {
		c->d->pos = n->pos;
		return rc;
	}
	switch (ref.kind) {
	case REF_FACT:
		n->ref_kind = REF_FACT;
		n->ref = ref.index;
		n->type = ref.type;
		n->elem = ref.elem;
		n->order = ref.order;
		n->norder = ref.norder;
		if (c->env->uses)
			c->env->uses(c->env->ud, REF_FACT, ref.index);
		return 0;
	case REF_OUTPUT:
		n->ref_kind = REF_OUTPUT;
		n->ref = ref.index;
		n->ref2 = ref.output;
		n->type = ref.type;
		n->elem = ref.elem;
		n->order = ref.order;
		n->norder = ref.norder;
		if (c->env->uses)
			c->env->uses(c->env->ud, REF_OUTPUT, ref.index);
		return 0;
	case REF_CONST: {
		if (c->inline_depth >= MAX_INLINE)
			return crm_diag_set(c->d, CRM_ECYCLE, n->pos,
			                    "constant '%.*s' refers to itself",
			                    (int)n->name_len, n->name);
		crm_node *copy = c->env->work && *c->env->work < 0
		                         ? NULL
		                         : crm_node_clone(c->ar, ref.expr, n->pos, n->end, c->env->work);
		if (!copy && c->env->work && *c->env->work < 0)
			return crm_diag_set(c->d, CRM_ELIMIT, n->pos,
			                    "constant '%.*s' takes the load past its work limit "
			                    "(CRM_LIMIT_LOAD_WORK: constants inlined into each other)",
			                    (int)n->name_len, n->name);
		if (!copy)
			return oom(c, n);
		c->inline_depth++;
		rc = check(c, &copy);
		c->inline_depth--;
		if (rc)
			return rc;
		if (!is_const(copy))
			return crm_diag_set(c->d, CRM_ETYPE, n->pos,
			                    "constant '%.*s' must not depend on facts",
			                    (int)n->name_len, n->name);
		*np = copy;
		return 0;
	}
	default:
		return crm_diag_set(c->d, CRM_EUNKNOWN, n->pos, "unknown name '%.*s'",
		                    (int)n->name_len, n->name);
	}
}

static bool numeric(uint8_t t)
{
	return t == CRM_T_INT || t == CRM_T_NUMBER || t == CRM_T_MONEY;
}

static bool is_dec_lit(const crm_node *n)
{
	return n->kind == N_LIT && n->type == CRM_T_NUMBER && n->lit == LIT_DECIMAL;
}

/* Arithmetic: pick the opcode (in ref) and the result type. */
static int check_bin(checker *c, crm_node *n)
{
	uint8_t x = n->a->type, y = n->b->type;
	crm_tok_kind op = (crm_tok_kind)n->op;
	const char *verb = op == TK_PLUS ? "add" : op == TK_MINUS ? "subtract" :
	                   op == TK_STAR ? "multiply" : op == TK_SLASH ? "divide" :
	                   "take the remainder of";
	/* money first in mixed products */
	if (op == TK_STAR && y == CRM_T_MONEY && x != CRM_T_MONEY) {
		crm_node *t = n->a;
		n->a = n->b;
		n->b = t;
		x = n->a->type;
		y = n->b->type;
	}
	if (op == TK_STAR && x == CRM_T_MONEY) {
		if (y == CRM_T_INT) {
			n->ref = OP_MUL_MI;
			n->type = CRM_T_MONEY;
			return 0;
		}
		if (is_dec_lit(n->b)) {
			n->ref = OP_MUL_MD;
			n->type = CRM_T_MONEY;
			return 0;
		}
		return crm_diag_set(c->d, CRM_ETYPE, n->pos,
		                    "cannot multiply money by %s (money is exact: multiply "
		                    "by an int or a decimal literal)", tname(y));
	}
	if (op == TK_SLASH && x == CRM_T_MONEY) {
		if (y == CRM_T_INT) {
			n->ref = OP_DIV_MI;
			n->type = CRM_T_MONEY;
			return 0;
		}
		if (y == CRM_T_MONEY) {
			n->ref = OP_DIV_MM;
			n->type = CRM_T_NUMBER;
			return 0;
		}
		return crm_diag_set(c->d, CRM_ETYPE, n->pos,
		                    "cannot divide money by %s", tname(y));
	}
	if (x == CRM_T_DURATION && y == CRM_T_INT && op == TK_STAR) {
		n->ref = OP_MUL_I;
		n->type = CRM_T_DURATION;
		return 0;
	}
	if (op == TK_PLUS || op == TK_MINUS) {
		int iop = op == TK_PLUS ? OP_ADD_I : OP_SUB_I;
		/* a date or an instant moved: its own ops keep it in the years */
		int top = op == TK_PLUS ? OP_ADD_T : OP_SUB_T;
		if ((x == CRM_T_DATETIME || x == CRM_T_DURATION) && y == CRM_T_DURATION) {
			n->ref = x == CRM_T_DATETIME ? top : iop;
			n->type = x;
			return 0;
		}
		if (x == CRM_T_DATE && y == CRM_T_DURATION) {
			if (!(n->b = conv(c, n->b, OP_DUR2D, CRM_T_INT)))
				return oom(c, n);
			n->ref = top;
			n->type = CRM_T_DATE;
			return 0;
		}
		if (op == TK_MINUS && x == y && (x == CRM_T_DATETIME || x == CRM_T_DATE)) {
			n->ref = OP_SUB_I;
			n->type = x == CRM_T_DATE ? CRM_T_INT : CRM_T_DURATION;
			return 0; /* dates: the caller wraps the day count */
		}
		if (op == TK_PLUS && x == CRM_T_STRING && y == CRM_T_STRING) {
			n->ref = OP_ADD_S;
			n->type = CRM_T_STRING;
			return 0;
		}
	}
	hint h;
	if (!numeric(x) || !numeric(y))
		return crm_diag_set(c->d, CRM_ETYPE, n->pos, "cannot %s %s and %s%s", verb,
		                    tname(x), tname(y), date_hint(&h, n->a, n->b));
	if (op == TK_SLASH) {
		/* int / int is a number: 7 / 2 = 3.5 */
		int rc = crm_coerce(c->ar, &n->a, CRM_T_NUMBER, c->d);
		if (!rc)
			rc = crm_coerce(c->ar, &n->b, CRM_T_NUMBER, c->d);
		if (rc)
			return rc;
		n->ref = OP_DIV_N;
		n->type = CRM_T_NUMBER;
		return 0;
	}
	if (op == TK_PERCENT) {
		if (x != CRM_T_INT || y != CRM_T_INT)
			return crm_diag_set(c->d, CRM_ETYPE, n->pos,
			                    "'%%' needs two ints, found %s and %s", tname(x),
			                    tname(y));
		n->ref = OP_MOD_I;
		n->type = CRM_T_INT;
		return 0;
	}
	int rc = unify(c, n, &n->a, &n->b, verb);
	if (rc)
		return rc;
	n->type = n->a->type;
	bool isint = n->type == CRM_T_INT || n->type == CRM_T_MONEY;
	switch (op) {
	case TK_PLUS: n->ref = isint ? OP_ADD_I : OP_ADD_N; break;
	case TK_MINUS: n->ref = isint ? OP_SUB_I : OP_SUB_N; break;
	default:
		if (n->type == CRM_T_MONEY)
			return crm_diag_set(c->d, CRM_ETYPE, n->pos,
			                    "cannot multiply money by money");
		n->ref = isint ? OP_MUL_I : OP_MUL_N;
		break;
	}
	return 0;
}

static bool ordered(uint8_t t)
{
	return t != CRM_T_BOOL && t != CRM_T_LIST && t != CRM_T_UNKNOWN;
}

static int check_in(checker *c, crm_node *n)
{
	crm_node *b = n->b;
	if (b->kind == N_RANGE) {
		int rc = check(c, &b->a);
		if (!rc)
			rc = check(c, &b->b);
		if (rc)
			return rc;
		if (!ordered(n->a->type))
			return crm_diag_set(c->d, CRM_ETYPE, n->pos, "a %s has no order for a range",
			                    tname(n->a->type));
		rc = unify(c, b, &b->a, &b->b, "make a range of");
		if (!rc)
			rc = unify(c, n, &n->a, &b->a, "compare");
		if (!rc)
			rc = unify(c, n, &n->a, &b->b, "compare");
		if (rc)
			return rc;
		b->type = n->a->type;
		n->type = CRM_T_BOOL;
		return 0;
	}
	int rc = check(c, &n->b);
	if (rc)
		return rc;
	b = n->b;
	if (b->type != CRM_T_LIST)
		return crm_diag_set(c->d, CRM_ETYPE, b->pos,
		                    "'in' needs a list or a range, found %s", tname(b->type));
	uint8_t e = b->elem;
	if (e && e != n->a->type) {
		/* Widen the tested value, or the list literal's items. */
		if (e == CRM_T_NUMBER && n->a->type == CRM_T_INT)
			rc = crm_coerce(c->ar, &n->a, CRM_T_NUMBER, c->d);
		else if (b->kind == N_LIST) {
			for (uint32_t i = 0; i < b->nargs && !rc; i++)
				rc = crm_coerce(c->ar, &b->args[i], n->a->type, c->d);
			b->elem = n->a->type;
		} else
			rc = crm_diag_set(c->d, CRM_ETYPE, n->pos,
			                  "cannot look for a %s in a list of %s",
			                  tname(n->a->type), tname(e));
		if (rc)
			return rc;
	}
	n->type = CRM_T_BOOL;
	return 0;
}

static int check_list(checker *c, crm_node *n)
{
	uint8_t t = 0;
	for (uint32_t i = 0; i < n->nargs; i++) {
		uint8_t it = n->args[i]->type;
		if (it == CRM_T_LIST)
			return crm_diag_set(c->d, CRM_ETYPE, n->args[i]->pos,
			                    "lists of lists are not supported");
		if (!t || t == it)
			t = it;
		else if ((t == CRM_T_INT && it == CRM_T_NUMBER) ||
		         (t == CRM_T_NUMBER && it == CRM_T_INT))
			t = CRM_T_NUMBER;
		else if (t == CRM_T_MONEY || it == CRM_T_MONEY)
			t = CRM_T_MONEY;
		else
			return crm_diag_set(c->d, CRM_ETYPE, n->args[i]->pos,
			                    "list items must have one type: %s and %s",
			                    tname(t), tname(it));
	}
	for (uint32_t i = 0; i < n->nargs; i++) {
		int rc = crm_coerce(c->ar, &n->args[i], t, c->d);
		if (rc)
			return rc;
	}
	n->type = CRM_T_LIST;
	n->elem = t;
	return 0;
}

static bool same_order(const crm_node *a, const crm_node *b)
{
	if (!a->order || !b->order || a->norder != b->norder)
		return false;
	for (uint32_t i = 0; i < a->norder; i++)
		if (!crm_val_equal(&a->order[i], &b->order[i]))
			return false;
	return true;
}

static bool in_order(const crm_node *e, const crm_node *lit)
{
	for (uint32_t i = 0; i < e->norder; i++)
		if (crm_val_equal(&e->order[i], &lit->val))
			return true;
	return false;
}

/* Comparing an ordered enum: literals must be among its values; < and >
 * compare positions (grade >= "B" with values [C, B, A] means B or A). */
static int check_enum_cmp(checker *c, crm_node *n)
{
	crm_node *e = n->a->order ? n->a : n->b->order ? n->b : NULL;
	if (!e || n->a->type != CRM_T_STRING)
		return 0;
	crm_node *other = e == n->a ? n->b : n->a;
	if (other->order && !same_order(other, e))
		return crm_diag_set(c->d, CRM_ETYPE, n->pos,
		                    "cannot compare values of two different ordered types");
	if (!other->order) {
		if (other->kind != N_LIT)
			return n->op == TK_EQ || n->op == TK_NE
			               ? 0
			               : crm_diag_set(c->d, CRM_ETYPE, other->pos,
			                              "an ordered value is compared with one of its "
			                              "values, written as a literal");
		if (!in_order(e, other)) {
			char list[200];
			size_t used = 0;
			list[0] = '\0';
			for (uint32_t i = 0; i < e->norder && used < sizeof list - 40; i++)
				used += (size_t)snprintf(list + used, sizeof list - used, "%s\"%.*s\"",
				                         i ? ", " : "", (int)e->order[i].len,
				                         e->order[i].u.s);
			return crm_diag_set(c->d, CRM_EINVAL, other->pos,
			                    "\"%.*s\" is not one of the ordered values %s",
			                    (int)other->val.len, other->val.u.s, list);
		}
		other->order = e->order;
		other->norder = e->norder;
	}
	if (n->op == TK_EQ || n->op == TK_NE)
		return 0;
	crm_node *ra = conv(c, n->a, OP_RANK, CRM_T_INT), *rb = conv(c, n->b, OP_RANK, CRM_T_INT);
	if (!ra || !rb)
		return oom(c, n);
	n->a = ra;
	n->b = rb;
	return 0;
}

/* Arithmetic *np whose operands are checked: its type and opcode. */
static int bin_done(checker *c, crm_node **np)
{
	crm_node *n = *np;
	int rc = check_bin(c, n);
	if (rc)
		return rc;
	if (n->ref == OP_SUB_I && n->type == CRM_T_INT && n->a->type == CRM_T_DATE) {
		/* date - date: a duration of whole days */
		crm_node *w = conv(c, n, OP_D2DUR, CRM_T_DURATION);
		if (!w)
			return oom(c, n);
		n->flags = (is_const(n->a) && is_const(n->b)) ? CONST_FLAG : 0;
		*np = w;
		w->flags = n->flags;
	}
	return 0;
}

static void mark_const(crm_node *n);

/* A chain of arithmetic (a + b - c ..., parsed left-deep) checked from its
 * innermost operation out in a loop: a chain is not nesting, and costs no
 * depth however long. */
static int check_chain(checker *c, crm_node **np)
{
	crm_node **local[64], ***at = local;
	size_t n = 0;
	for (const crm_node *x = *np; x->kind == N_BIN; x = x->a)
		n++;
	if (n > CRM_ARRAY_LEN(local) && !(at = crm_arena_alloc(c->ar, n * sizeof *at)))
		return oom(c, *np);
	at[0] = np;
	for (size_t i = 1; i < n; i++)
		at[i] = &(*at[i - 1])->a;
	int rc = check(c, &(*at[n - 1])->a);
	for (size_t i = n; !rc && i-- > 0;) {
		if (!(rc = check(c, &(*at[i])->b)) && !(rc = bin_done(c, at[i])))
			mark_const(*at[i]);
	}
	return rc;
}

static int check_node(checker *c, crm_node **np)
{
	crm_node *n = *np;
	int rc;
	switch ((crm_node_kind)n->kind) {
	case N_LIT:
		return 0;
	case N_NAME:
		return check_name(c, np);
	case N_INPUT:
		if (!c->env->input_type || !c->env->input_type(c->env->ud, n->ref, n))
			return crm_diag_set(c->d, CRM_ETYPE, n->pos, "no input to test here");
		return 0;
	case N_NEG:
		if ((rc = check(c, &n->a)))
			return rc;
		if (!numeric(n->a->type) && n->a->type != CRM_T_DURATION)
			return crm_diag_set(c->d, CRM_ETYPE, n->pos, "cannot negate a %s",
			                    tname(n->a->type));
		n->type = n->a->type;
		n->ref = n->type == CRM_T_NUMBER ? OP_NEG_N : OP_NEG_I;
		return 0;
	case N_NOT:
		if ((rc = check(c, &n->a)))
			return rc;
		if (n->a->type != CRM_T_BOOL)
			return crm_diag_set(c->d, CRM_ETYPE, n->a->pos,
			                    "'not' needs a bool, found %s", tname(n->a->type));
		n->type = CRM_T_BOOL;
		return 0;
	case N_AND:
	case N_OR:
		if ((rc = check(c, &n->a)) || (rc = check(c, &n->b)))
			return rc;
		if (n->a->type != CRM_T_BOOL || n->b->type != CRM_T_BOOL) {
			crm_node *bad = n->a->type != CRM_T_BOOL ? n->a : n->b;
			return crm_diag_set(c->d, CRM_ETYPE, bad->pos, "'%s' needs bools, found %s",
			                    n->kind == N_AND ? "and" : "or", tname(bad->type));
		}
		n->type = CRM_T_BOOL;
		return 0;
	case N_BIN:
		if ((rc = check(c, &n->a)) || (rc = check(c, &n->b)))
			return rc;
		return bin_done(c, np);
	case N_CMP: {
		if ((rc = check(c, &n->a)) || (rc = check(c, &n->b)))
			return rc;
		if ((rc = unify(c, n, &n->a, &n->b, "compare")))
			return rc;
		if ((rc = check_enum_cmp(c, n)))
			return rc;
		if (n->op != TK_EQ && n->op != TK_NE && !ordered(n->a->type))
			return crm_diag_set(c->d, CRM_ETYPE, n->pos,
			                    "a %s can only be compared with = and !=",
			                    tname(n->a->type));
		n->type = CRM_T_BOOL;
		return 0;
	}
	case N_IN:
		if ((rc = check(c, &n->a)))
			return rc;
		return check_in(c, n);
	case N_RANGE:
		return crm_diag_set(c->d, CRM_ESYNTAX, n->pos,
		                    "a range can only follow 'in'");
	case N_MATCH: {
		if ((rc = check(c, &n->a)))
			return rc;
		if (n->a->type != CRM_T_STRING)
			return crm_diag_set(c->d, CRM_ETYPE, n->a->pos,
			                    "'matches' needs a string, found %s",
			                    tname(n->a->type));
		if ((rc = check(c, &n->b)))
			return rc;
		if (n->b->type != CRM_T_STRING || !is_const(n->b) || n->b->kind != N_LIT)
			return crm_diag_set(c->d, CRM_ETYPE, n->b->pos,
			                    "the pattern of 'matches' must be a string literal");
		int id = c->env->regex(c->env->ud, n->b->val.u.s, n->b->val.len, c->d);
		if (id < 0) {
			/* point into the pattern: after the opening quote */
			c->d->pos += n->b->pos + 1;
			return id;
		}
		n->ref = id;
		n->type = CRM_T_BOOL;
		return 0;
	}
	case N_IF:
		if ((rc = check(c, &n->a)) || (rc = check(c, &n->b)) || (rc = check(c, &n->c)))
			return rc;
		if (n->a->type != CRM_T_BOOL)
			return crm_diag_set(c->d, CRM_ETYPE, n->a->pos,
			                    "'if' needs a bool condition, found %s",
			                    tname(n->a->type));
		if ((rc = unify(c, n, &n->b, &n->c, "choose between")))
			return rc;
		n->type = n->b->type;
		n->elem = n->b->elem;
		if (same_order(n->b, n->c)) {
			/* if known(grade) then grade else credit_grade.grade */
			n->order = n->b->order;
			n->norder = n->b->norder;
		}
		return 0;
	case N_CALL: {
		int fn = crm_fn_lookup(n->name, n->name_len);
		if (fn < 0)
			return crm_diag_set(c->d, CRM_EUNKNOWN, n->pos, "unknown function '%.*s'",
			                    (int)n->name_len, n->name);
		n->ref = fn;
		for (uint32_t i = 0; i < n->nargs; i++)
			if ((rc = check(c, &n->args[i])))
				return rc;
		return crm_fn_check(c->ar, c->env, n, c->d);
	}
	case N_LIST:
		for (uint32_t i = 0; i < n->nargs; i++)
			if ((rc = check(c, &n->args[i])))
				return rc;
		return check_list(c, n);
	case N_CONV:
		return 0;
	}
	return crm_diag_set(c->d, CRM_ESYNTAX, n->pos, "bad node");
}

/* After checking: a node is constant when its value needs no facts. */
static void mark_const(crm_node *n)
{
	if (n->kind == N_LIT || n->kind == N_CONV)
		return;
	bool k = true;
	switch ((crm_node_kind)n->kind) {
	case N_NAME:
	case N_INPUT:
	case N_MATCH:
		k = false;
		break;
	default:
		if (n->a)
			k = k && is_const(n->a);
		if (n->b)
			k = k && is_const(n->b);
		if (n->c)
			k = k && is_const(n->c);
		for (uint32_t i = 0; i < n->nargs; i++)
			k = k && is_const(n->args[i]);
		if (n->kind == N_IN && n->b->kind == N_RANGE)
			k = is_const(n->a) && is_const(n->b->a) && is_const(n->b->b);
	}
	if (k)
		n->flags |= CONST_FLAG;
}

static int check(checker *c, crm_node **np)
{
	if (++c->depth > CRM_LIMIT_EXPR_DEPTH * 2)
		return crm_diag_set(c->d, CRM_ELIMIT, (*np)->pos, "expression nested too deeply");
	int rc = (*np)->kind == N_BIN && (*np)->a->kind == N_BIN ? check_chain(c, np)
	                                                          : check_node(c, np);
	c->depth--;
	if (!rc)
		mark_const(*np);
	return rc;
}

int crm_check(crm_arena *ar, const crm_env *env, crm_node **node, crm_diag *d)
{
	checker c = {ar, env, d, 0, 0};
	return check(&c, node);
}

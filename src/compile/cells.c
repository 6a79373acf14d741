/* SPDX-License-Identifier: MIT */
/* cells.c - table cells compiled to native tests.
 *
 * A cell that compares its input with constants ("true", [A, B], ">= 12",
 * "[6..12)") becomes a cell_test the evaluator runs without the VM
 * (run/match.c), and the lookups of compile/index.c are built from them. A
 * rule whose outputs are all constants keeps their values (konst). */
#include <string.h>

#include "../expr/opcodes.h"
#include "compile.h"

/* The constant operand of a comparison with the plain input, of the
 * input's own type (no conversion in between). */
static bool operand(loader *l, const input_decl *in, crm_node *a, crm_node *b, crm_val *out)
{
	return a->kind == N_INPUT && in->type != CRM_T_LIST && crm_load_const(l, b, out) &&
	       out->t == in->type;
}

/* An N_OR chain of equalities: the values, or false. */
static bool equalities(loader *l, const input_decl *in, crm_node *n, crm_val *vals,
                       uint32_t *count, uint32_t cap)
{
	if (n->kind == N_OR)
		return equalities(l, in, n->a, vals, count, cap) &&
		       equalities(l, in, n->b, vals, count, cap);
	if (n->kind != N_CMP || n->op != TK_EQ || *count >= cap)
		return false;
	return operand(l, in, n->a, n->b, &vals[(*count)++]);
}

/* Values with their strings copied right behind them: a test or an index
 * node reads one piece of memory, not the YAML text scattered over the
 * load (which, in a table of thousands of rules, is a cache miss each). */
crm_val *crm_copy_vals(crm_arena *ar, const crm_val *v, uint32_t n)
{
	size_t bytes = n * sizeof *v;
	for (uint32_t i = 0; i < n; i++)
		if (v[i].t == CRM_T_STRING)
			bytes += v[i].len;
	crm_val *out = crm_arena_alloc(ar, bytes ? bytes : 1);
	if (!out)
		return NULL;
	char *text = (char *)(out + n);
	for (uint32_t i = 0; i < n; i++) {
		out[i] = v[i];
		if (v[i].t == CRM_T_STRING && v[i].len) {
			memcpy(text, v[i].u.s, v[i].len);
			out[i].u.s = text;
			text += v[i].len;
		}
	}
	return out;
}

/* An integer-valued comparison or range as one closed interval (CT_INT);
 * the index still reads kind-independent v and rel. */
static void int_interval(cell_test *t)
{
	if (!crm_integral_type(t->v[0].t))
		return;
	int64_t lo = INT64_MIN, hi = INT64_MAX;
	if (t->kind == CT_CMP) {
		int64_t a = t->v[0].u.i;
		switch (t->rel) {
		case 0: lo = hi = a; break;
		case 1: return; /* != is two intervals */
		case 2: if (a == INT64_MIN) return; hi = a - 1; break;
		case 3: hi = a; break;
		case 4: if (a == INT64_MAX) return; lo = a + 1; break;
		default: lo = a; break;
		}
	} else if (t->kind == CT_RANGE) {
		lo = t->v[0].u.i;
		hi = t->v[1].u.i;
		if (!(t->rel & 1)) {
			if (lo == INT64_MAX)
				return;
			lo++;
		}
		if (!(t->rel & 2)) {
			if (hi == INT64_MIN)
				return;
			hi--;
		}
	} else {
		return;
	}
	t->kind = CT_INT;
	t->lo = lo;
	t->hi = hi;
}

static bool compile_cell(loader *l, const decision *d, uint32_t i, crm_node *n,
                         cell_test *t)
{
	crm_arena *ar = &l->rs->ar;
	const input_decl *in = &d->inputs[i];
	crm_val v[64], *vals;
	uint32_t count = 0;
	memset(t, 0, sizeof *t);
	t->input = i;
	t->fact = in->fact;
	if (n->kind == N_CMP) {
		if (!operand(l, in, n->a, n->b, &v[0]))
			return false;
		t->kind = CT_CMP;
		t->rel = (uint8_t)(n->op - TK_EQ);
		count = 1;
	} else if (n->kind == N_IN && n->b->kind == N_RANGE) {
		if (!operand(l, in, n->a, n->b->a, &v[0]) || !operand(l, in, n->a, n->b->b, &v[1]))
			return false;
		t->kind = CT_RANGE;
		t->rel = (uint8_t)(n->b->flags & 3);
		count = 2;
	} else if (n->kind == N_OR) {
		if (!equalities(l, in, n, v, &count, CRM_ARRAY_LEN(v)))
			return false;
		t->kind = CT_IN;
	} else {
		return false;
	}
	if (!(vals = crm_copy_vals(ar, v, count)))
		return false;
	t->n = count;
	t->v = vals;
	t->shape = t->kind;
	int_interval(t);
	return true;
}

/* The outputs' values when each is one constant (no VM to run). */
static int constant_outputs(loader *l, const decision *d, rule *r)
{
	r->konst = NULL;
	for (uint32_t o = 0; o < d->nouts; o++)
		if (crm_program_const(r->outs[o].code, r->outs[o].len) < 0)
			return 0;
	crm_val *k = d->nouts == 1 ? &r->konst1
	                           : crm_arena_alloc(&l->rs->ar, (d->nouts ? d->nouts : 1) * sizeof *k);
	if (!k)
		return CRM_ENOMEM;
	for (uint32_t o = 0; o < d->nouts; o++)
		k[o] = l->rs->pools.consts[crm_program_const(r->outs[o].code, r->outs[o].len)];
	r->konst = k;
	return 0;
}

int crm_match_compile_rule(loader *l, const decision *d, rule *r)
{
	if (constant_outputs(l, d, r))
		return CRM_ENOMEM;
	uint32_t n = 0;
	for (uint32_t i = 0; i < d->ninputs; i++)
		n += r->cells[i] != NULL;
	r->native = !r->has_when;
	r->tests = crm_arena_alloc(&l->rs->ar, (n ? n : 1) * sizeof *r->tests);
	if (!r->tests)
		return CRM_ENOMEM;
	for (uint32_t i = 0; i < d->ninputs; i++) {
		if (!r->cells[i])
			continue;
		if (compile_cell(l, d, i, r->cells[i], &r->tests[r->ntests]))
			r->ntests++;
		else
			r->native = false;
	}
	return 0;
}

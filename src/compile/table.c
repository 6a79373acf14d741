/* SPDX-License-Identifier: MIT */
/* table.c - decision tables: inputs, outputs, hit policies, rules and their cells. */
#include <stdio.h>
#include <string.h>

#include "../expr/opcodes.h"
#include "compile.h"

static const char *const hit_names[] = {"first", "unique", "priority", "any", "collect",
                                        "rule_order"};
static const char *const agg_names[] = {"", "sum", "min", "max", "count"};

static int parse_hit(loader *l, decision *d, const crm_ynode *y)
{
	if (y->kind == Y_SCALAR) {
		for (uint8_t i = 0; i < CRM_ARRAY_LEN(hit_names); i++)
			if (strcmp(y->text, hit_names[i]) == 0) {
				d->hit = i;
				return 0;
			}
		/* "collect sum" */
		for (uint8_t a = 1; a < CRM_ARRAY_LEN(agg_names); a++) {
			char buf[32];
			snprintf(buf, sizeof buf, "collect %s", agg_names[a]);
			if (strcmp(y->text, buf) == 0) {
				d->hit = HIT_COLLECT;
				d->agg = a;
				return 0;
			}
		}
	}
	return crm_load_error(l, CRM_ESYNTAX, y->line, y->col,
	                      "unknown hit policy '%s' (expected first, unique, priority, "
	                      "any, collect, collect sum|min|max|count, rule_order)",
	                      y->kind == Y_SCALAR ? y->text : "?");
}

static int parse_agg(loader *l, decision *d, const crm_ynode *y)
{
	for (uint8_t a = 1; a < CRM_ARRAY_LEN(agg_names); a++)
		if (crm_yis(y, agg_names[a])) {
			d->agg = a;
			return 0;
		}
	return crm_load_error(l, CRM_ESYNTAX, y->line, y->col,
	                      "unknown aggregate '%s' (expected sum, min, max or count)",
	                      y->kind == Y_SCALAR ? y->text : "?");
}

static int parse_outputs(loader *l, decision *d, const crm_ynode *y)
{
	crm_ruleset *rs = l->rs;
	if (y->kind != Y_MAP || y->n == 0)
		return crm_load_error(l, CRM_ESYNTAX, y->line, y->col,
		                      "'outputs' must map each output name to its type");
	d->outs = crm_arena_alloc(&rs->ar, y->n * sizeof *d->outs);
	if (!d->outs)
		return crm_load_error(l, CRM_ENOMEM, y->line, y->col, "out of memory");
	d->nouts = y->n;
	for (uint32_t i = 0; i < y->n; i++) {
		const crm_ynode *k = crm_ymap_key(y, i), *v = crm_ymap_val(y, i);
		output_decl *o = &d->outs[i];
		o->name = k->text;
		bool plain = k->len <= 256;
		for (size_t b = 0; plain && b < k->len; b++)
			plain = k->text[b] != '"' && k->text[b] != '\\' && (unsigned char)k->text[b] >= 0x20;
		char *key = plain ? crm_arena_alloc(&rs->ar, k->len + 5) : NULL;
		if (key) {
			key[0] = ',';
			key[1] = '"';
			memcpy(key + 2, k->text, k->len);
			memcpy(key + 2 + k->len, "\":", 3);
			o->key = key;
			o->key_len = (uint32_t)k->len + 4;
		}
		const crm_ynode *type = v->kind == Y_MAP ? crm_ymap_get(v, "type") : v;
		if (!type || type->kind != Y_SCALAR || crm_parse_type(type->text, &o->type, &o->elem))
			return crm_load_error(l, CRM_ETYPE, (type ? type : v)->line, (type ? type : v)->col,
			                      "output '%s' needs a type (bool, int, number, money, "
			                      "string, date, datetime, duration, list of T)", o->name);
		if (v->kind == Y_MAP) {
			for (uint32_t j = 0; j < v->n; j++) {
				const crm_ynode *kk = crm_ymap_key(v, j), *vv = crm_ymap_val(v, j);
				if (crm_yis(kk, "type") || crm_yis(kk, "description"))
					continue;
				if (crm_yis(kk, "ordered")) {
					o->ordered = crm_yis(vv, "true");
					if (!o->ordered && !crm_yis(vv, "false"))
						return crm_load_error(l, CRM_ETYPE, vv->line, vv->col,
						                      "'ordered' is true or false");
					continue;
				}
				if (!crm_yis(kk, "values"))
					return crm_load_error(l, CRM_EUNKNOWN, kk->line, kk->col,
					                      "unknown key '%s' in an output (expected "
					                      "type, values, ordered, description)", kk->text);
				/* a list's values: are its items', as a list fact's */
				if (crm_load_values(l, vv, o->type == CRM_T_LIST ? o->elem : o->type, "output",
				                    o->name, false, &o->values, &o->nvalues))
					return CRM_ETYPE;
			}
		}
		if (o->ordered && (!o->values || o->type != CRM_T_STRING))
			return crm_load_error(l, CRM_ETYPE, k->line, k->col,
			                      "output '%s': 'ordered' needs a string type with values "
			                      "(lowest first)", o->name);
		for (uint32_t j = 0; j < i; j++)
			if (strcmp(d->outs[j].name, o->name) == 0)
				return crm_load_error(l, CRM_EDUP, k->line, k->col,
				                      "output '%s' is declared twice", o->name);
	}
	return 0;
}

static void result_types(loader *l, decision *d)
{
	for (uint32_t i = 0; i < d->nouts; i++) {
		output_decl *o = &d->outs[i];
		o->result_type = o->type;
		if (d->hit == HIT_RULE_ORDER || (d->hit == HIT_COLLECT && d->agg == AGG_NONE)) {
			if (o->type == CRM_T_LIST)
				crm_load_error(l, CRM_ETYPE, d->line, d->col,
				               "output '%s': a collecting table cannot return lists of lists",
				               o->name);
			o->result_type = CRM_T_LIST;
		} else if (d->agg == AGG_COUNT) {
			o->result_type = CRM_T_INT;
		} else if (d->agg == AGG_SUM && o->type != CRM_T_INT && o->type != CRM_T_NUMBER &&
		           o->type != CRM_T_MONEY && o->type != CRM_T_DURATION) {
			crm_load_error(l, CRM_ETYPE, d->line, d->col,
			               "output '%s' is %s: 'collect sum' needs numbers", o->name,
			               crm_type_name((crm_type)o->type));
		} else if ((d->agg == AGG_MIN || d->agg == AGG_MAX) &&
		           (o->type == CRM_T_BOOL || o->type == CRM_T_LIST)) {
			crm_load_error(l, CRM_ETYPE, d->line, d->col,
			               "output '%s' is %s: it has no order for min or max", o->name,
			               crm_type_name((crm_type)o->type));
		}
	}
}

int crm_table_declare(loader *l, const crm_ynode *key, const crm_ynode *y)
{
	crm_ruleset *rs = l->rs;
	const char *name = key->text;
	if (y->kind != Y_MAP)
		return crm_load_error(l, CRM_ESYNTAX, y->line, y->col,
		                      "decision '%s' must be a mapping (inputs, outputs, hit, rules)",
		                      name);
	if (!crm_arena_grow(&rs->ar, (void **)&rs->decs, &rs->cap_decs, rs->ndecs + 1,
	                    sizeof *rs->decs))
		return crm_load_error(l, CRM_ENOMEM, y->line, y->col, "out of memory");
	decision *d = &rs->decs[rs->ndecs];
	memset(d, 0, sizeof *d);
	d->name = name;
	d->file = l->file;
	d->line = key->line;
	d->col = key->col;
	d->src = y;
	int before = l->nerrors;
	const crm_ynode *outs = NULL;
	for (uint32_t i = 0; i < y->n; i++) {
		const crm_ynode *k = crm_ymap_key(y, i), *v = crm_ymap_val(y, i);
		if (crm_yis(k, "outputs"))
			outs = v;
		else if (crm_yis(k, "hit"))
			parse_hit(l, d, v);
		else if (crm_yis(k, "aggregate"))
			parse_agg(l, d, v);
		else if (crm_yis(k, "complete")) {
			if (!crm_yis(v, "true") && !crm_yis(v, "false"))
				crm_load_error(l, CRM_ETYPE, v->line, v->col, "'complete' is true or false");
			d->complete = crm_yis(v, "true");
		} else if (!crm_yis(k, "inputs") && !crm_yis(k, "rules") && !crm_yis(k, "description"))
			crm_load_error(l, CRM_EUNKNOWN, k->line, k->col,
			               "unknown key '%s' in decision '%s' (expected one of: inputs, "
			               "outputs, hit, aggregate, rules, complete, description)",
			               k->text, name);
	}
	if (!outs)
		crm_load_error(l, CRM_ESYNTAX, y->line, y->col, "decision '%s' has no outputs",
		               name);
	else
		parse_outputs(l, d, outs);
	if (d->agg && d->hit != HIT_COLLECT)
		crm_load_error(l, CRM_ESYNTAX, y->line, y->col,
		               "an aggregate needs hit: collect");
	if (l->nerrors != before)
		return CRM_ESYNTAX;
	result_types(l, d);
	if (!crm_map_put(&rs->ar, &rs->dec_map, name, strlen(name), (int)rs->ndecs))
		return crm_load_error(l, CRM_ENOMEM, y->line, y->col, "out of memory");
	rs->ndecs++;
	return l->nerrors != before ? CRM_ETYPE : 0;
}

/* ---- compiling ----------------------------------------------------------------- */

static bool simple_name(const char *s)
{
	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_'))
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_' ||
		      (*s >= '0' && *s <= '9') || *s == '.'))
			return false;
	return true;
}

/* The fact slots program p reads, with n0 more given in extra: each once,
 * sorted, into the ruleset's arena. False when out of memory. */
static bool program_facts(crm_ruleset *rs, const crm_program *p, const int *extra,
                          uint32_t n0, const int **out, uint32_t *n)
{
	uint32_t cap = n0 + p->len / 2 + 1, k = 0;
	int *slots = crm_arena_alloc(&rs->ar, cap * sizeof *slots);
	if (!slots)
		return false;
	for (uint32_t i = 0; i < n0; i++)
		slots[k++] = extra[i];
	for (uint32_t pc = 0; pc < p->len; pc += 1 + crm_op_operands[p->code[pc]])
		if (p->code[pc] == OP_LOAD || p->code[pc] == OP_LOADQ)
			slots[k++] = (int)p->code[pc + 1];
	/* insertion sort, dropping repeats: a handful of slots */
	uint32_t m = 0;
	for (uint32_t i = 0; i < k; i++) {
		int v = slots[i];
		uint32_t j = m;
		while (j > 0 && slots[j - 1] > v)
			j--;
		if (j > 0 && slots[j - 1] == v)
			continue;
		memmove(slots + j + 1, slots + j, (m - j) * sizeof *slots);
		slots[j] = v;
		m++;
	}
	*out = slots;
	*n = m;
	return true;
}

static int compile_inputs(loader *l, decision *d, decision_why *why, const crm_ynode *y)
{
	crm_ruleset *rs = l->rs;
	if (y->kind != Y_SEQ)
		return crm_load_error(l, CRM_ESYNTAX, y->line, y->col,
		                      "'inputs' must be a list of expressions");
	d->inputs = crm_arena_alloc(&rs->ar, (y->n ? y->n : 1) * sizeof *d->inputs);
	input_why *iw = crm_arena_alloc(&rs->ar, (y->n ? y->n : 1) * sizeof *iw);
	if (!d->inputs || !iw)
		return crm_load_error(l, CRM_ENOMEM, y->line, y->col, "out of memory");
	why->inputs = iw;
	d->ninputs = y->n;
	int rc = 0;
	for (uint32_t i = 0; i < y->n; i++) {
		const crm_ynode *it = y->items[i], *expr = it;
		input_decl *in = &d->inputs[i];
		in->fact = -1;
		in->line = it->line;
		in->col = it->col;
		if (it->kind == Y_MAP) {
			expr = crm_ymap_get(it, "expr");
			const crm_ynode *nm = crm_ymap_get(it, "name");
			in->name = nm && nm->kind == Y_SCALAR ? nm->text : NULL;
			for (uint32_t k = 0; k < it->n; k++) {
				const crm_ynode *kk = crm_ymap_key(it, k);
				if (!crm_yis(kk, "expr") && !crm_yis(kk, "name") && !crm_yis(kk, "description"))
					rc = crm_load_error(l, CRM_EUNKNOWN, kk->line, kk->col,
					                    "unknown key '%s' in an input (expected expr, "
					                    "name, description)", kk->text);
			}
		}
		if (!expr || expr->kind != Y_SCALAR) {
			rc = crm_load_error(l, CRM_ESYNTAX, it->line, it->col,
			                    "an input is an expression, or {name, expr}");
			continue;
		}
		if (!in->name)
			in->name = simple_name(expr->text) ? expr->text : NULL;
		iw[i].text = expr->text;
		if (crm_load_expr(l, expr, 0, &in->node, &in->prog, NULL)) {
			rc = CRM_ESYNTAX;
			continue;
		}
		if (!program_facts(rs, &in->prog, NULL, 0, &iw[i].facts, &iw[i].nfacts))
			return crm_load_error(l, CRM_ENOMEM, it->line, it->col, "out of memory");
		in->type = in->node->type;
		in->elem = in->node->elem;
		in->order = in->node->order;
		in->norder = in->node->norder;
		if (in->node->kind == N_NAME && in->node->ref_kind == REF_FACT)
			in->fact = in->node->ref;
	}
	return rc;
}

static int find_input(const decision *d, const crm_ynode *k)
{
	for (uint32_t i = 0; i < d->ninputs; i++)
		if (d->inputs[i].name && strcmp(d->inputs[i].name, k->text) == 0)
			return (int)i;
	return -1;
}

/* A cell keyed by a name that is no input: the closest input, or, when
 * the name is a fact the table does not read, how to read it. */
static int unknown_input(loader *l, const decision *d, const crm_ynode *k)
{
	crm_suggest sg;
	char hint[200];
	crm_suggest_init(&sg, k->text, k->len);
	for (uint32_t i = 0; i < d->ninputs; i++)
		if (d->inputs[i].name)
			crm_suggest_add(&sg, d->inputs[i].name, strlen(d->inputs[i].name), (int)i);
	if (!sg.best && crm_map_get(&l->rs->fact_map, k->text, k->len) >= 0)
		return crm_load_error(l, CRM_EUNKNOWN, k->line, k->col,
		                      "decision '%s' has no input named '%s' (it is a fact: add it "
		                      "to the decision's inputs)", d->name, k->text);
	return crm_load_error(l, CRM_EUNKNOWN, k->line, k->col,
	                      "decision '%s' has no input named '%s'%s", d->name, k->text,
	                      crm_load_hint(&sg, hint, sizeof hint));
}

/* A YAML list as a cell: the input equals one of the values. Items of a
 * string input are literal strings; others are expressions. */
static int list_cell(loader *l, decision *d, int input, const crm_ynode *y, crm_node **out)
{
	crm_ruleset *rs = l->rs;
	if (y->n == 0)
		return crm_load_error(l, CRM_ESYNTAX, y->line, y->col,
		                      "an empty list matches nothing (write '-' for any value)");
	crm_node **eqs = crm_arena_alloc(&l->tmp, y->n * sizeof *eqs);
	if (!eqs)
		return crm_load_error(l, CRM_ENOMEM, y->line, y->col, "out of memory");
	for (uint32_t i = 0; i < y->n; i++) {
		const crm_ynode *it = y->items[i];
		if (it->kind != Y_SCALAR)
			return crm_load_error(l, CRM_ESYNTAX, it->line, it->col,
			                      "list cells hold plain values");
		crm_node *v;
		crm_diag dg;
		if (d->inputs[input].type == CRM_T_STRING) {
			if (!(v = crm_node_new(&rs->ar, N_LIT, 0, it->len)))
				return crm_load_error(l, CRM_ENOMEM, it->line, it->col, "out of memory");
			v->val = crm_val_str(it->text, it->len);
			v->type = CRM_T_STRING;
		} else if (crm_parse_expr(&rs->ar, it->text, it->len, &v, &dg)) {
			return crm_load_diag(l, it, &dg);
		}
		crm_node *in = crm_node_new(&rs->ar, N_INPUT, 0, 0);
		crm_node *eq = crm_node_new(&rs->ar, N_CMP, 0, it->len);
		if (!in || !eq)
			return crm_load_error(l, CRM_ENOMEM, it->line, it->col, "out of memory");
		in->ref = input;
		eq->op = TK_EQ;
		eq->a = in;
		eq->b = v;
		crm_env env;
		crm_loader_env(l, &env);
		if (crm_check(&rs->ar, &env, &eq, &dg))
			return crm_load_diag(l, it, &dg);
		eqs[i] = eq;
	}
	/* balanced past 32 values: a long list costs no depth */
	if (!(*out = crm_node_join(&rs->ar, N_OR, eqs, y->n, CRM_T_BOOL)))
		return crm_load_error(l, CRM_ENOMEM, y->line, y->col, "out of memory");
	return 0;
}

static int cell(loader *l, decision *d, int input, const crm_ynode *y, crm_node **out)
{
	*out = NULL;
	if (y->kind == Y_SEQ)
		return list_cell(l, d, input, y, out);
	if (y->kind != Y_SCALAR)
		return crm_load_error(l, CRM_ESYNTAX, y->line, y->col,
		                      "a cell is a test like '> 12', a range '[6..12)', "
		                      "a list of values, or '-'");
	crm_diag dg;
	crm_env env;
	crm_loader_env(l, &env);
	crm_node *n;
	if (crm_load_charge(l, y, y->len))
		return CRM_ELIMIT;
	if (crm_parse_unary_tests(&l->rs->ar, y->text, y->len, input, &n, &dg))
		return crm_load_diag(l, y, &dg);
	if (n && crm_check(&l->rs->ar, &env, &n, &dg)) {
		if (dg.code == CRM_EUNKNOWN && d->inputs[input].type == CRM_T_STRING)
			snprintf(dg.msg + strlen(dg.msg), sizeof dg.msg - strlen(dg.msg),
			         " (string values are quoted: '\"%s\"', or listed: [%s])", y->text,
			         y->text);
		return crm_load_diag(l, y, &dg);
	}
	*out = n;
	return 0;
}

static crm_node *and_of(crm_arena *ar, crm_node *a, crm_node *b)
{
	if (!a)
		return b;
	if (!b)
		return a;
	crm_node *n = crm_node_new(ar, N_AND, a->pos, b->end);
	if (!n)
		return NULL;
	n->a = a;
	n->b = b;
	n->type = CRM_T_BOOL;
	n->flags = (uint8_t)(a->flags & b->flags & CRM_NODE_CONST);
	return n;
}

/* Whether cv is one of od's values; a string then takes the value's text,
 * and its index + 1 in pad: an output binding finds the index without a
 * search. */
static bool known_value(const output_decl *od, crm_val *cv)
{
	for (uint32_t i = 0; i < od->nvalues; i++)
		if (crm_val_equal(cv, &od->values[i])) {
			if (cv->t == CRM_T_STRING) {
				cv->u.s = od->values[i].u.s;
				cv->pad = i < UINT16_MAX ? (uint16_t)(i + 1) : 0;
			}
			return true;
		}
	return false;
}

static int output_value(loader *l, decision *d, rule *r, uint32_t o, const crm_ynode *v)
{
	crm_ruleset *rs = l->rs;
	output_decl *od = &d->outs[o];
	crm_diag dg;
	crm_node *n;
	if (v->kind != Y_SCALAR)
		return crm_load_error(l, CRM_ESYNTAX, v->line, v->col,
		                      "output '%s' takes an expression", od->name);
	if (od->type == CRM_T_STRING && v->style == Y_QUOTED && !crm_is_string_literal(v)) {
		/* a quoted YAML scalar is the text itself */
		if (!(n = crm_node_new(&rs->ar, N_LIT, 0, v->len)))
			return crm_load_error(l, CRM_ENOMEM, v->line, v->col, "out of memory");
		n->val = crm_val_str(v->text, v->len);
		n->type = CRM_T_STRING;
		if (crm_compile(&rs->pools, n, &r->outs[o], &dg))
			return crm_load_diag(l, v, &dg);
	} else {
		char hint[160];
		snprintf(hint, sizeof hint, " (to output the text, quote it: \"%.100s\")", v->text);
		if (crm_load_expr(l, v, od->type, &n, &r->outs[o],
		                  od->type == CRM_T_STRING ? hint : NULL))
			return CRM_ETYPE;
	}
	if (od->values && !(n->kind == N_LIT || (n->flags & CRM_NODE_CONST)))
		r->vet |= 1u << (o < 31 ? o : 31); /* computed: checked as it is decided */
	if (od->values && (n->kind == N_LIT || (n->flags & CRM_NODE_CONST)) &&
	    r->outs[o].len >= 2) {
		crm_val *cv = &rs->pools.consts[r->outs[o].code[1]];
		/* a list's items each (a constant list is the ruleset's own) */
		bool list = cv->t == CRM_T_LIST;
		crm_val *items = list ? (crm_val *)cv->u.l : cv;
		for (uint32_t k = 0, n_items = list ? cv->len : 1; k < n_items; k++)
			if (!known_value(od, &items[k]))
				return crm_load_error(l, CRM_EINVAL, v->line, v->col,
				                      list ? "'%s': an item is not one of the values of "
				                             "output '%s'"
				                           : "'%s' is not one of the values of output '%s'",
				                      v->text, od->name);
	}
	return 0;
}

/* A scalar's text, or NULL (a description: that is no plain text). */
static const char *text_of(const crm_ynode *y)
{
	return y && y->kind == Y_SCALAR && y->len ? y->text : NULL;
}

/* A cell as its author wrote it: the scalar, or a list as [a, b]. */
static const char *cell_text(crm_arena *ar, const crm_ynode *y)
{
	if (y->kind == Y_SCALAR)
		return y->text;
	size_t n = 3;
	for (uint32_t i = 0; i < y->n; i++)
		n += y->items[i]->len + 2;
	char *t = crm_arena_alloc(ar, n);
	if (!t)
		return NULL;
	size_t k = 0;
	t[k++] = '[';
	for (uint32_t i = 0; i < y->n; i++) {
		if (i) {
			t[k++] = ',';
			t[k++] = ' ';
		}
		memcpy(t + k, y->items[i]->text, y->items[i]->len);
		k += y->items[i]->len;
	}
	t[k++] = ']';
	t[k] = '\0';
	return t;
}

/* The parts of rule r's condition a full explanation runs one by one:
 * its cells in input order, then its when: (w, written as when_text). */
static int rule_why_compile(loader *l, const decision *d, const rule *r, rule_why *out,
                            const crm_ynode *const *srcs, crm_node *w, const char *when_text)
{
	crm_ruleset *rs = l->rs;
	uint32_t n = w ? 1 : 0;
	for (uint32_t i = 0; i < d->ninputs; i++)
		n += r->cells[i] != NULL;
	cell_why *parts = crm_arena_alloc(&rs->ar, (n ? n : 1) * sizeof *parts);
	if (!parts)
		return CRM_ENOMEM;
	uint32_t k = 0;
	crm_diag dg;
	for (uint32_t i = 0; i <= d->ninputs; i++) {
		crm_node *node = i < d->ninputs ? r->cells[i] : w;
		if (!node)
			continue;
		cell_why *p = &parts[k++];
		p->input = i < d->ninputs ? (int32_t)i : -1;
		p->text = i < d->ninputs ? cell_text(&rs->ar, srcs[i]) : when_text;
		int rc = crm_compile(&rs->pools, node, &p->prog, &dg);
		if (rc)
			return rc;
		const input_why *iw = i < d->ninputs ? &d->why->inputs[i] : NULL;
		if (!p->text || !program_facts(rs, &p->prog, iw ? iw->facts : NULL, iw ? iw->nfacts : 0,
		                               &p->facts, &p->nfacts))
			return CRM_ENOMEM;
		if (p->prog.max_stack > rs->max_stack)
			rs->max_stack = p->prog.max_stack;
	}
	out->parts = parts;
	out->nparts = k;
	return 0;
}

/* Rule r as written: its cells (srcs, where r tests the input), when:,
 * then: and description:. */
static int rule_text_keep(crm_ruleset *rs, const decision *d, rule_text *t, const rule *r,
                          const crm_ynode *const *srcs, const crm_ynode *when,
                          const crm_ynode *then, const crm_ynode *y)
{
	t->cells = crm_arena_alloc(&rs->ar, (d->ninputs ? d->ninputs : 1) * sizeof *t->cells);
	t->then = crm_arena_alloc(&rs->ar, d->nouts * sizeof *t->then);
	if (!t->cells || !t->then)
		return CRM_ENOMEM;
	for (uint32_t i = 0; i < d->ninputs; i++)
		if (r->cells[i] && !(t->cells[i] = cell_text(&rs->ar, srcs[i])))
			return CRM_ENOMEM;
	if (then && then->kind == Y_SCALAR)
		t->then[0] = then->text;
	else if (then)
		for (uint32_t i = 0; i < then->n; i++) {
			const crm_ynode *k = crm_ymap_key(then, i);
			for (uint32_t o = 0; o < d->nouts; o++)
				if (strcmp(d->outs[o].name, k->text) == 0)
					t->then[o] = crm_ymap_val(then, i)->text;
		}
	t->when = when ? when->text : NULL;
	t->description = text_of(crm_ymap_get(y, "description"));
	return 0;
}

static int compile_rule(loader *l, decision *d, rule *r, const crm_ynode *y, uint32_t idx)
{
	crm_ruleset *rs = l->rs;
	r->file = l->file;
	r->line = y->line;
	r->col = y->col;
	if (y->kind != Y_MAP)
		return crm_load_error(l, CRM_ESYNTAX, y->line, y->col,
		                      "a rule is a mapping (id, if or when, then)");
	const crm_ynode *id = crm_ymap_get(y, "id"), *when = crm_ymap_get(y, "when"),
	                *cells = crm_ymap_get(y, "if"), *then = crm_ymap_get(y, "then");
	for (uint32_t i = 0; i < y->n; i++) {
		const crm_ynode *k = crm_ymap_key(y, i);
		if (!crm_yis(k, "id") && !crm_yis(k, "when") && !crm_yis(k, "if") && !crm_yis(k, "then") &&
		    !crm_yis(k, "description"))
			return crm_load_error(l, CRM_EUNKNOWN, k->line, k->col,
			                      "unknown key '%s' in a rule (expected id, if, when, "
			                      "then, description)", k->text);
	}
	if (id && id->kind == Y_SCALAR && id->len) {
		r->id = id->text;
	} else {
		char buf[32];
		snprintf(buf, sizeof buf, "#%u", idx + 1);
		r->id = crm_arena_strdup(&rs->ar, buf);
	}
	if (!r->id)
		return crm_load_error(l, CRM_ENOMEM, y->line, y->col, "out of memory");
	size_t idlen = strlen(r->id);
	int first = crm_map_get(&l->rule_ids, r->id, idlen);
	if (first >= 0)
		return crm_load_error(l, CRM_EDUP, (id ? id : y)->line, (id ? id : y)->col,
		                      "duplicate rule id '%s' in decision '%s' (first at line %d)",
		                      r->id, d->name, d->rules[first].line);
	if (!crm_map_put(&l->tmp, &l->rule_ids, r->id, idlen, (int)idx))
		return crm_load_error(l, CRM_ENOMEM, y->line, y->col, "out of memory");
	r->cells = crm_arena_alloc(&rs->ar, (d->ninputs ? d->ninputs : 1) * sizeof *r->cells);
	r->outs = crm_arena_alloc(&rs->ar, d->nouts * sizeof *r->outs);
	if (!r->cells || !r->outs)
		return crm_load_error(l, CRM_ENOMEM, y->line, y->col, "out of memory");
	l->nuses = 0;
	int rc = 0;
	/* each cell's text, for explanations */
	const crm_ynode **srcs = crm_arena_alloc(&l->tmp, (d->ninputs ? d->ninputs : 1) * sizeof *srcs);
	if (!srcs)
		return crm_load_error(l, CRM_ENOMEM, y->line, y->col, "out of memory");
	if (cells) {
		if (cells->kind == Y_SEQ) {
			if (cells->n != d->ninputs)
				return crm_load_error(l, CRM_ESYNTAX, cells->line, cells->col,
				                      "rule '%s' has %u cells but decision '%s' has %u "
				                      "inputs", r->id, cells->n, d->name, d->ninputs);
			for (uint32_t i = 0; i < cells->n; i++) {
				srcs[i] = cells->items[i];
				rc |= cell(l, d, (int)i, cells->items[i], &r->cells[i]);
			}
		} else if (cells->kind == Y_MAP) {
			for (uint32_t i = 0; i < cells->n; i++) {
				const crm_ynode *k = crm_ymap_key(cells, i);
				int in = find_input(d, k);
				if (in < 0) {
					rc |= unknown_input(l, d, k);
				} else {
					srcs[in] = crm_ymap_val(cells, i);
					rc |= cell(l, d, in, srcs[in], &r->cells[in]);
				}
			}
		} else {
			return crm_load_error(l, CRM_ESYNTAX, cells->line, cells->col,
			                      "'if' is a list of cells, one per input, or a "
			                      "mapping of input names to cells");
		}
	}
	crm_node *cond = NULL, *w = NULL;
	for (uint32_t i = 0; i < d->ninputs; i++) {
		if (!r->cells[i])
			continue;
		cond = and_of(&rs->ar, cond, r->cells[i]);
		/* the rule reads the facts behind the inputs it tests: the fact,
		 * or those a computed input's expression reads */
		for (uint32_t f = 0; f < d->why->inputs[i].nfacts; f++) {
			int slot = d->why->inputs[i].facts[f];
			bool seen = false;
			for (size_t k = 0; k < l->nuses; k++)
				seen = seen || l->uses[k] == slot;
			if (!seen && crm_arena_grow(&rs->ar, (void **)&l->uses, &l->cap_uses,
			                            l->nuses + 1, sizeof *l->uses))
				l->uses[l->nuses++] = slot;
		}
	}
	if (when) {
		if (when->kind != Y_SCALAR)
			return crm_load_error(l, CRM_ESYNTAX, when->line, when->col,
			                      "'when' is a boolean expression");
		if (crm_load_expr(l, when, CRM_T_BOOL, &w, NULL, NULL))
			return CRM_ETYPE;
		r->has_when = true;
		cond = and_of(&rs->ar, cond, w);
	}
	if (rc)
		return rc;
	if (cond) {
		crm_diag dg;
		if (!cond->pos && !cond->end)
			cond->pos = 0;
		if ((rc = crm_compile(&rs->pools, cond, &r->cond, &dg)))
			return crm_load_error(l, rc, y->line, y->col, "rule '%s': %s", r->id, dg.msg);
		if (r->cond.max_stack > rs->max_stack)
			rs->max_stack = r->cond.max_stack;
	}
	/* outputs */
	bool counting = d->agg == AGG_COUNT;
	if (!then) {
		if (!counting)
			return crm_load_error(l, CRM_ESYNTAX, y->line, y->col,
			                      "rule '%s' has no 'then' (its outputs)", r->id);
	} else if (then->kind == Y_SCALAR && d->nouts == 1) {
		rc = output_value(l, d, r, 0, then);
	} else if (then->kind == Y_MAP) {
		for (uint32_t i = 0; i < then->n; i++) {
			const crm_ynode *k = crm_ymap_key(then, i);
			uint32_t o = 0;
			while (o < d->nouts && strcmp(d->outs[o].name, k->text) != 0)
				o++;
			if (o == d->nouts) {
				char hint[200];
				rc |= crm_load_error(l, CRM_EUNKNOWN, k->line, k->col,
				                     "decision '%s' has no output '%s'%s", d->name, k->text,
				                     crm_load_output_hint(d, k, hint, sizeof hint));
				continue;
			}
			rc |= output_value(l, d, r, o, crm_ymap_val(then, i));
		}
		for (uint32_t o = 0; o < d->nouts && !rc && !counting; o++)
			if (!r->outs[o].code)
				rc = crm_load_error(l, CRM_ESYNTAX, then->line, then->col,
				                    "rule '%s' gives no value for output '%s'", r->id,
				                    d->outs[o].name);
	} else {
		return crm_load_error(l, CRM_ESYNTAX, then->line, then->col,
		                      "'then' maps output names to values");
	}
	if (rc)
		return rc;
	/* remember the facts this rule reads, sorted */
	r->nfacts = (uint32_t)l->nuses;
	r->facts = crm_arena_alloc(&rs->ar, (l->nuses ? l->nuses : 1) * sizeof *r->facts);
	if (!r->facts)
		return crm_load_error(l, CRM_ENOMEM, y->line, y->col, "out of memory");
	for (size_t i = 0; i < l->nuses; i++) {
		size_t j = i;
		while (j > 0 && r->facts[j - 1] > l->uses[i]) {
			r->facts[j] = r->facts[j - 1];
			j--;
		}
		r->facts[j] = l->uses[i];
	}
	if (crm_match_compile_rule(l, d, r))
		return crm_load_error(l, CRM_ENOMEM, y->line, y->col, "out of memory");
	if (rule_text_keep(rs, d, (rule_text *)&d->text->rules[idx], r, srcs, when, then, y))
		return crm_load_error(l, CRM_ENOMEM, y->line, y->col, "out of memory");
	if (d->why->rules &&
	    (rc = rule_why_compile(l, d, r, (rule_why *)&d->why->rules[idx], srcs, w,
	                           when ? when->text : NULL)))
		return crm_load_error(l, rc, y->line, y->col, "rule '%s': out of memory", r->id);
	return 0;
}

/* The decision's descriptions, and room for its rules as written (filled
 * by compile_rule): the texts are the YAML's own, kept in the ruleset's
 * arena, so this costs pointers only. */
static const decision_text *decision_text_new(crm_ruleset *rs, const decision *d,
                                              const crm_ynode *inputs, const crm_ynode *rules)
{
	decision_text *t = crm_arena_alloc(&rs->ar, sizeof *t);
	if (!t)
		return NULL;
	t->description = text_of(crm_ymap_get(d->src, "description"));
	uint32_t nin = inputs && inputs->kind == Y_SEQ ? inputs->n : 0;
	uint32_t nrules = rules && rules->kind == Y_SEQ ? rules->n : 0;
	t->input_desc = crm_arena_alloc(&rs->ar, (nin ? nin : 1) * sizeof *t->input_desc);
	t->output_desc = crm_arena_alloc(&rs->ar, (d->nouts ? d->nouts : 1) * sizeof *t->output_desc);
	t->rules = crm_arena_alloc(&rs->ar, (nrules ? nrules : 1) * sizeof *t->rules);
	if (!t->input_desc || !t->output_desc || !t->rules)
		return NULL;
	for (uint32_t i = 0; i < nin; i++)
		if (inputs->items[i]->kind == Y_MAP)
			t->input_desc[i] = text_of(crm_ymap_get(inputs->items[i], "description"));
	const crm_ynode *outs = crm_ymap_get(d->src, "outputs");
	for (uint32_t o = 0; outs && outs->kind == Y_MAP && o < outs->n && o < d->nouts; o++) {
		const crm_ynode *v = crm_ymap_val(outs, o);
		if (v->kind == Y_MAP)
			t->output_desc[o] = text_of(crm_ymap_get(v, "description"));
	}
	return t;
}

int crm_table_compile(loader *l, decision *d)
{
	crm_ruleset *rs = l->rs;
	const crm_ynode *y = d->src;
	l->file = d->file;
	l->cur = d;
	l->ndec_uses = 0;
	int before = l->nerrors;
	const crm_ynode *inputs = crm_ymap_get(y, "inputs"), *rules = crm_ymap_get(y, "rules");
	decision_why *why = crm_arena_alloc(&rs->ar, sizeof *why);
	if (!why) {
		l->cur = NULL;
		return crm_load_error(l, CRM_ENOMEM, y->line, y->col, "out of memory");
	}
	d->why = why;
	if (!(d->text = decision_text_new(rs, d, inputs, rules))) {
		l->cur = NULL;
		return crm_load_error(l, CRM_ENOMEM, y->line, y->col, "out of memory");
	}
	if (inputs)
		compile_inputs(l, d, why, inputs);
	d->computed = crm_arena_alloc(&rs->ar, (d->ninputs ? d->ninputs : 1) * sizeof *d->computed);
	if (!d->computed) {
		l->cur = NULL;
		return crm_load_error(l, CRM_ENOMEM, y->line, y->col, "out of memory");
	}
	for (uint32_t i = 0; i < d->ninputs; i++)
		if (d->inputs[i].fact < 0)
			d->computed[d->ncomputed++] = i;
	if (!rules || rules->kind != Y_SEQ || rules->n == 0) {
		l->cur = NULL;
		return crm_load_error(l, CRM_ESYNTAX, y->line, y->col,
		                      "decision '%s' needs 'rules': a list of rules", d->name);
	}
	if (rules->n > CRM_LIMIT_RULES) {
		l->cur = NULL;
		return crm_load_error(l, CRM_ELIMIT, rules->line, rules->col,
		                      "decision '%s' has more than %d rules", d->name,
		                      CRM_LIMIT_RULES);
	}
	if (l->nerrors == before) {
		d->rules = crm_arena_alloc(&rs->ar, rules->n * sizeof *d->rules);
		if (!d->rules) {
			l->cur = NULL;
			return crm_load_error(l, CRM_ENOMEM, y->line, y->col, "out of memory");
		}
		d->nrules = rules->n;
		/* a first-hit table explains why the rules before the one that
		 * fired did not: each part of their conditions, compiled alone */
		if (d->hit == HIT_FIRST &&
		    !(why->rules = crm_arena_alloc(&rs->ar, rules->n * sizeof *why->rules))) {
			l->cur = NULL;
			return crm_load_error(l, CRM_ENOMEM, y->line, y->col, "out of memory");
		}
		memset(&l->rule_ids, 0, sizeof l->rule_ids);
		crm_arena_init(&l->tmp, &rs->al);
		if (!crm_map_reserve(&l->tmp, &l->rule_ids, rules->n))
			crm_load_error(l, CRM_ENOMEM, y->line, y->col, "out of memory");
		else
			for (uint32_t i = 0; i < rules->n; i++)
				compile_rule(l, d, &d->rules[i], rules->items[i], i);
		if (l->nerrors == before && crm_match_index(l, d))
			crm_load_error(l, CRM_ENOMEM, y->line, y->col, "out of memory");
		crm_arena_free(&l->tmp);
	}
	if (d->hit == HIT_PRIORITY && !(d->nouts && d->outs[0].values))
		crm_load_error(l, CRM_ESYNTAX, y->line, y->col,
		               "a priority table needs its first output to list its values "
		               "in priority order (values: [...])");
	l->cur = NULL;
	d->deps = crm_arena_alloc(&rs->ar, (l->ndec_uses ? l->ndec_uses : 1) * sizeof *d->deps);
	if (!d->deps)
		return crm_load_error(l, CRM_ENOMEM, y->line, y->col, "out of memory");
	if (l->ndec_uses)
		memcpy(d->deps, l->dec_uses, l->ndec_uses * sizeof *d->deps);
	d->ndeps = (uint32_t)l->ndec_uses;
	d->out_base = rs->total_outs;
	d->in_base = rs->total_inputs;
	d->list_base = rs->total_list_items;
	rs->total_outs += d->nouts;
	rs->total_inputs += d->ninputs;
	rs->total_rules += d->nrules;
	if (d->hit == HIT_COLLECT || d->hit == HIT_RULE_ORDER)
		rs->total_list_items += d->nrules * d->nouts;
	return l->nerrors != before ? CRM_ESYNTAX : 0;
}

/* Mark the facts decision di reads, and those of every decision it
 * chains to (seen: decisions visited). */
static void mark_reads(const crm_ruleset *rs, uint32_t di, uint8_t *seen, uint8_t *mark)
{
	if (seen[di])
		return;
	seen[di] = 1;
	const decision *d = &rs->decs[di];
	for (uint32_t i = 0; i < d->ninputs; i++)
		for (uint32_t k = 0; k < d->why->inputs[i].nfacts; k++)
			mark[d->why->inputs[i].facts[k]] = 1;
	for (uint32_t r = 0; r < d->nrules; r++)
		for (uint32_t k = 0; k < d->rules[r].nfacts; k++)
			mark[d->rules[r].facts[k]] = 1;
	for (uint32_t k = 0; k < d->ndeps; k++)
		mark_reads(rs, (uint32_t)d->deps[k], seen, mark);
}

int crm_table_reads(loader *l)
{
	crm_ruleset *rs = l->rs;
	uint8_t *seen = crm_calloc(&rs->al, rs->ndecs + 1, 1);
	uint8_t *mark = crm_calloc(&rs->al, rs->nfacts + 1, 1);
	int rc = seen && mark ? 0 : CRM_ENOMEM;
	for (uint32_t di = 0; di < rs->ndecs && !rc; di++) {
		decision *d = &rs->decs[di];
		memset(seen, 0, rs->ndecs);
		memset(mark, 0, rs->nfacts);
		mark_reads(rs, di, seen, mark);
		uint32_t n = 0;
		for (uint32_t f = 0; f < rs->nfacts; f++)
			n += mark[f];
		int *slots = crm_arena_alloc(&rs->ar, (n ? n : 1) * sizeof *slots);
		if (!slots) {
			rc = CRM_ENOMEM;
			break;
		}
		n = 0;
		for (uint32_t f = 0; f < rs->nfacts; f++)
			if (mark[f])
				slots[n++] = (int)f;
		decision_why *why = (decision_why *)d->why;
		why->reads = slots;
		why->nreads = n;
	}
	crm_free(&rs->al, seen);
	crm_free(&rs->al, mark);
	return rc ? crm_load_error(l, rc, 0, 0, "out of memory") : 0;
}

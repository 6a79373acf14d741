/* SPDX-License-Identifier: MIT */
/* table.c - decision tables: inputs, outputs, hit policies, rules and their cells. */
#include <stdio.h>
#include <string.h>

#include "ruleset.h"

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
				if (crm_load_values(l, vv, o->type, "output", o->name, false, &o->values,
				                    &o->nvalues))
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

static int compile_inputs(loader *l, decision *d, const crm_ynode *y)
{
	crm_ruleset *rs = l->rs;
	if (y->kind != Y_SEQ)
		return crm_load_error(l, CRM_ESYNTAX, y->line, y->col,
		                      "'inputs' must be a list of expressions");
	d->inputs = crm_arena_alloc(&rs->ar, (y->n ? y->n : 1) * sizeof *d->inputs);
	if (!d->inputs)
		return crm_load_error(l, CRM_ENOMEM, y->line, y->col, "out of memory");
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
		if (crm_load_expr(l, expr, 0, &in->node, &in->prog, NULL)) {
			rc = CRM_ESYNTAX;
			continue;
		}
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

/* A YAML list as a cell: the input equals one of the values. Items of a
 * string input are literal strings; others are expressions. */
static int list_cell(loader *l, decision *d, int input, const crm_ynode *y, crm_node **out)
{
	crm_ruleset *rs = l->rs;
	crm_node *acc = NULL;
	if (y->n == 0)
		return crm_load_error(l, CRM_ESYNTAX, y->line, y->col,
		                      "an empty list matches nothing (write '-' for any value)");
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
		if (!acc) {
			acc = eq;
		} else {
			crm_node *o = crm_node_new(&rs->ar, N_OR, 0, 0);
			if (!o)
				return crm_load_error(l, CRM_ENOMEM, it->line, it->col, "out of memory");
			o->a = acc;
			o->b = eq;
			o->type = CRM_T_BOOL;
			acc = o;
		}
	}
	*out = acc;
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
	if (od->values && (n->kind == N_LIT || (n->flags & CRM_NODE_CONST)) &&
	    r->outs[o].len >= 2) {
		const crm_val *cv = &rs->pools.consts[r->outs[o].code[1]];
		bool ok = false;
		for (uint32_t i = 0; i < od->nvalues && !ok; i++)
			ok = crm_val_equal(cv, &od->values[i]);
		if (!ok)
			return crm_load_error(l, CRM_EINVAL, v->line, v->col,
			                      "'%s' is not one of the values of output '%s'", v->text,
			                      od->name);
	}
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
	if (cells) {
		if (cells->kind == Y_SEQ) {
			if (cells->n != d->ninputs)
				return crm_load_error(l, CRM_ESYNTAX, cells->line, cells->col,
				                      "rule '%s' has %u cells but decision '%s' has %u "
				                      "inputs", r->id, cells->n, d->name, d->ninputs);
			for (uint32_t i = 0; i < cells->n; i++)
				rc |= cell(l, d, (int)i, cells->items[i], &r->cells[i]);
		} else if (cells->kind == Y_MAP) {
			for (uint32_t i = 0; i < cells->n; i++) {
				const crm_ynode *k = crm_ymap_key(cells, i);
				int in = find_input(d, k);
				if (in < 0)
					rc |= crm_load_error(l, CRM_EUNKNOWN, k->line, k->col,
					                     "decision '%s' has no input named '%s'", d->name,
					                     k->text);
				else
					rc |= cell(l, d, in, crm_ymap_val(cells, i), &r->cells[in]);
			}
		} else {
			return crm_load_error(l, CRM_ESYNTAX, cells->line, cells->col,
			                      "'if' is a list of cells, one per input, or a "
			                      "mapping of input names to cells");
		}
	}
	crm_node *cond = NULL;
	for (uint32_t i = 0; i < d->ninputs; i++) {
		if (!r->cells[i])
			continue;
		cond = and_of(&rs->ar, cond, r->cells[i]);
		/* the rule reads the facts behind the inputs it tests */
		if (d->inputs[i].fact >= 0) {
			int slot = d->inputs[i].fact;
			bool seen = false;
			for (size_t k = 0; k < l->nuses; k++)
				seen = seen || l->uses[k] == slot;
			if (!seen && crm_arena_grow(&rs->ar, (void **)&l->uses, &l->cap_uses,
			                            l->nuses + 1, sizeof *l->uses))
				l->uses[l->nuses++] = slot;
		}
	}
	if (when) {
		crm_node *w;
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
				rc |= crm_load_error(l, CRM_EUNKNOWN, k->line, k->col,
				                     "decision '%s' has no output '%s'", d->name, k->text);
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
	return 0;
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
	if (inputs)
		compile_inputs(l, d, inputs);
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

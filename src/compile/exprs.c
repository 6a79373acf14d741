/* SPDX-License-Identifier: MIT */
/* exprs.c - expressions and literal values in rule text: names resolved
 * (with a suggestion for a near miss), regexes compiled, the facts an
 * expression reads recorded, constants folded, `values:` lists read. */
#include <stdio.h>
#include <string.h>

#include "../expr/opcodes.h"
#include "compile.h"

/* ---- names ------------------------------------------------------------------ */

static int env_resolve(void *ud, const char *name, uint32_t len, crm_ref *out, crm_diag *d)
{
	loader *l = ud;
	crm_ruleset *rs = l->rs;
	crm_suggest sg;
	char hint[200];
	const char *dot = memchr(name, '.', len);
	if (dot) {
		int di = crm_map_get(&rs->dec_map, name, (size_t)(dot - name));
		if (di < 0) {
			crm_suggest_init(&sg, name, (size_t)(dot - name));
			crm_suggest_map(&sg, &rs->dec_map, 0);
			return crm_diag_set(d, CRM_EUNKNOWN, 0, "unknown decision '%.*s'%s",
			                    (int)(dot - name), name, crm_load_hint(&sg, hint, sizeof hint));
		}
		const decision *dec = &rs->decs[di];
		const char *on = dot + 1;
		size_t ol = len - (size_t)(dot - name) - 1;
		for (uint32_t i = 0; i < dec->nouts; i++) {
			if (strlen(dec->outs[i].name) == ol && memcmp(dec->outs[i].name, on, ol) == 0) {
				out->kind = REF_OUTPUT;
				out->index = di;
				out->output = (int)i;
				out->type = dec->outs[i].result_type;
				out->elem = dec->outs[i].result_type == CRM_T_LIST
				                    ? dec->outs[i].type
				                    : dec->outs[i].elem;
				if (dec->outs[i].ordered && out->type == dec->outs[i].type) {
					out->order = dec->outs[i].values;
					out->norder = dec->outs[i].nvalues;
				}
				return 0;
			}
		}
		crm_suggest_init(&sg, on, ol);
		for (uint32_t i = 0; i < dec->nouts; i++)
			crm_suggest_add(&sg, dec->outs[i].name, strlen(dec->outs[i].name), (int)i);
		return crm_diag_set(d, CRM_EUNKNOWN, 0, "decision '%s' has no output '%.*s'%s",
		                    dec->name, (int)ol, on, crm_load_hint(&sg, hint, sizeof hint));
	}
	int k = crm_map_get(&rs->fact_map, name, len);
	if (k >= 0) {
		out->kind = REF_FACT;
		out->index = k;
		out->type = rs->facts[k].type;
		out->elem = rs->facts[k].elem;
		if (rs->facts[k].ordered) {
			out->order = rs->facts[k].allowed;
			out->norder = rs->facts[k].nallowed;
		}
		return 0;
	}
	k = crm_map_get(&rs->const_map, name, len);
	if (k >= 0) {
		int rc = crm_const_fold(l, k, d);
		if (rc)
			return rc;
		out->kind = REF_CONST;
		out->expr = rs->consts[k].folded ? rs->consts[k].folded : rs->consts[k].expr;
		return 0;
	}
	if (crm_map_get(&rs->dec_map, name, len) >= 0)
		return crm_diag_set(d, CRM_EUNKNOWN, 0,
		                    "'%.*s' is a decision: name one of its outputs, "
		                    "as '%.*s.output'", (int)len, name, (int)len, name);
	/* a fact before a constant as close */
	crm_suggest_init(&sg, name, len);
	crm_suggest_map(&sg, &rs->fact_map, 0);
	crm_suggest_map(&sg, &rs->const_map, (int)rs->nfacts);
	return crm_diag_set(d, CRM_EUNKNOWN, 0, "unknown fact or constant '%.*s'%s", (int)len,
	                    name, crm_load_hint(&sg, hint, sizeof hint));
}

static int env_regex(void *ud, const char *pat, uint32_t len, crm_diag *d)
{
	loader *l = ud;
	crm_ruleset *rs = l->rs;
	crm_regex *re;
	char msg[256];
	size_t off;
	int rc = crm_regex_compile(&re, &rs->al, pat, len, msg, sizeof msg, &off);
	if (rc == CRM_ENOMEM)
		return crm_diag_set(d, rc, 0, "out of memory");
	if (rc)
		return crm_diag_set(d, CRM_EREGEX, (uint32_t)off,
		                    "bad regular expression: %s at offset %zu", msg, off);
	if (!crm_arena_grow(&rs->ar, (void **)&rs->regexes, &rs->cap_regexes,
	                    rs->nregexes + 1, sizeof *rs->regexes)) {
		crm_regex_free(re);
		return crm_diag_set(d, CRM_ENOMEM, 0, "out of memory");
	}
	rs->regexes[rs->nregexes] = re;
	rs->pools.regexes = (const crm_regex *const *)rs->regexes;
	return (int)rs->nregexes++;
}

static void push_use(loader *l, int **arr, size_t *n, size_t *cap, int v)
{
	for (size_t i = 0; i < *n; i++)
		if ((*arr)[i] == v)
			return;
	if (crm_arena_grow(&l->rs->ar, (void **)arr, cap, *n + 1, sizeof **arr))
		(*arr)[(*n)++] = v;
}

static void env_uses(void *ud, uint8_t kind, int index)
{
	loader *l = ud;
	if (kind == REF_FACT)
		push_use(l, &l->uses, &l->nuses, &l->cap_uses, index);
	else
		push_use(l, &l->dec_uses, &l->ndec_uses, &l->cap_dec_uses, index);
}

static bool env_input_type(void *ud, int input, crm_node *n)
{
	loader *l = ud;
	if (!l->cur || input < 0 || (uint32_t)input >= l->cur->ninputs)
		return false;
	const input_decl *in = &l->cur->inputs[input];
	n->type = in->type;
	n->elem = in->elem;
	n->order = in->order;
	n->norder = in->norder;
	return in->type != 0;
}

static int env_calendar(void *ud, const char *name, uint32_t len)
{
	loader *l = ud;
	return crm_map_get(&l->rs->cal_map, name, len);
}

void crm_loader_env(loader *l, crm_env *env)
{
	env->calendar = env_calendar;
	env->resolve = env_resolve;
	env->regex = env_regex;
	env->uses = env_uses;
	env->input_type = env_input_type;
	env->ud = l;
	env->work = &l->work;
}

int crm_load_charge(loader *l, const crm_ynode *y, size_t units)
{
	l->work -= (int64_t)units;
	if (l->work >= 0)
		return 0;
	return crm_load_error(l, CRM_ELIMIT, y->line, y->col,
	                      "the load's work limit is reached (CRM_LIMIT_LOAD_WORK: %d units "
	                      "per byte of rule text; an expression reused through YAML aliases "
	                      "or constants is compiled at every use)",
	                      CRM_LIMIT_LOAD_WORK);
}

int crm_load_expr(loader *l, const crm_ynode *y, uint8_t want, crm_node **tree,
                  crm_program *prog, const char *hint)
{
	crm_diag d;
	crm_node *n;
	crm_env env;
	crm_loader_env(l, &env);
	if (crm_load_charge(l, y, y->len))
		return CRM_ELIMIT;
	int rc = crm_parse_expr(&l->rs->ar, y->text, y->len, &n, &d);
	if (!rc)
		rc = crm_check(&l->rs->ar, &env, &n, &d);
	if (!rc && want && n->type != want)
		rc = crm_coerce(&l->rs->ar, &n, want, &d);
	if (!rc && prog)
		rc = crm_compile(&l->rs->pools, n, prog, &d);
	if (rc) {
		if (rc == CRM_EUNKNOWN && hint) {
			size_t ml = strlen(d.msg);
			snprintf(d.msg + ml, sizeof d.msg - ml, "%s", hint);
		}
		return crm_load_diag(l, y, &d);
	}
	if (prog && prog->max_stack > l->rs->max_stack)
		l->rs->max_stack = prog->max_stack;
	if (tree)
		*tree = n;
	return 0;
}

bool crm_is_string_literal(const crm_ynode *y)
{
	if (y->kind != Y_SCALAR || y->len < 2)
		return false;
	crm_lexer lx;
	crm_token t;
	crm_diag d;
	crm_lex_init(&lx, y->text, y->len);
	if (crm_lex_next(&lx, &t, &d) || t.kind != TK_STR || t.pos != 0)
		return false;
	return crm_lex_next(&lx, &t, &d) == 0 && t.kind == TK_EOF;
}

/* ---- constants ------------------------------------------------------------- */

bool crm_load_const(loader *l, crm_node *n, crm_val *out)
{
	if (n->kind == N_LIT) {
		*out = n->val;
		return true;
	}
	if (!(n->flags & CRM_NODE_CONST))
		return false;
	/* a constant compiles to CONST k RET (the compiler folds it) */
	crm_program p;
	crm_diag d;
	long k;
	if (crm_compile(&l->rs->pools, n, &p, &d) || (k = crm_program_const(p.code, p.len)) < 0)
		return false;
	*out = l->rs->pools.consts[k];
	return true;
}

int crm_const_fold(loader *l, int k, crm_diag *d)
{
	crm_ruleset *rs = l->rs;
	const_decl *c = &rs->consts[k];
	if (c->state == CONST_DONE)
		return 0;
	if (c->state == CONST_BUSY) {
		char path[300];
		size_t used = 0;
		int i = l->nfolding - 1;
		while (i > 0 && l->folding[i] != k)
			i--;
		for (path[0] = '\0'; i < l->nfolding && used < sizeof path - 70; i++)
			used += (size_t)snprintf(path + used, sizeof path - used, "%s -> ",
			                         rs->consts[l->folding[i]].name);
		return crm_diag_set(d, CRM_ECYCLE, 0, "constant '%s' refers to itself: %s%s", c->name,
		                    path, c->name);
	}
	if (l->nfolding == CRM_CONST_AHEAD)
		return crm_diag_set(d, CRM_ELIMIT, 0,
		                    "constant '%s' is reached through more than %d constants "
		                    "declared before it that use it: declare it first",
		                    c->name, CRM_CONST_AHEAD);
	c->state = CONST_BUSY;
	l->folding[l->nfolding++] = k;
	const char *file = l->file;
	l->file = c->file;
	crm_env env;
	crm_loader_env(l, &env);
	crm_diag cd;
	crm_node *n = crm_node_clone(&rs->ar, c->expr, CRM_NODE_KEEP_POS, 0, NULL);
	int rc = n ? crm_check(&rs->ar, &env, &n, &cd)
	           : crm_diag_set(&cd, CRM_ENOMEM, 0, "out of memory");
	if (!rc && !(n->kind == N_LIT || (n->flags & CRM_NODE_CONST)))
		rc = crm_diag_set(&cd, CRM_ETYPE, 0, "must not depend on facts");
	crm_program p;
	long kv = -1;
	if (!rc && c->expr->kind != N_LIT && n->type != CRM_T_LIST &&
	    !(rc = crm_compile(&rs->pools, n, &p, &cd)))
		kv = crm_program_const(p.code, p.len); /* -1: a day assumed, left to run */
	if (rc)
		crm_load_error(l, cd.code, c->line, c->col, "constant '%s': %s", c->name, cd.msg);
	else if (kv >= 0) {
		crm_node *lit = crm_node_new(&rs->ar, N_LIT, 0, 0);
		if (!lit)
			crm_load_error(l, CRM_ENOMEM, c->line, c->col, "out of memory");
		else {
			lit->val = rs->pools.consts[kv];
			lit->type = n->type;
			lit->lit = LIT_NAMED;
			lit->flags = CRM_NODE_CONST;
			c->folded = lit;
		}
	}
	l->file = file;
	l->nfolding--;
	c->state = CONST_DONE;
	return 0;
}

/* ---- values: lists ------------------------------------------------------------ */

int crm_load_values(loader *l, const crm_ynode *v, uint8_t type, const char *what,
                    const char *name, bool unique, const crm_val **out, uint32_t *n)
{
	if (v->kind != Y_SEQ || v->n == 0)
		return crm_load_error(l, CRM_ESYNTAX, v->line, v->col,
		                      "'values' must be a non-empty list");
	crm_val *vals = crm_arena_alloc(&l->rs->ar, v->n * sizeof *vals);
	if (!vals)
		return crm_load_error(l, CRM_ENOMEM, v->line, v->col, "out of memory");
	for (uint32_t i = 0; i < v->n; i++) {
		const crm_ynode *it = v->items[i];
		char msg[160];
		if (it->kind != Y_SCALAR ||
		    crm_value_parse(&l->rs->ar, type, it->text, it->len, &vals[i], msg, sizeof msg))
			return crm_load_error(l, CRM_ETYPE, it->line, it->col, "value of %s '%s': %s",
			                      what, name, it->kind == Y_SCALAR ? msg : "expected a scalar");
		for (uint32_t j = 0; unique && j < i; j++)
			if (crm_val_equal(&vals[j], &vals[i]))
				return crm_load_error(l, CRM_EDUP, it->line, it->col,
				                      "value '%s' is listed twice", it->text);
	}
	*out = vals;
	*n = v->n;
	return 0;
}

/* SPDX-License-Identifier: MIT */
/* explain.c - full explanations: a decision made with every decision it
 * reads evaluated, then, for each first-hit table, the rules tried before
 * the one that fired (every rule, where none matched) and the first part
 * of each one's condition that was false. Nothing here runs unless a host
 * asks (crm_decide_explain): deciding stays as fast as it was. */
#include <string.h>

#include "run.h"

/* A chained decision's output while explaining: what deciding left, or
 * unknown for a decision it did not need (explaining decides nothing
 * more, so nothing fires that did not). */
static int memo_output(crm_vm *vm, int d, int o, crm_val *out)
{
	crm_context *c = vm->ud;
	const dstate *st = &c->states[d];
	*out = st->gen == c->gen && st->status == 0 ? c->outs[c->rs->decs[d].out_base + (uint32_t)o]
	                                            : crm_val_unknown();
	return 0;
}

/* The rules of first-hit table di before rule upto: each with the first
 * part of its condition that is false on these facts. Every such rule was
 * false (it would have fired first), so one is, unless a part cannot run
 * here (the string scratch is full, say): then none is named. */
static void tried_rules(crm_context *c, const crm_facts *f, uint32_t di, uint32_t upto)
{
	const decision *d = &c->rs->decs[di];
	if (!d->why || !d->why->rules)
		return;
	crm_val *inputs = c->inputs + d->in_base;
	for (uint32_t i = 0; i < d->ninputs; i++)
		if (d->inputs[i].fact >= 0)
			inputs[i] = f->vals[d->inputs[i].fact];
	c->vm.inputs = inputs;
	for (uint32_t r = 0; r < upto; r++) {
		const rule_why *w = &d->why->rules[r];
		int32_t part = -1;
		for (uint32_t k = 0; k < w->nparts && part < 0; k++) {
			crm_val v;
			if (!crm_vm_run(&c->vm, &w->parts[k].prog, &v) && v.t && !v.u.i)
				part = (int32_t)k;
		}
		c->tried[c->ntried].decision = di;
		c->tried[c->ntried].rule = r;
		c->tried[c->ntried].part = part;
		c->ntried++;
	}
}

/* The tried rules of every first-hit table deciding evaluated: before each
 * rule that fired, in firing order, then every rule of those where none
 * matched. */
static void explain(crm_context *c, const crm_facts *f)
{
	const crm_ruleset *rs = c->rs;
	crm_vm *vm = &c->vm;
	int64_t assumed = vm->cal_assumed;
	vm->facts = f->vals;
	vm->output = memo_output;
	vm->unknown_read = NULL;
	c->ntried = 0;
	for (uint32_t k = 0; k < c->nfired; k++) {
		const fired *fi = &c->fired[k];
		if (rs->decs[fi->decision].hit == HIT_FIRST)
			tried_rules(c, f, fi->decision, fi->rule);
	}
	for (uint32_t di = 0; di < rs->ndecs; di++) {
		const dstate *st = &c->states[di];
		if (st->gen == c->gen && st->status == CRM_ENOMATCH && rs->decs[di].hit == HIT_FIRST)
			tried_rules(c, f, di, rs->decs[di].nrules);
	}
	/* explaining says nothing new about the answer */
	vm->cal_assumed = assumed;
	vm->output = NULL;
	vm->inputs = NULL;
}

int crm_decide_explain(crm_context *c, int di, const crm_facts *f, const crm_result **out,
                       crm_error *err)
{
	if (out)
		*out = NULL;
	if (!c || !f || !out)
		return crm_err_set(err, CRM_EINVAL, "context, facts and out must not be NULL");
	if (!c->tried) {
		/* each rule is tried at most once: a decision is decided once */
		c->tried = crm_calloc(c->al, c->rs->total_rules + 1, sizeof *c->tried);
		if (!c->tried)
			return crm_err_set(err, CRM_ENOMEM, "out of memory");
	}
	const crm_result *r;
	int rc = crm_decide_full(c, di, f, &r, err);
	if (!r)
		return rc;
	explain(c, f);
	c->explained_facts = f;
	c->explained.outs = r->outs;
	c->explained.nouts = r->nouts;
	c->explained.decision = r->decision;
	c->explained.status = r->status;
	*out = &c->explained;
	return rc;
}

/* ---- the tried rules, read ---------------------------------------------------- */

size_t crm_result_tried_count(const crm_result *r)
{
	return r && r->explained ? r->ctx->ntried : 0;
}

static const cell_why *tried_part(const crm_result *r, size_t i, const tried **t)
{
	if (!r || !r->explained || i >= r->ctx->ntried)
		return NULL;
	*t = &r->ctx->tried[i];
	if ((*t)->part < 0)
		return NULL;
	return &r->ctx->rs->decs[(*t)->decision].why->rules[(*t)->rule].parts[(*t)->part];
}

int crm_result_tried(const crm_result *r, size_t i, crm_tried *out)
{
	if (!r || !out || !r->explained || i >= r->ctx->ntried)
		return CRM_EINVAL;
	const tried *t = NULL;
	const cell_why *p = tried_part(r, i, &t);
	const decision *d = &r->ctx->rs->decs[t->decision];
	memset(out, 0, sizeof *out);
	out->decision = d->name;
	out->rule = d->rules[t->rule].id;
	out->input = -1;
	out->value.type = CRM_T_UNKNOWN;
	if (!p)
		return 0;
	out->cell = p->text;
	out->nfacts = p->nfacts;
	if (p->input >= 0) {
		const input_decl *in = &d->inputs[p->input];
		out->input = p->input;
		out->input_name = in->name ? in->name : d->why->inputs[p->input].text;
		out->value = crm_val_public(&r->ctx->inputs[d->in_base + (uint32_t)p->input]);
	}
	return 0;
}

int crm_result_tried_fact(const crm_result *r, size_t i, size_t k)
{
	const tried *t = NULL;
	const cell_why *p = tried_part(r, i, &t);
	return p && k < p->nfacts ? p->facts[k] : CRM_EINVAL;
}

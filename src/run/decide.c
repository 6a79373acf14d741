/* SPDX-License-Identifier: MIT */
/* decide.c - evaluation contexts, hit policies, chained decisions, results. */
#include <stdio.h>
#include <string.h>

#include "../expr/opcodes.h"
#include "run.h"

/* The unknown-fact bits as the VM sets them: a bit per fact slot. */
static uint8_t *unknown_bits(const crm_context *c)
{
	return (uint8_t *)c->unknown_words;
}

int crm_context_new(crm_context **out, const crm_ruleset *rs, const crm_allocator *allocator)
{
	if (!out || !rs)
		return CRM_EINVAL;
	*out = NULL;
	const crm_allocator *al = allocator ? allocator : &rs->al;
	crm_context *c = crm_calloc(al, 1, sizeof *c);
	if (!c)
		return CRM_ENOMEM;
	c->rs = rs;
	c->al_copy = *al;
	c->al = al = &c->al_copy;
	uint32_t nd = rs->ndecs ? rs->ndecs : 1;
	/* a chained decision runs on top of its caller's stack */
	uint32_t stack = (rs->max_stack + 2) * (rs->max_chain + 1) + 8;
	c->states = crm_calloc(al, nd, sizeof *c->states);
	c->outs = crm_calloc(al, rs->total_outs + 1, sizeof *c->outs);
	c->inputs = crm_calloc(al, rs->total_inputs + 1, sizeof *c->inputs);
	c->list_items = crm_calloc(al, rs->total_list_items + 1, sizeof *c->list_items);
	c->fired = crm_calloc(al, rs->total_rules + 1, sizeof *c->fired);
	c->missing = crm_calloc(al, rs->nfacts + 1, sizeof *c->missing);
	c->unknown_words = crm_calloc(al, rs->nfacts / 64 + 1, sizeof *c->unknown_words);
	c->member_vals = crm_calloc(al, rs->nfacts + 1, sizeof *c->member_vals);
	c->vm.stack = crm_calloc(al, stack, sizeof *c->vm.stack);
	c->vm.scratch = crm_malloc(al, CRM_LIMIT_SCRATCH);
	/* lists built by expressions: bounded by the scratch budget too */
	c->vm.lists_cap = CRM_LIMIT_SCRATCH / sizeof(crm_val) / 4;
	c->vm.lists = crm_calloc(al, c->vm.lists_cap, sizeof *c->vm.lists);
	int rc = 0;
	if (!c->states || !c->outs || !c->inputs || !c->list_items ||
	    !c->fired || !c->missing || !c->unknown_words || !c->member_vals || !c->vm.stack ||
	    !c->vm.scratch ||
	    !c->vm.lists)
		rc = CRM_ENOMEM;
	if (!rc)
		rc = crm_facts_create(&c->record_facts, rs, al);
	if (!rc && rs->nregexes)
		rc = crm_regex_scratch_new(&c->vm.rx, al);
	if (rc) {
		crm_context_free(c);
		return rc;
	}
	c->vm.stack_cap = stack;
	c->vm.scratch_cap = CRM_LIMIT_SCRATCH;
	c->vm.consts = rs->pools.consts;
	c->vm.decs = rs->pools.decs;
	c->vm.enums = rs->pools.enums;
	c->vm.calendars = rs->cals;
	c->vm.t2s = rs->pools.t2s;
	c->vm.cal_assumed = CRM_NO_DAY;
	c->vm.regexes = (const crm_regex *const *)rs->regexes;
	c->vm.nfacts = rs->nfacts;
	/* unknown facts are noted only where they made something undecided
	 * (blame_cond, blame_outputs): nothing else runs tracked */
	c->vm.unknown_read = NULL;
	c->vm.ud = c;
	c->vm.diag = &c->diag;
	c->result.ctx = c;
	c->explained.ctx = c;
	c->explained.explained = true;
	*out = c;
	return 0;
}

void crm_context_free(crm_context *c)
{
	if (!c)
		return;
	crm_allocator al_copy = c->al_copy, *al = &al_copy;
	crm_regex_scratch_free(c->vm.rx);
	crm_facts_free(c->record_facts);
	crm_facts_free(c->json_facts);
	crm_free(al, c->tried);
	crm_free(al, c->states);
	crm_free(al, c->outs);
	crm_free(al, c->inputs);
	crm_free(al, c->list_items);
	crm_free(al, c->fired);
	crm_free(al, c->missing);
	crm_free(al, c->unknown_words);
	crm_free(al, c->member_vals);
	crm_free(al, c->vm.stack);
	crm_free(al, c->vm.scratch);
	crm_free(al, c->vm.lists);
	crm_free(al, c);
}

const crm_ruleset *crm_context_ruleset(const crm_context *c)
{
	return c ? c->rs : NULL;
}

static int eval_decision(crm_context *c, int d);

static int rule_error(crm_context *c, const decision *d, const rule *r, int code)
{
	if (r)
		return crm_err_at(c->err, code, r->file, r->line, r->col, "decision '%s', rule '%s': %s",
		                  d->name, r->id, c->diag.msg);
	return crm_err_at(c->err, code, d->file, d->line, d->col, "decision '%s': %s", d->name,
	                  c->diag.msg);
}

static int output_fn(crm_vm *vm, int d, int o, crm_val *out)
{
	crm_context *c = vm->ud;
	const crm_val *saved = vm->inputs;
	uint8_t *tracked = vm->unknown_read;
	/* a chained decision notes its own missing facts, however it is
	 * reached (a blame rerun may be the first to read it) */
	vm->unknown_read = NULL;
	int rc = eval_decision(c, d);
	vm->inputs = saved;
	vm->unknown_read = tracked;
	if (rc == CRM_EMISSING || rc == CRM_ENOMATCH) {
		/* a chained decision that cannot decide makes its outputs unknown;
		 * the caller decides whether that matters */
		*out = crm_val_unknown();
		return 0;
	}
	if (rc)
		return rc;
	*out = c->outs[c->rs->decs[d].out_base + (uint32_t)o];
	return 0;
}

static int run(crm_context *c, const crm_program *p, crm_val *v)
{
	if (!p->len) {
		*v = crm_val_int(CRM_T_BOOL, 1);
		return 0;
	}
	long k = crm_program_const(p->code, p->len);
	if (k >= 0) {
		/* a constant output: no VM */
		*v = c->vm.consts[k];
		return 0;
	}
	return crm_vm_run(&c->vm, p, v);
}

static void record(crm_context *c, uint32_t d, uint32_t r)
{
	c->fired[c->nfired].decision = d;
	c->fired[c->nfired].rule = r;
	c->nfired++;
}

/* Copy n constant outputs (one, the common case, without memcpy). */
static inline void copy_outputs(crm_val *dst, const crm_val *k, uint32_t n)
{
	if (n == 1)
		*dst = *k;
	else
		memcpy(dst, k, n * sizeof *dst);
}

/* The unset facts that leave rule ru's outputs undecided, noted: they run
 * again with the VM noting the unknown facts they read. A count does not
 * read them. */
static void blame_outputs(crm_context *c, const decision *d, const rule *ru)
{
	if (ru->konst || d->agg == AGG_COUNT)
		return;
	crm_val v;
	c->vm.unknown_read = unknown_bits(c);
	for (uint32_t o = 0; o < d->nouts; o++)
		if (ru->outs[o].len)
			(void)run(c, &ru->outs[o], &v);
	c->vm.unknown_read = NULL;
}

/* Whether v is one of the output's declared values. */
static bool value_allowed(const output_decl *od, const crm_val *v)
{
	for (uint32_t k = 0; k < od->nvalues; k++)
		if (crm_val_equal(v, &od->values[k]))
			return true;
	return false;
}

/* Whether v is allowed by the output's declared values, when it declares
 * them (a list: each of its items): constants were checked at load, what a
 * rule computes is checked here. */
static bool output_allowed(const output_decl *od, const crm_val *v)
{
	if (!od->values || !v->t)
		return true;
	if (od->type != CRM_T_LIST)
		return value_allowed(od, v);
	for (uint32_t i = 0; i < v->len; i++)
		if (!value_allowed(od, &v->u.l[i]))
			return false;
	return true;
}

/* The first output rule r computed outside its declared values (those
 * the rule marks in vet), or -1. */
static CRM_ALWAYS_INLINE int disallowed_output(const decision *d, const rule *r, const crm_val *outs)
{
	for (uint32_t o = 0; r->vet && o < d->nouts; o++)
		if (((r->vet >> (o < 31 ? o : 31)) & 1) && !output_allowed(&d->outs[o], &outs[o]))
			return (int)o;
	return -1;
}

/* Evaluate the outputs of rule r into dst. Returns CRM_EMISSING when one is
 * unknown (and notes the facts that leave it so). */
static int rule_outputs(crm_context *c, const decision *d, const rule *r, crm_val *dst)
{
	if (r->konst) {
		/* constants: known, nothing to run */
		copy_outputs(dst, r->konst, d->nouts);
		return 0;
	}
	bool unknown = false;
	for (uint32_t o = 0; o < d->nouts; o++) {
		if (!r->outs[o].len) {
			dst[o] = crm_val_unknown();
			continue;
		}
		int rc = run(c, &r->outs[o], &dst[o]);
		if (rc)
			return rule_error(c, d, r, rc);
		unknown = unknown || !dst[o].t;
	}
	int o = disallowed_output(d, r, dst);
	if (o >= 0) {
		char buf[120];
		crm_value pv = crm_val_public(&dst[o]);
		crm_value_format(buf, sizeof buf, &pv);
		return crm_err_at(c->err, CRM_EINVAL, r->file, r->line, r->col,
		                  "decision '%s', rule '%s': output '%s' is %s, %s", d->name, r->id,
		                  d->outs[o].name, buf,
		                  dst[o].t == CRM_T_LIST ? "an item not one of its values"
		                                         : "not one of its values");
	}
	if (unknown) {
		blame_outputs(c, d, r);
		return CRM_EMISSING;
	}
	return 0;
}

/* The first candidate in bits, when a first-hit table's masks prove it
 * (it is among exact, the mask's rules proven by their cells alone). */
static inline bool first_proven(uint64_t exact, uint64_t bits, uint32_t *r)
{
	if (!(bits & -bits & exact))
		return false;
	*r = (uint32_t)__builtin_ctzll(bits);
	return true;
}

/* The first candidate of a by_lookup table, when its masks or its index
 * prove it. */
static bool lookup_first(const decision *d, const crm_val *facts, uint32_t *r)
{
	if (d->mask) {
		uint64_t bits;
		return crm_match_mask(d->mask, facts, NULL, &bits) && first_proven(d->mask->exact, bits, r);
	}
	uint32_t n;
	const uint8_t *exact;
	const uint32_t *cand = crm_match_candidates(d, facts, NULL, &n, &exact);
	if (!cand || !n || !exact || !exact[0])
		return false;
	*r = cand[0];
	return true;
}

/* Rule r of a first-hit table matched: its outputs are the decision's. */
static int first_hit(crm_context *c, const decision *d, uint32_t di, uint32_t r, crm_val *outs)
{
	int rc = rule_outputs(c, d, &d->rules[r], outs);
	if (rc != CRM_EMISSING && rc)
		return rc;
	record(c, di, r); /* after its outputs: chained rules come first */
	return rc;
}

static int priority_of(const decision *d, const crm_val *v)
{
	const output_decl *o = &d->outs[0];
	for (uint32_t i = 0; i < o->nvalues; i++)
		if (crm_val_equal(v, &o->values[i]))
			return (int)i;
	return (int)o->nvalues;
}

static int aggregate(crm_context *c, const decision *d, crm_val *acc, const crm_val *v,
                     uint32_t o, bool first)
{
	if (d->agg == AGG_COUNT)
		return 0;
	if (first) {
		*acc = *v;
		return 0;
	}
	if (d->agg == AGG_SUM) {
		if (v->t == CRM_T_NUMBER)
			acc->u.n += v->u.n;
		else if (crm_add_ovf(acc->u.i, v->u.i, &acc->u.i))
			return crm_err_at(c->err, CRM_EOVERFLOW, d->file, d->line, d->col,
			                  "decision '%s': the sum of '%s' overflows", d->name,
			                  d->outs[o].name);
		return 0;
	}
	int cmp = crm_val_cmp(v, acc);
	if ((d->agg == AGG_MIN && cmp < 0) || (d->agg == AGG_MAX && cmp > 0))
		*acc = *v;
	return 0;
}

/* Rule ru's condition could not be decided: note the unset facts behind
 * it, by running again with the VM noting unknown facts the unknown inputs
 * it tests (inputs holds every input by now) and the condition itself (a
 * cell's own expression, when:). */
static void blame_cond(crm_context *c, const decision *d, const rule *ru, const crm_val *inputs)
{
	crm_val v;
	c->vm.unknown_read = unknown_bits(c);
	c->vm.inputs = NULL;
	for (uint32_t i = 0; i < d->ninputs; i++)
		if (ru->cells[i] && !inputs[i].t)
			(void)run(c, &d->inputs[i].prog, &v);
	c->vm.inputs = inputs;
	(void)run(c, &ru->cond, &v);
	c->vm.unknown_read = NULL;
}

static int eval_table(crm_context *c, const decision *d, uint32_t di)
{
	crm_val *outs = c->outs + d->out_base;
	crm_val *inputs = c->inputs + d->in_base;
	int rc;
	const crm_val *facts = c->vm.facts;
	/* Everything runs untracked: an unknown fact matters only when it
	 * leaves a rule or an output undecided (see blame_cond). An input that
	 * is one fact is read in place by the native tests, and copied only
	 * when a rule needs the VM. */
	for (uint32_t k = 0; k < d->ncomputed; k++) {
		uint32_t i = d->computed[k];
		c->vm.inputs = NULL;
		if ((rc = run(c, &d->inputs[i].prog, &inputs[i])))
			return rule_error(c, d, NULL, rc);
	}
	bool copied = false;
	/* the candidate rules, in rule order: bits (from the masks) or a list
	 * (from the index, or every rule); and which of them are proven */
	uint32_t ncand = d->nrules;
	const uint32_t *cand_rules = NULL;
	const uint8_t *proven = NULL;
	uint64_t bits = 0, proven_bits = 0;
	bool by_bits = d->mask && crm_match_mask(d->mask, facts, inputs, &bits);
	uint32_t r;
	if (by_bits) {
		proven_bits = bits & d->mask->exact;
		if (d->hit == HIT_FIRST && first_proven(d->mask->exact, bits, &r))
			/* the first candidate is proven: it is the answer, and
			 * nothing the loop below prepares is needed */
			return first_hit(c, d, di, r, outs);
	} else if (d->index) {
		cand_rules = crm_match_candidates(d, facts, inputs, &ncand, &proven);
		if (!cand_rules)
			ncand = d->nrules;
	}
	for (uint32_t o = 0; o < d->nouts; o++)
		outs[o] = crm_val_unknown();
	bool undetermined = false;
	uint32_t matches = 0, chosen = 0;
	int best = 0;
	crm_val tmp[64];
	crm_val *cand = d->nouts <= 64 ? tmp : NULL;
	bool collecting = d->hit == HIT_COLLECT || d->hit == HIT_RULE_ORDER;
	crm_val *lists = c->list_items + d->list_base;

	for (uint32_t k = 0;; k++) {
		if (by_bits) {
			if (!bits)
				break;
			r = (uint32_t)__builtin_ctzll(bits);
			bits &= bits - 1;
		} else {
			if (k >= ncand)
				break;
			r = cand_rules ? cand_rules[k] : k;
		}
		const rule *ru = &d->rules[r];
		crm_val cond;
		int m = ((proven_bits >> (r & 63)) & 1) || (proven && proven[k])
		                ? 1
		                : crm_match_rule(ru, facts, inputs);
		if (m >= 0) {
			cond = crm_val_int(CRM_T_BOOL, m);
		} else {
			if (!copied) {
				for (uint32_t i = 0; i < d->ninputs; i++)
					if (d->inputs[i].fact >= 0)
						inputs[i] = facts[d->inputs[i].fact];
				copied = true;
			}
			c->vm.inputs = inputs;
			if ((rc = run(c, &ru->cond, &cond))) {
				if (undetermined && d->hit == HIT_FIRST)
					return CRM_EMISSING; /* only looking for missing facts by now */
				return rule_error(c, d, ru, rc);
			}
		}
		if (!cond.t) {
			/* undecided: note why, and what its outputs would need; a
			 * first-hit table goes on too, for every missing fact at once */
			blame_cond(c, d, ru, inputs);
			blame_outputs(c, d, ru);
			undetermined = true;
			continue;
		}
		if (!cond.u.i)
			continue;
		switch (d->hit) {
		case HIT_FIRST:
			if (undetermined) {
				/* it fires unless an undecided rule before it does */
				blame_outputs(c, d, ru);
				return CRM_EMISSING;
			}
			return first_hit(c, d, di, r, outs);
		case HIT_UNIQUE:
			if (matches) {
				const rule *prev = &d->rules[chosen];
				return crm_err_at(c->err, CRM_ETABLE, ru->file, ru->line, ru->col,
				                  "decision '%s' is 'unique' but rules '%s' and '%s' "
				                  "both match", d->name, prev->id, ru->id);
			}
			chosen = r;
			matches++;
			break;
		case HIT_ANY:
		case HIT_PRIORITY: {
			crm_val *dst = matches ? cand : outs;
			if (!dst)
				return crm_err_at(c->err, CRM_ELIMIT, d->file, d->line, d->col,
				                  "decision '%s' has too many outputs", d->name);
			rc = rule_outputs(c, d, ru, dst);
			if (rc == CRM_EMISSING) {
				undetermined = true;
				continue;
			}
			if (rc)
				return rc;
			if (d->hit == HIT_ANY && matches) {
				for (uint32_t o = 0; o < d->nouts; o++)
					if (!crm_val_equal(&outs[o], &cand[o]))
						return crm_err_at(c->err, CRM_ETABLE, ru->file, ru->line,
						                  ru->col,
						                  "decision '%s' is 'any' but rules '%s' and "
						                  "'%s' give different '%s'",
						                  d->name, d->rules[chosen].id, ru->id,
						                  d->outs[o].name);
			} else if (d->hit == HIT_PRIORITY) {
				int p = priority_of(d, &dst[0]);
				if (!matches || p < best) {
					if (matches)
						memcpy(outs, cand, d->nouts * sizeof *outs);
					best = p;
					chosen = r;
				}
			} else {
				chosen = r;
			}
			if (d->hit == HIT_ANY)
				record(c, di, r); /* every agreeing rule explains the result */
			matches++;
			break;
		}
		default: { /* collect, rule_order */
			crm_val *dst = cand;
			if (!dst)
				return crm_err_at(c->err, CRM_ELIMIT, d->file, d->line, d->col,
				                  "decision '%s' has too many outputs", d->name);
			rc = rule_outputs(c, d, ru, dst);
			if (rc == CRM_EMISSING && d->agg != AGG_COUNT) {
				undetermined = true;
				continue;
			}
			if (rc && rc != CRM_EMISSING)
				return rc;
			record(c, di, r);
			/* column-major: output o of the m-th match at o * nrules + m */
			for (uint32_t o = 0; o < d->nouts; o++)
				lists[o * d->nrules + matches] = dst[o];
			for (uint32_t o = 0; o < d->nouts && d->agg; o++)
				if ((rc = aggregate(c, d, &outs[o], &dst[o], o, matches == 0)))
					return rc;
			matches++;
			break;
		}
		}
	}
	if (undetermined)
		return CRM_EMISSING;
	if (collecting) {
		for (uint32_t o = 0; o < d->nouts; o++) {
			if (d->agg == AGG_COUNT) {
				outs[o] = crm_val_int(CRM_T_INT, matches);
			} else if (d->agg == AGG_NONE) {
				crm_val v = crm_val_unknown();
				v.t = CRM_T_LIST;
				v.elem = d->outs[o].type;
				v.len = matches;
				v.u.l = lists + o * d->nrules;
				outs[o] = v;
			} else if (!matches) {
				outs[o] = crm_val_unknown();
				if (d->agg == AGG_SUM) {
					outs[o].t = d->outs[o].type;
					outs[o].u.i = 0;
					if (d->outs[o].type == CRM_T_NUMBER)
						outs[o].u.n = 0;
				}
			}
		}
		if (d->agg == AGG_MIN || d->agg == AGG_MAX)
			return matches ? 0 : CRM_ENOMATCH;
		return 0;
	}
	if (!matches)
		return CRM_ENOMATCH;
	if (d->hit == HIT_UNIQUE) {
		rc = rule_outputs(c, d, &d->rules[chosen], outs);
		if (!rc || rc == CRM_EMISSING)
			record(c, di, chosen);
		return rc;
	}
	if (d->hit == HIT_PRIORITY)
		record(c, di, chosen);
	return 0;
}

static int eval_decision(crm_context *c, int di)
{
	const decision *d = &c->rs->decs[di];
	dstate *st = &c->states[di];
	if (st->gen == c->gen)
		return st->status;
	if (c->depth >= CRM_LIMIT_DECISION_DEPTH)
		return crm_err_at(c->err, CRM_ELIMIT, d->file, d->line, d->col,
		                  "decisions chained deeper than %d", CRM_LIMIT_DECISION_DEPTH);
	c->depth++;
	int rc = eval_table(c, d, (uint32_t)di);
	c->depth--;
	st->gen = c->gen;
	st->status = rc;
	return rc;
}

/* The VM starts a decision (or an expression) over facts: no table input
 * yet, its scratch empty; output gives chained decisions' outputs, or
 * NULL where none may be read. */
static void vm_begin(crm_vm *vm, const crm_val *facts, crm_output_fn output)
{
	vm->facts = facts;
	vm->output = output;
	vm->inputs = NULL;
	vm->scratch_len = 0;
	vm->lists_len = 0;
}

/* Decision di (d) on c begins: err cleared, the result its. */
static void begin(crm_context *c, const decision *d, int di, crm_error *err)
{
	crm_err_clear(err);
	c->err = err;
	c->vm.cal_assumed = CRM_NO_DAY;
	c->result.decision = di;
	c->result.outs = c->outs + d->out_base;
	c->result.nouts = d->nouts;
}

/* The lookup proved rule r of by_lookup table d, whose outputs are
 * constants: the answer is that rule's row of them, nothing copied. */
static int lookup_answer(crm_context *c, const decision *d, uint32_t di, uint32_t r,
                         const crm_result **out)
{
	c->result.outs = d->konsts + (size_t)r * d->nouts;
	c->nfired = 0;
	c->nmissing = 0;
	record(c, di, r);
	c->result.status = 0;
	*out = &c->result;
	return 0;
}

/* crm_decide_index, and (shortcut false) crm_decide_full: inlined into
 * each, so the first is what it was. */
static CRM_ALWAYS_INLINE int decide(crm_context *c, int di, const crm_facts *f,
                                    const crm_result **out, crm_error *err, bool shortcut)
{
	if (out)
		*out = NULL;
	if (!c || !f || !out)
		return crm_err_set(err, CRM_EINVAL, "context, facts and out must not be NULL");
	const crm_ruleset *rs = c->rs;
	if (f->rs != rs)
		return crm_err_set(err, CRM_EINVAL, "the facts record belongs to another ruleset");
	if (di < 0 || (uint32_t)di >= rs->ndecs)
		return crm_err_set(err, CRM_EUNKNOWN, "no decision with index %d", di);
	const decision *d = &rs->decs[di];
	begin(c, d, di, err);
	uint32_t r;
	if (shortcut && d->by_lookup && lookup_first(d, f->vals, &r))
		return lookup_answer(c, d, (uint32_t)di, r, out);
	vm_begin(&c->vm, f->vals, output_fn);
	c->nfired = 0;
	c->nmissing = 0;
	c->depth = 0;
	if (++c->gen == 0) {
		/* wrapped: forget every memo */
		memset(c->states, 0, rs->ndecs * sizeof *c->states);
		c->gen = 1;
	}
	for (uint32_t w = 0; w <= rs->nfacts / 64; w++)
		c->unknown_words[w] = 0;
	int rc = eval_decision(c, di);
	c->result.status = rc;
	if (rc == CRM_EMISSING || rc == CRM_ENOMATCH) {
		for (uint32_t s = 0; s < rs->nfacts; s++)
			if (unknown_bits(c)[s >> 3] & (1u << (s & 7)))
				c->missing[c->nmissing++] = (int)s;
	}
	if (rc == CRM_EMISSING) {
		/* every name the message holds, then how many more (the result
		 * lists them all) */
		char names[CRM_ERROR_MESSAGE_MAX];
		size_t used = 0, len = strlen(d->name);
		size_t room = len < 300 ? sizeof names - 80 - len : 40;
		uint32_t i = 0;
		names[0] = '\0';
		for (; i < c->nmissing; i++) {
			const char *nm = rs->facts[c->missing[i]].name;
			if (used + strlen(nm) + 2 > room)
				break;
			used += (size_t)snprintf(names + used, sizeof names - used, "%s%s",
			                         i ? ", " : "", nm);
		}
		if (i < c->nmissing)
			snprintf(names + used, sizeof names - used, "%s%u more", i ? " and " : "",
			         c->nmissing - i);
		crm_err_at(err, rc, d->file, d->line, d->col,
		           "decision '%s' needs facts that are not set: %s", d->name,
		           c->nmissing ? names : "(a chained decision could not decide)");
	} else if (rc == CRM_ENOMATCH) {
		crm_err_at(err, rc, d->file, d->line, d->col, "decision '%s': no rule matched",
		           d->name);
	}
	c->vm.output = NULL;
	if (rc == 0 || rc == CRM_EMISSING || rc == CRM_ENOMATCH)
		*out = &c->result;
	return rc;
}

int crm_decide_index(crm_context *c, int di, const crm_facts *f, const crm_result **out,
                     crm_error *err)
{
	return decide(c, di, f, out, err, true);
}

int crm_decide_full(crm_context *c, int di, const crm_facts *f, const crm_result **out,
                    crm_error *err)
{
	return decide(c, di, f, out, err, false);
}

/* Rule ru's outputs computed from the record: the facts they read taken
 * from their members (unknown when not bound), their programs run on
 * them. False when a value is not its fact's, an output is unknown or
 * fails: the slow path explains. */
static bool record_outputs(crm_context *c, const decision *d, const rule *ru,
                           const rec_rule *rr, const char *rec, const record_plan *pl,
                           const uint32_t *crs)
{
	crm_val *vals = c->member_vals;
	for (uint32_t k = 0; k < rr->nloads; k++)
		if (!crm_member_get(&rr->loads[k].m, rec, &vals[rr->loads[k].slot]))
			return false;
	crm_vm *vm = &c->vm;
	vm_begin(vm, vals, NULL);
	crm_val *outs = c->outs + d->out_base;
	memcpy(outs, rr->row, d->nouts * sizeof *outs);
	for (uint32_t k = 0; k < rr->ncopies; k++) {
		/* a chained decision's output: its rule, found above, has it */
		const rec_copy *cp = &rr->copies[k];
		const decision *cd = &c->rs->decs[pl->chains[cp->chain].decision];
		outs[cp->out] = cd->konsts[(size_t)crs[cp->chain] * cd->nouts + cp->cout];
	}
	bool ok = true;
	for (uint32_t k = 0; k < rr->nprogs && ok; k++) {
		uint32_t o = rr->progs[k];
		ok = !crm_vm_run(vm, &ru->outs[o], &outs[o]) && outs[o].t;
	}
	return ok && disallowed_output(d, ru, outs) < 0;
}

/* Decision di answered by its plan: the chained decisions' rules found by
 * their lookups (and fired first), then its own, then that rule's outputs.
 * False when the record does not prove it. opt (a constant): the plan
 * reads optional members (decide_by_plan_opt), or not (decide_by_plan). */
static CRM_ALWAYS_INLINE bool by_plan(crm_context *c, const decision *d, int di,
                                      const record_plan *pl, const char *rec, uint32_t *found,
                                      const bool opt)
{
	uint64_t bits, cbits, und, cund;
	uint32_t r, cr, crs[REC_COPY_CHAINS]; /* each chain's rule, for copies */
	if (pl->split && !crm_present(rec + pl->present, pl->present_ctype) && !(pl = pl->absent))
		return false;
	if (!crm_match_record(pl->lk, rec, &bits, &und, opt))
		return false;
	fired *fd = c->fired;
	for (uint32_t k = 0; k < pl->nchains; k++) {
		const rec_chain *ch = &pl->chains[k];
		if (!crm_match_record(ch->lk, rec, &cbits, &cund, opt) ||
		    !first_proven(ch->exact & ~cund, cbits, &cr))
			return false;
		*fd++ = (fired){(uint32_t)ch->decision, cr};
		if (k < REC_COPY_CHAINS)
			crs[k] = cr;
		bits &= ch->masks[cr];
	}
	if (!first_proven(pl->exact & ~und, bits, &r))
		return false;
	const rule *ru = &d->rules[r];
	if (!pl->rules)
		c->result.outs = d->konsts + (size_t)r * d->nouts;
	else if (ru->konst)
		c->result.outs = ru->konst;
	else if (!pl->rules[r].ok || !record_outputs(c, d, ru, &pl->rules[r], rec, pl, crs))
		return false;
	*fd++ = (fired){(uint32_t)di, r};
	c->nfired = (uint32_t)(fd - c->fired);
	c->nmissing = 0;
	c->result.status = 0;
	*found = r;
	return true;
}

static CRM_NOINLINE bool decide_by_plan(crm_context *c, const decision *d, int di,
                                        const record_plan *pl, const char *rec, uint32_t *found)
{
	return by_plan(c, d, di, pl, rec, found, false);
}

static CRM_NOINLINE bool decide_by_plan_opt(crm_context *c, const decision *d, int di,
                                            const record_plan *pl, const char *rec,
                                            uint32_t *found)
{
	return by_plan(c, d, di, pl, rec, found, true);
}

/* crm_decide_record when the record's lookup cannot answer: set the
 * context's facts from the record, and decide on them. */
static CRM_NOINLINE int decide_set_record(crm_context *c, int di, const crm_binding *b,
                                          const void *record, const crm_result **out,
                                          crm_error *err)
{
	int rc = crm_binding_set_only(c->record_facts, b, &c->record_serial, record, err);
	return rc ? rc : crm_decide_index(c, di, c->record_facts, out, err);
}

/* crm_decide_record, and crm_decide_record_rule: inlined into each.
 * (*found) gets the rule the members proved, or -1 when the facts were set. */
static CRM_ALWAYS_INLINE int decide_record(crm_context *c, int di, const crm_binding *b,
                                           const void *record, const crm_result **out,
                                           crm_error *err, int32_t *found)
{
	*found = -1;
	if (out)
		*out = NULL;
	if (!c || !b || !record || !out)
		return crm_err_set(err, CRM_EINVAL,
		                   "context, binding, record and out must not be NULL");
	const crm_ruleset *rs = c->rs;
	if (b->rs != rs)
		return crm_err_set(err, CRM_EINVAL, "the binding belongs to another ruleset");
	if (di < 0 || (uint32_t)di >= rs->ndecs)
		return crm_err_set(err, CRM_EUNKNOWN, "no decision with index %d", di);
	const decision *d = &rs->decs[di];
	const record_lookup *lk = b->lookups[di]; /* only for by_lookup tables */
	uint64_t bits, und;
	uint32_t r;
	if (lk && crm_match_record(lk, record, &bits, &und, false) &&
	    first_proven(d->mask->exact & ~und, bits, &r)) {
		/* answered from the members alone: no fact is set */
		begin(c, d, di, err);
		*found = (int32_t)r;
		return lookup_answer(c, d, (uint32_t)di, r, out);
	}
	const record_plan *pl = b->plans[di];
	if (!lk && pl) {
		begin(c, d, di, err);
		if (pl->optional ? decide_by_plan_opt(c, d, di, pl, record, &r)
		                 : decide_by_plan(c, d, di, pl, record, &r)) {
			*found = (int32_t)r;
			*out = &c->result;
			return 0;
		}
	}
	return decide_set_record(c, di, b, record, out, err);
}

int crm_decide_record(crm_context *c, int di, const crm_binding *b, const void *record,
                      const crm_result **out, crm_error *err)
{
	int32_t found;
	return decide_record(c, di, b, record, out, err, &found);
}

int crm_decide_record_rule(crm_context *c, int di, const crm_binding *b, const void *record,
                           const crm_result **out, crm_error *err, int32_t *found)
{
	return decide_record(c, di, b, record, out, err, found);
}

int crm_context_eval(crm_context *c, const crm_program *p, const crm_facts *f, crm_val *out,
                     crm_error *err)
{
	c->err = err;
	c->vm.cal_assumed = CRM_NO_DAY;
	vm_begin(&c->vm, f->vals, output_fn);
	c->nfired = 0;
	c->depth = 0;
	if (++c->gen == 0) {
		memset(c->states, 0, c->rs->ndecs * sizeof *c->states);
		c->gen = 1;
	}
	int rc = crm_vm_run(&c->vm, p, out);
	c->vm.output = NULL;
	if (rc)
		return crm_err_set(err, rc, "%s", c->diag.msg);
	return 0;
}

int crm_decide(crm_context *c, const char *decision_name, const crm_facts *f,
               const crm_result **out, crm_error *err)
{
	if (out)
		*out = NULL;
	if (!c || !decision_name)
		return crm_err_set(err, CRM_EINVAL, "context and decision must not be NULL");
	int di = crm_map_get(&c->rs->dec_map, decision_name, strlen(decision_name));
	if (di < 0)
		return crm_err_set(err, CRM_EUNKNOWN, "unknown decision '%s'", decision_name);
	return crm_decide_index(c, di, f, out, err);
}

/* ---- results ------------------------------------------------------------------- */

static const decision *res_dec(const crm_result *r)
{
	return &r->ctx->rs->decs[r->decision];
}

const char *crm_result_decision(const crm_result *r)
{
	return r ? res_dec(r)->name : NULL;
}

size_t crm_result_output_count(const crm_result *r)
{
	return r ? res_dec(r)->nouts : 0;
}

const char *crm_result_output_name(const crm_result *r, size_t i)
{
	if (!r || i >= res_dec(r)->nouts)
		return NULL;
	return res_dec(r)->outs[i].name;
}

crm_value crm_result_output(const crm_result *r, size_t i)
{
	if (!r || i >= r->nouts || r->status)
		return (crm_value){.type = CRM_T_UNKNOWN};
	return crm_val_public(&r->outs[i]);
}

static int find_out(const crm_result *r, const char *name, crm_value *out)
{
	if (!r || !name)
		return CRM_EINVAL;
	const decision *d = res_dec(r);
	for (uint32_t i = 0; i < d->nouts; i++)
		if (strcmp(d->outs[i].name, name) == 0) {
			*out = crm_result_output(r, i);
			return out->type == CRM_T_UNKNOWN ? CRM_EMISSING : 0;
		}
	return CRM_EUNKNOWN;
}

int crm_result_get(const crm_result *r, const char *name, crm_value *out)
{
	crm_value v;
	int rc = find_out(r, name, &v);
	if (!rc && out)
		*out = v;
	return rc;
}

#define TYPED_GETTER(fn, ctype, T, expr)                                   \
	int fn(const crm_result *r, const char *name, ctype *out)              \
	{                                                                      \
		crm_value v;                                                       \
		int rc = find_out(r, name, &v);                                    \
		if (rc)                                                            \
			return rc;                                                     \
		if (v.type != (T))                                                 \
			return CRM_ETYPE;                                              \
		if (out)                                                           \
			*out = (expr);                                                 \
		return 0;                                                          \
	}

TYPED_GETTER(crm_result_get_bool, int, CRM_T_BOOL, v.u.b)
TYPED_GETTER(crm_result_get_int, int64_t, CRM_T_INT, v.u.i)
TYPED_GETTER(crm_result_get_number, double, CRM_T_NUMBER, v.u.n)
TYPED_GETTER(crm_result_get_money, int64_t, CRM_T_MONEY, v.u.money)

int crm_result_get_string(const crm_result *r, const char *name, const char **out,
                          size_t *len)
{
	crm_value v;
	int rc = find_out(r, name, &v);
	if (rc)
		return rc;
	if (v.type != CRM_T_STRING)
		return CRM_ETYPE;
	if (out)
		*out = v.u.s.ptr;
	if (len)
		*len = v.u.s.len;
	return 0;
}

size_t crm_result_fired_count(const crm_result *r)
{
	return r ? r->ctx->nfired : 0;
}

const char *crm_result_fired_id(const crm_result *r, size_t i)
{
	if (!r || i >= r->ctx->nfired)
		return NULL;
	const fired *f = &r->ctx->fired[i];
	return r->ctx->rs->decs[f->decision].rules[f->rule].id;
}

const char *crm_result_fired_decision(const crm_result *r, size_t i)
{
	if (!r || i >= r->ctx->nfired)
		return NULL;
	return r->ctx->rs->decs[r->ctx->fired[i].decision].name;
}

size_t crm_result_fired_fact_count(const crm_result *r, size_t i)
{
	if (!r || i >= r->ctx->nfired)
		return 0;
	const fired *f = &r->ctx->fired[i];
	return r->ctx->rs->decs[f->decision].rules[f->rule].nfacts;
}

int crm_result_fired_fact(const crm_result *r, size_t i, size_t k)
{
	if (!r || i >= r->ctx->nfired)
		return CRM_EINVAL;
	const fired *f = &r->ctx->fired[i];
	const rule *ru = &r->ctx->rs->decs[f->decision].rules[f->rule];
	return k < ru->nfacts ? ru->facts[k] : CRM_EINVAL;
}

int crm_result_provisional(const crm_result *r, int64_t *first_day)
{
	int64_t day = r ? r->ctx->vm.cal_assumed : CRM_NO_DAY;
	if (first_day)
		*first_day = day == CRM_NO_DAY ? 0 : day;
	return day != CRM_NO_DAY;
}

size_t crm_result_missing_count(const crm_result *r)
{
	return r ? r->ctx->nmissing : 0;
}

int crm_result_missing_fact(const crm_result *r, size_t i)
{
	if (!r || i >= r->ctx->nmissing)
		return CRM_EINVAL;
	return r->ctx->missing[i];
}

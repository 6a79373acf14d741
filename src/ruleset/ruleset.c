/* SPDX-License-Identifier: MIT */
/* ruleset.c - a loaded ruleset: questions about it, and freeing it. */
#include <string.h>

#include "ruleset.h"

size_t crm_ruleset_fact_count(const crm_ruleset *rs)
{
	return rs ? rs->nfacts : 0;
}

const char *crm_ruleset_fact_name(const crm_ruleset *rs, size_t i)
{
	return rs && i < rs->nfacts ? rs->facts[i].name : NULL;
}

crm_type crm_ruleset_fact_type(const crm_ruleset *rs, size_t i)
{
	return rs && i < rs->nfacts ? (crm_type)rs->facts[i].type : CRM_T_UNKNOWN;
}

size_t crm_ruleset_decision_count(const crm_ruleset *rs)
{
	return rs ? rs->ndecs : 0;
}

const char *crm_ruleset_decision_name(const crm_ruleset *rs, size_t i)
{
	return rs && i < rs->ndecs ? rs->decs[i].name : NULL;
}

int crm_fact_slot(const crm_ruleset *rs, const char *name)
{
	if (!rs || !name)
		return CRM_EINVAL;
	int k = crm_map_get(&rs->fact_map, name, strlen(name));
	return k >= 0 ? k : CRM_EUNKNOWN;
}

int crm_decision_find(const crm_ruleset *rs, const char *name)
{
	if (!rs || !name)
		return CRM_EINVAL;
	int k = crm_map_get(&rs->dec_map, name, strlen(name));
	return k >= 0 ? k : CRM_EUNKNOWN;
}

int crm_ruleset_fact_info(const crm_ruleset *rs, size_t i, crm_fact_info *out)
{
	if (!rs || !out || i >= rs->nfacts)
		return CRM_EINVAL;
	const fact_decl *fd = &rs->facts[i];
	memset(out, 0, sizeof *out);
	out->name = fd->name;
	out->type = (crm_type)fd->type;
	out->elem = (crm_type)fd->elem;
	out->description = rs->fact_descs ? rs->fact_descs[i] : NULL;
	out->nvalues = fd->nallowed;
	out->ordered = fd->ordered;
	out->has_range = fd->has_range;
	if (fd->has_range) {
		out->lo = crm_val_public(&fd->lo);
		out->hi = crm_val_public(&fd->hi);
		out->lo_closed = (fd->range_flags & 1) != 0;
		out->hi_closed = (fd->range_flags & 2) != 0;
	}
	out->pattern = fd->pattern_src;
	out->file = fd->file;
	out->line = fd->line;
	out->column = fd->col;
	return 0;
}

crm_value crm_ruleset_fact_value(const crm_ruleset *rs, size_t i, size_t k)
{
	if (!rs || i >= rs->nfacts || k >= rs->facts[i].nallowed)
		return (crm_value){.type = CRM_T_UNKNOWN};
	return crm_val_public(&rs->facts[i].allowed[k]);
}

size_t crm_decision_fact_count(const crm_ruleset *rs, int di)
{
	if (!rs || di < 0 || (uint32_t)di >= rs->ndecs)
		return 0;
	return rs->decs[di].why ? rs->decs[di].why->nreads : 0;
}

int crm_decision_fact(const crm_ruleset *rs, int di, size_t k)
{
	if (!rs || di < 0 || (uint32_t)di >= rs->ndecs || !rs->decs[di].why ||
	    k >= rs->decs[di].why->nreads)
		return CRM_EINVAL;
	return rs->decs[di].why->reads[k];
}

const char *crm_ruleset_suggest(const crm_ruleset *rs, crm_name_kind kind, const char *name)
{
	if (!rs || !name)
		return NULL;
	const crm_map *m = kind == CRM_NAME_FACT       ? &rs->fact_map
	                   : kind == CRM_NAME_DECISION ? &rs->dec_map
	                   : kind == CRM_NAME_TIMER    ? &rs->timer_map
	                   : kind == CRM_NAME_CALENDAR ? &rs->cal_map
	                                               : NULL;
	if (!m)
		return NULL;
	crm_suggest sg;
	crm_suggest_init(&sg, name, strlen(name));
	crm_suggest_map(&sg, m, 0);
	return sg.best;
}

void crm_ruleset_free(crm_ruleset *rs)
{
	if (!rs)
		return;
	for (uint32_t i = 0; i < rs->nregexes; i++)
		crm_regex_free(rs->regexes[i]);
	/* past nfacts too: a fact that failed half-way may hold a pattern
	 * (the arena zeroes the rest) */
	for (size_t i = 0; i < rs->cap_facts; i++)
		crm_regex_free(rs->facts[i].pattern);
	if (rs->pools.ar)
		crm_pools_free(&rs->pools);
	crm_allocator al = rs->al;
	crm_arena_free(&rs->ar);
	crm_free(&al, rs);
}

size_t crm_ruleset_test_count(const crm_ruleset *rs)
{
	return rs ? rs->ntests : 0;
}

const char *crm_ruleset_test_name(const crm_ruleset *rs, size_t i)
{
	return rs && i < rs->ntests ? rs->tests[i].name : NULL;
}

/* The codes a rule-file test may expect (expect_error), named by
 * crm_code_name. */
static const int test_codes[] = {CRM_EMISSING, CRM_ENOMATCH, CRM_ETABLE, CRM_EOVERFLOW,
                                 CRM_ELIMIT,   CRM_EINVAL,   CRM_ERANGE};

const char *crm_test_error_name(int code)
{
	for (size_t i = 0; i < CRM_ARRAY_LEN(test_codes); i++)
		if (test_codes[i] == code)
			return crm_code_name(code);
	return crm_strerror(code);
}

int crm_test_error_code(const crm_ynode *name)
{
	for (size_t i = 0; i < CRM_ARRAY_LEN(test_codes); i++)
		if (crm_yis(name, crm_code_name(test_codes[i])))
			return test_codes[i];
	return 0;
}

size_t crm_ruleset_timer_count(const crm_ruleset *rs)
{
	return rs ? rs->ntimers : 0;
}

const char *crm_ruleset_timer_name(const crm_ruleset *rs, size_t i)
{
	return rs && i < rs->ntimers ? rs->timers[i].name : NULL;
}

size_t crm_ruleset_calendar_count(const crm_ruleset *rs)
{
	return rs ? rs->ncals : 0;
}

/* ---- declarations as written ----------------------------------------------- */

static const decision *decision_at(const crm_ruleset *rs, int di)
{
	return rs && di >= 0 && (uint32_t)di < rs->ndecs ? &rs->decs[di] : NULL;
}

int crm_ruleset_decision_info(const crm_ruleset *rs, int di, crm_decision_info *out)
{
	static const char *const hits[] = {"first", "unique", "priority", "any", "collect",
	                                   "rule_order"};
	static const char *const aggs[] = {NULL, "sum", "min", "max", "count"};
	const decision *d = decision_at(rs, di);
	if (!d || !out)
		return CRM_EINVAL;
	memset(out, 0, sizeof *out);
	out->name = d->name;
	out->description = d->text ? d->text->description : NULL;
	out->hit = d->hit < CRM_ARRAY_LEN(hits) ? hits[d->hit] : "first";
	out->aggregate = d->agg < CRM_ARRAY_LEN(aggs) ? aggs[d->agg] : NULL;
	out->complete = d->complete;
	out->ninputs = d->ninputs;
	out->noutputs = d->nouts;
	out->nrules = d->nrules;
	out->file = d->file;
	out->line = d->line;
	out->column = d->col;
	return 0;
}

int crm_decision_input_info(const crm_ruleset *rs, int di, size_t k, crm_input_info *out)
{
	const decision *d = decision_at(rs, di);
	if (!d || !out || k >= d->ninputs)
		return CRM_EINVAL;
	memset(out, 0, sizeof *out);
	out->name = d->inputs[k].name;
	out->expr = d->why ? d->why->inputs[k].text : d->inputs[k].name;
	out->description = d->text ? d->text->input_desc[k] : NULL;
	out->type = (crm_type)d->inputs[k].type;
	out->elem = (crm_type)d->inputs[k].elem;
	return 0;
}

int crm_decision_output_info(const crm_ruleset *rs, int di, size_t k, crm_output_info *out)
{
	const decision *d = decision_at(rs, di);
	if (!d || !out || k >= d->nouts)
		return CRM_EINVAL;
	const output_decl *o = &d->outs[k];
	memset(out, 0, sizeof *out);
	out->name = o->name;
	out->type = (crm_type)o->type;
	out->elem = (crm_type)o->elem;
	out->description = d->text ? d->text->output_desc[k] : NULL;
	out->nvalues = o->nvalues;
	out->ordered = o->ordered;
	return 0;
}

crm_value crm_decision_output_value(const crm_ruleset *rs, int di, size_t k, size_t j)
{
	const decision *d = decision_at(rs, di);
	if (!d || k >= d->nouts || j >= d->outs[k].nvalues)
		return (crm_value){.type = CRM_T_UNKNOWN};
	return crm_val_public(&d->outs[k].values[j]);
}

static const rule_text *rule_text_at(const decision *d, size_t r)
{
	return d && r < d->nrules && d->text ? &d->text->rules[r] : NULL;
}

int crm_decision_rule_info(const crm_ruleset *rs, int di, size_t r, crm_rule_info *out)
{
	const decision *d = decision_at(rs, di);
	if (!d || !out || r >= d->nrules)
		return CRM_EINVAL;
	const rule *ru = &d->rules[r];
	const rule_text *t = rule_text_at(d, r);
	memset(out, 0, sizeof *out);
	out->id = ru->id;
	out->description = t ? t->description : NULL;
	out->when = t ? t->when : NULL;
	out->file = ru->file;
	out->line = ru->line;
	out->column = ru->col;
	return 0;
}

const char *crm_decision_rule_cell(const crm_ruleset *rs, int di, size_t r, size_t k)
{
	const decision *d = decision_at(rs, di);
	const rule_text *t = rule_text_at(d, r);
	return t && k < d->ninputs ? t->cells[k] : NULL;
}

const char *crm_decision_rule_then(const crm_ruleset *rs, int di, size_t r, size_t k)
{
	const decision *d = decision_at(rs, di);
	const rule_text *t = rule_text_at(d, r);
	return t && k < d->nouts ? t->then[k] : NULL;
}

int crm_ruleset_timer_info(const crm_ruleset *rs, size_t i, crm_timer_info *out)
{
	static const char *const measures[] = {"wall", "working days", "business hours"};
	if (!rs || !out || i >= rs->ntimers)
		return CRM_EINVAL;
	const crm_timer_def *t = &rs->timers[i];
	memset(out, 0, sizeof *out);
	out->name = t->name;
	out->description = t->description;
	out->duration = t->duration;
	out->measure = t->measure >= 0 && (size_t)t->measure < CRM_ARRAY_LEN(measures)
	                   ? measures[t->measure]
	                   : "wall";
	out->budget = t->budget;
	out->calendar = t->cal ? t->cal->name : NULL;
	out->nwarnings = t->nwarn;
	for (size_t w = 0; w < t->nwarn && w < CRM_SLA_WARNINGS_MAX; w++)
		out->warnings[w] = t->warn[w] / 1000.0;
	out->alerts_working_hours = t->alerts_in_hours;
	out->on_breach = t->escalates_to;
	out->file = t->file;
	out->line = t->line;
	out->column = t->col;
	return 0;
}

int crm_ruleset_test_info(const crm_ruleset *rs, size_t i, crm_test_info *out)
{
	if (!rs || !out || i >= rs->ntests)
		return CRM_EINVAL;
	const test_case *t = &rs->tests[i];
	memset(out, 0, sizeof *out);
	out->name = t->name;
	switch (t->kind) {
	case TEST_DECISION:
		out->kind = "decision";
		out->target = t->decision >= 0 && (uint32_t)t->decision < rs->ndecs
		                  ? rs->decs[t->decision].name
		                  : NULL;
		break;
	case TEST_TIMER:
		out->kind = "timer";
		out->target = t->timer >= 0 && (uint32_t)t->timer < rs->ntimers
		                  ? rs->timers[t->timer].name
		                  : NULL;
		break;
	default:
		out->kind = "expr";
		out->target = t->expr_text;
		break;
	}
	out->file = t->file;
	out->line = t->line;
	out->column = t->col;
	return 0;
}

int crm_calendar_source(const crm_ruleset *rs, int cal, int year, const char **file, int *line,
                        int *column)
{
	if (!rs || cal < 0 || (uint32_t)cal >= rs->ncals)
		return CRM_EINVAL;
	const crm_calendar *c = &rs->cals[cal];
	const char *f = c->file;
	int ln = c->line, co = c->col;
	if (year) {
		if (!c->year_at || year < c->first_year || year > c->last_year ||
		    !c->year_at[year - c->first_year].file)
			return CRM_ERANGE;
		const crm_cal_at *at = &c->year_at[year - c->first_year];
		f = at->file;
		ln = at->line;
		co = at->col;
	}
	if (file)
		*file = f;
	if (line)
		*line = ln;
	if (column)
		*column = co;
	return 0;
}

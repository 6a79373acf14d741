/* SPDX-License-Identifier: MIT */
/* bench.c - the benchmark: the default rules against the same policies written
 * by hand, cost against table size, load times and the CLI's throughput.
 *
 *   bench RULES_DIR CRMRULES_BIN [--customers N] [--runs R]
 *   bench RULES_DIR - --instructions WORKLOAD N   (for callgrind: no timing)
 *
 * Every figure is the median of R runs over the same generated data. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <malloc.h>
#include <spawn.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <opencc.h>
#include <pcre2.h>
#include <utf8proc.h>

#include "bench_grade.h" /* credit_grade and credit_limit by crmrules compile, over struct customer */
#include "bench_limit.h"
#include "bench_limit_only.h" /* credit_limit with the limit alone in its struct */
#include "crmrules.h"
#include "workload.h"

extern char **environ;

/* ---- counting allocator: every heap allocation the library makes --------------- */
typedef struct counter {
	uint64_t allocs;
} counter;

static void *count_malloc(size_t n, void *ud)
{
	((counter *)ud)->allocs++;
	return malloc(n);
}

static void count_free(void *p, void *ud)
{
	(void)ud;
	free(p);
}

static counter heap;
static const crm_allocator counting = {count_malloc, count_free, &heap};

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void die(const char *what, const crm_error *err)
{
	fprintf(stderr, "bench: %s: %s\n", what, err ? err->message : strerror(errno));
	exit(1);
}

/* ---- the engine side -------------------------------------------------------------- */
/* credit_limit's outputs as a host keeps them */
typedef struct limit_out {
	int64_t limit;
	int32_t term_days;
	uint8_t kind; /* none, temporary, long_term */
} limit_out;

typedef struct engine {
	crm_ruleset *rs;
	crm_context *ctx;
	crm_facts *f;
	crm_binding *grade_rec, *limit_rec; /* struct customer bound to the facts */
	crm_out_binding *limit_out;          /* credit_limit's outputs into a struct */
	int d_grade, d_limit, d_level;
	int s_bad, s_broken, s_dispute, s_capital, s_revenue, s_sales, s_illegal, s_suspended;
	int s_freeze, s_complete, s_months, s_years, s_ratio;
	int s_history, s_temporary, s_collateral_ok, s_ship, s_pay, s_collateral, s_current;
	int s_category, s_repeat, s_emotional, s_authority, s_12315, s_batch, s_inaction,
		s_reputation, s_text;
} engine;

static int slot(const crm_ruleset *rs, const char *name)
{
	int s = crm_fact_slot(rs, name);
	if (s < 0) {
		fprintf(stderr, "bench: the rules have no fact '%s'\n", name);
		exit(1);
	}
	return s;
}

static int decision(const crm_ruleset *rs, const char *name)
{
	int d = crm_decision_find(rs, name);
	if (d < 0) {
		fprintf(stderr, "bench: the rules have no decision '%s'\n", name);
		exit(1);
	}
	return d;
}

static void engine_open(engine *e, const char *rules)
{
	crm_error err;
	crm_load_options opts = CRM_LOAD_OPTIONS_INIT;
	opts.allocator = &counting;
	if (crm_ruleset_load(&e->rs, rules, &opts, &err))
		die(rules, &err);
	if (crm_context_new(&e->ctx, e->rs, NULL) || crm_facts_new(&e->f, e->rs))
		die("out of memory", NULL);
	const crm_ruleset *rs = e->rs;
	e->d_grade = decision(rs, "credit_grade");
	e->d_limit = decision(rs, "credit_limit");
	e->d_level = decision(rs, "complaint_level");
	e->s_bad = slot(rs, "bad_record_24m");
	e->s_broken = slot(rs, "broken_promises");
	e->s_dispute = slot(rs, "debt_dispute");
	e->s_capital = slot(rs, "capital");
	e->s_revenue = slot(rs, "revenue_declining");
	e->s_sales = slot(rs, "sales_declining");
	e->s_illegal = slot(rs, "illegal_operation");
	e->s_suspended = slot(rs, "suspended_by_authority");
	e->s_freeze = slot(rs, "account_freeze_risk");
	e->s_complete = slot(rs, "profile_complete");
	e->s_months = slot(rs, "months_cooperating");
	e->s_years = slot(rs, "good_operating_years");
	e->s_ratio = slot(rs, "annual_payment_ratio");
	e->s_history = slot(rs, "has_credit_history");
	e->s_temporary = slot(rs, "temporary_request");
	e->s_collateral_ok = slot(rs, "collateral_complete");
	e->s_ship = slot(rs, "avg_monthly_shipments");
	e->s_pay = slot(rs, "avg_monthly_payments");
	e->s_collateral = slot(rs, "collateral_value");
	e->s_current = slot(rs, "current_limit");
	e->s_category = slot(rs, "category");
	e->s_repeat = slot(rs, "repeat_count");
	e->s_emotional = slot(rs, "emotional");
	e->s_authority = slot(rs, "beyond_authority");
	e->s_12315 = slot(rs, "reported_to_12315");
	e->s_batch = slot(rs, "batch_quality");
	e->s_inaction = slot(rs, "department_inaction");
	e->s_reputation = slot(rs, "reputational_risk");
	e->s_text = slot(rs, "text");
	/* the host's struct, bound once: capital is an enum in the order of
	 * the fact's values (strong, adequate, weak) */
#define F(member, fact, ctype) {fact, offsetof(customer, member), ctype, 0, 0}
	static const crm_field grade_fields[] = {
		F(bad_record_24m, "bad_record_24m", CRM_C_BOOL),
		F(broken_promises, "broken_promises", CRM_C_BOOL),
		F(debt_dispute, "debt_dispute", CRM_C_BOOL),
		{"capital", offsetof(customer, capital), CRM_C_UINT8, CRM_FIELD_INDEX, 0},
		F(revenue_declining, "revenue_declining", CRM_C_BOOL),
		F(sales_declining, "sales_declining", CRM_C_BOOL),
		F(illegal_operation, "illegal_operation", CRM_C_BOOL),
		F(suspended_by_authority, "suspended_by_authority", CRM_C_BOOL),
		F(account_freeze_risk, "account_freeze_risk", CRM_C_BOOL),
		F(profile_complete, "profile_complete", CRM_C_BOOL),
		F(months_cooperating, "months_cooperating", CRM_C_INT32),
		F(good_operating_years, "good_operating_years", CRM_C_INT32),
		F(annual_payment_ratio, "annual_payment_ratio", CRM_C_DOUBLE),
		/* credit_limit */
		F(has_credit_history, "has_credit_history", CRM_C_BOOL),
		F(temporary_request, "temporary_request", CRM_C_BOOL),
		F(collateral_complete, "collateral_complete", CRM_C_BOOL),
		F(avg_monthly_shipments, "avg_monthly_shipments", CRM_C_INT64),
		F(avg_monthly_payments, "avg_monthly_payments", CRM_C_INT64),
		F(collateral_value, "collateral_value", CRM_C_INT64),
		{"current_limit", offsetof(customer, current_limit), CRM_C_INT64, CRM_FIELD_OPTIONAL,
		 offsetof(customer, has_current_limit)},
	};
#undef F
	if (crm_binding_new(&e->grade_rec, rs, grade_fields, 13, sizeof(customer), &err) ||
	    crm_binding_new(&e->limit_rec, rs, grade_fields, 20, sizeof(customer), &err))
		die("binding", &err);
	const crm_out_field limit_fields[] = {
		{"limit", offsetof(limit_out, limit), CRM_C_INT64, 0, 0, 0},
		{"term_days", offsetof(limit_out, term_days), CRM_C_INT32, 0, 0, 0},
		{"credit_kind", offsetof(limit_out, kind), CRM_C_UINT8, CRM_FIELD_INDEX, 0, 0},
	};
	if (crm_out_binding_new(&e->limit_out, rs, e->d_limit, limit_fields, 3, sizeof(limit_out),
	                        &err))
		die("output binding", &err);
}

static void engine_close(engine *e)
{
	crm_binding_free(e->grade_rec);
	crm_binding_free(e->limit_rec);
	crm_out_binding_free(e->limit_out);
	crm_facts_free(e->f);
	crm_context_free(e->ctx);
	crm_ruleset_free(e->rs);
}

/* What a host does per customer: copy its record into the facts, in one
 * call through the binding ... */
static void set_grade_facts(const engine *e, const customer *c)
{
	crm_error err;
	if (crm_facts_set_record(e->f, e->grade_rec, c, &err))
		die("record", &err);
}

static void set_limit_facts(const engine *e, const customer *c)
{
	crm_error err;
	if (crm_facts_set_record(e->f, e->limit_rec, c, &err))
		die("record", &err);
}

/* ... or one setter call per fact. */
static void set_grade_facts_each(const engine *e, const customer *c)
{
	crm_facts *f = e->f;
	crm_facts_set_bool(f, e->s_bad, c->bad_record_24m, NULL);
	crm_facts_set_bool(f, e->s_broken, c->broken_promises, NULL);
	crm_facts_set_bool(f, e->s_dispute, c->debt_dispute, NULL);
	const char *cap = capital_names[c->capital];
	crm_facts_set_string(f, e->s_capital, cap, strlen(cap), NULL);
	crm_facts_set_bool(f, e->s_revenue, c->revenue_declining, NULL);
	crm_facts_set_bool(f, e->s_sales, c->sales_declining, NULL);
	crm_facts_set_bool(f, e->s_illegal, c->illegal_operation, NULL);
	crm_facts_set_bool(f, e->s_suspended, c->suspended_by_authority, NULL);
	crm_facts_set_bool(f, e->s_freeze, c->account_freeze_risk, NULL);
	crm_facts_set_bool(f, e->s_complete, c->profile_complete, NULL);
	crm_facts_set_int(f, e->s_months, c->months_cooperating, NULL);
	crm_facts_set_int(f, e->s_years, c->good_operating_years, NULL);
	crm_facts_set_number(f, e->s_ratio, c->annual_payment_ratio, NULL);
}

static void set_limit_facts_each(const engine *e, const customer *c)
{
	crm_facts *f = e->f;
	set_grade_facts_each(e, c);
	crm_facts_set_bool(f, e->s_history, c->has_credit_history, NULL);
	crm_facts_set_bool(f, e->s_temporary, c->temporary_request, NULL);
	crm_facts_set_bool(f, e->s_collateral_ok, c->collateral_complete, NULL);
	crm_facts_set_money(f, e->s_ship, c->avg_monthly_shipments, NULL);
	crm_facts_set_money(f, e->s_pay, c->avg_monthly_payments, NULL);
	crm_facts_set_money(f, e->s_collateral, c->collateral_value, NULL);
	if (c->has_current_limit)
		crm_facts_set_money(f, e->s_current, c->current_limit, NULL);
	else
		crm_facts_unset(f, e->s_current);
}

static void set_complaint_facts(const engine *e, const complaint *c)
{
	crm_facts *f = e->f;
	const char *cat = complaint_categories[c->category];
	crm_facts_set_string(f, e->s_category, cat, strlen(cat), NULL);
	crm_facts_set_int(f, e->s_repeat, c->repeat_count, NULL);
	crm_facts_set_bool(f, e->s_emotional, c->emotional, NULL);
	crm_facts_set_bool(f, e->s_authority, c->beyond_authority, NULL);
	crm_facts_set_bool(f, e->s_12315, c->reported_to_12315, NULL);
	crm_facts_set_bool(f, e->s_batch, c->batch_quality, NULL);
	crm_facts_set_bool(f, e->s_inaction, c->department_inaction, NULL);
	crm_facts_set_bool(f, e->s_reputation, c->reputational_risk, NULL);
	crm_facts_set_string(f, e->s_text, c->text, strlen(c->text), NULL);
}

static const crm_result *decide(const engine *e, int d)
{
	const crm_result *r;
	crm_error err;
	if (crm_decide_index(e->ctx, d, e->f, &r, &err))
		die("decide", &err);
	return r;
}

/* ---- workloads: each runs n items and returns a checksum ---------------------------- */
typedef struct data {
	engine e;
	customer *cust;
	complaint *compl;
	size_t n;
	/* complaint_level by hand: its text rules' patterns (a rule holds when
	 * all of its own match), the OpenCC converter */
	pcre2_code *re[5][2];
	int nre[5];
	pcre2_match_data *md;
	opencc_t cc;
	/* normalize() and friends alone: a ruleset of one-output decisions */
	crm_ruleset *text_rs;
	crm_context *text_ctx;
	crm_facts *text_f;
	int text_slot, text_dec;
	const char *fixed_text; /* when set, every item's text */
	/* results, compared between the two sides */
	uint64_t grades[3];
	int64_t limit_sum;
	uint64_t levels[4];
	/* the first customers as JSON objects, money as text (as eval prints
	 * it): the JSON rows cycle through them */
	char *json;
	size_t *json_off, *json_len, njson;
} data;

/* How a host hands over a customer: a record through the binding, or one
 * setter call per fact. */
typedef void (*setter_fn)(const engine *e, const customer *c);

static inline uint64_t grades_with(data *b, size_t n, setter_fn set)
{
	memset(b->grades, 0, sizeof b->grades);
	for (size_t i = 0; i < n; i++) {
		set(&b->e, &b->cust[i]);
		crm_value v = crm_result_output(decide(&b->e, b->e.d_grade), 0);
		b->grades[v.u.s.ptr[0] - 'A']++;
	}
	return b->grades[0] * 1000003u + b->grades[1] * 1009u + b->grades[2];
}

/* The host's share: the facts alone, no decision. */
static inline uint64_t facts_with(data *b, size_t n, setter_fn set)
{
	for (size_t i = 0; i < n; i++)
		set(&b->e, &b->cust[i]);
	return 0;
}

/* One call a customer, crm_decide_record: no facts object. */
static const crm_result *decide_record(const engine *e, int d, const crm_binding *b,
                                       const customer *c)
{
	const crm_result *r;
	crm_error err;
	if (crm_decide_record(e->ctx, d, b, c, &r, &err))
		die("decide", &err);
	return r;
}

static uint64_t engine_grade_record(data *b, size_t n)
{
	memset(b->grades, 0, sizeof b->grades);
	for (size_t i = 0; i < n; i++) {
		crm_value v =
			crm_result_output(decide_record(&b->e, b->e.d_grade, b->e.grade_rec, &b->cust[i]), 0);
		b->grades[v.u.s.ptr[0] - 'A']++;
	}
	return b->grades[0] * 1000003u + b->grades[1] * 1009u + b->grades[2];
}

static uint64_t engine_limit_record(data *b, size_t n)
{
	b->limit_sum = 0;
	for (size_t i = 0; i < n; i++)
		b->limit_sum += crm_result_output(decide_record(&b->e, b->e.d_limit, b->e.limit_rec,
		                                                &b->cust[i]),
		                                  0)
		                        .u.money;
	return (uint64_t)b->limit_sum;
}

/* ---- generated code (crmrules compile), over the customers themselves ------------------ */
static uint64_t gen_grades(data *b, size_t n)
{
	memset(b->grades, 0, sizeof b->grades);
	for (size_t i = 0; i < n; i++) {
		bench_grade_out o;
		if (bench_grade_decide(&b->cust[i], &o))
			die("generated credit_grade", NULL);
		b->grades[2 - o.grade]++; /* its values are C, B, A */
	}
	return b->grades[0] * 1000003u + b->grades[1] * 1009u + b->grades[2];
}

/* The limit alone, as hand_limit computes it: generated with
 * --only-output limit, so the other outputs' constants are not written. */
static uint64_t gen_limits(data *b, size_t n)
{
	b->limit_sum = 0;
	for (size_t i = 0; i < n; i++) {
		bench_limit_only_out o;
		if (bench_limit_only_decide(&b->cust[i], &o))
			die("generated credit_limit", NULL);
		b->limit_sum += o.limit;
	}
	return (uint64_t)b->limit_sum;
}

/* The same, the outputs written into the host's struct by the decision. */
static uint64_t engine_limit_out(data *b, size_t n)
{
	limit_out o;
	crm_error err;
	b->limit_sum = 0;
	for (size_t i = 0; i < n; i++) {
		if (crm_decide_record_into(b->e.ctx, b->e.d_limit, b->e.limit_rec, &b->cust[i],
		                           b->e.limit_out, &o, NULL, &err))
			die("decide", &err);
		b->limit_sum += o.limit + o.term_days * 7 + o.kind * 13;
	}
	return (uint64_t)b->limit_sum;
}

/* The three outputs by hand, into the same struct. */
static uint64_t hand_terms_all(data *b, size_t n)
{
	limit_out o;
	b->limit_sum = 0;
	for (size_t i = 0; i < n; i++) {
		hand_terms(&b->cust[i], &o.limit, &o.term_days, &o.kind);
		b->limit_sum += o.limit + o.term_days * 7 + o.kind * 13;
	}
	return (uint64_t)b->limit_sum;
}

/* The same from generated code: its own output struct. */
static uint64_t gen_terms(data *b, size_t n)
{
	b->limit_sum = 0;
	for (size_t i = 0; i < n; i++) {
		bench_limit_out o;
		if (bench_limit_decide(&b->cust[i], &o))
			die("generated credit_limit", NULL);
		b->limit_sum += o.limit + o.term_days * 7 + o.credit_kind * 13;
	}
	return (uint64_t)b->limit_sum;
}

static uint64_t engine_grade(data *b, size_t n) { return grades_with(b, n, set_grade_facts); }
static uint64_t engine_grade_each(data *b, size_t n)
{
	return grades_with(b, n, set_grade_facts_each);
}
static uint64_t engine_grade_facts(data *b, size_t n)
{
	return facts_with(b, n, set_grade_facts);
}
static uint64_t engine_grade_facts_each(data *b, size_t n)
{
	return facts_with(b, n, set_grade_facts_each);
}
static uint64_t engine_limit_facts(data *b, size_t n)
{
	return facts_with(b, n, set_limit_facts);
}

static uint64_t hand_grades(data *b, size_t n)
{
	memset(b->grades, 0, sizeof b->grades);
	for (size_t i = 0; i < n; i++)
		b->grades[hand_grade(&b->cust[i])]++;
	return b->grades[0] * 1000003u + b->grades[1] * 1009u + b->grades[2];
}

static inline uint64_t limits_with(data *b, size_t n, setter_fn set)
{
	b->limit_sum = 0;
	for (size_t i = 0; i < n; i++) {
		set(&b->e, &b->cust[i]);
		crm_value v = crm_result_output(decide(&b->e, b->e.d_limit), 0);
		b->limit_sum += v.u.money;
	}
	return (uint64_t)b->limit_sum;
}

static uint64_t engine_limit(data *b, size_t n) { return limits_with(b, n, set_limit_facts); }
static uint64_t engine_limit_each(data *b, size_t n)
{
	return limits_with(b, n, set_limit_facts_each);
}

static uint64_t hand_limits(data *b, size_t n)
{
	b->limit_sum = 0;
	for (size_t i = 0; i < n; i++)
		b->limit_sum += hand_limit(&b->cust[i]);
	return (uint64_t)b->limit_sum;
}

/* ---- (2) from JSON ---------------------------------------------------------------- */
#define JSON_CUSTOMERS 65536

static void json_open(data *b)
{
	b->njson = b->n < JSON_CUSTOMERS ? b->n : JSON_CUSTOMERS;
	b->json = malloc(b->njson * 640);
	b->json_off = malloc(b->njson * sizeof *b->json_off);
	b->json_len = malloc(b->njson * sizeof *b->json_len);
	if (!b->json || !b->json_off || !b->json_len)
		die("out of memory", NULL);
	size_t at = 0;
	for (size_t i = 0; i < b->njson; i++) {
		int k = customer_json(&b->cust[i], 1, b->json + at, 640);
		b->json_off[i] = at;
		b->json_len[i] = (size_t)k;
		at += (size_t)k + 1;
	}
}

static uint64_t hand_limits_json(data *b, size_t n)
{
	b->limit_sum = 0;
	for (size_t i = 0; i < n; i++)
		b->limit_sum += hand_limit(&b->cust[i % b->njson]);
	return (uint64_t)b->limit_sum;
}

static inline void read_json(data *b, size_t k)
{
	static const crm_json_options o = {CRM_JSON_OPTIONS_VERSION, CRM_JSON_CLEAR, NULL, 0, 0, NULL};
	crm_error err;
	if (crm_facts_read_json(b->e.f, b->json + b->json_off[k], b->json_len[k], &o, &err))
		die("json", &err);
}

/* The 20 facts from JSON alone; the checksum is their payments. */
static uint64_t engine_json_read(data *b, size_t n)
{
	uint64_t sum = 0;
	for (size_t i = 0; i < n; i++) {
		read_json(b, i % b->njson);
		sum += (uint64_t)crm_facts_get(b->e.f, b->e.s_pay).u.money;
	}
	return sum;
}

/* JSON in, decided, the result written as JSON. */
static uint64_t engine_limit_json(data *b, size_t n)
{
	char out[512];
	b->limit_sum = 0;
	for (size_t i = 0; i < n; i++) {
		read_json(b, i % b->njson);
		const crm_result *r = decide(&b->e, b->e.d_limit);
		if (crm_result_json(r, NULL, 0, out, sizeof out) >= sizeof out)
			die("json out", NULL);
		b->limit_sum += crm_result_output(r, 0).u.money;
	}
	return (uint64_t)b->limit_sum;
}

/* The same in one call; the checksum is the bytes written. */
static uint64_t engine_decide_json(data *b, size_t n)
{
	char out[512];
	uint64_t bytes = 0;
	for (size_t i = 0; i < n; i++) {
		size_t k = i % b->njson, len;
		crm_error err;
		if (crm_decide_json(b->e.ctx, b->e.d_limit, b->json + b->json_off[k], b->json_len[k],
		                    NULL, out, sizeof out, &len, &err))
			die("decide json", &err);
		bytes += len;
	}
	return bytes;
}

/* What engine_decide_json should write: the same bytes, from the steps. */
static uint64_t steps_json_bytes(data *b, size_t n)
{
	char out[512];
	uint64_t bytes = 0;
	for (size_t i = 0; i < n; i++) {
		read_json(b, i % b->njson);
		bytes += crm_result_json(decide(&b->e, b->e.d_limit), NULL, 0, out, sizeof out);
	}
	return bytes;
}

static uint64_t engine_level(data *b, size_t n)
{
	memset(b->levels, 0, sizeof b->levels);
	for (size_t i = 0; i < n; i++) {
		set_complaint_facts(&b->e, &b->compl[i]);
		crm_value v = crm_result_output(decide(&b->e, b->e.d_level), 0);
		b->levels[v.u.i]++;
	}
	return b->levels[1] * 1000003u + b->levels[2] * 1009u + b->levels[3];
}

static bool matches(data *b, pcre2_code *re, const char *s, size_t len)
{
	return pcre2_match(re, (PCRE2_SPTR)s, len, 0, PCRE2_NO_UTF_CHECK, b->md, NULL) >= 0;
}

/* What complaint_text does, by hand: NFKC with utf8proc into a buffer, then
 * OpenCC's t2s; an ASCII text is its own fold. */
static const char *hand_fold(data *b, const char *text, size_t *len)
{
	static utf8proc_int32_t cps[1 << 16];
	static char out[1 << 18];
	size_t n = strlen(text);
	bool ascii = true;
	for (size_t i = 0; i < n && ascii; i++)
		ascii = (unsigned char)text[i] < 0x80;
	if (ascii) {
		*len = n;
		return text;
	}
	utf8proc_option_t o = UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT;
	utf8proc_ssize_t k = utf8proc_decompose_custom((const utf8proc_uint8_t *)text,
	                                               (utf8proc_ssize_t)n, cps, 1 << 16, o, NULL,
	                                               NULL);
	if (k < 0 || k >= (1 << 16) || (k = utf8proc_reencode(cps, k, o)) < 0)
		die("utf8proc", NULL);
	char *t = opencc_convert_utf8(b->cc, (const char *)cps, (size_t)k);
	if (!t)
		die("opencc", NULL);
	*len = strlen(t);
	memcpy(out, t, *len + 1);
	opencc_convert_utf8_free(t);
	return out;
}

/* Text rule k: every one of its patterns matches, tried in order. */
static bool text_rule(data *b, int k, const char *t, size_t len)
{
	for (int i = 0; i < b->nre[k]; i++)
		if (!matches(b, b->re[k][i], t, len))
			return false;
	return true;
}

/* complaint_level of rules/complaints.yaml, in its rule order; the text is
 * folded when the first text rule is reached, as complaint_text is. */
static int hand_level(data *b, const complaint *c)
{
	if (c->reputational_risk || c->reported_to_12315)
		return 3;
	size_t len;
	const char *t = hand_fold(b, c->text, &len);
	if (text_rule(b, 0, t, len) || text_rule(b, 1, t, len) || c->batch_quality ||
	    c->department_inaction)
		return 3;
	const char *cat = complaint_categories[c->category];
	if (c->repeat_count >= 1 || text_rule(b, 2, t, len) || c->emotional ||
	    text_rule(b, 3, t, len) || c->beyond_authority ||
	    strcmp(cat, "service_attitude") == 0 || strcmp(cat, "policy") == 0 ||
	    text_rule(b, 4, t, len))
		return 2;
	return 1;
}

static uint64_t hand_levels(data *b, size_t n)
{
	memset(b->levels, 0, sizeof b->levels);
	for (size_t i = 0; i < n; i++)
		b->levels[hand_level(b, &b->compl[i])]++;
	return b->levels[1] * 1000003u + b->levels[2] * 1009u + b->levels[3];
}

/* The patterns of rule id in RULES_DIR/complaints.yaml (at most max): the
 * strings after each "matches" of its condition, unescaped as the expression
 * language does (\\ \" \'), so that the hand-written side runs exactly the
 * rule file's patterns. */
static int rule_patterns(const char *rules, const char *id, char **out, int max)
{
	char path[4096], key[128];
	snprintf(path, sizeof path, "%s/complaints.yaml", rules);
	snprintf(key, sizeof key, "id: %s\n", id);
	FILE *fp = fopen(path, "r");
	if (!fp)
		die(path, NULL);
	static char text[1 << 20];
	size_t n = fread(text, 1, sizeof text - 1, fp);
	fclose(fp);
	text[n] = '\0';
	const char *p = strstr(text, key), *end = p ? strstr(p + 1, "- id: ") : NULL;
	int k = 0;
	while (p && k < max && (p = strstr(p, "matches \"")) && (!end || p < end)) {
		p += strlen("matches \"");
		char *pat = malloc(n + 1), *w = pat;
		if (!pat)
			die("out of memory", NULL);
		for (; *p && *p != '"'; p++)
			*w++ = *p == '\\' && p[1] ? *++p : *p;
		*w = '\0';
		out[k++] = pat;
	}
	if (!k) {
		fprintf(stderr, "bench: no pattern for rule %s in %s\n", id, path);
		exit(1);
	}
	return k;
}

static pcre2_code *compile_re(const char *pat)
{
	int ec;
	PCRE2_SIZE eo;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
	                               PCRE2_UTF | PCRE2_UCP | PCRE2_NEVER_BACKSLASH_C, &ec, &eo,
	                               NULL);
	if (!re) {
		fprintf(stderr, "bench: bad pattern at %zu: %s\n", (size_t)eo, pat);
		exit(1);
	}
	pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	return re;
}

static void hand_open(data *b, const char *rules)
{
	static const char *const ids[5] = {"S4-14-L3-12315-text", "S4-14-L3-press-text",
	                                   "S4-14-L2-repeat-text", "S4-14-L2-emotion-text",
	                                   "S4-14-L2-attitude-text"};
	for (int i = 0; i < 5; i++) {
		char *pats[2];
		b->nre[i] = rule_patterns(rules, ids[i], pats, 2);
		for (int k = 0; k < b->nre[i]; k++) {
			b->re[i][k] = compile_re(pats[k]);
			free(pats[k]);
		}
	}
	b->md = pcre2_match_data_create(1, NULL);
	b->cc = opencc_open(CRM_OPENCC_DATADIR "/t2s.json");
	if (b->cc == (opencc_t)-1)
		die("opencc_open", NULL);
}

static void hand_close(data *b)
{
	for (int i = 0; i < 5; i++)
		for (int k = 0; k < b->nre[i]; k++)
			pcre2_code_free(b->re[i][k]);
	pcre2_match_data_free(b->md);
	if (b->cc && b->cc != (opencc_t)-1)
		opencc_close(b->cc);
}

/* ---- the text functions alone -------------------------------------------------------- */
/* One decision per function, each an output of the text: what a host pays
 * per text for the function (less the "text as it is" row: the call). */
static const char text_yaml[] =
	"facts: { text: string }\n"
	"decisions:\n"
	"  same: { outputs: { v: string }, rules: [ { then: text } ] }\n"
	"  nfkc: { outputs: { v: string }, rules: [ { then: normalize(text) } ] }\n"
	"  t2s: { outputs: { v: string }, rules: [ { then: to_simplified(text) } ] }\n"
	"  both: { outputs: { v: string }, rules: [ { then: to_simplified(normalize(text)) } ] }\n";

static void text_open(data *b)
{
	crm_error err;
	crm_load_options opts = CRM_LOAD_OPTIONS_INIT;
	opts.allocator = &counting;
	if (crm_ruleset_load_buffer(&b->text_rs, text_yaml, strlen(text_yaml), "text.yaml", &opts,
	                            &err))
		die("text functions", &err);
	if (crm_context_new(&b->text_ctx, b->text_rs, NULL) || crm_facts_new(&b->text_f, b->text_rs))
		die("out of memory", NULL);
	b->text_slot = crm_fact_slot(b->text_rs, "text");
}

static void text_close(data *b)
{
	crm_facts_free(b->text_f);
	crm_context_free(b->text_ctx);
	crm_ruleset_free(b->text_rs);
}

static uint64_t engine_text(data *b, size_t n)
{
	uint64_t sum = 0;
	for (size_t i = 0; i < n; i++) {
		const char *t = b->fixed_text ? b->fixed_text : b->compl[i].text;
		crm_facts_set_string(b->text_f, b->text_slot, t, strlen(t), NULL);
		const crm_result *r;
		crm_error err;
		if (crm_decide_index(b->text_ctx, b->text_dec, b->text_f, &r, &err))
			die("text", &err);
		sum += crm_result_output(r, 0).u.s.len;
	}
	return sum;
}

/* ---- timing ------------------------------------------------------------------------- */
typedef uint64_t (*workload_fn)(data *, size_t);

typedef struct figure {
	double ns;          /* per item, median */
	double allocs;      /* heap allocations per item */
	uint64_t checksum;
	double ratio; /* to the workload it was measured against, or 0 */
} figure;

static int runs = 5;

/* fn, timed; against base (when not NULL), a run of each in turn: the
 * ratio is then the median of the runs' own ratios, so a slow spell of the
 * shared machine weighs on both sides of it alike. */
static figure measure_against(data *b, workload_fn fn, workload_fn base, size_t n)
{
	figure fg;
	double t[64], q[64];
	fn(b, n < 1000 ? n : 1000); /* warm up */
	if (base)
		base(b, n < 1000 ? n : 1000);
	uint64_t allocs = 0;
	for (int r = 0; r < runs; r++) {
		double t0 = now_ns();
		if (base)
			base(b, n);
		double t1 = now_ns();
		uint64_t before = heap.allocs;
		fg.checksum = fn(b, n);
		allocs += heap.allocs - before;
		t[r] = (now_ns() - t1) / (double)n;
		q[r] = base ? t[r] / ((t1 - t0) / (double)n) : 0;
	}
	fg.allocs = (double)allocs / ((double)n * runs);
	fg.ns = median(t, runs);
	fg.ratio = base ? median(q, runs) : 0;
	return fg;
}

static figure measure(data *b, workload_fn fn, size_t n)
{
	return measure_against(b, fn, NULL, n);
}

static void row(const char *name, const figure *fg, double base_ns, const char *ratio_to)
{
	char ratio[48] = "";
	if (base_ns > 0)
		snprintf(ratio, sizeof ratio, "%5.2fx %s", fg->ratio > 0 ? fg->ratio : fg->ns / base_ns,
		         ratio_to);
	printf("%-40s %9.1f %12.0f %8.3f   %s\n", name, fg->ns, 1e9 / fg->ns, fg->allocs, ratio);
}

static figure text_row(data *b, const char *decision, const char *name, size_t n, double base)
{
	b->text_dec = crm_decision_find(b->text_rs, decision);
	figure fg = measure(b, engine_text, n);
	row(name, &fg, base, "the text as it is");
	return fg;
}

static void check_same(const char *what, uint64_t a, uint64_t b)
{
	if (a != b) {
		fprintf(stderr, "bench: %s: the engine and the hand-written C disagree\n", what);
		exit(1);
	}
}

/* ---- (4) SLA timers ------------------------------------------------------------------ */
static const crm_sla_pause sla_pause[1] = {{0, 0}};

static uint64_t engine_sla(data *b, size_t n)
{
	/* complaint.formal_reply: 15 working days on cn, started every
	 * 37 minutes from 2026-09-01 (across the National Day holiday) and
	 * looked at 20 days later */
	uint64_t sum = 0;
	const int64_t t0 = 1788192000; /* 2026-09-01T00:00:00+08:00 */
	for (size_t i = 0; i < n; i++) {
		crm_sla_clock clock = {t0 + (int64_t)(i % 1024) * 37 * 60, sla_pause, 0, 0, 0};
		crm_sla_state st;
		crm_error err;
		if (crm_sla_evaluate(b->e.rs, "complaint.formal_reply", &clock,
		                     clock.start + 20 * 86400, &st, &err))
			die("sla", &err);
		sum += (uint64_t)st.due;
	}
	return sum;
}

/* ---- (5) generated tables --------------------------------------------------------------- */
/* n rules over two inputs: region (equality, one of k values) and amount
 * (a range, one of n/k bands of 1000). */
static char *table_yaml(uint32_t n, uint32_t *k_out, size_t *len)
{
	uint32_t k = 1;
	while ((k + 1) * (k + 1) <= n)
		k++;
	while (n % k)
		k--;
	uint32_t bands = n / k;
	size_t cap = 512 + (size_t)n * 96;
	char *buf = malloc(cap);
	if (!buf)
		die("out of memory", NULL);
	size_t w = (size_t)snprintf(buf, cap,
	                            "facts:\n  region: { type: string }\n"
	                            "  amount: { type: int }\n"
	                            "decisions:\n  rate:\n    inputs: [region, amount]\n"
	                            "    outputs: { rate: int }\n    hit: first\n    rules:\n");
	for (uint32_t r = 0; r < k; r++)
		for (uint32_t a = 0; a < bands; a++)
			w += (size_t)snprintf(buf + w, cap - w,
			                      "      - { if: [[r%u], \"[%u..%u)\"], then: \"%u\" }\n", r,
			                      a * 1000, (a + 1) * 1000, r * bands + a);
	*k_out = k;
	*len = w;
	return buf;
}

typedef struct table_bench {
	crm_ruleset *rs;
	crm_context *ctx;
	crm_facts *f;
	uint32_t k, bands;
	int s_region, s_amount;
	uint32_t *regions, *amounts;
	size_t n;
	char *names; /* "r0", "r1", ... 16 bytes each */
	char *yaml;
	size_t len;
} table_bench;

static table_bench *current_table;

static void table_open(table_bench *t, uint32_t size, rng *g)
{
	memset(t, 0, sizeof *t);
	t->yaml = table_yaml(size, &t->k, &t->len);
	t->bands = size / t->k;
	crm_error err;
	crm_load_options opts = CRM_LOAD_OPTIONS_INIT;
	opts.allocator = &counting;
	if (crm_ruleset_load_buffer(&t->rs, t->yaml, t->len, "table.yaml", &opts, &err))
		die("generated table", &err);
	if (crm_context_new(&t->ctx, t->rs, NULL) || crm_facts_new(&t->f, t->rs))
		die("out of memory", NULL);
	t->s_region = crm_fact_slot(t->rs, "region");
	t->s_amount = crm_fact_slot(t->rs, "amount");
	t->n = 65536;
	t->regions = malloc(t->n * sizeof *t->regions);
	t->amounts = malloc(t->n * sizeof *t->amounts);
	t->names = malloc((size_t)t->k * 16);
	if (!t->regions || !t->amounts || !t->names)
		die("out of memory", NULL);
	for (uint32_t r = 0; r < t->k; r++)
		snprintf(t->names + r * 16, 16, "r%u", r);
	for (size_t i = 0; i < t->n; i++) {
		t->regions[i] = rng_below(g, t->k);
		t->amounts[i] = rng_below(g, t->bands * 1000);
	}
}

static void table_close(table_bench *t)
{
	free(t->regions);
	free(t->amounts);
	free(t->names);
	free(t->yaml);
	crm_facts_free(t->f);
	crm_context_free(t->ctx);
	crm_ruleset_free(t->rs);
}

static uint64_t engine_table(data *b, size_t n)
{
	(void)b;
	table_bench *t = current_table;
	uint64_t sum = 0;
	for (size_t i = 0; i < n; i++) {
		size_t j = i % t->n;
		const char *name = t->names + t->regions[j] * 16;
		crm_facts_set_string(t->f, t->s_region, name, strlen(name), NULL);
		crm_facts_set_int(t->f, t->s_amount, t->amounts[j], NULL);
		const crm_result *r;
		crm_error err;
		if (crm_decide_index(t->ctx, 0, t->f, &r, &err))
			die("table", &err);
		int64_t rate = crm_result_output(r, 0).u.i;
		if (rate != (int64_t)(t->regions[j] * t->bands + t->amounts[j] / 1000)) {
			fprintf(stderr, "bench: table of %u rules: wrong rule\n", t->k * t->bands);
			exit(1);
		}
		sum += (uint64_t)rate;
	}
	return sum;
}

static double load_ms(const char *path, const char *yaml, size_t len, crm_ruleset **keep)
{
	double t[64];
	for (int r = 0; r < runs; r++) {
		crm_ruleset *rs;
		crm_error err;
		double t0 = now_ns();
		int rc = yaml ? crm_ruleset_load_buffer(&rs, yaml, len, path, NULL, &err)
		              : crm_ruleset_load(&rs, path, NULL, &err);
		t[r] = (now_ns() - t0) / 1e6;
		if (rc)
			die(path, &err);
		if (keep && r == 0)
			*keep = rs;
		else
			crm_ruleset_free(rs);
	}
	return median(t, runs);
}

/* ---- (7) the command line ------------------------------------------------------------------ */
static double cli_rate(const char *cli, const char *rules, const char *ndjson, size_t n,
                       const char *jobs)
{
	double t[64];
	int nruns = runs < 3 ? runs : 3;
	for (int r = 0; r < nruns; r++) {
		posix_spawn_file_actions_t fa;
		posix_spawn_file_actions_init(&fa);
		posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
		char *argv[] = {(char *)cli, "eval", "--rules", (char *)rules, "--decision",
		                "credit_limit", "--lines", "--quiet", "--jobs", (char *)jobs,
		                (char *)ndjson, NULL};
		pid_t pid;
		double t0 = now_ns();
		if (posix_spawn(&pid, cli, &fa, NULL, argv, environ))
			die(cli, NULL);
		int status;
		waitpid(pid, &status, 0);
		t[r] = (now_ns() - t0) / 1e9;
		posix_spawn_file_actions_destroy(&fa);
		if (!WIFEXITED(status) || WEXITSTATUS(status)) {
			fprintf(stderr, "bench: %s eval failed (status %d)\n", cli, status);
			exit(1);
		}
	}
	return (double)n / median(t, nruns);
}

/* ---- main -------------------------------------------------------------------------------------- */
/* Nothing: what the set-up and the generator cost, to subtract. */
static uint64_t nothing(data *b, size_t n)
{
	(void)b;
	return n;
}

static const struct {
	const char *name;
	workload_fn fn;
} instr_workloads[] = {
	{"none", nothing},
	{"grade", engine_grade}, {"grade-record", engine_grade_record}, {"grade-hand", hand_grades}, {"grade-facts", engine_grade_facts},
	{"grade-each", engine_grade_each}, {"grade-facts-each", engine_grade_facts_each},
	{"limit", engine_limit}, {"limit-record", engine_limit_record}, {"limit-hand", hand_limits},
	{"limit-out", engine_limit_out}, {"grade-gen", gen_grades}, {"limit-gen", gen_limits},
	{"terms-hand", hand_terms_all}, {"terms-gen", gen_terms},
	{"limit-each", engine_limit_each}, {"sla", engine_sla},
	{"json-read", engine_json_read}, {"limit-json", engine_limit_json},
	{"decide-json", engine_decide_json},
	{"level", engine_level}, {"level-hand", hand_levels},
	{"text-same", engine_text}, {"text-nfkc", engine_text}, {"text-t2s", engine_text},
	{"text-both", engine_text},
};

/* The workload of --instructions and --time called name, or NULL. */
static workload_fn workload_named(const char *name)
{
	for (size_t i = 0; i < sizeof instr_workloads / sizeof instr_workloads[0]; i++)
		if (strcmp(name, instr_workloads[i].name) == 0)
			return instr_workloads[i].fn;
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fputs("usage: bench RULES_DIR CRMRULES_BIN [--customers N] [--runs R]\n"
		      "       bench RULES_DIR - --instructions WORKLOAD N\n"
		      "       bench RULES_DIR - --time WORKLOAD BASE [--customers N] [--runs R]\n"
		      "             [--repeat K]\n",
		      stderr);
		return 2;
	}
	const char *rules = argv[1], *cli = argv[2];
	size_t n = 1000000, repeat = 0;
	const char *instr = NULL, *timed = NULL, *timed_base = NULL;
	for (int i = 3; i < argc; i++) {
		if (strcmp(argv[i], "--customers") == 0 && i + 1 < argc)
			n = strtoul(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
			runs = atoi(argv[++i]);
		else if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc)
			repeat = strtoul(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--time") == 0 && i + 2 < argc) {
			timed = argv[++i];
			timed_base = argv[++i];
		} else if (strcmp(argv[i], "--instructions") == 0 && i + 2 < argc) {
			instr = argv[++i];
			n = strtoul(argv[++i], NULL, 10);
		}
	}
	if (runs < 1 || runs > 64 || n < 1) {
		fputs("bench: --runs is 1..64, --customers at least 1\n", stderr);
		return 2;
	}
	static data b;
	b.n = n;
	b.cust = malloc(n * sizeof *b.cust);
	b.compl = malloc(n * sizeof *b.compl);
	if (!b.cust || !b.compl)
		die("out of memory", NULL);
	rng g = {20261122};
	for (size_t i = 0; i < n; i++)
		gen_customer(&g, &b.cust[i]);
	/* --repeat K: the first K customers over and over, still read from
	 * memory in turn, but a pattern the branch predictors learn: what a
	 * workload costs without its mispredicted branches */
	for (size_t i = repeat; repeat && i < n; i++)
		b.cust[i] = b.cust[i % repeat];
	for (size_t i = 0; i < n; i++)
		gen_complaint(&g, &b.compl[i]);
	engine_open(&b.e, rules);
	json_open(&b);

	if (instr && strncmp(instr, "table", 5) == 0) {
		table_bench t;
		table_open(&t, (uint32_t)strtoul(instr + 5, NULL, 10), &g);
		current_table = &t;
		printf("%" PRIu64 "\n", engine_table(&b, n));
		table_close(&t);
		engine_close(&b.e);
		return 0;
	}
	if (timed) { /* one workload against another, alone: quick comparisons */
		workload_fn fn = workload_named(timed), base = workload_named(timed_base);
		if (!fn || !base) {
			fprintf(stderr, "bench: no workload '%s'\n", fn ? timed_base : timed);
			return 2;
		}
		if (strncmp(timed, "text-", 5) == 0 || strncmp(timed_base, "text-", 5) == 0) {
			/* they share one decision (b.text_dec): the full bench times them */
			fputs("bench: --time does not take the text- workloads\n", stderr);
			return 2;
		}
		hand_open(&b, rules);
		text_open(&b);
		figure fb = measure(&b, base, n), fg = measure_against(&b, fn, base, n);
		printf("%s %.1f ns, %s %.1f ns: %.2fx\n", timed, fg.ns, timed_base, fb.ns, fg.ratio);
		text_close(&b);
		hand_close(&b);
		engine_close(&b.e);
		return 0;
	}
	if (instr) { /* a fixed amount of work for callgrind: no timing */
		hand_open(&b, rules);
		text_open(&b);
		if (strncmp(instr, "text-", 5) == 0)
			b.text_dec = crm_decision_find(b.text_rs, instr + 5);
		workload_fn fn = workload_named(instr);
		if (!fn) {
			fprintf(stderr, "bench: no workload '%s'\n", instr);
			return 2;
		}
		printf("%" PRIu64 "\n", fn(&b, n));
		text_close(&b);
		hand_close(&b);
		engine_close(&b.e);
		return 0;
	}

	printf("crmrules %d.%d.%d benchmark: %zu customers, median of %d runs, one core\n"
	       "(crm_decide_record rows: the median of each run's ratio to a hand-written run "
	       "just before it)\n\n",
	       crm_version() / 1000000, crm_version() / 1000 % 1000, crm_version() % 1000, n, runs);
	printf("%-40s %9s %12s %8s   %s\n", "workload", "ns/item", "items/s", "allocs",
	       "ratio");

	/* (1) credit_grade */
	figure hg = measure(&b, hand_grades, n);
	uint64_t hand_counts[3];
	memcpy(hand_counts, b.grades, sizeof hand_counts);
	figure eg = measure(&b, engine_grade, n);
	check_same("credit_grade", hg.checksum, eg.checksum);
	row("(1) credit_grade, hand-written C", &hg, 0, "");
	figure er = measure_against(&b, engine_grade_record, hand_grades, n);
	check_same("credit_grade, crm_decide_record", hg.checksum, er.checksum);
	row("(1) credit_grade, crm_decide_record", &er, hg.ns, "hand-written C");
	figure gg = measure_against(&b, gen_grades, hand_grades, n);
	check_same("credit_grade, generated C", hg.checksum, gg.checksum);
	row("(1) credit_grade, generated C", &gg, hg.ns, "hand-written C");
	figure fgf = measure(&b, engine_grade_facts, n);
	row("(1) the same, facts set, then decided", &eg, hg.ns, "hand-written C");
	row("    of which the record (13 facts)", &fgf, 0, "");
	figure dg = eg;
	dg.ns -= fgf.ns;
	row("    of which deciding", &dg, hg.ns, "hand-written C");
	figure eg1 = measure(&b, engine_grade_each, n);
	check_same("credit_grade, one setter per fact", hg.checksum, eg1.checksum);
	figure fg1 = measure(&b, engine_grade_facts_each, n);
	row("(1) the same, 13 setter calls", &eg1, hg.ns, "hand-written C");
	row("    of which the 13 setter calls", &fg1, 0, "");
	/* (2) credit_limit, chained into credit_grade */
	figure hl = measure(&b, hand_limits, n);
	figure el = measure(&b, engine_limit, n);
	check_same("credit_limit", hl.checksum, el.checksum);
	row("(2) credit_limit, hand-written C", &hl, 0, "");
	figure elr = measure_against(&b, engine_limit_record, hand_limits, n);
	check_same("credit_limit, crm_decide_record", hl.checksum, elr.checksum);
	row("(2) credit_limit, crm_decide_record", &elr, hl.ns, "hand-written C");
	/* three outputs into the host's struct, against the same by hand */
	figure ht = measure(&b, hand_terms_all, n);
	row("(2) the same, 3 outputs, hand-written C", &ht, 0, "");
	figure elo = measure_against(&b, engine_limit_out, hand_terms_all, n);
	check_same("credit_limit, crm_decide_record_into", ht.checksum, elo.checksum);
	row("(2) the same, crm_decide_record_into", &elo, ht.ns, "hand-written C, 3 outputs");
	figure gt = measure_against(&b, gen_terms, hand_terms_all, n);
	check_same("credit_limit, generated C, 3 outputs", ht.checksum, gt.checksum);
	row("(2) the same, generated C", &gt, ht.ns, "hand-written C, 3 outputs");
	figure gl = measure_against(&b, gen_limits, hand_limits, n);
	check_same("credit_limit, generated C", hl.checksum, gl.checksum);
	row("(2) credit_limit, generated C", &gl, hl.ns, "hand-written C");
	figure flf = measure(&b, engine_limit_facts, n);
	row("(2) the same, facts set, then decided", &el, hl.ns, "hand-written C");
	row("    of which the record (20 facts)", &flf, 0, "");
	figure dl = el;
	dl.ns -= flf.ns;
	row("    of which deciding", &dl, hl.ns, "hand-written C");
	figure el1 = measure(&b, engine_limit_each, n);
	check_same("credit_limit, one setter per fact", hl.checksum, el1.checksum);
	row("(2) the same, 20 setter calls", &el1, hl.ns, "hand-written C");
	/* (2) from JSON: money as text, as a host that took eval's output
	 * would send it */
	figure hj = measure(&b, hand_limits_json, n);
	figure jr = measure(&b, engine_json_read, n);
	row("(2) the same, 20 facts from JSON", &jr, 0, "");
	figure jl = measure_against(&b, engine_limit_json, hand_limits_json, n);
	check_same("credit_limit from JSON", hj.checksum, jl.checksum);
	row("(2) JSON in, decided, JSON out", &jl, hl.ns, "hand-written C");
	figure dj = measure(&b, engine_decide_json, n);
	check_same("crm_decide_json", steps_json_bytes(&b, n), dj.checksum);
	row("(2) the same, crm_decide_json", &dj, hl.ns, "hand-written C");
	printf("    targets: from JSON <= 1000 ns, JSON in to JSON out <= 2000 ns, 0 allocs\n");
	/* (3) complaint_level: the text folded (normalize, to_simplified), then
	 * its five patterns */
	hand_open(&b, rules);
	figure hc = measure(&b, hand_levels, n);
	figure ec = measure(&b, engine_level, n);
	check_same("complaint_level", hc.checksum, ec.checksum);
	row("(3) complaint_level, hand-written C", &hc, 0, "");
	row("(3) the same, crmrules", &ec, hc.ns, "hand-written C");
	/* the text functions alone, over the same texts, then on one
	 * traditional Chinese text (OpenCC runs) and one English (it does not) */
	text_open(&b);
	size_t nt = n < 200000 ? n : 200000;
	figure same = text_row(&b, "same", "(3) a text as it is (the call)", nt, 0);
	text_row(&b, "nfkc", "(3) normalize(text)", nt, same.ns);
	text_row(&b, "t2s", "(3) to_simplified(text)", nt, same.ns);
	text_row(&b, "both", "(3) to_simplified(normalize(text))", nt, same.ns);
	b.fixed_text = "我已經向消費者協會投訴了，等他們聯繫你們。";
	figure same_zh = text_row(&b, "same", "(3) 23 traditional characters, as it is", nt, 0);
	text_row(&b, "nfkc", "    normalize()", nt, same_zh.ns);
	text_row(&b, "t2s", "    to_simplified()", nt, same_zh.ns);
	b.fixed_text = "I don't want to take this to 12315, I just need the right parts.";
	figure same_en = text_row(&b, "same", "(3) 64 ASCII characters, as it is", nt, 0);
	text_row(&b, "both", "    to_simplified(normalize())", nt, same_en.ns);
	b.fixed_text = NULL;
	/* (4) SLA */
	figure es = measure(&b, engine_sla, n);
	row("(4) crm_sla_evaluate, 15 working days", &es, 0, "");

	/* (5) table size */
	double base = 0;
	char *big_yaml = NULL;
	size_t big_len = 0;
	for (uint32_t size = 10; size <= 10000; size *= 10) {
		table_bench t;
		table_open(&t, size, &g);
		current_table = &t;
		figure ft = measure(&b, engine_table, n < 200000 ? n : 200000);
		char name[48];
		snprintf(name, sizeof name, "(5) table of %u rules", size);
		if (!base)
			base = ft.ns;
		row(name, &ft, size == 10 ? 0 : base, "10 rules");
		if (size == 10000) {
			big_yaml = t.yaml;
			big_len = t.len;
			t.yaml = NULL;
		}
		table_close(&t);
	}

	/* (6) loading */
	printf("\n%-40s %9s\n", "load", "ms");
	printf("%-40s %9.2f\n", "(6) rules/ (every default rule file)", load_ms(rules, NULL, 0, NULL));
	printf("%-40s %9.2f\n", "(6) the 10,000-rule table",
	       load_ms("table.yaml", big_yaml, big_len, NULL));
	/* The figure above is mostly the kernel's first touch of ~27 MB (on
	 * this VM a page fault costs ~10 us). A long-running host reuses its
	 * heap: keep freed memory mapped and load again. */
	mallopt(M_TRIM_THRESHOLD, 1 << 30);
	mallopt(M_MMAP_THRESHOLD, 1 << 30);
	load_ms("table.yaml", big_yaml, big_len, NULL);
	printf("%-40s %9.2f\n", "(6) the same, heap already mapped",
	       load_ms("table.yaml", big_yaml, big_len, NULL));
	free(big_yaml);

	/* (7) the command line over NDJSON, money as numbers and as text */
	if (strcmp(cli, "-") != 0) {
		char paths[2][32] = {"/tmp/crmrules-bench-XXXXXX", "/tmp/crmrules-bench-XXXXXX"};
		for (int q = 0; q < 2; q++) {
			int fd = mkstemp(paths[q]);
			FILE *out = fd >= 0 ? fdopen(fd, "w") : NULL;
			if (!out)
				die(paths[q], NULL);
			char line[2048];
			for (size_t i = 0; i < n; i++) {
				customer_json(&b.cust[i], q, line, sizeof line);
				fputs(line, out);
				fputc('\n', out);
			}
			fclose(out);
		}
		printf("\n%-40s %12s\n", "command line", "customers/s");
		printf("%-40s %12.0f\n", "(7) eval --lines credit_limit, 1 job",
		       cli_rate(cli, rules, paths[0], n, "1"));
		printf("%-40s %12.0f\n", "(7) the same, money as text",
		       cli_rate(cli, rules, paths[1], n, "1"));
		printf("%-40s %12.0f\n", "(7) eval --lines credit_limit, 2 jobs",
		       cli_rate(cli, rules, paths[0], n, "2"));
		printf("    target: 1,000,000 customers/s on one core\n");
		unlink(paths[0]);
		unlink(paths[1]);
	}
	text_close(&b);
	hand_close(&b);
	engine_close(&b.e);
	free(b.cust);
	free(b.compl);
	free(b.json);
	free(b.json_off);
	free(b.json_len);
	return 0;
}

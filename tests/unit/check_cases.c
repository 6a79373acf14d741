/* SPDX-License-Identifier: MIT */
/* check_cases.c - data-driven cases and the allocation-failure loop.
 *
 * tests/cases/invalid/NAME.yaml is a bad rule file; NAME.err holds every
 * diagnostic the loader must report, exactly, one per line. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>

#include "suites.h"

#ifndef CRM_CASES_DIR
#error "CRM_CASES_DIR must name tests/cases"
#endif

static char *slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	fseek(fp, 0, SEEK_END);
	long n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	char *buf = malloc((size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, fp) == (size_t)n)
		buf[n] = '\0';
	else {
		free(buf);
		buf = NULL;
	}
	fclose(fp);
	return buf;
}

typedef struct text {
	char buf[8192];
} text;

static void collect(int severity, const crm_error *e, void *ud)
{
	text *t = ud;
	size_t n = strlen(t->buf);
	const char *base = strrchr(e->file, '/');
	snprintf(t->buf + n, sizeof t->buf - n, "%s:%d:%d: %s: %s\n", base ? base + 1 : e->file,
	         e->line, e->column, severity == CRM_DIAG_WARNING ? "warning" : "error",
	         e->message);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

START_TEST(invalid_rule_files)
{
	const char *dir = CRM_CASES_DIR "/invalid";
	DIR *d = opendir(dir);
	ck_assert_ptr_nonnull(d);
	char *names[512];
	size_t n = 0;
	struct dirent *de;
	while ((de = readdir(d)) && n < 512) {
		size_t l = strlen(de->d_name);
		if (l > 5 && strcmp(de->d_name + l - 5, ".yaml") == 0)
			names[n++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, by_name);
	ck_assert_msg(n >= 20, "only %zu invalid cases", n);
	int failures = 0;
	for (size_t i = 0; i < n; i++) {
		char path[512], errpath[512];
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		snprintf(errpath, sizeof errpath, "%s/%.*s.err", dir, (int)(strlen(names[i]) - 5),
		         names[i]);
		char *want = slurp(errpath);
		if (!want) {
			fprintf(stderr, "%s: no .err file\n", names[i]);
			failures++;
			free(names[i]);
			continue;
		}
		text got = {{0}};
		crm_load_options o = CRM_LOAD_OPTIONS_INIT;
		o.diagnostic = collect;
		o.diagnostic_ud = &got;
		crm_ruleset *rs = NULL;
		crm_error err;
		int rc = crm_ruleset_load(&rs, path, &o, &err);
		if (rc == 0 || rs) {
			fprintf(stderr, "%s: loaded, but must fail\n", names[i]);
			failures++;
		} else if (strcmp(got.buf, want) != 0) {
			fprintf(stderr, "%s:\n--- want\n%s--- got\n%s", names[i], want, got.buf);
			failures++;
		}
		crm_ruleset_free(rs);
		free(want);
		free(names[i]);
	}
	ck_assert_int_eq(failures, 0);
}
END_TEST

/* NAME.facts.json: bad facts for tests/cases/facts-rules.yaml; NAME.err
 * holds the error, positioned in the facts text. */
START_TEST(invalid_facts)
{
	const char *dir = CRM_CASES_DIR "/invalid";
	crm_ruleset *rs;
	crm_error err;
	ck_assert_msg(crm_ruleset_load(&rs, CRM_CASES_DIR "/facts-rules.yaml", NULL, &err) == 0, "%s",
	              err.message);
	crm_facts *f;
	ck_assert_int_eq(crm_facts_new(&f, rs), 0);
	DIR *d = opendir(dir);
	ck_assert_ptr_nonnull(d);
	struct dirent *de;
	int n = 0, failures = 0;
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);
		if (l <= 11 || strcmp(de->d_name + l - 11, ".facts.json") != 0)
			continue;
		n++;
		char path[512], errpath[512];
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		snprintf(errpath, sizeof errpath, "%s/%.*s.err", dir, (int)(l - 11), de->d_name);
		char *facts = slurp(path), *want = slurp(errpath);
		ck_assert_ptr_nonnull(facts);
		crm_facts_clear(f);
		char got[1024];
		int rc = crm_facts_set_json(f, facts, strlen(facts), &err);
		if (rc == 0)
			snprintf(got, sizeof got, "%s: accepted\n", de->d_name);
		else if (err.line > 0)
			snprintf(got, sizeof got, "%s:%d:%d: error: %s\n", de->d_name, err.line, err.column,
			         err.message);
		else
			snprintf(got, sizeof got, "%s: error: %s\n", de->d_name, err.message);
		if (!want || strcmp(got, want) != 0) {
			fprintf(stderr, "%s:\n--- want\n%s--- got\n%s", de->d_name, want ? want : "(no .err)\n",
			        got);
			failures++;
		}
		free(facts);
		free(want);
	}
	closedir(d);
	crm_facts_free(f);
	crm_ruleset_free(rs);
	ck_assert_int_ge(n, 20);
	ck_assert_int_eq(failures, 0);
}
END_TEST

Suite *cases_suite(void)
{
	Suite *s = suite_create("cases");
	TCase *tc = tcase_create("invalid");
	tcase_add_test(tc, invalid_rule_files);
	tcase_add_test(tc, invalid_facts);
	suite_add_tcase(s, tc);
	return s;
}

/* ---- allocation failure ------------------------------------------------------ */

typedef struct counting {
	long calls, fail_at, live;
	int failed;
} counting;

static void *c_malloc(size_t size, void *ud)
{
	counting *c = ud;
	if (++c->calls == c->fail_at) {
		c->failed = 1;
		return NULL;
	}
	void *p = malloc(size);
	if (p)
		c->live++;
	return p;
}

static void c_free(void *p, void *ud)
{
	counting *c = ud;
	if (p) {
		c->live--;
		free(p);
	}
}

static const char alloc_yaml[] =
	"facts:\n"
	"  months: int\n"
	"  kind: { type: string, values: [long_term, periodic] }\n"
	"  code: { type: string, pattern: '^[A-Z]+$' }\n"
	"  text: string\n"
	"  amount: money\n"
	"constants: { target: 12, rate: 0.25 }\n"
	"decisions:\n"
	"  tier:\n"
	"    inputs: [months, kind]\n"
	"    outputs: { tier: int }\n"
	"    rules:\n"
	"      - { id: a, if: ['>= target', [long_term]], then: 1 }\n"
	"      - { id: b, if: ['-', '-'], then: 2 }\n"
	"  limit:\n"
	"    outputs: { limit: money, who: list of string }\n"
	"    rules:\n"
	"      - { id: l, when: 'tier.tier = 1 and normalize(text) matches \"ok|fine\"', then: { limit: 'amount * 0.25', who: '[\"cfo\", lower(code), to_simplified(code)]' } }\n"
	"      - { id: z, then: { limit: '0', who: '[]' } }\n"
	"tests:\n"
	"  - { decision: limit, facts: { months: 13, kind: long_term, code: AB, text: ok, amount: 100 }, expect: { limit: '25.00', who: [cfo, ab, AB] } }\n";

/* Run scenario with the Nth allocation failing, for every N until it runs
 * without a failure: each time it must return 0 or CRM_ENOMEM and leave
 * nothing allocated. Returns how many runs it took. */
typedef int (*alloc_scenario)(const crm_allocator *al, crm_error *err);

static long alloc_loop(alloc_scenario scenario)
{
	long n;
	for (n = 1; n < 200000; n++) {
		counting c = {0, n, 0, 0};
		crm_allocator al = {c_malloc, c_free, &c};
		crm_error err;
		memset(&err, 0, sizeof err);
		int rc = scenario(&al, &err);
		ck_assert_msg(rc == 0 || rc == CRM_ENOMEM, "allocation %ld: code %d: %s", n, rc,
		              err.message);
		ck_assert_msg(c.live == 0, "allocation %ld: %ld blocks leaked", n, c.live);
		if (!c.failed) {
			ck_assert_int_eq(rc, 0);
			break;
		}
	}
	ck_assert_int_gt(n, 10);
	return n;
}

/* A buffer with regexes, patterns, chains and tests; facts; a decision; a
 * rule-file test. */
static int buffer_scenario(const crm_allocator *al, crm_error *err)
{
	crm_load_options o = CRM_LOAD_OPTIONS_INIT;
	o.allocator = al;
	crm_ruleset *rs = NULL;
	crm_facts *f = NULL;
	crm_context *ctx = NULL;
	int rc = crm_ruleset_load_buffer(&rs, alloc_yaml, strlen(alloc_yaml), "a.yaml", &o, err);
	if (!rc)
		rc = crm_facts_new(&f, rs);
	const char *json = "{months: 13, kind: long_term, code: AB, text: fine, amount: 10}";
	if (!rc)
		rc = crm_facts_set_json(f, json, strlen(json), err);
	/* a bound record over the same facts: the text is copied */
	struct rec {
		int32_t months;
		int kind;
		const char *text;
	} rec = {13, 0, "fine, and a text longer than the first one"};
	crm_field fields[] = {
		{"months", offsetof(struct rec, months), CRM_C_INT32, 0, 0},
		{"kind", offsetof(struct rec, kind), CRM_C_INT, CRM_FIELD_INDEX, 0},
		{"text", offsetof(struct rec, text), CRM_C_STRING, 0, 0},
	};
	crm_binding *b = NULL;
	if (!rc)
		rc = crm_binding_new(&b, rs, fields, 3, sizeof rec, err);
	if (!rc)
		rc = crm_facts_set_record(f, b, &rec, err);
	crm_binding_free(b);
	if (!rc)
		rc = crm_context_new(&ctx, rs, al);
	const crm_result *r;
	if (!rc)
		rc = crm_decide(ctx, "limit", f, &r, err);
	if (!rc) {
		int64_t m = 0;
		ck_assert_int_eq(crm_result_get_money(r, "limit", &m), 0);
		ck_assert_int_eq(m, 250);
	}
	int passed = 0;
	if (!rc)
		rc = crm_ruleset_test_run(ctx, 0, &passed, err);
	if (!rc)
		ck_assert_msg(passed, "%s", err->message);
	crm_context_free(ctx);
	crm_facts_free(f);
	crm_ruleset_free(rs);
	return rc;
}

START_TEST(allocation_failures)
{
	alloc_loop(buffer_scenario);
}
END_TEST

/* Once a context is warm, deciding allocates nothing: chained decisions,
 * regexes, string and list building, normalize() included (to_simplified()
 * of an ASCII code never reaches OpenCC, which allocates on its own heap). */
START_TEST(decide_allocates_nothing)
{
	counting c = {0, -1, 0, 0};
	crm_allocator al = {c_malloc, c_free, &c};
	crm_load_options o = CRM_LOAD_OPTIONS_INIT;
	o.allocator = &al;
	crm_ruleset *rs;
	crm_facts *f;
	crm_context *ctx;
	crm_error err;
	ck_assert_int_eq(crm_ruleset_load_buffer(&rs, alloc_yaml, strlen(alloc_yaml), "a.yaml", &o, &err), 0);
	ck_assert_int_eq(crm_facts_new(&f, rs), 0);
	ck_assert_int_eq(crm_context_new(&ctx, rs, &al), 0);
	const char *json = "{months: 13, kind: long_term, code: AB, text: fine, amount: 10}";
	ck_assert_int_eq(crm_facts_set_json(f, json, strlen(json), &err), 0);
	const crm_result *r;
	ck_assert_int_eq(crm_decide(ctx, "limit", f, &r, &err), 0); /* warm-up */
	long before = c.calls;
	for (int i = 0; i < 1000; i++) {
		ck_assert_int_eq(crm_decide(ctx, "limit", f, &r, &err), 0);
		ck_assert_int_eq(crm_decide(ctx, "tier", f, &r, &err), 0);
	}
	ck_assert_int_eq(c.calls - before, 0);
	crm_context_free(ctx);
	crm_facts_free(f);
	crm_ruleset_free(rs);
	ck_assert_int_eq(c.live, 0);
}
END_TEST

/* Loading the whole default rules directory (includes, calendars, timers,
 * regexes, tests), then facts from text and strings. */
static int rules_dir_scenario(const crm_allocator *al, crm_error *err)
{
	crm_load_options o = CRM_LOAD_OPTIONS_INIT;
	o.allocator = al;
	crm_ruleset *rs = NULL;
	crm_facts *f = NULL;
	int rc = crm_ruleset_load(&rs, CRM_RULES_DIR, &o, err);
	if (!rc)
		rc = crm_facts_new(&f, rs);
	if (!rc)
		rc = crm_facts_set_text(f, "text", "call 12315", 10, err);
	if (!rc)
		rc = crm_facts_set_string(f, crm_fact_slot(rs, "capital"), "strong", 6, err);
	crm_facts_free(f);
	crm_ruleset_free(rs);
	return rc;
}

START_TEST(allocation_failures_rules_dir)
{
	alloc_loop(rules_dir_scenario);
}
END_TEST

/* Rule files from memory, one included by another (crm_ruleset_load_buffers). */
static int buffers_scenario(const crm_allocator *al, crm_error *err)
{
	static const char inc[] = "facts: { months: int }\n";
	static const char top[] = "include: [facts]\ndecisions:\n  tier:\n"
	                          "    outputs: { tier: int }\n"
	                          "    rules: [ { when: months > 12, then: 1 }, { then: 2 } ]\n";
	crm_source src[] = {{"rules/top.yaml", top, sizeof top - 1},
	                    {"rules/facts/months.yaml", inc, sizeof inc - 1}};
	crm_load_options o = CRM_LOAD_OPTIONS_INIT;
	o.allocator = al;
	crm_ruleset *rs = NULL;
	int rc = crm_ruleset_load_buffers(&rs, src, 2, &o, err);
	if (!rc)
		ck_assert_uint_eq(crm_ruleset_fact_count(rs), 1);
	crm_ruleset_free(rs);
	return rc;
}

START_TEST(allocation_failures_buffers)
{
	alloc_loop(buffers_scenario);
}
END_TEST

Suite *alloc_suite(void)
{
	Suite *s = suite_create("alloc");
	TCase *tc = tcase_create("failures");
	tcase_add_test(tc, allocation_failures);
	tcase_add_test(tc, decide_allocates_nothing);
	tcase_add_test(tc, allocation_failures_rules_dir);
	tcase_add_test(tc, allocation_failures_buffers);
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);
	return s;
}

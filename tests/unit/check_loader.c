/* SPDX-License-Identifier: MIT */
/* check_loader.c - loading files and directories, diagnostics, facts records. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "suites.h"

typedef struct diags {
	char text[4096];
	int errors, warnings;
} diags;

static void collect(int severity, const crm_error *e, void *ud)
{
	diags *d = ud;
	size_t n = strlen(d->text);
	const char *base = strrchr(e->file, '/');
	snprintf(d->text + n, sizeof d->text - n, "%s:%d:%d: %s: %s\n", base ? base + 1 : e->file,
	         e->line, e->column, severity == CRM_DIAG_WARNING ? "warning" : "error",
	         e->message);
	if (severity == CRM_DIAG_WARNING)
		d->warnings++;
	else
		d->errors++;
}

static int load_diags(const char *yaml, diags *d)
{
	memset(d, 0, sizeof *d);
	crm_load_options o = CRM_LOAD_OPTIONS_INIT;
	o.diagnostic = collect;
	o.diagnostic_ud = d;
	crm_ruleset *rs = NULL;
	crm_error err;
	int rc = crm_ruleset_load_buffer(&rs, yaml, strlen(yaml), "t.yaml", &o, &err);
	crm_ruleset_free(rs);
	return rc;
}

START_TEST(several_errors_one_pass)
{
	diags d;
	int rc = load_diags("facts: { a: int, b: strin }\n"
	                    "decisions:\n"
	                    "  x:\n"
	                    "    outputs: { v: int }\n"
	                    "    rules:\n"
	                    "      - { id: r1, when: 'a > \"s\"', then: 1 }\n"
	                    "      - { id: r1, then: 2 }\n"
	                    "  y:\n"
	                    "    outputs: { v: int }\n"
	                    "    rules:\n"
	                    "      - { id: q, when: 'aa > 1', then: 1 }\n",
	                    &d);
	ck_assert_int_eq(rc, CRM_ETYPE);
	ck_assert_str_eq(d.text, "t.yaml:1:21: error: unknown type 'strin' (expected bool, int, "
	                         "number, money, string, date, datetime, duration, list of T)\n");
	rc = load_diags("facts: { a: int }\n"
	                "decisions:\n"
	                "  x:\n"
	                "    outputs: { v: int }\n"
	                "    rules:\n"
	                "      - { id: r1, when: 'a > \"s\"', then: 1 }\n"
	                "      - { id: r1, then: 2 }\n"
	                "  y:\n"
	                "    outputs: { v: int }\n"
	                "    rules:\n"
	                "      - { id: q, when: 'aa > 1', then: 1 }\n",
	                &d);
	ck_assert_int_eq(rc, CRM_ETYPE);
	ck_assert_str_eq(d.text,
	                 "t.yaml:6:26: error: cannot compare int and string\n"
	                 "t.yaml:7:15: error: duplicate rule id 'r1' in decision 'x' (first at line 6)\n"
	                 "t.yaml:11:25: error: unknown fact or constant 'aa' (did you mean 'a'?)\n");
	ck_assert_int_eq(d.errors, 3);
}
END_TEST

START_TEST(table_analysis)
{
	diags d;
	int rc = load_diags("facts: { m: int, k: { type: string, values: [x, y, z] } }\n"
	                    "decisions:\n"
	                    "  f:\n"
	                    "    inputs: [m, k]\n"
	                    "    outputs: { v: int }\n"
	                    "    rules:\n"
	                    "      - { id: a, if: ['< 10', '-'], then: 1 }\n"
	                    "      - { id: b, if: ['>= 10', [x, y]], then: 2 }\n"
	                    "      - { id: c, if: ['[5..20]', [x]], then: 3 }\n"
	                    "  u:\n"
	                    "    inputs: [m]\n"
	                    "    outputs: { v: int }\n"
	                    "    hit: unique\n"
	                    "    rules:\n"
	                    "      - { id: a, if: ['[0..10)'], then: 1 }\n"
	                    "      - { id: b, if: ['[10..20]'], then: 2 }\n"
	                    "      - { id: c, if: ['> 15'], then: 3 }\n",
	                    &d);
	ck_assert_int_eq(rc, CRM_ETABLE);
	ck_assert_str_eq(
		d.text,
		"t.yaml:9:9: error: rule 'c' can never fire: the rules before it in this 'first' "
		"table cover every case it matches\n"
		"t.yaml:3:3: warning: decision 'f' has a gap: no rule covers m >= 10, k in (\"z\")\n"
		"t.yaml:17:9: error: rules 'b' and 'c' overlap in 'unique' table 'u' (both match m in "
		"[16..20])\n"
		"t.yaml:10:3: warning: decision 'u' has a gap: no rule covers m <= -1\n");
	/* gaps are warnings, unless the table says it is complete */
	rc = load_diags("facts: { m: int, k: { type: string, values: [x, y, z] } }\n"
	                "decisions:\n"
	                "  f:\n"
	                "    inputs: [m, k]\n"
	                "    outputs: { v: int }\n"
	                "    rules:\n"
	                "      - { id: a, if: ['< 10', '-'], then: 1 }\n"
	                "      - { id: b, if: ['>= 10', [x, y]], then: 2 }\n",
	                &d);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(d.text, "t.yaml:3:3: warning: decision 'f' has a gap: no rule covers m "
	                         ">= 10, k in (\"z\")\n");
	rc = load_diags("facts: { b: bool }\n"
	                "decisions:\n"
	                "  f:\n"
	                "    inputs: [b]\n"
	                "    outputs: { v: int }\n"
	                "    complete: true\n"
	                "    rules:\n"
	                "      - { id: a, if: ['true'], then: 1 }\n",
	                &d);
	ck_assert_int_eq(rc, CRM_ETABLE);
	ck_assert_str_eq(d.text, "t.yaml:3:3: error: decision 'f' is declared complete but no "
	                         "rule covers: b = false\n");
}
END_TEST

START_TEST(cycles)
{
	diags d;
	int rc = load_diags("decisions:\n"
	                    "  a:\n"
	                    "    outputs: { v: int }\n"
	                    "    rules: [ { then: 'b.v + 1' } ]\n"
	                    "  b:\n"
	                    "    outputs: { v: int }\n"
	                    "    rules: [ { then: 'c.v' } ]\n"
	                    "  c:\n"
	                    "    outputs: { v: int }\n"
	                    "    rules: [ { then: 'a.v' } ]\n",
	                    &d);
	ck_assert_int_eq(rc, CRM_ECYCLE);
	ck_assert_str_eq(d.text, "t.yaml:2:3: error: cyclic decision chain: a -> b -> c -> a\n");
	/* quoted YAML scalars are strings: expressions are plain */
	rc = load_diags("constants: { a: b + 1, b: a + 1 }\n", &d);
	ck_assert_int_eq(rc, CRM_ECYCLE);
}
END_TEST

static void write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	fclose(fp);
}

START_TEST(directory_load)
{
	char dir[] = "/tmp/crmrules-dir-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char p1[128], p2[128], p3[128];
	snprintf(p1, sizeof p1, "%s/b_decisions.yaml", dir);
	snprintf(p2, sizeof p2, "%s/a_facts.yaml", dir);
	snprintf(p3, sizeof p3, "%s/notes.txt", dir);
	/* b refers to the facts of a: one namespace, any order */
	write_file(p1, "decisions:\n  d:\n    outputs: { v: int }\n    rules: [ { then: 'x * 2' } ]\n");
	write_file(p2, "facts: { x: int }\n");
	write_file(p3, "not yaml: [\n");
	crm_ruleset *rs = NULL;
	crm_error err;
	ck_assert_int_eq(crm_ruleset_load(&rs, dir, NULL, &err), 0);
	ck_assert_uint_eq(crm_ruleset_fact_count(rs), 1);
	ck_assert_str_eq(crm_ruleset_decision_name(rs, 0), "d");
	crm_ruleset_free(rs);
	/* an error names the file it is in */
	write_file(p2, "facts: { x: int, x: bool }\n");
	ck_assert_int_eq(crm_ruleset_load(&rs, dir, NULL, &err), CRM_EDUP);
	ck_assert_ptr_null(rs);
	ck_assert_str_eq(strrchr(err.file, '/'), "/a_facts.yaml");
	ck_assert_int_eq(err.line, 1);
	ck_assert_int_eq(err.column, 18);
	ck_assert_str_eq(err.message, "duplicate key 'x' (first at line 1)");
	unlink(p1);
	unlink(p2);
	unlink(p3);
	ck_assert_int_eq(crm_ruleset_load(&rs, dir, NULL, &err), CRM_EIO);
	ck_assert_str_eq(err.message, "no *.yaml rule files in this directory");
	rmdir(dir);
	ck_assert_int_eq(crm_ruleset_load(&rs, "/nonexistent/rules.yaml", NULL, &err), CRM_EIO);
	ck_assert_str_eq(err.message, "cannot open: No such file or directory");
}
END_TEST

START_TEST(yaml_limits)
{
	crm_error err;
	/* a billion laughs fails fast on the expansion budget */
	const char *laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	                     "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
	                     "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
	                     "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
	                     "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
	                     "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
	                     "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n";
	ck_assert_int_eq(load_err(laughs, &err), CRM_ELIMIT);
	ck_assert_str_eq(err.message,
	                 "YAML document expands to more than 1000000 nodes (aliases included)");
	/* deep nesting */
	char deep[400];
	memset(deep, '[', 200);
	deep[200] = '\0';
	ck_assert_int_eq(load_err(deep, &err), CRM_ELIMIT);
	ck_assert_str_eq(err.message, "YAML nested deeper than 64 levels");
	ck_assert_int_eq(load_err("facts: [\n", &err), CRM_ESYNTAX);
	ck_assert_int_eq(err.line, 2);
	ck_assert_int_eq(load_err("- 1\n- 2\n", &err), CRM_ESYNTAX);
	ck_assert_str_eq(err.message,
	                 "a rule file must be a mapping (facts:, constants:, decisions:, tests:)");
	ck_assert_int_eq(load_err("a: 1\n---\nb: 2\n", &err), CRM_ESYNTAX);
	ck_assert_str_eq(err.message, "only one YAML document per file");
}
END_TEST

/* Each documented limit fails cleanly with CRM_ELIMIT. */
START_TEST(hostile_limits)
{
	crm_error err;
	crm_ruleset *rs = NULL;
	/* file size */
	size_t big = CRM_LIMIT_FILE_SIZE + 1;
	char *buf = malloc(big);
	ck_assert_ptr_nonnull(buf);
	memset(buf, '#', big);
	ck_assert_int_eq(crm_ruleset_load_buffer(&rs, buf, big, "big.yaml", NULL, &err), CRM_ELIMIT);
	ck_assert_ptr_null(rs);
	free(buf);
	/* rules in one table */
	size_t n = CRM_LIMIT_RULES + 1, cap = n * 16 + 200, len = 0;
	buf = malloc(cap);
	ck_assert_ptr_nonnull(buf);
	len += (size_t)snprintf(buf, cap, "decisions:\n  d:\n    outputs: { v: int }\n    rules:\n");
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(buf + len, cap - len, "    - then: 1\n");
	ck_assert_int_eq(crm_ruleset_load_buffer(&rs, buf, len, "many.yaml", NULL, &err), CRM_ELIMIT);
	ck_assert_str_eq(err.message, "decision 'd' has more than 100000 rules");
	free(buf);
	/* an expression longer than the limit */
	len = CRM_LIMIT_EXPR_LENGTH + 100;
	buf = malloc(len + 200);
	ck_assert_ptr_nonnull(buf);
	int k = snprintf(buf, 200, "decisions:\n  d:\n    outputs: { v: int }\n    rules:\n      - then: 1");
	size_t at = (size_t)k;
	for (size_t i = 0; i < len / 4; i++, at += 4)
		memcpy(buf + at, " + 1", 4);
	buf[at++] = '\n';
	ck_assert_int_eq(crm_ruleset_load_buffer(&rs, buf, at, "long.yaml", NULL, &err), CRM_ELIMIT);
	ck_assert_str_eq(err.message, "expression longer than 65536 bytes");
	free(buf);
	/* string facts */
	rs = load_ok("facts: { s: string }\n");
	crm_facts *f;
	ck_assert_int_eq(crm_facts_new(&f, rs), 0);
	buf = malloc(CRM_LIMIT_STRING + 1);
	memset(buf, 'x', CRM_LIMIT_STRING + 1);
	ck_assert_int_eq(crm_facts_set_string(f, 0, buf, CRM_LIMIT_STRING + 1, &err), CRM_ELIMIT);
	ck_assert_int_eq(crm_facts_set_string(f, 0, buf, CRM_LIMIT_STRING, &err), 0);
	free(buf);
	crm_facts_free(f);
	crm_ruleset_free(rs);
}
END_TEST

START_TEST(load_options)
{
	crm_ruleset *rs = (crm_ruleset *)1;
	crm_error err;
	crm_load_options o = CRM_LOAD_OPTIONS_INIT;
	o.version = 99;
	ck_assert_int_eq(crm_ruleset_load_buffer(&rs, "", 0, "x", &o, &err), CRM_EINVAL);
	ck_assert_ptr_null(rs);
	/* an empty rule file is a valid, empty ruleset */
	ck_assert_int_eq(crm_ruleset_load_buffer(&rs, "", 0, "x", NULL, &err), 0);
	ck_assert_uint_eq(crm_ruleset_decision_count(rs), 0);
	crm_ruleset_free(rs);
	crm_ruleset_free(NULL);
	crm_facts_free(NULL);
	crm_context_free(NULL);
	ck_assert_int_eq(crm_version(), CRM_VERSION_NUMBER);
	ck_assert_str_eq(crm_strerror(CRM_EMISSING), "missing facts");
	ck_assert_str_eq(crm_strerror(12345), "unknown code");
}
END_TEST

Suite *loader_suite(void)
{
	Suite *s = suite_create("loader");
	TCase *tc = tcase_create("loader");
	tcase_add_test(tc, several_errors_one_pass);
	tcase_add_test(tc, table_analysis);
	tcase_add_test(tc, cycles);
	tcase_add_test(tc, directory_load);
	tcase_add_test(tc, yaml_limits);
	tcase_add_test(tc, load_options);
	tcase_add_test(tc, hostile_limits);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}

/* ---- facts ------------------------------------------------------------------ */

static const char facts_yaml[] =
	"facts:\n"
	"  n: int\n"
	"  pct: { type: number, range: '[0..100]' }\n"
	"  amount: money\n"
	"  kind: { type: string, values: [a, b] }\n"
	"  code: { type: string, pattern: '^[A-Z]{3}$' }\n"
	"  tags: list of string\n"
	"  day: date\n"
	"  at: datetime\n"
	"  wait: duration\n"
	"  ok: bool\n";

START_TEST(facts_setters)
{
	crm_ruleset *rs = load_ok(facts_yaml);
	crm_facts *f;
	crm_error err;
	ck_assert_int_eq(crm_facts_new(&f, rs), 0);
	int n = crm_fact_slot(rs, "n"), pct = crm_fact_slot(rs, "pct"),
	    kind = crm_fact_slot(rs, "kind"), code = crm_fact_slot(rs, "code");
	ck_assert_int_eq(crm_facts_set_int(f, n, 5, &err), 0);
	ck_assert_int_eq(crm_facts_set_bool(f, n, 1, &err), CRM_ETYPE);
	ck_assert_str_eq(err.message, "fact 'n' is int, not bool");
	ck_assert_int_eq(crm_facts_set_number(f, pct, 100.5, &err), CRM_EINVAL);
	ck_assert_str_eq(err.message, "fact 'pct': 100.5 is outside its range [0..100]");
	ck_assert_int_eq(crm_facts_set_int(f, pct, 100, &err), 0); /* int widens */
	ck_assert_int_eq(crm_facts_set_string(f, kind, "c", 1, &err), CRM_EINVAL);
	ck_assert_str_eq(err.message, "fact 'kind': \"c\" is not one of its allowed values");
	ck_assert_int_eq(crm_facts_set_string(f, code, "AB1", 3, &err), CRM_EINVAL);
	ck_assert_str_eq(err.message, "fact 'code': \"AB1\" does not match ^[A-Z]{3}$");
	ck_assert_int_eq(crm_facts_set_string(f, code, "ABC", 3, &err), 0);
	ck_assert_int_eq(crm_facts_set_string(f, code, "\xff\xfe", 2, &err), CRM_EINVAL);
	/* strings are copied */
	char buf[4] = "XYZ";
	ck_assert_int_eq(crm_facts_set_string(f, code, buf, 3, &err), 0);
	buf[0] = 'Q';
	crm_value v = crm_facts_get(f, code);
	ck_assert_int_eq(v.type, CRM_T_STRING);
	ck_assert_int_eq(memcmp(v.u.s.ptr, "XYZ", 3), 0);
	ck_assert_int_eq(crm_facts_set_int(f, 999, 1, &err), CRM_EINVAL);
	ck_assert_int_eq(crm_facts_unset(f, n), 0);
	ck_assert_int_eq(crm_facts_get(f, n).type, CRM_T_UNKNOWN);
	crm_facts_free(f);
	crm_ruleset_free(rs);
}
END_TEST

START_TEST(facts_json)
{
	crm_ruleset *rs = load_ok(facts_yaml);
	crm_facts *f;
	crm_error err;
	ck_assert_int_eq(crm_facts_new(&f, rs), 0);
	const char *json = "{\"n\": 3, \"amount\": 1234.57, \"tags\": [\"x\", \"y\"], "
	                   "\"day\": \"2026-10-01\", \"at\": \"2026-10-01T08:00:00+08:00\", "
	                   "\"wait\": \"90 min\", \"ok\": true, \"pct\": null}";
	ck_assert_int_eq(crm_facts_set_json(f, json, strlen(json), &err), 0);
	char out[128];
	crm_value v = crm_facts_get(f, crm_fact_slot(rs, "amount"));
	ck_assert_int_eq(v.u.money, 123457); /* exactly, never through a float */
	v = crm_facts_get(f, crm_fact_slot(rs, "tags"));
	crm_value_format(out, sizeof out, &v);
	ck_assert_str_eq(out, "[\"x\",\"y\"]");
	v = crm_facts_get(f, crm_fact_slot(rs, "at"));
	crm_value_format(out, sizeof out, &v);
	ck_assert_str_eq(out, "\"2026-10-01T00:00:00Z\"");
	ck_assert_int_eq(crm_facts_get(f, crm_fact_slot(rs, "wait")).u.duration, 5400);
	ck_assert_int_eq(crm_facts_get(f, crm_fact_slot(rs, "pct")).type, CRM_T_UNKNOWN);
	/* errors name the key and its position */
	const char *bad = "{\"n\": 1,\n \"nope\": 2}";
	ck_assert_int_eq(crm_facts_set_json(f, bad, strlen(bad), &err), CRM_EUNKNOWN);
	ck_assert_str_eq(err.message, "unknown fact 'nope'");
	ck_assert_int_eq(err.line, 2);
	ck_assert_int_eq(err.column, 2);
	bad = "{\"amount\": 1.234}";
	ck_assert_int_eq(crm_facts_set_json(f, bad, strlen(bad), &err), CRM_EINVAL);
	ck_assert_str_eq(err.message, "fact 'amount': '1.234' has more than 2 decimal places");
	bad = "{\"n\": 99999999999999999999}";
	ck_assert_int_eq(crm_facts_set_json(f, bad, strlen(bad), &err), CRM_EOVERFLOW);
	bad = "{\"day\": \"2026-02-30\"}";
	ck_assert_int_eq(crm_facts_set_json(f, bad, strlen(bad), &err), CRM_EINVAL);
	ck_assert_str_eq(err.message, "fact 'day': '2026-02-30' is not a date like 2026-10-01");
	bad = "[1, 2]";
	ck_assert_int_eq(crm_facts_set_json(f, bad, strlen(bad), &err), CRM_ESYNTAX);
	bad = "{\"n\": ";
	ck_assert_int_eq(crm_facts_set_json(f, bad, strlen(bad), &err), CRM_ESYNTAX);
	crm_facts_free(f);
	crm_ruleset_free(rs);
}
END_TEST

Suite *facts_suite(void)
{
	Suite *s = suite_create("facts");
	TCase *tc = tcase_create("facts");
	tcase_add_test(tc, facts_setters);
	tcase_add_test(tc, facts_json);
	suite_add_tcase(s, tc);
	return s;
}

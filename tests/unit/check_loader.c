/* SPDX-License-Identifier: MIT */
/* check_loader.c - loading files and directories, diagnostics, facts records. */
#include <pthread.h>
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
	/* an unquoted expression with a comma in { }: YAML ends it there, and
	 * the rest reads as an output's name */
	rc = load_diags("facts: { a: int, b: int }\n"
	                "decisions:\n"
	                "  d:\n"
	                "    outputs: { x: int, y: int }\n"
	                "    rules:\n"
	                "      - then: { x: min(a, b), y: mx }\n",
	                &d);
	ck_assert_int_eq(rc, CRM_ESYNTAX);
	ck_assert_str_eq(d.text,
	                 "t.yaml:6:25: error: expected ')', found end of expression\n"
	                 "t.yaml:6:27: error: decision 'd' has no output 'b)' (in { }, a comma ends "
	                 "an unquoted value: quote an expression with commas, \"min(a, b)\")\n"
	                 "t.yaml:6:34: error: unknown fact or constant 'mx'\n");
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

START_TEST(suggest_names)
{
	crm_ruleset *rs = load_ok("facts: { months_cooperating: int, capital: string }\n"
	                          "calendars:\n"
	                          "  cn: { aliases: [cn-2026], utc_offset: \"+08:00\", "
	                          "working_week: [mon, tue, wed, thu, fri] }\n"
	                          "timers:\n"
	                          "  complaint.first_contact: { duration: 1 d }\n"
	                          "decisions:\n"
	                          "  credit_grade:\n"
	                          "    outputs: { grade: string }\n"
	                          "    rules: [ { then: '\"A\"' } ]\n");
	ck_assert_pstr_eq(crm_ruleset_suggest(rs, CRM_NAME_FACT, "months_cooperatin"),
	                  "months_cooperating");
	ck_assert_pstr_eq(crm_ruleset_suggest(rs, CRM_NAME_FACT, "capitol"), "capital");
	ck_assert_pstr_eq(crm_ruleset_suggest(rs, CRM_NAME_DECISION, "credit_grad"), "credit_grade");
	ck_assert_pstr_eq(crm_ruleset_suggest(rs, CRM_NAME_TIMER, "complaint.first_contcat"),
	                  "complaint.first_contact");
	ck_assert_pstr_eq(crm_ruleset_suggest(rs, CRM_NAME_CALENDAR, "cn-2062"), "cn-2026");
	/* each kind looks only among its own names; nothing near; bad arguments */
	ck_assert_ptr_null(crm_ruleset_suggest(rs, CRM_NAME_DECISION, "capitol"));
	ck_assert_ptr_null(crm_ruleset_suggest(rs, CRM_NAME_FACT, "tier"));
	ck_assert_ptr_null(crm_ruleset_suggest(rs, CRM_NAME_FACT, "capital"));
	ck_assert_ptr_null(crm_ruleset_suggest(rs, (crm_name_kind)99, "capitol"));
	ck_assert_ptr_null(crm_ruleset_suggest(rs, CRM_NAME_FACT, NULL));
	ck_assert_ptr_null(crm_ruleset_suggest(NULL, CRM_NAME_FACT, "capitol"));
	crm_ruleset_free(rs);
}
END_TEST

/* What the analysis cannot read (a when:, a cell that is no comparison
 * with constants, a set past its bound) it says, at the rule, and a table
 * declared complete that it cannot prove is an error. */
START_TEST(analysis_unread)
{
	diags d;
	/* a unique table, complete without its when: rule, which may overlap */
	int rc = load_diags("facts: { months: int, vip: bool }\n"
	                    "decisions:\n"
	                    "  tier:\n"
	                    "    inputs: [months]\n"
	                    "    outputs: { tier: int }\n"
	                    "    hit: unique\n"
	                    "    complete: true\n"
	                    "    rules:\n"
	                    "      - { id: young, if: ['< 12'], then: 2 }\n"
	                    "      - { id: old, if: ['>= 12'], then: 1 }\n"
	                    "      - { id: vip, if: ['> 60'], when: vip, then: 0 }\n",
	                    &d);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(d.text, "t.yaml:11:9: warning: cannot prove that rule 'vip' never matches "
	                         "together with rule 'old' in 'unique' table 'tier': it has a "
	                         "'when:' condition, which the analysis does not read\n");
	/* its cells keep it apart: proven */
	rc = load_diags("facts: { months: int, vip: bool }\n"
	                "decisions:\n"
	                "  tier:\n"
	                "    inputs: [months]\n"
	                "    outputs: { tier: int }\n"
	                "    hit: unique\n"
	                "    complete: true\n"
	                "    rules:\n"
	                "      - { id: young, if: ['< 12'], then: 2 }\n"
	                "      - { id: old, if: ['[12..60]'], then: 1 }\n"
	                "      - { id: vip, if: ['> 60'], when: vip, then: 0 }\n",
	                &d);
	ck_assert_int_eq(rc, CRM_ETABLE);
	ck_assert_str_eq(d.text,
	                 "t.yaml:11:9: warning: cannot prove that decision 'tier' is complete: rule "
	                 "'vip' may be the only rule for some cases, and it has a 'when:' "
	                 "condition, which the analysis does not read\n"
	                 "t.yaml:3:3: error: decision 'tier' is declared complete but the analysis "
	                 "cannot prove it: only rules it cannot read cover: months >= 61; cover "
	                 "these cases with rules of plain cells (no 'when:')\n");
	/* a catch-all proves a first table complete, whatever the when: rules */
	rc = load_diags("facts: { months: int, vip: bool }\n"
	                "decisions:\n"
	                "  tier:\n"
	                "    inputs: [months]\n"
	                "    outputs: { tier: int }\n"
	                "    complete: true\n"
	                "    rules:\n"
	                "      - { id: vip, when: vip, then: 0 }\n"
	                "      - { id: rest, if: ['-'], then: 1 }\n",
	                &d);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(d.text, "");
	/* what no rule's cells allow is a gap, when: or not */
	rc = load_diags("facts: { months: int, vip: bool }\n"
	                "decisions:\n"
	                "  tier:\n"
	                "    inputs: [months]\n"
	                "    outputs: { tier: int }\n"
	                "    complete: true\n"
	                "    rules:\n"
	                "      - { id: young, if: ['< 12'], then: 2 }\n"
	                "      - { id: vip, if: ['[12..60]'], when: vip, then: 0 }\n",
	                &d);
	ck_assert_int_eq(rc, CRM_ETABLE);
	ck_assert_str_eq(d.text, "t.yaml:3:3: error: decision 'tier' is declared complete but no "
	                         "rule covers: months >= 61\n");
	/* ordered enums compared by position are read; a list input and a
	 * cell that compares with a fact are not */
	rc = load_diags("facts:\n"
	                "  grade: { type: string, values: [C, B, A], ordered: true }\n"
	                "  tags: list of string\n"
	                "  limit: money\n"
	                "  exposure: money\n"
	                "decisions:\n"
	                "  ordered:\n"
	                "    inputs: [grade]\n"
	                "    outputs: { v: int }\n"
	                "    complete: true\n"
	                "    hit: unique\n"
	                "    rules:\n"
	                "      - { id: low, if: ['< \"B\"'], then: 1 }\n"
	                "      - { id: mid, if: [[B]], then: 2 }\n"
	                "      - { id: high, if: ['>= \"B\"'], then: 3 }\n"
	                "  lists:\n"
	                "    inputs: [tags, exposure]\n"
	                "    outputs: { v: int }\n"
	                "    complete: true\n"
	                "    rules:\n"
	                "      - { id: tagged, if: ['= [\"x\"]', '-'], then: 1 }\n"
	                "      - { id: over, if: ['-', '> limit'], then: 2 }\n"
	                "      - { id: none, if: ['-', '<= 0'], then: 3 }\n",
	                &d);
	ck_assert_int_eq(rc, CRM_ETABLE);
	ck_assert_str_eq(
		d.text,
		"t.yaml:15:9: error: rules 'mid' and 'high' overlap in 'unique' table 'ordered' (both "
		"match grade in (\"B\"))\n"
		"t.yaml:21:9: warning: cannot prove that decision 'lists' is complete: rule 'tagged' "
		"may be the only rule for some cases, and it tests input 'tags', a list, which the "
		"analysis does not read\n"
		"t.yaml:22:9: warning: cannot prove that decision 'lists' is complete: rule 'over' may "
		"be the only rule for some cases, and its cell for input 'exposure' is not a "
		"comparison with constants, which is all the analysis reads\n"
		"t.yaml:16:3: error: decision 'lists' is declared complete but the analysis cannot "
		"prove it: only rules it cannot read cover: exposure >= 0.01; add a catch-all rule "
		"last (every cell '-', no 'when:')\n");
	/* sets past MAX_PARTS (16 values or intervals) */
	rc = load_diags("facts:\n"
	                "  k: { type: string, values: [a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, "
	                "p, q, r] }\n"
	                "  x: number\n"
	                "decisions:\n"
	                "  many:\n"
	                "    inputs: [k]\n"
	                "    outputs: { v: int }\n"
	                "    complete: true\n"
	                "    rules:\n"
	                "      - { id: most, if: [[a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, "
	                "q]], then: 1 }\n"
	                "  u:\n"
	                "    inputs: [x]\n"
	                "    outputs: { v: int }\n"
	                "    hit: unique\n"
	                "    rules:\n"
	                "      - { id: odd, if: ['not(1, 3, 5, 7, 9, 11, 13, 15)'], then: 1 }\n"
	                "      - { id: even, if: ['not(2, 4, 6, 8, 10, 12, 14, 16)'], then: 2 }\n",
	                &d);
	ck_assert_int_eq(rc, CRM_ETABLE);
	ck_assert_str_eq(
		d.text,
		"t.yaml:10:9: warning: cannot prove that decision 'many' is complete: rule 'most' may "
		"be the only rule for some cases, and its cell for input 'k' holds more than 16 "
		"values or intervals (the analysis's bound)\n"
		"t.yaml:5:3: error: decision 'many' is declared complete but the analysis cannot "
		"prove it: only rules it cannot read cover: any input; add a catch-all rule last "
		"(every cell '-', no 'when:')\n"
		"t.yaml:17:9: warning: cannot prove that rule 'even' never matches together with rule "
		"'odd' in 'unique' table 'u': the analysis reached its bound of 16 values or "
		"intervals for one input\n");
}
END_TEST

/* A generated table: `rules` rules over `inputs` int inputs, each cell a
 * range; a catch-all last when asked. */
static char *gen_table(int rules, int inputs, int complete, int catch_all, int points)
{
	size_t cap = (size_t)(rules + 2) * 160 + 512, n = 0;
	char *y = malloc(cap);
	ck_assert_ptr_nonnull(y);
	n += (size_t)snprintf(y + n, cap - n, "facts: { a: int, b: int, c: int, e: int, f: int }\n"
	                                      "decisions:\n  d:\n    inputs: [a, b, c, e, f]\n"
	                                      "    outputs: { v: int }\n%s    rules:\n",
	                      complete ? "    complete: true\n" : "");
	for (int i = 0; i < rules; i++) {
		n += (size_t)snprintf(y + n, cap - n, "      - { id: r%d, if: [", i);
		for (int k = 0; k < 5; k++) {
			int lo = (i * 37 + k * 11) % 61, hi = lo + 20 + (i * 13 + k * 7) % 41;
			if (k >= inputs)
				n += (size_t)snprintf(y + n, cap - n, "%s'-'", k ? ", " : "");
			else if (points)
				n += (size_t)snprintf(y + n, cap - n, "%s'%d'", k ? ", " : "", i);
			else
				n += (size_t)snprintf(y + n, cap - n, "%s'[%d..%d]'", k ? ", " : "", lo, hi);
		}
		n += (size_t)snprintf(y + n, cap - n, "], then: 1 }\n");
	}
	if (catch_all)
		n += (size_t)snprintf(y + n, cap - n,
		                      "      - { id: rest, if: ['-', '-', '-', '-', '-'], then: 0 }\n");
	ck_assert_uint_lt(n, cap);
	return y;
}

/* Where a bound stops the analysis, it says so, and complete: true fails
 * unless a catch-all proves it; a table past MAX_ANALYSED rules likewise. */
START_TEST(analysis_bounds)
{
	diags d;
	char *y = gen_table(60, 5, 1, 0, 0);
	int rc = load_diags(y, &d);
	free(y);
	ck_assert_int_eq(rc, CRM_ETABLE);
	ck_assert_str_eq(d.text,
	                 "t.yaml:53:9: warning: decision 'd' is not checked for rules that can "
	                 "never fire from rule 'r45' on: the analysis reached its bound of 1024 "
	                 "regions of input values\n"
	                 "t.yaml:20:9: warning: decision 'd' is not checked for gaps: the analysis "
	                 "reached its bound of 1024 regions of input values at rule 'r12'\n"
	                 "t.yaml:3:3: error: decision 'd' is declared complete but the analysis "
	                 "cannot prove it: it reached its bound of 1024 regions of input values; "
	                 "add a catch-all rule last (every cell '-', no 'when:')\n");
	y = gen_table(60, 5, 1, 1, 0);
	rc = load_diags(y, &d);
	free(y);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(d.text, "t.yaml:53:9: warning: decision 'd' is not checked for rules that "
	                         "can never fire from rule 'r45' on: the analysis reached its bound "
	                         "of 1024 regions of input values\n");
	/* past MAX_ANALYSED (2000) rules: only a catch-all is looked for */
	y = gen_table(2001, 1, 1, 0, 1);
	rc = load_diags(y, &d);
	free(y);
	ck_assert_int_eq(rc, CRM_ETABLE);
	ck_assert_str_eq(d.text, "t.yaml:3:3: warning: decision 'd' has 2001 rules: unreachable "
	                         "rules, overlaps and gaps are only checked up to 2000 rules\n"
	                         "t.yaml:3:3: error: decision 'd' is declared complete but the "
	                         "analysis cannot prove it past 2000 rules; add a catch-all rule "
	                         "last (every cell '-', no 'when:')\n");
	y = gen_table(2001, 1, 1, 1, 1);
	rc = load_diags(y, &d);
	free(y);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(d.text, "t.yaml:3:3: warning: decision 'd' has 2002 rules: unreachable "
	                         "rules, overlaps and gaps are only checked up to 2000 rules\n");
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

/* What a ruleset says of its declarations, as written (crm_*_info). */
START_TEST(declarations_as_written)
{
	static const char yaml[] =
		"facts:\n"
		"  kind: { type: string, values: [a, b] }\n"
		"  n: int\n"
		"calendars:\n"
		"  office: { utc_offset: Z, working_week: [mon, tue, wed, thu, fri] }\n"
		"calendar_data:\n"
		"  office:\n"
		"    years:\n"
		"      2026: { holidays: [2026-12-25] }\n"
		"decisions:\n"
		"  base:\n"
		"    complete: true\n"
		"    outputs: { v: int }\n"
		"    rules: [ { then: 'n * 2' } ]\n"
		"  grade:\n"
		"    description: the grade\n"
		"    inputs: [kind, { name: twice, expr: base.v, description: doubled }]\n"
		"    outputs:\n"
		"      g: { type: string, values: [low, high], ordered: true, description: G }\n"
		"      why: string\n"
		"    hit: unique\n"
		"    rules:\n"
		"      - { id: hi, if: [[b, a], '>= 10'], then: { g: \"high\", why: '\"big\"' } }\n"
		"      - id: lo\n"
		"        description: small\n"
		"        if: { twice: '< 10' }\n"
		"        when: n > 0 or n <= 0\n"
		"        then: { why: '\"small\"', g: \"low\" }\n"
		"  counted:\n"
		"    outputs: { c: int }\n"
		"    hit: collect count\n"
		"    rules: [ { id: one } ]\n"
		"timers:\n"
		"  t.one:\n"
		"    duration: 2 working days\n"
		"    calendar: office\n"
		"    warnings: [50%, 0.8]\n"
		"    on_breach: t.two\n"
		"    description: first\n"
		"  t.two: { duration: 10 min }\n"
		"tests:\n"
		"  - { name: d, decision: base, facts: { n: 1 }, expect: { v: 2 } }\n"
		"  - { timer: t.two, start: 2026-01-01T00:00:00Z, now: 2026-01-01T00:00:00Z,\n"
		"      expect: { status: running } }\n"
		"  - { expr: 'n + 1', facts: { n: 1 }, expect: 2 }\n";
	crm_ruleset *rs = load_ok(yaml);
	int g = crm_decision_find(rs, "grade");
	crm_decision_info di;
	ck_assert_int_eq(crm_ruleset_decision_info(rs, g, &di), 0);
	ck_assert_str_eq(di.name, "grade");
	ck_assert_str_eq(di.description, "the grade");
	ck_assert_str_eq(di.hit, "unique");
	ck_assert_ptr_null(di.aggregate);
	ck_assert_int_eq(di.complete, 0);
	ck_assert_uint_eq(di.ninputs, 2);
	ck_assert_uint_eq(di.noutputs, 2);
	ck_assert_uint_eq(di.nrules, 2);
	ck_assert_int_eq(di.line, 15);
	ck_assert_int_eq(di.column, 3);
	crm_input_info ii;
	ck_assert_int_eq(crm_decision_input_info(rs, g, 1, &ii), 0);
	ck_assert_str_eq(ii.name, "twice");
	ck_assert_str_eq(ii.expr, "base.v");
	ck_assert_str_eq(ii.description, "doubled");
	ck_assert_int_eq(ii.type, CRM_T_INT);
	ck_assert_int_eq(crm_decision_input_info(rs, g, 2, &ii), CRM_EINVAL);
	crm_output_info oi;
	ck_assert_int_eq(crm_decision_output_info(rs, g, 0, &oi), 0);
	ck_assert_str_eq(oi.name, "g");
	ck_assert_str_eq(oi.description, "G");
	ck_assert_uint_eq(oi.nvalues, 2);
	ck_assert_int_eq(oi.ordered, 1);
	crm_value v = crm_decision_output_value(rs, g, 0, 1);
	ck_assert_int_eq(v.type, CRM_T_STRING);
	ck_assert_int_eq(strncmp(v.u.s.ptr, "high", v.u.s.len), 0);
	ck_assert_int_eq(crm_decision_output_value(rs, g, 0, 2).type, CRM_T_UNKNOWN);
	crm_rule_info ri;
	ck_assert_int_eq(crm_decision_rule_info(rs, g, 1, &ri), 0);
	ck_assert_str_eq(ri.id, "lo");
	ck_assert_str_eq(ri.description, "small");
	ck_assert_str_eq(ri.when, "n > 0 or n <= 0");
	ck_assert_int_eq(ri.line, 24);
	ck_assert_int_eq(ri.column, 9);
	ck_assert_str_eq(crm_decision_rule_cell(rs, g, 0, 0), "[b, a]");
	ck_assert_str_eq(crm_decision_rule_cell(rs, g, 0, 1), ">= 10");
	ck_assert_ptr_null(crm_decision_rule_cell(rs, g, 1, 0)); /* not named: '-' */
	ck_assert_str_eq(crm_decision_rule_cell(rs, g, 1, 1), "< 10");
	ck_assert_str_eq(crm_decision_rule_then(rs, g, 1, 0), "low"); /* by output, not key order */
	ck_assert_str_eq(crm_decision_rule_then(rs, g, 1, 1), "\"small\"");
	ck_assert_ptr_null(crm_decision_rule_cell(rs, g, 2, 0));
	int base = crm_decision_find(rs, "base");
	ck_assert_str_eq(crm_decision_rule_then(rs, base, 0, 0), "n * 2");
	ck_assert_int_eq(crm_decision_rule_info(rs, base, 0, &ri), 0);
	ck_assert_str_eq(ri.id, "#1");
	ck_assert_ptr_null(ri.when);
	ck_assert_int_eq(crm_ruleset_decision_info(rs, base, &di), 0);
	ck_assert_int_eq(di.complete, 1);
	int counted = crm_decision_find(rs, "counted");
	ck_assert_int_eq(crm_ruleset_decision_info(rs, counted, &di), 0);
	ck_assert_str_eq(di.hit, "collect");
	ck_assert_str_eq(di.aggregate, "count");
	ck_assert_ptr_null(crm_decision_rule_then(rs, counted, 0, 0));
	ck_assert_int_eq(crm_ruleset_decision_info(rs, 99, &di), CRM_EINVAL);
	crm_timer_info ti;
	ck_assert_int_eq(crm_ruleset_timer_info(rs, 0, &ti), 0);
	ck_assert_str_eq(ti.name, "t.one");
	ck_assert_str_eq(ti.description, "first");
	ck_assert_str_eq(ti.duration, "2 working days");
	ck_assert_str_eq(ti.measure, "working days");
	ck_assert_int_eq(ti.budget, 2 * 86400);
	ck_assert_str_eq(ti.calendar, "office");
	ck_assert_uint_eq(ti.nwarnings, 2);
	ck_assert_double_eq(ti.warnings[0], 0.5);
	ck_assert_double_eq(ti.warnings[1], 0.8);
	ck_assert_str_eq(ti.on_breach, "t.two");
	ck_assert_int_eq(ti.line, 34);
	ck_assert_int_eq(crm_ruleset_timer_info(rs, 1, &ti), 0);
	ck_assert_ptr_null(ti.calendar);
	ck_assert_str_eq(ti.measure, "wall");
	ck_assert_int_eq(crm_ruleset_timer_info(rs, 2, &ti), CRM_EINVAL);
	crm_test_info te;
	ck_assert_int_eq(crm_ruleset_test_info(rs, 0, &te), 0);
	ck_assert_str_eq(te.kind, "decision");
	ck_assert_str_eq(te.target, "base");
	ck_assert_str_eq(te.file, "test.yaml");
	ck_assert_int_eq(te.line, 42);
	ck_assert_int_eq(crm_ruleset_test_info(rs, 1, &te), 0);
	ck_assert_str_eq(te.kind, "timer");
	ck_assert_str_eq(te.target, "t.two");
	ck_assert_int_eq(crm_ruleset_test_info(rs, 2, &te), 0);
	ck_assert_str_eq(te.kind, "expr");
	ck_assert_str_eq(te.target, "n + 1");
	ck_assert_int_eq(crm_ruleset_test_info(rs, 3, &te), CRM_EINVAL);
	const char *file;
	int line, col;
	ck_assert_int_eq(crm_calendar_source(rs, 0, 0, &file, &line, &col), 0);
	ck_assert_str_eq(file, "test.yaml");
	ck_assert_int_eq(line, 5);
	ck_assert_int_eq(col, 3);
	ck_assert_int_eq(crm_calendar_source(rs, 0, 2026, NULL, &line, NULL), 0);
	ck_assert_int_eq(line, 9);
	ck_assert_int_eq(crm_calendar_source(rs, 0, 2027, &file, &line, &col), CRM_ERANGE);
	ck_assert_int_eq(crm_calendar_source(rs, 1, 0, &file, &line, &col), CRM_EINVAL);
	crm_ruleset_free(rs);
}
END_TEST

/* Rule files held in memory: one namespace, include: among the sources
 * (never the file system), errors at the source's name. */
START_TEST(buffers_load)
{
	crm_source two[] = {
		{"site/b.yaml", "include: ../shared\ndecisions:\n  d:\n    outputs: { v: int }\n"
		                "    rules: [ { then: 'x * 2 + y' } ]\n", 0},
		{"shared/x.yaml", "facts: { x: int }\n", 0},
		{"shared/y.yml", "facts: { y: int }\n", 0},
		{"shared/deeper/z.yaml", "facts: { z: int }\n", 0}, /* not directly under */
		{"shared/x.yaml", "facts: { x: int }\n", 0},         /* named twice: once */
	};
	for (size_t i = 0; i < 5; i++)
		two[i].len = strlen(two[i].text);
	crm_ruleset *rs = NULL;
	crm_error err;
	ck_assert_int_eq(crm_ruleset_load_buffers(&rs, two, 1, NULL, &err), CRM_EIO);
	ck_assert_str_eq(err.file, "site/b.yaml");
	ck_assert_int_eq(err.line, 1);
	ck_assert_int_eq(err.column, 10);
	ck_assert_str_eq(err.message, "cannot include ../shared: no such rule file among the sources");
	/* the directory shared/: x.yaml and y.yml, not deeper/z.yaml */
	ck_assert_int_eq(crm_ruleset_load_buffers(&rs, two, 5, NULL, &err), 0);
	ck_assert_uint_eq(crm_ruleset_fact_count(rs), 3);
	ck_assert_int_ge(crm_fact_slot(rs, "z"), 0);
	crm_ruleset_free(rs);
	/* one file by name, from a source loaded first */
	crm_source one[] = {
		{"shared/x.yaml", "facts: { x: int }\n", 0},
		{"a.yaml", "include: [./shared//x.yaml, shared/x.yaml]\nfacts: { y: int }\n", 0},
	};
	one[0].len = strlen(one[0].text);
	one[1].len = strlen(one[1].text);
	ck_assert_int_eq(crm_ruleset_load_buffers(&rs, one, 2, NULL, &err), 0);
	ck_assert_uint_eq(crm_ruleset_fact_count(rs), 2);
	crm_ruleset_free(rs);
	/* a path of the file system is no source: never read */
	crm_source sys[] = {{"a.yaml", "include: /etc\n", 0}, {"b.yaml", "include: ../../a.yaml\n", 0}};
	sys[0].len = strlen(sys[0].text);
	sys[1].len = strlen(sys[1].text);
	ck_assert_int_eq(crm_ruleset_load_buffers(&rs, sys, 1, NULL, &err), CRM_EIO);
	ck_assert_str_eq(err.message, "cannot include /etc: no such rule file among the sources");
	ck_assert_int_eq(crm_ruleset_load_buffers(&rs, sys + 1, 1, NULL, &err), CRM_EIO);
	/* errors name the source */
	crm_source bad[] = {{"f.yaml", "facts: { x: int }\n", 0}, {"g.yaml", "facts: { x: bool }\n", 0}};
	bad[0].len = strlen(bad[0].text);
	bad[1].len = strlen(bad[1].text);
	ck_assert_int_eq(crm_ruleset_load_buffers(&rs, bad, 2, NULL, &err), CRM_EDUP);
	ck_assert_ptr_null(rs);
	ck_assert_str_eq(err.file, "g.yaml");
	ck_assert_int_eq(err.line, 1);
	/* arguments */
	rs = (crm_ruleset *)1;
	ck_assert_int_eq(crm_ruleset_load_buffers(&rs, NULL, 1, NULL, &err), CRM_EINVAL);
	ck_assert_ptr_null(rs);
	ck_assert_int_eq(crm_ruleset_load_buffers(&rs, bad, 0, NULL, &err), CRM_EINVAL);
	crm_source unnamed[] = {{NULL, "", 0}}, notext[] = {{"n.yaml", NULL, 3}},
		   empty[] = {{"e.yaml", NULL, 0}};
	ck_assert_int_eq(crm_ruleset_load_buffers(&rs, unnamed, 1, NULL, &err), CRM_EINVAL);
	ck_assert_int_eq(crm_ruleset_load_buffers(&rs, notext, 1, NULL, &err), CRM_EINVAL);
	ck_assert_int_eq(crm_ruleset_load_buffers(&rs, empty, 1, NULL, &err), 0);
	crm_ruleset_free(rs);
}
END_TEST

static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	ck_assert_ptr_nonnull(fp);
	fseek(fp, 0, SEEK_END);
	long n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	char *b = malloc((size_t)n + 1);
	ck_assert_uint_eq(fread(b, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	*len = (size_t)n;
	return b;
}

/* The shipped rules from memory, named as in rules/ (their include:
 * calendars/cn found among them) load as the directory does: the same
 * decisions, timers and tests, and every test passes. */
START_TEST(buffers_shipped_rules)
{
	static const char *const names[] = {
		"complaint_timers.yaml", "complaints.yaml", "credit_check.yaml",
		"credit_governance.yaml", "credit_grade.yaml", "credit_limit.yaml",
		"service_tier.yaml", "calendars/cn/2024.yaml", "calendars/cn/2025.yaml",
		"calendars/cn/2026.yaml", "calendars/cn/calendar.yaml"};
	enum { N = sizeof names / sizeof names[0] };
	crm_source src[N];
	for (size_t i = 0; i < N; i++) {
		char path[512];
		snprintf(path, sizeof path, "%s/%s", CRM_RULES_DIR, names[i]);
		src[i].name = names[i];
		src[i].text = slurp(path, &src[i].len);
	}
	crm_ruleset *mem, *dir;
	crm_error err;
	ck_assert_msg(crm_ruleset_load_buffers(&mem, src, N, NULL, &err) == 0, "%s:%d:%d: %s",
	              err.file, err.line, err.column, err.message);
	ck_assert_int_eq(crm_ruleset_load(&dir, CRM_RULES_DIR, NULL, &err), 0);
	ck_assert_uint_eq(crm_ruleset_decision_count(mem), crm_ruleset_decision_count(dir));
	ck_assert_uint_eq(crm_ruleset_fact_count(mem), crm_ruleset_fact_count(dir));
	ck_assert_uint_eq(crm_ruleset_timer_count(mem), crm_ruleset_timer_count(dir));
	ck_assert_uint_eq(crm_ruleset_calendar_count(mem), crm_ruleset_calendar_count(dir));
	ck_assert_uint_eq(crm_ruleset_test_count(mem), crm_ruleset_test_count(dir));
	ck_assert_uint_gt(crm_ruleset_test_count(mem), 100);
	crm_context *ctx;
	ck_assert_int_eq(crm_context_new(&ctx, mem, NULL), 0);
	for (size_t i = 0; i < crm_ruleset_test_count(mem); i++) {
		int passed = 0;
		ck_assert_int_eq(crm_ruleset_test_run(ctx, i, &passed, &err), 0);
		ck_assert_msg(passed, "%s: %s", crm_ruleset_test_name(mem, i), err.message);
	}
	crm_context_free(ctx);
	crm_ruleset_free(mem);
	crm_ruleset_free(dir);
	/* the include names a source: without the calendars it fails there */
	ck_assert_int_eq(crm_ruleset_load_buffers(&mem, src, 7, NULL, &err), CRM_EIO);
	ck_assert_ptr_null(mem);
	ck_assert_str_eq(err.file, "complaint_timers.yaml");
	ck_assert_str_eq(err.message,
	                 "cannot include calendars/cn: no such rule file among the sources");
	for (size_t i = 0; i < N; i++)
		free((char *)src[i].text);
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
	/* the short names: 0 is "ok" (a host may print it for any return) */
	ck_assert_str_eq(crm_code_name(CRM_OK), "ok");
	ck_assert_str_eq(crm_code_name(CRM_EMISSING), "missing");
	ck_assert_str_eq(crm_code_name(12345), "error");
}
END_TEST

/* ---- files that are not what they seem ------------------------------------------- */

/* A file of /proc says it has 0 bytes and has text: it is read to its end
 * (it was read as empty, and loaded as an empty rule file); a character
 * device is refused at once, neither waited on nor read. */
START_TEST(special_files)
{
	crm_ruleset *rs = (crm_ruleset *)1;
	crm_error err;
	struct stat st;
	if (stat("/proc/sys/kernel/ostype", &st) == 0 && st.st_size == 0) {
		/* "Linux\n": a scalar, not a mapping */
		ck_assert_int_eq(crm_ruleset_load(&rs, "/proc/sys/kernel/ostype", NULL, &err),
		                 CRM_ESYNTAX);
		ck_assert_ptr_null(rs);
		ck_assert_int_eq(err.line, 1);
		ck_assert_str_eq(err.message, "a rule file must be a mapping (facts:, constants:, "
		                              "decisions:, tests:)");
	}
	static const char *const devices[] = {"/dev/zero", "/dev/null", "/dev/urandom"};
	for (size_t i = 0; i < sizeof devices / sizeof *devices; i++) {
		ck_assert_int_eq(crm_ruleset_load(&rs, devices[i], NULL, &err), CRM_EIO);
		ck_assert_str_eq(err.file, devices[i]);
		ck_assert_str_eq(err.message, "not a regular file");
	}
	/* a file past the limit, by its size */
	char path[] = "/tmp/crmrules-big-XXXXXX";
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ftruncate(fd, (off_t)CRM_LIMIT_FILE_SIZE + 1), 0);
	close(fd);
	ck_assert_int_eq(crm_ruleset_load(&rs, path, NULL, &err), CRM_ELIMIT);
	ck_assert_str_eq(err.message, "file larger than 16777216 bytes");
	unlink(path);
}
END_TEST

/* ---- include: ------------------------------------------------------------------- */

static void join(char *out, size_t size, const char *dir, const char *name)
{
	snprintf(out, size, "%s/%s", dir, name);
}

/* A path with a NUL byte (a double-quoted "\0") is refused where it is
 * written: it opened the file named by the bytes before the NUL. */
START_TEST(include_nul)
{
	char dir[] = "/tmp/crmrules-nul-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char x[128], c[128];
	join(x, sizeof x, dir, "x.yaml");
	join(c, sizeof c, dir, "c.yaml");
	write_file(x, "facts: { x: int }\n");
	write_file(c, "facts: { y: int }\ninclude: [\"x.yaml\\0.txt\"]\n");
	crm_ruleset *rs = (crm_ruleset *)1;
	crm_error err;
	ck_assert_int_eq(crm_ruleset_load(&rs, c, NULL, &err), CRM_ESYNTAX);
	ck_assert_ptr_null(rs);
	ck_assert_str_eq(err.file, c);
	ck_assert_int_eq(err.line, 2);
	ck_assert_int_eq(err.column, 11);
	ck_assert_str_eq(err.message, "an include path cannot contain a NUL byte (byte 7 of 11)");
	unlink(x);
	unlink(c);
	rmdir(dir);
}
END_TEST

/* A load of a buffer, with include_root when root is not NULL. */
static int load_rooted(const char *yaml, const char *root, crm_ruleset **rs, crm_error *err)
{
	crm_load_options o = CRM_LOAD_OPTIONS_INIT;
	o.include_root = root;
	return crm_ruleset_load_buffer(rs, yaml, strlen(yaml), "t.yaml", &o, err);
}

/* include_root: what include: reaches must lie inside it once links are
 * resolved; refused at the include, in the same words whether or not the
 * file exists outside, and nothing of the file outside is shown. A buffer
 * includes nothing without it. Files keep their old default. */
START_TEST(include_root)
{
	char top[] = "/tmp/crmrules-root-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(top));
	char root[128], p[256], yaml[512];
	join(root, sizeof root, top, "root");
	ck_assert_int_eq(mkdir(root, 0700), 0);
	snprintf(p, sizeof p, "%s/sub", root);
	ck_assert_int_eq(mkdir(p, 0700), 0);
	snprintf(p, sizeof p, "%s/dirlink", root);
	ck_assert_int_eq(mkdir(p, 0700), 0);
	/* outside the root: a file whose keys must never be shown */
	join(p, sizeof p, top, "secret.yaml");
	write_file(p, "secret_key_42: hunter2\n");
	join(p, sizeof p, root, "a.yaml");
	write_file(p, "facts: { a: int }\n");
	join(p, sizeof p, root, "sub/b.yaml");
	write_file(p, "facts: { b: int }\n");
	join(p, sizeof p, root, "sub/c.yaml");
	write_file(p, "facts: { c: int }\ninclude: ../../secret.yaml\n");
	join(p, sizeof p, root, "link_in.yaml");
	ck_assert_int_eq(symlink("sub/b.yaml", p), 0);
	join(p, sizeof p, root, "link_out.yaml");
	ck_assert_int_eq(symlink("../secret.yaml", p), 0);
	join(p, sizeof p, root, "dirlink/evil.yaml");
	ck_assert_int_eq(symlink("../../secret.yaml", p), 0);
	join(p, sizeof p, top, "rootlink");
	ck_assert_int_eq(symlink("root", p), 0);

	crm_ruleset *rs = (crm_ruleset *)1;
	crm_error err;
	/* a buffer without include_root includes nothing, not even by an
	 * absolute path (it read the file and showed its keys) */
	snprintf(yaml, sizeof yaml, "include: [%s/secret.yaml]\n", top);
	ck_assert_int_eq(load_rooted(yaml, NULL, &rs, &err), CRM_EIO);
	ck_assert_ptr_null(rs);
	ck_assert_str_eq(err.file, "t.yaml");
	ck_assert_int_eq(err.line, 1);
	ck_assert_int_eq(err.column, 11);
	ck_assert_ptr_nonnull(strstr(err.message, ": a buffer's includes need "
	                                          "crm_load_options.include_root, the directory "
	                                          "they may read"));
	ck_assert_ptr_null(strstr(err.message, "secret_key"));
	ck_assert_int_eq(crm_ruleset_load_buffer(&rs, yaml, strlen(yaml), "t.yaml", NULL, &err),
	                 CRM_EIO);

	/* with it: paths relative to the root, links that stay inside, an
	 * absolute path inside, the root named through a link */
	ck_assert_int_eq(load_rooted("include: [a.yaml, sub/b.yaml]\n", root, &rs, &err), 0);
	ck_assert_uint_eq(crm_ruleset_fact_count(rs), 2);
	crm_ruleset_free(rs);
	ck_assert_int_eq(load_rooted("include: [link_in.yaml, sub]\n", root, &rs, &err), CRM_EIO);
	ck_assert_str_eq(strrchr(err.file, '/'), "/c.yaml"); /* sub/ holds c.yaml, which leads out */
	ck_assert_int_eq(err.line, 2);
	ck_assert_int_eq(err.column, 10);
	ck_assert_str_eq(err.message, "cannot include ../../secret.yaml: no such file or "
	                              "directory inside the include root");
	ck_assert_int_eq(load_rooted("include: link_in.yaml\n", root, &rs, &err), 0);
	ck_assert_str_eq(crm_ruleset_fact_name(rs, 0), "b");
	crm_ruleset_free(rs);
	snprintf(yaml, sizeof yaml, "include: [%s/a.yaml]\n", root);
	ck_assert_int_eq(load_rooted(yaml, root, &rs, &err), 0);
	crm_ruleset_free(rs);
	join(p, sizeof p, top, "rootlink");
	ck_assert_int_eq(load_rooted("include: [a.yaml]\n", p, &rs, &err), 0);
	crm_ruleset_free(rs);
	ck_assert_int_eq(load_rooted(yaml, "/", &rs, &err), 0); /* "/": any file */
	crm_ruleset_free(rs);

	/* out by "..", by an absolute path, by a link; and a path that does
	 * not exist at all: the same words */
	char abs_secret[256];
	join(abs_secret, sizeof abs_secret, top, "secret.yaml");
	const char *const out[] = {"../secret.yaml", abs_secret, "link_out.yaml", "sub/../../secret.yaml",
	                           "../nothing.yaml", "/"};
	for (size_t i = 0; i < sizeof out / sizeof *out; i++) {
		snprintf(yaml, sizeof yaml, "facts: { x: int }\ninclude:\n  - a.yaml\n  - %s\n", out[i]);
		ck_assert_int_eq(load_rooted(yaml, root, &rs, &err), CRM_EIO);
		ck_assert_ptr_null(rs);
		ck_assert_str_eq(err.file, "t.yaml");
		ck_assert_int_eq(err.line, 4);
		ck_assert_int_eq(err.column, 5);
		char want[512];
		snprintf(want, sizeof want,
		         "cannot include %s: no such file or directory inside the include root", out[i]);
		ck_assert_str_eq(err.message, want);
	}
	/* a directory inside whose file is a link out: refused at that file */
	ck_assert_int_eq(load_rooted("include: [dirlink]\n", root, &rs, &err), CRM_EIO);
	ck_assert_str_eq(strrchr(err.file, '/'), "/evil.yaml");
	ck_assert_int_eq(err.line, 0);
	ck_assert_str_eq(err.message, "no such file or directory inside the include root");

	/* files: the default is as before (the host trusts its files); with
	 * include_root, confined alike */
	join(p, sizeof p, root, "top.yaml");
	write_file(p, "facts: { t: int }\ninclude: [a.yaml, ../secret.yaml]\n");
	ck_assert_int_eq(crm_ruleset_load(&rs, p, NULL, &err), CRM_EUNKNOWN);
	ck_assert_ptr_nonnull(strstr(err.message, "unknown key 'secret_key_42'"));
	crm_load_options o = CRM_LOAD_OPTIONS_INIT;
	o.include_root = root;
	ck_assert_int_eq(crm_ruleset_load(&rs, p, &o, &err), CRM_EIO);
	ck_assert_str_eq(err.file, p);
	ck_assert_int_eq(err.line, 2);
	ck_assert_int_eq(err.column, 19);
	ck_assert_str_eq(err.message, "cannot include ../secret.yaml: no such file or directory "
	                              "inside the include root");
	/* the paths of the call itself are the host's: not confined */
	join(p, sizeof p, top, "outside.yaml");
	write_file(p, "facts: { o: int }\ninclude: root/a.yaml\n");
	ck_assert_int_eq(crm_ruleset_load(&rs, p, &o, &err), 0);
	ck_assert_uint_eq(crm_ruleset_fact_count(rs), 2);
	crm_ruleset_free(rs);

	/* a root that is no directory fails before anything is read */
	o.include_root = "/nonexistent/crmrules";
	ck_assert_int_eq(crm_ruleset_load(&rs, p, &o, &err), CRM_EIO);
	ck_assert_str_eq(err.file, "/nonexistent/crmrules");
	ck_assert_str_eq(err.message, "include_root: cannot open directory: No such file or directory");
	o.include_root = p;
	ck_assert_int_eq(load_rooted("facts: { x: int }\n", p, &rs, &err), CRM_EIO);
	ck_assert_str_eq(err.message, "include_root: cannot open directory: Not a directory");

	const char *const made[] = {"dirlink/evil.yaml", "link_out.yaml", "link_in.yaml",
	                            "top.yaml",          "sub/c.yaml",    "sub/b.yaml",
	                            "a.yaml",            "sub",           "dirlink"};
	for (size_t i = 0; i < sizeof made / sizeof *made; i++) {
		join(p, sizeof p, root, made[i]);
		ck_assert_int_eq(i < 7 ? unlink(p) : rmdir(p), 0);
	}
	ck_assert_int_eq(rmdir(root), 0);
	const char *const made_top[] = {"secret.yaml", "outside.yaml", "rootlink"};
	for (size_t i = 0; i < 3; i++) {
		join(p, sizeof p, top, made_top[i]);
		ck_assert_int_eq(unlink(p), 0);
	}
	ck_assert_int_eq(rmdir(top), 0);
}
END_TEST

/* A version-1 crm_load_options ends before include_root: the loader must
 * not read past it (in a block of exactly its size, for ASan), and takes
 * it as include_root NULL. Versions past the header's are refused. */
typedef struct options_v1 {
	unsigned int version;
	const crm_allocator *allocator;
	crm_diagnostic_fn diagnostic;
	void *diagnostic_ud;
	int warnings_as_errors;
} options_v1;

START_TEST(load_options_v1)
{
	char dir[] = "/tmp/crmrules-v1-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char a[128], b[128];
	join(a, sizeof a, dir, "a.yaml");
	join(b, sizeof b, dir, "b.yaml");
	write_file(a, "facts: { a: int }\ninclude: [b.yaml]\n");
	write_file(b, "facts: { b: int }\n");
	options_v1 *v1 = malloc(sizeof *v1);
	ck_assert_ptr_nonnull(v1);
	memset(v1, 0, sizeof *v1);
	v1->version = 1;
	const crm_load_options *o = (const crm_load_options *)(void *)v1;
	crm_ruleset *rs;
	crm_error err;
	ck_assert_int_eq(crm_ruleset_load(&rs, a, o, &err), 0);
	ck_assert_uint_eq(crm_ruleset_fact_count(rs), 2);
	crm_ruleset_free(rs);
	ck_assert_int_eq(crm_ruleset_load_buffer(&rs, "include: [b.yaml]\n", 18, "t.yaml", o, &err),
	                 CRM_EIO);
	free(v1);
	crm_load_options v3 = CRM_LOAD_OPTIONS_INIT;
	ck_assert_uint_eq(v3.version, 2);
	v3.version = 3;
	ck_assert_int_eq(crm_ruleset_load(&rs, a, &v3, &err), CRM_EINVAL);
	ck_assert_str_eq(err.message, "unsupported crm_load_options version 3");
	v3.version = 0;
	ck_assert_int_eq(crm_ruleset_load(&rs, a, &v3, &err), CRM_EINVAL);
	unlink(a);
	unlink(b);
	rmdir(dir);
}
END_TEST

/* ---- the cost of a load is bounded by its text ------------------------------------ */

/* The worst inputs at hand: one long expression reused through YAML
 * aliases a thousand times (3.8 GB before the limit) fails with CRM_ELIMIT
 * at the first expression past the load's work, with memory at most 40 MiB
 * (for the base of the work limit) plus 64 bytes per byte of text, and
 * nothing left allocated. Constants that use each other (22 that doubled
 * each other took 1.8 GB before) are folded once: constants_folded_once. */
START_TEST(load_cost_bounded)
{
	size_t cap = 1u << 20;
	char *alias = malloc(cap);
	ck_assert(alias);
	size_t m = (size_t)sprintf(alias, "decisions:\n  d:\n    outputs: { y: string }\n"
	                                  "    rules:\n      - { id: r0, when: 'true', then: { y: &e '\"");
	for (int i = 0; i < 8000; i++)
		m += (size_t)sprintf(alias + m, "abcdefgh");
	m += (size_t)sprintf(alias + m, "\"' } }\n");
	for (int i = 1; i < 1000; i++)
		m += (size_t)sprintf(alias + m, "      - { id: r%d, when: 'true', then: { y: *e } }\n", i);
	const struct {
		const char *text;
		size_t len;
		const char *says;
	} cases[] = {{alias, m, "the load's work limit is reached"}};
	for (size_t k = 0; k < 1; k++) {
		alloc_tally p = {0, 0, 0};
		crm_allocator al = tally_allocator(&p);
		crm_load_options o = CRM_LOAD_OPTIONS_INIT;
		o.allocator = &al;
		crm_ruleset *r;
		crm_error err;
		ck_assert_int_eq(crm_ruleset_load_buffer(&r, cases[k].text, cases[k].len, "w.yaml", &o,
		                                         &err),
		                 CRM_ELIMIT);
		ck_assert_msg(strstr(err.message, cases[k].says) && strstr(err.message, "CRM_LIMIT_LOAD_WORK"),
		              "%s", err.message);
		size_t bound = ((size_t)40 << 20) + cases[k].len * 64;
		if (getenv("CRM_SHOW_PEAK"))
			fprintf(stderr, "case %zu: peak %zu bytes for %zu of text\n", k, p.top, cases[k].len);
		ck_assert_msg(p.top <= bound, "case %zu: peak %zu bytes for %zu of text", k, p.top,
		              cases[k].len);
		ck_assert_int_eq(p.live, 0);
	}
	free(alias);
}
END_TEST

/* Each constant is checked and folded once, where it is declared, after
 * those it uses: 3,000 that each use the one before three times (3^3000
 * copies when each use copied it) load in memory proportional to the text;
 * a chain of 5,000 declared in the other order too; the errors are the
 * constant's own, at it. */
START_TEST(constants_folded_once)
{
	size_t cap = 1u << 20, n;
	char *yaml = malloc(cap);
	ck_assert_ptr_nonnull(yaml);
	n = (size_t)sprintf(yaml, "decisions:\n  d:\n    outputs: { v: int, m: money, s: string }\n"
	                          "    rules: [ { then: { v: c3000, m: 'money(c3000) * fee', s: w } } ]\n"
	                          "constants:\n  c0: 0\n  fee: 0.25\n  w: if c3000 > 2999 then \"big\" else \"small\"\n");
	for (int i = 1; i <= 3000; i++)
		n += (size_t)sprintf(yaml + n, "  c%d: c%d * 2 - c%d + (c%d - c%d + 1)\n", i, i - 1, i - 1,
		                     i - 1, i - 1);
	alloc_tally p = {0, 0, 0};
	crm_allocator al = tally_allocator(&p);
	crm_load_options o = CRM_LOAD_OPTIONS_INIT;
	o.allocator = &al;
	crm_ruleset *rs;
	crm_error err;
	ck_assert_msg(crm_ruleset_load_buffer(&rs, yaml, n, "c.yaml", &o, &err) == 0, "%s",
	              err.message);
	ck_assert_msg(p.top <= n * 64 + ((size_t)4 << 20), "peak %zu bytes for %zu of text", p.top,
	              n);
	crm_facts *f;
	crm_context *ctx;
	open_with(rs, &ctx, &f);
	const crm_result *r;
	ck_assert_int_eq(crm_decide(ctx, "d", f, &r, &err), 0);
	ck_assert_int_eq(crm_result_output(r, 0).u.i, 3000);
	/* a decimal literal constant stays exact in money arithmetic */
	ck_assert_int_eq(crm_result_output(r, 1).u.money, 75000);
	ck_assert_str_eq(crm_result_output(r, 2).u.s.ptr, "big");
	close_all(rs, ctx, f);

	/* constants that use constants declared after them */
	n = (size_t)sprintf(yaml, "decisions:\n  d:\n    outputs: { v: int }\n"
	                          "    rules: [ { then: a0 } ]\nconstants:\n");
	for (int i = 0; i < 30; i++)
		n += (size_t)sprintf(yaml + n, "  a%d: a%d + a%d\n", i, i + 1, i + 1);
	n += (size_t)sprintf(yaml + n, "  a30: 1\n");
	ck_assert_msg(crm_ruleset_load_buffer(&rs, yaml, n, "c.yaml", NULL, &err) == 0, "%s",
	              err.message);
	open_with(rs, &ctx, &f);
	ck_assert_int_eq(crm_decide(ctx, "d", f, &r, &err), 0);
	ck_assert_int_eq(crm_result_output(r, 0).u.i, 1 << 30);
	close_all(rs, ctx, f);
	n = (size_t)sprintf(yaml, "decisions:\n  d:\n    outputs: { v: int }\n"
	                          "    rules: [ { then: a0 } ]\nconstants:\n");
	for (int i = 0; i < 5000; i++)
		n += (size_t)sprintf(yaml + n, "  a%d: a%d + 1\n", i, i + 1);
	n += (size_t)sprintf(yaml + n, "  a5000: 1\n");
	ck_assert_msg(crm_ruleset_load_buffer(&rs, yaml, n, "c.yaml", NULL, &err) == 0, "%s",
	              err.message);
	open_with(rs, &ctx, &f);
	ck_assert_int_eq(crm_decide(ctx, "d", f, &r, &err), 0);
	ck_assert_int_eq(crm_result_output(r, 0).u.i, 5001);
	close_all(rs, ctx, f);

	/* a constant's own errors, at it: overflow where it is declared,
	 * used or not; a cycle with its path */
	n = (size_t)sprintf(yaml, "constants:\n  c0: 1\n");
	for (int i = 1; i <= 80; i++)
		n += (size_t)sprintf(yaml + n, "  c%d: c%d + c%d\n", i, i - 1, i - 1);
	ck_assert_int_eq(crm_ruleset_load_buffer(&rs, yaml, n, "c.yaml", NULL, &err), CRM_EOVERFLOW);
	ck_assert_int_eq(err.line, 65);
	ck_assert_msg(strstr(err.message, "constant 'c63': "), "%s", err.message);
	ck_assert_int_eq(load_err("constants:\n  a: b + 1\n  b: c * 2\n  c: a\n", &err), CRM_ECYCLE);
	ck_assert_str_eq(err.message, "constant 'a' refers to itself: a -> b -> c -> a");
	ck_assert_int_eq(err.line, 2);
	free(yaml);
}
END_TEST

/* ---- a flat chain is not nesting ------------------------------------------------------ */

typedef struct chain_job {
	const char *yaml;
	size_t len;
	int rc;
	crm_error err;
	crm_ruleset *rs;
} chain_job;

static void *load_job(void *ud)
{
	chain_job *j = ud;
	j->rc = crm_ruleset_load_buffer(&j->rs, j->yaml, j->len, "flat.yaml", NULL, &j->err);
	return NULL;
}

/* Chains of 7,000 'and', '+' and '*' terms and 2,333 'or' (as many as
 * CRM_LIMIT_EXPR_LENGTH holds; past 256 they were refused as "nested too
 * deeply"), a unary-test list of 10,000 values and a YAML list cell of
 * 100,000, loaded on a thread with a 512 KiB stack (a frame per level of a
 * chain in the checker and the compiler would overflow it), decide as they
 * read; nesting itself is still limited. */
START_TEST(flat_chains)
{
	enum { TERMS = 7000 };
	size_t cap = 4u << 20, n;
	char *y = malloc(cap);
	ck_assert_ptr_nonnull(y);
	n = (size_t)sprintf(y, "facts: { x: int, amount: money }\n"
	                       "decisions:\n  d:\n    outputs: { s: int, p: int, a: bool, o: bool, "
	                       "m: money, u: number }\n    rules:\n      - then:\n          s: |-\n            1");
	for (int i = 2; i <= TERMS; i++)
		n += (size_t)sprintf(y + n, i % 3 ? " + 2" : " - 1");
	n += (size_t)sprintf(y + n, "\n          p: |-\n            x");
	for (int i = 2; i <= TERMS; i++)
		n += (size_t)sprintf(y + n, " * 1");
	n += (size_t)sprintf(y + n, "\n          a: |-\n            x > 0");
	for (int i = 2; i <= TERMS; i++)
		n += (size_t)sprintf(y + n, " and x>%d", i % 6);
	n += (size_t)sprintf(y + n, "\n          o: |-\n            x = 0");
	for (int i = 1; i < TERMS / 3; i++)
		n += (size_t)sprintf(y + n, " or x=%d", i * 3);
	n += (size_t)sprintf(y + n, "\n          m: |-\n            amount");
	for (int i = 0; i < 3000; i++)
		n += (size_t)sprintf(y + n, " + 0.01 - 0.02 + 0.02");
	n += (size_t)sprintf(y + n, "\n          u: 1 + 2 + 0.5 + 1\n"
	                            "  t:\n    inputs: [x]\n    outputs: { r: string }\n    rules:\n"
	                            "      - { if: ['");
	for (int i = 0; i < 10000; i++)
		n += (size_t)sprintf(y + n, "%s%d", i ? ", " : "", i * 2 + 1);
	n += (size_t)sprintf(y + n, "'], then: '\"odd\"' }\n      - if: [[");
	for (int i = 0; i < 100000; i++)
		n += (size_t)sprintf(y + n, "%s%d", i ? ", " : "", i * 2);
	n += (size_t)sprintf(y + n, "]]\n        then: '\"even\"'\n");
	ck_assert(n < cap);

	chain_job j = {y, n, -1, {0}, NULL};
	pthread_attr_t at;
	pthread_t th;
	ck_assert_int_eq(pthread_attr_init(&at), 0);
	ck_assert_int_eq(pthread_attr_setstacksize(&at, 512u << 10), 0);
	ck_assert_int_eq(pthread_create(&th, &at, load_job, &j), 0);
	ck_assert_int_eq(pthread_join(th, NULL), 0);
	pthread_attr_destroy(&at);
	ck_assert_msg(j.rc == 0, "%s", j.err.message);

	long sum = 1;
	for (int i = 2; i <= TERMS; i++)
		sum += i % 3 ? 2 : -1;
	crm_facts *f;
	crm_context *ctx;
	open_with(j.rs, &ctx, &f);
	crm_error err;
	const crm_result *r;
	int sx = crm_fact_slot(j.rs, "x"), sa = crm_fact_slot(j.rs, "amount");
	ck_assert_int_eq(crm_facts_set_int(f, sx, 6, &err), 0);
	ck_assert_int_eq(crm_facts_set_money(f, sa, 12345, &err), 0);
	ck_assert_int_eq(crm_decide(ctx, "d", f, &r, &err), 0);
	ck_assert_int_eq(crm_result_output(r, 0).u.i, sum);
	ck_assert_int_eq(crm_result_output(r, 1).u.i, 6);
	ck_assert(crm_result_output(r, 2).u.b);  /* 6 > every i % 6 */
	ck_assert(crm_result_output(r, 3).u.b);  /* 6 = 2 * 3 */
	ck_assert_int_eq(crm_result_output(r, 4).u.money, 12345 + 3000);
	ck_assert(crm_result_output(r, 5).u.n == 4.5);
	ck_assert_int_eq(crm_facts_set_int(f, sx, 7, &err), 0);
	ck_assert_int_eq(crm_decide(ctx, "d", f, &r, &err), 0);
	ck_assert(!crm_result_output(r, 3).u.b);  /* 7 is not a multiple of 3 */
	ck_assert_int_eq(crm_facts_set_int(f, sx, 6996, &err), 0);
	ck_assert_int_eq(crm_decide(ctx, "d", f, &r, &err), 0);
	ck_assert(crm_result_output(r, 3).u.b);  /* the last term */
	ck_assert(crm_result_output(r, 2).u.b);
	ck_assert_int_eq(crm_facts_set_int(f, sx, 5, &err), 0);
	ck_assert_int_eq(crm_decide(ctx, "d", f, &r, &err), 0);
	ck_assert(!crm_result_output(r, 2).u.b);  /* 5 > 5 fails, 5 > 6 fails */
	const int probe[][2] = {{19999, 1}, {20001, -1}, {199998, 0}, {200000, -1}};
	for (size_t i = 0; i < 4; i++) {
		ck_assert_int_eq(crm_facts_set_int(f, sx, probe[i][0], &err), 0);
		int rc = crm_decide(ctx, "t", f, &r, &err);
		if (probe[i][1] < 0) {
			ck_assert_int_eq(rc, CRM_ENOMATCH);
			continue;
		}
		ck_assert_msg(rc == 0, "%d: %s", probe[i][0], err.message);
		ck_assert_str_eq(crm_result_output(r, 0).u.s.ptr, probe[i][1] ? "odd" : "even");
	}
	close_all(j.rs, ctx, f);

	/* nesting is still nesting */
	n = (size_t)sprintf(y, "decisions:\n  d:\n    outputs: { s: int }\n    rules:\n"
	                       "      - then:\n          s: |-\n            ");
	for (int i = 0; i < 200; i++)
		n += (size_t)sprintf(y + n, "(1 + ");
	n += (size_t)sprintf(y + n, "1");
	for (int i = 0; i < 200; i++)
		n += (size_t)sprintf(y + n, ")");
	n += (size_t)sprintf(y + n, "\n");
	crm_ruleset *rs;
	ck_assert_int_eq(crm_ruleset_load_buffer(&rs, y, n, "flat.yaml", NULL, &err), CRM_ELIMIT);
	ck_assert_msg(strstr(err.message, "nested too deeply"), "%s", err.message);
	n = (size_t)sprintf(y, "facts: { x: int }\ndecisions:\n  d:\n    inputs: [x]\n"
	                       "    outputs: { s: int }\n    rules:\n      - { if: ['");
	for (int i = 0; i < 3000; i++)
		n += (size_t)sprintf(y + n, "not(");
	n += (size_t)sprintf(y + n, "1");
	for (int i = 0; i < 3000; i++)
		n += (size_t)sprintf(y + n, ")");
	n += (size_t)sprintf(y + n, "'], then: 1 }\n");
	ck_assert_int_eq(crm_ruleset_load_buffer(&rs, y, n, "flat.yaml", NULL, &err), CRM_ELIMIT);
	ck_assert_msg(strstr(err.message, "nested too deeply"), "%s", err.message);
	free(y);
}
END_TEST

Suite *loader_suite(void)
{
	Suite *s = suite_create("loader");
	TCase *tc = tcase_create("loader");
	tcase_add_test(tc, several_errors_one_pass);
	tcase_add_test(tc, table_analysis);
	tcase_add_test(tc, analysis_unread);
	tcase_add_test(tc, analysis_bounds);
	tcase_add_test(tc, cycles);
	tcase_add_test(tc, suggest_names);
	tcase_add_test(tc, directory_load);
	tcase_add_test(tc, declarations_as_written);
	tcase_add_test(tc, buffers_load);
	tcase_add_test(tc, buffers_shipped_rules);
	tcase_add_test(tc, yaml_limits);
	tcase_add_test(tc, load_cost_bounded);
	tcase_add_test(tc, constants_folded_once);
	tcase_add_test(tc, flat_chains);
	tcase_add_test(tc, load_options);
	tcase_add_test(tc, hostile_limits);
	tcase_add_test(tc, special_files);
	tcase_add_test(tc, include_nul);
	tcase_add_test(tc, include_root);
	tcase_add_test(tc, load_options_v1);
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

/* Dates and instants outside the years are refused by every setter, the
 * extremes of int64 too; the fact keeps its value. */
START_TEST(facts_time_ranges)
{
	crm_ruleset *rs = load_ok(facts_yaml);
	crm_facts *f;
	crm_error err;
	ck_assert_int_eq(crm_facts_new(&f, rs), 0);
	int day = crm_fact_slot(rs, "day"), at = crm_fact_slot(rs, "at");
	ck_assert_int_eq(crm_facts_set_date(f, day, CRM_DATE_MIN, &err), 0);
	ck_assert_int_eq(crm_facts_set_date(f, day, CRM_DATE_MAX, &err), 0);
	ck_assert_int_eq(crm_facts_set_date(f, day, CRM_DATE_MAX + 1, &err), CRM_ERANGE);
	ck_assert_str_eq(err.message,
	                 "fact 'day': day 2932897 is outside the dates 0001-01-01..9999-12-31");
	ck_assert_int_eq(crm_facts_get(f, day).u.date, CRM_DATE_MAX);
	ck_assert_int_eq(crm_facts_set_date(f, day, CRM_DATE_MIN - 1, &err), CRM_ERANGE);
	ck_assert_int_eq(crm_facts_set_date(f, day, INT64_MIN, &err), CRM_ERANGE);
	ck_assert_int_eq(crm_facts_set_date(f, day, INT64_MAX, &err), CRM_ERANGE);
	ck_assert_int_eq(crm_facts_set_datetime(f, at, CRM_INSTANT_MIN, &err), 0);
	ck_assert_int_eq(crm_facts_set_datetime(f, at, CRM_INSTANT_MAX, &err), 0);
	ck_assert_int_eq(crm_facts_set_datetime(f, at, INT64_MAX, &err), CRM_ERANGE);
	ck_assert_str_eq(err.message, "fact 'at': instant 9223372036854775807 is outside the "
	                              "instants 0001-01-01T00:00:00Z..9999-12-31T23:59:59Z");
	ck_assert_int_eq(crm_facts_get(f, at).u.datetime, CRM_INSTANT_MAX);
	ck_assert_int_eq(crm_facts_set_datetime(f, at, CRM_INSTANT_MIN - 1, &err), CRM_ERANGE);
	ck_assert_int_eq(crm_facts_set_datetime(f, at, INT64_MIN, &err), CRM_ERANGE);
	/* the type is checked first, the slot before that */
	ck_assert_int_eq(crm_facts_set_date(f, at, INT64_MAX, &err), CRM_ETYPE);
	ck_assert_int_eq(crm_facts_set_date(f, 999, INT64_MAX, &err), CRM_EINVAL);
	/* from text: the years of the text are four digits; the offset may
	 * still take an instant out */
	ck_assert_int_eq(crm_facts_set_text(f, "at", "9999-12-31T23:59:59-01:00", 25, &err),
	                 CRM_ERANGE);
	ck_assert_int_eq(crm_facts_set_text(f, "day", "10000-01-01", 11, &err), CRM_ESYNTAX);
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
	tcase_add_test(tc, facts_time_ranges);
	tcase_add_test(tc, facts_json);
	suite_add_tcase(s, tc);
	return s;
}

/* SPDX-License-Identifier: MIT */
/* check_explain.c - what a decision says about itself: the facts each fired
 * rule read (through computed inputs, output expressions and chained
 * decisions), every missing fact at once, and the full explanation of a
 * first-hit table (the failing cell of each rule tried before). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suites.h"

/* grade is a first-hit table over facts; limit reads it through a computed
 * input, has a second computed input over two facts, and outputs
 * expressions, one reading an optional fact through known(). */
static const char rules[] =
	"facts:\n"
	"  months: { type: int, range: \"[0..1200]\", description: months of cooperation }\n"
	"  capital: { type: string, values: [strong, adequate, weak] }\n"
	"  bad_record: bool\n"
	"  payments: money\n"
	"  shipments: money\n"
	"  cap: money\n"
	"  proposed: money\n"
	"  current: money\n"
	"  overdue: bool\n"
	"decisions:\n"
	"  grade:\n"
	"    inputs: [bad_record, capital, months]\n"
	"    outputs: { grade: { type: string, values: [C, B, A] } }\n"
	"    rules:\n"
	"      - { id: C-bad, if: { bad_record: 'true' }, then: '\"C\"' }\n"
	"      - { id: C-weak, if: { capital: [weak] }, then: '\"C\"' }\n"
	"      - { id: A, if: { capital: [strong], months: '>= 12' }, then: '\"A\"' }\n"
	"      - { id: B, then: '\"B\"' }\n"
	"  limit:\n"
	"    inputs:\n"
	"      - { name: grade, expr: grade.grade }\n"
	"      - { name: change, expr: proposed - current }\n"
	"    outputs: { limit: money }\n"
	"    rules:\n"
	"      - { id: none-C, if: { grade: [C] }, then: '0' }\n"
	"      - { id: no-raise, if: { change: '> 0' }, then: current }\n"
	"      - id: A\n"
	"        if: { grade: [A] }\n"
	"        then: 'if known(cap) then min(payments, shipments, cap) else min(payments, shipments)'\n"
	"      - { id: other, when: not overdue, then: payments }\n"
	"  check:\n"
	"    inputs: [overdue]\n"
	"    outputs: { action: string }\n"
	"    rules:\n"
	"      - { id: block, if: ['true'], when: payments > shipments, then: '\"block\"' }\n"
	"      - { id: late, if: ['true'], then: '\"prepay\"' }\n"
	"      - { id: allow, when: payments <= shipments or not known(cap), then: '\"allow\"' }\n"
	"  tier:\n"
	"    inputs: [months, capital]\n"
	"    outputs: { tier: int }\n"
	"    rules:\n"
	"      - { id: old, if: ['>= 24', '-'], then: 1 }\n"
	"      - { id: mid, if: ['[12..24)', [strong, adequate]], then: 2 }\n";

static crm_ruleset *rs;
static crm_facts *f;
static crm_context *ctx;

static void setup(void)
{
	rs = load_ok(rules);
	open_with(rs, &ctx, &f);
}

static void teardown(void)
{
	close_all(rs, ctx, f);
}

static void facts(const char *json)
{
	crm_error err;
	crm_facts_clear(f);
	int rc = crm_facts_set_json(f, json, strlen(json), &err);
	ck_assert_msg(rc == 0, "%s", err.message);
}

/* Decide, and the result (or error) as JSON with flags. */
static const char *decide_json(const char *decision, unsigned flags, int *rc)
{
	static char out[4096];
	crm_error err;
	const crm_result *r;
	*rc = crm_decide(ctx, decision, f, &r, &err);
	if (*rc)
		crm_error_json(r, &err, flags, out, sizeof out);
	else
		crm_result_json(r, f, flags, out, sizeof out);
	return out;
}

/* A computed input's facts are read by the rules that test it. */
START_TEST(computed_input_facts)
{
	int rc;
	facts("{\"bad_record\": false, \"capital\": \"adequate\", \"months\": 3, \"proposed\": 300,"
	      " \"current\": 200}");
	ck_assert_str_eq(decide_json("limit", CRM_JSON_EXPLAIN, &rc),
	                 "{\"limit\":\"200.00\",\"$explain\":{\"fired\":["
	                 "{\"decision\":\"grade\",\"rule\":\"B\",\"facts\":{}},"
	                 "{\"decision\":\"limit\",\"rule\":\"no-raise\",\"facts\":"
	                 "{\"proposed\":\"300.00\",\"current\":\"200.00\"}}]}}");
	ck_assert_int_eq(rc, 0);
}
END_TEST

/* Output expressions' facts, the chained decision's rule with its own, and
 * the optional fact read through known() (null: not set). */
START_TEST(output_and_chained_facts)
{
	int rc;
	facts("{\"bad_record\": false, \"capital\": \"strong\", \"months\": 24, \"payments\": 500,"
	      " \"shipments\": 600, \"proposed\": 100, \"current\": 200}");
	ck_assert_str_eq(decide_json("limit", CRM_JSON_EXPLAIN, &rc),
	                 "{\"limit\":\"500.00\",\"$explain\":{\"fired\":["
	                 "{\"decision\":\"grade\",\"rule\":\"A\",\"facts\":"
	                 "{\"months\":24,\"capital\":\"strong\"}},"
	                 "{\"decision\":\"limit\",\"rule\":\"A\",\"facts\":"
	                 "{\"payments\":\"500.00\",\"shipments\":\"600.00\",\"cap\":null}}]}}");
	ck_assert_int_eq(rc, 0);
}
END_TEST

/* known(fact) answers for an unset fact: it is never reported missing. */
START_TEST(known_is_not_missing)
{
	int rc;
	facts("{\"bad_record\": false, \"capital\": \"strong\", \"months\": 24,"
	      " \"shipments\": 600, \"proposed\": 100, \"current\": 200}");
	ck_assert_str_eq(decide_json("limit", 0, &rc),
	                 "{\"$error\":{\"code\":\"missing\",\"message\":\"decision 'limit' needs "
	                 "facts that are not set: payments\",\"file\":\"test.yaml\",\"line\":20,"
	                 "\"column\":3,\"missing\":[\"payments\"]}}");
	ck_assert_int_eq(rc, CRM_EMISSING);
}
END_TEST

/* Every fact a decision may read, through its chained decisions too, in
 * declaration order; and what each fact's declaration says. */
START_TEST(decision_facts)
{
	int di = crm_decision_find(rs, "limit");
	size_t n = crm_decision_fact_count(rs, di);
	char names[256] = "";
	for (size_t k = 0; k < n; k++) {
		int slot = crm_decision_fact(rs, di, k);
		ck_assert_int_ge(slot, 0);
		strcat(names, k ? " " : "");
		strcat(names, crm_ruleset_fact_name(rs, (size_t)slot));
	}
	/* grade's three (chained), change's two, the outputs' four */
	ck_assert_str_eq(names, "months capital bad_record payments shipments cap proposed current "
	                        "overdue");
	ck_assert_uint_eq(crm_decision_fact_count(rs, crm_decision_find(rs, "grade")), 3);
	ck_assert_uint_eq(crm_decision_fact_count(rs, crm_decision_find(rs, "check")), 4);
	ck_assert_int_eq(crm_decision_fact(rs, di, n), CRM_EINVAL);
	ck_assert_uint_eq(crm_decision_fact_count(rs, 99), 0);
	ck_assert_uint_eq(crm_decision_fact_count(NULL, 0), 0);

	crm_fact_info fi;
	ck_assert_int_eq(crm_ruleset_fact_info(rs, (size_t)crm_fact_slot(rs, "months"), &fi), 0);
	ck_assert_str_eq(fi.name, "months");
	ck_assert_int_eq(fi.type, CRM_T_INT);
	ck_assert_str_eq(fi.description, "months of cooperation");
	ck_assert(fi.has_range && fi.lo_closed && fi.hi_closed);
	ck_assert_int_eq(fi.lo.u.i, 0);
	ck_assert_int_eq(fi.hi.u.i, 1200);
	ck_assert_uint_eq(fi.nvalues, 0);
	ck_assert_str_eq(fi.file, "test.yaml");
	ck_assert_int_eq(fi.line, 2);
	ck_assert_int_eq(fi.column, 3);
	size_t cap = (size_t)crm_fact_slot(rs, "capital");
	ck_assert_int_eq(crm_ruleset_fact_info(rs, cap, &fi), 0);
	ck_assert_ptr_null(fi.description);
	ck_assert_uint_eq(fi.nvalues, 3);
	crm_value v = crm_ruleset_fact_value(rs, cap, 2);
	ck_assert_int_eq(v.type, CRM_T_STRING);
	ck_assert_int_eq(v.u.s.len, 4);
	ck_assert(memcmp(v.u.s.ptr, "weak", 4) == 0);
	ck_assert_int_eq(crm_ruleset_fact_value(rs, cap, 3).type, CRM_T_UNKNOWN);
	ck_assert_int_eq(crm_ruleset_fact_info(rs, 99, &fi), CRM_EINVAL);
	ck_assert_int_eq(crm_ruleset_fact_info(rs, 0, NULL), CRM_EINVAL);
}
END_TEST

/* Every fact the decision would need, at once: grade's three (each of its
 * rules is undecided until B), then every rule of limit (its input grade
 * unknown): change's two facts, the outputs' (cap is optional), overdue. */
START_TEST(missing_all_at_once)
{
	int rc;
	facts("{}");
	ck_assert_str_eq(decide_json("limit", 0, &rc),
	                 "{\"$error\":{\"code\":\"missing\",\"message\":\"decision 'limit' needs "
	                 "facts that are not set: months, capital, bad_record, payments, shipments, "
	                 "proposed, current, overdue\",\"file\":\"test.yaml\",\"line\":20,"
	                 "\"column\":3,\"missing\":[\"months\",\"capital\",\"bad_record\","
	                 "\"payments\",\"shipments\",\"proposed\",\"current\",\"overdue\"]}}");
	ck_assert_int_eq(rc, CRM_EMISSING);
	/* a first-hit table: the undecided first rule; the rule that matches
	 * after it has constant outputs */
	facts("{\"overdue\": true}");
	ck_assert_str_eq(decide_json("check", 0, &rc),
	                 "{\"$error\":{\"code\":\"missing\",\"message\":\"decision 'check' needs "
	                 "facts that are not set: payments, shipments\",\"file\":\"test.yaml\","
	                 "\"line\":32,\"column\":3,\"missing\":[\"payments\",\"shipments\"]}}");
	/* only what is undecided: a false rule's unknown facts are not listed */
	facts("{\"bad_record\": true}");
	ck_assert_str_eq(decide_json("grade", 0, &rc), "{\"grade\":\"C\"}");
	facts("{\"bad_record\": false, \"capital\": \"weak\", \"proposed\": 1, \"current\": 2}");
	ck_assert_str_eq(decide_json("limit", 0, &rc), "{\"limit\":\"0.00\"}");
	/* not known(cap) decides the or: payments and shipments are not needed */
	facts("{\"overdue\": false}");
	ck_assert_str_eq(decide_json("check", 0, &rc), "{\"action\":\"allow\"}");
}
END_TEST

/* The message holds what it can; the result lists every fact. */
START_TEST(missing_many)
{
	char yaml[8192] = "facts:\n";
	char when[4096] = "";
	for (int i = 0; i < 60; i++) {
		char line[64];
		snprintf(line, sizeof line, "  a_rather_long_fact_name_%02d: bool\n", i);
		strcat(yaml, line);
		snprintf(line, sizeof line, "%sa_rather_long_fact_name_%02d", i ? " and " : "", i);
		strcat(when, line);
	}
	strcat(yaml, "decisions:\n  d:\n    outputs: { ok: bool }\n    rules:\n      - when: ");
	strcat(yaml, when);
	strcat(yaml, "\n        then: 'true'\n");
	crm_ruleset *rs2 = load_ok(yaml);
	crm_facts *f2;
	crm_context *c2;
	open_with(rs2, &c2, &f2);
	const crm_result *r;
	crm_error err;
	ck_assert_int_eq(crm_decide(c2, "d", f2, &r, &err), CRM_EMISSING);
	ck_assert_uint_eq(crm_result_missing_count(r), 60);
	ck_assert_int_eq(crm_result_missing_fact(r, 59), 59);
	ck_assert_msg(strstr(err.message, "a_rather_long_fact_name_00, a_rather_long_fact_name_01, ") &&
	                      strstr(err.message, " and ") && strstr(err.message, " more"),
	              "%s", err.message);
	ck_assert_uint_lt(strlen(err.message), CRM_ERROR_MESSAGE_MAX - 1);
	close_all(rs2, c2, f2);
}
END_TEST

/* A value fact i accepts (its first allowed value, its range's low end, or
 * a plain one), set on fs. */
static void set_some(crm_ruleset *r, crm_facts *fs, int slot)
{
	crm_fact_info fi;
	crm_error err;
	ck_assert_int_eq(crm_ruleset_fact_info(r, (size_t)slot, &fi), 0);
	char text[128] = "";
	if (fi.nvalues) {
		crm_value v = crm_ruleset_fact_value(r, (size_t)slot, 0);
		if (v.type == CRM_T_STRING)
			snprintf(text, sizeof text, "%.*s", (int)v.u.s.len, v.u.s.ptr);
		else
			crm_value_format(text, sizeof text, &v);
	} else if (fi.has_range) {
		crm_value v = fi.lo;
		if (!fi.lo_closed)
			v.u.i += 1;
		crm_value_format(text, sizeof text, &v);
	} else {
		static const char *const plain[] = {"", "false", "1", "1", "1", "x", "2026-10-08",
		                                    "2026-10-08T09:00:00+08:00", "1 h", ""};
		snprintf(text, sizeof text, "%s", plain[fi.type]);
	}
	if (fi.type == CRM_T_LIST) /* an empty list: set from JSON */
		snprintf(text, sizeof text, "{\"%s\": []}", fi.name);
	int rc = fi.type == CRM_T_LIST ? crm_facts_set_json(fs, text, strlen(text), &err)
	                               : crm_facts_set_text(fs, fi.name, text, strlen(text), &err);
	ck_assert_msg(rc == 0, "%s = %s: %s", fi.name, text, err.message);
}

/* For every decision of the shipped rules: from no facts, set every fact
 * the error lists, and the decision is made (or no rule matches), never
 * missing facts again. */
START_TEST(missing_retry_once)
{
	crm_ruleset *r;
	crm_error err;
	ck_assert_int_eq(crm_ruleset_load(&r, CRM_RULES_DIR, NULL, &err), 0);
	crm_facts *fs;
	crm_context *c;
	open_with(r, &c, &fs);
	for (size_t di = 0; di < crm_ruleset_decision_count(r); di++) {
		const crm_result *res;
		crm_facts_clear(fs);
		int rc = crm_decide_index(c, (int)di, fs, &res, &err);
		if (rc != CRM_EMISSING)
			continue;
		size_t n = crm_result_missing_count(res);
		int slots[128];
		ck_assert_uint_gt(n, 0);
		ck_assert_uint_le(n, 128);
		for (size_t i = 0; i < n; i++)
			slots[i] = crm_result_missing_fact(res, i);
		for (size_t i = 0; i < n; i++)
			set_some(r, fs, slots[i]);
		rc = crm_decide_index(c, (int)di, fs, &res, &err);
		ck_assert_msg(rc != CRM_EMISSING, "%s: %s", crm_ruleset_decision_name(r, di),
		              err.message);
	}
	close_all(r, c, fs);
}
END_TEST

/* A decision's facts as a JSON Schema; as snprintf. (tests/schema checks
 * the shipped rules' schemas with a validator.) */
START_TEST(json_schema)
{
	int di = crm_decision_find(rs, "grade");
	static const char want[] =
		"{\n  \"$schema\": \"https://json-schema.org/draft/2020-12/schema\",\n"
		"  \"title\": \"facts of decision grade\",\n  \"type\": \"object\",\n"
		"  \"properties\": {\n"
		"    \"months\": {\"type\":[\"integer\",\"null\"],\"minimum\":0,\"maximum\":1200,"
		"\"description\":\"months of cooperation\"},\n"
		"    \"capital\": {\"type\":[\"string\",\"null\"],"
		"\"enum\":[\"strong\",\"adequate\",\"weak\",null]},\n"
		"    \"bad_record\": {\"type\":[\"boolean\",\"null\"]}\n"
		"  },\n  \"additionalProperties\": false\n}\n";
	char buf[1024];
	ck_assert_uint_eq(crm_decision_json_schema(rs, di, buf, sizeof buf), strlen(want));
	ck_assert_str_eq(buf, want);
	ck_assert_uint_eq(crm_decision_json_schema(rs, di, NULL, 0), strlen(want));
	ck_assert_uint_eq(crm_decision_json_schema(rs, di, buf, 10), strlen(want));
	ck_assert_str_eq(buf, "{\n  \"$sch");
	ck_assert_uint_eq(crm_decision_json_schema(rs, 99, buf, sizeof buf), 0);
	ck_assert_str_eq(buf, "");
	/* money: a decimal text or a number; the list of limit's nine facts */
	ck_assert_uint_gt(crm_decision_json_schema(rs, crm_decision_find(rs, "limit"), buf, sizeof buf),
	                  0);
	ck_assert_ptr_nonnull(strstr(buf, "    \"payments\": {\"type\":[\"string\",\"number\",\"null\"],"
	                                  "\"pattern\":\"^[+-]?([0-9]+(\\\\.[0-9]{1,2}0*)?|\\\\.[0-9]{1,2}0*)$\"},"));
}
END_TEST

/* ---- full explanations ---------------------------------------------------- */

/* crm_decide_explain, and the result (or error) as JSON with flags. */
static const char *explain_json(const char *decision, unsigned flags, int *rc)
{
	static char out[8192];
	crm_error err;
	const crm_result *r;
	*rc = crm_decide_explain(ctx, crm_decision_find(rs, decision), f, &r, &err);
	if (*rc)
		crm_error_json(r, &err, flags, out, sizeof out);
	else
		crm_result_json(r, f, flags, out, sizeof out);
	return out;
}

/* A chained first-hit table and its reader: every rule before the one
 * that fired, with the first cell that was false and what it saw, a
 * computed input reading a decision among them. */
START_TEST(full_first_hit)
{
	int rc;
	facts("{\"bad_record\": false, \"capital\": \"adequate\", \"months\": 3, \"proposed\": 300,"
	      " \"current\": 200}");
	ck_assert_str_eq(
		explain_json("limit", CRM_JSON_EXPLAIN_FULL, &rc),
		"{\"limit\":\"200.00\",\"$explain\":{\"fired\":["
		"{\"decision\":\"grade\",\"rule\":\"B\",\"facts\":{}},"
		"{\"decision\":\"limit\",\"rule\":\"no-raise\",\"facts\":"
		"{\"proposed\":\"300.00\",\"current\":\"200.00\"}}],\"tried\":["
		"{\"decision\":\"grade\",\"rule\":\"C-bad\",\"input\":\"bad_record\",\"cell\":\"true\","
		"\"value\":false,\"facts\":{\"bad_record\":false}},"
		"{\"decision\":\"grade\",\"rule\":\"C-weak\",\"input\":\"capital\",\"cell\":\"[weak]\","
		"\"value\":\"adequate\",\"facts\":{\"capital\":\"adequate\"}},"
		"{\"decision\":\"grade\",\"rule\":\"A\",\"input\":\"capital\",\"cell\":\"[strong]\","
		"\"value\":\"adequate\",\"facts\":{\"capital\":\"adequate\"}},"
		"{\"decision\":\"limit\",\"rule\":\"none-C\",\"input\":\"grade\",\"cell\":\"[C]\","
		"\"value\":\"B\",\"facts\":{}}]}}");
	ck_assert_int_eq(rc, 0);
	/* CRM_JSON_EXPLAIN alone: the same bytes as deciding without */
	char plain[4096];
	snprintf(plain, sizeof plain, "%s", decide_json("limit", CRM_JSON_EXPLAIN, &rc));
	ck_assert_str_eq(explain_json("limit", CRM_JSON_EXPLAIN, &rc), plain);

	/* a later cell fails (capital passes, months does not); a computed
	 * input fails with its facts, and an output expression reads cap */
	facts("{\"bad_record\": false, \"capital\": \"strong\", \"months\": 3, \"proposed\": 100,"
	      " \"current\": 200, \"overdue\": false, \"payments\": 5}");
	ck_assert_str_eq(
		explain_json("limit", CRM_JSON_EXPLAIN_FULL, &rc),
		"{\"limit\":\"5.00\",\"$explain\":{\"fired\":["
		"{\"decision\":\"grade\",\"rule\":\"B\",\"facts\":{}},"
		"{\"decision\":\"limit\",\"rule\":\"other\",\"facts\":"
		"{\"payments\":\"5.00\",\"overdue\":false}}],\"tried\":["
		"{\"decision\":\"grade\",\"rule\":\"C-bad\",\"input\":\"bad_record\",\"cell\":\"true\","
		"\"value\":false,\"facts\":{\"bad_record\":false}},"
		"{\"decision\":\"grade\",\"rule\":\"C-weak\",\"input\":\"capital\",\"cell\":\"[weak]\","
		"\"value\":\"strong\",\"facts\":{\"capital\":\"strong\"}},"
		"{\"decision\":\"grade\",\"rule\":\"A\",\"input\":\"months\",\"cell\":\">= 12\","
		"\"value\":3,\"facts\":{\"months\":3}},"
		"{\"decision\":\"limit\",\"rule\":\"none-C\",\"input\":\"grade\",\"cell\":\"[C]\","
		"\"value\":\"B\",\"facts\":{}},"
		"{\"decision\":\"limit\",\"rule\":\"no-raise\",\"input\":\"change\",\"cell\":\"> 0\","
		"\"value\":\"-100.00\",\"facts\":{\"proposed\":\"100.00\",\"current\":\"200.00\"}},"
		"{\"decision\":\"limit\",\"rule\":\"A\",\"input\":\"grade\",\"cell\":\"[A]\","
		"\"value\":\"B\",\"facts\":{}}]}}");
}
END_TEST

/* A when: that fails after its cells pass; the C getters. */
START_TEST(full_when)
{
	int rc;
	facts("{\"overdue\": true, \"payments\": 100, \"shipments\": 200}");
	ck_assert_str_eq(explain_json("check", CRM_JSON_EXPLAIN_FULL, &rc),
	                 "{\"action\":\"prepay\",\"$explain\":{\"fired\":["
	                 "{\"decision\":\"check\",\"rule\":\"late\",\"facts\":{\"overdue\":true}}],"
	                 "\"tried\":[{\"decision\":\"check\",\"rule\":\"block\","
	                 "\"when\":\"payments > shipments\",\"facts\":"
	                 "{\"payments\":\"100.00\",\"shipments\":\"200.00\"}}]}}");
	const crm_result *r;
	crm_error err;
	int di = crm_decision_find(rs, "check");
	ck_assert_int_eq(crm_decide_explain(ctx, di, f, &r, &err), 0);
	ck_assert_uint_eq(crm_result_tried_count(r), 1);
	crm_tried t;
	ck_assert_int_eq(crm_result_tried(r, 0, &t), 0);
	ck_assert_str_eq(t.decision, "check");
	ck_assert_str_eq(t.rule, "block");
	ck_assert_int_eq(t.input, -1);
	ck_assert_ptr_null(t.input_name);
	ck_assert_str_eq(t.cell, "payments > shipments");
	ck_assert_int_eq(t.value.type, CRM_T_UNKNOWN);
	ck_assert_uint_eq(t.nfacts, 2);
	ck_assert_int_eq(crm_result_tried_fact(r, 0, 0), crm_fact_slot(rs, "payments"));
	ck_assert_int_eq(crm_result_tried_fact(r, 0, 1), crm_fact_slot(rs, "shipments"));
	ck_assert_int_eq(crm_result_tried_fact(r, 0, 2), CRM_EINVAL);
	ck_assert_int_eq(crm_result_tried(r, 1, &t), CRM_EINVAL);
	ck_assert_str_eq(crm_result_fired_id(r, 0), "late");
	/* a plain decision explains nothing more */
	ck_assert_int_eq(crm_decide_index(ctx, di, f, &r, &err), 0);
	ck_assert_uint_eq(crm_result_tried_count(r), 0);
	ck_assert_int_eq(crm_result_tried(r, 0, &t), CRM_EINVAL);
	ck_assert_uint_eq(crm_result_tried_count(NULL), 0);
}
END_TEST

/* No rule matched: every rule, each with its failing cell, in the error. */
START_TEST(full_no_match)
{
	facts("{\"months\": 3}");
	char out[2048];
	size_t n;
	crm_error err;
	crm_json_options o = {CRM_JSON_OPTIONS_VERSION, CRM_JSON_EXPLAIN_FULL, NULL, 0, 0, NULL};
	const char *in = "{\"months\": 3, \"capital\": \"weak\"}";
	ck_assert_int_eq(crm_decide_json(ctx, crm_decision_find(rs, "tier"), in, strlen(in), &o, out,
	                                 sizeof out, &n, &err),
	                 CRM_ENOMATCH);
	ck_assert_str_eq(out, "{\"$error\":{\"code\":\"no_match\",\"message\":\"decision 'tier': no "
	                      "rule matched\",\"file\":\"test.yaml\",\"line\":39,\"column\":3,\"tried\":["
	                      "{\"decision\":\"tier\",\"rule\":\"old\",\"input\":\"months\",\"cell\":"
	                      "\">= 24\",\"value\":3,\"facts\":{\"months\":3}},"
	                      "{\"decision\":\"tier\",\"rule\":\"mid\",\"input\":\"months\",\"cell\":"
	                      "\"[12..24)\",\"value\":3,\"facts\":{\"months\":3}}]}}");
	ck_assert_uint_eq(n, strlen(out));
	/* and the one call writes a full explanation of a result too */
	in = "{\"months\": 30}";
	ck_assert_int_eq(crm_decide_json(ctx, crm_decision_find(rs, "tier"), in, strlen(in), &o, out,
	                                 sizeof out, &n, &err),
	                 0);
	ck_assert_str_eq(out, "{\"tier\":1,\"$explain\":{\"fired\":[{\"decision\":\"tier\","
	                      "\"rule\":\"old\",\"facts\":{\"months\":30}}],\"tried\":[]}}");
}
END_TEST

/* A value a fact accepts, picked at random: one of its values, in its
 * range, or a plain one of its type (a string fact without values gets
 * one the shipped rules test for). */
static void set_random(crm_ruleset *r, crm_facts *fs, int slot, unsigned *seed)
{
	crm_fact_info fi;
	crm_error err;
	crm_ruleset_fact_info(r, (size_t)slot, &fi);
	char text[128];
	unsigned x = (unsigned)rand_r(seed);
	if (fi.nvalues) {
		crm_value v = crm_ruleset_fact_value(r, (size_t)slot, x % fi.nvalues);
		if (v.type == CRM_T_STRING)
			snprintf(text, sizeof text, "%.*s", (int)v.u.s.len, v.u.s.ptr);
		else
			crm_value_format(text, sizeof text, &v);
	} else {
		int64_t lo = fi.has_range ? fi.lo.u.i : 0, hi = fi.has_range ? fi.hi.u.i : 60;
		if (fi.type == CRM_T_NUMBER && fi.has_range) {
			lo = (int64_t)fi.lo.u.n;
			hi = (int64_t)fi.hi.u.n;
		}
		int64_t k = lo + (int64_t)(x % (uint64_t)(hi - lo + 1));
		switch (fi.type) {
		case CRM_T_BOOL: snprintf(text, sizeof text, "%s", x & 1 ? "true" : "false"); break;
		case CRM_T_NUMBER: snprintf(text, sizeof text, "%lld.5", (long long)(k > lo ? k - 1 : k)); break;
		case CRM_T_MONEY: snprintf(text, sizeof text, "%lld000.25", (long long)k); break;
		case CRM_T_STRING: {
			static const char *const some[] = {"quality", "delivery", "price", "refund now",
			                                   "I will sue", "x"};
			snprintf(text, sizeof text, "%s", some[x % 6]);
			break;
		}
		case CRM_T_DATE: snprintf(text, sizeof text, "2026-10-%02d", (int)(x % 28) + 1); break;
		case CRM_T_DATETIME:
			snprintf(text, sizeof text, "2026-10-%02dT09:00:00+08:00", (int)(x % 28) + 1);
			break;
		case CRM_T_DURATION: snprintf(text, sizeof text, "%d h", (int)(x % 48)); break;
		default: return; /* lists: left unknown */
		}
	}
	crm_facts_set_text(fs, fi.name, text, strlen(text), &err);
}

/* Over the shipped rules and random customers: explaining decides the
 * same (outputs, rules fired, error), and names the failing part of every
 * rule it lists. */
START_TEST(full_agrees)
{
	crm_ruleset *r;
	crm_error err, err2;
	ck_assert_int_eq(crm_ruleset_load(&r, CRM_RULES_DIR, NULL, &err), 0);
	crm_facts *fs;
	crm_context *c;
	open_with(r, &c, &fs);
	unsigned seed = 18;
	size_t explained = 0;
	for (int round = 0; round < 300; round++) {
		for (size_t di = 0; di < crm_ruleset_decision_count(r); di++) {
			crm_facts_clear(fs);
			for (size_t k = 0; k < crm_decision_fact_count(r, (int)di); k++)
				if (rand_r(&seed) % 8)
					set_random(r, fs, crm_decision_fact(r, (int)di, k), &seed);
			const crm_result *a, *b;
			char ja[4096], jb[4096];
			int ra = crm_decide_index(c, (int)di, fs, &a, &err);
			if (ra)
				crm_error_json(a, &err, CRM_JSON_EXPLAIN, ja, sizeof ja);
			else
				crm_result_json(a, fs, CRM_JSON_EXPLAIN, ja, sizeof ja);
			int rb = crm_decide_explain(c, (int)di, fs, &b, &err2);
			if (rb)
				crm_error_json(b, &err2, CRM_JSON_EXPLAIN, jb, sizeof jb);
			else
				crm_result_json(b, fs, CRM_JSON_EXPLAIN, jb, sizeof jb);
			ck_assert_int_eq(ra, rb);
			ck_assert_str_eq(ja, jb);
			for (size_t i = 0; i < crm_result_tried_count(b); i++) {
				crm_tried t;
				ck_assert_int_eq(crm_result_tried(b, i, &t), 0);
				ck_assert_msg(t.cell != NULL, "%s: rule %s: no failing part named",
				              t.decision, t.rule);
				explained++;
			}
		}
	}
	ck_assert_uint_gt(explained, 1000);
	close_all(r, c, fs);
}
END_TEST

/* The first explanation makes the context's list; later ones allocate
 * nothing. */
START_TEST(full_no_allocation)
{
	alloc_tally t = {0, 0, 0};
	crm_allocator al = tally_allocator(&t);
	crm_context *c;
	ck_assert_int_eq(crm_context_new(&c, rs, &al), 0);
	facts("{\"bad_record\": false, \"capital\": \"strong\", \"months\": 3, \"proposed\": 100,"
	      " \"current\": 200, \"overdue\": false, \"payments\": 5}");
	const crm_result *r;
	crm_error err;
	long before = t.allocs;
	ck_assert_int_eq(crm_decide_explain(c, crm_decision_find(rs, "limit"), f, &r, &err), 0);
	ck_assert_int_eq(t.allocs - before, 1);
	before = t.allocs;
	for (int i = 0; i < 100; i++)
		ck_assert_int_eq(crm_decide_explain(c, crm_decision_find(rs, "limit"), f, &r, &err), 0);
	ck_assert_int_eq(t.allocs - before, 0);
	ck_assert_uint_eq(crm_result_tried_count(r), 6);
	crm_context_free(c);
}
END_TEST

Suite *explain_suite(void)
{
	Suite *s = suite_create("explain");
	TCase *tc = tcase_create("facts");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, computed_input_facts);
	tcase_add_test(tc, output_and_chained_facts);
	tcase_add_test(tc, known_is_not_missing);
	tcase_add_test(tc, decision_facts);
	tcase_add_test(tc, json_schema);
	suite_add_tcase(s, tc);
	tc = tcase_create("missing");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, missing_all_at_once);
	tcase_add_test(tc, missing_many);
	tcase_add_test(tc, missing_retry_once);
	suite_add_tcase(s, tc);
	tc = tcase_create("full");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, full_first_hit);
	tcase_add_test(tc, full_when);
	tcase_add_test(tc, full_no_match);
	tcase_add_test(tc, full_agrees);
	tcase_add_test(tc, full_no_allocation);
	suite_add_tcase(s, tc);
	return s;
}

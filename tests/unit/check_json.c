/* SPDX-License-Identifier: MIT */
/* check_json.c - facts from JSON and decisions as JSON: every value kind,
 * every syntax error with its position, no allocation after warm-up, the
 * one call with kept keys and small buffers, and yajl as an oracle of
 * what is JSON. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_parse.h>

#include "suites.h"

static const char rules[] =
	"facts:\n"
	"  ok: bool\n"
	"  n: int\n"
	"  x: number\n"
	"  amount: money\n"
	"  name: string\n"
	"  day: date\n"
	"  at: datetime\n"
	"  wait: duration\n"
	"  tags: list of string\n"
	"  counts: list of int\n"
	"  kind: { type: string, values: [gold, silver] }\n"
	"decisions:\n"
	"  pick:\n"
	"    inputs: [ok, amount]\n"
	"    outputs: { level: int, limit: money, label: string }\n"
	"    rules:\n"
	"      - { id: big, if: [true, '>= 1000'], then: { level: 1, limit: 'amount * 2', label: '\"big\"' } }\n"
	"      - { id: rest, if: ['-', '-'], then: { level: 2, limit: amount, label: name } }\n";

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

static int rd(const char *json, unsigned flags, crm_error *err)
{
	crm_json_options o = {CRM_JSON_OPTIONS_VERSION, flags, NULL, 0, 0, NULL};
	return crm_facts_read_json(f, json, strlen(json), &o, err);
}

static crm_value get(const char *name)
{
	return crm_facts_get(f, crm_fact_slot(rs, name));
}

START_TEST(every_kind)
{
	crm_error err;
	int rc = rd("{\"ok\": true, \"n\": -42, \"x\": 2.5e1, \"amount\": \"1234.50\", \"name\": "
	            "\"caf\\u00e9 \\\"a\\\"\\n\\ud83d\\ude00\", \"day\": \"2026-10-01\", \"at\": "
	            "\"2026-10-01T09:00:00+08:00\", \"wait\": \"90 min\", \"tags\": [\"a\", \"b\\tc\"], "
	            "\"counts\": [1, \"2\", 3], \"kind\": \"gold\"}",
	            0, &err);
	ck_assert_msg(rc == 0, "%s", err.message);
	ck_assert_int_eq(get("ok").u.b, 1);
	ck_assert_int_eq(get("n").u.i, -42);
	ck_assert(get("x").u.n == 25.0);
	ck_assert_int_eq(get("amount").u.money, 123450);
	crm_value s = get("name");
	ck_assert_int_eq(s.u.s.len, strlen("caf\xc3\xa9 \"a\"\n\xf0\x9f\x98\x80"));
	ck_assert(memcmp(s.u.s.ptr, "caf\xc3\xa9 \"a\"\n\xf0\x9f\x98\x80", s.u.s.len) == 0);
	int64_t day;
	crm_date_from_civil(&day, 2026, 10, 1);
	ck_assert_int_eq(get("day").u.date, day);
	ck_assert_int_eq(get("at").u.datetime, day * 86400 + 3600);
	ck_assert_int_eq(get("wait").u.duration, 5400);
	crm_value t = get("tags");
	ck_assert_int_eq(t.u.list.len, 2);
	crm_value t1 = crm_value_item(&t, 1);
	ck_assert(t1.u.s.len == 3 && memcmp(t1.u.s.ptr, "b\tc", 3) == 0);
	crm_value c = get("counts");
	ck_assert_int_eq(c.u.list.len, 3);
	ck_assert_int_eq(crm_value_item(&c, 1).u.i, 2);
	/* half a surrogate pair is U+FFFD */
	ck_assert_int_eq(rd("{\"name\": \"\\ud800x\\udc00\"}", 0, &err), 0);
	ck_assert(get("name").u.s.len == 7 &&
	          memcmp(get("name").u.s.ptr, "\xef\xbf\xbdx\xef\xbf\xbd", 7) == 0);
	/* money as a number is read from its digits: no binary float */
	ck_assert_int_eq(rd("{\"amount\": 0.29}", 0, &err), 0);
	ck_assert_int_eq(get("amount").u.money, 29);
	ck_assert_int_eq(rd("{\"amount\": 90071992547409.93}", 0, &err), 0);
	ck_assert_int_eq(get("amount").u.money, 9007199254740993);
	/* a long run of digits is not summed past int64 on the fast path */
	ck_assert_int_eq(rd("{\"amount\": \"1234567890123456\"}", 0, &err), 0);
	ck_assert_int_eq(get("amount").u.money, 123456789012345600);
	ck_assert_int_eq(rd("{\"amount\": 99999999999999999999999999999}", 0, &err),
	                 CRM_EOVERFLOW);
	ck_assert_int_eq(rd("{\"amount\": \"-99999999999999999999999999999.5\"}", 0, &err),
	                 CRM_EOVERFLOW);
	/* scalars as text: a number for a string, a string for an int */
	ck_assert_int_eq(rd("{\"name\": 12, \"n\": \"7\"}", 0, &err), 0);
	ck_assert_int_eq(get("n").u.i, 7);
	ck_assert(get("name").u.s.len == 2 && memcmp(get("name").u.s.ptr, "12", 2) == 0);
	/* null unsets; facts not named keep their values unless CLEAR */
	ck_assert_int_eq(rd("{\"n\": null}", 0, &err), 0);
	ck_assert_int_eq(get("n").type, CRM_T_UNKNOWN);
	ck_assert_int_eq(get("ok").type, CRM_T_BOOL);
	ck_assert_int_eq(rd(" { } ", CRM_JSON_CLEAR, &err), 0);
	ck_assert_int_eq(get("ok").type, CRM_T_UNKNOWN);
	/* unknown keys: an error, or skipped with whatever they hold */
	ck_assert_int_eq(rd("{\"id\": {\"a\": [1, {\"b\": null}]}, \"n\": 3}", 0, &err),
	                 CRM_EUNKNOWN);
	ck_assert_str_eq(err.message, "unknown fact 'id'");
	ck_assert_int_eq(rd("{\"id\": {\"a\": [1, {\"b\": null}]}, \"n\": 3}",
	                    CRM_JSON_IGNORE_UNKNOWN, &err),
	                 0);
	ck_assert_int_eq(get("n").u.i, 3);
}
END_TEST

static const struct {
	const char *json;
	int code, line, col;
	const char *message;
} bad_cases[] = {
	{"", CRM_ESYNTAX, 1, 1, "facts must be a JSON object of name: value, found the end of the text"},
	{"[1]", CRM_ESYNTAX, 1, 1, "facts must be a JSON object of name: value, found '['"},
	{"{\"n\": 1,}", CRM_ESYNTAX, 1, 9, "expected a key in double quotes, found '}'"},
	{"{\"n\": 1} x", CRM_ESYNTAX, 1, 10, "nothing may follow the object, found 'x'"},
	{"{\"n\": 01}", CRM_ESYNTAX, 1, 8, "expected ',' or '}', found '1'"},
	{"{\"n\": 1.}", CRM_ESYNTAX, 1, 9, "a number needs a digit after '.', found '}'"},
	{"{\"n\": -}", CRM_ESYNTAX, 1, 8, "a number needs a digit, found '}'"},
	{"{\"n\" 1}", CRM_ESYNTAX, 1, 6, "expected ':' after a key, found '1'"},
	{"{\"name\": \"a\tb\"}", CRM_ESYNTAX, 1, 12, "a control character must be escaped in a string, found byte 0x09"},
	{"{\"name\": \"a\\qb\"}", CRM_ESYNTAX, 1, 13, "unknown escape in a string, found 'q'"},
	{"{\"name\": \"\\u12G4\"}", CRM_ESYNTAX, 1, 11, "\\u takes four hexadecimal digits, found '\\'"},
	{"{\"name\": \"abc", CRM_ESYNTAX, 1, 14, "a string must end with '\"', found the end of the text"},
	{"{\"ok\": tru}", CRM_ESYNTAX, 1, 8, "expected a value (a string, number, true, false, null or array), found 't'"},
	{"{\"n\": 1, // c\n}", CRM_ESYNTAX, 1, 10, "expected a key in double quotes, found '/'"},
	{"{\n  \"n\": 1,\n  \"zz\": 2\n}", CRM_EUNKNOWN, 3, 3, "unknown fact 'zz'"},
	{"{\"n\": 1, \"n\": 2}", CRM_ESYNTAX, 1, 10, "duplicate key 'n' (first at line 1)"},
	{"{\"n\": 3.5}", CRM_ESYNTAX, 1, 7, "fact 'n': '3.5' is not an integer"},
	{"{\"n\": 99999999999999999999}", CRM_EOVERFLOW, 1, 7, "fact 'n': '99999999999999999999' is out of range for int"},
	{"{\"amount\": \"1.234\"}", CRM_EINVAL, 1, 12, "fact 'amount': '1.234' has more than 2 decimal places"},
	{"{\"kind\": \"bronze\"}", CRM_EINVAL, 1, 10, "fact 'kind': \"bronze\" is not one of its allowed values"},
	{"{\"tags\": \"a\"}", CRM_ETYPE, 1, 10, "fact 'tags' is a list: give an array"},
	{"{\"n\": [1]}", CRM_ETYPE, 1, 7, "fact 'n' is int: give a scalar"},
	{"{\"n\": {\"a\": 1}}", CRM_ETYPE, 1, 7, "fact 'n' is int: give a scalar"},
	{"{\"counts\": [1, [2]]}", CRM_ETYPE, 1, 16, "fact 'counts': items must be scalars"},
	{"{\"counts\": [1, \"x\"]}", CRM_ESYNTAX, 1, 16, "fact 'counts': 'x' is not an integer"},
	{"{\"day\": \"2026-02-30\"}", CRM_EINVAL, 1, 9, "fact 'day': '2026-02-30' is not a date like 2026-10-01"},
	{"{\"name\": \"\xff\"}", CRM_ESYNTAX, 1, 10, "a string must be valid UTF-8"},
};

START_TEST(bad_json)
{
	crm_error err;
	memset(&err, 0, sizeof err);
	int rc = rd(bad_cases[_i].json, 0, &err);
	ck_assert_msg(rc == bad_cases[_i].code, "%s: code %d (%s)", bad_cases[_i].json, rc,
	              err.message);
	ck_assert_str_eq(err.message, bad_cases[_i].message);
	ck_assert_str_eq(err.file, "<facts>");
	ck_assert_msg(err.line == bad_cases[_i].line && err.column == bad_cases[_i].col,
	              "%s: at %d:%d", bad_cases[_i].json, err.line, err.column);
}
END_TEST

/* Errors name the line of the input the text came from, and nesting of
 * skipped values is bounded. */
START_TEST(lines_and_depth)
{
	crm_error err;
	crm_json_options o = {CRM_JSON_OPTIONS_VERSION, 0, NULL, 0, 5123, NULL};
	const char *line = "{\"n\": 1, \"ok\": maybe}";
	ck_assert_int_eq(crm_facts_read_json(f, line, strlen(line), &o, &err), CRM_ESYNTAX);
	ck_assert_int_eq(err.line, 5123);
	ck_assert_int_eq(err.column, 16);
	char deep[400];
	size_t k = 0;
	k += (size_t)sprintf(deep, "{\"id\": ");
	for (int i = 0; i < 70; i++)
		deep[k++] = '[';
	for (int i = 0; i < 70; i++)
		deep[k++] = ']';
	deep[k++] = '}';
	deep[k] = '\0';
	o.first_line = 0;
	o.flags = CRM_JSON_IGNORE_UNKNOWN;
	ck_assert_int_eq(crm_facts_read_json(f, deep, k, &o, &err), CRM_ELIMIT);
	ck_assert_str_eq(err.message, "nested deeper than 64");
	/* not valid version */
	o.version = 99;
	ck_assert_int_eq(crm_facts_read_json(f, "{}", 2, &o, &err), CRM_EINVAL);
}
END_TEST

/* Keys are remembered by their place in the last object: objects that
 * change their order, spell a key with an escape, or put a longer key
 * where a shorter was (or a key that is a prefix of another), read the
 * same. */
START_TEST(keys_in_any_order)
{
	crm_error err;
	static const char *const objs[] = {
		"{\"n\": 1, \"name\": \"a\", \"ok\": true}",
		"{\"name\": \"b\", \"n\": 2, \"ok\": false}",
		"{\"\\u006e\": 3, \"nam\\u0065\": \"c\", \"ok\": true}",
		"{\"n\": 4, \"name\": \"d\", \"ok\": false}",
		"{\"na\": 5}",
		"{\"n\": 6, \"namex\": \"e\"}",
		"{\"n\": 7, \"name\": \"f\", \"ok\": true}",
	};
	static const struct {
		int rc;
		int64_t n;
		const char *name;
	} want[] = {{0, 1, "a"}, {0, 2, "b"}, {0, 3, "c"}, {0, 4, "d"},
	            {CRM_EUNKNOWN, 4, "d"}, {CRM_EUNKNOWN, 6, "d"}, {0, 7, "f"}};
	for (int round = 0; round < 3; round++)
		for (size_t i = 0; i < sizeof objs / sizeof objs[0]; i++) {
			int rc = rd(objs[i], 0, &err);
			ck_assert_msg(rc == want[i].rc, "%s: %d (%s)", objs[i], rc, err.message);
			ck_assert_int_eq(get("n").u.i, want[i].n);
			crm_value v = get("name");
			ck_assert(v.u.s.len == strlen(want[i].name) &&
			          memcmp(v.u.s.ptr, want[i].name, v.u.s.len) == 0);
		}
}
END_TEST

/* ---- allocation ------------------------------------------------------------ */

/* After the first objects, reading, deciding and writing allocate nothing. */
START_TEST(no_allocation_after_warm_up)
{
	alloc_tally t = {0, 0, 0};
	crm_allocator al = tally_allocator(&t);
	crm_load_options lo = CRM_LOAD_OPTIONS_INIT;
	lo.allocator = &al;
	crm_ruleset *r;
	crm_error err;
	ck_assert_int_eq(crm_ruleset_load_buffer(&r, rules, strlen(rules), "r.yaml", &lo, &err), 0);
	crm_context *c;
	ck_assert_int_eq(crm_context_new(&c, r, &al), 0);
	int di = crm_decision_find(r, "pick");
	char line[512], out[512];
	long before = 0;
	for (int i = 0; i < 2000; i++) {
		if (i == 10)
			before = t.allocs;
		snprintf(line, sizeof line,
		         "{\"ok\": %s, \"amount\": \"%d.%02d\", \"name\": \"cust\\u00e9mer %d\", "
		         "\"tags\": [\"t%d\", \"u\"]}",
		         i % 2 ? "true" : "false", 500 + i, i % 100, i, i);
		size_t n;
		int rc = crm_decide_json(c, di, line, strlen(line), NULL, out, sizeof out, &n, &err);
		ck_assert_msg(rc == 0, "%s", err.message);
		ck_assert(n < sizeof out);
	}
	ck_assert_int_eq(t.allocs - before, 0);
	crm_context_free(c);
	crm_ruleset_free(r);
}
END_TEST

/* ---- the one call --------------------------------------------------------------- */

static int collect(void *ud, const char *bytes, size_t len)
{
	char *acc = ud;
	size_t have = strlen(acc);
	memcpy(acc + have, bytes, len);
	acc[have + len] = '\0';
	return 0;
}

static int refuse(void *ud, const char *bytes, size_t len)
{
	(void)ud;
	(void)bytes;
	(void)len;
	return 1;
}

START_TEST(decide_json)
{
	crm_error err;
	int di = crm_decision_find(rs, "pick");
	char out[512];
	size_t n;
	const char *in = "{\"ok\": true, \"amount\": 1500, \"name\": \"x\"}";
	ck_assert_int_eq(crm_decide_json(ctx, di, in, strlen(in), NULL, out, sizeof out, &n, &err), 0);
	ck_assert_str_eq(out, "{\"level\":1,\"limit\":\"3000.00\",\"label\":\"big\"}");
	ck_assert_int_eq(n, strlen(out));
	/* too small: truncated, and the whole length said; the same text
	 * again with room */
	char small[10];
	ck_assert_int_eq(crm_decide_json(ctx, di, in, strlen(in), NULL, small, sizeof small, &n, &err),
	                 0);
	ck_assert_int_eq(n, strlen(out));
	ck_assert_str_eq(small, "{\"level\":");
	/* kept keys first, verbatim, null when absent; facts from earlier
	 * calls do not linger */
	const char *keep[] = {"id", "batch"};
	crm_json_options o = {CRM_JSON_OPTIONS_VERSION, CRM_JSON_NEWLINE | CRM_JSON_EXPLAIN, keep, 2, 0, NULL};
	in = "{\"id\": {\"n\": [1, 2.50]}, \"ok\": false, \"amount\": \"10\", \"name\": \"y\"}";
	ck_assert_int_eq(crm_decide_json(ctx, di, in, strlen(in), &o, out, sizeof out, &n, &err), 0);
	ck_assert_str_eq(out, "{\"id\":{\"n\": [1, 2.50]},\"batch\":null,\"level\":2,\"limit\":\"10.00\","
	                      "\"label\":\"y\",\"$explain\":{\"fired\":[{\"decision\":\"pick\",\"rule\":"
	                      "\"rest\",\"facts\":{\"amount\":\"10.00\",\"name\":\"y\"}}]}}\n");
	/* a missing fact: the error object, with the id */
	in = "{\"id\": 7, \"ok\": true}";
	o.flags = 0;
	ck_assert_int_eq(crm_decide_json(ctx, di, in, strlen(in), &o, out, sizeof out, &n, &err),
	                 CRM_EMISSING);
	ck_assert_str_eq(out, "{\"id\":7,\"batch\":null,\"$error\":{\"code\":\"missing\",\"message\":"
	                      "\"decision 'pick' needs facts that are not set: amount, name\","
	                      "\"file\":\"test.yaml\",\"line\":14,\"column\":3,"
	                      "\"missing\":[\"amount\",\"name\"]}}");
	/* bad JSON after the id: the id still joins the error back */
	in = "{\"id\": \"A-1\", \"ok\": yes}";
	o.first_line = 40;
	ck_assert_int_eq(crm_decide_json(ctx, di, in, strlen(in), &o, out, sizeof out, &n, &err),
	                 CRM_ESYNTAX);
	ck_assert_str_eq(out, "{\"id\":\"A-1\",\"batch\":null,\"$error\":{\"code\":\"syntax\",\"message\":"
	                      "\"expected a value (a string, number, true, false, null or array), "
	                      "found 'y'\",\"file\":\"<facts>\",\"line\":40,\"column\":21}}");
	/* through a writer, in pieces */
	char acc[600] = "";
	in = "{\"ok\": true, \"amount\": 1500, \"name\": \"x\"}";
	ck_assert_int_eq(crm_decide_json_write(ctx, di, in, strlen(in), NULL, collect, acc, &err), 0);
	ck_assert_str_eq(acc, "{\"level\":1,\"limit\":\"3000.00\",\"label\":\"big\"}");
	ck_assert_int_eq(crm_decide_json_write(ctx, di, in, strlen(in), NULL, refuse, NULL, &err),
	                 CRM_EIO);
	/* bad arguments still give an error object */
	ck_assert_int_eq(crm_decide_json(ctx, 99, in, strlen(in), NULL, out, sizeof out, &n, &err),
	                 CRM_EUNKNOWN);
	ck_assert_str_eq(out, "{\"$error\":{\"code\":\"unknown\",\"message\":\"no decision 99\"}}");
	/* the result and error writers alone */
	const crm_result *r;
	ck_assert_int_eq(rd("{\"ok\": true, \"amount\": 1000}", CRM_JSON_CLEAR, &err), 0);
	ck_assert_int_eq(crm_decide_index(ctx, di, f, &r, &err), 0);
	ck_assert_int_eq(crm_result_json(r, NULL, 0, out, sizeof out), strlen(out));
	ck_assert_str_eq(out, "{\"level\":1,\"limit\":\"2000.00\",\"label\":\"big\"}");
	ck_assert_int_eq(crm_error_json(NULL, &err, CRM_JSON_NEWLINE, out, sizeof out), strlen(out));
}
END_TEST

/* Where the kept keys' values are: verbatim spans, absent ones empty, the
 * ones read before an error kept, and the same bytes crm_decide_json
 * copies. */
START_TEST(read_json_kept)
{
	crm_error err;
	const char *keep[] = {"id", "batch", "n"};
	crm_json_options o = {CRM_JSON_OPTIONS_VERSION, CRM_JSON_CLEAR, keep, 3, 0, NULL};
	crm_json_span kept[3];
	const char *in = "{\"id\": {\"a\": [1, \"x,}\"]}, \"n\": 7 , \"amount\": 5}";
	ck_assert_int_eq(crm_facts_read_json_kept(f, in, strlen(in), &o, kept, &err), 0);
	ck_assert_int_eq(kept[0].end - kept[0].start, strlen("{\"a\": [1, \"x,}\"]}"));
	ck_assert(memcmp(in + kept[0].start, "{\"a\": [1, \"x,}\"]}", kept[0].end - kept[0].start) == 0);
	ck_assert_int_eq(kept[1].start, kept[1].end);
	/* a kept key that is a fact is still read as one */
	ck_assert(memcmp(in + kept[2].start, "7", 1) == 0 && kept[2].end == kept[2].start + 1);
	ck_assert_int_eq(get("n").u.i, 7);
	ck_assert_int_eq(get("amount").u.money, 500);
	/* an error after the id: the id's span stays, the rest say absent */
	in = "{\"id\": \"A-1\", \"ok\": yes, \"batch\": 2}";
	ck_assert_int_eq(crm_facts_read_json_kept(f, in, strlen(in), &o, kept, &err), CRM_ESYNTAX);
	ck_assert(memcmp(in + kept[0].start, "\"A-1\"", 5) == 0 && kept[0].end == kept[0].start + 5);
	ck_assert_int_eq(kept[1].start, kept[1].end);
	ck_assert_int_eq(kept[2].start, kept[2].end);
	/* the spans are what crm_decide_json copies */
	char out[256];
	size_t n;
	in = "{\"batch\": [\"b\", 2], \"ok\": true, \"amount\": 1500, \"name\": \"x\"}";
	crm_decide_json(ctx, crm_decision_find(rs, "pick"), in, strlen(in), &o, out, sizeof out, &n,
	                &err);
	ck_assert_int_eq(crm_facts_read_json_kept(f, in, strlen(in), &o, kept, &err), 0);
	char want[256];
	snprintf(want, sizeof want, "{\"id\":null,\"batch\":%.*s,\"n\":null,",
	         (int)(kept[1].end - kept[1].start), in + kept[1].start);
	ck_assert(strncmp(out, want, strlen(want)) == 0);
	/* bad arguments; a text past the limit leaves every span absent */
	ck_assert_int_eq(crm_facts_read_json_kept(f, "{}", 2, &o, NULL, &err), CRM_EINVAL);
	ck_assert_int_eq(crm_facts_read_json_kept(f, "{}", 2, NULL, NULL, &err), 0);
	kept[0].start = 1;
	kept[0].end = 3;
	ck_assert_int_eq(crm_facts_read_json_kept(f, "{}", (size_t)CRM_LIMIT_FILE_SIZE + 1, &o, kept,
	                                          &err),
	                 CRM_ELIMIT);
	ck_assert_int_eq(kept[0].start, kept[0].end);
}
END_TEST

/* ---- yajl as the oracle of what is JSON -------------------------------------------- */

/* yajl's view of the text: how deep it is, and how many values it has at
 * the top (yajl reads several, so that something after the object is
 * seen, even an unfinished string) */
typedef struct yview {
	int depth, tops;
} yview;

static int y_val(void *ud)
{
	yview *v = ud;
	v->tops += v->depth == 0;
	return 1;
}
static int y_b(void *ud, int b)
{
	(void)b;
	return y_val(ud);
}
static int y_n(void *ud, const char *s, size_t l)
{
	(void)s;
	(void)l;
	return y_val(ud);
}
static int y_s(void *ud, const unsigned char *s, size_t l)
{
	(void)s;
	(void)l;
	return y_val(ud);
}
static int y_key(void *ud, const unsigned char *s, size_t l)
{
	(void)ud;
	(void)s;
	(void)l;
	return 1;
}
static int y_open(void *ud)
{
	yview *v = ud;
	y_val(ud);
	v->depth++;
	return 1;
}
static int y_close(void *ud)
{
	((yview *)ud)->depth--;
	return 1;
}

/* Whether yajl takes text as one JSON object. */
static int yajl_object(const char *text, size_t len)
{
	yajl_callbacks cb = {y_val, y_b, NULL, NULL, y_n, y_s, y_open, y_key, y_close, y_open, y_close};
	yview v = {0, 0};
	yajl_handle h = yajl_alloc(&cb, NULL, &v);
	yajl_config(h, yajl_allow_multiple_values, 1);
	size_t i = 0;
	while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r'))
		i++;
	/* yajl ends happily inside a string after the top value: a '"' more
	 * completes such a string, which then counts as a second value, and
	 * makes no text that is not an object one */
	int ok = i < len && text[i] == '{' &&
	         yajl_parse(h, (const unsigned char *)text, len) == yajl_status_ok &&
	         yajl_parse(h, (const unsigned char *)"\"", 1) == yajl_status_ok &&
	         yajl_complete_parse(h) == yajl_status_ok && v.tops == 1;
	yajl_free(h);
	return ok;
}

static const char *const seeds[] = {
	"{\"aa\": [1, -2.5e+3, \"x\\u00e9\\n\", true, false, null, {\"b\": {}}], \"cc\": \"\"}",
	"{\"ss\": \"\\ud83d\\ude00 \\\" \\\\ \\/ \\b\\f\\r\\t\", \"nn\": 0, \"mm\": -0.0E-1}",
	"  {\"kk\": [[], [[]], {\"x\": [1,2,3]}]}  ",
	"{\"deep\": {\"a\": {\"b\": {\"c\": [\"d\", 1e5, 12.5]}}}}",
};

/* Mutations of valid objects (a byte changed, dropped or doubled): the
 * reader, skipping every key, accepts exactly what yajl accepts. */
START_TEST(same_as_yajl)
{
	static const char alphabet[] = "{}[]\",:\\ u0123456789abcdefnlrtsE+-.e\x01\x7f\xc3\xa9\n";
	unsigned seed = 12345;
	crm_error err;
	crm_json_options o = {CRM_JSON_OPTIONS_VERSION, CRM_JSON_IGNORE_UNKNOWN, NULL, 0, 0, NULL};
	long agreed = 0;
	for (size_t s = 0; s < sizeof seeds / sizeof seeds[0]; s++) {
		size_t len = strlen(seeds[s]);
		ck_assert_int_eq(crm_facts_read_json(f, seeds[s], len, &o, &err), 0);
		ck_assert(yajl_object(seeds[s], len));
		for (int m = 0; m < 6000; m++) {
			char text[256];
			size_t n = len;
			memcpy(text, seeds[s], len);
			int edits = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 3;
			for (int e = 0; e < edits && n > 1; e++) {
				seed = seed * 1103515245u + 12345u;
				size_t at = (seed >> 16) % n;
				seed = seed * 1103515245u + 12345u;
				char c = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
				switch ((seed >> 8) % 3) {
				case 0: text[at] = c; break;
				case 1: memmove(text + at, text + at + 1, n - at - 1); n--; break;
				default:
					if (n + 1 < sizeof text) {
						memmove(text + at + 1, text + at, n - at);
						text[at] = c;
						n++;
					}
				}
			}
			int ours = crm_facts_read_json(f, text, n, &o, &err) == 0;
			int theirs = yajl_object(text, n);
			ck_assert_msg(ours == theirs, "'%.*s': ours %d, yajl %d (%s)", (int)n, text, ours,
			              theirs, err.message);
			agreed++;
		}
	}
	ck_assert_int_eq(agreed, 24000);
}
END_TEST

Suite *json_suite(void)
{
	Suite *s = suite_create("json");
	TCase *tc = tcase_create("json");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, every_kind);
	tcase_add_loop_test(tc, bad_json, 0, (int)(sizeof bad_cases / sizeof bad_cases[0]));
	tcase_add_test(tc, lines_and_depth);
	tcase_add_test(tc, keys_in_any_order);
	tcase_add_test(tc, no_allocation_after_warm_up);
	tcase_add_test(tc, decide_json);
	tcase_add_test(tc, read_json_kept);
	tcase_add_test(tc, same_as_yajl);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}

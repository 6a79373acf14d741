/* SPDX-License-Identifier: MIT */
/* differ.c - generated code (crmrules compile) against the engine, record by
 * record: the same struct decided by <prefix>_decide and by
 * crm_decide_record through <prefix>_in_fields; the codes must be equal,
 * and on success every output, read from the generated struct, from the
 * engine's result and from crm_decide_record_into through
 * <prefix>_out_fields.
 *
 * Built once per generated decision (GEN_HEADER, GEN_PREFIX, GEN_MACRO).
 *   differ RULES... --decision D [--tests] [--corpus DIR]... [--random N]
 *          [--customers N] [--seed S] [--path members|plan|facts]
 * --tests: the facts of every rule-file test of D; --corpus: every JSON
 * object in DIR's files that sets (a fuzz corpus); --random: N records of
 * random members (out of range, NaN, absent); --customers: N records from
 * the benchmark's customer generator (facts matched by name); --path: the
 * engine's binding takes that path (crm_binding_path). Prints what
 * it compared; exit 1 at the first disagreement, with the record. */
#include <dirent.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include GEN_HEADER
#include "../bench/workload.h"

#define MAYBE_UNUSED __attribute__((unused))
#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)
#define IN_T CAT(GEN_PREFIX, _in)
#define OUT_T CAT(GEN_PREFIX, _out)
#define DECIDE CAT(GEN_PREFIX, _decide)
#define IN_FIELDS CAT(GEN_PREFIX, _in_fields)
#define IN_NFIELDS CAT(GEN_PREFIX, _in_nfields)
#define OUT_FIELDS CAT(GEN_PREFIX, _out_fields)
#define OUT_NFIELDS CAT(GEN_PREFIX, _out_nfields)
#define FACTS CAT(GEN_MACRO, _FACTS)
#define OUTPUTS CAT(GEN_MACRO, _OUTPUTS)

static crm_ruleset *rs;
static crm_context *ctx;
static crm_binding *bind_in;
static crm_out_binding *bind_out;
static MAYBE_UNUSED int di;
static unsigned long compared, succeeded;
static unsigned long by_code[32]; /* records by the code both gave (-code) */
static char strbuf[64][4096]; /* string members' text */

static MAYBE_UNUSED void die(const char *what, const crm_error *e)
{
	fprintf(stderr, "differ: %s: %s\n", what, e ? e->message : "");
	exit(2);
}

#define HAS_0(p, v)
#define HAS_1(p, v) in->p = (v);

/* ---- the record from facts ------------------------------------------------------ */
static MAYBE_UNUSED int fact_index(int slot, const crm_value *v)
{
	for (size_t k = 0;; k++) {
		crm_value a = crm_ruleset_fact_value(rs, (size_t)slot, k);
		if (a.type == CRM_T_UNKNOWN)
			return -1;
		if (a.u.s.len == v->u.s.len && memcmp(a.u.s.ptr, v->u.s.ptr, a.u.s.len) == 0)
			return (int)k;
	}
}

/* Set member m from fact name's value in f; false when the struct cannot
 * say it (a required member of an unknown fact, a string with a NUL). The
 * member's own C type is the host's (__typeof__): a generated struct's, or
 * a host struct's int32_t or int for an integer fact. */
#define FROM_FACTS(m, name, form, opt, present)                                  \
	{                                                                            \
		int slot = crm_fact_slot(rs, name);                                      \
		crm_value v = crm_facts_get(f, slot);                                    \
		HAS_##opt(present, v.type != CRM_T_UNKNOWN);                             \
		if (v.type == CRM_T_UNKNOWN && !(opt))                                   \
			return 0;                                                            \
		if (v.type != CRM_T_UNKNOWN && !SET_##form(in->m, slot, &v, nstr++))     \
			return 0;                                                            \
	}
#define SET_BOOL(m, slot, v, k) ((m) = (__typeof__(m))((v)->u.b != 0), 1)
#define SET_INT(m, slot, v, k) ((m) = (__typeof__(m))(v)->u.i, (int64_t)(m) == (v)->u.i)
#define SET_NUMBER(m, slot, v, k) ((m) = (__typeof__(m))(v)->u.n, 1)
#define SET_INDEX(m, slot, v, k) (fact_index((slot), (v)) >= 0 && ((m) = (__typeof__(m))fact_index((slot), (v)), 1))
#define SET_STRING(m, slot, v, k) set_string(&(m), (v), (k))
static MAYBE_UNUSED int set_string(const char **m, const crm_value *v, int k)
{
	if (v->u.s.len >= sizeof strbuf[0] || memchr(v->u.s.ptr, 0, v->u.s.len) || k >= 64)
		return 0;
	memcpy(strbuf[k], v->u.s.ptr, v->u.s.len);
	strbuf[k][v->u.s.len] = '\0';
	*m = strbuf[k];
	return 1;
}

static MAYBE_UNUSED int record_from_facts(IN_T *in, const crm_facts *f)
{
	int nstr = 0;
	memset(in, 0, sizeof *in);
	FACTS(FROM_FACTS)
	(void)nstr;
	return 1;
}

/* ---- comparing ------------------------------------------------------------------- */
#define show_BOOL(n, m) fprintf(stderr, "  %s: %d\n", (n), (int)(m))
#define show_INT(n, m) fprintf(stderr, "  %s: %lld\n", (n), (long long)(m))
#define show_NUMBER(n, m) fprintf(stderr, "  %s: %.17g\n", (n), (double)(m))
#define show_INDEX(n, m) fprintf(stderr, "  %s: index %lld\n", (n), (long long)(m))
static MAYBE_UNUSED void show_STRING(const char *n, const char *m)
{
	fprintf(stderr, "  %s: %s\n", n, m ? m : "(null)");
}

static MAYBE_UNUSED void show(const IN_T *in, const char *why, int rc_gen, int rc_eng)
{
	fprintf(stderr, "differ: %s (generated %d, engine %d) for the record:\n", why, rc_gen, rc_eng);
#define SHOW(m, name, form, opt, present) show_##form(name, in->m);
	FACTS(SHOW)
#ifdef DIFFER_FUZZ
	abort();
#else
	exit(1);
#endif
}
#define SAME_BOOL(v, s, m, o) ((v).type == CRM_T_BOOL && ((v).u.b != 0) == (s).m)
#define SAME_INT(v, s, m, o) ((v).u.i == (s).m)
#define SAME_NUMBER(v, s, m, o) same_number(&(v), (s).m)
#define SAME_INDEX(v, s, m, o) same_index(&(v), (s).m, (o))
#define SAME_STRING(v, s, m, o) same_string(&(v), (s).m, (s).m##_len)
#define SAME_STRING_LIST(v, s, m, o) same_string_list(&(v), (s).m, (s).m##_count)
static MAYBE_UNUSED int same_number(const crm_value *v, double x)
{
	return v->type == CRM_T_NUMBER &&
	       (memcmp(&v->u.n, &x, sizeof x) == 0 || (isnan(v->u.n) && isnan(x)));
}
static MAYBE_UNUSED int same_index(const crm_value *v, int32_t k, int o)
{
	const char *s = k >= 0 ? crm_output_value(rs, di, o, (size_t)k) : NULL;
	return s && v->type == CRM_T_STRING && strlen(s) == v->u.s.len &&
	       memcmp(s, v->u.s.ptr, v->u.s.len) == 0;
}
static MAYBE_UNUSED int same_string(const crm_value *v, const char *s, size_t len)
{
	return v->type == CRM_T_STRING && len == v->u.s.len && memcmp(s, v->u.s.ptr, len) == 0;
}
static MAYBE_UNUSED int same_string_list(const crm_value *v, const char *const *items, size_t n)
{
	if (v->type != CRM_T_LIST || v->u.list.len != n)
		return 0;
	for (size_t k = 0; k < n; k++) {
		crm_value it = crm_value_item(v, k);
		if (!same_string(&it, items[k], strlen(items[k])))
			return 0;
	}
	return 1;
}

/* The bound members of the engine's output struct equal the generated one's. */
#define BOUND_SAME(m, name, form, o) bound_##form(&a->m, &b->m)
static MAYBE_UNUSED int bound_BOOL(const bool *a, const bool *b) { return *a == *b; }
static MAYBE_UNUSED int bound_INT(const int64_t *a, const int64_t *b) { return *a == *b; }
static MAYBE_UNUSED int bound_NUMBER(const double *a, const double *b) { return memcmp(a, b, sizeof *a) == 0 || (isnan(*a) && isnan(*b)); }
static MAYBE_UNUSED int bound_INDEX(const int32_t *a, const int32_t *b) { return *a == *b; }
#define bound_STRING(a, b) 1
#define bound_STRING_LIST(a, b) 1

static MAYBE_UNUSED int outputs_bound_same(const OUT_T *a, const OUT_T *b)
{
	int ok = 1;
	(void)a, (void)b; /* a decision of string outputs alone binds none */
#define BOUND(m, name, form) ok = ok && BOUND_SAME(m, name, form, 0);
	OUTPUTS(BOUND)
	return ok;
}

static MAYBE_UNUSED void compare(const IN_T *in)
{
	OUT_T og, oe;
	memset(&og, 0, sizeof og);
	memset(&oe, 0, sizeof oe);
	int rg = DECIDE(in, &og);
	const crm_result *r;
	crm_error err;
	int re = crm_decide_record(ctx, di, bind_in, in, &r, &err);
	compared++;
	if (rg != re)
		show(in, "the codes differ", rg, re);
	by_code[rg <= 0 && rg > -32 ? -rg : 31]++;
	if (rg)
		return;
	succeeded++;
	/* each output of the struct (all, or those --only-output named), by
	 * its index in the decision */
#define OUT_SAME(m, name, form)                                                   \
	{                                                                             \
		int o = crm_output_find(rs, di, name);                                    \
		crm_value v = crm_result_output(r, (size_t)o);                            \
		if (o < 0 || !SAME_##form(v, og, m, o))                                    \
			show(in, "output '" name "' differs", rg, re);                        \
	}
	OUTPUTS(OUT_SAME)
	/* and through the output binding, into the same struct */
	int ri = crm_decide_record_into(ctx, di, bind_in, in, bind_out, &oe, NULL, &err);
	if (ri != 0)
		show(in, "crm_decide_record_into failed", rg, ri);
	if (!outputs_bound_same(&og, &oe))
		show(in, "a bound output differs", rg, ri);
}

/* ---- sources of records -------------------------------------------------------- */
static crm_facts *facts;

static MAYBE_UNUSED void from_json(const char *text, size_t len)
{
	crm_error err;
	crm_json_options jo;
	memset(&jo, 0, sizeof jo);
	jo.version = CRM_JSON_OPTIONS_VERSION;
	jo.flags = CRM_JSON_CLEAR | CRM_JSON_IGNORE_UNKNOWN;
	if (crm_facts_read_json(facts, text, len, &jo, &err))
		return;
	IN_T in;
	if (record_from_facts(&in, facts))
		compare(&in);
}

/* The "facts" object of a test's JSON line. */
static MAYBE_UNUSED void from_test(const char *line)
{
	const char *p = strstr(line, "\"facts\":");
	if (!p)
		return;
	p += 8;
	const char *s = p;
	int depth = 0, str = 0;
	for (; *p; p++) {
		if (str) {
			if (*p == '\\' && p[1])
				p++;
			else if (*p == '"')
				str = 0;
		} else if (*p == '"') {
			str = 1;
		} else if (*p == '{') {
			depth++;
		} else if (*p == '}' && --depth == 0) {
			from_json(s, (size_t)(p + 1 - s));
			return;
		}
	}
}

static MAYBE_UNUSED void run_tests(void)
{
	static char buf[1 << 16];
	unsigned long before = compared;
	for (size_t i = 0; i < crm_ruleset_test_count(rs); i++) {
		size_t n = crm_ruleset_test_json(rs, i, buf, sizeof buf);
		if (n && n < sizeof buf && strstr(buf, "\"decision\":"))
			from_test(buf);
	}
	printf("rule-file tests: %lu records compared\n", compared - before);
}

static MAYBE_UNUSED void run_corpus(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		die(dir, NULL);
	struct dirent *e;
	unsigned long before = compared;
	static char buf[1 << 20];
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		FILE *f = fopen(path, "rb");
		if (!f)
			continue;
		size_t n = fread(buf, 1, sizeof buf, f);
		fclose(f);
		from_json(buf, n);
	}
	closedir(d);
	printf("corpus %s: %lu records compared\n", dir, compared - before);
}

/* Random members: often plain, sometimes at the edges of their types. */
static rng R;
static MAYBE_UNUSED int64_t rand_int(void)
{
	static const int64_t edge[] = {0, 1, -1, 2, 12, 24, 100, 10000, 1000000, INT64_MAX, INT64_MIN,
	                               INT64_MAX / 100, 2932896, 2932897, -719162, -719163,
	                               253402300799, 253402300800};
	switch (rng_below(&R, 4)) {
	case 0: return edge[rng_below(&R, sizeof edge / sizeof *edge)];
	case 1: return (int64_t)rng_next(&R);
	default: return (int64_t)rng_below(&R, 200) - 20;
	}
}
static MAYBE_UNUSED double rand_num(void)
{
	static const double edge[] = {0, 1, -1, 0.5, 1.0000000000000002, 0.9999999999999999, 1e308,
	                              -1e308, INFINITY, -INFINITY, NAN, 5e-324};
	return rng_below(&R, 3) ? (double)rng_below(&R, 300) / 100.0
	                        : edge[rng_below(&R, sizeof edge / sizeof *edge)];
}
static MAYBE_UNUSED const char *rand_str(void)
{
	static const char *const edge[] = {"", "a", "A", "strong", "weak", "\xff", "\xc3\xa9",
	                                   "\xed\xa0\x80", "quality", "12315"};
	return rng_below(&R, 8) ? edge[rng_below(&R, sizeof edge / sizeof *edge)] : NULL;
}
/* Mostly a value the fact allows (one of its values:, inside its range),
 * so that records are decided as often as refused. */
static MAYBE_UNUSED int64_t rand_int_for(const char *fact)
{
	crm_fact_info fi;
	int slot = crm_fact_slot(rs, fact);
	if (crm_ruleset_fact_info(rs, (size_t)slot, &fi) || rng_below(&R, 5) == 0)
		return rand_int();
	if (fi.nvalues)
		return crm_ruleset_fact_value(rs, (size_t)slot, rng_below(&R, (uint32_t)fi.nvalues)).u.i;
	if (fi.type == CRM_T_DATE) /* a day from 1900 to 2100, or the years' ends */
		return rng_below(&R, 50) ? -25567 + (int64_t)rng_below(&R, 73050)
		                         : rng_below(&R, 2) ? CRM_DATE_MIN : CRM_DATE_MAX;
	if (fi.type == CRM_T_DATETIME)
		return rng_below(&R, 50) ? -2208988800LL + (int64_t)(rng_next(&R) % 6311433600ULL)
		                         : rng_below(&R, 2) ? CRM_INSTANT_MIN : CRM_INSTANT_MAX;
	if (fi.has_range && fi.hi.u.i > fi.lo.u.i) {
		uint64_t span = (uint64_t)fi.hi.u.i - (uint64_t)fi.lo.u.i;
		return fi.lo.u.i + (int64_t)(rng_next(&R) % (span < 1000 ? span + 1 : 1000));
	}
	return rand_int();
}
static MAYBE_UNUSED double rand_num_for(const char *fact)
{
	crm_fact_info fi;
	int slot = crm_fact_slot(rs, fact);
	if (crm_ruleset_fact_info(rs, (size_t)slot, &fi) || !fi.has_range || rng_below(&R, 5) == 0)
		return rand_num();
	return fi.lo.u.n + (fi.hi.u.n - fi.lo.u.n) * (double)rng_below(&R, 101) / 100.0;
}
/* A flag: 0, or any int not 0 (a C flag's int may hold 256: set, though
 * a byte of it is 0); a narrower member holds what the cast leaves. */
static MAYBE_UNUSED int rand_set(void)
{
	static const int set[] = {1, 1, 1, 2, 256, 65536, -1, INT_MIN};
	return set[rng_below(&R, sizeof set / sizeof *set)];
}
static MAYBE_UNUSED int rand_flag(void)
{
	return rng_below(&R, 2) ? rand_set() : 0;
}
#define RAND_BOOL(m, name) in.m = (__typeof__(in.m))rand_flag()
#define RAND_INT(m, name) in.m = (__typeof__(in.m))rand_int_for(name)
#define RAND_NUMBER(m, name) in.m = (__typeof__(in.m))rand_num_for(name)
#define RAND_INDEX(m, name) in.m = rng_below(&R, 20) ? (__typeof__(in.m))rng_below(&R, 4) : rng_below(&R, 2) ? (__typeof__(in.m))rng_below(&R, 300) : (__typeof__(in.m))rand_int()
#define RAND_STRING(m, name) in.m = rand_str()
#define RAND_HAS_0(p)
#define RAND_HAS_1(p) in.p = (__typeof__(in.p))(rng_below(&R, 8) ? rand_set() : 0);
#define RANDOM(m, name, form, opt, present) RAND_##form(m, name); RAND_HAS_##opt(present)

static MAYBE_UNUSED void run_random(unsigned long n)
{
	unsigned long before = compared;
	for (unsigned long i = 0; i < n; i++) {
		IN_T in;
		memset(&in, 0, sizeof in);
		FACTS(RANDOM)
		compare(&in);
	}
	printf("random records: %lu compared\n", compared - before);
}

/* The benchmark's customers, facts matched by name. */
#define CUST_MEMBER(m, name) if (!strcmp(fact, name)) { *x = c->m; return 1; }
static MAYBE_UNUSED int customer_member(const customer *c, const char *fact, int64_t *x, double *d)
{
	*x = 0;
	*d = 0;
	CUST_MEMBER(bad_record_24m, "bad_record_24m")
	CUST_MEMBER(broken_promises, "broken_promises")
	CUST_MEMBER(debt_dispute, "debt_dispute")
	CUST_MEMBER(revenue_declining, "revenue_declining")
	CUST_MEMBER(sales_declining, "sales_declining")
	CUST_MEMBER(illegal_operation, "illegal_operation")
	CUST_MEMBER(suspended_by_authority, "suspended_by_authority")
	CUST_MEMBER(account_freeze_risk, "account_freeze_risk")
	CUST_MEMBER(profile_complete, "profile_complete")
	CUST_MEMBER(has_credit_history, "has_credit_history")
	CUST_MEMBER(temporary_request, "temporary_request")
	CUST_MEMBER(collateral_complete, "collateral_complete")
	CUST_MEMBER(capital, "capital")
	CUST_MEMBER(months_cooperating, "months_cooperating")
	CUST_MEMBER(good_operating_years, "good_operating_years")
	CUST_MEMBER(avg_monthly_shipments, "avg_monthly_shipments")
	CUST_MEMBER(avg_monthly_payments, "avg_monthly_payments")
	CUST_MEMBER(collateral_value, "collateral_value")
	if (!strcmp(fact, "annual_payment_ratio")) { *d = c->annual_payment_ratio; return 1; }
	if (!strcmp(fact, "current_limit")) { *x = c->current_limit; return c->has_current_limit; }
	return 0;
}
#define CUST_HAS_0(p, k)
#define CUST_HAS_1(p, k) in.p = (k);
#define CUSTOMER(m, name, form, opt, present)                                   \
	{                                                                          \
		int64_t x_;                                                            \
		double d_;                                                             \
		int k_ = customer_member(&c, name, &x_, &d_);                          \
		CUST_##form(in.m);                                                     \
		CUST_HAS_##opt(present, k_)                                            \
	}
#define CUST_BOOL(m) m = (__typeof__(m))x_
#define CUST_INT(m) m = (__typeof__(m))x_
#define CUST_INDEX(m) m = (__typeof__(m))x_
#define CUST_NUMBER(m) m = (__typeof__(m))d_
#define CUST_STRING(m) m = NULL /* customers have no text */

static MAYBE_UNUSED void run_customers(unsigned long n)
{
	unsigned long before = compared;
	for (unsigned long i = 0; i < n; i++) {
		customer c;
		gen_customer(&R, &c);
		IN_T in;
		memset(&in, 0, sizeof in);
		FACTS(CUSTOMER)
		compare(&in);
	}
	printf("generated customers: %lu compared\n", compared - before);
}

static void setup(const char *const *paths, size_t npaths, const char *decision)
{
	crm_error err;
	if (!npaths || crm_ruleset_load_paths(&rs, paths, npaths, NULL, &err))
		die("load", &err);
	if (!decision || (di = crm_decision_find(rs, decision)) < 0)
		die("no --decision", NULL);
	if (crm_context_new(&ctx, rs, NULL) || crm_facts_new(&facts, rs))
		die("context", NULL);
	if (crm_binding_new(&bind_in, rs, IN_FIELDS, IN_NFIELDS, sizeof(IN_T), &err))
		die("binding", &err);
	if (crm_out_binding_new(&bind_out, rs, di, OUT_FIELDS, OUT_NFIELDS, sizeof(OUT_T), &err))
		die("output binding", &err);
}

/* crm_binding_path of the engine's binding for the decision is the one
 * named (members, plan or facts): the struct is on the path it means to
 * test. */
static MAYBE_UNUSED void expect_path(const char *name)
{
	static const char *const names[] = {"", "members", "plan", "facts"};
	char why[600];
	int path = crm_binding_path(bind_in, di, why, sizeof why);
	if (path < 1 || path > 3 || strcmp(names[path], name) != 0) {
		fprintf(stderr, "differ: the binding's path is %s, not %s: %s\n",
		        path >= 1 && path <= 3 ? names[path] : "?", name, why);
		exit(1);
	}
	printf("path: %s\n", name);
}

#ifdef DIFFER_FUZZ
/* ---- the fuzz target: bytes as the members, in the struct's order ------------- */
typedef struct bytes {
	const uint8_t *p;
	size_t n;
} bytes;
static uint8_t take1(bytes *b)
{
	if (!b->n)
		return 0;
	b->n--;
	return *b->p++;
}
static uint64_t take8(bytes *b)
{
	uint64_t x = 0;
	for (int k = 0; k < 8; k++)
		x = x << 8 | take1(b);
	return x;
}
static int64_t fuzz_int(bytes *b)
{
	uint8_t sel = take1(b);
	if (sel < 0xf0)
		return (int64_t)sel - 20; /* small values: the thresholds rules test */
	if (sel < 0xf8) {
		R.s = sel;
		return rand_int();
	}
	return (int64_t)take8(b);
}
static double fuzz_num(bytes *b)
{
	uint8_t sel = take1(b);
	if (sel < 0xf0)
		return (double)sel / 100.0;
	uint64_t x = take8(b);
	double d;
	memcpy(&d, &x, sizeof d);
	return d;
}
#define FUZZ_BOOL(m) in.m = (__typeof__(in.m))(take1(&b) & 1)
#define FUZZ_INT(m) in.m = (__typeof__(in.m))fuzz_int(&b)
#define FUZZ_NUMBER(m) in.m = (__typeof__(in.m))fuzz_num(&b)
#define FUZZ_INDEX(m) in.m = (__typeof__(in.m))take1(&b)
#define FUZZ_STRING(m) { static const char *const str_[] = {NULL, "", "a", "strong", "\xff", "\xc3\xa9", "quality"}; in.m = str_[take1(&b) % 7]; }
#define FUZZ_HAS_0(p)
#define FUZZ_HAS_1(p) in.p = (take1(&b) & 7) != 0;
#define FUZZ(m, name, form, opt, present) FUZZ_##form(m); FUZZ_HAS_##opt(present)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!rs) {
		const char *paths[] = {CRM_RULES_DIR};
		setup(paths, 1, GEN_DECISION);
	}
	bytes b = {data, size};
	IN_T in;
	memset(&in, 0, sizeof in);
	FACTS(FUZZ)
	compare(&in);
	return 0;
}
#else
int main(int argc, char **argv)
{
	const char *paths[16], *decision = NULL;
	size_t npaths = 0;
	R.s = 2026;
	int i = 1;
	for (; i < argc && argv[i][0] != '-'; i++)
		if (npaths < 16)
			paths[npaths++] = argv[i];
	for (int k = i; k + 1 < argc; k++)
		if (!strcmp(argv[k], "--decision"))
			decision = argv[k + 1];
		else if (!strcmp(argv[k], "--seed"))
			R.s = strtoull(argv[k + 1], NULL, 10);
	setup(paths, npaths, decision);
	for (; i < argc; i++) {
		if (!strcmp(argv[i], "--tests"))
			run_tests();
		else if (!strcmp(argv[i], "--corpus") && i + 1 < argc)
			run_corpus(argv[++i]);
		else if (!strcmp(argv[i], "--random") && i + 1 < argc)
			run_random(strtoul(argv[++i], NULL, 10));
		else if (!strcmp(argv[i], "--customers") && i + 1 < argc)
			run_customers(strtoul(argv[++i], NULL, 10));
		else if (!strcmp(argv[i], "--path") && i + 1 < argc)
			expect_path(argv[++i]);
		else if (!strcmp(argv[i], "--decision") || !strcmp(argv[i], "--seed"))
			i++;
		else
			die(argv[i], NULL);
	}
	printf("%s: %lu records, %lu decided, the generated code and the engine agree\n", decision,
	       compared, succeeded);
	printf("codes:");
	for (int k = 0; k < 32; k++)
		if (by_code[k])
			printf(" %s %lu", k == 31 ? "other" : k ? crm_code_name(-k) : "ok", by_code[k]);
	printf("\n");
	crm_out_binding_free(bind_out);
	crm_binding_free(bind_in);
	crm_facts_free(facts);
	crm_context_free(ctx);
	crm_ruleset_free(rs);
	return compared ? 0 : 1;
}
#endif

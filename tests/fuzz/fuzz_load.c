/* SPDX-License-Identifier: MIT */
/* fuzz_load.c - bytes as a rule file: load, and if it loads, run its tests
 * and decide.
 *
 * Raw bytes seldom reach the shapes that made loads slow or huge (issue
 * 24), so an input whose first byte is 0x01, 0x02 or 0x03 is not rule text
 * but a recipe for it, read a byte at a time (0 once the bytes run out):
 *   0x01  constants that refer to earlier constants, mostly the last ones
 *         (c2: c1 + c1, c3: c2 * c1 ...), one type family per input; a
 *         decision's rules read the last of them
 *   0x02  one expression of up to 16,000 and / or terms under a YAML
 *         anchor, its alias in the when: and then: of up to 2,048 rules
 *   0x03  flat chains of up to 32,000 and / or / + terms (past the
 *         expression length limit at the top)
 * Any other first byte: the whole input is the rule text. Every recipe
 * stays far below the 10 s timeout (2 s at most under ASan): the load's
 * work limit (CRM_LIMIT_LOAD_WORK) bounds what chains and aliases expand
 * to.
 * CRM_FUZZ_SHOW=1 in the environment prints the text and how it loaded. */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crmrules.h"

typedef struct recipe {
	const uint8_t *p;
	size_t n, at;
} recipe;

static unsigned next(recipe *r)
{
	return r->at < r->n ? r->p[r->at++] : 0;
}

/* The text being built; past 1 MiB it stops growing and is dropped. */
typedef struct text {
	char *s;
	size_t len, cap;
	bool bad;
} text;

static void put(text *t, const char *fmt, ...)
{
	if (t->bad)
		return;
	for (;;) {
		va_list ap;
		va_start(ap, fmt);
		int k = vsnprintf(t->s + t->len, t->cap - t->len, fmt, ap);
		va_end(ap);
		if (k < 0 || t->cap > (1u << 20)) {
			t->bad = true;
			return;
		}
		if ((size_t)k < t->cap - t->len) {
			t->len += (size_t)k;
			return;
		}
		size_t cap = t->cap * 2 + (size_t)k;
		char *s = realloc(t->s, cap);
		if (!s) {
			t->bad = true;
			return;
		}
		t->s = s;
		t->cap = cap;
	}
}

static const char facts[] = "facts:\n"
                            "  x: int\n"
                            "  y: { type: int, range: \"[0..100]\" }\n"
                            "  n: number\n"
                            "  m: money\n"
                            "  b: bool\n"
                            "  s: string\n"
                            "  l: list of string\n";

/* The type families of recipe 0x01, and the terms of the others. The
 * first three literals and the first two functions read no fact, and are
 * all that constants may use. */
typedef struct family {
	const char *type;
	const char *lits[6];
	const char *ops[4];
	const char *fns[3]; /* each takes one term and a ")" */
} family;

static const family families[] = {
	{"int", {"1", "-7", "9223372036854775807", "x", "len(s)", "y"}, {"+", "-", "*", "%"},
	 {"abs(", "max(3, ", "max(y, "}},
	{"bool", {"true", "false", "1 < 2", "b", "x > 2", "\"ab\" in l"}, {"and", "or", "=", "!="},
	 {"not (", "(true and ", "known("}},
	{"string", {"\"ab\"", "\"\"", "\"\xc3\xa9t\xc3\xa9\"", "s", "lower(s)", "\"x\" + s"},
	 {"+", "+", "+", "+"}, {"upper(", "lower(", "(s + "}},
	{"number", {"1.5", "0.1", "1e300", "n", "x", "-n"}, {"+", "-", "*", "/"},
	 {"abs(", "round(", "max(n, "}},
	{"money", {"money(12.50)", "money(0.01)", "money(99999999999.99)", "m", "m * 2", "-m"},
	 {"+", "-", "+", "-"},
	 {"abs(", "max(1.00, ", "min(m, "}},
};
#define NFAMILIES (sizeof families / sizeof *families)

/* A term of family f: mostly a constant just before `upto` (a chain), else
 * a literal, a function of a term or a pair in parentheses; now and then
 * a term of another family, which the type checker must refuse. pure:
 * no fact (for constants). */
static void term(recipe *r, text *t, const family *f, int upto, int depth, bool pure)
{
	unsigned b = next(r), k = b >> 3, nlits = pure ? 3 : 6;
	switch (b & 7) {
	case 0:
	case 1:
	case 2:
	case 3:
		if (upto > 0) {
			int back = (int)(k % 3u) + 1;
			put(t, "c%d", upto - (back > upto ? upto : back));
			return;
		}
		break;
	case 4:
		if (depth < 6) {
			put(t, "%s", f->fns[k % (pure ? 2 : 3)]);
			term(r, t, f, upto, depth + 1, pure);
			put(t, ")");
			return;
		}
		break;
	case 5:
		if (depth < 6) {
			put(t, "(");
			term(r, t, f, upto, depth + 1, pure);
			put(t, " %s ", f->ops[k % 4]);
			term(r, t, f, upto, depth + 1, pure);
			put(t, ")");
			return;
		}
		break;
	case 6:
		if (k == 31) { /* rarely: another family */
			put(t, "%s", families[b % NFAMILIES].lits[b % nlits]);
			return;
		}
		break;
	default:
		break;
	}
	put(t, "%s", f->lits[k % nlits]);
}

/* 0x01: constants in chains, read by a decision. */
static void constants(recipe *r, text *t)
{
	const family *f = &families[next(r) % NFAMILIES];
	int n = 1 + (int)(next(r) % 96);
	put(t, "%sconstants:\n", facts);
	for (int i = 0; i < n && !t->bad; i++) {
		put(t, "  c%d: |-\n    ", i);
		int terms = 1 + (int)(next(r) % 4);
		for (int k = 0; k < terms; k++) {
			if (k)
				put(t, " %s ", f->ops[next(r) % 4]);
			term(r, t, f, i, 0, true);
		}
		put(t, "\n");
	}
	put(t, "decisions:\n  d:\n    outputs: { v: %s }\n    rules:\n", f->type);
	put(t, "      - when: |-\n          c%d = c%d\n        then: |-\n          c%d\n", n - 1,
	    n / 2, n - 1);
	put(t, "      - then: |-\n          c%d\n", n / 2);
}

/* A flat chain of terms with one operator of family f. */
static void chain(recipe *r, text *t, const family *f, const char *op, unsigned terms)
{
	for (unsigned k = 0; k < terms && !t->bad; k++) {
		if (k)
			put(t, " %s ", op);
		term(r, t, f, 0, 4, false); /* shallow: the length is in the chain */
	}
}

/* 0x02: a long expression anchored once and aliased in many rules. */
static void aliases(recipe *r, text *t)
{
	unsigned terms = 1 + next(r) * 64 + next(r), rules = 1 + next(r) * 8 + next(r) % 8;
	const family *f = &families[1]; /* bool: when: and a bool output */
	put(t, "%sdecisions:\n  d:\n    outputs: { v: bool }\n    rules:\n", facts);
	put(t, "      - id: r0\n        when: &e |-\n          ");
	chain(r, t, f, next(r) % 2 ? "and" : "or", terms);
	put(t, "\n        then: { v: *e }\n");
	for (unsigned i = 1; i < rules && !t->bad; i++)
		put(t, "      - { id: r%u, when: *e, then: { v: *e } }\n", i);
	put(t, "      - { id: last, then: { v: 'false' } }\n");
}

/* 0x03: flat chains of and / or / + terms in one rule. */
static void flat(recipe *r, text *t)
{
	unsigned terms = 1 + next(r) * 128 + next(r);
	const family *f = &families[next(r) % NFAMILIES];
	put(t, "%sdecisions:\n  d:\n    outputs: { v: %s }\n    rules:\n", facts, f->type);
	put(t, "      - when: |-\n          ");
	chain(r, t, &families[1], next(r) % 2 ? "and" : "or", terms / 4 + 1);
	put(t, "\n        then: |-\n          ");
	chain(r, t, f, f->ops[next(r) % 4], terms);
	put(t, "\n      - then: |-\n          ");
	term(r, t, f, 0, 0, false);
	put(t, "\n");
}

static const char fact_json[] = "{\"x\": 7, \"y\": 50, \"n\": 2.5, \"m\": \"1234.56\", \"b\": true,"
                                " \"s\": \"ab\", \"l\": [\"ab\", \"cd\"]}";

static void run(const char *yaml, size_t len)
{
	crm_ruleset *rs = NULL;
	crm_error err;
	int rc = crm_ruleset_load_buffer(&rs, yaml, len, "fuzz.yaml", NULL, &err);
	if (getenv("CRM_FUZZ_SHOW")) /* what a recipe built, and how it loaded */
		fprintf(stderr, "%.*s\n-> %d %s:%d:%d: %s\n", (int)(len < 4000 ? len : 4000), yaml, rc,
		        err.file, err.line, err.column, rc ? err.message : "");
	if (rc)
		return;
	crm_context *ctx;
	crm_facts *f;
	if (crm_context_new(&ctx, rs, NULL) == 0) {
		size_t n = crm_ruleset_test_count(rs);
		for (size_t i = 0; i < n && i < 64; i++) {
			int passed;
			crm_ruleset_test_run(ctx, i, &passed, &err);
		}
		if (crm_facts_new(&f, rs) == 0) {
			const crm_result *res;
			/* the facts a recipe declares (a raw file's are mostly others) */
			crm_json_options jo = CRM_JSON_OPTIONS_INIT;
			jo.flags = CRM_JSON_IGNORE_UNKNOWN;
			crm_facts_read_json(f, fact_json, sizeof fact_json - 1, &jo, &err);
			for (size_t d = 0; d < crm_ruleset_decision_count(rs) && d < 16; d++) {
				crm_decide_index(ctx, (int)d, f, &res, &err);
				crm_decide_explain(ctx, (int)d, f, &res, &err);
			}
			crm_facts_free(f);
		}
		crm_context_free(ctx);
	}
	crm_ruleset_free(rs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0 || data[0] < 0x01 || data[0] > 0x03) {
		run((const char *)data, size);
		return 0;
	}
	recipe r = {data, size, 1};
	text t = {malloc(4096), 0, 4096, false};
	if (!t.s)
		return 0;
	switch (data[0]) {
	case 0x01: constants(&r, &t); break;
	case 0x02: aliases(&r, &t); break;
	default: flat(&r, &t); break;
	}
	if (!t.bad)
		run(t.s, t.len);
	free(t.s);
	return 0;
}

/* SPDX-License-Identifier: MIT */
/* ruleset.h - the compiled ruleset: the contract between compiling and running.
 *
 * A crm_ruleset is built once by src/compile/ (crm_ruleset_load*: YAML ->
 * declarations -> tables -> analysis) and is immutable afterwards: every
 * reader (src/run/ deciding and binding host records, src/ruletest/ running
 * rule-file tests, src/ruleset/ruleset.c answering questions about it) may
 * share it between threads without a lock. Everything in it lives in its
 * arena (rs->ar) and is freed at once by crm_ruleset_free.
 *
 * What it holds, section by section below:
 *   facts        the vocabulary: names, types, allowed values, ranges
 *   constants    named expressions, folded into every use
 *   decisions    tables: inputs, outputs, rules; each rule's cells both as
 *                checked trees and, where they allow, as native tests
 *                (cell_test); a lookup structure per table (match_node for
 *                large tables, mask_index for up to 64 rules)
 *   calendars, timers   the SLA vocabulary (src/time/ types)
 *   tests        rule-file test cases, compiled (facts, expectations)
 *   sizes        what a context must hold: stack, pools, chain depth
 *
 * Who builds what: facts, constants, calendars, timers and tests in
 * compile/loader.c, calendars.c, timers.c and tests.c; decisions, rules and
 * cell tests in compile/table.c and compile/cells.c; lookups in
 * compile/index.c. Nothing under src/run/ writes to a ruleset. */
#ifndef CRM_RULESET_H
#define CRM_RULESET_H

#include "../core/yaml.h"
#include "../expr/expr.h"
#include "../time/calendar.h"

/* ---- facts and constants ------------------------------------------------------ */
typedef struct fact_decl {
	const char *name;
	uint8_t type, elem;
	const crm_val *allowed; /* allowed values, or NULL */
	uint32_t nallowed;
	bool ordered;           /* allowed values are ordered, lowest first */
	bool has_range;
	uint8_t range_flags; /* bit0 lo closed, bit1 hi closed */
	crm_val lo, hi;
	crm_regex *pattern;
	const char *pattern_src;
	const char *file;
	int line, col;
} fact_decl;

enum { CONST_NEW, CONST_BUSY, CONST_DONE };
typedef struct const_decl {
	const char *name;
	crm_node *expr;   /* parsed; a use checks a copy of it in its context */
	crm_node *folded; /* its value as one literal (LIT_NAMED), copied for
	                   * each use instead of expr; NULL where expr is itself
	                   * a literal or cannot be folded (lists, errors, days
	                   * assumed past a calendar's data) */
	uint8_t state;    /* CONST_*: folding it is done once, at its first use */
	const char *file;
	int line, col;
} const_decl;


/* ---- decisions: inputs, outputs, hit policies ------------------------------- */
enum { HIT_FIRST, HIT_UNIQUE, HIT_PRIORITY, HIT_ANY, HIT_COLLECT, HIT_RULE_ORDER };
enum { AGG_NONE, AGG_SUM, AGG_MIN, AGG_MAX, AGG_COUNT };

typedef struct output_decl {
	const char *name;
	const char *key;         /* ,"name": as JSON writes the member (for the
	                          * run side's writer), or NULL when the name
	                          * must be escaped */
	uint32_t key_len;
	uint8_t type, elem;      /* declared type */
	uint8_t result_type;     /* after the hit policy: list for collect, ... */
	const crm_val *values;   /* allowed values in priority order, or NULL */
	uint32_t nvalues;
	bool ordered;            /* values are ordered, lowest first */
} output_decl;

typedef struct input_decl {
	const char *name; /* the expression text when it is a plain name */
	crm_node *node;
	crm_program prog;
	uint8_t type, elem;
	const crm_val *order; /* an ordered enum input */
	uint32_t norder;
	int fact;         /* the fact slot when the input is one fact, else -1 */
	int line, col;
} input_decl;

/* A cell compiled to a test run without the VM. */

/* ---- native cell tests (built by compile/cells.c, run by run/match.c) -------- */
enum {
	CT_INT,   /* integer-valued types (bool, int, money, dates, durations): lo <= x <= hi */
	CT_CMP,   /* x rel v[0] */
	CT_RANGE, /* x in v[0]..v[1] */
	CT_IN     /* x is one of v[0..n) */
};
typedef struct cell_test {
	uint8_t kind;     /* CT_*, as evaluated */
	uint8_t shape;    /* CT_CMP, CT_RANGE or CT_IN: the cell as written (for the index) */
	uint8_t rel;      /* CT_CMP: 0 = 1 != 2 < 3 <= 4 > 5 >=; CT_RANGE: bit0 lo closed, bit1 hi closed */
	uint32_t input;
	int32_t fact;     /* the fact slot when the input is one fact, else -1 */
	int64_t lo, hi;   /* CT_INT: the closed interval */
	uint32_t n;       /* values in v */
	const crm_val *v; /* CT_CMP: the operand; CT_RANGE: lo, hi; CT_IN: the values */
} cell_test;

/* String points found by hash: slots[h] is 1 + the point whose
 * text hashes to h (open addressing), or 0; mask is slots - 1, a power of
 * two less one. A text that is no point falls between two: a search. */

/* Integer-valued types (bool, int, money, dates, instants, durations):
 * every type but numbers, strings and lists. */
static inline bool crm_integral_type(uint8_t t)
{
	return t != CRM_T_NUMBER && t != CRM_T_STRING && t != CRM_T_LIST;
}

/* ---- lookups (built by compile/index.c, read by run/match.c) ----------------- */
typedef struct str_hash {
	const uint32_t *slots;
	uint32_t mask;
} str_hash;

/* How an index node finds a value's region among its points. */
enum {
	NODE_VAL, /* a search of points */
	NODE_INT, /* integer-valued points: a search of ipts */
	NODE_NUM, /* numbers: a search of dpts */
	NODE_STR  /* strings: found by hash in slots, else a search of points */
};
/* A node of a table's column index: a leaf lists candidate rules;
 * an inner node splits on input col at its sorted points into 2n+1
 * regions (before the first point, the first point, between, ...). */
typedef struct match_node {
	int32_t col;      /* -1 for a leaf */
	int32_t fact;     /* the fact slot behind input col, or -1 */
	uint8_t how;      /* NODE_* */
	uint32_t npoints;
	const crm_val *points;
	const int64_t *ipts;
	const double *dpts;
	str_hash strs;         /* NODE_STR */
	struct match_node **child; /* per region */
	const uint32_t *rules;     /* leaf: rule indexes, ascending */
	const uint8_t *exact;      /* leaf: per rule, 1 when reaching the leaf proves it */
	uint32_t nrules;
} match_node;

/* A table of at most 64 rules as bit masks: per input column,
 * the rules each region of the input's values admits (bit r: rule r). A
 * lookup ANDs one mask per column; the bits left are the candidates. */
#define MASK_RULES 64
enum {
	MC_DIRECT, /* integers in a short span: one mask per value */
	MC_INT,    /* integers: a search of ipts */
	MC_NUM,    /* numbers: a search of dpts */
	MC_ENUM,   /* a fact's allowed strings, stored as the ruleset's own copies:
	            * found by address */
	MC_STR,    /* other strings: found by hash */
	MC_VAL     /* anything else: a search of pts */
};
/* What a lookup reads of every column first; all of an MC_DIRECT column
 * on a fact (the lookup's first loop reads these alone, packed). */
typedef struct mask_direct {
	uint64_t final;      /* rules proven once their bit survives the columns
	                      * before this one (first-hit tables) */
	int64_t lo, hi;      /* MC_DIRECT: x clamped to lo..hi (one below the first
	                      * point to one above the last) has mask tab[x - lo] */
	const uint64_t *tab;
	int32_t fact;        /* the fact slot behind the input, or -1 */
} mask_direct;

/* The mask of x for an MC_DIRECT column. */
static inline uint64_t crm_direct_mask(const mask_direct *c, int64_t x)
{
	int64_t lo = c->lo, hi = c->hi;
	x = x < lo ? lo : x; /* two conditional moves: no branch on the data */
	x = x > hi ? hi : x;
	return c->tab[x - lo];
}

typedef struct mask_col {
	mask_direct d;
	uint8_t how;           /* MC_* */
	int32_t input;
	uint32_t npoints;
	const crm_val *pts;    /* the points, sorted */
	const int64_t *ipts;   /* MC_INT */
	const double *dpts;    /* MC_NUM */
	str_hash strs;         /* MC_STR */
	const crm_val *enums;  /* MC_ENUM: the fact's allowed values, and their masks */
	const uint64_t *enum_masks;
	uint32_t nenums;
	const uint64_t *masks; /* per region: 2 * npoints + 1 */
} mask_col;

/* The index of the first of the m sorted points that is not below x: a
 * binary search whose steps are conditional moves, not branches. */
#define CRM_LOWER_BOUND(p, m, x, out)                                    \
	do {                                                                 \
		uint32_t lo_ = 0, len_ = (m);                                    \
		while (len_ > 1) {                                               \
			uint32_t half_ = len_ / 2;                                   \
			lo_ = (p)[lo_ + half_] < (x) ? lo_ + half_ : lo_;            \
			len_ -= half_;                                               \
		}                                                                \
		(out) = lo_ + ((p)[lo_] < (x));                                  \
	} while (0)

/* The region of x among m sorted integer (number) points: 2i before
 * point i, 2i+1 on it. */
static CRM_ALWAYS_INLINE uint32_t crm_int_region(const int64_t *p, uint32_t m, int64_t x)
{
	uint32_t i;
	CRM_LOWER_BOUND(p, m, x, i);
	return 2 * i + (i < m && p[i] == x);
}

static CRM_ALWAYS_INLINE uint32_t crm_num_region(const double *p, uint32_t m, double x)
{
	uint32_t i;
	CRM_LOWER_BOUND(p, m, x, i);
	return 2 * i + (i < m && p[i] == x);
}

/* An MC_DIRECT column on a bool fact: a known bool is 0 or 1, so its mask
 * is one of two, kept inline (the lookup's shortest loop, read first). */
typedef struct mask_bool {
	uint64_t when[2]; /* the rules admitted by false, by true */
	uint64_t final;   /* as mask_direct.final */
	int32_t fact;
} mask_bool;

typedef struct mask_index {
	const mask_bool *bools; /* the MC_DIRECT columns on bool facts, read first */
	uint32_t nbool;
	const mask_direct *direct; /* the other MC_DIRECT columns on facts, next */
	uint32_t ndirect;
	const mask_col *cols; /* the others; each part by the first rule that tests it */
	uint32_t ncols;
	uint64_t all;         /* every rule */
	uint64_t exact;       /* rules whose bit proves them: native tests, no when: */
	const uint64_t *tested; /* per column, in the order above: the rules with
	                         * a cell on it (undecided while it is unknown) */
} mask_index;


/* Where sorted points place a value: 2i before point i, 2i+1 on it (the
 * compile side assigns rules to regions, the run side finds a value's). */
static inline uint32_t crm_point_index(const crm_val *pts, uint32_t m, const crm_val *v)
{
	uint32_t lo = 0, hi = m;
	while (lo < hi) {
		uint32_t mid = (lo + hi) / 2;
		if (crm_val_cmp_scalar(&pts[mid], v) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The region of x among m sorted points. */
static inline uint32_t crm_match_region(const crm_val *pts, uint32_t m, const crm_val *x)
{
	uint32_t i = crm_point_index(pts, m, x);
	return (i < m && crm_val_cmp_scalar(&pts[i], x) == 0) ? 2 * i + 1 : 2 * i;
}

/* ---- explanations (built by compile/table.c, read by run/explain.c) ---------- */
/* One part of a rule's condition, in the order the rule tests them: a
 * cell (input >= 0) or its when: (input -1). Only a full explanation
 * runs these: which part failed, for the rules a first-hit table tried
 * before the one that fired. */
typedef struct cell_why {
	int32_t input;
	const char *text;  /* as written: "> 12", "[weak]", the when: expression */
	crm_program prog;  /* the part alone */
	const int *facts;  /* the fact slots it reads (its input's and its own), sorted */
	uint32_t nfacts;
} cell_why;

typedef struct rule_why {
	const cell_why *parts;
	uint32_t nparts;
} rule_why;

typedef struct input_why {
	const char *text;  /* the expression as written */
	const int *facts;  /* the fact slots it reads, sorted */
	uint32_t nfacts;
} input_why;

/* What a decision reads, for explanations and introspection: kept apart
 * from the structs deciding reads (their sizes are the hot path's). */
typedef struct decision_why {
	const input_why *inputs; /* per input */
	const rule_why *rules;   /* first-hit tables: per rule; else NULL */
	const int *reads;        /* every fact slot it may read, itself or through
	                          * the decisions it chains to, sorted */
	uint32_t nreads;
} decision_why;

/* ---- declarations as written (built by compile/table.c, read by ruleset.c) --- */
/* A rule's parts as its author wrote them, for tools that document or
 * compare rule files (crm_decision_rule_info): never read by deciding. */
typedef struct rule_text {
	const char **cells;      /* per input: the cell ("> 12", "[weak]"), or NULL
	                          * when the rule does not test it ('-' or absent) */
	const char **then;       /* per output: the value's expression, or NULL */
	const char *when;        /* the when: expression, or NULL */
	const char *description; /* or NULL */
} rule_text;

typedef struct decision_text {
	const char *description;      /* or NULL */
	const char **input_desc;      /* per input: its description:, or NULL */
	const char **output_desc;     /* per output: its description:, or NULL */
	const rule_text *rules;       /* per rule */
} decision_text;

/* ---- rules and decisions ----------------------------------------------------- */
typedef struct rule {
	/* what the evaluator reads for every rule, first: one cache line */
	cell_test *tests;   /* the cells compiled to native tests */
	uint32_t ntests;
	bool native;        /* tests decide the rule alone (no VM) */
	bool has_when;      /* a when: expression (not analysable) */
	crm_program cond;   /* len 0: always true */
	crm_program *outs;  /* one per output */
	const crm_val *konst; /* every output a constant: their values, or NULL */
	crm_val konst1;       /* konst of a one-output decision, read with the rule */
	const char *id;
	const char *file;
	int line, col;
	crm_node **cells;   /* checked cell trees per input, NULL = any */
	int *facts;         /* fact slots read, sorted */
	uint32_t nfacts;
	uint32_t vet;       /* outputs with declared values that the rule
	                     * computes: bit o (31: o >= 31), checked as it is
	                     * decided (constants were checked at load) */
} rule;

typedef struct decision {
	const char *name;
	const char *file;
	int line, col;
	const crm_ynode *src;   /* kept until the load ends */
	uint8_t hit, agg;
	bool complete;          /* gaps are errors */
	input_decl *inputs;
	uint32_t ninputs;
	uint32_t *computed;     /* inputs that are not one fact: run before the rules */
	uint32_t ncomputed;
	output_decl *outs;
	uint32_t nouts;
	rule *rules;
	uint32_t nrules;
	const match_node *index; /* column index, or NULL: scan every rule */
	const mask_index *mask;  /* bit masks (small tables), or NULL */
	bool by_lookup;         /* a first-hit table with masks or an index,
	                         * inputs that are facts and constant outputs:
	                         * crm_decide_index answers it from the lookup
	                         * alone when that proves its first candidate */
	const crm_val *konsts;  /* a first-hit table with a lookup and constant
	                         * outputs (every by_lookup one): rule r's
	                         * outputs at r * nouts, packed (a big table's
	                         * rule structs miss the cache); else NULL */
	int *deps;              /* decisions read */
	uint32_t ndeps;
	const decision_why *why;
	const decision_text *text; /* as written, for introspection */
	/* offsets into a context's pools */
	uint32_t out_base, in_base, list_base;
	bool compiled;
} decision;


/* ---- rule-file tests (built by compile/tests.c, run by ruletest/) ------------ */
typedef struct test_fact {
	int slot;
	const crm_ynode *value;
} test_fact;

typedef struct test_expect {
	int output;
	crm_val value;
} test_expect;

enum { TEST_DECISION, TEST_TIMER, TEST_EXPR };

typedef struct test_case {
	uint8_t kind;
	const char *name;
	const char *file;
	int line, col;
	int decision;
	test_fact *facts;
	uint32_t nfacts;
	test_expect *expect;
	uint32_t nexpect;
	int expect_error;          /* a CRM_E* code, or 0 */
	const char **expect_fired; /* rule ids, or NULL */
	uint32_t nexpect_fired;
	/* TEST_TIMER */
	int timer;
	crm_sla_clock clock;
	int64_t now;
	const crm_ynode *timer_expect;
	/* TEST_EXPR */
	const char *expr_text; /* as written */
	crm_program prog;
	crm_val expect_value;
} test_case;


/* The names rule files give error codes in expect_error (missing,
 * no_match, ...), or crm_strerror's text for codes without one. */
const char *crm_test_error_name(int code);
/* The code of an expect_error name, or 0. */
int crm_test_error_code(const crm_ynode *name);

/* ---- the ruleset ------------------------------------------------------------- */
struct crm_ruleset {
	crm_allocator al;
	crm_arena ar;
	fact_decl *facts;
	uint32_t nfacts;
	size_t cap_facts;
	crm_map fact_map;
	const_decl *consts;
	uint32_t nconsts;
	size_t cap_consts;
	crm_map const_map;
	decision *decs;
	uint32_t ndecs;
	size_t cap_decs;
	crm_map dec_map;
	crm_regex **regexes;
	uint32_t nregexes;
	size_t cap_regexes;
	crm_calendar *cals;
	uint32_t ncals;
	size_t cap_cals;
	crm_map cal_map;
	crm_timer_def *timers;
	uint32_t ntimers;
	size_t cap_timers;
	crm_map timer_map;
	crm_pools pools;
	const char **fact_descs; /* by fact slot: its description:, or NULL */
	size_t cap_fact_descs;
	test_case *tests;
	uint32_t ntests;
	size_t cap_tests;
	/* sizes for contexts */
	uint32_t max_stack;
	uint32_t max_chain;      /* decisions in the longest chain */
	uint32_t total_outs, total_inputs, total_rules, total_list_items;
	bool has_patterns;
};

#endif

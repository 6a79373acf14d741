/* SPDX-License-Identifier: MIT */
/* ruleset.h - the compiled, immutable form of rule files, and the context. */
#ifndef CRM_RULESET_H
#define CRM_RULESET_H

#include "../expr/expr.h"
#include "../time/calendar.h"
#include "yaml.h"

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

typedef struct const_decl {
	const char *name;
	crm_node *expr; /* parsed, checked at each use */
	const char *file;
	int line, col;
} const_decl;

enum { HIT_FIRST, HIT_UNIQUE, HIT_PRIORITY, HIT_ANY, HIT_COLLECT, HIT_RULE_ORDER };
enum { AGG_NONE, AGG_SUM, AGG_MIN, AGG_MAX, AGG_COUNT };

typedef struct output_decl {
	const char *name;
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

/* A cell compiled to a test run without the VM (match.c). */
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

/* String points found by hash (match.c): slots[h] is 1 + the point whose
 * text hashes to h (open addressing), or 0; mask is slots - 1, a power of
 * two less one. A text that is no point falls between two: a search. */
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
/* A node of a table's column index (match.c): a leaf lists candidate rules;
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

/* A table of at most 64 rules as bit masks (match.c): per input column,
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
static inline uint32_t crm_int_region(const int64_t *p, uint32_t m, int64_t x)
{
	uint32_t i;
	CRM_LOWER_BOUND(p, m, x, i);
	return 2 * i + (i < m && p[i] == x);
}

static inline uint32_t crm_num_region(const double *p, uint32_t m, double x)
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
} mask_index;

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
	/* offsets into a context's pools */
	uint32_t out_base, in_base, list_base;
	bool compiled;
} decision;

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
	crm_program prog;
	crm_val expect_value;
} test_case;

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
	test_case *tests;
	uint32_t ntests;
	size_t cap_tests;
	/* sizes for contexts */
	uint32_t max_stack;
	uint32_t max_chain;      /* decisions in the longest chain */
	uint32_t total_outs, total_inputs, total_rules, total_list_items;
	bool has_patterns;
};

/* ---- loader.c: building a ruleset ------------------------------------------ */
typedef struct loader {
	crm_ruleset *rs;
	const crm_load_options *opts;
	crm_error *err;    /* the first error */
	int nerrors, nwarnings;
	const char *file;  /* current file */
	/* while compiling one decision */
	decision *cur;
	rule *cur_rule;
	int *uses;         /* fact slots read by the current rule */
	size_t nuses, cap_uses;
	int *dec_uses;
	size_t ndec_uses, cap_dec_uses;
	crm_map rule_ids;  /* ids of the current decision's rules (in tmp) */
	crm_arena tmp;     /* scratch while compiling one decision */
	int include_depth;
} loader;

/* Report a problem at a position; returns the code. Warnings do not fail
 * the load unless opts->warnings_as_errors. */
int crm_load_error(loader *l, int code, int line, int col, const char *fmt, ...)
	CRM_PRINTF(5, 6);
int crm_load_warning(loader *l, int line, int col, const char *fmt, ...) CRM_PRINTF(4, 5);
/* Report an expression problem found at byte pos of the text of node y. */
int crm_load_diag(loader *l, const crm_ynode *y, const crm_diag *d);

/* The environment expressions are checked in (names, regexes, uses). */
void crm_loader_env(loader *l, crm_env *env);
/* Parse + check + compile an expression held in a YAML scalar. hint, when
 * not NULL, is added to an "unknown name" message. */
int crm_load_expr(loader *l, const crm_ynode *y, uint8_t want, crm_node **tree,
                  crm_program *prog, const char *hint);
/* A YAML-quoted scalar whose text is itself one string literal ('"A"'):
 * read as an expression, so '"A"' and "A" both mean the text A. */
bool crm_is_string_literal(const crm_ynode *y);
/* A `values:` list of scalars of one type (what, name: "fact", "grade" for
 * messages); unique: duplicates are errors. */
int crm_load_values(loader *l, const crm_ynode *v, uint8_t type, const char *what,
                    const char *name, bool unique, const crm_val **out, uint32_t *n);
/* Type names in rule files. */
int crm_parse_type(const char *s, uint8_t *type, uint8_t *elem);
/* Scalar text to a value of a type (facts, expected outputs, allowed values). */
int crm_value_parse(crm_arena *ar, uint8_t type, const char *s, size_t len,
                    crm_val *out, char *msg, size_t msgsize);

/* ---- table.c: decisions ----------------------------------------------------- */
int crm_table_declare(loader *l, const crm_ynode *key, const crm_ynode *y);
int crm_table_compile(loader *l, decision *d);

/* The value of a constant expression (a literal, or folded to one); false
 * when n is not constant. */
bool crm_load_const(loader *l, crm_node *n, crm_val *out);

/* ---- binding.c: host records ------------------------------------------------- */
/* The short paths of a bound member: read and checked in one step. */
enum {
	F_NONE,   /* none: optional, a string, a value to explain or check
	           * (crm_facts_store) */
	F_BOOL8,  /* a bool or uint8_t member for a bool fact */
	F_INT32,  /* an int32_t (or int) member for an integer fact, in lo..hi */
	F_INT64,  /* an int64_t member for an integer fact, in lo..hi */
	F_DOUBLE, /* a double member for a number fact with no range */
	F_ENUM8   /* a uint8_t index below hi into enums */
};
#define F_KINDS 6

/* Where a member is, and what its fact allows on its short path. */
typedef struct member {
	uint8_t fast;         /* F_* */
	uint8_t type;         /* the fact's type */
	bool optional;        /* read where a plan allows it (crm_member_get):
	                       * absent when the bool at present is 0 */
	size_t offset;
	size_t present;
	int64_t lo, hi;       /* F_INT32, F_INT64: the values allowed; F_ENUM8:
	                       * hi is the number of values */
	const crm_val *enums; /* F_ENUM8: the fact's values */
} member;

/* The integer member of C type ctype at p. Members are read with memcpy:
 * the record need not be aligned for us. */
static CRM_ALWAYS_INLINE int64_t crm_read_int(const char *p, uint8_t ctype)
{
	switch (ctype) {
	case CRM_C_BOOL:
	case CRM_C_UINT8: {
		uint8_t v;
		memcpy(&v, p, 1);
		return ctype == CRM_C_BOOL ? v != 0 : v;
	}
	case CRM_C_INT: {
		int v;
		memcpy(&v, p, sizeof v);
		return v;
	}
	case CRM_C_INT32: {
		int32_t v;
		memcpy(&v, p, sizeof v);
		return v;
	}
	default: {
		int64_t v;
		memcpy(&v, p, sizeof v);
		return v;
	}
	}
}

/* The value member m of record rec gives its fact, as
 * crm_facts_set_record stores it; false when the fact does not allow it.
 * F_NONE gives unknown (no caller reads such a member). Callers pass fast
 * as a constant where they can: the switch then folds away. */
static CRM_ALWAYS_INLINE bool crm_member_value(uint8_t fast, const member *m, const char *rec,
                                               crm_val *out)
{
	const char *p = rec + m->offset;
	int64_t v;
	switch (fast) {
	case F_BOOL8:
		*out = crm_val_int(CRM_T_BOOL, crm_read_int(p, CRM_C_UINT8) != 0);
		return true;
	case F_INT32:
	case F_INT64:
		v = crm_read_int(p, fast == F_INT32 ? CRM_C_INT32 : CRM_C_INT64);
		*out = crm_val_int(m->type, v);
		return v >= m->lo && v <= m->hi;
	case F_DOUBLE: {
		double x;
		memcpy(&x, p, sizeof x);
		*out = crm_val_num(x);
		return true;
	}
	case F_ENUM8:
		v = crm_read_int(p, CRM_C_UINT8);
		if (v >= m->hi)
			return false;
		*out = m->enums[v];
		return true;
	default:
		*out = crm_val_unknown();
		return true;
	}
}

/* As crm_member_value for a member that may be optional: an absent one
 * gives unknown. */
static CRM_ALWAYS_INLINE bool crm_member_get(const member *m, const char *rec, crm_val *out)
{
	if (m->optional && !crm_read_int(rec + m->present, CRM_C_BOOL)) {
		*out = crm_val_unknown();
		return true;
	}
	return crm_member_value(m->fast, m, rec, out);
}

typedef struct record_lookup record_lookup;
typedef struct record_plan record_plan;
typedef struct bound bound;

/* A binding: its fields sorted by their short path (fields[start[k] ..
 * start[k+1]) take path k; the F_NONE ones come first). */
struct crm_binding {
	const crm_ruleset *rs;
	crm_allocator al_copy;
	bound *fields;
	uint32_t n;
	uint32_t start[F_KINDS + 1];
	record_plan **plans;     /* per decision: decision di compiled against
	                          * the record (record_plan), or NULL */
	record_lookup **lookups; /* per decision: its plan's lookup when that is
	                          * all of it (no chained decision, constant
	                          * outputs): crm_decide_record's shortest path */
	uint64_t serial;         /* this binding, among every one made (never 0) */
	size_t size;             /* of the record */
};

/* Set f from record as its only facts: as crm_facts_set_record, after
 * clearing f when the last record set on it (*last, a binding's serial,
 * 0 at first) was another binding's. */
int crm_binding_set_only(crm_facts *f, const crm_binding *b, uint64_t *last,
                         const void *record, crm_error *err);

/* ---- match.c: native cell tests and the column index ------------------------ */
/* Compile the cells of r to native tests (sets tests, ntests, native). */
int crm_match_compile_rule(loader *l, const decision *d, rule *r);
/* Build d->index when the table is large enough and its cells allow. */
int crm_match_index(loader *l, decision *d);
/* A test other than CT_INT on a comparable value. */
bool crm_match_test(const cell_test *t, const crm_val *x);
/* The rules that can match (ascending), or NULL when an indexed input is
 * unknown and every rule must be looked at. d->index must be set. *exact
 * gets, per candidate, whether it is proven to match. */
const uint32_t *crm_match_candidates(const decision *d, const crm_val *facts,
                                     const crm_val *inputs, uint32_t *n,
                                     const uint8_t **exact);
/* The candidate rules of d->mask as bits; false when a column's input is
 * unknown (or NaN) and every rule must be looked at. In a first-hit table
 * an unknown input does not matter once the columns before it prove the
 * lowest candidate (final): bits above it may then still include rules
 * that do not match. */
bool crm_match_mask(const mask_index *mi, const crm_val *facts, const crm_val *inputs,
                    uint64_t *bits);
/* A mask lookup compiled against a record's layout: every column read
 * from a member, none unknown, so their order does not matter. */
typedef struct rec_bool { /* a bool member (F_BOOL8) */
	uint64_t when[2];
	size_t offset;
} rec_bool;

typedef struct rec_word { /* bool members within one 8-byte word */
	const uint64_t *tab; /* 256 masks, by the members' bits gathered */
	uint64_t lanes;      /* 0x80 in each byte that is a member */
	size_t offset;       /* of the word in the record */
} rec_word;

typedef struct rec_int { /* an integer member: a mask per value */
	mask_direct d;  /* tab, lo, hi */
	int64_t min;    /* the values the fact allows: min .. min + span */
	uint64_t span;
	size_t offset;
} rec_int;

typedef struct rec_index { /* a uint8_t index into the fact's values */
	const uint64_t *masks; /* by index */
	uint32_t n;            /* the number of values */
	size_t offset;
} rec_index;

typedef struct rec_num { /* a double member for an MC_NUM column */
	const double *pts;     /* its points */
	const uint64_t *masks; /* by region */
	uint32_t npoints;
	size_t offset;
} rec_num;

typedef struct rec_col { /* any other member: its value, then the column */
	const mask_col *col;
	member m;
} rec_col;

struct record_lookup {
	const rec_word *words;
	const rec_bool *bools;
	const rec_int *ints;  /* nint32 int32_t members, then nint64 int64_t */
	const rec_index *indexes;
	const rec_num *nums;
	const rec_col *cols;
	const member *checks; /* the binding's other members with limits, which
	                       * crm_facts_set_record would check */
	uint32_t nword, nbool, nint32, nint64, nindex, nnum, ncols, nchecks;
	uint64_t all;
};

/* A decision an input reads, decided from the record before the one that
 * reads it (its rule fires first, as when it runs). */
typedef struct rec_chain {
	int32_t decision;
	const uint64_t *masks; /* by the chained decision's rule: the rules of
	                        * the reader its constant outputs admit */
} rec_chain;

typedef struct rec_load { /* a fact an output reads */
	member m;      /* F_NONE (and not optional): a fact not bound, unknown */
	int32_t slot;
} rec_load;

typedef struct rec_rule { /* rule r's outputs */
	const crm_val *row;    /* every output: the constants, unknown for the
	                        * others */
	const uint32_t *progs; /* the others: their programs run */
	const rec_load *loads; /* over the facts they read */
	uint32_t nprogs, nloads;
	bool ok; /* false: only the slow path computes them (a fact off its
	          * short path, a chained decision, a table input) */
} rec_rule;

/* A first-hit table compiled against a record: its inputs that are facts
 * read from members (lk), those that are a chained decision's output from
 * that decision's own lookup (chains), and the outputs of the rule found
 * constants or run over the facts they read (rules). */
struct record_plan {
	const record_lookup *lk;
	const rec_chain *chains;
	uint32_t nchains;
	const rec_rule *rules; /* per rule; NULL when every output is a
	                        * constant (d->konsts) */
};

/* Compile mi against a record of size bytes: members[j] sets the fact of
 * mask column j (crm_match_mask's order; on a short path, or F_NONE for a
 * column of the last loop read elsewhere: from a chained decision);
 * checks are copied. One block, freed with crm_free. */
int crm_match_record_build(const crm_allocator *al, const mask_index *mi, size_t size,
                           const member *members, const member *checks, uint32_t nchecks,
                           record_lookup **out);
/* The mask of column c (of any kind) for x; false when x is unknown or
 * NaN. */
bool crm_match_column(const mask_col *c, const crm_val *x, uint64_t *mask);

/* Bool members close together are read as one word. In each byte,
 * ((x & 0x7f) + 0x7f) | x has its top bit set when x is not 0; those bits,
 * at 8i + 7 for byte lane i, shifted down to 8i, times CRM_GATHER land at
 * bit 56 + i (the products of two lanes never meet, so nothing carries),
 * and the top byte indexes the table of the masks ANDed. */
#define CRM_LOW7 0x7f7f7f7f7f7f7f7fu
#define CRM_GATHER 0x0102040810204080u

static CRM_ALWAYS_INLINE unsigned crm_word_bits(const char *p, uint64_t lanes)
{
	uint64_t x;
	memcpy(&x, p, sizeof x);
	x = (((x & CRM_LOW7) + CRM_LOW7) | x) & lanes;
	return (unsigned)(((x >> 7) * CRM_GATHER) >> 56);
}

/* As crm_match_mask over the facts crm_facts_set_record would set from
 * rec; false when a member holds a value its fact does not allow (or NaN
 * for a column of numbers): the caller takes the slow path, which sets
 * the facts and explains. Inline: on the short path it is the whole of a
 * decision. */
static CRM_ALWAYS_INLINE bool crm_match_record(const record_lookup *lk, const char *rec,
                                               uint64_t *bits)
{
	uint64_t m = lk->all, mask;
	crm_val v;
	uint32_t k;
	for (k = 0; k < lk->nword; k++) {
		const rec_word *g = &lk->words[k];
		m &= g->tab[crm_word_bits(rec + g->offset, g->lanes)];
	}
	for (k = 0; k < lk->nbool; k++) {
		const rec_bool *c = &lk->bools[k];
		m &= c->when[crm_read_int(rec + c->offset, CRM_C_BOOL)];
	}
	for (k = 0; k < lk->nint32 + lk->nint64; k++) {
		const rec_int *c = &lk->ints[k];
		int64_t x = crm_read_int(rec + c->offset, k < lk->nint32 ? CRM_C_INT32 : CRM_C_INT64);
		if ((uint64_t)x - (uint64_t)c->min > c->span)
			return false;
		m &= crm_direct_mask(&c->d, x);
	}
	for (k = 0; k < lk->nindex; k++) {
		const rec_index *c = &lk->indexes[k];
		int64_t x = crm_read_int(rec + c->offset, CRM_C_UINT8);
		if (x >= c->n)
			return false;
		m &= c->masks[x];
	}
	for (k = 0; k < lk->nnum; k++) {
		const rec_num *c = &lk->nums[k];
		double x;
		memcpy(&x, rec + c->offset, sizeof x);
		if (x != x)
			return false;
		m &= c->masks[crm_num_region(c->pts, c->npoints, x)];
	}
	for (k = 0; k < lk->ncols; k++) {
		const rec_col *c = &lk->cols[k];
		if (!crm_member_value(c->m.fast, &c->m, rec, &v) || !crm_match_column(c->col, &v, &mask))
			return false;
		m &= mask;
	}
	for (k = 0; k < lk->nchecks; k++)
		if (!crm_member_get(&lk->checks[k], rec, &v))
			return false;
	*bits = m;
	return true;
}
/* The region of x among m sorted points. */
uint32_t crm_match_region(const crm_val *pts, uint32_t m, const crm_val *x);

/* Known, and not NaN: native tests give the VM's answer. */
static inline bool crm_match_comparable(const crm_val *x)
{
	return x->t && !(x->t == CRM_T_NUMBER && x->u.n != x->u.n);
}

/* Rule r over the facts and inputs: 1 true, 0 false, -1 only the VM can
 * tell (a cell that is not a native test, a when:, or an unknown input). */
static inline int crm_match_rule(const rule *r, const crm_val *facts, const crm_val *inputs)
{
	bool undecided = !r->native;
	for (uint32_t k = 0; k < r->ntests; k++) {
		const cell_test *t = &r->tests[k];
		const crm_val *x = t->fact >= 0 ? &facts[t->fact] : &inputs[t->input];
		if (t->kind == CT_INT && x->t) {
			if (x->u.i < t->lo || x->u.i > t->hi)
				return 0;
			continue;
		}
		if (!crm_match_comparable(x)) {
			/* unknown (or NaN): only the VM's three-valued logic can
			 * tell, unless a later cell is false */
			undecided = true;
			continue;
		}
		if (!crm_match_test(t, x))
			return 0;
	}
	return undecided ? -1 : 1;
}

/* ---- analysis.c: static checks of tables ------------------------------------ */
void crm_table_analyse(loader *l, decision *d);

/* ---- calendars.c, timers.c ---------------------------------------------------- */
int crm_calendars_load(loader *l, const crm_ynode *y);
int crm_timers_load(loader *l, const crm_ynode *y);
void crm_timers_resolve(loader *l);

/* ---- testcase.c --------------------------------------------------------------- */
int crm_tests_load(loader *l, const crm_ynode *y);

/* ---- decide.c: evaluation ------------------------------------------------------ */
typedef struct fired {
	uint32_t decision;
	uint32_t rule;
} fired;

typedef struct dstate {
	uint32_t gen;
	int status;
	bool busy;
} dstate;

struct crm_result {
	crm_context *ctx;
	const crm_val *outs; /* the decision's outputs: the context's, or a
	                      * rule's constants when a lookup proved it */
	uint32_t nouts;
	int decision;
	int status;
};

struct crm_context {
	const crm_ruleset *rs;
	crm_allocator al_copy; /* freeing never reads the ruleset */
	const crm_allocator *al;
	crm_vm vm;
	crm_facts *record_facts; /* crm_decide_record's, when it must set facts */
	crm_val *member_vals;    /* by fact slot: what a plan's outputs read */
	uint64_t record_serial;  /* the binding that last set them */
	uint32_t gen;
	int depth;
	dstate *states;
	crm_val *outs;       /* by decision out_base */
	crm_val *inputs;     /* by decision in_base */
	crm_val *list_items; /* collect results, by decision list_base */
	fired *fired;
	uint32_t nfired;
	int *missing;
	uint32_t nmissing;
	uint64_t *unknown_words;   /* bit per fact slot read while unknown (the VM
	                            * sets bytes); cleared a word at a time */
	crm_result result;
	crm_error *err;
	crm_diag diag;
};

struct crm_facts {
	const crm_ruleset *rs;
	crm_allocator al_copy; /* freeing never reads the ruleset */
	const crm_allocator *al;
	uint32_t nfacts;
	crm_val *vals;
	char **strs;      /* per slot: owned copy of string data */
	uint32_t *strcap;
	crm_val **lists;  /* per slot: owned list items */
	uint32_t *listcap;
	crm_regex_scratch *rx;
};

/* Set a fact from a YAML/JSON node (null unsets it). */
int crm_facts_set_node(crm_facts *f, int slot, const crm_ynode *y, crm_error *err);
/* Run a program (an expression test) over f with ctx's scratch. */
int crm_context_eval(crm_context *c, const crm_program *p, const crm_facts *f, crm_val *out,
                     crm_error *err);
/* Check and store a value for a fact; copies strings. */
int crm_facts_store(crm_facts *f, int slot, const crm_val *v, crm_error *err);
/* crm_facts_new with another allocator (a context's own facts). */
int crm_facts_create(crm_facts **out, const crm_ruleset *rs, const crm_allocator *al);

#endif

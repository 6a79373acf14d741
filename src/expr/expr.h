/* SPDX-License-Identifier: MIT */
/* expr.h - the expression language: tokens, syntax tree, the phases' entry points. */
#ifndef CRM_EXPR_H
#define CRM_EXPR_H

#include "../core/core.h"
#include "../core/regex.h"
#include "../core/text.h"

/* A problem in an expression, at a byte offset of its text. */
typedef struct crm_diag {
	int code;
	uint32_t pos;
	char msg[400];
} crm_diag;

int crm_diag_set(crm_diag *d, int code, uint32_t pos, const char *fmt, ...)
	CRM_PRINTF(4, 5);

/* ---- lexer (lexer.c) ------------------------------------------------------ */
typedef enum {
	TK_EOF,
	TK_INT,
	TK_DEC,
	TK_STR,
	TK_DATE,     /* 2026-11-27: exactly YYYY-MM-DD (checked by the parser) */
	TK_DATETIME, /* 2026-11-27T09:00:00+08:00 (or a space for the T) */
	TK_NAME,
	TK_LPAREN,
	TK_RPAREN,
	TK_LBRACK,
	TK_RBRACK,
	TK_COMMA,
	TK_DOTDOT,
	TK_PLUS,
	TK_MINUS,
	TK_STAR,
	TK_SLASH,
	TK_PERCENT,
	TK_EQ,
	TK_NE,
	TK_LT,
	TK_LE,
	TK_GT,
	TK_GE,
	/* keywords */
	TK_AND,
	TK_OR,
	TK_NOT,
	TK_IN,
	TK_MATCHES,
	TK_IF,
	TK_THEN,
	TK_ELSE,
	TK_TRUE,
	TK_FALSE
} crm_tok_kind;

typedef struct crm_token {
	crm_tok_kind kind;
	uint32_t pos, len;  /* byte span in the source */
	const char *text;   /* start of the token in the source */
} crm_token;

typedef struct crm_lexer {
	const char *src;
	uint32_t len, pos;
} crm_lexer;

void crm_lex_init(crm_lexer *lx, const char *src, uint32_t len);
/* Next token; CRM_ESYNTAX in d on a bad character or unterminated string.
 * Digits shaped exactly like a date (YYYY-MM-DD, not followed by a digit or
 * a decimal point) are one TK_DATE token, never a subtraction: write
 * 2026 - 11 - 27, with spaces, to subtract. A date followed by T (or a
 * space) and HH:MM is one TK_DATETIME, with its seconds, fraction and UTC
 * offset if written. Whether the text is a real date or instant is the
 * parser's question. */
int crm_lex_next(crm_lexer *lx, crm_token *tok, crm_diag *d);
const char *crm_tok_name(crm_tok_kind k);

/* ---- syntax tree ----------------------------------------------------------- */
typedef enum {
	N_LIT,   /* val (dec holds the exact text of decimal literals) */
	N_NAME,  /* name: fact, constant, or decision.output */
	N_INPUT, /* the table input being tested (unary-test cells) */
	N_NEG,
	N_NOT,
	N_BIN,   /* op: TK_PLUS .. TK_PERCENT */
	N_CMP,   /* op: TK_EQ .. TK_GE */
	N_AND,
	N_OR,
	N_IN,    /* a in b (b a list or a range) */
	N_RANGE, /* [a..b) : a, b; flags bit0 lo closed, bit1 hi closed */
	N_MATCH, /* a matches "pattern" */
	N_IF,
	N_CALL,
	N_LIST,
	N_CONV   /* inserted by the checker: op is the conversion opcode */
} crm_node_kind;

/* LIT_NAMED: a constant's value, folded once where it is declared (no
 * hint that a date was meant as a subtraction: it was written as a name) */
enum { LIT_PLAIN = 0, LIT_DECIMAL = 1, LIT_NAMED = 2 };
#define CRM_NODE_CONST 0x80 /* crm_node.flags: value known at load time */
#define CRM_NODE_CALENDAR 0x40 /* a literal that is a calendar's index */

typedef struct crm_node {
	/* ordered so that a node is 112 bytes: the arena rounds to 16, and a
	 * 10,000-rule table holds over 100,000 nodes */
	uint8_t kind;
	uint8_t type; /* static type after checking (crm_type) */
	uint8_t elem; /* list element type */
	uint8_t flags;
	uint8_t lit;  /* LIT_DECIMAL: dec_mant, dec_scale are exact */
	uint8_t ref_kind;
	uint16_t op;
	uint32_t pos, end; /* byte span */
	struct crm_node *a, *b, *c;
	struct crm_node **args;
	crm_val val;
	int64_t dec_mant; /* number literals: the value as written, */
	int32_t dec_scale; /* dec_mant * 10^-dec_scale */
	uint32_t nargs;
	const char *name;
	const crm_val *order; /* an ordered enum's values, lowest first */
	uint32_t name_len;
	uint32_t norder;
	int ref;     /* resolved: fact slot, input index, regex id, function */
	int ref2;    /* resolved: output index */
} crm_node;

static inline crm_decimal crm_node_dec(const crm_node *n)
{
	return (crm_decimal){n->dec_mant, n->dec_scale};
}

/* ---- parser (parser.c) ------------------------------------------------------ */
/* An expression. Nodes live in ar. */
int crm_parse_expr(crm_arena *ar, const char *src, uint32_t len, crm_node **out,
                   crm_diag *d);
/* A unary-test cell of a decision table ("> 12", "[6..12)", "\"a\", \"b\"",
 * "not(1, 2)", "-"): a boolean tree over N_INPUT(input). *out is NULL for
 * "-" (any value). */
int crm_parse_unary_tests(crm_arena *ar, const char *src, uint32_t len,
                          int input, crm_node **out, crm_diag *d);
/* The pieces the table layer builds from YAML cells. */
crm_node *crm_node_new(crm_arena *ar, crm_node_kind kind, uint32_t pos, uint32_t end);
/* v[0] and v[1] and ... (kind N_AND; N_OR: or), n >= 1: left-deep up to
 * 32 operands, balanced past that, so that a long chain costs no depth (the
 * value is the same: and/or evaluate left to right either way). Each node
 * made gets type (0 before checking; CRM_T_BOOL after) and, with a type,
 * CRM_NODE_CONST when both sides have it. NULL when memory runs out. */
crm_node *crm_node_join(crm_arena *ar, crm_node_kind kind, crm_node **v, size_t n, uint8_t type);

/* ---- resolver and type checker (check.c) ------------------------------------ */
enum { REF_NONE, REF_FACT, REF_CONST, REF_OUTPUT };

typedef struct crm_ref {
	uint8_t kind;     /* REF_* */
	uint8_t type;     /* crm_type of a fact or output */
	uint8_t elem;
	int index;        /* fact slot or decision */
	int output;       /* output of a decision */
	crm_node *expr;   /* REF_CONST: the constant's expression, inlined */
	const crm_val *order; /* ordered enum values, lowest first, or NULL */
	uint32_t norder;
} crm_ref;

typedef struct crm_env {
	/* Resolve a (possibly dotted) name. Return 0, or CRM_EUNKNOWN / other
	 * code with a message in d. */
	int (*resolve)(void *ud, const char *name, uint32_t len, crm_ref *out,
	               crm_diag *d);
	/* Register a constant regex; returns its id >= 0 or a negative code
	 * with PCRE2's message in d (pos relative to the pattern). */
	int (*regex)(void *ud, const char *pat, uint32_t len, crm_diag *d);
	/* Index of the calendar called name, or -1. */
	int (*calendar)(void *ud, const char *name, uint32_t len);
	/* Called for every fact and decision the expression reads. */
	void (*uses)(void *ud, uint8_t kind, int index);
	/* Type of table input i: fills type, elem and order of n (N_INPUT);
	 * false when there is no such input. */
	bool (*input_type)(void *ud, int input, crm_node *n);
	void *ud;
	/* The work a load may still do (nodes of constants inlined), or NULL:
	 * past it, CRM_ELIMIT. */
	int64_t *work;
} crm_env;

/* Resolve names and compute types; inserts conversions. A constant is
 * inlined as the tree the resolver gives for it (its folded value, as a
 * literal, where the loader could fold it), checked in the context of its
 * use, with a depth limit so that a constant that refers to itself fails.
 * Errors: CRM_EUNKNOWN, CRM_ETYPE, CRM_EREGEX, CRM_ELIMIT. */
int crm_check(crm_arena *ar, const crm_env *env, crm_node **node, crm_diag *d);
/* A copy of tree n in ar, every node at pos..end (CRM_NODE_KEEP_POS: where
 * it was). Each node copied is charged to *left (the load's work; NULL:
 * none); NULL when it runs out or memory does. */
#define CRM_NODE_KEEP_POS UINT32_MAX
crm_node *crm_node_clone(crm_arena *ar, const crm_node *n, uint32_t pos, uint32_t end,
                         int64_t *left);
/* Coerce an already checked node to type t (int->number, int/decimal
 * literal->money); CRM_ETYPE when it cannot. */
int crm_coerce(crm_arena *ar, crm_node **node, uint8_t t, crm_diag *d);

/* ---- builtin functions (functions.c) ---------------------------------------- */
typedef enum {
#define F(id, name, mina, maxa) FN_##id,
#include "functions.def"
#undef F
	FN__COUNT
} crm_fn;
int crm_fn_lookup(const char *name, uint32_t len);
const char *crm_fn_name(int fn);
struct crm_vm;
/* Run builtin fn on n known arguments (unknowns are handled by the caller). */
int crm_fn_call(struct crm_vm *vm, int fn, const crm_val *args, uint32_t n,
                crm_val *out);
/* Type the call n (arguments checked already); may coerce arguments.
 * env resolves calendar names (the first argument of calendar functions). */
int crm_fn_check(crm_arena *ar, const crm_env *env, crm_node *n, crm_diag *d);

/* ---- compiler (compile.c) --------------------------------------------------- */
typedef struct crm_program {
	uint32_t *code;       /* what analysis and generated code read */
	uint32_t len;
	uint32_t max_stack;
	const uint32_t *run;  /* what the VM runs: code with common sequences
	                       * fused (compile.c, fuse), or code itself */
	uint32_t run_len;
} crm_program;

/* An ordered enum: its values, lowest first. */
typedef struct crm_enum {
	const crm_val *values;
	uint32_t n;
} crm_enum;

/* Shared pools a ruleset's programs refer to. */
typedef struct crm_pools {
	crm_arena *ar;
	crm_val *consts;
	size_t nconsts, cap_consts;
	crm_decimal *decs;
	size_t ndecs, cap_decs;
	const crm_regex *const *regexes; /* for constant folding */
	crm_enum *enums;                 /* ordered enums, for OP_RANK */
	const struct crm_calendar *calendars; /* for constant folding */
	size_t nenums, cap_enums;
	crm_t2s *t2s; /* OpenCC's t2s, loaded by the first to_simplified() */
} crm_pools;

int crm_compile(crm_pools *pools, crm_node *n, crm_program *out, crm_diag *d);
/* Whether crm_compile fuses the code the VM runs (true). For tests that
 * compare the two: set before a ruleset loads, read as it loads. */
extern bool crm_compile_fuse;
/* The pool index of an ordered enum (added on first use); -1 on OOM. */
int crm_pool_enum(crm_pools *p, const crm_val *values, uint32_t n);
/* Add a constant to the pool; -1 when out of memory. */
int crm_pool_const(crm_pools *p, crm_val v);
/* Free what the pools hold outside their arena. */
void crm_pools_free(crm_pools *p);

/* Whether comparison result c (<0, 0, >0) satisfies relation rel
 * (0 = 1 != 2 < 3 <= 4 > 5 >=, the operand of OP_CMP). */
static inline bool crm_rel_holds(uint32_t rel, int c)
{
	switch (rel) {
	case 0: return c == 0;
	case 1: return c != 0;
	case 2: return c < 0;
	case 3: return c <= 0;
	case 4: return c > 0;
	default: return c >= 0;
	}
}

/* ---- evaluator (vm.c) ------------------------------------------------------- */
typedef struct crm_vm crm_vm;
typedef int (*crm_output_fn)(crm_vm *vm, int decision, int output, crm_val *out);

struct crm_vm {
	crm_val *stack;
	uint32_t stack_cap;
	const crm_val *consts;
	const crm_decimal *decs;
	const crm_regex *const *regexes;
	const crm_enum *enums;
	const struct crm_calendar *calendars;
	const crm_t2s *t2s;       /* for to_simplified(); NULL when no rule calls it */
	crm_regex_scratch *rx;
	const crm_val *facts;     /* by slot; NULL while folding constants */
	uint32_t nfacts;
	uint8_t *unknown_read;    /* bit per fact slot: read while unknown */
	const crm_val *inputs;    /* current table inputs */
	crm_output_fn output;     /* decision outputs on demand */
	void *ud;
	/* scratch for strings and lists built during one decision */
	char *scratch;
	uint32_t scratch_len, scratch_cap;
	crm_val *lists;
	uint32_t lists_len, lists_cap;
	crm_diag *diag;           /* runtime error text */
	int64_t cal_assumed;      /* earliest calendar day assumed past its data,
	                           * CRM_NO_DAY when none (reset per decision) */
};

/* Run a program; the value left on the stack goes to *out. Returns 0 or a
 * runtime error code (CRM_EOVERFLOW, CRM_ELIMIT, ...) with text in vm->diag. */
int crm_vm_run(crm_vm *vm, const crm_program *p, crm_val *out);

/* Take n bytes of string scratch for the current decision; NULL when the
 * scratch is exhausted (CRM_LIMIT_SCRATCH). */
char *crm_vm_scratch(crm_vm *vm, uint32_t n);
/* What is left of the scratch (*avail bytes), for a result whose size is
 * known only once written; crm_vm_scratch_keep(vm, n) then keeps its first
 * n bytes. */
char *crm_vm_scratch_rest(crm_vm *vm, uint32_t *avail);
void crm_vm_scratch_keep(crm_vm *vm, uint32_t n);

/* Disassemble (for tests and `crmrules check --dump`). */
void crm_program_dump(const crm_program *p, const crm_val *consts, crm_buf *out);

#endif

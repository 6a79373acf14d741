/* SPDX-License-Identifier: MIT */
/* crmrules.h - the public API of libcrmrules: load rule files, set facts, decide. */
#ifndef CRMRULES_H
#define CRMRULES_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * OVERVIEW
 *
 * A ruleset (crm_ruleset) is compiled once from YAML rule files: facts are
 * resolved to slots, expressions type-checked and compiled, regexes
 * JIT-compiled. It is immutable afterwards and may be shared by any number
 * of threads.
 *
 * A facts record (crm_facts) holds one typed value per declared fact; a fact
 * that was never set is *unknown*, never a silent zero.
 *
 * An evaluation context (crm_context) holds all per-run scratch memory, sized
 * from the ruleset when it is created. crm_decide() never allocates. Use one
 * context per thread.
 *
 * Conventions
 * - Calls return 0 (CRM_OK) or a negative CRM_E* code; when a crm_error
 *   pointer is given (it may be NULL) it is filled with the code, a message
 *   and, for rule files, the file:line:column (1-based).
 * - Objects are created with *_new / *_load into an out-parameter and
 *   released with *_free; every *_free(NULL) is a no-op.
 * - Getters return borrowed pointers owned by their parent object.
 * - No call prints, aborts, exits, reads the system clock, the time zone or
 *   the environment. The library has no global state.
 * - Thread safety: functions taking a `const crm_ruleset *` are safe to call
 *   concurrently. A crm_facts or crm_context must not be used by two threads
 *   at once.
 */

#if defined(_WIN32) && defined(CRM_BUILDING_SHARED)
#define CRM_API __declspec(dllexport)
#elif defined(__GNUC__) || defined(__clang__)
#define CRM_API __attribute__((visibility("default")))
#else
#define CRM_API
#endif

/* ------------------------------------------------------------------------ */
/* Version                                                                   */

#define CRM_VERSION_MAJOR 0
#define CRM_VERSION_MINOR 1
#define CRM_VERSION_PATCH 0
#define CRM_VERSION_NUMBER \
	(CRM_VERSION_MAJOR * 1000000 + CRM_VERSION_MINOR * 1000 + CRM_VERSION_PATCH)
#define CRM_VERSION_STRING "0.1.0"

/* The CRM_VERSION_NUMBER the library was built with (may differ from the
 * header a host was compiled against). Thread-safe. */
CRM_API int crm_version(void);

/* ------------------------------------------------------------------------ */
/* Errors                                                                    */

enum {
	CRM_OK = 0,
	CRM_ESYNTAX = -1,   /* malformed YAML, expression or input text */
	CRM_ETYPE = -2,     /* type mismatch */
	CRM_EUNKNOWN = -3,  /* unknown name: fact, decision, output, key, function */
	CRM_ELIMIT = -4,    /* a hostile-input limit was reached (see LIMITS) */
	CRM_ENOMEM = -5,    /* the allocator failed */
	CRM_EIO = -6,       /* a file could not be read */
	CRM_EINVAL = -7,    /* invalid argument or value (e.g. not in allowed values) */
	CRM_EOVERFLOW = -8, /* integer or money overflow, division by zero */
	CRM_EREGEX = -9,    /* a regular expression failed to compile */
	CRM_EDUP = -10,     /* duplicate name or rule id */
	CRM_ECYCLE = -11,   /* cyclic chain of decisions */
	CRM_ETABLE = -12,   /* table problem: unreachable rule, overlap, conflict */
	CRM_EMISSING = -13, /* the decision depends on facts that are not set */
	CRM_ENOMATCH = -14, /* no rule matched (single-hit tables) */
	CRM_ERANGE = -15    /* outside the data: a date a calendar has no data for */
};

#define CRM_ERROR_FILE_MAX 256
#define CRM_ERROR_MESSAGE_MAX 512

/* A caller-owned error record; filling it never allocates. line and column
 * are 1-based and 0 when the error has no position in a rule file. */
typedef struct crm_error {
	int code;
	int line;
	int column;
	char file[CRM_ERROR_FILE_MAX];
	char message[CRM_ERROR_MESSAGE_MAX];
} crm_error;

/* Static English text for a CRM_E* code ("unknown code" otherwise). */
CRM_API const char *crm_strerror(int code);

/* ------------------------------------------------------------------------ */
/* Limits on hostile input. Exceeding one fails with CRM_ELIMIT.            */

#define CRM_LIMIT_FILE_SIZE (16u << 20)   /* bytes in one rule file or facts text */
#define CRM_LIMIT_YAML_DEPTH 64           /* nesting of YAML collections */
#define CRM_LIMIT_YAML_NODES 1000000      /* YAML nodes, aliases expanded */
#define CRM_LIMIT_EXPR_DEPTH 128          /* nesting of an expression */
#define CRM_LIMIT_EXPR_LENGTH 65536       /* bytes in one expression */
#define CRM_LIMIT_STRING 65536            /* bytes in one string fact */
#define CRM_LIMIT_RULES 100000            /* rules in one decision table */
#define CRM_LIMIT_SCRATCH (256u << 10)    /* bytes of strings built per decision */
#define CRM_LIMIT_REGEX_MATCH 1000000     /* PCRE2 match limit */
#define CRM_LIMIT_REGEX_DEPTH 10000       /* PCRE2 depth limit */
#define CRM_LIMIT_REGEX_HEAP 4096         /* PCRE2 heap limit, KiB */
#define CRM_LIMIT_DECISION_DEPTH 64       /* chained decisions */

/* ------------------------------------------------------------------------ */
/* Memory                                                                    */

/* A user allocator (like PCRE2's general context). malloc_fn returns NULL on
 * failure; free_fn(NULL, ud) must be harmless. The library passes it on to
 * PCRE2. libyaml has no allocator hook: the YAML parser uses malloc while a
 * file is parsed, and frees all of it before the load call returns. */
typedef struct crm_allocator {
	void *(*malloc_fn)(size_t size, void *ud);
	void (*free_fn)(void *ptr, void *ud);
	void *ud;
} crm_allocator;

/* ------------------------------------------------------------------------ */
/* Values                                                                    */

typedef enum crm_type {
	CRM_T_UNKNOWN = 0, /* not set, or depends on something not set */
	CRM_T_BOOL,
	CRM_T_INT,      /* int64 */
	CRM_T_NUMBER,   /* double */
	CRM_T_MONEY,    /* int64 minor units (cents): 1234.50 is 123450 */
	CRM_T_STRING,   /* UTF-8, not necessarily NUL-terminated: use len */
	CRM_T_DATE,     /* days since 1970-01-01 */
	CRM_T_DATETIME, /* seconds since 1970-01-01T00:00:00Z */
	CRM_T_DURATION, /* seconds */
	CRM_T_LIST
} crm_type;

/* A value as the host reads it. Pointers are borrowed from the object the
 * value came from. */
typedef struct crm_value {
	crm_type type;
	crm_type elem; /* element type of a list */
	union {
		int b;
		int64_t i;
		double n;
		int64_t money;
		int64_t date;
		int64_t datetime;
		int64_t duration;
		struct {
			const char *ptr;
			size_t len;
		} s;
		struct {
			const void *items; /* read with crm_value_item() */
			size_t len;
			size_t stride;
		} list;
	} u;
} crm_value;

/* The i-th item of a list value (CRM_T_UNKNOWN when i is out of range). */
CRM_API crm_value crm_value_item(const crm_value *list, size_t i);

/* Write a value as JSON text: numbers and bools bare, money as an exact
 * string ("1234.50"), dates and instants as ISO 8601 strings (instants in
 * UTC), durations as seconds, lists as arrays, unknown as null. Returns the
 * length the full text needs, like snprintf. */
CRM_API size_t crm_value_format(char *buf, size_t size, const crm_value *v);

/* The name of a type ("money", ...). Static text. */
CRM_API const char *crm_type_name(crm_type t);

/* Format minor units exactly as a decimal string, e.g. 123450 -> "1234.50".
 * Writes at most size bytes including the NUL; returns the length the full
 * text needs (like snprintf). */
CRM_API int crm_money_format(char *buf, size_t size, int64_t minor);

/* Parse an exact decimal ("1234.5", "-0.01", "1e3" is rejected) into minor
 * units. Fails with CRM_ESYNTAX, or CRM_EOVERFLOW when out of range, or
 * CRM_EINVAL with more than 2 decimal places. */
CRM_API int crm_money_parse(int64_t *out, const char *text, size_t len);

/* ISO 8601 instants: "2026-10-01T09:00:00+08:00" (or "...Z"); the offset is
 * required. Unix seconds. CRM_ESYNTAX or CRM_EINVAL (no such day/time). */
CRM_API int crm_instant_parse(int64_t *out, const char *text, size_t len);
/* Write an instant in ISO 8601 at a UTC offset in seconds ("Z" for 0);
 * returns the length like snprintf. */
CRM_API int crm_instant_format(char *buf, size_t size, int64_t unix_seconds, int utc_offset);

/* ------------------------------------------------------------------------ */
/* Rulesets                                                                  */

typedef struct crm_ruleset crm_ruleset;

/* Severity of a diagnostic passed to crm_load_options.diagnostic. */
enum { CRM_DIAG_ERROR = 0, CRM_DIAG_WARNING = 1 };

/* Called once per problem found while loading, in file order; the first
 * error is also returned through the crm_error of the load call. */
typedef void (*crm_diagnostic_fn)(int severity, const crm_error *diag, void *ud);

#define CRM_LOAD_OPTIONS_VERSION 1
typedef struct crm_load_options {
	unsigned int version;          /* CRM_LOAD_OPTIONS_VERSION */
	const crm_allocator *allocator; /* NULL: malloc/free */
	crm_diagnostic_fn diagnostic;   /* NULL: none */
	void *diagnostic_ud;
	int warnings_as_errors; /* gaps in tables fail the load */
} crm_load_options;
#define CRM_LOAD_OPTIONS_INIT {CRM_LOAD_OPTIONS_VERSION, NULL, NULL, NULL, 0}

/* Load a rule file, or every *.yaml / *.yml file of a directory in name order
 * into one namespace. opts may be NULL. On success *out owns a ruleset to free
 * with crm_ruleset_free(). On failure *out is NULL and err holds the first
 * error; opts->diagnostic, if set, receives every error and warning found (the
 * loader goes on after an error where it can). Errors: any CRM_E* code. */
CRM_API int crm_ruleset_load(crm_ruleset **out, const char *path,
                             const crm_load_options *opts, crm_error *err);

/* As crm_ruleset_load, from a buffer of YAML; name is used in positions. */
CRM_API int crm_ruleset_load_buffer(crm_ruleset **out, const char *yaml,
                                    size_t len, const char *name,
                                    const crm_load_options *opts,
                                    crm_error *err);

CRM_API void crm_ruleset_free(crm_ruleset *rs);

/* Introspection. Indexes run from 0 to count-1; names are borrowed from rs. */
CRM_API size_t crm_ruleset_fact_count(const crm_ruleset *rs);
CRM_API const char *crm_ruleset_fact_name(const crm_ruleset *rs, size_t i);
CRM_API crm_type crm_ruleset_fact_type(const crm_ruleset *rs, size_t i);
CRM_API size_t crm_ruleset_decision_count(const crm_ruleset *rs);
CRM_API const char *crm_ruleset_decision_name(const crm_ruleset *rs, size_t i);

/* The slot of a fact, or CRM_EUNKNOWN. Look it up once, set by slot after. */
CRM_API int crm_fact_slot(const crm_ruleset *rs, const char *name);

/* The index of a decision, or CRM_EUNKNOWN. */
CRM_API int crm_decision_find(const crm_ruleset *rs, const char *name);

/* ------------------------------------------------------------------------ */
/* Facts                                                                     */

typedef struct crm_facts crm_facts;

/* A facts record for rs, all facts unknown. The record refers to rs, which
 * must outlive it. Errors: CRM_ENOMEM. */
CRM_API int crm_facts_new(crm_facts **out, const crm_ruleset *rs);
CRM_API void crm_facts_free(crm_facts *f);

/* Make every fact unknown again (keeps memory for reuse). */
CRM_API void crm_facts_clear(crm_facts *f);

/* Setters by slot. The value must have the fact's declared type (an int is
 * accepted for a number fact) and satisfy its declared allowed values, range
 * and pattern; otherwise CRM_ETYPE or CRM_EINVAL and the fact is unchanged.
 * Strings are copied (UTF-8 is validated; at most CRM_LIMIT_STRING bytes);
 * the copy may allocate (CRM_ENOMEM). err may be NULL. */
CRM_API int crm_facts_set_bool(crm_facts *f, int slot, int v, crm_error *err);
CRM_API int crm_facts_set_int(crm_facts *f, int slot, int64_t v, crm_error *err);
CRM_API int crm_facts_set_number(crm_facts *f, int slot, double v, crm_error *err);
CRM_API int crm_facts_set_money(crm_facts *f, int slot, int64_t minor, crm_error *err);
CRM_API int crm_facts_set_string(crm_facts *f, int slot, const char *s,
                                 size_t len, crm_error *err);
CRM_API int crm_facts_set_date(crm_facts *f, int slot, int64_t days, crm_error *err);
CRM_API int crm_facts_set_datetime(crm_facts *f, int slot, int64_t unix_seconds,
                                   crm_error *err);
CRM_API int crm_facts_set_duration(crm_facts *f, int slot, int64_t seconds,
                                   crm_error *err);
/* Make one fact unknown. */
CRM_API int crm_facts_unset(crm_facts *f, int slot);

/* Set a fact by name from text, parsed as the fact's type: "true"/"false",
 * integers, decimals (money exactly: "1234.50"), ISO 8601 dates
 * ("2026-10-01") and instants ("2026-10-01T09:00:00+08:00"), durations
 * ("90 min", "24 h", "3 d", or seconds), strings as they are; for lists a
 * comma-separated text. Errors: CRM_EUNKNOWN (no such fact), CRM_ESYNTAX,
 * CRM_EINVAL, CRM_EOVERFLOW, CRM_ENOMEM. */
CRM_API int crm_facts_set_text(crm_facts *f, const char *name, const char *text,
                               size_t len, crm_error *err);

/* Set facts from a JSON or YAML object (a mapping of fact name to value;
 * null leaves the fact unknown). Money may be a JSON number or string; it is
 * read from its decimal text, never through a binary float. Facts not named
 * keep their values. On error, err names the key and its line:column in text
 * and the facts named before it may have been set. */
CRM_API int crm_facts_set_json(crm_facts *f, const char *text, size_t len,
                               crm_error *err);

/* Read a fact back (CRM_T_UNKNOWN when not set). Borrowed from f. */
CRM_API crm_value crm_facts_get(const crm_facts *f, int slot);

/* ---- Records: a host struct bound to facts ------------------------------ */
/* A binding maps the members of one of the host's C structs to facts, once;
 * crm_facts_set_record then sets them all from a struct in one call, with
 * the checks of the setters above. For a record of many facts it costs a
 * fraction of one setter call per fact. */

/* The C type of a bound member. */
typedef enum crm_ctype {
	CRM_C_BOOL = 1, /* bool */
	CRM_C_INT,      /* int */
	CRM_C_UINT8,    /* uint8_t */
	CRM_C_INT32,    /* int32_t */
	CRM_C_INT64,    /* int64_t */
	CRM_C_DOUBLE,   /* double */
	CRM_C_STRING    /* const char *, NUL-terminated; NULL leaves the fact unknown */
} crm_ctype;

/* crm_field.flags */
#define CRM_FIELD_INDEX 1u    /* an integer member is an index into the fact's
                               * values: list (a C enum in the same order) */
#define CRM_FIELD_OPTIONAL 2u /* a bool member at present_offset says whether
                               * the fact is set; false leaves it unknown */

/* One member: which fact it sets, where it is and what C type it has.
 * Member types by fact type: bool from CRM_C_BOOL or an integer (non-zero
 * is true); int, money (minor units), date (days), datetime and duration
 * (seconds) from an integer; number from CRM_C_DOUBLE or an integer; string
 * from CRM_C_STRING, or from an integer with CRM_FIELD_INDEX. List facts
 * cannot be bound (use crm_facts_set_json). */
typedef struct crm_field {
	const char *fact;      /* the fact's name */
	size_t offset;         /* offsetof(struct, member) */
	crm_ctype ctype;
	unsigned flags;        /* CRM_FIELD_* */
	size_t present_offset; /* with CRM_FIELD_OPTIONAL */
} crm_field;

typedef struct crm_binding crm_binding;

/* A binding of nfields members of a struct of record_size bytes to facts
 * of rs (which must outlive it). Errors: CRM_EUNKNOWN (no such fact),
 * CRM_ETYPE (a member type the fact cannot take, a list fact, an index into
 * a fact without values), CRM_EINVAL (a member outside the struct, a fact
 * bound twice, unknown flags or C type), CRM_ENOMEM. err says which field. */
CRM_API int crm_binding_new(crm_binding **out, const crm_ruleset *rs,
                            const crm_field *fields, size_t nfields,
                            size_t record_size, crm_error *err);
CRM_API void crm_binding_free(crm_binding *b);

/* Set the bound facts of f from record. A value the fact does not allow
 * (out of range, NaN, an index past its values, a string not among them)
 * fails with the setters' error, naming the fact, which keeps its value;
 * other fields may have been set (the order is the binding's, not the
 * struct's). Strings are copied as by crm_facts_set_string (only then may
 * it allocate). Errors: CRM_EINVAL, CRM_ETYPE, CRM_ELIMIT, CRM_ENOMEM. */
CRM_API int crm_facts_set_record(crm_facts *f, const crm_binding *b,
                                 const void *record, crm_error *err);

/* ------------------------------------------------------------------------ */
/* Evaluation                                                                */

typedef struct crm_context crm_context;
typedef struct crm_result crm_result;

/* A context with scratch memory sized for rs (which must outlive it).
 * allocator may be NULL. Errors: CRM_ENOMEM. */
CRM_API int crm_context_new(crm_context **out, const crm_ruleset *rs,
                            const crm_allocator *allocator);
CRM_API void crm_context_free(crm_context *ctx);
/* The ruleset a context evaluates (borrowed). */
CRM_API const crm_ruleset *crm_context_ruleset(const crm_context *ctx);

/* Evaluate one decision (and the decisions it chains to) over f.
 * On success *out is the result, owned by ctx and valid until the next
 * crm_decide on ctx. Never allocates.
 * Errors: CRM_EUNKNOWN (no such decision), CRM_EMISSING (the outcome depends
 * on facts that are not set: the result lists them), CRM_ENOMATCH (no rule
 * matched a first/unique/any/priority table), CRM_ETABLE (a unique table
 * matched two rules, or an `any` table matched rules that disagree),
 * CRM_EOVERFLOW, CRM_ELIMIT (regex limits, string scratch). On CRM_EMISSING
 * and CRM_ENOMATCH *out is still set, so the caller can see why. */
CRM_API int crm_decide(crm_context *ctx, const char *decision,
                       const crm_facts *f, const crm_result **out,
                       crm_error *err);
/* As crm_decide, with an index from crm_decision_find (no name lookup). */
CRM_API int crm_decide_index(crm_context *ctx, int decision, const crm_facts *f,
                             const crm_result **out, crm_error *err);
/* Decide for one record of a host struct: as crm_facts_set_record on facts
 * that hold nothing else (every fact b does not bind is unknown), then
 * crm_decide_index, with the same results and errors. The facts are the
 * context's own; the slots that fired rules name hold the record's values.
 * The fastest way to decide: when every member of b is on its short path
 * (a bool or uint8_t for a bool fact; an int32_t, int or int64_t for an
 * integer fact without allowed values; a double for a number fact without
 * a range; a uint8_t index; optional ones too, but no strings), a
 * first-hit table is answered from the members themselves whenever they
 * prove its first candidate, and no fact is set, if each of its inputs is
 * a fact b binds (not optional) or, given what b binds, the output of
 * another such table of constant outputs (known() of a fact b does not
 * bind is false: `if known(grade) then grade else credit_grade.grade`
 * reads credit_grade when b leaves grade unset). The rule's outputs are
 * its constants, or its expressions run over the facts they read, taken
 * from their members. Never allocates, except where crm_facts_set_record
 * copies a string. b must bind facts of ctx's ruleset. */
CRM_API int crm_decide_record(crm_context *ctx, int decision, const crm_binding *b,
                              const void *record, const crm_result **out,
                              crm_error *err);

/* Result getters; all pointers are borrowed from the context. */
CRM_API const char *crm_result_decision(const crm_result *r);
CRM_API size_t crm_result_output_count(const crm_result *r);
CRM_API const char *crm_result_output_name(const crm_result *r, size_t i);
/* The i-th output's value (CRM_T_UNKNOWN when not decided). */
CRM_API crm_value crm_result_output(const crm_result *r, size_t i);
/* An output by name: 0, or CRM_EUNKNOWN (no such output), CRM_ETYPE (another
 * type; *out untouched). For a CRM_T_UNKNOWN value: CRM_EMISSING. */
CRM_API int crm_result_get(const crm_result *r, const char *name, crm_value *out);
CRM_API int crm_result_get_bool(const crm_result *r, const char *name, int *out);
CRM_API int crm_result_get_int(const crm_result *r, const char *name, int64_t *out);
CRM_API int crm_result_get_number(const crm_result *r, const char *name, double *out);
CRM_API int crm_result_get_money(const crm_result *r, const char *name, int64_t *out);
CRM_API int crm_result_get_string(const crm_result *r, const char *name,
                                  const char **out, size_t *len);

/* The rules that fired, in firing order, including those of chained
 * decisions (crm_result_fired_decision tells which decision a rule is in). */
CRM_API size_t crm_result_fired_count(const crm_result *r);
CRM_API const char *crm_result_fired_id(const crm_result *r, size_t i);
CRM_API const char *crm_result_fired_decision(const crm_result *r, size_t i);
/* The facts the i-th fired rule reads (its inputs, condition and outputs):
 * fact slots, for crm_ruleset_fact_name and crm_facts_get. */
CRM_API size_t crm_result_fired_fact_count(const crm_result *r, size_t i);
CRM_API int crm_result_fired_fact(const crm_result *r, size_t i, size_t k);

/* Facts that were needed but not set (filled on CRM_EMISSING). */
CRM_API size_t crm_result_missing_count(const crm_result *r);
CRM_API int crm_result_missing_fact(const crm_result *r, size_t i);

/* ------------------------------------------------------------------------ */
/* Customer grade and credit: typed calls over the default vocabulary        */
/*
 * These calls evaluate the decisions of the default rule files (rules/) by
 * name and convert their outputs into small caller-owned structs. Any
 * ruleset with the same decision and output names works (the alternatives
 * in rules/alt/ too). They fail with CRM_EUNKNOWN when the ruleset lacks a
 * decision or output they need, CRM_ETYPE when an output has another type,
 * CRM_EINVAL when an output holds a value outside the vocabulary (e.g. a
 * grade "D"), and with crm_decide's errors otherwise (CRM_EMISSING: facts
 * are missing). Like crm_decide they never allocate; ctx is used by one
 * thread at a time. Rule ids in the results are borrowed from the ruleset.
 */

/* Credit grades compare as integers: A > B > C. */
typedef enum crm_credit_grade {
	CRM_GRADE_UNKNOWN = 0,
	CRM_GRADE_C = 1,
	CRM_GRADE_B = 2,
	CRM_GRADE_A = 3
} crm_credit_grade;

typedef enum crm_contact {
	CRM_CONTACT_UNKNOWN = 0,
	CRM_CONTACT_DEDICATED,  /* tier 1: a dedicated contact person */
	CRM_CONTACT_FIXED,      /* tier 2: a fixed contact person */
	CRM_CONTACT_SPECIALIST  /* tier 3: a business specialist */
} crm_contact;

#define CRM_RULE_IDS_MAX 16
/* The rules that decided, in firing order (chained decisions first). */
typedef struct crm_rule_ids {
	size_t count;
	const char *decision[CRM_RULE_IDS_MAX];
	const char *id[CRM_RULE_IDS_MAX];
} crm_rule_ids;

typedef struct crm_grade {
	crm_credit_grade credit_grade; /* decision credit_grade, output grade */
	int tier;                      /* service_tier.tier: 1 (best) .. 3 */
	crm_contact contact;           /* maintenance_plan.contact */
	int visit_interval_days;       /* at most this many days between contacts */
	int appreciation_event_months; /* 0 = none */
	crm_rule_ids rules;
} crm_grade;

/* Credit grade, service tier and maintenance plan in one call (decisions
 * credit_grade, service_tier, maintenance_plan). */
CRM_API int crm_grade_customer(crm_context *ctx, const crm_facts *f, crm_grade *out,
                               crm_error *err);

/* "A", "B", "C" or "unknown". */
CRM_API const char *crm_credit_grade_name(crm_credit_grade g);

typedef enum crm_credit_kind {
	CRM_CREDIT_NONE = 0,
	CRM_CREDIT_TEMPORARY,
	CRM_CREDIT_LONG_TERM
} crm_credit_kind;

/* Approvers, as bits. */
enum {
	CRM_APPROVER_SALES_VP = 1 << 0,
	CRM_APPROVER_CFO = 1 << 1,
	CRM_APPROVER_GENERAL_MANAGER = 1 << 2,
	CRM_APPROVER_REGIONAL_MANAGER = 1 << 3,
	CRM_APPROVER_OTHER = 1 << 15 /* a name outside this list */
};

typedef struct crm_credit {
	int64_t limit;      /* minor units */
	int term_days;
	crm_credit_kind kind;
	unsigned approvals; /* CRM_APPROVER_* bits */
	crm_rule_ids rules;
} crm_credit;

/* Decision credit_limit: outputs limit, term_days, credit_kind, approvals. */
CRM_API int crm_credit_limit(crm_context *ctx, const crm_facts *f, crm_credit *out,
                             crm_error *err);

typedef enum crm_credit_action {
	CRM_ACTION_UNKNOWN = 0,
	CRM_ACTION_ALLOW,   /* ship on credit */
	CRM_ACTION_APPROVE, /* ship after the approver signs */
	CRM_ACTION_PREPAY,  /* pay first, then ship */
	CRM_ACTION_BLOCK    /* no shipment until the overdue debt is paid */
} crm_credit_action;

typedef struct crm_credit_decision {
	crm_credit_action action;
	unsigned approver;         /* one CRM_APPROVER_* bit, or 0 */
	char approver_name[32];    /* the approver output ("" if none), truncated */
	int repay_by_month_end;    /* over-limit amounts are due by the month's end */
	crm_rule_ids rules;
} crm_credit_decision;

/* Decision credit_check: outputs action, approver (and repay_by_month_end
 * when the ruleset has it). */
CRM_API int crm_credit_check(crm_context *ctx, const crm_facts *f, crm_credit_decision *out,
                             crm_error *err);

/* ------------------------------------------------------------------------ */
/* Complaints                                                                */

#define CRM_COMPLAINT_TIMERS_MAX 8
#define CRM_NAME_MAX 64

typedef struct crm_complaint {
	int level;                      /* 1 ordinary, 2 serious, 3 very serious */
	char handler[CRM_NAME_MAX];     /* who handles it now */
	char co_handler[CRM_NAME_MAX];  /* also involved ("" if none) */
	size_t ntimers;                 /* assess: the timers to start now */
	char timers[CRM_COMPLAINT_TIMERS_MAX][CRM_NAME_MAX];
	int closed;                     /* escalate: the rating closed the case */
	int to_gm_meeting;              /* escalate: to the general manager's meeting */
	crm_rule_ids rules;
} crm_complaint;

/* Decision complaint_level: level, handler, (co_handler,) and the timers to
 * start, each checked to be a timer the ruleset declares (CRM_EUNKNOWN if
 * not). Same errors and threading as crm_grade_customer. */
CRM_API int crm_complaint_assess(crm_context *ctx, const crm_facts *f, crm_complaint *out,
                                 crm_error *err);
/* Decision complaint_escalation, after the customer's 1-5 rating (facts
 * level and satisfaction_rating): the new level and handler, closed,
 * to_gm_meeting. */
CRM_API int crm_complaint_escalate(crm_context *ctx, const crm_facts *f, crm_complaint *out,
                                   crm_error *err);

/* ------------------------------------------------------------------------ */
/* SLA timers                                                                */
/*
 * A timer is declared in a rule file (timers:) with a duration in one of
 * these measures: N min / N h / N d (elapsed wall-clock time), N working
 * days (whole working days of its calendar: the due time is the same local
 * clock time on the N-th following working day; a start on a non-working
 * day counts from 00:00 of the next working day), N business hours (only
 * time inside the calendar's working hours counts). Paused intervals do not
 * count. The host keeps the clock; the library keeps nothing.
 */

#define CRM_LIMIT_PAUSES 256 /* pauses in one clock */

typedef struct crm_sla_pause {
	int64_t start, end; /* [start, end), unix seconds; a pause still going on ends at now */
} crm_sla_pause;

typedef struct crm_sla_clock {
	int64_t start;               /* when the timer started, unix seconds */
	const crm_sla_pause *pauses; /* any order; may overlap; NULL when npauses is 0 */
	size_t npauses;
	int stopped;                 /* nonzero: the timer stopped at stop */
	int64_t stop;
} crm_sla_clock;

typedef enum crm_sla_status {
	CRM_SLA_RUNNING = 1,
	CRM_SLA_WARNING,  /* a warning threshold has passed */
	CRM_SLA_BREACHED, /* the whole budget is used */
	CRM_SLA_STOPPED   /* stopped (see breached_at_stop) */
} crm_sla_status;

#define CRM_SLA_WARNINGS_MAX 8

typedef struct crm_sla_state {
	crm_sla_status status;
	int64_t total;       /* the budget, in seconds of the timer's measure */
	int64_t elapsed;     /* seconds of the measure counted up to now (or stop) */
	int64_t remaining;   /* total - elapsed; negative once breached */
	int64_t due;         /* the instant the budget runs out, if not paused again */
	int has_next_alert;  /* 0 when nothing is left to fire (stopped, breached) */
	int64_t next_alert;  /* the next warning or the breach, after now */
	int warnings_passed; /* warning thresholds already behind */
	int breached_at_stop;/* stopped after the budget ran out */
	const char *escalates_to; /* on breach: a timer or decision name, or NULL */
	int utc_offset;      /* the calendar's offset in seconds (0 for none) */
	const char *measure; /* "wall", "working days" or "business hours" */
} crm_sla_state;

/* Evaluate timer at instant now. Thread-safe over a shared ruleset; never
 * allocates. Errors: CRM_EUNKNOWN (no such timer), CRM_EINVAL (a pause that
 * ends before it starts, a stop before the start, too many pauses),
 * CRM_ERANGE (the calendar has no data for a day the clock needs: "calendar
 * cn-2026 has no data for 2027"), CRM_ELIMIT (a walk longer than 4000 days). */
CRM_API int crm_sla_evaluate(const crm_ruleset *rs, const char *timer,
                             const crm_sla_clock *clock, int64_t now,
                             crm_sla_state *out, crm_error *err);

/* Timers declared by the ruleset. */
CRM_API size_t crm_ruleset_timer_count(const crm_ruleset *rs);
CRM_API const char *crm_ruleset_timer_name(const crm_ruleset *rs, size_t i);

/* ------------------------------------------------------------------------ */
/* Rule-file tests (the `tests:` sections)                                   */

CRM_API size_t crm_ruleset_test_count(const crm_ruleset *rs);
CRM_API const char *crm_ruleset_test_name(const crm_ruleset *rs, size_t i);

/* Run test i with ctx. Returns 0 when it ran (pass or fail) and sets
 * *passed; on failure, err->message says what differed and err's position
 * is the test case in its file. Returns a negative code only when the test
 * could not be run (CRM_EINVAL for a bad index, CRM_ENOMEM). */
CRM_API int crm_ruleset_test_run(crm_context *ctx, size_t i, int *passed,
                                 crm_error *err);

#ifdef __cplusplus
}
#endif

#endif /* CRMRULES_H */

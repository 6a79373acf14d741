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
 *   the environment. The library has no global state but one atomic
 *   counter that tells bindings apart (crm_binding_new) and the "C" locale
 *   object numbers are read with (made once, so that a host's LC_NUMERIC
 *   never changes how "1.5" reads), both safe from any thread.
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
	CRM_EOVERFLOW = -8, /* integer or money overflow, division by zero, a date
	                     * or instant computed past the years */
	CRM_EREGEX = -9,    /* a regular expression failed to compile */
	CRM_EDUP = -10,     /* duplicate name or rule id */
	CRM_ECYCLE = -11,   /* cyclic chain of decisions, or of timer escalations */
	CRM_ETABLE = -12,   /* table problem: unreachable rule, overlap, conflict */
	CRM_EMISSING = -13, /* the decision depends on facts that are not set */
	CRM_ENOMATCH = -14, /* no rule matched (single-hit tables) */
	CRM_ERANGE = -15    /* outside the data: a date a calendar has no data for, or a
	                     * date or instant outside the years (CRM_DATE_MIN..) */
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
/* The short name of a CRM_E* code, as JSON errors carry it ("$error":
 * {"code": ...}) and rule-file tests name it in expect_error: "missing",
 * "no_match", "conflict", "overflow", "limit", "unknown", "type", "syntax",
 * "invalid", "range", "memory", "io", "regex", "duplicate", "cycle";
 * "ok" for 0 (CRM_OK); "error" for any other code. */
CRM_API const char *crm_code_name(int code);

/* ------------------------------------------------------------------------ */
/* Limits on hostile input. Exceeding one fails with CRM_ELIMIT.            */

#define CRM_LIMIT_FILE_SIZE (16u << 20)   /* bytes in one rule file or facts text */
#define CRM_LIMIT_YAML_DEPTH 64           /* nesting of YAML collections */
#define CRM_LIMIT_YAML_NODES 1000000      /* YAML nodes, aliases expanded */
#define CRM_LIMIT_EXPR_DEPTH 128          /* nesting of an expression (a flat
                                            * chain a + b + c ... is not) */
#define CRM_LIMIT_EXPR_LENGTH 65536       /* bytes in one expression */
#define CRM_LIMIT_STRING 65536            /* bytes in one string fact */
#define CRM_LIMIT_RULES 100000            /* rules in one decision table */
#define CRM_LIMIT_SCRATCH (256u << 10)    /* bytes of strings built per decision */
#define CRM_LIMIT_REGEX_MATCH 1000000     /* PCRE2 match limit */
#define CRM_LIMIT_REGEX_DEPTH 10000       /* PCRE2 depth limit */
#define CRM_LIMIT_REGEX_HEAP 4096         /* PCRE2 heap limit, KiB */
#define CRM_LIMIT_DECISION_DEPTH 64       /* chained decisions */
#define CRM_LIMIT_LOAD_WORK 8              /* work of one load per byte of its
                                            * rule text, plus the base below:
                                            * bytes of expression text compiled
                                            * (an expression reused through YAML
                                            * aliases counts at every use) and
                                            * nodes of constants copied to their
                                            * uses (one for a constant folded to
                                            * its value; the shipped rules use
                                            * 0.13 a byte) */
#define CRM_LIMIT_LOAD_WORK_BASE 250000

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
 * UTC; null outside CRM_DATE_MIN..CRM_DATE_MAX or
 * CRM_INSTANT_MIN..CRM_INSTANT_MAX, as for a NaN), durations as seconds,
 * lists as arrays, unknown as null. Returns the
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

/* Dates are days since 1970-01-01 in the proleptic Gregorian calendar, for
 * the years CRM_YEAR_MIN..CRM_YEAR_MAX: CRM_DATE_MIN (0001-01-01) to
 * CRM_DATE_MAX (9999-12-31). Instants are unix seconds from CRM_INSTANT_MIN
 * (0001-01-01T00:00:00Z) to CRM_INSTANT_MAX (9999-12-31T23:59:59Z). A UTC
 * offset is whole minutes within -18:00..+18:00 (CRM_UTC_OFFSET_MAX
 * seconds either way, as ISO 8601 and java.time allow). No call keeps,
 * computes or writes a date or instant outside these ranges: one given (a
 * fact, a clock, a text) is refused with CRM_ERANGE; one computed (an
 * expression, an SLA clock's due time) fails with CRM_EOVERFLOW. */
#define CRM_YEAR_MIN 1
#define CRM_YEAR_MAX 9999
#define CRM_DATE_MIN INT64_C(-719162)
#define CRM_DATE_MAX INT64_C(2932896)
#define CRM_INSTANT_MIN INT64_C(-62135596800)
#define CRM_INSTANT_MAX INT64_C(253402300799)
#define CRM_UTC_OFFSET_MAX 64800
/* The date of year, month (1-12) and day of the month. CRM_EINVAL when
 * there is no such day in those years. */
CRM_API int crm_date_from_civil(int64_t *out, int year, int month, int mday);
/* A date's year, month (1-12), day of the month and ISO weekday (1 Monday
 * .. 7 Sunday); any pointer may be NULL. CRM_ERANGE outside the years. */
CRM_API int crm_date_to_civil(int64_t date, int *year, int *month, int *mday, int *weekday);

/* ISO 8601 instants: "2026-10-01T09:00:00+08:00" (or "...Z"); the offset is
 * required, at most 18:00 either way. Unix seconds. CRM_ESYNTAX, CRM_EINVAL
 * (no such day or time, an offset past 18:00) or CRM_ERANGE (an instant
 * outside CRM_INSTANT_MIN..CRM_INSTANT_MAX, such as
 * "0001-01-01T00:00:00+08:00"). */
CRM_API int crm_instant_parse(int64_t *out, const char *text, size_t len);
/* Write an instant in ISO 8601 at a UTC offset in seconds ("Z" for 0);
 * returns the length like snprintf. What it writes crm_instant_parse reads
 * back. Fails (a negative code, and "" in buf when size > 0) with
 * CRM_EINVAL for an offset that is not whole minutes within
 * -CRM_UTC_OFFSET_MAX..CRM_UTC_OFFSET_MAX, CRM_ERANGE for an instant outside
 * CRM_INSTANT_MIN..CRM_INSTANT_MAX or whose local date at that offset is
 * outside the years (CRM_INSTANT_MAX at +08:00). */
CRM_API int crm_instant_format(char *buf, size_t size, int64_t unix_seconds, int utc_offset);

/* ------------------------------------------------------------------------ */
/* Rulesets                                                                  */

typedef struct crm_ruleset crm_ruleset;

/* Severity of a diagnostic passed to crm_load_options.diagnostic. */
enum { CRM_DIAG_ERROR = 0, CRM_DIAG_WARNING = 1 };

/* Called once per problem found while loading, in file order; the first
 * error is also returned through the crm_error of the load call. */
typedef void (*crm_diagnostic_fn)(int severity, const crm_error *diag, void *ud);

/* Version 2 added include_root. A version-1 struct (without it) is still
 * accepted and read as version 2 with include_root NULL. */
#define CRM_LOAD_OPTIONS_VERSION 2
typedef struct crm_load_options {
	unsigned int version;          /* CRM_LOAD_OPTIONS_VERSION */
	const crm_allocator *allocator; /* NULL: malloc/free */
	crm_diagnostic_fn diagnostic;   /* NULL: none */
	void *diagnostic_ud;
	int warnings_as_errors; /* gaps in tables fail the load */
	/* Version 2. The directory that include: may read (see below), or
	 * NULL. */
	const char *include_root;
} crm_load_options;
#define CRM_LOAD_OPTIONS_INIT {CRM_LOAD_OPTIONS_VERSION, NULL, NULL, NULL, 0, NULL}

/*
 * include: in rule text that is not fully trusted. With include_root set,
 * every file an include: reaches (and every file of a directory it
 * reaches) must lie inside that directory once links are resolved: an
 * include of "../x", of an absolute path elsewhere or through a link that
 * leads out fails with CRM_EIO at the include's file:line:column, in the
 * same words ("no such file or directory inside the include root")
 * whether or not the path exists outside, and nothing outside is opened.
 * Files are opened one directory at a time beneath the root, following no
 * link, so a link swapped in after the check cannot lead out either. The
 * paths given to the load call itself are the host's and not confined.
 * include_root must name a directory that can be opened (CRM_EIO, before
 * anything is read).
 *
 * Without include_root: crm_ruleset_load and crm_ruleset_load_paths let
 * include: read any path, as before version 2 (the host trusts its rule
 * files). A buffer (crm_ruleset_load_buffer) has no directory: without
 * include_root, an include: in it fails (CRM_EIO, the message names
 * include_root). Relative include paths are relative to the including
 * file, and a buffer's to include_root. "/" as include_root lets a buffer
 * include any file, as a file may.
 */

/* Load a rule file, or every *.yaml / *.yml file of a directory in name order
 * into one namespace. opts may be NULL. On success *out owns a ruleset to free
 * with crm_ruleset_free(). On failure *out is NULL and err holds the first
 * error; opts->diagnostic, if set, receives every error and warning found (the
 * loader goes on after an error where it can). Errors: any CRM_E* code. */
CRM_API int crm_ruleset_load(crm_ruleset **out, const char *path,
                             const crm_load_options *opts, crm_error *err);

/* As crm_ruleset_load, from a buffer of YAML; name is used in positions.
 * Its include: needs opts->include_root (see above). */
CRM_API int crm_ruleset_load_buffer(crm_ruleset **out, const char *yaml,
                                    size_t len, const char *name,
                                    const crm_load_options *opts,
                                    crm_error *err);

/* As crm_ruleset_load, from several files or directories loaded together
 * into one namespace, in the order given: the shipped rules first, then a
 * site's own files (its calendar years and company days, say), with no
 * shipped file edited. A name declared in two of them is an error, as
 * within one directory. npaths is 1 or more; no path may be NULL. */
CRM_API int crm_ruleset_load_paths(crm_ruleset **out, const char *const *paths,
                                   size_t npaths, const crm_load_options *opts,
                                   crm_error *err);

/* One rule file held in memory, for crm_ruleset_load_buffers. */
typedef struct crm_source {
	const char *name; /* its file name: in positions, and what include: names */
	const char *text; /* YAML, not necessarily NUL-terminated */
	size_t len;
} crm_source;

/* As crm_ruleset_load_paths, from rule files held in memory (rows of a
 * database, an archive): the n sources are loaded together into one
 * namespace, in the order given; a name given twice is loaded once. The
 * file system is never read: an `include:` path names other sources,
 * relative to the name of the source that includes it ("calendars/cn"
 * from "complaint_timers.yaml", "../calendars/cn" from "alt/x.yaml"),
 * either one source by its name or a directory: the *.yaml and *.yml
 * sources directly under it, in name order. An include that names no
 * source is CRM_EIO at the include. Names are compared with "." and ".."
 * segments and repeated slashes resolved. n is 1 or more; no name may be
 * NULL, nor a text with len > 0. Errors: as crm_ruleset_load. */
CRM_API int crm_ruleset_load_buffers(crm_ruleset **out, const crm_source *sources, size_t n,
                                     const crm_load_options *opts, crm_error *err);

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

/* What a fact's declaration says. Pointers are borrowed from rs. */
typedef struct crm_fact_info {
	const char *name;
	crm_type type;
	crm_type elem;           /* a list's item type (CRM_T_UNKNOWN otherwise) */
	const char *description; /* its description:, or NULL */
	size_t nvalues;          /* its values: (of the items, for a list), read
	                          * with crm_ruleset_fact_value; 0 for none */
	int ordered;             /* the values are ordered, lowest first */
	int has_range;           /* a range: lo..hi, each end closed or open */
	crm_value lo, hi;
	int lo_closed, hi_closed;
	const char *pattern;     /* a string fact's pattern: (PCRE2), or NULL */
	const char *file;        /* where it is declared, 1-based */
	int line, column;
} crm_fact_info;

/* The declaration of fact i (a slot). CRM_EINVAL for a bad index. Thread-safe. */
CRM_API int crm_ruleset_fact_info(const crm_ruleset *rs, size_t i, crm_fact_info *out);
/* The k-th allowed value of fact i (CRM_T_UNKNOWN past the last). */
CRM_API crm_value crm_ruleset_fact_value(const crm_ruleset *rs, size_t i, size_t k);
/* The index of value among the values: of fact slot, a string fact's (a
 * list's items'): what a CRM_FIELD_INDEX member holds for it. CRM_EUNKNOWN
 * when it is not one, CRM_ETYPE when the fact has no string values,
 * CRM_EINVAL for a bad slot or a NULL value. */
CRM_API int crm_fact_value_index(const crm_ruleset *rs, int slot, const char *value);

/* Every fact a decision may read: the facts behind its inputs, cells,
 * conditions and outputs, and those of every decision it chains to, as
 * slots in declaration order. A facts object for the decision needs no
 * other key; which of these a given decision needs depends on the values
 * (a fact read through known() is optional). 0 / CRM_EINVAL for a bad
 * decision index or k. Thread-safe. */
CRM_API size_t crm_decision_fact_count(const crm_ruleset *rs, int decision);
CRM_API int crm_decision_fact(const crm_ruleset *rs, int decision, size_t k);

/* A JSON Schema (draft 2020-12) of a facts object for decision, for hosts
 * to check payloads before they send them: an object whose properties are
 * the facts crm_decision_fact lists, each also null (unknown), and no
 * other key. bool is boolean; int integer; number number; money a string
 * of an exact decimal ("1234.50") or a number; string a string; date a
 * string of format date; datetime of format date-time with the offset
 * and seconds; duration an integer of seconds or a string like "90 min";
 * a list an array of its items. values: give an enum, a range minimum and
 * maximum (exclusive for an open end; they check the number forms only),
 * a pattern: its pattern (PCRE2 syntax, which JSON Schema reads as
 * ECMA-262: the same for the common constructs). Facts the decision needs
 * depend on values, so none is required. As snprintf (buf may be NULL
 * when size is 0); 0 for a bad decision index. Never allocates.
 * Thread-safe. */
CRM_API size_t crm_decision_json_schema(const crm_ruleset *rs, int decision, char *buf,
                                        size_t size);

/* The kinds of names crm_ruleset_suggest looks among. */
typedef enum crm_name_kind {
	CRM_NAME_FACT = 1,  /* facts (crm_fact_slot) */
	CRM_NAME_DECISION,  /* decisions (crm_decision_find) */
	CRM_NAME_TIMER,     /* timers (crm_sla_evaluate) */
	CRM_NAME_CALENDAR   /* calendars and their aliases (crm_calendar_find) */
} crm_name_kind;

/* "Did you mean": after a name of the given kind was not found, the
 * declared name closest to it, to show the user: within one edit (a letter
 * added, removed or changed) for names shorter than 4 bytes, two otherwise;
 * NULL when none is that close, or on a NULL argument or an unknown kind.
 * The name is borrowed from rs. Thread-safe; it does not allocate. */
CRM_API const char *crm_ruleset_suggest(const crm_ruleset *rs, crm_name_kind kind,
                                        const char *name);

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
 * A NaN is outside every range:; a number fact without one takes it, and
 * every comparison with it is false (ratio >= 1.0 too): a host that could
 * not compute a value should leave its fact unset (unknown) instead.
 * A date must be within CRM_DATE_MIN..CRM_DATE_MAX and an instant within
 * CRM_INSTANT_MIN..CRM_INSTANT_MAX, whatever the fact declares (CRM_ERANGE).
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
 * CRM_EINVAL, CRM_EOVERFLOW, CRM_ERANGE (an instant outside the years, as
 * crm_instant_parse), CRM_ENOMEM. */
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

/* ---- JSON: facts in, decisions out -------------------------------------- */
/* Flags of crm_json_options (and of the result writers). */
enum {
	CRM_JSON_CLEAR = 1u << 0,          /* facts: make every fact unknown first */
	CRM_JSON_IGNORE_UNKNOWN = 1u << 1, /* facts: skip keys that name no fact
	                                    * (default: CRM_EUNKNOWN) */
	CRM_JSON_EXPLAIN = 1u << 2,        /* results: "$explain", the rules that
	                                    * fired and the facts they read */
	CRM_JSON_NEWLINE = 1u << 3,        /* results: end with a newline (NDJSON) */
	CRM_JSON_EXPLAIN_FULL = 1u << 4    /* results: "$explain" as with
	                                    * CRM_JSON_EXPLAIN, and "tried": the
	                                    * rules tried before those that fired
	                                    * (crm_decide_explain) */
};
#define CRM_JSON_OPTIONS_VERSION 1
#define CRM_JSON_KEEP_MAX 16
typedef struct crm_json_options {
	unsigned version;        /* CRM_JSON_OPTIONS_VERSION */
	unsigned flags;          /* CRM_JSON_* */
	/* Keys of the input copied into the output, verbatim and first, in
	 * this order (null when the input lacks one): an id to join results
	 * back. A kept key need not be a fact. At most CRM_JSON_KEEP_MAX. */
	const char *const *keep;
	size_t nkeep;
	/* The line number the text's first line has in errors (0: 1): the
	 * line of an NDJSON input it came from. */
	int first_line;
	/* The name errors in the text give as their file (NULL: "<facts>"). */
	const char *name;
} crm_json_options;
#define CRM_JSON_OPTIONS_INIT {CRM_JSON_OPTIONS_VERSION, 0, NULL, 0, 0, NULL}

/* Set facts from one JSON object (RFC 8259, strict: no comments, no
 * trailing commas, one object and nothing after it). null leaves a fact
 * unknown; any scalar is read as the fact's type from its text, as
 * crm_facts_set_text reads it (money from its decimal digits, never
 * through a binary float; "12" for an int fact, 12 for a string fact);
 * arrays of scalars are lists. A key named twice is CRM_ESYNTAX. Errors
 * name the key or value and its line:column in the text (err->file is
 * "<facts>"); facts before it may have been set. No allocation once f has
 * read an object as long as the strings and lists it holds: f keeps its
 * buffers. opts may be NULL. Errors: CRM_ESYNTAX, CRM_EUNKNOWN, CRM_ETYPE,
 * CRM_EINVAL, CRM_EOVERFLOW, CRM_ERANGE, CRM_ELIMIT, CRM_ENOMEM. */
CRM_API int crm_facts_read_json(crm_facts *f, const char *text, size_t len,
                                const crm_json_options *opts, crm_error *err);

/* Where a value lies in a text: bytes [start, end); start == end when
 * there is none. */
typedef struct crm_json_span {
	size_t start, end;
} crm_json_span;

/* As crm_facts_read_json, and where the value of each key of opts->keep
 * is in text: kept[k] for opts->keep[k], the value as written (the bytes
 * crm_decide_json copies into its output), or start == end when the
 * object lacks the key. A key whose value was read whole is set even when
 * the call fails later in the text, so an error can still be joined back.
 * kept has room for opts->nkeep spans (it may be NULL when opts is NULL or
 * nkeep is 0). Errors as crm_facts_read_json, and CRM_EINVAL for a NULL
 * kept that is needed. */
CRM_API int crm_facts_read_json_kept(crm_facts *f, const char *text, size_t len,
                                     const crm_json_options *opts, crm_json_span *kept,
                                     crm_error *err);

/* A host's writer: 0 to go on, nonzero to stop (the call then returns
 * CRM_EIO). */
typedef int (*crm_write_fn)(void *ud, const char *bytes, size_t len);

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
#define CRM_FIELD_PRESENT_INT 4u /* with CRM_FIELD_OPTIONAL: the flag at
                                  * present_offset is an int, not a bool
                                  * (set when not 0) */

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

/* The way crm_decide_record decides decision with b, and why not a
 * faster one: CRM_PATH_MEMBERS (a first-hit table answered from the
 * members alone, no fact set), CRM_PATH_PLAN (from the members too, through
 * the decisions it chains to or its rules' output expressions),
 * CRM_PATH_FACTS (the record's facts set, then decided: why says what
 * stops the others, such as "fact 'text' is a string member"). Written
 * into why (may be NULL), cut to size bytes with its NUL; "" for the
 * first two, but for a plan that serves only the records that set an
 * optional fact (an input `if known(grade) then grade else
 * credit_grade.grade` where credit_grade is not answered from the
 * members): why then says what stops the others ("a record without
 * 'grade' set: ..."), which set the facts.
 * CRM_EUNKNOWN for a bad index. `crmrules check --explain-binding` says the
 * same for a binding of every fact on its short path. */
enum { CRM_PATH_MEMBERS = 1, CRM_PATH_PLAN = 2, CRM_PATH_FACTS = 3 };
CRM_API int crm_binding_path(const crm_binding *b, int decision, char *why, size_t size);

/* Set the bound facts of f from record. A value the fact does not allow
 * (out of range, NaN for a fact with a range:, an index past its values, a
 * string not among them) fails with the setters' error, naming the fact,
 * which keeps its value; other fields may have been set. When several
 * members are bad, which one the error names is not the first in the
 * binding's order nor in the struct's: the members are checked grouped by
 * their C type (crm_decide_record names the same one).
 * Strings are copied as by crm_facts_set_string (only then may
 * it allocate). Errors: CRM_EINVAL, CRM_ETYPE, CRM_ERANGE (a date or instant
 * member outside the years), CRM_ELIMIT, CRM_ENOMEM. */
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
 * CRM_EOVERFLOW (integers, money, or a date or instant computed past the
 * years), CRM_ELIMIT (regex limits, string scratch). On CRM_EMISSING
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
 * (a bool, uint8_t, int32_t or int for a bool fact; an int32_t, int or
 * int64_t for an integer fact without allowed values, or with a range:; a
 * double for a number fact, a range: checked; a uint8_t, int32_t or int
 * index (a C enum) into a fact without a pattern:; optional ones too, but
 * no strings), a first-hit table is answered from the members themselves
 * whenever they prove its first candidate, and no fact is set, if each of
 * its inputs is a fact b binds or, given what b binds, the output of
 * another such table of constant outputs (known() of a fact b does not
 * bind is false: `if known(grade) then grade else credit_grade.grade`
 * reads credit_grade when b leaves grade unset). An optional member whose
 * present flag is false leaves its fact unknown: the members answer when
 * the first candidate left does not test it, and the facts are set when it
 * does. An
 * input that asks whether an optional member's fact is set (that
 * expression, grade bound with CRM_FIELD_OPTIONAL) gets a plan for each
 * answer, chosen by the record's present flag (a record without the fact
 * sets the facts when its plan cannot be made: crm_binding_path). The rule's outputs are
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

/* ---- Outputs by index, and into the host's struct ------------------------ */
/* Look names up once, then read by index: the index of decision's output
 * name (as crm_result_output takes it), or CRM_EUNKNOWN. Thread-safe. */
CRM_API int crm_output_find(const crm_ruleset *rs, int decision, const char *name);
/* An output's allowed values (its values:, in order; for a collect table's
 * list, its items'): how many (0 when it has none), the k-th (NULL past
 * the last), and the index of value among them: CRM_EUNKNOWN when it is
 * not one, CRM_ETYPE when the output has no values, CRM_EINVAL for a bad
 * index. A host enum in the same order reads an output as an index. */
CRM_API size_t crm_output_value_count(const crm_ruleset *rs, int decision, int output);
CRM_API const char *crm_output_value(const crm_ruleset *rs, int decision, int output,
                                     size_t k);
CRM_API int crm_output_value_index(const crm_ruleset *rs, int decision, int output,
                                   const char *value);

/* Typed getters by output index: 0, or CRM_EINVAL (a bad index),
 * CRM_EMISSING (the output is unknown, or the decision failed), CRM_ETYPE
 * (another type; *out untouched). crm_result_int_at reads int, money
 * (minor units), date (days), datetime and duration (seconds);
 * crm_result_number_at a number or an int; crm_result_index_at the index
 * of a string output among its values. out may be NULL. */
CRM_API int crm_result_bool_at(const crm_result *r, size_t i, int *out);
CRM_API int crm_result_int_at(const crm_result *r, size_t i, int64_t *out);
CRM_API int crm_result_number_at(const crm_result *r, size_t i, double *out);
CRM_API int crm_result_string_at(const crm_result *r, size_t i, const char **out,
                                 size_t *len);
CRM_API int crm_result_index_at(const crm_result *r, size_t i, int *out);

/* An output binding: a decision's outputs written into members of one of
 * the host's structs, as a crm_binding reads facts from one. Member types
 * by output type: bool into CRM_C_BOOL or an integer; int into an integer
 * (one that cannot hold the value fails with CRM_EOVERFLOW); money (minor
 * units), date (days), datetime and duration (seconds) into CRM_C_INT64;
 * number into CRM_C_DOUBLE; a string output with values: into an integer
 * with CRM_FIELD_INDEX (its index among them: a host enum in the same
 * order) or into CRM_C_STRING (a pointer to the ruleset's copy of the
 * value, valid as long as the ruleset); a list of string with values: (a
 * collect table's too) as indices into an array of capacity integers at
 * offset with CRM_FIELD_INDEX, the count in a size_t at count_offset. A
 * string output without values: is read with crm_result_string_at. A
 * decision made has every output (each rule gives each a value), so every
 * member is written. */
typedef struct crm_out_field {
	const char *output;  /* the output's name */
	size_t offset;       /* offsetof(struct, member), or of the array */
	crm_ctype ctype;     /* of the member, or of the array's items */
	unsigned flags;      /* CRM_FIELD_INDEX or 0 */
	size_t count_offset; /* a list: where its count goes (a size_t) */
	size_t capacity;     /* a list: the items the array holds */
} crm_out_field;

typedef struct crm_out_binding crm_out_binding;

/* A binding of nfields members of a struct of record_size bytes to
 * outputs of decision (an index) of rs, which must outlive it. For a
 * first-hit table of up to 64 rules it also holds, per rule, its constant
 * outputs as their members take them (16 bytes per rule and member), so
 * that crm_decide_record_into copies them when the members prove the
 * rule. Errors:
 * CRM_EUNKNOWN (no such decision or output), CRM_ETYPE (a member type the
 * output cannot take: err says which would), CRM_EINVAL (a member outside
 * the struct, an output bound twice, unknown flags or C type),
 * CRM_ENOMEM. */
CRM_API int crm_out_binding_new(crm_out_binding **out, const crm_ruleset *rs, int decision,
                                const crm_out_field *fields, size_t nfields,
                                size_t record_size, crm_error *err);
CRM_API void crm_out_binding_free(crm_out_binding *ob);

/* Write r's outputs into record by ob (made for r's decision). Members are
 * written in the binding's order; on an error those before it are
 * written. Never allocates. Errors: CRM_EINVAL (another decision's
 * binding; a computed value outside its values:), the decision's own error
 * when it failed, CRM_EOVERFLOW (a value its member cannot hold),
 * CRM_ELIMIT (a list longer than its array). */
CRM_API int crm_result_write(const crm_result *r, const crm_out_binding *ob, void *record,
                             crm_error *err);

/* crm_decide_record, then crm_result_write of its result into out_record
 * (which may be record itself, when one struct holds both): the decision
 * read from one struct and written into another in one call. *out (may be
 * NULL) is the result, as crm_decide_record gives it. */
CRM_API int crm_decide_record_into(crm_context *ctx, int decision, const crm_binding *in,
                                   const void *record, const crm_out_binding *ob,
                                   void *out_record, const crm_result **out, crm_error *err);

/* ---- Generated code: a decision as plain C11 ----------------------------- */
/* crm_generate_c writes a C file and its header that decide one decision
 * (and those it reads) for a struct of the facts, with the engine's
 * answers and error codes: a host compiles them into its own binary for
 * the last factor of speed, and keeps the engine as the reference (the
 * generated header names the same structs as a crm_binding and a
 * crm_out_binding, so both can be run on one record). `crmrules compile`
 * is its command line; docs/c-api.md#generated-code says what the files
 * hold.
 *
 * The input struct has a member per fact (money as int64_t minor units,
 * dates as days, instants and durations as seconds, numbers as double,
 * a string with values: as its index, other strings as const char *),
 * optionally with a bool has_<member>; facts it does not hold are
 * unknown, as for crm_decide_record (list facts cannot be held: they are
 * unknown). The output struct has a member per output (or per output
 * named in outputs). Generated code does not evaluate regular expressions,
 * the functions that fold or search text or read calendars (normalize,
 * to_simplified, lower, upper, contains, date, datetime, add_working_days,
 * ...), string concatenation, lists built at run time, or the hit policies
 * collect and rule_order: such a decision is refused with CRM_EINVAL, err
 * naming the rule and what it uses. */
/* A member of the host's own struct that sets a fact (as a crm_field, by
 * name rather than offset: the generated code reads in->member). */
typedef struct crm_gen_member {
	const char *fact;    /* the fact's name */
	const char *member;  /* the member's name in the host's struct */
	crm_ctype ctype;     /* its C type */
	unsigned flags;      /* CRM_FIELD_INDEX, or 0 */
	const char *present; /* a bool, byte or int member that says whether the
	                      * fact is set (not 0), or NULL: always set; the
	                      * generated crm_field table gives an int one
	                      * CRM_FIELD_PRESENT_INT */
} crm_gen_member;

#define CRM_GEN_OPTIONS_VERSION 2 /* 1: without outputs and noutputs */
typedef struct crm_gen_options {
	unsigned version;        /* CRM_GEN_OPTIONS_VERSION */
	const char *prefix;      /* C names: <prefix>_in, <prefix>_out,
	                          * <prefix>_decide; NULL: the decision's name */
	const char *header;      /* how the C file includes its header; NULL:
	                          * "<prefix>.h" */
	const char *const *facts; /* the facts the struct holds, in its order:
	                          * "name", or "name?" for one with a has_ flag;
	                          * NULL: every fact the decision reads */
	size_t nfacts;
	int all_optional;        /* every fact with a has_ flag */
	/* Or the host's own struct: its type ("struct customer", "customer_t"),
	 * the header that declares it (included by the generated header; may
	 * be NULL) and the members that set facts (facts must then be NULL);
	 * <prefix>_in is then a typedef of it, and <prefix>_in_fields binds
	 * its members. */
	const char *in_type;
	const char *in_header;
	const crm_gen_member *members;
	size_t nmembers;
	/* The outputs the output struct holds, by name (at least one), or NULL:
	 * every output. The others are not worked out where no rule's answer
	 * depends on them (a constant in a first-hit or unique table); what
	 * the decision returns is the engine's all the same. (Version 2.) */
	const char *const *outputs;
	size_t noutputs;
} crm_gen_options;

/* Generate decision (an index) of rs: the C file through write_c, its
 * header through write_h (each in one call, the whole text). opts may be
 * NULL. Errors: CRM_EUNKNOWN (no such decision, fact or output), CRM_ETYPE
 * (a list fact named), CRM_EINVAL (what generated code does not support; a
 * fact or an output named twice; outputs empty; a bad options version),
 * CRM_EIO (a writer returned nonzero), CRM_ENOMEM. Writes nothing on an
 * error. */
CRM_API int crm_generate_c(const crm_ruleset *rs, int decision, const crm_gen_options *opts,
                           crm_write_fn write_c, void *c_ud, crm_write_fn write_h, void *h_ud,
                           crm_error *err);

/* The rules that fired, in firing order, including those of chained
 * decisions (crm_result_fired_decision tells which decision a rule is in). */
CRM_API size_t crm_result_fired_count(const crm_result *r);
CRM_API const char *crm_result_fired_id(const crm_result *r, size_t i);
CRM_API const char *crm_result_fired_decision(const crm_result *r, size_t i);
/* The facts the i-th fired rule reads (its inputs, condition and outputs):
 * fact slots, for crm_ruleset_fact_name and crm_facts_get. */
CRM_API size_t crm_result_fired_fact_count(const crm_result *r, size_t i);
CRM_API int crm_result_fired_fact(const crm_result *r, size_t i, size_t k);

/* Nonzero when the decision used a calendar day assumed past the
 * calendar's data (see Calendars): its answer may change once the year's
 * data is added. *first_day (may be NULL) gets the earliest such day. */
CRM_API int crm_result_provisional(const crm_result *r, int64_t *first_day);

/* Facts that were needed but not set (filled on CRM_EMISSING), as slots
 * in declaration order: every fact the decision would need, at once. A
 * first-hit table is looked at past its first undecided rule, up to the
 * first rule that matches: each undecided rule's condition and outputs
 * name their unset facts, and so do the outputs of the rule that would
 * fire. Set them all and the decision is made (unless a condition's
 * if-then-else hides a fact behind an unset one). A fact read only
 * through known() is never missing; a false rule's facts are not listed. */
CRM_API size_t crm_result_missing_count(const crm_result *r);
CRM_API int crm_result_missing_fact(const crm_result *r, size_t i);

/* ---- Full explanations ---------------------------------------------------- */
/* As crm_decide_index, with a full explanation: for every first-hit table
 * decided (chained ones too), the rules it tried before the rule that
 * fired (every rule, where none matched) and, for each, the first part
 * of its condition that was false and the facts that part read. Deciding
 * is the same (the same outputs, rules fired and errors); only this call
 * does the explaining, so crm_decide and the others cost what they did.
 * The first call on ctx allocates a list sized for the ruleset's rules
 * (CRM_ENOMEM); later ones do not. *out is valid until the next decision
 * on ctx. Not for crm_decide_record's results. */
CRM_API int crm_decide_explain(crm_context *ctx, int decision, const crm_facts *f,
                               const crm_result **out, crm_error *err);

/* A rule tried and why it did not match. Pointers are borrowed from the
 * ruleset, value from the context (until its next decision). */
typedef struct crm_tried {
	const char *decision;   /* the table's name */
	const char *rule;       /* the rule's id */
	int input;              /* the input whose cell was false (0-based, in the
	                         * table's inputs), or -1: the rule's when: was,
	                         * or (cell NULL) no part could be named */
	const char *input_name; /* that input's name, or its expression; NULL for when: */
	const char *cell;       /* the cell as written ("> 12", "[weak]"), or the
	                         * when: expression; NULL when none was named */
	crm_value value;        /* the input's value the cell saw (CRM_T_UNKNOWN
	                         * for when:, or the input unknown) */
	size_t nfacts;          /* the facts the cell or when: read (its input's
	                         * and its own): crm_result_tried_fact */
} crm_tried;

/* The rules tried, in the order deciding met them: chained tables first,
 * each in rule order. 0 for a result not made by crm_decide_explain. */
CRM_API size_t crm_result_tried_count(const crm_result *r);
/* The i-th tried rule. CRM_EINVAL for a bad index or NULL. */
CRM_API int crm_result_tried(const crm_result *r, size_t i, crm_tried *out);
/* The k-th fact the i-th tried rule's failing part read, as a slot (for
 * crm_ruleset_fact_name and crm_facts_get), or CRM_EINVAL. */
CRM_API int crm_result_tried_fact(const crm_result *r, size_t i, size_t k);

/* ---- Results as JSON ------------------------------------------------------ */
/* A result as one JSON object, the bytes `crmrules eval` prints: the
 * outputs by name (money as an exact string, "1234.50"; dates and instants
 * as ISO 8601 strings; unknown as null), "$provisional" when a calendar
 * day was assumed, and with CRM_JSON_EXPLAIN "$explain" (f gives the fact
 * values; with f NULL there is no "$explain": for a result of
 * crm_decide_record, pass the record's facts set by crm_facts_set_record):
 * {"fired":[{"decision","rule","facts":{name: value}}]}. CRM_JSON_EXPLAIN_FULL adds "tried" (a result of
 * crm_decide_explain): [{"decision","rule","input","cell","value","facts"}]
 * per rule tried, or "when" in place of input, cell and value when its
 * when: failed. As snprintf: writes at most size - 1 bytes and a NUL,
 * returns the length of the whole text. Never allocates. */
CRM_API size_t crm_result_json(const crm_result *r, const crm_facts *f, unsigned flags,
                               char *buf, size_t size);
/* A failed decision (or facts that could not be read) as
 * {"$error":{"code":"missing","message":...,"line":L,"column":C,
 * "missing":[facts]}}: code names the CRM_E* code (missing, no_match,
 * conflict, overflow, limit, unknown, type, syntax, invalid, range,
 * memory, io, regex, duplicate, cycle; error for any other); file, line and
 * column when err has them; missing when r lists facts (r may be NULL). As
 * crm_result_json. With CRM_JSON_EXPLAIN_FULL and a result of
 * crm_decide_explain where no rule matched, "tried": why each did not
 * (with the values of the facts it decided on, which must still exist). */
CRM_API size_t crm_error_json(const crm_result *r, const crm_error *err, unsigned flags,
                              char *buf, size_t size);

/* One call from JSON facts to a JSON decision: the context's own facts are
 * cleared and read from json (as crm_facts_read_json with opts), decision
 * is decided (as crm_decide_index) and the result, or the error object,
 * is written. crm_decide_json writes into out as snprintf does (*out_len,
 * may be NULL, gets the whole length: out was too small when it is >=
 * size); crm_decide_json_write hands the text to write in pieces.
 * Returns 0 or the error of reading or deciding (also in err; the text
 * then holds the error object), CRM_EIO when write said stop. Nothing is
 * allocated once the context has decided an object of the same shape.
 * With CRM_JSON_EXPLAIN_FULL in opts->flags it decides as
 * crm_decide_explain does. */
CRM_API int crm_decide_json(crm_context *ctx, int decision, const char *json, size_t len,
                            const crm_json_options *opts, char *out, size_t size,
                            size_t *out_len, crm_error *err);
CRM_API int crm_decide_json_write(crm_context *ctx, int decision, const char *json,
                                  size_t len, const crm_json_options *opts,
                                  crm_write_fn write, void *ud, crm_error *err);

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
	/* Nonzero when the answer used days the calendar has no data for,
	 * assumed as its beyond_data: says (say, the working week alone):
	 * due, elapsed or next_alert may change once the year's data is added.
	 * assumed_from is then the earliest such day the clock needed (days
	 * since 1970-01-01). */
	int provisional;
	int64_t assumed_from;
} crm_sla_state;

/* Evaluate timer at instant now. Thread-safe over a shared ruleset; never
 * allocates. now, the start, the stop (of a stopped clock) and every pause
 * are instants within CRM_INSTANT_MIN..CRM_INSTANT_MAX. Errors:
 * CRM_EUNKNOWN (no such timer), CRM_EINVAL (a pause that ends before it
 * starts, a stop before the start, too many pauses), CRM_ERANGE (an instant
 * outside the range: "now is outside the instants ..."; or the calendar
 * has no data for a day the clock needs and does not declare what to
 * assume: "calendar cn has no data for 2027-01-01"), CRM_EOVERFLOW (the
 * clock needs time outside the range: a due time or alert after
 * 9999-12-31T23:59:59Z or whose local date at utc_offset is past the years,
 * so that crm_instant_format can always write them there; a local day
 * outside the years), CRM_ELIMIT (a walk longer than 4000 days).
 * A timer declared with `alerts: working_hours` moves next_alert to the
 * first instant at or after it that lies inside its calendar's working
 * hours on a working day (a warning that falls at 22:00 alerts at 09:00 the
 * next working morning); due, status and the counts are unchanged. */
CRM_API int crm_sla_evaluate(const crm_ruleset *rs, const char *timer,
                             const crm_sla_clock *clock, int64_t now,
                             crm_sla_state *out, crm_error *err);

/* Timers declared by the ruleset. */
CRM_API size_t crm_ruleset_timer_count(const crm_ruleset *rs);
CRM_API const char *crm_ruleset_timer_name(const crm_ruleset *rs, size_t i);

/* ------------------------------------------------------------------------ */
/* Calendars                                                                 */
/*
 * A calendar (calendars: in a rule file) is a working week, working hours
 * and breaks, a UTC offset, and data by year: holidays, adjusted working
 * days (weekend days worked) and special hours (half days), given per year
 * (calendar_data: NAME: years: YEAR:) in as many files as there are years,
 * plus a site's own days (site_days:) that replace a year's entry for
 * their date. A day in a year without data is an error unless the calendar
 * declares `beyond_data: working_week`; then it is assumed from the working
 * week and every answer that used it says so (provisional).
 */

/* How a day is worked. */
typedef enum crm_day_kind {
	CRM_DAY_WORKING = 1, /* a working day of the working week */
	CRM_DAY_WEEKEND,     /* a day off by the working week */
	CRM_DAY_HOLIDAY,     /* a holiday (an entry) */
	CRM_DAY_ADJUSTED,    /* an adjusted working day: a weekend day worked */
	CRM_DAY_SPECIAL      /* special working hours (a half day, say) */
} crm_day_kind;

#define CRM_CALENDAR_SPANS 6 /* working spans in one day, breaks cut out */

typedef struct crm_calendar_day {
	crm_day_kind kind;
	int working;       /* a working day (some working time) */
	int assumed;       /* the year has no data: assumed from the working week */
	int site;          /* the entry comes from site_days */
	const char *name;  /* the entry's name ("Spring Festival"), or NULL */
	int nspans;        /* working time: [start, end) in seconds of the local day */
	int32_t span_start[CRM_CALENDAR_SPANS], span_end[CRM_CALENDAR_SPANS];
} crm_calendar_day;

typedef struct crm_calendar_info {
	const char *name;       /* the calendar's own name (not an alias) */
	int utc_offset;         /* seconds east of UTC */
	unsigned working_week;  /* bit 0 Monday .. bit 6 Sunday */
	int has_hours;          /* working_hours declared (else the whole day) */
	int nhours;             /* working_hours as declared, breaks not cut */
	int32_t hours_start[CRM_CALENDAR_SPANS], hours_end[CRM_CALENDAR_SPANS];
	int nbreaks;
	int32_t break_start[CRM_CALENDAR_SPANS], break_end[CRM_CALENDAR_SPANS];
	int first_year, last_year; /* the years with data (0 when none); there may be gaps */
	int beyond_working_week;   /* beyond_data: working_week (0: an error) */
} crm_calendar_info;

/* Calendars declared by the ruleset, by index (aliases are not counted). */
CRM_API size_t crm_ruleset_calendar_count(const crm_ruleset *rs);
/* The index of the calendar called name (or one of its aliases), or
 * CRM_EUNKNOWN. */
CRM_API int crm_calendar_find(const crm_ruleset *rs, const char *name);
/* What calendar cal declares. CRM_EINVAL for a bad index. */
CRM_API int crm_calendar_describe(const crm_ruleset *rs, int cal, crm_calendar_info *out);
/* 1 when calendar cal has data for year, else 0 (or CRM_EINVAL). */
CRM_API int crm_calendar_has_year(const crm_ruleset *rs, int cal, int year);
/* How local date day (days since 1970-01-01) is worked on calendar cal.
 * Errors: CRM_EINVAL (bad index), CRM_ERANGE (no data for the day's year
 * and nothing to assume: "calendar cn has no data for 2027-01-01"). */
CRM_API int crm_calendar_day_info(const crm_ruleset *rs, int cal, int64_t day,
                                  crm_calendar_day *out, crm_error *err);

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

/* Test i as one line of JSON, for hosts in other languages to check
 * themselves against the same cases: {"file", "line", "name", "decision",
 * "facts": {...}, then "expect": {output: value} or "expect_error": "code"},
 * values written as crm_decide_json writes them (money "75000.00", dates
 * "2026-01-01") and facts as it reads them. Written into buf as snprintf
 * does; returns the length the whole text needs (without its NUL), or 0
 * when test i is no decision test (a clock, an expression), its facts do
 * not set, or memory runs out. */
CRM_API size_t crm_ruleset_test_json(const crm_ruleset *rs, size_t i, char *buf, size_t size);

/* ------------------------------------------------------------------------ */
/* Declarations as written                                                   */
/*
 * For tools that document, review or compare rule files (`crmrules doc`
 * draws its policy book from these): what each decision, rule, timer,
 * calendar and test declares, with cells and expressions as their authors
 * wrote them, and where each is declared (file, 1-based line and column).
 * Deciding needs none of it. Indexes run from 0 to count-1; pointers are
 * borrowed from rs. Every call is thread-safe and never allocates; a bad
 * index gives CRM_EINVAL (or NULL, or an unknown value).
 */

typedef struct crm_decision_info {
	const char *name;
	const char *description; /* its description:, or NULL */
	const char *hit;         /* "first", "unique", "priority", "any", "collect" or
	                          * "rule_order" */
	const char *aggregate;   /* with collect: "sum", "min", "max" or "count"; else NULL */
	int complete;            /* declared complete: true */
	size_t ninputs, noutputs, nrules;
	const char *file;        /* where it is declared */
	int line, column;
} crm_decision_info;

/* What decision (an index, as crm_decision_find gives) declares. */
CRM_API int crm_ruleset_decision_info(const crm_ruleset *rs, int decision,
                                      crm_decision_info *out);

typedef struct crm_input_info {
	const char *name;        /* the name its cells are keyed by: the fact,
	                          * decision.output or { name: }; NULL for an
	                          * unnamed expression */
	const char *expr;        /* the expression as written */
	const char *description; /* or NULL */
	crm_type type, elem;     /* the expression's type (elem: a list's items) */
} crm_input_info;

/* Input k of decision, in the order of its inputs: list (the order of a
 * list of cells). */
CRM_API int crm_decision_input_info(const crm_ruleset *rs, int decision, size_t k,
                                    crm_input_info *out);

typedef struct crm_output_info {
	const char *name;
	crm_type type, elem;     /* as declared (a collect table returns a list of it) */
	const char *description; /* or NULL */
	size_t nvalues;          /* its values: (crm_decision_output_value), a list's
	                          * those of its items; 0 for none */
	int ordered;             /* the values are ordered, lowest first */
} crm_output_info;

/* Output k of decision. */
CRM_API int crm_decision_output_info(const crm_ruleset *rs, int decision, size_t k,
                                     crm_output_info *out);
/* The j-th allowed value of output k (CRM_T_UNKNOWN past the last). */
CRM_API crm_value crm_decision_output_value(const crm_ruleset *rs, int decision, size_t k,
                                            size_t j);

typedef struct crm_rule_info {
	const char *id;          /* its id:, or "#N" by position */
	const char *description; /* or NULL */
	const char *when;        /* its when: expression as written, or NULL */
	const char *file;        /* where the rule's mapping starts */
	int line, column;
} crm_rule_info;

/* Rule r of decision, in table order. */
CRM_API int crm_decision_rule_info(const crm_ruleset *rs, int decision, size_t r,
                                   crm_rule_info *out);
/* The cell of rule r for input k as written ("> 12", "[weak, adequate]" for
 * a YAML list), or NULL when the rule does not test that input ('-', or
 * not named in a mapping of cells). */
CRM_API const char *crm_decision_rule_cell(const crm_ruleset *rs, int decision, size_t r,
                                           size_t k);
/* The value rule r gives output k, as written, or NULL when it gives none
 * (a collect count table). */
CRM_API const char *crm_decision_rule_then(const crm_ruleset *rs, int decision, size_t r,
                                           size_t k);

typedef struct crm_timer_info {
	const char *name;
	const char *description; /* or NULL */
	const char *duration;    /* as written: "1 working day" */
	const char *measure;     /* "wall", "working days" or "business hours" */
	int64_t budget;          /* seconds of the measure */
	const char *calendar;    /* its calendar's own name, or NULL */
	size_t nwarnings;
	double warnings[CRM_SLA_WARNINGS_MAX]; /* fractions of the budget, ascending */
	int alerts_working_hours; /* alerts: working_hours */
	const char *on_breach;   /* the timer or decision a breach escalates to, or NULL */
	const char *file;
	int line, column;
} crm_timer_info;

/* What timer i (crm_ruleset_timer_name's index) declares. */
CRM_API int crm_ruleset_timer_info(const crm_ruleset *rs, size_t i, crm_timer_info *out);

typedef struct crm_test_info {
	const char *name;
	const char *kind;   /* "decision", "timer" or "expr" */
	const char *target; /* the decision's or timer's name, or the expression as written */
	const char *file;
	int line, column;
} crm_test_info;

/* What test i (as crm_ruleset_test_run numbers them) is and where. */
CRM_API int crm_ruleset_test_info(const crm_ruleset *rs, size_t i, crm_test_info *out);

/* Where calendar cal is declared (year 0), or where its data for year is
 * (the calendar_data: year, or the definition's years:). CRM_ERANGE when
 * the calendar has no data for year, CRM_EINVAL for a bad index. file,
 * line and column may each be NULL. */
CRM_API int crm_calendar_source(const crm_ruleset *rs, int cal, int year, const char **file,
                                int *line, int *column);

#ifdef __cplusplus
}
#endif

#endif /* CRMRULES_H */

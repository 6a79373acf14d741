/* SPDX-License-Identifier: MIT */
/* compile.h - the compile side: rule files to a crm_ruleset (ruleset.h).
 *
 * One loader lives for one crm_ruleset_load* call. compile/loader.c reads
 * the files (include: and directories), runs the passes (facts, calendars,
 * calendar data, constants, decisions, timers; then every decision
 * compiled, timers resolved, cycles and tables checked, tests) and reports
 * every problem at file:line:column. Nothing here is reached once the
 * ruleset is returned; the run side never includes this header. */
#ifndef CRM_COMPILE_H
#define CRM_COMPILE_H

#include "../ruleset/ruleset.h"
#include "../ruleset/values.h"

/* ---- the loader: one per load ------------------------------------------------ */
/* How deep constants may refer to constants declared after them (each
 * refers back to any depth). */
#define CRM_CONST_AHEAD 32

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
	/* include: confined to crm_load_options.include_root: its real path
	 * and an open descriptor of it (-1: includes are not confined) */
	const char *root;
	size_t root_len;
	int root_fd;
	/* crm_ruleset_load_buffers: the sources include: names, never files */
	const crm_source *bufs;
	const char **buf_names; /* their names, "." and ".." resolved */
	size_t nbufs;
	int64_t work; /* what the load may still do (CRM_LIMIT_LOAD_WORK) */
	int folding[CRM_CONST_AHEAD]; /* constants being folded, outermost first */
	int nfolding;
	bool work_said; /* its end has been reported */
	struct cal_build *cal_builds; /* by calendar: its data while files are read */
	size_t cap_cal_builds;
} loader;

/* ---- report.c: diagnostics ------------------------------------------------------ */
/* Report a problem at a position; returns the code. Warnings do not fail
 * the load unless opts->warnings_as_errors. */
int crm_load_error(loader *l, int code, int line, int col, const char *fmt, ...)
	CRM_PRINTF(5, 6);
int crm_load_warning(loader *l, int line, int col, const char *fmt, ...) CRM_PRINTF(4, 5);
/* Report an expression problem found at byte pos of the text of node y. */
int crm_load_diag(loader *l, const crm_ynode *y, const crm_diag *d);
/* " (did you mean 'x'?)" when sg found a name, else "": the end of an
 * "unknown name" message, written in buf. */
const char *crm_load_hint(const crm_suggest *sg, char *buf, size_t size);
/* The hint for an unknown name among the keys of m. */
const char *crm_load_hint_map(const crm_map *m, const crm_ynode *name, char *buf, size_t size);
/* The hint for an unknown output name of d. */
const char *crm_load_output_hint(const decision *d, const crm_ynode *name, char *buf,
                                 size_t size);

/* ---- exprs.c: expressions and literal values in rule text ------------------------ */
/* Charge units of work (bytes of expression text compiled) to the load;
 * CRM_ELIMIT, reported at y, past its limit. */
int crm_load_charge(loader *l, const crm_ynode *y, size_t units);
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
/* The value of a constant expression (a literal, or folded to one); false
 * when n is not constant. */
bool crm_load_const(loader *l, crm_node *n, crm_val *out);
/* Check constant k where it is declared and fold it to its value, once
 * (rs->consts[k].folded); its errors are reported there. A use whose
 * constant cannot be folded checks the constant's tree (and reports its
 * errors) again. CRM_ECYCLE in d when k is being folded (it refers to
 * itself), CRM_ELIMIT past CRM_CONST_AHEAD; else 0. */
int crm_const_fold(loader *l, int k, crm_diag *d);

/* ---- table.c: decisions ------------------------------------------------------ */
int crm_table_declare(loader *l, const crm_ynode *key, const crm_ynode *y);
int crm_table_compile(loader *l, decision *d);
/* After every table compiled and the chains checked for cycles: each
 * decision's reads, the facts it and the decisions it chains to read. */
int crm_table_reads(loader *l);

/* ---- cells.c: cells to native tests ------------------------------------------ */
/* Compile the cells of r to native tests (sets tests, ntests, native). */
int crm_match_compile_rule(loader *l, const decision *d, rule *r);
/* Values with their strings copied right behind them, in one block of ar. */
crm_val *crm_copy_vals(crm_arena *ar, const crm_val *v, uint32_t n);

/* ---- index.c: a table's lookup ------------------------------------------------- */
/* Build d->index or d->mask when the table and its cells allow. */
int crm_match_index(loader *l, decision *d);

/* ---- analysis.c: static checks of tables ------------------------------------ */
void crm_table_analyse(loader *l, decision *d);

/* ---- calendars.c, timers.c ---------------------------------------------------- */
int crm_calendars_load(loader *l, const crm_ynode *y);
int crm_calendar_data_load(loader *l, const crm_ynode *y);
/* After every file's calendars and calendar_data: years checked, days merged. */
int crm_calendars_finish(loader *l);
int crm_timers_load(loader *l, const crm_ynode *y);
void crm_timers_resolve(loader *l);

/* ---- tests.c: rule-file tests compiled ------------------------------------------- */
int crm_tests_load(loader *l, const crm_ynode *y);

#endif

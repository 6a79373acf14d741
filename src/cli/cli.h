/* SPDX-License-Identifier: MIT */
/* cli.h - shared pieces of the crmrules command-line tool (public API only). */
#ifndef CRM_CLI_H
#define CRM_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "crmrules.h"

/* Exit codes */
enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

/* Print a diagnostic as `file:line:col: error: message` with the source
 * line and a caret under the column when the file can be read. */
void cli_diag(FILE *out, int severity, const crm_error *e);
/* A crm_load_options.diagnostic callback printing to stderr; ud, when not
 * NULL, is int[3]: errors and warnings counted, and nonzero in [2] when
 * warnings are errors (they are then printed and counted as errors). */
void cli_diag_cb(int severity, const crm_error *e, void *ud);

/* Load a ruleset, printing every diagnostic; NULL on failure.
 * include_root (--include-root, may be NULL): the directory include: may
 * read (crm_load_options.include_root). */
crm_ruleset *cli_load(const char *path, const char *include_root, int warnings_as_errors,
                      int *nerrors, int *nwarnings);
/* The same from several paths loaded together (the shipped rules, then a
 * site's own files). */
crm_ruleset *cli_load_paths(const char *const *paths, size_t npaths, const char *include_root,
                            int warnings_as_errors, int *nerrors, int *nwarnings);

/* The --rules paths of a command (repeatable). */
#define CLI_MAX_RULES 64
typedef struct cli_rules {
	const char *paths[CLI_MAX_RULES];
	size_t n;
	const char *include_root; /* --include-root DIR, or NULL */
} cli_rules;
/* Add one; -1 (with a message) past CLI_MAX_RULES. */
int cli_add_rules(cli_rules *r, const char *path);
/* argv[*i] as one of the options that name rules (--rules, -r PATH;
 * --include-root DIR): 1 when it is (*i moved past its value), 0 when it
 * is not, -1 (with a message) past CLI_MAX_RULES. */
int cli_rules_option(cli_rules *r, int argc, char **argv, int *i);
/* Option a, met where its value was due (the last argument), is --rules,
 * -r, --include-root or one of with_value (NULL-terminated, may be NULL):
 * say "crmrules CMD: A needs a value" and give true; false for an option
 * the command does not know. */
bool cli_missing_value(const char *cmd, const char *a, const char *const *with_value);

/* A string as JSON text (quoted, escaped). */
void cli_json_string(FILE *out, const char *s, size_t len);

/* Read a whole file ("-" is standard input) into a NUL-terminated buffer. */
char *cli_read_all(const char *path, size_t *len);

int cmd_check(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_test(int argc, char **argv);
int cmd_sla(int argc, char **argv);
int cmd_calendar(int argc, char **argv);
int cmd_describe(int argc, char **argv);
int cmd_compile(int argc, char **argv);
int cmd_schema(int argc, char **argv);
int cmd_doc(int argc, char **argv);
int cmd_diff(int argc, char **argv);

#endif

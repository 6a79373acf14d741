/* SPDX-License-Identifier: MIT */
/* cli.h - shared pieces of the crmrules command-line tool (public API only). */
#ifndef CRM_CLI_H
#define CRM_CLI_H

#include <stdio.h>

#include "crmrules.h"

/* Exit codes */
enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

/* Print a diagnostic as `file:line:col: error: message` with the source
 * line and a caret under the column when the file can be read. */
void cli_diag(FILE *out, int severity, const crm_error *e);
/* A crm_load_options.diagnostic callback printing to stderr. */
void cli_diag_cb(int severity, const crm_error *e, void *ud);

/* Load a ruleset, printing every diagnostic; NULL on failure. */
crm_ruleset *cli_load(const char *path, int warnings_as_errors, int *nerrors, int *nwarnings);

/* Write one JSON object with the outputs of r (and, with explain, the rules
 * that fired and the facts they read). */
void cli_write_result(FILE *out, const crm_ruleset *rs, const crm_facts *f,
                      const crm_result *r, int explain);
/* Write {"$error": {...}} for a failed decision. */
void cli_write_error(FILE *out, const crm_ruleset *rs, const crm_result *r, int rc,
                     const crm_error *e);
void cli_json_string(FILE *out, const char *s, size_t len);

/* Facts from one JSON object (json_facts.c): yajl for the plain cases,
 * crm_facts_set_json for the rest and for errors. Clears f first. */
typedef struct cli_json cli_json;
int cli_json_new(cli_json **out, const crm_ruleset *rs, crm_facts *f);
void cli_json_free(cli_json *j);
int cli_json_facts(cli_json *j, const char *text, size_t len, crm_error *err);

/* Read a whole file ("-" is standard input) into a NUL-terminated buffer. */
char *cli_read_all(const char *path, size_t *len);

int cmd_check(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_test(int argc, char **argv);
int cmd_sla(int argc, char **argv);

#endif

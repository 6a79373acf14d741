/* SPDX-License-Identifier: MIT */
/* diag.c - GCC-style diagnostics with a source excerpt and a caret. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The text of line `line` (1-based) of a file, or NULL. */
static char *source_line(const char *file, int line)
{
	FILE *fp = fopen(file, "rb");
	if (!fp)
		return NULL;
	char buf[4096];
	int n = 1;
	char *found = NULL;
	while (fgets(buf, sizeof buf, fp)) {
		size_t len = strlen(buf);
		bool whole = len && buf[len - 1] == '\n';
		if (n == line) {
			while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
				buf[--len] = '\0';
			found = malloc(len + 1);
			if (found)
				memcpy(found, buf, len + 1);
			break;
		}
		if (whole)
			n++;
	}
	fclose(fp);
	return found;
}

void cli_diag(FILE *out, int severity, const crm_error *e)
{
	const char *kind = severity == CRM_DIAG_WARNING ? "warning" : "error";
	if (e->file[0] && e->line > 0)
		fprintf(out, "%s:%d:%d: %s: %s\n", e->file, e->line, e->column, kind, e->message);
	else if (e->file[0])
		fprintf(out, "%s: %s: %s\n", e->file, kind, e->message);
	else
		fprintf(out, "crmrules: %s: %s\n", kind, e->message);
	if (!e->file[0] || e->line <= 0)
		return;
	char *src = source_line(e->file, e->line);
	if (!src)
		return;
	fprintf(out, "%5d | %s\n      | ", e->line, src);
	/* keep tabs so the caret lines up */
	for (int i = 0; i + 1 < e->column && src[i]; i++)
		fputc(src[i] == '\t' ? '\t' : ' ', out);
	fputs("^\n", out);
	free(src);
}

void cli_diag_cb(int severity, const crm_error *e, void *ud)
{
	/* ud: errors, warnings, and whether warnings count as errors */
	int *counts = ud;
	if (counts && counts[2] && severity == CRM_DIAG_WARNING)
		severity = CRM_DIAG_ERROR;
	if (counts)
		counts[severity == CRM_DIAG_WARNING ? 1 : 0]++;
	cli_diag(stderr, severity, e);
}

crm_ruleset *cli_load_paths(const char *const *paths, size_t npaths, const char *include_root,
                            int warnings_as_errors, int *nerrors, int *nwarnings)
{
	int counts[3] = {0, 0, warnings_as_errors};
	crm_load_options opts = CRM_LOAD_OPTIONS_INIT;
	opts.include_root = include_root;
	opts.diagnostic = cli_diag_cb;
	opts.diagnostic_ud = counts;
	opts.warnings_as_errors = warnings_as_errors;
	crm_error err;
	crm_ruleset *rs = NULL;
	int rc = crm_ruleset_load_paths(&rs, paths, npaths, &opts, &err);
	if (rc && counts[0] == 0) {
		/* an error the loader could not attribute to a position */
		cli_diag(stderr, CRM_DIAG_ERROR, &err);
		counts[0]++;
	}
	if (nerrors)
		*nerrors = counts[0];
	if (nwarnings)
		*nwarnings = counts[1];
	return rs;
}

crm_ruleset *cli_load(const char *path, const char *include_root, int warnings_as_errors,
                      int *nerrors, int *nwarnings)
{
	return cli_load_paths(&path, 1, include_root, warnings_as_errors, nerrors, nwarnings);
}

int cli_add_rules(cli_rules *r, const char *path)
{
	if (r->n == CLI_MAX_RULES) {
		fprintf(stderr, "crmrules: at most %d --rules paths\n", CLI_MAX_RULES);
		return -1;
	}
	r->paths[r->n++] = path;
	return 0;
}

char *cli_read_all(const char *path, size_t *len)
{
	FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!fp)
		return NULL;
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap);
	while (buf) {
		if (n + 1 >= cap) {
			if (cap > CRM_LIMIT_FILE_SIZE) {
				free(buf);
				buf = NULL;
				break;
			}
			char *nb = realloc(buf, cap * 2);
			if (!nb) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = nb;
			cap *= 2;
		}
		size_t got = fread(buf + n, 1, cap - n - 1, fp);
		n += got;
		if (got == 0)
			break;
	}
	if (fp != stdin)
		fclose(fp);
	if (buf) {
		buf[n] = '\0';
		*len = n;
	}
	return buf;
}

bool cli_missing_value(const char *cmd, const char *a, const char *const *with_value)
{
	bool known = strcmp(a, "--rules") == 0 || strcmp(a, "-r") == 0 ||
	             strcmp(a, "--include-root") == 0;
	for (size_t k = 0; with_value && with_value[k] && !known; k++)
		known = strcmp(a, with_value[k]) == 0;
	if (known)
		fprintf(stderr, "crmrules %s: %s needs a value\n", cmd, a);
	return known;
}

int cli_rules_option(cli_rules *r, int argc, char **argv, int *i)
{
	const char *a = argv[*i];
	if (*i + 1 >= argc)
		return 0;
	if (strcmp(a, "--rules") == 0 || strcmp(a, "-r") == 0) {
		*i += 1;
		return cli_add_rules(r, argv[*i]) ? -1 : 1;
	}
	if (strcmp(a, "--include-root") == 0) {
		*i += 1;
		r->include_root = argv[*i];
		return 1;
	}
	return 0;
}

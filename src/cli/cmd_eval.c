/* SPDX-License-Identifier: MIT */
/* cmd_eval.c - `crmrules eval`: facts in (JSON/YAML, or NDJSON lines), decisions out. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef struct eval_opts {
	const char *rules, *decision, *input;
	int explain, lines;
} eval_opts;

/* Decide one facts object; returns 0 when the decision was made. */
static int decide_one(FILE *out, const crm_ruleset *rs, crm_context *ctx, crm_facts *f,
                      int di, const char *text, size_t len, int explain)
{
	crm_error err;
	crm_facts_clear(f);
	int rc = crm_facts_set_json(f, text, len, &err);
	if (rc) {
		cli_write_error(out, rs, NULL, rc, &err);
		return rc;
	}
	const crm_result *r;
	rc = crm_decide_index(ctx, di, f, &r, &err);
	if (rc) {
		cli_write_error(out, rs, r, rc, &err);
		return rc;
	}
	cli_write_result(out, rs, f, r, explain);
	return 0;
}

int cmd_eval(int argc, char **argv)
{
	eval_opts o = {NULL, NULL, "-", 0, 0};
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if ((strcmp(a, "--rules") == 0 || strcmp(a, "-r") == 0) && i + 1 < argc)
			o.rules = argv[++i];
		else if ((strcmp(a, "--decision") == 0 || strcmp(a, "-d") == 0) && i + 1 < argc)
			o.decision = argv[++i];
		else if (strcmp(a, "--explain") == 0)
			o.explain = 1;
		else if (strcmp(a, "--lines") == 0)
			o.lines = 1;
		else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "crmrules eval: unknown option '%s'\n", a);
			return EXIT_USAGE;
		} else
			o.input = a;
	}
	if (!o.rules || !o.decision) {
		fputs("usage: crmrules eval --rules PATH --decision NAME [--explain] [--lines] "
		      "[FILE|-]\n",
		      stderr);
		return EXIT_USAGE;
	}
	crm_ruleset *rs = cli_load(o.rules, 0, NULL, NULL);
	if (!rs)
		return EXIT_USAGE;
	int di = crm_decision_find(rs, o.decision);
	if (di < 0) {
		fprintf(stderr, "crmrules eval: no decision '%s' in %s\n", o.decision, o.rules);
		crm_ruleset_free(rs);
		return EXIT_USAGE;
	}
	crm_context *ctx = NULL;
	crm_facts *f = NULL;
	if (crm_context_new(&ctx, rs, NULL) || crm_facts_new(&f, rs)) {
		fputs("crmrules: out of memory\n", stderr);
		crm_context_free(ctx);
		crm_ruleset_free(rs);
		return EXIT_FAIL;
	}
	int status = EXIT_OK;
	if (o.lines) {
		FILE *in = strcmp(o.input, "-") == 0 ? stdin : fopen(o.input, "rb");
		if (!in) {
			fprintf(stderr, "crmrules eval: cannot open %s\n", o.input);
			status = EXIT_USAGE;
		} else {
			char *line = NULL;
			size_t cap = 0;
			ssize_t n;
			while ((n = getline(&line, &cap, in)) >= 0) {
				size_t len = (size_t)n;
				while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
					len--;
				if (!len)
					continue;
				if (decide_one(stdout, rs, ctx, f, di, line, len, o.explain))
					status = EXIT_FAIL;
			}
			free(line);
			if (in != stdin)
				fclose(in);
		}
	} else {
		size_t len;
		char *text = cli_read_all(o.input, &len);
		if (!text) {
			fprintf(stderr, "crmrules eval: cannot read %s\n", o.input);
			status = EXIT_USAGE;
		} else {
			if (decide_one(stdout, rs, ctx, f, di, text, len, o.explain))
				status = EXIT_FAIL;
			free(text);
		}
	}
	crm_facts_free(f);
	crm_context_free(ctx);
	crm_ruleset_free(rs);
	return status;
}

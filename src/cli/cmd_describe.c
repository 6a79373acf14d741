/* SPDX-License-Identifier: MIT */
/* cmd_describe.c - `crmrules describe`: the facts a decision may read
 * (through the decisions it chains to), as text or as a JSON Schema. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* A value as text: JSON's, without a string's quotes. */
static void value_text(FILE *out, const crm_value *v)
{
	char buf[256];
	crm_value_format(buf, sizeof buf, v);
	size_t n = strlen(buf);
	if (n >= 2 && buf[0] == '"')
		fprintf(out, "%.*s", (int)(n - 2), buf + 1);
	else
		fputs(buf, out);
}

/* One line: name, type, what it allows, its description. */
static void describe_fact(FILE *out, const crm_ruleset *rs, int slot, int width)
{
	crm_fact_info fi;
	crm_ruleset_fact_info(rs, (size_t)slot, &fi);
	fprintf(out, "  %-*s %s", width, fi.name, crm_type_name(fi.type));
	if (fi.type == CRM_T_LIST)
		fprintf(out, " of %s", crm_type_name(fi.elem));
	if (fi.nvalues) {
		fputs(", one of ", out);
		for (size_t k = 0; k < fi.nvalues; k++) {
			crm_value v = crm_ruleset_fact_value(rs, (size_t)slot, k);
			if (k)
				fputs(fi.ordered ? " < " : ", ", out);
			value_text(out, &v);
		}
	}
	if (fi.has_range) {
		fprintf(out, " in %c", fi.lo_closed ? '[' : '(');
		value_text(out, &fi.lo);
		fputs("..", out);
		value_text(out, &fi.hi);
		fputc(fi.hi_closed ? ']' : ')', out);
	}
	if (fi.pattern)
		fprintf(out, " matching %s", fi.pattern);
	if (fi.description)
		fprintf(out, ": %s", fi.description);
	fputc('\n', out);
}

int cmd_describe(int argc, char **argv)
{
	cli_rules rules = {{NULL}, 0, NULL};
	const char *decision = NULL;
	int schema = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		int taken = cli_rules_option(&rules, argc, argv, &i);
		if (taken < 0)
			return EXIT_USAGE;
		if (taken)
			continue;
		if ((strcmp(a, "--decision") == 0 || strcmp(a, "-d") == 0) && i + 1 < argc) {
			decision = argv[++i];
		} else if (strcmp(a, "--json-schema") == 0) {
			schema = 1;
		} else {
			static const char *const with_value[] = {"--decision", "-d", NULL};
			if (!cli_missing_value("describe", a, with_value))
				fprintf(stderr, "crmrules describe: unknown option '%s'\n", a);
			return EXIT_USAGE;
		}
	}
	if (!rules.n || !decision) {
		fputs("usage: crmrules describe --rules PATH [--rules PATH]... [--include-root DIR] "
		      "--decision NAME "
		      "[--json-schema]\n",
		      stderr);
		return EXIT_USAGE;
	}
	crm_ruleset *rs = cli_load_paths(rules.paths, rules.n, rules.include_root, 0, NULL, NULL);
	if (!rs)
		return EXIT_USAGE;
	int di = crm_decision_find(rs, decision);
	if (di < 0) {
		fprintf(stderr, "crmrules describe: no decision '%s' in %s\n", decision,
		        rules.paths[0]);
		crm_ruleset_free(rs);
		return EXIT_USAGE;
	}
	if (schema) {
		size_t n = crm_decision_json_schema(rs, di, NULL, 0);
		char *buf = malloc(n + 1);
		if (!buf) {
			fputs("crmrules: out of memory\n", stderr);
			crm_ruleset_free(rs);
			return EXIT_FAIL;
		}
		crm_decision_json_schema(rs, di, buf, n + 1);
		fwrite(buf, 1, n, stdout);
		free(buf);
	} else {
		size_t n = crm_decision_fact_count(rs, di);
		int width = 0;
		for (size_t k = 0; k < n; k++) {
			int w = (int)strlen(crm_ruleset_fact_name(rs, (size_t)crm_decision_fact(rs, di, k)));
			width = w > width ? w : width;
		}
		printf("decision %s may read %zu fact%s:\n", decision, n, n == 1 ? "" : "s");
		for (size_t k = 0; k < n; k++)
			describe_fact(stdout, rs, crm_decision_fact(rs, di, k), width);
	}
	crm_ruleset_free(rs);
	return EXIT_OK;
}

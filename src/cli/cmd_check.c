/* SPDX-License-Identifier: MIT */
/* cmd_check.c - `crmrules check`: load rule files and report every problem. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The facts --explain-binding binds otherwise than on their short path:
 * with a present flag (--optional-fact), or not at all (--unbound-fact). */
typedef struct bind_opts {
	const char **optional, **unbound;
	int noptional, nunbound;
} bind_opts;

static bool named(const char *const *names, int n, const char *name)
{
	for (int k = 0; k < n; k++)
		if (strcmp(names[k], name) == 0)
			return true;
	return false;
}

/* How crm_decide_record decides each decision of rs for a host that binds
 * the facts the decision reads (crm_decision_fact), each on its short path
 * (a bool, an int64_t, a double, a uint8_t index into a string's values:;
 * a const char * for a string without them), those of o->optional with a
 * present flag and without those of o->unbound: the fastest such a binding
 * can do, and what stops a decision. */
static int explain_binding(const char *path, const crm_ruleset *rs, const bind_opts *o)
{
	for (int k = 0; k < o->noptional + o->nunbound; k++) {
		const char *name = k < o->noptional ? o->optional[k] : o->unbound[k - o->noptional];
		if (crm_fact_slot(rs, name) < 0) {
			fflush(stdout); /* after the path's line */
			fprintf(stderr, "%s: %s '%s': no such fact\n", path,
			        k < o->noptional ? "--optional-fact" : "--unbound-fact", name);
			return EXIT_FAIL;
		}
	}
	size_t n = crm_ruleset_fact_count(rs);
	crm_field *fields = calloc(n ? n : 1, sizeof *fields);
	if (!fields)
		return EXIT_FAIL;
	static const char *const paths[] = {"", "from the members",
	                                    "from the members, through a plan",
	                                    "facts set, then decided"};
	int rc = 0;
	for (size_t d = 0; d < crm_ruleset_decision_count(rs) && !rc; d++) {
		size_t nf = 0, size = 0, nread = crm_decision_fact_count(rs, (int)d);
		for (size_t k = 0; k < nread; k++) {
			crm_fact_info fi;
			int slot = crm_decision_fact(rs, (int)d, k);
			if (slot < 0 || crm_ruleset_fact_info(rs, (size_t)slot, &fi) ||
			    fi.type == CRM_T_LIST || named(o->unbound, o->nunbound, fi.name))
				continue; /* a list cannot be bound; the host has no member */
			crm_field *f = &fields[nf++];
			memset(f, 0, sizeof *f);
			f->fact = fi.name;
			f->offset = size;
			size += 8;
			if (named(o->optional, o->noptional, fi.name)) {
				f->flags = CRM_FIELD_OPTIONAL;
				f->present_offset = size;
				size += 8;
			}
			switch (fi.type) {
			case CRM_T_BOOL: f->ctype = CRM_C_BOOL; break;
			case CRM_T_NUMBER: f->ctype = CRM_C_DOUBLE; break;
			case CRM_T_STRING:
				f->ctype = fi.nvalues ? CRM_C_UINT8 : CRM_C_STRING;
				f->flags |= fi.nvalues ? CRM_FIELD_INDEX : 0;
				break;
			default: f->ctype = CRM_C_INT64; break;
			}
		}
		crm_binding *b;
		crm_error err;
		if ((rc = crm_binding_new(&b, rs, fields, nf, size ? size : 8, &err))) {
			fflush(stdout);
			fprintf(stderr, "%s: %s\n", path, err.message);
			break;
		}
		char why[256];
		int p = crm_binding_path(b, (int)d, why, sizeof why);
		printf("  %s: %s%s%s\n", crm_ruleset_decision_name(rs, d), p > 0 ? paths[p] : "?",
		       why[0] ? ": " : "", why);
		crm_binding_free(b);
	}
	free(fields);
	return rc ? EXIT_FAIL : EXIT_OK;
}

int cmd_check(int argc, char **argv)
{
	int werror = 0, npaths = 0, failed = 0, binding = 0;
	const char *include_root = NULL;
	static const char *const with_value[] = {"--optional-fact", "--unbound-fact", NULL};
	bind_opts o = {calloc((size_t)argc, sizeof(char *)), calloc((size_t)argc, sizeof(char *)),
	               0, 0};
	if (!o.optional || !o.unbound) {
		free(o.optional);
		free(o.unbound);
		fputs("crmrules check: out of memory\n", stderr);
		return EXIT_FAIL;
	}
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--warnings-as-errors") == 0 || strcmp(argv[i], "-Werror") == 0) {
			werror = 1;
		} else if (strcmp(argv[i], "--explain-binding") == 0) {
			binding = 1;
		} else if (strcmp(argv[i], "--include-root") == 0 && i + 1 < argc) {
			include_root = argv[++i];
		} else if (strcmp(argv[i], "--optional-fact") == 0 && i + 1 < argc) {
			o.optional[o.noptional++] = argv[++i];
		} else if (strcmp(argv[i], "--unbound-fact") == 0 && i + 1 < argc) {
			o.unbound[o.nunbound++] = argv[++i];
		} else if (argv[i][0] == '-' && argv[i][1]) {
			if (!cli_missing_value("check", argv[i], with_value))
				fprintf(stderr, "crmrules check: unknown option '%s'\n", argv[i]);
			failed = -1;
			break;
		}
	}
	for (int k = 0; k < o.noptional && !failed; k++)
		if (named(o.unbound, o.nunbound, o.optional[k])) {
			fprintf(stderr, "crmrules check: fact '%s' is both --optional-fact and --unbound-fact\n",
			        o.optional[k]);
			failed = -1;
		}
	if (!failed && !binding && o.noptional + o.nunbound) {
		fputs("crmrules check: --optional-fact and --unbound-fact go with --explain-binding\n", stderr);
		failed = -1;
	}
	if (failed) {
		free(o.optional);
		free(o.unbound);
		return EXIT_USAGE;
	}
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--include-root") == 0 || strcmp(argv[i], "--optional-fact") == 0 ||
		    strcmp(argv[i], "--unbound-fact") == 0) {
			i++; /* its value */
			continue;
		}
		if (argv[i][0] == '-' && argv[i][1])
			continue;
		npaths++;
		int nerr = 0, nwarn = 0;
		crm_ruleset *rs = cli_load(argv[i], include_root, werror, &nerr, &nwarn);
		if (!rs) {
			failed = 1;
			fprintf(stderr, "%s: %d error%s, %d warning%s\n", argv[i], nerr,
			        nerr == 1 ? "" : "s", nwarn, nwarn == 1 ? "" : "s");
			continue;
		}
		printf("%s: ok: %zu facts, %zu decisions, %zu tests", argv[i],
		       crm_ruleset_fact_count(rs), crm_ruleset_decision_count(rs),
		       crm_ruleset_test_count(rs));
		if (nwarn)
			printf(", %d warning%s", nwarn, nwarn == 1 ? "" : "s");
		putchar('\n');
		if (binding && explain_binding(argv[i], rs, &o))
			failed = 1;
		crm_ruleset_free(rs);
	}
	free(o.optional);
	free(o.unbound);
	if (!npaths) {
		fputs("usage: crmrules check [--warnings-as-errors] [--explain-binding "
		      "[--optional-fact FACT]... [--unbound-fact FACT]...] [--include-root DIR] PATH...\n",
		      stderr);
		return EXIT_USAGE;
	}
	return failed ? EXIT_FAIL : EXIT_OK;
}

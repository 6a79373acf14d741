/* SPDX-License-Identifier: MIT */
/* cmd_test.c - `crmrules test`: run the tests: sections of rule files. */
#include <string.h>

#include "cli.h"

int cmd_test(int argc, char **argv)
{
	int verbose = 0, npaths = 0, load_failed = 0, not_loaded = 0, export = 0;
	size_t passed = 0, failed = 0;
	const char *include_root = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-v") == 0 || strcmp(argv[i], "--verbose") == 0)
			verbose = 1;
		else if (strcmp(argv[i], "--export-json") == 0)
			export = 1;
		else if (strcmp(argv[i], "--include-root") == 0 && i + 1 < argc)
			include_root = argv[++i];
		else if (argv[i][0] == '-') {
			if (!cli_missing_value("test", argv[i], NULL))
				fprintf(stderr, "crmrules test: unknown option '%s'\n", argv[i]);
			return EXIT_USAGE;
		}
	}
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--include-root") == 0) {
			i++; /* its directory */
			continue;
		}
		if (argv[i][0] == '-')
			continue;
		npaths++;
		crm_ruleset *rs = cli_load(argv[i], include_root, 0, NULL, NULL);
		if (!rs) {
			load_failed = 1;
			not_loaded++;
			continue;
		}
		if (export) {
			/* the decision cases as JSON lines, for other languages' tests */
			static char line[1 << 16];
			size_t n = crm_ruleset_test_count(rs);
			for (size_t t = 0; t < n; t++) {
				size_t len = crm_ruleset_test_json(rs, t, line, sizeof line);
				if (len && len < sizeof line)
					printf("%s\n", line);
				else if (len)
					fprintf(stderr, "crmrules test: test '%s' is too long to export\n",
					        crm_ruleset_test_name(rs, t));
			}
			crm_ruleset_free(rs);
			continue;
		}
		crm_context *ctx;
		if (crm_context_new(&ctx, rs, NULL)) {
			fputs("crmrules: out of memory\n", stderr);
			crm_ruleset_free(rs);
			return EXIT_FAIL;
		}
		size_t n = crm_ruleset_test_count(rs);
		for (size_t t = 0; t < n; t++) {
			int ok = 0;
			crm_error err;
			int rc = crm_ruleset_test_run(ctx, t, &ok, &err);
			if (rc) {
				cli_diag(stderr, CRM_DIAG_ERROR, &err);
				failed++;
				continue;
			}
			if (ok) {
				passed++;
				if (verbose)
					printf("PASS %s\n", crm_ruleset_test_name(rs, t));
			} else {
				failed++;
				printf("FAIL %s:%d:%d: %s\n", err.file, err.line, err.column, err.message);
			}
		}
		crm_context_free(ctx);
		crm_ruleset_free(rs);
	}
	if (!npaths) {
		fputs("usage: crmrules test [-v] [--export-json] [--include-root DIR] PATH...\n",
		      stderr);
		return EXIT_USAGE;
	}
	if (export)
		return load_failed ? EXIT_FAIL : EXIT_OK;
	if (not_loaded)
		printf("%zu passed, %zu failed, %d path%s not loaded\n", passed, failed, not_loaded,
		       not_loaded == 1 ? "" : "s");
	else
		printf("%zu passed, %zu failed\n", passed, failed);
	return (failed || load_failed) ? EXIT_FAIL : EXIT_OK;
}

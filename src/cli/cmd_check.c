/* SPDX-License-Identifier: MIT */
/* cmd_check.c - `crmrules check`: load rule files and report every problem. */
#include <string.h>

#include "cli.h"

int cmd_check(int argc, char **argv)
{
	int werror = 0, npaths = 0, failed = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--warnings-as-errors") == 0 || strcmp(argv[i], "-Werror") == 0) {
			werror = 1;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "crmrules check: unknown option '%s'\n", argv[i]);
			return EXIT_USAGE;
		}
	}
	for (int i = 1; i < argc; i++) {
		if (argv[i][0] == '-' && argv[i][1])
			continue;
		npaths++;
		int nerr = 0, nwarn = 0;
		crm_ruleset *rs = cli_load(argv[i], werror, &nerr, &nwarn);
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
		crm_ruleset_free(rs);
	}
	if (!npaths) {
		fputs("usage: crmrules check [--warnings-as-errors] PATH...\n", stderr);
		return EXIT_USAGE;
	}
	return failed ? EXIT_FAIL : EXIT_OK;
}

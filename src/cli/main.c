/* SPDX-License-Identifier: MIT */
/* main.c - the crmrules command: dispatch to check, eval and test. */
#include <string.h>

#include "cli.h"

static void usage(FILE *out)
{
	fputs("usage: crmrules <command> [options]\n"
	      "\n"
	      "commands:\n"
	      "  check [--warnings-as-errors] PATH...\n"
	      "      load rule files or directories and report problems as\n"
	      "      file:line:col: error: message (exit 1 on errors)\n"
	      "  eval --rules PATH --decision NAME [--explain] [--lines] [FILE|-]\n"
	      "      read facts (a JSON or YAML object; with --lines one JSON object\n"
	      "      per line) and print the decision's outputs as JSON\n"
	      "  test PATH...\n"
	      "      run the tests: sections of rule files; ends with\n"
	      "      'N passed, N failed' (exit 1 if any failed)\n"
	      "  sla --rules PATH --timer NAME --start T [--pause A/B]... [--stop T] [--now T]\n"
	      "      a timer's due time, status, elapsed and remaining time and next\n"
	      "      alert, as JSON (instants in ISO 8601 with the calendar's offset)\n"
	      "  version\n",
	      out);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "check") == 0)
		return cmd_check(argc - 1, argv + 1);
	if (strcmp(cmd, "eval") == 0)
		return cmd_eval(argc - 1, argv + 1);
	if (strcmp(cmd, "test") == 0)
		return cmd_test(argc - 1, argv + 1);
	if (strcmp(cmd, "sla") == 0)
		return cmd_sla(argc - 1, argv + 1);
	if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
		int v = crm_version();
		printf("crmrules %d.%d.%d\n", v / 1000000, v / 1000 % 1000, v % 1000);
		return EXIT_OK;
	}
	if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	fprintf(stderr, "crmrules: unknown command '%s'\n", cmd);
	usage(stderr);
	return EXIT_USAGE;
}

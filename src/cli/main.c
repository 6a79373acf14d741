/* SPDX-License-Identifier: MIT */
/* main.c - the crmrules command: dispatch to check, eval, test, sla, calendar,
 * describe, schema, doc, diff and compile. */
#include <string.h>

#include "cli.h"

/* Every command and every option each accepts: tests/cli/run.sh fails when
 * an option string of src/cli/cmd_*.c is missing here. */
static void usage(FILE *out)
{
	fputs("usage: crmrules <command> [options]\n"
	      "\n"
	      "commands:\n"
	      "  check [--warnings-as-errors] [--explain-binding [--optional-fact FACT]...\n"
	      "        [--unbound-fact FACT]...] [--include-root DIR] PATH...\n"
	      "      load rule files or directories and report every problem as\n"
	      "      file:line:col: error: message (exit 1 on errors)\n"
	      "      --warnings-as-errors, -Werror  fail on warnings too\n"
	      "      --explain-binding     how crm_decide_record decides each decision\n"
	      "                            for a host struct of its facts, and why not\n"
	      "                            faster\n"
	      "      --optional-fact FACT  bind FACT with a present flag\n"
	      "                            (CRM_FIELD_OPTIONAL); repeat it for more\n"
	      "      --unbound-fact FACT   leave FACT out of the struct; repeat it\n"
	      "      --include-root DIR    include: may read only files inside DIR\n"
	      "                            (links resolved); for rule text you do not\n"
	      "                            fully trust\n"
	      "\n"
	      "  eval --rules PATH [--rules PATH]... [--include-root DIR] --decision NAME\n"
	      "       [--explain[=full]]\n"
	      "       [--lines [--jobs N] [--keep FIELD]... [--unknown error|ignore] [--quiet]]\n"
	      "       [FILE|-]\n"
	      "      read facts (a JSON or YAML object, from FILE or standard input)\n"
	      "      and print the decision's outputs as JSON\n"
	      "      --rules, -r PATH      a rule file or directory; repeat it to load\n"
	      "                            several together (the shipped rules, then a\n"
	      "                            site's own files)\n"
	      "      --include-root DIR    include: may read only files inside DIR\n"
	      "      --decision, -d NAME   the decision to make\n"
	      "      --explain             also list the rules that fired and the facts\n"
	      "                            they read\n"
	      "      --explain=full        and, in each first-hit table, the rules tried\n"
	      "                            before the one that fired: the first cell (or\n"
	      "                            when:) of each that was false, the value it saw\n"
	      "                            and the facts it read\n"
	      "      --lines               one JSON object per input line, one result per\n"
	      "                            output line, in input order, as they are\n"
	      "                            decided; a bad line gets an $error object\n"
	      "                            with its line number and the run goes on\n"
	      "                            (exit 1 at the end if any line failed); a\n"
	      "                            summary on standard error\n"
	      "      --jobs, -j N          with --lines: decide on N threads (1 to 30,\n"
	      "                            default 1)\n"
	      "      --keep FIELD          with --lines: copy the input's FIELD (an id)\n"
	      "                            into each output line, first; repeatable\n"
	      "      --unknown error|ignore  with --lines: a key that is no fact is an\n"
	      "                            error (the default) or skipped\n"
	      "      --quiet, -q           with --lines: no summary\n"
	      "\n"
	      "  test [--verbose] [--export-json] [--include-root DIR] PATH...\n"
	      "      run the tests: sections of rule files; ends with\n"
	      "      'N passed, N failed' (exit 1 if any failed)\n"
	      "      --verbose, -v         also print PASS and the name of each test\n"
	      "                            that passed\n"
	      "      --export-json         run nothing: print each decision test as a\n"
	      "                            line of JSON (facts, expected outputs)\n"
	      "      --include-root DIR    include: may read only files inside DIR\n"
	      "\n"
	      "  sla --rules PATH [--rules PATH]... [--include-root DIR] --timer NAME\n"
	      "      --start T\n"
	      "      [--pause A/B]... [--stop T] [--now T]\n"
	      "      a timer's due time, status, elapsed and remaining time and next\n"
	      "      alert, as JSON (instants in ISO 8601 with the calendar's offset)\n"
	      "      --rules PATH          a rule file or directory; repeatable\n"
	      "      --include-root DIR    include: may read only files inside DIR\n"
	      "      --timer NAME          the timer, like complaint.first_contact\n"
	      "      --start T             when the clock started, an instant with its\n"
	      "                            offset like 2026-10-01T09:00:00+08:00\n"
	      "      --pause A/B           the clock was paused from A to B; repeatable\n"
	      "      --stop T              when the clock stopped\n"
	      "      --now T               the instant to report at (default: --stop,\n"
	      "                            else --start)\n"
	      "\n"
	      "  calendar --rules PATH [--rules PATH]... [--include-root DIR] NAME\n"
	      "      [--year Y [--month M]] [--json]\n"
	      "      a calendar's months Monday-first, holidays and adjusted working days\n"
	      "      marked and listed (every year with data, or one year or month)\n"
	      "      --rules, -r PATH      a rule file or directory; repeatable\n"
	      "      --include-root DIR    include: may read only files inside DIR\n"
	      "      --year Y              one year\n"
	      "      --month M             one month (1 to 12) of that year\n"
	      "      --json                the days as JSON rather than text\n"
	      "      --help, -h            the calendar command's usage\n"
	      "\n"
	      "  describe --rules PATH [--rules PATH]... [--include-root DIR]\n"
	      "      --decision NAME [--json-schema]\n"
	      "      the facts a decision may read, its own and those of the decisions it\n"
	      "      chains to: type, allowed values, range, pattern, description\n"
	      "      --rules, -r PATH      a rule file or directory; repeatable\n"
	      "      --include-root DIR    include: may read only files inside DIR\n"
	      "      --decision, -d NAME   the decision\n"
	      "      --json-schema         a JSON Schema (draft 2020-12) of its facts\n"
	      "                            object instead, to check payloads with\n"
	      "\n"
	      "  schema [--help]\n"
	      "      the JSON Schema (draft-07) of rule files, for editors (the YAML\n"
	      "      language server: completion, hover help) and validators\n"
	      "      --help, -h            the schema command's usage\n"
	      "\n"
	      "  doc RULES... [--include-root DIR] -o DIR\n"
	      "      a policy book of the rule files or directories RULES (loaded together),\n"
	      "      as static HTML in DIR: an index and a page per rule file with its\n"
	      "      decision tables (each rule's source clause), facts, timers, calendars\n"
	      "      and its tests' results\n"
	      "      --output, -o DIR      where the pages go (made if missing)\n"
	      "      --include-root DIR    include: may read only files inside DIR\n"
	      "      --help, -h            the doc command's usage\n"
	      "\n"
	      "  diff --old PATH [--old PATH]... --new PATH [--new PATH]... --decision NAME\n"
	      "       [--jobs N] [--keep FIELD]... [--examples K] [--split OUTPUT|none]\n"
	      "       [--unknown error|ignore] [--json|--html] [FILE|-]\n"
	      "      make a decision with the old rules and with the new over the same\n"
	      "      NDJSON lines and report what changed: per output, old value -> new\n"
	      "      value counts, money moved, rules that fire more or less often, errors\n"
	      "      that appear or vanish, a few examples of each (exit 1 when any\n"
	      "      decision differs)\n"
	      "      --old PATH, --new PATH  the rules before and after the change, each a\n"
	      "                            rule file or directory; repeatable\n"
	      "      --decision, -d NAME   the decision to compare\n"
	      "      --include-root DIR    include: may read only files inside DIR\n"
	      "      --jobs, -j N          decide on N threads (1 to 30); the same report\n"
	      "      --keep FIELD          name examples by the input's FIELD (an id),\n"
	      "                            not by line number; repeatable\n"
	      "      --examples K          examples of each change (0 to 20, default 3)\n"
	      "      --split OUTPUT|none   split money moved by this output's changes\n"
	      "                            (default: the first string output)\n"
	      "      --unknown error|ignore  a key that is no fact is an error (the\n"
	      "                            default) or skipped\n"
	      "      --json                the report as JSON\n"
	      "      --html                the report as one HTML page\n"
	      "\n"
	      "  compile [--rules] PATH [--rules PATH]... [--include-root DIR] --decision NAME\n"
	      "       -o FILE.c [--header FILE.h] [--prefix NAME] [--fact NAME[?]]...\n"
	      "       [--optional] [--only-output NAME]... [--struct TYPE\n"
	      "       [--struct-header FILE.h] --member FACT=MEMBER[:OPTS]...]\n"
	      "      the decision (and those it reads) as plain C11, a C file and its\n"
	      "      header that decide for a struct of the facts as the engine does\n"
	      "      --rules, -r PATH      a rule file or directory; repeatable\n"
	      "      --include-root DIR    include: may read only files inside DIR\n"
	      "      --decision, -d NAME   the decision\n"
	      "      --output, -o FILE.c   the C file\n"
	      "      --header FILE.h       its header (default: FILE.c with .h)\n"
	      "      --prefix NAME         C names NAME_in, NAME_out, NAME_decide\n"
	      "      --fact NAME[?]        a fact the struct holds (NAME? with a has_\n"
	      "                            flag); repeatable; default: every fact read\n"
	      "      --optional            every fact with a has_ flag\n"
	      "      --only-output NAME    an output the output struct holds; repeatable;\n"
	      "                            default: every output\n"
	      "      --struct TYPE         read the facts from the host's own struct\n"
	      "      --struct-header FILE.h  the header that declares it\n"
	      "      --member FACT=MEMBER[:OPTS]  a member of it that sets FACT; OPTS: its C\n"
	      "                            type, index, present=NAME; repeatable\n"
	      "      --help, -h            the compile command's usage\n"
	      "\n"
	      "  version, --version        print the version\n"
	      "  help, --help, -h          print this help\n"
	      "\n"
	      "exit status: 0 success; 1 problems found, tests or decisions failed,\n"
	      "decisions differ (diff); 2 a bad command line, or rules that eval, sla,\n"
	      "calendar, describe, diff or compile cannot load\n",
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
	if (strcmp(cmd, "calendar") == 0)
		return cmd_calendar(argc - 1, argv + 1);
	if (strcmp(cmd, "compile") == 0)
		return cmd_compile(argc - 1, argv + 1);
	if (strcmp(cmd, "describe") == 0)
		return cmd_describe(argc - 1, argv + 1);
	if (strcmp(cmd, "schema") == 0)
		return cmd_schema(argc - 1, argv + 1);
	if (strcmp(cmd, "doc") == 0)
		return cmd_doc(argc - 1, argv + 1);
	if (strcmp(cmd, "diff") == 0)
		return cmd_diff(argc - 1, argv + 1);
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

/* SPDX-License-Identifier: MIT */
/* cmd_sla.c - `crmrules sla`: a timer's state from a clock given on the command line. */
#include <string.h>

#include "cli.h"

static int parse_instant(const char *s, int64_t *out)
{
	return crm_instant_parse(out, s, strlen(s)) ? -1 : 0;
}

static void instant(FILE *out, int64_t t, int offset)
{
	char buf[64];
	crm_instant_format(buf, sizeof buf, t, offset);
	fprintf(out, "\"%s\"", buf);
}

static int has_timer(const crm_ruleset *rs, const char *name)
{
	for (size_t i = 0; i < crm_ruleset_timer_count(rs); i++)
		if (strcmp(crm_ruleset_timer_name(rs, i), name) == 0)
			return 1;
	return 0;
}

static const char *const statuses[] = {"?", "running", "warning", "breached", "stopped"};

int cmd_sla(int argc, char **argv)
{
	const char *timer = NULL;
	cli_rules rules = {{NULL}, 0, NULL};
	int64_t start = 0, stop = 0, now = 0;
	int has_start = 0, has_now = 0, stopped = 0;
	crm_sla_pause pauses[CRM_LIMIT_PAUSES];
	size_t np = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		int bad = 0;
		if (!v) {
			bad = 1;
		} else if (strcmp(a, "--rules") == 0) {
			if (cli_add_rules(&rules, v))
				return EXIT_USAGE;
		} else if (strcmp(a, "--include-root") == 0) {
			rules.include_root = v;
		} else if (strcmp(a, "--timer") == 0) {
			timer = v;
		} else if (strcmp(a, "--start") == 0) {
			bad = parse_instant(v, &start);
			has_start = 1;
		} else if (strcmp(a, "--stop") == 0) {
			bad = parse_instant(v, &stop);
			stopped = 1;
		} else if (strcmp(a, "--now") == 0) {
			bad = parse_instant(v, &now);
			has_now = 1;
		} else if (strcmp(a, "--pause") == 0) {
			const char *slash = strchr(v, '/');
			char first[64];
			if (!slash || (size_t)(slash - v) >= sizeof first || np == CRM_LIMIT_PAUSES) {
				bad = 1;
			} else {
				memcpy(first, v, (size_t)(slash - v));
				first[slash - v] = '\0';
				bad = parse_instant(first, &pauses[np].start) ||
				      parse_instant(slash + 1, &pauses[np].end);
				np++;
			}
		} else {
			fprintf(stderr, "crmrules sla: unknown option '%s'\n", a);
			return EXIT_USAGE;
		}
		if (bad) {
			fprintf(stderr, "crmrules sla: %s needs %s\n", a,
			        strcmp(a, "--pause") == 0 ? "FROM/TO instants"
			        : v ? "an instant like 2026-10-01T09:00:00+08:00" : "a value");
			return EXIT_USAGE;
		}
		i++;
	}
	if (!rules.n || !timer || !has_start) {
		fputs("usage: crmrules sla --rules PATH [--rules PATH]... [--include-root DIR] "
		      "--timer NAME --start T "
		      "[--pause A/B]... "
		      "[--stop T] [--now T]\n"
		      "  instants are ISO 8601 with an offset; --now defaults to --stop, else --start\n",
		      stderr);
		return EXIT_USAGE;
	}
	/* No call reads the clock: without --now the state is taken at the stop
	 * (or at the start). */
	if (!has_now)
		now = stopped ? stop : start;
	crm_ruleset *rs = cli_load_paths(rules.paths, rules.n, rules.include_root, 0, NULL, NULL);
	if (!rs)
		return EXIT_USAGE;
	crm_sla_clock clock = {start, np ? pauses : NULL, np, stopped, stop};
	crm_sla_state s;
	crm_error err;
	int rc = crm_sla_evaluate(rs, timer, &clock, now, &s, &err);
	if (rc) {
		const char *near = rc == CRM_EUNKNOWN && !has_timer(rs, timer)
		                           ? crm_ruleset_suggest(rs, CRM_NAME_TIMER, timer)
		                           : NULL;
		fprintf(stderr, "crmrules sla: %s", err.message);
		if (near)
			fprintf(stderr, " (did you mean '%s'?)", near);
		fputc('\n', stderr);
		crm_ruleset_free(rs);
		return rc == CRM_EUNKNOWN || rc == CRM_EINVAL ? EXIT_USAGE : EXIT_FAIL;
	}
	printf("{\"timer\":");
	cli_json_string(stdout, timer, strlen(timer));
	printf(",\"measure\":\"%s\",\"status\":\"%s\",\"due\":", s.measure, statuses[s.status]);
	instant(stdout, s.due, s.utc_offset);
	printf(",\"total\":%lld,\"elapsed\":%lld,\"remaining\":%lld,\"next_alert\":",
	       (long long)s.total, (long long)s.elapsed, (long long)s.remaining);
	if (s.has_next_alert)
		instant(stdout, s.next_alert, s.utc_offset);
	else
		fputs("null", stdout);
	printf(",\"warnings_passed\":%d", s.warnings_passed);
	if (s.status == CRM_SLA_STOPPED)
		printf(",\"breached_at_stop\":%s", s.breached_at_stop ? "true" : "false");
	if (s.provisional) {
		/* due or alerts rest on days assumed past the calendar's data */
		char day[16];
		crm_value v = {CRM_T_DATE, CRM_T_UNKNOWN, {.date = s.assumed_from}};
		crm_value_format(day, sizeof day, &v);
		printf(",\"provisional\":true,\"assumed_from\":%s", day);
	}
	if (s.escalates_to) {
		fputs(",\"escalates_to\":", stdout);
		cli_json_string(stdout, s.escalates_to, strlen(s.escalates_to));
	}
	puts("}");
	crm_ruleset_free(rs);
	return EXIT_OK;
}

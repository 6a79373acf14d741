/* SPDX-License-Identifier: MIT */
/* complaint_flow.c - one complaint from receipt to closure: its level, its
 * route, its deadlines on the 2026 calendar, a dissatisfied rating, the
 * escalation, and the closing rating. The host keeps every clock. */
#include <crmrules.h>
#include <stdio.h>
#include <string.h>

static const crm_ruleset *rs;

static int64_t at(const char *iso)
{
	int64_t t = 0;
	crm_instant_parse(&t, iso, strlen(iso));
	return t;
}

static const char *when(int64_t t)
{
	static char buf[4][40];
	static int k;
	k = (k + 1) % 4;
	crm_instant_format(buf[k], sizeof buf[k], t, 8 * 3600);
	return buf[k];
}

static const char *const status_names[] = {"?", "running", "WARNING", "BREACHED", "stopped"};

/* Print a timer's state at now; returns 0 on success. */
static int show(const char *timer, const crm_sla_clock *clock, int64_t now)
{
	crm_sla_state s;
	crm_error err;
	if (crm_sla_evaluate(rs, timer, clock, now, &s, &err)) {
		printf("    %-34s %s\n", timer, err.message);
		return 1;
	}
	printf("    %-34s due %s  %s", timer, when(s.due), status_names[s.status]);
	if (s.status == CRM_SLA_STOPPED)
		printf(s.breached_at_stop ? " (late)" : " (in time)");
	else if (s.has_next_alert)
		printf(", next alert %s", when(s.next_alert));
	printf("\n");
	return 0;
}

static int set(crm_facts *f, const char *json)
{
	crm_error err;
	if (crm_facts_set_json(f, json, strlen(json), &err)) {
		fprintf(stderr, "facts: %s\n", err.message);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *rules = argc > 1 ? argv[1] : "rules";
	crm_ruleset *owned;
	crm_error err;
	if (crm_ruleset_load(&owned, rules, NULL, &err)) {
		fprintf(stderr, "%s:%d:%d: %s\n", err.file, err.line, err.column, err.message);
		return 1;
	}
	rs = owned;
	crm_facts *f;
	crm_context *ctx;
	if (crm_facts_new(&f, rs) || crm_context_new(&ctx, rs, NULL))
		return 1;
	int status = 0;

	/* 1. Received on the eve of National Day. */
	int64_t received = at("2026-09-30T17:40:00+08:00");
	printf("Received %s: \"We ordered 20 t of baled cardboard and got 18 t.\"\n", when(received));
	status |= set(f, "{\"category\": \"wrong_delivery\", \"repeat_count\": 0, \"emotional\": false,"
	                 " \"beyond_authority\": false, \"reported_to_12315\": false,"
	                 " \"batch_quality\": false, \"department_inaction\": false,"
	                 " \"reputational_risk\": false,"
	                 " \"text\": \"We ordered 20 t of baled cardboard and got 18 t.\"}");
	crm_complaint c;
	if (crm_complaint_assess(ctx, f, &c, &err)) {
		fprintf(stderr, "assess: %s\n", err.message);
		return 1;
	}
	/* the rule that set the level is the last one: chained decisions come
	 * first (complaint_text, which folds the text) */
	printf("  level %d, handled by %s (rule %s); timers started:\n", c.level, c.handler,
	       c.rules.count ? c.rules.id[c.rules.count - 1] : "?");
	crm_sla_clock clocks[CRM_COMPLAINT_TIMERS_MAX];
	for (size_t i = 0; i < c.ntimers; i++) {
		clocks[i] = (crm_sla_clock){received, NULL, 0, 0, 0};
		status |= show(c.timers[i], &clocks[i], received);
	}
	const crm_result *r;
	const char *dept = "?";
	size_t len = 1;
	if (crm_decide(ctx, "complaint_routing", f, &r, &err) == 0 &&
	    crm_result_get_string(r, "department", &dept, &len) == 0)
		printf("  routed to the %.*s department (rule %s)\n", (int)len, dept,
		       crm_result_fired_id(r, 0));

	/* 2. First contact on the first working day after the holidays. */
	int64_t contacted = at("2026-10-08T10:15:00+08:00");
	clocks[0].stopped = 1;
	clocks[0].stop = contacted;
	printf("Contacted %s:\n", when(contacted));
	status |= show(c.timers[0], &clocks[0], contacted);
	status |= show(c.timers[1], &clocks[1], contacted);

	/* 3. Resolved; the customer rates it 4 (dissatisfied): escalation. */
	int64_t resolved = at("2026-10-09T16:00:00+08:00");
	status |= set(f, "{\"level\": 1, \"satisfaction_rating\": 4}");
	crm_complaint e;
	if (crm_complaint_escalate(ctx, f, &e, &err)) {
		fprintf(stderr, "escalate: %s\n", err.message);
		return 1;
	}
	printf("Resolved %s, rated 4 (dissatisfied): level %d, now %s (rule %s)\n", when(resolved),
	       e.level, e.handler, e.rules.id[0]);
	crm_sla_clock serious = {resolved, NULL, 0, 0, 0};
	status |= show("complaint.progress_update.serious", &serious, resolved);
	/* The customer asked to pause the case over the weekend. */
	crm_sla_pause weekend = {at("2026-10-10T18:00:00+08:00"), at("2026-10-12T09:00:00+08:00")};
	serious.pauses = &weekend;
	serious.npauses = 1;
	int64_t monday = at("2026-10-12T09:00:00+08:00");
	printf("  paused for the weekend; on %s:\n", when(monday));
	status |= show("complaint.progress_update.serious", &serious, monday);

	/* 4. Resolved again; rated 2 (satisfied): closed. A revisit follows. */
	int64_t resolved2 = at("2026-10-13T11:00:00+08:00");
	status |= set(f, "{\"level\": 2, \"satisfaction_rating\": 2}");
	if (crm_complaint_escalate(ctx, f, &e, &err)) {
		fprintf(stderr, "escalate: %s\n", err.message);
		return 1;
	}
	printf("Resolved %s, rated 2 (satisfied): %s (rule %s)\n", when(resolved2),
	       e.closed ? "closed" : "open", e.rules.id[0]);
	crm_sla_clock revisit = {resolved2, NULL, 0, 0, 0};
	status |= show("complaint.revisit", &revisit, resolved2);

	crm_context_free(ctx);
	crm_facts_free(f);
	crm_ruleset_free(owned);
	return status;
}

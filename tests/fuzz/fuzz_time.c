/* SPDX-License-Identifier: MIT */
/* fuzz_time.c - ISO 8601 instants, money text, fact text of every type, and SLA
 * clocks built from the bytes. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "crmrules.h"

#ifndef CRM_RULES_DIR
#error "CRM_RULES_DIR must name rules/"
#endif

static const char rules[] =
	"include: [" CRM_RULES_DIR "/calendars/cn-2026.yaml]\n"
	"facts: { d: date, t: datetime, u: duration, m: money, n: number, i: int }\n"
	"timers:\n"
	"  wd: { duration: 3 working days, calendar: cn-2026, warnings: [50%] }\n"
	"  bh: { duration: 5 business hours, calendar: cn-2026 }\n"
	"  w: { duration: 90 min }\n";

static crm_ruleset *rs;
static crm_facts *f;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	crm_error err;
	if (!rs) {
		crm_ruleset_load_buffer(&rs, rules, strlen(rules), "time.yaml", NULL, &err);
		crm_facts_new(&f, rs);
	}
	const char *s = (const char *)data;
	int64_t t, m;
	crm_instant_parse(&t, s, size);
	crm_money_parse(&m, s, size);
	static const char *const names[] = {"d", "t", "u", "m", "n", "i"};
	for (size_t k = 0; k < 6; k++)
		crm_facts_set_text(f, names[k], s, size, &err);
	/* a clock from the bytes: start, pauses, stop, now */
	int64_t v[8] = {0};
	memcpy(v, data, size < sizeof v ? size : sizeof v);
	int64_t base = 1767196800; /* 2026-01-01T00:00:00+08:00 */
	crm_sla_pause p[3];
	for (int k = 0; k < 3; k++) {
		p[k].start = base + v[2 + k] % (400LL * 86400);
		p[k].end = p[k].start + v[5 + (k % 3)] % (30LL * 86400);
	}
	crm_sla_clock c = {base + v[0] % (400LL * 86400), p, (size_t)(size % 4), (int)(size & 1),
	                   base + v[1] % (400LL * 86400)};
	crm_sla_state st;
	static const char *const timers[] = {"wd", "bh", "w"};
	for (int k = 0; k < 3; k++)
		crm_sla_evaluate(rs, timers[k], &c, c.start + v[7] % (60LL * 86400), &st, &err);
	return 0;
}

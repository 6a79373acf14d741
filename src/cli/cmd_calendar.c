/* SPDX-License-Identifier: MIT */
/* cmd_calendar.c - `crmrules calendar`: a calendar's days as Monday-first month grids, or JSON.
 *
 * Every day of the selection is asked of the library first and kept in one
 * array, so an error (a year without data) is reported before anything is
 * printed and the JSON is never cut short. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define GRID_WIDTH 27  /* 7 cells of a 2-digit day and a marker, a space between */
#define DATE_COL 12    /* "Feb 15-23" and padding, in the month's list */
#define KIND_COL 15    /* "special hours" and padding */

static const char *const month_names[] = {"January", "February", "March",     "April",
                                          "May",     "June",     "July",      "August",
                                          "September", "October", "November", "December"};
static const char *const wday_short[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
static const char *const wday_title[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

/* One day of the selection. wday: 0 Monday .. 6 Sunday. */
typedef struct cal_day {
	int year, month, mday, wday;
	crm_calendar_day d;
} cal_day;

static void usage(FILE *out)
{
	fputs("usage: crmrules calendar --rules PATH [--rules PATH]... [--include-root DIR] NAME "
	      "[--year Y [--month M]] [--json]\n"
	      "  without --year, every year the calendar has data for\n",
	      out);
}

static int parse_int(const char *s, long lo, long hi, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (!*s || *end || v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

/* "09:00" (seconds of the day; "24:00" ends a day). */
static void clock_text(char *buf, size_t size, int32_t s)
{
	if (s % 60)
		snprintf(buf, size, "%02d:%02d:%02d", (int)(s / 3600), (int)(s / 60 % 60), (int)(s % 60));
	else
		snprintf(buf, size, "%02d:%02d", (int)(s / 3600), (int)(s / 60 % 60));
}

static void span_text(char *buf, size_t size, int32_t a, int32_t b)
{
	char x[16], y[16];
	clock_text(x, sizeof x, a);
	clock_text(y, sizeof y, b);
	snprintf(buf, size, "%s-%s", x, y);
}

static void offset_text(char *buf, size_t size, int off)
{
	int a = off < 0 ? -off : off;
	snprintf(buf, size, "%c%02d:%02d", off < 0 ? '-' : '+', a / 3600, a / 60 % 60);
}

/* Appends to a fixed line buffer, truncating quietly. */
typedef struct line {
	size_t len;
	char buf[1024];
} line;

static void add(line *l, const char *s)
{
	size_t n = strlen(s), room = sizeof l->buf - 1 - l->len;
	if (n > room)
		n = room;
	memcpy(l->buf + l->len, s, n);
	l->len += n;
	l->buf[l->len] = '\0';
}

static void pad_to(line *l, size_t col)
{
	while (l->len < col && l->len + 1 < sizeof l->buf)
		l->buf[l->len++] = ' ';
	l->buf[l->len] = '\0';
}

static void add_spans(line *l, int n, const int32_t *start, const int32_t *end)
{
	for (int i = 0; i < n; i++) {
		char s[32];
		span_text(s, sizeof s, start[i], end[i]);
		if (i)
			add(l, ", ");
		add(l, s);
	}
}

/* "Mon-Fri", "Mon, Wed, Fri", "Sun-Thu": runs of three or more as ranges. */
static void add_week(line *l, unsigned week)
{
	int first = 1;
	for (int d = 0; d < 7;) {
		if (!(week >> d & 1u)) {
			d++;
			continue;
		}
		int e = d;
		while (e + 1 < 7 && week >> (e + 1) & 1u)
			e++;
		if (!first)
			add(l, ", ");
		first = 0;
		add(l, wday_title[d]);
		if (e - d >= 2) {
			add(l, "-");
			add(l, wday_title[e]);
		} else if (e > d) {
			add(l, ", ");
			add(l, wday_title[e]);
		}
		d = e + 1;
	}
	if (first)
		add(l, "none");
}

static const char *kind_json(crm_day_kind k)
{
	switch (k) {
	case CRM_DAY_WORKING: return "working";
	case CRM_DAY_WEEKEND: return "weekend";
	case CRM_DAY_HOLIDAY: return "holiday";
	case CRM_DAY_ADJUSTED: return "adjusted";
	case CRM_DAY_SPECIAL: return "special";
	}
	return "?";
}

/* The word in a month's list of entries. */
static const char *kind_text(crm_day_kind k)
{
	switch (k) {
	case CRM_DAY_WORKING: return "working day";
	case CRM_DAY_WEEKEND: return "day off";
	case CRM_DAY_HOLIDAY: return "holiday";
	case CRM_DAY_ADJUSTED: return "working day";
	case CRM_DAY_SPECIAL: return "special hours";
	}
	return "?";
}

static char marker(const crm_calendar_day *d)
{
	if (d->assumed)
		return '?';
	switch (d->kind) {
	case CRM_DAY_HOLIDAY: return '*';
	case CRM_DAY_ADJUSTED: return '+';
	case CRM_DAY_SPECIAL: return '~';
	default: return ' ';
	}
}

/* A day worth a line under its month: an entry of the year's data or the site's. */
static int listed(const crm_calendar_day *d)
{
	return !d->assumed && (d->kind == CRM_DAY_HOLIDAY || d->kind == CRM_DAY_ADJUSTED ||
	                       d->kind == CRM_DAY_SPECIAL || d->name || d->site);
}

/* Two days that read as one line ("Feb 15-23   holiday  Spring Festival"). */
static int same_entry(const crm_calendar_day *a, const crm_calendar_day *b)
{
	if (a->kind != b->kind || a->site != b->site || !a->name != !b->name ||
	    (a->name && strcmp(a->name, b->name) != 0))
		return 0;
	if (a->kind != CRM_DAY_SPECIAL)
		return 1;
	if (a->nspans != b->nspans)
		return 0;
	for (int i = 0; i < a->nspans; i++)
		if (a->span_start[i] != b->span_start[i] || a->span_end[i] != b->span_end[i])
			return 0;
	return 1;
}

static void print_line(line *l)
{
	while (l->len && l->buf[l->len - 1] == ' ')
		l->buf[--l->len] = '\0';
	add(l, "\n");
	fputs(l->buf, stdout);
}

static void print_header(const crm_calendar_info *info, const char *asked,
                         const crm_ruleset *rs, int cal)
{
	char off[16];
	offset_text(off, sizeof off, info->utc_offset);
	line l = {0};
	add(&l, info->name);
	if (strcmp(asked, info->name) != 0) {
		add(&l, " (alias ");
		add(&l, asked);
		add(&l, ")");
	}
	add(&l, "  UTC");
	add(&l, off);
	add(&l, "  working week ");
	add_week(&l, info->working_week);
	print_line(&l);
	if (info->has_hours || info->nbreaks) {
		l.len = 0;
		if (info->has_hours) {
			add(&l, "working hours ");
			add_spans(&l, info->nhours, info->hours_start, info->hours_end);
		}
		if (info->nbreaks) {
			if (info->has_hours)
				add(&l, ", ");
			add(&l, info->nbreaks == 1 ? "break " : "breaks ");
			add_spans(&l, info->nbreaks, info->break_start, info->break_end);
		}
		print_line(&l);
	}
	/* the years with data, gaps shown: "data for 2024-2025, 2027" */
	l.len = 0;
	add(&l, "data for ");
	int any = 0;
	for (int y = info->first_year; info->first_year && y <= info->last_year; y++) {
		if (crm_calendar_has_year(rs, cal, y) != 1)
			continue;
		int e = y;
		while (e < info->last_year && crm_calendar_has_year(rs, cal, e + 1) == 1)
			e++;
		char buf[32];
		if (e > y)
			snprintf(buf, sizeof buf, "%s%d-%d", any ? ", " : "", y, e);
		else
			snprintf(buf, sizeof buf, "%s%d", any ? ", " : "", y);
		add(&l, buf);
		any = 1;
		y = e;
	}
	if (!any)
		add(&l, "no year");
	add(&l, info->beyond_working_week ? "; other years assumed from the working week"
	                                  : "; other years are an error");
	print_line(&l);
}

/* One month: title, weekday row, week rows of equal width, then its entries. */
static void print_month(const cal_day *days, size_t n)
{
	char title[64];
	int tl = snprintf(title, sizeof title, "%s %d", month_names[days[0].month - 1], days[0].year);
	line l = {0};
	pad_to(&l, (size_t)(GRID_WIDTH - tl) / 2);
	add(&l, title);
	fputs("\n", stdout);
	print_line(&l);
	fputs("Mo  Tu  We  Th  Fr  Sa  Su\n", stdout);
	l.len = 0;
	for (size_t i = 0; i < n; i++) {
		char cell[8];
		snprintf(cell, sizeof cell, "%2d%c", days[i].mday, marker(&days[i].d));
		pad_to(&l, (size_t)days[i].wday * 4); /* a column is 4 wide: "dd" marker space */
		add(&l, cell);
		if (days[i].wday == 6 || i + 1 == n) {
			/* every row as wide as a full week, so the columns stay put */
			pad_to(&l, GRID_WIDTH);
			add(&l, "\n");
			fputs(l.buf, stdout);
			l.len = 0;
			l.buf[0] = '\0';
		}
	}
	for (size_t i = 0; i < n; i++) {
		const crm_calendar_day *d = &days[i].d;
		if (!listed(d))
			continue;
		size_t j = i;
		while (j + 1 < n && listed(&days[j + 1].d) && same_entry(d, &days[j + 1].d))
			j++;
		char when[32];
		const char *mon = month_names[days[i].month - 1];
		if (j > i)
			snprintf(when, sizeof when, "%.3s %d-%d", mon, days[i].mday, days[j].mday);
		else
			snprintf(when, sizeof when, "%.3s %d", mon, days[i].mday);
		l.len = 0;
		add(&l, "  ");
		add(&l, when);
		pad_to(&l, 2 + DATE_COL);
		add(&l, kind_text(d->kind));
		pad_to(&l, 2 + DATE_COL + KIND_COL);
		if (d->name)
			add(&l, d->name);
		if (d->kind == CRM_DAY_SPECIAL) {
			if (d->name)
				add(&l, ", ");
			if (d->nspans)
				add_spans(&l, d->nspans, d->span_start, d->span_end);
			else
				add(&l, "no working time");
		}
		if (d->site)
			add(&l, d->name || d->kind == CRM_DAY_SPECIAL ? " (site)" : "(site)");
		print_line(&l);
		i = j;
	}
}

static void print_text(const crm_calendar_info *info, const char *asked, const crm_ruleset *rs,
                       int cal, const cal_day *days, size_t n)
{
	print_header(info, asked, rs, cal);
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && days[j].month == days[i].month && days[j].year == days[i].year)
			j++;
		print_month(days + i, j - i);
		i = j;
	}
	fputs("\n* holiday  + weekend day worked  ~ special hours  ? no data, assumed\n", stdout);
}

static void json_str(const char *s)
{
	cli_json_string(stdout, s, strlen(s));
}

static void json_spans(int n, const int32_t *start, const int32_t *end)
{
	putchar('[');
	for (int i = 0; i < n; i++) {
		char s[32];
		span_text(s, sizeof s, start[i], end[i]);
		printf("%s\"%s\"", i ? "," : "", s);
	}
	putchar(']');
}

static void print_json(const crm_calendar_info *info, const cal_day *days, size_t n)
{
	char off[16];
	offset_text(off, sizeof off, info->utc_offset);
	fputs("{\"calendar\":", stdout);
	json_str(info->name);
	printf(",\"utc_offset\":\"%s\",\"working_week\":[", off);
	int k = 0;
	for (int d = 0; d < 7; d++)
		if (info->working_week >> d & 1u)
			printf("%s\"%s\"", k++ ? "," : "", wday_short[d]);
	fputs("],\"working_hours\":", stdout);
	if (info->has_hours) {
		json_spans(info->nhours, info->hours_start, info->hours_end);
	} else {
		int32_t a = 0, b = 86400;
		json_spans(1, &a, &b);
	}
	fputs(",\"breaks\":", stdout);
	json_spans(info->nbreaks, info->break_start, info->break_end);
	printf(",\"beyond_data\":\"%s\",\"days\":[",
	       info->beyond_working_week ? "working_week" : "error");
	for (size_t i = 0; i < n; i++) {
		const cal_day *c = &days[i];
		const crm_calendar_day *d = &c->d;
		printf("%s{\"date\":\"%04d-%02d-%02d\",\"weekday\":\"%s\",\"kind\":\"%s\",\"working\":%s",
		       i ? "," : "", c->year, c->month, c->mday, wday_short[c->wday], kind_json(d->kind),
		       d->working ? "true" : "false");
		if (d->name) {
			fputs(",\"name\":", stdout);
			json_str(d->name);
		}
		if (d->working) {
			fputs(",\"hours\":", stdout);
			json_spans(d->nspans, d->span_start, d->span_end);
		}
		if (d->assumed)
			fputs(",\"assumed\":true", stdout);
		if (d->site)
			fputs(",\"site\":true", stdout);
		putchar('}');
	}
	fputs("]}\n", stdout);
}

/* Ask the library for every day of the months selected; NULL after an error. */
static cal_day *collect(const crm_ruleset *rs, int cal, const int *years, size_t nyears,
                        int month, size_t *count)
{
	size_t cap = 0;
	for (size_t y = 0; y < nyears; y++)
		cap += month ? 31 : 366;
	cal_day *days = malloc(cap * sizeof *days);
	if (!days) {
		fputs("crmrules calendar: out of memory\n", stderr);
		return NULL;
	}
	size_t n = 0;
	for (size_t y = 0; y < nyears; y++) {
		for (int m = month ? month : 1; m <= (month ? month : 12); m++) {
			int64_t first;
			crm_date_from_civil(&first, years[y], m, 1);
			/* the month's days, until the date of the next one */
			for (int d = 1, mm, wd; !crm_date_to_civil(first + d - 1, NULL, &mm, NULL, &wd) &&
			                        mm == m;
			     d++) {
				cal_day *c = &days[n++];
				crm_error err;
				int rc = crm_calendar_day_info(rs, cal, first + d - 1, &c->d, &err);
				if (rc) {
					fprintf(stderr, "crmrules calendar: %s\n",
					        err.message[0] ? err.message : crm_strerror(rc));
					free(days);
					return NULL;
				}
				c->year = years[y];
				c->month = m;
				c->mday = d;
				c->wday = wd - 1;
			}
		}
	}
	*count = n;
	return days;
}

static void unknown_calendar(const crm_ruleset *rs, const char *name)
{
	size_t n = crm_ruleset_calendar_count(rs);
	fprintf(stderr, "crmrules calendar: no calendar '%s'", name);
	if (!n) {
		fputs(": the rules declare no calendars\n", stderr);
		return;
	}
	fputs("; known calendars:", stderr);
	for (size_t i = 0; i < n; i++) {
		crm_calendar_info info;
		if (crm_calendar_describe(rs, (int)i, &info) == 0)
			fprintf(stderr, "%s %s", i ? "," : "", info.name);
	}
	fputc('\n', stderr);
}

int cmd_calendar(int argc, char **argv)
{
	cli_rules rules = {{NULL}, 0, NULL};
	const char *name = NULL;
	int year = 0, month = 0, json = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(a, "--json") == 0) {
			json = 1;
			continue;
		}
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			return EXIT_OK;
		}
		if (strcmp(a, "--rules") == 0 || strcmp(a, "-r") == 0) {
			if (!v || cli_add_rules(&rules, v)) {
				if (!v)
					fputs("crmrules calendar: --rules needs a path\n", stderr);
				usage(stderr);
				return EXIT_USAGE;
			}
		} else if (strcmp(a, "--include-root") == 0) {
			if (!v) {
				fputs("crmrules calendar: --include-root needs a directory\n", stderr);
				usage(stderr);
				return EXIT_USAGE;
			}
			rules.include_root = v;
		} else if (strcmp(a, "--year") == 0) {
			if (!v || parse_int(v, CRM_YEAR_MIN, CRM_YEAR_MAX, &year)) {
				fprintf(stderr, "crmrules calendar: --year takes a year like 2026, not '%s'\n",
				        v ? v : "");
				usage(stderr);
				return EXIT_USAGE;
			}
		} else if (strcmp(a, "--month") == 0) {
			if (!v || parse_int(v, 1, 12, &month)) {
				fprintf(stderr, "crmrules calendar: --month takes 1 to 12, not '%s'\n",
				        v ? v : "");
				usage(stderr);
				return EXIT_USAGE;
			}
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "crmrules calendar: unknown option '%s'\n", a);
			usage(stderr);
			return EXIT_USAGE;
		} else if (name) {
			fprintf(stderr, "crmrules calendar: one calendar at a time ('%s' and '%s')\n",
			        name, a);
			usage(stderr);
			return EXIT_USAGE;
		} else {
			name = a;
			continue;
		}
		i++;
	}
	if (!rules.n || !name) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (month && !year) {
		fputs("crmrules calendar: --month needs --year\n", stderr);
		usage(stderr);
		return EXIT_USAGE;
	}
	crm_ruleset *rs = cli_load_paths(rules.paths, rules.n, rules.include_root, 0, NULL, NULL);
	if (!rs)
		return EXIT_USAGE;
	int status = EXIT_FAIL;
	int *years = NULL;
	cal_day *days = NULL;
	int cal = crm_calendar_find(rs, name);
	crm_calendar_info info;
	if (cal < 0) {
		unknown_calendar(rs, name);
		status = EXIT_USAGE;
		goto done;
	}
	if (crm_calendar_describe(rs, cal, &info)) {
		fprintf(stderr, "crmrules calendar: cannot describe calendar '%s'\n", name);
		goto done;
	}
	/* the years shown: --year, else those with data (a --year without data
	 * is left to the library, which assumes its days or says it has none) */
	size_t nyears = year ? 1 : info.first_year ? (size_t)(info.last_year - info.first_year + 1) : 0;
	years = nyears ? malloc(nyears * sizeof *years) : NULL;
	if (nyears && !years) {
		fputs("crmrules calendar: out of memory\n", stderr);
		goto done;
	}
	if (year) {
		years[0] = year;
	} else {
		nyears = 0;
		for (int y = info.first_year; y && y <= info.last_year; y++)
			if (crm_calendar_has_year(rs, cal, y) == 1)
				years[nyears++] = y;
	}
	if (!nyears) {
		fprintf(stderr, "crmrules calendar: calendar %s has no data for any year%s\n", info.name,
		        info.beyond_working_week ? " (--year Y shows the working week assumed)" : "");
		goto done;
	}
	size_t n = 0;
	days = collect(rs, cal, years, nyears, month, &n);
	if (!days)
		goto done;
	if (json)
		print_json(&info, days, n);
	else
		print_text(&info, name, rs, cal, days, n);
	status = EXIT_OK;
done:
	free(days);
	free(years);
	crm_ruleset_free(rs);
	return status;
}

/* SPDX-License-Identifier: MIT */
/* doc_html.c - HTML for `crmrules doc`: escaping, ids, expressions with
 * their names linked, the page frame and its style sheet, calendar months. */
#include <string.h>

#include "doc.h"

void doc_textn(FILE *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		switch (s[i]) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&#39;", out); break;
		case '\0': fputs("\xEF\xBF\xBD", out); break; /* U+FFFD: no NUL in a page */
		default: fputc(s[i], out);
		}
	}
}

void doc_text(FILE *out, const char *s)
{
	if (s)
		doc_textn(out, s, strlen(s));
}

static int id_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-';
}

void doc_id(FILE *out, const char *prefix, const char *name)
{
	fputs(prefix, out);
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if (id_char(*p))
			fputc(*p, out);
		else
			fprintf(out, ".%02X", *p);
	}
}

int doc_href(char *buf, size_t size, const char *page, const char *prefix, const char *name,
             size_t len)
{
	int k = snprintf(buf, size, "%s#%s", page, prefix);
	if (k < 0 || (size_t)k >= size)
		return -1;
	size_t at = (size_t)k;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)name[i];
		if (at + 4 > size)
			return -1;
		if (id_char(c))
			buf[at++] = (char)c;
		else
			at += (size_t)snprintf(buf + at, size - at, ".%02X", c);
	}
	buf[at] = '\0';
	return 0;
}

static int name_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int name_char(char c)
{
	return name_start(c) || (c >= '0' && c <= '9');
}

/* The end of the string literal that starts at s[i] (a quote), escapes
 * skipped; the text's end when it is not closed. */
static size_t literal_end(const char *s, size_t n, size_t i)
{
	char q = s[i];
	for (i++; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n)
			i++;
		else if (s[i] == q)
			return i + 1;
	}
	return n;
}

/* Walks an expression's names (outside string literals): each name, and
 * whether it is dotted (a.b: a decision's output). A name right after a
 * digit or a '.' that ends no name is part of a number or a date. */
typedef void (*name_fn)(void *ud, const char *s, size_t from, size_t to, int dotted);

static void walk_names(const char *s, name_fn fn, void *ud)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		if (s[i] == '"' || s[i] == '\'') {
			i = literal_end(s, n, i);
			continue;
		}
		if (!name_start(s[i]) || (i > 0 && (name_char(s[i - 1]) || s[i - 1] == '.'))) {
			i++;
			continue;
		}
		size_t e = i;
		while (e < n && name_char(s[e]))
			e++;
		int dotted = 0;
		if (e + 1 < n && s[e] == '.' && name_start(s[e + 1])) {
			dotted = 1;
			e++;
			while (e < n && name_char(s[e]))
				e++;
		}
		fn(ud, s, i, e, dotted);
		i = e;
	}
}

typedef struct expr_out {
	FILE *out;
	const char *s;
	size_t done; /* written up to here */
	doc_resolve_fn resolve;
	void *ud;
} expr_out;

static void link_name(void *ud, const char *s, size_t from, size_t to, int dotted)
{
	expr_out *x = ud;
	char href[512];
	if (!x->resolve || !x->resolve(x->ud, s + from, to - from, dotted, href, sizeof href))
		return;
	doc_textn(x->out, s + x->done, from - x->done);
	fputs("<a href=\"", x->out);
	doc_text(x->out, href);
	fputs("\">", x->out);
	doc_textn(x->out, s + from, to - from);
	fputs("</a>", x->out);
	x->done = to;
}

void doc_expr(FILE *out, const char *text, doc_resolve_fn resolve, void *ud)
{
	if (!text)
		return;
	expr_out x = {out, text, 0, resolve, ud};
	walk_names(text, link_name, &x);
	doc_text(out, text + x.done);
}

typedef struct names_out {
	void (*found)(void *ud, const char *name, size_t len);
	void *ud;
} names_out;

static void found_dotted(void *ud, const char *s, size_t from, size_t to, int dotted)
{
	names_out *x = ud;
	if (!dotted)
		return;
	size_t len = 0;
	while (from + len < to && s[from + len] != '.')
		len++;
	x->found(x->ud, s + from, len);
}

void doc_expr_names(const char *text, void (*found)(void *ud, const char *name, size_t len),
                    void *ud)
{
	names_out x = {found, ud};
	if (text)
		walk_names(text, found_dotted, &x);
}

/* One style sheet in every page: a page reads alone, offline, and prints. */
static const char style[] =
	":root{--ink:#1d2433;--muted:#5b6475;--line:#d5dae3;--head:#eef1f6;--accent:#1f5fa8;"
	"--hol:#f7d4d4;--adj:#d3ecd5;--spe:#fbe8c2;--off:#f1f1f1;--asm:#e4e0f5}\n"
	"*{box-sizing:border-box}\n"
	"body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',"
	"'Noto Sans CJK SC',sans-serif;color:var(--ink);margin:0;background:#fff}\n"
	"header.bar{background:#23324d;color:#fff;padding:.6rem 1.5rem;display:flex;gap:1.5rem;"
	"align-items:baseline}\n"
	"header.bar a{color:#fff}\n"
	"header.bar .book{font-weight:600}\n"
	"main{padding:1rem 1.5rem 3rem;max-width:100rem}\n"
	"h1{font-size:1.6rem;margin:.4rem 0 .6rem}\n"
	"h2{font-size:1.3rem;margin:2rem 0 .5rem;border-bottom:2px solid var(--line);"
	"padding-bottom:.2rem}\n"
	"h3{font-size:1.1rem;margin:1.6rem 0 .4rem}\n"
	"a{color:var(--accent)}\n"
	"code,.code{font-family:ui-monospace,'DejaVu Sans Mono',Menlo,Consolas,monospace;"
	"font-size:.88em}\n"
	".note{color:var(--muted)}\n"
	".source{white-space:pre-wrap;color:var(--muted);border-left:3px solid var(--line);"
	"padding:.2rem .8rem;margin:.4rem 0 1rem}\n"
	"p.policy{margin:.3rem 0}\n"
	"table{border-collapse:collapse;margin:.4rem 0 1rem}\n"
	"th,td{border:1px solid var(--line);padding:.25rem .5rem;vertical-align:top;text-align:left}\n"
	"thead th{background:var(--head)}\n"
	"th .type,th .expr{display:block;font-weight:normal;color:var(--muted);font-size:.82em}\n"
	"td.any{color:#aab;text-align:center}\n"
	"td.clause{color:var(--muted);font-style:italic;white-space:pre-wrap}\n"
	"tr.clause td{color:#3d4a5f;font-style:italic;white-space:pre-wrap;background:#fafbfd;"
	"border-bottom:none;font-size:.9em}\n"
	"tr.clause+tr.rule td{border-top:none}\n"
	"th.out,td.out{background:#f6f9f4}\n"
	"td.rule{white-space:nowrap;font-weight:600}\n"
	"td.pass{color:#1b6e2a;font-weight:600}\n"
	"td.fail{color:#a61b1b;font-weight:600}\n"
	"tr:target{outline:2px solid var(--accent)}\n"
	".months{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start}\n"
	"table.month{margin:0;font-size:.85em}\n"
	"table.month caption{font-weight:600;padding:.2rem}\n"
	"table.month td{text-align:right;min-width:2.1em;padding:.15rem .3rem}\n"
	"table.month td.weekend{background:var(--off)}\n"
	"table.month td.holiday{background:var(--hol)}\n"
	"table.month td.adjusted{background:var(--adj)}\n"
	"table.month td.special{background:var(--spe)}\n"
	"table.month td.assumed{background:var(--asm)}\n"
	"ul.entries{margin:.2rem 0 0;padding-left:1.1rem;font-size:.8em;max-width:14rem}\n"
	".legend span{display:inline-block;padding:0 .4rem;margin-right:.4rem;"
	"border:1px solid var(--line)}\n"
	".legend .holiday{background:var(--hol)}.legend .adjusted{background:var(--adj)}"
	".legend .special{background:var(--spe)}.legend .weekend{background:var(--off)}"
	".legend .assumed{background:var(--asm)}\n"
	"@media print{header.bar{display:none}main{padding:0;max-width:none}"
	"body{font-size:10pt}a{color:inherit;text-decoration:none}"
	"h2{break-after:avoid}tr,table.month{break-inside:avoid}tr.clause{break-after:avoid}"
	"thead{display:table-header-group}"
	"table.rules{font-size:7.5pt;width:100%}th,td{overflow-wrap:anywhere}"
	"td.any{color:#888}section.decision{break-before:auto}}\n";

void doc_page_begin(FILE *out, const char *title, int is_index)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<meta name=\"generator\" content=\"crmrules doc\">\n<title>",
	      out);
	doc_text(out, title);
	fputs("</title>\n<style>\n", out);
	fputs(style, out);
	fputs("</style>\n</head>\n<body>\n<header class=\"bar\"><span class=\"book\">", out);
	if (is_index)
		fputs("Policy book", out);
	else
		fputs("<a href=\"index.html\">Policy book</a>", out);
	fputs("</span></header>\n<main>\n", out);
}

void doc_page_end(FILE *out)
{
	fputs("</main>\n</body>\n</html>\n", out);
}

void doc_value(FILE *out, const crm_value *v)
{
	char buf[512];
	crm_value_format(buf, sizeof buf, v);
	size_t n = strlen(buf);
	/* a string comes back as JSON text: show it unquoted (escapes and all:
	 * the value as a host writes it) */
	if (n >= 2 && buf[0] == '"')
		doc_textn(out, buf + 1, n - 2);
	else
		doc_text(out, buf);
}

/* ---- calendars ---------------------------------------------------------------- */

static const char *const month_names[] = {"January", "February", "March",     "April",
                                          "May",     "June",     "July",      "August",
                                          "September", "October", "November", "December"};
static const char *const wday_title[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

static void clock_text(FILE *out, int32_t s)
{
	if (s % 60)
		fprintf(out, "%02d:%02d:%02d", (int)(s / 3600), (int)(s / 60 % 60), (int)(s % 60));
	else
		fprintf(out, "%02d:%02d", (int)(s / 3600), (int)(s / 60 % 60));
}

static void spans(FILE *out, int n, const int32_t *start, const int32_t *end)
{
	for (int i = 0; i < n; i++) {
		fputs(i ? ", " : "", out);
		clock_text(out, start[i]);
		fputc('-', out);
		clock_text(out, end[i]);
	}
}

void doc_calendar_header(FILE *out, const crm_ruleset *rs, int cal)
{
	crm_calendar_info ci;
	if (crm_calendar_describe(rs, cal, &ci))
		return;
	int a = ci.utc_offset < 0 ? -ci.utc_offset : ci.utc_offset;
	fprintf(out, "<table class=\"facts\"><tbody>\n<tr><th>UTC offset</th><td>%c%02d:%02d</td></tr>\n",
	        ci.utc_offset < 0 ? '-' : '+', a / 3600, a / 60 % 60);
	fputs("<tr><th>Working week</th><td>", out);
	int k = 0;
	for (int d = 0; d < 7; d++)
		if (ci.working_week >> d & 1u)
			fprintf(out, "%s%s", k++ ? ", " : "", wday_title[d]);
	fputs(k ? "" : "none", out);
	fputs("</td></tr>\n<tr><th>Working hours</th><td>", out);
	if (ci.has_hours)
		spans(out, ci.nhours, ci.hours_start, ci.hours_end);
	else
		fputs("the whole day", out);
	fputs("</td></tr>\n<tr><th>Breaks</th><td>", out);
	if (ci.nbreaks)
		spans(out, ci.nbreaks, ci.break_start, ci.break_end);
	else
		fputs("none", out);
	fputs("</td></tr>\n<tr><th>Data for</th><td>", out);
	int any = 0;
	for (int y = ci.first_year; ci.first_year && y <= ci.last_year; y++)
		if (crm_calendar_has_year(rs, cal, y) == 1)
			fprintf(out, "%s%d", any++ ? ", " : "", y);
	fputs(any ? "" : "no year", out);
	fputs(ci.beyond_working_week
	          ? "; other years are assumed from the working week (answers say provisional)"
	          : "; other years are an error",
	      out);
	fputs("</td></tr>\n</tbody></table>\n", out);
}

static const char *day_class(const crm_calendar_day *d)
{
	if (d->assumed)
		return "assumed";
	switch (d->kind) {
	case CRM_DAY_HOLIDAY: return "holiday";
	case CRM_DAY_ADJUSTED: return "adjusted";
	case CRM_DAY_SPECIAL: return "special";
	case CRM_DAY_WEEKEND: return "weekend";
	default: return "working";
	}
}

static const char *day_word(const crm_calendar_day *d)
{
	switch (d->kind) {
	case CRM_DAY_HOLIDAY: return "holiday";
	case CRM_DAY_ADJUSTED: return "working day (weekend day worked)";
	case CRM_DAY_SPECIAL: return "special hours";
	case CRM_DAY_WEEKEND: return "day off";
	default: return "working day";
	}
}

/* A day worth a line under its month (as `crmrules calendar` lists them). */
static int listed(const crm_calendar_day *d)
{
	return !d->assumed && (d->kind == CRM_DAY_HOLIDAY || d->kind == CRM_DAY_ADJUSTED ||
	                       d->kind == CRM_DAY_SPECIAL || d->name || d->site);
}

static void month(FILE *out, const crm_ruleset *rs, int cal, int year, int m, int64_t first)
{
	crm_calendar_day days[31];
	int n = 0, wd0 = 1, mm;
	crm_date_to_civil(first, NULL, NULL, NULL, &wd0);
	while (n < 31 && !crm_date_to_civil(first + n, NULL, &mm, NULL, NULL) && mm == m) {
		crm_error err;
		if (crm_calendar_day_info(rs, cal, first + n, &days[n], &err))
			memset(&days[n], 0, sizeof days[n]);
		n++;
	}
	fprintf(out, "<div class=\"month\"><table class=\"month\"><caption>%s %d</caption>\n"
	             "<thead><tr>",
	        month_names[m - 1], year);
	for (int d = 0; d < 7; d++)
		fprintf(out, "<th>%.2s</th>", wday_title[d]);
	fputs("</tr></thead>\n<tbody><tr>", out);
	int col = wd0 - 1;
	for (int c = 0; c < col; c++)
		fputs("<td></td>", out);
	for (int i = 0; i < n; i++) {
		fprintf(out, "<td class=\"%s\" title=\"", day_class(&days[i]));
		fprintf(out, "%d-%02d-%02d: ", year, m, i + 1);
		doc_text(out, days[i].assumed ? "no data, assumed from the working week"
		                              : day_word(&days[i]));
		if (days[i].name) {
			fputs(", ", out);
			doc_text(out, days[i].name);
		}
		fprintf(out, "\">%d</td>", i + 1);
		if (++col == 7 && i + 1 < n) {
			fputs("</tr>\n<tr>", out);
			col = 0;
		}
	}
	for (; col < 7; col++)
		fputs("<td></td>", out);
	fputs("</tr></tbody></table>\n", out);
	int any = 0;
	for (int i = 0; i < n; i++) {
		if (!listed(&days[i]))
			continue;
		int j = i;
		while (j + 1 < n && listed(&days[j + 1]) && days[j + 1].kind == days[i].kind &&
		       !days[j + 1].name == !days[i].name &&
		       (!days[i].name || strcmp(days[i].name, days[j + 1].name) == 0))
			j++;
		fputs(any++ ? "" : "<ul class=\"entries\">", out);
		if (j > i)
			fprintf(out, "<li>%.3s %d-%d: ", month_names[m - 1], i + 1, j + 1);
		else
			fprintf(out, "<li>%.3s %d: ", month_names[m - 1], i + 1);
		doc_text(out, day_word(&days[i]));
		if (days[i].name) {
			fputs(", ", out);
			doc_text(out, days[i].name);
		}
		if (days[i].kind == CRM_DAY_SPECIAL) {
			fputs(" (", out);
			if (days[i].nspans)
				spans(out, days[i].nspans, days[i].span_start, days[i].span_end);
			else
				fputs("no working time", out);
			fputc(')', out);
		}
		if (days[i].site)
			fputs(" (site)", out);
		fputs("</li>", out);
		i = j;
	}
	fputs(any ? "</ul>\n</div>\n" : "</div>\n", out);
}

int doc_calendar_year(FILE *out, const crm_ruleset *rs, int cal, int year)
{
	int64_t first;
	crm_calendar_day probe;
	crm_error err;
	if (crm_date_from_civil(&first, year, 1, 1) ||
	    crm_calendar_day_info(rs, cal, first, &probe, &err)) {
		fprintf(out, "<p class=\"note\">No data for %d.</p>\n", year);
		return -1;
	}
	fputs("<p class=\"legend\"><span class=\"holiday\">holiday</span><span class=\"adjusted\">"
	      "weekend day worked</span><span class=\"special\">special hours</span>"
	      "<span class=\"weekend\">day off</span><span class=\"assumed\">assumed</span></p>\n"
	      "<div class=\"months\">\n",
	      out);
	for (int m = 1; m <= 12; m++) {
		crm_date_from_civil(&first, year, m, 1);
		month(out, rs, cal, year, m, first);
	}
	fputs("</div>\n", out);
	return 0;
}

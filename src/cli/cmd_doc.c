/* SPDX-License-Identifier: MIT */
/* cmd_doc.c - `crmrules doc`: a static policy book of a ruleset, one HTML
 * page per rule file and an index: decision tables with each rule's source
 * clause (the YAML comment above it, read from the file's text at the
 * rule's line), facts, timers, calendars as month grids, and the file's
 * tests with their results. Plain HTML and one style sheet: no script, works
 * offline, prints. */
#define _POSIX_C_SOURCE 200809L /* mkdir, getcwd */

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "doc.h"

/* A rule file of the ruleset: its page, its text (for comments), and what
 * its page shows. */
typedef struct src_file {
	const char *path; /* as the ruleset names it */
	const char *shown; /* the same, relative to the working directory when under it */
	char *page;       /* "credit_grade.html" */
	char *text;       /* NULL when it cannot be read again */
	size_t len;
	size_t *line_at;  /* offsets of each line's start; line k (1-based) at line_at[k - 1] */
	size_t nlines;
	int nfacts, ndecisions, ntimers, ncalendars, nyears, ntests, nfailed;
} src_file;

typedef struct test_result {
	int file;
	int passed;
	char *message; /* what differed, or NULL */
	crm_test_info info;
} test_result;

typedef struct book {
	const crm_ruleset *rs;
	src_file *files;
	size_t nfiles, cap;
	int *fact_file, *dec_file, *timer_file, *cal_file; /* the page each is on */
	test_result *tests;
	size_t ntests, passed, failed;
	const char *dir;
} book;

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	if (!p) {
		fputs("crmrules doc: out of memory\n", stderr);
		exit(EXIT_FAIL);
	}
	return p;
}

/* The index of the file called path, added when new. */
static int file_of(book *b, const char *path)
{
	if (!path)
		path = "<unknown>";
	for (size_t i = 0; i < b->nfiles; i++)
		if (strcmp(b->files[i].path, path) == 0)
			return (int)i;
	if (b->nfiles == b->cap) {
		b->cap = b->cap ? 2 * b->cap : 16;
		src_file *f = realloc(b->files, b->cap * sizeof *f);
		if (!f) {
			fputs("crmrules doc: out of memory\n", stderr);
			exit(EXIT_FAIL);
		}
		b->files = f;
	}
	memset(&b->files[b->nfiles], 0, sizeof b->files[0]);
	b->files[b->nfiles].path = path;
	return (int)b->nfiles++;
}

/* The index of the file called path, or -1. */
static int find_file(const book *b, const char *path)
{
	for (size_t i = 0; path && i < b->nfiles; i++)
		if (strcmp(b->files[i].path, path) == 0)
			return (int)i;
	return -1;
}

static int by_shown(const void *x, const void *y)
{
	return strcmp(((const src_file *)x)->shown, ((const src_file *)y)->shown);
}

/* Paths as the reader knows them: an include reaches its files by their
 * absolute paths, shown relative to the working directory when under it. */
static void show_paths(book *b)
{
	char cwd[4096];
	size_t n = getcwd(cwd, sizeof cwd) ? strlen(cwd) : 0;
	for (size_t f = 0; f < b->nfiles; f++) {
		const char *p = b->files[f].path;
		b->files[f].shown = n > 1 && strncmp(p, cwd, n) == 0 && p[n] == '/' ? p + n + 1 : p;
	}
}

/* ---- what each page shows ----------------------------------------------------- */

static void collect_files(book *b)
{
	const crm_ruleset *rs = b->rs;
	size_t nf = crm_ruleset_fact_count(rs), nd = crm_ruleset_decision_count(rs);
	size_t nt = crm_ruleset_timer_count(rs), nc = crm_ruleset_calendar_count(rs);
	b->ntests = crm_ruleset_test_count(rs);
	/* every file first, sorted, so that the indexes below stay put */
	for (size_t i = 0; i < nf; i++) {
		crm_fact_info fi;
		crm_ruleset_fact_info(rs, i, &fi);
		file_of(b, fi.file);
	}
	for (size_t i = 0; i < nd; i++) {
		crm_decision_info di;
		crm_ruleset_decision_info(rs, (int)i, &di);
		file_of(b, di.file);
	}
	for (size_t i = 0; i < nt; i++) {
		crm_timer_info ti;
		crm_ruleset_timer_info(rs, i, &ti);
		file_of(b, ti.file);
	}
	for (size_t i = 0; i < b->ntests; i++) {
		crm_test_info te;
		crm_ruleset_test_info(rs, i, &te);
		file_of(b, te.file);
	}
	for (size_t c = 0; c < nc; c++) {
		const char *file;
		crm_calendar_info ci;
		crm_calendar_source(rs, (int)c, 0, &file, NULL, NULL);
		file_of(b, file);
		crm_calendar_describe(rs, (int)c, &ci);
		for (int y = ci.first_year; ci.first_year && y <= ci.last_year; y++)
			if (crm_calendar_source(rs, (int)c, y, &file, NULL, NULL) == 0)
				file_of(b, file);
	}
	show_paths(b);
	if (b->nfiles)
		qsort(b->files, b->nfiles, sizeof *b->files, by_shown);
	b->fact_file = xcalloc(nf, sizeof *b->fact_file);
	b->dec_file = xcalloc(nd, sizeof *b->dec_file);
	b->timer_file = xcalloc(nt, sizeof *b->timer_file);
	b->cal_file = xcalloc(nc, sizeof *b->cal_file);
	b->tests = xcalloc(b->ntests, sizeof *b->tests);
	for (size_t i = 0; i < nf; i++) {
		crm_fact_info fi;
		crm_ruleset_fact_info(rs, i, &fi);
		b->files[b->fact_file[i] = file_of(b, fi.file)].nfacts++;
	}
	for (size_t i = 0; i < nd; i++) {
		crm_decision_info di;
		crm_ruleset_decision_info(rs, (int)i, &di);
		b->files[b->dec_file[i] = file_of(b, di.file)].ndecisions++;
	}
	for (size_t i = 0; i < nt; i++) {
		crm_timer_info ti;
		crm_ruleset_timer_info(rs, i, &ti);
		b->files[b->timer_file[i] = file_of(b, ti.file)].ntimers++;
	}
	for (size_t c = 0; c < nc; c++) {
		const char *file;
		crm_calendar_info ci;
		crm_calendar_source(rs, (int)c, 0, &file, NULL, NULL);
		b->files[b->cal_file[c] = file_of(b, file)].ncalendars++;
		crm_calendar_describe(rs, (int)c, &ci);
		for (int y = ci.first_year; ci.first_year && y <= ci.last_year; y++)
			if (crm_calendar_source(rs, (int)c, y, &file, NULL, NULL) == 0)
				b->files[file_of(b, file)].nyears++;
	}
}

/* Every test run once, its result kept for its file's page. */
static void run_tests(book *b)
{
	crm_context *ctx = NULL;
	if (crm_context_new(&ctx, b->rs, NULL)) {
		fputs("crmrules doc: out of memory\n", stderr);
		exit(EXIT_FAIL);
	}
	for (size_t i = 0; i < b->ntests; i++) {
		test_result *t = &b->tests[i];
		crm_ruleset_test_info(b->rs, i, &t->info);
		t->file = file_of(b, t->info.file);
		crm_error err;
		memset(&err, 0, sizeof err);
		int rc = crm_ruleset_test_run(ctx, i, &t->passed, &err);
		if (rc)
			t->passed = 0;
		if (!t->passed) {
			const char *m = err.message[0] ? err.message : crm_strerror(rc);
			t->message = xcalloc(strlen(m) + 1, 1);
			memcpy(t->message, m, strlen(m));
		}
		b->files[t->file].ntests++;
		if (t->passed)
			b->passed++;
		else {
			b->failed++;
			b->files[t->file].nfailed++;
		}
	}
	crm_context_free(ctx);
}

/* Page names: each path past the directory all files share, '/' as '-',
 * .yaml as .html, other bytes than [A-Za-z0-9._-] as '_'; a name taken
 * (index.html, or two paths that read alike) gets a number. */
static void name_pages(book *b)
{
	size_t common = 0;
	if (b->nfiles) {
		const char *first = b->files[0].shown;
		size_t n = strlen(first);
		for (size_t i = 0; i < n; i++) {
			int same = 1;
			for (size_t f = 1; f < b->nfiles && same; f++)
				same = b->files[f].shown[i] == first[i];
			if (!same)
				break;
			if (first[i] == '/')
				common = i + 1;
		}
		if (b->nfiles == 1) {
			const char *slash = strrchr(first, '/');
			common = slash ? (size_t)(slash - first) + 1 : 0;
		}
	}
	for (size_t f = 0; f < b->nfiles; f++) {
		const char *p = b->files[f].shown + common;
		size_t n = strlen(p);
		if (n > 5 && strcmp(p + n - 5, ".yaml") == 0)
			n -= 5;
		else if (n > 4 && strcmp(p + n - 4, ".yml") == 0)
			n -= 4;
		if (n > 120)
			n = 120;
		char *page = xcalloc(n + 32, 1);
		for (size_t i = 0; i < n; i++) {
			char c = p[i];
			page[i] = c == '/' ? '-'
			          : (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			                    (c >= '0' && c <= '9') || c == '-' || c == '_'
			              ? c
			              : '_';
		}
		if (!n || page[0] == '.')
			page[0] = '_';
		size_t base = n ? n : 1;
		strcpy(page + base, ".html");
		for (int k = 2;; k++) {
			int taken = strcmp(page, "index.html") == 0;
			for (size_t g = 0; g < f && !taken; g++)
				taken = strcmp(b->files[g].page, page) == 0;
			if (!taken)
				break;
			snprintf(page + base, 32, "-%d.html", k);
		}
		b->files[f].page = page;
	}
}

static void read_sources(book *b)
{
	for (size_t f = 0; f < b->nfiles; f++) {
		src_file *s = &b->files[f];
		s->text = cli_read_all(s->path, &s->len);
		if (!s->text)
			continue;
		size_t n = 1;
		for (size_t i = 0; i < s->len; i++)
			n += s->text[i] == '\n';
		s->line_at = xcalloc(n, sizeof *s->line_at);
		s->nlines = 0;
		s->line_at[s->nlines++] = 0;
		for (size_t i = 0; i < s->len; i++)
			if (s->text[i] == '\n' && s->nlines < n)
				s->line_at[s->nlines++] = i + 1;
	}
}

/* Line k (1-based) of s, without its end; NULL past the last. */
static const char *line_of(const src_file *s, size_t k, size_t *len)
{
	if (!s->text || k < 1 || k > s->nlines)
		return NULL;
	size_t a = s->line_at[k - 1], e = k < s->nlines ? s->line_at[k] - 1 : s->len;
	if (e > a && s->text[e - 1] == '\r')
		e--;
	*len = e - a;
	return s->text + a;
}

/* The text of a comment line ("  # text" -> "text"), or NULL for another line. */
static const char *comment_text(const char *l, size_t n, size_t *len)
{
	size_t i = 0;
	while (i < n && (l[i] == ' ' || l[i] == '\t'))
		i++;
	if (i == n || l[i] != '#')
		return NULL;
	i++;
	if (i < n && l[i] == ' ')
		i++;
	*len = n - i;
	return l + i;
}

/* The comment lines right above line (a declaration's), as one paragraph
 * per line, escaped; nothing when there are none. */
static void comment_above(FILE *out, const src_file *s, int line)
{
	size_t first = (size_t)line, n, cl;
	const char *l;
	while (first > 1 && (l = line_of(s, first - 1, &n)) && comment_text(l, n, &cl))
		first--;
	for (size_t k = first; k < (size_t)line; k++) {
		l = line_of(s, k, &n);
		const char *c = comment_text(l, n, &cl);
		if (k > first)
			fputc('\n', out);
		doc_textn(out, c, cl);
	}
}

static int has_comment_above(const src_file *s, int line)
{
	size_t n, cl;
	const char *l = line > 1 ? line_of(s, (size_t)line - 1, &n) : NULL;
	return l && comment_text(l, n, &cl);
}

/* ---- links -------------------------------------------------------------------- */

static int resolve(void *ud, const char *name, size_t len, int dotted, char *href, size_t size)
{
	const book *b = ud;
	char buf[256];
	size_t n = len;
	if (dotted)
		for (n = 0; n < len && name[n] != '.'; n++)
			;
	if (n >= sizeof buf)
		return 0;
	memcpy(buf, name, n);
	buf[n] = '\0';
	if (dotted) {
		int d = crm_decision_find(b->rs, buf);
		return d >= 0 &&
		       !doc_href(href, size, b->files[b->dec_file[d]].page, "d-", buf, n);
	}
	int f = crm_fact_slot(b->rs, buf);
	return f >= 0 && !doc_href(href, size, b->files[b->fact_file[f]].page, "f-", buf, n);
}

static void link_decision(FILE *out, const book *b, int d)
{
	const char *name = crm_ruleset_decision_name(b->rs, (size_t)d);
	char href[512];
	if (doc_href(href, sizeof href, b->files[b->dec_file[d]].page, "d-", name, strlen(name))) {
		doc_text(out, name);
		return;
	}
	fputs("<a href=\"", out);
	doc_text(out, href);
	fputs("\"><code>", out);
	doc_text(out, name);
	fputs("</code></a>", out);
}

/* A timer, a decision or a calendar by name: linked when the ruleset has it. */
static void link_named(FILE *out, const book *b, const char *name)
{
	char href[512];
	int d = crm_decision_find(b->rs, name), found = 0;
	if (d >= 0) {
		link_decision(out, b, d);
		return;
	}
	for (size_t t = 0; t < crm_ruleset_timer_count(b->rs) && !found; t++)
		if (strcmp(crm_ruleset_timer_name(b->rs, t), name) == 0)
			found = !doc_href(href, sizeof href, b->files[b->timer_file[t]].page, "t-", name,
			                  strlen(name));
	int c = crm_calendar_find(b->rs, name);
	if (!found && c >= 0) {
		crm_calendar_info ci;
		crm_calendar_describe(b->rs, c, &ci);
		found = !doc_href(href, sizeof href, b->files[b->cal_file[c]].page, "c-", ci.name,
		                  strlen(ci.name));
	}
	if (found) {
		fputs("<a href=\"", out);
		doc_text(out, href);
		fputs("\"><code>", out);
		doc_text(out, name);
		fputs("</code></a>", out);
	} else {
		fputs("<code>", out);
		doc_text(out, name);
		fputs("</code>", out);
	}
}

/* Which decisions each decision reads (decision.output in its inputs,
 * conditions and outputs), each once, itself left out. */
typedef struct read_list {
	int *to;
	size_t n, cap;
} read_list;

typedef struct reads_ctx {
	const crm_ruleset *rs;
	int self;
	read_list *list;
} reads_ctx;

static void mark_read(void *ud, const char *name, size_t len)
{
	reads_ctx *x = ud;
	char buf[256];
	if (len >= sizeof buf)
		return;
	memcpy(buf, name, len);
	buf[len] = '\0';
	int e = crm_decision_find(x->rs, buf);
	read_list *l = x->list;
	if (e < 0 || e == x->self)
		return;
	for (size_t i = 0; i < l->n; i++)
		if (l->to[i] == e)
			return;
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 4;
		int *to = realloc(l->to, l->cap * sizeof *to);
		if (!to) {
			fputs("crmrules doc: out of memory\n", stderr);
			exit(EXIT_FAIL);
		}
		l->to = to;
	}
	l->to[l->n++] = e;
}

static int reads_decision(const read_list *l, int e)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->to[i] == e)
			return 1;
	return 0;
}

static read_list *decision_reads(const crm_ruleset *rs)
{
	size_t nd = crm_ruleset_decision_count(rs);
	read_list *m = xcalloc(nd, sizeof *m);
	for (size_t d = 0; d < nd; d++) {
		reads_ctx x = {rs, (int)d, &m[d]};
		crm_decision_info di;
		crm_ruleset_decision_info(rs, (int)d, &di);
		for (size_t k = 0; k < di.ninputs; k++) {
			crm_input_info ii;
			crm_decision_input_info(rs, (int)d, k, &ii);
			doc_expr_names(ii.expr, mark_read, &x);
		}
		for (size_t r = 0; r < di.nrules; r++) {
			crm_rule_info ri;
			crm_decision_rule_info(rs, (int)d, r, &ri);
			doc_expr_names(ri.when, mark_read, &x);
			for (size_t k = 0; k < di.ninputs; k++)
				doc_expr_names(crm_decision_rule_cell(rs, (int)d, r, k), mark_read, &x);
			for (size_t k = 0; k < di.noutputs; k++)
				doc_expr_names(crm_decision_rule_then(rs, (int)d, r, k), mark_read, &x);
		}
	}
	return m;
}

/* ---- sections of a file's page -------------------------------------------------- */

static void type_text(FILE *out, crm_type t, crm_type elem)
{
	fputs(crm_type_name(t), out);
	if (t == CRM_T_LIST) {
		fputs(" of ", out);
		fputs(crm_type_name(elem), out);
	}
}

static void write_facts(FILE *out, const book *b, int file)
{
	const crm_ruleset *rs = b->rs;
	size_t nd = crm_ruleset_decision_count(rs);
	fputs("<h2 id=\"facts\">Facts</h2>\n<p class=\"note\">The inputs a host sets. A fact that "
	      "is not set is unknown, never zero.</p>\n<table class=\"facts\">\n<thead><tr>"
	      "<th>Fact</th><th>Type</th><th>Allowed values</th><th>Description</th>"
	      "<th>May be read by</th></tr></thead>\n<tbody>\n",
	      out);
	for (size_t i = 0; i < crm_ruleset_fact_count(rs); i++) {
		if (b->fact_file[i] != file)
			continue;
		crm_fact_info fi;
		crm_ruleset_fact_info(rs, i, &fi);
		fputs("<tr class=\"fact\" id=\"", out);
		doc_id(out, "f-", fi.name);
		fputs("\"><td><code>", out);
		doc_text(out, fi.name);
		fputs("</code></td><td>", out);
		type_text(out, fi.type, fi.elem);
		fputs("</td><td>", out);
		for (size_t k = 0; k < fi.nvalues; k++) {
			crm_value v = crm_ruleset_fact_value(rs, i, k);
			fputs(k ? (fi.ordered ? " &lt; " : ", ") : "", out);
			fputs("<code>", out);
			doc_value(out, &v);
			fputs("</code>", out);
		}
		if (fi.nvalues && fi.ordered)
			fputs(" <span class=\"note\">(ordered, lowest first)</span>", out);
		if (fi.has_range) {
			fprintf(out, "%s<code>%c", fi.nvalues ? "; " : "", fi.lo_closed ? '[' : '(');
			doc_value(out, &fi.lo);
			fputs("..", out);
			doc_value(out, &fi.hi);
			fprintf(out, "%c</code>", fi.hi_closed ? ']' : ')');
		}
		if (fi.pattern) {
			fputs(fi.nvalues || fi.has_range ? "; matching <code>" : "matching <code>", out);
			doc_text(out, fi.pattern);
			fputs("</code>", out);
		}
		if (!fi.nvalues && !fi.has_range && !fi.pattern)
			fputs("<span class=\"note\">any</span>", out);
		fputs("</td><td>", out);
		doc_text(out, fi.description);
		fputs("</td><td>", out);
		int k = 0;
		for (size_t d = 0; d < nd; d++)
			for (size_t j = 0; j < crm_decision_fact_count(rs, (int)d); j++)
				if (crm_decision_fact(rs, (int)d, j) == (int)i) {
					fputs(k++ ? ", " : "", out);
					link_decision(out, b, (int)d);
				}
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody></table>\n", out);
}

static void hit_words(FILE *out, const crm_ruleset *rs, int d, const crm_decision_info *di)
{
	fputs("<p class=\"policy\"><strong>Hit policy</strong> <code>", out);
	doc_text(out, di->hit);
	if (di->aggregate) {
		fputc(' ', out);
		doc_text(out, di->aggregate);
	}
	fputs("</code>: ", out);
	const char *h = di->hit, *a = di->aggregate;
	if (strcmp(h, "first") == 0)
		fputs("the rules are tried in order and the first that matches decides; if none "
		      "matches, the decision fails (<code>no_match</code>).",
		      out);
	else if (strcmp(h, "unique") == 0)
		fputs("exactly one rule may match; two that match are an error (<code>conflict</code>), "
		      "and rules that can overlap are refused when the file loads.",
		      out);
	else if (strcmp(h, "priority") == 0) {
		crm_output_info oi;
		crm_decision_output_info(rs, d, 0, &oi);
		fputs("of the rules that match, the one whose <code>", out);
		doc_text(out, oi.name);
		fputs("</code> comes first in ", out);
		for (size_t j = 0; j < oi.nvalues; j++) {
			crm_value v = crm_decision_output_value(rs, d, 0, j);
			fputs(j ? ", " : "", out);
			fputs("<code>", out);
			doc_value(out, &v);
			fputs("</code>", out);
		}
		fputs(" decides.", out);
	} else if (strcmp(h, "any") == 0)
		fputs("every rule that matches must give the same outputs (else <code>conflict</code>); "
		      "all of them are reported.",
		      out);
	else if (!a)
		fputs("every rule that matches, in order: each output is the list of their values "
		      "(empty when none matches).",
		      out);
	else if (strcmp(a, "sum") == 0)
		fputs("each output is the sum of the values of the rules that match (0 when none does).",
		      out);
	else if (strcmp(a, "count") == 0)
		fputs("each output is the number of rules that match.", out);
	else {
		fputs("each output is the ", out);
		fputs(strcmp(a, "min") == 0 ? "least" : "greatest", out);
		fputs(" of the values of the rules that match (<code>no_match</code> when none does).",
		      out);
	}
	fputs("</p>\n<p class=\"policy\"><strong>Completeness</strong>: ", out);
	int single = strcmp(h, "collect") != 0 && strcmp(h, "rule_order") != 0;
	if (!single)
		fputs("any number of rules may match, none included.", out);
	else if (di->complete)
		fputs("declared complete, and proven so when the file loaded: every combination of "
		      "input values is covered by a rule.",
		      out);
	else
		fputs("not declared complete: <code>crmrules check</code> warns about any combination "
		      "of input values no rule covers.",
		      out);
	fputs("</p>\n", out);
}

static void write_decision(FILE *out, const book *b, int file, int d, const read_list *reads)
{
	const crm_ruleset *rs = b->rs;
	const src_file *s = &b->files[file];
	size_t nd = crm_ruleset_decision_count(rs);
	crm_decision_info di;
	crm_ruleset_decision_info(rs, d, &di);
	fputs("<section class=\"decision\" id=\"", out);
	doc_id(out, "d-", di.name);
	fputs("\">\n<h2>Decision <code>", out);
	doc_text(out, di.name);
	fputs("</code></h2>\n", out);
	if (has_comment_above(s, di.line)) {
		fputs("<div class=\"source\">", out);
		comment_above(out, s, di.line);
		fputs("</div>\n", out);
	}
	if (di.description) {
		fputs("<p>", out);
		doc_text(out, di.description);
		fputs("</p>\n", out);
	}
	hit_words(out, rs, d, &di);
	int any = 0;
	for (size_t i = 0; i < reads[d].n; i++) {
		fputs(any++ ? ", " : "<p class=\"policy chain\"><strong>Reads the outputs of</strong> ", out);
		link_decision(out, b, reads[d].to[i]);
	}
	fputs(any ? " (decided first, when needed).</p>\n" : "", out);
	any = 0;
	for (size_t e = 0; e < nd; e++)
		if (reads_decision(&reads[e], d)) {
			fputs(any++ ? ", " : "<p class=\"policy chain\"><strong>Its outputs are read by</strong> ", out);
			link_decision(out, b, (int)e);
		}
	fputs(any ? ".</p>\n" : "", out);
	int when = 0;
	for (size_t r = 0; r < di.nrules; r++) {
		crm_rule_info ri;
		crm_decision_rule_info(rs, d, r, &ri);
		when |= ri.when != NULL;
	}
	fprintf(out,
	        "<table class=\"rules\" data-rules=\"%zu\" data-inputs=\"%zu\" data-outputs=\"%zu\">\n"
	        "<thead><tr><th>Rule</th>",
	        di.nrules, di.ninputs, di.noutputs);
	for (size_t k = 0; k < di.ninputs; k++) {
		crm_input_info ii;
		crm_decision_input_info(rs, d, k, &ii);
		fputs("<th class=\"in\">", out);
		if (ii.name) {
			doc_expr(out, ii.name, resolve, (void *)b);
			if (strcmp(ii.name, ii.expr) != 0) {
				fputs("<span class=\"expr\">= ", out);
				doc_expr(out, ii.expr, resolve, (void *)b);
				fputs("</span>", out);
			}
		} else {
			doc_expr(out, ii.expr, resolve, (void *)b);
		}
		fputs("<span class=\"type\">", out);
		type_text(out, ii.type, ii.elem);
		if (ii.description) {
			fputs(": ", out);
			doc_text(out, ii.description);
		}
		fputs("</span></th>", out);
	}
	if (when)
		fputs("<th class=\"in\">when<span class=\"type\">condition</span></th>", out);
	for (size_t k = 0; k < di.noutputs; k++) {
		crm_output_info oi;
		crm_decision_output_info(rs, d, k, &oi);
		fputs("<th class=\"out\">&rarr; ", out);
		doc_text(out, oi.name);
		fputs("<span class=\"type\">", out);
		type_text(out, oi.type, oi.elem);
		for (size_t j = 0; j < oi.nvalues; j++) {
			crm_value v = crm_decision_output_value(rs, d, k, j);
			fputs(j ? (oi.ordered ? " &lt; " : ", ") : ": ", out);
			doc_value(out, &v);
		}
		if (oi.description) {
			fputs("; ", out);
			doc_text(out, oi.description);
		}
		fputs("</span></th>", out);
	}
	fputs("</tr></thead>\n<tbody>\n", out);
	size_t ncols = 1 + di.ninputs + (size_t)when + di.noutputs;
	for (size_t r = 0; r < di.nrules; r++) {
		crm_rule_info ri;
		crm_decision_rule_info(rs, d, r, &ri);
		/* the source clause, as the file has it: the comment above the rule */
		if (has_comment_above(s, ri.line) || ri.description) {
			fprintf(out, "<tr class=\"clause\"><td colspan=\"%zu\">", ncols);
			comment_above(out, s, ri.line);
			if (ri.description) {
				fputs(has_comment_above(s, ri.line) ? "\n" : "", out);
				doc_text(out, ri.description);
			}
			fputs("</td></tr>\n", out);
		}
		fputs("<tr class=\"rule\" id=\"", out);
		doc_id(out, "r-", di.name);
		doc_id(out, "-", ri.id);
		fputs("\"><td class=\"rule\">", out);
		doc_text(out, ri.id);
		fputs("</td>", out);
		for (size_t k = 0; k < di.ninputs; k++) {
			const char *cell = crm_decision_rule_cell(rs, d, r, k);
			if (!cell) {
				fputs("<td class=\"cell any\" title=\"any value\">-</td>", out);
				continue;
			}
			fputs("<td class=\"cell\"><code>", out);
			doc_expr(out, cell, resolve, (void *)b);
			fputs("</code></td>", out);
		}
		if (when) {
			fputs(ri.when ? "<td class=\"cell when\"><code>" : "<td class=\"cell any\">-", out);
			if (ri.when) {
				doc_expr(out, ri.when, resolve, (void *)b);
				fputs("</code>", out);
			}
			fputs("</td>", out);
		}
		for (size_t k = 0; k < di.noutputs; k++) {
			const char *then = crm_decision_rule_then(rs, d, r, k);
			fputs("<td class=\"out\"><code>", out);
			doc_expr(out, then, resolve, (void *)b);
			fputs("</code></td>", out);
		}
		fputs("</tr>\n", out);
	}
	fputs("</tbody></table>\n</section>\n", out);
}

static void write_timers(FILE *out, const book *b, int file)
{
	const crm_ruleset *rs = b->rs;
	const src_file *s = &b->files[file];
	fputs("<h2 id=\"timers\">Timers</h2>\n<p class=\"note\">SLA deadlines: the host starts, "
	      "pauses and stops each clock; <code>crmrules sla</code> says where it stands.</p>\n"
	      "<table class=\"timers\">\n<thead><tr><th>Timer</th><th>Budget</th><th>Counts</th>"
	      "<th>Calendar</th><th>Warnings</th><th>Alerts</th><th>On breach</th>"
	      "<th>Source clause</th></tr></thead>\n<tbody>\n",
	      out);
	for (size_t t = 0; t < crm_ruleset_timer_count(rs); t++) {
		if (b->timer_file[t] != file)
			continue;
		crm_timer_info ti;
		crm_ruleset_timer_info(rs, t, &ti);
		fputs("<tr class=\"timer\" id=\"", out);
		doc_id(out, "t-", ti.name);
		fputs("\"><td><code>", out);
		doc_text(out, ti.name);
		fputs("</code></td><td>", out);
		doc_text(out, ti.duration);
		fputs("</td><td>", out);
		fputs(strcmp(ti.measure, "wall") == 0             ? "wall-clock time"
		      : strcmp(ti.measure, "working days") == 0 ? "working days of the calendar"
		                                                : "business hours of the calendar",
		      out);
		fputs("</td><td>", out);
		if (ti.calendar)
			link_named(out, b, ti.calendar);
		fputs("</td><td>", out);
		for (size_t w = 0; w < ti.nwarnings; w++)
			fprintf(out, "%s%g%%", w ? ", " : "", ti.warnings[w] * 100);
		fputs(ti.nwarnings ? "" : "none", out);
		fputs("</td><td>", out);
		fputs(ti.alerts_working_hours ? "in working hours" : "any time", out);
		fputs("</td><td>", out);
		if (ti.on_breach)
			link_named(out, b, ti.on_breach);
		fputs("</td><td class=\"clause\">", out);
		comment_above(out, s, ti.line);
		if (ti.description) {
			fputs(has_comment_above(s, ti.line) ? "\n" : "", out);
			doc_text(out, ti.description);
		}
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody></table>\n", out);
}

static void write_calendars(FILE *out, const book *b, int file)
{
	const crm_ruleset *rs = b->rs;
	const src_file *s = &b->files[file];
	for (size_t c = 0; c < crm_ruleset_calendar_count(rs); c++) {
		crm_calendar_info ci;
		const char *f;
		int line;
		crm_calendar_describe(rs, (int)c, &ci);
		if (b->cal_file[c] == file) {
			crm_calendar_source(rs, (int)c, 0, NULL, &line, NULL);
			fputs("<section class=\"calendar\" id=\"", out);
			doc_id(out, "c-", ci.name);
			fputs("\">\n<h2>Calendar <code>", out);
			doc_text(out, ci.name);
			fputs("</code></h2>\n", out);
			doc_calendar_header(out, rs, (int)c);
			int k = 0;
			for (int y = ci.first_year; ci.first_year && y <= ci.last_year; y++) {
				if (crm_calendar_source(rs, (int)c, y, &f, NULL, NULL) != 0)
					continue;
				int other = find_file(b, f);
				fputs(k++ ? ", " : "<p>The data by year: ", out);
				fprintf(out, "<a href=\"%s#", b->files[other].page);
				doc_id(out, "y-", ci.name);
				fprintf(out, "-%d\">%d</a>", y, y);
			}
			fputs(k ? ".</p>\n" : "", out);
			fputs("</section>\n", out);
		}
		for (int y = ci.first_year; ci.first_year && y <= ci.last_year; y++) {
			if (crm_calendar_source(rs, (int)c, y, &f, &line, NULL) != 0 ||
			    find_file(b, f) != file)
				continue;
			fputs("<section class=\"calendar-year\" id=\"", out);
			doc_id(out, "y-", ci.name);
			fprintf(out, "-%d\">\n<h2>%d on calendar ", y, y);
			link_named(out, b, ci.name);
			fputs("</h2>\n", out);
			if (has_comment_above(s, line)) {
				fputs("<div class=\"source\">", out);
				comment_above(out, s, line);
				fputs("</div>\n", out);
			}
			doc_calendar_year(out, rs, (int)c, y);
			fputs("</section>\n", out);
		}
	}
}

static void write_tests(FILE *out, const book *b, int file)
{
	const src_file *s = &b->files[file];
	fprintf(out,
	        "<h2 id=\"tests\">Tests</h2>\n<p class=\"note\">Run when this book was made: "
	        "%d passed, %d failed.</p>\n<table class=\"tests\">\n<thead><tr><th>Line</th>"
	        "<th>Test</th><th>Of</th><th>Result</th></tr></thead>\n<tbody>\n",
	        s->ntests - s->nfailed, s->nfailed);
	for (size_t i = 0; i < b->ntests; i++) {
		const test_result *t = &b->tests[i];
		if (t->file != file)
			continue;
		fprintf(out, "<tr class=\"test %s\" id=\"test-%zu\"><td>%d</td><td>",
		        t->passed ? "passed" : "failed", i + 1, t->info.line);
		doc_text(out, t->info.name);
		fputs("</td><td>", out);
		if (strcmp(t->info.kind, "expr") == 0) {
			fputs("<code>", out);
			doc_expr(out, t->info.target, resolve, (void *)b);
			fputs("</code>", out);
		} else if (t->info.target) {
			fputs(strcmp(t->info.kind, "timer") == 0 ? "timer " : "decision ", out);
			link_named(out, b, t->info.target);
		}
		fputs(t->passed ? "</td><td class=\"pass\">pass" : "</td><td class=\"fail\">FAIL: ", out);
		doc_text(out, t->message);
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody></table>\n", out);
}

/* The file's own header: its leading comment (a line that only tells an
 * editor where the schema is left out). */
static void leading_comment(FILE *out, const src_file *s)
{
	size_t n, cl, k = 1;
	const char *l, *c;
	int any = 0;
	while ((l = line_of(s, k, &n)) && (c = comment_text(l, n, &cl))) {
		k++;
		if (cl >= 20 && memcmp(c, "yaml-language-server", 20) == 0)
			continue;
		fputs(any++ ? "\n" : "<div class=\"source\">", out);
		doc_textn(out, c, cl);
	}
	fputs(any ? "</div>\n" : "", out);
}

static FILE *open_page(const book *b, const char *page)
{
	size_t n = strlen(b->dir) + strlen(page) + 2;
	char *path = xcalloc(n, 1);
	snprintf(path, n, "%s/%s", b->dir, page);
	FILE *out = fopen(path, "w");
	if (!out)
		fprintf(stderr, "crmrules doc: cannot write %s: %s\n", path, strerror(errno));
	free(path);
	return out;
}

static int close_page(FILE *out, const book *b, const char *page)
{
	int bad = ferror(out);
	if (fclose(out) != 0 || bad) {
		fprintf(stderr, "crmrules doc: cannot write %s/%s\n", b->dir, page);
		return -1;
	}
	return 0;
}

static int write_page(const book *b, int file, const read_list *reads)
{
	const src_file *s = &b->files[file];
	FILE *out = open_page(b, s->page);
	if (!out)
		return -1;
	doc_page_begin(out, s->shown, 0);
	fputs("<h1>", out);
	doc_text(out, s->shown);
	fputs("</h1>\n", out);
	leading_comment(out, s);
	if (!s->text)
		fputs("<p class=\"note\">(The file could not be read again: no comments shown.)</p>\n",
		      out);
	if (s->nfacts)
		write_facts(out, b, file);
	for (size_t d = 0; d < crm_ruleset_decision_count(b->rs); d++)
		if (b->dec_file[d] == file)
			write_decision(out, b, file, (int)d, reads);
	if (s->ntimers)
		write_timers(out, b, file);
	if (s->ncalendars || s->nyears)
		write_calendars(out, b, file);
	if (s->ntests)
		write_tests(out, b, file);
	doc_page_end(out);
	return close_page(out, b, s->page);
}

static int write_index(const book *b)
{
	const crm_ruleset *rs = b->rs;
	FILE *out = open_page(b, "index.html");
	if (!out)
		return -1;
	doc_page_begin(out, "Policy book", 1);
	fprintf(out,
	        "<h1>Policy book</h1>\n<p>%zu rule files: %zu decisions, %zu facts, %zu timers, "
	        "%zu calendars. Tests, run when this book was made: <strong>%zu passed, %zu "
	        "failed</strong>.</p>\n",
	        b->nfiles, crm_ruleset_decision_count(rs), crm_ruleset_fact_count(rs),
	        crm_ruleset_timer_count(rs), crm_ruleset_calendar_count(rs), b->passed, b->failed);
	fputs("<h2>Rule files</h2>\n<table class=\"files\">\n<thead><tr><th>File</th><th>Decisions"
	      "</th><th>Facts</th><th>Timers</th><th>Calendars</th><th>Tests</th></tr></thead>\n"
	      "<tbody>\n",
	      out);
	for (size_t f = 0; f < b->nfiles; f++) {
		const src_file *s = &b->files[f];
		fprintf(out, "<tr class=\"file\"><td><a href=\"%s\">", s->page);
		doc_text(out, s->shown);
		fputs("</a></td><td>", out);
		int k = 0;
		for (size_t d = 0; d < crm_ruleset_decision_count(rs); d++)
			if (b->dec_file[d] == (int)f) {
				fputs(k++ ? ", " : "", out);
				link_decision(out, b, (int)d);
			}
		fprintf(out, "</td><td>%d</td><td>%d</td><td>%d%s</td><td>%d passed, %d failed</td>"
		             "</tr>\n",
		        s->nfacts, s->ntimers, s->ncalendars, s->nyears ? " (data)" : "",
		        s->ntests - s->nfailed, s->nfailed);
	}
	fputs("</tbody></table>\n<h2>Decisions</h2>\n<table class=\"decisions\">\n<thead><tr>"
	      "<th>Decision</th><th>Outputs</th><th>Hit policy</th><th>Rules</th><th>Description"
	      "</th></tr></thead>\n<tbody>\n",
	      out);
	for (size_t d = 0; d < crm_ruleset_decision_count(rs); d++) {
		crm_decision_info di;
		crm_ruleset_decision_info(rs, (int)d, &di);
		fputs("<tr class=\"decision\"><td>", out);
		link_decision(out, b, (int)d);
		fputs("</td><td>", out);
		for (size_t k = 0; k < di.noutputs; k++) {
			crm_output_info oi;
			crm_decision_output_info(rs, (int)d, k, &oi);
			fputs(k ? ", <code>" : "<code>", out);
			doc_text(out, oi.name);
			fputs("</code>", out);
		}
		fputs("</td><td>", out);
		doc_text(out, di.hit);
		if (di.aggregate) {
			fputc(' ', out);
			doc_text(out, di.aggregate);
		}
		fprintf(out, "</td><td>%zu</td><td>", di.nrules);
		doc_text(out, di.description);
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody></table>\n", out);
	if (crm_ruleset_timer_count(rs) || crm_ruleset_calendar_count(rs)) {
		fputs("<h2>Timers and calendars</h2>\n<p>", out);
		for (size_t t = 0; t < crm_ruleset_timer_count(rs); t++) {
			fputs(t ? ", " : "Timers: ", out);
			link_named(out, b, crm_ruleset_timer_name(rs, t));
		}
		fputs(crm_ruleset_timer_count(rs) ? ".</p>\n<p>" : "", out);
		for (size_t c = 0; c < crm_ruleset_calendar_count(rs); c++) {
			crm_calendar_info ci;
			crm_calendar_describe(rs, (int)c, &ci);
			fputs(c ? ", " : "Calendars: ", out);
			link_named(out, b, ci.name);
		}
		fputs("</p>\n", out);
	}
	doc_page_end(out);
	return close_page(out, b, "index.html");
}

static void usage(FILE *out)
{
	fputs("usage: crmrules doc RULES... [--include-root DIR] -o DIR\n"
	      "  write a policy book of the rule files or directories RULES (loaded\n"
	      "  together) into DIR: index.html and one page per rule file\n",
	      out);
}

int cmd_doc(int argc, char **argv)
{
	cli_rules rules = {{NULL}, 0, NULL};
	const char *dir = NULL;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			return EXIT_OK;
		}
		if (strcmp(a, "--output") == 0 || strcmp(a, "-o") == 0) {
			if (i + 1 >= argc) {
				fputs("crmrules doc: -o needs a directory\n", stderr);
				usage(stderr);
				return EXIT_USAGE;
			}
			dir = argv[++i];
		} else if (strcmp(a, "--include-root") == 0 && i + 1 < argc) {
			rules.include_root = argv[++i];
		} else if (a[0] == '-' && a[1]) {
			if (!cli_missing_value("doc", a, NULL))
				fprintf(stderr, "crmrules doc: unknown option '%s'\n", a);
			usage(stderr);
			return EXIT_USAGE;
		} else if (cli_add_rules(&rules, a)) {
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (!rules.n || !dir) {
		usage(stderr);
		return EXIT_USAGE;
	}
	crm_ruleset *rs = cli_load_paths(rules.paths, rules.n, rules.include_root, 0, NULL, NULL);
	if (!rs)
		return EXIT_USAGE;
	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "crmrules doc: cannot make %s: %s\n", dir, strerror(errno));
		crm_ruleset_free(rs);
		return EXIT_FAIL;
	}
	book b;
	memset(&b, 0, sizeof b);
	b.rs = rs;
	b.dir = dir;
	collect_files(&b);
	name_pages(&b);
	read_sources(&b);
	run_tests(&b);
	read_list *reads = decision_reads(rs);
	int status = write_index(&b) ? EXIT_FAIL : EXIT_OK;
	for (size_t f = 0; f < b.nfiles && status == EXIT_OK; f++)
		if (write_page(&b, (int)f, reads))
			status = EXIT_FAIL;
	if (status == EXIT_OK)
		printf("%s: %zu pages (index.html and %zu rule files); tests: %zu passed, %zu failed\n",
		       dir, b.nfiles + 1, b.nfiles, b.passed, b.failed);
	for (size_t d = 0; d < crm_ruleset_decision_count(rs); d++)
		free(reads[d].to);
	free(reads);
	for (size_t f = 0; f < b.nfiles; f++) {
		free(b.files[f].page);
		free(b.files[f].text);
		free(b.files[f].line_at);
	}
	for (size_t i = 0; i < b.ntests; i++)
		free(b.tests[i].message);
	free(b.files);
	free(b.fact_file);
	free(b.dec_file);
	free(b.timer_file);
	free(b.cal_file);
	free(b.tests);
	crm_ruleset_free(rs);
	return status;
}

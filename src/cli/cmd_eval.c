/* SPDX-License-Identifier: MIT */
/* cmd_eval.c - `crmrules eval`: facts in (JSON/YAML, or NDJSON lines), decisions out.
 *
 * With --lines each line is one facts object and gets one line of output,
 * written by the library (crm_decide_json). Lines stream: input is read as
 * it comes (lines.c) and output is flushed whenever the next read could
 * wait, so eval serves as a stage in a pipe or a co-process. With --jobs N
 * the lines go in batches through a ring of slots (batches.c): the main
 * thread reads, N workers decide, a writer thread writes the batches in
 * input order; the ring bounds memory whatever the input. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "batches.h"
#include "cli.h"

typedef struct eval_opts {
	const char *decision, *input;
	int explain, lines, jobs, quiet, unknown_ignore;
	const char *keep[CRM_JSON_KEEP_MAX];
	size_t nkeep;
} eval_opts;

/* ---- output and counts ------------------------------------------------------------ */

typedef struct tally {
	long lines, decided, errors;
	struct timespec t0, last_progress;
	int progress; /* standard error is a terminal */
	int shown;    /* a progress line is on it */
} tally;

static double since(const struct timespec *a)
{
	struct timespec b;
	clock_gettime(CLOCK_MONOTONIC, &b);
	return (double)(b.tv_sec - a->tv_sec) + (double)(b.tv_nsec - a->tv_nsec) / 1e9;
}

static void progress(tally *t)
{
	if (!t->progress || since(&t->last_progress) < 0.5)
		return;
	clock_gettime(CLOCK_MONOTONIC, &t->last_progress);
	fprintf(stderr, "\rcrmrules eval: %ld lines, %ld errors, %.1f s", t->lines, t->errors,
	        since(&t->t0));
	t->shown = 1;
}

static void summary(tally *t, const eval_opts *o)
{
	if (t->shown)
		fputs("\r\033[K", stderr);
	if (!o->quiet)
		fprintf(stderr, "crmrules eval: %ld lines, %ld decided, %ld errors, %.3f s\n", t->lines,
		        t->decided, t->errors, since(&t->t0));
}

static int write_out(void *ud, const char *bytes, size_t len)
{
	return fwrite(bytes, 1, len, (FILE *)ud) != len;
}

static void flush_stdout(void *ud)
{
	(void)ud;
	fflush(stdout);
}

/* The json options of one line. */
static crm_json_options line_options(const eval_opts *o, long line)
{
	crm_json_options j = {CRM_JSON_OPTIONS_VERSION, CRM_JSON_NEWLINE, o->keep, o->nkeep,
	                      (int)(line > 0x7fffffff ? 0x7fffffff : line), NULL};
	if (o->explain)
		j.flags |= o->explain == 2 ? CRM_JSON_EXPLAIN_FULL : CRM_JSON_EXPLAIN;
	if (o->unknown_ignore)
		j.flags |= CRM_JSON_IGNORE_UNKNOWN;
	j.name = strcmp(o->input, "-") == 0 ? "<stdin>" : o->input;
	return j;
}

/* A line past CLI_MAX_LINE: its own error object. */
static void too_long(crm_write_fn write, void *ud, const crm_json_options *j)
{
	crm_error err;
	memset(&err, 0, sizeof err);
	err.code = CRM_ELIMIT;
	err.line = j->first_line;
	err.column = 1;
	snprintf(err.file, sizeof err.file, "%s", j->name);
	snprintf(err.message, sizeof err.message, "line longer than %u bytes", CLI_MAX_LINE);
	char buf[CRM_ERROR_MESSAGE_MAX + CRM_ERROR_FILE_MAX + 128];
	size_t n = crm_error_json(NULL, &err, CRM_JSON_NEWLINE, buf, sizeof buf);
	write(ud, buf, n < sizeof buf ? n : sizeof buf - 1);
}

/* ---- one job -------------------------------------------------------------------- */

static int lines_1(cli_reader *in, crm_context *ctx, int di, const eval_opts *o, tally *t)
{
	const char *text;
	size_t len;
	while (cli_next_line(in, &text, &len, flush_stdout, NULL)) {
		crm_json_options j = line_options(o, in->line);
		if (in->too_long) {
			too_long(write_out, stdout, &j);
			t->lines++;
			t->errors++;
			continue;
		}
		len = cli_trim(text, len);
		if (cli_blank(text, len))
			continue;
		t->lines++;
		if (crm_decide_json_write(ctx, di, text, len, &j, write_out, stdout, NULL))
			t->errors++;
		else
			t->decided++;
		if ((t->lines & 0xfff) == 0)
			progress(t);
	}
	return in->error;
}

/* ---- N jobs: batches of lines ------------------------------------------------------- */

/* What a worker wrote for one batch, and its counts. */
typedef struct batch_out {
	char *out;
	size_t olen, ocap;
	long decided, errors;
} batch_out;

typedef struct eval_job {
	const crm_ruleset *rs;
	int di;
	const eval_opts *o;
	tally *t;
} eval_job;

static int out_append(void *ud, const char *bytes, size_t len)
{
	batch_out *p = ud;
	if (p->olen + len > p->ocap) {
		size_t nc = p->ocap ? p->ocap : 64;
		while (nc < p->olen + len)
			nc *= 2;
		char *q = realloc(p->out, nc);
		if (!q)
			return 1;
		p->out = q;
		p->ocap = nc;
	}
	memcpy(p->out + p->olen, bytes, len);
	p->olen += len;
	return 0;
}

static void *worker_new(void *ud)
{
	eval_job *job = ud;
	crm_context *ctx;
	return crm_context_new(&ctx, job->rs, NULL) ? NULL : ctx;
}

static void worker_free(void *worker)
{
	crm_context_free(worker);
}

static void product_free(void *product)
{
	batch_out *p = product;
	if (p)
		free(p->out);
	free(p);
}

static int decide_batch(void *worker, cli_batch *b, void *ud)
{
	eval_job *job = ud;
	batch_out *p = b->product;
	if (!p && !(p = b->product = calloc(1, sizeof *p)))
		return ENOMEM;
	p->olen = 0;
	p->decided = p->errors = 0;
	for (size_t k = 0; k < b->n; k++) {
		crm_json_options j = line_options(job->o, b->line[k]);
		if (b->long_line[k]) {
			too_long(out_append, p, &j);
			p->errors++;
		} else if (crm_decide_json_write(worker, job->di, b->text + b->start[k], b->len[k], &j,
		                                 out_append, p, NULL)) {
			p->errors++;
		} else {
			p->decided++;
		}
	}
	return 0;
}

/* The batches in order to standard output. */
static int write_batch(cli_batch *b, void *ud)
{
	eval_job *job = ud;
	batch_out *p = b->product;
	if (fwrite(p->out, 1, p->olen, stdout) != p->olen)
		return EIO;
	job->t->lines += (long)b->n;
	job->t->decided += p->decided;
	job->t->errors += p->errors;
	progress(job->t);
	return 0;
}

static int lines_n(cli_reader *in, const crm_ruleset *rs, int di, const eval_opts *o, tally *t)
{
	eval_job ej = {rs, di, o, t};
	cli_batch_job job = {worker_new, worker_free, decide_batch, write_batch, flush_stdout,
	                     product_free, &ej};
	return cli_batches_run(in, o->jobs, &job);
}

/* ---- one object ------------------------------------------------------------------------ */

/* A whole document, JSON or YAML (the library reads either). */
static int one_object(const crm_ruleset *rs, int di, const eval_opts *o)
{
	size_t len;
	char *text = cli_read_all(o->input, &len);
	if (!text) {
		fprintf(stderr, "crmrules eval: cannot read %s\n", o->input);
		return EXIT_USAGE;
	}
	crm_context *ctx = NULL;
	crm_facts *f = NULL;
	if (crm_context_new(&ctx, rs, NULL) || crm_facts_new(&f, rs)) {
		fputs("crmrules: out of memory\n", stderr);
		crm_context_free(ctx);
		free(text);
		return EXIT_FAIL;
	}
	crm_error err;
	const crm_result *r = NULL;
	unsigned flags = CRM_JSON_NEWLINE | (o->explain == 2   ? CRM_JSON_EXPLAIN_FULL
	                                     : o->explain ? CRM_JSON_EXPLAIN
	                                                  : 0);
	int rc = crm_facts_set_json(f, text, len, &err);
	if (rc && strcmp(err.file, "<facts>") == 0) /* name the input, as --lines does */
		snprintf(err.file, sizeof err.file, "%s", strcmp(o->input, "-") == 0 ? "<stdin>" : o->input);
	if (!rc)
		rc = o->explain == 2 ? crm_decide_explain(ctx, di, f, &r, &err)
		                     : crm_decide_index(ctx, di, f, &r, &err);
	char small[4096];
	size_t n = rc ? crm_error_json(r, &err, flags, small, sizeof small)
	              : crm_result_json(r, f, flags, small, sizeof small);
	char *big = n < sizeof small ? NULL : malloc(n + 1);
	if (big) {
		if (rc)
			crm_error_json(r, &err, flags, big, n + 1);
		else
			crm_result_json(r, f, flags, big, n + 1);
	}
	fwrite(big ? big : small, 1, big || n < sizeof small ? n : sizeof small - 1, stdout);
	free(big);
	crm_facts_free(f);
	crm_context_free(ctx);
	free(text);
	return rc ? EXIT_FAIL : EXIT_OK;
}

/* ---- options ----------------------------------------------------------------------------- */

int cmd_eval(int argc, char **argv)
{
	eval_opts o;
	memset(&o, 0, sizeof o);
	o.input = "-";
	o.jobs = 1;
	int jobs_given = 0;
	cli_rules rules = {{NULL}, 0, NULL};
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		int taken = cli_rules_option(&rules, argc, argv, &i);
		if (taken < 0)
			return EXIT_USAGE;
		if (taken)
			continue;
		if ((strcmp(a, "--decision") == 0 || strcmp(a, "-d") == 0) && i + 1 < argc) {
			o.decision = argv[++i];
		} else if (strcmp(a, "--explain") == 0) {
			o.explain = 1;
		} else if (strcmp(a, "--explain=full") == 0) {
			o.explain = 2;
		} else if (strcmp(a, "--lines") == 0) {
			o.lines = 1;
		} else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
			o.quiet = 1;
		} else if (strcmp(a, "--keep") == 0 && i + 1 < argc) {
			if (o.nkeep == CRM_JSON_KEEP_MAX) {
				fprintf(stderr, "crmrules eval: at most %d --keep\n", CRM_JSON_KEEP_MAX);
				return EXIT_USAGE;
			}
			o.keep[o.nkeep++] = argv[++i];
		} else if (strcmp(a, "--unknown") == 0 && i + 1 < argc) {
			const char *v = argv[++i];
			if (strcmp(v, "error") != 0 && strcmp(v, "ignore") != 0) {
				fprintf(stderr, "crmrules eval: --unknown takes error or ignore, not '%s'\n", v);
				return EXIT_USAGE;
			}
			o.unknown_ignore = strcmp(v, "ignore") == 0;
		} else if ((strcmp(a, "--jobs") == 0 || strcmp(a, "-j") == 0) && i + 1 < argc) {
			char *end;
			long j = strtol(argv[++i], &end, 10);
			if (*end || j < 1 || j > 30) {
				fprintf(stderr, "crmrules eval: --jobs takes 1 to 30, not '%s'\n", argv[i]);
				return EXIT_USAGE;
			}
			o.jobs = (int)j;
			jobs_given = 1;
		} else if (a[0] == '-' && a[1]) {
			static const char *const with_value[] = {"--decision", "-d", "--keep", "--unknown",
			                                         "--jobs", "-j", NULL};
			if (!cli_missing_value("eval", a, with_value))
				fprintf(stderr, "crmrules eval: unknown option '%s'\n", a);
			return EXIT_USAGE;
		} else {
			o.input = a;
		}
	}
	if (!rules.n || !o.decision) {
		fputs("usage: crmrules eval --rules PATH [--rules PATH]... [--include-root DIR] "
		      "--decision NAME [--explain[=full]] "
		      "[--lines [--jobs N] [--keep FIELD]... [--unknown error|ignore] [--quiet]] "
		      "[FILE|-]\n",
		      stderr);
		return EXIT_USAGE;
	}
	if (!o.lines && (jobs_given || o.nkeep || o.unknown_ignore || o.quiet)) {
		fputs("crmrules eval: --jobs, --keep, --unknown and --quiet go with --lines\n", stderr);
		return EXIT_USAGE;
	}
	crm_ruleset *rs = cli_load_paths(rules.paths, rules.n, rules.include_root, 0, NULL, NULL);
	if (!rs)
		return EXIT_USAGE;
	int di = crm_decision_find(rs, o.decision);
	if (di < 0) {
		const char *near = crm_ruleset_suggest(rs, CRM_NAME_DECISION, o.decision);
		fprintf(stderr, "crmrules eval: no decision '%s' in %s", o.decision, rules.paths[0]);
		if (near)
			fprintf(stderr, " (did you mean '%s'?)", near);
		fputc('\n', stderr);
		crm_ruleset_free(rs);
		return EXIT_USAGE;
	}
	int status;
	if (!o.lines) {
		status = one_object(rs, di, &o);
		crm_ruleset_free(rs);
		return status;
	}
	cli_reader in;
	if (cli_reader_open(&in, o.input)) {
		fprintf(stderr, "crmrules eval: cannot open %s\n", o.input);
		crm_ruleset_free(rs);
		return EXIT_USAGE;
	}
	setvbuf(stdout, NULL, _IOFBF, 1u << 20);
	tally t;
	memset(&t, 0, sizeof t);
	clock_gettime(CLOCK_MONOTONIC, &t.t0);
	t.last_progress = t.t0;
	t.progress = isatty(2);
	int rc;
	if (o.jobs == 1) {
		crm_context *ctx;
		if (crm_context_new(&ctx, rs, NULL)) {
			rc = ENOMEM;
		} else {
			rc = lines_1(&in, ctx, di, &o, &t);
			crm_context_free(ctx);
		}
	} else {
		rc = lines_n(&in, rs, di, &o, &t);
	}
	if (fflush(stdout) && !rc)
		rc = errno ? errno : EIO;
	cli_reader_close(&in);
	summary(&t, &o);
	if (rc)
		fprintf(stderr, "crmrules eval: %s\n", strerror(rc));
	crm_ruleset_free(rs);
	return rc || t.errors ? EXIT_FAIL : EXIT_OK;
}

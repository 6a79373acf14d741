/* SPDX-License-Identifier: MIT */
/* cmd_eval.c - `crmrules eval`: facts in (JSON/YAML, or NDJSON lines), decisions out.
 *
 * With --lines, each line is one facts object and gets one line of output.
 * --jobs N decides the lines on N threads, each with its own context and
 * facts over the one ruleset: the input is read in rounds of N blocks of
 * lines, each thread writes its block to memory, and the blocks are written
 * out in input order. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define BLOCK_LINES 4096 /* lines per thread per round */

typedef struct eval_opts {
	const char *rules, *decision, *input;
	int explain, lines, jobs;
} eval_opts;

/* One thread's state: its own context, facts and JSON reader. */
typedef struct worker {
	const crm_ruleset *rs;
	int di, explain;
	crm_context *ctx;
	crm_facts *f;
	cli_json *json;
	/* this round's block: offsets into the round's text */
	const char *text;
	const size_t *start, *len;
	size_t n;
	char *out;
	size_t outlen;
	int failed;
	pthread_t thread;
} worker;

/* Decide one facts object; returns 0 when the decision was made. */
static int decide_one(FILE *out, worker *w, const char *text, size_t len)
{
	crm_error err;
	int rc = cli_json_facts(w->json, text, len, &err);
	if (rc) {
		cli_write_error(out, w->rs, NULL, rc, &err);
		return rc;
	}
	const crm_result *r;
	rc = crm_decide_index(w->ctx, w->di, w->f, &r, &err);
	if (rc) {
		cli_write_error(out, w->rs, r, rc, &err);
		return rc;
	}
	cli_write_result(out, w->rs, w->f, r, w->explain);
	return 0;
}

static int worker_init(worker *w, const crm_ruleset *rs, int di, int explain)
{
	memset(w, 0, sizeof *w);
	w->rs = rs;
	w->di = di;
	w->explain = explain;
	return crm_context_new(&w->ctx, rs, NULL) || crm_facts_new(&w->f, rs) ||
	       cli_json_new(&w->json, rs, w->f);
}

static void worker_fini(worker *w)
{
	cli_json_free(w->json);
	crm_facts_free(w->f);
	crm_context_free(w->ctx);
}

static void *run_block(void *arg)
{
	worker *w = arg;
	FILE *out = open_memstream(&w->out, &w->outlen);
	if (!out) {
		w->failed = -1;
		return NULL;
	}
	for (size_t i = 0; i < w->n; i++)
		if (decide_one(out, w, w->text + w->start[i], w->len[i]))
			w->failed = 1;
	if (fclose(out))
		w->failed = -1;
	return NULL;
}

/* A line without its end of line; 0 for a blank line. */
static size_t trim(const char *line, size_t n)
{
	while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		n--;
	return n;
}

static int eval_lines_1(FILE *in, worker *w)
{
	int status = EXIT_OK;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	while ((n = getline(&line, &cap, in)) >= 0) {
		size_t len = trim(line, (size_t)n);
		if (len && decide_one(stdout, w, line, len))
			status = EXIT_FAIL;
	}
	free(line);
	return status;
}

static int eval_lines_n(FILE *in, worker *ws, int jobs)
{
	size_t max = (size_t)jobs * BLOCK_LINES;
	size_t *start = malloc(max * sizeof *start), *len = malloc(max * sizeof *len);
	char *text = NULL, *line = NULL;
	size_t cap = 0, used = 0, lcap = 0;
	int status = EXIT_OK, eof = 0;
	if (!start || !len)
		goto oom;
	while (!eof) {
		/* read a round */
		size_t nl = 0;
		used = 0;
		while (nl < max) {
			ssize_t n = getline(&line, &lcap, in);
			if (n < 0) {
				eof = 1;
				break;
			}
			size_t l = trim(line, (size_t)n);
			if (!l)
				continue;
			if (used + l + 1 > cap) {
				size_t nc = cap ? cap : 1 << 20;
				while (used + l + 1 > nc)
					nc *= 2;
				char *t = realloc(text, nc);
				if (!t)
					goto oom;
				text = t;
				cap = nc;
			}
			memcpy(text + used, line, l);
			start[nl] = used;
			len[nl] = l;
			used += l + 1;
			nl++;
		}
		/* decide it: thread k takes lines [k*per, (k+1)*per) */
		size_t per = (nl + (size_t)jobs - 1) / (size_t)jobs;
		int started = 0;
		for (int k = 0; k < jobs; k++) {
			worker *w = &ws[k];
			size_t from = (size_t)k * per;
			w->text = text;
			w->start = start + (from < nl ? from : nl);
			w->len = len + (from < nl ? from : nl);
			w->n = from >= nl ? 0 : (nl - from < per ? nl - from : per);
			w->out = NULL;
			w->outlen = 0;
			if (!w->n)
				continue;
			if (pthread_create(&w->thread, NULL, run_block, w)) {
				run_block(w); /* no thread: do it here */
				w->thread = 0;
			} else {
				started |= 1 << k;
			}
		}
		for (int k = 0; k < jobs; k++) {
			worker *w = &ws[k];
			if (!w->n)
				continue;
			if (started & (1 << k))
				pthread_join(w->thread, NULL);
			if (w->failed < 0)
				goto oom;
			if (w->failed)
				status = EXIT_FAIL;
			fwrite(w->out, 1, w->outlen, stdout);
			free(w->out);
			w->out = NULL;
		}
	}
	free(start);
	free(len);
	free(text);
	free(line);
	return status;
oom:
	fputs("crmrules: out of memory\n", stderr);
	free(start);
	free(len);
	free(text);
	free(line);
	return EXIT_FAIL;
}

int cmd_eval(int argc, char **argv)
{
	eval_opts o = {NULL, NULL, "-", 0, 0, 1};
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if ((strcmp(a, "--rules") == 0 || strcmp(a, "-r") == 0) && i + 1 < argc)
			o.rules = argv[++i];
		else if ((strcmp(a, "--decision") == 0 || strcmp(a, "-d") == 0) && i + 1 < argc)
			o.decision = argv[++i];
		else if (strcmp(a, "--explain") == 0)
			o.explain = 1;
		else if (strcmp(a, "--lines") == 0)
			o.lines = 1;
		else if ((strcmp(a, "--jobs") == 0 || strcmp(a, "-j") == 0) && i + 1 < argc) {
			char *end;
			long j = strtol(argv[++i], &end, 10);
			if (*end || j < 1 || j > 30) {
				fprintf(stderr, "crmrules eval: --jobs takes 1 to 30, not '%s'\n", argv[i]);
				return EXIT_USAGE;
			}
			o.jobs = (int)j;
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "crmrules eval: unknown option '%s'\n", a);
			return EXIT_USAGE;
		} else
			o.input = a;
	}
	if (!o.rules || !o.decision) {
		fputs("usage: crmrules eval --rules PATH --decision NAME [--explain] "
		      "[--lines [--jobs N]] [FILE|-]\n",
		      stderr);
		return EXIT_USAGE;
	}
	crm_ruleset *rs = cli_load(o.rules, 0, NULL, NULL);
	if (!rs)
		return EXIT_USAGE;
	int di = crm_decision_find(rs, o.decision);
	if (di < 0) {
		fprintf(stderr, "crmrules eval: no decision '%s' in %s\n", o.decision, o.rules);
		crm_ruleset_free(rs);
		return EXIT_USAGE;
	}
	int jobs = o.lines ? o.jobs : 1;
	worker *ws = calloc((size_t)jobs, sizeof *ws);
	int status = ws ? EXIT_OK : EXIT_FAIL;
	for (int k = 0; k < jobs && !status; k++)
		if (worker_init(&ws[k], rs, di, o.explain))
			status = EXIT_FAIL;
	if (status) {
		fputs("crmrules: out of memory\n", stderr);
	} else if (o.lines) {
		FILE *in = strcmp(o.input, "-") == 0 ? stdin : fopen(o.input, "rb");
		if (!in) {
			fprintf(stderr, "crmrules eval: cannot open %s\n", o.input);
			status = EXIT_USAGE;
		} else {
			/* big buffers: a read and a write per megabyte, not per 4 KiB */
			setvbuf(in, NULL, _IOFBF, 1u << 20);
			setvbuf(stdout, NULL, _IOFBF, 1u << 20);
			status = jobs == 1 ? eval_lines_1(in, &ws[0]) : eval_lines_n(in, ws, jobs);
			if (in != stdin)
				fclose(in);
		}
	} else {
		size_t len;
		char *text = cli_read_all(o.input, &len);
		if (!text) {
			fprintf(stderr, "crmrules eval: cannot read %s\n", o.input);
			status = EXIT_USAGE;
		} else {
			/* a whole document may be YAML too: the library reads it */
			crm_error err;
			const crm_result *r;
			worker *w = &ws[0];
			int rc = crm_facts_set_json(w->f, text, len, &err);
			if (rc)
				cli_write_error(stdout, rs, NULL, rc, &err);
			else if ((rc = crm_decide_index(w->ctx, di, w->f, &r, &err)))
				cli_write_error(stdout, rs, r, rc, &err);
			else
				cli_write_result(stdout, rs, w->f, r, o.explain);
			if (rc)
				status = EXIT_FAIL;
			free(text);
		}
	}
	for (int k = 0; ws && k < jobs; k++)
		worker_fini(&ws[k]);
	free(ws);
	crm_ruleset_free(rs);
	return status;
}

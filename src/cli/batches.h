/* SPDX-License-Identifier: MIT */
/* batches.h - NDJSON lines done on N threads and handed on in input order
 * (eval --lines --jobs, diff --jobs). */
#ifndef CRM_CLI_BATCHES_H
#define CRM_CLI_BATCHES_H

#include "lines.h"

/* One batch of lines, as a worker sees it: the lines' text side by side,
 * where each starts, its length and number; long_line[k] when line k was
 * past CLI_MAX_LINE (its text is then empty). Blank lines are left out.
 * product is the job's own output for the batch, made by work and kept
 * with the batch's slot for the next batch to reuse. */
typedef struct cli_batch {
	long seq; /* 0, 1, 2, ... in input order */
	const char *text;
	const size_t *start, *len;
	const long *line;
	const unsigned char *long_line;
	size_t n;
	void *product;
} cli_batch;

typedef struct cli_batch_job {
	/* A worker's own state (a context, say), made before any thread
	 * starts; NULL when out of memory. */
	void *(*worker_new)(void *ud);
	void (*worker_free)(void *worker);
	/* On a worker thread: do batch b, its output into b->product. Nonzero
	 * (an errno) stops the run. */
	int (*work)(void *worker, cli_batch *b, void *ud);
	/* On one thread, one batch at a time, in input order; nonzero (an
	 * errno) stops the run. */
	int (*hand_on)(cli_batch *b, void *ud);
	/* On that thread, before it waits for the next batch (may be NULL). */
	void (*idle)(void *ud);
	/* Frees a product at the end (may be NULL). */
	void (*product_free)(void *product);
	void *ud;
} cli_batch_job;

/* Read every line of in and have jobs workers do them in batches through a
 * ring of slots: this thread reads, the workers work, one more thread
 * hands the batches on in input order. The ring bounds memory (a few
 * batches per worker) whatever the input. Before a read that may wait, the
 * batch being filled goes to the workers, so lines that have come are not
 * held back. 0, or an errno (the reader's, or the first a callback gave). */
int cli_batches_run(cli_reader *in, int jobs, const cli_batch_job *job);

#endif

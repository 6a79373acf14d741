/* SPDX-License-Identifier: MIT */
/* batches.c - NDJSON lines in batches through a ring of slots: the main
 * thread reads and fills, N workers do, one thread hands the batches on in
 * input order; the ring bounds memory whatever the input. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "batches.h"

#define BATCH_LINES 1024       /* lines per batch */
#define BATCH_BYTES (1u << 20) /* text per batch, roughly */
#define SLOTS_PER_JOB 3        /* batches in flight per worker */

enum { SLOT_FREE, SLOT_FILLED, SLOT_TAKEN, SLOT_DONE };

typedef struct slot {
	int state;
	long seq;
	/* the lines' text side by side, where each starts, its number */
	char *text;
	size_t tlen, tcap;
	size_t *start, *len;
	long *line;
	unsigned char *long_line;
	size_t n;
	void *product;
} slot;

typedef struct ring {
	pthread_mutex_t mu;
	pthread_cond_t changed;
	slot *slots;
	size_t nslots;
	long next_take, next_write, filled; /* sequence numbers */
	int input_done;
	int failed; /* an errno: a callback or the writer stopped the run */
	const cli_batch_job *job;
} ring;

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return 0;
	size_t nc = *cap ? *cap : 64;
	while (nc < need)
		nc *= 2;
	void *q = realloc(*p, nc * elem);
	if (!q)
		return -1;
	*p = q;
	*cap = nc;
	return 0;
}

static cli_batch batch_of(slot *s)
{
	cli_batch b = {s->seq, s->text, s->start, s->len, s->line, s->long_line, s->n, s->product};
	return b;
}

/* Stop the run with errno rc (the first one stays). Under the lock. */
static void fail(ring *g, int rc)
{
	if (!g->failed)
		g->failed = rc;
	pthread_cond_broadcast(&g->changed);
}

typedef struct worker {
	ring *g;
	void *state;
	pthread_t thread;
} worker;

static void *work(void *arg)
{
	worker *w = arg;
	ring *g = w->g;
	pthread_mutex_lock(&g->mu);
	for (;;) {
		slot *s = NULL;
		while (!g->failed) {
			s = &g->slots[g->next_take % (long)g->nslots];
			if (g->next_take < g->filled && s->state == SLOT_FILLED && s->seq == g->next_take)
				break;
			s = NULL;
			if (g->input_done && g->next_take >= g->filled)
				break;
			pthread_cond_wait(&g->changed, &g->mu);
		}
		if (!s)
			break;
		s->state = SLOT_TAKEN;
		g->next_take++;
		pthread_mutex_unlock(&g->mu);
		cli_batch b = batch_of(s);
		int rc = g->job->work(w->state, &b, g->job->ud);
		s->product = b.product;
		pthread_mutex_lock(&g->mu);
		if (rc)
			fail(g, rc);
		s->state = SLOT_DONE;
		pthread_cond_broadcast(&g->changed);
	}
	pthread_mutex_unlock(&g->mu);
	return NULL;
}

/* The batches in order, idle (stdout flushed, say) whenever the next is not
 * ready yet. */
static void *hand_on(void *arg)
{
	ring *g = arg;
	const cli_batch_job *job = g->job;
	pthread_mutex_lock(&g->mu);
	for (;;) {
		slot *s = &g->slots[g->next_write % (long)g->nslots];
		while (!(s->state == SLOT_DONE && s->seq == g->next_write) &&
		       !(g->input_done && g->next_write >= g->filled) && !g->failed) {
			pthread_mutex_unlock(&g->mu);
			if (job->idle)
				job->idle(job->ud);
			pthread_mutex_lock(&g->mu);
			if (s->state == SLOT_DONE && s->seq == g->next_write)
				break;
			if ((g->input_done && g->next_write >= g->filled) || g->failed)
				break;
			pthread_cond_wait(&g->changed, &g->mu);
		}
		if (!(s->state == SLOT_DONE && s->seq == g->next_write) || g->failed)
			break;
		pthread_mutex_unlock(&g->mu);
		cli_batch b = batch_of(s);
		int rc = job->hand_on(&b, job->ud);
		pthread_mutex_lock(&g->mu);
		if (rc)
			fail(g, rc);
		s->state = SLOT_FREE;
		g->next_write++;
		pthread_cond_broadcast(&g->changed);
	}
	pthread_mutex_unlock(&g->mu);
	if (job->idle)
		job->idle(job->ud);
	return NULL;
}

typedef struct fill_state {
	ring *g;
	slot *s;
} fill_state;

/* Before a read that may wait, hand over the batch being filled. */
static void hand_over(void *ud)
{
	fill_state *fs = ud;
	ring *g = fs->g;
	if (!fs->s || !fs->s->n)
		return;
	pthread_mutex_lock(&g->mu);
	fs->s->state = SLOT_FILLED;
	g->filled++;
	pthread_cond_broadcast(&g->changed);
	pthread_mutex_unlock(&g->mu);
	fs->s = NULL;
}

/* Line text (len bytes, line number at) into slot s; -1 out of memory. */
static int add_line(slot *s, const char *text, size_t len, long at, int long_line)
{
	if (grow((void **)&s->text, &s->tcap, s->tlen + len + 1, 1))
		return -1;
	if (!s->start) {
		s->start = malloc(BATCH_LINES * sizeof *s->start);
		s->len = malloc(BATCH_LINES * sizeof *s->len);
		s->line = malloc(BATCH_LINES * sizeof *s->line);
		s->long_line = malloc(BATCH_LINES);
		if (!s->start || !s->len || !s->line || !s->long_line)
			return -1;
	}
	memcpy(s->text + s->tlen, text, len);
	s->start[s->n] = s->tlen;
	s->len[s->n] = len;
	s->line[s->n] = at;
	s->long_line[s->n] = (unsigned char)long_line;
	s->tlen += len;
	s->n++;
	return 0;
}

int cli_batches_run(cli_reader *in, int jobs, const cli_batch_job *job)
{
	ring g;
	memset(&g, 0, sizeof g);
	pthread_mutex_init(&g.mu, NULL);
	pthread_cond_init(&g.changed, NULL);
	g.nslots = (size_t)jobs * SLOTS_PER_JOB;
	g.slots = calloc(g.nslots, sizeof *g.slots);
	g.job = job;
	worker *ws = calloc((size_t)jobs, sizeof *ws);
	int rc = 0, started = 0;
	pthread_t writer;
	int writer_started = 0;
	if (!g.slots || !ws)
		rc = ENOMEM;
	for (int k = 0; !rc && k < jobs; k++) {
		ws[k].g = &g;
		if (!(ws[k].state = job->worker_new(job->ud)))
			rc = ENOMEM;
	}
	for (int k = 0; !rc && k < jobs; k++, started++)
		if (pthread_create(&ws[k].thread, NULL, work, &ws[k]))
			rc = EAGAIN;
	if (!rc) {
		if (pthread_create(&writer, NULL, hand_on, &g))
			rc = EAGAIN;
		else
			writer_started = 1;
	}
	fill_state fs = {&g, NULL};
	long seq = 0;
	const char *text;
	size_t len;
	while (!rc && cli_next_line(in, &text, &len, hand_over, &fs)) {
		int long_line = in->too_long;
		if (!long_line) {
			len = cli_trim(text, len);
			if (cli_blank(text, len))
				continue;
		} else {
			len = 0;
		}
		if (!fs.s) {
			/* the next slot, once the writer has freed it */
			slot *s = &g.slots[seq % (long)g.nslots];
			pthread_mutex_lock(&g.mu);
			while (s->state != SLOT_FREE && !g.failed)
				pthread_cond_wait(&g.changed, &g.mu);
			int stop = g.failed;
			pthread_mutex_unlock(&g.mu);
			if (stop)
				break;
			s->seq = seq++;
			s->n = 0;
			s->tlen = 0;
			fs.s = s;
		}
		if (add_line(fs.s, text, len, in->line, long_line)) {
			rc = ENOMEM;
			break;
		}
		if (fs.s->n == BATCH_LINES || fs.s->tlen >= BATCH_BYTES)
			hand_over(&fs);
	}
	hand_over(&fs);
	pthread_mutex_lock(&g.mu);
	g.input_done = 1;
	if (rc)
		fail(&g, rc);
	pthread_cond_broadcast(&g.changed);
	pthread_mutex_unlock(&g.mu);
	for (int k = 0; k < started; k++)
		pthread_join(ws[k].thread, NULL);
	if (writer_started)
		pthread_join(writer, NULL);
	for (int k = 0; ws && k < jobs; k++)
		if (ws[k].state)
			job->worker_free(ws[k].state);
	for (size_t i = 0; g.slots && i < g.nslots; i++) {
		free(g.slots[i].text);
		free(g.slots[i].start);
		free(g.slots[i].len);
		free(g.slots[i].line);
		free(g.slots[i].long_line);
		if (job->product_free)
			job->product_free(g.slots[i].product);
	}
	free(g.slots);
	free(ws);
	pthread_cond_destroy(&g.changed);
	pthread_mutex_destroy(&g.mu);
	if (!rc && g.failed)
		rc = g.failed;
	return rc ? rc : in->error;
}

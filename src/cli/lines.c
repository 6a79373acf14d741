/* SPDX-License-Identifier: MIT */
/* lines.c - NDJSON lines read as they come: read(2) up to a megabyte at a
 * time, each line handed out as soon as its newline is in, so a command
 * reading them serves as a stage in a pipe or a co-process. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lines.h"

int cli_reader_open(cli_reader *r, const char *path)
{
	memset(r, 0, sizeof *r);
	if (strcmp(path, "-") == 0)
		return 0;
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return -1;
	r->fd = dup(fileno(fp));
	fclose(fp);
	return r->fd < 0 ? -1 : 0;
}

void cli_reader_close(cli_reader *r)
{
	if (r->fd > 0)
		close(r->fd);
	free(r->buf);
	r->buf = NULL;
}

/* Read more input: blocks until some arrives. */
static void fill(cli_reader *r)
{
	if (r->start > 0) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->start = 0;
	}
	if (r->cap - r->end < CLI_READ_CHUNK / 4) {
		size_t nc = r->cap ? r->cap * 2 : CLI_READ_CHUNK;
		char *p = nc <= (size_t)CLI_MAX_LINE * 2 + CLI_READ_CHUNK ? realloc(r->buf, nc) : NULL;
		if (!p) {
			r->error = ENOMEM;
			r->eof = 1;
			return;
		}
		r->buf = p;
		r->cap = nc;
	}
	ssize_t n;
	do
		n = read(r->fd, r->buf + r->end, r->cap - r->end);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		r->error = errno;
	if (n <= 0)
		r->eof = 1;
	else
		r->end += (size_t)n;
}

int cli_next_line(cli_reader *r, const char **text, size_t *len, void (*flush)(void *), void *ud)
{
	for (;;) {
		size_t have = r->end - r->start;
		char *nl = have ? memchr(r->buf + r->start, '\n', have) : NULL; /* buf is NULL at first */
		if (nl || (r->eof && have) || have > CLI_MAX_LINE) {
			size_t n = nl ? (size_t)(nl - (r->buf + r->start)) : have;
			r->too_long = !nl && !r->eof;
			if (r->too_long) {
				/* drop the rest of it up to its newline */
				*text = r->buf + r->start;
				*len = CLI_MAX_LINE;
				r->start = r->end;
				while (!r->eof) {
					fill(r);
					char *e = r->end > r->start
					                  ? memchr(r->buf + r->start, '\n', r->end - r->start)
					                  : NULL;
					if (e) {
						r->start = (size_t)(e - r->buf) + 1;
						break;
					}
					r->start = r->end;
				}
				r->line++;
				return 1;
			}
			*text = r->buf + r->start;
			*len = n;
			r->start += n + (nl != NULL);
			r->line++;
			return 1;
		}
		if (r->eof)
			return 0;
		if (flush)
			flush(ud);
		fill(r);
	}
}

size_t cli_trim(const char *line, size_t n)
{
	while (n && (line[n - 1] == '\r' || line[n - 1] == ' ' || line[n - 1] == '\t'))
		n--;
	return n;
}

int cli_blank(const char *line, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
			return 0;
	return 1;
}

/* SPDX-License-Identifier: MIT */
/* lines.h - NDJSON input of the crmrules tool (eval --lines, diff): lines
 * read as they come, from a file or standard input. */
#ifndef CRM_CLI_LINES_H
#define CRM_CLI_LINES_H

#include <stddef.h>

#define CLI_READ_CHUNK (1u << 20) /* bytes per read(2) */
#define CLI_MAX_LINE (16u << 20)  /* a longer line is an error of its own */

typedef struct cli_reader {
	int fd;
	char *buf;
	size_t cap, start, end;
	int eof, error;
	long line;    /* number of the last line handed out */
	int too_long; /* the line handed out was cut at CLI_MAX_LINE */
} cli_reader;

/* Read from path ("-" is standard input); -1 when it cannot be opened. */
int cli_reader_open(cli_reader *r, const char *path);
void cli_reader_close(cli_reader *r);

/* The next line (without its end of line), or 0 at the end of the input;
 * r->error then holds an errno if reading failed. flush (may be NULL)
 * runs before a read that may wait, so that what is done so far can go
 * out. A line past CLI_MAX_LINE comes with r->too_long set, cut there. */
int cli_next_line(cli_reader *r, const char **text, size_t *len, void (*flush)(void *),
                  void *ud);

/* The length of line without trailing blanks and carriage return. */
size_t cli_trim(const char *line, size_t n);
/* Nonzero when line holds only blanks. */
int cli_blank(const char *line, size_t n);

#endif

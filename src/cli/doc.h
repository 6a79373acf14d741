/* SPDX-License-Identifier: MIT */
/* doc.h - the pieces of `crmrules doc` (cmd_doc.c: the book, what goes on
 * which page) that write HTML (doc_html.c). Everything written from a rule
 * file goes through doc_text or doc_expr, which escape it. */
#ifndef CRM_CLI_DOC_H
#define CRM_CLI_DOC_H

#include <stdio.h>

#include "crmrules.h"

/* Text as HTML: & < > " ' escaped (safe in elements and quoted attributes). */
void doc_text(FILE *out, const char *s);
void doc_textn(FILE *out, const char *s, size_t n);
/* A name as part of an id or a fragment: letters, digits, '_', '-' as they
 * are, every other byte as ".XX" (hex), so ids need no escaping. */
void doc_id(FILE *out, const char *prefix, const char *name);
/* "page#" and the id of doc_id into buf; 0, or -1 when it does not fit. */
int doc_href(char *buf, size_t size, const char *page, const char *prefix, const char *name,
             size_t len);

/* Finds where a name is described: writes "page.html#id" into href and
 * returns 1, or returns 0 (no link). dotted: name is decision.output. */
typedef int (*doc_resolve_fn)(void *ud, const char *name, size_t len, int dotted, char *href,
                              size_t size);
/* An expression or cell as written, escaped, with its names linked where
 * resolve finds them (nothing inside string literals is a name). */
void doc_expr(FILE *out, const char *text, doc_resolve_fn resolve, void *ud);
/* Calls found(ud, decision name, len) for each decision.output an
 * expression reads (outside string literals), as resolve would link it. */
void doc_expr_names(const char *text, void (*found)(void *ud, const char *name, size_t len),
                    void *ud);

/* A page's start (doctype, title, style sheet, the heading bar with a link
 * to the index unless this is it) and end. */
void doc_page_begin(FILE *out, const char *title, int is_index);
void doc_page_end(FILE *out);

/* A value as text: JSON's, without a string's quotes. */
void doc_value(FILE *out, const crm_value *v);

/* Calendar cal: what it declares (offset, working week, hours, breaks,
 * the years with data). */
void doc_calendar_header(FILE *out, const crm_ruleset *rs, int cal);
/* The twelve months of year on calendar cal as grids, each day marked by
 * its kind, with the month's entries below it. 0, or -1 (with a note in
 * the page) when the calendar has no data for the year. */
int doc_calendar_year(FILE *out, const crm_ruleset *rs, int cal, int year);

#endif

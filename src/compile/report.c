/* SPDX-License-Identifier: MIT */
/* report.c - the loader's diagnostics: errors and warnings at file:line:column,
 * handed to the host's callback; the first error kept for the caller. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "compile.h"

/* ---- diagnostics ----------------------------------------------------------- */

static void report(loader *l, int severity, const crm_error *e)
{
	if (l->opts && l->opts->diagnostic)
		l->opts->diagnostic(severity, e, l->opts->diagnostic_ud);
}

static int vreport(loader *l, int severity, int code, int line, int col,
                   const char *fmt, va_list ap)
{
	crm_error e;
	crm_err_vset(&e, code, fmt, ap);
	snprintf(e.file, sizeof e.file, "%s", l->file ? l->file : "");
	e.line = line;
	e.column = col;
	bool error = severity == CRM_DIAG_ERROR ||
	             (l->opts && l->opts->warnings_as_errors);
	if (error && code == CRM_ELIMIT && l->work < 0) {
		/* past the load's work limit every expression left fails alike:
		 * say it once */
		if (l->work_said) {
			l->nerrors++;
			return code;
		}
		l->work_said = true;
	}
	if (error) {
		if (l->nerrors++ == 0 && l->err)
			*l->err = e;
	} else {
		l->nwarnings++;
	}
	report(l, severity, &e);
	return code;
}

int crm_load_error(loader *l, int code, int line, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(l, CRM_DIAG_ERROR, code, line, col, fmt, ap);
	va_end(ap);
	return code;
}

int crm_load_warning(loader *l, int line, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(l, CRM_DIAG_WARNING, CRM_ETABLE, line, col, fmt, ap);
	va_end(ap);
	return 0;
}

/* Map a byte offset in a scalar's text to a line and column of the file. */
static void scalar_pos(const crm_ynode *y, uint32_t pos, int *line, int *col)
{
	uint32_t nl = 0, bol = 0;
	for (uint32_t i = 0; i < pos && i < y->len; i++)
		if (y->text[i] == '\n')
			nl++, bol = i + 1;
	if (y->style == Y_BLOCK) {
		*line = y->line + 1 + (int)nl;
		*col = y->col + 2 + (int)(pos - bol);
	} else if (nl) {
		*line = y->line + (int)nl;
		*col = 1 + (int)(pos - bol);
	} else {
		*line = y->line;
		*col = y->col + (int)pos + (y->style == Y_QUOTED ? 1 : 0);
	}
}

int crm_load_diag(loader *l, const crm_ynode *y, const crm_diag *d)
{
	int line, col;
	scalar_pos(y, d->pos, &line, &col);
	return crm_load_error(l, d->code, line, col, "%s", d->msg);
}

/* ---- did you mean ---------------------------------------------------------------- */

const char *crm_load_hint(const crm_suggest *sg, char *buf, size_t size)
{
	if (sg->best)
		snprintf(buf, size, " (did you mean '%.*s'?)", (int)sg->best_len, sg->best);
	else if (size)
		buf[0] = '\0';
	return buf;
}

const char *crm_load_hint_map(const crm_map *m, const crm_ynode *name, char *buf, size_t size)
{
	crm_suggest sg;
	crm_suggest_init(&sg, name->kind == Y_SCALAR ? name->text : "",
	                 name->kind == Y_SCALAR ? name->len : 0);
	if (name->kind == Y_SCALAR)
		crm_suggest_map(&sg, m, 0);
	return crm_load_hint(&sg, buf, size);
}

const char *crm_load_output_hint(const decision *d, const crm_ynode *name, char *buf,
                                 size_t size)
{
	/* a name with ')' or ']' is most often the rest of an expression an
	 * unquoted { } value lost at its comma (then: { x: min(a, b) }) */
	for (uint32_t i = 0; name->kind == Y_SCALAR && i < name->len; i++)
		if (name->text[i] == ')' || name->text[i] == ']') {
			snprintf(buf, size, " (in { }, a comma ends an unquoted value: quote an "
			                    "expression with commas, \"min(a, b)\")");
			return buf;
		}
	crm_suggest sg;
	crm_suggest_init(&sg, name->kind == Y_SCALAR ? name->text : "",
	                 name->kind == Y_SCALAR ? name->len : 0);
	for (uint32_t i = 0; i < d->nouts && name->kind == Y_SCALAR; i++)
		crm_suggest_add(&sg, d->outs[i].name, strlen(d->outs[i].name), (int)i);
	return crm_load_hint(&sg, buf, size);
}

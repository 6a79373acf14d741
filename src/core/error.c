/* SPDX-License-Identifier: MIT */
/* error.c - error records and the static texts of the error codes. */
#include <stdio.h>
#include <string.h>

#include "core.h"

const char *crm_strerror(int code)
{
	switch (code) {
	case CRM_OK: return "success";
	case CRM_ESYNTAX: return "syntax error";
	case CRM_ETYPE: return "type mismatch";
	case CRM_EUNKNOWN: return "unknown name";
	case CRM_ELIMIT: return "limit exceeded";
	case CRM_ENOMEM: return "out of memory";
	case CRM_EIO: return "input/output error";
	case CRM_EINVAL: return "invalid value";
	case CRM_EOVERFLOW: return "arithmetic overflow";
	case CRM_EREGEX: return "bad regular expression";
	case CRM_EDUP: return "duplicate name";
	case CRM_ECYCLE: return "cyclic chain of decisions or escalations";
	case CRM_ETABLE: return "decision table problem";
	case CRM_EMISSING: return "missing facts";
	case CRM_ENOMATCH: return "no rule matched";
	case CRM_ERANGE: return "outside the calendar's data or the years";
	default: return "unknown code";
	}
}

const char *crm_code_name(int code)
{
	switch (code) {
	case CRM_OK: return "ok";
	case CRM_EMISSING: return "missing";
	case CRM_ENOMATCH: return "no_match";
	case CRM_ETABLE: return "conflict";
	case CRM_EOVERFLOW: return "overflow";
	case CRM_ELIMIT: return "limit";
	case CRM_EUNKNOWN: return "unknown";
	case CRM_ETYPE: return "type";
	case CRM_ESYNTAX: return "syntax";
	case CRM_EINVAL: return "invalid";
	case CRM_ERANGE: return "range";
	case CRM_ENOMEM: return "memory";
	case CRM_EIO: return "io";
	case CRM_EREGEX: return "regex";
	case CRM_EDUP: return "duplicate";
	case CRM_ECYCLE: return "cycle";
	default: return "error";
	}
}

int crm_version(void)
{
	return CRM_VERSION_NUMBER;
}

int crm_err_vset(crm_error *err, int code, const char *fmt, va_list ap)
{
	if (err) {
		err->code = code;
		err->line = err->column = 0;
		err->file[0] = '\0';
		vsnprintf(err->message, sizeof err->message, fmt, ap);
	}
	return code;
}

int crm_err_set(crm_error *err, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	crm_err_vset(err, code, fmt, ap);
	va_end(ap);
	return code;
}

int crm_err_at(crm_error *err, int code, const char *file, int line, int col,
               const char *fmt, ...)
{
	if (!err)
		return code;
	va_list ap;
	va_start(ap, fmt);
	crm_err_vset(err, code, fmt, ap);
	va_end(ap);
	snprintf(err->file, sizeof err->file, "%s", file ? file : "");
	err->line = line;
	err->column = col;
	return code;
}

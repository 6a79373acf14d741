/* SPDX-License-Identifier: MIT */
/* output.c - decisions as JSON objects on standard output. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

void cli_json_string(FILE *out, const char *s, size_t len)
{
	fputc('"', out);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

static void write_value(FILE *out, const crm_value *v)
{
	char small[256];
	size_t n = crm_value_format(small, sizeof small, v);
	if (n < sizeof small) {
		fwrite(small, 1, n, out);
		return;
	}
	char *big = malloc(n + 1);
	if (!big) {
		fputs("null", out);
		return;
	}
	crm_value_format(big, n + 1, v);
	fwrite(big, 1, n, out);
	free(big);
}

static const char *code_name(int rc)
{
	switch (rc) {
	case CRM_EMISSING: return "missing";
	case CRM_ENOMATCH: return "no_match";
	case CRM_ETABLE: return "conflict";
	case CRM_EOVERFLOW: return "overflow";
	case CRM_ELIMIT: return "limit";
	case CRM_EUNKNOWN: return "unknown";
	case CRM_ETYPE: return "type";
	case CRM_ESYNTAX: return "syntax";
	case CRM_EINVAL: return "invalid";
	default: return "error";
	}
}

void cli_write_result(FILE *out, const crm_ruleset *rs, const crm_facts *f,
                      const crm_result *r, int explain)
{
	fputc('{', out);
	size_t n = crm_result_output_count(r);
	for (size_t i = 0; i < n; i++) {
		const char *name = crm_result_output_name(r, i);
		if (i)
			fputc(',', out);
		cli_json_string(out, name, strlen(name));
		fputc(':', out);
		crm_value v = crm_result_output(r, i);
		write_value(out, &v);
	}
	if (explain) {
		fputs(n ? ",\"$explain\":{\"fired\":[" : "\"$explain\":{\"fired\":[", out);
		size_t nf = crm_result_fired_count(r);
		for (size_t i = 0; i < nf; i++) {
			const char *d = crm_result_fired_decision(r, i), *id = crm_result_fired_id(r, i);
			fputs(i ? ",{\"decision\":" : "{\"decision\":", out);
			cli_json_string(out, d, strlen(d));
			fputs(",\"rule\":", out);
			cli_json_string(out, id, strlen(id));
			fputs(",\"facts\":{", out);
			size_t nk = crm_result_fired_fact_count(r, i);
			for (size_t k = 0; k < nk; k++) {
				int slot = crm_result_fired_fact(r, i, k);
				const char *fn = crm_ruleset_fact_name(rs, (size_t)slot);
				if (k)
					fputc(',', out);
				cli_json_string(out, fn, strlen(fn));
				fputc(':', out);
				crm_value v = crm_facts_get(f, slot);
				write_value(out, &v);
			}
			fputs("}}", out);
		}
		fputs("]}", out);
	}
	fputs("}\n", out);
}

void cli_write_error(FILE *out, const crm_ruleset *rs, const crm_result *r, int rc,
                     const crm_error *e)
{
	fputs("{\"$error\":{\"code\":\"", out);
	fputs(code_name(rc), out);
	fputs("\",\"message\":", out);
	cli_json_string(out, e->message, strlen(e->message));
	if (e->line > 0)
		fprintf(out, ",\"line\":%d,\"column\":%d", e->line, e->column);
	size_t nm = r ? crm_result_missing_count(r) : 0;
	if (nm) {
		fputs(",\"missing\":[", out);
		for (size_t i = 0; i < nm; i++) {
			const char *fn = crm_ruleset_fact_name(rs, (size_t)crm_result_missing_fact(r, i));
			if (i)
				fputc(',', out);
			cli_json_string(out, fn, strlen(fn));
		}
		fputc(']', out);
	}
	fputs("}}\n", out);
}

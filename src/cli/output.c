/* SPDX-License-Identifier: MIT */
/* output.c - decisions as JSON objects on standard output. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* A line is built in memory and written with one fwrite. */
typedef struct obuf {
	FILE *out;
	size_t len;
	char buf[8192];
} obuf;

static void ob_flush(obuf *b)
{
	fwrite(b->buf, 1, b->len, b->out);
	b->len = 0;
}

static void ob_add(obuf *b, const char *s, size_t n)
{
	if (b->len + n > sizeof b->buf) {
		ob_flush(b);
		if (n > sizeof b->buf) {
			fwrite(s, 1, n, b->out);
			return;
		}
	}
	memcpy(b->buf + b->len, s, n);
	b->len += n;
}

static void ob_puts(obuf *b, const char *s)
{
	ob_add(b, s, strlen(s));
}

static void ob_char(obuf *b, char c)
{
	if (b->len == sizeof b->buf)
		ob_flush(b);
	b->buf[b->len++] = c;
}

static void ob_string(obuf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	ob_char(b, '"');
	size_t run = 0; /* bytes copied as they are, in one go */
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c != '"' && c != '\\' && c >= 0x20)
			continue;
		ob_add(b, s + run, i - run);
		run = i + 1;
		if (c == '"' || c == '\\') {
			char esc[2] = {'\\', (char)c};
			ob_add(b, esc, 2);
		} else {
			char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
			ob_add(b, esc, 6);
		}
	}
	ob_add(b, s + run, len - run);
	ob_char(b, '"');
}

void cli_json_string(FILE *out, const char *s, size_t len)
{
	obuf b;
	b.out = out;
	b.len = 0;
	ob_string(&b, s, len);
	ob_flush(&b);
}

static void write_value(obuf *b, const crm_value *v)
{
	char small[256];
	size_t n = crm_value_format(small, sizeof small, v);
	if (n < sizeof small) {
		ob_add(b, small, n);
		return;
	}
	char *big = malloc(n + 1);
	if (!big) {
		ob_puts(b, "null");
		return;
	}
	crm_value_format(big, n + 1, v);
	ob_add(b, big, n);
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
	obuf b;
	b.out = out;
	b.len = 0;
	ob_char(&b, '{');
	size_t n = crm_result_output_count(r);
	for (size_t i = 0; i < n; i++) {
		const char *name = crm_result_output_name(r, i);
		if (i)
			ob_char(&b, ',');
		ob_string(&b, name, strlen(name));
		ob_char(&b, ':');
		crm_value v = crm_result_output(r, i);
		write_value(&b, &v);
	}
	if (explain) {
		ob_puts(&b, n ? ",\"$explain\":{\"fired\":[" : "\"$explain\":{\"fired\":[");
		size_t nf = crm_result_fired_count(r);
		for (size_t i = 0; i < nf; i++) {
			const char *d = crm_result_fired_decision(r, i), *id = crm_result_fired_id(r, i);
			ob_puts(&b, i ? ",{\"decision\":" : "{\"decision\":");
			ob_string(&b, d, strlen(d));
			ob_puts(&b, ",\"rule\":");
			ob_string(&b, id, strlen(id));
			ob_puts(&b, ",\"facts\":{");
			size_t nk = crm_result_fired_fact_count(r, i);
			for (size_t k = 0; k < nk; k++) {
				int slot = crm_result_fired_fact(r, i, k);
				const char *fn = crm_ruleset_fact_name(rs, (size_t)slot);
				if (k)
					ob_char(&b, ',');
				ob_string(&b, fn, strlen(fn));
				ob_char(&b, ':');
				crm_value v = crm_facts_get(f, slot);
				write_value(&b, &v);
			}
			ob_puts(&b, "}}");
		}
		ob_puts(&b, "]}");
	}
	ob_puts(&b, "}\n");
	ob_flush(&b);
}

void cli_write_error(FILE *out, const crm_ruleset *rs, const crm_result *r, int rc,
                     const crm_error *e)
{
	obuf b;
	b.out = out;
	b.len = 0;
	ob_puts(&b, "{\"$error\":{\"code\":\"");
	ob_puts(&b, code_name(rc));
	ob_puts(&b, "\",\"message\":");
	ob_string(&b, e->message, strlen(e->message));
	if (e->line > 0) {
		char pos[64];
		int k = snprintf(pos, sizeof pos, ",\"line\":%d,\"column\":%d", e->line, e->column);
		ob_add(&b, pos, (size_t)k);
	}
	size_t nm = r ? crm_result_missing_count(r) : 0;
	if (nm) {
		ob_puts(&b, ",\"missing\":[");
		for (size_t i = 0; i < nm; i++) {
			const char *fn = crm_ruleset_fact_name(rs, (size_t)crm_result_missing_fact(r, i));
			if (i)
				ob_char(&b, ',');
			ob_string(&b, fn, strlen(fn));
		}
		ob_char(&b, ']');
	}
	ob_puts(&b, "}}\n");
	ob_flush(&b);
}

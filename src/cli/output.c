/* SPDX-License-Identifier: MIT */
/* output.c - a string as JSON text, through the library's own writer. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

void cli_json_string(FILE *out, const char *s, size_t len)
{
	crm_value v;
	memset(&v, 0, sizeof v);
	v.type = CRM_T_STRING;
	v.u.s.ptr = s;
	v.u.s.len = len;
	char small[512];
	size_t n = crm_value_format(small, sizeof small, &v);
	if (n < sizeof small) {
		fwrite(small, 1, n, out);
		return;
	}
	char *big = malloc(n + 1);
	if (!big) {
		fputs("null", out);
		return;
	}
	crm_value_format(big, n + 1, &v);
	fwrite(big, 1, n, out);
	free(big);
}

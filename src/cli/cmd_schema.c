/* SPDX-License-Identifier: MIT */
/* cmd_schema.c - `crmrules schema`: the JSON Schema of rule files
 * (schema/crmrules.schema.json, built into the tool), for editors and
 * validators. */
#include <string.h>

#include "cli.h"
#include "schema_json.h"

int cmd_schema(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs("usage: crmrules schema\n"
			      "  print the JSON Schema (draft-07) of rule files\n",
			      stdout);
			return EXIT_OK;
		}
		fprintf(stderr, "crmrules schema: unexpected argument '%s'\n", argv[i]);
		fputs("usage: crmrules schema\n", stderr);
		return EXIT_USAGE;
	}
	if (fwrite(crm_schema_json, 1, (size_t)crm_schema_json_len, stdout) !=
	        (size_t)crm_schema_json_len ||
	    fflush(stdout) != 0) {
		fputs("crmrules schema: cannot write the schema\n", stderr);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

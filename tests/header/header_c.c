/* SPDX-License-Identifier: MIT */
/* header_c.c - the public header compiles alone as strict C11. */
#include <crmrules.h>

int header_c_probe(void);
int header_c_probe(void)
{
	crm_error err;
	crm_load_options opts = CRM_LOAD_OPTIONS_INIT;
	(void)opts;
	err.code = CRM_OK;
	return err.code + CRM_VERSION_NUMBER;
}

// SPDX-License-Identifier: MIT
// header_cxx.cpp - the public header compiles alone as C++.
#include <crmrules.h>

int header_cxx_probe();
int header_cxx_probe()
{
	crm_load_options opts = CRM_LOAD_OPTIONS_INIT;
	crm_value v = crm_value();
	return static_cast<int>(opts.version) + static_cast<int>(v.type);
}

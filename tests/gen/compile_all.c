/* SPDX-License-Identifier: MIT */
/* compile_all.c - crm_generate_c on every decision of every rule file it is
 * given (files and directories; those that do not load are skipped): each
 * is generated twice (every fact read, and every fact with a has_ flag),
 * and what is generated must compile with CC and every warning as an
 * error; what is refused must say which decision. The fuzz corpus of rule
 * texts brings names, types and tables no shipped rule file has.
 *
 *   compile_all CC INCLUDE_DIR WORK_DIR PATH... */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "crmrules.h"

static const char *cc, *incdir, *work;
static unsigned long generated, refused, files;

static int write_file(void *ud, const char *bytes, size_t len)
{
	return fwrite(bytes, 1, len, ud) != len;
}

static int compile_one(const crm_ruleset *rs, size_t d, int optional)
{
	char cpath[4096], hpath[4096], cmd[9000];
	snprintf(cpath, sizeof cpath, "%s/g%lu.c", work, generated + refused);
	snprintf(hpath, sizeof hpath, "%s/g%lu.h", work, generated + refused);
	FILE *c = fopen(cpath, "w"), *h = fopen(hpath, "w");
	if (!c || !h) {
		fprintf(stderr, "compile_all: cannot write in %s\n", work);
		exit(2);
	}
	char header[64];
	snprintf(header, sizeof header, "g%lu.h", generated + refused);
	crm_gen_options o;
	memset(&o, 0, sizeof o);
	o.version = CRM_GEN_OPTIONS_VERSION;
	o.prefix = "gen";
	o.header = header;
	o.all_optional = optional;
	crm_error err;
	int rc = crm_generate_c(rs, (int)d, &o, write_file, c, write_file, h, &err);
	fclose(c);
	fclose(h);
	const char *name = crm_ruleset_decision_name(rs, d);
	if (rc) {
		refused++;
		if (rc == CRM_EINVAL && strstr(err.message, name) == NULL &&
		    strstr(err.message, "decision") == NULL && strstr(err.message, "fact") == NULL) {
			fprintf(stderr, "compile_all: decision '%s' refused without saying why: %s\n",
			        name, err.message);
			return 1;
		}
		return 0;
	}
	generated++;
	snprintf(cmd, sizeof cmd,
	         "%s -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Werror -I%s -c %s -o %s.o",
	         cc, incdir, cpath, cpath);
	if (system(cmd) != 0) {
		fprintf(stderr, "compile_all: decision '%s' (%s) does not compile: %s\n", name,
		        optional ? "every fact optional" : "every fact read", cpath);
		return 1;
	}
	remove(cpath);
	remove(hpath);
	strcat(cpath, ".o");
	remove(cpath);
	return 0;
}

static int one_file(const char *path)
{
	crm_ruleset *rs;
	crm_error err;
	if (crm_ruleset_load(&rs, path, NULL, &err))
		return 0; /* not a ruleset: nothing to generate */
	files++;
	int bad = 0;
	for (size_t d = 0; d < crm_ruleset_decision_count(rs); d++)
		bad |= compile_one(rs, d, 0) | compile_one(rs, d, 1);
	crm_ruleset_free(rs);
	return bad;
}

static int walk(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return 0;
	if (!S_ISDIR(st.st_mode))
		return one_file(path);
	int bad = one_file(path); /* a directory is a ruleset too */
	DIR *dir = opendir(path);
	struct dirent *e;
	while (dir && (e = readdir(dir))) {
		if (e->d_name[0] == '.')
			continue;
		char sub[4096];
		snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
		if (stat(sub, &st) == 0 && S_ISREG(st.st_mode))
			bad |= one_file(sub);
	}
	if (dir)
		closedir(dir);
	return bad;
}

int main(int argc, char **argv)
{
	if (argc < 5) {
		fputs("usage: compile_all CC INCLUDE_DIR WORK_DIR PATH...\n", stderr);
		return 2;
	}
	cc = argv[1];
	incdir = argv[2];
	work = argv[3];
	mkdir(work, 0777);
	int bad = 0;
	for (int i = 4; i < argc; i++)
		bad |= walk(argv[i]);
	printf("compile_all: %lu rule files, %lu generated and compiled, %lu refused\n", files,
	       generated, refused);
	return bad || !generated;
}

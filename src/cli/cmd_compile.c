/* SPDX-License-Identifier: MIT */
/* cmd_compile.c - `crmrules compile`: a decision as plain C11 (a .c file and
 * its header, crm_generate_c), for hosts that compile it into their own
 * binary. */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

#define MAX_FACTS 4096

/* A C identifier: a letter, then letters, digits and _. */
static bool c_identifier(const char *s)
{
	if (!isalpha((unsigned char)s[0]))
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return false;
	return true;
}

/* A member, or a member of a nested struct: identifiers joined by '.'. */
static bool c_designator(const char *s)
{
	for (;;) {
		if (!isalpha((unsigned char)*s) && *s != '_')
			return false;
		while (isalnum((unsigned char)*s) || *s == '_')
			s++;
		if (!*s)
			return true;
		if (*s++ != '.')
			return false;
	}
}

/* Whether paths a and b name the same file: the same text, or, when both
 * exist, the same device and inode. */
static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	return strcmp(a, b) == 0 || (stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
	                             sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino);
}

static int write_file(void *ud, const char *bytes, size_t len)
{
	FILE *f = ud;
	return fwrite(bytes, 1, len, f) != len;
}

static void compile_usage(FILE *out)
{
	fputs("usage: crmrules compile [--rules] PATH [--rules PATH]... [--include-root DIR]\n"
	      "       --decision NAME -o FILE.c [--header FILE.h] [--prefix NAME]\n"
	      "       [--fact NAME[?]]... [--optional] [--only-output NAME]...\n"
	      "       [--struct TYPE [--struct-header FILE.h] --member FACT=MEMBER[:OPTS]...]\n"
	      "  write the decision (and those it reads) as plain C11: FILE.c and its\n"
	      "  header, deciding for a struct of the facts as the engine does\n"
	      "  --rules, -r PATH      a rule file or directory; repeatable\n"
	      "  --include-root DIR    include: may read only files inside DIR\n"
	      "  --decision, -d NAME   the decision\n"
	      "  --output, -o FILE.c   the C file\n"
	      "  --header FILE.h       its header (default: FILE.c with .h)\n"
	      "  --prefix NAME         names NAME_in, NAME_out, NAME_decide (default:\n"
	      "                        the decision's name)\n"
	      "  --fact NAME[?]        a fact the struct holds, in order; NAME? with a\n"
	      "                        has_ flag; repeatable (default: every fact the\n"
	      "                        decision reads); facts left out are unknown\n"
	      "  --optional            every fact with a has_ flag\n"
	      "  --only-output NAME    an output the output struct holds; repeatable\n"
	      "                        (default: every output); the others' constants\n"
	      "                        are not worked out\n"
	      "  --struct TYPE         read the facts from the host's own struct TYPE\n"
	      "                        (\"struct customer\") rather than a generated one\n"
	      "  --struct-header FILE.h  the header that declares it\n"
	      "  --member FACT=MEMBER[:OPTS]  a member of it that sets FACT; OPTS, joined\n"
	      "                        by ':', are its C type (bool, int, uint8, int32,\n"
	      "                        int64, double, string; default by the fact's\n"
	      "                        type), index (an index into the fact's values)\n"
	      "                        and present=NAME (a bool member: set or not)\n",
	      out);
}

/* FACT=MEMBER[:OPTS] as a member; the C type left 0 for the fact's own.
 * The strings are cut in place. -1 (with a message) when malformed. */
static int parse_member(char *spec, crm_gen_member *m)
{
	static const struct {
		const char *name;
		crm_ctype ctype;
	} types[] = {{"bool", CRM_C_BOOL},   {"int", CRM_C_INT},       {"uint8", CRM_C_UINT8},
	             {"int32", CRM_C_INT32}, {"int64", CRM_C_INT64},   {"double", CRM_C_DOUBLE},
	             {"string", CRM_C_STRING}};
	memset(m, 0, sizeof *m);
	char *eq = strchr(spec, '=');
	if (!eq || eq == spec || !eq[1]) {
		fprintf(stderr, "crmrules compile: --member %s: not FACT=MEMBER[:OPTS]\n", spec);
		return -1;
	}
	*eq = '\0';
	m->fact = spec;
	m->member = eq + 1;
	char *opt = strchr(m->member, ':');
	if (opt)
		*opt++ = '\0';
	if (!c_designator(m->member)) {
		fprintf(stderr, "crmrules compile: --member %s=%s: '%s' is not a C member name "
		        "(letters, digits, _, and . into a nested struct)\n", m->fact, m->member,
		        m->member);
		return -1;
	}
	while (opt) {
		char *next = strchr(opt, ':');
		if (next)
			*next++ = '\0';
		size_t k = 0;
		for (; k < sizeof types / sizeof *types && strcmp(opt, types[k].name) != 0; k++)
			;
		if (k < sizeof types / sizeof *types) {
			m->ctype = types[k].ctype;
		} else if (strcmp(opt, "index") == 0) {
			m->flags |= CRM_FIELD_INDEX;
		} else if (strncmp(opt, "present=", 8) == 0 && opt[8]) {
			m->present = opt + 8;
		} else {
			fprintf(stderr,
			        "crmrules compile: --member %s: unknown option '%s' (a C type, index, "
			        "present=NAME)\n",
			        m->fact, opt);
			return -1;
		}
		opt = next;
	}
	return 0;
}

/* The base name of path (what the C file #includes). */
static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

int cmd_compile(int argc, char **argv)
{
	cli_rules rules = {{NULL}, 0, NULL};
	const char *decision = NULL, *cpath = NULL, *hpath = NULL, *prefix = NULL;
	static const char *facts[MAX_FACTS];
	static crm_gen_member members[MAX_FACTS];
	static const char *outputs[MAX_FACTS];
	size_t nfacts = 0, nmembers = 0, noutputs = 0;
	int optional = 0;
	const char *in_type = NULL, *in_header = NULL;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		int taken = cli_rules_option(&rules, argc, argv, &i);
		if (taken < 0)
			return EXIT_USAGE;
		if (taken)
			continue;
		if ((strcmp(a, "--decision") == 0 || strcmp(a, "-d") == 0) && i + 1 < argc) {
			decision = argv[++i];
		} else if ((strcmp(a, "--output") == 0 || strcmp(a, "-o") == 0) && i + 1 < argc) {
			cpath = argv[++i];
		} else if (strcmp(a, "--header") == 0 && i + 1 < argc) {
			hpath = argv[++i];
		} else if (strcmp(a, "--prefix") == 0 && i + 1 < argc) {
			prefix = argv[++i];
		} else if (strcmp(a, "--fact") == 0 && i + 1 < argc) {
			if (nfacts == MAX_FACTS) {
				fprintf(stderr, "crmrules compile: more than %d --fact\n", MAX_FACTS);
				return EXIT_USAGE;
			}
			facts[nfacts++] = argv[++i];
		} else if (strcmp(a, "--optional") == 0) {
			optional = 1;
		} else if (strcmp(a, "--only-output") == 0 && i + 1 < argc) {
			if (noutputs == MAX_FACTS) {
				fprintf(stderr, "crmrules compile: more than %d --only-output\n", MAX_FACTS);
				return EXIT_USAGE;
			}
			outputs[noutputs++] = argv[++i];
		} else if (strcmp(a, "--struct") == 0 && i + 1 < argc) {
			in_type = argv[++i];
		} else if (strcmp(a, "--struct-header") == 0 && i + 1 < argc) {
			in_header = argv[++i];
		} else if (strcmp(a, "--member") == 0 && i + 1 < argc) {
			if (nmembers == MAX_FACTS) {
				fprintf(stderr, "crmrules compile: more than %d --member\n", MAX_FACTS);
				return EXIT_USAGE;
			}
			if (parse_member(argv[++i], &members[nmembers++]))
				return EXIT_USAGE;
		} else if (a[0] != '-') {
			if (cli_add_rules(&rules, a)) /* RULES as the check command takes them */
				return EXIT_USAGE;
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			compile_usage(stdout);
			return EXIT_OK;
		} else {
			static const char *const with_value[] = {
				"--decision", "-d", "--output", "-o", "--header", "--prefix", "--fact",
				"--only-output", "--struct", "--struct-header", "--member", NULL};
			if (!cli_missing_value("compile", a, with_value))
				fprintf(stderr, "crmrules compile: unknown option '%s'\n", a);
			compile_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (!rules.n || !decision || !cpath) {
		fprintf(stderr, "crmrules compile: %s\n",
		        !rules.n  ? "no rule file or directory (PATH, or --rules PATH)"
		        : !decision ? "no --decision NAME"
		                    : "no -o FILE.c (the C file to write)");
		compile_usage(stderr);
		return EXIT_USAGE;
	}
	if (prefix && !c_identifier(prefix)) {
		fprintf(stderr, "crmrules compile: --prefix '%s' is not a C identifier (a letter, "
		        "then letters, digits and _)\n", prefix);
		return EXIT_USAGE;
	}
	if (in_type && optional) {
		fputs("crmrules compile: --optional goes with --fact, not --struct (a member's "
		      "present=NAME makes its fact optional)\n", stderr);
		return EXIT_USAGE;
	}
	char hbuf[4096];
	if (!hpath) {
		size_t n = strlen(cpath);
		if (n < 3 || strcmp(cpath + n - 2, ".c") != 0 || n >= sizeof hbuf) {
			fputs("crmrules compile: name the header with --header (the C file does not "
			      "end in .c)\n",
			      stderr);
			return EXIT_USAGE;
		}
		memcpy(hbuf, cpath, n + 1);
		hbuf[n - 1] = 'h';
		hpath = hbuf;
	}
	crm_ruleset *rs = cli_load_paths(rules.paths, rules.n, rules.include_root, 0, NULL, NULL);
	if (!rs)
		return EXIT_USAGE;
	int di = crm_decision_find(rs, decision);
	if (di < 0) {
		const char *near = crm_ruleset_suggest(rs, CRM_NAME_DECISION, decision);
		fprintf(stderr, "crmrules compile: no decision '%s' in %s", decision, rules.paths[0]);
		if (near)
			fprintf(stderr, " (did you mean '%s'?)", near);
		fputc('\n', stderr);
		crm_ruleset_free(rs);
		return EXIT_USAGE;
	}
	for (size_t k = 0; k < nfacts + nmembers; k++) {
		/* a fact the rules have not: a usage error, as a decision is */
		const char *f = k < nfacts ? facts[k] : members[k - nfacts].fact;
		size_t len = strlen(f);
		char name[256];
		if (k < nfacts && len && f[len - 1] == '?')
			len--; /* NAME? */
		snprintf(name, sizeof name, "%.*s", (int)len, f);
		if (crm_fact_slot(rs, name) >= 0)
			continue;
		fprintf(stderr, "crmrules compile: %s %s: unknown fact '%s'\n",
		        k < nfacts ? "--fact" : "--member", f, name);
		crm_ruleset_free(rs);
		return EXIT_USAGE;
	}
	for (size_t k = 0; k < noutputs; k++) {
		/* a name the decision has not, or one named twice: a usage error */
		bool twice = false;
		for (size_t j = 0; j < k; j++)
			twice = twice || strcmp(outputs[j], outputs[k]) == 0;
		if (crm_output_find(rs, di, outputs[k]) >= 0 && !twice)
			continue;
		if (twice) {
			fprintf(stderr, "crmrules compile: --only-output %s is given twice\n", outputs[k]);
		} else {
			fprintf(stderr, "crmrules compile: decision '%s' has no output '%s'; its outputs:",
			        decision, outputs[k]);
			crm_decision_info info;
			crm_output_info oi;
			(void)crm_ruleset_decision_info(rs, di, &info);
			for (size_t o = 0; o < info.noutputs; o++)
				if (!crm_decision_output_info(rs, di, o, &oi))
					fprintf(stderr, " %s", oi.name);
			fputc('\n', stderr);
		}
		crm_ruleset_free(rs);
		return EXIT_USAGE;
	}
	if ((in_type != NULL) != (nmembers != 0) || (in_type && nfacts)) {
		fprintf(stderr, "crmrules compile: %s\n",
		        !in_type ? "--member goes with --struct TYPE"
		        : nfacts ? "--struct takes no --fact (its --member options name the facts "
		                   "it holds)"
		                 : "--struct TYPE needs a --member FACT=MEMBER for each fact it holds");
		crm_ruleset_free(rs);
		return EXIT_USAGE;
	}
	/* the C file includes both by these names: they must differ */
	if (in_header && (same_file(in_header, hpath) || strcmp(in_header, base_name(hpath)) == 0)) {
		fprintf(stderr, "crmrules compile: the header %s would be --struct-header's %s; "
		        "name another with --header\n", hpath, in_header);
		crm_ruleset_free(rs);
		return EXIT_USAGE;
	}
	for (size_t k = 0; k < nmembers; k++) {
		/* a member's C type, when not given, is its fact's own */
		crm_gen_member *m = &members[k];
		int slot = crm_fact_slot(rs, m->fact);
		crm_fact_info fi;
		if (m->ctype || slot < 0 || crm_ruleset_fact_info(rs, (size_t)slot, &fi))
			continue;
		m->ctype = (m->flags & CRM_FIELD_INDEX) ? CRM_C_UINT8
		           : fi.type == CRM_T_BOOL      ? CRM_C_BOOL
		           : fi.type == CRM_T_NUMBER    ? CRM_C_DOUBLE
		           : fi.type == CRM_T_STRING    ? CRM_C_STRING
		                                        : CRM_C_INT64;
	}
	crm_gen_options opts = {CRM_GEN_OPTIONS_VERSION, prefix, base_name(hpath),
	                        nfacts ? facts : NULL, nfacts, optional, in_type, in_header,
	                        nmembers ? members : NULL, nmembers,
	                        noutputs ? outputs : NULL, noutputs};
	/* written beside their names, then renamed: an error (or a signal)
	 * leaves the files as they were, never half written */
	char ctmp[4200], htmp[4200];
	snprintf(ctmp, sizeof ctmp, "%s.tmp", cpath);
	snprintf(htmp, sizeof htmp, "%s.tmp", hpath);
	FILE *c = fopen(ctmp, "w");
	FILE *h = c ? fopen(htmp, "w") : NULL;
	if (!c || !h) {
		fprintf(stderr, "crmrules compile: cannot write %s: %s\n", c ? htmp : ctmp,
		        strerror(errno));
		if (c) {
			fclose(c);
			remove(ctmp);
		}
		crm_ruleset_free(rs);
		return EXIT_FAIL;
	}
	crm_error err;
	int rc = crm_generate_c(rs, di, &opts, write_file, c, write_file, h, &err);
	int wc = fclose(c), wh = fclose(h);
	bool usage = false;
	if (rc) {
		size_t fi;
		int at = 0;
		const char *rest = NULL;
		if (nmembers && sscanf(err.message, "field %zu%n", &fi, &at) == 1 && fi < nmembers &&
		    (rest = strstr(err.message + at, ": ")))
			rest += 2; /* the library's field N is the Nth --member */
		if (err.file[0] && err.line)
			cli_diag(stderr, CRM_DIAG_ERROR, &err);
		else if (rest)
			fprintf(stderr, "crmrules compile: --member %s=%s: %s\n", members[fi].fact,
			        members[fi].member, rest);
		else
			fprintf(stderr, "crmrules compile: %s\n", err.message);
		/* without a place in the rules, the options are at fault (a fact
		 * named twice, a member's C type) */
		usage = !(err.file[0] && err.line) && rc != CRM_ENOMEM;
	} else if (wc || wh || rename(htmp, hpath) || rename(ctmp, cpath)) {
		fprintf(stderr, "crmrules compile: cannot write %s: %s\n", wc ? cpath : hpath,
		        strerror(errno));
		rc = -1;
	}
	remove(ctmp);
	remove(htmp);
	crm_ruleset_free(rs);
	return usage ? EXIT_USAGE : rc ? EXIT_FAIL : EXIT_OK;
}

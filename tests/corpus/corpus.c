/* SPDX-License-Identifier: MIT */
/* corpus.c - the complaint texts of complaint_texts.tsv through complaint_level:
 * precision and recall per level, every misclassified text, and a failure
 * when either falls below the bar.
 *
 *   corpus RULES_DIR TEXTS.tsv [--min 0.95] [--quiet]
 *
 * Each text is decided with the other facts "plain" (category product_repair,
 * no repeat, no flag), so the level comes from the words alone. */
#include <crmrules.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char plain[] =
	"{\"category\": \"product_repair\", \"repeat_count\": 0, \"emotional\": false,"
	" \"beyond_authority\": false, \"reported_to_12315\": false, \"batch_quality\": false,"
	" \"department_inaction\": false, \"reputational_risk\": false}";

/* Split line at tabs into at most n fields; returns how many. */
static int fields(char *line, char **f, int n)
{
	int k = 0;
	f[k++] = line;
	for (char *p = line; *p && k < n; p++)
		if (*p == '\t') {
			*p = '\0';
			f[k++] = p + 1;
		}
	return k;
}

static double ratio(long a, long b)
{
	return b ? (double)a / (double)b : 1.0;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fputs("usage: corpus RULES_DIR TEXTS.tsv [--min 0.95] [--quiet]\n", stderr);
		return 2;
	}
	double min = 0.95;
	int quiet = 0;
	for (int i = 3; i < argc; i++) {
		if (strcmp(argv[i], "--min") == 0 && i + 1 < argc)
			min = atof(argv[++i]);
		else if (strcmp(argv[i], "--quiet") == 0)
			quiet = 1;
	}
	crm_ruleset *rs;
	crm_error err;
	if (crm_ruleset_load(&rs, argv[1], NULL, &err)) {
		fprintf(stderr, "%s:%d:%d: %s\n", err.file, err.line, err.column, err.message);
		return 1;
	}
	crm_facts *f;
	crm_context *ctx;
	if (crm_facts_new(&f, rs) || crm_context_new(&ctx, rs, NULL)) {
		fputs("corpus: out of memory\n", stderr);
		return 1;
	}
	FILE *in = fopen(argv[2], "r");
	if (!in) {
		perror(argv[2]);
		return 1;
	}
	long confusion[4][4] = {{0}}; /* [expected][got], levels 1-3 */
	long wrong = 0, total = 0, errors = 0;
	struct {
		long n, right;
		char name[16];
	} scripts[8];
	int nscripts = 0;
	char line[4096];
	long lineno = 0;
	while (fgets(line, sizeof line, in)) {
		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		char *col[4];
		if (fields(line, col, 4) != 4 || col[0][0] < '1' || col[0][0] > '3' || col[0][1]) {
			fprintf(stderr, "%s:%ld: want: level<TAB>script<TAB>kind<TAB>text\n", argv[2],
			        lineno);
			return 1;
		}
		int expected = col[0][0] - '0';
		const char *text = col[3];
		crm_facts_clear(f);
		const crm_result *r;
		int64_t got = 0;
		if (crm_facts_set_json(f, plain, strlen(plain), &err) ||
		    crm_facts_set_text(f, "text", text, strlen(text), &err) ||
		    crm_decide(ctx, "complaint_level", f, &r, &err) ||
		    crm_result_get_int(r, "level", &got) || got < 1 || got > 3) {
			printf("ERROR %s:%ld: %s: %s\n", argv[2], lineno, err.message, text);
			errors++;
			continue;
		}
		total++;
		confusion[expected][got]++;
		int s = 0;
		while (s < nscripts && strcmp(scripts[s].name, col[1]) != 0)
			s++;
		if (s == nscripts && nscripts < 8) {
			snprintf(scripts[s].name, sizeof scripts[s].name, "%s", col[1]);
			scripts[s].n = scripts[s].right = 0;
			nscripts++;
		}
		if (s < nscripts) {
			scripts[s].n++;
			scripts[s].right += got == expected;
		}
		if (got != expected) {
			/* the rule that set the level: the last one fired */
			size_t nf = crm_result_fired_count(r);
			wrong++;
			printf("MISS %s:%ld: expected %d, got %d (%s; %s %s): %s\n", argv[2], lineno,
			       expected, (int)got, nf ? crm_result_fired_id(r, nf - 1) : "?", col[1],
			       col[2], text);
		}
	}
	fclose(in);

	printf("\n%ld texts, %ld misclassified, %ld errors\n", total, wrong, errors);
	printf("%-8s %9s %9s %9s   %s\n", "level", "precision", "recall", "texts",
	       "expected -> got 1 / 2 / 3");
	int failed = errors > 0;
	for (int l = 1; l <= 3; l++) {
		long tp = confusion[l][l], predicted = 0, actual = 0;
		for (int k = 1; k <= 3; k++) {
			predicted += confusion[k][l];
			actual += confusion[l][k];
		}
		double p = ratio(tp, predicted), rc = ratio(tp, actual);
		printf("%-8d %9.3f %9.3f %9ld   %ld / %ld / %ld\n", l, p, rc, actual, confusion[l][1],
		       confusion[l][2], confusion[l][3]);
		if (p < min || rc < min)
			failed = 1;
	}
	if (!quiet) {
		printf("%-8s %9s %9s\n", "script", "accuracy", "texts");
		for (int s = 0; s < nscripts; s++)
			printf("%-8s %9.3f %9ld\n", scripts[s].name, ratio(scripts[s].right, scripts[s].n),
			       scripts[s].n);
	}
	if (failed)
		printf("FAILED: precision and recall must each be at least %.2f, with no errors\n", min);
	crm_context_free(ctx);
	crm_facts_free(f);
	crm_ruleset_free(rs);
	return failed;
}

/* SPDX-License-Identifier: MIT */
/* diff.h - what `crmrules diff` counts (cmd_diff.c) and reports
 * (diff_report.c): tallies of one decision made by two rulesets over the
 * same lines. */
#ifndef CRM_CLI_DIFF_H
#define CRM_CLI_DIFF_H

#include <stdint.h>
#include <stdio.h>

#include "cli.h"

/* Sums of money: 2^63 lines of 2^63 minor units each still fit. */
__extension__ typedef __int128 diff_i128;

#define DIFF_EXAMPLES_MAX 20 /* --examples K */
#define DIFF_VALUES_MAX 16   /* distinct values of an output with a matrix */
#define DIFF_KEPT_MAX 256    /* bytes of a kept value shown; longer ones are null */

/* A line shown as an example: its number, and the values of the --keep
 * fields as written (each ended by '\n'; NULL without --keep). */
typedef struct diff_example {
	long line;
	char *kept;
} diff_example;

/* The first examples of something, in input order. */
typedef struct diff_examples {
	size_t n;
	diff_example e[DIFF_EXAMPLES_MAX];
} diff_examples;

/* Money figures of one money output over a set of decisions. */
typedef struct diff_money {
	long n;        /* decisions with an amount on both sides */
	long unknown;  /* decisions where a side has none (null) */
	long up, down; /* of n, how many rose, fell */
	diff_i128 sum_old, sum_new, sum_up, sum_down;
	diff_i128 max_up, max_down;  /* the largest rise (> 0), fall (< 0) */
	diff_example at_up, at_down; /* the first line of each (line 0: none) */
} diff_money;

/* Maps of texts to entries; each entry begins with its key. */
typedef struct diff_key {
	char *text;
	size_t len;
	uint64_t hash;
} diff_key;

typedef struct diff_map {
	char *entries; /* n entries of esize bytes, in the order they came */
	size_t n, cap, esize;
	uint32_t *slots; /* 1 + an entry's index, 0 for none */
	size_t nslots;
} diff_map;

/* A transition: key "old\nnew" (values as JSON text, or the states "ok"
 * and error codes), how often, the first examples where old != new. */
typedef struct diff_cell {
	diff_key key;
	long count;
	diff_examples ex;
} diff_cell;

/* Money by the transition of another output: key "old\nnew" of it. */
typedef struct diff_split {
	diff_key key;
	diff_money m;
} diff_split;

/* How often a rule fired: key "decision\nid". */
typedef struct diff_rule {
	diff_key key;
	long old, new_;
} diff_rule;

/* One output of the decision, over the lines both sides decided. */
typedef struct diff_output {
	char *name;
	int in_old, in_new; /* its index in each side's results; -1: not there */
	unsigned types;     /* 1 << crm_type of every value seen */
	int many;           /* no matrix: a list, money, number, time, or too many values */
	long changed, unchanged;
	diff_examples ex; /* the first that changed */
	diff_map cells;   /* diff_cell, while not many */
	diff_map values;  /* the distinct values (keys alone), while not many */
	diff_money money; /* when it is money */
	/* money by the transitions of output k: split[k] of diff_split, NULL
	 * until a money value came with a value of k that may split */
	diff_map *split;
} diff_output;

typedef struct diff_tally {
	long lines;                  /* lines read (not blank) */
	long both, changed;          /* decided by both; of those, any output differs */
	diff_examples changed_ex;
	size_t nout;                 /* 0 until a line both sides decided */
	diff_output *out;
	diff_map errors;             /* diff_cell: lines a side failed, "ok" or code */
	diff_map rules;              /* diff_rule */
} diff_tally;

/* How the report is asked for. */
typedef struct diff_report {
	const char *decision, *input;
	const cli_rules *old, *new_;
	const char *const *keep;
	size_t nkeep;
	int split;        /* the output money is split by, or -1 */
	const char *why_no_split; /* with split -1: why (NULL: nothing to say) */
} diff_report;

/* Entries of a map in order of first appearance (the report sorts). */
static inline void *diff_entry(const diff_map *m, size_t i)
{
	return m->entries + i * m->esize;
}

/* Money written exactly: "-1234.50". buf holds 48 bytes. */
const char *diff_money_text(char *buf, diff_i128 minor);

void diff_write_text(FILE *out, const diff_tally *t, const diff_report *r);
void diff_write_json(FILE *out, const diff_tally *t, const diff_report *r);
void diff_write_html(FILE *out, const diff_tally *t, const diff_report *r);

#endif

/* SPDX-License-Identifier: MIT */
/* hot_reload.c - a host that reloads its rules while worker threads keep
 * deciding. The ruleset is immutable, so reloading is: load a new one, swap
 * an atomic pointer, free the old one once no reader holds it. Readers
 * publish the ruleset they use in a hazard slot of their own. */
#include <crmrules.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#define READERS 4
#define RELOADS 50

static _Atomic(crm_ruleset *) current;
static _Atomic(crm_ruleset *) hazard[READERS];
static atomic_int stop;
static atomic_long progress; /* decisions made, all readers */

/* Two versions of one policy: v1 caps the fee at 10.00, v2 at 20.00. */
static const char *const versions[2] = {
	"facts: { amount: money }\n"
	"decisions:\n"
	"  fee:\n"
	"    outputs: { fee: money, version: int }\n"
	"    rules: [ { id: v1, then: { fee: 'min(amount * 0.01, 10.00)', version: 1 } } ]\n",
	"facts: { amount: money }\n"
	"decisions:\n"
	"  fee:\n"
	"    outputs: { fee: money, version: int }\n"
	"    rules: [ { id: v2, then: { fee: 'min(amount * 0.01, 20.00)', version: 2 } } ]\n",
};

struct reader {
	int id;
	long decisions, wrong;
};

/* Take the current ruleset and publish it; re-check so the reloader cannot
 * have freed it in between. */
static crm_ruleset *acquire(int id)
{
	for (;;) {
		crm_ruleset *rs = atomic_load(&current);
		atomic_store(&hazard[id], rs);
		if (atomic_load(&current) == rs)
			return rs;
	}
}

static void *reader(void *arg)
{
	struct reader *r = arg;
	crm_ruleset *mine = NULL;
	crm_facts *f = NULL;
	crm_context *ctx = NULL;
	while (!atomic_load(&stop)) {
		if (atomic_load(&current) != mine) {
			/* contexts and facts belong to one ruleset: free them while
			 * our hazard slot still protects the old one, then renew */
			crm_context_free(ctx);
			crm_facts_free(f);
			ctx = NULL;
			f = NULL;
		}
		crm_ruleset *rs = acquire(r->id);
		if (rs != mine || !ctx) {
			crm_context_free(ctx);
			crm_facts_free(f);
			if (crm_facts_new(&f, rs) || crm_context_new(&ctx, rs, NULL)) {
				r->wrong++;
				break;
			}
			mine = rs;
		}
		crm_error err;
		const crm_result *res;
		int64_t fee, version;
		if (crm_facts_set_money(f, crm_fact_slot(rs, "amount"), 150000, &err) ||
		    crm_decide(ctx, "fee", f, &res, &err) || crm_result_get_money(res, "fee", &fee) ||
		    crm_result_get_int(res, "version", &version)) {
			r->wrong++;
			continue;
		}
		/* each result must come whole from one version: no torn reads */
		if (fee != (version == 1 ? 1000 : 1500))
			r->wrong++;
		r->decisions++;
		atomic_fetch_add(&progress, 1);
	}
	crm_context_free(ctx);
	crm_facts_free(f);
	atomic_store(&hazard[r->id], NULL);
	return NULL;
}

static int load(int v, crm_ruleset **out)
{
	crm_error err;
	if (crm_ruleset_load_buffer(out, versions[v], strlen(versions[v]), "fee.yaml", NULL, &err)) {
		fprintf(stderr, "%s\n", err.message);
		return 1;
	}
	return 0;
}

int main(void)
{
	crm_ruleset *rs;
	if (load(0, &rs))
		return 1;
	atomic_store(&current, rs);
	pthread_t th[READERS];
	struct reader rd[READERS];
	for (int i = 0; i < READERS; i++) {
		rd[i] = (struct reader){i, 0, 0};
		pthread_create(&th[i], NULL, reader, &rd[i]);
	}
	long waits = 0; /* spins while a reader still held the old ruleset */
	for (int n = 1; n <= RELOADS; n++) {
		/* let the readers decide a while under each version */
		while (atomic_load(&progress) < (long)n * 2000)
			;
		crm_ruleset *next;
		if (load(n % 2, &next))
			return 1;
		crm_ruleset *old = atomic_exchange(&current, next);
		/* free the old ruleset once no reader holds it */
		for (int i = 0; i < READERS; i++)
			while (atomic_load(&hazard[i]) == old)
				waits++;
		crm_ruleset_free(old);
	}
	atomic_store(&stop, 1);
	long total = 0, wrong = 0;
	for (int i = 0; i < READERS; i++) {
		pthread_join(th[i], NULL);
		total += rd[i].decisions;
		wrong += rd[i].wrong;
	}
	crm_ruleset_free(atomic_load(&current));
	printf("hot reload: %d reloads, %ld decisions by %d threads, %ld wrong (%ld waits)\n",
	       RELOADS, total, READERS, wrong, waits);
	return wrong ? 1 : 0;
}

/* SPDX-License-Identifier: MIT */
/* run.h - the run side: facts, contexts, results and bindings over a
 * compiled ruleset (ruleset.h), which it only reads. */
#ifndef CRM_RUN_H
#define CRM_RUN_H

#include "match.h"

/* ---- bindings: host records ----------------------------------------------------- */
typedef struct bound bound;

/* A binding: its fields sorted by their short path (fields[start[k] ..
 * start[k+1]) take path k; the F_NONE ones come first). */
struct crm_binding {
	const crm_ruleset *rs;
	crm_allocator al_copy;
	bound *fields;
	uint32_t n;
	uint32_t start[F_KINDS + 1];
	record_plan **plans;     /* per decision: decision di compiled against
	                          * the record (record_plan), or NULL */
	record_lookup **lookups; /* per decision: its plan's lookup when that is
	                          * all of it (no chained decision, constant
	                          * outputs, no optional member):
	                          * crm_decide_record's shortest path */
	char (*why)[512];        /* per decision: why it is not answered from the
	                          * members alone ("" when it is) */
	uint64_t serial;         /* this binding, among every one made (never 0) */
	size_t size;             /* of the record */
};

/* The bytes of a member of C type ctype (crm_ctype), 0 for none; whether it
 * is one of the integer types. Shared by the bindings of facts and of
 * outputs. */
size_t crm_ctype_size(unsigned ctype);
bool crm_ctype_integer(unsigned ctype);
/* The C type's name as C spells it ("int32_t", "const char *"). */
const char *crm_ctype_c_name(unsigned ctype);

/* The fact slot of the i-th field in the order crm_facts_set_record sets
 * and checks them (generated code checks a record in the same order). */
int crm_binding_slot(const crm_binding *b, uint32_t i);

/* Set f from record as its only facts: as crm_facts_set_record, after
 * clearing f when the last record set on it (*last, a binding's serial,
 * 0 at first) was another binding's. */
int crm_binding_set_only(crm_facts *f, const crm_binding *b, uint64_t *last,
                         const void *record, crm_error *err);


/* ---- facts, contexts and results (facts.c, decide.c) ------------------------------ */
typedef struct fired {
	uint32_t decision;
	uint32_t rule;
} fired;

/* A rule a first-hit table tried before the one that fired (or every rule
 * of one where none matched), and the part of its condition that failed
 * (an index into its decision_why rules[rule].parts, or -1: none found). */
typedef struct tried {
	uint32_t decision;
	uint32_t rule;
	int32_t part;
} tried;

typedef struct dstate {
	uint32_t gen;
	int status;
	bool busy;
} dstate;

struct crm_result {
	crm_context *ctx;
	const crm_val *outs; /* the decision's outputs: the context's, or a
	                      * rule's constants when a lookup proved it */
	uint32_t nouts;
	int decision;
	int status;
	bool explained;      /* crm_decide_explain's: the context's tried list is
	                      * this result's (never set on ctx->result, so the
	                      * decide paths write nothing for it) */
};

struct crm_context {
	const crm_ruleset *rs;
	crm_allocator al_copy; /* freeing never reads the ruleset */
	const crm_allocator *al;
	crm_vm vm;
	crm_facts *record_facts; /* crm_decide_record's, when it must set facts */
	crm_facts *json_facts;   /* crm_decide_json's, made at its first call */
	crm_val *member_vals;    /* by fact slot: what a plan's outputs read */
	uint64_t record_serial;  /* the binding that last set them */
	uint32_t gen;
	int depth;
	dstate *states;
	crm_val *outs;       /* by decision out_base */
	crm_val *inputs;     /* by decision in_base */
	crm_val *list_items; /* collect results, by decision list_base */
	fired *fired;
	uint32_t nfired;
	int *missing;
	uint32_t nmissing;
	uint64_t *unknown_words;   /* bit per fact slot read while unknown (the VM
	                            * sets bytes); cleared a word at a time */
	crm_result result;
	crm_error *err;
	crm_diag diag;
	/* crm_decide_explain's (explain.c): its result, and the rules tried,
	 * made at its first call */
	crm_result explained;
	const crm_facts *explained_facts; /* what it decided on */
	tried *tried;
	uint32_t ntried;
};

/* A key of the last JSON object read, by its place in the object. */
#define CRM_JSON_KEYS 32
#define CRM_JSON_KEY_LEN 47
typedef struct crm_json_key {
	char text[CRM_JSON_KEY_LEN];
	uint8_t len;
	int32_t slot;
} crm_json_key;

struct crm_facts {
	const crm_ruleset *rs;
	crm_allocator al_copy; /* freeing never reads the ruleset */
	const crm_allocator *al;
	uint32_t nfacts;
	crm_val *vals;
	char **strs;      /* per slot: owned copy of string data */
	uint32_t *strcap;
	crm_val **lists;  /* per slot: owned list items */
	uint32_t *listcap;
	crm_regex_scratch *rx;
	/* JSON reading (json_in.c): decoded strings, and per slot the object
	 * that last named it (duplicates) */
	char *jbuf;
	uint32_t jcap;
	uint32_t *jseen;
	size_t *jfirst; /* where the key was */
	uint32_t jgen;
	crm_json_key *jkeys; /* CRM_JSON_KEYS of them */
};

/* Set a fact from a YAML/JSON node (null unsets it). */
int crm_facts_set_node(crm_facts *f, int slot, const crm_ynode *y, crm_error *err);
/* crm_decide_index without the shortcuts that answer from a lookup alone:
 * every decision it reads is evaluated, so the context's states, inputs
 * and outputs hold what a full explanation reads. */
int crm_decide_full(crm_context *c, int di, const crm_facts *f, const crm_result **out,
                    crm_error *err);
/* crm_decide_record, and *found: the rule of decision di that the members
 * proved (its outputs are the result's), or -1 when it was decided on
 * facts set from the record. */
int crm_decide_record_rule(crm_context *c, int di, const crm_binding *b, const void *record,
                           const crm_result **out, crm_error *err, int32_t *found);
/* Run a program (an expression test) over f with ctx's scratch. */
int crm_context_eval(crm_context *c, const crm_program *p, const crm_facts *f, crm_val *out,
                     crm_error *err);
/* Check and store a value for a fact; copies strings. */
int crm_facts_store(crm_facts *f, int slot, const crm_val *v, crm_error *err);
/* crm_facts_new with another allocator (a context's own facts). */
int crm_facts_create(crm_facts **out, const crm_ruleset *rs, const crm_allocator *al);

/* ---- JSON (json_in.c, json_out.c, format.c) ------------------------------------- */
/* Facts from one JSON object; keep gets o->nkeep spans (crm_json_span is
 * public: crm_facts_read_json_kept). *syntax is 1 when
 * the text is not JSON (as opposed to a value a fact does not take). */
int crm_json_read(crm_facts *f, const char *text, size_t len, const crm_json_options *o,
                  crm_json_span *keep, int *syntax, crm_error *err);

/* A sink for JSON text: a buffer (write NULL: up to size - 1 bytes kept,
 * NUL-terminated, len counts them all) or a chunk of size bytes handed to
 * write whenever it fills (len counts what was written). */
typedef struct crm_jout {
	char *buf;
	size_t size, len, used;
	crm_write_fn write;
	void *ud;
	int failed; /* the writer said no */
} crm_jout;
/* A buffer sink over buf (NULL or size 0: only count). */
void crm_jout_buffer(crm_jout *o, char *buf, size_t size);
void crm_jout_put_slow(crm_jout *o, const char *s, size_t n);
/* Append n bytes: a copy while they fit, the slow path otherwise. */
static inline void crm_jout_put(crm_jout *o, const char *s, size_t n)
{
	if (o->write) {
		if (o->used + n < o->size) {
			memcpy(o->buf + o->used, s, n);
			o->used += n;
			o->len += n;
			return;
		}
	} else if (o->len + n < o->size) {
		memcpy(o->buf + o->len, s, n);
		o->len += n;
		o->buf[o->len] = '\0';
		return;
	}
	crm_jout_put_slow(o, s, n);
}
void crm_jout_flush(crm_jout *o);
void crm_jout_string(crm_jout *o, const char *s, size_t n);
/* A member's key: ',' unless first, then name (NUL-terminated) as a JSON
 * string, then ':'. */
void crm_jout_key(crm_jout *o, const char *name, bool first);
void crm_jout_value(crm_jout *o, const crm_value *v);

#endif

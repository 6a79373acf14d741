/* SPDX-License-Identifier: MIT */
/* pycrm.h - what the files of the Python binding share: the Ruleset object,
 * its pool of workers, and the conversions between Python values and facts,
 * outputs and errors. */
#ifndef PYCRM_H
#define PYCRM_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <crmrules.h>

/* A context and a facts record, used by one caller at a time. Workers are
 * taken from their Ruleset's pool and given back while the GIL is held, so
 * no two threads (and no re-entrant call, from a __hash__ or a utcoffset()
 * running Python code mid-conversion) ever share one: the C API's rule of a
 * context per thread. */
typedef struct pycrm_worker {
	struct pycrm_worker *next;
	crm_context *ctx;
	crm_facts *facts;
	int *set;   /* the slots set since the facts were last emptied */
	size_t nset;
} pycrm_worker;

typedef struct {
	PyObject_HEAD
	crm_ruleset *rs;
	size_t nfacts;
	unsigned char *types; /* crm_type of each fact, by slot */
	unsigned char *elems; /* a list fact's item type */
	PyObject *slots;      /* dict: fact name -> slot (keys not of type str) */
	/* The fact names by hash, for pycrm_fact_slot: open addressing, slot + 1
	 * in each cell (0 empty), mask + 1 cells; the names' hashes by slot. */
	int *by_hash;
	size_t mask;
	Py_hash_t *hashes;
	PyObject *fact_names; /* tuple: slot -> name */
	PyObject *decision_index; /* dict: decision name -> index */
	PyObject *last_name;  /* the decision asked for last, and its index */
	int last_decision;
	Py_ssize_t ndecisions;
	PyObject **outputs;   /* per decision, its output names (a tuple), made at first use */
	PyObject *facts_map;  /* Ruleset.facts: {name: type} */
	PyObject *decisions;  /* Ruleset.decisions */
	PyObject *timers;     /* Ruleset.timers */
	PyObject *warnings;   /* Ruleset.warnings: the loader's warnings */
	pycrm_worker *idle;   /* the pool */
	size_t nidle;
} pycrm_ruleset;

/* Module-wide objects, made once at import and kept for the process. */
typedef struct {
	PyTypeObject *ruleset_type, *many_type;
	PyObject *decimal;  /* decimal.Decimal */
	PyObject *error, *rule_error, *decision_error, *missing_error, *no_match_error,
		*fact_error, *fact_type_error, *sla_error, *diagnostic;
	/* interned keys of results and explanations */
	PyObject *s_explain, *s_fired, *s_tried, *s_decision, *s_rule, *s_facts, *s_input,
		*s_cell, *s_value, *s_when, *s_provisional, *s_assumed_from, *s_full;
} pycrm_state;
extern pycrm_state pycrm;

/* Arguments of a METH_FASTCALL | METH_KEYWORDS function: out[i] gets the
 * argument called names[i] (a NULL-terminated list; the first npositional
 * may be given by position), borrowed, or NULL; the first nrequired must
 * be given. 0, or -1 with a TypeError. */
int pycrm_parse_args(const char *fn, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames,
                     const char *const *names, int npositional, int nrequired, PyObject **out);

/* Workers (module.c). */
pycrm_worker *pycrm_worker_take(pycrm_ruleset *self);
void pycrm_worker_give(pycrm_ruleset *self, pycrm_worker *w);

/* The slot of the fact a key names: -1 when none does (nothing raised),
 * -2 with an exception. */
int pycrm_fact_slot(pycrm_ruleset *self, PyObject *key);

/* Decisions (decide.c). */
int pycrm_decision_index(pycrm_ruleset *self, PyObject *name);
/* How much to explain: 0, 1 (the rules that fired), 2 (and those tried). */
int pycrm_explain_level(PyObject *explain);
/* Set w's facts from a mapping; -1 with an exception set (FactError for a
 * value the fact refuses). */
int pycrm_set_facts(pycrm_ruleset *self, pycrm_worker *w, PyObject *facts);
/* Decide with the GIL held; the result dict, or NULL with the exception. */
PyObject *pycrm_decide_one(pycrm_ruleset *self, pycrm_worker *w, int decision, int explain);
/* JSON text in (str or bytes), the text crmrules eval prints out (a failed
 * decision as its {"$error": ...}). */
PyObject *pycrm_decide_json(pycrm_ruleset *self, pycrm_worker *w, int decision, PyObject *facts,
                            int explain);
/* The outputs of a result (and $provisional, $explain) as a new dict. */
PyObject *pycrm_result_dict(pycrm_ruleset *self, int decision, const crm_result *r,
                            const crm_facts *f, int explain);
/* The exception for a failed decision: an instance, not raised. */
PyObject *pycrm_decision_error(pycrm_ruleset *self, int decision, const crm_result *r,
                               const crm_error *err, const crm_facts *f, int explain);
/* cls(message, code=..., file=, line=, column= (from pos, when it has a
 * position), **extra), extra a dict or NULL. */
PyObject *pycrm_error_new(PyObject *cls, const char *message, int code, const crm_error *pos,
                          PyObject *extra);
/* The same, raised: returns -1. */
int pycrm_error_raise(PyObject *cls, const char *message, int code, const crm_error *pos,
                      PyObject *extra);
int pycrm_fact_error(pycrm_ruleset *self, int slot, PyObject *cls, int code,
                     const char *message);

/* Values (values.c: the only file that includes datetime.h). */
int pycrm_values_init(void);
PyObject *pycrm_value(const crm_value *v);
PyObject *pycrm_money_value(int64_t minor);
PyObject *pycrm_instant_value(int64_t unix_seconds, int utc_offset);
PyObject *pycrm_date_value(int64_t days);
PyObject *pycrm_duration_value(int64_t seconds);
/* Python to the library's units. Each returns 0, or 1 when o is not of
 * the kind (nothing raised: the caller names the fact), or -1 with an
 * exception set (a naive datetime is a TypeError). */
int pycrm_to_money(PyObject *o, int64_t *out, int *code);
int pycrm_to_date(PyObject *o, int64_t *out);
int pycrm_to_instant(PyObject *o, int64_t *out);
int pycrm_to_duration(PyObject *o, int64_t *out);
int pycrm_is_decimal(PyObject *o);

/* decide_many (many.c) and sla (sla.c). */
PyObject *pycrm_many_new(pycrm_ruleset *self, int decision, PyObject *items, int yield_errors,
                         int explain);
PyObject *pycrm_sla(pycrm_ruleset *self, PyObject *const *args, Py_ssize_t nargs,
                    PyObject *kwnames);
int pycrm_many_init(PyObject *module);

#endif

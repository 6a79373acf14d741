/* SPDX-License-Identifier: MIT */
/* module.c - the extension module crmrules._crmrules: load(), the Ruleset
 * type (what a loaded ruleset knows, cached for the conversions, and its
 * pool of workers) and the module's shared objects. */
#include "pycrm.h"

#include <stdlib.h>
#include <string.h>

pycrm_state pycrm;

/* Idle workers a Ruleset keeps: enough for the threads deciding at once
 * and the batches of decide_many (each worker holds a context). */
#define PYCRM_POOL_MAX 64
/* Diagnostics kept from one load; the count of the rest is kept. */
#define PYCRM_DIAG_MAX 1000

/* ---- arguments -------------------------------------------------------------- */

int pycrm_parse_args(const char *fn, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames,
                     const char *const *names, int npositional, int nrequired, PyObject **out)
{
	int n = 0;
	while (names[n])
		n++;
	if (nargs > npositional) {
		PyErr_Format(PyExc_TypeError, "%s() takes at most %d positional arguments (%zd given)",
		             fn, npositional, nargs);
		return -1;
	}
	for (int i = 0; i < n; i++)
		out[i] = i < nargs ? args[i] : NULL;
	Py_ssize_t nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
	for (Py_ssize_t k = 0; k < nkw; k++) {
		PyObject *key = PyTuple_GET_ITEM(kwnames, k);
		int i = 0;
		while (i < n && PyUnicode_CompareWithASCIIString(key, names[i]) != 0)
			i++;
		if (i == n) {
			PyErr_Format(PyExc_TypeError, "%s() got an unexpected keyword argument '%U'", fn,
			             key);
			return -1;
		}
		if (out[i]) {
			PyErr_Format(PyExc_TypeError, "%s() got multiple values for argument '%s'", fn,
			             names[i]);
			return -1;
		}
		out[i] = args[nargs + k];
	}
	for (int i = 0; i < nrequired; i++)
		if (!out[i]) {
			PyErr_Format(PyExc_TypeError, "%s() missing required argument '%s'", fn,
			             names[i]);
			return -1;
		}
	return 0;
}

/* ---- workers ----------------------------------------------------------------- */

static void worker_free(pycrm_worker *w)
{
	crm_context_free(w->ctx);
	crm_facts_free(w->facts);
	PyMem_Free(w->set);
	PyMem_Free(w);
}

pycrm_worker *pycrm_worker_take(pycrm_ruleset *self)
{
	pycrm_worker *w = self->idle;
	if (w) {
		self->idle = w->next;
		self->nidle--;
		w->next = NULL;
		return w;
	}
	w = PyMem_Calloc(1, sizeof *w);
	if (!w)
		return (pycrm_worker *)PyErr_NoMemory();
	w->set = PyMem_Calloc(self->nfacts ? self->nfacts : 1, sizeof *w->set);
	if (!w->set || crm_context_new(&w->ctx, self->rs, NULL) ||
	    crm_facts_new(&w->facts, self->rs)) {
		worker_free(w);
		return (pycrm_worker *)PyErr_NoMemory();
	}
	return w;
}

void pycrm_worker_give(pycrm_ruleset *self, pycrm_worker *w)
{
	if (!w)
		return;
	if (self->nidle >= PYCRM_POOL_MAX) {
		worker_free(w);
		return;
	}
	w->next = self->idle;
	self->idle = w;
	self->nidle++;
}

/* ---- the Ruleset type ---------------------------------------------------------- */

static void ruleset_dealloc(pycrm_ruleset *self)
{
	PyTypeObject *tp = Py_TYPE(self);
	while (self->idle) {
		pycrm_worker *w = self->idle;
		self->idle = w->next;
		worker_free(w);
	}
	for (Py_ssize_t i = 0; self->outputs && i < self->ndecisions; i++)
		Py_XDECREF(self->outputs[i]);
	PyMem_Free(self->outputs);
	PyMem_Free(self->by_hash);
	PyMem_Free(self->hashes);
	Py_XDECREF(self->last_name);
	PyMem_Free(self->types);
	PyMem_Free(self->elems);
	Py_XDECREF(self->slots);
	Py_XDECREF(self->fact_names);
	Py_XDECREF(self->decision_index);
	Py_XDECREF(self->facts_map);
	Py_XDECREF(self->decisions);
	Py_XDECREF(self->timers);
	Py_XDECREF(self->warnings);
	crm_ruleset_free(self->rs);
	tp->tp_free((PyObject *)self);
	Py_DECREF(tp);
}

static PyObject *ruleset_repr(pycrm_ruleset *self)
{
	return PyUnicode_FromFormat("<crmrules.Ruleset: %zu facts, %zd decisions, %zd timers>",
	                            self->nfacts, self->ndecisions, PyTuple_GET_SIZE(self->timers));
}

static PyObject *type_text(const crm_fact_info *fi)
{
	if (fi->type == CRM_T_LIST)
		return PyUnicode_FromFormat("list of %s", crm_type_name(fi->elem));
	return PyUnicode_FromString(crm_type_name(fi->type));
}

/* What the conversions look up: slots and types by name, decisions. */
static int ruleset_fill(pycrm_ruleset *self)
{
	const crm_ruleset *rs = self->rs;
	size_t n = crm_ruleset_fact_count(rs);
	self->nfacts = n;
	self->types = PyMem_Calloc(n ? n : 1, 1);
	self->elems = PyMem_Calloc(n ? n : 1, 1);
	self->slots = PyDict_New();
	self->facts_map = PyDict_New();
	self->fact_names = PyTuple_New((Py_ssize_t)n);
	if (!self->types || !self->elems || !self->slots || !self->facts_map || !self->fact_names)
		return -1;
	for (size_t i = 0; i < n; i++) {
		crm_fact_info fi;
		if (crm_ruleset_fact_info(rs, i, &fi))
			return -1;
		self->types[i] = (unsigned char)fi.type;
		self->elems[i] = (unsigned char)fi.elem;
		PyObject *name = PyUnicode_InternFromString(fi.name);
		PyObject *slot = PyLong_FromSize_t(i);
		PyObject *t = type_text(&fi);
		int bad = !name || !slot || !t || PyDict_SetItem(self->slots, name, slot) ||
		          PyDict_SetItem(self->facts_map, name, t);
		Py_XDECREF(slot);
		Py_XDECREF(t);
		if (bad) {
			Py_XDECREF(name);
			return -1;
		}
		PyTuple_SET_ITEM(self->fact_names, (Py_ssize_t)i, name);
	}
	/* the hash table: at most a quarter full */
	size_t cells = 8;
	while (cells < n * 4)
		cells *= 2;
	self->mask = cells - 1;
	self->by_hash = PyMem_Calloc(cells, sizeof *self->by_hash);
	self->hashes = PyMem_Calloc(n ? n : 1, sizeof *self->hashes);
	if (!self->by_hash || !self->hashes)
		return -1;
	for (size_t i = 0; i < n; i++) {
		Py_hash_t h = PyObject_Hash(PyTuple_GET_ITEM(self->fact_names, (Py_ssize_t)i));
		if (h == -1)
			return -1;
		self->hashes[i] = h;
		size_t c = (size_t)h & self->mask;
		while (self->by_hash[c])
			c = (c + 1) & self->mask;
		self->by_hash[c] = (int)i + 1;
	}
	size_t nd = crm_ruleset_decision_count(rs);
	self->ndecisions = (Py_ssize_t)nd;
	self->decision_index = PyDict_New();
	self->decisions = PyTuple_New((Py_ssize_t)nd);
	self->outputs = PyMem_Calloc(nd ? nd : 1, sizeof *self->outputs);
	if (!self->decision_index || !self->decisions || !self->outputs)
		return -1;
	for (size_t i = 0; i < nd; i++) {
		PyObject *name = PyUnicode_InternFromString(crm_ruleset_decision_name(rs, i));
		PyObject *idx = PyLong_FromSize_t(i);
		int bad = !name || !idx || PyDict_SetItem(self->decision_index, name, idx);
		Py_XDECREF(idx);
		if (bad) {
			Py_XDECREF(name);
			return -1;
		}
		PyTuple_SET_ITEM(self->decisions, (Py_ssize_t)i, name);
	}
	size_t nt = crm_ruleset_timer_count(rs);
	self->timers = PyTuple_New((Py_ssize_t)nt);
	for (size_t i = 0; self->timers && i < nt; i++) {
		PyObject *name = PyUnicode_FromString(crm_ruleset_timer_name(rs, i));
		if (!name)
			return -1;
		PyTuple_SET_ITEM(self->timers, (Py_ssize_t)i, name);
	}
	self->last_decision = -1;
	return self->timers ? 0 : -1;
}

/* A key of the facts: most are the very objects the ruleset holds (names
 * written in Python source are interned, as are the ruleset's), found by
 * their cached hash and identity in a few instructions, where the dict
 * took 116 a key (callgrind). Equal strings that are other objects (keys
 * read by json.loads) are compared; other keys go to the dict. */
int pycrm_fact_slot(pycrm_ruleset *self, PyObject *key)
{
	if (PyUnicode_CheckExact(key)) {
		Py_hash_t h = PyObject_Hash(key); /* cached in the str */
		for (size_t c = (size_t)h & self->mask;; c = (c + 1) & self->mask) {
			int s = self->by_hash[c];
			if (!s)
				return -1;
			PyObject *name = PyTuple_GET_ITEM(self->fact_names, s - 1);
			if (name == key ||
			    (self->hashes[s - 1] == h && PyUnicode_Compare(name, key) == 0))
				return s - 1;
		}
	}
	PyObject *slot = PyDict_GetItemWithError(self->slots, key);
	if (!slot)
		return PyErr_Occurred() ? -2 : -1;
	return (int)PyLong_AsLong(slot);
}

static const char *const decide_kw[] = {"name", "facts", "explain", NULL};

static PyObject *ruleset_decide(pycrm_ruleset *self, PyObject *const *args, Py_ssize_t nargs,
                                PyObject *kwnames)
{
	PyObject *a[3];
	if (nargs == 2 && !kwnames) {
		a[0] = args[0];
		a[1] = args[1];
		a[2] = NULL;
	} else if (pycrm_parse_args("decide", args, nargs, kwnames, decide_kw, 3, 2, a)) {
		return NULL;
	}
	int decision = pycrm_decision_index(self, a[0]);
	int explain = pycrm_explain_level(a[2]);
	if (decision < 0 || explain < 0)
		return NULL;
	pycrm_worker *w = pycrm_worker_take(self);
	if (!w)
		return NULL;
	PyObject *out = pycrm_set_facts(self, w, a[1]) ? NULL
	                                               : pycrm_decide_one(self, w, decision, explain);
	pycrm_worker_give(self, w);
	return out;
}

static PyObject *ruleset_decide_json(pycrm_ruleset *self, PyObject *const *args,
                                     Py_ssize_t nargs, PyObject *kwnames)
{
	PyObject *a[3];
	if (pycrm_parse_args("decide_json", args, nargs, kwnames, decide_kw, 3, 2, a))
		return NULL;
	int decision = pycrm_decision_index(self, a[0]);
	int explain = pycrm_explain_level(a[2]);
	if (decision < 0 || explain < 0)
		return NULL;
	pycrm_worker *w = pycrm_worker_take(self);
	if (!w)
		return NULL;
	PyObject *out = pycrm_decide_json(self, w, decision, a[1], explain);
	pycrm_worker_give(self, w);
	return out;
}

static const char *const many_kw[] = {"name", "items", "errors", "explain", NULL};

static PyObject *ruleset_decide_many(pycrm_ruleset *self, PyObject *const *args,
                                     Py_ssize_t nargs, PyObject *kwnames)
{
	PyObject *a[4];
	if (pycrm_parse_args("decide_many", args, nargs, kwnames, many_kw, 2, 2, a))
		return NULL;
	int decision = pycrm_decision_index(self, a[0]);
	int explain = pycrm_explain_level(a[3]);
	if (decision < 0 || explain < 0)
		return NULL;
	int yield_errors = 0;
	if (a[2]) {
		if (PyUnicode_Check(a[2]) && PyUnicode_CompareWithASCIIString(a[2], "yield") == 0)
			yield_errors = 1;
		else if (!PyUnicode_Check(a[2]) || PyUnicode_CompareWithASCIIString(a[2], "raise")) {
			PyErr_SetString(PyExc_ValueError, "errors is \"raise\" or \"yield\"");
			return NULL;
		}
	}
	return pycrm_many_new(self, decision, a[1], yield_errors, explain);
}

static PyObject *ruleset_decision_facts(pycrm_ruleset *self, PyObject *name)
{
	int decision = pycrm_decision_index(self, name);
	if (decision < 0)
		return NULL;
	size_t n = crm_decision_fact_count(self->rs, decision);
	PyObject *t = PyTuple_New((Py_ssize_t)n);
	for (size_t k = 0; t && k < n; k++) {
		PyObject *fact = PyTuple_GET_ITEM(self->fact_names, crm_decision_fact(self->rs, decision, k));
		Py_INCREF(fact);
		PyTuple_SET_ITEM(t, (Py_ssize_t)k, fact);
	}
	return t;
}

static PyObject *ruleset_sla(pycrm_ruleset *self, PyObject *const *args, Py_ssize_t nargs,
                             PyObject *kwnames)
{
	return pycrm_sla(self, args, nargs, kwnames);
}

static PyObject *get_facts(pycrm_ruleset *self, void *closure)
{
	(void)closure;
	return PyDictProxy_New(self->facts_map);
}

#define GETTER(name, member)                                       \
	static PyObject *get_##name(pycrm_ruleset *self, void *closure) \
	{                                                              \
		(void)closure;                                             \
		Py_INCREF(self->member);                                   \
		return self->member;                                       \
	}
GETTER(decisions, decisions)
GETTER(timers, timers)
GETTER(warnings, warnings)

static PyMethodDef ruleset_methods[] = {
	{"decide", (PyCFunction)(void (*)(void))ruleset_decide, METH_FASTCALL | METH_KEYWORDS,
	 "decide(name, facts, explain=False) -> dict: one decision's outputs."},
	{"decide_many", (PyCFunction)(void (*)(void))ruleset_decide_many,
	 METH_FASTCALL | METH_KEYWORDS,
	 "decide_many(name, items, errors='raise', explain=False) -> iterator of dicts, in "
	 "order; deciding releases the GIL."},
	{"decide_json", (PyCFunction)(void (*)(void))ruleset_decide_json,
	 METH_FASTCALL | METH_KEYWORDS,
	 "decide_json(name, facts, explain=False) -> str: JSON text in, the text crmrules eval "
	 "prints out."},
	{"decision_facts", (PyCFunction)ruleset_decision_facts, METH_O,
	 "decision_facts(name) -> tuple: every fact the decision may read (and the decisions "
	 "it chains to), in declaration order."},
	{"sla", (PyCFunction)(void (*)(void))ruleset_sla, METH_FASTCALL | METH_KEYWORDS,
	 "sla(timer, start, pauses=(), now=None, stop=None) -> dict: an SLA clock's state."},
	{NULL, NULL, 0, NULL}};

static PyGetSetDef ruleset_getset[] = {
	{"facts", (getter)get_facts, NULL, "{fact name: type} of every declared fact", NULL},
	{"decisions", (getter)get_decisions, NULL, "the decisions' names", NULL},
	{"timers", (getter)get_timers, NULL, "the timers' names", NULL},
	{"warnings", (getter)get_warnings, NULL, "the loader's warnings (Diagnostic)", NULL},
	{NULL, NULL, NULL, NULL, NULL}};

static PyType_Slot ruleset_slots[] = {
	{Py_tp_dealloc, (void *)ruleset_dealloc},
	{Py_tp_repr, (void *)ruleset_repr},
	{Py_tp_methods, ruleset_methods},
	{Py_tp_getset, ruleset_getset},
	{Py_tp_doc, (void *)"A compiled ruleset (crmrules.load): immutable, shared by any "
	                    "number of threads."},
	{0, NULL}};

static PyType_Spec ruleset_spec = {
	"crmrules.Ruleset", sizeof(pycrm_ruleset), 0,
	Py_TPFLAGS_DEFAULT | Py_TPFLAGS_DISALLOW_INSTANTIATION, ruleset_slots};

/* ---- load -------------------------------------------------------------------- */

typedef struct {
	crm_error *items;
	int *severity;
	size_t n, cap, dropped;
} diag_list;

/* Called by the loader without the GIL: plain memory only. */
static void on_diagnostic(int severity, const crm_error *d, void *ud)
{
	diag_list *l = ud;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		crm_error *items = cap <= PYCRM_DIAG_MAX ? realloc(l->items, cap * sizeof *items) : NULL;
		if (items)
			l->items = items;
		int *sev = items ? realloc(l->severity, cap * sizeof *sev) : NULL;
		if (!sev) {
			l->dropped++;
			return;
		}
		l->severity = sev;
		l->cap = cap;
	}
	l->items[l->n] = *d;
	l->severity[l->n++] = severity;
}

static PyObject *diagnostic(const crm_error *d, int severity)
{
	const char *nul = memchr(d->file, '\0', sizeof d->file);
	PyObject *file = PyUnicode_DecodeFSDefaultAndSize(
		d->file, nul ? nul - d->file : (Py_ssize_t)sizeof d->file);
	if (!file)
		return NULL;
	return PyObject_CallFunction(pycrm.diagnostic, "ssNiis",
	                             severity == CRM_DIAG_WARNING ? "warning" : "error",
	                             crm_code_name(d->code), file, d->line, d->column, d->message);
}

/* The diagnostics of one severity (-1: all) as a tuple. */
static PyObject *diagnostics(const diag_list *l, int only)
{
	PyObject *list = PyList_New(0);
	for (size_t i = 0; list && i < l->n; i++) {
		if (only >= 0 && l->severity[i] != only)
			continue;
		PyObject *d = diagnostic(&l->items[i], l->severity[i]);
		if (!d || PyList_Append(list, d))
			Py_CLEAR(list);
		Py_XDECREF(d);
	}
	PyObject *t = list ? PyList_AsTuple(list) : NULL;
	Py_XDECREF(list);
	return t;
}

/* Paths as file-system bytes: one path (str, bytes, os.PathLike) or an
 * iterable of them. A list of bytes objects. */
static PyObject *path_list(PyObject *paths)
{
	PyObject *list = PyList_New(0);
	if (!list)
		return NULL;
	PyObject *one = NULL;
	if (PyUnicode_Check(paths) || PyBytes_Check(paths) ||
	    PyObject_HasAttrString(paths, "__fspath__")) {
		if (!PyUnicode_FSConverter(paths, &one) || PyList_Append(list, one))
			Py_CLEAR(list);
		Py_XDECREF(one);
		return list;
	}
	PyObject *it = PyObject_GetIter(paths);
	if (!it) {
		Py_DECREF(list);
		PyErr_Format(PyExc_TypeError, "load() takes a path or an iterable of paths, not %s",
		             Py_TYPE(paths)->tp_name);
		return NULL;
	}
	PyObject *p;
	while ((p = PyIter_Next(it))) {
		int bad = !PyUnicode_FSConverter(p, &one) || PyList_Append(list, one);
		Py_DECREF(p);
		Py_XDECREF(one);
		one = NULL;
		if (bad) {
			Py_CLEAR(list);
			break;
		}
	}
	Py_DECREF(it);
	if (PyErr_Occurred())
		Py_CLEAR(list);
	else if (list && PyList_GET_SIZE(list) == 0) {
		PyErr_SetString(PyExc_ValueError, "load() needs at least one path");
		Py_CLEAR(list);
	}
	return list;
}

static const char *const load_kw[] = {"paths", "warnings_as_errors", NULL};

static PyObject *load(PyObject *module, PyObject *const *args, Py_ssize_t nargs,
                      PyObject *kwnames)
{
	(void)module;
	PyObject *a[2];
	if (pycrm_parse_args("load", args, nargs, kwnames, load_kw, 1, 1, a))
		return NULL;
	int strict = a[1] ? PyObject_IsTrue(a[1]) : 0;
	if (strict < 0)
		return NULL;
	PyObject *list = path_list(a[0]);
	if (!list)
		return NULL;
	size_t np = (size_t)PyList_GET_SIZE(list);
	const char **paths = PyMem_Calloc(np, sizeof *paths);
	if (!paths) {
		Py_DECREF(list);
		return PyErr_NoMemory();
	}
	for (size_t i = 0; i < np; i++)
		paths[i] = PyBytes_AS_STRING(PyList_GET_ITEM(list, (Py_ssize_t)i));
	diag_list diags = {NULL, NULL, 0, 0, 0};
	crm_load_options opts = CRM_LOAD_OPTIONS_INIT;
	opts.diagnostic = on_diagnostic;
	opts.diagnostic_ud = &diags;
	opts.warnings_as_errors = strict;
	crm_ruleset *rs = NULL;
	crm_error err;
	int rc;
	Py_BEGIN_ALLOW_THREADS
	rc = np == 1 ? crm_ruleset_load(&rs, paths[0], &opts, &err)
	             : crm_ruleset_load_paths(&rs, paths, np, &opts, &err);
	Py_END_ALLOW_THREADS
	PyMem_Free(paths);
	Py_DECREF(list);
	pycrm_ruleset *self = NULL;
	if (rc) {
		PyObject *all = diagnostics(&diags, -1);
		PyObject *extra = all ? Py_BuildValue("{sN}", "diagnostics", all) : NULL;
		if (extra)
			pycrm_error_raise(pycrm.rule_error, err.message, rc, &err, extra);
		Py_XDECREF(extra);
	} else {
		self = (pycrm_ruleset *)pycrm.ruleset_type->tp_alloc(pycrm.ruleset_type, 0);
		if (!self) {
			crm_ruleset_free(rs);
		} else {
			self->rs = rs;
			if (!(self->warnings = diagnostics(&diags, CRM_DIAG_WARNING)) || ruleset_fill(self))
				Py_CLEAR(self);
		}
	}
	free(diags.items);
	free(diags.severity);
	return (PyObject *)self;
}

static PyObject *library_version(PyObject *module, PyObject *unused)
{
	(void)module;
	(void)unused;
	int v = crm_version();
	return PyUnicode_FromFormat("%d.%d.%d", v / 1000000, v / 1000 % 1000, v % 1000);
}

static PyMethodDef module_methods[] = {
	{"load", (PyCFunction)(void (*)(void))load, METH_FASTCALL | METH_KEYWORDS,
	 "load(paths, *, warnings_as_errors=False) -> Ruleset: a rule file, a directory of "
	 "them, or several files and directories loaded together."},
	{"library_version", library_version, METH_NOARGS,
	 "library_version() -> str: the version of the crmrules C library linked in."},
	{NULL, NULL, 0, NULL}};

static struct PyModuleDef module_def = {
	PyModuleDef_HEAD_INIT, "crmrules._crmrules",
	"The C extension of crmrules: import crmrules instead.", -1, module_methods,
	NULL, NULL, NULL, NULL};

static PyObject *intern(const char *s)
{
	return PyUnicode_InternFromString(s);
}

static int state_init(void)
{
	PyObject *decimal = PyImport_ImportModule("decimal");
	PyObject *errors = PyImport_ImportModule("crmrules._errors");
	int bad = !decimal || !errors;
	if (!bad) {
		pycrm.decimal = PyObject_GetAttrString(decimal, "Decimal");
		pycrm.error = PyObject_GetAttrString(errors, "Error");
		pycrm.rule_error = PyObject_GetAttrString(errors, "RuleError");
		pycrm.decision_error = PyObject_GetAttrString(errors, "DecisionError");
		pycrm.missing_error = PyObject_GetAttrString(errors, "MissingFactsError");
		pycrm.no_match_error = PyObject_GetAttrString(errors, "NoMatchError");
		pycrm.fact_error = PyObject_GetAttrString(errors, "FactError");
		pycrm.fact_type_error = PyObject_GetAttrString(errors, "FactTypeError");
		pycrm.sla_error = PyObject_GetAttrString(errors, "SlaError");
		pycrm.diagnostic = PyObject_GetAttrString(errors, "Diagnostic");
		bad = !pycrm.decimal || !pycrm.error || !pycrm.rule_error || !pycrm.decision_error ||
		      !pycrm.missing_error || !pycrm.no_match_error || !pycrm.fact_error ||
		      !pycrm.fact_type_error || !pycrm.sla_error || !pycrm.diagnostic;
	}
	Py_XDECREF(decimal);
	Py_XDECREF(errors);
	if (bad)
		return -1;
	pycrm.s_explain = intern("$explain");
	pycrm.s_fired = intern("fired");
	pycrm.s_tried = intern("tried");
	pycrm.s_decision = intern("decision");
	pycrm.s_rule = intern("rule");
	pycrm.s_facts = intern("facts");
	pycrm.s_input = intern("input");
	pycrm.s_cell = intern("cell");
	pycrm.s_value = intern("value");
	pycrm.s_when = intern("when");
	pycrm.s_provisional = intern("$provisional");
	pycrm.s_assumed_from = intern("assumed_from");
	pycrm.s_full = intern("full");
	if (!pycrm.s_explain || !pycrm.s_fired || !pycrm.s_tried || !pycrm.s_decision ||
	    !pycrm.s_rule || !pycrm.s_facts || !pycrm.s_input || !pycrm.s_cell || !pycrm.s_value ||
	    !pycrm.s_when || !pycrm.s_provisional || !pycrm.s_assumed_from || !pycrm.s_full)
		return -1;
	return pycrm_values_init();
}

PyMODINIT_FUNC PyInit__crmrules(void);

PyMODINIT_FUNC PyInit__crmrules(void)
{
	if (!pycrm.ruleset_type && state_init())
		return NULL;
	PyObject *m = PyModule_Create(&module_def);
	if (!m)
		return NULL;
	if (!pycrm.ruleset_type)
		pycrm.ruleset_type = (PyTypeObject *)PyType_FromSpec(&ruleset_spec);
	if (!pycrm.ruleset_type || pycrm_many_init(m) ||
	    PyModule_AddObjectRef(m, "Ruleset", (PyObject *)pycrm.ruleset_type) ||
	    PyModule_AddStringConstant(m, "VERSION", CRM_VERSION_STRING)) {
		Py_DECREF(m);
		return NULL;
	}
	return m;
}

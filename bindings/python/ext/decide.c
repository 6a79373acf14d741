/* SPDX-License-Identifier: MIT */
/* decide.c - one decision: a result as a dict of its outputs (with
 * $provisional and $explain as crmrules eval writes them), a failure as
 * the exception of its code, naming the missing facts. */
#include "pycrm.h"

#include <string.h>

PyObject *pycrm_error_new(PyObject *cls, const char *message, int code, const crm_error *pos,
                          PyObject *extra)
{
	PyObject *kw = extra ? PyDict_Copy(extra) : PyDict_New();
	if (!kw)
		return NULL;
	PyObject *c = PyUnicode_FromString(crm_code_name(code));
	int bad = !c || PyDict_SetItemString(kw, "code", c);
	Py_XDECREF(c);
	if (!bad && pos && pos->line > 0) {
		const char *nul = memchr(pos->file, '\0', sizeof pos->file);
		PyObject *file = PyUnicode_DecodeFSDefaultAndSize(
			pos->file, nul ? nul - pos->file : (Py_ssize_t)sizeof pos->file);
		PyObject *line = PyLong_FromLong(pos->line), *col = PyLong_FromLong(pos->column);
		bad = !file || !line || !col || PyDict_SetItemString(kw, "file", file) ||
		      PyDict_SetItemString(kw, "line", line) || PyDict_SetItemString(kw, "column", col);
		Py_XDECREF(file);
		Py_XDECREF(line);
		Py_XDECREF(col);
	}
	PyObject *msg = bad ? NULL : PyUnicode_DecodeUTF8(message, (Py_ssize_t)strlen(message),
	                                                  "replace");
	PyObject *args = msg ? PyTuple_Pack(1, msg) : NULL;
	PyObject *e = args ? PyObject_Call(cls, args, kw) : NULL;
	Py_XDECREF(args);
	Py_XDECREF(msg);
	Py_DECREF(kw);
	return e;
}

int pycrm_error_raise(PyObject *cls, const char *message, int code, const crm_error *pos,
                      PyObject *extra)
{
	PyObject *e = pycrm_error_new(cls, message, code, pos, extra);
	if (e) {
		PyErr_SetObject((PyObject *)Py_TYPE(e), e);
		Py_DECREF(e);
	}
	return -1;
}

int pycrm_decision_index(pycrm_ruleset *self, PyObject *name)
{
	if (name == self->last_name)
		return self->last_decision; /* a loop deciding one decision */
	PyObject *i = PyDict_GetItemWithError(self->decision_index, name);
	if (i) {
		Py_INCREF(name);
		Py_XSETREF(self->last_name, name);
		self->last_decision = (int)PyLong_AsLong(i);
		return self->last_decision;
	}
	if (PyErr_Occurred())
		return -1;
	if (!PyUnicode_Check(name)) {
		PyErr_Format(PyExc_TypeError, "a decision's name is a str, not %s",
		             Py_TYPE(name)->tp_name);
		return -1;
	}
	const char *s = PyUnicode_AsUTF8(name);
	if (!s)
		return -1;
	const char *near = crm_ruleset_suggest(self->rs, CRM_NAME_DECISION, s);
	PyObject *msg = near ? PyUnicode_FromFormat("unknown decision '%s' (did you mean '%s'?)", s, near)
	                     : PyUnicode_FromFormat("unknown decision '%s'", s);
	if (msg) {
		PyObject *extra = Py_BuildValue("{sO}", "decision", name);
		const char *m = PyUnicode_AsUTF8(msg);
		if (extra && m)
			pycrm_error_raise(pycrm.decision_error, m, CRM_EUNKNOWN, NULL, extra);
		Py_XDECREF(extra);
		Py_DECREF(msg);
	}
	return -1;
}

int pycrm_explain_level(PyObject *explain)
{
	if (!explain || explain == Py_False || explain == Py_None)
		return 0;
	if (explain == Py_True)
		return 1;
	if (PyUnicode_Check(explain) && PyUnicode_Compare(explain, pycrm.s_full) == 0)
		return 2;
	if (!PyErr_Occurred())
		PyErr_SetString(PyExc_ValueError, "explain is False, True or \"full\"");
	return -1;
}

/* The output names of a decision, made once: every result of it has them. */
static PyObject *output_names(pycrm_ruleset *self, int decision, const crm_result *r)
{
	size_t n = crm_result_output_count(r);
	PyObject *names = self->outputs[decision];
	if (names && (size_t)PyTuple_GET_SIZE(names) == n)
		return names;
	names = PyTuple_New((Py_ssize_t)n);
	for (size_t i = 0; names && i < n; i++) {
		PyObject *s = PyUnicode_InternFromString(crm_result_output_name(r, i));
		if (!s)
			Py_CLEAR(names);
		else
			PyTuple_SET_ITEM(names, (Py_ssize_t)i, s);
	}
	if (names)
		Py_XSETREF(self->outputs[decision], names);
	return names;
}

static int set_take(PyObject *d, PyObject *key, PyObject *v)
{
	if (!v)
		return -1;
	int rc = PyDict_SetItem(d, key, v);
	Py_DECREF(v);
	return rc;
}

/* {name: value} for n slots read by get(r, i, k), values from f. */
static PyObject *fact_values(pycrm_ruleset *self, const crm_result *r, const crm_facts *f,
                             size_t i, size_t n, int (*get)(const crm_result *, size_t, size_t))
{
	PyObject *d = PyDict_New();
	for (size_t k = 0; d && k < n; k++) {
		int slot = get(r, i, k);
		if (slot < 0 || (size_t)slot >= self->nfacts)
			continue;
		crm_value v = crm_facts_get(f, slot);
		if (set_take(d, PyTuple_GET_ITEM(self->fact_names, slot), pycrm_value(&v)))
			Py_CLEAR(d);
	}
	return d;
}

static PyObject *text(const char *s)
{
	if (!s)
		Py_RETURN_NONE;
	return PyUnicode_DecodeUTF8(s, (Py_ssize_t)strlen(s), "replace");
}

/* Why the rules before those that fired did not match (a full explanation). */
static PyObject *tried_list(pycrm_ruleset *self, const crm_result *r, const crm_facts *f)
{
	size_t n = crm_result_tried_count(r);
	PyObject *list = PyList_New((Py_ssize_t)n);
	for (size_t i = 0; list && i < n; i++) {
		crm_tried t;
		PyObject *d = crm_result_tried(r, i, &t) ? NULL : PyDict_New();
		int bad = !d || set_take(d, pycrm.s_decision, text(t.decision)) ||
		          set_take(d, pycrm.s_rule, text(t.rule));
		if (!bad && t.cell && t.input >= 0)
			bad = set_take(d, pycrm.s_input, text(t.input_name)) ||
			      set_take(d, pycrm.s_cell, text(t.cell)) ||
			      set_take(d, pycrm.s_value, pycrm_value(&t.value));
		else if (!bad && t.cell)
			bad = set_take(d, pycrm.s_when, text(t.cell));
		if (!bad)
			bad = set_take(d, pycrm.s_facts,
			               fact_values(self, r, f, i, t.nfacts, crm_result_tried_fact));
		if (bad) {
			Py_XDECREF(d);
			Py_CLEAR(list);
		} else {
			PyList_SET_ITEM(list, (Py_ssize_t)i, d);
		}
	}
	return list;
}

static PyObject *explanation(pycrm_ruleset *self, const crm_result *r, const crm_facts *f,
                             int explain)
{
	size_t n = crm_result_fired_count(r);
	PyObject *fired = PyList_New((Py_ssize_t)n);
	for (size_t i = 0; fired && i < n; i++) {
		PyObject *d = PyDict_New();
		if (!d || set_take(d, pycrm.s_decision, text(crm_result_fired_decision(r, i))) ||
		    set_take(d, pycrm.s_rule, text(crm_result_fired_id(r, i))) ||
		    set_take(d, pycrm.s_facts,
		             fact_values(self, r, f, i, crm_result_fired_fact_count(r, i),
		                         crm_result_fired_fact))) {
			Py_XDECREF(d);
			Py_CLEAR(fired);
		} else {
			PyList_SET_ITEM(fired, (Py_ssize_t)i, d);
		}
	}
	PyObject *e = fired ? PyDict_New() : NULL;
	if (e && (set_take(e, pycrm.s_fired, fired) ||
	          (explain == 2 && set_take(e, pycrm.s_tried, tried_list(self, r, f)))))
		Py_CLEAR(e);
	else if (!e)
		Py_XDECREF(fired);
	return e;
}

PyObject *pycrm_result_dict(pycrm_ruleset *self, int decision, const crm_result *r,
                            const crm_facts *f, int explain)
{
	PyObject *names = output_names(self, decision, r);
	if (!names)
		return NULL;
	PyObject *d = PyDict_New();
	if (!d)
		return NULL;
	Py_ssize_t n = PyTuple_GET_SIZE(names);
	for (Py_ssize_t i = 0; i < n; i++) {
		crm_value v = crm_result_output(r, (size_t)i);
		if (set_take(d, PyTuple_GET_ITEM(names, i), pycrm_value(&v))) {
			Py_DECREF(d);
			return NULL;
		}
	}
	int64_t day;
	if (crm_result_provisional(r, &day)) {
		/* a calendar day past its data was assumed: say from when */
		PyObject *p = PyDict_New();
		if (!p || set_take(p, pycrm.s_assumed_from, pycrm_date_value(day)) ||
		    set_take(d, pycrm.s_provisional, p)) {
			Py_DECREF(d);
			return NULL;
		}
	}
	if (explain && set_take(d, pycrm.s_explain, explanation(self, r, f, explain))) {
		Py_DECREF(d);
		return NULL;
	}
	return d;
}

PyObject *pycrm_decision_error(pycrm_ruleset *self, int decision, const crm_result *r,
                               const crm_error *err, const crm_facts *f, int explain)
{
	PyObject *cls = err->code == CRM_EMISSING   ? pycrm.missing_error
	                : err->code == CRM_ENOMATCH ? pycrm.no_match_error
	                                            : pycrm.decision_error;
	size_t nm = r ? crm_result_missing_count(r) : 0;
	PyObject *missing = PyTuple_New((Py_ssize_t)nm);
	for (size_t i = 0; missing && i < nm; i++) {
		int slot = crm_result_missing_fact(r, i);
		PyObject *name = slot >= 0 && (size_t)slot < self->nfacts
		                         ? PyTuple_GET_ITEM(self->fact_names, slot)
		                         : Py_None;
		Py_INCREF(name);
		PyTuple_SET_ITEM(missing, (Py_ssize_t)i, name);
	}
	PyObject *name = PyTuple_GET_ITEM(self->decisions, decision);
	PyObject *extra = missing ? Py_BuildValue("{sOsN}", "decision", name, "missing", missing)
	                          : NULL;
	if (extra && explain == 2 && r && crm_result_tried_count(r) &&
	    set_take(extra, pycrm.s_tried, tried_list(self, r, f)))
		Py_CLEAR(extra);
	PyObject *e = extra ? pycrm_error_new(cls, err->message, err->code, err, extra) : NULL;
	Py_XDECREF(extra);
	return e;
}

PyObject *pycrm_decide_one(pycrm_ruleset *self, pycrm_worker *w, int decision, int explain)
{
	const crm_result *r = NULL;
	crm_error err;
	int rc = explain == 2 ? crm_decide_explain(w->ctx, decision, w->facts, &r, &err)
	                      : crm_decide_index(w->ctx, decision, w->facts, &r, &err);
	if (!rc)
		return pycrm_result_dict(self, decision, r, w->facts, explain);
	PyObject *e = pycrm_decision_error(self, decision, r, &err, w->facts, explain);
	if (e) {
		PyErr_SetObject((PyObject *)Py_TYPE(e), e);
		Py_DECREF(e);
	}
	return NULL;
}

/* ---- JSON in, JSON out ------------------------------------------------------- */

typedef struct {
	char *p;
	size_t len, cap;
	char local[1024];
} out_text;

static int out_write(void *ud, const char *bytes, size_t len)
{
	out_text *o = ud;
	if (o->len + len > o->cap) {
		size_t cap = o->cap * 2;
		while (cap < o->len + len)
			cap *= 2;
		char *p = PyMem_Malloc(cap);
		if (!p)
			return 1;
		memcpy(p, o->p, o->len);
		if (o->p != o->local)
			PyMem_Free(o->p);
		o->p = p;
		o->cap = cap;
	}
	memcpy(o->p + o->len, bytes, len);
	o->len += len;
	return 0;
}

PyObject *pycrm_decide_json(pycrm_ruleset *self, pycrm_worker *w, int decision, PyObject *facts,
                            int explain)
{
	const char *text;
	Py_ssize_t n;
	if (PyUnicode_Check(facts)) {
		if (!(text = PyUnicode_AsUTF8AndSize(facts, &n)))
			return NULL;
	} else if (PyBytes_Check(facts)) {
		text = PyBytes_AS_STRING(facts);
		n = PyBytes_GET_SIZE(facts);
	} else {
		return PyErr_Format(PyExc_TypeError, "decide_json takes JSON text (str or bytes), not %s",
		                    Py_TYPE(facts)->tp_name);
	}
	crm_json_options opts = CRM_JSON_OPTIONS_INIT;
	opts.flags = explain == 2 ? CRM_JSON_EXPLAIN_FULL : explain ? CRM_JSON_EXPLAIN : 0;
	out_text o = {NULL, 0, sizeof o.local, {0}};
	o.p = o.local;
	crm_error err;
	int rc = crm_decide_json_write(w->ctx, decision, text, (size_t)n, &opts, out_write, &o, &err);
	(void)self;
	PyObject *out = rc == CRM_EIO ? PyErr_NoMemory()
	                              : PyUnicode_DecodeUTF8(o.p, (Py_ssize_t)o.len, "replace");
	if (o.p != o.local)
		PyMem_Free(o.p);
	return out;
}

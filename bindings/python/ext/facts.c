/* SPDX-License-Identifier: MIT */
/* facts.c - a mapping of fact names to Python values into a facts record:
 * each key's slot looked up in the Ruleset's dict, each value checked for
 * its Python type and set with the typed setter of the fact's type. Lists
 * (which have no setter) go through the library's JSON reader. */
#include "pycrm.h"

#include <stdio.h>
#include <string.h>

static const char *type_name(PyObject *o)
{
	return Py_TYPE(o)->tp_name;
}

int pycrm_fact_error(pycrm_ruleset *self, int slot, PyObject *cls, int code, const char *message)
{
	PyObject *extra = Py_BuildValue("{sO}", "fact", PyTuple_GET_ITEM(self->fact_names, slot));
	if (!extra)
		return -1;
	pycrm_error_raise(cls, message, code, NULL, extra);
	Py_DECREF(extra);
	return -1;
}

static const char *fact_name(pycrm_ruleset *self, int slot)
{
	return crm_ruleset_fact_name(self->rs, (size_t)slot);
}

static int wrong_type(pycrm_ruleset *self, int slot, PyObject *value)
{
	char msg[CRM_ERROR_MESSAGE_MAX];
	const char *fact = fact_name(self, slot);
	crm_type t = (crm_type)self->types[slot];
	if (t == CRM_T_MONEY && PyFloat_Check(value))
		snprintf(msg, sizeof msg,
		         "fact '%s' is money, not float: money is exact, give a Decimal "
		         "(Decimal('0.10')) or an int",
		         fact);
	else if (t == CRM_T_DATE && PyUnicode_Check(value))
		snprintf(msg, sizeof msg, "fact '%s' is date, not str: give a datetime.date", fact);
	else if (t == CRM_T_LIST)
		snprintf(msg, sizeof msg, "fact '%s' is list of %s, not %s", fact,
		         crm_type_name((crm_type)self->elems[slot]), type_name(value));
	else
		snprintf(msg, sizeof msg, "fact '%s' is %s, not %s", fact, crm_type_name(t),
		         type_name(value));
	return pycrm_fact_error(self, slot, pycrm.fact_type_error, CRM_ETYPE, msg);
}

static int naive(pycrm_ruleset *self, int slot)
{
	char msg[CRM_ERROR_MESSAGE_MAX];
	snprintf(msg, sizeof msg,
	         "fact '%s' is an instant: a naive datetime (no tzinfo) is not one; give an "
	         "aware datetime, e.g. datetime(2026, 10, 1, 9, 0, tzinfo=timezone.utc)",
	         fact_name(self, slot));
	return pycrm_fact_error(self, slot, pycrm.fact_type_error, CRM_ETYPE, msg);
}

static int refused(pycrm_ruleset *self, int slot, int code, PyObject *value)
{
	char msg[CRM_ERROR_MESSAGE_MAX];
	PyObject *repr = PyObject_Repr(value);
	const char *r = repr ? PyUnicode_AsUTF8(repr) : NULL;
	if (!r)
		PyErr_Clear();
	if (code == CRM_EOVERFLOW)
		snprintf(msg, sizeof msg, "fact '%s': %s is out of range", fact_name(self, slot),
		         r ? r : "the value");
	else
		snprintf(msg, sizeof msg, "fact '%s': %s is not an amount of money (at most 2 "
		         "decimal places)", fact_name(self, slot), r ? r : "the value");
	Py_XDECREF(repr);
	return pycrm_fact_error(self, slot, pycrm.fact_error, code, msg);
}

/* ---- lists, as JSON ------------------------------------------------------ */

typedef struct {
	char *p;
	size_t len, cap;
	char local[512];
} jbuf;

static int jput(jbuf *b, const char *s, size_t n)
{
	if (b->len + n > b->cap) {
		size_t cap = b->cap * 2;
		while (cap < b->len + n)
			cap *= 2;
		char *p = PyMem_Malloc(cap);
		if (!p) {
			PyErr_NoMemory();
			return -1;
		}
		memcpy(p, b->p, b->len);
		if (b->p != b->local)
			PyMem_Free(b->p);
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	return 0;
}

static int jstring(jbuf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	if (jput(b, "\"", 1))
		return -1;
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
		if (jput(b, s + run, i - run) ||
		    (c == '"' || c == '\\' ? jput(b, (const char[]){'\\', (char)c}, 2) : jput(b, esc, 6)))
			return -1;
		run = i + 1;
	}
	return jput(b, s + run, n - run) || jput(b, "\"", 1) ? -1 : 0;
}

/* One item of a list fact as JSON text the reader takes for its type:
 * 0, 1 (not of the item type), 2 (naive), 3 (refused, *code), -1. */
static int jitem(jbuf *b, crm_type elem, PyObject *o, int *code)
{
	char tmp[64];
	int64_t x;
	int r;
	switch (elem) {
	case CRM_T_BOOL:
		if (!PyBool_Check(o))
			return 1;
		return o == Py_True ? jput(b, "true", 4) : jput(b, "false", 5);
	case CRM_T_INT:
	case CRM_T_NUMBER:
		if (PyLong_Check(o) && !PyBool_Check(o)) {
			int overflow;
			long long v = PyLong_AsLongLongAndOverflow(o, &overflow);
			if (v == -1 && PyErr_Occurred())
				return -1;
			if (overflow) {
				*code = CRM_EOVERFLOW;
				return 3;
			}
			return jput(b, tmp, (size_t)snprintf(tmp, sizeof tmp, "%lld", v));
		}
		if (elem == CRM_T_NUMBER && PyFloat_Check(o)) {
			double d = PyFloat_AS_DOUBLE(o);
			if (!Py_IS_FINITE(d)) {
				*code = CRM_EINVAL;
				return 3;
			}
			char *s = PyOS_double_to_string(d, 'r', 0, 0, NULL);
			if (!s)
				return -1;
			int rc = jput(b, s, strlen(s));
			PyMem_Free(s);
			return rc;
		}
		return 1;
	case CRM_T_MONEY:
		if ((r = pycrm_to_money(o, &x, code)) != 0)
			return r;
		tmp[0] = '"';
		return jput(b, tmp, (size_t)crm_money_format(tmp + 1, sizeof tmp - 2, x) + 1) ||
		       jput(b, "\"", 1) ? -1 : 0;
	case CRM_T_STRING: {
		if (!PyUnicode_Check(o))
			return 1;
		Py_ssize_t n;
		const char *s = PyUnicode_AsUTF8AndSize(o, &n);
		if (!s) {
			PyErr_Clear();
			*code = CRM_EINVAL;
			return 3;
		}
		return jstring(b, s, (size_t)n);
	}
	case CRM_T_DATE: {
		if ((r = pycrm_to_date(o, &x)) != 0)
			return r;
		int y, m, d;
		crm_date_to_civil(x, &y, &m, &d, NULL);
		return jput(b, tmp, (size_t)snprintf(tmp, sizeof tmp, "\"%04d-%02d-%02d\"", y, m, d));
	}
	case CRM_T_DATETIME:
		if ((r = pycrm_to_instant(o, &x)) != 0)
			return r;
		tmp[0] = '"';
		return jput(b, tmp, (size_t)crm_instant_format(tmp + 1, sizeof tmp - 2, x, 0) + 1) ||
		       jput(b, "\"", 1) ? -1 : 0;
	case CRM_T_DURATION:
		if ((r = pycrm_to_duration(o, &x)) != 0)
			return r;
		return jput(b, tmp, (size_t)snprintf(tmp, sizeof tmp, "%lld", (long long)x));
	default:
		return 1;
	}
}

static int list_fact(pycrm_ruleset *self, pycrm_worker *w, int slot, PyObject *value)
{
	if (!PyList_Check(value) && !PyTuple_Check(value))
		return wrong_type(self, slot, value);
	/* a tuple keeps its items while they are converted (a list could change) */
	PyObject *items = PySequence_Tuple(value);
	if (!items)
		return -1;
	jbuf b = {NULL, 0, sizeof b.local, {0}};
	b.p = b.local;
	const char *name = fact_name(self, slot);
	crm_type elem = (crm_type)self->elems[slot];
	int rc = jput(&b, "{", 1) || jstring(&b, name, strlen(name)) || jput(&b, ":[", 2) ? -1 : 0;
	for (Py_ssize_t i = 0; !rc && i < PyTuple_GET_SIZE(items); i++) {
		PyObject *it = PyTuple_GET_ITEM(items, i);
		int code = CRM_EINVAL;
		if ((i && jput(&b, ",", 1)) || (rc = jitem(&b, elem, it, &code)) < 0) {
			rc = -1;
			break;
		}
		char msg[CRM_ERROR_MESSAGE_MAX];
		if (rc == 1 || rc == 2) {
			snprintf(msg, sizeof msg, "fact '%s': items must be %s, not %s%s", name,
			         crm_type_name(elem), rc == 2 ? "a naive " : "", type_name(it));
			rc = pycrm_fact_error(self, slot, pycrm.fact_type_error, CRM_ETYPE, msg);
		} else if (rc == 3) {
			snprintf(msg, sizeof msg, "fact '%s': item %zd is not a valid %s", name, i,
			         crm_type_name(elem));
			rc = pycrm_fact_error(self, slot, pycrm.fact_error, code, msg);
		}
	}
	if (!rc && !jput(&b, "]}", 2)) {
		crm_error err;
		if (crm_facts_read_json(w->facts, b.p, b.len, NULL, &err))
			rc = pycrm_fact_error(self, slot, pycrm.fact_error, err.code, err.message);
	} else if (!rc) {
		rc = -1;
	}
	if (b.p != b.local)
		PyMem_Free(b.p);
	Py_DECREF(items);
	return rc;
}

/* ---- one fact --------------------------------------------------------------- */

static int unknown_fact(pycrm_ruleset *self, PyObject *key)
{
	char msg[CRM_ERROR_MESSAGE_MAX];
	if (!PyUnicode_Check(key)) {
		snprintf(msg, sizeof msg, "fact names are str, not %s", type_name(key));
		return pycrm_error_raise(pycrm.fact_type_error, msg, CRM_ETYPE, NULL, NULL);
	}
	const char *name = PyUnicode_AsUTF8(key);
	if (!name)
		return -1;
	const char *near = crm_ruleset_suggest(self->rs, CRM_NAME_FACT, name);
	if (near)
		snprintf(msg, sizeof msg, "unknown fact '%s' (did you mean '%s'?)", name, near);
	else
		snprintf(msg, sizeof msg, "unknown fact '%s'", name);
	PyObject *extra = Py_BuildValue("{sO}", "fact", key);
	if (extra)
		pycrm_error_raise(pycrm.fact_error, msg, CRM_EUNKNOWN, NULL, extra);
	Py_XDECREF(extra);
	return -1;
}

static int set_fact(pycrm_ruleset *self, pycrm_worker *w, PyObject *key, PyObject *value)
{
	int slot = pycrm_fact_slot(self, key);
	if (slot < 0)
		return slot == -2 ? -1 : unknown_fact(self, key);
	if (value == Py_None)
		return 0; /* unknown: every fact is, until set */
	crm_facts *f = w->facts;
	crm_error err;
	int rc, code = CRM_EINVAL, r;
	int64_t x;
	switch ((crm_type)self->types[slot]) {
	case CRM_T_BOOL:
		if (!PyBool_Check(value))
			return wrong_type(self, slot, value);
		rc = crm_facts_set_bool(f, slot, value == Py_True, &err);
		break;
	case CRM_T_INT: {
		if (!PyLong_Check(value) || PyBool_Check(value))
			return wrong_type(self, slot, value);
		int overflow;
		long long v = PyLong_AsLongLongAndOverflow(value, &overflow);
		if (v == -1 && PyErr_Occurred())
			return -1;
		if (overflow)
			return refused(self, slot, CRM_EOVERFLOW, value);
		rc = crm_facts_set_int(f, slot, v, &err);
		break;
	}
	case CRM_T_NUMBER: {
		double d;
		if (PyFloat_Check(value))
			d = PyFloat_AS_DOUBLE(value);
		else if ((PyLong_Check(value) && !PyBool_Check(value)) || pycrm_is_decimal(value)) {
			d = PyFloat_AsDouble(value); /* an int past a double's range: OverflowError */
			if (d == -1.0 && PyErr_Occurred()) {
				PyErr_Clear();
				return refused(self, slot, CRM_EOVERFLOW, value);
			}
		} else
			return wrong_type(self, slot, value);
		rc = crm_facts_set_number(f, slot, d, &err);
		break;
	}
	case CRM_T_MONEY:
		if ((r = pycrm_to_money(value, &x, &code)) != 0)
			return r < 0 ? -1 : r == 1 ? wrong_type(self, slot, value)
			                           : refused(self, slot, code, value);
		rc = crm_facts_set_money(f, slot, x, &err);
		break;
	case CRM_T_STRING: {
		if (!PyUnicode_Check(value))
			return wrong_type(self, slot, value);
		Py_ssize_t n;
		const char *s = PyUnicode_AsUTF8AndSize(value, &n);
		if (!s) {
			PyErr_Clear();
			char msg[CRM_ERROR_MESSAGE_MAX];
			snprintf(msg, sizeof msg, "fact '%s': not valid UTF-8 (a lone surrogate)",
			         fact_name(self, slot));
			return pycrm_fact_error(self, slot, pycrm.fact_error, CRM_EINVAL, msg);
		}
		rc = crm_facts_set_string(f, slot, s, (size_t)n, &err);
		break;
	}
	case CRM_T_DATE:
		if ((r = pycrm_to_date(value, &x)) != 0)
			return r < 0 ? -1 : wrong_type(self, slot, value);
		rc = crm_facts_set_date(f, slot, x, &err);
		break;
	case CRM_T_DATETIME:
		if ((r = pycrm_to_instant(value, &x)) != 0)
			return r < 0 ? -1 : r == 2 ? naive(self, slot) : wrong_type(self, slot, value);
		rc = crm_facts_set_datetime(f, slot, x, &err);
		break;
	case CRM_T_DURATION:
		if ((r = pycrm_to_duration(value, &x)) != 0)
			return r < 0 ? -1 : wrong_type(self, slot, value);
		rc = crm_facts_set_duration(f, slot, x, &err);
		break;
	case CRM_T_LIST:
		rc = list_fact(self, w, slot, value);
		if (rc)
			return rc;
		break;
	default:
		return wrong_type(self, slot, value);
	}
	if (rc)
		return pycrm_fact_error(self, slot,
		                        rc == CRM_ETYPE ? pycrm.fact_type_error : pycrm.fact_error, rc,
		                        err.message);
	if (w->nset < self->nfacts)
		w->set[w->nset++] = slot;
	return 0;
}

int pycrm_set_facts(pycrm_ruleset *self, pycrm_worker *w, PyObject *facts)
{
	/* only what the last caller set is unset: cheaper than clearing every fact */
	for (size_t k = 0; k < w->nset; k++)
		crm_facts_unset(w->facts, w->set[k]);
	w->nset = 0;
	if (PyDict_Check(facts)) {
		Py_ssize_t pos = 0;
		PyObject *key, *value;
		while (PyDict_Next(facts, &pos, &key, &value)) {
			/* owned while converted: a value's Python code may change the dict */
			Py_INCREF(key);
			Py_INCREF(value);
			int rc = set_fact(self, w, key, value);
			Py_DECREF(key);
			Py_DECREF(value);
			if (rc)
				return -1;
		}
		return 0;
	}
	/* any other mapping: its items() (a list or a str has none) */
	PyObject *items = PyUnicode_Check(facts) ? NULL : PyMapping_Items(facts);
	if (!items) {
		if (PyErr_Occurred() && !PyErr_ExceptionMatches(PyExc_AttributeError) &&
		    !PyErr_ExceptionMatches(PyExc_TypeError))
			return -1;
		PyErr_Clear();
		char msg[CRM_ERROR_MESSAGE_MAX];
		snprintf(msg, sizeof msg, "facts are a mapping of fact names to values, not %s",
		         type_name(facts));
		return pycrm_error_raise(pycrm.fact_type_error, msg, CRM_ETYPE, NULL, NULL);
	}
	int rc = 0;
	for (Py_ssize_t i = 0; !rc && i < PyList_GET_SIZE(items); i++) {
		PyObject *kv = PyList_GET_ITEM(items, i);
		if (!PyTuple_Check(kv) || PyTuple_GET_SIZE(kv) != 2) {
			PyErr_SetString(PyExc_TypeError, "items() of the facts must give (key, value) pairs");
			rc = -1;
		} else {
			rc = set_fact(self, w, PyTuple_GET_ITEM(kv, 0), PyTuple_GET_ITEM(kv, 1));
		}
	}
	Py_DECREF(items);
	return rc;
}

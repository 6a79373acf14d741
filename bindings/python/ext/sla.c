/* SPDX-License-Identifier: MIT */
/* sla.c - Ruleset.sla: an SLA clock (a start, pauses, a stop) kept by the
 * host, evaluated at an instant; instants are aware datetimes. */
#include "pycrm.h"

#include <stdio.h>
#include <time.h>

static const char *const statuses[] = {"?", "running", "warning", "breached", "stopped"};

/* An argument that must be an aware datetime. */
static int instant_arg(PyObject *o, const char *what, int64_t *out)
{
	int r = pycrm_to_instant(o, out);
	if (r == 1)
		PyErr_Format(PyExc_TypeError, "%s must be an aware datetime.datetime, not %s", what,
		             Py_TYPE(o)->tp_name);
	else if (r == 2)
		PyErr_Format(PyExc_TypeError,
		             "%s is a naive datetime (no tzinfo): an instant needs its offset; give "
		             "an aware datetime, e.g. datetime(2026, 10, 1, 9, 0, tzinfo=timezone.utc)",
		             what);
	return r ? -1 : 0;
}

/* pauses: (start, end) pairs; an end of None is a pause still going on. */
static int pause_list(PyObject *pauses, int64_t now, crm_sla_pause *out, size_t *n)
{
	PyObject *seq = PySequence_Fast(pauses, "pauses must be an iterable of (start, end) pairs");
	if (!seq)
		return -1;
	Py_ssize_t np = PySequence_Fast_GET_SIZE(seq);
	int rc = 0;
	if (np > CRM_LIMIT_PAUSES) {
		PyErr_Format(PyExc_ValueError, "more than %d pauses", CRM_LIMIT_PAUSES);
		rc = -1;
	}
	for (Py_ssize_t i = 0; !rc && i < np; i++) {
		PyObject *pair = PySequence_Fast_GET_ITEM(seq, i);
		if (!PyTuple_Check(pair) && !PyList_Check(pair)) {
			PyErr_Format(PyExc_TypeError, "pause %zd must be a (start, end) pair, not %s", i,
			             Py_TYPE(pair)->tp_name);
			rc = -1;
			break;
		}
		PyObject *p = PySequence_Fast(pair, "a pause");
		if (!p || PySequence_Fast_GET_SIZE(p) != 2) {
			if (p)
				PyErr_Format(PyExc_TypeError, "pause %zd must be a (start, end) pair", i);
			Py_XDECREF(p);
			rc = -1;
			break;
		}
		char what[64];
		snprintf(what, sizeof what, "pause %zd's start", i);
		rc = instant_arg(PySequence_Fast_GET_ITEM(p, 0), what, &out[i].start);
		PyObject *end = PySequence_Fast_GET_ITEM(p, 1);
		snprintf(what, sizeof what, "pause %zd's end", i);
		if (!rc && end == Py_None)
			out[i].end = now;
		else if (!rc)
			rc = instant_arg(end, what, &out[i].end);
		Py_DECREF(p);
	}
	Py_DECREF(seq);
	*n = (size_t)np;
	return rc;
}

static int put(PyObject *d, const char *key, PyObject *v)
{
	if (!v)
		return -1;
	int rc = PyDict_SetItemString(d, key, v);
	Py_DECREF(v);
	return rc;
}

static PyObject *state_dict(PyObject *timer, const crm_sla_state *s)
{
	PyObject *d = PyDict_New();
	if (!d)
		return NULL;
	Py_INCREF(timer);
	int bad = put(d, "timer", timer) || put(d, "measure", PyUnicode_FromString(s->measure)) ||
	          put(d, "status", PyUnicode_FromString(statuses[s->status <= 4 ? s->status : 0])) ||
	          put(d, "due", pycrm_instant_value(s->due, s->utc_offset)) ||
	          put(d, "total", pycrm_duration_value(s->total)) ||
	          put(d, "elapsed", pycrm_duration_value(s->elapsed)) ||
	          put(d, "remaining", pycrm_duration_value(s->remaining));
	if (!bad) {
		PyObject *alert = Py_None;
		if (s->has_next_alert)
			alert = pycrm_instant_value(s->next_alert, s->utc_offset);
		else
			Py_INCREF(alert);
		PyObject *esc = Py_None;
		if (s->escalates_to)
			esc = PyUnicode_FromString(s->escalates_to);
		else
			Py_INCREF(esc);
		PyObject *from = Py_None;
		if (s->provisional)
			from = pycrm_date_value(s->assumed_from);
		else
			Py_INCREF(from);
		bad = put(d, "next_alert", alert) ||
		      put(d, "warnings_passed", PyLong_FromLong(s->warnings_passed)) ||
		      put(d, "breached_at_stop", PyBool_FromLong(s->breached_at_stop)) ||
		      put(d, "escalates_to", esc) ||
		      put(d, "provisional", PyBool_FromLong(s->provisional)) ||
		      put(d, "assumed_from", from);
	}
	if (bad)
		Py_CLEAR(d);
	return d;
}

static const char *const sla_kw[] = {"timer", "start", "pauses", "now", "stop", NULL};

PyObject *pycrm_sla(pycrm_ruleset *self, PyObject *const *args, Py_ssize_t nargs,
                    PyObject *kwnames)
{
	PyObject *a[5];
	if (pycrm_parse_args("sla", args, nargs, kwnames, sla_kw, 5, 2, a))
		return NULL;
	if (!PyUnicode_Check(a[0]))
		return PyErr_Format(PyExc_TypeError, "timer is a str, not %s", Py_TYPE(a[0])->tp_name);
	const char *timer = PyUnicode_AsUTF8(a[0]);
	if (!timer)
		return NULL;
	crm_sla_pause pauses[CRM_LIMIT_PAUSES];
	crm_sla_clock clock = {0, NULL, 0, 0, 0};
	int64_t now;
	if (instant_arg(a[1], "start", &clock.start))
		return NULL;
	if (a[3] && a[3] != Py_None) {
		if (instant_arg(a[3], "now", &now))
			return NULL;
	} else {
		/* the host's clock (the library reads none): the one
		 * datetime.now() reads; time() may read a coarser one, up to a
		 * tick behind, and give a second less than Python just saw */
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		now = (int64_t)ts.tv_sec;
	}
	if (a[4] && a[4] != Py_None) {
		if (instant_arg(a[4], "stop", &clock.stop))
			return NULL;
		clock.stopped = 1;
	}
	if (a[2] && a[2] != Py_None) {
		if (pause_list(a[2], now, pauses, &clock.npauses))
			return NULL;
		clock.pauses = clock.npauses ? pauses : NULL;
	}
	crm_sla_state s;
	crm_error err;
	if (crm_sla_evaluate(self->rs, timer, &clock, now, &s, &err)) {
		char msg[CRM_ERROR_MESSAGE_MAX + 128];
		const char *near = err.code == CRM_EUNKNOWN
		                           ? crm_ruleset_suggest(self->rs, CRM_NAME_TIMER, timer)
		                           : NULL;
		if (near)
			snprintf(msg, sizeof msg, "%s (did you mean '%s'?)", err.message, near);
		else
			snprintf(msg, sizeof msg, "%s", err.message);
		PyObject *extra = Py_BuildValue("{sO}", "timer", a[0]);
		if (extra)
			pycrm_error_raise(pycrm.sla_error, msg, err.code, &err, extra);
		Py_XDECREF(extra);
		return NULL;
	}
	return state_dict(a[0], &s);
}

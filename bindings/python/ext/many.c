/* SPDX-License-Identifier: MIT */
/* many.c - decide_many: an iterator over an iterable of facts that reads
 * them in batches (1, 2, 4, ... up to PYCRM_BATCH items, so the first
 * result comes at once), decides each batch with the GIL released, and
 * hands out results, or errors, in input order. Each item of a batch has
 * its own worker: its result stays valid until the batch is handed out. */
#include "pycrm.h"

#define PYCRM_BATCH 32

typedef struct {
	pycrm_worker *w;
	PyObject *error; /* the item's facts were refused: the exception */
	const crm_result *r;
	int rc;
	Py_ssize_t index;
	crm_error err;
} many_slot;

typedef struct {
	PyObject_HEAD
	pycrm_ruleset *rs;
	PyObject *it;      /* the items; NULL once read to the end */
	PyObject *pending; /* an exception of the items (not a crmrules.Error):
	                    * raised after the items before it, then the end */
	int decision, yield_errors, explain;
	int running;       /* a call is in next() (another thread, or re-entered) */
	Py_ssize_t next_index;
	size_t cap, n, pos;
	many_slot slots[PYCRM_BATCH];
} pycrm_many;

/* The exception being raised, normalized, with its traceback. */
static PyObject *fetch(void)
{
	PyObject *type, *value, *tb;
	PyErr_Fetch(&type, &value, &tb);
	PyErr_NormalizeException(&type, &value, &tb);
	if (tb && value)
		PyException_SetTraceback(value, tb);
	Py_XDECREF(type);
	Py_XDECREF(tb);
	return value;
}

static void raise(PyObject *exc)
{
	PyObject *tb = PyException_GetTraceback(exc);
	PyObject *type = (PyObject *)Py_TYPE(exc);
	Py_INCREF(type);
	PyErr_Restore(type, exc, tb);
}

static int set_index(PyObject *exc, Py_ssize_t index)
{
	PyObject *i = PyLong_FromSsize_t(index);
	int rc = i ? PyObject_SetAttrString(exc, "index", i) : -1;
	Py_XDECREF(i);
	return rc;
}

/* The end: workers back to the pool, nothing more read. */
static void finish(pycrm_many *m)
{
	for (size_t i = 0; i < PYCRM_BATCH; i++) {
		pycrm_worker_give(m->rs, m->slots[i].w);
		m->slots[i].w = NULL;
		Py_CLEAR(m->slots[i].error);
	}
	m->n = m->pos = 0;
	Py_CLEAR(m->it);
}

/* Read the next batch (with the GIL: the items are Python objects), then
 * decide it without. */
static void fill(pycrm_many *m)
{
	m->n = m->pos = 0;
	while (m->n < m->cap && m->it) {
		PyObject *item = PyIter_Next(m->it);
		if (!item) {
			if (PyErr_Occurred())
				m->pending = fetch();
			Py_CLEAR(m->it);
			break;
		}
		many_slot *s = &m->slots[m->n];
		s->index = m->next_index++;
		s->r = NULL;
		s->rc = 0;
		if (!s->w)
			s->w = pycrm_worker_take(m->rs);
		int rc = s->w ? pycrm_set_facts(m->rs, s->w, item) : -1;
		Py_DECREF(item);
		if (rc) {
			PyObject *exc = fetch();
			int ours = exc ? PyObject_IsInstance(exc, pycrm.error) : -1;
			if (ours <= 0 || set_index(exc, s->index)) {
				/* not a refused item: stop after the items before it */
				if (ours < 0 || PyErr_Occurred()) {
					Py_XDECREF(exc);
					exc = fetch();
				}
				m->pending = exc;
				Py_CLEAR(m->it);
				break;
			}
			s->error = exc;
			m->n++;
			if (!m->yield_errors) {
				Py_CLEAR(m->it); /* raising it ends the stream: read no further */
				break;
			}
			continue;
		}
		m->n++;
	}
	int explain = m->explain, decision = m->decision;
	many_slot *slots = m->slots;
	size_t n = m->n;
	Py_BEGIN_ALLOW_THREADS
	for (size_t i = 0; i < n; i++) {
		many_slot *s = &slots[i];
		if (s->error)
			continue;
		s->rc = explain == 2 ? crm_decide_explain(s->w->ctx, decision, s->w->facts, &s->r, &s->err)
		                     : crm_decide_index(s->w->ctx, decision, s->w->facts, &s->r, &s->err);
	}
	Py_END_ALLOW_THREADS
	if (m->cap < PYCRM_BATCH)
		m->cap *= 2;
}

static PyObject *next_item(pycrm_many *m)
{
	if (m->pos == m->n) {
		if (!m->pending && m->it)
			fill(m);
		if (m->pos == m->n) {
			finish(m);
			if (m->pending) {
				PyObject *exc = m->pending;
				m->pending = NULL;
				raise(exc);
			}
			return NULL;
		}
	}
	many_slot *s = &m->slots[m->pos++];
	PyObject *exc = NULL;
	if (s->error) {
		exc = s->error;
		s->error = NULL;
	} else if (s->rc) {
		exc = pycrm_decision_error(m->rs, m->decision, s->r, &s->err, s->w->facts, m->explain);
		if (!exc || set_index(exc, s->index)) {
			Py_XDECREF(exc);
			finish(m);
			return NULL;
		}
	} else {
		return pycrm_result_dict(m->rs, m->decision, s->r, s->w->facts, m->explain);
	}
	if (m->yield_errors)
		return exc;
	finish(m);
	Py_CLEAR(m->pending);
	raise(exc);
	return NULL;
}

static PyObject *many_next(pycrm_many *m)
{
	if (m->running) {
		PyErr_SetString(PyExc_ValueError, "decide_many iterator already executing");
		return NULL;
	}
	m->running = 1;
	PyObject *out = next_item(m);
	m->running = 0;
	return out;
}

static PyObject *many_close(pycrm_many *m, PyObject *unused)
{
	(void)unused;
	if (m->running) {
		PyErr_SetString(PyExc_ValueError, "decide_many iterator already executing");
		return NULL;
	}
	finish(m);
	Py_CLEAR(m->pending);
	Py_RETURN_NONE;
}

static int many_traverse(pycrm_many *m, visitproc visit, void *arg)
{
	Py_VISIT(Py_TYPE(m));
	Py_VISIT(m->rs);
	Py_VISIT(m->it);
	Py_VISIT(m->pending);
	for (size_t i = 0; i < PYCRM_BATCH; i++)
		Py_VISIT(m->slots[i].error);
	return 0;
}

static int many_clear(pycrm_many *m)
{
	finish(m);
	Py_CLEAR(m->pending);
	return 0;
}

static void many_dealloc(pycrm_many *m)
{
	PyTypeObject *tp = Py_TYPE(m);
	PyObject_GC_UnTrack(m);
	if (m->rs)
		finish(m);
	Py_CLEAR(m->pending);
	Py_CLEAR(m->rs);
	tp->tp_free((PyObject *)m);
	Py_DECREF(tp);
}

PyObject *pycrm_many_new(pycrm_ruleset *self, int decision, PyObject *items, int yield_errors,
                         int explain)
{
	PyObject *it = PyObject_GetIter(items);
	if (!it)
		return NULL;
	pycrm_many *m = PyObject_GC_New(pycrm_many, pycrm.many_type);
	if (!m) {
		Py_DECREF(it);
		return NULL;
	}
	Py_INCREF(self);
	m->rs = self;
	m->it = it;
	m->pending = NULL;
	m->decision = decision;
	m->yield_errors = yield_errors;
	m->explain = explain;
	m->running = 0;
	m->next_index = 0;
	m->cap = 1;
	m->n = m->pos = 0;
	for (size_t i = 0; i < PYCRM_BATCH; i++) {
		m->slots[i].w = NULL;
		m->slots[i].error = NULL;
	}
	PyObject_GC_Track(m);
	return (PyObject *)m;
}

static PyMethodDef many_methods[] = {
	{"close", (PyCFunction)many_close, METH_NOARGS,
	 "close(): stop early and give the iterator's contexts back to the ruleset."},
	{NULL, NULL, 0, NULL}};

static PyType_Slot many_slots[] = {
	{Py_tp_dealloc, (void *)many_dealloc},
	{Py_tp_traverse, (void *)many_traverse},
	{Py_tp_clear, (void *)many_clear},
	{Py_tp_iter, (void *)PyObject_SelfIter},
	{Py_tp_iternext, (void *)many_next},
	{Py_tp_methods, many_methods},
	{Py_tp_doc, (void *)"The results of Ruleset.decide_many, in input order."},
	{0, NULL}};

static PyType_Spec many_spec = {
	"crmrules.DecisionIterator", sizeof(pycrm_many), 0,
	Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_DISALLOW_INSTANTIATION, many_slots};

int pycrm_many_init(PyObject *module)
{
	if (!pycrm.many_type)
		pycrm.many_type = (PyTypeObject *)PyType_FromSpec(&many_spec);
	if (!pycrm.many_type)
		return -1;
	return PyModule_AddObjectRef(module, "DecisionIterator", (PyObject *)pycrm.many_type);
}

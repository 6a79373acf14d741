/* SPDX-License-Identifier: MIT */
/* values.c - the library's values as Python objects and back: money as
 * decimal.Decimal, dates as datetime.date, instants as aware
 * datetime.datetime, durations as datetime.timedelta. The only file that
 * includes datetime.h (its C API is a static pointer per file). */
#include "pycrm.h"

#include <datetime.h>
#include <string.h>

static PyObject *str_utcoffset, *str_f;

int pycrm_values_init(void)
{
	PyDateTime_IMPORT;
	if (!PyDateTimeAPI)
		return -1;
	str_utcoffset = PyUnicode_InternFromString("utcoffset");
	str_f = PyUnicode_InternFromString("f");
	return str_utcoffset && str_f ? 0 : -1;
}

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* ---- to Python ----------------------------------------------------------- */

PyObject *pycrm_money_value(int64_t minor)
{
	char buf[32];
	int n = crm_money_format(buf, sizeof buf, minor);
	if (n < 0 || (size_t)n >= sizeof buf)
		return PyErr_Format(PyExc_OverflowError, "money out of range");
	PyObject *text = PyUnicode_FromStringAndSize(buf, n);
	if (!text)
		return NULL;
	PyObject *d = PyObject_CallOneArg(pycrm.decimal, text);
	Py_DECREF(text);
	return d;
}

PyObject *pycrm_date_value(int64_t days)
{
	int y, m, d;
	if (crm_date_to_civil(days, &y, &m, &d, NULL))
		return PyErr_Format(PyExc_OverflowError, "date out of range (%lld days)", (long long)days);
	return PyDate_FromDate(y, m, d);
}

/* An instant at a UTC offset (seconds east), as an aware datetime. */
PyObject *pycrm_instant_value(int64_t unix_seconds, int utc_offset)
{
	int64_t local = unix_seconds + utc_offset;
	int64_t days = floor_div(local, 86400), secs = local - days * 86400;
	int y, m, d;
	if (crm_date_to_civil(days, &y, &m, &d, NULL))
		return PyErr_Format(PyExc_OverflowError, "instant out of range");
	PyObject *tz;
	if (utc_offset == 0) {
		tz = PyDateTime_TimeZone_UTC;
		Py_INCREF(tz);
	} else {
		PyObject *delta = PyDelta_FromDSU(0, utc_offset, 0);
		if (!delta)
			return NULL;
		tz = PyTimeZone_FromOffset(delta);
		Py_DECREF(delta);
		if (!tz)
			return NULL;
	}
	PyObject *dt = PyDateTimeAPI->DateTime_FromDateAndTime(
		y, m, d, (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60), 0, tz,
		PyDateTimeAPI->DateTimeType);
	Py_DECREF(tz);
	return dt;
}

PyObject *pycrm_duration_value(int64_t seconds)
{
	int64_t days = floor_div(seconds, 86400);
	if (days > 999999999 || days < -999999999)
		return PyErr_Format(PyExc_OverflowError, "duration out of range");
	return PyDelta_FromDSU((int)days, (int)(seconds - days * 86400), 0);
}

PyObject *pycrm_value(const crm_value *v)
{
	switch (v->type) {
	case CRM_T_BOOL:
		return PyBool_FromLong(v->u.b);
	case CRM_T_INT:
		return PyLong_FromLongLong(v->u.i);
	case CRM_T_NUMBER:
		return PyFloat_FromDouble(v->u.n);
	case CRM_T_MONEY:
		return pycrm_money_value(v->u.money);
	case CRM_T_STRING:
		return PyUnicode_DecodeUTF8(v->u.s.ptr, (Py_ssize_t)v->u.s.len, "replace");
	case CRM_T_DATE:
		return pycrm_date_value(v->u.date);
	case CRM_T_DATETIME:
		return pycrm_instant_value(v->u.datetime, 0);
	case CRM_T_DURATION:
		return pycrm_duration_value(v->u.duration);
	case CRM_T_LIST: {
		PyObject *list = PyList_New((Py_ssize_t)v->u.list.len);
		for (size_t i = 0; list && i < v->u.list.len; i++) {
			crm_value it = crm_value_item(v, i);
			PyObject *o = pycrm_value(&it);
			if (!o) {
				Py_CLEAR(list);
				break;
			}
			PyList_SET_ITEM(list, (Py_ssize_t)i, o);
		}
		return list;
	}
	default:
		Py_RETURN_NONE;
	}
}

/* ---- from Python ---------------------------------------------------------- */

int pycrm_is_decimal(PyObject *o)
{
	if (Py_IS_TYPE(o, (PyTypeObject *)pycrm.decimal))
		return 1;
	int r = PyObject_IsInstance(o, pycrm.decimal);
	if (r < 0)
		PyErr_Clear();
	return r > 0;
}

/* Money: a Decimal read from its exact text (trailing zeros past the cents
 * are only zeros: Decimal('0.100') is 0.10), or an int of whole units.
 * 0, 1 (not a Decimal or an int), 3 (refused: *code is CRM_EINVAL for more
 * than two decimal places or not a number, CRM_EOVERFLOW), -1 (raised). */
int pycrm_to_money(PyObject *o, int64_t *out, int *code)
{
	if (PyLong_Check(o) && !PyBool_Check(o)) {
		int overflow;
		long long units = PyLong_AsLongLongAndOverflow(o, &overflow);
		if (units == -1 && PyErr_Occurred())
			return -1;
		if (overflow || __builtin_mul_overflow((int64_t)units, (int64_t)100, out)) {
			*code = CRM_EOVERFLOW;
			return 3;
		}
		return 0;
	}
	if (!pycrm_is_decimal(o))
		return 1;
	PyObject *text = PyObject_Str(o);
	if (!text)
		return -1;
	Py_ssize_t n;
	const char *s = PyUnicode_AsUTF8AndSize(text, &n);
	if (s && memchr(s, 'E', (size_t)n)) {
		/* 1E+3: the same value written out in full */
		Py_DECREF(text);
		text = PyObject_Format(o, str_f);
		s = text ? PyUnicode_AsUTF8AndSize(text, &n) : NULL;
	}
	if (!s) {
		Py_XDECREF(text);
		return -1;
	}
	const char *dot = memchr(s, '.', (size_t)n);
	if (dot)
		while (s + n - dot > 3 && s[n - 1] == '0')
			n--;
	int rc = crm_money_parse(out, s, (size_t)n);
	Py_DECREF(text);
	if (rc) {
		*code = rc == CRM_EOVERFLOW ? CRM_EOVERFLOW : CRM_EINVAL;
		return 3;
	}
	return 0;
}

/* A date (not a datetime, which is an instant): days since 1970-01-01. */
int pycrm_to_date(PyObject *o, int64_t *out)
{
	if (!PyDate_Check(o) || PyDateTime_Check(o))
		return 1;
	if (crm_date_from_civil(out, PyDateTime_GET_YEAR(o), PyDateTime_GET_MONTH(o),
	                        PyDateTime_GET_DAY(o)))
		return 1;
	return 0;
}

/* An aware datetime: Unix seconds (a fraction of a second is dropped).
 * 2 for a naive one: an instant needs its offset, never the host's zone. */
int pycrm_to_instant(PyObject *o, int64_t *out)
{
	if (!PyDateTime_Check(o))
		return 1;
	PyObject *tz = PyDateTime_DATE_GET_TZINFO(o);
	int64_t offset = 0;
	if (tz == Py_None)
		return 2;
	if (tz != PyDateTime_TimeZone_UTC) {
		PyObject *delta = PyObject_CallMethodNoArgs(o, str_utcoffset);
		if (!delta)
			return -1;
		if (delta == Py_None) {
			Py_DECREF(delta);
			return 2;
		}
		if (!PyDelta_Check(delta)) {
			Py_DECREF(delta);
			PyErr_SetString(PyExc_TypeError, "utcoffset() did not return a timedelta");
			return -1;
		}
		offset = (int64_t)PyDateTime_DELTA_GET_DAYS(delta) * 86400 +
		         PyDateTime_DELTA_GET_SECONDS(delta);
		Py_DECREF(delta);
	}
	int64_t days;
	if (crm_date_from_civil(&days, PyDateTime_GET_YEAR(o), PyDateTime_GET_MONTH(o),
	                        PyDateTime_GET_DAY(o)))
		return 1;
	*out = days * 86400 + PyDateTime_DATE_GET_HOUR(o) * 3600 +
	       PyDateTime_DATE_GET_MINUTE(o) * 60 + PyDateTime_DATE_GET_SECOND(o) - offset;
	return 0;
}

/* A timedelta: whole seconds (a fraction is dropped, towards the past). */
int pycrm_to_duration(PyObject *o, int64_t *out)
{
	if (!PyDelta_Check(o))
		return 1;
	*out = (int64_t)PyDateTime_DELTA_GET_DAYS(o) * 86400 + PyDateTime_DELTA_GET_SECONDS(o);
	return 0;
}

/* SPDX-License-Identifier: MIT */
/* functions.c - the builtin functions: their names, their types, their code. */
#define _GNU_SOURCE /* memmem */
#include <math.h>
#include <string.h>

#include "../time/calendar.h"
#include "../time/civil.h"
#include "expr.h"
#include "opcodes.h"

static const struct {
	const char *name;
	int min, max;
} fns[FN__COUNT] = {
#define F(id, name, mina, maxa) {name, mina, maxa},
#include "functions.def"
#undef F
};

int crm_fn_lookup(const char *name, uint32_t len)
{
	for (int i = 0; i < FN__COUNT; i++)
		if (strlen(fns[i].name) == len && memcmp(fns[i].name, name, len) == 0)
			return i;
	return -1;
}

const char *crm_fn_name(int fn)
{
	return fn >= 0 && fn < FN__COUNT ? fns[fn].name : "?";
}

static int want(crm_node *n, uint32_t i, uint8_t t, crm_diag *d)
{
	if (n->args[i]->type == t)
		return 0;
	return crm_diag_set(d, CRM_ETYPE, n->args[i]->pos,
	                    "argument %u of %s() must be %s, found %s", i + 1,
	                    fns[n->ref].name, crm_type_name((crm_type)t),
	                    crm_type_name((crm_type)n->args[i]->type));
}

static int one_of(crm_node *n, uint32_t i, const uint8_t *ts, size_t nt, crm_diag *d)
{
	for (size_t k = 0; k < nt; k++)
		if (n->args[i]->type == ts[k])
			return 0;
	return crm_diag_set(d, CRM_ETYPE, n->args[i]->pos, "%s() cannot take %s %s",
	                    fns[n->ref].name, crm_type_article((crm_type)n->args[i]->type),
	                    crm_type_name((crm_type)n->args[i]->type));
}

/* The first argument of a calendar function: a calendar's name, written as
 * a string literal, replaced by the calendar's index. */
static int calendar_arg(const crm_env *env, crm_node *n, crm_diag *d)
{
	crm_node *a = n->args[0];
	if (a->kind != N_LIT || a->type != CRM_T_STRING)
		return crm_diag_set(d, CRM_ETYPE, a->pos,
		                    "the first argument of %s() names a calendar, as a string literal",
		                    fns[n->ref].name);
	int k = env && env->calendar ? env->calendar(env->ud, a->val.u.s, a->val.len) : -1;
	if (k < 0)
		return crm_diag_set(d, CRM_EUNKNOWN, a->pos, "unknown calendar '%.*s'", (int)a->val.len,
		                    a->val.u.s);
	a->val = crm_val_int(CRM_T_INT, k);
	a->type = CRM_T_INT;
	a->flags |= CRM_NODE_CALENDAR;
	return 0;
}

int crm_fn_check(crm_arena *ar, const crm_env *env, crm_node *n, crm_diag *d)
{
	int fn = n->ref, rc = 0;
	if ((int)n->nargs < fns[fn].min || (int)n->nargs > fns[fn].max) {
		if (fns[fn].min == fns[fn].max)
			return crm_diag_set(d, CRM_ETYPE, n->pos, "%s() takes %d argument%s, not %u",
			                    fns[fn].name, fns[fn].min, fns[fn].min == 1 ? "" : "s",
			                    n->nargs);
		return crm_diag_set(d, CRM_ETYPE, n->pos, "%s() takes %d to %d arguments, not %u",
		                    fns[fn].name, fns[fn].min, fns[fn].max, n->nargs);
	}
	static const uint8_t numeric[] = {CRM_T_INT, CRM_T_NUMBER, CRM_T_MONEY, CRM_T_DURATION};
	static const uint8_t rounding[] = {CRM_T_INT, CRM_T_NUMBER, CRM_T_MONEY};
	static const uint8_t text_or_list[] = {CRM_T_STRING, CRM_T_LIST};
	switch (fn) {
	case FN_MIN:
	case FN_MAX: {
		/* one common type: ints widen to numbers or money */
		uint8_t t = n->args[0]->type;
		for (uint32_t i = 1; i < n->nargs; i++) {
			uint8_t u = n->args[i]->type;
			if (u == t)
				continue;
			if ((t == CRM_T_INT && u == CRM_T_NUMBER) || (t == CRM_T_NUMBER && u == CRM_T_INT))
				t = CRM_T_NUMBER;
			else if ((t == CRM_T_MONEY && u == CRM_T_INT) || (u == CRM_T_MONEY && t == CRM_T_INT))
				t = CRM_T_MONEY;
			else if (t == CRM_T_MONEY || u == CRM_T_MONEY)
				t = CRM_T_MONEY; /* decimal literals become exact money */
			else
				return crm_diag_set(d, CRM_ETYPE, n->args[i]->pos,
				                    "%s() needs arguments of one type: %s and %s",
				                    fns[fn].name, crm_type_name((crm_type)t),
				                    crm_type_name((crm_type)u));
		}
		if (t == CRM_T_BOOL || t == CRM_T_LIST)
			return crm_diag_set(d, CRM_ETYPE, n->pos, "%s() cannot compare %ss",
			                    fns[fn].name, crm_type_name((crm_type)t));
		for (uint32_t i = 0; i < n->nargs && !rc; i++)
			rc = crm_coerce(ar, &n->args[i], t, d);
		n->type = t;
		return rc;
	}
	case FN_ABS:
		if ((rc = one_of(n, 0, numeric, 4, d)))
			return rc;
		n->type = n->args[0]->type;
		return 0;
	case FN_ROUND:
		if ((rc = one_of(n, 0, rounding, 3, d)))
			return rc;
		if (n->nargs == 2 && (rc = want(n, 1, CRM_T_INT, d)))
			return rc;
		n->type = n->args[0]->type == CRM_T_MONEY ? CRM_T_MONEY : CRM_T_NUMBER;
		if (n->args[0]->type == CRM_T_INT)
			rc = crm_coerce(ar, &n->args[0], CRM_T_NUMBER, d);
		return rc;
	case FN_FLOOR:
	case FN_CEIL:
		if ((rc = one_of(n, 0, rounding, 3, d)))
			return rc;
		n->type = n->args[0]->type == CRM_T_MONEY ? CRM_T_MONEY : CRM_T_INT;
		return 0;
	case FN_LEN:
		if ((rc = one_of(n, 0, text_or_list, 2, d)))
			return rc;
		n->type = CRM_T_INT;
		return 0;
	case FN_LOWER:
	case FN_UPPER:
	case FN_NORMALIZE:
	case FN_TO_SIMPLIFIED:
		if ((rc = want(n, 0, CRM_T_STRING, d)))
			return rc;
		n->type = CRM_T_STRING;
		return 0;
	case FN_CONTAINS:
		if ((rc = one_of(n, 0, text_or_list, 2, d)))
			return rc;
		if (n->args[0]->type == CRM_T_STRING)
			rc = want(n, 1, CRM_T_STRING, d);
		else if (n->args[0]->elem && n->args[1]->type != n->args[0]->elem)
			rc = crm_coerce(ar, &n->args[1], n->args[0]->elem, d);
		n->type = CRM_T_BOOL;
		return rc;
	case FN_STARTS_WITH:
	case FN_ENDS_WITH:
		if ((rc = want(n, 0, CRM_T_STRING, d)) || (rc = want(n, 1, CRM_T_STRING, d)))
			return rc;
		n->type = CRM_T_BOOL;
		return 0;
	case FN_DAYS:
	case FN_HOURS:
	case FN_MINUTES:
	case FN_SECONDS:
		if ((rc = want(n, 0, CRM_T_INT, d)))
			return rc;
		n->type = CRM_T_DURATION;
		return 0;
	case FN_YEAR:
	case FN_MONTH:
	case FN_DAY:
	case FN_WEEKDAY:
		if ((rc = want(n, 0, CRM_T_DATE, d)))
			return rc;
		n->type = CRM_T_INT;
		return 0;
	case FN_DATE:
	case FN_DATETIME:
		if ((rc = want(n, 0, CRM_T_STRING, d)))
			return rc;
		n->type = fn == FN_DATE ? CRM_T_DATE : CRM_T_DATETIME;
		return 0;
	case FN_DAYS_BETWEEN:
		if ((rc = want(n, 0, CRM_T_DATE, d)) || (rc = want(n, 1, CRM_T_DATE, d)))
			return rc;
		n->type = CRM_T_INT;
		return 0;
	case FN_KNOWN:
		n->type = CRM_T_BOOL;
		return 0;
	case FN_MONEY:
		if ((rc = one_of(n, 0, rounding, 3, d)))
			return rc;
		if (n->args[0]->kind == N_LIT && n->args[0]->lit == LIT_DECIMAL)
			rc = crm_coerce(ar, &n->args[0], CRM_T_MONEY, d);
		n->type = CRM_T_MONEY;
		return rc;
	case FN_NUMBER:
		if ((rc = one_of(n, 0, rounding, 3, d)))
			return rc;
		n->type = CRM_T_NUMBER;
		return 0;
	case FN_IS_WORKING_DAY:
	case FN_ADD_WORKING_DAYS:
	case FN_WORKING_DAYS_BETWEEN:
	case FN_LOCAL_DATE:
		if ((rc = calendar_arg(env, n, d)))
			return rc;
		if (fn == FN_LOCAL_DATE) {
			if ((rc = want(n, 1, CRM_T_DATETIME, d)))
				return rc;
			n->type = CRM_T_DATE;
			return 0;
		}
		if ((rc = want(n, 1, CRM_T_DATE, d)))
			return rc;
		if (fn == FN_IS_WORKING_DAY)
			n->type = CRM_T_BOOL;
		else if (fn == FN_ADD_WORKING_DAYS)
			n->type = (rc = want(n, 2, CRM_T_INT, d)) ? 0 : CRM_T_DATE;
		else
			n->type = (rc = want(n, 2, CRM_T_DATE, d)) ? 0 : CRM_T_INT;
		return rc;
	case FN_INT: {
		static const uint8_t ok[] = {CRM_T_INT, CRM_T_NUMBER, CRM_T_MONEY, CRM_T_DURATION};
		if ((rc = one_of(n, 0, ok, 4, d)))
			return rc;
		n->type = CRM_T_INT;
		return 0;
	}
	}
	return crm_diag_set(d, CRM_EUNKNOWN, n->pos, "unknown function");
}

/* ---- run time ---------------------------------------------------------- */

static int overflow(crm_vm *vm, const char *what)
{
	return crm_diag_set(vm->diag, CRM_EOVERFLOW, 0, "%s overflows", what);
}

static int num_to_int(crm_vm *vm, double x, int64_t *out)
{
	if (!(x >= -9223372036854775808.0 && x < 9223372036854775808.0))
		return overflow(vm, "conversion to int");
	*out = (int64_t)x;
	return 0;
}

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

static size_t utf8_len(const char *s, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += ((unsigned char)s[i] & 0xC0) != 0x80;
	return k;
}

/* normalize() and to_simplified(): the result goes to the decision's string
 * scratch (a context's, CRM_LIMIT_SCRATCH bytes; 4 KiB while folding a
 * constant), with no allocation of the library's own. A text that needs
 * more fails rather than being cut. */
static int text_too_long(crm_vm *vm, const char *fn, uint32_t len)
{
	if (!vm->facts) /* folding a constant at load */
		return crm_diag_set(vm->diag, CRM_ELIMIT, 0,
		                    "%s(): a constant text of %u bytes is too long to fold at load "
		                    "(its result must fit in %u bytes)",
		                    fn, len, vm->scratch_cap);
	return crm_diag_set(vm->diag, CRM_ELIMIT, 0,
	                    "%s(): a text of %u bytes does not fit in what is left of the "
	                    "decision's string scratch (CRM_LIMIT_SCRATCH, %u bytes)",
	                    fn, len, CRM_LIMIT_SCRATCH);
}

static int fold_text(crm_vm *vm, int fn, crm_val *r)
{
	uint32_t avail;
	char *buf = crm_vm_scratch_rest(vm, &avail);
	size_t n = 0;
	int rc;
	if (fn == FN_NORMALIZE) {
		/* NFKC leaves ASCII as it is */
		if (crm_is_ascii(r->u.s, r->len))
			return 0;
		rc = crm_nfkc(r->u.s, r->len, buf, avail, &n);
		if (rc == CRM_ELIMIT)
			return text_too_long(vm, "normalize", r->len);
		if (rc)
			return crm_diag_set(vm->diag, rc, 0, "normalize(): the text is not valid UTF-8");
	} else {
		if (!vm->t2s)
			return crm_diag_set(vm->diag, CRM_EINVAL, 0,
			                    "to_simplified(): OpenCC's dictionaries are not loaded here");
		if (!crm_t2s_may_change(vm->t2s, r->u.s, r->len))
			return 0;
		rc = crm_t2s_convert(vm->t2s, r->u.s, r->len, buf, avail, &n);
		if (rc == CRM_ELIMIT)
			return text_too_long(vm, "to_simplified", r->len);
		if (rc == CRM_ENOMEM)
			return crm_diag_set(vm->diag, rc, 0, "to_simplified(): OpenCC ran out of memory");
		if (rc)
			return crm_diag_set(vm->diag, rc, 0,
			                    "to_simplified(): the text is not valid UTF-8, or OpenCC refused it");
	}
	crm_vm_scratch_keep(vm, (uint32_t)n);
	r->u.s = buf;
	r->len = (uint32_t)n;
	return 0;
}

static int64_t pow10i(int64_t e)
{
	int64_t p = 1;
	while (e-- > 0)
		p *= 10;
	return p;
}

int crm_fn_call(crm_vm *vm, int fn, const crm_val *a, uint32_t n, crm_val *out)
{
	crm_val r = a[0];
	switch (fn) {
	case FN_MIN:
	case FN_MAX:
		for (uint32_t i = 1; i < n; i++) {
			int c = crm_val_cmp(&a[i], &r);
			if (fn == FN_MIN ? c < 0 : c > 0)
				r = a[i];
		}
		break;
	case FN_ABS:
		if (r.t == CRM_T_NUMBER)
			r.u.n = fabs(r.u.n);
		else if (r.u.i < 0) {
			if (r.u.i == INT64_MIN)
				return overflow(vm, "abs()");
			r.u.i = -r.u.i;
		}
		break;
	case FN_ROUND: {
		int64_t digits = n == 2 ? a[1].u.i : 0;
		if (r.t == CRM_T_MONEY) {
			if (digits >= CRM_MONEY_SCALE)
				break;
			int64_t unit = pow10i(CRM_MONEY_SCALE - (digits < 0 ? 0 : digits));
			r.u.i = crm_div_round(r.u.i, unit);
			if (crm_mul_ovf(r.u.i, unit, &r.u.i))
				return overflow(vm, "round()");
		} else {
			if (digits < -15 || digits > 15)
				return crm_diag_set(vm->diag, CRM_EINVAL, 0,
				                    "round() digits must be within -15..15");
			double f = 1;
			for (int64_t i = 0; i < (digits < 0 ? -digits : digits); i++)
				f *= 10;
			r.u.n = digits >= 0 ? round(r.u.n * f) / f : round(r.u.n / f) * f;
		}
		break;
	}
	case FN_FLOOR:
	case FN_CEIL:
		if (r.t == CRM_T_NUMBER) {
			double x = fn == FN_FLOOR ? floor(r.u.n) : ceil(r.u.n);
			int rc = num_to_int(vm, x, &r.u.i);
			if (rc)
				return rc;
			r.t = CRM_T_INT;
		} else if (r.t == CRM_T_MONEY) {
			int64_t q = floor_div(r.u.i, CRM_MONEY_UNIT);
			if (fn == FN_CEIL && r.u.i % CRM_MONEY_UNIT != 0)
				q++;
			/* near the ends of the range the whole amount is not there */
			if (crm_mul_ovf(q, CRM_MONEY_UNIT, &r.u.i))
				return overflow(vm, fn == FN_FLOOR ? "floor()" : "ceil()");
		}
		break;
	case FN_LEN:
		r = crm_val_int(CRM_T_INT, r.t == CRM_T_STRING ? (int64_t)utf8_len(r.u.s, r.len)
		                                                : (int64_t)r.len);
		break;
	case FN_LOWER:
	case FN_UPPER: {
		char *s = crm_vm_scratch(vm, r.len);
		if (!s && r.len)
			return crm_diag_set(vm->diag, CRM_ELIMIT, 0,
			                    "string scratch exhausted (limit %u bytes)",
			                    CRM_LIMIT_SCRATCH);
		for (uint32_t i = 0; i < r.len; i++) {
			char c = r.u.s[i];
			if (fn == FN_LOWER && c >= 'A' && c <= 'Z')
				c = (char)(c + 32);
			else if (fn == FN_UPPER && c >= 'a' && c <= 'z')
				c = (char)(c - 32);
			s[i] = c;
		}
		r.u.s = s;
		break;
	}
	case FN_NORMALIZE:
	case FN_TO_SIMPLIFIED: {
		int rc = fold_text(vm, fn, &r);
		if (rc)
			return rc;
		break;
	}
	case FN_CONTAINS:
		if (r.t == CRM_T_STRING) {
			/* memmem: linear time (a search at every place was quadratic) */
			bool found = a[1].len == 0 ||
			             (a[1].len <= r.len && memmem(r.u.s, r.len, a[1].u.s, a[1].len));
			r = crm_val_int(CRM_T_BOOL, found);
		} else {
			bool found = false;
			for (uint32_t i = 0; !found && i < r.len; i++)
				found = crm_val_equal(&r.u.l[i], &a[1]);
			r = crm_val_int(CRM_T_BOOL, found);
		}
		break;
	case FN_STARTS_WITH:
	case FN_ENDS_WITH: {
		bool ok = a[1].len <= r.len &&
		          memcmp(r.u.s + (fn == FN_STARTS_WITH ? 0 : r.len - a[1].len), a[1].u.s,
		                 a[1].len) == 0;
		r = crm_val_int(CRM_T_BOOL, ok);
		break;
	}
	case FN_DAYS:
	case FN_HOURS:
	case FN_MINUTES:
	case FN_SECONDS: {
		int64_t unit = fn == FN_DAYS ? 86400 : fn == FN_HOURS ? 3600 : fn == FN_MINUTES ? 60 : 1;
		int64_t s;
		if (crm_mul_ovf(r.u.i, unit, &s))
			return overflow(vm, "duration");
		r = crm_val_int(CRM_T_DURATION, s);
		break;
	}
	case FN_YEAR:
	case FN_MONTH:
	case FN_DAY:
	case FN_WEEKDAY: {
		int64_t y;
		unsigned m, dd;
		crm_civil_from_days(r.u.i, &y, &m, &dd);
		int64_t v = fn == FN_YEAR ? y : fn == FN_MONTH ? m : fn == FN_DAY ? dd
		                                                   : crm_weekday(r.u.i);
		r = crm_val_int(CRM_T_INT, v);
		break;
	}
	case FN_DATE:
	case FN_DATETIME: {
		int64_t v;
		int rc = fn == FN_DATE ? crm_date_parse(&v, r.u.s, r.len)
		                       : crm_datetime_parse(&v, r.u.s, r.len);
		if (rc == CRM_ERANGE) /* a text like any other that is no instant */
			return crm_diag_set(vm->diag, CRM_EINVAL, 0, "'%.*s' is outside the instants %s",
			                    (int)(r.len > 64 ? 64 : r.len), r.u.s, CRM_INSTANTS_TEXT);
		if (rc)
			return crm_diag_set(vm->diag, CRM_EINVAL, 0, "'%.*s' is not a valid %s",
			                    (int)(r.len > 64 ? 64 : r.len), r.u.s,
			                    fn == FN_DATE ? "date (YYYY-MM-DD)"
			                                  : "instant (YYYY-MM-DDTHH:MM:SS+08:00)");
		r = crm_val_int(fn == FN_DATE ? CRM_T_DATE : CRM_T_DATETIME, v);
		break;
	}
	case FN_DAYS_BETWEEN:
		r = crm_val_int(CRM_T_INT, a[1].u.i - a[0].u.i);
		break;
	case FN_MONEY:
		if (r.t == CRM_T_INT) {
			if (crm_mul_ovf(r.u.i, CRM_MONEY_UNIT, &r.u.i))
				return overflow(vm, "money()");
		} else if (r.t == CRM_T_NUMBER) {
			double x = round(r.u.n * CRM_MONEY_UNIT);
			int rc = num_to_int(vm, x, &r.u.i);
			if (rc)
				return rc;
		}
		r.t = CRM_T_MONEY;
		break;
	case FN_NUMBER:
		if (r.t == CRM_T_INT)
			r = crm_val_num((double)r.u.i);
		else if (r.t == CRM_T_MONEY)
			r = crm_val_num((double)r.u.i / CRM_MONEY_UNIT);
		break;
	case FN_INT:
		if (r.t == CRM_T_NUMBER) {
			int rc = num_to_int(vm, trunc(r.u.n), &r.u.i);
			if (rc)
				return rc;
		} else if (r.t == CRM_T_MONEY) {
			r.u.i /= CRM_MONEY_UNIT;
		}
		r.t = CRM_T_INT;
		break;
	case FN_IS_WORKING_DAY:
	case FN_ADD_WORKING_DAYS:
	case FN_WORKING_DAYS_BETWEEN:
	case FN_LOCAL_DATE: {
		const crm_calendar *cal = &vm->calendars[a[0].u.i];
		crm_cal_use use = {vm->cal_assumed, CRM_NO_DAY};
		int64_t v = 0;
		int rc;
		if (fn == FN_LOCAL_DATE) {
			int64_t local = a[1].u.i + cal->offset;
			v = local / 86400 - (local % 86400 < 0);
			/* the first or last hours of the years on the other side of UTC */
			rc = crm_date_ok(v) ? 0 : CRM_EOVERFLOW;
		} else if (fn == FN_IS_WORKING_DAY) {
			rc = crm_cal_is_working(cal, a[1].u.i, &use);
			v = rc;
			rc = rc < 0 ? rc : 0;
		} else if (fn == FN_ADD_WORKING_DAYS) {
			if (a[2].u.i > 3660 || a[2].u.i < -3660)
				return crm_diag_set(vm->diag, CRM_ELIMIT, 0,
				                    "add_working_days: more than 3660 working days");
			rc = crm_cal_add_working_days(cal, a[1].u.i, a[2].u.i, &v, &use);
		} else {
			if (a[2].u.i - a[1].u.i > 36600 || a[1].u.i - a[2].u.i > 36600)
				return crm_diag_set(vm->diag, CRM_ELIMIT, 0,
				                    "working_days_between: more than 100 years apart");
			rc = crm_cal_working_days_between(cal, a[1].u.i, a[2].u.i, &v, &use);
		}
		if (rc == CRM_ERANGE) {
			char day[16];
			crm_date_format(day, sizeof day, use.missing);
			return crm_diag_set(vm->diag, CRM_ERANGE, 0, "calendar %s has no data for %s",
			                    cal->name, day);
		}
		if (rc == CRM_EOVERFLOW && fn == FN_ADD_WORKING_DAYS) {
			char day[16];
			crm_date_format(day, sizeof day, a[1].u.i);
			return crm_diag_set(vm->diag, rc, 0,
			                    "add_working_days(): walking calendar %s from %s reaches no "
			                    "working day within the dates %s",
			                    cal->name, day, CRM_DATES_TEXT);
		}
		if (rc == CRM_EOVERFLOW && fn == FN_LOCAL_DATE)
			return crm_diag_set(vm->diag, rc, 0, "local_date(): the date is outside the dates %s",
			                    CRM_DATES_TEXT);
		if (rc)
			return crm_diag_set(vm->diag, rc, 0, "calendar %s: %s", cal->name, crm_strerror(rc));
		vm->cal_assumed = use.assumed;
		r = crm_val_int(fn == FN_IS_WORKING_DAY ? CRM_T_BOOL
		                : fn == FN_WORKING_DAYS_BETWEEN ? CRM_T_INT
		                                                : CRM_T_DATE,
		                v);
		break;
	}
	default:
		return crm_diag_set(vm->diag, CRM_EINVAL, 0, "bad function");
	}
	*out = r;
	return 0;
}

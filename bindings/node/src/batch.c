/* SPDX-License-Identifier: MIT */
/* batch.c - rs.decideBatch: facts programs copied on the JS thread, decided
 * on a thread of libuv's pool with a context and facts of the batch's own
 * (the ruleset is shared, read-only), the results written as one JSON
 * array for index.js to parse. */
#include <stdio.h>
#include <string.h>

#include "addon.h"

typedef struct batch {
	napi_async_work work;
	napi_deferred deferred;
	crmn_ruleset *h;
	int decision;
	unsigned flags;
	size_t n;         /* items */
	int32_t *starts;  /* n + 1 op offsets */
	int32_t *ops;
	double *nums;
	char *bytes;      /* the strings, back to back */
	size_t *off;      /* nstr + 1 offsets into bytes */
	size_t nstr;
	/* the pool thread's */
	char *out;
	size_t out_cap, out_len;
	int rc;
	char message[160];
} batch;

static void batch_free(batch *b)
{
	crmn_free(b->starts);
	crmn_free(b->ops);
	crmn_free(b->nums);
	crmn_free(b->bytes);
	crmn_free(b->off);
	crmn_free(b->out);
	crmn_free(b);
}

static int append(batch *b, const char *s, size_t len)
{
	if (crmn_reserve_keep(&b->out, &b->out_cap, b->out_len, b->out_len + len + 1))
		return CRM_ENOMEM;
	memcpy(b->out + b->out_len, s, len);
	b->out_len += len;
	return 0;
}

/* On the pool thread: no JS, no N-API; only the batch and the shared,
 * read-only ruleset. */
static void execute(napi_env env, void *data)
{
	(void)env;
	batch *b = data;
	const crm_ruleset *rs = b->h->rs;
	crm_facts *f = NULL;
	crm_context *ctx = NULL;
	crmn_strings strs = {NULL, NULL, NULL, b->bytes, b->off, b->nstr};
	if (crm_facts_new(&f, rs) || crm_context_new(&ctx, rs, NULL) || append(b, "[", 1)) {
		b->rc = CRM_ENOMEM;
		goto done;
	}
	for (size_t i = 0; i < b->n; i++) {
		crm_error err;
		size_t bad, len;
		int32_t a = b->starts[i], z = b->starts[i + 1];
		if (i && append(b, ",", 1)) {
			b->rc = CRM_ENOMEM;
			break;
		}
		int rc = crmn_apply(rs, f, b->ops + a, b->nums + a, (size_t)(z - a), &strs, &err, &bad);
		if (rc == 1) {
			/* index.js holds this item's error */
			if (append(b, "null", 4)) {
				b->rc = CRM_ENOMEM;
				break;
			}
			continue;
		}
		if (rc) {
			if (crmn_error_text(&err, &b->out, &b->out_cap, b->out_len, &len))
				len = 0;
		} else {
			crmn_decide_text(ctx, f, b->decision, b->flags, &b->out, &b->out_cap, b->out_len,
			                 &len, &err);
		}
		if (!len) {
			b->rc = CRM_ENOMEM;
			break;
		}
		b->out_len += len;
	}
	if (!b->rc && append(b, "]", 1))
		b->rc = CRM_ENOMEM;
done:
	if (b->rc)
		snprintf(b->message, sizeof b->message, "crmrules: out of memory in a batch of %zu",
		         b->n);
	crm_context_free(ctx);
	crm_facts_free(f);
}

/* Back on the JS thread. */
static void complete(napi_env env, napi_status status, void *data)
{
	batch *b = data;
	napi_value v = NULL;
	if (status == napi_ok && !b->rc &&
	    napi_create_string_utf8(env, b->out, b->out_len, &v) == napi_ok) {
		napi_resolve_deferred(env, b->deferred, v);
	} else {
		napi_value msg, err;
		const char *m = b->rc ? b->message
		                : status == napi_ok
		                        ? "crmrules: the batch's results are too long for one string"
		                        : "crmrules: the batch was cancelled";
		napi_create_string_utf8(env, m, NAPI_AUTO_LENGTH, &msg);
		napi_create_error(env, NULL, msg, &err);
		napi_reject_deferred(env, b->deferred, err);
	}
	napi_delete_async_work(env, b->work);
	crmn_release(env, b->h);
	batch_free(b);
}

/* The first count elements of a typed array, copied. */
static void *copy_typed(napi_env env, napi_value v, napi_typedarray_type want, size_t elem,
                        size_t count)
{
	napi_typedarray_type t;
	size_t len;
	void *data;
	if (napi_get_typedarray_info(env, v, &t, &len, &data, NULL, NULL) != napi_ok || t != want ||
	    len < count)
		return NULL;
	void *p = crmn_malloc(count ? count * elem : 1);
	if (p && count)
		memcpy(p, data, count * elem);
	return p;
}

/* batch(handle, decision, n, nops, ops, nums, strings, nstrings, starts,
 * flags) -> a Promise of the JSON array of n results (null where an item
 * was skipped). Everything is copied before it returns. */
static napi_value js_batch(napi_env env, napi_callback_info info)
{
	napi_value argv[10], promise, name;
	size_t argc = 10;
	CRMN_CALL(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
	crmn_ruleset *h = crmn_handle(env, argv[0]);
	if (!h)
		return NULL;
	int32_t d, n, nops, nstr, flags;
	CRMN_CALL(env, napi_get_value_int32(env, argv[1], &d));
	CRMN_CALL(env, napi_get_value_int32(env, argv[2], &n));
	CRMN_CALL(env, napi_get_value_int32(env, argv[3], &nops));
	CRMN_CALL(env, napi_get_value_int32(env, argv[7], &nstr));
	CRMN_CALL(env, napi_get_value_int32(env, argv[9], &flags));
	if (n < 0 || nops < 0 || nstr < 0)
		return crmn_throw_napi(env, "the batch's sizes");
	batch *b = crmn_malloc(sizeof *b);
	if (!b)
		return crmn_throw_napi(env, "out of memory");
	memset(b, 0, sizeof *b);
	b->decision = d;
	b->flags = (unsigned)flags;
	b->n = (size_t)n;
	b->ops = copy_typed(env, argv[4], napi_int32_array, sizeof(int32_t), (size_t)nops);
	b->nums = copy_typed(env, argv[5], napi_float64_array, sizeof(double), (size_t)nops);
	b->starts = copy_typed(env, argv[8], napi_int32_array, sizeof(int32_t), b->n + 1);
	if (!b->ops || !b->nums || !b->starts) {
		batch_free(b);
		return crmn_throw_napi(env, "reading the batch");
	}
	for (size_t i = 0; i <= b->n; i++)
		if (b->starts[i] < 0 || b->starts[i] > nops || (i && b->starts[i] < b->starts[i - 1])) {
			batch_free(b);
			return crmn_throw_napi(env, "the batch's item offsets");
		}
	/* the strings, back to back */
	b->nstr = (size_t)nstr;
	b->off = crmn_malloc((b->nstr + 1) * sizeof *b->off);
	size_t cap = 0, at = 0;
	if (!b->off) {
		batch_free(b);
		return crmn_throw_napi(env, "out of memory");
	}
	for (uint32_t i = 0; i < b->nstr; i++) {
		napi_value s;
		size_t len;
		b->off[i] = at;
		if (napi_get_element(env, argv[6], i, &s) != napi_ok ||
		    napi_get_value_string_utf8(env, s, NULL, 0, &len) != napi_ok ||
		    crmn_reserve_keep(&b->bytes, &cap, at, at + len + 1) ||
		    napi_get_value_string_utf8(env, s, b->bytes + at, len + 1, &len) != napi_ok) {
			batch_free(b);
			return crmn_throw_napi(env, "copying the batch's strings");
		}
		at += len;
	}
	b->off[b->nstr] = at;
	CRMN_CALL(env, napi_create_string_utf8(env, "crmrules.decideBatch", NAPI_AUTO_LENGTH, &name));
	if (napi_create_async_work(env, NULL, name, execute, complete, b, &b->work) != napi_ok) {
		batch_free(b);
		return crmn_throw_napi(env, "napi_create_async_work");
	}
	if (napi_create_promise(env, &b->deferred, &promise) != napi_ok) {
		napi_delete_async_work(env, b->work);
		batch_free(b);
		return crmn_throw_napi(env, "napi_create_promise");
	}
	/* the ruleset lives while the batch runs, whatever becomes of its handle */
	b->h = h;
	h->refs++;
	if (napi_queue_async_work(env, b->work) != napi_ok) {
		napi_value msg, err;
		napi_create_string_utf8(env, "crmrules: the batch could not be queued", NAPI_AUTO_LENGTH,
		                        &msg);
		napi_create_error(env, NULL, msg, &err);
		napi_reject_deferred(env, b->deferred, err);
		h->refs--;
		napi_delete_async_work(env, b->work);
		batch_free(b);
	}
	return promise;
}

napi_status crmn_batch_init(napi_env env, napi_value exports)
{
	napi_value f;
	napi_status s = napi_create_function(env, "batch", NAPI_AUTO_LENGTH, js_batch, NULL, &f);
	return s != napi_ok ? s : napi_set_named_property(env, exports, "batch", f);
}

/* SPDX-License-Identifier: MIT */
/* crmrules_pg.c - the PostgreSQL extension: rule sets as rows of
 * crm_rulesets, compiled once per backend, decisions and SLA clocks as SQL
 * functions. */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "storage/itemptr.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/fmgrprotos.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rangetypes.h"
#include "utils/snapmgr.h"
#include "utils/timestamp.h"
#include "utils/typcache.h"

#include "crmrules.h"

PG_MODULE_MAGIC;

/* ---- memory: the library allocates in memory contexts of the backend ------- */

/* A failed allocation returns NULL (the library reports CRM_ENOMEM); it
 * never raises an error, so no longjmp ever crosses the library's frames. */
static void *
pg_malloc_fn(size_t size, void *ud)
{
	if (size > MaxAllocHugeSize)
		return NULL;
	return MemoryContextAllocExtended((MemoryContext) ud, size,
									  MCXT_ALLOC_HUGE | MCXT_ALLOC_NO_OOM);
}

static void
pg_free_fn(void *ptr, void *ud)
{
	(void) ud;
	if (ptr)
		pfree(ptr);
}

/* ---- errors: the library's codes as SQLSTATEs ------------------------------- */

/* Rule text that does not compile. */
static int
load_sqlstate(int code)
{
	switch (code)
	{
		case CRM_ESYNTAX:
			return ERRCODE_SYNTAX_ERROR;
		case CRM_ETYPE:
			return ERRCODE_DATATYPE_MISMATCH;
		case CRM_EUNKNOWN:
			return ERRCODE_UNDEFINED_OBJECT;
		case CRM_EDUP:
			return ERRCODE_DUPLICATE_OBJECT;
		case CRM_ECYCLE:
		case CRM_ETABLE:
			return ERRCODE_INVALID_OBJECT_DEFINITION;
		case CRM_EREGEX:
			return ERRCODE_INVALID_REGULAR_EXPRESSION;
		case CRM_ELIMIT:
			return ERRCODE_PROGRAM_LIMIT_EXCEEDED;
		case CRM_ENOMEM:
			return ERRCODE_OUT_OF_MEMORY;
		case CRM_EIO:
			return ERRCODE_UNDEFINED_FILE;
		case CRM_EOVERFLOW:
			return ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE;
		default:
			return ERRCODE_INVALID_PARAMETER_VALUE;
	}
}

/* Facts that cannot be read, and decisions that cannot be made. */
static int
decide_sqlstate(int code)
{
	switch (code)
	{
		case CRM_ESYNTAX:
			return ERRCODE_INVALID_TEXT_REPRESENTATION;
		case CRM_EUNKNOWN:
			return ERRCODE_UNDEFINED_OBJECT;
		case CRM_EMISSING:
			return ERRCODE_NULL_VALUE_NOT_ALLOWED;
		case CRM_ENOMATCH:
			return ERRCODE_CASE_NOT_FOUND;
		case CRM_ETABLE:
			return ERRCODE_CARDINALITY_VIOLATION;
		case CRM_EOVERFLOW:
			return ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE;
		case CRM_ELIMIT:
			return ERRCODE_PROGRAM_LIMIT_EXCEEDED;
		case CRM_ENOMEM:
			return ERRCODE_OUT_OF_MEMORY;
		case CRM_ERANGE:
			return ERRCODE_DATETIME_VALUE_OUT_OF_RANGE;
		case CRM_EREGEX:
			return ERRCODE_INVALID_REGULAR_EXPRESSION;
		default: /* CRM_ETYPE, CRM_EINVAL */
			return ERRCODE_INVALID_PARAMETER_VALUE;
	}
}

/* Every diagnostic of a load, in file order, in a fixed buffer: the
 * callback runs inside the library and must neither allocate nor raise. */
typedef struct diagnostics
{
	char		text[8192];
	size_t		used;
	int			errors,
				warnings;
	bool		truncated;
} diagnostics;

static void
on_diagnostic(int severity, const crm_error *e, void *ud)
{
	diagnostics *d = ud;
	size_t		room = sizeof d->text - d->used;
	int			n;

	if (severity == CRM_DIAG_WARNING)
		d->warnings++;
	else
		d->errors++;
	if (d->truncated)
		return;
	n = snprintf(d->text + d->used, room, "%s%s:%d:%d: %s: %s", d->used ? "\n" : "",
				 e->file, e->line, e->column,
				 severity == CRM_DIAG_WARNING ? "warning" : "error", e->message);
	if (n < 0 || (size_t) n >= room)
	{
		d->text[d->used] = '\0';
		d->truncated = true;
	}
	else
		d->used += (size_t) n;
}

static void
report_load_error(int rc, const crm_error *err, const diagnostics *d, const char *what)
{
	char		where[CRM_ERROR_FILE_MAX + 32] = "";

	if (err->file[0] && err->line > 0)
		snprintf(where, sizeof where, "%s:%d:%d: ", err->file, err->line, err->column);
	else if (err->file[0])
		snprintf(where, sizeof where, "%s: ", err->file);
	ereport(ERROR,
			(errcode(load_sqlstate(rc)),
			 errmsg("%s%s", where, err->message),
			 d->errors + d->warnings > 1 ?
			 errdetail("%s%s", d->text, d->truncated ? "\n..." : "") : 0,
			 what ? errcontext("%s", what) : 0));
}

/* ---- rule files: a jsonb object of {file name: text} ------------------------ */

typedef struct files
{
	crm_source *src;
	int			n;
} files;

static int
source_cmp(const void *a, const void *b)
{
	return strcmp(((const crm_source *) a)->name, ((const crm_source *) b)->name);
}

/* The rule files of a row, in name order; texts point into the jsonb. */
static files
files_of(Jsonb *jb)
{
	files		fs = {NULL, 0};
	JsonbIterator *it;
	JsonbValue	v;
	JsonbIteratorToken tok;
	int			cap;
	char	   *key = NULL;

	if (!JB_ROOT_IS_OBJECT(jb) || JB_ROOT_IS_SCALAR(jb))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("rule files must be a jsonb object of {file name: text}")));
	cap = Max(JB_ROOT_COUNT(jb), 1);
	fs.src = palloc(cap * sizeof *fs.src);
	it = JsonbIteratorInit(&jb->root);
	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		if (tok == WJB_KEY)
			key = pnstrdup(v.val.string.val, v.val.string.len);
		else if (tok == WJB_VALUE)
		{
			if (v.type != jbvString)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("rule file \"%s\": its text must be a JSON string", key)));
			if (key[0] == '\0')
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("a rule file needs a name")));
			fs.src[fs.n].name = key;
			fs.src[fs.n].text = v.val.string.val;
			fs.src[fs.n].len = (size_t) v.val.string.len;
			fs.n++;
		}
	}
	if (fs.n == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a rule set needs at least one rule file")));
	qsort(fs.src, fs.n, sizeof *fs.src, source_cmp);
	return fs;
}

/* ---- the backend's compiled rule sets ----------------------------------------- */

/*
 * One compiled row of crm_rulesets, with this backend's evaluation context
 * and facts record for it. Everything lives in the entry's own memory
 * context, a child of TopMemoryContext once loaded. Call sites hold
 * references (refs); an entry replaced by a newer row (stale) is freed when
 * the last reference goes, so no call ever sees a ruleset freed or half
 * loaded: the row is compiled whole before the entry is published.
 */
typedef struct entry
{
	struct entry *next;
	char	   *name;
	int32		version;
	TransactionId xmin;
	ItemPointerData tid;
	int			refs;
	bool		stale;
	MemoryContext mcxt;
	crm_allocator al;
	crm_ruleset *rs;
	crm_context *ctx;
	crm_facts  *facts;
} entry;

static entry *entries;			/* the current entry of each name */

static void
entry_free(entry *e)
{
	crm_context_free(e->ctx);
	crm_facts_free(e->facts);
	crm_ruleset_free(e->rs);
	MemoryContextDelete(e->mcxt);	/* e itself lives there */
}

static void
entry_unlink(entry *e)
{
	entry	  **p;

	for (p = &entries; *p; p = &(*p)->next)
		if (*p == e)
		{
			*p = e->next;
			break;
		}
	e->stale = true;
	if (e->refs == 0)
		entry_free(e);
}

static void
entry_release(entry *e)
{
	if (e && --e->refs == 0 && e->stale)
		entry_free(e);
}

/* Compile files into a new entry (not yet published). The memory context
 * is made under the caller's, so an error anywhere before the entry is
 * published frees it with the caller's memory. */
static entry *
entry_load(const char *name, Jsonb *jb, int32 version)
{
	MemoryContext mcxt = AllocSetContextCreate(CurrentMemoryContext, "crmrules rule set",
											   ALLOCSET_DEFAULT_SIZES);
	entry	   *e = MemoryContextAllocZero(mcxt, sizeof *e);
	files		fs = files_of(jb);
	crm_load_options opts = CRM_LOAD_OPTIONS_INIT;
	diagnostics *d = palloc0(sizeof *d);
	crm_error	err;
	int			rc;

	e->name = MemoryContextStrdup(mcxt, name);
	MemoryContextSetIdentifier(mcxt, e->name);
	e->version = version;
	e->mcxt = mcxt;
	e->al.malloc_fn = pg_malloc_fn;
	e->al.free_fn = pg_free_fn;
	e->al.ud = mcxt;
	opts.allocator = &e->al;
	opts.diagnostic = on_diagnostic;
	opts.diagnostic_ud = d;
	rc = crm_ruleset_load_buffers(&e->rs, fs.src, (size_t) fs.n, &opts, &err);
	if (rc)
	{
		char	   *what = psprintf("rule set \"%s\" version %d", name, version);

		MemoryContextDelete(mcxt);
		report_load_error(rc, &err, d, what);
	}
	if (crm_context_new(&e->ctx, e->rs, &e->al) || crm_facts_new(&e->facts, e->rs))
	{
		crm_context_free(e->ctx);
		crm_ruleset_free(e->rs);
		MemoryContextDelete(mcxt);
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
	}
	return e;
}

static void
entry_publish(entry *e)
{
	MemoryContextSetParent(e->mcxt, TopMemoryContext);
	e->next = entries;
	entries = e;
}

/* ---- one call site's state (fn_extra): its rule set, looked up once per
 * snapshot ------------------------------------------------------------------ */

typedef struct call_state
{
	entry	   *e;				/* a reference, released with fn_mcxt */
	char	   *name;			/* the rule set name e was looked up for */
	bool		stamped;
	TransactionId snap_xmin,
				snap_xmax;
	CommandId	snap_cid;
	uint64		snap_count;
	char	   *decision;		/* the decision name index was found for */
	int			index;
	Oid			nsp;			/* the extension's schema */
} call_state;

static void
call_state_release(void *arg)
{
	call_state *st = arg;

	entry_release(st->e);
	st->e = NULL;
}

static call_state *
call_state_of(FunctionCallInfo fcinfo)
{
	call_state *st = fcinfo->flinfo->fn_extra;

	if (!st)
	{
		MemoryContextCallback *cb;

		st = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof *st);
		cb = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof *cb);
		cb->func = call_state_release;
		cb->arg = st;
		MemoryContextRegisterResetCallback(fcinfo->flinfo->fn_mcxt, cb);
		st->nsp = get_func_namespace(fcinfo->flinfo->fn_oid);
		fcinfo->flinfo->fn_extra = st;
	}
	return st;
}

/* The row of the newest version of a name, one prepared query per backend. */
static SPIPlanPtr row_plan;
static Oid	row_plan_nsp;

static SPIPlanPtr
plan_for(Oid nsp)
{
	if (!row_plan || row_plan_nsp != nsp)
	{
		char	   *schema = get_namespace_name(nsp);
		char	   *sql;
		Oid			argtypes[1] = {TEXTOID};
		SPIPlanPtr	plan;

		if (!schema)
			elog(ERROR, "crmrules: the extension's schema %u is gone", nsp);
		sql = psprintf("SELECT version, xmin, ctid, files FROM %s.crm_rulesets"
					   " WHERE name OPERATOR(pg_catalog.=) $1"
					   " ORDER BY version DESC LIMIT 1", quote_identifier(schema));
		plan = SPI_prepare(sql, 1, argtypes);
		if (!plan)
			elog(ERROR, "crmrules: SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
		if (SPI_keepplan(plan))
			elog(ERROR, "crmrules: SPI_keepplan failed");
		if (row_plan)
			SPI_freeplan(row_plan);
		row_plan = plan;
		row_plan_nsp = nsp;
	}
	return row_plan;
}

/* Look the row up and return the entry compiled from it: the cached one
 * when the row is the one it was compiled from, else a new one. */
static entry *
lookup(call_state *st, text *name_t)
{
	char	   *name = text_to_cstring(name_t);
	Datum		arg = PointerGetDatum(name_t);
	entry	   *e;
	bool		isnull;
	int32		version;
	TransactionId xmin;
	ItemPointerData tid;
	HeapTuple	row;
	TupleDesc	desc;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "crmrules: SPI_connect failed");
	if (SPI_execute_plan(plan_for(st->nsp), &arg, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "crmrules: looking up rule set \"%s\" failed", name);
	for (e = entries; e; e = e->next)
		if (strcmp(e->name, name) == 0)
			break;
	if (SPI_processed == 0)
	{
		if (e)
			entry_unlink(e);	/* its rows were deleted */
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("no rule set named \"%s\"", name),
				 errhint("Rule sets are rows of crm_rulesets (name, version, files).")));
	}
	row = SPI_tuptable->vals[0];
	desc = SPI_tuptable->tupdesc;
	version = DatumGetInt32(SPI_getbinval(row, desc, 1, &isnull));
	xmin = DatumGetTransactionId(SPI_getbinval(row, desc, 2, &isnull));
	ItemPointerCopy((ItemPointer) DatumGetPointer(SPI_getbinval(row, desc, 3, &isnull)), &tid);
	if (e && (e->version != version || e->xmin != xmin || !ItemPointerEquals(&e->tid, &tid)))
	{
		entry_unlink(e);
		e = NULL;
	}
	if (!e)
	{
		Jsonb	   *jb = DatumGetJsonbP(SPI_getbinval(row, desc, 4, &isnull));

		e = entry_load(name, jb, version);
		e->xmin = xmin;
		e->tid = tid;
		entry_publish(e);
	}
	e->refs++;
	SPI_finish();
	pfree(name);
	return e;
}

/* The rule set called name, as the statement's snapshot sees it: looked up
 * once per call site and snapshot, so a new version takes effect for the
 * statements that start after it commits, and one statement decides with
 * one version throughout. */
static entry *
ruleset_for(FunctionCallInfo fcinfo, call_state *st, text *name)
{
	Snapshot	snap = ActiveSnapshotSet() ? GetActiveSnapshot() : NULL;
	size_t		len = VARSIZE_ANY_EXHDR(name);
	entry	   *e;

	if (st->e && st->stamped && snap && st->snap_xmin == snap->xmin &&
		st->snap_xmax == snap->xmax && st->snap_cid == snap->curcid &&
		st->snap_count == snap->snapXactCompletionCount &&
		strlen(st->name) == len && memcmp(st->name, VARDATA_ANY(name), len) == 0)
		return st->e;
	e = lookup(st, name);
	entry_release(st->e);
	st->e = e;
	if (st->name)
		pfree(st->name);
	st->name = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, len + 1);
	memcpy(st->name, VARDATA_ANY(name), len);
	st->name[len] = '\0';
	st->stamped = snap != NULL;
	if (snap)
	{
		st->snap_xmin = snap->xmin;
		st->snap_xmax = snap->xmax;
		st->snap_cid = snap->curcid;
		st->snap_count = snap->snapXactCompletionCount;
	}
	if (st->decision)
	{
		pfree(st->decision);
		st->decision = NULL;
	}
	return e;
}

/* A decision's index, found once per call site and rule set. */
static int
decision_for(FunctionCallInfo fcinfo, call_state *st, const char *name, size_t len)
{
	char	   *z;
	int			d;

	if (st->decision && strlen(st->decision) == len && memcmp(st->decision, name, len) == 0)
		return st->index;
	z = pnstrdup(name, len);
	d = crm_decision_find(st->e->rs, z);
	if (d < 0)
	{
		const char *near = crm_ruleset_suggest(st->e->rs, CRM_NAME_DECISION, z);

		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("rule set \"%s\" has no decision \"%s\"", st->name, z),
				 near ? errhint("Did you mean \"%s\"?", near) : 0));
	}
	if (st->decision)
		pfree(st->decision);
	st->decision = MemoryContextStrdup(fcinfo->flinfo->fn_mcxt, z);
	st->index = d;
	pfree(z);
	return d;
}

/* The declared fact closest to the first key of facts that names none. */
static const char *
suggest_fact(const crm_ruleset *rs, Jsonb *facts)
{
	JsonbIterator *it = JsonbIteratorInit(&facts->root);
	JsonbValue	v;
	JsonbIteratorToken tok;

	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
		if (tok == WJB_KEY)
		{
			char	   *key = pnstrdup(v.val.string.val, v.val.string.len);

			if (crm_fact_slot(rs, key) < 0)
				return crm_ruleset_suggest(rs, CRM_NAME_FACT, key);
		}
	return NULL;
}

static void
report_decide_error(int rc, const crm_error *err, const char *ruleset, const crm_ruleset *rs,
					Jsonb *facts)
{
	char		where[CRM_ERROR_FILE_MAX + 48] = "";
	const char *near = rc == CRM_EUNKNOWN && facts ? suggest_fact(rs, facts) : NULL;

	if (err->file[0] && err->line > 0)
		snprintf(where, sizeof where, " at %s:%d:%d", err->file, err->line, err->column);
	ereport(ERROR,
			(errcode(decide_sqlstate(rc)),
			 errmsg("%s", err->message),
			 errdetail("crmrules: %s%s (rule set \"%s\")", crm_strerror(rc), where, ruleset),
			 near ? errhint("Did you mean \"%s\"?", near) : 0));
}

/* ---- crm_decide, crm_try_decide ------------------------------------------------- */

static unsigned
explain_flags(text *t)
{
	char	   *s = text_to_cstring(t);
	unsigned	flags = 0;

	if (strcmp(s, "fired") == 0)
		flags = CRM_JSON_EXPLAIN;
	else if (strcmp(s, "full") == 0)
		flags = CRM_JSON_EXPLAIN_FULL;
	else if (strcmp(s, "none") != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("explain must be 'none', 'fired' or 'full', not '%s'", s)));
	pfree(s);
	return flags;
}

/* facts as the JSON text the library reads */
static char *
facts_text(Jsonb *jb, size_t *len)
{
	StringInfoData buf;

	if (!JB_ROOT_IS_OBJECT(jb) || JB_ROOT_IS_SCALAR(jb))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("facts must be a jsonb object of {fact: value}")));
	initStringInfo(&buf);
	JsonbToCString(&buf, &jb->root, VARSIZE(jb));
	*len = (size_t) buf.len;
	return buf.data;
}

static Datum
decide_json(FunctionCallInfo fcinfo, bool raise)
{
	text	   *rsname = PG_GETARG_TEXT_PP(0);
	text	   *dname = PG_GETARG_TEXT_PP(1);
	Jsonb	   *facts = PG_GETARG_JSONB_P(2);
	call_state *st = call_state_of(fcinfo);
	entry	   *e = ruleset_for(fcinfo, st, rsname);
	int			d = decision_for(fcinfo, st, VARDATA_ANY(dname), VARSIZE_ANY_EXHDR(dname));
	crm_json_options opts = CRM_JSON_OPTIONS_INIT;
	char		small[1024];
	char	   *out = small;
	size_t		len,
				outlen = 0;
	char	   *json = facts_text(facts, &len);
	crm_error	err;
	int			rc;

	opts.flags = PG_NARGS() > 3 ? explain_flags(PG_GETARG_TEXT_PP(3)) : 0;
	opts.name = "facts";
	rc = crm_decide_json(e->ctx, d, json, len, &opts, small, sizeof small, &outlen, &err);
	if (rc && raise)
		report_decide_error(rc, &err, st->name, e->rs, facts);
	if (outlen >= sizeof small)
	{
		/* deciding again gives the same text: it depends on the facts alone */
		out = palloc(outlen + 1);
		rc = crm_decide_json(e->ctx, d, json, len, &opts, out, outlen + 1, &outlen, &err);
		if (rc && raise)
			report_decide_error(rc, &err, st->name, e->rs, facts);
	}
	pfree(json);
	return DirectFunctionCall1(jsonb_in, CStringGetDatum(out));
}

PG_FUNCTION_INFO_V1(crm_decide_pg);
Datum
crm_decide_pg(PG_FUNCTION_ARGS)
{
	return decide_json(fcinfo, true);
}

PG_FUNCTION_INFO_V1(crm_try_decide_pg);
Datum
crm_try_decide_pg(PG_FUNCTION_ARGS)
{
	return decide_json(fcinfo, false);
}

/* ---- typed: crm_grade, crm_credit_limit ----------------------------------------- */

/* Decide and return the result (owned by the entry's context until its
 * next decision). */
static const crm_result *
decide_result(FunctionCallInfo fcinfo, const char *decision, call_state **stp)
{
	text	   *rsname = PG_GETARG_TEXT_PP(0);
	Jsonb	   *facts = PG_GETARG_JSONB_P(1);
	call_state *st = call_state_of(fcinfo);
	entry	   *e = ruleset_for(fcinfo, st, rsname);
	int			d = decision_for(fcinfo, st, decision, strlen(decision));
	crm_json_options opts = CRM_JSON_OPTIONS_INIT;
	size_t		len;
	char	   *json = facts_text(facts, &len);
	const crm_result *r;
	crm_error	err;
	int			rc;

	opts.flags = CRM_JSON_CLEAR;
	opts.name = "facts";
	rc = crm_facts_read_json(e->facts, json, len, &opts, &err);
	if (!rc)
		rc = crm_decide_index(e->ctx, d, e->facts, &r, &err);
	if (rc)
		report_decide_error(rc, &err, st->name, e->rs, facts);
	pfree(json);
	*stp = st;
	return r;
}

static void
output_error(int rc, const char *decision, const char *output, const char *type,
			 const char *ruleset)
{
	ereport(ERROR,
			(errcode(rc == CRM_EUNKNOWN ? ERRCODE_UNDEFINED_OBJECT :
					 rc == CRM_ETYPE ? ERRCODE_DATATYPE_MISMATCH :
					 ERRCODE_NULL_VALUE_NOT_ALLOWED),
			 errmsg("decision \"%s\" of rule set \"%s\" gives no %s output \"%s\"", decision,
					ruleset, type, output),
			 errdetail("crmrules: %s", crm_strerror(rc))));
}

PG_FUNCTION_INFO_V1(crm_grade_pg);
Datum
crm_grade_pg(PG_FUNCTION_ARGS)
{
	call_state *st;
	const crm_result *r = decide_result(fcinfo, "credit_grade", &st);
	const char *s;
	size_t		len;
	int			rc = crm_result_get_string(r, "grade", &s, &len);

	if (rc)
		output_error(rc, "credit_grade", "grade", "string", st->name);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(s, (int) len));
}

PG_FUNCTION_INFO_V1(crm_credit_limit_pg);
Datum
crm_credit_limit_pg(PG_FUNCTION_ARGS)
{
	call_state *st;
	const crm_result *r = decide_result(fcinfo, "credit_limit", &st);
	int64_t		minor;
	char		buf[32];
	int			rc = crm_result_get_money(r, "limit", &minor);

	if (rc)
		output_error(rc, "credit_limit", "limit", "money", st->name);
	crm_money_format(buf, sizeof buf, minor);
	return DirectFunctionCall3(numeric_in, CStringGetDatum(buf), ObjectIdGetDatum(InvalidOid),
							   Int32GetDatum(-1));
}

/* ---- crm_sla ------------------------------------------------------------------ */

#define UNIX_EPOCH_IN_PG_SECONDS \
	((int64) (POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * SECS_PER_DAY)

/* Unix seconds of a finite timestamptz (rounded down to the second). */
static int64_t
unix_seconds(TimestampTz t, const char *what)
{
	int64		s;

	if (TIMESTAMP_NOT_FINITE(t))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("%s must be a finite timestamptz", what)));
	s = t / USECS_PER_SEC;
	if (t % USECS_PER_SEC < 0)
		s--;
	return s + UNIX_EPOCH_IN_PG_SECONDS;
}

static void
append_instant(StringInfo buf, int64_t t, int offset)
{
	char		s[64];

	crm_instant_format(s, sizeof s, t, offset);
	appendStringInfo(buf, "\"%s\"", s);
}

PG_FUNCTION_INFO_V1(crm_sla_pg);
Datum
crm_sla_pg(PG_FUNCTION_ARGS)
{
	static const char *const statuses[] = {"", "running", "warning", "breached", "stopped"};
	call_state *st;
	entry	   *e;
	char	   *timer;
	crm_sla_pause *pauses = NULL;
	crm_sla_clock clock;
	crm_sla_state s;
	crm_error	err;
	int64_t		now;
	int			rc;
	StringInfoData buf;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(4))
		PG_RETURN_NULL();
	st = call_state_of(fcinfo);
	e = ruleset_for(fcinfo, st, PG_GETARG_TEXT_PP(0));
	timer = text_to_cstring(PG_GETARG_TEXT_PP(1));
	memset(&clock, 0, sizeof clock);
	clock.start = unix_seconds(PG_GETARG_TIMESTAMPTZ(2), "start");
	now = unix_seconds(PG_GETARG_TIMESTAMPTZ(4), "now");
	if (PG_NARGS() > 5 && !PG_ARGISNULL(5))
	{
		clock.stopped = 1;
		clock.stop = unix_seconds(PG_GETARG_TIMESTAMPTZ(5), "stop");
	}
	if (!PG_ARGISNULL(3))
	{
		ArrayType  *arr = PG_GETARG_ARRAYTYPE_P(3);
		Oid			elemtype = ARR_ELEMTYPE(arr);
		int16		typlen;
		bool		typbyval;
		char		typalign;
		Datum	   *elems;
		bool	   *nulls;
		int			n,
					i;
		TypeCacheEntry *tc = lookup_type_cache(elemtype, TYPECACHE_RANGE_INFO);

		if (tc->rngelemtype == NULL || tc->rngelemtype->type_id != TIMESTAMPTZOID)
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("pauses must be a tstzrange[]")));
		get_typlenbyvalalign(elemtype, &typlen, &typbyval, &typalign);
		deconstruct_array(arr, elemtype, typlen, typbyval, typalign, &elems, &nulls, &n);
		pauses = palloc(Max(n, 1) * sizeof *pauses);
		clock.npauses = 0;
		for (i = 0; i < n; i++)
		{
			RangeBound	lo,
						hi;
			bool		empty;

			if (nulls[i])
				ereport(ERROR,
						(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
						 errmsg("pause %d is null", i + 1)));
			range_deserialize(tc, DatumGetRangeTypeP(elems[i]), &lo, &hi, &empty);
			if (empty)
				continue;
			if (lo.infinite)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("pause %d has no start", i + 1)));
			pauses[clock.npauses].start = unix_seconds(DatumGetTimestampTz(lo.val), "a pause");
			/* a pause with no end is still going on: it ends at now */
			pauses[clock.npauses].end = hi.infinite ? now
				: unix_seconds(DatumGetTimestampTz(hi.val), "a pause");
			clock.npauses++;
		}
		clock.pauses = clock.npauses ? pauses : NULL;
	}
	rc = crm_sla_evaluate(e->rs, timer, &clock, now, &s, &err);
	if (rc == CRM_EUNKNOWN)
	{
		const char *near = crm_ruleset_suggest(e->rs, CRM_NAME_TIMER, timer);

		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("%s", err.message),
				 errdetail("crmrules: %s (rule set \"%s\")", crm_strerror(rc), st->name),
				 near ? errhint("Did you mean \"%s\"?", near) : 0));
	}
	if (rc)
		report_decide_error(rc, &err, st->name, e->rs, NULL);

	initStringInfo(&buf);
	appendStringInfoString(&buf, "{\"timer\":");
	escape_json(&buf, timer);
	appendStringInfo(&buf, ",\"measure\":\"%s\",\"status\":\"%s\",\"due\":", s.measure,
					 statuses[s.status]);
	append_instant(&buf, s.due, s.utc_offset);
	appendStringInfo(&buf, ",\"total\":" INT64_FORMAT ",\"elapsed\":" INT64_FORMAT
					 ",\"remaining\":" INT64_FORMAT ",\"next_alert\":",
					 (int64) s.total, (int64) s.elapsed, (int64) s.remaining);
	if (s.has_next_alert)
		append_instant(&buf, s.next_alert, s.utc_offset);
	else
		appendStringInfoString(&buf, "null");
	appendStringInfo(&buf, ",\"warnings_passed\":%d", s.warnings_passed);
	if (s.status == CRM_SLA_STOPPED)
		appendStringInfo(&buf, ",\"breached_at_stop\":%s", s.breached_at_stop ? "true" : "false");
	if (s.provisional)
	{
		char		day[16];
		crm_value	v;

		memset(&v, 0, sizeof v);
		v.type = CRM_T_DATE;
		v.u.date = s.assumed_from;
		crm_value_format(day, sizeof day, &v);
		appendStringInfo(&buf, ",\"provisional\":true,\"assumed_from\":%s", day);
	}
	if (s.escalates_to)
	{
		appendStringInfoString(&buf, ",\"escalates_to\":");
		escape_json(&buf, s.escalates_to);
	}
	appendStringInfoChar(&buf, '}');
	return DirectFunctionCall1(jsonb_in, CStringGetDatum(buf.data));
}

/* ---- crm_ruleset_check: compile a row's files, say what they hold ---------------- */

PG_FUNCTION_INFO_V1(crm_ruleset_check_pg);
Datum
crm_ruleset_check_pg(PG_FUNCTION_ARGS)
{
	Jsonb	   *jb = PG_GETARG_JSONB_P(0);
	MemoryContext mcxt = AllocSetContextCreate(CurrentMemoryContext, "crmrules check",
											   ALLOCSET_DEFAULT_SIZES);
	crm_allocator al = {pg_malloc_fn, pg_free_fn, mcxt};
	crm_load_options opts = CRM_LOAD_OPTIONS_INIT;
	files		fs = files_of(jb);
	diagnostics *d = palloc0(sizeof *d);
	crm_ruleset *rs;
	crm_error	err;
	StringInfoData buf;
	size_t		i,
				n;
	int			rc;

	opts.allocator = &al;
	opts.diagnostic = on_diagnostic;
	opts.diagnostic_ud = d;
	rc = crm_ruleset_load_buffers(&rs, fs.src, (size_t) fs.n, &opts, &err);
	if (rc)
	{
		MemoryContextDelete(mcxt);
		report_load_error(rc, &err, d, NULL);
	}
	initStringInfo(&buf);
	appendStringInfo(&buf, "{\"files\":%d,\"facts\":%zu,\"decisions\":[", fs.n,
					 crm_ruleset_fact_count(rs));
	n = crm_ruleset_decision_count(rs);
	for (i = 0; i < n; i++)
	{
		if (i)
			appendStringInfoChar(&buf, ',');
		escape_json(&buf, crm_ruleset_decision_name(rs, i));
	}
	appendStringInfoString(&buf, "],\"timers\":[");
	n = crm_ruleset_timer_count(rs);
	for (i = 0; i < n; i++)
	{
		if (i)
			appendStringInfoChar(&buf, ',');
		escape_json(&buf, crm_ruleset_timer_name(rs, i));
	}
	appendStringInfo(&buf, "],\"tests\":%zu,\"warnings\":%d}", crm_ruleset_test_count(rs),
					 d->warnings);
	if (d->warnings)
		ereport(NOTICE,
				(errmsg_plural("%d warning", "%d warnings", d->warnings, d->warnings),
				 errdetail("%s", d->text)));
	crm_ruleset_free(rs);
	MemoryContextDelete(mcxt);
	return DirectFunctionCall1(jsonb_in, CStringGetDatum(buf.data));
}

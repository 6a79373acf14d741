/* SPDX-License-Identifier: MIT */
/* regex.c - the only file that includes <pcre2.h>. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <string.h>

#include "regex.h"

struct crm_regex {
	const crm_allocator *al;
	pcre2_general_context *gctx;
	pcre2_code *code;
};

struct crm_regex_scratch {
	const crm_allocator *al;
	pcre2_general_context *gctx;
	pcre2_match_context *mctx;
	pcre2_match_data *md;
};

static void *pcre_malloc(size_t size, void *ud)
{
	const crm_allocator *al = ud;
	return crm_malloc(al, size);
}

static void pcre_free(void *p, void *ud)
{
	const crm_allocator *al = ud;
	crm_free(al, p);
}

int crm_regex_compile(crm_regex **out, const crm_allocator *al,
                      const char *pattern, size_t len, char *msg,
                      size_t msgsize, size_t *offset)
{
	*out = NULL;
	*offset = 0;
	if (msgsize)
		msg[0] = '\0';
	crm_regex *re = crm_calloc(al, 1, sizeof *re);
	if (!re)
		return CRM_ENOMEM;
	re->al = al;
	re->gctx = pcre2_general_context_create(pcre_malloc, pcre_free, (void *)al);
	pcre2_compile_context *cctx =
		re->gctx ? pcre2_compile_context_create(re->gctx) : NULL;
	if (!cctx) {
		crm_regex_free(re);
		return CRM_ENOMEM;
	}
	int ec = 0;
	PCRE2_SIZE eo = 0;
	re->code = pcre2_compile((PCRE2_SPTR)pattern, len,
	                         PCRE2_UTF | PCRE2_UCP | PCRE2_NEVER_BACKSLASH_C,
	                         &ec, &eo, cctx);
	pcre2_compile_context_free(cctx);
	if (!re->code) {
		crm_regex_free(re);
		if (ec == PCRE2_ERROR_NOMEMORY || ec == PCRE2_ERROR_HEAPLIMIT ||
		    ec == PCRE2_ERROR_HEAP_FAILED)
			return CRM_ENOMEM;
		PCRE2_UCHAR buf[256];
		pcre2_get_error_message(ec, buf, sizeof buf);
		if (msgsize) {
			strncpy(msg, (const char *)buf, msgsize - 1);
			msg[msgsize - 1] = '\0';
		}
		*offset = eo;
		return CRM_EREGEX;
	}
	/* JIT is an optimisation: when it is unavailable (or out of memory)
	 * the interpreter runs the same pattern. */
	(void)pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE);
	*out = re;
	return 0;
}

void crm_regex_free(crm_regex *re)
{
	if (!re)
		return;
	pcre2_code_free(re->code);
	pcre2_general_context_free(re->gctx);
	crm_free(re->al, re);
}

int crm_regex_scratch_new(crm_regex_scratch **out, const crm_allocator *al)
{
	*out = NULL;
	crm_regex_scratch *sc = crm_calloc(al, 1, sizeof *sc);
	if (!sc)
		return CRM_ENOMEM;
	sc->al = al;
	sc->gctx = pcre2_general_context_create(pcre_malloc, pcre_free, (void *)al);
	if (sc->gctx) {
		sc->mctx = pcre2_match_context_create(sc->gctx);
		/* A yes/no answer needs one ovector pair. */
		sc->md = pcre2_match_data_create(1, sc->gctx);
	}
	if (!sc->mctx || !sc->md) {
		crm_regex_scratch_free(sc);
		return CRM_ENOMEM;
	}
	pcre2_set_match_limit(sc->mctx, CRM_LIMIT_REGEX_MATCH);
	pcre2_set_depth_limit(sc->mctx, CRM_LIMIT_REGEX_DEPTH);
	pcre2_set_heap_limit(sc->mctx, CRM_LIMIT_REGEX_HEAP);
	*out = sc;
	return 0;
}

void crm_regex_scratch_free(crm_regex_scratch *sc)
{
	if (!sc)
		return;
	pcre2_match_data_free(sc->md);
	pcre2_match_context_free(sc->mctx);
	pcre2_general_context_free(sc->gctx);
	crm_free(sc->al, sc);
}

int crm_regex_match(const crm_regex *re, crm_regex_scratch *sc,
                    const char *subject, size_t len)
{
	/* Subjects are facts, validated as UTF-8 when they were set. */
	int rc = pcre2_match(re->code, (PCRE2_SPTR)subject, len, 0,
	                     PCRE2_NO_UTF_CHECK, sc->md, sc->mctx);
	if (rc >= 0)
		return 1;
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	return CRM_ELIMIT;
}

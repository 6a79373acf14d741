/* SPDX-License-Identifier: MIT */
/* regex.h - the PCRE2 wrapper: compile (and JIT) at load, match with limits. */
#ifndef CRM_REGEX_H
#define CRM_REGEX_H

#include "core.h"

typedef struct crm_regex crm_regex;         /* compiled, shareable */
typedef struct crm_regex_scratch crm_regex_scratch; /* per context */

/* Compile pattern (UTF-8). On failure returns CRM_EREGEX with PCRE2's message
 * in msg and the byte offset of the problem in *offset. */
int crm_regex_compile(crm_regex **out, const crm_allocator *al,
                      const char *pattern, size_t len, char *msg,
                      size_t msgsize, size_t *offset);
void crm_regex_free(crm_regex *re);

int crm_regex_scratch_new(crm_regex_scratch **out, const crm_allocator *al);
void crm_regex_scratch_free(crm_regex_scratch *sc);

/* 1 match, 0 no match, CRM_ELIMIT when a match/depth/heap limit was hit. */
int crm_regex_match(const crm_regex *re, crm_regex_scratch *sc,
                    const char *subject, size_t len);

#endif

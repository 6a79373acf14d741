/* SPDX-License-Identifier: MIT */
/* text.h - Unicode folds for rule authors: NFKC (utf8proc) and traditional to
 * simplified Chinese (OpenCC), both writing into a caller's bounded buffer. */
#ifndef CRM_TEXT_H
#define CRM_TEXT_H

#include "core.h"

static inline bool crm_is_ascii(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return false;
	return true;
}

/* NFKC of the UTF-8 text s[0..len) into buf, which holds the result and the
 * code points of the part being normalised (4 bytes each): *outlen bytes of
 * UTF-8 at buf. Runs of ASCII are copied, so a mostly-ASCII text needs
 * little more than its length. Never allocates. Errors: CRM_ELIMIT (buf too
 * small), CRM_EINVAL (s is not valid UTF-8). */
int crm_nfkc(const char *s, size_t len, char *buf, size_t cap, size_t *outlen);

/* Traditional to simplified Chinese with OpenCC's t2s dictionaries, loaded
 * once per ruleset and then read-only (shared by threads). */
typedef struct crm_t2s crm_t2s;

/* Load the dictionaries from dir (OpenCC's data directory). Errors:
 * CRM_ENOMEM, CRM_EINVAL (missing or unreadable dictionaries), with a
 * message in msg. */
int crm_t2s_open(crm_t2s **out, const crm_allocator *al, const char *dir, char *msg,
                 size_t msgsize);
void crm_t2s_free(crm_t2s *t);

/* Whether t can change s: false when s holds none of the code points that
 * witness a changing key of the dictionaries (then the conversion is s
 * itself, and OpenCC need not run: most simplified Chinese, all ASCII).
 * Never allocates; a false is exact (check_text.c). */
bool crm_t2s_may_change(const crm_t2s *t, const char *s, size_t len);

/* Convert s[0..len) into buf (cap bytes): *outlen bytes. OpenCC allocates
 * while it converts (its own heap, not t's allocator). Errors: CRM_ELIMIT
 * (the result does not fit), CRM_ENOMEM (OpenCC ran out of memory),
 * CRM_EINVAL (OpenCC refused the text). */
int crm_t2s_convert(const crm_t2s *t, const char *s, size_t len, char *buf, size_t cap,
                    size_t *outlen);

#endif

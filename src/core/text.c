/* SPDX-License-Identifier: MIT */
/* text.c - NFKC with utf8proc (the only file that includes <utf8proc.h>) and
 * the traditional-to-simplified fold around OpenCC (opencc.cpp). */
#include <stdio.h>
#include <utf8proc.h>

#include "opencc.h"
#include "text.h"

/* ---- NFKC ------------------------------------------------------------------ */

/* utf8proc_NFKC's options, without NULLTERM: the length is given. */
#define NFKC_OPTIONS (UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT)

static int nfkc_error(utf8proc_ssize_t rc)
{
	return rc == UTF8PROC_ERROR_NOMEM || rc == UTF8PROC_ERROR_OVERFLOW ? CRM_ELIMIT
	                                                                   : CRM_EINVAL;
}

/* NFKC of s[0..len) appended at buf + *o: the code points go to the first
 * 4-aligned address after the output, are composed there, re-encoded in
 * place (utf8proc_reencode), then moved down to the output. */
static int nfkc_part(const unsigned char *s, size_t len, char *buf, size_t cap, size_t *o)
{
	size_t at = *o + ((4 - ((uintptr_t)(buf + *o) & 3)) & 3);
	/* reencode writes a NUL after the text: one byte more than the code points */
	if (at >= cap)
		return CRM_ELIMIT;
	size_t room = (cap - at - 1) / sizeof(utf8proc_int32_t);
	utf8proc_int32_t *cps = (utf8proc_int32_t *)(void *)(buf + at);
	utf8proc_ssize_t n = utf8proc_decompose_custom(s, (utf8proc_ssize_t)len, cps,
	                                               (utf8proc_ssize_t)room, NFKC_OPTIONS,
	                                               NULL, NULL);
	if (n < 0)
		return nfkc_error(n);
	if ((size_t)n > room)
		return CRM_ELIMIT;
	utf8proc_ssize_t bytes = utf8proc_reencode(cps, n, NFKC_OPTIONS);
	if (bytes < 0)
		return nfkc_error(bytes);
	memmove(buf + *o, cps, (size_t)bytes);
	*o += (size_t)bytes;
	return 0;
}

/* A boundary before an ASCII character is a normalisation boundary: ASCII
 * characters are starters that never compose with what precedes them (no
 * canonical composition has an ASCII second element), and NFKC leaves them
 * as they are. So ASCII runs are copied, and each non-ASCII run is
 * normalised with the one ASCII character before it (which may compose with
 * the combining marks that follow: "e" U+0301 is "é"). check_text.c tests
 * this against utf8proc_NFKC on whole strings. */
int crm_nfkc(const char *str, size_t len, char *buf, size_t cap, size_t *outlen)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, o = 0;
	while (i < len) {
		size_t j = i;
		while (j < len && s[j] < 0x80)
			j++;
		size_t start = j < len && j > i ? j - 1 : j;
		if (start - i > cap - o)
			return CRM_ELIMIT;
		memcpy(buf + o, s + i, start - i);
		o += start - i;
		if (j == len)
			break;
		size_t k = j;
		while (k < len && s[k] >= 0x80)
			k++;
		int rc = nfkc_part(s + start, k - start, buf, cap, &o);
		if (rc)
			return rc;
		i = k;
	}
	*outlen = o;
	return 0;
}

/* ---- traditional to simplified ----------------------------------------------- */

/* Code points below this have a bit each: is it a witness, a code point of
 * a key that changes (crm_opencc_witnesses)? Above it (planes 3 and up),
 * assume so. */
#define STARTS_LIMIT 0x30000u

struct crm_t2s {
	const crm_allocator *al;
	void *cc;        /* opencc.cpp's converter */
	uint8_t *starts; /* STARTS_LIMIT bits, or NULL: every text may change */
};

static void add_start(void *ud, uint32_t cp)
{
	crm_t2s *t = ud;
	if (cp < STARTS_LIMIT)
		t->starts[cp >> 3] |= (uint8_t)(1u << (cp & 7));
}

int crm_t2s_open(crm_t2s **out, const crm_allocator *al, const char *dir, char *msg,
                 size_t msgsize)
{
	*out = NULL;
	crm_t2s *t = crm_calloc(al, 1, sizeof *t);
	if (!t) {
		snprintf(msg, msgsize, "out of memory");
		return CRM_ENOMEM;
	}
	t->al = al;
	int rc = 0;
	t->cc = crm_opencc_open(dir, &rc, msg, msgsize);
	if (!t->cc) {
		crm_t2s_free(t);
		return rc;
	}
	t->starts = crm_calloc(al, STARTS_LIMIT / 8, 1);
	rc = t->starts ? crm_opencc_witnesses(t->cc, add_start, t) : CRM_ENOMEM;
	if (rc == CRM_ENOMEM) {
		snprintf(msg, msgsize, "out of memory");
		crm_t2s_free(t);
		return rc;
	}
	if (rc) {
		/* the keys could not be read: no shortcut, OpenCC sees every text */
		crm_free(al, t->starts);
		t->starts = NULL;
	}
	*out = t;
	return 0;
}

void crm_t2s_free(crm_t2s *t)
{
	if (!t)
		return;
	if (t->cc)
		crm_opencc_close(t->cc);
	crm_free(t->al, t->starts);
	crm_free(t->al, t);
}

bool crm_t2s_may_change(const crm_t2s *t, const char *str, size_t len)
{
	if (!t->starts)
		return true;
	const unsigned char *s = (const unsigned char *)str;
	for (size_t i = 0; i < len;) {
		uint32_t c = s[i];
		size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
		if (n > len - i)
			return true; /* not UTF-8: OpenCC decides */
		if (n == 2)
			c = (c & 0x1F) << 6 | (s[i + 1] & 0x3Fu);
		else if (n == 3)
			c = (c & 0x0F) << 12 | (s[i + 1] & 0x3Fu) << 6 | (s[i + 2] & 0x3Fu);
		else if (n == 4)
			c = (c & 0x07) << 18 | (s[i + 1] & 0x3Fu) << 12 | (s[i + 2] & 0x3Fu) << 6 |
			    (s[i + 3] & 0x3Fu);
		if (c >= STARTS_LIMIT || (t->starts[c >> 3] >> (c & 7) & 1))
			return true;
		i += n;
	}
	return false;
}

/* OpenCC reads a text up to its first NUL byte: convert the parts between
 * them, and keep the NULs. It trusts a lead byte's length, and reads past
 * the end of a truncated sequence (valgrind): the text is checked first
 * (the library's strings are UTF-8 already; this guards the call). */
int crm_t2s_convert(const crm_t2s *t, const char *s, size_t len, char *buf, size_t cap,
                    size_t *outlen)
{
	if (!crm_utf8_valid(s, len))
		return CRM_EINVAL;
	size_t i = 0, o = 0;
	while (i < len) {
		const char *nul = memchr(s + i, '\0', len - i);
		size_t part = nul ? (size_t)(nul - (s + i)) : len - i, n = 0;
		if (part) {
			int rc = crm_opencc_convert(t->cc, s + i, part, buf + o, cap - o, &n);
			if (rc)
				return rc;
			o += n;
			i += part;
		}
		if (nul) {
			if (o == cap)
				return CRM_ELIMIT;
			buf[o++] = '\0';
			i++;
		}
	}
	*outlen = o;
	return 0;
}

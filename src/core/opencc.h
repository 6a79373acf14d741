/* SPDX-License-Identifier: MIT */
/* opencc.h - the OpenCC converter behind crm_t2s (text.c), as C calls that
 * never throw: opencc.cpp is the only file that includes OpenCC's headers. */
#ifndef CRM_OPENCC_H
#define CRM_OPENCC_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* OpenCC's t2s conversion with the dictionaries in dir, or NULL with *code
 * (CRM_ENOMEM, CRM_EINVAL) and a message in msg. */
void *crm_opencc_open(const char *dir, int *code, char *msg, size_t msgsize);
void crm_opencc_close(void *cc);
/* Call add(ud, cp) with one code point of every dictionary key whose
 * conversion differs from it: a text with none of them is its own
 * conversion. 0, or CRM_ENOMEM / CRM_EINVAL. */
int crm_opencc_witnesses(void *cc, void (*add)(void *ud, uint32_t cp), void *ud);
/* Convert s[0..len) (no NUL byte in it) into buf (cap bytes): *outlen
 * bytes. 0, CRM_ELIMIT (does not fit), CRM_ENOMEM, CRM_EINVAL. */
int crm_opencc_convert(const void *cc, const char *s, size_t len, char *buf, size_t cap,
                       size_t *outlen);

#ifdef __cplusplus
}
#endif

#endif

/* SPDX-License-Identifier: MIT */
/* narrow.h - a host struct whose members are narrower than their facts'
 * ranges (a uint8_t for an int fact of [0..100] or [0..1200], a bool): the
 * generated code compares only the ends such a member can pass, as a
 * comparison always false is a warning (-Wtype-limits, in -Wextra). */
#ifndef NARROW_H
#define NARROW_H

#include <stdbool.h>
#include <stdint.h>

typedef struct narrow {
	uint8_t years;
	uint8_t months;
	bool bad;
} narrow;

#endif

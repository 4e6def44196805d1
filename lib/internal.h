/* SPDX-License-Identifier: MIT */
/*
 * libmemshare internals: not installed, not part of the ABI.  The host unit
 * tests link the static library and may use what is declared here.
 */
#ifndef MS_INTERNAL_H
#define MS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "memshare.h"

/* Marks a public function; the version script lists the same names. */
#define MS_EXPORT __attribute__((visibility("default")))

#define MS_VERSION_STRING "0.3.0"

#ifndef offsetofend
#define offsetofend(TYPE, FIELD) \
	(offsetof(TYPE, FIELD) + sizeof(((TYPE *)0)->FIELD))
#endif

/*
 * libbpf's OPTS_VALID rules for an options struct of @known bytes (what
 * this library knows of it) that the caller says is @user_sz bytes:
 * user_sz must cover at least the sz field itself, and the bytes past
 * @known that the caller has must all be zero (a newer caller asking for
 * a feature this library does not have).
 */
bool ms__opts_valid(const void *opts, size_t known, size_t user_sz);

/* Does an options struct of @sz bytes include FIELD? (libbpf's OPTS_HAS) */
#define MS_OPTS_HAS(opts, field) \
	((opts) && (opts)->sz >= offsetofend(__typeof__(*(opts)), field))
/* FIELD, or @fallback when the caller's struct is too old to have it. */
#define MS_OPTS_GET(opts, field, fallback) \
	(MS_OPTS_HAS(opts, field) ? (opts)->field : (fallback))

/* ms_named_foreach() over the class directory @dir (tests use a tmpdir). */
int ms__named_foreach_dir(const char *dir,
			  int (*cb)(const char *name, void *arg), void *arg);

/* The two CRC-32C implementations behind ms_crc32c(), for the tests. */
uint32_t ms__crc32c_sw(uint32_t crc, const void *data, size_t len);
/* Hardware (SSE4.2 crc32); valid only when ms__crc32c_hw_ok(). */
uint32_t ms__crc32c_hw(uint32_t crc, const void *data, size_t len);
bool ms__crc32c_hw_ok(void);

#endif /* MS_INTERNAL_H */

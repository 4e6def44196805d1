/* SPDX-License-Identifier: MIT */
/*
 * Error reporting for the memshare CLI.  Every failure is one line:
 *	memshare: WHAT: ENAME (strerror)[; hint: HINT]
 */
#ifndef MEMSHARE_TOOLS_ERRORS_H
#define MEMSHARE_TOOLS_ERRORS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/memshare.h>

/* Where an error happened: it selects the hint. */
enum cli_ctx {
	CLI_CTX_GENERIC,
	CLI_CTX_CONTROL,	/* opening or using /dev/memshare */
	CLI_CTX_SYSFS,		/* listing /sys/class/memshare */
	CLI_CTX_NAMED,		/* a named buffer: open, destroy, read */
	CLI_CTX_CREATE,		/* creating a buffer */
	CLI_CTX_WRITE,		/* writing into a buffer */
	CLI_CTX_PIN,		/* pinning user memory (MEMSHARE_IOC_PIN) */
	CLI_CTX_PIN_ACCESS,	/* the kernel's access to a pin */
	CLI_CTX_XLATE,		/* address translation (xlate, maps) */
	CLI_CTX_KADDR,		/* kernel address classification */
};

/* cli_pin_hint()'s @memlock when RLIMIT_MEMLOCK is unlimited */
#define CLI_MEMLOCK_UNLIMITED	UINT64_MAX

/* "ENOENT" for ENOENT (or -ENOENT); NULL when unknown. */
const char *cli_errno_name(int err);

/*
 * Format the error line (without a newline) into @buf; @err may be negative,
 * @hint NULL.  Returns what snprintf() returns.
 */
int cli_format_error(char *buf, size_t size, const char *what, int err,
		     const char *hint);

/* A fixed hint for @err in @ctx, or NULL. */
const char *cli_hint(enum cli_ctx ctx, int err);

/*
 * The hint for a failed create: names the module limit that the request
 * exceeds when @v (the module's limits and counters, may be NULL) shows
 * one.  Returns @buf, a fixed string or NULL.
 */
const char *cli_create_hint(char *buf, size_t size, int err,
			    const char *name, uint64_t length,
			    uint32_t backend,
			    const struct memshare_version *v);

/*
 * The hint for a failed pin of @length bytes (whole pages: what is charged)
 * with @write/@longterm access: for ENOMEM, the module's max_pin_bytes when
 * @v (may be NULL) shows the request over it, else for a long-term pin
 * RLIMIT_MEMLOCK (soft limit @memlock bytes, or CLI_MEMLOCK_UNLIMITED) and
 * how to raise it.  Returns @buf, a fixed string or NULL.
 */
const char *cli_pin_hint(char *buf, size_t size, int err, uint64_t length,
			 bool write, bool longterm, uint64_t memlock,
			 const struct memshare_version *v);

/*
 * The hint for a failed translation (ms_xlate_new(), ms_xlate_addrs(),
 * ms_xlate_range()) of another process (@other_pid) or memshare itself,
 * with --read (@read) and the backend asked for (enum ms_xlate_backend).
 */
const char *cli_xlate_hint(int err, bool other_pid, bool read, int backend);

/* "4096 bytes" under 1 KiB, else "64 KiB", "1.5 MiB", ... */
int cli_format_size(char *buf, size_t size, uint64_t bytes);

/* 1 to MEMSHARE_NAME_MAX - 1 characters of [A-Za-z0-9_.-], not . or .. */
bool cli_name_valid(const char *name);

#endif /* MEMSHARE_TOOLS_ERRORS_H */

/* SPDX-License-Identifier: MIT */
/*
 * mstest.h: helpers shared by the memshare test programs (tests/vm/).
 *
 * Conventions of the VM suite (tests/vm/runtests.sh):
 *  - exit 0: pass, 1: fail, 77: skip;
 *  - a failure prints "FAIL: <what> (got X, want Y) [file:line]";
 *  - a skip prints "SKIP: <reason>" as the last line of output;
 *  - every named buffer a test creates is destroyed at exit (atexit), so
 *    that the module's counters are exact after the suite.
 *
 * Everything here is static: each test is a single translation unit.
 */
#ifndef MSTEST_H
#define MSTEST_H

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/utsname.h>
#include <sys/wait.h>

#include <linux/memshare.h>
#include <memshare.h>

#define MST_PAGE	4096UL

/* The param buffers the suite is booted with. */
#define MST_SEED	"seed004"
#define MST_SEED_SIZE	(64UL << 10)
#define MST_SEEDC	"seed004c"
#define MST_SEEDC_SIZE	(1UL << 20)

/* ------------------------------------------------------------------ */
/* Reporting */

static const char *mst_test_name __attribute__((unused)) = "?";

static inline const char *mst_errname(int e)
{
	const char *n = strerrorname_np(e);

	return n ? n : "E?";
}

/* "0" / "42" for a non-negative result, "-EINVAL" for a negative errno. */
static inline const char *mst_res(long r)
{
	static char bufs[4][48];
	static int i;
	char *b = bufs[i++ & 3];

	if (r < 0 && r > -4096)
		snprintf(b, sizeof(bufs[0]), "-%s", mst_errname((int)-r));
	else
		snprintf(b, sizeof(bufs[0]), "%ld", r);
	return b;
}

__attribute__((format(printf, 3, 4), noreturn))
static inline void mst_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	printf("FAIL: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(" [%s:%d]\n", file, line);
	fflush(stdout);
	exit(1);
}

__attribute__((format(printf, 1, 2), noreturn))
static inline void mst_skip(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	printf("SKIP: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	exit(77);
}

__attribute__((format(printf, 1, 2)))
static inline void mst_note(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

#define FAIL(...)	mst_fail(__FILE__, __LINE__, __VA_ARGS__)
#define SKIP(...)	mst_skip(__VA_ARGS__)
#define NOTE(...)	mst_note(__VA_ARGS__)

static inline void mst_pass(void)
{
	printf("PASS: %s\n", mst_test_name);
	fflush(stdout);
	exit(0);
}
#define PASS()		mst_pass()

/* A syscall's result as the library's convention: value or -errno. */
#define SYSRES(expr) ({ long r_ = (long)(expr); r_ < 0 ? (long)-errno : r_; })

#define CHECK(cond, ...) do { if (!(cond)) FAIL(__VA_ARGS__); } while (0)

/* Unsigned equality, printed in decimal. */
#define CHECK_EQ(got, want, what) do {					\
	unsigned long long g_ = (unsigned long long)(got);		\
	unsigned long long w_ = (unsigned long long)(want);		\
	if (g_ != w_)							\
		FAIL("%s (got %llu, want %llu)", (what), g_, w_);	\
} while (0)

/* Unsigned equality, printed in hex. */
#define CHECK_EQX(got, want, what) do {					\
	unsigned long long g_ = (unsigned long long)(got);		\
	unsigned long long w_ = (unsigned long long)(want);		\
	if (g_ != w_)							\
		FAIL("%s (got 0x%llx, want 0x%llx)", (what), g_, w_);	\
} while (0)

/* @res (value or -errno) must be exactly -@err. */
#define CHECK_ERR(res, err, what) do {					\
	long r_ = (long)(res);						\
	if (r_ != -(long)(err))						\
		FAIL("%s (got %s, want -%s)", (what), mst_res(r_),	\
		     mst_errname(err));					\
} while (0)

/* @res (value or -errno) must be >= 0; evaluates to it. */
#define CHECK_OK(res, what) ({						\
	long r_ = (long)(res);						\
	if (r_ < 0)							\
		FAIL("%s (got %s, want success)", (what), mst_res(r_));	\
	r_;								\
})

/* ------------------------------------------------------------------ */
/* Environment */

static inline void mst_init(const char *name)
{
	mst_test_name = name;
	setvbuf(stdout, NULL, _IOLBF, 0);
}
#define MST_INIT()	mst_init(__FILE__)

static inline bool mst_have_cap_sys_admin(void)
{
	char line[256];
	bool ret = false;
	FILE *f = fopen("/proc/self/status", "r");

	if (!f)
		return geteuid() == 0;
	while (fgets(line, sizeof(line), f)) {
		unsigned long long caps;

		if (sscanf(line, "CapEff: %llx", &caps) == 1) {
			ret = caps & (1ULL << 21);	/* CAP_SYS_ADMIN */
			break;
		}
	}
	fclose(f);
	return ret;
}

static inline void mst_require_root(void)
{
	if (!mst_have_cap_sys_admin())
		SKIP("needs CAP_SYS_ADMIN (run as root)");
}

static inline void mst_require_unpriv(void)
{
	if (geteuid() == 0 || mst_have_cap_sys_admin())
		SKIP("must run as an unprivileged user without CAP_SYS_ADMIN");
}

/* Read a small text file; strips one trailing newline; -errno on error. */
static inline int mst_read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	if (n < 0) {
		int e = errno;

		close(fd);
		return -e;
	}
	close(fd);
	buf[n] = 0;
	if (n > 0 && buf[n - 1] == '\n')
		buf[n - 1] = 0;
	return (int)n;
}

/* Write a string to a file (sysfs, procfs); -errno on error. */
static inline int mst_write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, s, strlen(s));
	if (n < 0) {
		int e = errno;

		close(fd);
		return -e;
	}
	close(fd);
	return 0;
}

static inline bool mst_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* Wait up to ~2 s for @path to (dis)appear; returns whether it exists. */
static inline bool mst_wait_path(const char *path, bool want)
{
	for (int i = 0; i < 200; i++) {
		if (mst_exists(path) == want)
			return want;
		usleep(10000);
	}
	return !want;
}

/* A module parameter, as text; -errno if absent. */
static inline int mst_param(const char *name, char *buf, size_t size)
{
	char path[256];

	snprintf(path, sizeof(path), "/sys/module/memshare/parameters/%s", name);
	return mst_read_file(path, buf, size);
}

/* A mode parameter ("0600", "384" or "600" as octal); @dflt if absent. */
static inline unsigned int mst_param_mode(const char *name, unsigned int dflt)
{
	char buf[64];
	char *end;
	unsigned long v;

	if (mst_param(name, buf, sizeof(buf)) <= 0)
		return dflt;
	if (buf[0] == '0' && buf[1] == 'x')
		v = strtoul(buf, &end, 16);
	else if (buf[0] == '0')
		v = strtoul(buf, &end, 8);
	else
		v = strtoul(buf, &end, 10);
	return (unsigned int)v & 07777;
}

/* uname -r as major * 1000 + minor. */
static inline int mst_kernel_version(void)
{
	struct utsname u;
	int maj = 0, min = 0;

	if (uname(&u) < 0 || sscanf(u.release, "%d.%d", &maj, &min) != 2)
		return 0;
	return maj * 1000 + min;
}

/* ------------------------------------------------------------------ */
/* Raw interface */

static inline long mst_ioctl(int fd, unsigned long cmd, void *arg)
{
	return SYSRES(ioctl(fd, cmd, arg));
}

/* Open the control device; a test cannot work without it. */
static inline int mst_ctl(void)
{
	int fd = open(MS_CONTROL_PATH, O_RDWR | O_CLOEXEC);

	if (fd < 0)
		FAIL("open(%s) (got -%s, want an fd): is the module loaded?",
		     MS_CONTROL_PATH, mst_errname(errno));
	return fd;
}

static inline struct memshare_version mst_version(int ctl)
{
	struct memshare_version v;

	memset(&v, 0, sizeof(v));
	v.size = sizeof(v);
	CHECK_OK(mst_ioctl(ctl, MEMSHARE_IOC_VERSION, &v), "MEMSHARE_IOC_VERSION");
	return v;
}

static inline void mst_create_init(struct memshare_create *c, uint64_t len)
{
	memset(c, 0, sizeof(*c));
	c->size = sizeof(*c);
	c->length = len;
	c->fd = -1;
}

/* Raw CREATE of an anonymous buffer: fd or -errno. */
static inline long mst_create_raw(int ctl, uint64_t len, uint32_t backend,
				  uint32_t policy)
{
	struct memshare_create c;
	long r;

	mst_create_init(&c, len);
	c.backend = backend;
	c.policy = policy;
	r = mst_ioctl(ctl, MEMSHARE_IOC_CREATE, &c);
	return r < 0 ? r : c.fd;
}


/*
 * Issue @cmd with a copy of the struct @s (@ssize bytes) at the start of a
 * zeroed buffer of @bufsize bytes, with the size field set to @usize and,
 * if @nz_off >= 0, byte @nz_off of the buffer set to 0x5a.  The buffer
 * after the call is copied to @out (@bufsize bytes) when @out is non-NULL.
 */
static inline long mst_ioctl_sized(int fd, unsigned long cmd, const void *s,
				   size_t ssize, size_t bufsize, uint32_t usize,
				   long nz_off, void *out)
{
	uint8_t *b = calloc(1, bufsize < ssize ? ssize : bufsize);
	long r;

	if (!b)
		FAIL("calloc(%zu)", bufsize);
	memcpy(b, s, ssize);
	memcpy(b, &usize, sizeof(usize));
	if (nz_off >= 0)
		b[nz_off] = 0x5a;
	r = mst_ioctl(fd, cmd, b);
	if (out)
		memcpy(out, b, bufsize);
	free(b);
	return r;
}

/* ------------------------------------------------------------------ */
/* Named buffers created by a test are destroyed at exit. */

#define MST_MAX_TRACKED 128
__attribute__((unused)) static char mst_tracked[MST_MAX_TRACKED][MEMSHARE_NAME_MAX];
__attribute__((unused)) static int mst_nr_tracked;
__attribute__((unused)) static pid_t mst_tracked_pid;

static inline void mst_destroy_tracked(void)
{
	int ctl;

	if (getpid() != mst_tracked_pid)
		return;
	ctl = open(MS_CONTROL_PATH, O_RDWR | O_CLOEXEC);
	if (ctl < 0)
		return;
	for (int i = 0; i < mst_nr_tracked; i++) {
		struct memshare_destroy d;

		if (!mst_tracked[i][0])
			continue;
		memset(&d, 0, sizeof(d));
		d.size = sizeof(d);
		memcpy(d.name, mst_tracked[i], sizeof(d.name));
		if (ioctl(ctl, MEMSHARE_IOC_DESTROY, &d) == 0)
			printf("# cleanup: destroyed leftover named buffer %s\n",
			       mst_tracked[i]);
	}
	close(ctl);
}

/*
 * Length of a name, at most MEMSHARE_NAME_MAX - 1: strnlen() with that bound
 * makes gcc warn about short string literals (-Wstringop-overread).
 */
static inline size_t mst_namelen(const char *s)
{
	size_t n = 0;

	while (n < MEMSHARE_NAME_MAX - 1 && s[n])
		n++;
	return n;
}

static inline void mst_track(const char *name)
{
	if (!mst_nr_tracked) {
		mst_tracked_pid = getpid();
		atexit(mst_destroy_tracked);
	}
	for (int i = 0; i < mst_nr_tracked; i++)
		if (!strncmp(mst_tracked[i], name, MEMSHARE_NAME_MAX))
			return;
	if (mst_nr_tracked < MST_MAX_TRACKED)
		memcpy(mst_tracked[mst_nr_tracked++], name, mst_namelen(name));
}

static inline void mst_untrack(const char *name)
{
	for (int i = 0; i < mst_nr_tracked; i++)
		if (!strncmp(mst_tracked[i], name, MEMSHARE_NAME_MAX))
			mst_tracked[i][0] = 0;
}

/* What mst_create_named_raw() returns for a NO_FD create that gave fd -1. */
#define MST_NOFD 0x7fffffffL

/*
 * Raw CREATE of a named buffer (tracked for cleanup when created): the fd,
 * MST_NOFD for a MEMSHARE_CREATE_NO_FD create whose output fd is -1 (any
 * other output fd is returned as it is), or -errno.
 */
/* Copy a name into a NAME_MAX field, zero-padded, truncated to 31 chars. */
static inline void mst_setname(char *dst, const char *src)
{
	memset(dst, 0, MEMSHARE_NAME_MAX);
	memcpy(dst, src, mst_namelen(src));
}

static inline long mst_create_named_raw(int ctl, const char *name, uint64_t len,
					uint32_t backend, uint32_t policy,
					uint32_t extra_flags)
{
	struct memshare_create c;
	long r;

	mst_create_init(&c, len);
	c.flags = MEMSHARE_CREATE_NAMED | extra_flags;
	c.backend = backend;
	c.policy = policy;
	mst_setname(c.name, name);
	r = mst_ioctl(ctl, MEMSHARE_IOC_CREATE, &c);
	if (r < 0)
		return r;
	mst_track(name);
	if ((extra_flags & MEMSHARE_CREATE_NO_FD) && c.fd == -1)
		return MST_NOFD;
	return c.fd;
}

static inline long mst_destroy_raw(int ctl, const char *name)
{
	struct memshare_destroy d;
	long r;

	memset(&d, 0, sizeof(d));
	d.size = sizeof(d);
	mst_setname(d.name, name);
	r = mst_ioctl(ctl, MEMSHARE_IOC_DESTROY, &d);
	if (r == 0)
		mst_untrack(name);
	return r;
}

static inline long mst_open_raw(int ctl, const char *name)
{
	struct memshare_open o;
	long r;

	memset(&o, 0, sizeof(o));
	o.size = sizeof(o);
	o.fd = -1;
	mst_setname(o.name, name);
	r = mst_ioctl(ctl, MEMSHARE_IOC_OPEN, &o);
	return r < 0 ? r : o.fd;
}

/* ------------------------------------------------------------------ */
/* Library-based helpers for the happy paths (fail the test on error). */

static inline int mst_create(int ctl, uint64_t len, uint32_t backend,
			     uint32_t policy)
{
	MS_OPTS(ms_create_opts, o, .backend = backend, .policy = policy);
	int fd = ms_create(ctl, len, &o);

	if (fd < 0)
		FAIL("ms_create(%" PRIu64 ", backend %u, policy %u) (got %s, want an fd)",
		     len, backend, policy, mst_res(fd));
	return fd;
}

static inline int mst_create_named(int ctl, const char *name, uint64_t len,
				   uint32_t backend, uint32_t policy)
{
	MS_OPTS(ms_create_opts, o, .backend = backend, .policy = policy,
		.name = name);
	int fd;

	mst_track(name);	/* before: a leftover from a crash is cleaned too */
	fd = ms_create(ctl, len, &o);
	if (fd < 0)
		FAIL("ms_create(\"%s\", %" PRIu64 ") (got %s, want an fd)",
		     name, len, mst_res(fd));
	return fd;
}

static inline void mst_destroy(int ctl, const char *name)
{
	int r = ms_destroy(ctl, name);

	if (r < 0)
		FAIL("ms_destroy(\"%s\") (got %s, want 0)", name, mst_res(r));
	mst_untrack(name);
}

static inline void *mst_map(int fd, uint64_t off, size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)off);

	if (p == MAP_FAILED)
		FAIL("mmap(MAP_SHARED, off %" PRIu64 ", len %zu) (got -%s, want a mapping)",
		     off, len, mst_errname(errno));
	return p;
}

static inline void mst_unmap(void *p, size_t len)
{
	if (munmap(p, len) < 0)
		FAIL("munmap(%p, %zu) (got -%s, want 0)", p, len, mst_errname(errno));
}

static inline struct memshare_buf_info mst_binfo(int fd)
{
	struct memshare_buf_info i;

	memset(&i, 0, sizeof(i));
	i.size = sizeof(i);
	CHECK_OK(mst_ioctl(fd, MEMSHARE_IOC_BUF_INFO, &i), "MEMSHARE_IOC_BUF_INFO");
	return i;
}

/* PFNs of pages [first, first+count) via raw BUF_INFO; returns the count. */
static inline uint64_t mst_pfns(int fd, uint64_t first, uint64_t *pfns,
				uint64_t count)
{
	struct memshare_buf_info i;

	memset(&i, 0, sizeof(i));
	i.size = sizeof(i);
	i.pfns_ptr = (uintptr_t)pfns;
	i.pfns_first = first;
	i.pfns_count = count;
	CHECK_OK(mst_ioctl(fd, MEMSHARE_IOC_BUF_INFO, &i),
		 "MEMSHARE_IOC_BUF_INFO with pfns");
	CHECK_EQ(i.pfns_count, count, "BUF_INFO pfns_count written");
	return i.pfns_count;
}

/* Raw ACCESS: 0 or -errno; *crc receives the CRC for op CRC32C. */
static inline long mst_access(int fd, uint32_t op, uint64_t off, uint64_t len,
			      uint32_t fill, const void *ptr, uint32_t *crc)
{
	struct memshare_access a;
	long r;

	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	a.op = op;
	a.fill = fill;
	a.offset = off;
	a.length = len;
	a.user_ptr = (uintptr_t)ptr;
	r = mst_ioctl(fd, MEMSHARE_IOC_ACCESS, &a);
	if (r == 0 && crc)
		*crc = a.crc32c;
	return r;
}

/* The kernel's CRC-32C of a range (fails the test on error). */
static inline uint32_t mst_kcrc(int fd, uint64_t off, uint64_t len)
{
	uint32_t crc = 0;
	long r = mst_access(fd, MEMSHARE_ACCESS_CRC32C, off, len, 0, NULL, &crc);

	if (r < 0)
		FAIL("ACCESS CRC32C [%" PRIu64 ", +%" PRIu64 ") (got %s, want 0)",
		     off, len, mst_res(r));
	return crc;
}

/* Deterministic pseudo-random bytes. */
static inline void mst_pattern(void *p, size_t len, uint32_t seed)
{
	uint8_t *b = p;
	uint32_t x = seed * 2654435761u + 12345;

	for (size_t i = 0; i < len; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		b[i] = (uint8_t)(x >> 7);
	}
}

/* Index of the first byte differing from @c, or -1. */
static inline long mst_find_not(const void *p, size_t len, uint8_t c)
{
	const uint8_t *b = p;

	for (size_t i = 0; i < len; i++)
		if (b[i] != c)
			return (long)i;
	return -1;
}

/* Read one byte per page so that every page is faulted in. */
static inline void mst_touch_read(const void *p, size_t len)
{
	const volatile uint8_t *b = p;

	for (size_t off = 0; off < len; off += MST_PAGE)
		(void)b[off];
}

static inline long mst_minflt(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt;
}

/*
 * The PFN /proc/self/pagemap shows for @addr (root only), 0 if the page is
 * not present; fails the test on I/O errors.
 */
static inline uint64_t mst_pagemap_pfn(const void *addr)
{
	static int fd = -1;
	uint64_t e;
	off_t off = (off_t)((uintptr_t)addr / MST_PAGE * 8);

	if (fd < 0)
		fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		FAIL("open(/proc/self/pagemap) (got -%s)", mst_errname(errno));
	if (pread(fd, &e, sizeof(e), off) != sizeof(e))
		FAIL("pread(/proc/self/pagemap) (got -%s)", mst_errname(errno));
	if (!(e & (1ULL << 63)))
		return 0;
	return e & ((1ULL << 55) - 1);
}

/* Every page of @map (len bytes) must be mapped to pfns[i]. */
static inline void mst_check_pagemap(const void *map, size_t len,
				     const uint64_t *pfns, const char *what)
{
	mst_touch_read(map, len);
	for (size_t i = 0; i < len / MST_PAGE; i++) {
		uint64_t pfn = mst_pagemap_pfn((const char *)map + i * MST_PAGE);

		if (pfn != pfns[i])
			FAIL("%s: pagemap PFN of page %zu (got 0x%" PRIx64
			     ", want 0x%" PRIx64 " from BUF_INFO)",
			     what, i, pfn, pfns[i]);
	}
}

/* ------------------------------------------------------------------ */
/* Kernel log (/dev/kmsg, root) */

/* Open /dev/kmsg positioned after the last record; -1 if unavailable. */
static inline int mst_kmsg_open(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd >= 0)
		lseek(fd, 0, SEEK_END);
	return fd;
}

/*
 * Collect the messages logged since mst_kmsg_open() into @out (one per
 * line, without the prio/seq prefix), waiting up to @ms ms for one that
 * contains all the non-NULL needles.  Returns whether one was found.
 */
static inline bool mst_kmsg_find(int fd, char *out, size_t outsz, int ms,
				 const char *n1, const char *n2, const char *n3)
{
	size_t used = strlen(out);

	for (int waited = 0;; waited += 10) {
		char rec[8192];
		ssize_t n;

		while ((n = read(fd, rec, sizeof(rec) - 1)) > 0) {
			char *msg, *nl;

			rec[n] = 0;
			msg = strchr(rec, ';');
			msg = msg ? msg + 1 : rec;
			nl = strchr(msg, '\n');
			if (nl)
				*nl = 0;
			if (used + strlen(msg) + 2 < outsz) {
				used += (size_t)sprintf(out + used, "%s\n", msg);
			}
			if ((!n1 || strstr(msg, n1)) && (!n2 || strstr(msg, n2)) &&
			    (!n3 || strstr(msg, n3)))
				return true;
		}
		if (n < 0 && errno == EPIPE)
			continue;	/* overwritten records: go on */
		if (waited >= ms)
			return false;
		usleep(10000);
	}
}

/* ------------------------------------------------------------------ */
/* Param buffers */

static inline void mst_require_seed(const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), "/dev/memshare-%s", name);
	if (!mst_exists(path))
		SKIP("param buffer %s absent (boot with buffers=seed004:64K,seed004c:1M:contig)",
		     name);
}

/* Fork; the child runs fn(arg) and _exits with its return value. */
static inline int mst_wait_child(pid_t pid, const char *what)
{
	int st;

	if (waitpid(pid, &st, 0) != pid)
		FAIL("waitpid(%s) (got -%s)", what, mst_errname(errno));
	if (WIFSIGNALED(st))
		FAIL("%s killed by signal %d", what, WTERMSIG(st));
	return WEXITSTATUS(st);
}

/* ------------------------------------------------------------------ */
/* Pins (MEMSHARE_IOC_PIN, PIN_INFO, PIN_ACCESS), raw */

/* Raw PIN: the pin fd or -errno; *nr_pages (if non-NULL) gets nr_pages. */
static inline long mst_pin_raw(int ctl, const void *addr, uint64_t len,
			       uint32_t flags, uint64_t *nr_pages)
{
	struct memshare_pin p;
	long r;

	memset(&p, 0, sizeof(p));
	p.size = sizeof(p);
	p.flags = flags;
	p.addr = (uintptr_t)addr;
	p.length = len;
	p.fd = -1;
	r = mst_ioctl(ctl, MEMSHARE_IOC_PIN, &p);
	if (r < 0)
		return r;
	if (nr_pages)
		*nr_pages = p.nr_pages;
	return p.fd;
}

/* PIN that must work: the pin fd (fails the test otherwise). */
static inline int mst_pin(int ctl, const void *addr, uint64_t len, uint32_t flags)
{
	long r = mst_pin_raw(ctl, addr, len, flags, NULL);

	if (r < 0)
		FAIL("PIN %p +%" PRIu64 " flags 0x%x (got %s, want a pin fd)",
		     addr, len, flags, mst_res(r));
	return (int)r;
}

/* Pages spanned by [addr, addr + len). */
static inline uint64_t mst_span_pages(const void *addr, uint64_t len)
{
	uintptr_t a = (uintptr_t)addr;

	return ((a + len + MST_PAGE - 1) / MST_PAGE) - a / MST_PAGE;
}

/* PIN_INFO without extents (fails the test on error). */
static inline struct memshare_pin_info mst_pin_info(int pin)
{
	struct memshare_pin_info i;

	memset(&i, 0, sizeof(i));
	i.size = sizeof(i);
	CHECK_OK(mst_ioctl(pin, MEMSHARE_IOC_PIN_INFO, &i), "MEMSHARE_IOC_PIN_INFO");
	return i;
}

/*
 * PIN_INFO with up to @count extents into @ext; the info in *@info.
 * Returns the number written (fails the test on error).
 */
static inline uint64_t mst_pin_extents(int pin, struct memshare_extent *ext,
				       uint64_t count, struct memshare_pin_info *info)
{
	struct memshare_pin_info i;

	memset(&i, 0, sizeof(i));
	i.size = sizeof(i);
	i.extents_ptr = (uintptr_t)ext;
	i.extents_count = count;
	CHECK_OK(mst_ioctl(pin, MEMSHARE_IOC_PIN_INFO, &i),
		 "MEMSHARE_IOC_PIN_INFO with extents");
	if (info)
		*info = i;
	return i.extents_count;
}

/* Raw PIN_ACCESS: 0 or -errno; *crc receives the CRC for op CRC32C. */
static inline long mst_pin_access(int pin, uint32_t op, uint64_t off, uint64_t len,
				  uint32_t fill, const void *ptr, int buf_fd,
				  uint64_t buf_off, uint32_t *crc)
{
	struct memshare_pin_access a;
	long r;

	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	a.op = op;
	a.fill = fill;
	a.offset = off;
	a.length = len;
	a.user_ptr = (uintptr_t)ptr;
	a.buf_fd = buf_fd;
	a.buf_offset = buf_off;
	r = mst_ioctl(pin, MEMSHARE_IOC_PIN_ACCESS, &a);
	if (r == 0 && crc)
		*crc = a.crc32c;
	return r;
}

/* The kernel's CRC-32C of a pinned range (fails the test on error). */
static inline uint32_t mst_pin_kcrc(int pin, uint64_t off, uint64_t len)
{
	uint32_t crc = 0;
	long r = mst_pin_access(pin, MEMSHARE_ACCESS_CRC32C, off, len, 0, NULL, 0, 0, &crc);

	if (r < 0)
		FAIL("PIN_ACCESS CRC32C [%" PRIu64 ", +%" PRIu64 ") (got %s, want 0)",
		     off, len, mst_res(r));
	return crc;
}

/* An anonymous private mapping of @len bytes, written (faulted in) with @c. */
static inline uint8_t *mst_anon(size_t len, uint8_t c)
{
	uint8_t *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		FAIL("mmap(anonymous, %zu) (got -%s)", len, mst_errname(errno));
	memset(p, c, len);
	return p;
}

/* A "Name:   N kB" field of /proc/self/status, in kB; -1 if absent. */
static inline long mst_status_kb(const char *name)
{
	char line[256];
	size_t n = strlen(name);
	long v = -1;
	FILE *f = fopen("/proc/self/status", "r");

	if (!f)
		FAIL("fopen(/proc/self/status) (got -%s)", mst_errname(errno));
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, name, n) && line[n] == ':') {
			v = strtol(line + n + 1, NULL, 10);
			break;
		}
	fclose(f);
	return v;
}

/*
 * /proc/vmstat's nr_foll_pin_acquired and nr_foll_pin_released (pages
 * pinned and unpinned with FOLL_PIN since boot).  As root, the per-CPU
 * deltas are folded first (/proc/sys/vm/stat_refresh).  Fails the test if
 * the kernel lacks them.
 */
static inline void mst_foll_pins(uint64_t *acquired, uint64_t *released)
{
	char line[256];
	int found = 0;
	FILE *f;

	if (geteuid() == 0)
		mst_write_file("/proc/sys/vm/stat_refresh", "1");
	f = fopen("/proc/vmstat", "r");
	if (!f)
		FAIL("fopen(/proc/vmstat) (got -%s)", mst_errname(errno));
	while (fgets(line, sizeof(line), f)) {
		unsigned long long v;

		if (sscanf(line, "nr_foll_pin_acquired %llu", &v) == 1) {
			*acquired = v;
			found |= 1;
		} else if (sscanf(line, "nr_foll_pin_released %llu", &v) == 1) {
			*released = v;
			found |= 2;
		}
	}
	fclose(f);
	if (found != 3)
		FAIL("/proc/vmstat lacks nr_foll_pin_acquired/nr_foll_pin_released");
}

/*
 * Every FOLL_PIN pin in the system was released: nr_foll_pin_acquired ==
 * nr_foll_pin_released (root; waits up to ~5 s for releases in flight,
 * e.g. an io_uring teardown).
 */
static inline void mst_check_foll_pins_balanced(const char *what)
{
	uint64_t a = 0, r = 0;

	for (int i = 0; i < 500; i++) {
		mst_foll_pins(&a, &r);
		if (a == r)
			return;
		usleep(10000);
	}
	FAIL("%s: /proc/vmstat nr_foll_pin_acquired %" PRIu64 " != nr_foll_pin_released %"
	     PRIu64 " (%" PRId64 " pages still pinned)", what, a, r, (int64_t)(a - r));
}

/*
 * The module's pin counters are back to @v0's (waits up to ~5 s for
 * releases in flight, e.g. a killed process's files).
 */
static inline void mst_check_pins_back(int ctl, const struct memshare_version *v0,
				       const char *what)
{
	struct memshare_version v;

	for (int i = 0; i < 500; i++) {
		v = mst_version(ctl);
		if (v.nr_pins == v0->nr_pins && v.pinned_pages == v0->pinned_pages)
			return;
		usleep(10000);
	}
	CHECK_EQ(v.nr_pins, v0->nr_pins, what);
	CHECK_EQ(v.pinned_pages, v0->pinned_pages, what);
}

/*
 * The extents of @pin (pinning @len bytes at @addr) are the physically
 * contiguous runs that /proc/self/pagemap shows (root), byte-exact: the
 * first at offset 0 and phys of @addr, the last ending at @len.  Returns
 * the number of extents.
 */
static inline uint64_t mst_check_extents_pagemap(int pin, const void *addr, uint64_t len,
						 const char *what)
{
	uint64_t np = mst_span_pages(addr, len);
	uintptr_t page0 = (uintptr_t)addr & ~(MST_PAGE - 1);
	uint64_t off0 = (uintptr_t)addr & (MST_PAGE - 1);
	struct memshare_extent *ext = calloc(np + 1, sizeof(*ext));
	struct memshare_pin_info info;
	uint64_t n, want = 0, off = 0;

	CHECK(ext != NULL, "calloc");
	n = mst_pin_extents(pin, ext, np + 1, &info);
	CHECK_EQ(info.nr_extents, n, "nr_extents (an array larger than needed)");
	CHECK_EQX(info.flags & MEMSHARE_PIN_INFO_PHYS, MEMSHARE_PIN_INFO_PHYS,
		  "PIN_INFO flags: PHYS (root)");
	for (uint64_t i = 0; i < np;) {
		uint64_t pfn = mst_pagemap_pfn((void *)(page0 + i * MST_PAGE));
		uint64_t j = i + 1, skip = i ? 0 : off0, elen;
		char w[256];

		CHECK(pfn != 0, "%s: pagemap shows no PFN for pinned page %" PRIu64, what, i);
		while (j < np && mst_pagemap_pfn((void *)(page0 + j * MST_PAGE)) == pfn + (j - i))
			j++;
		elen = (j - i) * MST_PAGE - skip;
		if (elen > len - off)
			elen = len - off;
		CHECK(want < n, "%s: more physical runs than the %" PRIu64 " extents", what, n);
		snprintf(w, sizeof(w), "%s: extent %" PRIu64 " offset", what, want);
		CHECK_EQ(ext[want].offset, off, w);
		snprintf(w, sizeof(w), "%s: extent %" PRIu64 " length", what, want);
		CHECK_EQ(ext[want].length, elen, w);
		snprintf(w, sizeof(w), "%s: extent %" PRIu64 " phys_addr", what, want);
		CHECK_EQX(ext[want].phys_addr, pfn * MST_PAGE + skip, w);
		off += elen;
		want++;
		i = j;
	}
	CHECK_EQ(n, want, "number of extents (physical runs in pagemap)");
	free(ext);
	return n;
}

#endif /* MSTEST_H */

// SPDX-License-Identifier: MIT
/*
 * msfuzz: a structured fuzzer for memshare.ko.
 *
 * It knows every memshare ioctl and argument struct and issues valid,
 * boundary and invalid values (sizes, offsets, flags, reserved bytes,
 * struct sizes, bad pointers, names, wrong or foreign fds, command numbers
 * with wrong size/direction bits) in random sequences, from several worker
 * processes, mixed with mmap/munmap/mremap/mprotect/madvise, memory
 * accesses through mappings, read/write/pread/pwrite/lseek, close/dup,
 * fork + SIGKILL of children, GUP paths (process_vm_*, /proc/self/mem,
 * vmsplice, io_uring), named buffers created/opened/destroyed while others
 * map them, and uid switches to 1000 (setresuid, permission paths).
 * MEMSHARE_IOC_XLATE (batch and range, of ourselves, our parent, init,
 * kthreadd, missing and negative pids; addresses in our memory, buffer
 * mappings, placeholders, kernel and non-canonical ones) and
 * MEMSHARE_IOC_KADDR (0, user, kernel-looking addresses and the module's
 * debugfs self-test targets) are checked against the UAPI's rules.
 *
 * Oracles, checked on every call where the answer is cheap to know:
 *  - the rules of include/uapi/linux/memshare.h and docs/design.md (size <
 *    VER0 -> EINVAL, > PAGE_SIZE or non-zero tail -> E2BIG, unknown flags,
 *    enums and reserved -> EINVAL, unknown command -> ENOTTY, output-only
 *    fields ignored on input, fds O_CLOEXEC, PFNs only for CAP_SYS_ADMIN);
 *    each call gets a set of acceptable results computed from the bytes
 *    the kernel sees, and anything else is an "oracle violation";
 *  - a shadow copy of every buffer private to a worker: data written
 *    through one path (write, pwrite, ACCESS FILL/WRITE, stores through a
 *    mapping, process_vm_writev, /proc/self/mem, io_uring) is checked when
 *    read back through another (read, pread, mapping loads, ACCESS CRC32C,
 *    process_vm_readv, vmsplice, io_uring);
 *  - a buffer's nr_mappings against the VMAs /proc/self/maps shows; with
 *    --workers 1 the module's global counters after every checkpoint.
 *
 * Usage: msfuzz [--seed S] [--seconds N] [--workers W] [--ops N] [-v]
 *               [--no-unpriv] [--no-fork]
 *        msfuzz --counters      print the module's live counters
 *        msfuzz --cleanup       destroy every named buffer called fz-*
 *
 * The seed (default: from the time) is printed first; each worker's seed
 * is derived from it.  --workers 1 --ops N replays exactly (the same ops,
 * modulo the timing of child kills); with several workers the interleaving
 * differs from run to run.  Exit status: 0 no violation, 1 violations or
 * failures (a worker died or hung, counters not back), 2 usage.
 *
 * Named buffers it creates are called fz-*; it destroys what is left at
 * the end.  Needs root for named buffers and uid switches; works without.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <liburing.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <sys/wait.h>

#include <linux/memshare.h>

#define PG		4096UL
#define CTL_PATH	"/dev/memshare"
#define CLASS_DIR	"/sys/class/memshare"
#define PREFIX		"fz-"
#define MAXW		16
#define NERR		160
#define NVS		256
#define MAXFD		48
#define MAXBUF		160
#define MAXREG		512
#define HIST		40
#define SHADOW_MAX	(4UL << 20)	/* buffers up to this size are shadowed */
#define SHADOW_TOTAL	(40UL << 20)	/* per worker */
#define SCRATCH		(2UL << 20)
#define BIG		(4UL << 20)
#define ARENA		(512UL << 20)

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif
#ifndef MAP_SHARED_VALIDATE
#define MAP_SHARED_VALIDATE 0x03
#endif
#ifndef MAP_SYNC
#define MAP_SYNC 0x80000
#endif
#ifndef MREMAP_DONTUNMAP
#define MREMAP_DONTUNMAP 4
#endif
#ifndef MADV_COLD
#define MADV_COLD 20
#endif
#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif
#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22
#endif
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif
#ifndef MADV_DONTNEED_LOCKED
#define MADV_DONTNEED_LOCKED 24
#endif
#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE 25
#endif

/* ------------------------------------------------------------------ */
/* Operations */

enum {
	OP_VERSION, OP_CREATE, OP_DESTROY, OP_OPEN, OP_BUFINFO, OP_ACCESS,
	OP_BADCMD, OP_OPENNODE, OP_OPENCTL, OP_MMAP, OP_MUNMAP, OP_MREMAP,
	OP_MPROTECT, OP_MADVISE, OP_MEM, OP_READ, OP_WRITE, OP_PREAD,
	OP_PWRITE, OP_LSEEK, OP_CLOSE, OP_DUP, OP_FORK, OP_SETUID, OP_SYSFS,
	OP_CHECK, OP_GUP, OP_VMSPLICE, OP_URING, OP_SPLICE, OP_REOPEN,
	OP_MISC, OP_RMMOD, OP_PIN, OP_PININFO, OP_PINACCESS, OP_XLATE,
	OP_KADDR, NOPS
};

static const char *const opname[NOPS] = {
	"VERSION", "CREATE", "DESTROY", "OPEN", "BUF_INFO", "ACCESS",
	"BADCMD", "OPEN_NODE", "OPEN_CTL", "MMAP", "MUNMAP", "MREMAP",
	"MPROTECT", "MADVISE", "MEM", "READ", "WRITE", "PREAD",
	"PWRITE", "LSEEK", "CLOSE", "DUP", "FORK", "SETUID", "SYSFS",
	"CHECK", "GUP", "VMSPLICE", "URING", "SPLICE", "REOPEN", "MISC",
	"RMMOD", "PIN", "PIN_INFO", "PIN_ACCESS", "XLATE", "KADDR",
};

static const int opweight[NOPS] = {
	[OP_VERSION] = 15, [OP_CREATE] = 90, [OP_DESTROY] = 30,
	[OP_OPEN] = 30, [OP_BUFINFO] = 55, [OP_ACCESS] = 70,
	[OP_BADCMD] = 35, [OP_OPENNODE] = 30, [OP_OPENCTL] = 6,
	[OP_MMAP] = 80, [OP_MUNMAP] = 35, [OP_MREMAP] = 25,
	[OP_MPROTECT] = 25, [OP_MADVISE] = 30, [OP_MEM] = 70,
	[OP_READ] = 25, [OP_WRITE] = 25, [OP_PREAD] = 45, [OP_PWRITE] = 45,
	[OP_LSEEK] = 20, [OP_CLOSE] = 55, [OP_DUP] = 20, [OP_FORK] = 5,
	[OP_SETUID] = 5, [OP_SYSFS] = 12, [OP_CHECK] = 15, [OP_GUP] = 20,
	[OP_VMSPLICE] = 10, [OP_URING] = 12, [OP_SPLICE] = 6,
	[OP_REOPEN] = 6, [OP_MISC] = 12, [OP_RMMOD] = 1,
	[OP_PIN] = 25, [OP_PININFO] = 18, [OP_PINACCESS] = 35,
	[OP_XLATE] = 40, [OP_KADDR] = 14,
};

/* ------------------------------------------------------------------ */
/* State shared by all processes of a run (MAP_SHARED) */

struct vslot {
	uint64_t hash;
	uint64_t count;
	char key[160];
};

struct shared {
	int stop;
	uint64_t calls[NOPS], oks[NOPS], errs[NOPS][NERR];
	uint64_t violations, failures, drift;
	uint64_t wops[MAXW];
	struct vslot vs[NVS];
};

static struct shared *sh;

/* Options and run-wide facts (inherited by workers). */
static struct {
	uint64_t seed;
	long seconds;
	int workers;
	uint64_t maxops;
	int verbose;
	int unpriv;
	int dofork;
	int exact;		/* one worker: exact model of names and counters */
	int start_root;
	unsigned int named_mode;
	uint64_t max_buffer, max_total, max_contig, max_pin;
	uint32_t max_named;
	uint32_t pt_levels;	/* VERSION's, 0 if the module does not say */
	struct memshare_version base;	/* counters at the start */
	uint64_t deadline_ms;
	char self[PATH_MAX];
} opt;

/* ------------------------------------------------------------------ */
/* Small helpers */

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static const char *ename(int e)
{
	const char *n = e > 0 ? strerrorname_np(e) : NULL;
	static char b[4][16];
	static int i;

	if (n)
		return n;
	snprintf(b[i & 3], sizeof(b[0]), "E%d", e);
	return b[i++ & 3];
}

/* "0", "42" or "-EINVAL". */
static const char *res(long r)
{
	static char b[8][40];
	static int i;
	char *p = b[i++ & 7];

	if (r < 0 && r > -4096)
		snprintf(p, sizeof(b[0]), "-%s", ename((int)-r));
	else
		snprintf(p, sizeof(b[0]), "%ld", r);
	return p;
}

static long sysres(long r)
{
	return r < 0 ? -(long)errno : r;
}

static void out(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void out(const char *fmt, ...)
{
	char b[8192];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(b, sizeof(b), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(b))
		n = sizeof(b) - 1;
	for (int off = 0; off < n;) {
		ssize_t w = write(1, b + off, (size_t)(n - off));

		if (w <= 0) {
			if (w < 0 && errno == EINTR)
				continue;
			break;
		}
		off += (int)w;
	}
}

static int allzero(const void *p, size_t n)
{
	const uint8_t *b = p;

	for (size_t i = 0; i < n; i++)
		if (b[i])
			return 0;
	return 1;
}

/* A name field (up to 32 bytes, maybe without NUL) printable: \xNN escapes. */
static const char *esc(const char *s)
{
	static char b[4][32 * 4 + 1];
	static int i;
	char *p = b[i++ & 3], *o = p;

	for (size_t k = 0; k < MEMSHARE_NAME_MAX && s[k]; k++) {
		unsigned char c = (unsigned char)s[k];

		if (c >= 0x20 && c < 0x7f && c != '\\')
			*o++ = (char)c;
		else
			o += sprintf(o, "\\x%02x", c);
	}
	*o = 0;
	return p;
}

static uint64_t fnv(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	while (*s)
		h = (h ^ (uint8_t)*s++) * 1099511628211ULL;
	return h ? h : 1;
}

/* CRC-32C (Castagnoli), independent of the library under test. */
static uint32_t crctab[256];

static void crc_init(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;

		for (int k = 0; k < 8; k++)
			c = c & 1 ? (c >> 1) ^ 0x82F63B78 : c >> 1;
		crctab[i] = c;
	}
}

static uint32_t crc32c(const void *p, size_t n)
{
	const uint8_t *b = p;
	uint32_t c = ~0U;

	while (n--)
		c = crctab[(c ^ *b++) & 0xff] ^ (c >> 8);
	return ~c;
}

/* ------------------------------------------------------------------ */
/* PRNG: xoshiro256**, seeded with splitmix64 */

static uint64_t rs[4];

static uint64_t splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void rseed(uint64_t s)
{
	for (int i = 0; i < 4; i++)
		rs[i] = splitmix(&s);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t rnd(void)
{
	uint64_t r = rotl(rs[1] * 5, 7) * 9, t = rs[1] << 17;

	rs[2] ^= rs[0];
	rs[3] ^= rs[1];
	rs[1] ^= rs[2];
	rs[0] ^= rs[3];
	rs[2] ^= t;
	rs[3] = rotl(rs[3], 45);
	return r;
}

/* [0, n) */
static uint64_t rn(uint64_t n)
{
	return n ? rnd() % n : 0;
}

static int chance(int pct)
{
	return (int)rn(100) < pct;
}

static void rfill(void *p, size_t n)
{
	uint8_t *b = p;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t v = rnd();

		memcpy(b + i, &v, 8);
	}
	for (; i < n; i++)
		b[i] = (uint8_t)rnd();
}

/* ------------------------------------------------------------------ */
/* Worker state */

enum { FK_FREE, FK_CTL, FK_BUF, FK_PIPE_R, FK_PIPE_W, FK_NULL, FK_PATH,
       FK_PIN };
static const char *const fkname[] = {
	"free", "ctl", "buf", "pipe-r", "pipe-w", "null", "path", "pin"
};

struct fdent {
	int fd, kind, buf, acc, opener_root, desc, cloexec, node;
	int64_t pos;		/* -1: unknown */
};

struct bufobj {
	int used;
	uint64_t len;
	int backend, policy;	/* -1: unknown */
	int named, shared, destroyed;
	char name[MEMSHARE_NAME_MAX];
	uint8_t *sh, *pv;	/* shadow and per-page validity */
};

/* A pin fd's pin (MEMSHARE_IOC_PIN). */
struct pinobj {
	int used;
	uint64_t addr, length, nr_pages;
	uint32_t flags;
	int back;		/* 0 unknown, 1 our memory at addr, 2 a buffer */
	int buf;		/* back 2: the buffer, from offset boff */
	uint64_t boff;
};
#define MAXPIN		32

struct region {
	uintptr_t s, e;
	int buf, prot, maywrite, dontfork;
	uint64_t off;
};

struct regent {
	char name[MEMSHARE_NAME_MAX];
	int buf;
};

static struct {
	int id;
	uint64_t seed, opno;
	int in_child, root;
	int ctl;		/* private control fd for checks */
	int memfd;		/* /proc/self/mem */
	int spipe[2];		/* vmsplice pipe */
	struct io_uring ring;
	int ring_ok;		/* 0 untried, 1 ok, -1 unusable */
	int rlimited;
	int ndesc;
	uint64_t shadow_bytes;
	char mynames[16][MEMSHARE_NAME_MAX];
	int nmynames;
	char hist[HIST][300];
	int nhist;
} w;

static struct fdent F[MAXFD];
static struct bufobj B[MAXBUF];
static struct pinobj P[MAXPIN];
static struct region R[MAXREG];
static int nR;
static struct regent REG[256];
static int nREG;

/* Memory areas (all followed by a PROT_NONE guard page). */
static uint8_t *scratch, *big, *argarea, *roarea, *zpage;
static uint8_t *tmpb;	/* model temporaries only: never a syscall's target */
static uintptr_t arena_lo, arena_hi;

/* The description of the current operation, for logs and reports. */
static char cur[1024];
static size_t curlen;
static int curop;

static void D(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void D(const char *fmt, ...)
{
	va_list ap;
	int n;

	if (curlen >= sizeof(cur) - 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(cur + curlen, sizeof(cur) - curlen, fmt, ap);
	va_end(ap);
	if (n > 0)
		curlen += (size_t)n;
	if (curlen >= sizeof(cur))
		curlen = sizeof(cur) - 1;
}

/* ------------------------------------------------------------------ */
/* Statistics and violations */

static void rec(int op, long r)
{
	if (!sh)
		return;
	__atomic_fetch_add(&sh->calls[op], 1, __ATOMIC_RELAXED);
	if (r >= 0)
		__atomic_fetch_add(&sh->oks[op], 1, __ATOMIC_RELAXED);
	else
		__atomic_fetch_add(&sh->errs[op][-r < NERR ? -r : 0], 1,
				   __ATOMIC_RELAXED);
}

static void print_history(void)
{
	int n = w.nhist < HIST ? w.nhist : HIST;

	out("msfuzz:   last %d ops of worker %d (oldest first):\n", n, w.id);
	for (int i = w.nhist - n; i < w.nhist; i++)
		out("msfuzz:     %s\n", w.hist[i % HIST]);
}

/*
 * Report an oracle violation.  @key names the rule (no numbers), so that
 * repeats are counted, not printed: the first two of each kind are shown
 * in full with the seed, the operation and the worker's recent history.
 */
static void violation(const char *key, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void violation(const char *key, const char *fmt, ...)
{
	char msg[1024];
	uint64_t h = fnv(key), n = 1;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (sh) {
		__atomic_fetch_add(&sh->violations, 1, __ATOMIC_RELAXED);
		for (int i = 0; i < NVS; i++) {
			struct vslot *s = &sh->vs[(h + (uint64_t)i) % NVS];
			uint64_t z = 0;

			if (__atomic_compare_exchange_n(&s->hash, &z, h, 0,
							__ATOMIC_ACQ_REL,
							__ATOMIC_ACQUIRE))
				snprintf(s->key, sizeof(s->key), "%s", key);
			else if (z != h)
				continue;
			n = __atomic_add_fetch(&s->count, 1, __ATOMIC_RELAXED);
			break;
		}
	}
	if (n > 2) {
		if (!(n & (n - 1)))
			out("msfuzz: VIOLATION [%s] seen %" PRIu64 " times\n",
			    key, n);
		return;
	}
	out("msfuzz: VIOLATION [%s] seed=%#" PRIx64 " worker=%d%s wseed=%#"
	    PRIx64 " op#%" PRIu64 " pid=%d uid=%d: %s\n", key, opt.seed, w.id,
	    w.in_child ? "(child)" : "", w.seed, w.opno, (int)getpid(),
	    (int)geteuid(), msg);
	out("msfuzz:   op: %.*s\n", (int)curlen, cur);
	print_history();
}

static void failure(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void failure(const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (sh)
		__atomic_fetch_add(&sh->failures, 1, __ATOMIC_RELAXED);
	out("msfuzz: FAILURE: %s\n", msg);
}

/* ------------------------------------------------------------------ */
/* Expected results: a set of acceptable errnos per call */

struct errset {
	uint64_t m[3];
};

static void es_add(struct errset *s, int e)
{
	if (e > 0 && e < 192)
		s->m[e / 64] |= 1ULL << (e % 64);
}

static int es_has(const struct errset *s, int e)
{
	return e > 0 && e < 192 && (s->m[e / 64] >> (e % 64)) & 1;
}

static void es_or(struct errset *d, const struct errset *s)
{
	for (int i = 0; i < 3; i++)
		d->m[i] |= s->m[i];
}

static void es_str(const struct errset *s, char *b, size_t n)
{
	size_t l = 0;

	b[0] = 0;
	for (int e = 1; e < 192 && l < n; e++)
		if (es_has(s, e))
			l += (size_t)snprintf(b + l, n - l, "%s%s", l ? "|" : "",
					      ename(e));
}

/* The running kernel is older than @maj.@min. */
static int kernel_before(int maj, int min)
{
	static int kmaj = -1, kmin;
	struct utsname u;

	if (kmaj < 0) {
		kmaj = kmin = 0;
		if (!uname(&u))
			sscanf(u.release, "%d.%d", &kmaj, &kmin);
	}
	return kmaj < maj || (kmaj == maj && kmin < min);
}

struct expect {
	int excl;		/* the only acceptable errno */
	const char *excl_why;
	int ncertain, nearly;	/* defects; those caught before any work */
	struct errset certain, maybe, runtime;
	char labels[200];	/* certain defects */
	char mlabels[120];	/* maybe defects */
};

static void lab(char *b, size_t n, const char *l)
{
	size_t len = strlen(b);

	if (strstr(b, l))
		return;
	snprintf(b + len, n - len, "%s%s", len ? "," : "", l);
}

/* A defect that makes the call fail with @err (one of). */
static void certain(struct expect *e, int err, const char *l)
{
	es_add(&e->certain, err);
	e->ncertain++;
	e->nearly++;
	lab(e->labels, sizeof(e->labels), l);
}

/* A failure found only after the work (copy-out, exists, limits): other
 * runtime errors may come first. */
static void certain_late(struct expect *e, int err, const char *l)
{
	es_add(&e->certain, err);
	e->ncertain++;
	lab(e->labels, sizeof(e->labels), l);
}

/* A value the kernel may reject with @err or accept. */
static void maybe(struct expect *e, int err, const char *l)
{
	es_add(&e->maybe, err);
	lab(e->mlabels, sizeof(e->mlabels), l);
}

static void runtime(struct expect *e, int err)
{
	es_add(&e->runtime, err);
}

static void exclusive(struct expect *e, int err, const char *why)
{
	if (!e->excl) {
		e->excl = err;
		e->excl_why = why;
	}
}

/* Is @r acceptable?  Reports a violation if not; returns 1 if it was. */
static int judge(const struct expect *e, long r)
{
	const char *op = opname[curop];
	char key[400], want[200];
	struct errset allowed = e->certain;

	if (e->excl) {
		if (r == -e->excl)
			return 1;
		snprintf(key, sizeof(key), "%s %s: want %s, got %s", op,
			 e->excl_why, ename(e->excl),
			 r >= 0 ? "success" : ename((int)-r));
		violation(key, "returned %s, want -%s (%s)", res(r),
			  ename(e->excl), e->excl_why);
		return 0;
	}
	if (e->ncertain) {
		es_or(&allowed, &e->maybe);
		if (!e->nearly)
			es_or(&allowed, &e->runtime);
		if (r < 0 && es_has(&allowed, (int)-r))
			return 1;
		es_str(&allowed, want, sizeof(want));
		if (r >= 0) {
			snprintf(key, sizeof(key), "%s success despite [%s]",
				 op, e->labels);
			violation(key, "returned %s, want one of %s (defects: %s)",
				  res(r), want, e->labels);
		} else {
			snprintf(key, sizeof(key), "%s %s for [%s]", op,
				 ename((int)-r), e->labels);
			violation(key, "returned %s, want one of %s (defects: %s)",
				  res(r), want, e->labels);
		}
		return 0;
	}
	if (r >= 0)
		return 1;
	allowed = e->maybe;
	es_or(&allowed, &e->runtime);
	if (es_has(&allowed, (int)-r))
		return 1;
	es_str(&allowed, want, sizeof(want));
	snprintf(key, sizeof(key), "%s unexpected %s%s%s%s", op,
		 ename((int)-r), e->mlabels[0] ? " [" : "", e->mlabels,
		 e->mlabels[0] ? "]" : "");
	violation(key, "returned %s on a valid call, want success%s%s",
		  res(r), want[0] ? " or " : "", want);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Guarded memory access: a fault in a mapping is a finding, not a crash */

static sigjmp_buf jb;
static volatile sig_atomic_t guarding;
static volatile uintptr_t fault_addr;

static void on_fault(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	if (guarding) {
		fault_addr = (uintptr_t)si->si_addr;
		siglongjmp(jb, sig);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

/* memcpy that returns the signal it took (0 if none). */
static int gcopy(void *dst, const void *src, size_t n)
{
	int sig;

	guarding = 1;
	sig = sigsetjmp(jb, 1);
	if (!sig)
		memcpy(dst, src, n);
	guarding = 0;
	return sig;
}

/* ------------------------------------------------------------------ */
/* Regions: the buffer mappings of this process, inside the arena (a
 * PROT_NONE reservation: every arena page is a placeholder or a region) */

static int in_arena(uintptr_t a, uintptr_t b)
{
	return a >= arena_lo && b <= arena_hi && a < b;
}

static void placeholder(uintptr_t a, uintptr_t b)
{
	if (!in_arena(a, b))
		return;
	if (mmap((void *)a, b - a, PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1,
		 0) == MAP_FAILED)
		failure("placeholder mmap %#lx-%#lx: %s", (unsigned long)a,
			(unsigned long)b, strerror(errno));
}

static void reg_split(uintptr_t a)
{
	for (int i = 0; i < nR; i++) {
		struct region *r = &R[i];

		if (r->s < a && a < r->e && nR < MAXREG) {
			R[nR] = *r;
			R[nR].s = a;
			R[nR].off = r->off + (a - r->s);
			r->e = a;
			nR++;
		}
	}
}

/* Forget the regions in [a, b) (they were unmapped). */
static void reg_remove(uintptr_t a, uintptr_t b)
{
	reg_split(a);
	reg_split(b);
	for (int i = 0; i < nR;) {
		if (R[i].s >= a && R[i].e <= b)
			R[i] = R[--nR];
		else
			i++;
	}
}

/* Unmap [a, b) of the arena and put placeholders back. */
static void normalize(uintptr_t a, uintptr_t b)
{
	reg_remove(a, b);
	placeholder(a, b);
}

static void reg_add(uintptr_t s, uintptr_t e, int buf, uint64_t off, int prot,
		    int maywrite)
{
	reg_remove(s, e);
	if (nR >= MAXREG) {
		munmap((void *)s, e - s);
		placeholder(s, e);
		return;
	}
	R[nR++] = (struct region){ .s = s, .e = e, .buf = buf, .off = off,
				   .prot = prot, .maywrite = maywrite };
}

static struct region *reg_at(uintptr_t a)
{
	for (int i = 0; i < nR; i++)
		if (R[i].s <= a && a < R[i].e)
			return &R[i];
	return NULL;
}

static void reg_setprot(uintptr_t a, uintptr_t b, int prot)
{
	reg_split(a);
	reg_split(b);
	for (int i = 0; i < nR; i++)
		if (R[i].s >= a && R[i].e <= b)
			R[i].prot = prot;
}

static void reg_setdontfork(uintptr_t a, uintptr_t b, int v)
{
	reg_split(a);
	reg_split(b);
	for (int i = 0; i < nR; i++)
		if (R[i].s >= a && R[i].e <= b)
			R[i].dontfork = v;
}

/* A free window of @len bytes in the arena, or 0. */
static uintptr_t arena_window(uint64_t len)
{
	uint64_t usable = arena_hi - arena_lo;

	if (!len || len > usable)
		return 0;
	for (int t = 0; t < 24; t++) {
		uintptr_t a = arena_lo + rn((usable - len) / PG + 1) * PG;
		int ok = 1;

		for (int i = 0; i < nR && ok; i++)
			if (R[i].s < a + len && a < R[i].e)
				ok = 0;
		if (ok)
			return a;
	}
	return 0;
}

/* A random page-aligned subrange of region @r: [*a, *b). */
static void reg_subrange(const struct region *r, uintptr_t *a, uintptr_t *b)
{
	uint64_t pages = (r->e - r->s) / PG;
	uint64_t first = chance(50) ? 0 : rn(pages);
	uint64_t n = chance(50) ? pages - first : 1 + rn(pages - first);

	*a = r->s + first * PG;
	*b = *a + n * PG;
}

/* ------------------------------------------------------------------ */
/* Buffers and their shadows */

static int buf_new(uint64_t len, int backend, int policy, int named,
		   const char *name, int shared)
{
	for (int i = 0; i < MAXBUF; i++) {
		struct bufobj *b = &B[i];

		if (b->used)
			continue;
		memset(b, 0, sizeof(*b));
		b->used = 1;
		b->len = len;
		b->backend = backend;
		b->policy = policy;
		b->named = named;
		b->shared = shared;
		if (name)
			snprintf(b->name, sizeof(b->name), "%s", name);
		if (!shared && len <= SHADOW_MAX &&
		    w.shadow_bytes + len <= SHADOW_TOTAL) {
			b->sh = calloc(1, len);
			b->pv = malloc(len / PG);
			if (b->sh && b->pv) {
				/* A new buffer is zero-filled. */
				memset(b->pv, 1, len / PG);
				w.shadow_bytes += len;
			} else {
				free(b->sh);
				free(b->pv);
				b->sh = b->pv = NULL;
			}
		}
		return i;
	}
	return -1;
}

static int reg_in_registry(int b)
{
	for (int i = 0; i < nREG; i++)
		if (REG[i].buf == b)
			return 1;
	return 0;
}

/* Free the buffer and pin objects nothing refers to any more. */
static void buf_gc(void)
{
	for (int i = 0; i < MAXPIN; i++) {
		int refs = 0;

		for (int j = 0; j < MAXFD && !refs; j++)
			refs = F[j].kind == FK_PIN && F[j].buf == i;
		if (!refs)
			P[i].used = 0;
	}
	for (int i = 0; i < MAXBUF; i++) {
		int refs = 0;

		if (!B[i].used)
			continue;
		for (int j = 0; j < MAXFD && !refs; j++)
			refs = F[j].kind == FK_BUF && F[j].buf == i;
		for (int j = 0; j < nR && !refs; j++)
			refs = R[j].buf == i;
		if (!refs)
			refs = reg_in_registry(i);
		if (refs)
			continue;
		for (int j = 0; j < MAXPIN; j++)
			if (P[j].used && P[j].back == 2 && P[j].buf == i)
				P[j].back = 0;
		if (B[i].sh)
			w.shadow_bytes -= B[i].len;
		free(B[i].sh);
		free(B[i].pv);
		memset(&B[i], 0, sizeof(B[i]));
	}
}

/* Record that [off, off+n) of buffer @b now holds @data (NULL: unknown). */
static void sh_set(int b, uint64_t off, const void *data, uint64_t n)
{
	struct bufobj *o;

	if (b < 0 || !B[b].used || !B[b].sh || !n || off >= B[b].len)
		return;
	o = &B[b];
	if (n > o->len - off)
		n = o->len - off;
	if (data) {
		memmove(o->sh + off, data, n);
		/* Pages fully covered become known. */
		for (uint64_t p = (off + PG - 1) / PG; (p + 1) * PG <= off + n; p++)
			o->pv[p] = 1;
	} else {
		for (uint64_t p = off / PG; p * PG < off + n; p++)
			o->pv[p] = 0;
	}
}

static void sh_fill(int b, uint64_t off, uint64_t n, uint8_t v)
{
	struct bufobj *o = &B[b];

	if (b < 0 || !o->used || !o->sh || !n || off >= o->len)
		return;
	if (n > o->len - off)
		n = o->len - off;
	memset(o->sh + off, v, n);
	for (uint64_t p = (off + PG - 1) / PG; (p + 1) * PG <= off + n; p++)
		o->pv[p] = 1;
}

static void sh_invalidate_all(void)
{
	for (int i = 0; i < MAXBUF; i++)
		if (B[i].used && B[i].sh)
			memset(B[i].pv, 0, B[i].len / PG);
}

/* Is all of [off, off+n) known? */
static int sh_known(int b, uint64_t off, uint64_t n)
{
	const struct bufobj *o = &B[b];

	if (b < 0 || !o->used || !o->sh || off > o->len || n > o->len - off)
		return 0;
	for (uint64_t p = off / PG; p * PG < off + n; p++)
		if (!o->pv[p])
			return 0;
	return 1;
}

/* Compare what was read from [off, off+n) of @b with the shadow. */
static void sh_check(int b, uint64_t off, const uint8_t *got, uint64_t n,
		     const char *how)
{
	const struct bufobj *o = &B[b];

	if (b < 0 || !o->used || !o->sh || off >= o->len)
		return;
	if (n > o->len - off)
		n = o->len - off;
	for (uint64_t i = 0; i < n; i++) {
		uint64_t p = (off + i) / PG;

		if (!o->pv[p]) {
			i = (p + 1) * PG - off - 1;
			continue;
		}
		if (got[i] != o->sh[off + i]) {
			char key[128];

			snprintf(key, sizeof(key), "DATA mismatch via %s", how);
			violation(key, "buffer len %" PRIu64 " (%s, %s): byte at "
				  "offset %" PRIu64 " is %#x, want %#x (read %"
				  PRIu64 " bytes from %" PRIu64 ")", o->len,
				  o->backend == 1 ? "contig" : "vmalloc",
				  o->policy == 1 ? "eager" : "lazy", off + i,
				  got[i], o->sh[off + i], n, off);
			return;
		}
	}
}

/* ------------------------------------------------------------------ */
/* What the kernel can access on our behalf */

static int page_ok(uintptr_t pg, int wr)
{
	uintptr_t s = (uintptr_t)scratch, bg = (uintptr_t)big;
	uintptr_t ar = (uintptr_t)argarea, ro = (uintptr_t)roarea;
	uintptr_t zp = (uintptr_t)zpage;
	const struct region *r;

	if ((pg >= s && pg < s + SCRATCH) || (pg >= bg && pg < bg + BIG) ||
	    (pg >= ar && pg < ar + 2 * PG) || (pg >= zp && pg < zp + 2 * PG))
		return 1;
	if (pg >= ro && pg < ro + 2 * PG)
		return !wr;
	r = reg_at(pg);
	if (!r)
		return 0;
	if (wr)
		return !!(r->prot & PROT_WRITE);
	return r->prot != PROT_NONE;
}

/* How many bytes from @p on the kernel can read (wr=0) or write (wr=1). */
static uint64_t accessible(uintptr_t p, uint64_t n, int wr)
{
	uint64_t done = 0;

	if (!p || p >= 0x800000000000ULL)
		return 0;
	while (done < n) {
		uintptr_t a = p + done, pg = a & ~(PG - 1);
		uint64_t k = pg + PG - a;

		if (!page_ok(pg, wr))
			break;
		done += k;
	}
	return done < n ? done : n;
}

/*
 * The bytes of [p, p+n) of our memory as a kernel copy would see them,
 * into @outp: from the memory itself, or from the shadow for mappings.
 * Returns 0 if some of them are unknown.
 */
static int user_src_known(uintptr_t p, uint64_t n, uint8_t *outp)
{
	uint64_t done = 0;

	while (done < n) {
		uintptr_t a = p + done;
		const struct region *r = reg_at(a);
		uint64_t k;

		if (r) {
			uint64_t off = r->off + (a - r->s);

			k = r->e - a;
			if (k > n - done)
				k = n - done;
			if (!sh_known(r->buf, off, k))
				return 0;
			memcpy(outp + done, B[r->buf].sh + off, k);
		} else {
			k = PG - (a & (PG - 1));
			if (k > n - done)
				k = n - done;
			if (!page_ok(a & ~(PG - 1), 0))
				return 0;
			memcpy(outp + done, (void *)a, k);
		}
		done += k;
	}
	return 1;
}

/* The kernel wrote [p, p+n) of our memory: update the shadows of the
 * buffers mapped there (@data NULL: with unknown bytes). */
static void user_write_effect(uintptr_t p, uint64_t n, const uint8_t *data)
{
	for (int i = 0; i < nR; i++) {
		const struct region *r = &R[i];
		uintptr_t a = p > r->s ? p : r->s;
		uintptr_t b = p + n < r->e ? p + n : r->e;

		if (a >= b)
			continue;
		sh_set(r->buf, r->off + (a - r->s), data ? data + (a - p) : NULL,
		       b - a);
	}
}

/* Do [p, p+n) and the mappings of buffer @b overlap (same pages)? */
static int overlaps_buf(uintptr_t p, uint64_t n, int b, uint64_t off,
			uint64_t len)
{
	for (int i = 0; i < nR; i++) {
		const struct region *r = &R[i];
		uintptr_t a = p > r->s ? p : r->s;
		uintptr_t e = p + n < r->e ? p + n : r->e;

		if (a >= e || r->buf != b)
			continue;
		/* The buffer offsets [a, e) map to. */
		uint64_t o1 = r->off + (a - r->s), o2 = o1 + (e - a);

		if (o1 < off + len && off < o2)
			return 1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* File descriptors */

static int fd_add(int fd, int kind, int buf, int acc, int cloexec)
{
	for (int i = 0; i < MAXFD; i++) {
		if (F[i].kind != FK_FREE)
			continue;
		F[i] = (struct fdent){ .fd = fd, .kind = kind, .buf = buf,
				       .acc = acc, .opener_root = w.root,
				       .desc = ++w.ndesc, .cloexec = cloexec,
				       .pos = 0 };
		return i;
	}
	close(fd);
	return -1;
}

static int fd_find(int fd)
{
	for (int i = 0; i < MAXFD; i++)
		if (F[i].kind != FK_FREE && F[i].fd == fd)
			return i;
	return -1;
}

static void fd_forget(int i)
{
	F[i].kind = FK_FREE;
	F[i].fd = -1;
}

static int nfds(void)
{
	int n = 0;

	for (int i = 0; i < MAXFD; i++)
		n += F[i].kind != FK_FREE;
	return n;
}

/* A random entry of @kind (-1: any kind), or -1. */
static int pick_fd(int kind)
{
	int c[MAXFD], n = 0;

	for (int i = 0; i < MAXFD; i++)
		if (F[i].kind != FK_FREE && (kind < 0 || F[i].kind == kind))
			c[n++] = i;
	return n ? c[rn((uint64_t)n)] : -1;
}

/* A buffer fd of a buffer with a shadow (a private buffer), or -1. */
static int pick_private_buf_fd(void)
{
	int c[MAXFD], n = 0;

	for (int i = 0; i < MAXFD; i++)
		if (F[i].kind == FK_BUF && B[F[i].buf].sh)
			c[n++] = i;
	return n ? c[rn((uint64_t)n)] : -1;
}

static void set_pos(int i, int64_t pos)
{
	for (int j = 0; j < MAXFD; j++)
		if (F[j].kind != FK_FREE && F[j].desc == F[i].desc)
			F[j].pos = pos;
}

/* A number that is no open fd. */
static int closed_fd(void)
{
	for (int t = 0; t < 8; t++) {
		int fd = 900 + (int)rn(100);

		if (fcntl(fd, F_GETFD) < 0 && errno == EBADF)
			return fd;
	}
	return -1;
}

/* Keep a pipe and /dev/null among the fds to use as foreign fds. */
static void ensure_misc_fds(void)
{
	int p[2];

	if (pick_fd(FK_PIPE_R) < 0 && nfds() < MAXFD - 4 &&
	    pipe2(p, O_NONBLOCK | O_CLOEXEC) == 0) {
		fd_add(p[0], FK_PIPE_R, -1, O_RDONLY, 1);
		fd_add(p[1], FK_PIPE_W, -1, O_WRONLY, 1);
	}
	if (pick_fd(FK_NULL) < 0 && nfds() < MAXFD - 2) {
		int fd = open("/dev/null", O_RDWR | O_CLOEXEC);

		if (fd >= 0)
			fd_add(fd, FK_NULL, -1, O_RDWR, 1);
	}
	if (pick_fd(FK_CTL) < 0) {
		int fd = open(CTL_PATH, O_RDWR | O_CLOEXEC);

		if (fd >= 0)
			fd_add(fd, FK_CTL, -1, O_RDWR, 1);
	}
}

/* ------------------------------------------------------------------ */
/* Named buffers: the registry model (exact with one worker) and names */

static int reg_find(const char *name)
{
	for (int i = 0; i < nREG; i++)
		if (!strcmp(REG[i].name, name))
			return i;
	return -1;
}

static void reg_del(const char *name)
{
	int i = reg_find(name);

	if (i >= 0)
		REG[i] = REG[--nREG];
}

/* 0, or the errno the kernel must give for this name (ms_named_validate). */
static int name_err(const char *n)
{
	size_t len = strnlen(n, MEMSHARE_NAME_MAX);

	if (len == MEMSHARE_NAME_MAX)
		return ENAMETOOLONG;
	if (!len || !strcmp(n, ".") || !strcmp(n, ".."))
		return EINVAL;
	for (size_t i = 0; i < len; i++) {
		char c = n[i];

		if (!(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') &&
		    !(c >= '0' && c <= '9') && c != '_' && c != '.' && c != '-')
			return EINVAL;
	}
	return 0;
}

static const char vchars[] =
	"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-";

/* A valid name that starts with fz- (so that cleanup finds it). */
static void gen_name_valid(char *n)
{
	memset(n, 0, MEMSHARE_NAME_MAX);
	switch (rn(12)) {
	case 0 ... 5:
		snprintf(n, MEMSHARE_NAME_MAX, PREFIX "%d", (int)rn(6));
		break;
	case 6 ... 7:
		if (w.nmynames && chance(70)) {
			memcpy(n, w.mynames[rn((uint64_t)w.nmynames)],
			       MEMSHARE_NAME_MAX);
			break;
		}
		snprintf(n, MEMSHARE_NAME_MAX, PREFIX "w%d-%d", w.id, (int)rn(4));
		break;
	case 8: {	/* longest: 31 characters */
		int v = (int)rn(2);

		snprintf(n, MEMSHARE_NAME_MAX, PREFIX "%s", v ? "long-name.with_all-chars-ok" :
			 "LONG_NAME-0123456789.abcdef");
		for (size_t i = strlen(n); i < MEMSHARE_NAME_MAX - 1; i++)
			n[i] = 'x';
		break;
	}
	case 9:		/* dots are valid inside a name */
		snprintf(n, MEMSHARE_NAME_MAX, PREFIX "%s",
			 chance(50) ? ".." : ".");
		break;
	default: {
		size_t len = 1 + rn(8);

		memcpy(n, PREFIX, 3);
		for (size_t i = 0; i < len; i++)
			n[3 + i] = vchars[rn(sizeof(vchars) - 1)];
		break;
	}
	}
	/* Bytes after the NUL do not count. */
	if (chance(10)) {
		size_t l = strlen(n);

		for (size_t i = l + 1; i < MEMSHARE_NAME_MAX; i++)
			n[i] = (char)(1 + rn(255));
	}
}

static void gen_name_invalid(char *n)
{
	memset(n, 0, MEMSHARE_NAME_MAX);
	switch (rn(11)) {
	case 0:
		break;				/* empty */
	case 1:
		strcpy(n, ".");
		break;
	case 2:
		strcpy(n, "..");
		break;
	case 3:				/* no NUL in 32 bytes */
		memset(n, 'a', MEMSHARE_NAME_MAX);
		memcpy(n, PREFIX, 3);
		break;
	case 4:
		strcpy(n, PREFIX "a/b");
		break;
	case 5:
		strcpy(n, PREFIX "a b");
		break;
	case 6:
		strcpy(n, PREFIX "\xe9t\xe9");	/* Latin-1 letters */
		break;
	case 7:
		strcpy(n, PREFIX "x\n");
		break;
	case 8:
		strcpy(n, "../" PREFIX "0");
		break;
	case 9:
		strcpy(n, PREFIX "*");
		break;
	default:
		strcpy(n, PREFIX);
		n[3] = (char)(0x80 + rn(128));
		break;
	}
}

/* A name for OPEN/DESTROY/open(node): mostly existing fz- names. */
static void gen_name_any(char *n)
{
	int r = (int)rn(100);

	if (r < 75) {
		gen_name_valid(n);
	} else if (r < 88) {
		gen_name_invalid(n);
	} else {
		/* valid, never created */
		memset(n, 0, MEMSHARE_NAME_MAX);
		snprintf(n, MEMSHARE_NAME_MAX, "nofz-%d", (int)rn(1000));
	}
}

static void remember_name(const char *n)
{
	for (int i = 0; i < w.nmynames; i++)
		if (!strcmp(w.mynames[i], n))
			return;
	if (w.nmynames < 16)
		snprintf(w.mynames[w.nmynames++], MEMSHARE_NAME_MAX, "%s", n);
	else
		snprintf(w.mynames[rn(16)], MEMSHARE_NAME_MAX, "%s", n);
}

/* ------------------------------------------------------------------ */
/* Ioctl arguments: an image of the struct, placed somewhere */

enum { PL_OK, PL_END, PL_SHORT, PL_RO, PL_NULL, PL_KERN, PL_NONCANON,
       PL_GUARD, PL_MAP };
static const char *const plname[] = {
	"ok", "end-of-page", "short", "read-only", "NULL", "kernel",
	"non-canonical", "unmapped", "mapping"
};

struct ictx {
	uint8_t img[2 * PG];	/* the struct as the caller means it */
	uint32_t usize;		/* its size field */
	size_t ksize, ver0;
	int pl;
	uint8_t *p;		/* where it is */
	uint64_t readable;	/* bytes the kernel can read from p */
	int writable;		/* the kernel can write usize bytes at p */
	int fi, fd, kind;
	unsigned long cmd;
	struct expect e;
};

#define CANARY(i)	((uint8_t)(0xa5 ^ (i)))

static void ictx_init(struct ictx *c, size_t ksize, size_t ver0)
{
	memset(c, 0, sizeof(*c));
	c->ksize = ksize;
	c->ver0 = ver0;
	c->usize = (uint32_t)ksize;
	memcpy(c->img, &c->usize, 4);
}

/* The fd: mostly one of kind @want, sometimes another or a closed one. */
static void pick_ioctl_fd(struct ictx *c, int want)
{
	int r = (int)rn(100);

	c->fi = -1;
	if (r < 90)
		c->fi = pick_fd(want);
	if (c->fi < 0 && r < 97)
		c->fi = pick_fd(-1);
	if (c->fi >= 0) {
		c->fd = F[c->fi].fd;
		c->kind = F[c->fi].kind;
	} else {
		c->fd = chance(50) ? -1 : closed_fd();
		c->kind = FK_FREE;
	}
	if (c->kind == FK_FREE || c->kind == FK_PATH)
		exclusive(&c->e, EBADF, c->kind == FK_PATH ? "O_PATH fd" :
			  "closed fd");
	else if (c->kind != want)
		exclusive(&c->e, ENOTTY, want == FK_CTL ?
			  "control ioctl on a non-control fd" :
			  "buffer ioctl on a non-buffer fd");
}

/* Mostly the command as defined; sometimes with other size bits, which
 * the kernel must ignore. */
static unsigned long gen_cmd(unsigned long cmd)
{
	static const unsigned int sz[] = { 0, 1, 8, 64, 4095, 4096,
					   _IOC_SIZEMASK };

	if (chance(90))
		return cmd;
	return _IOC(_IOC_DIR(cmd), _IOC_TYPE(cmd), _IOC_NR(cmd),
		    chance(70) ? sz[rn(7)] : (unsigned int)rn(_IOC_SIZEMASK + 1));
}

/* The size field: mostly the struct's size, sometimes a boundary. */
static void gen_size(struct ictx *c)
{
	uint32_t k = (uint32_t)c->ksize, v = (uint32_t)c->ver0, us = k;

	if (chance(14)) {
		switch (rn(15)) {
		case 0: us = 0; break;
		case 1: us = 4; break;
		case 2: us = 8; break;
		case 3: us = v - 1; break;
		case 4: us = v - 8; break;
		case 5: case 6: us = k + 8; break;
		case 7: us = k + 8 * (uint32_t)(1 + rn(8)); break;
		case 8: us = PG; break;
		case 9: us = PG + 1; break;
		case 10: us = 0xffffffff; break;
		case 11: us = PG - 1; break;
		case 12: us = 2 * PG; break;
		case 13: us = k + 1 + (uint32_t)rn(PG - k); break;
		default: us = (uint32_t)rnd(); break;
		}
	}
	c->usize = us;
	memcpy(c->img, &us, 4);
	/* A non-zero byte in the tail the kernel does not know. */
	if (us > k && chance(45)) {
		uint64_t lim = us < 2 * PG ? us : 2 * PG;

		c->img[k + rn(lim - k)] = (uint8_t)(1 + rn(255));
	}
}

/* Put the struct somewhere: normal memory, the end of a page, across a
 * page it cannot read, read-only memory, bad pointers, a buffer mapping. */
static void place(struct ictx *c)
{
	uint32_t us = c->usize;
	/* The kernel reads the size and flags whatever the size says. */
	uint64_t clen = us < 8 ? 8 : us < 2 * PG ? us : 2 * PG, off;
	int r = (int)rn(100);

	c->pl = r < 70 ? PL_OK : r < 76 ? PL_END : r < 81 ? PL_SHORT :
		r < 86 ? PL_RO : r < 88 ? PL_NULL : r < 90 ? PL_KERN :
		r < 91 ? PL_NONCANON : r < 93 ? PL_GUARD : PL_MAP;
	if (c->pl == PL_MAP) {
		int cand[MAXREG], n = 0;

		for (int i = 0; i < nR; i++)
			if ((R[i].prot & PROT_WRITE) && R[i].e - R[i].s >= clen + 64)
				cand[n++] = i;
		if (!n || us > 2 * PG) {
			c->pl = PL_OK;
		} else {
			const struct region *rg = &R[cand[rn((uint64_t)n)]];

			off = rn((rg->e - rg->s - clen) / 8 + 1) * 8;
			c->p = (uint8_t *)rg->s + off;
			if (gcopy(c->p, c->img, clen)) {
				user_write_effect((uintptr_t)c->p, clen, NULL);
				c->pl = PL_OK;
			} else {
				user_write_effect((uintptr_t)c->p, clen, c->img);
				goto done;
			}
		}
	}
	if (c->pl == PL_OK && clen + 64 > 2 * PG)
		c->pl = PL_END;
	switch (c->pl) {
	case PL_OK:
		off = rn(2 * PG - clen - 64 + 1);
		if (chance(85))
			off &= ~7UL;
		c->p = argarea + off;
		memcpy(c->p, c->img, clen);
		for (int i = 0; i < 64; i++)
			c->p[clen + (size_t)i] = CANARY(i);
		break;
	case PL_END:
		c->p = argarea + 2 * PG - clen;
		memcpy(c->p, c->img, clen);
		break;
	case PL_SHORT: {
		uint64_t k = rn(clen);	/* fewer readable bytes than needed */

		c->p = argarea + 2 * PG - k;
		memcpy(c->p, c->img, k);
		break;
	}
	case PL_RO:
		mprotect(roarea, 2 * PG, PROT_READ | PROT_WRITE);
		c->p = roarea + (chance(50) ? 0 : 2 * PG - clen);
		memcpy(c->p, c->img, clen);
		mprotect(roarea, 2 * PG, PROT_READ);
		break;
	case PL_NULL:
		c->p = NULL;
		break;
	case PL_KERN:
		c->p = (uint8_t *)(chance(50) ? 0xffffffff81000000UL :
				   0xffff888000001000UL);
		break;
	case PL_NONCANON:
		c->p = (uint8_t *)(chance(50) ? 0x800000000000UL - 2 :
				   0x8000000000000000UL);
		break;
	case PL_GUARD:
		c->p = argarea + 2 * PG;
		break;
	}
done:
	/* What the kernel can read and write there. */
	c->readable = accessible((uintptr_t)c->p, clen, 0);
	c->writable = accessible((uintptr_t)c->p, clen, 1) >= clen &&
		      clen >= (us < c->ksize ? us : c->ksize);
}

/* The rules every struct follows (ms_args_in/ms_args_out). */
static void model_hdr(struct ictx *c, int has_output)
{
	struct expect *e = &c->e;
	uint32_t us = c->usize;

	if (c->readable < 4) {
		exclusive(e, EFAULT, "size field unreadable");
		return;
	}
	if (us < c->ver0) {
		certain(e, EINVAL, "size<VER0");
	} else if (us > PG) {
		certain(e, E2BIG, "size>PAGE_SIZE");
	} else {
		if (c->readable < us)
			certain(e, EFAULT, "struct unreadable");
		if (us > c->ksize && !allzero(c->img + c->ksize, us - c->ksize))
			certain(e, E2BIG, "non-zero tail");
		if (has_output && !c->writable)
			certain_late(e, EFAULT, "output read-only");
	}
}

static long do_ioctl(struct ictx *c)
{
	return sysres(ioctl(c->fd, c->cmd, c->p));
}

/* What the kernel wrote back (min(usize, ksize) bytes), into @o. */
static int readback(struct ictx *c, void *o)
{
	size_t n = c->usize < c->ksize ? c->usize : c->ksize;

	memset(o, 0, c->ksize);
	if (!c->writable)
		return 0;
	return gcopy(o, c->p, n) == 0;
}

/* Bytes past the caller's size and the unknown tail must be untouched. */
static void check_canary(struct ictx *c)
{
	if (c->pl == PL_OK) {
		size_t clen = c->usize < 8 ? 8 : c->usize;

		for (int i = 0; i < 64; i++)
			if (c->p[clen + (size_t)i] != CANARY(i)) {
				violation("wrote past the caller's struct size",
					  "byte %d past size %u changed", i,
					  c->usize);
				break;
			}
	}
	if ((c->pl == PL_OK || c->pl == PL_END) && c->usize > c->ksize &&
	    c->usize <= 2 * PG &&
	    memcmp(c->p + c->ksize, c->img + c->ksize, c->usize - c->ksize))
		violation("wrote into the tail past the kernel's struct",
			  "bytes [%zu, %u) changed", c->ksize, c->usize);
}

/* After a call with the struct in a buffer mapping: the kernel may have
 * written its output there. */
static void after_ioctl(struct ictx *c, long r)
{
	if (c->pl == PL_MAP && r >= 0)
		user_write_effect((uintptr_t)c->p, c->usize < c->ksize ?
				  c->usize : c->ksize, NULL);
}

static void d_ictx(struct ictx *c)
{
	D("fd=%d(%s) cmd=%#lx size=%u at=%s ", c->fd, fkname[c->kind], c->cmd,
	  c->usize, plname[c->pl]);
}

/* RLIMIT_NOFILE lowered for one call: every new fd fails with EMFILE. */
static struct rlimit saved_rl;

static void rlimit_low(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &saved_rl))
		return;
	rl = saved_rl;
	rl.rlim_cur = 3;
	if (!setrlimit(RLIMIT_NOFILE, &rl))
		w.rlimited = 1;
}

static void rlimit_restore(void)
{
	if (w.rlimited)
		setrlimit(RLIMIT_NOFILE, &saved_rl);
	w.rlimited = 0;
}

/* Check a new fd from CREATE/OPEN: open, O_CLOEXEC, not one we had. */
static int check_new_fd(int fd, int want_cloexec)
{
	int fl;

	if (fd < 0) {
		violation("returned a negative fd on success", "fd %d", fd);
		return 0;
	}
	if (fd_find(fd) >= 0 || fd == w.ctl || fd == w.memfd ||
	    fd == w.spipe[0] || fd == w.spipe[1] ||
	    (w.ring_ok == 1 && fd == w.ring.ring_fd)) {
		violation("returned an fd that was already open", "fd %d", fd);
		return 0;
	}
	fl = fcntl(fd, F_GETFD);
	if (fl < 0) {
		violation("returned fd is not open", "fd %d: %s", fd,
			  strerror(errno));
		return 0;
	}
	if (!!(fl & FD_CLOEXEC) != !!want_cloexec)
		violation(want_cloexec ? "fd without O_CLOEXEC" :
			  "fd with unexpected O_CLOEXEC", "fd %d flags %#x", fd,
			  fl);
	return 1;
}

/* BUF_INFO on a fresh fd: learn (and check) the buffer behind it. */
static int quick_info(int fd, struct memshare_buf_info *bi)
{
	memset(bi, 0, sizeof(*bi));
	bi->size = sizeof(*bi);
	if (ioctl(fd, MEMSHARE_IOC_BUF_INFO, bi)) {
		violation("BUF_INFO on a new buffer fd failed", "fd %d: %s", fd,
			  strerror(errno));
		return -1;
	}
	if (!bi->length || bi->length % PG || bi->nr_pages != bi->length / PG ||
	    bi->length > opt.max_buffer) {
		violation("BUF_INFO of a new fd: bad length", "length %" PRIu64
			  " nr_pages %" PRIu64, (uint64_t)bi->length,
			  (uint64_t)bi->nr_pages);
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* The ioctls */

static void op_version(void)
{
	struct ictx c;
	struct memshare_version *v = (void *)c.img, o;
	long r;

	ictx_init(&c, sizeof(*v), MEMSHARE_VERSION_SIZE_VER0);
	pick_ioctl_fd(&c, FK_CTL);
	c.cmd = gen_cmd(MEMSHARE_IOC_VERSION);
	if (chance(30))		/* output-only: ignored */
		rfill((uint8_t *)v + 8, sizeof(*v) - 8);
	if (chance(8))
		v->flags = chance(50) ? 1U << rn(32) : (uint32_t)rnd();
	gen_size(&c);
	place(&c);
	model_hdr(&c, 1);
	if (v->flags)
		certain(&c.e, EINVAL, "flags");
	d_ictx(&c);
	D("flags=%#x", v->flags);
	r = do_ioctl(&c);
	D(" -> %s", res(r));
	rec(OP_VERSION, r);
	judge(&c.e, r);
	if (r == 0 && c.usize >= sizeof(o) && readback(&c, &o)) {
		const uint64_t feats = MEMSHARE_FEAT_VMALLOC | MEMSHARE_FEAT_CONTIG |
			MEMSHARE_FEAT_EAGER | MEMSHARE_FEAT_NAMED | MEMSHARE_FEAT_ACCESS;

		if (o.size != c.usize)
			violation("VERSION changed the size field", "%u -> %u",
				  c.usize, o.size);
		if (o.flags || o.abi_major != MEMSHARE_ABI_MAJOR ||
		    !memchr(o.module_version, 0, sizeof(o.module_version)) ||
		    (o.features & feats) != feats || o.__reserved0 ||
		    o.__reserved1)
			violation("VERSION output malformed", "flags %#x abi %u.%u "
				  "features %#llx", o.flags, o.abi_major,
				  o.abi_minor, (unsigned long long)o.features);
#ifdef MEMSHARE_FEAT_PIN
		if (!(o.features & MEMSHARE_FEAT_PIN) || o.max_pin_bytes != opt.max_pin ||
		    (o.nr_pins && !o.pinned_pages) || o.pinned_pages < o.nr_pins)
			violation("VERSION pin fields wrong", "features %#llx max_pin "
				  "%llu pins %llu pages %llu",
				  (unsigned long long)o.features,
				  (unsigned long long)o.max_pin_bytes,
				  (unsigned long long)o.nr_pins,
				  (unsigned long long)o.pinned_pages);
#endif
		if (o.max_buffer_bytes != opt.max_buffer ||
		    o.max_total_bytes != opt.max_total ||
		    o.max_named != opt.max_named)
			violation("VERSION limits changed", "max_buffer %llu",
				  (unsigned long long)o.max_buffer_bytes);
		/*
		 * The counters are read one by one while other workers create
		 * buffers (a create charges total_bytes before it counts the
		 * buffer, an over-limit one charges and uncharges): relations
		 * between them hold only with one worker.
		 */
		if (o.nr_named > o.max_named || o.total_bytes > o.max_total_bytes ||
		    o.total_bytes % PG || o.nr_mappings > (1ULL << 32) ||
		    (opt.exact && (o.nr_named > o.nr_buffers ||
				   (o.nr_buffers && !o.total_bytes) ||
				   (!o.nr_buffers && o.total_bytes))))
			violation("VERSION counters inconsistent", "nr_buffers %u "
				  "nr_named %u total %llu mappings %llu",
				  o.nr_buffers, o.nr_named,
				  (unsigned long long)o.total_bytes,
				  (unsigned long long)o.nr_mappings);
	}
	check_canary(&c);
	after_ioctl(&c, r);
}

/* Buffer lengths: boundaries around the page and the limits, overflows. */
static uint64_t gen_len(void)
{
	uint64_t mb = opt.max_buffer;

	switch (rn(64)) {
	case 0: return 0;
	case 1: return 1;
	case 2: return PG - 1;
	case 3: return PG;
	case 4: return PG + 1;
	case 5: return mb - PG;
	case 6: return mb;
	case 7: return mb + 1;
	case 8: return mb + PG;
	case 9: return ~0ULL;
	case 10: return ~0ULL - PG + 2;	/* rounds up past 2^64 */
	case 11: return 1ULL << 63;
	case 12: return opt.max_total + PG;
	case 13: return mb - PG + 1;
	case 14 ... 15: return (1 + rn(8)) << 20;
	case 16 ... 17: return 2 * PG;
	case 18 ... 39: return 1 + rn(16 * PG);
	default: return (1 + rn(64)) * PG;
	}
}

static uint32_t bad_enum(void)
{
	static const uint32_t v[] = { 2, 3, 0x80000000U, ~0U, 0x100 };

	return v[rn(5)];
}

static uint64_t live_bytes(void)
{
	uint64_t t = 0;

	for (int i = 0; i < MAXBUF; i++)
		if (B[i].used)
			t += B[i].len;
	return t;
}

static void op_create(void)
{
	struct ictx c;
	struct memshare_create *m = (void *)c.img, o;
	uint64_t rounded;
	int named, want_fd, ne = 0, nmut;
	long r;

	ictx_init(&c, sizeof(*m), MEMSHARE_CREATE_SIZE_VER0);
	pick_ioctl_fd(&c, FK_CTL);
	c.cmd = gen_cmd(MEMSHARE_IOC_CREATE);
	if (chance(opt.start_root ? 30 : 5)) {
		m->flags = MEMSHARE_CREATE_NAMED |
			   (chance(40) ? MEMSHARE_CREATE_NO_FD : 0);
		gen_name_valid(m->name);
		if (w.in_child && opt.exact)	/* the parent models names */
			m->flags = 0, memset(m->name, 0, sizeof(m->name));
	}
	m->length = gen_len();
	m->backend = chance(25) ? MEMSHARE_BACKEND_CONTIG : MEMSHARE_BACKEND_VMALLOC;
	m->policy = chance(35) ? MEMSHARE_MAP_EAGER : MEMSHARE_MAP_LAZY;
	if (chance(30))
		m->fd = (int32_t)rnd();		/* output only */
	nmut = chance(65) ? 0 : 1 + (int)rn(3);
	for (int i = 0; i < nmut; i++) {
		switch (rn(9)) {
		case 0: m->flags |= 1U << (2 + rn(30)); break;
		case 1: m->flags = (uint32_t)rnd(); break;
		case 2: m->__reserved0 = 1U << rn(32); break;
		case 3: m->__reserved[rn(2)] = 1ULL << rn(64); break;
		case 4: m->backend = bad_enum(); break;
		case 5: m->policy = bad_enum(); break;
		case 6: gen_name_invalid(m->name); break;
		case 7:
			if (m->flags & MEMSHARE_CREATE_NAMED)
				m->flags &= ~MEMSHARE_CREATE_NAMED;
			else if (chance(50))
				m->flags |= MEMSHARE_CREATE_NO_FD;
			else
				gen_name_valid(m->name);
			break;
		default: m->length = gen_len(); break;
		}
	}
	if (w.in_child && opt.exact && (m->flags & MEMSHARE_CREATE_NAMED))
		m->flags &= ~MEMSHARE_CREATE_NAMED;
	gen_size(&c);
	place(&c);

	named = !!(m->flags & MEMSHARE_CREATE_NAMED);
	want_fd = !(m->flags & MEMSHARE_CREATE_NO_FD);
	rounded = (m->length + PG - 1) & ~(PG - 1);
	model_hdr(&c, 1);
	if (m->flags & ~MEMSHARE_CREATE_FLAGS)
		certain(&c.e, EINVAL, "unknown flags");
	if (m->__reserved0 || !allzero(m->__reserved, sizeof(m->__reserved)))
		certain(&c.e, EINVAL, "reserved");
	if (!named && !want_fd)
		certain(&c.e, EINVAL, "NO_FD without NAMED");
	if (!named && !allzero(m->name, sizeof(m->name)))
		certain(&c.e, EINVAL, "name without NAMED");
	if (named) {
		if (!w.root)
			certain(&c.e, EPERM, "NAMED unprivileged");
		ne = name_err(m->name);
		if (ne)
			certain(&c.e, ne, "bad name");
	}
	if (m->backend > MEMSHARE_BACKEND_CONTIG)
		certain(&c.e, EINVAL, "backend");
	if (m->policy > MEMSHARE_MAP_EAGER)
		certain(&c.e, EINVAL, "policy");
	if (!m->length || m->length > opt.max_buffer || rounded < m->length ||
	    rounded > opt.max_buffer)
		certain(&c.e, EINVAL, "length");
	runtime(&c.e, ENOMEM);
	if (opt.exact) {
		if (named && !ne && reg_find(m->name) >= 0)
			certain_late(&c.e, EEXIST, "name exists");
		else if (named && !ne && opt.base.nr_named + (uint32_t)nREG >= opt.max_named)
			certain_late(&c.e, ENOSPC, "max_named reached");
		if (rounded >= m->length &&
		    opt.base.total_bytes + live_bytes() + rounded > opt.max_total)
			certain_late(&c.e, ENOMEM, "over max_total");
	} else if (named) {
		runtime(&c.e, EEXIST);
		runtime(&c.e, ENOSPC);
	}
	if (chance(4) && want_fd) {
		rlimit_low();
		if (w.rlimited)
			certain_late(&c.e, EMFILE, "RLIMIT_NOFILE");
	}
	d_ictx(&c);
	D("flags=%#x len=%#" PRIx64 " backend=%u policy=%u name=\"%s\"%s%s",
	  m->flags, (uint64_t)m->length, m->backend, m->policy,
	  named ? esc(m->name) : "", m->__reserved0 || !allzero(m->__reserved, 16) ?
	  " reserved!=0" : "", w.rlimited ? " rlimit=3" : "");
	r = do_ioctl(&c);
	rlimit_restore();
	D(" -> %s", res(r));
	rec(OP_CREATE, r);
	judge(&c.e, r);
	check_canary(&c);
	after_ioctl(&c, r);
	if (r != 0)
		return;
	if (!readback(&c, &o))
		return;		/* (violation reported: success read-only) */
	D(" fd=%d len=%#" PRIx64, o.fd, (uint64_t)o.length);
	if (c.usize < sizeof(o))
		return;
	if (o.size != c.usize || o.flags != m->flags || o.backend != m->backend ||
	    o.policy != m->policy || memcmp(o.name, m->name, sizeof(o.name)) ||
	    o.__reserved0 || !allzero(o.__reserved, sizeof(o.__reserved)))
		violation("CREATE changed input fields", "size %u flags %#x "
			  "backend %u policy %u", o.size, o.flags, o.backend,
			  o.policy);
	if (o.length != rounded)
		violation("CREATE length not rounded to the page",
			  "in %#llx out %#llx", (unsigned long long)m->length,
			  (unsigned long long)o.length);
	if (!want_fd && o.fd != -1)
		violation("CREATE NO_FD returned an fd", "fd %d", o.fd);
	if (want_fd && !check_new_fd(o.fd, 1))
		return;
	{
		int exact_named = named && opt.exact;
		int b = buf_new(o.length, (int)m->backend, (int)m->policy, named,
				named ? m->name : NULL, named && !exact_named);

		if (named) {
			remember_name(m->name);
			if (exact_named && b >= 0 && nREG < 256) {
				reg_del(m->name);
				snprintf(REG[nREG].name, MEMSHARE_NAME_MAX, "%s", m->name);
				REG[nREG++].buf = b;
			}
		}
		if (want_fd) {
			if (b < 0)
				close(o.fd);
			else
				fd_add(o.fd, FK_BUF, b, O_RDWR, 1);
		}
		if (b < 0 && exact_named) {	/* (out of slots) keep the model exact */
			struct memshare_destroy ds = { .size = sizeof(ds) };

			memcpy(ds.name, m->name, sizeof(ds.name));
			ioctl(w.ctl, MEMSHARE_IOC_DESTROY, &ds);
		}
		buf_gc();
	}
}

static void op_destroy(void)
{
	struct ictx c;
	struct memshare_destroy *d = (void *)c.img;
	int ne, nmut;
	long r;

	ictx_init(&c, sizeof(*d), MEMSHARE_DESTROY_SIZE_VER0);
	pick_ioctl_fd(&c, FK_CTL);
	c.cmd = gen_cmd(MEMSHARE_IOC_DESTROY);
	gen_name_any(d->name);
	if (w.in_child && opt.exact)
		gen_name_invalid(d->name);	/* the parent models names */
	nmut = chance(80) ? 0 : 1 + (int)rn(2);
	for (int i = 0; i < nmut; i++) {
		switch (rn(3)) {
		case 0: d->flags = chance(50) ? 1U << rn(32) : (uint32_t)rnd(); break;
		case 1: d->__reserved[rn(2)] = 1ULL << rn(64); break;
		default: gen_name_invalid(d->name); break;
		}
	}
	gen_size(&c);
	place(&c);
	model_hdr(&c, 0);	/* _IOW: nothing written back */
	if (d->flags)
		certain(&c.e, EINVAL, "flags");
	if (!allzero(d->__reserved, sizeof(d->__reserved)))
		certain(&c.e, EINVAL, "reserved");
	if (!w.root)
		certain(&c.e, EPERM, "unprivileged");
	ne = name_err(d->name);
	if (ne)
		certain(&c.e, ne, "bad name");
	if (opt.exact && !ne && reg_find(d->name) < 0)
		certain_late(&c.e, ENOENT, "no such name");
	else
		runtime(&c.e, ENOENT);
	d_ictx(&c);
	D("flags=%#x name=\"%s\"", d->flags, esc(d->name));
	r = do_ioctl(&c);
	D(" -> %s", res(r));
	rec(OP_DESTROY, r);
	judge(&c.e, r);
	check_canary(&c);
	if (r == 0) {
		int i = reg_find(d->name);

		if (i >= 0 && B[REG[i].buf].used)
			B[REG[i].buf].destroyed = 1;
		reg_del(d->name);
		buf_gc();
	}
}

static void op_open(void)
{
	struct ictx c;
	struct memshare_open *m = (void *)c.img, o;
	struct memshare_buf_info bi;
	int ne, nmut, b;
	long r;

	ictx_init(&c, sizeof(*m), MEMSHARE_OPEN_SIZE_VER0);
	pick_ioctl_fd(&c, FK_CTL);
	c.cmd = gen_cmd(MEMSHARE_IOC_OPEN);
	gen_name_any(m->name);
	if (chance(30))
		m->fd = (int32_t)rnd();		/* output only */
	nmut = chance(80) ? 0 : 1 + (int)rn(2);
	for (int i = 0; i < nmut; i++) {
		switch (rn(4)) {
		case 0: m->flags = chance(50) ? 1U << rn(32) : (uint32_t)rnd(); break;
		case 1: m->__reserved0 = 1U << rn(32); break;
		case 2: m->__reserved[rn(2)] = 1ULL << rn(64); break;
		default: gen_name_invalid(m->name); break;
		}
	}
	gen_size(&c);
	place(&c);
	model_hdr(&c, 1);
	if (m->flags)
		certain(&c.e, EINVAL, "flags");
	if (m->__reserved0 || !allzero(m->__reserved, sizeof(m->__reserved)))
		certain(&c.e, EINVAL, "reserved");
	ne = name_err(m->name);
	if (ne)
		certain(&c.e, ne, "bad name");
	if (!w.root && (opt.named_mode & 6) != 6)
		certain(&c.e, EACCES, "unprivileged, named_mode");
	if (opt.exact && !ne && reg_find(m->name) < 0)
		certain_late(&c.e, ENOENT, "no such name");
	else
		runtime(&c.e, ENOENT);
	runtime(&c.e, ENOMEM);
	if (chance(4)) {
		rlimit_low();
		if (w.rlimited)
			certain_late(&c.e, EMFILE, "RLIMIT_NOFILE");
	}
	d_ictx(&c);
	D("flags=%#x name=\"%s\"%s", m->flags, esc(m->name),
	  w.rlimited ? " rlimit=3" : "");
	r = do_ioctl(&c);
	rlimit_restore();
	D(" -> %s", res(r));
	rec(OP_OPEN, r);
	judge(&c.e, r);
	check_canary(&c);
	after_ioctl(&c, r);
	if (r != 0 || !readback(&c, &o) || c.usize < sizeof(o))
		return;
	D(" fd=%d", o.fd);
	if (o.size != c.usize || o.flags || memcmp(o.name, m->name, sizeof(o.name)) ||
	    o.__reserved0 || !allzero(o.__reserved, sizeof(o.__reserved)))
		violation("OPEN changed input fields", "size %u flags %#x", o.size,
			  o.flags);
	if (!check_new_fd(o.fd, 1))
		return;
	if (quick_info(o.fd, &bi)) {
		close(o.fd);
		return;
	}
	if (!(bi.flags & MEMSHARE_INFO_NAMED) || strcmp(bi.name, m->name))
		violation("OPEN gave a buffer of another name",
			  "asked \"%s\", got \"%s\" (flags %#x)", esc(m->name),
			  esc(bi.name), bi.flags);
	if (opt.exact && reg_find(m->name) >= 0) {
		b = REG[reg_find(m->name)].buf;
		if (B[b].len != bi.length)
			violation("OPEN gave a buffer of another length",
				  "%" PRIu64 " vs %" PRIu64, B[b].len,
				  (uint64_t)bi.length);
	} else {
		b = buf_new(bi.length, (int)bi.backend, (int)bi.policy, 1, m->name,
			    1);
	}
	if (b < 0)
		close(o.fd);
	else
		fd_add(o.fd, FK_BUF, b, O_RDWR, 1);
}

/* A pointer for a PFN array or a data source/destination. */
enum { UP_SCRATCH, UP_STRADDLE, UP_RO, UP_NULL, UP_KERN, UP_GUARD, UP_MAP,
       UP_BIG };

static uintptr_t gen_uptr(int *kind, uint64_t want)
{
	int r = (int)rn(100);
	uintptr_t p;

	*kind = r < 62 ? UP_SCRATCH : r < 70 ? UP_STRADDLE : r < 75 ? UP_RO :
		r < 78 ? UP_NULL : r < 80 ? UP_KERN : r < 83 ? UP_GUARD :
		r < 95 ? UP_MAP : UP_BIG;
	switch (*kind) {
	case UP_MAP:
		if (nR) {
			const struct region *rg = &R[rn((uint64_t)nR)];
			uint64_t sz = rg->e - rg->s;

			return rg->s + (want < sz ? rn(sz - want + 1) & ~7UL : 0);
		}
		*kind = UP_SCRATCH;
		/* fall through */
	case UP_SCRATCH:
		p = (uintptr_t)scratch;
		if (want < SCRATCH)
			p += rn(SCRATCH - want + 1) & (chance(80) ? ~7UL : ~0UL);
		return p;
	case UP_STRADDLE:
		return (uintptr_t)scratch + SCRATCH - 8 * (1 + rn(want / 8 + 1));
	case UP_RO:
		return (uintptr_t)roarea + rn(PG);
	case UP_NULL:
		return 1 + rn(PG);	/* (0 means "none" for pfns_ptr) */
	case UP_KERN:
		return 0xffffffff81000000UL + rn(PG);
	case UP_GUARD:
		return (uintptr_t)scratch + SCRATCH + rn(PG);
	default:
		return (uintptr_t)big;
	}
}

static void op_bufinfo(void)
{
	struct ictx c;
	struct memshare_buf_info *m = (void *)c.img, o;
	const struct bufobj *bo = NULL;
	uint64_t nr = 0, n = 0, pfnbytes = 0;
	int b = -1, upk = -1, namegarbage = 0, phys;
	long r;

	ictx_init(&c, sizeof(*m), MEMSHARE_BUF_INFO_SIZE_VER0);
	pick_ioctl_fd(&c, FK_BUF);
	c.cmd = gen_cmd(MEMSHARE_IOC_BUF_INFO);
	if (c.kind == FK_BUF) {
		b = F[c.fi].buf;
		bo = &B[b];
		nr = bo->len / PG;
	}
	if (chance(50)) {
		switch (rn(8)) {
		case 0: m->pfns_first = rn(nr + 1); break;
		case 1: m->pfns_first = nr; break;
		case 2: m->pfns_first = nr + 1; break;
		case 3: m->pfns_first = ~0ULL; break;
		default: m->pfns_first = 0; break;
		}
		switch (rn(8)) {
		case 0: m->pfns_count = 0; break;
		case 1: m->pfns_count = 1; break;
		case 2: m->pfns_count = nr; break;
		case 3: m->pfns_count = ~0ULL; break;
		case 4: m->pfns_count = 1ULL << 20; break;
		default: m->pfns_count = 1 + rn(nr + 1); break;
		}
		n = m->pfns_first <= nr ? nr - m->pfns_first : 0;
		if (m->pfns_count < n)
			n = m->pfns_count;
		m->pfns_ptr = gen_uptr(&upk, n * 8);
		pfnbytes = n * 8;
		/* So that we see how many entries the kernel wrote. */
		if (upk == UP_SCRATCH || upk == UP_STRADDLE || upk == UP_BIG) {
			uint64_t k = accessible(m->pfns_ptr, pfnbytes + 64, 1);

			memset((void *)(uintptr_t)m->pfns_ptr, 0xee, k);
		}
	}
	if (chance(30)) {	/* output only: ignored */
		m->length = rnd();
		m->backend = (uint32_t)rnd();
		m->policy = (uint32_t)rnd();
		m->nr_pages = rnd();
		m->nr_mappings = rnd();
		m->phys_addr = rnd();
	}
	if (chance(12)) {
		switch (rn(4)) {
		case 0: m->flags = chance(50) ? 1U << rn(32) : (uint32_t)rnd(); break;
		case 1: m->__reserved[rn(2)] = 1ULL << rn(64); break;
		default:	/* output only, says docs/design.md */
			rfill(m->name, sizeof(m->name));
			namegarbage = !allzero(m->name, sizeof(m->name));
			break;
		}
	}
	gen_size(&c);
	place(&c);
	model_hdr(&c, 1);
	if (namegarbage)
		maybe(&c.e, EINVAL, "name garbage");
	if (m->flags)
		certain(&c.e, EINVAL, "flags on input");
	if (!allzero(m->__reserved, sizeof(m->__reserved)))
		certain(&c.e, EINVAL, "reserved");
	if (m->pfns_ptr && bo) {
		if (m->pfns_first > nr)
			certain(&c.e, EINVAL, "pfns_first > nr_pages");
		else if (n && accessible(m->pfns_ptr, pfnbytes, 1) < pfnbytes)
			certain(&c.e, EFAULT, "pfns array unwritable");
	}
	d_ictx(&c);
	D("flags=%#x pfns_ptr=%#llx first=%#llx count=%#llx%s", m->flags,
	  (unsigned long long)m->pfns_ptr, (unsigned long long)m->pfns_first,
	  (unsigned long long)m->pfns_count, namegarbage ? " name=garbage" : "");
	if (bo)
		D(" [buf len %#" PRIx64 "]", bo->len);
	r = do_ioctl(&c);
	D(" -> %s", res(r));
	rec(OP_BUFINFO, r);
	judge(&c.e, r);
	if (namegarbage && !c.e.excl && !c.e.ncertain && r == -EINVAL)
		violation("BUF_INFO rejects garbage in the output-only name field",
			  "EINVAL although docs/design.md says output-only "
			  "fields are ignored on input");
	check_canary(&c);
	after_ioctl(&c, r);
	if (m->pfns_ptr && n && (r == 0 || r == -EFAULT) && upk == UP_MAP)
		user_write_effect(m->pfns_ptr, pfnbytes, NULL);
	if (r != 0 || !bo || !readback(&c, &o) || c.usize < sizeof(o))
		return;
	phys = F[c.fi].opener_root && w.root;
	if (o.size != c.usize || o.length != bo->len || o.nr_pages != nr ||
	    (bo->backend >= 0 && o.backend != (uint32_t)bo->backend) ||
	    (bo->policy >= 0 && o.policy != (uint32_t)bo->policy))
		violation("BUF_INFO does not describe the buffer",
			  "size %u len %llu/%" PRIu64 " pages %llu backend %u/%d "
			  "policy %u/%d", o.size, (unsigned long long)o.length,
			  bo->len, (unsigned long long)o.nr_pages, o.backend,
			  bo->backend, o.policy, bo->policy);
	if (o.flags & ~(MEMSHARE_INFO_NAMED | MEMSHARE_INFO_DESTROYED |
			MEMSHARE_INFO_PHYS))
		violation("BUF_INFO unknown output flags", "flags %#x", o.flags);
	if (!!(o.flags & MEMSHARE_INFO_NAMED) != bo->named ||
	    ((o.flags & MEMSHARE_INFO_DESTROYED) && !bo->named))
		violation("BUF_INFO NAMED/DESTROYED flags wrong",
			  "flags %#x, named %d", o.flags, bo->named);
	if (opt.exact && bo->named &&
	    !!(o.flags & MEMSHARE_INFO_DESTROYED) != bo->destroyed)
		violation("BUF_INFO DESTROYED flag wrong", "flags %#x, destroyed %d",
			  o.flags, bo->destroyed);
	if (!!(o.flags & MEMSHARE_INFO_PHYS) != phys)
		violation(phys ? "BUF_INFO no PHYS for root" :
			  "BUF_INFO PHYS without CAP_SYS_ADMIN",
			  "flags %#x opener_root %d caller_root %d", o.flags,
			  F[c.fi].opener_root, w.root);
	if (!(o.flags & MEMSHARE_INFO_PHYS) || o.backend != MEMSHARE_BACKEND_CONTIG) {
		if (o.phys_addr)
			violation("BUF_INFO phys_addr without PHYS or for vmalloc",
				  "phys_addr %#llx flags %#x",
				  (unsigned long long)o.phys_addr, o.flags);
	} else if (!o.phys_addr || o.phys_addr % PG) {
		violation("BUF_INFO bad contig phys_addr", "%#llx",
			  (unsigned long long)o.phys_addr);
	}
	if (o.pfns_count != (m->pfns_ptr ? n : 0))
		violation("BUF_INFO pfns_count wrong", "%llu, want %" PRIu64,
			  (unsigned long long)o.pfns_count, m->pfns_ptr ? n : 0);
	if (m->pfns_ptr && n && accessible(m->pfns_ptr, pfnbytes, 0) == pfnbytes &&
	    (upk == UP_SCRATCH || upk == UP_BIG || upk == UP_STRADDLE)) {
		const uint64_t *pf = (const uint64_t *)(uintptr_t)m->pfns_ptr;
		uint64_t more = accessible(m->pfns_ptr + pfnbytes, 64, 1);

		for (uint64_t i = 0; i < n; i++) {
			uint64_t want = 0;
			int bad;

			if (phys && o.backend == MEMSHARE_BACKEND_CONTIG)
				want = o.phys_addr / PG + m->pfns_first + i;
			bad = phys && o.backend != MEMSHARE_BACKEND_CONTIG ?
				!pf[i] || pf[i] == 0xeeeeeeeeeeeeeeeeULL : pf[i] != want;
			if (bad) {
				violation(phys ? "BUF_INFO wrong PFN" :
					  "BUF_INFO PFN leaked without CAP_SYS_ADMIN",
					  "pfn[%" PRIu64 "] = %#" PRIx64 ", want %#"
					  PRIx64, i, pf[i], want);
				break;
			}
		}
		for (uint64_t i = 0; i < more; i++)
			if (((uint8_t *)(uintptr_t)m->pfns_ptr)[pfnbytes + i] != 0xee) {
				violation("BUF_INFO wrote past pfns_count",
					  "byte %" PRIu64 " past %" PRIu64 " entries",
					  i, n);
				break;
			}
	}
	if (bo->named ? (bo->name[0] && strncmp(o.name, bo->name, sizeof(o.name))) :
	    !allzero(o.name, sizeof(o.name)))
		violation(bo->named ? "BUF_INFO name wrong" :
			  "BUF_INFO name of an unnamed buffer not empty",
			  "\"%s\", want \"%s\"%s", esc(o.name),
			  bo->named ? esc(bo->name) : "", namegarbage ?
			  " (the caller's input came back)" : "");
	if (!allzero(o.__reserved, sizeof(o.__reserved)))
		violation("BUF_INFO reserved output non-zero", "%s", "");
}

/* Offsets and lengths: in range, at the end, past it, overflowing. */
static void gen_range(uint64_t L, uint64_t *off, uint64_t *len)
{
	switch (rn(24)) {
	case 0: *off = 0; *len = 0; break;
	case 1: *off = 0; *len = L; break;
	case 2: *off = L; *len = 0; break;
	case 3: *off = L; *len = 1; break;
	case 4: *off = L + 1; *len = 0; break;
	case 5: *off = rn(L + 1); *len = L - *off + 1; break;
	case 6: *off = L ? L - 1 : 0; *len = ~0ULL; break;
	case 7: *off = ~0ULL - 1; *len = 2; break;
	case 8: *off = 1ULL << 63; *len = 1ULL << 63; break;
	case 9: *off = rn(L + 1); *len = ~0ULL - *off + 1; break;
	case 10: *off = L - PG; *len = PG; break;
	default:
		*off = rn(L + 1);
		*len = rn(L - *off + 1);
		if (*len > (256UL << 10) && chance(75))
			*len = rn(256UL << 10);
		break;
	}
}

static void op_access(void)
{
	struct ictx c;
	struct memshare_access *m = (void *)c.img, o;
	const struct bufobj *bo = NULL;
	uint64_t L = 0, avail;
	int b = -1, upk = -1, acc = O_RDWR, known = 0, overlap = 0, nmut;
	long r;

	ictx_init(&c, sizeof(*m), MEMSHARE_ACCESS_SIZE_VER0);
	pick_ioctl_fd(&c, FK_BUF);
	c.cmd = gen_cmd(MEMSHARE_IOC_ACCESS);
	if (c.kind == FK_BUF) {
		b = F[c.fi].buf;
		bo = &B[b];
		L = bo->len;
		acc = F[c.fi].acc;
	}
	m->op = (uint32_t)rn(3);
	gen_range(L, (uint64_t *)&m->offset, (uint64_t *)&m->length);
	if (m->op == MEMSHARE_ACCESS_FILL)
		m->fill = (uint32_t)rn(256);
	if (m->op == MEMSHARE_ACCESS_WRITE) {
		uint64_t want = m->length < SCRATCH ? m->length : SCRATCH;

		m->user_ptr = gen_uptr(&upk, want);
		if (upk == UP_SCRATCH || upk == UP_BIG)
			rfill((void *)(uintptr_t)m->user_ptr,
			      accessible(m->user_ptr, want, 1));
	}
	if (chance(20))
		m->crc32c = (uint32_t)rnd();	/* output only */
	nmut = chance(82) ? 0 : 1 + (int)rn(2);
	for (int i = 0; i < nmut; i++) {
		switch (rn(7)) {
		case 0: m->flags = chance(50) ? 1U << rn(32) : (uint32_t)rnd(); break;
		case 1: m->__reserved0 = 1U << rn(32); break;
		case 2: m->__reserved[rn(2)] = 1ULL << rn(64); break;
		case 3: m->op = bad_enum(); break;
		case 4: m->fill = 0x100U << rn(24); break;
		case 5: m->user_ptr = rnd() | 1; break;
		default: m->fill = 1 + (uint32_t)rn(255); break;
		}
	}
	gen_size(&c);
	place(&c);
	model_hdr(&c, m->op == MEMSHARE_ACCESS_CRC32C);
	if (m->flags)
		certain(&c.e, EINVAL, "flags");
	if (m->__reserved0 || !allzero(m->__reserved, sizeof(m->__reserved)))
		certain(&c.e, EINVAL, "reserved");
	if (m->op > MEMSHARE_ACCESS_WRITE)
		certain(&c.e, EINVAL, "op");
	if (m->op <= MEMSHARE_ACCESS_WRITE &&
	    (m->offset > L || m->length > L - m->offset))
		certain(&c.e, EINVAL, "range");
	switch (m->op) {
	case MEMSHARE_ACCESS_CRC32C:
		if (m->fill)
			maybe(&c.e, EINVAL, "CRC with fill");
		if (m->user_ptr)
			maybe(&c.e, EINVAL, "CRC with user_ptr");
		if (acc == O_WRONLY) {
			certain(&c.e, EBADF, "reads through a write-only fd");
			certain(&c.e, EACCES, "reads through a write-only fd");
			certain(&c.e, EPERM, "reads through a write-only fd");
		}
		break;
	case MEMSHARE_ACCESS_FILL:
	case MEMSHARE_ACCESS_WRITE:
		if (m->op == MEMSHARE_ACCESS_FILL && m->fill > 0xff)
			maybe(&c.e, EINVAL, "fill > 0xff");
		if (m->op == MEMSHARE_ACCESS_FILL && m->user_ptr)
			maybe(&c.e, EINVAL, "FILL with user_ptr");
		if (m->op == MEMSHARE_ACCESS_WRITE && m->fill)
			maybe(&c.e, EINVAL, "WRITE with fill");
		if (acc == O_RDONLY) {
			certain(&c.e, EBADF, "writes through a read-only fd");
			certain(&c.e, EACCES, "writes through a read-only fd");
			certain(&c.e, EPERM, "writes through a read-only fd");
		}
		if (m->op == MEMSHARE_ACCESS_WRITE && m->length &&
		    m->offset <= L && m->length <= L - m->offset) {
			avail = accessible(m->user_ptr, m->length, 0);
			if (avail < m->length)
				certain(&c.e, EFAULT, "source unreadable");
			if (bo && bo->sh && m->length <= BIG && avail == m->length) {
				overlap = overlaps_buf(m->user_ptr, m->length, b,
						       m->offset, m->length);
				/* (big is where the copy goes) */
				known = upk != UP_BIG &&
					user_src_known(m->user_ptr, m->length, big);
			}
		}
		break;
	}
	d_ictx(&c);
	D("op=%u off=%#llx len=%#llx fill=%#x ptr=%#llx flags=%#x acc=%s",
	  m->op, (unsigned long long)m->offset, (unsigned long long)m->length,
	  m->fill, (unsigned long long)m->user_ptr, m->flags,
	  acc == O_RDONLY ? "ro" : acc == O_WRONLY ? "wo" : "rw");
	if (bo)
		D(" [buf len %#" PRIx64 "%s]", L, bo->named ? " named" : "");
	r = do_ioctl(&c);
	D(" -> %s", res(r));
	rec(OP_ACCESS, r);
	judge(&c.e, r);
	check_canary(&c);
	after_ioctl(&c, r);
	if (!bo)
		return;
	if (r == 0) {
		if (m->op == MEMSHARE_ACCESS_FILL) {
			sh_fill(b, m->offset, m->length, (uint8_t)m->fill);
		} else if (m->op == MEMSHARE_ACCESS_WRITE) {
			sh_set(b, m->offset, known && !overlap ? big : NULL,
			       m->length);
		} else if (readback(&c, &o) && c.usize >= sizeof(o)) {
			if (o.size != c.usize || o.op != m->op || o.fill != m->fill ||
			    o.offset != m->offset || o.length != m->length ||
			    o.user_ptr != m->user_ptr)
				violation("ACCESS changed input fields", "op %u", o.op);
			if (sh_known(b, m->offset, m->length) &&
			    o.crc32c != crc32c(bo->sh + m->offset, m->length))
				violation("DATA mismatch via ACCESS CRC32C",
					  "crc %#x, want %#x (off %#llx len %#llx)",
					  o.crc32c,
					  crc32c(bo->sh + m->offset, m->length),
					  (unsigned long long)m->offset,
					  (unsigned long long)m->length);
		}
	} else if (m->op != MEMSHARE_ACCESS_CRC32C && r != -EINVAL &&
		   m->offset <= L && m->length <= L - m->offset) {
		/* A partial copy leaves partial data. */
		sh_set(b, m->offset, NULL, m->length);
	}
}

/*
 * Command numbers the driver must refuse (ENOTTY): the other device's
 * commands, unknown numbers, known numbers with the wrong direction, other
 * magic numbers; and known commands with other size bits (handled: a zero
 * struct then has size 0, EINVAL).
 */
/* Does the control device handle command number @nr? */
static int ctl_handles(unsigned int nr)
{
	return nr < 0x10 || nr == 0x20
#ifdef MEMSHARE_IOC_XLATE
		|| nr == 0x30 || nr == 0x31
#endif
		;
}

static void op_badcmd(void)
{
	static const unsigned long ctlcmds[] = {
		MEMSHARE_IOC_VERSION, MEMSHARE_IOC_CREATE, MEMSHARE_IOC_DESTROY,
		MEMSHARE_IOC_OPEN,
#ifdef MEMSHARE_IOC_PIN
		MEMSHARE_IOC_PIN,
#endif
#ifdef MEMSHARE_IOC_XLATE
		MEMSHARE_IOC_XLATE, MEMSHARE_IOC_KADDR,
#endif
	};
	static const unsigned long bufcmds[] = {
		MEMSHARE_IOC_BUF_INFO, MEMSHARE_IOC_ACCESS };
#ifdef MEMSHARE_IOC_PIN
	static const unsigned long pincmds[] = {
		MEMSHARE_IOC_PIN_INFO, MEMSHARE_IOC_PIN_ACCESS };
#else
	static const unsigned long pincmds[] = { 0 };
#endif
	const uint64_t nctl = sizeof(ctlcmds) / sizeof(ctlcmds[0]);
	const uint64_t npin = sizeof(pincmds) / sizeof(pincmds[0]);
	static const unsigned int dirs[] = {
		_IOC_NONE, _IOC_READ, _IOC_WRITE, _IOC_READ | _IOC_WRITE };
	/* Types the VFS or pipes handle themselves (FIOCLEX, FIFREEZE...). */
	static const unsigned int vfs_types[] = {
		0x00, 0x12, 0x15, 0x24, 'T', 'W', 'X', 'f', 0x94 };
	struct expect e;
	unsigned long cmd = 0, base;
	int fi = pick_fd(-1), fd, kind, v = (int)rn(5), handled = 0;
	long r;

	memset(&e, 0, sizeof(e));
	if (fi < 0 || chance(5)) {
		fi = -1;
		fd = chance(50) ? -1 : closed_fd();
		kind = FK_FREE;
	} else {
		fd = F[fi].fd;
		kind = F[fi].kind;
	}
	switch (v) {
	case 0:		/* another kind of fd's command */
		do {
			int k = (int)rn(3);

			cmd = k == 0 ? ctlcmds[rn(nctl)] : k == 1 ? bufcmds[rn(2)] :
				pincmds[rn(npin)];
		} while (!cmd || (kind == FK_CTL && ctl_handles(_IOC_NR(cmd))) ||
			 (kind == FK_BUF && (_IOC_NR(cmd) == 0x10 || _IOC_NR(cmd) == 0x11)) ||
			 (kind == FK_PIN && (_IOC_NR(cmd) == 0x21 || _IOC_NR(cmd) == 0x22)));
		break;
	case 1: {	/* our magic, a number nobody handles */
		unsigned int nr;

		do
			nr = (unsigned int)rn(256);
		while (nr <= 3 || nr == 0x10 || nr == 0x11 ||
		       (npin > 1 && nr >= 0x20 && nr <= 0x22) ||
		       (nr >= 0x10 && ctl_handles(nr)));
		cmd = _IOC(dirs[rn(4)], MEMSHARE_IOC_MAGIC, nr,
			   (unsigned int)rn(_IOC_SIZEMASK + 1));
		break;
	}
	case 2: {	/* a known number with another direction */
		unsigned int d;

		base = chance(50) ? ctlcmds[rn(nctl)] : chance(50) || npin < 2 ?
			bufcmds[rn(2)] : pincmds[rn(npin)];
		do
			d = dirs[rn(4)];
		while (d == _IOC_DIR(base));
		cmd = _IOC(d, MEMSHARE_IOC_MAGIC, _IOC_NR(base), _IOC_SIZE(base));
		break;
	}
	case 3:		/* a known command, other size bits */
		if (kind == FK_BUF || (kind != FK_CTL && kind != FK_PIN && chance(50)))
			base = bufcmds[rn(2)];
		else if (kind == FK_PIN && npin > 1)
			base = pincmds[rn(npin)];
		else
			base = ctlcmds[rn(nctl)];
		cmd = _IOC(_IOC_DIR(base), MEMSHARE_IOC_MAGIC, _IOC_NR(base),
			   (unsigned int)rn(_IOC_SIZEMASK + 1));
		handled = (kind == FK_CTL && ctl_handles(_IOC_NR(base))) ||
			  (kind == FK_BUF && (_IOC_NR(base) == 0x10 ||
					      _IOC_NR(base) == 0x11)) ||
			  (kind == FK_PIN && (_IOC_NR(base) == 0x21 ||
					      _IOC_NR(base) == 0x22));
		break;
	default: {	/* another magic */
		unsigned int t;
		int vfs;

		do {
			t = (unsigned int)rn(256);
			vfs = t == MEMSHARE_IOC_MAGIC;
			for (size_t i = 0; i < sizeof(vfs_types) / sizeof(vfs_types[0]); i++)
				vfs |= t == vfs_types[i];
		} while (vfs);
		cmd = _IOC(dirs[rn(4)], t, (unsigned int)rn(256),
			   (unsigned int)rn(_IOC_SIZEMASK + 1));
		break;
	}
	}
	if (kind == FK_FREE || kind == FK_PATH)
		exclusive(&e, EBADF, "bad fd");
	else if (handled)
		exclusive(&e, EINVAL, "size 0 struct");
	else
		exclusive(&e, ENOTTY, "unknown command");
	D("fd=%d(%s) cmd=%#lx (variant %d)", fd, fkname[kind], cmd, v);
	r = sysres(ioctl(fd, cmd, zpage));
	D(" -> %s", res(r));
	rec(OP_BADCMD, r);
	judge(&e, r);
	if (!allzero(zpage, 2 * PG)) {
		violation("BADCMD wrote to the argument", "cmd %#lx", cmd);
		memset(zpage, 0, 2 * PG);
	}
}

/* ------------------------------------------------------------------ */
/* /proc/self/maps */

struct vma {
	uintptr_t s, e;
	uint64_t off;
	int prot, ms;
};

static struct vma V[4096];

static int read_maps(void)
{
	static char b[1 << 19];
	size_t len = 0;
	int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC), n = 0;
	char *p;

	if (fd < 0)
		return -1;
	for (;;) {
		ssize_t k = read(fd, b + len, sizeof(b) - 1 - len);

		if (k <= 0)
			break;
		len += (size_t)k;
		if (len >= sizeof(b) - 1)
			break;
	}
	close(fd);
	b[len] = 0;
	for (p = b; *p && n < 4096;) {
		char *nl = strchr(p, '\n'), perms[8] = "";
		unsigned long s, e, off;
		int pathpos = 0;

		if (nl)
			*nl = 0;
		if (sscanf(p, "%lx-%lx %7s %lx %*s %*s%n", &s, &e, perms, &off,
			   &pathpos) >= 4) {
			const char *path = p + pathpos;

			while (*path == ' ')
				path++;
			V[n].s = s;
			V[n].e = e;
			V[n].off = off;
			V[n].prot = (perms[0] == 'r' ? PROT_READ : 0) |
				    (perms[1] == 'w' ? PROT_WRITE : 0) |
				    (perms[2] == 'x' ? PROT_EXEC : 0);
			V[n].ms = !strncmp(path, "anon_inode:memshare", 19) ||
				  !strncmp(path, "/dev/memshare-", 14);
			n++;
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	return n;
}

/* Is [a, b) inside one VMA? */
static int single_vma(uintptr_t a, uintptr_t b)
{
	int n = read_maps();

	for (int i = 0; i < n; i++)
		if (V[i].s <= a && b <= V[i].e)
			return 1;
	return 0;
}

/* After a failed call that may have changed some protections. */
static void resync_prot(uintptr_t a, uintptr_t b)
{
	int n = read_maps();

	for (int i = 0; i < n; i++) {
		uintptr_t s = V[i].s > a ? V[i].s : a;
		uintptr_t e = V[i].e < b ? V[i].e : b;

		if (s < e && V[i].ms)
			reg_setprot(s, e, V[i].prot & (PROT_READ | PROT_WRITE) ?
				    V[i].prot : PROT_NONE);
	}
}

/* ------------------------------------------------------------------ */
/* Opening things */

static void op_opennode(void)
{
	char name[MEMSHARE_NAME_MAX + 1] = "", path[80];
	struct memshare_buf_info bi;
	struct expect e;
	int flags, acc, ri, exists = -1, ne, perm, b;
	long r;

	memset(&e, 0, sizeof(e));
	gen_name_any(name);
	ne = name_err(name);
	snprintf(path, sizeof(path), "/dev/" MEMSHARE_NAMED_PREFIX "%.32s", name);
	ri = (int)rn(100);
	acc = ri < 60 ? O_RDWR : ri < 82 ? O_RDONLY : ri < 92 ? O_WRONLY : O_PATH;
	flags = acc;
	if (chance(50))
		flags |= O_CLOEXEC;
	if (chance(10))
		flags |= O_NONBLOCK;
	if (chance(5))
		flags |= O_APPEND;
	if (chance(4))
		flags |= O_NOATIME;
	if (chance(3))
		flags |= O_SYNC;
	if (chance(3))
		flags |= O_TRUNC;
	if (chance(3))
		flags |= O_DIRECT;
	if (chance(2))
		flags |= O_DIRECTORY;
	if (opt.exact && !ne)
		exists = reg_find(name) >= 0;
	if (ne || !strncmp(name, "nofz-", 5)) {
		certain(&e, ENOENT, "no such node");
		certain(&e, ENOTDIR, "no such node");
		exists = 0;
	} else if (exists == 0) {
		certain_late(&e, ENOENT, "no such name");
	} else {
		runtime(&e, ENOENT);
		runtime(&e, ENXIO);	/* destroyed while we opened it */
	}
	if (flags & O_DIRECTORY)
		certain(&e, ENOTDIR, "O_DIRECTORY");
	if (acc != O_PATH) {
		int need = (acc == O_RDONLY ? 4 : acc == O_WRONLY ? 2 : 6) |
			   (flags & O_TRUNC ? 2 : 0);

		perm = w.root || (opt.named_mode & (unsigned int)need) ==
			(unsigned int)need;
		if (!perm && exists != 0)
			certain(&e, EACCES, "node permission");
		if (flags & O_NOATIME && !w.root)
			maybe(&e, EPERM, "O_NOATIME");
		if (flags & O_DIRECT)
			maybe(&e, EINVAL, "O_DIRECT");
	}
	/* With other defects, a node that is not there wins as well. */
	if (e.ncertain && exists != 1) {
		es_add(&e.certain, ENOENT);
		es_add(&e.certain, ENXIO);
	}
	runtime(&e, ENOMEM);
	D("open(\"/dev/" MEMSHARE_NAMED_PREFIX "%s\", %#x)", esc(name), flags);
	r = sysres(open(path, flags));
	D(" -> %s", res(r));
	rec(OP_OPENNODE, r);
	judge(&e, r);
	if (r < 0)
		return;
	if (!check_new_fd((int)r, flags & O_CLOEXEC) || nfds() >= MAXFD - 2) {
		close((int)r);
		return;
	}
	if (acc == O_PATH) {
		fd_add((int)r, FK_PATH, -1, O_PATH, !!(flags & O_CLOEXEC));
		return;
	}
	if (quick_info((int)r, &bi)) {
		close((int)r);
		return;
	}
	if (!(bi.flags & MEMSHARE_INFO_NAMED) || strncmp(bi.name, name, 32)) {
		violation("open(/dev/memshare-NAME) gave another buffer",
			  "opened \"%s\", BUF_INFO says \"%s\" (flags %#x)",
			  esc(name), esc(bi.name), bi.flags);
		close((int)r);
		return;
	}
	if (opt.exact) {
		b = REG[reg_find(name)].buf;
		if (B[b].len != bi.length)
			violation("node gave a buffer of another length",
				  "%" PRIu64 " vs %" PRIu64, B[b].len,
				  (uint64_t)bi.length);
	} else {
		b = buf_new(bi.length, (int)bi.backend, (int)bi.policy, 1, name, 1);
	}
	if (b < 0) {
		close((int)r);
		return;
	}
	ri = fd_add((int)r, FK_BUF, b, acc, !!(flags & O_CLOEXEC));
	if (ri >= 0)
		F[ri].node = 1;
}

static void op_openctl(void)
{
	struct expect e;
	int n = 0, flags, acc = (int)rn(4);
	long r;

	for (int i = 0; i < MAXFD; i++)
		n += F[i].kind == FK_CTL;
	if (n >= 3 || nfds() >= MAXFD - 2)
		return;
	memset(&e, 0, sizeof(e));
	acc = acc == 0 ? O_RDONLY : acc == 1 ? O_WRONLY : acc == 2 ? O_PATH : O_RDWR;
	flags = acc | (chance(50) ? O_CLOEXEC : 0);
	D("open(\"" CTL_PATH "\", %#x)", flags);
	r = sysres(open(CTL_PATH, flags));
	D(" -> %s", res(r));
	rec(OP_OPENCTL, r);
	judge(&e, r);
	if (r >= 0)
		fd_add((int)r, acc == O_PATH ? FK_PATH : FK_CTL, -1, acc,
		       !!(flags & O_CLOEXEC));
}

/* ------------------------------------------------------------------ */
/* Mappings */

static int gen_prot(void)
{
	int r = (int)rn(100);

	return r < 55 ? PROT_READ | PROT_WRITE : r < 78 ? PROT_READ :
		r < 86 ? PROT_WRITE : r < 94 ? PROT_NONE : PROT_READ | PROT_EXEC;
}

static void op_mmap(void)
{
	struct expect e;
	const struct bufobj *bo = NULL;
	uint64_t L = 0, off, len, plen;
	uintptr_t addr = 0;
	int fi, fd, kind, acc = O_RDWR, prot, flags, mode, b = -1, bad_geom = 0;
	int noreplace_busy = 0;
	void *p;
	long r;

	memset(&e, 0, sizeof(e));
	if (nR > MAXREG - 64)
		return;
	fi = chance(92) ? pick_fd(FK_BUF) : pick_fd(-1);
	if (fi < 0 || chance(2)) {
		fi = -1;
		fd = chance(50) ? -1 : closed_fd();
		kind = FK_FREE;
	} else {
		fd = F[fi].fd;
		kind = F[fi].kind;
		acc = F[fi].acc;
	}
	if (kind == FK_BUF) {
		b = F[fi].buf;
		bo = &B[b];
		L = bo->len;
	}
	switch (rn(30)) {
	case 0: off = L; break;
	case 1: off = L + PG; break;
	case 2: off = 1 + rn(PG - 1); break;
	case 3: off = 1ULL << 52; break;
	case 4: off = ~0ULL & ~(PG - 1); break;
	case 5 ... 11: off = L ? rn(L / PG) * PG : 0; break;
	default: off = 0; break;
	}
	switch (rn(30)) {
	case 0: len = 0; break;
	case 1: len = L > off ? L - off - 1 : 1; break;	/* rounds up */
	case 2: len = 1; break;
	case 3: len = (L > off ? L - off : 0) + PG; break;
	case 4: len = 1ULL << 40; break;
	case 5: len = PG; break;
	case 6 ... 14: len = L > off ? (1 + rn((L - off) / PG)) * PG : PG; break;
	default: len = L > off ? L - off : PG; break;
	}
	prot = gen_prot();
	flags = chance(92) ? MAP_SHARED : chance(60) ? MAP_PRIVATE :
		MAP_SHARED_VALIDATE | (chance(50) ? MAP_SYNC : 0);
	if (chance(15))
		flags |= MAP_POPULATE;
	if (chance(3))
		flags |= MAP_NORESERVE;
	plen = (len + PG - 1) & ~(PG - 1);
	mode = (int)rn(100);
	if (plen && plen <= (arena_hi - arena_lo) / 2 && mode < 80) {
		if (mode < 70 || !nR) {
			addr = arena_window(plen);
		} else {	/* over existing mappings */
			addr = R[rn((uint64_t)nR)].s;
			if (addr + plen > arena_hi)
				addr = 0;
		}
		if (addr && chance(25)) {
			flags |= MAP_FIXED_NOREPLACE;
			/* Over a hole it works; over anything else: EEXIST. */
			if (mode < 70 && chance(80))
				munmap((void *)addr, plen);
			else
				noreplace_busy = 1;
		} else if (addr) {
			flags |= MAP_FIXED;
		}
	}
	/* Expected result. */
	if ((flags & MAP_TYPE) == MAP_SHARED_VALIDATE &&
	    (flags & (MAP_SYNC | MAP_FIXED_NOREPLACE)))
		maybe(&e, EOPNOTSUPP, "MAP_SHARED_VALIDATE with new flags");
	if (kind == FK_FREE || kind == FK_PATH) {
		certain(&e, EBADF, "bad fd");
		if (!len || off % PG)
			certain(&e, EINVAL, "len 0 or unaligned offset");
		if (len > (1ULL << 46) || off + plen < off) {
			certain(&e, ENOMEM, "huge");
			certain(&e, EOVERFLOW, "huge");
			certain(&e, EINVAL, "huge");
		}
	} else {
		if (kind != FK_BUF) {
			certain(&e, ENODEV, "fd without mmap");
			maybe(&e, EACCES, "fd mode");
			maybe(&e, EINVAL, "bad geometry");
		}
		if (acc == O_WRONLY)
			certain(&e, EACCES, "write-only fd");
		if ((flags & MAP_TYPE) != MAP_PRIVATE && (prot & PROT_WRITE) &&
		    acc == O_RDONLY)
			certain(&e, EACCES, "shared writable, read-only fd");
		if (!len || off % PG) {
			certain(&e, EINVAL, "len 0 or unaligned offset");
			bad_geom = 1;
		}
		if (len > (1ULL << 46) || off + plen < off ||
		    (off >> 12) + (plen >> 12) < (off >> 12)) {
			certain(&e, EOVERFLOW, "huge");
			certain(&e, ENOMEM, "huge");
			certain(&e, EINVAL, "huge");
			bad_geom = 1;
		}
		if (kind == FK_BUF) {
			if ((flags & MAP_TYPE) == MAP_PRIVATE)
				certain(&e, EINVAL, "MAP_PRIVATE");
			if ((flags & MAP_TYPE) == MAP_SHARED_VALIDATE &&
			    (flags & MAP_SYNC))
				certain(&e, EOPNOTSUPP, "MAP_SYNC");
			if ((flags & MAP_TYPE) == MAP_SHARED_VALIDATE &&
			    (flags & MAP_FIXED_NOREPLACE))
				certain(&e, EOPNOTSUPP, "MAP_SHARED_VALIDATE|NOREPLACE");
			if (!bad_geom && (off >= L || plen > L - off))
				certain(&e, EINVAL, "past the end");
			if (len >= (1ULL << 40)) {
				certain(&e, ENOMEM, "huge");
				certain(&e, EOVERFLOW, "huge");
			}
		}
		if (noreplace_busy)
			certain_late(&e, EEXIST, "NOREPLACE over a mapping");
		if ((prot & PROT_EXEC)) {
			maybe(&e, EACCES, "PROT_EXEC");
			/* 7.x: anon inodes are on a noexec super block. */
			maybe(&e, EPERM, "PROT_EXEC, noexec anon inode");
		}
		runtime(&e, ENOMEM);
		runtime(&e, EAGAIN);
	}
	D("mmap(%#lx, %#" PRIx64 ", prot %#x, flags %#x, fd %d(%s), off %#" PRIx64
	  ")", (unsigned long)addr, len, prot, flags, fd, fkname[kind], off);
	if (bo)
		D(" [buf len %#" PRIx64 "%s%s]", L, bo->policy == 1 ? " eager" : "",
		  bo->backend == 1 ? " contig" : "");
	p = mmap((void *)addr, len, prot, flags, fd, (off_t)off);
	r = p == MAP_FAILED ? -errno : 0;
	D(" -> %s", p == MAP_FAILED ? res(r) : "ok");
	if (p != MAP_FAILED)
		D(" %p", p);
	rec(OP_MMAP, r);
	judge(&e, r);
	if (p == MAP_FAILED) {
		/* MAP_FIXED may have unmapped the range before failing. */
		if (addr)
			normalize(addr, addr + plen);
		return;
	}
	if (addr && p != (void *)addr) {
		violation("MAP_FIXED mapped elsewhere", "%p, want %#lx", p,
			  (unsigned long)addr);
		munmap(p, plen);
		normalize(addr, addr + plen);
		return;
	}
	if (b < 0 || !in_arena((uintptr_t)p, (uintptr_t)p + plen) ||
	    (flags & MAP_TYPE) == MAP_PRIVATE) {
		/* (only after a violation, or outside the arena) */
		munmap(p, plen);
		if (addr)
			normalize(addr, addr + plen);
		return;
	}
	reg_add((uintptr_t)p, (uintptr_t)p + plen, b, off, prot, acc == O_RDWR);
}

/* A region, preferably of a private buffer. */
static struct region *pick_region(void)
{
	if (!nR)
		return NULL;
	for (int t = 0; t < 3; t++) {
		struct region *r = &R[rn((uint64_t)nR)];

		if (B[r->buf].sh || t == 2)
			return r;
	}
	return NULL;
}

static void op_munmap(void)
{
	struct expect e;
	struct region *r = pick_region();
	uintptr_t a, b;
	long res_;
	int v = (int)rn(100);

	memset(&e, 0, sizeof(e));
	if (!r)
		return;
	if (v < 45) {
		a = r->s;
		b = r->e;
	} else if (v < 80) {
		reg_subrange(r, &a, &b);
	} else if (v < 90) {	/* across mappings and placeholders */
		a = r->s;
		b = a + (1 + rn(64)) * PG;
		if (b > arena_hi)
			b = arena_hi;
	} else if (v < 95) {
		a = r->s + 1 + rn(PG - 1);
		b = r->e;
		certain(&e, EINVAL, "unaligned address");
	} else {
		a = r->s;
		b = a;
		certain(&e, EINVAL, "length 0");
	}
	D("munmap(%#lx, %#lx)", (unsigned long)a, (unsigned long)(b - a));
	res_ = sysres(munmap((void *)a, b - a));
	D(" -> %s", res(res_));
	rec(OP_MUNMAP, res_);
	judge(&e, res_);
	if (res_ == 0 && b > a)
		normalize(a & ~(PG - 1), (b + PG - 1) & ~(PG - 1));
	buf_gc();
}

static void op_mremap(void)
{
	struct expect e;
	struct region *r = pick_region();
	uintptr_t a, b, to = 0;
	uint64_t oldlen, newlen;
	int v = (int)rn(100), flags = 0, single;
	void *p;
	long rr;

	memset(&e, 0, sizeof(e));
	if (!r)
		return;
	reg_subrange(r, &a, &b);
	oldlen = b - a;
	single = single_vma(a, b);
	if (v < 25) {		/* shrink in place */
		newlen = oldlen > PG ? (1 + rn(oldlen / PG - 1)) * PG : PG;
		if (chance(50))
			flags = MREMAP_MAYMOVE;
	} else if (v < 40) {	/* grow: VM_DONTEXPAND */
		newlen = oldlen + (1 + rn(4)) * PG;
		flags = chance(50) ? MREMAP_MAYMOVE : 0;
		certain(&e, EFAULT, "grow");
		certain(&e, ENOMEM, "grow");
		certain(&e, EINVAL, "grow");
	} else if (v < 85) {	/* move */
		newlen = chance(70) ? oldlen : (1 + rn(oldlen / PG)) * PG;
		to = arena_window(newlen);
		if (!to)
			return;
		flags = MREMAP_MAYMOVE | MREMAP_FIXED;
		/* The tail is unmapped first: only the rest must be one VMA. */
		single = single_vma(a, a + newlen);
		/* 6.17+ may move several VMAs at once, which the region
		 * bookkeeping does not model: not tried there. */
		if (!single && !kernel_before(6, 17))
			return;
		if (!single) {
			certain(&e, EFAULT, "source spans VMAs");
			certain(&e, EINVAL, "source spans VMAs");
		}
	} else if (v < 92) {	/* DONTUNMAP: not for VM_DONTEXPAND */
		newlen = oldlen;
		flags = MREMAP_MAYMOVE | MREMAP_DONTUNMAP;
		certain(&e, EINVAL, "DONTUNMAP");
		certain(&e, EFAULT, "DONTUNMAP");
	} else if (v < 96) {	/* old_size 0: duplicate a shared mapping */
		newlen = oldlen;
		oldlen = 0;
		flags = MREMAP_MAYMOVE;
		certain(&e, EFAULT, "old_size 0 on VM_DONTEXPAND");
		certain(&e, EINVAL, "old_size 0 on VM_DONTEXPAND");
		certain(&e, ENOMEM, "old_size 0 on VM_DONTEXPAND");
	} else {
		newlen = oldlen;
		flags = 8 << rn(4);
		certain(&e, EINVAL, "unknown flags");
	}
	runtime(&e, ENOMEM);
	D("mremap(%#lx, %#" PRIx64 ", %#" PRIx64 ", %#x, %#lx)%s",
	  (unsigned long)a, oldlen, newlen, flags, (unsigned long)to,
	  single ? "" : " [spans VMAs]");
	p = (void *)syscall(SYS_mremap, a, oldlen, newlen, flags, to);
	rr = p == MAP_FAILED ? -errno : 0;
	D(" -> %s", p == MAP_FAILED ? res(rr) : "ok");
	rec(OP_MREMAP, rr);
	judge(&e, rr);
	if (p == MAP_FAILED) {
		if (flags & MREMAP_FIXED) {
			normalize(to, to + newlen);
			if (newlen < oldlen)
				normalize(a + newlen, b);
		}
		return;
	}
	if (flags & MREMAP_FIXED) {
		if ((uintptr_t)p != to)
			violation("MREMAP_FIXED moved elsewhere", "%p", p);
		/* Move the regions of [a, a+newlen) to [to, ...). */
		reg_remove(to, to + newlen);
		reg_split(a);
		reg_split(a + newlen);
		for (int i = 0; i < nR; i++)
			if (R[i].s >= a && R[i].e <= a + newlen) {
				R[i].s = R[i].s - a + to;
				R[i].e = R[i].e - a + to;
			}
		reg_remove(a, b);
		placeholder(a, b);
	} else if ((uintptr_t)p != a) {
		/* Moved by the kernel: the regions are wherever it put them. */
		violation("mremap moved a mapping it could not grow", "%p", p);
		munmap(p, newlen);
		normalize(a, b);
	} else if (newlen < oldlen) {
		normalize(a + newlen, b);
	} else if (newlen > oldlen) {
		violation("mremap grew a VM_DONTEXPAND mapping", "%#" PRIx64
			  " -> %#" PRIx64, oldlen, newlen);
		munmap((void *)(a + oldlen), newlen - oldlen);
		placeholder(a + oldlen, a + newlen);
	}
	buf_gc();
}

static void op_mprotect(void)
{
	struct expect e;
	struct region *r = pick_region();
	uintptr_t a, b;
	int prot = gen_prot(), maywrite = 1;
	long rr;

	memset(&e, 0, sizeof(e));
	if (!r)
		return;
	reg_subrange(r, &a, &b);
	for (int i = 0; i < nR; i++)
		if (R[i].s < b && a < R[i].e && !R[i].maywrite)
			maywrite = 0;
	if ((prot & PROT_WRITE) && !maywrite)
		certain(&e, EACCES, "PROT_WRITE, read-only fd");
	if (prot & PROT_EXEC)
		maybe(&e, EACCES, "PROT_EXEC");
	if (chance(3)) {
		prot |= 0x100 << rn(8);
		certain(&e, EINVAL, "unknown prot bits");
	}
	runtime(&e, ENOMEM);
	D("mprotect(%#lx, %#lx, %#x)", (unsigned long)a, (unsigned long)(b - a),
	  prot);
	rr = sysres(mprotect((void *)a, b - a, prot));
	D(" -> %s", res(rr));
	rec(OP_MPROTECT, rr);
	judge(&e, rr);
	if (rr == 0)
		reg_setprot(a, b, prot & (PROT_READ | PROT_WRITE | PROT_EXEC));
	else
		resync_prot(a, b);
}

static void op_madvise(void)
{
	static const int adv[] = {
		MADV_DONTNEED, MADV_DONTNEED, MADV_DONTNEED, MADV_DONTNEED,
		MADV_WILLNEED, MADV_COLD, MADV_PAGEOUT, MADV_NORMAL,
		MADV_RANDOM, MADV_SEQUENTIAL, MADV_DONTFORK, MADV_DOFORK,
		MADV_DONTDUMP, MADV_DODUMP, MADV_POPULATE_READ,
		MADV_POPULATE_WRITE, MADV_REMOVE, MADV_FREE, MADV_HUGEPAGE,
		MADV_NOHUGEPAGE, MADV_MERGEABLE, MADV_UNMERGEABLE,
		MADV_WIPEONFORK, MADV_KEEPONFORK, MADV_COLLAPSE,
		MADV_DONTNEED_LOCKED, 5, 7, 99, 1000,
	};
	struct expect e;
	struct region *r = pick_region();
	uintptr_t a, b;
	int v = (int)rn(100), advice = 0;
	const char *what;
	long rr;

	memset(&e, 0, sizeof(e));
	if (!r)
		return;
	reg_subrange(r, &a, &b);
	if (v < 80) {
		advice = adv[rn(sizeof(adv) / sizeof(adv[0]))];
		what = "madvise";
		if (advice == MADV_DONTNEED)
			;	/* must work: shared memory keeps its data */
		else if (advice == 5 || advice == 7 || advice == 99 || advice == 1000)
			certain(&e, EINVAL, "unknown advice");
		else {
			maybe(&e, EINVAL, "advice");
			maybe(&e, EOPNOTSUPP, "advice");
			maybe(&e, EFAULT, "advice");
			maybe(&e, ENOMEM, "advice");
			maybe(&e, EPERM, "advice");
			maybe(&e, EAGAIN, "advice");
			maybe(&e, EACCES, "advice");
			maybe(&e, ENODEV, "advice");
			maybe(&e, EBADF, "advice");
		}
		D("madvise(%#lx, %#lx, %d)", (unsigned long)a,
		  (unsigned long)(b - a), advice);
		rr = sysres(madvise((void *)a, b - a, advice));
		if (rr == 0 && (advice == MADV_DONTFORK || advice == MADV_DOFORK))
			reg_setdontfork(a, b, advice == MADV_DONTFORK);
	} else if (v < 88) {
		int fl = chance(50) ? MS_SYNC : MS_ASYNC;

		if (chance(30))
			fl |= MS_INVALIDATE;
		what = "msync";
		maybe(&e, EBUSY, "MS_INVALIDATE");
		if (fl & MS_SYNC)	/* the buffer file has no ->fsync */
			maybe(&e, EINVAL, "MS_SYNC without fsync");
		D("msync(%#lx, %#lx, %#x)", (unsigned long)a,
		  (unsigned long)(b - a), fl);
		rr = sysres(msync((void *)a, b - a, fl));
	} else if (v < 94) {
		what = "mlock";
		maybe(&e, ENOMEM, "mlock");
		maybe(&e, EAGAIN, "mlock");
		maybe(&e, EPERM, "mlock");
		D("mlock(%#lx, %#lx)+munlock", (unsigned long)a,
		  (unsigned long)(b - a));
		rr = sysres(mlock((void *)a, b - a));
		munlock((void *)a, b - a);
	} else {
		unsigned char vec[4096];
		uint64_t n = (b - a) / PG > 4096 ? 4096 : (b - a) / PG;

		what = "mincore";
		D("mincore(%#lx, %#lx)", (unsigned long)a, (unsigned long)(n * PG));
		rr = sysres(mincore((void *)a, n * PG, vec));
	}
	(void)what;
	D(" -> %s", res(rr));
	rec(OP_MADVISE, rr);
	judge(&e, rr);
}

/* Loads and stores through a mapping. */
static void op_mem(void)
{
	struct region *r = pick_region();
	uintptr_t a;
	uint64_t n, off;
	int store = chance(45), sig, want_fault;
	uint8_t *tmp = big;

	if (!r)
		return;
	n = 1 + rn(chance(80) ? 4096 : 65536);
	if (n > r->e - r->s)
		n = r->e - r->s;
	a = r->s + rn(r->e - r->s - n + 1);
	if (chance(20))		/* the very end of the mapping */
		a = r->e - n;
	off = r->off + (a - r->s);
	want_fault = store ? !(r->prot & PROT_WRITE) : r->prot == PROT_NONE;
	if (want_fault && chance(80))
		return;		/* faults are slow under TCG; try sometimes */
	D("%s %#lx+%#" PRIx64 " [buf off %#" PRIx64 " prot %#x len %#" PRIx64 "]",
	  store ? "store" : "load", (unsigned long)a, n, off, r->prot,
	  B[r->buf].len);
	if (store) {
		rfill(tmp, n);
		sig = gcopy((void *)a, tmp, n);
	} else {
		sig = gcopy(tmp, (void *)a, n);
	}
	D(" -> %s", sig ? strsignal(sig) : "ok");
	rec(OP_MEM, sig ? -EFAULT : 0);
	if (sig && !want_fault)
		violation(sig == SIGBUS ? "SIGBUS on a mapped buffer page" :
			  "SIGSEGV on an accessible mapping",
			  "%s at %#lx (buffer offset %#" PRIx64 ", prot %#x, "
			  "buffer len %#" PRIx64 ")", store ? "store" : "load",
			  (unsigned long)fault_addr, off + (fault_addr - a),
			  r->prot, B[r->buf].len);
	if (!sig && want_fault)
		violation(store ? "store to a read-only mapping did not fault" :
			  "load from a PROT_NONE mapping did not fault",
			  "at %#lx", (unsigned long)a);
	if (store) {
		/* What was stored before a fault is unknown. */
		sh_set(r->buf, off, sig ? NULL : tmp, n);
	} else if (!sig) {
		sh_check(r->buf, off, tmp, n, "mapping load");
	}
}

/* ------------------------------------------------------------------ */
/* read/write/pread/pwrite/lseek */

#define TASK_TOP	0x7ffffffff000ULL

/*
 * After a write() that failed or was short: [off, off+n) must still hold
 * what it held (POSIX: nothing past the returned count is written).
 */
static void check_untouched(int fi, uint64_t pos, uint64_t need, long ret)
{
	uint64_t off = pos + (ret > 0 ? (uint64_t)ret : 0), n = pos + need - off;
	int b = F[fi].buf, fd = F[fi].fd;
	ssize_t k;

	if (!B[b].sh || !n)
		return;
	if (n > BIG || F[fi].acc == O_WRONLY ||
	    (k = pread(fd, big, n, (off_t)off)) != (ssize_t)n) {
		sh_set(b, off, NULL, n);
		return;
	}
	for (uint64_t i = 0; i < n; i++)
		if (B[b].pv[(off + i) / PG] && big[i] != B[b].sh[off + i]) {
			violation("write() changed bytes past its return value",
				  "byte at offset %" PRIu64 " is %#x, was %#x (write "
				  "of %" PRIu64 " bytes at %" PRIu64 " returned %s; "
				  "buffer len %" PRIu64 ")", off + i, big[i],
				  B[b].sh[off + i], need, pos, res(ret), B[b].len);
			break;
		}
	/* Whatever is there now is the truth. */
	sh_set(b, off, big, n);
}

static int64_t gen_pos(uint64_t L)
{
	switch (rn(24)) {
	case 0: return (int64_t)L;
	case 1: return (int64_t)L + 1;
	case 2: return L ? (int64_t)L - 1 : 0;
	case 3: return -1;
	case 4: return INT64_MAX - (int64_t)rn(PG);
	case 5: return INT64_MIN;
	case 6: return (int64_t)(L + PG);
	case 7 ... 10: return 0;
	default: return (int64_t)rn(L + 1);
	}
}

static uint64_t gen_count(uint64_t rest)
{
	uint64_t cap = rest < (256UL << 10) ? rest : (256UL << 10);

	switch (rn(20)) {
	case 0: return 0;
	case 1: return 1;
	case 2: return rest;
	case 3: return rest + 1;
	case 4: return rest + PG;
	case 5: return 1ULL << 30;
	case 6: return 1ULL << 63;
	default: return 1 + rn(cap ? cap : PG);
	}
}

static void op_rw(int op)
{
	struct expect e;
	const struct bufobj *bo = NULL;
	int is_w = op == OP_WRITE || op == OP_PWRITE;
	int posit = op == OP_PREAD || op == OP_PWRITE;
	int fi, fd, kind, acc = O_RDWR, b = -1, upk, known = 0, overlap = 0;
	int64_t pos = 0;
	uint64_t L = 0, rest, count, need = 0;
	uintptr_t ub;
	long r;

	memset(&e, 0, sizeof(e));
	fi = chance(90) ? pick_fd(FK_BUF) : pick_fd(-1);
	if (fi < 0 || chance(2)) {
		fi = -1;
		fd = chance(50) ? -1 : closed_fd();
		kind = FK_FREE;
	} else {
		fd = F[fi].fd;
		kind = F[fi].kind;
		acc = F[fi].acc;
	}
	if (kind == FK_BUF) {
		b = F[fi].buf;
		bo = &B[b];
		L = bo->len;
	}
	if (posit) {
		pos = gen_pos(L);
	} else if (kind == FK_BUF) {
		if ((F[fi].pos < 0 && chance(80)) || chance(30)) {
			int64_t p = chance(20) ? (int64_t)L : (int64_t)rn(L + 1);

			if (lseek(fd, p, SEEK_SET) == p)
				set_pos(fi, p);
			else
				violation("lseek(SEEK_SET) within the buffer failed",
					  "pos %" PRId64 ": %s", p, strerror(errno));
		}
		pos = F[fi].pos;
	}
	rest = kind == FK_BUF && pos >= 0 && (uint64_t)pos < L ? L - (uint64_t)pos : PG;
	count = gen_count(rest);
	ub = gen_uptr(&upk, count < SCRATCH ? count : SCRATCH);
	if (is_w && (upk == UP_SCRATCH || upk == UP_BIG || upk == UP_STRADDLE))
		rfill((void *)ub, accessible(ub, count < BIG ? count : BIG, 1));
	/* Expected result. */
	if (posit && pos < 0) {
		exclusive(&e, EINVAL, "negative offset");
	} else if (kind == FK_FREE || kind == FK_PATH) {
		exclusive(&e, EBADF, "bad fd");
	} else if (posit && (kind == FK_PIPE_R || kind == FK_PIPE_W)) {
		exclusive(&e, ESPIPE, "pipe");
	} else if (is_w ? acc == O_RDONLY : acc == O_WRONLY) {
		exclusive(&e, EBADF, is_w ? "write to a read-only fd" :
			  "read from a write-only fd");
	} else if (kind == FK_PIN && posit) {
		exclusive(&e, ESPIPE, "pin fd is not positional");
	} else if (kind == FK_CTL || kind == FK_PIN) {
		exclusive(&e, EINVAL, "no read/write");
	} else if (ub >= TASK_TOP || count > TASK_TOP - ub) {
		certain(&e, EFAULT, "user range not in user space");
		if (count >> 63)
			certain(&e, EINVAL, "count > SSIZE_MAX");
		if (pos >= 0 && (uint64_t)pos + count > (uint64_t)INT64_MAX)
			certain(&e, EINVAL, "pos+count overflow");
	} else if (kind == FK_BUF && pos >= 0) {
		if ((uint64_t)pos + count > (uint64_t)INT64_MAX)
			certain(&e, EINVAL, "pos+count overflow");
		else if (!count || (!is_w && (uint64_t)pos >= L))
			;	/* exactly 0, checked below */
		else if (is_w && (uint64_t)pos >= L)
			certain(&e, ENOSPC, "write at/after the end");
		else {
			uint64_t avail;

			need = count < L - (uint64_t)pos ? count : L - (uint64_t)pos;
			avail = accessible(ub, need, !is_w);
			if (!avail)
				certain(&e, EFAULT, "user memory inaccessible");
			else if (avail < need && avail < PG)
				maybe(&e, EFAULT, "user memory partly accessible");
			if (is_w && bo->sh && need <= BIG && upk != UP_BIG &&
			    avail == need) {
				known = user_src_known(ub, need, big);
				overlap = overlaps_buf(ub, need, b, (uint64_t)pos, need);
			}
		}
	} else if (kind == FK_BUF) {	/* position unknown */
		maybe(&e, EFAULT, "position unknown");
		maybe(&e, ENOSPC, "position unknown");
		maybe(&e, EINVAL, "position unknown");
	} else {			/* pipes, /dev/null */
		maybe(&e, EAGAIN, "pipe");
		maybe(&e, EFAULT, "pipe");
		maybe(&e, EPIPE, "pipe");
		maybe(&e, EINVAL, "pipe");
	}
	D("%s(fd %d(%s), %#lx, %#" PRIx64 ", pos %" PRId64 ")", opname[op], fd,
	  fkname[kind], (unsigned long)ub, count, pos);
	if (bo)
		D(" [buf len %#" PRIx64 "]", L);
	switch (op) {
	case OP_READ: r = sysres(read(fd, (void *)ub, count)); break;
	case OP_WRITE: r = sysres(write(fd, (void *)ub, count)); break;
	case OP_PREAD: r = sysres(pread(fd, (void *)ub, count, pos)); break;
	default: r = sysres(pwrite(fd, (void *)ub, count, pos)); break;
	}
	D(" -> %s", res(r));
	rec(op, r);
	judge(&e, r);
	if (kind == FK_BUF && is_w && r < 0 && need && pos >= 0)
		check_untouched(fi, (uint64_t)pos, need, r);
	if (kind != FK_BUF || r < 0)
		return;
	if (pos < 0) {		/* position was unknown */
		if ((uint64_t)r > count)
			violation("read/write returned more than asked", "%ld > %"
				  PRIu64, r, count);
		if (is_w && r > 0)
			sh_set(b, 0, NULL, L);
		if (!is_w && r > 0 && upk == UP_MAP)
			user_write_effect(ub, (uint64_t)r, NULL);
		return;
	}
	/* The exact count. */
	{
		uint64_t exp = 0, avail;

		if (count && (uint64_t)pos < L && (uint64_t)pos + count <= (uint64_t)INT64_MAX) {
			exp = count < L - (uint64_t)pos ? count : L - (uint64_t)pos;
			avail = accessible(ub, exp, !is_w);
			if (avail < exp ? (uint64_t)r > avail || r == 0 :
			    (uint64_t)r != exp)
				violation(is_w ? "write count wrong" : "read count wrong",
					  "returned %ld, want %" PRIu64 " (%" PRIu64
					  " bytes of user memory accessible)", r,
					  exp, avail);
		} else if (r != 0) {
			violation(is_w ? "write count wrong" : "read count wrong",
				  "returned %ld, want 0", r);
		}
	}
	if (!posit)
		set_pos(fi, pos + r);
	if (!r)
		return;
	if (is_w && (uint64_t)r < need)
		check_untouched(fi, (uint64_t)pos, need, r);
	if (is_w) {
		sh_set(b, (uint64_t)pos, known && !overlap && (uint64_t)r <= need ?
		       big : NULL, (uint64_t)r);
	} else if (upk == UP_MAP) {
		int k = sh_known(b, (uint64_t)pos, (uint64_t)r) &&
			!overlaps_buf(ub, (uint64_t)r, b, (uint64_t)pos, (uint64_t)r);

		user_write_effect(ub, (uint64_t)r, k ? bo->sh + pos : NULL);
	} else {
		sh_check(b, (uint64_t)pos, (const uint8_t *)ub, (uint64_t)r,
			 posit ? "pread" : "read");
	}
}

static void op_lseek(void)
{
	struct expect e;
	int fi = pick_fd(chance(85) ? FK_BUF : -1), fd, kind, whence;
	int64_t off, pos, L = 0, want = -1;
	__int128 np;
	long r;

	memset(&e, 0, sizeof(e));
	if (fi < 0)
		return;
	fd = F[fi].fd;
	kind = F[fi].kind;
	pos = F[fi].pos;
	if (kind == FK_BUF)
		L = (int64_t)B[F[fi].buf].len;
	switch (rn(20)) {
	case 0 ... 6: whence = SEEK_SET; break;
	case 7 ... 10: whence = SEEK_CUR; break;
	case 11 ... 14: whence = SEEK_END; break;
	case 15 ... 16: whence = SEEK_DATA; break;
	case 17 ... 18: whence = SEEK_HOLE; break;
	default: whence = chance(50) ? 5 : (int)rnd(); break;
	}
	switch (rn(12)) {
	case 0: off = 0; break;
	case 1: off = L; break;
	case 2: off = L + 1; break;
	case 3: off = -1; break;
	case 4: off = -L; break;
	case 5: off = INT64_MAX; break;
	case 6: off = INT64_MIN; break;
	default: off = (int64_t)rn((uint64_t)L + 1) * (chance(20) ? -1 : 1); break;
	}
	if (kind == FK_PATH) {
		exclusive(&e, EBADF, "O_PATH fd");
	} else if (whence < 0 || whence > SEEK_HOLE) {
		exclusive(&e, EINVAL, "whence");
	} else if (kind == FK_PIPE_R || kind == FK_PIPE_W) {
		exclusive(&e, ESPIPE, "pipe");
	} else if (kind == FK_BUF) {
		/* fixed_size_llseek(file, off, whence, L) */
		np = -1;
		switch (whence) {
		case SEEK_SET: np = off; break;
		case SEEK_CUR:
			if (pos < 0)
				np = -2;	/* unknown */
			else
				np = (__int128)pos + off;
			if (!off && pos >= 0)
				np = pos;
			break;
		case SEEK_END: np = (__int128)L + off; break;
		default:	/* fixed_size_llseek: SET/CUR/END only */
			exclusive(&e, EINVAL, "whence");
			break;
		}
		if (np != -2 && !e.excl && (np < 0 || np > L))
			exclusive(&e, EINVAL, "outside [0, size]");
		else if (np >= 0)
			want = (int64_t)np;
		if (np == -2) {
			maybe(&e, EINVAL, "position unknown");
			maybe(&e, ENXIO, "position unknown");
		}
	} else {
		maybe(&e, EINVAL, "other fd");
		maybe(&e, ENXIO, "other fd");
		/* Before 6.7 an anon inode file (a pin fd) without
		 * FMODE_LSEEK is not seekable whatever its ->llseek. */
		if (kind == FK_PIN)
			maybe(&e, ESPIPE, "pin fd, kernel < 6.7");
	}
	D("lseek(%d(%s), %" PRId64 ", %d) [pos %" PRId64 " len %" PRId64 "]", fd,
	  fkname[kind], off, whence, pos, L);
	r = sysres(lseek(fd, off, whence));
	D(" -> %s", res(r));
	rec(OP_LSEEK, r);
	judge(&e, r);
	if (kind != FK_BUF)
		return;
	if (r >= 0 && want >= 0 && r != want)
		violation("lseek result wrong", "%ld, want %" PRId64, r, want);
	if (r >= 0)
		set_pos(fi, r);
}

/* ------------------------------------------------------------------ */
/* close, dup */

static void op_close(void)
{
	struct expect e;
	int fi = pick_fd(-1), fd;
	long r;

	memset(&e, 0, sizeof(e));
	if (fi < 0 || chance(4)) {
		fd = closed_fd();
		exclusive(&e, EBADF, "closed fd");
		fi = -1;
	} else {
		fd = F[fi].fd;
	}
	D("close(%d%s%s)", fd, fi >= 0 ? ", " : "", fi >= 0 ? fkname[F[fi].kind] : "");
	r = sysres(close(fd));
	D(" -> %s", res(r));
	rec(OP_CLOSE, r);
	judge(&e, r);
	if (fi >= 0)
		fd_forget(fi);
	buf_gc();
}

static void op_dup(void)
{
	struct expect e;
	int fi = pick_fd(-1), v = (int)rn(4), target = -1, ti = -1, cloexec = 0;
	long r;

	memset(&e, 0, sizeof(e));
	if (fi < 0 || nfds() >= MAXFD - 1)
		return;
	runtime(&e, EMFILE);
	switch (v) {
	case 0:
		D("dup(%d)", F[fi].fd);
		r = sysres(dup(F[fi].fd));
		break;
	case 1:
		cloexec = 1;
		D("fcntl(%d, F_DUPFD_CLOEXEC, 0)", F[fi].fd);
		r = sysres(fcntl(F[fi].fd, F_DUPFD_CLOEXEC, 0));
		break;
	default:	/* onto another of our fds: closes it */
		ti = pick_fd(-1);
		if (ti < 0 || ti == fi)
			return;
		target = F[ti].fd;
		cloexec = v == 3;
		D("dup3(%d, %d, %s)", F[fi].fd, target, cloexec ? "O_CLOEXEC" : "0");
		r = sysres(dup3(F[fi].fd, target, cloexec ? O_CLOEXEC : 0));
		break;
	}
	D(" -> %s", res(r));
	rec(OP_DUP, r);
	judge(&e, r);
	if (r < 0)
		return;
	if (ti >= 0)
		fd_forget(ti);
	else if (fd_find((int)r) >= 0)
		violation("dup returned an fd in use", "%ld", r);
	{
		int fl = fcntl((int)r, F_GETFD);

		if (fl < 0 || !!(fl & FD_CLOEXEC) != cloexec)
			violation("dup: wrong FD_CLOEXEC", "fd %ld flags %d", r, fl);
	}
	for (int i = 0; i < MAXFD; i++) {
		if (F[i].kind != FK_FREE)
			continue;
		F[i] = F[fi];
		F[i].fd = (int)r;
		F[i].cloexec = cloexec;
		buf_gc();
		return;
	}
	close((int)r);
	buf_gc();
}

/* ------------------------------------------------------------------ */
/* Processes and credentials */

static void do_ops(uint64_t n);

/* Wait for @pid; SIGKILL it after @ms; 0 if it could not be reaped. */
static int reap(pid_t pid, int *status, uint64_t ms)
{
	uint64_t t0 = now_ms();
	int killed = 0;

	for (;;) {
		pid_t r = waitpid(pid, status, WNOHANG);

		if (r == pid)
			return 1;
		if (r < 0 && errno != EINTR)
			return 1;
		if (now_ms() - t0 > ms) {
			if (killed)
				return 0;
			kill(pid, SIGKILL);
			killed = 1;
			t0 = now_ms();
		}
		usleep(1000);
	}
}

static void show_stack(pid_t pid)
{
	char path[64], b[4096];
	int fd;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/stack", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	n = read(fd, b, sizeof(b) - 1);
	close(fd);
	if (n > 0) {
		b[n] = 0;
		out("msfuzz:   kernel stack of %d:\n%s", (int)pid, b);
	}
}

static void child_setup(void)
{
	/* Mappings with MADV_DONTFORK are not in the child. */
	for (int i = 0; i < nR;) {
		if (R[i].dontfork) {
			uintptr_t s = R[i].s, e = R[i].e;

			R[i] = R[--nR];
			placeholder(s, e);
		} else {
			i++;
		}
	}
	/* Pinned pages of our memory were copied for the child at fork. */
	for (int i = 0; i < MAXPIN; i++)
		if (P[i].back == 1)
			P[i].back = 0;
	/* Pipes, rings and /proc/self/mem of its own (an open
	 * /proc/self/mem is bound to the opener's mm). */
	if (pipe2(w.spipe, O_NONBLOCK | O_CLOEXEC))
		w.spipe[0] = w.spipe[1] = -1;
	w.ring_ok = 0;
	if (w.memfd >= 0)
		close(w.memfd);
	w.memfd = open("/proc/self/mem", O_RDWR | O_CLOEXEC);
}

static void op_fork(void)
{
	int status = 0, mode = (int)rn(100), cl[MAXFD], ncl = 0;
	uint64_t cseed = rnd(), nops = 1 + rn(40);
	pid_t pid;

	if (w.in_child || !opt.dofork)
		return;
	for (int i = 0; i < MAXFD; i++)
		if (F[i].kind != FK_FREE && F[i].cloexec)
			cl[ncl++] = F[i].fd;
	D("fork: child does %" PRIu64 " ops, seed %#" PRIx64 ", %s", nops, cseed,
	  mode < 8 ? "execs the fd check" : mode < 45 ? "runs to the end" :
	  "is killed");
	pid = fork();
	if (pid < 0) {
		D(" -> %s", res(-errno));
		rec(OP_FORK, -errno);
		return;
	}
	if (!pid) {
		w.in_child = 1;
		w.seed = cseed;
		rseed(cseed);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		alarm(30);
		child_setup();
		if (mode < 8) {
			/* Every O_CLOEXEC fd must be gone after exec. */
			char list[MAXFD * 8] = "", *argv[4];
			size_t l = 0;

			for (int i = 0; i < ncl; i++)
				l += (size_t)snprintf(list + l, sizeof(list) - l,
						      "%s%d", i ? "," : "", cl[i]);
			argv[0] = (char *)"msfuzz";
			argv[1] = (char *)"--exec-check";
			argv[2] = list;
			argv[3] = NULL;
			execv(opt.self, argv);
			_exit(4);
		}
		do_ops(nops);
		_exit(0);
	}
	if (mode >= 45)
		usleep((useconds_t)rn(4000));
	if (mode >= 45)
		kill(pid, SIGKILL);
	if (!reap(pid, &status, 20000)) {
		violation("child not reaped 20 s after SIGKILL (stuck in the kernel?)",
			  "pid %d", (int)pid);
		show_stack(pid);
	} else if (WIFEXITED(status) && WEXITSTATUS(status) == 3) {
		violation("an O_CLOEXEC fd survived exec", "see the exec-check "
			  "line above (fds %d)", ncl);
	} else if (WIFEXITED(status) && WEXITSTATUS(status)) {
		failure("child exited with %d", WEXITSTATUS(status));
	} else if (WIFSIGNALED(status) && WTERMSIG(status) != SIGKILL) {
		violation(WTERMSIG(status) == SIGALRM ? "child hung (30 s alarm)" :
			  "child died of a signal", "signal %d (%s)",
			  WTERMSIG(status), strsignal(WTERMSIG(status)));
	}
	D(" -> status %#x", status);
	rec(OP_FORK, 0);
	/* The child may have written to every buffer and moved positions. */
	sh_invalidate_all();
	for (int i = 0; i < MAXFD; i++)
		F[i].pos = -1;
}

static void op_setuid(void)
{
	long r;

	if (!opt.start_root || !opt.unpriv)
		return;
	if (w.root) {
		D("setresuid(1000, 1000, 0)");
		r = sysres(setresgid(1000, 1000, 0));
		if (!r)
			r = sysres(setresuid(1000, 1000, 0));
	} else {
		D("setresuid(0, 0, 0)");
		r = sysres(setresuid(0, 0, 0));
		if (!r)
			r = sysres(setresgid(0, 0, 0));
	}
	D(" -> %s", res(r));
	rec(OP_SETUID, r);
	if (r)
		failure("setresuid/setresgid: %s", res(r));
	w.root = geteuid() == 0;
	prctl(PR_SET_DUMPABLE, 1);
}

/* ------------------------------------------------------------------ */
/* sysfs */

static int read_small(const char *path, char *b, size_t n)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t k;

	if (fd < 0)
		return -errno;
	k = read(fd, b, n - 1);
	if (k < 0) {
		k = -errno;
		close(fd);
		return (int)k;
	}
	close(fd);
	b[k] = 0;
	return (int)k;
}

static void op_sysfs(void)
{
	static const char *const attrs[] = {
		"size", "backend", "policy", "mappings", "phys_addr", "uevent",
		"dev" };
	char name[MEMSHARE_NAME_MAX] = "", path[128], b[256];
	const char *attr = attrs[rn(7)];
	DIR *d = opendir(CLASS_DIR);
	struct dirent *de;
	int n = 0, rr, ri;
	long r;

	if (!d) {
		rec(OP_SYSFS, -errno);
		return;
	}
	while ((de = readdir(d)))
		if (!strncmp(de->d_name, PREFIX, 3) && rn((uint64_t)++n) == 0)
			snprintf(name, sizeof(name), "%.31s", de->d_name);
	closedir(d);
	if (!name[0])
		gen_name_valid(name);
	snprintf(path, sizeof(path), CLASS_DIR "/%s/%s", name, attr);
	D("read %s", path);
	rr = read_small(path, b, sizeof(b));
	r = rr;
	D(" -> %s", res(r));
	rec(OP_SYSFS, r);
	ri = opt.exact ? reg_find(name) : -1;
	if (r == -ENOENT || (r == -ENODEV && !opt.exact)) {
		/* (destroyed while we looked: ENODEV from a removed kernfs node) */
		if (ri >= 0)
			violation("sysfs directory of a live named buffer missing",
				  "%s", path);
		return;
	}
	if (r < 0) {
		if (!(r == -EACCES && !w.root && !strcmp(attr, "phys_addr")))
			violation("sysfs read failed", "%s: %s", path, res(r));
		return;
	}
	if (opt.exact && ri < 0)
		violation("sysfs directory of a destroyed buffer", "%s", path);
	if (!strcmp(attr, "phys_addr") && !w.root)
		violation("sysfs phys_addr readable without privileges", "%s", path);
	if (!strcmp(attr, "size")) {
		uint64_t v = strtoull(b, NULL, 10);

		if (!v || v % PG || v > opt.max_buffer ||
		    (ri >= 0 && v != B[REG[ri].buf].len))
			violation("sysfs size wrong", "%s = %s", path, b);
	} else if (!strcmp(attr, "backend")) {
		if (strcmp(b, "vmalloc\n") && strcmp(b, "contig\n"))
			violation("sysfs backend wrong", "%s = %s", path, b);
	} else if (!strcmp(attr, "policy")) {
		if (strcmp(b, "lazy\n") && strcmp(b, "eager\n"))
			violation("sysfs policy wrong", "%s = %s", path, b);
	}
}

/* ------------------------------------------------------------------ */
/* Checkpoints: resync shadows, cross-check counters */

static void check_counters(void)
{
	struct memshare_version v;
	uint64_t want_bytes, maps = 0, want_pins = 0, want_pinned = 0;
	uint64_t got_pins = 0, got_pinned = 0;
	uint32_t want_bufs = 0;
	int n;

	if (!opt.exact || w.in_child || w.ctl < 0)
		return;
	buf_gc();
	for (int i = 0; i < MAXBUF; i++)
		want_bufs += B[i].used;
	want_bytes = opt.base.total_bytes + live_bytes();
	want_bufs += opt.base.nr_buffers;
	for (int i = 0; i < MAXPIN; i++)
		if (P[i].used) {
			want_pins++;
			want_pinned += P[i].nr_pages;
		}
#ifdef MEMSHARE_FEAT_PIN
	want_pins += opt.base.nr_pins;
	want_pinned += opt.base.pinned_pages;
#endif
	for (int t = 0; t < 40; t++) {
		memset(&v, 0, sizeof(v));
		v.size = sizeof(v);
		if (ioctl(w.ctl, MEMSHARE_IOC_VERSION, &v))
			return;
		n = read_maps();
		maps = opt.base.nr_mappings;
		for (int i = 0; i < n; i++)
			maps += V[i].ms;
#ifdef MEMSHARE_FEAT_PIN
		got_pins = v.nr_pins;
		got_pinned = v.pinned_pages;
#else
		got_pins = want_pins;
		got_pinned = want_pinned;
#endif
		if (v.nr_buffers == want_bufs && v.total_bytes == want_bytes &&
		    v.nr_named == opt.base.nr_named + (uint32_t)nREG &&
		    v.nr_mappings == maps && got_pins == want_pins &&
		    got_pinned == want_pinned)
			return;
		usleep(25000);	/* async releases (io_uring) */
	}
	violation("module counters differ from the live objects",
		  "nr_buffers %u want %u, total_bytes %llu want %" PRIu64
		  ", nr_named %u want %u, nr_mappings %llu want %" PRIu64
		  ", nr_pins %" PRIu64 " want %" PRIu64 ", pinned_pages %" PRIu64
		  " want %" PRIu64, v.nr_buffers, want_bufs,
		  (unsigned long long)v.total_bytes, want_bytes, v.nr_named,
		  opt.base.nr_named + (uint32_t)nREG,
		  (unsigned long long)v.nr_mappings, maps, got_pins, want_pins,
		  got_pinned, want_pinned);
}

/* Regions and VMAs agree; a buffer's nr_mappings is its VMA count. */
static void check_mappings(void)
{
	int n = read_maps(), drift = 0;

	/* Every memshare VMA is made of regions, with their offsets (a VMA
	 * is not split where a call changed nothing). */
	for (int i = 0; i < n && !drift; i++) {
		if (!V[i].ms)
			continue;
		for (uintptr_t x = V[i].s; x < V[i].e;) {
			const struct region *r = reg_at(x);

			if (!r || (r != reg_at(V[i].s) && r->buf != reg_at(V[i].s)->buf)) {
				drift = 1;
				break;
			}
			if (V[i].off + (x - V[i].s) != r->off + (x - r->s)) {
				violation("VMA offset differs from the mapping's",
					  "VMA %#lx-%#lx offset %#" PRIx64 ", want %#"
					  PRIx64, (unsigned long)V[i].s,
					  (unsigned long)V[i].e, V[i].off,
					  r->off + (V[i].s - r->s));
				drift = 1;
				break;
			}
			x = r->e;
		}
	}
	for (int i = 0; i < nR; i++) {
		uint64_t covered = 0;

		for (int j = 0; j < n; j++)
			if (V[j].ms && V[j].s < R[i].e && R[i].s < V[j].e)
				covered += (V[j].e < R[i].e ? V[j].e : R[i].e) -
					   (V[j].s > R[i].s ? V[j].s : R[i].s);
		if (covered != R[i].e - R[i].s)
			drift = 1;
	}
	if (drift) {
		/* Our bookkeeping lost track (not necessarily a kernel bug):
		 * start over with what the kernel says. */
		if (sh)
			__atomic_fetch_add(&sh->drift, 1, __ATOMIC_RELAXED);
		if (opt.verbose) {
			out("msfuzz: note: worker %d: mappings bookkeeping "
			    "resynced; regions:\n", w.id);
			for (int i = 0; i < nR; i++)
				out("msfuzz:   R %#lx-%#lx buf %d off %#" PRIx64
				    " prot %d\n", (unsigned long)R[i].s,
				    (unsigned long)R[i].e, R[i].buf, R[i].off,
				    R[i].prot);
			for (int i = 0; i < n; i++)
				if (V[i].ms)
					out("msfuzz:   V %#lx-%#lx off %#" PRIx64
					    " prot %d\n", (unsigned long)V[i].s,
					    (unsigned long)V[i].e, V[i].off,
					    V[i].prot);
		}
		for (int i = 0; i < n; i++)
			if (V[i].ms && in_arena(V[i].s, V[i].e) &&
			    (!reg_at(V[i].s) || V[i].e > reg_at(V[i].s)->e))
				normalize(V[i].s, V[i].e);
		for (int i = 0; i < nR;) {
			uint64_t covered = 0;

			for (int j = 0; j < n; j++)
				if (V[j].ms && V[j].s < R[i].e && R[i].s < V[j].e)
					covered += (V[j].e < R[i].e ? V[j].e : R[i].e) -
						   (V[j].s > R[i].s ? V[j].s : R[i].s);
			if (covered != R[i].e - R[i].s) {
				uintptr_t s = R[i].s, e = R[i].e;

				R[i] = R[--nR];
				normalize(s, e);
			} else {
				i++;
			}
		}
		buf_gc();
		return;
	}
	if (w.in_child)
		return;
	/* nr_mappings of private buffers: the VMAs of this process. */
	for (int fi = 0; fi < MAXFD; fi++) {
		struct memshare_buf_info bi;
		uint64_t cnt = 0;
		int b;

		if (F[fi].kind != FK_BUF || !chance(50))
			continue;
		b = F[fi].buf;
		for (int j = 0; j < n; j++) {
			const struct region *r = V[j].ms ? reg_at(V[j].s) : NULL;

			cnt += r && r->buf == b;
		}
		memset(&bi, 0, sizeof(bi));
		bi.size = sizeof(bi);
		if (ioctl(F[fi].fd, MEMSHARE_IOC_BUF_INFO, &bi))
			continue;
		if (B[b].shared ? bi.nr_mappings < cnt : bi.nr_mappings != cnt)
			violation("BUF_INFO nr_mappings differs from the VMAs",
				  "nr_mappings %llu, this process maps it %" PRIu64
				  " times (buffer len %#" PRIx64 "%s)",
				  (unsigned long long)bi.nr_mappings, cnt, B[b].len,
				  B[b].shared ? ", shared" : "");
	}
}

/*
 * The pages a mapping shows (/proc/self/pagemap, root only) are the
 * buffer's pages (BUF_INFO PFNs of a root-opened fd).
 */
static void check_pagemap(void)
{
	struct region *r = pick_region();
	struct memshare_buf_info bi;
	uint64_t n, *ents = (uint64_t *)big, *pfns = (uint64_t *)scratch;
	int fi = -1, pm;

	if (!r || !w.root)
		return;
	for (int i = 0; i < MAXFD && fi < 0; i++)
		if (F[i].kind == FK_BUF && F[i].buf == r->buf && F[i].opener_root)
			fi = i;
	if (fi < 0)
		return;
	n = (r->e - r->s) / PG;
	if (n > 4096)
		n = 4096;
	pm = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	if (pm < 0)
		return;
	if (pread(pm, ents, n * 8, (off_t)(r->s / PG * 8)) != (ssize_t)(n * 8)) {
		close(pm);
		return;
	}
	close(pm);
	memset(&bi, 0, sizeof(bi));
	bi.size = sizeof(bi);
	bi.pfns_ptr = (uintptr_t)pfns;
	bi.pfns_first = r->off / PG;
	bi.pfns_count = n;
	if (ioctl(F[fi].fd, MEMSHARE_IOC_BUF_INFO, &bi) ||
	    !(bi.flags & MEMSHARE_INFO_PHYS) || bi.pfns_count != n)
		return;
	D(" pagemap %#lx+%" PRIu64 "p", (unsigned long)r->s, n);
	for (uint64_t i = 0; i < n; i++) {
		uint64_t pfn = ents[i] & ((1ULL << 55) - 1);

		if (!(ents[i] >> 63) || !pfn)
			continue;	/* not present (yet) */
		if (pfn != pfns[i]) {
			violation("a mapping shows another page than the buffer's",
				  "page %" PRIu64 " of the mapping at %#lx (buffer "
				  "page %" PRIu64 "): pagemap pfn %#" PRIx64
				  ", BUF_INFO pfn %#" PRIx64, i, (unsigned long)r->s,
				  r->off / PG + i, pfn, pfns[i]);
			return;
		}
	}
}

static void op_check(void)
{
	int fi = pick_private_buf_fd();

	D("checkpoint");
	rec(OP_CHECK, 0);
	if (fi >= 0 && F[fi].acc != O_WRONLY) {
		int b = F[fi].buf;
		struct bufobj *o = &B[b];
		uint64_t L = o->len;
		struct memshare_access a;

		/* Resync the shadow with pread, cross-check with CRC32C. */
		if (L <= BIG) {
			ssize_t k = pread(F[fi].fd, big, L, 0);

			D(" pread %#" PRIx64 " -> %zd", L, k);
			if (k != (ssize_t)L) {
				violation("pread of a whole buffer failed",
					  "returned %zd, want %" PRIu64 " (%s)", k, L,
					  k < 0 ? strerror(errno) : "short");
			} else {
				sh_check(b, 0, big, L, "pread (checkpoint)");
				sh_set(b, 0, big, L);
				memset(&a, 0, sizeof(a));
				a.size = sizeof(a);
				a.op = MEMSHARE_ACCESS_CRC32C;
				a.length = L;
				if (ioctl(F[fi].fd, MEMSHARE_IOC_ACCESS, &a) == 0 &&
				    a.crc32c != crc32c(o->sh, L))
					violation("DATA mismatch via ACCESS CRC32C",
						  "whole buffer: crc %#x, pread gave "
						  "data with crc %#x", a.crc32c,
						  crc32c(o->sh, L));
			}
		}
		/* Every readable mapping of it shows the same data. */
		for (int i = 0; i < nR; i++) {
			const struct region *r = &R[i];
			uint64_t n = r->e - r->s;

			if (r->buf != b || r->prot == PROT_NONE || n > BIG)
				continue;
			if (gcopy(big, (void *)r->s, n))
				violation("SIGSEGV/SIGBUS reading a mapping",
					  "region %#lx+%#" PRIx64, (unsigned long)r->s, n);
			else
				sh_check(b, r->off, big, n, "mapping (checkpoint)");
		}
	}
	check_mappings();
	check_pagemap();
	check_counters();
}

/* ------------------------------------------------------------------ */
/* GUP paths: process_vm_readv/writev, /proc/self/mem, vmsplice, io_uring */

static void op_gup(void)
{
	struct expect e;
	struct region *r = pick_region();
	int v = (int)rn(4), ok;
	uintptr_t a;
	uint64_t n, off;
	long rr;

	memset(&e, 0, sizeof(e));
	if (!r)
		return;
	n = 1 + rn(r->e - r->s < 65536 ? r->e - r->s : 65536);
	a = r->s + rn(r->e - r->s - n + 1);
	off = r->off + (a - r->s);
	if (v == 1 || v == 3)
		rfill(big, n);
	switch (v) {
	case 0: {	/* process_vm_readv: GUP read */
		struct iovec l = { big, n }, rm = { (void *)a, n };

		ok = !!(r->prot & PROT_READ);	/* GUP wants VM_READ */
		if (!ok)
			certain(&e, EFAULT, "no PROT_READ");
		D("process_vm_readv(%#lx+%#" PRIx64 ") [prot %#x]", (unsigned long)a,
		  n, r->prot);
		rr = sysres(syscall(SYS_process_vm_readv, getpid(), &l, 1UL, &rm,
				    1UL, 0UL));
		break;
	}
	case 1: {	/* process_vm_writev: GUP write */
		struct iovec l = { big, n }, rm = { (void *)a, n };

		ok = !!(r->prot & PROT_WRITE);
		if (!ok)
			certain(&e, EFAULT, "not writable");
		D("process_vm_writev(%#lx+%#" PRIx64 ") [prot %#x]",
		  (unsigned long)a, n, r->prot);
		rr = sysres(syscall(SYS_process_vm_writev, getpid(), &l, 1UL, &rm,
				    1UL, 0UL));
		break;
	}
	case 2:		/* /proc/self/mem read: FOLL_FORCE */
		ok = 1;
		/* 7.x: EIO when no byte could be read (as access_remote_vm()
		 * refuses some mappings with FOLL_FORCE). */
		maybe(&e, EIO, "/proc/self/mem read");
		D("pread(/proc/self/mem, %#lx+%#" PRIx64 ") [prot %#x]",
		  (unsigned long)a, n, r->prot);
		if (w.memfd < 0)
			return;
		rr = sysres(pread(w.memfd, big, n, (off_t)a));
		break;
	default:	/* /proc/self/mem write: FOLL_FORCE, not on !VM_WRITE shared */
		ok = !!(r->prot & PROT_WRITE);
		if (!ok) {
			certain(&e, EIO, "FOLL_FORCE write, shared, not writable");
			certain(&e, EFAULT, "FOLL_FORCE write, shared, not writable");
		}
		D("pwrite(/proc/self/mem, %#lx+%#" PRIx64 ") [prot %#x]",
		  (unsigned long)a, n, r->prot);
		if (w.memfd < 0)
			return;
		rr = sysres(pwrite(w.memfd, big, n, (off_t)a));
		break;
	}
	/* No CONFIG_CROSS_MEMORY_ATTACH (the debug kernel): nothing to judge. */
	if (v <= 1 && rr == -ENOSYS)
		return;
	runtime(&e, ENOMEM);
	D(" -> %s", res(rr));
	rec(OP_GUP, rr);
	judge(&e, rr);
	if (rr > 0 && (uint64_t)rr != n)
		violation("GUP access short", "%ld of %" PRIu64 " bytes", rr, n);
	if (rr <= 0)
		return;
	if (v == 1 || v == 3)
		sh_set(r->buf, off, big, (uint64_t)rr);
	else
		sh_check(r->buf, off, big, (uint64_t)rr,
			 v ? "/proc/self/mem" : "process_vm_readv");
}

static void drain_spipe(void)
{
	if (w.spipe[0] < 0)
		return;
	while (read(w.spipe[0], scratch, 65536) > 0)
		;
}

static void op_vmsplice(void)
{
	struct expect e;
	struct region *r = pick_region();
	struct iovec iov;
	uint64_t n, off;
	uintptr_t a;
	long rr;

	memset(&e, 0, sizeof(e));
	if (!r || w.spipe[1] < 0)
		return;
	drain_spipe();
	n = 1 + rn(r->e - r->s < 65536 ? r->e - r->s : 65536);
	a = r->s + rn(r->e - r->s - n + 1);
	off = r->off + (a - r->s);
	if (r->prot == PROT_NONE)
		certain(&e, EFAULT, "PROT_NONE");
	else if (!(r->prot & PROT_READ))	/* slow GUP wants VM_READ */
		maybe(&e, EFAULT, "no PROT_READ");
	runtime(&e, EAGAIN);
	runtime(&e, ENOMEM);
	iov.iov_base = (void *)a;
	iov.iov_len = n;
	D("vmsplice(%#lx+%#" PRIx64 ") [prot %#x]", (unsigned long)a, n, r->prot);
	rr = sysres(vmsplice(w.spipe[1], &iov, 1, SPLICE_F_NONBLOCK));
	D(" -> %s", res(rr));
	rec(OP_VMSPLICE, rr);
	judge(&e, rr);
	if (rr <= 0 || chance(30))
		return;		/* the pipe keeps page references for a while */
	{
		ssize_t k = read(w.spipe[0], big, (size_t)rr);

		if (k != rr)
			violation("read of vmspliced pages short", "%zd of %ld", k, rr);
		else
			sh_check(r->buf, off, big, (uint64_t)k, "vmsplice");
	}
}

static void op_uring(void)
{
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqe;
	struct __kernel_timespec ts = { .tv_sec = 10 };
	int fi, v = (int)rn(100), b, acc;
	uint64_t L, pos, n;
	long rr;

	if (!w.ring_ok) {
		memset(&w.ring, 0, sizeof(w.ring));
		w.ring_ok = io_uring_queue_init(8, &w.ring, 0) ? -1 : 1;
	}
	if (w.ring_ok != 1)
		return;
	if (v < 15) {	/* fixed buffers over a mapping: GUP long-term pins */
		struct region *r = pick_region();
		struct iovec iov;

		if (!r)
			return;
		iov.iov_base = (void *)r->s;
		iov.iov_len = r->e - r->s > (1UL << 20) ? (1UL << 20) : r->e - r->s;
		D("io_uring_register_buffers(%p+%#zx) [prot %#x]", iov.iov_base,
		  iov.iov_len, r->prot);
		rr = io_uring_register_buffers(&w.ring, &iov, 1);
		D(" -> %s", res(rr));
		rec(OP_URING, rr);
		if (rr == 0)
			io_uring_unregister_buffers(&w.ring);
		return;
	}
	fi = pick_private_buf_fd();
	if (fi < 0)
		return;
	b = F[fi].buf;
	acc = F[fi].acc;
	L = B[b].len;
	pos = rn(L + 1);
	n = 1 + rn(L - pos < 65536 ? L - pos + 1 : 65536);
	sqe = io_uring_get_sqe(&w.ring);
	if (!sqe)
		return;
	if (v < 60) {
		if (acc == O_WRONLY)
			return;
		io_uring_prep_read(sqe, F[fi].fd, big, (unsigned int)n, pos);
	} else {
		if (acc == O_RDONLY)
			return;
		rfill(big, n);
		io_uring_prep_write(sqe, F[fi].fd, big, (unsigned int)n, pos);
	}
	sqe->user_data = w.opno;
	D("io_uring %s(fd %d, %#" PRIx64 ", pos %#" PRIx64 ") [len %#" PRIx64 "]",
	  v < 60 ? "read" : "write", F[fi].fd, n, pos, L);
	io_uring_submit(&w.ring);
	for (;;) {
		int k = io_uring_wait_cqe_timeout(&w.ring, &cqe, &ts);

		if (k) {
			violation("io_uring request did not complete in 10 s",
				  "%s", strerror(-k));
			w.ring_ok = -1;
			return;
		}
		if (cqe->user_data == w.opno)
			break;
		io_uring_cqe_seen(&w.ring, cqe);
	}
	rr = cqe->res;
	io_uring_cqe_seen(&w.ring, cqe);
	D(" -> %s", res(rr));
	rec(OP_URING, rr);
	{
		uint64_t want = pos >= L ? 0 : (n < L - pos ? n : L - pos);

		if (v >= 60 && pos >= L)
			want = (uint64_t)-ENOSPC;
		if ((uint64_t)rr != want) {
			violation("io_uring read/write result wrong",
				  "%s, want %s", res(rr), res((long)want));
			return;
		}
	}
	if (rr <= 0)
		return;
	if (v < 60)
		sh_check(b, pos, big, (uint64_t)rr, "io_uring read");
	else
		sh_set(b, pos, big, (uint64_t)rr);
}

/* splice/sendfile/copy_file_range from buffer fds: whatever the kernel
 * supports must not break anything. */
static void op_splice(void)
{
	int fi = pick_fd(FK_BUF), pw = pick_fd(FK_PIPE_W), v = (int)rn(3);
	loff_t o1, o2;
	long rr;

	if (fi < 0)
		return;
	o1 = (loff_t)rn(B[F[fi].buf].len + 1);
	if (v == 0 && pw >= 0) {
		D("splice(buf fd %d @%#llx -> pipe)", F[fi].fd, (long long)o1);
		rr = sysres(splice(F[fi].fd, &o1, F[pw].fd, NULL, 1 + rn(65536),
				   SPLICE_F_NONBLOCK));
	} else if (v == 1) {
		int nul = pick_fd(FK_NULL);

		if (nul < 0)
			return;
		D("sendfile(null <- buf fd %d @%#llx)", F[fi].fd, (long long)o1);
		rr = sysres(sendfile(F[nul].fd, F[fi].fd, &o1, 1 + rn(65536)));
	} else {
		int f2 = pick_fd(FK_BUF);

		if (f2 < 0)
			return;
		o2 = (loff_t)rn(B[F[f2].buf].len + 1);
		D("copy_file_range(buf %d @%#llx -> buf %d @%#llx)", F[fi].fd,
		  (long long)o1, F[f2].fd, (long long)o2);
		rr = sysres(syscall(SYS_copy_file_range, F[fi].fd, &o1, F[f2].fd,
				    &o2, 1 + rn(65536), 0));
		if (rr > 0)
			sh_set(F[f2].buf, (uint64_t)o2 - (uint64_t)rr, NULL,
			       (uint64_t)rr);
	}
	D(" -> %s", res(rr));
	rec(OP_SPLICE, rr);
}

/* Reopen a buffer fd through /proc/self/fd. */
static void op_reopen(void)
{
	struct memshare_buf_info bi;
	char path[64];
	int fi = pick_fd(FK_BUF), fl;
	long rr;

	if (fi < 0)
		return;
	fl = chance(50) ? O_RDWR : O_RDONLY;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", F[fi].fd);
	D("open(%s, %#x) [%s]", path, fl, F[fi].node ? "node" : "anon");
	rr = sysres(open(path, fl | O_CLOEXEC));
	D(" -> %s", res(rr));
	rec(OP_REOPEN, rr);
	if (rr < 0)
		return;
	memset(&bi, 0, sizeof(bi));
	bi.size = sizeof(bi);
	if (!ioctl((int)rr, MEMSHARE_IOC_BUF_INFO, &bi) && !F[fi].node)
		violation("reopened anonymous buffer fd works as a buffer",
			  "len %llu", (unsigned long long)bi.length);
	close((int)rr);
}

/* Generic file operations on every kind of fd. */
static void op_misc(void)
{
	int fi = pick_fd(-1), v = (int)rn(6);
	long rr = 0;

	if (fi < 0)
		return;
	switch (v) {
	case 0: {
		int fl = fcntl(F[fi].fd, F_GETFL);

		D("fcntl(%d, F_GETFL)", F[fi].fd);
		rr = sysres(fl);
		if (fl >= 0 && F[fi].kind == FK_BUF &&
		    (fl & O_ACCMODE) != F[fi].acc)
			violation("fd access mode changed", "flags %#x, want acc %d",
				  fl, F[fi].acc);
		break;
	}
	case 1: {
		struct stat st;

		D("fstat(%d)", F[fi].fd);
		rr = sysres(fstat(F[fi].fd, &st));
		break;
	}
	case 2:
		D("fsync(%d)", F[fi].fd);
		rr = sysres(fsync(F[fi].fd));
		break;
	case 3:
		D("ftruncate(%d)", F[fi].fd);
		rr = sysres(ftruncate(F[fi].fd, (off_t)rn(1 << 20)));
		if (rr == 0 && F[fi].kind == FK_BUF)
			violation("ftruncate of a buffer fd succeeded", "%s", "");
		break;
	case 4:
		D("fallocate(%d)", F[fi].fd);
		rr = sysres(fallocate(F[fi].fd, 0, 0, PG));
		if (rr == 0 && F[fi].kind == FK_BUF)
			violation("fallocate of a buffer fd succeeded", "%s", "");
		break;
	default: {
		int fl = chance(50);

		D("ioctl(%d, %s)", F[fi].fd, fl ? "FIOCLEX" : "FIONCLEX");
		rr = sysres(ioctl(F[fi].fd, fl ? FIOCLEX : FIONCLEX));
		if (!rr)
			F[fi].cloexec = fl;
		break;
	}
	}
	D(" -> %s", res(rr));
	rec(OP_MISC, rr);
}


/* ------------------------------------------------------------------ */
/* Pinning user memory: PIN (control fd), PIN_INFO and PIN_ACCESS (pin fd) */

#ifdef MEMSHARE_IOC_PIN
/*
 * Can pin_user_pages() pin [a, a+n) (write: FOLL_WRITE)?  1 yes, 0 no
 * (EFAULT), -1 it depends (a PROT_WRITE-only mapping read: gup-fast takes
 * present pages).
 */
static int pinnable(uintptr_t a, uint64_t n, int wr)
{
	int res = 1;

	if (!n || a >= TASK_TOP || n > TASK_TOP - a)
		return 0;
	for (uintptr_t pg = a & ~(PG - 1); pg < a + n; pg += PG) {
		const struct region *r = reg_at(pg);

		if (!page_ok(pg, wr))
			return 0;
		if (r && !wr && !(r->prot & PROT_READ))
			res = -1;
	}
	return res;
}

static int pin_new(uint64_t addr, uint64_t len, uint64_t nr, uint32_t flags,
		   int back, int buf, uint64_t boff)
{
	for (int i = 0; i < MAXPIN; i++)
		if (!P[i].used) {
			P[i] = (struct pinobj){ .used = 1, .addr = addr,
				.length = len, .nr_pages = nr, .flags = flags,
				.back = back, .buf = buf, .boff = boff };
			return i;
		}
	return -1;
}

static void op_pin(void)
{
	struct ictx c;
	struct memshare_pin *m = (void *)c.img, o;
	uint64_t addr = 0, len = 0, boff = 0, want_pages;
	int v = (int)rn(100), back = 0, rbuf = -1, nmut, ok;
	long r;

	ictx_init(&c, sizeof(*m), MEMSHARE_PIN_SIZE_VER0);
	pick_ioctl_fd(&c, FK_CTL);
	c.cmd = gen_cmd(MEMSHARE_IOC_PIN);
	m->flags = (chance(70) ? MEMSHARE_PIN_WRITE : 0) |
		   (chance(40) ? MEMSHARE_PIN_LONGTERM : 0);
	if (v < 35) {			/* our own memory */
		uint64_t off = rn(SCRATCH);

		addr = (uintptr_t)scratch + off;
		len = 1 + rn(SCRATCH - off < (256UL << 10) ? SCRATCH - off :
			       (256UL << 10));
		back = 1;
	} else if (v < 65 && nR) {	/* a buffer mapping */
		const struct region *rg = pick_region();
		uint64_t sz = rg->e - rg->s, off = rn(sz);

		addr = rg->s + off;
		len = 1 + rn(sz - off < (1UL << 20) ? sz - off : (1UL << 20));
		back = 2;
		rbuf = rg->buf;
		boff = rg->off + off;
	} else if (v < 70) {		/* read-only memory */
		addr = (uintptr_t)roarea + rn(PG);
		len = 1 + rn((uintptr_t)roarea + 2 * PG - addr);
		back = 1;
	} else if (v < 75) {		/* into the guard page */
		addr = (uintptr_t)scratch + SCRATCH - 1 - rn(PG);
		len = (uintptr_t)scratch + SCRATCH - addr + 1 + rn(PG);
	} else if (v < 79) {		/* placeholders */
		addr = arena_window(PG) + rn(PG);
		len = 1 + rn(PG);
	} else if (v < 82) {
		addr = chance(50) ? 0 : 0xffffffff81000000UL;
		len = 1 + rn(PG);
	} else if (v < 85) {
		addr = (uintptr_t)scratch;
		len = 0;
	} else if (v < 88) {		/* wraps */
		addr = chance(50) ? ~0ULL - rn(PG) : (uintptr_t)scratch;
		len = chance(50) ? ~0ULL - addr + 1 + rn(PG) : ~0ULL;
	} else if (v < 91) {		/* over max_pin_size */
		addr = (uintptr_t)scratch;
		len = opt.max_pin + 1 + rn(PG);
	} else {			/* several MiB of ours */
		addr = (uintptr_t)big;
		len = BIG - rn(PG);
		back = 1;
	}
	m->addr = addr;
	m->length = len;
	if (chance(30)) {		/* output only */
		m->fd = (int32_t)rnd();
		m->nr_pages = rnd();
	}
	nmut = chance(85) ? 0 : 1 + (int)rn(2);
	for (int i = 0; i < nmut; i++) {
		switch (rn(3)) {
		case 0: m->flags |= 1U << (2 + rn(30)); break;
		case 1: m->__reserved0 = 1U << rn(32); break;
		default: m->__reserved[rn(2)] = 1ULL << rn(64); break;
		}
	}
	gen_size(&c);
	place(&c);
	model_hdr(&c, 1);
	if (m->flags & ~MEMSHARE_PIN_FLAGS)
		certain(&c.e, EINVAL, "unknown flags");
	if (m->__reserved0 || !allzero(m->__reserved, sizeof(m->__reserved)))
		certain(&c.e, EINVAL, "reserved");
	want_pages = 0;
	if (!len || addr + len < addr) {
		certain(&c.e, EINVAL, "zero or wrapping range");
	} else if (len > opt.max_pin) {
		certain(&c.e, ENOMEM, "over max_pin_size");
	} else {
		want_pages = ((addr & (PG - 1)) + len + PG - 1) / PG;
		ok = pinnable(addr, len, m->flags & MEMSHARE_PIN_WRITE);
		if (!ok)
			certain_late(&c.e, EFAULT, "range not pinnable");
		else if (ok < 0)
			maybe(&c.e, EFAULT, "PROT_WRITE-only mapping");
		if (back == 2 && (m->flags & MEMSHARE_PIN_LONGTERM)) {
			maybe(&c.e, EFAULT, "long-term pin of a file mapping");
			maybe(&c.e, EOPNOTSUPP, "long-term pin of a file mapping");
		}
	}
	runtime(&c.e, ENOMEM);	/* RLIMIT_MEMLOCK (shared by the user), memory */
	if (chance(4)) {
		rlimit_low();
		if (w.rlimited)
			certain_late(&c.e, EMFILE, "RLIMIT_NOFILE");
	}
	d_ictx(&c);
	D("flags=%#x addr=%#" PRIx64 " len=%#" PRIx64 "%s", m->flags, addr, len,
	  w.rlimited ? " rlimit=3" : "");
	r = do_ioctl(&c);
	rlimit_restore();
	D(" -> %s", res(r));
	rec(OP_PIN, r);
	judge(&c.e, r);
	check_canary(&c);
	after_ioctl(&c, r);
	if (r != 0 || !readback(&c, &o) || c.usize < sizeof(o))
		return;
	D(" fd=%d pages=%llu", o.fd, (unsigned long long)o.nr_pages);
	if (o.size != c.usize || o.flags != m->flags || o.addr != addr ||
	    o.length != len || o.__reserved0 ||
	    !allzero(o.__reserved, sizeof(o.__reserved)))
		violation("PIN changed input fields", "flags %#x", o.flags);
	if (o.nr_pages != want_pages)
		violation("PIN nr_pages wrong", "%llu, want %" PRIu64,
			  (unsigned long long)o.nr_pages, want_pages);
	if (!check_new_fd(o.fd, 1))
		return;
	{
		int pi = pin_new(addr, len, o.nr_pages, m->flags, back, rbuf, boff);

		if (pi < 0 || fd_add(o.fd, FK_PIN, pi, O_RDWR, 1) < 0) {
			if (pi >= 0)
				P[pi].used = 0;
			close(o.fd);
		}
	}
}

static void op_pininfo(void)
{
	struct ictx c;
	struct memshare_pin_info *m = (void *)c.img, o;
	const struct pinobj *pn = NULL;
	uint64_t maxext = 0;
	int upk = -1, phys;
	long r;

	ictx_init(&c, sizeof(*m), MEMSHARE_PIN_INFO_SIZE_VER0);
	pick_ioctl_fd(&c, FK_PIN);
	c.cmd = gen_cmd(MEMSHARE_IOC_PIN_INFO);
	if (c.kind == FK_PIN) {
		pn = &P[F[c.fi].buf];
		maxext = pn->nr_pages;
	}
	if (chance(60)) {
		switch (rn(6)) {
		case 0: m->extents_count = 0; break;
		case 1: m->extents_count = 1; break;
		case 2: m->extents_count = ~0ULL; break;
		case 3: m->extents_count = maxext + 1; break;
		default: m->extents_count = 1 + rn(maxext + 1); break;
		}
		m->extents_ptr = gen_uptr(&upk, (m->extents_count < maxext ?
				 m->extents_count : maxext) * 24);
		if (upk == UP_SCRATCH || upk == UP_BIG || upk == UP_STRADDLE)
			memset((void *)(uintptr_t)m->extents_ptr, 0xee,
			       accessible(m->extents_ptr, maxext * 24 + 64, 1));
	}
	if (chance(30)) {	/* output only */
		m->addr = rnd();
		m->length = rnd();
		m->nr_pages = rnd();
		m->pin_flags = (uint32_t)rnd();
		m->first_offset = (uint32_t)rnd();
		m->nr_extents = rnd();
	}
	if (chance(12)) {
		if (chance(50))
			m->flags = chance(50) ? 1U << rn(32) : (uint32_t)rnd();
		else
			m->__reserved[rn(2)] = 1ULL << rn(64);
	}
	gen_size(&c);
	place(&c);
	model_hdr(&c, 1);
	if (m->flags)
		certain(&c.e, EINVAL, "flags on input");
	if (!allzero(m->__reserved, sizeof(m->__reserved)))
		certain(&c.e, EINVAL, "reserved");
	if (pn && m->extents_ptr && m->extents_count) {
		uint64_t at_most = m->extents_count < maxext ? m->extents_count : maxext;

		if (accessible(m->extents_ptr, 24, 1) < 24)
			certain(&c.e, EFAULT, "extents unwritable");
		else if (accessible(m->extents_ptr, at_most * 24, 1) < at_most * 24)
			maybe(&c.e, EFAULT, "extents partly writable");
	}
	d_ictx(&c);
	D("flags=%#x ext_ptr=%#llx count=%#llx", m->flags,
	  (unsigned long long)m->extents_ptr, (unsigned long long)m->extents_count);
	if (pn)
		D(" [pin %#" PRIx64 "+%#" PRIx64 " flags %u]", pn->addr, pn->length,
		  pn->flags);
	r = do_ioctl(&c);
	D(" -> %s", res(r));
	rec(OP_PININFO, r);
	judge(&c.e, r);
	check_canary(&c);
	after_ioctl(&c, r);
	if (m->extents_ptr && upk == UP_MAP && (r == 0 || r == -EFAULT))
		user_write_effect(m->extents_ptr, maxext * 24, NULL);
	if (r != 0 || !pn || !readback(&c, &o) || c.usize < sizeof(o))
		return;
	phys = F[c.fi].opener_root && w.root;
	if (o.size != c.usize || o.addr != pn->addr || o.length != pn->length ||
	    o.nr_pages != pn->nr_pages || o.pin_flags != pn->flags ||
	    o.first_offset != (pn->addr & (PG - 1)) || !o.nr_extents ||
	    o.nr_extents > pn->nr_pages ||
	    !!(o.flags & MEMSHARE_PIN_INFO_PHYS) != phys ||
	    (o.flags & ~MEMSHARE_PIN_INFO_PHYS) ||
	    !allzero(o.__reserved, sizeof(o.__reserved)))
		violation("PIN_INFO does not describe the pin",
			  "addr %#llx/%#" PRIx64 " len %#llx/%#" PRIx64 " pages %llu/%"
			  PRIu64 " flags %#x/%#x first_offset %u extents %llu "
			  "info flags %#x (phys %d)",
			  (unsigned long long)o.addr, pn->addr,
			  (unsigned long long)o.length, pn->length,
			  (unsigned long long)o.nr_pages, pn->nr_pages, o.pin_flags,
			  pn->flags, o.first_offset, (unsigned long long)o.nr_extents,
			  o.flags, phys);
	{
		uint64_t want = m->extents_ptr ? (m->extents_count < o.nr_extents ?
			m->extents_count : o.nr_extents) : 0;

		if (o.extents_count != want)
			violation("PIN_INFO extents_count wrong", "%llu, want %" PRIu64,
				  (unsigned long long)o.extents_count, want);
	}
	if (m->extents_ptr && o.extents_count &&
	    (upk == UP_SCRATCH || upk == UP_BIG || upk == UP_STRADDLE)) {
		const struct memshare_extent *ex = (const void *)(uintptr_t)m->extents_ptr;
		uint64_t off = 0;

		for (uint64_t i = 0; i < o.extents_count; i++) {
			uint64_t skip = i ? 0 : pn->addr & (PG - 1);

			if (ex[i].offset != off || !ex[i].length ||
			    ex[i].length > pn->length - off ||
			    (phys ? (ex[i].phys_addr & (PG - 1)) != skip || !ex[i].phys_addr :
			     ex[i].phys_addr != 0)) {
				violation("PIN_INFO extent malformed",
					  "extent %" PRIu64 ": offset %#llx (want %#"
					  PRIx64 ") length %#llx phys %#llx", i,
					  (unsigned long long)ex[i].offset, off,
					  (unsigned long long)ex[i].length,
					  (unsigned long long)ex[i].phys_addr);
				break;
			}
			off += ex[i].length;
		}
		if (o.extents_count == o.nr_extents && off != pn->length)
			violation("PIN_INFO extents do not cover the pin",
				  "%#" PRIx64 " of %#" PRIx64 " bytes", off, pn->length);
		if (accessible(m->extents_ptr + o.extents_count * 24, 24, 1) == 24 &&
		    !allzero(ex + o.extents_count, 0) &&
		    ((const uint8_t *)(ex + o.extents_count))[0] != 0xee)
			violation("PIN_INFO wrote past extents_count", "%s", "");
	}
}

/* What the pinned range holds at [off, off+n), into @out; 0 if unknown. */
static int pin_content(const struct pinobj *pn, uint64_t off, uint64_t n,
		       uint8_t *outp)
{
	/*
	 * Before 5.19 (PageAnonExclusive) a write fault reuses an anonymous
	 * page only when page_count() is 1, which a pin never is: after the
	 * page was write-protected (fork), the process's next store copies
	 * it and a read-only pin keeps the old page.  Write pins break COW
	 * when they are taken and stay coherent.
	 */
	if (pn->back == 1 && !(pn->flags & MEMSHARE_PIN_WRITE) &&
	    kernel_before(5, 19))
		return 0;
	if (pn->back == 1)
		return user_src_known(pn->addr + off, n, outp);
	if (pn->back == 2 && sh_known(pn->buf, pn->boff + off, n)) {
		memcpy(outp, B[pn->buf].sh + pn->boff + off, n);
		return 1;
	}
	return 0;
}

static void op_pinaccess(void)
{
	struct ictx c;
	struct memshare_pin_access *m = (void *)c.img, o;
	struct pinobj *pn = NULL;
	uint64_t L = 0, BL = 0, avail;
	int upk = -1, bfi = -1, bb = -1, nmut, known = 0;
	uint8_t *tmp = tmpb;
	long r;

	ictx_init(&c, sizeof(*m), MEMSHARE_PIN_ACCESS_SIZE_VER0);
	pick_ioctl_fd(&c, FK_PIN);
	c.cmd = gen_cmd(MEMSHARE_IOC_PIN_ACCESS);
	if (c.kind == FK_PIN) {
		pn = &P[F[c.fi].buf];
		L = pn->length;
	}
	m->op = (uint32_t)rn(5);
	gen_range(L, (uint64_t *)&m->offset, (uint64_t *)&m->length);
	if (m->length > (1UL << 20) && m->offset <= L && m->length <= L - m->offset &&
	    chance(80))
		m->length = rn(1UL << 20);
	if (m->op == MEMSHARE_ACCESS_FILL)
		m->fill = (uint32_t)rn(256);
	if (m->op == MEMSHARE_ACCESS_WRITE) {
		uint64_t want = m->length < SCRATCH ? m->length : SCRATCH;

		m->user_ptr = gen_uptr(&upk, want);
		if (upk == UP_SCRATCH || upk == UP_STRADDLE)
			rfill((void *)(uintptr_t)m->user_ptr,
			      accessible(m->user_ptr, want, 1));
	}
	if (m->op == MEMSHARE_ACCESS_TO_BUFFER || m->op == MEMSHARE_ACCESS_FROM_BUFFER) {
		bfi = chance(88) ? pick_fd(FK_BUF) : pick_fd(-1);
		if (bfi < 0 || chance(3)) {
			bfi = -1;
			m->buf_fd = chance(50) ? -1 : closed_fd();
		} else {
			m->buf_fd = F[bfi].fd;
			if (F[bfi].kind == FK_BUF) {
				bb = F[bfi].buf;
				BL = B[bb].len;
			}
		}
		m->buf_offset = chance(70) ? rn(BL + 1 > m->length ? BL + 1 - m->length : 1) :
			chance(50) ? BL : rnd();
	}
	if (chance(20))
		m->crc32c = (uint32_t)rnd();	/* output only */
	nmut = chance(82) ? 0 : 1 + (int)rn(2);
	for (int i = 0; i < nmut; i++) {
		switch (rn(8)) {
		case 0: m->flags = chance(50) ? 1U << rn(32) : (uint32_t)rnd(); break;
		case 1: m->__reserved[rn(2)] = 1ULL << rn(64); break;
		case 2: m->op = bad_enum() + 3; break;
		case 3: m->fill = 0x100U << rn(24); break;
		case 4: m->user_ptr = rnd() | 1; break;
		case 5: m->buf_fd = (int32_t)(1 + rn(100)); break;
		case 6: m->buf_offset = 1 + rn(PG); break;
		default: m->fill = 1 + (uint32_t)rn(255); break;
		}
	}
	gen_size(&c);
	place(&c);
	/* (a mutation may have changed buf_fd) */
	if (m->op == MEMSHARE_ACCESS_TO_BUFFER || m->op == MEMSHARE_ACCESS_FROM_BUFFER) {
		bfi = fd_find(m->buf_fd);
		bb = bfi >= 0 && F[bfi].kind == FK_BUF ? F[bfi].buf : -1;
		BL = bb >= 0 ? B[bb].len : 0;
	}
	model_hdr(&c, m->op == MEMSHARE_ACCESS_CRC32C);
	if (m->flags)
		certain(&c.e, EINVAL, "flags");
	if (!allzero(m->__reserved, sizeof(m->__reserved)))
		certain(&c.e, EINVAL, "reserved");
	if (m->op > MEMSHARE_ACCESS_FROM_BUFFER)
		certain(&c.e, EINVAL, "op");
	if (m->op <= MEMSHARE_ACCESS_FROM_BUFFER &&
	    (m->offset > L || m->length > L - m->offset))
		certain(&c.e, EINVAL, "range outside the pin");
	if (m->op != MEMSHARE_ACCESS_FILL && m->op <= MEMSHARE_ACCESS_FROM_BUFFER &&
	    m->fill)
		maybe(&c.e, EINVAL, "fill for another op");
	if (m->op == MEMSHARE_ACCESS_FILL && m->fill > 0xff)
		maybe(&c.e, EINVAL, "fill > 0xff");
	if (m->op != MEMSHARE_ACCESS_WRITE && m->op <= MEMSHARE_ACCESS_FROM_BUFFER &&
	    m->user_ptr)
		maybe(&c.e, EINVAL, "user_ptr for another op");
	if (m->op <= MEMSHARE_ACCESS_WRITE && (m->buf_fd || m->buf_offset))
		certain(&c.e, EINVAL, "buf_fd/buf_offset for a non-buffer op");
	if (pn && (m->op == MEMSHARE_ACCESS_FILL || m->op == MEMSHARE_ACCESS_WRITE ||
		   m->op == MEMSHARE_ACCESS_FROM_BUFFER) &&
	    !(pn->flags & MEMSHARE_PIN_WRITE))
		certain(&c.e, EPERM, "writes through a read-only pin");
	if (m->op == MEMSHARE_ACCESS_TO_BUFFER || m->op == MEMSHARE_ACCESS_FROM_BUFFER) {
		int to = m->op == MEMSHARE_ACCESS_TO_BUFFER;
		int kind = bfi >= 0 ? F[bfi].kind : FK_FREE;

		if (bfi < 0 && fcntl(m->buf_fd, F_GETFD) >= 0) {
			/* one of ours outside the table, or stdio */
			certain(&c.e, EINVAL, "buf_fd not a buffer");
			certain(&c.e, EBADF, "buf_fd not a buffer");
		} else if (kind == FK_FREE || kind == FK_PATH)
			certain(&c.e, EBADF, "buf_fd not open");
		else if (kind != FK_BUF)
			certain(&c.e, EINVAL, "buf_fd not a buffer");
		else if (to ? F[bfi].acc == O_RDONLY : F[bfi].acc == O_WRONLY)
			certain(&c.e, EBADF, to ? "buf_fd not open for writing" :
				"buf_fd not open for reading");
		else if (m->buf_offset > BL || m->length > BL - m->buf_offset)
			certain(&c.e, EINVAL, "range outside the buffer");
	}
	if (pn && m->op == MEMSHARE_ACCESS_WRITE && m->length &&
	    m->offset <= L && m->length <= L - m->offset) {
		avail = accessible(m->user_ptr, m->length, 0);
		if (avail < m->length)
			certain(&c.e, EFAULT, "source unreadable");
		else if (m->length <= BIG && upk != UP_BIG)
			known = user_src_known(m->user_ptr, m->length, tmp);
	}
	if (pn && m->op == MEMSHARE_ACCESS_TO_BUFFER && bb >= 0 && m->length <= BIG)
		known = pin_content(pn, m->offset, m->length, tmp);
	if (pn && m->op == MEMSHARE_ACCESS_FROM_BUFFER && bb >= 0 &&
	    m->length <= BIG && sh_known(bb, m->buf_offset, m->length)) {
		memcpy(tmp, B[bb].sh + m->buf_offset, m->length);
		known = 1;
	}
	d_ictx(&c);
	D("op=%u off=%#llx len=%#llx fill=%#x ptr=%#llx buf_fd=%d buf_off=%#llx "
	  "flags=%#x", m->op, (unsigned long long)m->offset,
	  (unsigned long long)m->length, m->fill, (unsigned long long)m->user_ptr,
	  m->buf_fd, (unsigned long long)m->buf_offset, m->flags);
	if (pn)
		D(" [pin %#" PRIx64 "+%#" PRIx64 " flags %u back %d]", pn->addr,
		  pn->length, pn->flags, pn->back);
	r = do_ioctl(&c);
	D(" -> %s", res(r));
	rec(OP_PINACCESS, r);
	judge(&c.e, r);
	check_canary(&c);
	after_ioctl(&c, r);
	if (!pn)
		return;
	if (r != 0) {
		/* A partial write leaves partial data. */
		if (pn->back == 2 && r != -EINVAL && r != -EPERM && r != -EBADF &&
		    m->op != MEMSHARE_ACCESS_CRC32C && m->op != MEMSHARE_ACCESS_TO_BUFFER)
			sh_set(pn->buf, pn->boff + m->offset, NULL, m->length);
		if (bb >= 0 && m->op == MEMSHARE_ACCESS_TO_BUFFER && r == -EINTR)
			sh_set(bb, m->buf_offset, NULL, m->length);
		return;
	}
	switch (m->op) {
	case MEMSHARE_ACCESS_CRC32C:
		if (readback(&c, &o) && c.usize >= sizeof(o) &&
		    m->length <= BIG && pin_content(pn, m->offset, m->length, tmp) &&
		    o.crc32c != crc32c(tmp, m->length))
			violation("DATA mismatch via PIN_ACCESS CRC32C",
				  "crc %#x, want %#x (pin %s, off %#llx len %#llx)",
				  o.crc32c, crc32c(tmp, m->length),
				  pn->back == 1 ? "of our memory" : "of a buffer",
				  (unsigned long long)m->offset,
				  (unsigned long long)m->length);
		break;
	case MEMSHARE_ACCESS_FILL:
		if (pn->back == 2) {
			sh_fill(pn->buf, pn->boff + m->offset, m->length,
				(uint8_t)m->fill);
		} else if (pn->back == 1) {
			const uint8_t *q = (const uint8_t *)(uintptr_t)(pn->addr + m->offset);

			for (uint64_t i = 0; i < m->length; i++)
				if (q[i] != (uint8_t)m->fill) {
					violation("PIN_ACCESS FILL not visible in the pinned memory",
						  "byte %" PRIu64 " is %#x, want %#x", i,
						  q[i], m->fill & 0xff);
					break;
				}
		}
		break;
	case MEMSHARE_ACCESS_WRITE:
	case MEMSHARE_ACCESS_FROM_BUFFER:
		if (pn->back == 2) {
			int same = bb == pn->buf || (m->op == MEMSHARE_ACCESS_WRITE &&
				overlaps_buf(m->user_ptr, m->length, pn->buf,
					     pn->boff + m->offset, m->length));

			sh_set(pn->buf, pn->boff + m->offset, known && !same ? tmp : NULL,
			       m->length);
		} else if (pn->back == 1 && known && m->length &&
			   memcmp((void *)(uintptr_t)(pn->addr + m->offset), tmp,
				  m->length) &&
			   !(m->op == MEMSHARE_ACCESS_WRITE &&
			     m->user_ptr < pn->addr + m->offset + m->length &&
			     pn->addr + m->offset < m->user_ptr + m->length)) {
			violation("PIN_ACCESS write not visible in the pinned memory",
				  "op %u off %#llx len %#llx", m->op,
				  (unsigned long long)m->offset,
				  (unsigned long long)m->length);
		}
		break;
	case MEMSHARE_ACCESS_TO_BUFFER: {
		int same = pn->back == 2 && pn->buf == bb;

		sh_set(bb, m->buf_offset, known && !same ? tmp : NULL, m->length);
		break;
	}
	}
}
#else
static void op_pin(void) { }
static void op_pininfo(void) { }
static void op_pinaccess(void) { }
#endif

/* ------------------------------------------------------------------ */
/* Address translation: XLATE (batch and range) and KADDR (control fd) */

#ifdef MEMSHARE_IOC_XLATE
#define XE_SIZE		((uint64_t)sizeof(struct memshare_xlate_entry))
#define XF_KNOWN	((MEMSHARE_XF_PFNMAP_HELPER << 1) - 1)
#define KA_KNOWN	((MEMSHARE_KA_CURRENT_STACK << 1) - 1)
#define ADDR_BITS	0x000ffffffffff000ULL	/* x86-64 PTE_PFN_MASK */

/* The kernel's self-test targets (debugfs), read once at the start. */
struct ktarget {
	char name[24];
	char region[24];
	uint64_t addr;
};
static struct ktarget KT[24];
static int nKT;

static const char *const kregion_names[] = {
	"unknown", "user", "direct-map", "vmalloc", "module", "kernel-text",
	"kernel-rodata", "kernel-data", "fixmap", "vmemmap", "cpu-entry-area",
	"kernel-image"
};

static void load_ktargets(void)
{
	FILE *f = fopen("/sys/kernel/debug/memshare/targets", "r");
	char line[160];

	if (!f)
		return;
	while (nKT < (int)(sizeof(KT) / sizeof(KT[0])) && fgets(line, sizeof(line), f)) {
		struct ktarget *t = &KT[nKT];
		unsigned long long a;

		if (sscanf(line, "%23s %llx %23s", t->name, &a, t->region) == 3) {
			t->addr = a;
			nKT++;
		}
	}
	fclose(f);
}

/* What we know of our address @a: 0 nothing (another process, or a
 * mapping we do not model), else one of: */
enum { AM_UNKNOWN, AM_ANON, AM_PLACEHOLDER, AM_BUF, AM_NONE };

static int addr_model(uint64_t a)
{
	uintptr_t s = (uintptr_t)scratch, bg = (uintptr_t)big;
	uintptr_t ar = (uintptr_t)argarea, ro = (uintptr_t)roarea;
	uintptr_t zp = (uintptr_t)zpage;

	if (a >= TASK_TOP)
		return a >= 0x800000000000ULL ? AM_NONE : AM_UNKNOWN;
	if ((a >= s && a < s + SCRATCH) || (a >= bg && a < bg + BIG) ||
	    (a >= ar && a < ar + 2 * PG) || (a >= ro && a < ro + 2 * PG) ||
	    (a >= zp && a < zp + 2 * PG))
		return AM_ANON;
	if (reg_at(a))
		return AM_BUF;
	if (a >= arena_lo && a < arena_hi)
		return AM_PLACEHOLDER;
	return AM_UNKNOWN;
}

/* An address to translate. */
static uint64_t gen_xaddr(void)
{
	static const uint64_t fixed[] = {
		0, 0xfff, 0x400000, 0x7ffffffff000ULL - 1, 0x7ffffffff000ULL,
		0x800000000000ULL - 8, 0x800000000000ULL, 0x8000000000000000ULL,
		0xffff800000000000ULL, 0xffff888000000000ULL,
		0xffffc90000000000ULL, 0xffffea0000000000ULL,
		0xffffffff81000000ULL, 0xffffffffa0000000ULL,
		0xffffffffff600000ULL, ~0ULL,
	};
	int r = (int)rn(100);

	if (r < 30)
		return (uintptr_t)scratch + rn(SCRATCH);
	if (r < 40)
		return (uintptr_t)big + rn(BIG);
	if (r < 60 && nR) {
		const struct region *rg = &R[rn((uint64_t)nR)];

		return rg->s + rn(rg->e - rg->s);
	}
	if (r < 68)
		return arena_lo + rn(arena_hi - arena_lo);
	if (r < 72)
		return (uintptr_t)roarea + rn(2 * PG + PG);	/* and its guard */
	if (r < 76)
		return (uintptr_t)&r - rn(64 * 1024);		/* our stack */
	if (r < 80)
		return (uintptr_t)&opt + rn(PG);		/* our data */
	if (r < 90)
		return fixed[rn(sizeof(fixed) / sizeof(fixed[0]))] + (chance(50) ? rn(PG) : 0);
	if (r < 93 && nKT)
		return KT[rn((uint64_t)nKT)].addr;
	return rnd();
}

/* The pid to translate: mostly ourselves. */
static int gen_xpid(const char **what)
{
	int r = (int)rn(100);

	if (r < 60) {
		*what = "0";
		return 0;
	}
	if (r < 70) {
		*what = "self";
		return getpid();
	}
	if (r < 76) {
		*what = "parent";
		return getppid();
	}
	if (r < 82) {
		*what = "init";
		return 1;
	}
	if (r < 85) {
		*what = "kthreadd";
		return 2;
	}
	if (r < 90) {
		*what = "nonexistent";
		return chance(50) ? 0x7fffffff : 4194305 + (int)rn(1000);
	}
	if (r < 95) {
		*what = "negative";
		return chance(50) ? -1 : (int)(0x80000000U | (uint32_t)rn(1U << 31));
	}
	*what = "random";
	return (int)rnd();
}

/* Output pointers for entries: our memory (mostly), or a bad one.  The
 * memory the kernel may write is [p, p + *wlen). */
static uintptr_t gen_entries_ptr(uint64_t want, int *kind)
{
	uintptr_t p = gen_uptr(kind, want);

	if (*kind == UP_SCRATCH && chance(50)) {
		/* big holds 4 MiB: most of the time, room for all of them */
		*kind = UP_BIG;
		p = (uintptr_t)big;
		if (want < BIG)
			p += rn((BIG - want) / 8 + 1) * 8;
	}
	return p;
}

/* Check one entry the kernel wrote.  @asked: the address (batch) or the
 * extent's own vaddr (range); @own: our process. */
static void xl_check_entry(const struct memshare_xlate_entry *e,
			   const uint8_t *raw, uint64_t esz, uint64_t asked,
			   int batch, int own, int phys, uint32_t xfl,
			   uint64_t i)
{
	uint64_t fl = e->flags;
	int am = own ? addr_model(asked) : AM_UNKNOWN;
	const char *bad = NULL;

	if (batch && e->vaddr != asked)
		bad = "vaddr is not the address asked";
	else if ((fl & MEMSHARE_XF_PRESENT) && !(fl & MEMSHARE_XF_MAPPED))
		bad = "PRESENT without MAPPED";
	else if (fl & ~XF_KNOWN)
		bad = "unknown flags";
	else if (e->level > MEMSHARE_LEVEL_PGD)
		bad = "level out of the enum";
	else if (e->vma_kind > MEMSHARE_VMA_SPECIAL)
		bad = "vma_kind out of the enum";
	else if (e->pt_levels != 4 && e->pt_levels != 5)
		bad = "pt_levels not 4 or 5";
	else if (opt.pt_levels && e->pt_levels != opt.pt_levels)
		bad = "pt_levels differs from VERSION's";
	else if (!(fl & MEMSHARE_XF_MAPPED) &&
		 (e->vma_kind || e->level || e->vma_start || e->vma_end))
		bad = "unmapped address with a VMA or a level";
	else if ((fl & MEMSHARE_XF_MAPPED) &&
		 (!e->vma_kind || e->vma_start > e->vaddr || e->vaddr >= e->vma_end ||
		  (!batch && e->vaddr + e->length > e->vma_end)))
		bad = "mapped address outside its VMA";
	else if ((fl & MEMSHARE_XF_PRESENT) &&
		 !((e->level == MEMSHARE_LEVEL_PTE && e->page_size == PG) ||
		   (e->level == MEMSHARE_LEVEL_PMD && e->page_size == (2UL << 20)) ||
		   (e->level == MEMSHARE_LEVEL_PUD && e->page_size == (1UL << 30))))
		bad = "present with a bad level/page_size";
	else if ((fl & MEMSHARE_XF_PHYS) && !phys)
		bad = "XF_PHYS without CAP_SYS_ADMIN";
	else if ((fl & MEMSHARE_XF_MAPPED) && phys && !(fl & MEMSHARE_XF_PHYS))
		bad = "no XF_PHYS for CAP_SYS_ADMIN";
	else if (!phys && (e->pfn || e->paddr || e->swap_type || e->swap_offset))
		bad = "PFN, paddr or swap entry shown without CAP_SYS_ADMIN";
	else if ((fl & MEMSHARE_XF_PAGE) && !(xfl & MEMSHARE_XLATE_PAGE))
		bad = "XF_PAGE without XLATE_PAGE";
	else if ((fl & MEMSHARE_XF_DATA) && !(xfl & MEMSHARE_XLATE_READ))
		bad = "XF_DATA without XLATE_READ";
	else if ((fl & (MEMSHARE_XF_PAGE | MEMSHARE_XF_DATA)) &&
		 !(fl & MEMSHARE_XF_PRESENT))
		bad = "page state or data of a non-present page";
	else if (e->__reserved0 || e->__reserved1 || e->__reserved[0] ||
		 e->__reserved[1] || e->page.__reserved0 || e->page.__reserved[0] ||
		 e->page.__reserved[1])
		bad = "reserved output fields not zero";
	else if (!(fl & MEMSHARE_XF_PAGE) &&
		 !allzero(&e->page, sizeof(e->page)))
		bad = "page state without XF_PAGE";
	else if ((fl & MEMSHARE_XF_PAGE) && e->page.zone > MEMSHARE_ZONE_DEVICE)
		bad = "page zone out of the enum";
	else if (!batch && (!e->length || e->length % PG || e->vaddr % PG))
		bad = "extent not page-aligned";
	else if (batch && (fl & MEMSHARE_XF_PRESENT) &&
		 e->length != e->page_size - (asked & (e->page_size - 1)))
		bad = "length is not the rest of the page";
	else if (esz > XE_SIZE && !allzero(raw + XE_SIZE, esz - XE_SIZE))
		bad = "entry tail past the kernel's struct not zeroed";
	if (!bad && !phys)
		for (int k = 0; k < MEMSHARE_ENT_NR; k++)
			if (e->entries[k] & ADDR_BITS)
				bad = "entry address bits shown without CAP_SYS_ADMIN";
	if (!bad && phys && (fl & MEMSHARE_XF_PRESENT) &&
	    !(fl & MEMSHARE_XF_PFNMAP_HELPER) &&
	    ((e->paddr & (PG - 1)) != (e->vaddr & (PG - 1)) ||
	     (e->paddr >> 12) < e->pfn || (e->paddr >> 12) - e->pfn >= e->page_size / PG))
		bad = "paddr does not belong to pfn";
	/* What we know of our own memory. */
	if (!bad && am == AM_NONE && (fl & MEMSHARE_XF_MAPPED))
		bad = "a non-user address is MAPPED";
	if (!bad && am == AM_ANON &&
	    (!(fl & MEMSHARE_XF_MAPPED) || e->vma_kind != MEMSHARE_VMA_ANON))
		bad = "our anonymous memory is not MAPPED/ANON";
	if (!bad && am == AM_PLACEHOLDER &&
	    (!(fl & MEMSHARE_XF_MAPPED) || e->vma_kind != MEMSHARE_VMA_ANON ||
	     (fl & MEMSHARE_XF_PRESENT)))
		bad = "a PROT_NONE placeholder is not MAPPED/ANON/not present";
	if (!bad && am == AM_BUF &&
	    (!(fl & MEMSHARE_XF_MAPPED) || e->vma_kind != MEMSHARE_VMA_MEMSHARE))
		bad = "a buffer mapping is not MAPPED/MEMSHARE";
	if (bad)
		violation(bad, "%s entry %" PRIu64 " asked %#" PRIx64 ": vaddr %#llx "
			  "len %#llx flags %#llx level %u page_size %#llx pt_levels %u "
			  "vma %u [%#llx, %#llx) pfn %#llx paddr %#llx (phys %d, xflags %#x)",
			  batch ? "batch" : "range", i, asked,
			  (unsigned long long)e->vaddr, (unsigned long long)e->length,
			  (unsigned long long)fl, e->level,
			  (unsigned long long)e->page_size, e->pt_levels, e->vma_kind,
			  (unsigned long long)e->vma_start, (unsigned long long)e->vma_end,
			  (unsigned long long)e->pfn, (unsigned long long)e->paddr, phys,
			  xfl);
}

/* /proc/self/pagemap entry of @a, 0 if unreadable. */
static uint64_t pagemap_of(int pm, uint64_t a)
{
	uint64_t v = 0;

	if (pm < 0 || pread(pm, &v, 8, (off_t)(a / PG * 8)) != 8)
		return 0;
	return v;
}

static void op_xlate(void)
{
	struct ictx c;
	struct memshare_xlate *m = (void *)c.img, o;
	uint64_t *addrs = (uint64_t *)scratch, *model = (uint64_t *)tmpb;
	uint64_t count = 0, esz, start = 0, end = 0, maxw = 0, strsz = 0;
	uint64_t pm_before[16], nchk = 0, pagecap, wrote;
	int range = chance(45), upk = -1, apk = -1, spk = -1, pid, own, phys;
	int pm = -1;
	uint64_t addrs_model = 0;	/* addresses we know: model[0..n) */
	const char *pidw;
	long r;

	ictx_init(&c, sizeof(*m), MEMSHARE_XLATE_SIZE_VER0);
	pick_ioctl_fd(&c, FK_CTL);
	c.cmd = gen_cmd(MEMSHARE_IOC_XLATE);
	pid = gen_xpid(&pidw);
	own = !pid || pid == getpid();
	m->pid = pid;
	m->flags = (range ? MEMSHARE_XLATE_RANGE : 0) |
		   (chance(40) ? MEMSHARE_XLATE_PAGE : 0) |
		   (chance(30) ? MEMSHARE_XLATE_PATHS : 0) |
		   (chance(15) ? MEMSHARE_XLATE_READ : 0);
	/* entry_size */
	switch (chance(70) ? 99 : rn(8)) {
	case 0: esz = rn(XE_SIZE); break;			/* too small */
	case 1: esz = XE_SIZE + 1 + rn(7); break;		/* unaligned */
	case 2: esz = XE_SIZE + 8 * (1 + rn(8)); break;		/* larger */
	case 3: esz = chance(50) ? PG : (uint32_t)rnd(); break;
	case 4: esz = MEMSHARE_XLATE_ENTRY_SIZE_VER0 - 8; break;
	default: esz = XE_SIZE; break;
	}
	m->entry_size = (uint32_t)esz;
	esz = m->entry_size;
	pagecap = esz ? BIG / esz : 0;
	/* count */
	switch (rn(10)) {
	case 0: count = 0; break;
	case 1: count = 1; break;
	case 2: count = chance(50) ? ~0ULL : ~0ULL / (esz ? esz : 1) + 1; break;
	case 3: count = pagecap + 1 + rn(64); break;
	case 4: count = 1 + rn(SCRATCH / 16); break;
	default: count = 1 + rn(chance(80) ? 64 : 2048); break;
	}
	if (!range) {
		uint64_t n = count < SCRATCH / 16 ? count : SCRATCH / 16;

		/* the addresses: in the first half of scratch, or a bad pointer */
		if (chance(90)) {
			m->addrs_ptr = (uintptr_t)addrs + rn(SCRATCH / 2 - n * 8 + 1) / 8 * 8;
			apk = UP_SCRATCH;
			for (uint64_t i = 0; i < n; i++) {
				uint64_t a = gen_xaddr();

				((uint64_t *)(uintptr_t)m->addrs_ptr)[i] = a;
				model[i] = a;
			}
			addrs_model = n;
		} else if (chance(50)) {
			m->addrs_ptr = 0;
		} else {
			m->addrs_ptr = gen_uptr(&apk, n * 8);
			if (apk == UP_SCRATCH)		/* not our model: unknown */
				apk = UP_STRADDLE;
		}
		if (chance(5)) {
			m->start = chance(50) ? rnd() : 0;
			m->end = chance(50) ? rnd() : 1;
		}
	} else {
		int k = (int)rn(100);

		if (k < 25) {
			start = (uintptr_t)scratch + rn(SCRATCH);
			end = start + rn((uintptr_t)scratch + SCRATCH + 2 * PG - start);
		} else if (k < 45 && nR) {
			const struct region *rg = &R[rn((uint64_t)nR)];

			start = rg->s + (chance(50) ? 0 : rn(rg->e - rg->s));
			end = chance(50) ? rg->e : start + rn(rg->e - start + 4 * PG);
		} else if (k < 55) {
			start = arena_lo - PG;
			end = arena_hi + PG;
		} else if (k < 62) {
			start = (uintptr_t)big;
			end = start + BIG;
		} else if (k < 67) {
			start = 0;
			end = chance(50) ? TASK_TOP : 0x800000000000ULL;
		} else if (k < 72) {
			start = 0xffff888000000000ULL + rn(1UL << 30);
			end = start + rn(1UL << 30);
		} else if (k < 77) {			/* start > end */
			start = (uintptr_t)scratch + PG + rn(SCRATCH);
			end = start - 1 - rn(PG);
		} else if (k < 82) {			/* rounds past ~0 */
			start = ~0ULL - rn(3 * PG);
			end = ~0ULL - rn(PG / 2);
			if (start > end)
				start = end;
		} else if (k < 86) {
			start = end = (uintptr_t)scratch + rn(SCRATCH);
		} else {
			start = gen_xaddr();
			end = start + (chance(50) ? rn(1UL << 24) : rnd());
		}
		m->start = start;
		m->end = end;
		if (chance(5))
			m->addrs_ptr = chance(50) ? (uintptr_t)addrs : rnd();
	}
	/* the entries */
	maxw = (count < pagecap ? count : pagecap) * esz;
	if (chance(4))
		m->entries_ptr = 0;
	else
		m->entries_ptr = gen_entries_ptr(maxw, &upk);
	if (upk == UP_SCRATCH && m->entries_ptr < (uintptr_t)scratch + SCRATCH / 2)
		m->entries_ptr += SCRATCH / 2;	/* not over the addresses */
	if (upk == UP_SCRATCH || upk == UP_BIG)
		memset((void *)(uintptr_t)m->entries_ptr, 0xee,
		       accessible(m->entries_ptr, maxw + esz, 1));
	/* the string table */
	if ((m->flags & MEMSHARE_XLATE_PATHS) || chance(5)) {
		switch (rn(6)) {
		case 0: strsz = 0; break;
		case 1: strsz = 1 + rn(16); break;
		case 2: strsz = 0xffffffff; break;
		default: strsz = 64 + rn(PG); break;
		}
		m->strtab_size = (uint32_t)strsz;
		m->strtab_ptr = chance(5) ? 0 : gen_uptr(&spk, strsz < 2 * PG ? strsz : 2 * PG);
	}
	if (chance(25)) {	/* output only */
		m->next = rnd();
		m->strtab_used = (uint32_t)rnd();
	}
	if (chance(10)) {
		switch (rn(3)) {
		case 0: m->flags |= 1U << (4 + rn(28)); break;
		case 1: m->__reserved[rn(2)] = 1ULL << rn(64); break;
		default: m->flags = (uint32_t)rnd(); break;
		}
	}
	m->count = count;
	gen_size(&c);
	place(&c);
	model_hdr(&c, 1);
	phys = c.kind == FK_CTL && F[c.fi].opener_root && w.root;
	range = !!(m->flags & MEMSHARE_XLATE_RANGE);
	if (m->flags & ~MEMSHARE_XLATE_FLAGS)
		certain(&c.e, EINVAL, "unknown flags");
	if (!allzero(m->__reserved, sizeof(m->__reserved)))
		certain(&c.e, EINVAL, "reserved");
	if (m->entry_size < MEMSHARE_XLATE_ENTRY_SIZE_VER0 || m->entry_size % 8)
		certain(&c.e, EINVAL, "bad entry_size");
	if (m->count && m->entry_size && m->count > ~0ULL / m->entry_size)
		certain(&c.e, EINVAL, "count*entry_size overflows");
	if ((m->flags & MEMSHARE_XLATE_READ) && !phys)
		certain(&c.e, EPERM, "READ without CAP_SYS_ADMIN");
	if (!(m->flags & MEMSHARE_XLATE_PATHS) && (m->strtab_ptr || m->strtab_size))
		maybe(&c.e, EINVAL, "strtab without PATHS");
	if (range) {
		if (m->addrs_ptr)
			certain(&c.e, EINVAL, "addrs_ptr with RANGE");
		if (m->start > m->end)
			certain(&c.e, EINVAL, "start > end");
		if (m->end > ~0ULL - PG + 1 || m->end > TASK_TOP)
			maybe(&c.e, EINVAL, "end above user space");
	} else {
		if (m->start || m->end)
			certain(&c.e, EINVAL, "start/end in a batch");
		if (m->count && !m->addrs_ptr)
			certain(&c.e, EINVAL, "no addrs_ptr");
	}
	if (m->count && !m->entries_ptr) {
		if (!range || m->start < m->end)
			certain(&c.e, EINVAL, "no entries_ptr");
		else
			maybe(&c.e, EINVAL, "no entries_ptr");
		maybe(&c.e, EFAULT, "no entries_ptr");
	}
	/* the process */
	if (pid < 0) {
		if (m->count)
			certain_late(&c.e, EINVAL, "negative pid");
		maybe(&c.e, EINVAL, "negative pid");
		maybe(&c.e, ESRCH, "negative pid");
	} else if (!own) {
		if (!strcmp(pidw, "nonexistent") || !strcmp(pidw, "kthreadd")) {
			if (m->count)
				certain_late(&c.e, ESRCH, "no such process or no mm");
			maybe(&c.e, ESRCH, "no such process or no mm");
			maybe(&c.e, EPERM, "kthreadd");
		} else {
			runtime(&c.e, ESRCH);
			runtime(&c.e, EAGAIN);
			if (!w.root && pid > 0)
				maybe(&c.e, EPERM, "another user's process");
			if (!strcmp(pidw, "random"))
				maybe(&c.e, EPERM, "random pid");
		}
	}
	if (!m->count) {
		/* nothing to translate: the process may not even be looked up */
		maybe(&c.e, ESRCH, "count 0");
		maybe(&c.e, EPERM, "count 0");
		maybe(&c.e, EINVAL, "count 0");
	}
	/* the user memory */
	if (esz && m->count && m->entries_ptr && (!range || m->start < m->end)) {
		uint64_t need = (range ? 1 : m->count) * esz;

		if (accessible(m->entries_ptr, esz, 1) < esz)
			certain_late(&c.e, EFAULT, "entries unwritable");
		else if (need / esz != (range ? 1 : m->count) ||
			 accessible(m->entries_ptr, need, 1) < need)
			certain_late(&c.e, EFAULT, "entries partly unwritable");
		if (range && accessible(m->entries_ptr, maxw, 1) < maxw)
			maybe(&c.e, EFAULT, "entries partly unwritable");
	}
	if (range && m->count && m->start == m->end)	/* rounded out: a page? */
		maybe(&c.e, EFAULT, "empty range rounded out");
	if (!range && m->count && m->addrs_ptr &&
	    (m->count > ~0ULL / 8 || accessible(m->addrs_ptr, m->count * 8, 0) < m->count * 8))
		certain_late(&c.e, EFAULT, "addresses unreadable");
	if ((m->flags & MEMSHARE_XLATE_PATHS) && m->strtab_size &&
	    accessible(m->strtab_ptr, m->strtab_size, 1) < m->strtab_size) {
		maybe(&c.e, EFAULT, "strtab unwritable");
		if (!m->strtab_ptr)
			maybe(&c.e, EINVAL, "strtab_size without strtab_ptr");
	}
	if (upk == UP_MAP || apk == UP_MAP || spk == UP_MAP)
		maybe(&c.e, EFAULT, "overlapping buffer mapping");
	runtime(&c.e, ENOMEM);
	runtime(&c.e, EINTR);
	/* pagemap before, of a few of our addresses (root: PFNs shown) */
	if (phys && own && addrs_model && !c.e.ncertain) {
		pm = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
		nchk = count < 16 ? count : 16;
		for (uint64_t i = 0; i < nchk; i++)
			pm_before[i] = pagemap_of(pm, model[i]);
	}
	d_ictx(&c);
	D("%s pid=%d(%s) flags=%#x esz=%u count=%#llx addrs=%#llx entries=%#llx "
	  "[%#llx, %#llx) strtab=%#llx+%u", range ? "range" : "batch", pid, pidw,
	  m->flags, m->entry_size, (unsigned long long)m->count,
	  (unsigned long long)m->addrs_ptr, (unsigned long long)m->entries_ptr,
	  (unsigned long long)m->start, (unsigned long long)m->end,
	  (unsigned long long)m->strtab_ptr, m->strtab_size);
	r = do_ioctl(&c);
	D(" -> %s", res(r));
	rec(OP_XLATE, r);
	judge(&c.e, r);
	check_canary(&c);
	after_ioctl(&c, r);
	wrote = maxw;
	if (range && esz && m->count > pagecap && m->entries_ptr)
		wrote = accessible(m->entries_ptr, m->count < ~0ULL / esz ?
				   m->count * esz : ~0ULL, 1);
	if (upk == UP_MAP && m->entries_ptr)
		user_write_effect(m->entries_ptr, wrote, NULL);
	if (spk == UP_MAP && m->strtab_ptr)
		user_write_effect(m->strtab_ptr, m->strtab_size < 2 * PG ?
				  m->strtab_size : 2 * PG, NULL);
	if (r != 0 || !readback(&c, &o) || c.usize < sizeof(o)) {
		if (pm >= 0)
			close(pm);
		return;
	}
	if (o.size != c.usize || o.flags != m->flags || o.pid != m->pid ||
	    o.entry_size != m->entry_size || o.addrs_ptr != m->addrs_ptr ||
	    o.entries_ptr != m->entries_ptr || o.start != m->start ||
	    o.end != m->end || o.strtab_ptr != m->strtab_ptr ||
	    o.strtab_size != m->strtab_size ||
	    !allzero(o.__reserved, sizeof(o.__reserved)) ||
	    (!range && o.count != m->count))
		violation("XLATE changed input fields", "flags %#x count %#llx",
			  o.flags, (unsigned long long)o.count);
	if ((m->flags & MEMSHARE_XLATE_PATHS) && o.strtab_used > o.strtab_size)
		violation("XLATE strtab_used > strtab_size", "%u > %u",
			  o.strtab_used, o.strtab_size);
	/* the entries, where we can read them, and not overwritten by paths */
	if ((m->flags & MEMSHARE_XLATE_PATHS) && m->strtab_ptr && o.strtab_used &&
	    ((m->strtab_ptr < m->entries_ptr + maxw + esz &&
	      m->entries_ptr < m->strtab_ptr + o.strtab_used) ||
	     (!range && m->strtab_ptr < m->addrs_ptr + addrs_model * 8 &&
	      m->addrs_ptr < m->strtab_ptr + o.strtab_used)))
		upk = -1;
	if (upk != UP_SCRATCH && upk != UP_BIG) {
		if (pm >= 0)
			close(pm);
		return;
	}
	{
		const uint8_t *base = (const uint8_t *)(uintptr_t)m->entries_ptr;
		uint64_t n = range ? o.count : m->count, nread;
		uint64_t rs = m->start & ~(PG - 1), re, at = rs;
		int re_ok = m->end <= ~0ULL - PG + 1;
		struct memshare_xlate_entry ebuf, *e = &ebuf;

		re = re_ok ? (m->end + PG - 1) & ~(PG - 1) : 0;
		if (range && (o.count > m->count ||
			      (m->count && m->start < m->end && !o.count))) {
			violation("XLATE range count wrong", "%llu extents for a capacity "
				  "of %llu", (unsigned long long)o.count,
				  (unsigned long long)m->count);
			n = 0;
		}
		nread = n < pagecap ? n : pagecap;
		if (accessible(m->entries_ptr, nread * esz, 0) < nread * esz)
			nread = 0;
		for (uint64_t i = 0; i < nread; i++) {
			const uint8_t *raw = base + i * esz;

			memcpy(e, raw, XE_SIZE);
			if (range) {
				if (e->vaddr != at) {
					violation("XLATE range extents not contiguous",
						  "extent %" PRIu64 " at %#llx, want %#"
						  PRIx64, i, (unsigned long long)e->vaddr, at);
					break;
				}
				at = e->vaddr + e->length;
				if (at < e->vaddr || (re_ok && at > re)) {
					violation("XLATE range extent past the end",
						  "extent %" PRIu64 " [%#llx, +%#llx) end %#"
						  PRIx64, i, (unsigned long long)e->vaddr,
						  (unsigned long long)e->length, re);
					break;
				}
			}
			if (!range && i >= addrs_model) {
				/* an address we did not write: no model */
				xl_check_entry(e, raw, esz, e->vaddr, 1, 0, phys,
					       m->flags, i);
				continue;
			}
			xl_check_entry(e, raw, esz, range ? e->vaddr : model[i], !range,
				       own, phys, m->flags, i);
			if ((m->flags & MEMSHARE_XLATE_PATHS) &&
			    e->path_offset != MEMSHARE_NO_PATH &&
			    (e->path_offset >= o.strtab_used ||
			     (spk == UP_SCRATCH &&
			      !memchr((const char *)(uintptr_t)m->strtab_ptr + e->path_offset,
				      0, o.strtab_used - e->path_offset))))
				violation("XLATE path_offset outside the string table",
					  "entry %" PRIu64 ": %u, used %u", i,
					  e->path_offset, o.strtab_used);
			/* Our scratch and big hold known bytes: READ must see them. */
			if (!range && own && addrs_model && (e->flags & MEMSHARE_XF_DATA) &&
			    addr_model(model[i]) == AM_ANON &&
			    model[i] >= (uintptr_t)scratch &&
			    model[i] < (uintptr_t)scratch + SCRATCH / 2) {
				uint64_t word;

				memcpy(&word, (void *)(uintptr_t)(model[i] & ~7ULL), 8);
				if (word != e->data &&
				    !((model[i] & ~7ULL) >= m->addrs_ptr &&
				      (model[i] & ~7ULL) < m->addrs_ptr + m->count * 8))
					violation("XLATE READ data differs from memory",
						  "at %#" PRIx64 ": %#llx, memory %#" PRIx64,
						  model[i], (unsigned long long)e->data, word);
			}
			if (!range && i < nchk && pm >= 0) {
				uint64_t after = pagemap_of(pm, model[i]);
				uint64_t pfn = after & ((1ULL << 55) - 1);

				if (after == pm_before[i] && (after >> 63) && pfn &&
				    (!(e->flags & MEMSHARE_XF_PRESENT) ||
				     (!(e->flags & MEMSHARE_XF_HUGE) && e->pfn != pfn)))
					violation("XLATE and pagemap disagree",
						  "%#" PRIx64 ": pagemap pfn %#" PRIx64
						  ", xlate flags %#llx pfn %#llx", model[i],
						  pfn, (unsigned long long)e->flags,
						  (unsigned long long)e->pfn);
			}
		}
		if (range && nread == n && nread) {
			if (o.next != at)
				violation("XLATE range next is not the end of the last extent",
					  "next %#llx, extents end at %#" PRIx64,
					  (unsigned long long)o.next, at);
			else if (re_ok && o.count < m->count && o.next != re)
				violation("XLATE range stopped early",
					  "%llu of %llu extents, next %#llx, end %#" PRIx64,
					  (unsigned long long)o.count,
					  (unsigned long long)m->count,
					  (unsigned long long)o.next, re);
		}
		if (range && !o.count && m->start >= m->end && o.next != m->start &&
		    o.next != rs && o.next != re)
			violation("XLATE empty range: next is not start",
				  "next %#llx, start %#llx", (unsigned long long)o.next,
				  (unsigned long long)m->start);
		/* nothing past the entries written */
		if (n < pagecap && esz && accessible(m->entries_ptr + n * esz, 1, 0) &&
		    base[n * esz] != 0xee)
			violation("XLATE wrote past the entries", "%llu entries",
				  (unsigned long long)n);
	}
	if (pm >= 0)
		close(pm);
}

static void op_kaddr(void)
{
	static const uint64_t fixed[] = {
		0, 0x1000, 0x7ffffffff000ULL, 0x800000000000ULL,
		0x8000000000000000ULL, 0xffff800000000000ULL,
		0xffff888000000000ULL, 0xffffc90000000000ULL,
		0xffffe8ffffffffffULL, 0xffffea0000000000ULL,
		0xfffffe0000000000ULL, 0xffffffff80000000ULL,
		0xffffffff81000000ULL, 0xffffffffa0000000ULL,
		0xffffffffff5fe000ULL, 0xffffffffff600000ULL, ~0ULL,
	};
	struct ictx c;
	struct memshare_kaddr *m = (void *)c.img, o;
	const struct ktarget *kt = NULL;
	uint64_t addr;
	int v = (int)rn(100);
	long r;

	ictx_init(&c, sizeof(*m), MEMSHARE_KADDR_SIZE_VER0);
	pick_ioctl_fd(&c, FK_CTL);
	c.cmd = gen_cmd(MEMSHARE_IOC_KADDR);
	if (v < 30 && nKT) {
		kt = &KT[rn((uint64_t)nKT)];
		addr = kt->addr + (chance(70) ? 0 : rn(64));
	} else if (v < 55) {
		addr = fixed[rn(sizeof(fixed) / sizeof(fixed[0]))] +
		       (chance(50) ? 0 : rn(1UL << (12 + rn(20))));
	} else if (v < 65 && nKT) {	/* near a target: neighbours */
		addr = KT[rn((uint64_t)nKT)].addr + (rn(1UL << 24) - (1UL << 23));
	} else if (v < 75) {
		addr = gen_xaddr();
	} else if (v < 80) {
		addr = (uintptr_t)&v;
	} else {
		addr = rnd() | (chance(70) ? 0xffff800000000000ULL : 0);
	}
	m->addr = addr;
	if (chance(30)) {	/* output only: garbage the kernel must not trust */
		rfill((uint8_t *)m + 16, sizeof(*m) - 16 - sizeof(m->__reserved));
	}
	if (chance(10)) {
		if (chance(50))
			m->flags = chance(50) ? 1U << rn(32) : (uint32_t)rnd();
		else
			m->__reserved[rn(2)] = 1ULL << rn(64);
	}
	gen_size(&c);
	place(&c);
	model_hdr(&c, 1);
	if (m->flags)
		certain(&c.e, EINVAL, "flags");
	if (!allzero(m->__reserved, sizeof(m->__reserved)))
		certain(&c.e, EINVAL, "reserved");
	if (c.kind == FK_CTL && !(F[c.fi].opener_root && w.root))
		certain_late(&c.e, EPERM, "not CAP_SYS_ADMIN");
	runtime(&c.e, ENOMEM);
	d_ictx(&c);
	D("addr=%#" PRIx64 "%s%s", addr, kt ? " target " : "", kt ? kt->name : "");
	r = do_ioctl(&c);
	D(" -> %s", res(r));
	rec(OP_KADDR, r);
	judge(&c.e, r);
	check_canary(&c);
	after_ioctl(&c, r);
	if (r != 0 || !readback(&c, &o) || c.usize < sizeof(o))
		return;
	D(" region %u method %u kflags %#llx", o.region, o.method,
	  (unsigned long long)o.kflags);
	{
		const char *bad = NULL;

		if (o.addr != addr || o.flags || o.size != c.usize)
			bad = "KADDR changed input fields";
		else if (o.region > MEMSHARE_KR_KERNEL_IMAGE)
			bad = "KADDR region out of the enum";
		else if (o.method > MEMSHARE_KM_PAGE_TABLE)
			bad = "KADDR method out of the enum";
		else if (o.level > MEMSHARE_LEVEL_PGD)
			bad = "KADDR level out of the enum";
		else if (o.kflags & ~KA_KNOWN)
			bad = "KADDR unknown kflags";
		else if (o.__reserved0 || !allzero(o.__reserved, sizeof(o.__reserved)))
			bad = "KADDR reserved output not zero";
		else if (!memchr(o.symbol, 0, sizeof(o.symbol)))
			bad = "KADDR symbol not NUL-terminated";
		else if (addr < TASK_TOP && o.region != MEMSHARE_KR_USER)
			bad = "KADDR user address not in region USER";
		else if (o.region != MEMSHARE_KR_UNKNOWN && o.region != MEMSHARE_KR_USER &&
			 (addr < o.region_start || addr > o.region_end))
			bad = "KADDR address outside its region's bounds";
		else if ((o.kflags & MEMSHARE_KA_PAGE) && !(o.kflags & MEMSHARE_KA_MAPPED) &&
			 !(o.region == MEMSHARE_KR_DIRECT_MAP &&
			   o.method == MEMSHARE_KM_VIRT_TO_PAGE))
			/* Only the direct map has pages it does not map (free
			 * pages under DEBUG_PAGEALLOC, secretmem): virt_to_page()
			 * names them all the same. */
			bad = "KADDR page without a mapping";
		else if ((o.kflags & MEMSHARE_KA_MAPPED) &&
			 ((o.level == MEMSHARE_LEVEL_PTE && o.page_size != PG) ||
			  (o.level == MEMSHARE_LEVEL_PMD && o.page_size != (2UL << 20)) ||
			  (o.level == MEMSHARE_LEVEL_PUD && o.page_size != (1UL << 30)) ||
			  o.level < MEMSHARE_LEVEL_PTE || o.level > MEMSHARE_LEVEL_PUD))
			bad = "KADDR mapped with a bad level/page_size";
		else if ((o.kflags & MEMSHARE_KA_MAPPED) &&
			 (o.paddr & (PG - 1)) != (addr & (PG - 1)))
			bad = "KADDR paddr offset differs from the address's";
		else if (!(o.kflags & MEMSHARE_KA_PAGE) && !allzero(&o.page, sizeof(o.page)))
			bad = "KADDR page state without KA_PAGE";
		else if (kt && addr == kt->addr && strcmp(kt->region, "?") &&
			 o.region < sizeof(kregion_names) / sizeof(kregion_names[0]) &&
			 strcmp(kregion_names[o.region], kt->region) &&
			 strcmp(kt->name, "stack"))
			bad = "KADDR self-test target in the wrong region";
		else if (kt && addr == kt->addr && strcmp(kt->name, "stack") &&
			 !(o.kflags & MEMSHARE_KA_MAPPED))
			bad = "KADDR self-test target not mapped";
		if (bad)
			violation(bad, "addr %#" PRIx64 "%s%s%s: region %u [%#llx, %#llx) "
				  "method %u kflags %#llx level %u page_size %#llx pfn %#llx "
				  "paddr %#llx symbol '%.64s'", addr, kt ? " (target " : "",
				  kt ? kt->name : "", kt ? ")" : "", o.region,
				  (unsigned long long)o.region_start,
				  (unsigned long long)o.region_end, o.method,
				  (unsigned long long)o.kflags, o.level,
				  (unsigned long long)o.page_size,
				  (unsigned long long)o.pfn, (unsigned long long)o.paddr,
				  o.symbol);
	}
}
#else
static void load_ktargets(void) { }
static void op_xlate(void) { }
static void op_kaddr(void) { }
#endif

/* The module is in use (we hold a control fd at least): unloading it
 * must fail. */
static void op_rmmod(void)
{
	struct expect e;
	long r;

	memset(&e, 0, sizeof(e));
	if (w.ctl < 0)
		return;
	if (!w.root) {
		certain(&e, EPERM, "unprivileged");
	} else {
		certain(&e, EAGAIN, "module in use");
		certain(&e, EBUSY, "module in use");
	}
	D("delete_module(memshare, O_NONBLOCK) [we hold fds]");
	r = sysres(syscall(SYS_delete_module, "memshare", O_NONBLOCK));
	D(" -> %s", res(r));
	rec(OP_RMMOD, r);
	judge(&e, r);
}

/* ------------------------------------------------------------------ */
/* Workers */

static int stopping(void)
{
	return (sh && __atomic_load_n(&sh->stop, __ATOMIC_RELAXED)) ||
	       (opt.deadline_ms && now_ms() >= opt.deadline_ms);
}

static int pick_op(void)
{
	static int total;
	int r;

	if (!total)
		for (int i = 0; i < NOPS; i++)
			total += opweight[i];
	r = (int)rn((uint64_t)total);
	for (int i = 0; i < NOPS; i++) {
		if (r < opweight[i])
			return i;
		r -= opweight[i];
	}
	return OP_VERSION;
}

static void do_one(void)
{
	int op = pick_op();

	if (op == OP_FORK && w.in_child)
		op = OP_VERSION;
	w.opno++;
	curop = op;
	curlen = 0;
	D("#%" PRIu64 " %s ", w.opno, opname[op]);
	if (!(w.opno % 16))
		ensure_misc_fds();
	switch (op) {
	case OP_VERSION: op_version(); break;
	case OP_CREATE: op_create(); break;
	case OP_DESTROY: op_destroy(); break;
	case OP_OPEN: op_open(); break;
	case OP_BUFINFO: op_bufinfo(); break;
	case OP_ACCESS: op_access(); break;
	case OP_BADCMD: op_badcmd(); break;
	case OP_OPENNODE: op_opennode(); break;
	case OP_OPENCTL: op_openctl(); break;
	case OP_MMAP: op_mmap(); break;
	case OP_MUNMAP: op_munmap(); break;
	case OP_MREMAP: op_mremap(); break;
	case OP_MPROTECT: op_mprotect(); break;
	case OP_MADVISE: op_madvise(); break;
	case OP_MEM: op_mem(); break;
	case OP_READ: case OP_WRITE: case OP_PREAD: case OP_PWRITE:
		op_rw(op);
		break;
	case OP_LSEEK: op_lseek(); break;
	case OP_CLOSE: op_close(); break;
	case OP_DUP: op_dup(); break;
	case OP_FORK: op_fork(); break;
	case OP_SETUID: op_setuid(); break;
	case OP_SYSFS: op_sysfs(); break;
	case OP_CHECK: op_check(); break;
	case OP_GUP: op_gup(); break;
	case OP_VMSPLICE: op_vmsplice(); break;
	case OP_URING: op_uring(); break;
	case OP_SPLICE: op_splice(); break;
	case OP_REOPEN: op_reopen(); break;
	case OP_MISC: op_misc(); break;
	case OP_RMMOD: op_rmmod(); break;
	case OP_PIN: op_pin(); break;
	case OP_PININFO: op_pininfo(); break;
	case OP_PINACCESS: op_pinaccess(); break;
	case OP_XLATE: op_xlate(); break;
	case OP_KADDR: op_kaddr(); break;
	}
	buf_gc();
	snprintf(w.hist[w.nhist % HIST], sizeof(w.hist[0]), "%.*s", (int)curlen,
		 cur);
	w.nhist++;
	if (opt.verbose)
		out("msfuzz: w%d%s %.*s\n", w.id, w.in_child ? "c" : "", (int)curlen,
		    cur);
	if (sh && !w.in_child)
		__atomic_fetch_add(&sh->wops[w.id], 1, __ATOMIC_RELAXED);
}

static void do_ops(uint64_t n)
{
	for (uint64_t i = 0; (!n || i < n) && !stopping(); i++)
		do_one();
}

static void *map_guarded(size_t n, int prot)
{
	uint8_t *p = mmap(NULL, n + PG, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		out("msfuzz: mmap: %s\n", strerror(errno));
		_exit(2);
	}
	/* Real pages from the start: a read-only pin of an untouched page
	 * would pin the shared zero page, which later stores do not reach. */
	memset(p, 0, n);
	mprotect(p + n, PG, PROT_NONE);
	if (prot != (PROT_READ | PROT_WRITE))
		mprotect(p, n, prot);
	return p;
}

static void worker_init(int id, uint64_t seed)
{
	struct sigaction sa;
	uint8_t *a;

	w.id = id;
	w.seed = seed;
	rseed(seed);
	w.root = geteuid() == 0;
	setpgid(0, 0);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_fault;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGINT, SIG_IGN);
	scratch = map_guarded(SCRATCH, PROT_READ | PROT_WRITE);
	big = map_guarded(BIG, PROT_READ | PROT_WRITE);
	tmpb = map_guarded(BIG, PROT_READ | PROT_WRITE);
	argarea = map_guarded(2 * PG, PROT_READ | PROT_WRITE);
	roarea = map_guarded(2 * PG, PROT_READ);
	zpage = map_guarded(2 * PG, PROT_READ | PROT_WRITE);
	a = mmap(NULL, ARENA + 2 * PG, PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (a == MAP_FAILED) {
		out("msfuzz: arena: %s\n", strerror(errno));
		_exit(2);
	}
	arena_lo = (uintptr_t)a + PG;
	arena_hi = arena_lo + ARENA;
	w.ctl = open(CTL_PATH, O_RDWR | O_CLOEXEC);
	w.memfd = open("/proc/self/mem", O_RDWR | O_CLOEXEC);
	if (pipe2(w.spipe, O_NONBLOCK | O_CLOEXEC))
		w.spipe[0] = w.spipe[1] = -1;
	for (int i = 0; i < MAXFD; i++)
		F[i].fd = -1;
	ensure_misc_fds();
	if (opt.deadline_ms)
		alarm((unsigned int)((opt.deadline_ms - now_ms()) / 1000 + 120));
}

/* ------------------------------------------------------------------ */
/* The run: modes, workers, summary, cleanup */

static int get_version(int ctl, struct memshare_version *v)
{
	memset(v, 0, sizeof(*v));
	v->size = sizeof(*v);
	return ioctl(ctl, MEMSHARE_IOC_VERSION, v);
}

/* Destroy named buffers whose name starts with fz- (or is not in @keep). */
static int cleanup_names(int ctl, char (*keep)[MEMSHARE_NAME_MAX], int nkeep,
			 int all_new)
{
	DIR *d = opendir(CLASS_DIR);
	struct dirent *de;
	int n = 0;

	if (!d)
		return 0;
	while ((de = readdir(d))) {
		struct memshare_destroy ds;
		int kept = 0;

		if (de->d_name[0] == '.' && (!de->d_name[1] ||
					     !strcmp(de->d_name, "..")))
			continue;
		for (int i = 0; i < nkeep; i++)
			kept |= !strcmp(keep[i], de->d_name);
		if (kept || (!all_new && strncmp(de->d_name, PREFIX, 3)))
			continue;
		memset(&ds, 0, sizeof(ds));
		ds.size = sizeof(ds);
		snprintf(ds.name, sizeof(ds.name), "%.31s", de->d_name);
		if (!ioctl(ctl, MEMSHARE_IOC_DESTROY, &ds))
			n++;
	}
	closedir(d);
	return n;
}

static int counters_equal(const struct memshare_version *a,
			  const struct memshare_version *b)
{
	return a->nr_buffers == b->nr_buffers && a->nr_named == b->nr_named &&
	       a->nr_mappings == b->nr_mappings &&
	       a->total_bytes == b->total_bytes
#ifdef MEMSHARE_FEAT_PIN
	       && a->nr_pins == b->nr_pins && a->pinned_pages == b->pinned_pages
#endif
	       ;
}

static int exec_check(const char *list)
{
	const char *p = list;
	int bad = 0;

	while (*p) {
		char *end, link[64], target[256] = "";
		long fd = strtol(p, &end, 10);

		if (end == p)
			break;
		if (fcntl((int)fd, F_GETFD) >= 0) {
			snprintf(link, sizeof(link), "/proc/self/fd/%ld", fd);
			if (readlink(link, target, sizeof(target) - 1) < 0)
				target[0] = 0;
			out("msfuzz: VIOLATION [an O_CLOEXEC fd survived exec] fd %ld "
			    "(%s) is open after execve\n", fd, target);
			bad = 1;
		}
		p = *end == ',' ? end + 1 : end;
	}
	return bad ? 3 : 0;
}

static void summary(uint64_t ms)
{
	uint64_t total = 0, kinds = 0;
	char line[512];

	for (int i = 0; i < NOPS; i++)
		total += sh->calls[i];
	out("msfuzz: summary: %" PRIu64 " ops in %.1f s, %d worker%s; per worker:",
	    total, ms / 1000.0, opt.workers, opt.workers > 1 ? "s" : "");
	for (int i = 0; i < opt.workers && i < MAXW; i++)
		out(" %" PRIu64, sh->wops[i]);
	out("\nmsfuzz:   %-10s %8s %8s  errors\n", "op", "calls", "ok");
	for (int i = 0; i < NOPS; i++) {
		size_t l = 0;
		int shown[NERR] = { 0 };

		if (!sh->calls[i])
			continue;
		for (int k = 0; k < 8; k++) {
			int best = -1;

			for (int e = 0; e < NERR; e++)
				if (sh->errs[i][e] && !shown[e] &&
				    (best < 0 || sh->errs[i][e] > sh->errs[i][best]))
					best = e;
			if (best < 0)
				break;
			shown[best] = 1;
			l += (size_t)snprintf(line + l, sizeof(line) - l, " %s:%" PRIu64,
					      best ? ename(best) : "E?",
					      sh->errs[i][best]);
		}
		line[l] = 0;
		out("msfuzz:   %-10s %8" PRIu64 " %8" PRIu64 " %s\n", opname[i],
		    sh->calls[i], sh->oks[i], line);
	}
	for (int i = 0; i < NVS; i++)
		if (sh->vs[i].hash) {
			if (!kinds++)
				out("msfuzz: violations by kind:\n");
			out("msfuzz:   %6" PRIu64 "  %s\n", sh->vs[i].count,
			    sh->vs[i].key);
		}
	out("msfuzz: %" PRIu64 " violations (%" PRIu64 " kinds), %" PRIu64
	    " failures, %" PRIu64 " bookkeeping resyncs\n", sh->violations, kinds,
	    sh->failures, sh->drift);
}

static void usage(int st)
{
	out("usage: msfuzz [--seed S] [--seconds N] [--workers W] [--ops N] [-v]\n"
	    "              [--wseed S]\n"
	    "              [--no-unpriv] [--no-fork]\n"
	    "       msfuzz --counters | --cleanup\n"
	    "  --seed S      PRNG seed (default: from the time), printed first\n"
	    "  --seconds N   run time (default 60 unless --ops)\n"
	    "  --workers W   worker processes (default 4, max %d); 1 = exact\n"
	    "                model (names, counters) and exact replay with --ops\n"
	    "  --ops N       stop each worker after N operations\n"
	    "  --wseed S     replay one worker of a multi-worker run: its seed\n"
	    "                is in every violation report (wseed=...)\n"
	    "  -v            log every operation\n"
	    "  --no-unpriv   never switch to uid 1000\n"
	    "  --no-fork     no child processes\n"
	    "  --counters    print the module's live counters and exit\n"
	    "  --cleanup     destroy the named buffers fz-* and exit\n", MAXW);
	exit(st);
}

int main(int argc, char **argv)
{
	static char keep[256][MEMSHARE_NAME_MAX];
	int nkeep = 0, ctl, seeded = 0, counters = 0, clean = 0, wseeded = 0;
	uint64_t wseed = 0;
	pid_t pids[MAXW];
	uint64_t wseeds[MAXW];
	int alive, status;
	uint64_t t0, stop_at = 0;
	struct memshare_version v;
	char b[64];
	DIR *d;

	/* The same addresses from run to run: replays are exact. */
	{
		int pers = personality(0xffffffff);

		if (pers != -1 && !(pers & ADDR_NO_RANDOMIZE) &&
		    !getenv("MSFUZZ_ASLR") &&
		    personality((unsigned long)pers | ADDR_NO_RANDOMIZE) != -1) {
			setenv("MSFUZZ_ASLR", "off", 1);
			execv("/proc/self/exe", argv);
		}
	}
	opt.workers = 4;
	opt.unpriv = 1;
	opt.dofork = 1;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--exec-check"))
			return exec_check(val ? val : "");
		if (!strcmp(a, "--seed") && val) {
			opt.seed = strtoull(val, NULL, 0);
			seeded = 1;
			i++;
		} else if (!strcmp(a, "--wseed") && val) {
			wseed = strtoull(val, NULL, 0);
			wseeded = 1;
			i++;
		} else if (!strcmp(a, "--seconds") && val) {
			opt.seconds = strtol(val, NULL, 0);
			i++;
		} else if (!strcmp(a, "--workers") && val) {
			opt.workers = (int)strtol(val, NULL, 0);
			i++;
		} else if (!strcmp(a, "--ops") && val) {
			opt.maxops = strtoull(val, NULL, 0);
			i++;
		} else if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
			opt.verbose = 1;
		} else if (!strcmp(a, "--no-unpriv")) {
			opt.unpriv = 0;
		} else if (!strcmp(a, "--no-fork")) {
			opt.dofork = 0;
		} else if (!strcmp(a, "--counters")) {
			counters = 1;
		} else if (!strcmp(a, "--cleanup")) {
			clean = 1;
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(0);
		} else {
			out("msfuzz: unknown argument %s\n", a);
			usage(2);
		}
	}
	if (opt.workers < 1 || opt.workers > MAXW || opt.seconds < 0)
		usage(2);
	crc_init();
	if (crc32c("123456789", 9) != 0xe3069283) {
		out("msfuzz: crc32c self-test failed\n");
		return 2;
	}
	ctl = open(CTL_PATH, O_RDWR | O_CLOEXEC);
	if (ctl < 0) {
		out("msfuzz: open %s: %s (is memshare loaded?)\n", CTL_PATH,
		    strerror(errno));
		return 1;
	}
	if (get_version(ctl, &v)) {
		out("msfuzz: MEMSHARE_IOC_VERSION: %s\n", strerror(errno));
		return 1;
	}
	if (counters) {
		out("nr_buffers=%u nr_named=%u nr_mappings=%llu total_bytes=%llu",
		    v.nr_buffers, v.nr_named, (unsigned long long)v.nr_mappings,
		    (unsigned long long)v.total_bytes);
#ifdef MEMSHARE_FEAT_PIN
		out(" nr_pins=%llu pinned_pages=%llu", (unsigned long long)v.nr_pins,
		    (unsigned long long)v.pinned_pages);
#endif
		out("\n");
		return 0;
	}
	if (clean) {
		out("msfuzz: destroyed %d fz-* named buffers\n",
		    cleanup_names(ctl, NULL, 0, 0));
		return 0;
	}
	if (!seeded)
		opt.seed = ((uint64_t)time(NULL) << 20) ^ ((uint64_t)getpid() << 4) ^
			   now_ms();
	if (!opt.seconds && !opt.maxops)
		opt.seconds = 60;
	opt.exact = opt.workers == 1 && !wseeded;
	if (wseeded)
		opt.workers = 1;
	opt.start_root = geteuid() == 0;
	opt.max_buffer = v.max_buffer_bytes;
	opt.max_total = v.max_total_bytes;
	opt.max_contig = v.max_contig_bytes;
	opt.max_named = v.max_named;
#ifdef MEMSHARE_FEAT_PIN
	opt.max_pin = v.max_pin_bytes;
#endif
#ifdef MEMSHARE_IOC_XLATE
	opt.pt_levels = v.pt_levels;
	load_ktargets();
#endif
	opt.base = v;
	opt.named_mode = 0600;
	if (read_small("/sys/module/memshare/parameters/named_mode", b, sizeof(b)) > 0)
		opt.named_mode = (unsigned int)strtoul(b, NULL, b[0] == '0' ? 8 : 10) &
				 0777;
	if (readlink("/proc/self/exe", opt.self, sizeof(opt.self) - 1) < 0)
		snprintf(opt.self, sizeof(opt.self), "%s", argv[0]);
	d = opendir(CLASS_DIR);
	if (d) {
		struct dirent *de;

		while ((de = readdir(d)) && nkeep < 256)
			if (de->d_name[0] != '.')
				snprintf(keep[nkeep++], MEMSHARE_NAME_MAX, "%.31s",
					 de->d_name);
		closedir(d);
	}
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED) {
		out("msfuzz: mmap: %s\n", strerror(errno));
		return 2;
	}
	{
		struct utsname u;

		uname(&u);
		out("msfuzz: seed=%#" PRIx64 " workers=%d seconds=%ld ops=%" PRIu64
		    " (replay: msfuzz --seed %#" PRIx64 " --workers %d %s%s%s)\n",
		    opt.seed, opt.workers, opt.seconds, opt.maxops, opt.seed,
		    opt.workers, opt.maxops ? "--ops " : "--seconds ",
		    opt.maxops ? "N" : "N", opt.unpriv ? "" : " --no-unpriv");
		out("msfuzz: kernel %s, uid %d, max_buffer %" PRIu64 " max_total %"
		    PRIu64 " max_named %u named_mode %o, counters at start: "
		    "buffers %u named %u mappings %llu bytes %llu%s\n", u.release,
		    (int)geteuid(), opt.max_buffer, opt.max_total, opt.max_named,
		    opt.named_mode, v.nr_buffers, v.nr_named,
		    (unsigned long long)v.nr_mappings,
		    (unsigned long long)v.total_bytes,
		    opt.exact ? ", exact model" : "");
	}
	t0 = now_ms();
	if (opt.seconds)
		opt.deadline_ms = t0 + (uint64_t)opt.seconds * 1000;
	{
		uint64_t x = opt.seed;

		for (int i = 0; i < opt.workers; i++)
			wseeds[i] = wseeded ? wseed : splitmix(&x);
	}
	for (int i = 0; i < opt.workers; i++) {
		uint64_t s = wseeds[i];

		pids[i] = fork();
		if (pids[i] < 0) {
			failure("fork: %s", strerror(errno));
			pids[i] = 0;
			continue;
		}
		if (!pids[i]) {
			close(ctl);
			worker_init(i, s);
			do_ops(opt.maxops);
			_exit(0);
		}
		setpgid(pids[i], pids[i]);
	}
	signal(SIGINT, SIG_IGN);
	/* Wait; past the deadline tell the workers, then force them. */
	for (;;) {
		uint64_t now = now_ms();

		alive = 0;
		for (int i = 0; i < opt.workers; i++) {
			pid_t r;

			if (!pids[i])
				continue;
			r = waitpid(pids[i], &status, WNOHANG);
			if (r == 0) {
				alive++;
				continue;
			}
			if (r == pids[i] && WIFSIGNALED(status))
				failure("worker %d died of signal %d (%s)%s", i,
					WTERMSIG(status), strsignal(WTERMSIG(status)),
					WTERMSIG(status) == SIGALRM ?
					": hung (watchdog)" : "");
			else if (r == pids[i] && WEXITSTATUS(status))
				failure("worker %d exited with %d", i,
					WEXITSTATUS(status));
			kill(-pids[i], SIGKILL);	/* its children */
			pids[i] = 0;
		}
		if (!alive)
			break;
		if (opt.deadline_ms && now >= opt.deadline_ms && !stop_at) {
			sh->stop = 1;
			stop_at = now;
		}
		if (stop_at && now - stop_at > 60000) {
			for (int i = 0; i < opt.workers; i++)
				if (pids[i]) {
					failure("worker %d (pid %d) still running 60 s "
						"after the deadline", i, (int)pids[i]);
					show_stack(pids[i]);
					kill(-pids[i], SIGKILL);
				}
			if (now - stop_at > 90000)
				break;
		}
		usleep(50000);
	}
	/* Every process of the run is gone (children died with their worker). */
	for (int i = 0; i < opt.workers; i++)
		if (pids[i])
			failure("worker %d (pid %d) could not be reaped", i,
				(int)pids[i]);
	if (opt.start_root) {
		int n = cleanup_names(ctl, keep, nkeep, 1);

		out("msfuzz: destroyed %d leftover named buffers\n", n);
	}
	/* The module's counters are back where they were. */
	for (int t = 0; t < 100; t++) {
		if (get_version(ctl, &v))
			break;
		if (counters_equal(&v, &opt.base))
			break;
		usleep(100000);
	}
	if (!counters_equal(&v, &opt.base))
		failure("counters not back after the run: buffers %u (was %u), "
			"named %u (%u), mappings %llu (%llu), bytes %llu (%llu)"
#ifdef MEMSHARE_FEAT_PIN
			", pins %llu (%llu), pinned pages %llu (%llu)"
#endif
			, v.nr_buffers, opt.base.nr_buffers, v.nr_named,
			opt.base.nr_named, (unsigned long long)v.nr_mappings,
			(unsigned long long)opt.base.nr_mappings,
			(unsigned long long)v.total_bytes,
			(unsigned long long)opt.base.total_bytes
#ifdef MEMSHARE_FEAT_PIN
			, (unsigned long long)v.nr_pins,
			(unsigned long long)opt.base.nr_pins,
			(unsigned long long)v.pinned_pages,
			(unsigned long long)opt.base.pinned_pages
#endif
			);
	summary(now_ms() - t0);
	out("msfuzz: seed=%#" PRIx64 " %s\n", opt.seed,
	    sh->violations || sh->failures ? "FAIL" : "PASS");
	return sh->violations || sh->failures ? 1 : 0;
}

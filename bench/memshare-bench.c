// SPDX-License-Identifier: MIT
/*
 * memshare-bench: memshare buffers against their natural peers, in ratios.
 *
 *  1. first touch (one store per page) of a fresh mapping:
 *     lazy (fault handler) and eager (vm_insert_pages() at mmap) against
 *     fresh anonymous memory (4 KiB pages; and with THP where the system
 *     gives it), and eager against lazy (target >= 5x at 1 GiB); mmap and
 *     buffer creation are reported too, so that no cost is hidden;
 *  2. streaming bandwidth through a pre-faulted mapping against pre-faulted
 *     anonymous memory: sum of 64-bit words, memset, 64-bit store loop
 *     (target >= 0.97x); a second anonymous buffer against the first (the
 *     "A/A" rows) shows the noise floor;
 *  3. pread()/pwrite() of the buffer fd in chunks against memcpy() between
 *     two anonymous buffers in the same chunks (target >= 0.9x), and, for
 *     context, against pread()/pwrite() of a memfd.
 *
 *  4. pinning user memory: pin + unpin (MEMSHARE_IOC_PIN, write, long-term;
 *     close()) against io_uring fixed-buffer registration + unregistration
 *     of the same memory (target >= 1.0x) and mlock() + munlock(), at
 *     --pin-sizes, on 4 KiB pages, transparent huge pages and hugetlb pages;
 *  5. the kernel's copy between pinned pages and a buffer
 *     (MEMSHARE_IOC_PIN_ACCESS TO_BUFFER / FROM_BUFFER, one call) against
 *     memcpy() between the same memory in user space (target >= 0.9x);
 *  6. address translation (MEMSHARE_IOC_XLATE) in pages per second: the
 *     range form over a dense 1 GiB region against pread() of
 *     /proc/self/pagemap in large blocks (target >= 1.0x), and 100 000
 *     random addresses in one batch against one pagemap pread() or one
 *     ioctl per address (target >= 10x each); libmemshare's module and
 *     pagemap backends for context.
 *
 * Rows 1-3 are measured for the vmalloc backend and, at a size the buddy or
 * contiguous allocator can serve (--contig-size), for the contig backend.
 * Subjects and peers run interleaved in one process, the order rotating
 * each round, so that drift of the machine hits all of them.  Fresh-memory
 * rows (1) take the median of --touch-reps rounds; streaming and copy rows
 * (2, 3) the best of at least --reps rounds, more (up to 4x) until each
 * best has been seen 3 times within 3%.  Ratios are speed ratios: > 1 means
 * memshare is faster.  Before measuring, most free memory is touched once
 * (under QEMU the first use of guest memory also costs the host).
 *
 * Every measurement also checks the data: a buffer must be zero-filled when
 * fresh, and the kernel's view of it (pread, ms_kcrc32c) must match what
 * user space stored.  A mismatch is reported and the program exits 1.
 *
 * Output: a table on stdout (JSON with --json, both with --json-block),
 * progress on stderr.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/uio.h>
#include <sys/utsname.h>

#include <liburing.h>
#include <linux/memshare.h>
#include <memshare.h>

#include "bench.h"

/* ---- options ------------------------------------------------------------- */

static struct {
	uint64_t touch_size;	/* row 1, vmalloc */
	uint64_t stream_size;	/* row 2, vmalloc */
	uint64_t rw_size;	/* row 3, vmalloc */
	uint64_t contig_size;	/* rows 1-3, contig */
	uint64_t chunk;		/* row 3 */
	int touch_reps;
	int reps;
	bool json;
	bool warmup;
	bool verbose;
	uint64_t align;		/* streaming buffers' address alignment, 0: none */
	bool json_block;	/* table, then JSON between marker lines */
	bool do_vmalloc, do_contig;
	bool do_touch, do_stream, do_rw, do_pin;
	uint64_t pin_sizes[8];	/* row 4 */
	int nr_pin_sizes;
	unsigned int pin_kinds;	/* 1 << enum pin_kind */
	int pin_reps;
	uint64_t pin_copy_size;	/* row 5, 0: not run */
	bool do_xlate;		/* row 6 */
	uint64_t xlate_size;	/* dense region */
	uint64_t xlate_addrs;	/* sparse addresses */
	uint64_t xlate_cap;	/* extents per range call */
	uint64_t pagemap_block;	/* bytes of pagemap entries per pread */
	int xlate_reps;
} opt = {
	.touch_size = 1ULL << 30,
	.stream_size = 256ULL << 20,
	.rw_size = 256ULL << 20,
	.contig_size = 64ULL << 20,
	.chunk = 1ULL << 20,
	.touch_reps = 5,
	.reps = 11,
	.warmup = true,
	.align = 1ULL << 30,
	.do_vmalloc = true, .do_contig = true,
	.do_touch = true, .do_stream = true, .do_rw = true, .do_pin = true,
	.pin_sizes = { 32ULL << 20, 256ULL << 20, 1ULL << 30 },
	.nr_pin_sizes = 3,
	.pin_kinds = 7,
	.pin_reps = 7,
	.pin_copy_size = 256ULL << 20,
	.do_xlate = true,
	.xlate_size = 1ULL << 30,
	.xlate_addrs = 100000,
	.xlate_cap = 4096,
	.pagemap_block = 2ULL << 20,
	.xlate_reps = 7,
};

/* ---- results ------------------------------------------------------------- */

enum { MET_NONE = -1, MET_NO = 0, MET_YES = 1 };

struct row {
	char backend[12];
	char id[40];		/* stable key, e.g. touch.eager_vs_lazy */
	char subject[48];	/* what memshare did */
	char peer[48];		/* what it is compared with */
	const char *unit;	/* ns/page, MB/s */
	bool lower_better;	/* times: ratio = peer / memshare */
	double ms_val, peer_val;
	double ms_spread;	/* (max - min) / stat of the memshare samples */
	double ratio;
	double target;		/* 0: none, informational row */
	int met;
	const char *stat;	/* median, best */
	int n;
	uint64_t size;		/* bytes per run */
};

#define MAX_ROWS 128
static struct row rows[MAX_ROWS];
static int nrows;

struct skip {
	char backend[12];
	char what[24];
	char reason[160];
};
static struct skip skips[40];
static int nskips;

static int data_errors;

static void add_row(const char *backend, const char *id, const char *subject,
		    const char *peer, const char *unit, bool lower_better,
		    const double *ms, const double *pv, int n, bool median,
		    double target, uint64_t size)
{
	struct row *r;

	if (nrows >= MAX_ROWS)
		bench_die("too many rows");
	r = &rows[nrows++];
	snprintf(r->backend, sizeof(r->backend), "%s", backend);
	snprintf(r->id, sizeof(r->id), "%s", id);
	snprintf(r->subject, sizeof(r->subject), "%s", subject);
	snprintf(r->peer, sizeof(r->peer), "%s", peer);
	r->unit = unit;
	r->lower_better = lower_better;
	r->stat = median ? "median" : "best";
	r->n = n;
	r->size = size;
	if (median) {
		r->ms_val = bench_median(ms, n);
		r->peer_val = bench_median(pv, n);
	} else if (lower_better) {
		r->ms_val = bench_min(ms, n);
		r->peer_val = bench_min(pv, n);
	} else {
		r->ms_val = bench_max(ms, n);
		r->peer_val = bench_max(pv, n);
	}
	r->ms_spread = r->ms_val > 0 ?
		(bench_max(ms, n) - bench_min(ms, n)) / r->ms_val : 0;
	if (lower_better)
		r->ratio = r->ms_val > 0 ? r->peer_val / r->ms_val : 0;
	else
		r->ratio = r->peer_val > 0 ? r->ms_val / r->peer_val : 0;
	r->target = target;
	r->met = target > 0 ? (r->ratio >= target ? MET_YES : MET_NO) : MET_NONE;
}

__attribute__((format(printf, 3, 4)))
static void add_skip(const char *backend, const char *what, const char *fmt, ...)
{
	struct skip *s;
	va_list ap;

	if (nskips >= (int)(sizeof(skips) / sizeof(skips[0])))
		return;
	s = &skips[nskips++];
	snprintf(s->backend, sizeof(s->backend), "%s", backend);
	snprintf(s->what, sizeof(s->what), "%s", what);
	va_start(ap, fmt);
	vsnprintf(s->reason, sizeof(s->reason), fmt, ap);
	va_end(ap);
	fprintf(stderr, "memshare-bench: skipping %s %s: %s\n", backend, what, s->reason);
}

__attribute__((format(printf, 1, 2)))
static void data_error(const char *fmt, ...)
{
	va_list ap;

	data_errors++;
	fputs("memshare-bench: DATA ERROR: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* ---- memory helpers ------------------------------------------------------- */

static const char *backend_name(uint32_t b)
{
	return b == MEMSHARE_BACKEND_CONTIG ? "contig" : "vmalloc";
}

static const char *size_str(uint64_t n)
{
	static char bufs[4][24];
	static int i;
	char *b = bufs[i++ & 3];

	if (n >= (1ULL << 30) && !(n % (1ULL << 30)))
		snprintf(b, sizeof(bufs[0]), "%" PRIu64 " GiB", n >> 30);
	else if (n >= (1ULL << 20) && !(n % (1ULL << 20)))
		snprintf(b, sizeof(bufs[0]), "%" PRIu64 " MiB", n >> 20);
	else
		snprintf(b, sizeof(bufs[0]), "%" PRIu64 " KiB", n >> 10);
	return b;
}

/*
 * Anonymous private memory, not populated.  The peer is kept on 4 KiB pages
 * (MADV_NOHUGEPAGE), as memshare maps 4 KiB pages, unless @thp: then the
 * system's THP setting applies (the first-touch rows show both).
 */
static void *anon_map_thp(uint64_t size, bool thp)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
#ifdef MADV_NOHUGEPAGE
	if (!thp)
		madvise(p, size, MADV_NOHUGEPAGE);	/* EINVAL without THP: fine */
#endif
	return p;
}

static void *anon_map(uint64_t size)
{
	return anon_map_thp(size, false);
}

/*
 * Map @size bytes at an address aligned to opt.align: anonymous memory if
 * @fd < 0 (on 4 KiB pages, as anon_map()), else the buffer @fd (MAP_SHARED,
 * as ms_map() does, but at a chosen address).  Returns NULL and sets errno.
 *
 * Why: QEMU TCG's soft TLB is direct-mapped, indexed by virtual page number
 * and resized at run time, so buffers at arbitrary addresses may alias in it
 * differently.  At the same alignment all buffers alias the same way: one
 * variable fewer between subject and peer (a precaution; placement effects
 * remain, see docs/performance.md).
 */
static void *map_aligned(uint64_t size, int fd)
{
	uint64_t al = opt.align;
	char *res, *p, *end;
	uintptr_t a;

	if (!al && fd < 0)
		return anon_map(size);
	if (!al) {
		p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		return p == MAP_FAILED ? NULL : p;
	}
	res = mmap(NULL, size + al, PROT_NONE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (res == MAP_FAILED)
		return NULL;
	a = ((uintptr_t)res + al - 1) & ~(uintptr_t)(al - 1);
	p = mmap((void *)a, size, PROT_READ | PROT_WRITE,
		 fd < 0 ? MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED : MAP_SHARED | MAP_FIXED,
		 fd, 0);
	if (p == MAP_FAILED) {
		int e = errno;

		munmap(res, size + al);
		errno = e;
		return NULL;
	}
	/* Give back the rest of the reservation. */
	if (p > res)
		munmap(res, (size_t)(p - res));
	end = res + size + al;
	if (p + size < end)
		munmap(p + size, (size_t)(end - (p + size)));
#ifdef MADV_NOHUGEPAGE
	if (fd < 0)
		madvise(p, size, MADV_NOHUGEPAGE);
#endif
	return p;
}

/* A buffer fd, or -errno. */
static int buf_create(int ctl, uint64_t size, uint32_t backend, uint32_t policy)
{
	MS_OPTS(ms_create_opts, o, .backend = backend, .policy = policy);

	return ms_create(ctl, size, &o);
}

/* One store per page.  noinline: the same code for every subject. */
__attribute__((noinline))
static void touch_pages(void *p, uint64_t size)
{
	volatile unsigned char *c = p;

	for (uint64_t off = 0; off < size; off += BENCH_PAGE)
		c[off] = 1;
}

__attribute__((noinline))
static uint64_t sum_words(const void *p, uint64_t size)
{
	const uint64_t *w = p;
	uint64_t n = size / 8, s0 = 0, s1 = 0, s2 = 0, s3 = 0;

	for (uint64_t i = 0; i + 4 <= n; i += 4) {
		s0 += w[i];
		s1 += w[i + 1];
		s2 += w[i + 2];
		s3 += w[i + 3];
	}
	return s0 + s1 + s2 + s3;
}

__attribute__((noinline))
static void store_words(void *p, uint64_t size, uint64_t v)
{
	uint64_t *w = p;
	uint64_t n = size / 8;

	for (uint64_t i = 0; i + 4 <= n; i += 4) {
		w[i] = v;
		w[i + 1] = v;
		w[i + 2] = v;
		w[i + 3] = v;
	}
}

__attribute__((noinline))
static void memset_buf(void *p, uint64_t size, int c)
{
	memset(p, c, size);
}

static volatile uint64_t sink;

/*
 * After touch_pages(): the kernel's view (pread) of a few pages must be one
 * 1 followed by zeros (a fresh buffer is zero-filled).
 */
static void check_touched(int fd, uint64_t size, const char *what)
{
	static unsigned char page[BENCH_PAGE];
	uint64_t offs[] = { 0, (size / 2) & ~(BENCH_PAGE - 1), size - BENCH_PAGE };

	for (unsigned i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
		ssize_t n = pread(fd, page, BENCH_PAGE, (off_t)offs[i]);

		if (n != (ssize_t)BENCH_PAGE) {
			data_error("%s: pread of page at %" PRIu64 " returned %zd (%s)",
				   what, offs[i], n, n < 0 ? strerror(errno) : "short");
			return;
		}
		if (page[0] != 1) {
			data_error("%s: byte at offset %" PRIu64 " is %u after a store of 1 "
				   "through the mapping", what, offs[i], page[0]);
			return;
		}
		for (unsigned j = 1; j < BENCH_PAGE; j++)
			if (page[j]) {
				data_error("%s: fresh buffer not zero-filled: byte %" PRIu64
					   " is 0x%02x", what, offs[i] + j, page[j]);
				return;
			}
	}
}

/* The kernel's CRC-32C of the whole buffer must match the user-space copy. */
static void check_crc(int fd, const void *expect, uint64_t size, const char *what)
{
	uint32_t kcrc = 0, ucrc = ms_crc32c(expect, size);
	int err = ms_kcrc32c(fd, 0, size, &kcrc);

	if (err < 0)
		data_error("%s: ms_kcrc32c failed: %s", what, strerror(-err));
	else if (kcrc != ucrc)
		data_error("%s: kernel crc32c 0x%08x, user space expects 0x%08x",
			   what, kcrc, ucrc);
}

/* ---- row 1: first touch ----------------------------------------------------- */

struct touch_res {
	double create, map, touch;	/* ns for the whole size */
};

static int touch_anon(uint64_t size, bool thp, struct touch_res *r)
{
	uint64_t t0, t1, t2;
	void *p;

	t0 = bench_now_ns();
	p = anon_map_thp(size, thp);
	t1 = bench_now_ns();
	if (!p)
		return -errno;
	touch_pages(p, size);
	t2 = bench_now_ns();
	r->create = 0;
	r->map = (double)(t1 - t0);
	r->touch = (double)(t2 - t1);
	munmap(p, size);
	return 0;
}

static int touch_ms(int ctl, uint64_t size, uint32_t backend, uint32_t policy,
		    struct touch_res *r)
{
	uint64_t t0, t1, t2, t3;
	char what[64];
	void *p;
	int fd, err;

	t0 = bench_now_ns();
	fd = buf_create(ctl, size, backend, policy);
	t1 = bench_now_ns();
	if (fd < 0)
		return fd;
	err = ms_map(fd, 0, size, PROT_READ | PROT_WRITE, &p);
	t2 = bench_now_ns();
	if (err < 0) {
		close(fd);
		return err;
	}
	touch_pages(p, size);
	t3 = bench_now_ns();
	r->create = (double)(t1 - t0);
	r->map = (double)(t2 - t1);
	r->touch = (double)(t3 - t2);
	snprintf(what, sizeof(what), "first touch %s %s",
		 backend_name(backend), policy == MEMSHARE_MAP_EAGER ? "eager" : "lazy");
	check_touched(fd, size, what);
	ms_unmap(p, size);
	close(fd);
	return 0;
}

/* True if a plain anonymous mmap() gets transparent huge pages. */
static bool thp_always(void);

static void bench_touch(int ctl, uint32_t backend, uint64_t size)
{
	const char *bn = backend_name(backend);
	const bool thp = thp_always();
	const int nsubj = thp ? 4 : 3;
	int n = opt.touch_reps;
	double a_touch[n], a_total[n], h_touch[n], h_total[n];
	double l_touch[n], l_total[n], l_all[n];
	double e_touch[n], e_total[n], e_all[n], e_map[n];
	double pages = (double)(size / BENCH_PAGE);
	char s[48], p[48];

	bench_log("%s: first touch, %s, %d runs (median)", bn, size_str(size), n);
	for (int i = 0; i < n; i++) {
		struct touch_res ra = { 0 }, rh = { 0 }, rl = { 0 }, re = { 0 };
		int err = 0;

		/* Rotate the order: anon, lazy, eager[, THP] / lazy, eager, ... */
		for (int k = 0; k < nsubj && !err; k++) {
			switch ((i + k) % nsubj) {
			case 0:
				err = touch_anon(size, false, &ra);
				if (err)
					bench_die("anonymous mmap of %s: %s", size_str(size),
						  strerror(-err));
				break;
			case 1:
				err = touch_ms(ctl, size, backend, MEMSHARE_MAP_LAZY, &rl);
				break;
			case 2:
				err = touch_ms(ctl, size, backend, MEMSHARE_MAP_EAGER, &re);
				break;
			case 3:
				err = touch_anon(size, true, &rh);
				if (err)
					bench_die("anonymous mmap of %s: %s", size_str(size),
						  strerror(-err));
				break;
			}
		}
		if (err) {
			add_skip(bn, "first touch", "%s buffer: %s%s", size_str(size),
				 strerror(-err), err == -ENOMEM ?
				 " (out of memory or over max_total_size)" : "");
			return;
		}
		a_touch[i] = ra.touch / pages;
		a_total[i] = (ra.map + ra.touch) / pages;
		h_touch[i] = rh.touch / pages;
		h_total[i] = (rh.map + rh.touch) / pages;
		l_touch[i] = rl.touch / pages;
		l_total[i] = (rl.map + rl.touch) / pages;
		l_all[i] = (rl.create + rl.map + rl.touch) / pages;
		e_touch[i] = re.touch / pages;
		e_map[i] = re.map / pages;
		e_total[i] = (re.map + re.touch) / pages;
		e_all[i] = (re.create + re.map + re.touch) / pages;
		bench_log("  run %d: ns/page anon touch %.0f%s%.0f, lazy touch %.0f, "
			  "eager mmap %.0f + touch %.0f; create lazy %.0f eager %.0f",
			  i + 1, a_touch[i], thp ? ", anon THP touch " : "",
			  thp ? h_touch[i] : 0.0, l_touch[i], e_map[i], e_touch[i],
			  rl.create / pages, re.create / pages);
	}

	const char *sz = size_str(size);
	snprintf(s, sizeof(s), "lazy %s: touch", sz);
	snprintf(p, sizeof(p), "anon %s: touch", sz);
	add_row(bn, "touch.lazy_vs_anon", s, p, "ns/page", true, l_touch, a_touch,
		n, true, 0, size);
	snprintf(s, sizeof(s), "eager %s: touch after mmap", sz);
	add_row(bn, "touch.eager_vs_anon", s, p, "ns/page", true, e_touch, a_touch,
		n, true, 0, size);
	snprintf(s, sizeof(s), "eager %s: mmap+touch", sz);
	snprintf(p, sizeof(p), "anon %s: mmap+touch", sz);
	add_row(bn, "touch.eager_total_vs_anon", s, p, "ns/page", true, e_total,
		a_total, n, true, 0, size);
	snprintf(s, sizeof(s), "lazy %s: create+mmap+touch", sz);
	add_row(bn, "touch.lazy_all_vs_anon", s, p, "ns/page", true, l_all,
		a_total, n, true, 0, size);
	snprintf(s, sizeof(s), "eager %s: create+mmap+touch", sz);
	add_row(bn, "touch.eager_all_vs_anon", s, p, "ns/page", true, e_all,
		a_total, n, true, 0, size);
	if (thp) {
		snprintf(s, sizeof(s), "lazy %s: touch", sz);
		snprintf(p, sizeof(p), "anon THP %s: touch", sz);
		add_row(bn, "touch.lazy_vs_anon_thp", s, p, "ns/page", true, l_touch,
			h_touch, n, true, 0, size);
		snprintf(s, sizeof(s), "eager %s: mmap+touch", sz);
		snprintf(p, sizeof(p), "anon THP %s: mmap+touch", sz);
		add_row(bn, "touch.eager_total_vs_anon_thp", s, p, "ns/page", true,
			e_total, h_total, n, true, 0, size);
	}
	snprintf(s, sizeof(s), "eager %s: touch after mmap", sz);
	snprintf(p, sizeof(p), "lazy %s: touch", sz);
	/* The brief's target is for 1 GiB; other sizes are informative. */
	add_row(bn, "touch.eager_vs_lazy", s, p, "ns/page", true, e_touch, l_touch,
		n, true, size == (1ULL << 30) ? 5.0 : 0, size);
	snprintf(s, sizeof(s), "eager %s: mmap+touch", sz);
	snprintf(p, sizeof(p), "lazy %s: mmap+touch", sz);
	add_row(bn, "touch.eager_total_vs_lazy", s, p, "ns/page", true, e_total,
		l_total, n, true, 0, size);
}

/* ---- interleaved sampling ----------------------------------------------------- */

/*
 * Run subjects 0..nsubj-1 in turn, rotating the order each round
 * (0 1 2 / 1 2 0 / ...), fn() returning one sample in MB/s (higher is
 * better).  At least opt.reps rounds; then, while some subject's best is
 * not yet confirmed (fewer than 3 samples within 3% of it: a burst of load
 * on the host slows single passes 2x and more), up to 4 * opt.reps rounds.
 * Returns the number of rounds; samples in v[subject][round], or -errno
 * from fn().
 */
#define MAX_SUBJ	3
#define CONFIRM_N	3
#define CONFIRM_TOL	0.03

typedef double (*sample_fn)(void *ctx, int subject, int round, int *err);

static bool best_confirmed(const double *v, int n)
{
	double best = bench_max(v, n);
	int c = 0;

	for (int i = 0; i < n; i++)
		c += v[i] >= best * (1 - CONFIRM_TOL);
	return c >= CONFIRM_N;
}

static int sample_interleaved(int nsubj, sample_fn fn, void *ctx, double **v)
{
	int max = 4 * opt.reps, n;

	for (n = 0; n < max; n++) {
		bool done = n >= opt.reps;

		for (int s = 0; s < nsubj && done; s++)
			done = best_confirmed(v[s], n);
		if (done)
			break;
		for (int k = 0; k < nsubj; k++) {
			int s = (n + k) % nsubj, err = 0;

			v[s][n] = fn(ctx, s, n, &err);
			if (err)
				return err;
		}
	}
	return n;
}

static void log_samples(const char *what, const char *who, const double *v, int n)
{
	char line[2048];
	int len = 0;

	if (!opt.verbose)
		return;
	for (int i = 0; i < n && len < (int)sizeof(line) - 16; i++)
		len += snprintf(line + len, sizeof(line) - (size_t)len, " %.0f", v[i]);
	bench_log("    %s %s:%s", what, who, line);
}

/* ---- row 2: streaming through a mapping ------------------------------------- */

enum stream_op { OP_READ, OP_MEMSET, OP_STORE };

struct stream_ctx {
	enum stream_op op;
	void *bufs[MAX_SUBJ];	/* memshare mapping, anon, anon #2 */
	uint64_t size;
	uint64_t expect_sum;	/* OP_READ: sum of the 0x5a bytes */
	const char *backend;
};

/* MB/s of one pass of the op over one buffer. */
static double stream_sample(void *arg, int subj, int round, int *err)
{
	static const char *const names[] = { "the mapping", "anonymous memory",
					     "anonymous memory #2" };
	struct stream_ctx *c = arg;
	void *p = c->bufs[subj];
	uint64_t t0, t1, sum = 0;

	(void)err;
	t0 = bench_now_ns();
	switch (c->op) {
	case OP_READ:
		sum = sum_words(p, c->size);
		break;
	case OP_MEMSET:
		memset_buf(p, c->size, 0x30 + (round & 0xf));
		break;
	case OP_STORE:
		store_words(p, c->size,
			    0x0101010101010101ULL * (uint64_t)(0x40 + (round & 0xf)));
		break;
	}
	t1 = bench_now_ns();
	if (c->op == OP_READ && sum != c->expect_sum)
		data_error("%s streaming read: sum 0x%" PRIx64 " through %s, want 0x%"
			   PRIx64, c->backend, sum, names[subj], c->expect_sum);
	sink += sum;
	return (double)c->size / (double)(t1 - t0) * 1e3;	/* bytes/ns -> MB/s */
}

static void bench_stream(int ctl, uint32_t backend, uint64_t size)
{
	static const struct {
		enum stream_op op;
		const char *id, *calib_id, *name;
	} ops[] = {
		{ OP_READ, "stream.read", "stream.read.calib", "read (sum of u64)" },
		{ OP_MEMSET, "stream.memset", "stream.memset.calib", "write (memset)" },
		{ OP_STORE, "stream.store", "stream.store.calib", "write (u64 store loop)" },
	};
	const char *bn = backend_name(backend);
	struct stream_ctx c = { .size = size, .backend = bn };
	int fd, nmax = 4 * opt.reps;
	char s[48], p[48];
	void *m;

	bench_log("%s: streaming, %s, best of %d+", bn, size_str(size), opt.reps);
	/* Eager: populated at mmap; policy does not matter once faulted. */
	fd = buf_create(ctl, size, backend, MEMSHARE_MAP_EAGER);
	if (fd < 0) {
		add_skip(bn, "streaming", "%s buffer: %s", size_str(size), strerror(-fd));
		return;
	}
	m = map_aligned(size, fd);
	if (!m) {
		add_skip(bn, "streaming", "mmap of %s: %s", size_str(size), strerror(errno));
		close(fd);
		return;
	}
	/* The peer, and a second anonymous buffer: the A/A calibration. */
	c.bufs[0] = m;
	c.bufs[1] = map_aligned(size, -1);
	c.bufs[2] = map_aligned(size, -1);
	if (!c.bufs[1] || !c.bufs[2])
		bench_die("anonymous mmap of %s: %s", size_str(size), strerror(errno));
	/* Pre-fault all, same contents. */
	for (int i = 0; i < MAX_SUBJ; i++)
		memset(c.bufs[i], 0x5a, size);
	c.expect_sum = 0x5a5a5a5a5a5a5a5aULL * (size / 8);

	for (unsigned o = 0; o < sizeof(ops) / sizeof(ops[0]); o++) {
		double mv[nmax], av[nmax], cv[nmax];

		memset(mv, 0, sizeof(mv));	/* filled through v[] below */
		memset(av, 0, sizeof(av));
		memset(cv, 0, sizeof(cv));
		double *v[MAX_SUBJ] = { mv, av, cv };
		int n;

		c.op = ops[o].op;
		n = sample_interleaved(MAX_SUBJ, stream_sample, &c, v);
		bench_log("  %s: memshare %.0f MB/s, anon %.0f MB/s, anon #2 %.0f MB/s "
			  "(best of %d)", ops[o].name, bench_max(mv, n), bench_max(av, n),
			  bench_max(cv, n), n);
		log_samples(ops[o].name, "memshare", mv, n);
		log_samples(ops[o].name, "anon", av, n);
		log_samples(ops[o].name, "anon #2", cv, n);
		snprintf(s, sizeof(s), "mapped %s: %s", size_str(size), ops[o].name);
		snprintf(p, sizeof(p), "anon %s: %s", size_str(size), ops[o].name);
		add_row(bn, ops[o].id, s, p, "MB/s", false, mv, av, n, false, 0.97, size);
		snprintf(s, sizeof(s), "[A/A] anon#2 %s: %s", size_str(size), ops[o].name);
		add_row(bn, ops[o].calib_id, s, p, "MB/s", false, cv, av, n, false, 0, size);
	}
	/* All were last written with the same pattern: the kernel must agree. */
	{
		char what[48];

		snprintf(what, sizeof(what), "%s streaming", bn);
		if (memcmp(m, c.bufs[1], size))
			data_error("%s: mapping and anonymous copy differ", what);
		check_crc(fd, c.bufs[1], size, what);
	}
	munmap(c.bufs[1], size);
	munmap(c.bufs[2], size);
	ms_unmap(m, size);
	close(fd);
}

/* ---- row 3: read()/write() on the buffer fd --------------------------------- */

/* pwrite (dir 0) or pread (dir 1) the whole buffer in chunks; ns. */
static double rw_once(int fd, void *user, uint64_t size, int dir, int *err)
{
	uint64_t t0 = bench_now_ns();

	for (uint64_t off = 0; off < size; off += opt.chunk) {
		size_t len = (size_t)(size - off < opt.chunk ? size - off : opt.chunk);
		ssize_t r = dir ? pread(fd, (char *)user + off, len, (off_t)off)
				: pwrite(fd, (char *)user + off, len, (off_t)off);

		if (r != (ssize_t)len) {
			*err = r < 0 ? -errno : -EIO;
			break;
		}
	}
	return (double)(bench_now_ns() - t0);
}

/* The peer: memcpy() in the same chunks; ns. */
static double memcpy_once(void *dst, const void *src, uint64_t size)
{
	uint64_t t0 = bench_now_ns();

	for (uint64_t off = 0; off < size; off += opt.chunk) {
		size_t len = (size_t)(size - off < opt.chunk ? size - off : opt.chunk);

		memcpy((char *)dst + off, (const char *)src + off, len);
	}
	return (double)(bench_now_ns() - t0);
}

struct rw_ctx {
	int fd, dir;
	int memfd;	/* a second, informative peer: the same on a memfd */
	void *src, *dst;
	uint64_t size;
};

static double rw_sample(void *arg, int subj, int round, int *err)
{
	struct rw_ctx *c = arg;
	double t;

	(void)round;
	if (subj == 0)	/* pwrite from src, or pread into dst */
		t = rw_once(c->fd, c->dir ? c->dst : c->src, c->size, c->dir, err);
	else if (subj == 1)
		t = memcpy_once(c->dst, c->src, c->size);
	else
		t = rw_once(c->memfd, c->dir ? c->dst : c->src, c->size, c->dir, err);
	return (double)c->size / t * 1e3;
}

static void bench_rw(int ctl, uint32_t backend, uint64_t size)
{
	const char *bn = backend_name(backend);
	struct rw_ctx c = { .size = size };
	int nmax = 4 * opt.reps, err = 0;
	char s[48], p[48], ch[16];

	bench_log("%s: pread/pwrite, %s in %s chunks, best of %d+", bn,
		  size_str(size), size_str(opt.chunk), opt.reps);
	c.fd = buf_create(ctl, size, backend, MEMSHARE_MAP_LAZY);
	if (c.fd < 0) {
		add_skip(bn, "read/write", "%s buffer: %s", size_str(size), strerror(-c.fd));
		return;
	}
	c.src = anon_map(size);
	c.dst = anon_map(size);
	if (!c.src || !c.dst)
		bench_die("anonymous mmap of %s: %s", size_str(size), strerror(errno));
	/*
	 * The memfd peer (shmem, the usual way to share memory between
	 * processes): kernel copies both, so it tells how much of the
	 * difference to memcpy is "copy in the kernel" rather than memshare.
	 * Populated first, so that its pages exist as memshare's do.
	 */
	c.memfd = memfd_create("memshare-bench", MFD_CLOEXEC);
	if (c.memfd < 0 || ftruncate(c.memfd, (off_t)size))
		bench_die("memfd of %s: %s", size_str(size), strerror(errno));
	/* Pre-fault; src gets a non-trivial pattern. */
	for (uint64_t i = 0; i < size / 8; i++)
		((uint64_t *)c.src)[i] = i * 0x9e3779b97f4a7c15ULL;
	memset(c.dst, 0, size);
	rw_once(c.memfd, c.src, size, 0, &err);
	if (err)
		bench_die("memfd pwrite: %s", strerror(-err));
	snprintf(ch, sizeof(ch), "%s", size_str(opt.chunk));

	for (c.dir = 0; c.dir < 2; c.dir++) {
		const char *name = c.dir ? "pread" : "pwrite";
		double mv[nmax], av[nmax], rv[nmax];

		memset(mv, 0, sizeof(mv));	/* filled through v[] below */
		memset(av, 0, sizeof(av));
		memset(rv, 0, sizeof(rv));
		double *v[3] = { mv, av, rv };
		int n = sample_interleaved(3, rw_sample, &c, v);

		if (n < 0) {
			err = n;
			add_skip(bn, "read/write", "%s: %s", name, strerror(-err));
			break;
		}
		bench_log("  %s: memshare %.0f MB/s, memcpy %.0f MB/s, memfd %.0f MB/s "
			  "(best of %d)", name, bench_max(mv, n), bench_max(av, n),
			  bench_max(rv, n), n);
		log_samples(name, "memshare", mv, n);
		log_samples(name, "memcpy", av, n);
		log_samples(name, "memfd", rv, n);
		if (c.dir)
			snprintf(s, sizeof(s), "pread %s fd->user, %s", size_str(size), ch);
		else
			snprintf(s, sizeof(s), "pwrite %s user->fd, %s", size_str(size), ch);
		snprintf(p, sizeof(p), "memcpy %s anon->anon, %s", size_str(size), ch);
		add_row(bn, c.dir ? "rw.pread" : "rw.pwrite", s, p, "MB/s", false, mv, av,
			n, false, 0.9, size);
		snprintf(p, sizeof(p), "%s memfd %s, %s", name, size_str(size), ch);
		add_row(bn, c.dir ? "rw.pread.vs_memfd" : "rw.pwrite.vs_memfd", s, p,
			"MB/s", false, mv, rv, n, false, 0, size);
	}
	if (!err) {
		char what[48];

		snprintf(what, sizeof(what), "%s pread/pwrite", bn);
		memset(c.dst, 0, size);
		rw_once(c.fd, c.dst, size, 1, &err);
		if (err || memcmp(c.dst, c.src, size))
			data_error("%s: pread does not return what pwrite stored (%s)",
				   what, err ? strerror(-err) : "contents differ");
		check_crc(c.fd, c.src, size, what);
	}
	munmap(c.src, size);
	munmap(c.dst, size);
	close(c.memfd);
	close(c.fd);
}

/* ---- environment ---------------------------------------------------------------- */

static struct {
	char release[65];
	char cpu[128];
	long ncpu;
	uint64_t mem_kb;
	char clocksource[32];
	char thp[64];
	char module[16];
	char lib[16];
	uint64_t max_buffer, max_total, max_contig, max_pin;
	uint64_t features;
	char abi[16];
	uint64_t memlock;	/* RLIMIT_MEMLOCK during the pin rows */
} env;

static void read_line(const char *path, char *buf, size_t len, const char *dflt)
{
	FILE *f = fopen(path, "r");

	snprintf(buf, len, "%s", dflt);
	if (!f)
		return;
	if (fgets(buf, (int)len, f))
		buf[strcspn(buf, "\n")] = 0;
	fclose(f);
}

static void get_env(int ctl)
{
	struct memshare_version v;
	struct utsname u;
	char line[256];
	FILE *f;

	if (!uname(&u))
		snprintf(env.release, sizeof(env.release), "%s", u.release);
	snprintf(env.cpu, sizeof(env.cpu), "?");
	f = fopen("/proc/cpuinfo", "r");
	if (f) {
		while (fgets(line, sizeof(line), f)) {
			char *c = strchr(line, ':');

			if (!strncmp(line, "model name", 10) && c) {
				c++;
				c += strspn(c, " \t");
				c[strcspn(c, "\n")] = 0;
				snprintf(env.cpu, sizeof(env.cpu), "%s", c);
				break;
			}
		}
		fclose(f);
	}
	env.ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	f = fopen("/proc/meminfo", "r");
	if (f) {
		while (fgets(line, sizeof(line), f))
			if (sscanf(line, "MemTotal: %" SCNu64, &env.mem_kb) == 1)
				break;
		fclose(f);
	}
	read_line("/sys/devices/system/clocksource/clocksource0/current_clocksource",
		  env.clocksource, sizeof(env.clocksource), "?");
	read_line("/sys/kernel/mm/transparent_hugepage/enabled", env.thp,
		  sizeof(env.thp), "not built in");
	snprintf(env.lib, sizeof(env.lib), "%s", ms_lib_version());
	if (!ms_version(ctl, &v)) {
		snprintf(env.module, sizeof(env.module), "%.15s", v.module_version);
		env.max_buffer = v.max_buffer_bytes;
		env.max_total = v.max_total_bytes;
		env.max_contig = v.max_contig_bytes;
		env.max_pin = v.max_pin_bytes;
		env.features = v.features;
		snprintf(env.abi, sizeof(env.abi), "%u.%u", v.abi_major, v.abi_minor);
	}
}

static bool thp_always(void)
{
	return strstr(env.thp, "[always]") != NULL;
}

/*
 * Touch most of the guest's free memory once, then free it.  Under QEMU the
 * first use of a guest-physical page also faults in the host's backing
 * memory; without this the first measurements would pay for it and later
 * ones not.  The kernel then reuses these (now host-resident) pages.
 */
static void warm_up(void)
{
	char line[256];
	uint64_t avail_kb = 0, size;
	uint64_t t0 = bench_now_ns();
	FILE *f = fopen("/proc/meminfo", "r");
	void *p;

	if (f) {
		while (fgets(line, sizeof(line), f))
			if (sscanf(line, "MemAvailable: %" SCNu64, &avail_kb) == 1)
				break;
		fclose(f);
	}
	if (avail_kb < (256ULL << 10))
		return;
	size = ((avail_kb << 10) - (192ULL << 20)) & ~(BENCH_MIB - 1);
	p = anon_map(size);
	if (!p)
		return;
	touch_pages(p, size);
	munmap(p, size);
	bench_log("warm-up: touched and freed %s of anonymous memory in %.1f s",
		  size_str(size), (double)(bench_now_ns() - t0) / 1e9);
}

/* ---- row 4: pinning user memory ------------------------------------------------ */

/*
 * Pin + unpin (MEMSHARE_IOC_PIN, write + long-term, then close()) against
 * io_uring fixed-buffer registration + unregistration of the same memory
 * (also a FOLL_WRITE | FOLL_LONGTERM pin) and mlock() + munlock(), for
 * memory on 4 KiB pages (MADV_NOHUGEPAGE), transparent huge pages
 * (MADV_HUGEPAGE, checked in /proc/self/smaps) and hugetlb pages (reserved
 * through /proc/sys/vm/nr_hugepages).  Each round runs the three in turn,
 * rotating the order; a row is the median of --pin-reps rounds, in ms per
 * GiB.  Then the kernel's copy from pinned pages to a buffer (and back)
 * against memcpy() in user space between the same memory.
 */
enum pin_kind { PK_4K, PK_THP, PK_HUGETLB, PK_NR };

/* "32M", "1G": a size in a row id */
static const char *size_key(uint64_t n)
{
	static char bufs[4][24];
	static int i;
	char *b = bufs[i++ & 3];

	if (n >= (1ULL << 30) && !(n % (1ULL << 30)))
		snprintf(b, sizeof(bufs[0]), "%" PRIu64 "G", n >> 30);
	else if (n >= (1ULL << 20) && !(n % (1ULL << 20)))
		snprintf(b, sizeof(bufs[0]), "%" PRIu64 "M", n >> 20);
	else
		snprintf(b, sizeof(bufs[0]), "%" PRIu64 "K", n >> 10);
	return b;
}

static const char *const pin_kind_name[PK_NR] = { "4K", "THP", "hugetlb" };
static const char *const pin_kind_backend[PK_NR] = { "pin-4K", "pin-THP",
						     "pin-huge" };

static struct io_uring pin_ring;
static bool pin_ring_ok;
static char pin_ring_err[96];

/*
 * Bytes of AnonHugePages (THP) in the VMA that holds @p, or -1.  (The VMA
 * may have merged with a neighbour: then it counts more than the range.)
 */
static int64_t smaps_anon_huge(const void *p)
{
	unsigned long start, end;
	unsigned long long kb;
	int64_t ret = -1;
	bool in = false;
	char line[256];
	FILE *f = fopen("/proc/self/smaps", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx ", &start, &end) == 2)
			in = start <= (unsigned long)(uintptr_t)p &&
			     (unsigned long)(uintptr_t)p < end;
		else if (in && sscanf(line, "AnonHugePages: %llu kB", &kb) == 1) {
			ret = (int64_t)kb << 10;
			break;
		}
	}
	fclose(f);
	return ret;
}

static uint64_t meminfo_kb(const char *key)
{
	char line[256];
	uint64_t v = 0;
	size_t kl = strlen(key);
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, kl) && line[kl] == ':') {
			sscanf(line + kl + 1, "%" SCNu64, &v);
			break;
		}
	fclose(f);
	return v;
}

static long read_long(const char *path)
{
	char buf[32];

	read_line(path, buf, sizeof(buf), "-1");
	return strtol(buf, NULL, 10);
}

static int write_long(const char *path, long v)
{
	FILE *f = fopen(path, "w");
	int err = 0;

	if (!f)
		return -errno;
	if (fprintf(f, "%ld\n", v) < 0)
		err = -EIO;
	if (fclose(f) && !err)
		err = -errno;
	return err;
}

/*
 * Memory of @kind for the pin rows, populated with a pattern; NULL with a
 * reason in @why.
 */
static void *pin_mem(enum pin_kind kind, uint64_t size, char *why, size_t wlen)
{
	int flags = MAP_PRIVATE | MAP_ANONYMOUS;
	void *p;

	if (kind == PK_HUGETLB) {
		flags |= MAP_HUGETLB;	/* aligned to the huge page size */
		p = mmap(NULL, size, PROT_READ | PROT_WRITE, flags, -1, 0);
	} else {
		/* 2 MiB-aligned, so that THP can back all of it */
		const uint64_t al = 2 * BENCH_MIB;
		char *res = mmap(NULL, size + al, PROT_READ | PROT_WRITE, flags, -1, 0);

		p = res;
		if (res != MAP_FAILED) {
			char *a = (char *)(((uintptr_t)res + al - 1) & ~(uintptr_t)(al - 1));

			if (a > res)
				munmap(res, (size_t)(a - res));
			munmap(a + size, (size_t)(res + al - a));
			p = a;
		}
	}
	if (p == MAP_FAILED) {
		snprintf(why, wlen, "mmap of %s%s: %s", size_str(size),
			 kind == PK_HUGETLB ? " MAP_HUGETLB" : "", strerror(errno));
		return NULL;
	}
	if (kind == PK_4K)
		madvise(p, size, MADV_NOHUGEPAGE);
	else if (kind == PK_THP && madvise(p, size, MADV_HUGEPAGE)) {
		snprintf(why, wlen, "MADV_HUGEPAGE: %s (no THP in this kernel?)",
			 strerror(errno));
		munmap(p, size);
		return NULL;
	}
	for (uint64_t i = 0; i < size / 8; i++)
		((uint64_t *)p)[i] = i * 0x9e3779b97f4a7c15ULL;
	if (kind != PK_HUGETLB) {
		int64_t huge = smaps_anon_huge(p);

		if (huge < 0) {
			snprintf(why, wlen, "cannot read AnonHugePages in /proc/self/smaps");
			munmap(p, size);
			return NULL;
		}
		if (kind == PK_THP && (uint64_t)huge < size) {
			snprintf(why, wlen, "only %" PRId64 " MiB of %s got transparent huge "
				 "pages (AnonHugePages)", huge >> 20, size_str(size));
			munmap(p, size);
			return NULL;
		}
		if (kind == PK_4K && huge) {
			snprintf(why, wlen, "%" PRId64 " MiB got huge pages despite "
				 "MADV_NOHUGEPAGE", huge >> 20);
			munmap(p, size);
			return NULL;
		}
	}
	return p;
}

struct pin_sample {
	double pin, unpin;	/* ns */
};

/* Subject 0: MEMSHARE_IOC_PIN + close(); 1: io_uring; 2: mlock. */
static int pin_round_one(int ctl, int subj, void *p, uint64_t size,
			 struct pin_sample *s)
{
	uint64_t t0, t1, t2;
	int fd, err = 0;

	switch (subj) {
	case 0: {
		MS_OPTS(ms_pin_opts, o, .write = 1, .longterm = 1);

		t0 = bench_now_ns();
		fd = ms_pin(ctl, p, size, &o);
		t1 = bench_now_ns();
		if (fd < 0)
			return fd;
		close(fd);
		t2 = bench_now_ns();
		break;
	}
	case 1: {
		struct iovec iov = { .iov_base = p, .iov_len = size };

		t0 = bench_now_ns();
		err = io_uring_register_buffers(&pin_ring, &iov, 1);
		t1 = bench_now_ns();
		if (err)
			return err;
		err = io_uring_unregister_buffers(&pin_ring);
		t2 = bench_now_ns();
		break;
	}
	default:
		t0 = bench_now_ns();
		if (mlock(p, size))
			return -errno;
		t1 = bench_now_ns();
		if (munlock(p, size))
			err = -errno;
		t2 = bench_now_ns();
		break;
	}
	s->pin = (double)(t1 - t0);
	s->unpin = (double)(t2 - t1);
	return err;
}

/* Not timed: the pin is what it should be, and the kernel reads the data. */
static void pin_check(int ctl, void *p, uint64_t size, const char *what)
{
	MS_OPTS(ms_pin_opts, o, .write = 1, .longterm = 1);
	struct memshare_pin_info pi;
	struct memshare_version v0, v1;
	uint64_t offs[3] = { 0, (size / 2) & ~(BENCH_MIB - 1), size - BENCH_MIB };
	int fd, err;

	if (ms_version(ctl, &v0))
		memset(&v0, 0, sizeof(v0));
	fd = ms_pin(ctl, p, size, &o);
	if (fd < 0) {
		data_error("%s: pin failed in the check: %s", what, strerror(-fd));
		return;
	}
	err = ms_pin_info(fd, &pi);
	if (err || pi.nr_pages != size / BENCH_PAGE || pi.length != size ||
	    pi.addr != (uintptr_t)p)
		data_error("%s: pin info: %s, %" PRIu64 " pages, length %" PRIu64,
			   what, err ? strerror(-err) : "ok", (uint64_t)pi.nr_pages,
			   (uint64_t)pi.length);
	for (int i = 0; i < 3; i++) {
		uint32_t kcrc = 0;
		uint32_t ucrc = ms_crc32c((char *)p + offs[i], BENCH_MIB);

		err = ms_pin_kcrc32c(fd, offs[i], BENCH_MIB, &kcrc);
		if (err || kcrc != ucrc)
			data_error("%s: kernel CRC-32C of the pinned MiB at %" PRIu64
				   ": %s 0x%08x, user space 0x%08x", what, offs[i],
				   err ? strerror(-err) : "ok", kcrc, ucrc);
	}
	close(fd);
	if (!ms_version(ctl, &v1) && v1.pinned_pages != v0.pinned_pages)
		data_error("%s: pinned_pages %" PRIu64 " after close, %" PRIu64
			   " before the pin", what, (uint64_t)v1.pinned_pages,
			   (uint64_t)v0.pinned_pages);
}

static void bench_pin_kind(int ctl, enum pin_kind kind)
{
	const char *bn = pin_kind_backend[kind], *kn = pin_kind_name[kind];
	long hp_orig = -1;
	uint64_t hp_kb = 0;
	char why[160];

	if (kind == PK_HUGETLB) {
		uint64_t max = 0, need;
		long got;
		int err;

		for (int i = 0; i < opt.nr_pin_sizes; i++)
			if (opt.pin_sizes[i] > max)
				max = opt.pin_sizes[i];
		hp_kb = meminfo_kb("Hugepagesize");
		hp_orig = read_long("/proc/sys/vm/nr_hugepages");
		if (!hp_kb || hp_orig < 0) {
			add_skip(bn, "pin", "no hugetlb pages in this kernel "
				 "(no Hugepagesize or /proc/sys/vm/nr_hugepages)");
			return;
		}
		need = (max + (hp_kb << 10) - 1) / (hp_kb << 10);
		write_long("/proc/sys/vm/compact_memory", 1);
		err = write_long("/proc/sys/vm/nr_hugepages", hp_orig + (long)need);
		if (err) {
			add_skip(bn, "pin", "cannot write /proc/sys/vm/nr_hugepages "
				 "(needs root): %s", strerror(-err));
			return;
		}
		got = (long)meminfo_kb("HugePages_Free");
		bench_log("%s: reserved %ld of %" PRIu64 " %" PRIu64 " KiB huge pages",
			  bn, got, need, hp_kb);
		if (got < (long)need) {
			add_skip(bn, "pin", "only %ld of the %" PRIu64 " huge pages of %"
				 PRIu64 " KiB needed could be reserved", got, need, hp_kb);
			write_long("/proc/sys/vm/nr_hugepages", hp_orig);
			return;
		}
	}

	for (int si = 0; si < opt.nr_pin_sizes; si++) {
		uint64_t size = opt.pin_sizes[si];
		int n = opt.pin_reps;
		double pv[n], iv[n], mv[n], pp[n], pu[n], ir[n], iu[n], ml[n], mu[n];
		double gib = (double)size / (double)(1ULL << 30);
		bool have_ring = pin_ring_ok, have_mlock = true;
		char s[48], p[48], total[48], what[48], id[40];
		void *mem;

		if (env.max_pin && size > env.max_pin) {
			add_skip(bn, size_str(size), "over the module's max_pin_bytes (%s)",
				 size_str(env.max_pin));
			continue;
		}
		if (kind == PK_HUGETLB && size % (hp_kb << 10)) {
			add_skip(bn, size_str(size), "not a multiple of the huge page size");
			continue;
		}
		mem = pin_mem(kind, size, why, sizeof(why));
		if (!mem) {
			add_skip(bn, size_str(size), "%s", why);
			continue;
		}
		snprintf(what, sizeof(what), "%s %s", bn, size_str(size));
		pin_check(ctl, mem, size, what);
		bench_log("%s: pin+unpin %s vs io_uring buffer registration vs mlock, "
			  "%d rounds (median)", bn, size_str(size), n);
		for (int i = 0; i < n; i++) {
			struct pin_sample smp[3] = { { 0, 0 }, { 0, 0 }, { 0, 0 } };

			for (int k = 0; k < 3; k++) {
				int subj = (i + k) % 3, err;

				if ((subj == 1 && !have_ring) || (subj == 2 && !have_mlock))
					continue;
				err = pin_round_one(ctl, subj, mem, size, &smp[subj]);
				if (err && subj == 0) {
					add_skip(bn, size_str(size), "MEMSHARE_IOC_PIN: %s",
						 strerror(-err));
					munmap(mem, size);
					goto next_size;
				}
				if (err && subj == 1) {
					have_ring = false;
					add_skip(bn, size_str(size), "io_uring_register_buffers: %s",
						 strerror(-err));
				}
				if (err && subj == 2) {
					have_mlock = false;
					add_skip(bn, size_str(size), "mlock: %s", strerror(-err));
				}
			}
			pp[i] = smp[0].pin / gib / 1e6;
			pu[i] = smp[0].unpin / gib / 1e6;
			ir[i] = smp[1].pin / gib / 1e6;
			iu[i] = smp[1].unpin / gib / 1e6;
			ml[i] = smp[2].pin / gib / 1e6;
			mu[i] = smp[2].unpin / gib / 1e6;
			pv[i] = pp[i] + pu[i];
			iv[i] = ir[i] + iu[i];
			mv[i] = ml[i] + mu[i];
			bench_log("  round %d: ms/GiB pin %.1f + unpin %.1f, io_uring reg %.1f "
				  "+ unreg %.1f, mlock %.1f + munlock %.1f", i + 1, pp[i],
				  pu[i], ir[i], iu[i], ml[i], mu[i]);
		}
		bench_log("  median ms/GiB: pin %.1f + unpin %.1f = %.1f; io_uring %.1f + "
			  "%.1f = %.1f; mlock %.1f + %.1f = %.1f", bench_median(pp, n),
			  bench_median(pu, n), bench_median(pv, n), bench_median(ir, n),
			  bench_median(iu, n), bench_median(iv, n), bench_median(ml, n),
			  bench_median(mu, n), bench_median(mv, n));
		snprintf(total, sizeof(total), "pin+unpin %s (%s, long-term)",
			 size_str(size), kn);
		if (have_ring) {
			snprintf(p, sizeof(p), "io_uring reg+unreg %s", size_str(size));
			snprintf(id, sizeof(id), "pin.%s.%s.vs_io_uring", kn,
				 size_key(size));
			add_row(bn, id, total, p, "ms/GiB", true, pv, iv, n, true, 1.0,
				size);
			snprintf(s, sizeof(s), "  pin only %s", size_str(size));
			snprintf(p, sizeof(p), "  io_uring register only %s",
				 size_str(size));
			snprintf(id, sizeof(id), "pin.%s.%s.pin_vs_reg", kn,
				 size_key(size));
			add_row(bn, id, s, p, "ms/GiB", true, pp, ir, n, true, 0, size);
			snprintf(s, sizeof(s), "  unpin (close) only %s", size_str(size));
			snprintf(p, sizeof(p), "  io_uring unregister only %s",
				 size_str(size));
			snprintf(id, sizeof(id), "pin.%s.%s.unpin_vs_unreg", kn,
				 size_key(size));
			add_row(bn, id, s, p, "ms/GiB", true, pu, iu, n, true, 0, size);
		}
		if (have_mlock) {
			snprintf(p, sizeof(p), "mlock+munlock %s", size_str(size));
			snprintf(id, sizeof(id), "pin.%s.%s.vs_mlock", kn, size_key(size));
			add_row(bn, id, total, p, "ms/GiB", true, pv, mv, n, true, 0,
				size);
		}
		pin_check(ctl, mem, size, what);
		munmap(mem, size);
next_size:
		;
	}
	if (hp_orig >= 0)
		write_long("/proc/sys/vm/nr_hugepages", hp_orig);
}

/* ---- row 5: the kernel's copy from and to pinned pages --------------------------- */

struct pcopy_ctx {
	int pin, buf, dir;	/* dir 0: pinned -> buffer, 1: buffer -> pinned */
	void *mem, *map;	/* the pinned memory, the buffer's mapping */
	uint64_t size;
};

static double pcopy_sample(void *arg, int subj, int round, int *err)
{
	struct pcopy_ctx *c = arg;
	uint64_t t0 = bench_now_ns();

	(void)round;
	if (subj == 0)
		*err = c->dir ? ms_pin_from_buffer(c->pin, 0, c->buf, 0, c->size) :
				ms_pin_to_buffer(c->pin, 0, c->buf, 0, c->size);
	else if (c->dir)
		memcpy(c->mem, c->map, c->size);
	else
		memcpy(c->map, c->mem, c->size);
	return (double)c->size / (double)(bench_now_ns() - t0) * 1e3;
}

static void bench_pin_copy(int ctl, uint64_t size)
{
	const char *bn = "pin-copy";
	MS_OPTS(ms_pin_opts, o, .write = 1, .longterm = 1);
	struct pcopy_ctx c = { .size = size };
	int nmax = 4 * opt.reps, err;
	char why[160], s[48], p[48];

	bench_log("%s: kernel copy from/to pinned pages vs memcpy, %s, best of %d+",
		  bn, size_str(size), opt.reps);
	c.mem = pin_mem(PK_4K, size, why, sizeof(why));
	if (!c.mem) {
		add_skip(bn, "copy", "%s", why);
		return;
	}
	c.buf = buf_create(ctl, size, MEMSHARE_BACKEND_VMALLOC, MEMSHARE_MAP_EAGER);
	if (c.buf < 0) {
		add_skip(bn, "copy", "%s buffer: %s", size_str(size), strerror(-c.buf));
		munmap(c.mem, size);
		return;
	}
	c.map = map_aligned(size, c.buf);
	c.pin = ms_pin(ctl, c.mem, size, &o);
	if (!c.map || c.pin < 0) {
		add_skip(bn, "copy", "%s: %s", c.map ? "pin" : "mmap of the buffer",
			 c.map ? strerror(-c.pin) : strerror(errno));
		goto out;
	}
	memset(c.map, 0, size);		/* populated, as the pinned memory is */

	for (c.dir = 0; c.dir < 2; c.dir++) {
		double kv[nmax], uv[nmax];

		memset(kv, 0, sizeof(kv));
		memset(uv, 0, sizeof(uv));
		double *v[2] = { kv, uv };
		int n = sample_interleaved(2, pcopy_sample, &c, v);

		if (n < 0) {
			add_skip(bn, "copy", "%s: %s", c.dir ? "FROM_BUFFER" : "TO_BUFFER",
				 strerror(-n));
			break;
		}
		bench_log("  %s: kernel %.0f MB/s, memcpy %.0f MB/s (best of %d)",
			  c.dir ? "buffer->pinned" : "pinned->buffer", bench_max(kv, n),
			  bench_max(uv, n), n);
		log_samples("copy", "kernel", kv, n);
		log_samples("copy", "memcpy", uv, n);
		if (c.dir) {
			snprintf(s, sizeof(s), "FROM_BUFFER %s buf->pinned, 1 call",
				 size_str(size));
			snprintf(p, sizeof(p), "memcpy %s buf map->anon", size_str(size));
		} else {
			snprintf(s, sizeof(s), "TO_BUFFER %s pinned->buf, 1 call",
				 size_str(size));
			snprintf(p, sizeof(p), "memcpy %s anon->buf map", size_str(size));
		}
		add_row(bn, c.dir ? "pincopy.from_buffer" : "pincopy.to_buffer", s, p,
			"MB/s", false, kv, uv, n, false, 0.9, size);

		/* Not timed: the kernel's copy, alone, must give the same bytes. */
		if (c.dir) {
			store_words(c.map, size, 0x3c3c3c3c3c3c3c3cULL);
			memset(c.mem, 0, size);
			err = ms_pin_from_buffer(c.pin, 0, c.buf, 0, size);
		} else {
			memset(c.map, 0, size);
			err = ms_pin_to_buffer(c.pin, 0, c.buf, 0, size);
		}
		if (err || memcmp(c.map, c.mem, size))
			data_error("%s %s: %s", bn, c.dir ? "FROM_BUFFER" : "TO_BUFFER",
				   err ? strerror(-err) : "the two sides differ");
	}
out:
	if (c.pin >= 0)
		close(c.pin);
	if (c.map)
		munmap(c.map, size);
	close(c.buf);
	munmap(c.mem, size);
}

static void bench_pin(int ctl)
{
	struct rlimit rl = { RLIM_INFINITY, RLIM_INFINITY };
	int err;

	if (!(env.features & MEMSHARE_FEAT_PIN)) {
		add_skip("pin", "all", "the module cannot pin user memory (ABI %s, "
			 "no MEMSHARE_FEAT_PIN)", env.abi);
		return;
	}
	/* io_uring and mlock charge RLIMIT_MEMLOCK; so do long-term pins
	 * without CAP_IPC_LOCK.  Raising it needs root: else the limit stays. */
	setrlimit(RLIMIT_MEMLOCK, &rl);
	if (!getrlimit(RLIMIT_MEMLOCK, &rl))
		env.memlock = rl.rlim_cur;
	err = io_uring_queue_init(4, &pin_ring, 0);
	pin_ring_ok = !err;
	if (err) {
		snprintf(pin_ring_err, sizeof(pin_ring_err), "%s", strerror(-err));
		add_skip("pin", "io_uring", "io_uring_queue_init: %s", pin_ring_err);
	}
	for (int k = 0; k < PK_NR; k++)
		if (opt.pin_kinds & (1u << k))
			bench_pin_kind(ctl, (enum pin_kind)k);
	if (pin_ring_ok)
		io_uring_queue_exit(&pin_ring);
	if (opt.pin_copy_size)
		bench_pin_copy(ctl, opt.pin_copy_size);
}

/* ---- row 6: address translation --------------------------------------------------- */

/*
 * Translation throughput in pages per second (issue 5), run as root so that
 * PFNs are shown and the module's extents are physically contiguous runs:
 *
 *  - dense: a --xlate-size region of anonymous memory on 4 KiB pages
 *    (MADV_NOHUGEPAGE, MAP_POPULATE): the module's range form
 *    (MEMSHARE_XLATE_RANGE, --xlate-cap extents per call, looping on next)
 *    against pread() of /proc/self/pagemap in --pagemap-block blocks;
 *  - sparse: --xlate-addrs random addresses in that region: one
 *    MEMSHARE_IOC_XLATE batch of all of them against one pread() of
 *    pagemap per address (what DPDK's rte_mem_virt2phy() does, minus its
 *    open/close per call) and one ioctl per address (what PTEditor does);
 *  - libmemshare's ms_xlate_range()/ms_xlate_addrs() with the module
 *    against the pagemap backend (informational).
 *
 * Each round runs the subjects in turn, the order rotating; a row is the
 * median of --xlate-reps rounds.  The PFNs the module reports must equal
 * pagemap's for every page (checked outside the timed runs).
 */
#define XL_ESZ	sizeof(struct memshare_xlate_entry)

struct xl_ctx {
	int ctl, pm;
	uint8_t *mem;
	uint64_t size, npages;
	struct memshare_xlate_entry *ents;	/* max(cap, naddrs) entries */
	uint64_t cap;
	uint64_t *pmbuf;			/* one block of pagemap entries */
	uint64_t pmblock;			/* entries per pread */
	uint64_t *addrs, naddrs;
	uint64_t *pfns;				/* pagemap's PFN per address */
	uint64_t extents;			/* of the last dense module pass */
	struct ms_xlate *lx[2];			/* library: module, pagemap */
	struct ms_xlate_entry *lents;
};

static int xl_ioctl(int ctl, struct memshare_xlate *x)
{
	return ioctl(ctl, MEMSHARE_IOC_XLATE, x) ? -errno : 0;
}

/* The module's range form over the whole region; extents into c->extents. */
static int xl_dense_module(struct xl_ctx *c)
{
	uint64_t a = (uintptr_t)c->mem, end = a + c->size, n = 0;

	while (a < end) {
		struct memshare_xlate x = {
			.size = sizeof(x), .flags = MEMSHARE_XLATE_RANGE,
			.entry_size = XL_ESZ, .entries_ptr = (uintptr_t)c->ents,
			.count = c->cap, .start = a, .end = end,
		};
		int err = xl_ioctl(c->ctl, &x);

		if (err)
			return err;
		if (!x.count || x.next <= a)
			return -EIO;
		n += x.count;
		a = x.next;
	}
	c->extents = n;
	return 0;
}

static int xl_dense_pagemap(struct xl_ctx *c)
{
	uint64_t first = (uintptr_t)c->mem / BENCH_PAGE;

	for (uint64_t i = 0; i < c->npages; i += c->pmblock) {
		uint64_t n = c->npages - i < c->pmblock ? c->npages - i : c->pmblock;
		ssize_t r = pread(c->pm, c->pmbuf, n * 8, (off_t)((first + i) * 8));

		if (r != (ssize_t)(n * 8))
			return r < 0 ? -errno : -EIO;
		sink += c->pmbuf[n - 1];
	}
	return 0;
}

static int xl_sparse_batch(struct xl_ctx *c)
{
	struct memshare_xlate x = {
		.size = sizeof(x), .entry_size = XL_ESZ,
		.addrs_ptr = (uintptr_t)c->addrs, .entries_ptr = (uintptr_t)c->ents,
		.count = c->naddrs,
	};

	return xl_ioctl(c->ctl, &x);
}

static int xl_sparse_pread_each(struct xl_ctx *c)
{
	for (uint64_t i = 0; i < c->naddrs; i++) {
		uint64_t v;

		if (pread(c->pm, &v, 8, (off_t)(c->addrs[i] / BENCH_PAGE * 8)) != 8)
			return -EIO;
		c->pfns[i] = v & ((1ULL << 55) - 1);
	}
	return 0;
}

static int xl_sparse_ioctl_each(struct xl_ctx *c)
{
	for (uint64_t i = 0; i < c->naddrs; i++) {
		struct memshare_xlate x = {
			.size = sizeof(x), .entry_size = XL_ESZ,
			.addrs_ptr = (uintptr_t)&c->addrs[i],
			.entries_ptr = (uintptr_t)c->ents, .count = 1,
		};
		int err = xl_ioctl(c->ctl, &x);

		if (err)
			return err;
		sink += c->ents[0].pfn;
	}
	return 0;
}

static int xl_lib_dense(struct xl_ctx *c, int k)
{
	uint64_t a = (uintptr_t)c->mem, end = a + c->size;

	while (a < end) {
		uint64_t next = 0;
		int64_t n = ms_xlate_range(c->lx[k], a, end, c->lents, c->cap, &next);

		if (n < 0)
			return (int)n;
		if (!n || next <= a)
			return -EIO;
		a = next;
	}
	return 0;
}

static int xl_lib_sparse(struct xl_ctx *c, int k)
{
	return ms_xlate_addrs(c->lx[k], c->addrs, c->naddrs, c->lents);
}

/* Outside the timed runs: the module's PFNs against pagemap's. */
static void xl_check(struct xl_ctx *c)
{
	uint64_t first = (uintptr_t)c->mem / BENCH_PAGE, bad = 0, page = 0;
	uint64_t a = (uintptr_t)c->mem, end = a + c->size;
	uint64_t *pm = malloc(c->npages * 8);
	int err;

	if (!pm) {
		data_error("xlate check: out of memory");
		return;
	}
	if (pread(c->pm, pm, c->npages * 8, (off_t)(first * 8)) != (ssize_t)(c->npages * 8)) {
		data_error("xlate check: pread of pagemap: %s", strerror(errno));
		goto out;
	}
	/* dense: every page of every extent */
	while (a < end && !bad) {
		struct memshare_xlate x = {
			.size = sizeof(x), .flags = MEMSHARE_XLATE_RANGE,
			.entry_size = XL_ESZ, .entries_ptr = (uintptr_t)c->ents,
			.count = c->cap, .start = a, .end = end,
		};

		err = xl_ioctl(c->ctl, &x);
		if (err || !x.count) {
			data_error("xlate check: range ioctl: %s", err ? strerror(-err) :
				   "no extent");
			goto out;
		}
		for (uint64_t i = 0; i < x.count && !bad; i++) {
			const struct memshare_xlate_entry *e = &c->ents[i];

			for (uint64_t off = 0; off < e->length; off += BENCH_PAGE, page++) {
				uint64_t want = pm[page] & ((1ULL << 55) - 1);

				if (e->vaddr + off != (uintptr_t)c->mem + page * BENCH_PAGE ||
				    !(e->flags & MEMSHARE_XF_PRESENT) ||
				    e->pfn + off / BENCH_PAGE != want || !(pm[page] >> 63)) {
					data_error("xlate: page %" PRIu64 " (extent %#llx+%#llx "
						   "flags %#llx pfn %#llx): pagemap %#" PRIx64,
						   page, (unsigned long long)e->vaddr,
						   (unsigned long long)e->length,
						   (unsigned long long)e->flags,
						   (unsigned long long)e->pfn, pm[page]);
					bad++;
					break;
				}
			}
		}
		a = x.next;
	}
	if (!bad && page != c->npages)
		data_error("xlate: extents cover %" PRIu64 " of %" PRIu64 " pages", page,
			   c->npages);
	/* sparse: the batch against pagemap, address by address */
	err = xl_sparse_batch(c);
	if (!err)
		err = xl_sparse_pread_each(c);
	if (err) {
		data_error("xlate check: sparse: %s", strerror(-err));
		goto out;
	}
	for (uint64_t i = 0; i < c->naddrs; i++)
		if (c->ents[i].vaddr != c->addrs[i] || c->ents[i].pfn != c->pfns[i] ||
		    c->ents[i].paddr != (c->pfns[i] << 12) + (c->addrs[i] & (BENCH_PAGE - 1))) {
			data_error("xlate batch: address %#" PRIx64 ": vaddr %#llx pfn %#llx "
				   "paddr %#llx, pagemap pfn %#" PRIx64, c->addrs[i],
				   (unsigned long long)c->ents[i].vaddr,
				   (unsigned long long)c->ents[i].pfn,
				   (unsigned long long)c->ents[i].paddr, c->pfns[i]);
			break;
		}
out:
	free(pm);
}

enum { XS_DENSE_MOD, XS_DENSE_PM, XS_BATCH, XS_PREAD_EACH, XS_IOCTL_EACH,
       XS_LIB_DENSE_MOD, XS_LIB_DENSE_PM, XS_LIB_SPARSE_MOD, XS_LIB_SPARSE_PM,
       XS_NR };

/* kpages/s of one run of subject @s. */
static double xl_run(struct xl_ctx *c, int s, int *err)
{
	uint64_t t0 = bench_now_ns(), pages;

	switch (s) {
	case XS_DENSE_MOD: *err = xl_dense_module(c); break;
	case XS_DENSE_PM: *err = xl_dense_pagemap(c); break;
	case XS_BATCH: *err = xl_sparse_batch(c); break;
	case XS_PREAD_EACH: *err = xl_sparse_pread_each(c); break;
	case XS_IOCTL_EACH: *err = xl_sparse_ioctl_each(c); break;
	case XS_LIB_DENSE_MOD: *err = xl_lib_dense(c, 0); break;
	case XS_LIB_DENSE_PM: *err = xl_lib_dense(c, 1); break;
	case XS_LIB_SPARSE_MOD: *err = xl_lib_sparse(c, 0); break;
	default: *err = xl_lib_sparse(c, 1); break;
	}
	pages = s == XS_DENSE_MOD || s == XS_DENSE_PM || s == XS_LIB_DENSE_MOD ||
		s == XS_LIB_DENSE_PM ? c->npages : c->naddrs;
	return (double)pages / (double)(bench_now_ns() - t0) * 1e6;	/* kpages/s */
}

/* Run @ns subjects @n rounds, rotating; samples in v[k][round]. */
static int xl_rounds(struct xl_ctx *c, const int *subj, int ns, int n, double (*v)[64])
{
	for (int i = 0; i < n; i++)
		for (int k = 0; k < ns; k++) {
			int j = (i + k) % ns, err = 0;

			v[j][i] = xl_run(c, subj[j], &err);
			if (err)
				return err;
		}
	return 0;
}

static void bench_xlate(int ctl)
{
	const char *bn = "xlate";
	struct xl_ctx c = { .ctl = ctl, .pm = -1, .size = opt.xlate_size,
			    .cap = opt.xlate_cap, .naddrs = opt.xlate_addrs };
	int n = opt.xlate_reps, err;
	double v[5][64];
	char s[48], p[48];
	uint64_t state = 0x9e3779b97f4a7c15ULL, ne;

	if (!(env.features & MEMSHARE_FEAT_XLATE)) {
		add_skip(bn, "all", "the module cannot translate (ABI %s, no "
			 "MEMSHARE_FEAT_XLATE)", env.abi);
		return;
	}
	if (geteuid())
		bench_log("xlate: not root: PFNs are hidden, extents are not physical runs");
	c.npages = c.size / BENCH_PAGE;
	c.pmblock = opt.pagemap_block / 8;
	ne = c.cap > c.naddrs ? c.cap : c.naddrs;
	c.mem = mmap(NULL, c.size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		     -1, 0);
	c.ents = malloc(ne * XL_ESZ);
	c.lents = calloc(ne, sizeof(*c.lents));
	c.pmbuf = malloc(c.pmblock * 8);
	c.addrs = malloc(c.naddrs * 8);
	c.pfns = malloc(c.naddrs * 8);
	c.pm = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	if (c.mem == MAP_FAILED || !c.ents || !c.lents || !c.pmbuf || !c.addrs ||
	    !c.pfns || c.pm < 0) {
		add_skip(bn, "all", "setup: %s", c.pm < 0 ? "cannot open "
			 "/proc/self/pagemap" : "out of memory");
		goto out;
	}
#ifdef MADV_NOHUGEPAGE
	madvise(c.mem, c.size, MADV_NOHUGEPAGE);
#endif
	/* Populated, each page with its own content (no KSM, no zero page). */
	for (uint64_t i = 0; i < c.npages; i++)
		*(uint64_t *)(c.mem + i * BENCH_PAGE) = i + 1;
	for (uint64_t i = 0; i < c.naddrs; i++) {
		state ^= state << 13;
		state ^= state >> 7;
		state ^= state << 17;
		c.addrs[i] = (uintptr_t)c.mem + state % c.size;
	}
	memset(c.ents, 0, ne * XL_ESZ);
	if (!geteuid())
		xl_check(&c);
	bench_log("xlate: %s dense range (%" PRIu64 " pages) and %" PRIu64 " random "
		  "addresses, %d rounds (median)", size_str(c.size), c.npages,
		  c.naddrs, n);

	{	/* dense */
		static const int subj[] = { XS_DENSE_MOD, XS_DENSE_PM };

		err = xl_rounds(&c, subj, 2, n, v);
		if (err) {
			add_skip(bn, "dense", "%s", strerror(-err));
		} else {
			snprintf(s, sizeof(s), "XLATE_RANGE %s, %" PRIu64 " extents/call",
				 size_str(c.size), c.cap);
			snprintf(p, sizeof(p), "pagemap pread %s blocks",
				 size_str(opt.pagemap_block));
			add_row(bn, "xlate.dense.vs_pagemap", s, p, "kpages/s", false,
				v[0], v[1], n, true, 1.0, c.size);
			bench_log("  dense: module %.0f kpages/s (%" PRIu64 " extents), "
				  "pagemap %.0f kpages/s", bench_median(v[0], n), c.extents,
				  bench_median(v[1], n));
		}
	}
	{	/* sparse */
		static const int subj[] = { XS_BATCH, XS_PREAD_EACH, XS_IOCTL_EACH };

		err = xl_rounds(&c, subj, 3, n, v);
		if (err) {
			add_skip(bn, "sparse", "%s", strerror(-err));
		} else {
			snprintf(s, sizeof(s), "XLATE batch of %" PRIu64 " addresses",
				 c.naddrs);
			add_row(bn, "xlate.sparse.vs_pread_each", s,
				"pagemap: 1 pread per address", "kpages/s", false, v[0],
				v[1], n, true, 10.0, c.naddrs * BENCH_PAGE);
			add_row(bn, "xlate.sparse.vs_ioctl_each", s,
				"XLATE: 1 ioctl per address", "kpages/s", false, v[0],
				v[2], n, true, 10.0, c.naddrs * BENCH_PAGE);
			bench_log("  sparse: batch %.0f kpages/s, pread each %.0f, ioctl "
				  "each %.0f", bench_median(v[0], n), bench_median(v[1], n),
				  bench_median(v[2], n));
		}
	}
	{	/* the library, both backends */
		struct ms_xlate_opts lo = { .sz = sizeof(lo), .backend = MS_BACKEND_MODULE };
		static const int dsubj[] = { XS_LIB_DENSE_MOD, XS_LIB_DENSE_PM };
		static const int ssubj[] = { XS_LIB_SPARSE_MOD, XS_LIB_SPARSE_PM };

		err = ms_xlate_new(&lo, &c.lx[0]);
		if (!err) {
			lo.backend = MS_BACKEND_PAGEMAP;
			err = ms_xlate_new(&lo, &c.lx[1]);
		}
		if (!err)
			err = xl_rounds(&c, dsubj, 2, n, v);
		if (!err) {
			snprintf(s, sizeof(s), "ms_xlate_range %s, module", size_str(c.size));
			snprintf(p, sizeof(p), "ms_xlate_range %s, pagemap", size_str(c.size));
			add_row(bn, "xlate.lib.dense", s, p, "kpages/s", false, v[0], v[1],
				n, true, 0, c.size);
			err = xl_rounds(&c, ssubj, 2, n, v);
		}
		if (!err) {
			snprintf(s, sizeof(s), "ms_xlate_addrs %" PRIu64 ", module", c.naddrs);
			snprintf(p, sizeof(p), "ms_xlate_addrs %" PRIu64 ", pagemap", c.naddrs);
			add_row(bn, "xlate.lib.sparse", s, p, "kpages/s", false, v[0], v[1],
				n, true, 0, c.naddrs * BENCH_PAGE);
		}
		if (err)
			add_skip(bn, "library", "%s", strerror(-err));
		if (c.lx[0])
			ms_xlate_free(c.lx[0]);
		if (c.lx[1])
			ms_xlate_free(c.lx[1]);
	}
out:
	if (c.pm >= 0)
		close(c.pm);
	free(c.ents);
	free(c.lents);
	free(c.pmbuf);
	free(c.addrs);
	free(c.pfns);
	if (c.mem != MAP_FAILED)
		munmap(c.mem, c.size);
}

/* ---- output --------------------------------------------------------------------- */

static void print_table(void)
{
	printf("memshare benchmark: kernel %s, %ld CPU(s) \"%s\", %" PRIu64 " MiB RAM\n",
	       env.release, env.ncpu, env.cpu, env.mem_kb >> 10);
	printf("module %s, libmemshare %s, clocksource %s, THP %s\n",
	       env.module, env.lib, env.clocksource, env.thp);
	printf("limits: max_buffer %s, max_total %s, max_contig %s\n",
	       size_str(env.max_buffer), size_str(env.max_total), size_str(env.max_contig));
	printf("ratio = speed of memshare / speed of peer (> 1: memshare faster)\n");
	printf("first touch: median of %d fresh mappings; bandwidth: best of >= %d "
	       "interleaved passes (until seen 3 times within 3%%)\n",
	       opt.touch_reps, opt.reps);
	printf("[A/A] rows: a second anonymous buffer against the peer, the noise "
	       "floor of the streaming rows\n");
	if (opt.do_pin)
		printf("pin rows: median of %d rounds of pin+unpin, io_uring "
		       "reg+unreg, mlock+munlock (order rotating), ms per GiB; "
		       "max_pin %s, RLIMIT_MEMLOCK %s%s\n", opt.pin_reps,
		       size_str(env.max_pin), env.memlock == RLIM_INFINITY ?
		       "unlimited" : size_str(env.memlock),
		       geteuid() ? "" : " (root: CAP_IPC_LOCK, nothing charged)");
	if (opt.do_xlate)
		printf("xlate rows: median of %d rounds (order rotating), thousands of "
		       "pages translated per second%s\n", opt.xlate_reps,
		       geteuid() ? " (not root: PFNs hidden)" : " (root: PFNs shown)");
	printf("\n");
	int ws = 8, wp = 4, wb = 7;

	for (int i = 0; i < nrows; i++) {
		if ((int)strlen(rows[i].backend) > wb)
			wb = (int)strlen(rows[i].backend);
		if ((int)strlen(rows[i].subject) > ws)
			ws = (int)strlen(rows[i].subject);
		if ((int)strlen(rows[i].peer) > wp)
			wp = (int)strlen(rows[i].peer);
	}
	printf("%-*s  %-*s  %-*s  %10s  %10s  %-7s  %7s  %6s  %s\n", wb, "backend",
	       ws, "memshare", wp, "peer", "memshare", "peer", "unit", "ratio", "target",
	       "met");
	for (int i = 0; i < nrows; i++) {
		struct row *r = &rows[i];
		char tgt[16] = "-";

		/* A blank line between sections (backend, or touch/stream/rw). */
		if (i && (strcmp(r->backend, rows[i - 1].backend) ||
			  strncmp(r->id, rows[i - 1].id, 2) ||
			  r->size != rows[i - 1].size))
			printf("\n");
		if (r->target > 0)
			snprintf(tgt, sizeof(tgt), ">=%.2f", r->target);
		printf("%-*s  %-*s  %-*s  %10.1f  %10.1f  %-7s  %6.2fx  %6s  %s\n",
		       wb, r->backend, ws, r->subject, wp, r->peer, r->ms_val, r->peer_val,
		       r->unit, r->ratio, tgt,
		       r->met == MET_NONE ? "-" : r->met == MET_YES ? "yes" : "NO");
	}
	for (int i = 0; i < nskips; i++)
		printf("%-*s  skipped %s: %s\n", wb, skips[i].backend,
		       skips[i].what, skips[i].reason);
	int met = 0, total = 0;

	for (int i = 0; i < nrows; i++)
		if (rows[i].met != MET_NONE) {
			total++;
			met += rows[i].met == MET_YES;
		}
	printf("\ntargets met: %d of %d", met, total);
	if (data_errors)
		printf("; DATA ERRORS: %d (see stderr)", data_errors);
	printf("\n");
}

static void print_json(void)
{
	FILE *f = stdout;

	fputs("{\n  \"env\": {\"kernel\": ", f);
	bench_json_str(f, env.release);
	fputs(", \"cpu\": ", f);
	bench_json_str(f, env.cpu);
	fprintf(f, ", \"ncpu\": %ld, \"mem_kib\": %" PRIu64 ", \"clocksource\": ",
		env.ncpu, env.mem_kb);
	bench_json_str(f, env.clocksource);
	fputs(", \"thp\": ", f);
	bench_json_str(f, env.thp);
	fputs(", \"module\": ", f);
	bench_json_str(f, env.module);
	fputs(", \"lib\": ", f);
	bench_json_str(f, env.lib);
	fprintf(f, ", \"max_buffer\": %" PRIu64 ", \"max_total\": %" PRIu64
		", \"max_contig\": %" PRIu64 ", \"max_pin\": %" PRIu64
		", \"abi\": ", env.max_buffer, env.max_total, env.max_contig,
		env.max_pin);
	bench_json_str(f, env.abi);
	fprintf(f, ", \"memlock\": ");
	if (env.memlock == RLIM_INFINITY)
		fputs("null", f);
	else
		fprintf(f, "%" PRIu64, env.memlock);
	fprintf(f, ", \"euid\": %u},\n", (unsigned int)geteuid());
	fprintf(f, "  \"pin_reps\": %d,\n", opt.pin_reps);
	fprintf(f, "  \"touch_reps\": %d, \"reps\": %d, \"chunk\": %" PRIu64 ",\n",
		opt.touch_reps, opt.reps, opt.chunk);
	fputs("  \"rows\": [", f);
	for (int i = 0; i < nrows; i++) {
		struct row *r = &rows[i];

		fprintf(f, "%s\n    {\"backend\": ", i ? "," : "");
		bench_json_str(f, r->backend);
		fputs(", \"id\": ", f);
		bench_json_str(f, r->id);
		fputs(", \"memshare\": ", f);
		bench_json_str(f, r->subject);
		fputs(", \"peer\": ", f);
		bench_json_str(f, r->peer);
		fputs(", \"unit\": ", f);
		bench_json_str(f, r->unit);
		fprintf(f, ", \"size\": %" PRIu64 ", \"stat\": \"%s\", \"n\": %d, "
			"\"memshare_value\": %.3f, \"peer_value\": %.3f, "
			"\"memshare_spread\": %.4f, \"ratio\": %.4f, ",
			r->size, r->stat, r->n, r->ms_val, r->peer_val, r->ms_spread,
			r->ratio);
		if (r->target > 0)
			fprintf(f, "\"target\": %.2f, \"met\": %s}", r->target,
				r->met == MET_YES ? "true" : "false");
		else
			fputs("\"target\": null, \"met\": null}", f);
	}
	fputs("\n  ],\n  \"skipped\": [", f);
	for (int i = 0; i < nskips; i++) {
		fprintf(f, "%s\n    {\"backend\": ", i ? "," : "");
		bench_json_str(f, skips[i].backend);
		fputs(", \"what\": ", f);
		bench_json_str(f, skips[i].what);
		fputs(", \"reason\": ", f);
		bench_json_str(f, skips[i].reason);
		fputc('}', f);
	}
	fprintf(f, "%s],\n  \"data_errors\": %d\n}\n", nskips ? "\n  " : "",
		data_errors);
}

/* Markers around the JSON of --json-block (vm/bench cuts it out). */
#define JSON_BEGIN	"@@memshare-bench-json-begin@@"
#define JSON_END	"@@memshare-bench-json-end@@"

/* ---- main ------------------------------------------------------------------------- */

static void usage(FILE *f, int status)
{
	fprintf(f,
"usage: memshare-bench [OPTIONS]\n"
"  --json               JSON instead of the table\n"
"  --json-block         the table, then the JSON between marker lines\n"
"  --quick              small sizes and few runs (a smoke test, not a result)\n"
"  --backend B          vmalloc, contig or all (default all)\n"
"  --only R             touch, stream, rw, pin or xlate (default: all\n"
"                       five; repeatable)\n"
"  --touch-size SIZE    first-touch size, vmalloc (default 1G)\n"
"  --stream-size SIZE   streaming size, vmalloc (default 256M)\n"
"  --rw-size SIZE       pread/pwrite size, vmalloc (default 256M)\n"
"  --contig-size SIZE   every size for the contig backend (default 64M)\n"
"  --chunk SIZE         pread/pwrite/memcpy chunk (default 1M)\n"
"  --pin-sizes LIST     pin rows' sizes, comma-separated (default\n"
"                       32M,256M,1G)\n"
"  --pin-kinds LIST     of 4k, thp, hugetlb (default all)\n"
"  --pin-reps N         pin rows' rounds, median (default 7)\n"
"  --pin-copy-size SIZE kernel copy from/to pinned pages (default 256M;\n"
"                       0: not measured)\n"
"  --touch-reps N       first-touch runs, median (default 5)\n"
"  --xlate-size SIZE    dense translation region (default 1G)\n"
"  --xlate-addrs K      sparse translation: K thousand random addresses\n"
"                       (default 100)\n"
"  --xlate-cap N        extents per MEMSHARE_XLATE_RANGE call (default 4096)\n"
"  --pagemap-block SIZE bytes of pagemap entries per pread (default 2M)\n"
"  --xlate-reps N       translation rounds, median (default 7)\n"
"  --reps N             streaming and copy runs, best (default 11; up to\n"
"                       4x more until the best is seen 3 times)\n"
"  --no-warmup          do not touch the free memory once first\n"
"  --align SIZE         streaming buffers' address alignment (default 1G;\n"
"                       0: wherever mmap puts them)\n"
"  -v, --verbose        every sample on stderr\n"
"  -q, --quiet          no progress on stderr\n"
"exit: 0 done (targets met or not), 1 data error, 2 setup error\n");
	exit(status);
}

static uint64_t size_arg(const char *name, const char *s)
{
	uint64_t v;

	if (ms_parse_size(s, &v) || v < BENCH_PAGE || v % BENCH_PAGE)
		bench_die("%s: bad size '%s' (a multiple of 4K)", name, s);
	return v;
}

static int int_arg(const char *name, const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*end || end == s || v < 1 || v > 1000)
		bench_die("%s: bad count '%s'", name, s);
	return (int)v;
}

int main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "json-block", no_argument, NULL, 'J' },
		{ "quick", no_argument, NULL, 'Q' },
		{ "backend", required_argument, NULL, 'b' },
		{ "only", required_argument, NULL, 'o' },
		{ "touch-size", required_argument, NULL, 't' },
		{ "stream-size", required_argument, NULL, 's' },
		{ "rw-size", required_argument, NULL, 'w' },
		{ "contig-size", required_argument, NULL, 'c' },
		{ "chunk", required_argument, NULL, 'k' },
		{ "pin-sizes", required_argument, NULL, 'P' },
		{ "pin-kinds", required_argument, NULL, 'K' },
		{ "pin-reps", required_argument, NULL, 'R' },
		{ "pin-copy-size", required_argument, NULL, 'C' },
		{ "xlate-size", required_argument, NULL, 'X' },
		{ "xlate-addrs", required_argument, NULL, 'N' },
		{ "xlate-cap", required_argument, NULL, 'E' },
		{ "xlate-reps", required_argument, NULL, 'Y' },
		{ "pagemap-block", required_argument, NULL, 'B' },
		{ "touch-reps", required_argument, NULL, 'T' },
		{ "reps", required_argument, NULL, 'r' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "no-warmup", no_argument, NULL, 'W' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "align", required_argument, NULL, 'A' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	bool only_set = false;
	int c, ctl;

	while ((c = getopt_long(argc, argv, "qvh", lopts, NULL)) != -1) {
		switch (c) {
		case 'j': opt.json = true; break;
		case 'J': opt.json_block = true; break;
		case 'Q':
			opt.touch_size = 64ULL << 20;
			opt.stream_size = opt.rw_size = 32ULL << 20;
			opt.contig_size = 16ULL << 20;
			opt.touch_reps = 1;
			opt.reps = 3;
			opt.pin_sizes[0] = 8ULL << 20;
			opt.pin_sizes[1] = 32ULL << 20;
			opt.nr_pin_sizes = 2;
			opt.pin_reps = 3;
			opt.pin_copy_size = 32ULL << 20;
			opt.xlate_size = 64ULL << 20;
			opt.xlate_addrs = 10000;
			opt.xlate_reps = 3;
			break;
		case 'b':
			opt.do_vmalloc = !strcmp(optarg, "vmalloc") || !strcmp(optarg, "all");
			opt.do_contig = !strcmp(optarg, "contig") || !strcmp(optarg, "all");
			if (!opt.do_vmalloc && !opt.do_contig)
				bench_die("--backend: vmalloc, contig or all");
			break;
		case 'o':
			if (!only_set)
				opt.do_touch = opt.do_stream = opt.do_rw =
					opt.do_pin = opt.do_xlate = false;
			only_set = true;
			if (!strcmp(optarg, "touch"))
				opt.do_touch = true;
			else if (!strcmp(optarg, "stream"))
				opt.do_stream = true;
			else if (!strcmp(optarg, "rw"))
				opt.do_rw = true;
			else if (!strcmp(optarg, "pin"))
				opt.do_pin = true;
			else if (!strcmp(optarg, "xlate"))
				opt.do_xlate = true;
			else
				bench_die("--only: touch, stream, rw, pin or xlate");
			break;
		case 't': opt.touch_size = size_arg("--touch-size", optarg); break;
		case 's': opt.stream_size = size_arg("--stream-size", optarg); break;
		case 'w': opt.rw_size = size_arg("--rw-size", optarg); break;
		case 'c': opt.contig_size = size_arg("--contig-size", optarg); break;
		case 'k': opt.chunk = size_arg("--chunk", optarg); break;
		case 'P': {
			char *save = NULL, *list = strdup(optarg);

			opt.nr_pin_sizes = 0;
			for (char *t = strtok_r(list, ",", &save); t;
			     t = strtok_r(NULL, ",", &save)) {
				if (opt.nr_pin_sizes >= 8)
					bench_die("--pin-sizes: at most 8");
				opt.pin_sizes[opt.nr_pin_sizes++] =
					size_arg("--pin-sizes", t);
			}
			free(list);
			if (!opt.nr_pin_sizes)
				bench_die("--pin-sizes: no size");
			break;
		}
		case 'K': {
			char *save = NULL, *list = strdup(optarg);

			opt.pin_kinds = 0;
			for (char *t = strtok_r(list, ",", &save); t;
			     t = strtok_r(NULL, ",", &save)) {
				if (!strcasecmp(t, "4k"))
					opt.pin_kinds |= 1u << PK_4K;
				else if (!strcasecmp(t, "thp"))
					opt.pin_kinds |= 1u << PK_THP;
				else if (!strcasecmp(t, "hugetlb"))
					opt.pin_kinds |= 1u << PK_HUGETLB;
				else
					bench_die("--pin-kinds: 4k, thp, hugetlb");
			}
			free(list);
			break;
		}
		case 'R': opt.pin_reps = int_arg("--pin-reps", optarg); break;
		case 'C':
			opt.pin_copy_size = strcmp(optarg, "0") ?
				size_arg("--pin-copy-size", optarg) : 0;
			break;
		case 'T': opt.touch_reps = int_arg("--touch-reps", optarg); break;
		case 'X': opt.xlate_size = size_arg("--xlate-size", optarg); break;
		case 'B': opt.pagemap_block = size_arg("--pagemap-block", optarg); break;
		case 'N': opt.xlate_addrs = (uint64_t)int_arg("--xlate-addrs", optarg) * 1000; break;
		case 'E': {
			char *end;
			unsigned long v = strtoul(optarg, &end, 10);

			if (*end || end == optarg || !v || v > (1UL << 20))
				bench_die("--xlate-cap: bad count '%s'", optarg);
			opt.xlate_cap = v;
			break;
		}
		case 'Y':
			opt.xlate_reps = int_arg("--xlate-reps", optarg);
			if (opt.xlate_reps > 64)
				bench_die("--xlate-reps: at most 64");
			break;
		case 'r': opt.reps = int_arg("--reps", optarg); break;
		case 'q': bench_quiet = true; break;
		case 'W': opt.warmup = false; break;
		case 'v': opt.verbose = true; break;
		case 'A':
			opt.align = strcmp(optarg, "0") ? size_arg("--align", optarg) : 0;
			if (opt.align & (opt.align - 1))
				bench_die("--align: a power of two");
			break;
		case 'h': usage(stdout, 0); break;
		default: usage(stderr, 2);
		}
	}
	if (optind != argc)
		usage(stderr, 2);

	ctl = ms_open();
	if (ctl < 0)
		bench_die("cannot open %s: %s (is memshare.ko loaded?)", MS_CONTROL_PATH,
			  strerror(-ctl));
	get_env(ctl);
	if (opt.warmup)
		warm_up();

	if (opt.do_vmalloc) {
		if (opt.do_touch)
			bench_touch(ctl, MEMSHARE_BACKEND_VMALLOC, opt.touch_size);
		if (opt.do_stream)
			bench_stream(ctl, MEMSHARE_BACKEND_VMALLOC, opt.stream_size);
		if (opt.do_rw)
			bench_rw(ctl, MEMSHARE_BACKEND_VMALLOC, opt.rw_size);
	}
	if (opt.do_contig) {
		if (!(env.features & MEMSHARE_FEAT_CONTIG)) {
			add_skip("contig", "all", "the module has no contig backend");
		} else if (env.max_contig && opt.contig_size > env.max_contig) {
			add_skip("contig", "all", "%s is over the module's max_contig_bytes (%s)",
				 size_str(opt.contig_size), size_str(env.max_contig));
		} else {
			if (opt.do_touch)
				bench_touch(ctl, MEMSHARE_BACKEND_CONTIG, opt.contig_size);
			if (opt.do_stream)
				bench_stream(ctl, MEMSHARE_BACKEND_CONTIG, opt.contig_size);
			if (opt.do_rw)
				bench_rw(ctl, MEMSHARE_BACKEND_CONTIG, opt.contig_size);
		}
	}

	if (opt.do_pin)
		bench_pin(ctl);
	if (opt.do_xlate)
		bench_xlate(ctl);

	if (opt.json) {
		print_json();
	} else {
		print_table();
		if (opt.json_block) {
			printf("%s\n", JSON_BEGIN);
			print_json();
			printf("%s\n", JSON_END);
		}
	}
	fflush(stdout);
	close(ctl);
	return data_errors ? 1 : 0;
}

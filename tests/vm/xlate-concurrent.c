// SPDX-License-Identifier: MIT
/* Translation while the address space changes under it, for a bounded
 * time (3 s): one thread translates a 64 MiB range (range form, with PAGE,
 * 32 extents per call) and batches of 256 random addresses in it (with
 * PAGE and READ), while another maps, touches, MADV_HUGEPAGEs, splits THPs
 * (MADV_DONTNEED of half of one), mprotects and unmaps 2 MiB-aligned
 * chunks inside it in a loop.  Every call succeeds, every entry is valid
 * (xc_invalid: PRESENT implies MAPPED, HUGE implies a 2M/1G leaf, ...),
 * range extents are in order and cover the range exactly.  Then forked
 * children that exit at once are translated in a loop until -ESRCH: every
 * answer before is valid, no other error.  The runner fails the test on
 * any kernel report. */
#include "xcheck.h"
#include <pthread.h>
#include <time.h>

#define RANGE (64UL << 20)
#define HP XC_2M
#define SECS 3.0

static uint8_t *base;
static volatile int stop;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *mutator(void *arg)
{
	uint32_t x = 12345;
	unsigned long rounds = 0;

	(void)arg;
	while (!stop) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		/* a 4 MiB chunk of the first 32 MiB */
		uint8_t *c = base + (x % 8) * 2 * HP;
		void *p = mmap(c, 2 * HP, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);

		if (p == MAP_FAILED)
			continue;
		madvise(c, 2 * HP, MADV_HUGEPAGE);
		for (size_t o = 0; o < 2 * HP; o += MST_PAGE * (1 + (x & 3)))
			c[o] = (uint8_t)o;
		madvise(c + HP / 2, HP / 2, MADV_DONTNEED);	/* split a THP */
		mprotect(c + HP, HP / 4, (x & 8) ? PROT_READ : PROT_NONE);
		if (x & 16)
			munmap(c + HP + HP / 2, HP / 2);
		if (x & 32)
			mprotect(c + HP, HP / 4, PROT_READ | PROT_WRITE);
		rounds++;
	}
	return (void *)rounds;
}

static void translate_exiting_children(int ctl)
{
	for (int k = 0; k < 20; k++) {
		pid_t c = fork();
		uint64_t addrs[64];
		xc_ent e[64];
		int ok = 0;
		long r = 0;

		CHECK(c >= 0, "fork");
		if (c == 0)
			_exit(0);
		for (int i = 0; i < 64; i++)
			addrs[i] = (uintptr_t)base + (uint64_t)i * (RANGE / 64);
		for (int it = 0; it < 100000; it++) {
			r = xc_batch_raw(ctl, c, MEMSHARE_XLATE_PAGE, addrs, 64, e);
			if (r < 0)
				break;
			for (int i = 0; i < 64; i++)
				XC_VALID(&e[i], true, true, "exiting child");
			ok++;
		}
		CHECK_ERR(r, ESRCH, "XLATE of a child that exited");
		CHECK_EQ(mst_wait_child(c, "exiting child"), 0, "exiting child's status");
		CHECK_ERR(xc_batch_raw(ctl, c, 0, addrs, 1, e), ESRCH, "XLATE of a reaped child");
		if (k == 0)
			NOTE("first exiting child: %d good translations before -ESRCH", ok);
	}
}

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = xc_ctl();
	pthread_t t;
	unsigned long nrange = 0, nbatch = 0, nextents = 0;
	void *rounds;
	uint32_t x = 777;

	base = mmap(NULL, RANGE + HP, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	CHECK(base != MAP_FAILED, "mmap 66 MiB");
	base = (uint8_t *)(((uintptr_t)base + HP - 1) & ~(HP - 1));
	for (size_t o = 32UL << 20; o < RANGE; o += 64 * MST_PAGE)
		base[o] = 1;	/* some stable pages in the upper half */
	CHECK(pthread_create(&t, NULL, mutator, NULL) == 0, "pthread_create");

	double end = now() + SECS;
	uint64_t addrs[256];
	xc_ent *e = calloc(256, sizeof(*e));
	CHECK(e != NULL, "calloc");
	while (now() < end) {
		size_t n;
		xc_ent *ext = xc_range(ctl, 0, MEMSHARE_XLATE_PAGE, (uintptr_t)base,
				       (uintptr_t)base + RANGE, 32, &n, true);

		free(ext);
		nextents += n;
		nrange++;
		for (int i = 0; i < 256; i++) {
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			addrs[i] = (uintptr_t)base + (x % RANGE);
		}
		xc_batch(ctl, 0, MEMSHARE_XLATE_PAGE | MEMSHARE_XLATE_READ, addrs, 256, e);
		for (int i = 0; i < 256; i++) {
			XC_VALID(&e[i], true, true, "concurrent batch");
			CHECK_EQX(e[i].vaddr, addrs[i], "batch vaddr");
		}
		nbatch++;
	}
	stop = 1;
	CHECK(pthread_join(t, &rounds) == 0, "pthread_join");
	NOTE("%lu range passes (%lu extents), %lu batches, %lu mutator rounds", nrange, nextents,
	     nbatch, (unsigned long)(uintptr_t)rounds);
	CHECK(nrange > 0 && (uintptr_t)rounds > 0, "both threads ran");
	translate_exiting_children(ctl);
	PASS();
}

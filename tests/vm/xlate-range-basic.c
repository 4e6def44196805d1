// SPDX-License-Identifier: MIT
/* XLATE range form on a 64-page anon area written fully: extents cover
 * [start, end) exactly, in order, contiguous and of one VMA each; with room
 * for one extent at a time, next continues where the last one ended; a
 * range spanning an unmapped gap has one NONE extent for the gap. */
#include "mstest.h"

#define NP 64

static long xrange(int ctl, uint64_t start, uint64_t end,
		   struct memshare_xlate_entry *e, uint64_t cap, uint64_t *count,
		   uint64_t *next)
{
	struct memshare_xlate x;
	long r;

	memset(&x, 0, sizeof(x));
	x.size = sizeof(x);
	x.flags = MEMSHARE_XLATE_RANGE;
	x.entry_size = sizeof(*e);
	x.entries_ptr = (uintptr_t)e;
	x.count = cap;
	x.start = start;
	x.end = end;
	r = mst_ioctl(ctl, MEMSHARE_IOC_XLATE, &x);
	*count = x.count;
	*next = x.next;
	return r;
}

/* The extents e[0..n) tile [start, end) in order; returns the bytes. */
static uint64_t check_tiles(const struct memshare_xlate_entry *e, uint64_t n,
			    uint64_t start, uint64_t end)
{
	uint64_t at = start;

	for (uint64_t i = 0; i < n; i++) {
		CHECK_EQX(e[i].vaddr, at, "extent starts where the previous ended");
		CHECK(e[i].length > 0 && e[i].length % MST_PAGE == 0,
		      "extent %llu length %llu", (unsigned long long)i,
		      (unsigned long long)e[i].length);
		at += e[i].length;
	}
	CHECK_EQX(at, end, "extents end at the range's end");
	return at - start;
}

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	size_t len = NP * MST_PAGE;
	uint8_t *m = mmap(NULL, len + 2 * MST_PAGE, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct memshare_xlate_entry e[NP + 4], one;
	uint64_t start, end, n, next, total = 0, calls = 0;

	CHECK(m != MAP_FAILED, "mmap");
	CHECK(madvise(m, len + 2 * MST_PAGE, MADV_NOHUGEPAGE) == 0, "madvise");
	/* [m, m+len) written; one unmapped page after; one more page after */
	CHECK(munmap(m + len, MST_PAGE) == 0, "munmap of the gap page");
	memset(m, 7, len);
	m[len + MST_PAGE] = 1;
	start = (uintptr_t)m;
	end = start + len;

	CHECK_OK(xrange(ctl, start, end, e, NP + 4, &n, &next), "XLATE range");
	CHECK(n >= 1 && n <= NP, "extents %llu", (unsigned long long)n);
	CHECK_EQX(next, end, "next = end when done");
	CHECK_EQ(check_tiles(e, n, start, end), len, "bytes covered");
	for (uint64_t i = 0; i < n; i++) {
		CHECK(e[i].flags & MEMSHARE_XF_PRESENT, "extent %llu present",
		      (unsigned long long)i);
		CHECK_EQ(e[i].vma_kind, MEMSHARE_VMA_ANON, "vma_kind");
		CHECK_EQ(e[i].level, MEMSHARE_LEVEL_PTE, "level");
		if (e[i].flags & MEMSHARE_XF_PHYS) {
			CHECK_EQX(e[i].pfn, mst_pagemap_pfn((void *)(uintptr_t)e[i].vaddr),
				  "extent pfn as pagemap");
			for (uint64_t p = 0; p < e[i].length / MST_PAGE; p++)
				CHECK_EQX(mst_pagemap_pfn((void *)(uintptr_t)
							  (e[i].vaddr + p * MST_PAGE)),
					  e[i].pfn + p, "extent physically contiguous");
		}
	}
	if (!mst_have_cap_sys_admin())
		CHECK_EQ(n, 1, "without PHYS one extent for a uniform area");

	/* one extent per call: next continues */
	for (uint64_t at = start; at < end; at = next) {
		CHECK_OK(xrange(ctl, at, end, &one, 1, &n, &next), "XLATE range, count 1");
		CHECK_EQ(n, 1, "one extent written");
		CHECK_EQX(one.vaddr, at, "extent starts at the call's start");
		CHECK_EQX(next, one.vaddr + one.length, "next = end of the extent");
		CHECK(next <= end, "next within the range");
		total += one.length;
		CHECK(++calls <= NP, "calls bounded");
	}
	CHECK_EQ(total, len, "bytes over all calls");

	/* unaligned start and end round out to pages */
	CHECK_OK(xrange(ctl, start + 5, end - 5, e, NP + 4, &n, &next), "XLATE unaligned");
	CHECK_EQ(check_tiles(e, n, start, end), len, "unaligned range rounded out");

	/* across the gap */
	CHECK_OK(xrange(ctl, end - MST_PAGE, end + 2 * MST_PAGE, e, NP + 4, &n, &next),
		 "XLATE across a gap");
	CHECK_EQ(n, 3, "extents: last page, gap, page after");
	check_tiles(e, n, end - MST_PAGE, end + 2 * MST_PAGE);
	CHECK_EQ(e[1].vma_kind, MEMSHARE_VMA_NONE, "gap: vma_kind");
	CHECK_EQ(e[1].level, MEMSHARE_LEVEL_NONE, "gap: level");
	CHECK_EQ(e[1].flags & ~MEMSHARE_XF_PHYS, 0, "gap: flags");
	CHECK_EQ(e[1].length, MST_PAGE, "gap: length");
	CHECK(e[2].flags & MEMSHARE_XF_PRESENT, "page after the gap present");

	/* start == end: nothing */
	CHECK_OK(xrange(ctl, start, start, e, NP, &n, &next), "XLATE empty range");
	CHECK_EQ(n, 0, "empty range: no extents");
	PASS();
}

// SPDX-License-Identifier: MIT
/* Cross-check of a forked child sharing pages with its parent: the parent
 * translates the child (pid) and itself.  Before any write, every page of
 * a written anonymous region has the same PFN in both (the module, and
 * /proc/CHILD/pagemap), is write-protected in both, mapcount 2 (as
 * /proc/kpagecount), not exclusive in pagemap, and XLATE_READ through the
 * child reads the parent's pattern.  After the child writes the first
 * half, those pages have new PFNs in the child only (mapcount 1 each,
 * child's data through XLATE_READ is what it wrote), the second half is
 * still shared.  (No pin here: a pin of a shared anonymous page may
 * unshare it, which is not what is being checked.) */
#include "xcheck.h"

#define NP 16
#define LEN (NP * MST_PAGE)

static void check_shared(int ctl, pid_t child, uint8_t *m, int from, int to, const char *when)
{
	uint64_t addrs[NP], pm[NP];
	xc_ent p[NP], c[NP];

	for (int i = 0; i < NP; i++)
		addrs[i] = (uintptr_t)m + i * MST_PAGE + 8 * i;
	xc_batch(ctl, 0, MEMSHARE_XLATE_PAGE | MEMSHARE_XLATE_READ, addrs, NP, p);
	xc_batch(ctl, child, MEMSHARE_XLATE_PAGE | MEMSHARE_XLATE_READ, addrs, NP, c);
	xc_pagemap(child, (uintptr_t)m, NP, pm);
	for (int i = from; i < to; i++) {
		char w[96];
		uint64_t mine;

		snprintf(w, sizeof(w), "%s: page %d", when, i);
		XC_VALID(&p[i], true, true, w);
		XC_VALID(&c[i], true, true, w);
		CHECK(c[i].flags & MEMSHARE_XF_PRESENT, "%s: child's page not present: %s", w,
		      xc_str(&c[i]));
		CHECK_EQ(c[i].vma_kind, MEMSHARE_VMA_ANON, "child's VMA kind");
		CHECK_EQX(c[i].pfn, p[i].pfn, "child's PFN == parent's for a page not written since fork");
		CHECK_EQX(pm[i] & PM_PFN_MASK, c[i].pfn, "child's pagemap PFN == module's");
		CHECK(!(pm[i] & PM_EXCLUSIVE), "%s: child's pagemap 0x%llx says exclusive", w,
		      (unsigned long long)pm[i]);
		CHECK(!(c[i].flags & MEMSHARE_XF_WRITE) && !(p[i].flags & MEMSHARE_XF_WRITE),
		      "%s: a COW-shared page is writable: %s / %s", w, xc_str(&p[i]), xc_str(&c[i]));
		CHECK_EQ(c[i].page.mapcount, 2, "mapcount of a page shared by parent and child");
		CHECK_EQ(xc_kpage("/proc/kpagecount", c[i].pfn), 2, "/proc/kpagecount of a shared page");
		memcpy(&mine, (void *)(uintptr_t)addrs[i], 8);
		CHECK_EQX(c[i].data, mine, "XLATE_READ through the child == the parent's bytes");
	}
}

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = xc_ctl();
	int go[2], ack[2];
	uint8_t *m = mmap(NULL, LEN, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char b;

	CHECK(m != MAP_FAILED, "mmap");
	CHECK(madvise(m, LEN, MADV_NOHUGEPAGE) == 0, "madvise");
	mst_pattern(m, LEN, 16);
	CHECK(pipe(go) == 0 && pipe(ack) == 0, "pipe");
	pid_t child = fork();
	CHECK(child >= 0, "fork");
	if (child == 0) {
		if (read(go[0], &b, 1) != 1)
			_exit(2);
		mst_pattern(m, LEN / 2, 17);
		if (write(ack[1], "w", 1) != 1)
			_exit(2);
		if (read(go[0], &b, 1) != 1)
			_exit(2);
		_exit(0);
	}
	check_shared(ctl, child, m, 0, NP, "before the child writes");

	CHECK(write(go[1], "g", 1) == 1 && read(ack[0], &b, 1) == 1, "sync with the child");
	check_shared(ctl, child, m, NP / 2, NP, "second half, after the child wrote the first");
	uint8_t *want = malloc(LEN / 2);
	uint64_t addrs[NP / 2];
	xc_ent p[NP / 2], c[NP / 2];

	CHECK(want != NULL, "malloc");
	mst_pattern(want, LEN / 2, 17);
	for (int i = 0; i < NP / 2; i++)
		addrs[i] = (uintptr_t)m + i * MST_PAGE + 8 * i;
	xc_batch(ctl, 0, MEMSHARE_XLATE_PAGE | MEMSHARE_XLATE_READ, addrs, NP / 2, p);
	xc_batch(ctl, child, MEMSHARE_XLATE_PAGE | MEMSHARE_XLATE_READ, addrs, NP / 2, c);
	for (int i = 0; i < NP / 2; i++) {
		uint64_t w8, mine;

		XC_VALID(&c[i], true, true, "child after COW");
		CHECK(c[i].pfn != p[i].pfn, "page %d written by the child: child's PFN 0x%llx == parent's",
		      i, (unsigned long long)c[i].pfn);
		CHECK(c[i].flags & MEMSHARE_XF_WRITE, "page %d: child's COW copy not writable: %s", i,
		      xc_str(&c[i]));
		CHECK_EQ(c[i].page.mapcount, 1, "mapcount of the child's COW copy");
		CHECK_EQ(p[i].page.mapcount, 1, "mapcount of the parent's page after the child's COW");
		memcpy(&w8, want + i * MST_PAGE + 8 * i, 8);
		memcpy(&mine, (void *)(uintptr_t)addrs[i], 8);
		CHECK_EQX(c[i].data, w8, "XLATE_READ through the child == what the child wrote");
		CHECK_EQX(p[i].data, mine, "XLATE_READ through the parent == the parent's bytes");
	}
	CHECK(write(go[1], "x", 1) == 1, "release the child");
	CHECK_EQ(mst_wait_child(child, "child"), 0, "child's exit status");
	free(want);
	PASS();
}

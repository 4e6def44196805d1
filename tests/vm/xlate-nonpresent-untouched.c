// SPDX-License-Identifier: MIT
/* Never-touched private anonymous memory (4 MiB, MADV_NOHUGEPAGE): every
 * page is MAPPED (VMA kind ANON, the mapping's bounds) but not PRESENT,
 * with no PFN, no swap entry, and the walk stopped at a level whose entry
 * is empty (0), with nothing below it; pagemap agrees (neither present
 * nor swapped, no PFN).  The range form gives the same in extents that
 * cover the range; one page past the mapping (a guard gap) is not
 * MAPPED. */
#include "xcheck.h"

#define LEN (4UL << 20)
#define NP (LEN / MST_PAGE)

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = xc_ctl();
	uint8_t *raw = mmap(NULL, LEN + 2 * MST_PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	CHECK(raw != MAP_FAILED, "mmap");
	CHECK(munmap(raw + LEN + MST_PAGE, MST_PAGE) == 0 && munmap(raw, MST_PAGE) == 0, "munmap");
	uint8_t *m = raw + MST_PAGE;
	CHECK(mprotect(m, LEN, PROT_READ | PROT_WRITE) == 0, "mprotect");
	CHECK(madvise(m, LEN, MADV_NOHUGEPAGE) == 0, "madvise");

	uint64_t *addrs = calloc(NP + 1, 8), *pm = calloc(NP, 8);
	xc_ent *e = calloc(NP + 1, sizeof(*e));
	CHECK(addrs && pm && e, "calloc");
	for (size_t i = 0; i < NP; i++)
		addrs[i] = (uintptr_t)m + i * MST_PAGE + 100;
	addrs[NP] = (uintptr_t)m + LEN;
	xc_batch(ctl, 0, MEMSHARE_XLATE_PAGE | MEMSHARE_XLATE_READ, addrs, NP + 1, e);
	xc_pagemap(0, (uintptr_t)m, NP, pm);
	for (size_t i = 0; i < NP; i++) {
		char w[64];

		snprintf(w, sizeof(w), "untouched page %zu", i);
		XC_VALID(&e[i], true, true, w);
		CHECK((e[i].flags & (MEMSHARE_XF_MAPPED | MEMSHARE_XF_PRESENT | MEMSHARE_XF_SWAP |
				     MEMSHARE_XF_MIGRATION | MEMSHARE_XF_NONPRESENT_OTHER)) ==
		      MEMSHARE_XF_MAPPED, "%s: want MAPPED only: %s", w, xc_str(&e[i]));
		CHECK_EQ(e[i].vma_kind, MEMSHARE_VMA_ANON, "untouched: VMA kind");
		CHECK_EQX(e[i].vma_start, (uintptr_t)m, "vma_start");
		CHECK_EQX(e[i].vma_end, (uintptr_t)m + LEN, "vma_end");
		CHECK(e[i].level >= MEMSHARE_LEVEL_PTE && e[i].level <= MEMSHARE_LEVEL_PGD,
		      "%s: level %u, want where the walk stopped", w, e[i].level);
		CHECK_EQX(e[i].entries[xc_ent_idx(e[i].level)], 0, "the entry at the level (empty)");
		CHECK(!e[i].pfn && !e[i].paddr && !e[i].page_size, "%s: pfn/paddr/page_size: %s", w,
		      xc_str(&e[i]));
		CHECK(!(pm[i] & (PM_PRESENT | PM_SWAP | PM_PFN_MASK)), "%s: pagemap 0x%llx", w,
		      (unsigned long long)pm[i]);
	}
	XC_VALID(&e[NP], true, true, "guard page");
	CHECK(!(e[NP].flags & MEMSHARE_XF_MAPPED) && e[NP].vma_kind == MEMSHARE_VMA_NONE,
	      "address past the mapping: %s", xc_str(&e[NP]));

	size_t n;
	xc_ent *x = xc_range(ctl, 0, MEMSHARE_XLATE_PAGE, (uintptr_t)m, (uintptr_t)m + LEN, 16, &n, true);
	for (size_t k = 0; k < n; k++)
		CHECK((x[k].flags & (MEMSHARE_XF_MAPPED | MEMSHARE_XF_PRESENT)) == MEMSHARE_XF_MAPPED,
		      "untouched extent %zu: %s", k, xc_str(&x[k]));
	NOTE("%zu extents over 4 MiB untouched; first %s", n, xc_str(&x[0]));
	PASS();
}

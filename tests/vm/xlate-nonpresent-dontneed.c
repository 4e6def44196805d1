// SPDX-License-Identifier: MIT
/* Pages dropped with MADV_DONTNEED: of 16 written private anonymous pages
 * (MADV_NOHUGEPAGE), the 8 odd ones are dropped.  They are MAPPED, not
 * PRESENT, with no PFN and no swap entry, the walk stopping at an empty
 * entry (the PTE, or the PMD where the kernel freed the page table);
 * pagemap says not present, not swapped.  The even pages are still
 * present with their PFNs (module == pagemap), and an odd page read again
 * maps the zero page. */
#include "xcheck.h"

#define NP 16
#define LEN (NP * MST_PAGE)

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = xc_ctl();
	uint8_t *m = mmap(NULL, LEN, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint64_t addrs[NP], pm[NP];
	xc_ent b[NP], e[NP];

	CHECK(m != MAP_FAILED, "mmap");
	CHECK(madvise(m, LEN, MADV_NOHUGEPAGE) == 0, "madvise");
	mst_pattern(m, LEN, 18);
	for (int i = 0; i < NP; i++)
		addrs[i] = (uintptr_t)m + i * MST_PAGE;
	xc_batch(ctl, 0, 0, addrs, NP, b);
	for (int i = 1; i < NP; i += 2)
		CHECK(madvise(m + i * MST_PAGE, MST_PAGE, MADV_DONTNEED) == 0, "MADV_DONTNEED");
	xc_batch(ctl, 0, MEMSHARE_XLATE_PAGE, addrs, NP, e);
	xc_pagemap(0, (uintptr_t)m, NP, pm);
	for (int i = 0; i < NP; i++) {
		char w[64];

		snprintf(w, sizeof(w), "page %d (%s)", i, i & 1 ? "dropped" : "kept");
		XC_VALID(&e[i], true, true, w);
		if (!(i & 1)) {
			CHECK(e[i].flags & MEMSHARE_XF_PRESENT, "%s: not present: %s", w, xc_str(&e[i]));
			CHECK_EQX(e[i].pfn, b[i].pfn, "kept page: PFN unchanged");
			CHECK_EQX(pm[i] & PM_PFN_MASK, e[i].pfn, "kept page: pagemap PFN == module's");
			continue;
		}
		CHECK((e[i].flags & (MEMSHARE_XF_MAPPED | MEMSHARE_XF_PRESENT | MEMSHARE_XF_SWAP |
				     MEMSHARE_XF_MIGRATION | MEMSHARE_XF_NONPRESENT_OTHER)) ==
		      MEMSHARE_XF_MAPPED, "%s: want MAPPED only: %s", w, xc_str(&e[i]));
		CHECK(e[i].level == MEMSHARE_LEVEL_PTE || e[i].level == MEMSHARE_LEVEL_PMD,
		      "%s: level %s, want pte (or pmd if the table was freed): %s", w,
		      xc_level_str(e[i].level), xc_str(&e[i]));
		CHECK_EQX(e[i].entries[xc_ent_idx(e[i].level)], 0, "the dropped page's entry (empty)");
		CHECK(!e[i].pfn && !e[i].paddr, "%s: pfn/paddr: %s", w, xc_str(&e[i]));
		CHECK(!(pm[i] & (PM_PRESENT | PM_SWAP | PM_PFN_MASK)), "%s: pagemap 0x%llx", w,
		      (unsigned long long)pm[i]);
	}
	mst_touch_read(m + MST_PAGE, MST_PAGE);
	xc_ent z = xc_one(ctl, 0, 0, (uintptr_t)m + MST_PAGE);
	CHECK((z.flags & (MEMSHARE_XF_PRESENT | MEMSHARE_XF_ZERO_PAGE)) ==
	      (MEMSHARE_XF_PRESENT | MEMSHARE_XF_ZERO_PAGE), "dropped page read again: %s", xc_str(&z));
	PASS();
}

// SPDX-License-Identifier: MIT
/* Translating one's own memory without CAP_SYS_ADMIN (uid 1000): pages
 * are PRESENT with their level, flags and VMA, but no PFN: pfn and paddr
 * are 0, XF_PHYS is clear, the raw entries' address bits are 0 at every
 * level (as pagemap hides PFNs); the range form too, and pagemap itself
 * shows no PFN either. */
#include "xcheck.h"

#define NP 8
#define LEN (NP * MST_PAGE)

int main(void)
{
	MST_INIT();
	mst_require_unpriv();
	int ctl = xc_ctl();
	uint8_t *m = mst_anon(LEN, 0x5a);
	uint64_t addrs[NP], pm[NP];
	xc_ent e[NP];

	for (int i = 0; i < NP; i++)
		addrs[i] = (uintptr_t)m + i * MST_PAGE + 3;
	xc_batch(ctl, 0, MEMSHARE_XLATE_PAGE, addrs, NP, e);
	xc_pagemap(0, (uintptr_t)m, NP, pm);
	for (int i = 0; i < NP; i++) {
		char w[64];

		snprintf(w, sizeof(w), "own page %d as uid %d", i, (int)getuid());
		XC_VALID(&e[i], false, true, w);
		CHECK((e[i].flags & (MEMSHARE_XF_MAPPED | MEMSHARE_XF_PRESENT | MEMSHARE_XF_PHYS)) ==
		      (MEMSHARE_XF_MAPPED | MEMSHARE_XF_PRESENT), "%s: want MAPPED|PRESENT, no PHYS: %s",
		      w, xc_str(&e[i]));
		CHECK(!e[i].pfn && !e[i].paddr, "%s: PFN shown: %s", w, xc_str(&e[i]));
		for (int l = 0; l < MEMSHARE_ENT_NR; l++)
			CHECK(!(e[i].entries[l] & XC_ADDR_BITS), "%s: entries[%d] = 0x%llx has address bits",
			      w, l, (unsigned long long)e[i].entries[l]);
		CHECK(e[i].entries[xc_ent_idx(e[i].level)] & XC_PTE_P,
		      "%s: leaf entry's flag bits hidden too (0x%llx)", w,
		      (unsigned long long)e[i].entries[xc_ent_idx(e[i].level)]);
		CHECK_EQ(e[i].vma_kind, MEMSHARE_VMA_ANON, "own page VMA kind");
		CHECK((pm[i] & (PM_PRESENT | PM_PFN_MASK)) == PM_PRESENT,
		      "%s: pagemap 0x%llx, want present without PFN", w, (unsigned long long)pm[i]);
	}
	size_t n;
	xc_ent *x = xc_range(ctl, 0, 0, (uintptr_t)m, (uintptr_t)m + LEN, 4, &n, false);
	for (size_t k = 0; k < n; k++)
		CHECK(x[k].flags & MEMSHARE_XF_PRESENT, "range extent %zu: %s", k, xc_str(&x[k]));
	free(x);
	PASS();
}

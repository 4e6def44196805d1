// SPDX-License-Identifier: MIT
/* Triple cross-check, private anonymous 4K memory (MADV_NOHUGEPAGE), every
 * page written: the module's walk (batch and range forms), pagemap and a
 * pin agree on every PFN, and the kernel's read at the physical address
 * is what the process reads.  The module says: VMA kind ANON, level PTE,
 * page_size 4K, PRESENT|WRITE|USER|ACCESSED|DIRTY (|NX where the CPU has
 * it), an anonymous order-0 page mapped once, as /proc/kpageflags and
 * /proc/kpagecount say; pagemap says exclusive, not a file page. */
#include "xcheck.h"

#define NP 64

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = xc_ctl();
	uint8_t *m = mmap(NULL, NP * MST_PAGE, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	xc_ent e[NP];
	uint64_t pm[NP];
	bool nx = xc_cpu_nx();

	CHECK(m != MAP_FAILED, "mmap");
	CHECK(madvise(m, NP * MST_PAGE, MADV_NOHUGEPAGE) == 0, "madvise(MADV_NOHUGEPAGE)");
	mst_pattern(m, NP * MST_PAGE, 1);
	xc_check(ctl, "anon", m, NP * MST_PAGE, MEMSHARE_VMA_ANON, 0, e);
	xc_pagemap(0, (uintptr_t)m, NP, pm);
	for (int i = 0; i < NP; i++) {
		char w[64];
		uint64_t want = MEMSHARE_XF_PRESENT | MEMSHARE_XF_WRITE | MEMSHARE_XF_USER |
				MEMSHARE_XF_ACCESSED | MEMSHARE_XF_DIRTY | (nx ? MEMSHARE_XF_NX : 0);

		snprintf(w, sizeof(w), "anon page %d", i);
		CHECK((e[i].flags & want) == want, "%s: flags lack 0x%llx: %s", w,
		      (unsigned long long)(want & ~e[i].flags), xc_str(&e[i]));
		CHECK(!(e[i].flags & (MEMSHARE_XF_HUGE | MEMSHARE_XF_THP | MEMSHARE_XF_SPECIAL |
				      MEMSHARE_XF_ZERO_PAGE | MEMSHARE_XF_PROTNONE)),
		      "%s: unexpected flags: %s", w, xc_str(&e[i]));
		CHECK_EQ(e[i].level, MEMSHARE_LEVEL_PTE, "anon 4K page: level PTE");
		CHECK_EQ(e[i].page_size, MST_PAGE, "anon 4K page: page_size");
		CHECK(e[i].vma_flags & MEMSHARE_VMA_F_NOHUGEPAGE, "%s: vma_flags 0x%x lack NOHUGEPAGE",
		      w, e[i].vma_flags);
		CHECK((e[i].vma_flags & (MEMSHARE_VMA_F_READ | MEMSHARE_VMA_F_WRITE |
					 MEMSHARE_VMA_F_EXEC | MEMSHARE_VMA_F_SHARED)) ==
		      (MEMSHARE_VMA_F_READ | MEMSHARE_VMA_F_WRITE),
		      "%s: vma_flags 0x%x, want READ|WRITE, not EXEC/SHARED", w, e[i].vma_flags);
		CHECK_EQX(e[i].vma_start, (uintptr_t)m, "vma_start of the mapping");
		CHECK_EQX(e[i].vma_end, (uintptr_t)m + NP * MST_PAGE, "vma_end of the mapping");
		xc_check_compound(&e[i], 0, 0, w);
		CHECK(e[i].page.flags & MEMSHARE_PS_ANON, "%s: page not ANON: 0x%llx", w,
		      (unsigned long long)e[i].page.flags);
		CHECK(!(e[i].page.flags & MEMSHARE_PS_FILE), "%s: anon page with PS_FILE", w);
		CHECK_EQ(e[i].page.mapcount, 1, "anon page mapcount");
		CHECK(e[i].page.refcount >= 1, "%s: refcount %u", w, e[i].page.refcount);
		CHECK(e[i].page.zone >= MEMSHARE_ZONE_DMA && e[i].page.zone <= MEMSHARE_ZONE_MOVABLE,
		      "%s: zone %u", w, e[i].page.zone);
		xc_check_kpageflags(&e[i], w);
		CHECK_EQ(xc_kpage("/proc/kpagecount", e[i].pfn), (uint64_t)e[i].page.mapcount,
			 "/proc/kpagecount == module mapcount");
		CHECK((pm[i] & (PM_PRESENT | PM_EXCLUSIVE | PM_FILE | PM_SWAP)) ==
		      (PM_PRESENT | PM_EXCLUSIVE), "%s: pagemap 0x%llx, want PRESENT|EXCLUSIVE", w,
		      (unsigned long long)pm[i]);
	}
	PASS();
}

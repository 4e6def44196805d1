// SPDX-License-Identifier: MIT
/* Triple cross-check, transparent huge pages: a 2 MiB-aligned 4 MiB
 * anonymous region with MADV_HUGEPAGE, written.  Module, pagemap and a pin
 * agree on every 4K page's PFN.  Where the kernel gave a THP, the module
 * says level PMD, page_size 2M, XF_HUGE|XF_THP, a 2M-aligned physical
 * address, compound order 9 with this page's index in it (as
 * /proc/kpageflags: THP, HEAD or TAIL).  A region the kernel left
 * PTE-mapped (fragmentation) is checked as such and the test says so; it
 * is skipped when no THP at all could be had. */
#include "xcheck.h"

#define HP XC_2M
#define NP (2 * HP / MST_PAGE)

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = xc_ctl();
	char mode[128] = "";
	int nthp = 0;

	mst_read_file("/sys/kernel/mm/transparent_hugepage/enabled", mode, sizeof(mode));
	if (!mode[0] || strstr(mode, "[never]"))
		SKIP("THP unavailable or disabled (transparent_hugepage/enabled: \"%s\")", mode);
	uint8_t *raw = mmap(NULL, 4 * HP, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(raw != MAP_FAILED, "mmap 8 MiB");
	uint8_t *m = (uint8_t *)(((uintptr_t)raw + HP - 1) & ~(HP - 1));
	CHECK(madvise(m, 2 * HP, MADV_HUGEPAGE) == 0, "madvise(MADV_HUGEPAGE) (got -%s)",
	      mst_errname(errno));
	mst_pattern(m, 2 * HP, 2);

	xc_ent *e = calloc(NP, sizeof(*e));
	CHECK(e != NULL, "calloc");
	xc_check(ctl, "thp", m, 2 * HP, MEMSHARE_VMA_ANON, 0, e);
	for (int h = 0; h < 2; h++) {
		xc_ent *hp = &e[h * (NP / 2)];

		if (hp->level != MEMSHARE_LEVEL_PMD) {
			NOTE("huge page %d: the kernel gave no THP (level %s): checked PTE-mapped",
			     h, xc_level_str(hp->level));
			for (size_t i = 0; i < NP / 2; i++)
				CHECK_EQ(hp[i].level, MEMSHARE_LEVEL_PTE, "level of a PTE-mapped page");
			continue;
		}
		nthp++;
		CHECK_EQX(hp->pfn & 511, 0, "THP head PFN 2M-aligned");
		for (size_t i = 0; i < NP / 2; i++) {
			char w[64];

			snprintf(w, sizeof(w), "THP %d page %zu", h, i);
			CHECK_EQ(hp[i].level, MEMSHARE_LEVEL_PMD, "every page of a THP: level PMD");
			CHECK_EQ(hp[i].page_size, HP, "THP page_size");
			CHECK((hp[i].flags & (MEMSHARE_XF_HUGE | MEMSHARE_XF_THP)) ==
			      (MEMSHARE_XF_HUGE | MEMSHARE_XF_THP), "%s: no HUGE|THP: %s", w,
			      xc_str(&hp[i]));
			CHECK_EQX(hp[i].pfn, hp->pfn + i, "PFN of page i of a THP == head + i");
			CHECK(hp[i].vma_flags & MEMSHARE_VMA_F_HUGEPAGE, "%s: no VMA_F_HUGEPAGE", w);
			CHECK_EQX(hp[i].entries[MEMSHARE_ENT_PTE], 0, "no PTE below a PMD leaf");
			xc_check_compound(&hp[i], 9, i, w);
			CHECK((hp[i].page.flags & (MEMSHARE_PS_THP | MEMSHARE_PS_ANON | MEMSHARE_PS_HUGE)) ==
			      (MEMSHARE_PS_THP | MEMSHARE_PS_ANON), "%s: page.flags 0x%llx, want THP|ANON, not HUGE",
			      w, (unsigned long long)hp[i].page.flags);
			if (!(i % 64) || i == NP / 2 - 1)
				xc_check_kpageflags(&hp[i], w);
		}
	}
	if (!nthp)
		SKIP("cross-check passed, but the kernel gave no THP for the region (memory fragmented?)");
	NOTE("%d of 2 huge pages were THPs", nthp);
	PASS();
}

// SPDX-License-Identifier: MIT
/* Triple cross-check, hugetlb: 2 huge pages of a private MAP_HUGETLB
 * mapping (reserved through /proc/sys/vm/nr_hugepages, restored at exit;
 * skipped if none can be had), written.  Module, pagemap and a pin agree on
 * every 4K page's PFN; the module says VMA kind HUGETLB (VM_HUGETLB), level
 * PMD, page_size 2M, XF_HUGE but not XF_THP, compound order 9 with the
 * page's index, PS_HUGE as /proc/kpageflags. */
#include "xcheck.h"

#define NRHP "/proc/sys/vm/nr_hugepages"
#define HP XC_2M
#define NP (2 * HP / MST_PAGE)

static char saved[32];

static void restore(void)
{
	if (saved[0])
		mst_write_file(NRHP, saved);
}

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = xc_ctl();
	long free_kb;
	char line[128];

	if (mst_read_file(NRHP, saved, sizeof(saved)) < 0)
		SKIP("no %s (kernel without hugetlb)", NRHP);
	atexit(restore);
	if (atoi(saved) < 4 && mst_write_file(NRHP, "4") < 0)
		SKIP("cannot write %s", NRHP);
	FILE *f = fopen("/proc/meminfo", "r");
	CHECK(f != NULL, "fopen(/proc/meminfo)");
	free_kb = -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "HugePages_Free: %ld", &free_kb) == 1)
			break;
	fclose(f);
	if (free_kb < 2)
		SKIP("fewer than 2 free huge pages after nr_hugepages=4 (HugePages_Free %ld)", free_kb);

	uint8_t *m = mmap(NULL, 2 * HP, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);
	if (m == MAP_FAILED)
		SKIP("mmap(MAP_HUGETLB, 4 MiB) failed: %s", strerror(errno));
	mst_pattern(m, 2 * HP, 3);

	xc_ent *e = calloc(NP, sizeof(*e));
	CHECK(e != NULL, "calloc");
	xc_check(ctl, "hugetlb", m, 2 * HP, MEMSHARE_VMA_HUGETLB, 0, e);
	for (size_t i = 0; i < NP; i++) {
		xc_ent *hp = &e[i & ~(NP / 2 - 1)];
		size_t idx = i % (NP / 2);
		char w[64];

		snprintf(w, sizeof(w), "hugetlb page %zu", i);
		CHECK_EQ(e[i].level, MEMSHARE_LEVEL_PMD, "hugetlb: level PMD");
		CHECK_EQ(e[i].page_size, HP, "hugetlb: page_size");
		CHECK((e[i].flags & (MEMSHARE_XF_HUGE | MEMSHARE_XF_THP)) == MEMSHARE_XF_HUGE,
		      "%s: want HUGE, not THP: %s", w, xc_str(&e[i]));
		CHECK(e[i].vma_flags & MEMSHARE_VMA_F_HUGETLB, "%s: vma_flags 0x%x lack HUGETLB", w,
		      e[i].vma_flags);
		CHECK_EQX(hp->pfn & 511, 0, "huge page head PFN 2M-aligned");
		CHECK_EQX(e[i].pfn, hp->pfn + idx, "PFN of page i of a huge page == head + i");
		xc_check_compound(&e[i], 9, idx, w);
		CHECK(e[i].page.flags & MEMSHARE_PS_HUGE, "%s: page.flags 0x%llx lack PS_HUGE", w,
		      (unsigned long long)e[i].page.flags);
		CHECK(!(e[i].page.flags & MEMSHARE_PS_THP), "%s: hugetlb page with PS_THP", w);
		if (!(idx % 64))
			xc_check_kpageflags(&e[i], w);
	}
	CHECK_OK(SYSRES(munmap(m, 2 * HP)), "munmap");
	PASS();
}

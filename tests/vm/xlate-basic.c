// SPDX-License-Identifier: MIT
/* XLATE of the caller's own addresses, batch form, as root: a written anon
 * page (present, writable, user, dirty, 4K PTE leaf, the PFN pagemap shows,
 * the raw PTE's address bits, READ gives the word written, PAGE gives an
 * anonymous mapped page), an untouched anon page (mapped, not present) and
 * an unmapped address (nothing); pt_levels as MEMSHARE_IOC_VERSION says. */
#include "mstest.h"

static long xlate(int ctl, uint32_t flags, const uint64_t *addrs,
		  struct memshare_xlate_entry *e, uint64_t n)
{
	struct memshare_xlate x;

	memset(&x, 0, sizeof(x));
	memset(e, 0xa5, n * sizeof(*e));
	x.size = sizeof(x);
	x.flags = flags;
	x.entry_size = sizeof(*e);
	x.addrs_ptr = (uintptr_t)addrs;
	x.entries_ptr = (uintptr_t)e;
	x.count = n;
	return mst_ioctl(ctl, MEMSHARE_IOC_XLATE, &x);
}

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = mst_ctl();
	struct memshare_version v = mst_version(ctl);
	uint8_t *m = mmap(NULL, 3 * MST_PAGE, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct memshare_xlate_entry e[3];
	uint64_t addrs[3], pfn, word = 0x0123456789abcdefULL;

	CHECK(m != MAP_FAILED, "mmap");
	CHECK(madvise(m, 3 * MST_PAGE, MADV_NOHUGEPAGE) == 0, "madvise");
	memset(m, 0x11, MST_PAGE);
	memcpy(m + 0x128, &word, sizeof(word));
	/* page 2 unmapped, page 1 never touched */
	CHECK(munmap(m + 2 * MST_PAGE, MST_PAGE) == 0, "munmap");
	pfn = mst_pagemap_pfn(m);
	CHECK(pfn != 0, "pagemap shows the written page");

	addrs[0] = (uintptr_t)m + 0x12b;
	addrs[1] = (uintptr_t)m + MST_PAGE;
	addrs[2] = (uintptr_t)m + 2 * MST_PAGE + 5;
	CHECK_OK(xlate(ctl, MEMSHARE_XLATE_PAGE | MEMSHARE_XLATE_READ, addrs, e, 3),
		 "XLATE of 3 addresses");

	/* the written page */
	uint64_t want = MEMSHARE_XF_MAPPED | MEMSHARE_XF_PRESENT | MEMSHARE_XF_WRITE |
			MEMSHARE_XF_USER | MEMSHARE_XF_DIRTY | MEMSHARE_XF_PHYS |
			MEMSHARE_XF_PAGE | MEMSHARE_XF_DATA;
	CHECK((e[0].flags & want) == want, "written page: flags 0x%llx lack 0x%llx",
	      (unsigned long long)e[0].flags, (unsigned long long)(want & ~e[0].flags));
	CHECK(!(e[0].flags & (MEMSHARE_XF_SWAP | MEMSHARE_XF_HUGE | MEMSHARE_XF_SPECIAL |
			      MEMSHARE_XF_ZERO_PAGE | MEMSHARE_XF_PROTNONE)),
	      "written page: unexpected flags 0x%llx", (unsigned long long)e[0].flags);
	CHECK_EQX(e[0].vaddr, addrs[0], "vaddr");
	CHECK_EQ(e[0].level, MEMSHARE_LEVEL_PTE, "level");
	CHECK_EQ(e[0].page_size, 4096, "page_size");
	CHECK_EQ(e[0].length, 4096 - 0x12b, "length to the end of the page");
	CHECK_EQ(e[0].pt_levels, v.pt_levels, "pt_levels as VERSION");
	CHECK(e[0].pt_levels == 4 || e[0].pt_levels == 5, "pt_levels %u", e[0].pt_levels);
	CHECK_EQX(e[0].pfn, pfn, "pfn as pagemap");
	CHECK_EQX(e[0].paddr, pfn * MST_PAGE + 0x12b, "paddr");
	CHECK_EQX((e[0].entries[MEMSHARE_ENT_PTE] >> 12) & ((1ULL << 40) - 1), pfn,
		  "PFN bits of the raw PTE");
	CHECK(e[0].entries[MEMSHARE_ENT_PMD] & 1, "PMD entry present");
	CHECK(e[0].entries[MEMSHARE_ENT_PUD] & 1, "PUD entry present");
	CHECK(e[0].entries[MEMSHARE_ENT_PGD] & 1, "PGD entry present");
	if (e[0].pt_levels == 4)
		CHECK_EQX(e[0].entries[MEMSHARE_ENT_P4D], e[0].entries[MEMSHARE_ENT_PGD],
			  "folded p4d == pgd");
	CHECK_EQ(e[0].vma_kind, MEMSHARE_VMA_ANON, "vma_kind");
	CHECK_EQ(e[0].vma_flags & (MEMSHARE_VMA_F_READ | MEMSHARE_VMA_F_WRITE |
				   MEMSHARE_VMA_F_SHARED | MEMSHARE_VMA_F_EXEC),
		 MEMSHARE_VMA_F_READ | MEMSHARE_VMA_F_WRITE, "vma_flags rw, private");
	CHECK_EQX(e[0].vma_start, (uintptr_t)m, "vma_start");
	CHECK_EQX(e[0].vma_end, (uintptr_t)m + 2 * MST_PAGE, "vma_end");
	CHECK_EQX(e[0].data, word, "READ: the 8 bytes at vaddr & ~7");
	CHECK((e[0].page.flags & (MEMSHARE_PS_ANON | MEMSHARE_PS_MMAP)) ==
	      (MEMSHARE_PS_ANON | MEMSHARE_PS_MMAP), "page flags 0x%llx lack ANON|MMAP",
	      (unsigned long long)e[0].page.flags);
	CHECK(!(e[0].page.flags & (MEMSHARE_PS_FREE | MEMSHARE_PS_SLAB | MEMSHARE_PS_FILE)),
	      "page flags 0x%llx", (unsigned long long)e[0].page.flags);
	CHECK(e[0].page.refcount >= 1, "refcount %u", e[0].page.refcount);
	CHECK_EQ(e[0].page.mapcount, 1, "mapcount");
	CHECK_EQ(e[0].page.order, 0, "order");
	CHECK(e[0].page.zone != MEMSHARE_ZONE_UNKNOWN, "zone known");

	/* never touched: mapped, nothing present */
	CHECK(e[1].flags & MEMSHARE_XF_MAPPED, "untouched page: MAPPED");
	CHECK(!(e[1].flags & (MEMSHARE_XF_PRESENT | MEMSHARE_XF_PAGE | MEMSHARE_XF_DATA |
			      MEMSHARE_XF_SWAP)),
	      "untouched page: flags 0x%llx", (unsigned long long)e[1].flags);
	CHECK_EQ(e[1].pfn, 0, "untouched page: pfn");
	CHECK_EQ(e[1].page_size, 0, "untouched page: page_size");
	CHECK(e[1].level >= MEMSHARE_LEVEL_PTE, "untouched page: level %u", e[1].level);
	CHECK_EQ(e[1].vma_kind, MEMSHARE_VMA_ANON, "untouched page: vma_kind");

	/* unmapped */
	CHECK_EQ(e[2].flags & ~MEMSHARE_XF_PHYS, 0, "unmapped: flags");
	CHECK_EQ(e[2].level, MEMSHARE_LEVEL_NONE, "unmapped: level");
	CHECK_EQ(e[2].vma_kind, MEMSHARE_VMA_NONE, "unmapped: vma_kind");
	CHECK_EQ(e[2].vma_start, 0, "unmapped: vma_start");
	CHECK_EQX(e[2].vaddr, addrs[2], "unmapped: vaddr");
	CHECK_EQ(e[2].length, 4096 - 5, "unmapped: length");
	for (int i = 0; i < MEMSHARE_ENT_NR; i++)
		CHECK_EQ(e[2].entries[i], 0, "unmapped: entries");
	PASS();
}

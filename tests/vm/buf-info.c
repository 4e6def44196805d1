// SPDX-License-Identifier: MIT
/* BUF_INFO describes the buffer; with pfns_ptr it returns one PFN per page
 * (root), equal to what /proc/self/pagemap shows for a mapping; pfns_count
 * is clamped to the pages that exist from pfns_first on. */
#include "mstest.h"

#define NP 16

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = mst_ctl();

	for (uint32_t backend = 0; backend <= 1; backend++) {
		int fd = mst_create(ctl, NP * MST_PAGE, backend, MEMSHARE_MAP_LAZY);
		struct memshare_buf_info bi = mst_binfo(fd);
		uint64_t pfns[NP + 4];

		CHECK_EQ(bi.length, NP * MST_PAGE, "length");
		CHECK_EQ(bi.nr_pages, NP, "nr_pages");
		CHECK(bi.flags & MEMSHARE_INFO_PHYS, "flags: PHYS unset for root (0x%x)", bi.flags);
		CHECK_EQ(bi.pfns_count, 0, "pfns_count without pfns_ptr");

		/* all pages */
		memset(pfns, 0xee, sizeof(pfns));
		mst_pfns(fd, 0, pfns, NP);
		for (int i = 0; i < NP; i++) {
			CHECK(pfns[i] && pfns[i] != 0xeeeeeeeeeeeeeeeeULL,
			      "backend %u: PFN of page %d (got 0x%llx)", backend, i,
			      (unsigned long long)pfns[i]);
			for (int j = 0; j < i; j++)
				CHECK(pfns[i] != pfns[j], "pages %d and %d share PFN 0x%llx", i, j,
				      (unsigned long long)pfns[i]);
		}
		CHECK_EQ(pfns[NP], 0xeeeeeeeeeeeeeeeeULL, "pfns[] written beyond pfns_count");

		/* the library agrees */
		uint64_t lp[NP];
		int64_t n = ms_buf_pfns(fd, 0, lp, NP);
		CHECK_EQ(n, NP, "ms_buf_pfns count");
		CHECK(!memcmp(lp, pfns, sizeof(lp)), "ms_buf_pfns differs from raw BUF_INFO");

		/* a window */
		uint64_t w[3];
		mst_pfns(fd, 5, w, 3);
		for (int i = 0; i < 3; i++)
			CHECK_EQX(w[i], pfns[5 + i], "PFN from pfns_first 5");

		/* clamped at the end: from page NP-2, ask for 6 */
		struct memshare_buf_info q = { .size = sizeof(q) };
		uint64_t tail[6];
		memset(tail, 0xee, sizeof(tail));
		q.pfns_ptr = (uintptr_t)tail;
		q.pfns_first = NP - 2;
		q.pfns_count = 6;
		CHECK_OK(mst_ioctl(fd, MEMSHARE_IOC_BUF_INFO, &q), "BUF_INFO pfns past the end");
		CHECK_EQ(q.pfns_count, 2, "pfns_count written from pfns_first NP-2");
		CHECK_EQX(tail[0], pfns[NP - 2], "PFN NP-2");
		CHECK_EQX(tail[1], pfns[NP - 1], "PFN NP-1");
		CHECK_EQX(tail[2], 0xeeeeeeeeeeeeeeeeULL, "pfns[] written beyond the buffer's pages");

		/* the mapping shows the same PFNs */
		uint8_t *m = mst_map(fd, 0, NP * MST_PAGE);
		mst_check_pagemap(m, NP * MST_PAGE, pfns, backend ? "contig" : "vmalloc");
		CHECK_EQ(mst_binfo(fd).nr_mappings, 1, "nr_mappings while mapped");
		mst_unmap(m, NP * MST_PAGE);
		CHECK_EQ(mst_binfo(fd).nr_mappings, 0, "nr_mappings after munmap");
		close(fd);
	}
	PASS();
}

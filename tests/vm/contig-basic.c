// SPDX-License-Identifier: MIT
/* A contig buffer is physically contiguous: consecutive PFNs, phys_addr ==
 * first PFN << 12, and a mapping shows exactly those PFNs; the same for the
 * param buffer seed004c (1M). */
#include "mstest.h"

static void check_contig(int fd, uint64_t len, const char *what)
{
	uint64_t np = len / MST_PAGE;
	uint64_t *pfns = calloc(np, sizeof(*pfns));
	struct memshare_buf_info bi = mst_binfo(fd);

	CHECK_EQ(bi.backend, MEMSHARE_BACKEND_CONTIG, "backend");
	CHECK_EQ(bi.length, len, "length");
	CHECK(bi.flags & MEMSHARE_INFO_PHYS, "%s: flags PHYS unset (root)", what);
	mst_pfns(fd, 0, pfns, np);
	CHECK(pfns[0] != 0, "%s: first PFN is 0", what);
	for (uint64_t i = 1; i < np; i++)
		if (pfns[i] != pfns[0] + i)
			FAIL("%s: PFN of page %" PRIu64 " (got 0x%" PRIx64 ", want 0x%" PRIx64 " = first + %" PRIu64 ")",
			     what, i, pfns[i], pfns[0] + i, i);
	CHECK_EQX(bi.phys_addr, pfns[0] << 12, "phys_addr == first PFN << 12");

	uint8_t *m = mst_map(fd, 0, len);
	mst_check_pagemap(m, len, pfns, what);
	mst_unmap(m, len);
	free(pfns);
}

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = mst_ctl();
	struct memshare_version v = mst_version(ctl);

	CHECK(v.features & MEMSHARE_FEAT_CONTIG, "feature CONTIG missing");
	uint64_t lens[] = { MST_PAGE, 3 * MST_PAGE, 256 << 10 };
	for (unsigned i = 0; i < 3; i++)
	for (uint32_t policy = 0; policy <= 1; policy++) {
		char what[64];
		int fd = mst_create(ctl, lens[i], MEMSHARE_BACKEND_CONTIG, policy);

		snprintf(what, sizeof(what), "contig %" PRIu64 " bytes policy %u", lens[i], policy);
		check_contig(fd, lens[i], what);
		close(fd);
	}

	if (mst_exists("/dev/memshare-" MST_SEEDC)) {
		int fd = (int)CHECK_OK(mst_open_raw(ctl, MST_SEEDC), "OPEN " MST_SEEDC);
		check_contig(fd, MST_SEEDC_SIZE, MST_SEEDC);
		close(fd);
	} else {
		NOTE("param buffer seed004c absent: not checked");
	}
	PASS();
}

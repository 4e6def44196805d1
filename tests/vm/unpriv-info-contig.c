// SPDX-License-Identifier: MIT
/* Without CAP_SYS_ADMIN, BUF_INFO of a contig buffer: phys_addr 0, every
 * PFN 0 (written, count kept), no MEMSHARE_INFO_PHYS; the buffer works. */
#include "mstest.h"

#define NP 16

int main(void)
{
	MST_INIT();
	mst_require_unpriv();
	int ctl = mst_ctl();
	int fd = mst_create(ctl, NP * MST_PAGE, MEMSHARE_BACKEND_CONTIG, MEMSHARE_MAP_LAZY);
	uint64_t pfns[NP + 1];

	struct memshare_buf_info bi = { .size = sizeof(bi) };
	memset(pfns, 0xee, sizeof(pfns));
	bi.pfns_ptr = (uintptr_t)pfns;
	bi.pfns_count = NP;
	bi.phys_addr = 0x1234000;	/* an output field: must be overwritten */
	CHECK_OK(mst_ioctl(fd, MEMSHARE_IOC_BUF_INFO, &bi), "BUF_INFO with pfns");
	CHECK_EQ(bi.backend, MEMSHARE_BACKEND_CONTIG, "backend");
	CHECK_EQ(bi.nr_pages, NP, "nr_pages");
	CHECK_EQX(bi.flags & MEMSHARE_INFO_PHYS, 0, "flags PHYS (unprivileged)");
	CHECK_EQX(bi.phys_addr, 0, "phys_addr (unprivileged)");
	CHECK_EQ(bi.pfns_count, NP, "pfns_count (unprivileged)");
	for (int i = 0; i < NP; i++)
		CHECK_EQX(pfns[i], 0, "PFN (unprivileged)");
	CHECK_EQX(pfns[NP], 0xeeeeeeeeeeeeeeeeULL, "pfns[] written beyond pfns_count");

	uint8_t *m = mst_map(fd, 0, NP * MST_PAGE);
	memset(m, 0x3c, NP * MST_PAGE);
	CHECK_EQX(mst_kcrc(fd, 0, NP * MST_PAGE), ms_crc32c(m, NP * MST_PAGE), "kernel CRC");
	mst_unmap(m, NP * MST_PAGE);
	close(fd);
	PASS();
}

// SPDX-License-Identifier: MIT
/* Without privileges: anonymous buffers can be created, mapped, read,
 * written and checked by the kernel; BUF_INFO hides physical addresses
 * (PFNs 0, phys_addr 0, no MEMSHARE_INFO_PHYS). */
#include "mstest.h"

#define LEN (8 * MST_PAGE)

int main(void)
{
	MST_INIT();
	mst_require_unpriv();
	int ctl = mst_ctl();
	static uint8_t pat[LEN];

	mst_pattern(pat, LEN, 7);
	for (uint32_t policy = 0; policy <= 1; policy++) {
		int fd = mst_create(ctl, LEN, MEMSHARE_BACKEND_VMALLOC, policy);
		uint8_t *m = mst_map(fd, 0, LEN);

		memcpy(m, pat, LEN);
		CHECK_EQX(mst_kcrc(fd, 0, LEN), ms_crc32c(pat, LEN), "kernel CRC of the mapping");
		struct memshare_buf_info bi = mst_binfo(fd);
		CHECK_EQX(bi.flags & MEMSHARE_INFO_PHYS, 0, "flags PHYS for an unprivileged caller");
		CHECK_EQX(bi.phys_addr, 0, "phys_addr for an unprivileged caller");
		uint64_t pfns[8];
		memset(pfns, 0xee, sizeof(pfns));
		mst_pfns(fd, 0, pfns, 8);
		for (int i = 0; i < 8; i++)
			CHECK_EQX(pfns[i], 0, "PFN for an unprivileged caller");
		/* pagemap hides PFNs from unprivileged readers too: nothing to compare */
		mst_unmap(m, LEN);
		close(fd);
	}
	PASS();
}

// SPDX-License-Identifier: MIT
/* mmap at any page offset inside the buffer maps the right pages (data and,
 * as root, PFNs), for every backend and policy. */
#include "mstest.h"

#define NP 8

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	bool root = mst_have_cap_sys_admin();

	for (uint32_t backend = 0; backend <= 1; backend++)
	for (uint32_t policy = 0; policy <= 1; policy++) {
		int fd = mst_create(ctl, NP * MST_PAGE, backend, policy);
		uint64_t pfns[NP];
		uint8_t page[MST_PAGE];

		/* page i is filled with byte 0x10 + i */
		for (int i = 0; i < NP; i++) {
			memset(page, 0x10 + i, MST_PAGE);
			CHECK_EQ(pwrite(fd, page, MST_PAGE, (off_t)i * MST_PAGE), MST_PAGE, "pwrite");
		}
		if (root)
			mst_pfns(fd, 0, pfns, NP);
		for (int off = 0; off < NP; off++)
		for (int len = 1; off + len <= NP; len += 2) {
			uint8_t *m = mst_map(fd, (uint64_t)off * MST_PAGE, (size_t)len * MST_PAGE);

			for (int i = 0; i < len; i++) {
				long bad = mst_find_not(m + i * MST_PAGE, MST_PAGE, 0x10 + off + i);
				if (bad >= 0)
					FAIL("backend %u policy %u: mapping at page %d, its page %d byte %ld (got 0x%02x, want 0x%02x)",
					     backend, policy, off, i, bad, m[i * MST_PAGE + bad], 0x10 + off + i);
			}
			if (root)
				mst_check_pagemap(m, (size_t)len * MST_PAGE, pfns + off,
						  "mapping at a page offset");
			/* a store lands at the right offset */
			m[len * MST_PAGE - 1] = 0xee;
			uint8_t b = 0;
			CHECK_EQ(pread(fd, &b, 1, (off_t)(off + len) * MST_PAGE - 1), 1, "pread");
			CHECK_EQX(b, 0xee, "store at the end of an offset mapping, read back");
			b = (uint8_t)(0x10 + off + len - 1);
			CHECK_EQ(pwrite(fd, &b, 1, (off_t)(off + len) * MST_PAGE - 1), 1, "pwrite");
			mst_unmap(m, (size_t)len * MST_PAGE);
		}
		close(fd);
	}
	PASS();
}

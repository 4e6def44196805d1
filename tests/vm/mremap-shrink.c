// SPDX-License-Identifier: MIT
/* Shrinking a mapping with mremap works: the rest stays mapped with the
 * same data, the mapping count stays 1, and munmap of the rest drops it. */
#include "mstest.h"

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();

	for (uint32_t backend = 0; backend <= 1; backend++)
	for (uint32_t policy = 0; policy <= 1; policy++) {
		int fd = mst_create(ctl, 8 * MST_PAGE, backend, policy);
		uint8_t *m = mst_map(fd, 0, 8 * MST_PAGE);

		for (int i = 0; i < 8; i++)
			m[i * MST_PAGE] = (uint8_t)(i + 1);
		void *r = mremap(m, 8 * MST_PAGE, 3 * MST_PAGE, 0);
		CHECK(r == m, "mremap shrink 8 -> 3 pages (got %s, want the same address)",
		      r == MAP_FAILED ? mst_errname(errno) : "another address");
		for (int i = 0; i < 3; i++)
			CHECK_EQ(m[i * MST_PAGE], i + 1, "data after shrink");
		m[2 * MST_PAGE + 5] = 0x99;
		uint8_t b = 0;
		CHECK_EQ(pread(fd, &b, 1, 2 * MST_PAGE + 5), 1, "pread");
		CHECK_EQX(b, 0x99, "store through the shrunk mapping");
		CHECK_EQ(mst_binfo(fd).nr_mappings, 1, "nr_mappings after shrink");
		/* the pages beyond are unmapped now: map them again works */
		uint8_t *m2 = mst_map(fd, 3 * MST_PAGE, 5 * MST_PAGE);
		CHECK_EQ(m2[0], 4, "page 3 via a new mapping");
		mst_unmap(m2, 5 * MST_PAGE);
		mst_unmap(m, 3 * MST_PAGE);
		CHECK_EQ(mst_binfo(fd).nr_mappings, 0, "nr_mappings after munmap");
		close(fd);
	}
	PASS();
}

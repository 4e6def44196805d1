// SPDX-License-Identifier: MIT
/* Without CAP_SYS_ADMIN, PIN_INFO extents have phys_addr 0 and no
 * MEMSHARE_PIN_INFO_PHYS, but correct offsets and lengths: a pin of a
 * contig buffer's mapping is one extent of the pinned length; a pin of
 * anonymous memory at an odd offset has extents that start at 0, follow
 * each other and add up to the length, no more than its pages. */
#include "mstest.h"

#define LEN (16 * MST_PAGE)

int main(void)
{
	MST_INIT();
	mst_require_unpriv();
	int ctl = mst_ctl();
	int fd = mst_create(ctl, LEN, MEMSHARE_BACKEND_CONTIG, MEMSHARE_MAP_LAZY);
	uint8_t *m = mst_map(fd, 0, LEN);
	struct memshare_extent e[20];
	struct memshare_pin_info info;

	memset(m, 1, LEN);
	int pin = mst_pin(ctl, m + 77, LEN - 100, MEMSHARE_PIN_WRITE);
	memset(e, 0xee, sizeof(e));
	CHECK_EQ(mst_pin_extents(pin, e, 20, &info), 1, "extents of a contig buffer (unprivileged)");
	CHECK_EQX(info.flags & MEMSHARE_PIN_INFO_PHYS, 0, "PIN_INFO flags PHYS (unprivileged)");
	CHECK_EQ(e[0].offset, 0, "extent offset");
	CHECK_EQ(e[0].length, LEN - 100, "extent length");
	CHECK_EQX(e[0].phys_addr, 0, "extent phys_addr (unprivileged)");
	close(pin);
	mst_unmap(m, LEN);
	close(fd);

	uint8_t *a = mst_anon(LEN, 2);
	uint8_t *p = a + 1000;
	uint64_t plen = 12 * MST_PAGE + 1;
	pin = mst_pin(ctl, p, plen, 0);
	uint64_t n = mst_pin_extents(pin, e, 20, &info);
	CHECK_EQ(info.nr_extents, n, "nr_extents");
	CHECK(n >= 1 && n <= info.nr_pages, "extents (got %llu, want 1..%llu)",
	      (unsigned long long)n, (unsigned long long)info.nr_pages);
	uint64_t off = 0;
	for (uint64_t i = 0; i < n; i++) {
		CHECK_EQ(e[i].offset, off, "extent offset follows the previous extent");
		CHECK(e[i].length > 0, "extent %llu has length 0", (unsigned long long)i);
		if (i > 0 && i < n - 1)
			CHECK_EQ(e[i].length % MST_PAGE, 0, "a middle extent is whole pages");
		CHECK_EQX(e[i].phys_addr, 0, "extent phys_addr (unprivileged)");
		off += e[i].length;
	}
	CHECK_EQ(off, plen, "extents add up to the length");
	if (n > 1)
		CHECK_EQ((e[0].length + 1000) % MST_PAGE, 0, "the first extent ends at a page boundary");
	close(pin);
	munmap(a, LEN);
	PASS();
}

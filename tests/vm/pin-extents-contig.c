// SPDX-License-Identifier: MIT
/* The extents of a pin of a contig memshare buffer's mapping are one
 * extent: the whole mapping (phys_addr = BUF_INFO phys_addr), and a
 * sub-range at an odd offset (phys_addr = phys_addr + offset, length
 * exact). */
#include "mstest.h"

#define LEN (64 << 10)

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = mst_ctl();
	int fd = mst_create(ctl, LEN, MEMSHARE_BACKEND_CONTIG, MEMSHARE_MAP_LAZY);
	uint8_t *m = mst_map(fd, 0, LEN);
	struct memshare_buf_info bi = mst_binfo(fd);
	struct memshare_extent e[4];
	struct memshare_pin_info info;

	CHECK(bi.phys_addr != 0, "BUF_INFO phys_addr of a contig buffer (root)");
	memset(m, 1, LEN);
	int pin = mst_pin(ctl, m, LEN, MEMSHARE_PIN_WRITE | MEMSHARE_PIN_LONGTERM);
	CHECK_EQ(mst_pin_extents(pin, e, 4, &info), 1, "extents of a pinned contig buffer");
	CHECK_EQ(info.nr_extents, 1, "nr_extents");
	CHECK_EQX(info.flags, MEMSHARE_PIN_INFO_PHYS, "PIN_INFO flags (root)");
	CHECK_EQ(e[0].offset, 0, "extent offset");
	CHECK_EQ(e[0].length, LEN, "extent length");
	CHECK_EQX(e[0].phys_addr, bi.phys_addr, "extent phys_addr = BUF_INFO phys_addr");
	close(pin);

	uint64_t off = 3 * MST_PAGE + 123, len = 5 * MST_PAGE + 5;
	pin = mst_pin(ctl, m + off, len, 0);
	CHECK_EQ(mst_pin_extents(pin, e, 4, &info), 1, "extents of a sub-range");
	CHECK_EQ(info.first_offset, 123, "first_offset");
	CHECK_EQ(info.nr_pages, 6, "nr_pages of 5 pages + 5 bytes at +123");
	CHECK_EQ(e[0].offset, 0, "sub-range extent offset");
	CHECK_EQ(e[0].length, len, "sub-range extent length");
	CHECK_EQX(e[0].phys_addr, bi.phys_addr + off, "sub-range extent phys_addr");
	/* a short array: one written, the total told */
	memset(e, 0xee, sizeof(e));
	CHECK_EQ(mst_pin_extents(pin, e, 0, &info), 0, "extents_count 0");
	CHECK_EQ(info.nr_extents, 1, "nr_extents with extents_count 0");
	CHECK_EQX(e[0].offset, 0xeeeeeeeeeeeeeeeeULL, "extent written with extents_count 0");
	close(pin);
	mst_unmap(m, LEN);
	close(fd);
	PASS();
}

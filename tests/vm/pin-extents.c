// SPDX-License-Identifier: MIT
/* PIN_INFO describes the pin: addr, length, nr_pages, pin_flags,
 * first_offset; the extents are the physically contiguous runs that
 * /proc/self/pagemap shows, byte-exact (first at offset 0 and the pinned
 * address's physical address, the last ending at the length); a short
 * array gets the first extents_count of them and nr_extents tells the
 * total; an array at a bad address is -EFAULT. */
#include "mstest.h"

#define NP 64
#define LEN (NP * MST_PAGE)

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = mst_ctl();
	uint8_t *m = mst_anon(LEN, 0x1a);
	uint8_t *p = m + 5 * MST_PAGE + 2345;
	uint64_t plen = 40 * MST_PAGE + 3;
	int pin = mst_pin(ctl, p, plen, MEMSHARE_PIN_WRITE);

	struct memshare_pin_info i = mst_pin_info(pin);
	CHECK_EQX(i.addr, (uintptr_t)p, "PIN_INFO addr");
	CHECK_EQ(i.length, plen, "PIN_INFO length");
	CHECK_EQ(i.nr_pages, 41, "PIN_INFO nr_pages (40 pages + 3 bytes at +2345)");
	CHECK_EQX(i.pin_flags, MEMSHARE_PIN_WRITE, "PIN_INFO pin_flags");
	CHECK_EQ(i.first_offset, 2345, "PIN_INFO first_offset");
	CHECK_EQX(i.flags, MEMSHARE_PIN_INFO_PHYS, "PIN_INFO flags (root)");
	CHECK_EQ(i.extents_count, 0, "extents_count without extents_ptr");

	uint64_t n = mst_check_extents_pagemap(pin, p, plen, "anonymous memory");
	CHECK_EQ(i.nr_extents, n, "nr_extents without extents_ptr");
	NOTE("%llu extents for 41 pages", (unsigned long long)n);

	struct memshare_extent all[NP], one[2];
	struct memshare_pin_info info;
	CHECK_EQ(mst_pin_extents(pin, all, NP, NULL), n, "extents");
	memset(one, 0xee, sizeof(one));
	CHECK_EQ(mst_pin_extents(pin, one, 1, &info), 1, "extents_count 1");
	CHECK_EQ(info.nr_extents, n, "nr_extents with a short array");
	CHECK(!memcmp(&one[0], &all[0], sizeof(one[0])), "first extent with a short array");
	CHECK_EQX(one[1].offset, 0xeeeeeeeeeeeeeeeeULL, "written beyond extents_count");

	memset(&info, 0, sizeof(info));
	info.size = sizeof(info);
	info.extents_ptr = 8;
	info.extents_count = 4;
	CHECK_ERR(mst_ioctl(pin, MEMSHARE_IOC_PIN_INFO, &info), EFAULT, "PIN_INFO extents_ptr 8");
	uint8_t *ro = mmap(NULL, MST_PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	info.extents_ptr = (uintptr_t)ro;
	CHECK_ERR(mst_ioctl(pin, MEMSHARE_IOC_PIN_INFO, &info), EFAULT,
		  "PIN_INFO extents_ptr read-only");
	close(pin);

	/* page-aligned, one page: one extent */
	pin = mst_pin(ctl, m, MST_PAGE, 0);
	CHECK_EQ(mst_check_extents_pagemap(pin, m, MST_PAGE, "one page"), 1, "extents of one page");
	close(pin);
	munmap(ro, MST_PAGE);
	munmap(m, LEN);
	PASS();
}

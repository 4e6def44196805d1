// SPDX-License-Identifier: MIT
/* XLATE with addrs_ptr, entries_ptr or strtab_ptr at unmapped memory is
 * -EFAULT. */
#include "xcheck.h"

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	struct memshare_xlate x;

	x = xc_valid_batch();
	CHECK_OK(mst_ioctl(ctl, MEMSHARE_IOC_XLATE, &x), "valid batch");
	x = xc_valid_range();
	CHECK_OK(mst_ioctl(ctl, MEMSHARE_IOC_XLATE, &x), "valid range");
	void *hole = mmap(NULL, MST_PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *ro = mmap(NULL, 2 * MST_PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	CHECK(hole != MAP_FAILED && ro != MAP_FAILED, "mmap");
	CHECK(munmap(hole, MST_PAGE) == 0, "munmap");
	x = xc_valid_batch();
	x.addrs_ptr = (uintptr_t)hole;
	CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_XLATE, &x), EFAULT, "addrs_ptr unmapped");
	x = xc_valid_batch();
	x.entries_ptr = (uintptr_t)hole;
	CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_XLATE, &x), EFAULT, "entries_ptr unmapped (batch)");
	x = xc_valid_range();
	x.entries_ptr = (uintptr_t)hole;
	CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_XLATE, &x), EFAULT, "entries_ptr unmapped (range)");
	x = xc_valid_batch();
	x.entries_ptr = (uintptr_t)ro;
	CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_XLATE, &x), EFAULT, "entries_ptr read-only");
	x = xc_valid_batch();
	x.addrs_ptr = (uintptr_t)0xffffffff81000000ULL;
	CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_XLATE, &x), EFAULT, "addrs_ptr a kernel address");
	/* a path to store, the string table unmapped */
	x = xc_valid_batch();
	xc_addrs[0] = (uintptr_t)&main;
	x.flags = MEMSHARE_XLATE_PATHS;
	x.strtab_ptr = (uintptr_t)hole;
	x.strtab_size = 4096;
	CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_XLATE, &x), EFAULT, "strtab_ptr unmapped");
	PASS();
}

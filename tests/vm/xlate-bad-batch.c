// SPDX-License-Identifier: MIT
/* XLATE batch form: start or end set, or no addrs_ptr/entries_ptr with a
 * count, is -EINVAL. */
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
	x = xc_valid_batch();
	x.start = 4096;
	CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_XLATE, &x), EINVAL, "start in a batch");
	x = xc_valid_batch();
	x.end = 4096;
	CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_XLATE, &x), EINVAL, "end in a batch");
	x = xc_valid_batch();
	x.addrs_ptr = 0;
	CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_XLATE, &x), EINVAL, "no addrs_ptr");
	x = xc_valid_batch();
	x.entries_ptr = 0;
	CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_XLATE, &x), EINVAL, "no entries_ptr");
	x = xc_valid_batch();
	x.strtab_size = 64;
	CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_XLATE, &x), EINVAL, "strtab without PATHS");
	x = xc_valid_batch();
	x.flags = MEMSHARE_XLATE_PATHS;
	x.strtab_size = 64;
	CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_XLATE, &x), EINVAL, "PATHS, strtab_size, no ptr");
	x = xc_valid_batch();
	x.count = 0;
	x.addrs_ptr = 0;
	x.entries_ptr = 0;
	CHECK_OK(mst_ioctl(ctl, MEMSHARE_IOC_XLATE, &x), "count 0 needs no pointers");
	PASS();
}

// SPDX-License-Identifier: MIT
/* XLATE range form: start > end, addrs_ptr set, end above the user address
 * space are -EINVAL. */
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
	x = xc_valid_range();
	x.start = x.end + MST_PAGE;
	CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_XLATE, &x), EINVAL, "start > end");
	x = xc_valid_range();
	x.addrs_ptr = (uintptr_t)xc_addrs;
	CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_XLATE, &x), EINVAL, "addrs_ptr with RANGE");
	x = xc_valid_range();
	x.end = ~0ULL;
	CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_XLATE, &x), EINVAL, "end past the user range");
	x = xc_valid_range();
	x.entries_ptr = 0;
	CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_XLATE, &x), EINVAL, "no entries_ptr");
	PASS();
}

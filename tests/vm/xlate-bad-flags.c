// SPDX-License-Identifier: MIT
/* XLATE with a flag bit it does not know is -EINVAL, batch and range. */
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
	for (int b = 4; b < 32; b++) {
		x = xc_valid_batch();
		x.flags = 1U << b;
		CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_XLATE, &x), EINVAL, "unknown flag (batch)");
		x = xc_valid_range();
		x.flags |= 1U << b;
		CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_XLATE, &x), EINVAL, "unknown flag (range)");
	}
	PASS();
}

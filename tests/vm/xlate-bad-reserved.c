// SPDX-License-Identifier: MIT
/* XLATE with non-zero __reserved is -EINVAL. */
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
	for (int i = 0; i < 2; i++) {
		x = xc_valid_batch();
		x.__reserved[i] = 1;
		CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_XLATE, &x), EINVAL, "__reserved set");
	}
	PASS();
}

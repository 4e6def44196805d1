// SPDX-License-Identifier: MIT
/* XLATE with count * entry_size overflowing is -EINVAL. */
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
	x.count = ~0ULL / sizeof(xc_ents[0]) + 1;
	CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_XLATE, &x), EINVAL, "count * entry_size overflows (batch)");
	x = xc_valid_range();
	x.count = ~0ULL / 8;
	x.entry_size = 4096;
	CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_XLATE, &x), EINVAL, "count * entry_size overflows (range)");
	PASS();
}

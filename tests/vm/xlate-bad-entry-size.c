// SPDX-License-Identifier: MIT
/* XLATE entry_size smaller than the first entry struct, or not a multiple
 * of 8, is -EINVAL (range and batch; also with count 0). */
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
	static const uint32_t bad[] = { 0, 8, MEMSHARE_XLATE_ENTRY_SIZE_VER0 - 8,
					MEMSHARE_XLATE_ENTRY_SIZE_VER0 + 4,
					MEMSHARE_XLATE_ENTRY_SIZE_VER0 + 1 };

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		x = xc_valid_batch();
		x.entry_size = bad[i];
		CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_XLATE, &x), EINVAL, "bad entry_size (batch)");
		x = xc_valid_range();
		x.entry_size = bad[i];
		CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_XLATE, &x), EINVAL, "bad entry_size (range)");
		x = xc_valid_batch();
		x.entry_size = bad[i];
		x.count = 0;
		CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_XLATE, &x), EINVAL, "bad entry_size, count 0");
	}
	PASS();
}

// SPDX-License-Identifier: MIT
/* KADDR with a non-zero __reserved[] word -> EINVAL, nothing written. */
#include "mstest.h"

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = mst_ctl();

	for (int i = 0; i < 2; i++) {
		struct memshare_kaddr k = { .size = sizeof(k) };

		k.addr = (uintptr_t)&k;
		k.__reserved[i] = 1;
		CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_KADDR, &k), EINVAL,
			  i ? "KADDR __reserved[1] = 1" : "KADDR __reserved[0] = 1");
		CHECK_EQ(k.region, 0, "region after a rejected call");
	}
	struct memshare_kaddr k = { .size = sizeof(k), .addr = (uintptr_t)&k };
	CHECK_OK(mst_ioctl(ctl, MEMSHARE_IOC_KADDR, &k), "KADDR with zero __reserved");
	CHECK_EQ(k.region, MEMSHARE_KR_USER, "region of a user address");
	close(ctl);
	PASS();
}

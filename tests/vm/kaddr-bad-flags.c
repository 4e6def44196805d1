// SPDX-License-Identifier: MIT
/* KADDR with any flag set (none is defined) -> EINVAL, nothing written. */
#include "mstest.h"

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = mst_ctl();
	uint32_t flags[] = { 1, 2, 1U << 16, 1U << 31, ~0U };

	for (unsigned i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		struct memshare_kaddr k = { .size = sizeof(k), .flags = flags[i] };
		char what[64];

		k.addr = (uintptr_t)&k;
		snprintf(what, sizeof(what), "KADDR with flags 0x%x", flags[i]);
		CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_KADDR, &k), EINVAL, what);
		CHECK_EQ(k.region, 0, "region after a rejected call");
		CHECK_EQ(k.region_end, 0, "region_end after a rejected call");
	}
	/* The same call without the flag works. */
	struct memshare_kaddr k = { .size = sizeof(k), .addr = (uintptr_t)&k };
	CHECK_OK(mst_ioctl(ctl, MEMSHARE_IOC_KADDR, &k), "KADDR with flags 0");
	CHECK_EQ(k.region, MEMSHARE_KR_USER, "region of a user address");
	close(ctl);
	PASS();
}

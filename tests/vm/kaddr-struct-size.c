// SPDX-License-Identifier: MIT
/* KADDR with a struct size below MEMSHARE_KADDR_SIZE_VER0 -> EINVAL;
 * exactly VER0 works. */
#include "mstest.h"

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = mst_ctl();
	struct memshare_kaddr k = { .size = sizeof(k), .addr = 4096 };
	uint32_t sizes[] = { 0, 4, 8, 16, MEMSHARE_KADDR_SIZE_VER0 - 8,
			     MEMSHARE_KADDR_SIZE_VER0 - 1 };

	CHECK_EQ(sizeof(k), MEMSHARE_KADDR_SIZE_VER0, "sizeof(struct memshare_kaddr)");
	for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		char what[64];

		snprintf(what, sizeof(what), "KADDR with size %u", sizes[i]);
		CHECK_ERR(mst_ioctl_sized(ctl, MEMSHARE_IOC_KADDR, &k, sizeof(k), sizeof(k),
					  sizes[i], -1, NULL), EINVAL, what);
	}
	struct memshare_kaddr out;
	CHECK_OK(mst_ioctl_sized(ctl, MEMSHARE_IOC_KADDR, &k, sizeof(k), sizeof(k),
				 MEMSHARE_KADDR_SIZE_VER0, -1, &out), "KADDR with size VER0");
	CHECK_EQ(out.region, MEMSHARE_KR_USER, "region of address 4096");
	close(ctl);
	PASS();
}

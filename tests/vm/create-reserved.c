// SPDX-License-Identifier: MIT
/* CREATE with a non-zero reserved field -> EINVAL. */
#include "mstest.h"

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	struct memshare_create c;

	mst_create_init(&c, MST_PAGE);
	c.__reserved0 = 1;
	CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_CREATE, &c), EINVAL, "CREATE __reserved0 = 1");
	for (int i = 0; i < 2; i++) {
		mst_create_init(&c, MST_PAGE);
		c.__reserved[i] = 1ULL << 63;
		CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_CREATE, &c), EINVAL,
			  i ? "CREATE __reserved[1] != 0" : "CREATE __reserved[0] != 0");
	}
	PASS();
}

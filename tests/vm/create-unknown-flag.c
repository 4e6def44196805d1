// SPDX-License-Identifier: MIT
/* CREATE with an unknown flag -> EINVAL. */
#include "mstest.h"

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	uint32_t bad[] = { 1U << 2, 1U << 3, 1U << 31, ~MEMSHARE_CREATE_FLAGS };

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct memshare_create c;
		char what[64];

		mst_create_init(&c, MST_PAGE);
		c.flags = bad[i];
		snprintf(what, sizeof(what), "CREATE flags 0x%x", bad[i]);
		CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_CREATE, &c), EINVAL, what);
	}
	PASS();
}

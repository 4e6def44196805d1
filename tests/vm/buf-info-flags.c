// SPDX-License-Identifier: MIT
/* BUF_INFO flags are output only: any bit set on input -> EINVAL. */
#include "mstest.h"

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	int fd = mst_create(ctl, MST_PAGE, 0, 0);
	uint32_t bad[] = { MEMSHARE_INFO_NAMED, MEMSHARE_INFO_PHYS, 1U << 3, 1U << 31 };

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct memshare_buf_info bi = { .size = sizeof(bi), .flags = bad[i] };
		char what[64];

		snprintf(what, sizeof(what), "BUF_INFO input flags 0x%x", bad[i]);
		CHECK_ERR(mst_ioctl(fd, MEMSHARE_IOC_BUF_INFO, &bi), EINVAL, what);
	}
	close(fd);
	PASS();
}

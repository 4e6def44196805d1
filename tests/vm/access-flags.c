// SPDX-License-Identifier: MIT
/* ACCESS with unknown flags -> EINVAL. */
#include "mstest.h"

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	int fd = mst_create(ctl, MST_PAGE, 0, 0);
	uint32_t bad[] = { 1, 2, 1U << 31 };

	for (unsigned i = 0; i < 3; i++) {
		struct memshare_access a = { .size = sizeof(a), .flags = bad[i],
					     .op = MEMSHARE_ACCESS_FILL, .fill = 1, .length = 16 };
		char what[64];

		snprintf(what, sizeof(what), "ACCESS flags 0x%x", bad[i]);
		CHECK_ERR(mst_ioctl(fd, MEMSHARE_IOC_ACCESS, &a), EINVAL, what);
	}
	uint8_t b[16];
	CHECK_EQ(pread(fd, b, 16, 0), 16, "pread");
	CHECK(mst_find_not(b, 16, 0) < 0, "a rejected FILL stored bytes");
	close(fd);
	PASS();
}

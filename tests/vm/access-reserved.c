// SPDX-License-Identifier: MIT
/* ACCESS with a non-zero reserved field -> EINVAL. */
#include "mstest.h"

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	int fd = mst_create(ctl, MST_PAGE, 0, 0);

	for (int i = 0; i < 3; i++) {
		struct memshare_access a = { .size = sizeof(a), .op = MEMSHARE_ACCESS_FILL,
					     .fill = 1, .length = 16 };
		if (i == 0)
			a.__reserved0 = 1;
		else
			a.__reserved[i - 1] = 1;
		CHECK_ERR(mst_ioctl(fd, MEMSHARE_IOC_ACCESS, &a), EINVAL,
			  i == 0 ? "ACCESS __reserved0 = 1" : "ACCESS __reserved[] != 0");
	}
	uint8_t b[16];
	CHECK_EQ(pread(fd, b, 16, 0), 16, "pread");
	CHECK(mst_find_not(b, 16, 0) < 0, "a rejected FILL stored bytes");
	close(fd);
	PASS();
}

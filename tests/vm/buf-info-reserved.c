// SPDX-License-Identifier: MIT
/* BUF_INFO with a non-zero reserved field -> EINVAL. */
#include "mstest.h"

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	int fd = mst_create(ctl, MST_PAGE, 0, 0);

	for (int i = 0; i < 2; i++) {
		struct memshare_buf_info bi = { .size = sizeof(bi) };

		bi.__reserved[i] = 1;
		CHECK_ERR(mst_ioctl(fd, MEMSHARE_IOC_BUF_INFO, &bi), EINVAL,
			  i ? "BUF_INFO __reserved[1] = 1" : "BUF_INFO __reserved[0] = 1");
	}
	close(fd);
	PASS();
}

// SPDX-License-Identifier: MIT
/* ACCESS CRC32C or FILL with a non-zero user_ptr -> EINVAL. */
#include "mstest.h"

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	int fd = mst_create(ctl, MST_PAGE, 0, 0);
	uint8_t src[16] = { 1 };

	CHECK_ERR(mst_access(fd, MEMSHARE_ACCESS_CRC32C, 0, 16, 0, src, NULL), EINVAL,
		  "ACCESS CRC32C with user_ptr set");
	CHECK_ERR(mst_access(fd, MEMSHARE_ACCESS_FILL, 0, 16, 0x22, src, NULL), EINVAL,
		  "ACCESS FILL with user_ptr set");
	CHECK_ERR(mst_access(fd, MEMSHARE_ACCESS_CRC32C, 0, 0, 0, src, NULL), EINVAL,
		  "ACCESS CRC32C length 0 with user_ptr set");
	uint8_t b[16];
	CHECK_EQ(pread(fd, b, 16, 0), 16, "pread");
	CHECK(mst_find_not(b, 16, 0) < 0, "a rejected FILL stored bytes");
	close(fd);
	PASS();
}

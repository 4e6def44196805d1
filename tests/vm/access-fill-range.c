// SPDX-License-Identifier: MIT
/* ACCESS FILL with fill > 255 -> EINVAL, and nothing is stored. */
#include "mstest.h"

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	int fd = mst_create(ctl, MST_PAGE, 0, 0);
	uint32_t bad[] = { 256, 0x1ff, 0x100 | 0x42, 1U << 31, UINT32_MAX };

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char what[64];

		snprintf(what, sizeof(what), "ACCESS FILL fill 0x%x", bad[i]);
		CHECK_ERR(mst_access(fd, MEMSHARE_ACCESS_FILL, 0, MST_PAGE, bad[i], NULL, NULL),
			  EINVAL, what);
	}
	uint8_t b[MST_PAGE];
	CHECK_EQ(pread(fd, b, MST_PAGE, 0), MST_PAGE, "pread");
	CHECK(mst_find_not(b, MST_PAGE, 0) < 0, "a rejected FILL stored bytes");
	CHECK_OK(mst_access(fd, MEMSHARE_ACCESS_FILL, 0, 1, 255, NULL, NULL), "ACCESS FILL fill 255");
	PASS();
}

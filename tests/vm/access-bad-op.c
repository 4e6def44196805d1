// SPDX-License-Identifier: MIT
/* ACCESS with an unknown op -> EINVAL. */
#include "mstest.h"

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	int fd = mst_create(ctl, MST_PAGE, 0, 0);
	uint32_t bad[] = { 3, 4, 0x80000000u, UINT32_MAX };

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char what[64];

		snprintf(what, sizeof(what), "ACCESS op %u", bad[i]);
		CHECK_ERR(mst_access(fd, bad[i], 0, 16, 0, NULL, NULL), EINVAL, what);
	}
	close(fd);
	PASS();
}

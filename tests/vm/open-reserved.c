// SPDX-License-Identifier: MIT
/* OPEN with a non-zero reserved field -> EINVAL. */
#include "mstest.h"

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = mst_ctl();
	int fd = mst_create_named(ctl, "mst_ores", MST_PAGE, 0, 0);

	close(fd);
	for (int i = 0; i < 3; i++) {
		struct memshare_open o = { .size = sizeof(o), .fd = -1 };

		strcpy(o.name, "mst_ores");
		if (i == 0)
			o.__reserved0 = 1;
		else
			o.__reserved[i - 1] = 1;
		CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_OPEN, &o), EINVAL,
			  i == 0 ? "OPEN __reserved0 = 1" : "OPEN __reserved[] != 0");
	}
	mst_destroy(ctl, "mst_ores");
	PASS();
}

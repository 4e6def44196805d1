// SPDX-License-Identifier: MIT
/* OPEN with unknown flags -> EINVAL. */
#include "mstest.h"

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = mst_ctl();
	int fd = mst_create_named(ctl, "mst_oflags", MST_PAGE, 0, 0);
	uint32_t bad[] = { 1, 2, 1U << 31 };

	close(fd);
	for (unsigned i = 0; i < 3; i++) {
		struct memshare_open o = { .size = sizeof(o), .flags = bad[i], .fd = -1 };
		char what[64];

		strcpy(o.name, "mst_oflags");
		snprintf(what, sizeof(what), "OPEN flags 0x%x", bad[i]);
		CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_OPEN, &o), EINVAL, what);
	}
	mst_destroy(ctl, "mst_oflags");
	PASS();
}

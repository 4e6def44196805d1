// SPDX-License-Identifier: MIT
/* DESTROY with unknown flags -> EINVAL, and the buffer survives. */
#include "mstest.h"

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = mst_ctl();
	int fd = mst_create_named(ctl, "mst_dflags", MST_PAGE, 0, 0);
	uint32_t bad[] = { 1, 2, 1U << 31 };

	close(fd);
	for (unsigned i = 0; i < 3; i++) {
		struct memshare_destroy d = { .size = sizeof(d), .flags = bad[i] };
		char what[64];

		strcpy(d.name, "mst_dflags");
		snprintf(what, sizeof(what), "DESTROY flags 0x%x", bad[i]);
		CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_DESTROY, &d), EINVAL, what);
	}
	fd = (int)CHECK_OK(mst_open_raw(ctl, "mst_dflags"), "OPEN after the rejected DESTROYs");
	close(fd);
	mst_destroy(ctl, "mst_dflags");
	PASS();
}

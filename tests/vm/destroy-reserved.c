// SPDX-License-Identifier: MIT
/* DESTROY with a non-zero reserved field -> EINVAL, and the buffer survives. */
#include "mstest.h"

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = mst_ctl();
	int fd = mst_create_named(ctl, "mst_dres", MST_PAGE, 0, 0);

	close(fd);
	for (int i = 0; i < 2; i++) {
		struct memshare_destroy d = { .size = sizeof(d) };

		strcpy(d.name, "mst_dres");
		d.__reserved[i] = 1;
		CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_DESTROY, &d), EINVAL,
			  i ? "DESTROY __reserved[1] = 1" : "DESTROY __reserved[0] = 1");
	}
	fd = (int)CHECK_OK(mst_open_raw(ctl, "mst_dres"), "OPEN after the rejected DESTROYs");
	close(fd);
	mst_destroy(ctl, "mst_dres");
	PASS();
}

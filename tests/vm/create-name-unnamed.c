// SPDX-License-Identifier: MIT
/* CREATE with a non-empty name but without MEMSHARE_CREATE_NAMED -> EINVAL. */
#include "mstest.h"

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	struct memshare_create c;

	mst_create_init(&c, MST_PAGE);
	strcpy(c.name, "mst_unnamed");
	CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_CREATE, &c), EINVAL, "CREATE name without NAMED");
	CHECK(!mst_exists("/dev/memshare-mst_unnamed"), "/dev/memshare-mst_unnamed exists");
	PASS();
}

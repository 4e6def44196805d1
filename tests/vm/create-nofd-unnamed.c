// SPDX-License-Identifier: MIT
/* CREATE with MEMSHARE_CREATE_NO_FD but without NAMED -> EINVAL (such a
 * buffer could never be reached). */
#include "mstest.h"

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	struct memshare_version v0 = mst_version(ctl);
	struct memshare_create c;

	mst_create_init(&c, MST_PAGE);
	c.flags = MEMSHARE_CREATE_NO_FD;
	CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_CREATE, &c), EINVAL, "CREATE flags NO_FD without NAMED");
	CHECK_EQ(mst_version(ctl).nr_buffers, v0.nr_buffers, "nr_buffers after the rejected CREATE");
	PASS();
}

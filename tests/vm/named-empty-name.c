// SPDX-License-Identifier: MIT
/* A named CREATE with an empty name -> EINVAL. */
#include "mstest.h"

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = mst_ctl();
	struct memshare_version v0 = mst_version(ctl);
	struct memshare_create c;

	mst_create_init(&c, MST_PAGE);
	c.flags = MEMSHARE_CREATE_NAMED;
	CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_CREATE, &c), EINVAL, "CREATE NAMED with name \"\"");
	c.flags = MEMSHARE_CREATE_NAMED | MEMSHARE_CREATE_NO_FD;
	CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_CREATE, &c), EINVAL, "CREATE NAMED|NO_FD with name \"\"");
	CHECK_EQ(mst_version(ctl).nr_buffers, v0.nr_buffers, "nr_buffers after the rejected CREATEs");
	PASS();
}

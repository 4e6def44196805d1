// SPDX-License-Identifier: MIT
/* XLATE of a pid that does not exist is -ESRCH; a negative pid is -EINVAL;
 * the caller's own pid is itself. */
#include "xcheck.h"

int main(void)
{
	MST_INIT();
	int ctl = mst_ctl();
	struct memshare_xlate x;

	x = xc_valid_batch();
	CHECK_OK(mst_ioctl(ctl, MEMSHARE_IOC_XLATE, &x), "valid batch");
	x = xc_valid_range();
	CHECK_OK(mst_ioctl(ctl, MEMSHARE_IOC_XLATE, &x), "valid range");
	pid_t child = fork();

	CHECK(child >= 0, "fork");
	if (!child)
		_exit(0);
	CHECK(waitpid(child, NULL, 0) == child, "waitpid");
	x = xc_valid_batch();
	x.pid = child;
	CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_XLATE, &x), ESRCH, "a reaped pid");
	x = xc_valid_batch();
	x.pid = 0x3ffffff;
	CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_XLATE, &x), ESRCH, "pid beyond pid_max");
	x = xc_valid_batch();
	x.pid = -1;
	CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_XLATE, &x), EINVAL, "pid -1");
	x = xc_valid_batch();
	x.pid = getpid();
	CHECK_OK(mst_ioctl(ctl, MEMSHARE_IOC_XLATE, &x), "own pid");
	CHECK(xc_ents[0].flags & MEMSHARE_XF_PRESENT, "own pid: own page present");
	PASS();
}

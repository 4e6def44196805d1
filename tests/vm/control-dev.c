// SPDX-License-Identifier: MIT
/* The control device /dev/memshare is a char device with mode dev_mode
 * (default 0666), so that anyone can create anonymous buffers. */
#include "mstest.h"

int main(void)
{
	MST_INIT();
	struct stat st;

	CHECK_OK(SYSRES(stat(MS_CONTROL_PATH, &st)), "stat " MS_CONTROL_PATH);
	CHECK(S_ISCHR(st.st_mode), MS_CONTROL_PATH " is not a char device (mode 0%o)", st.st_mode);
	unsigned mode = mst_param_mode("dev_mode", 0666);
	if ((st.st_mode & 07777) != mode)
		FAIL("mode of " MS_CONTROL_PATH " (got 0%o, want 0%o = dev_mode)",
		     st.st_mode & 07777, mode);
	int fd = mst_ctl();
	int fl = fcntl(fd, F_GETFL);
	CHECK((fl & O_ACCMODE) == O_RDWR, "control fd access mode");
	close(fd);
	PASS();
}

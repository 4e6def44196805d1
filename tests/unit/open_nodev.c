// SPDX-License-Identifier: MIT
/* Without the module: ms_open() and ms_named_foreach() give -ENOENT.
 * Skipped where /dev/memshare exists. */
#include <memshare.h>

#include "testutil.h"

static int count(const char *name, void *arg)
{
	(void)name;
	++*(int *)arg;
	return 0;
}

int main(void)
{
	int n = 0, fd;

	if (access(MS_CONTROL_PATH, F_OK) == 0) {
		printf("SKIP: %s exists (the module is loaded)\n",
		       MS_CONTROL_PATH);
		return T_SKIP;
	}
	fd = ms_open();
	CHECK_INT(fd, -ENOENT);
	if (fd >= 0)
		close(fd);
	if (access(MS_SYSFS_CLASS, F_OK) != 0) {
		CHECK_INT(ms_named_foreach(count, &n), -ENOENT);
		CHECK_INT(n, 0);
	}
	return t_result();
}

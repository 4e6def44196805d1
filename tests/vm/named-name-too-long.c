// SPDX-License-Identifier: MIT
/* A name with no NUL within MEMSHARE_NAME_MAX bytes -> ENAMETOOLONG; the
 * longest name (NAME_MAX - 1 characters) works. */
#include "mstest.h"

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = mst_ctl();
	struct memshare_create c;

	mst_create_init(&c, MST_PAGE);
	c.flags = MEMSHARE_CREATE_NAMED;
	memset(c.name, 'a', sizeof(c.name));	/* 32 characters, no NUL */
	CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_CREATE, &c), ENAMETOOLONG,
		  "CREATE with a 32-byte name without NUL");
	c.flags |= MEMSHARE_CREATE_NO_FD;
	CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_CREATE, &c), ENAMETOOLONG,
		  "CREATE NO_FD with a 32-byte name without NUL");

	char name[MEMSHARE_NAME_MAX];
	memset(name, 'b', sizeof(name) - 1);
	name[sizeof(name) - 1] = 0;		/* 31 characters */
	mst_track(name);
	int fd = (int)CHECK_OK(mst_create_named_raw(ctl, name, MST_PAGE, 0, 0, 0),
			       "CREATE with a 31-character name");
	struct memshare_buf_info bi = mst_binfo(fd);
	CHECK(!strcmp(bi.name, name), "BUF_INFO name (got \"%.32s\", want \"%s\")", bi.name, name);
	char path[128];
	snprintf(path, sizeof(path), "/dev/memshare-%s", name);
	CHECK(mst_wait_path(path, true), "%s does not exist", path);
	close(fd);
	fd = (int)CHECK_OK(mst_open_raw(ctl, name), "OPEN of the 31-character name");
	close(fd);
	CHECK_OK(mst_destroy_raw(ctl, name), "DESTROY of the 31-character name");
	PASS();
}

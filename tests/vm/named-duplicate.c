// SPDX-License-Identifier: MIT
/* CREATE of a name that exists -> EEXIST (a test buffer and the param
 * buffer seed004), and the existing buffer is untouched. */
#include "mstest.h"

#define NAME "mst_dup"

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = mst_ctl();

	int fd = mst_create_named(ctl, NAME, 2 * MST_PAGE, 0, 0);
	CHECK_EQ(pwrite(fd, "keep", 4, 0), 4, "pwrite");
	struct memshare_version v0 = mst_version(ctl);

	for (uint32_t backend = 0; backend <= 1; backend++) {
		long r = mst_create_named_raw(ctl, NAME, MST_PAGE, backend, 0, 0);
		CHECK_ERR(r, EEXIST, "second CREATE of " NAME);
		r = mst_create_named_raw(ctl, NAME, MST_PAGE, backend, 0, MEMSHARE_CREATE_NO_FD);
		CHECK_ERR(r, EEXIST, "second CREATE NO_FD of " NAME);
	}
	struct memshare_version v1 = mst_version(ctl);
	CHECK_EQ(v1.nr_buffers, v0.nr_buffers, "nr_buffers after EEXIST");
	CHECK_EQ(v1.nr_named, v0.nr_named, "nr_named after EEXIST");
	CHECK_EQ(v1.total_bytes, v0.total_bytes, "total_bytes after EEXIST");

	int ofd = (int)CHECK_OK(mst_open_raw(ctl, NAME), "OPEN " NAME);
	struct memshare_buf_info bi = mst_binfo(ofd);
	CHECK_EQ(bi.length, 2 * MST_PAGE, "length of the existing buffer");
	char b[5] = { 0 };
	CHECK_EQ(pread(ofd, b, 4, 0), 4, "pread");
	CHECK(!strcmp(b, "keep"), "data of the existing buffer (got \"%s\", want \"keep\")", b);
	close(ofd);
	close(fd);
	mst_destroy(ctl, NAME);

	if (mst_exists("/dev/memshare-" MST_SEED)) {
		/* not tracked: must not be destroyed at exit */
		struct memshare_create c;

		mst_create_init(&c, MST_PAGE);
		c.flags = MEMSHARE_CREATE_NAMED;
		strcpy(c.name, MST_SEED);
		CHECK_ERR(mst_ioctl(ctl, MEMSHARE_IOC_CREATE, &c), EEXIST, "CREATE " MST_SEED);
		int sfd = (int)CHECK_OK(mst_open_raw(ctl, MST_SEED), "OPEN " MST_SEED);
		CHECK_EQ(mst_binfo(sfd).length, MST_SEED_SIZE, "length of " MST_SEED);
		close(sfd);
	}
	PASS();
}

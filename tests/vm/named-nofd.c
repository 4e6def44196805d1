// SPDX-License-Identifier: MIT
/* Named CREATE with MEMSHARE_CREATE_NO_FD: fd is -1, the buffer lives on
 * with no fd and can be opened by name. */
#include "mstest.h"

#define NAME "mst_nofd"

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = mst_ctl();
	struct memshare_version v0 = mst_version(ctl);
	struct memshare_create c;

	mst_create_init(&c, 2 * MST_PAGE);
	c.flags = MEMSHARE_CREATE_NAMED | MEMSHARE_CREATE_NO_FD;
	c.fd = 1234;
	strcpy(c.name, NAME);
	mst_track(NAME);
	CHECK_OK(mst_ioctl(ctl, MEMSHARE_IOC_CREATE, &c), "CREATE NAMED|NO_FD");
	CHECK_EQ((int64_t)c.fd, (int64_t)-1, "CREATE NO_FD output fd");
	CHECK_EQ(c.length, 2 * MST_PAGE, "CREATE NO_FD output length");
	CHECK_EQ(fcntl(1234, F_GETFD) < 0 && errno == EBADF, 1, "fd 1234 not open");

	struct memshare_version v = mst_version(ctl);
	CHECK_EQ(v.nr_buffers, v0.nr_buffers + 1, "nr_buffers");
	CHECK_EQ(v.nr_named, v0.nr_named + 1, "nr_named");

	int fd = (int)CHECK_OK(mst_open_raw(ctl, NAME), "OPEN " NAME);
	CHECK_EQ(mst_binfo(fd).length, 2 * MST_PAGE, "BUF_INFO length");
	CHECK_EQ(write(fd, "abc", 3), 3, "write");
	close(fd);
	/* no fd at all: the data stays */
	fd = (int)CHECK_OK(mst_open_raw(ctl, NAME), "OPEN " NAME " again");
	char b[4] = { 0 };
	CHECK_EQ(read(fd, b, 3), 3, "read");
	CHECK(!strcmp(b, "abc"), "data kept with no fd open (got \"%s\", want \"abc\")", b);
	close(fd);

	/* the library's no_fd */
	MS_OPTS(ms_create_opts, o, .name = "mst_nofd2", .no_fd = 1);
	mst_track("mst_nofd2");
	int r = ms_create(ctl, MST_PAGE, &o);
	CHECK_EQ(r, 0, "ms_create with no_fd (want 0)");
	mst_destroy(ctl, "mst_nofd2");

	mst_destroy(ctl, NAME);
	v = mst_version(ctl);
	CHECK_EQ(v.nr_buffers, v0.nr_buffers, "nr_buffers after DESTROY");
	CHECK_EQ(v.total_bytes, v0.total_bytes, "total_bytes after DESTROY");
	PASS();
}

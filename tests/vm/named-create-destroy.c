// SPDX-License-Identifier: MIT
/* A named buffer: /dev/memshare-NAME (char device, mode named_mode) and
 * /sys/class/memshare/NAME appear; OPEN and open() of the node reach the
 * same memory; DESTROY removes the name (ENOENT afterwards) while open fds
 * keep the memory. */
#include "mstest.h"

#define NAME "mst_named1"
#define DEV "/dev/memshare-" NAME
#define SYS "/sys/class/memshare/" NAME

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = mst_ctl();
	struct memshare_version v0 = mst_version(ctl), v;
	const char msg[] = "named buffer data";
	char got[sizeof(msg)];
	struct stat st;

	int fd = mst_create_named(ctl, NAME, 3 * MST_PAGE - 100, MEMSHARE_BACKEND_VMALLOC,
				  MEMSHARE_MAP_LAZY);
	v = mst_version(ctl);
	CHECK_EQ(v.nr_named, v0.nr_named + 1, "nr_named after named CREATE");
	CHECK_EQ(v.nr_buffers, v0.nr_buffers + 1, "nr_buffers after named CREATE");
	CHECK_EQ(v.total_bytes, v0.total_bytes + 3 * MST_PAGE, "total_bytes after named CREATE");

	struct memshare_buf_info bi = mst_binfo(fd);
	CHECK(bi.flags & MEMSHARE_INFO_NAMED, "BUF_INFO flags: NAMED unset (0x%x)", bi.flags);
	CHECK(!(bi.flags & MEMSHARE_INFO_DESTROYED), "BUF_INFO flags: DESTROYED set (0x%x)", bi.flags);
	CHECK(!strcmp(bi.name, NAME), "BUF_INFO name (got \"%.32s\", want \"%s\")", bi.name, NAME);
	CHECK_EQ(bi.length, 3 * MST_PAGE, "BUF_INFO length");

	CHECK(mst_wait_path(DEV, true), "%s does not exist", DEV);
	CHECK_OK(SYSRES(stat(DEV, &st)), "stat " DEV);
	CHECK(S_ISCHR(st.st_mode), "%s is not a char device (mode 0%o)", DEV, st.st_mode);
	unsigned mode = mst_param_mode("named_mode", 0600);
	CHECK_EQ(st.st_mode & 07777, mode, "mode of " DEV " (= named_mode; decimal)");
	CHECK(mst_exists(SYS), "%s does not exist", SYS);

	/* write through the CREATE fd, read through OPEN and the node */
	CHECK_EQ(pwrite(fd, msg, sizeof(msg), 5000), sizeof(msg), "pwrite via CREATE fd");
	int ofd = (int)CHECK_OK(mst_open_raw(ctl, NAME), "OPEN " NAME);
	CHECK(ofd != fd, "OPEN returned the CREATE fd");
	memset(got, 0, sizeof(got));
	CHECK_EQ(pread(ofd, got, sizeof(got), 5000), sizeof(got), "pread via OPEN fd");
	CHECK(!memcmp(got, msg, sizeof(msg)), "OPEN fd data (got \"%s\", want \"%s\")", got, msg);
	struct memshare_buf_info obi = mst_binfo(ofd);
	CHECK(!strcmp(obi.name, NAME), "BUF_INFO name via OPEN fd (got \"%.32s\")", obi.name);

	int nfd = open(DEV, O_RDWR | O_CLOEXEC);
	CHECK(nfd >= 0, "open(%s) (got -%s)", DEV, mst_errname(errno));
	memset(got, 0, sizeof(got));
	CHECK_EQ(pread(nfd, got, sizeof(got), 5000), sizeof(got), "pread via node fd");
	CHECK(!memcmp(got, msg, sizeof(msg)), "node fd data (got \"%s\", want \"%s\")", got, msg);
	uint8_t *map = mst_map(nfd, 0, 3 * MST_PAGE);
	CHECK(!memcmp(map + 5000, msg, sizeof(msg)), "node mapping data");
	map[100] = 0x77;
	uint8_t b = 0;
	CHECK_EQ(pread(ofd, &b, 1, 100), 1, "pread");
	CHECK_EQX(b, 0x77, "store via node mapping seen via OPEN fd");
	mst_unmap(map, 3 * MST_PAGE);
	close(nfd);

	/* the library finds it */
	int lfd = ms_open_named(ctl, NAME);
	CHECK(lfd >= 0, "ms_open_named (got %s)", mst_res(lfd));
	close(lfd);

	/* destroy: the name goes away, the fds keep the memory */
	CHECK_OK(mst_destroy_raw(ctl, NAME), "DESTROY " NAME);
	CHECK(!mst_wait_path(DEV, false), "%s still exists after DESTROY", DEV);
	CHECK(!mst_wait_path(SYS, false), "%s still exists after DESTROY", SYS);
	CHECK_ERR(mst_open_raw(ctl, NAME), ENOENT, "OPEN after DESTROY");
	CHECK_ERR(mst_destroy_raw(ctl, NAME), ENOENT, "second DESTROY");
	v = mst_version(ctl);
	CHECK_EQ(v.nr_named, v0.nr_named, "nr_named after DESTROY");
	CHECK_EQ(v.nr_buffers, v0.nr_buffers + 1, "nr_buffers after DESTROY with fds open");

	bi = mst_binfo(fd);
	CHECK(bi.flags & MEMSHARE_INFO_DESTROYED, "BUF_INFO flags after DESTROY: DESTROYED unset (0x%x)",
	      bi.flags);
	memset(got, 0, sizeof(got));
	CHECK_EQ(pread(ofd, got, sizeof(got), 5000), sizeof(got), "pread via OPEN fd after DESTROY");
	CHECK(!memcmp(got, msg, sizeof(msg)), "data after DESTROY (got \"%s\")", got);

	/* the name can be used again, for a new (zeroed) buffer */
	int fd2 = mst_create_named(ctl, NAME, MST_PAGE, MEMSHARE_BACKEND_VMALLOC, MEMSHARE_MAP_LAZY);
	memset(got, 1, sizeof(got));
	CHECK_EQ(pread(fd2, got, sizeof(got), 0), sizeof(got), "pread of the new buffer");
	CHECK(mst_find_not(got, sizeof(got), 0) < 0, "new buffer with a reused name is not zeroed");
	close(fd2);
	mst_destroy(ctl, NAME);

	close(ofd);
	close(fd);
	v = mst_version(ctl);
	CHECK_EQ(v.nr_buffers, v0.nr_buffers, "nr_buffers at the end");
	CHECK_EQ(v.total_bytes, v0.total_bytes, "total_bytes at the end");
	PASS();
}

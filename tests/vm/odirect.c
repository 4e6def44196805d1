// SPDX-License-Identifier: MIT
/* O_DIRECT I/O with a mapped buffer as the user memory (the block layer
 * pins its pages, which works because the mappings are not VM_PFNMAP):
 * a pattern written to a RAM disk (brd) is read with O_DIRECT into the
 * mapping and checked by the kernel's CRC; and the reverse direction. */
#include "mstest.h"
#include <sys/syscall.h>

#define LEN (1 << 20)
#define DISK "/dev/ram0"

static bool loaded_brd;

static void unload_brd(void)
{
	if (loaded_brd && syscall(SYS_delete_module, "brd", O_NONBLOCK) < 0)
		printf("# rmmod brd: %s\n", strerror(errno));
}

static void need_disk(void)
{
	if (mst_exists(DISK))
		return;
	if (system("/lib/modules-extra/load brd rd_nr=1 rd_size=16384 >/dev/null 2>&1") != 0 &&
	    system("insmod /lib/modules-extra/brd.ko rd_nr=1 rd_size=16384 >/dev/null 2>&1") != 0)
		SKIP("no " DISK " and brd could not be loaded (insmod /lib/modules-extra/brd.ko failed)");
	loaded_brd = true;
	atexit(unload_brd);
	if (!mst_wait_path(DISK, true))
		SKIP("brd loaded but " DISK " did not appear");
}

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = mst_ctl();
	uint8_t *pat, *back;

	need_disk();
	int disk = open(DISK, O_RDWR | O_DIRECT | O_CLOEXEC);
	if (disk < 0)
		FAIL("open(" DISK ", O_DIRECT) (got -%s)", mst_errname(errno));
	CHECK(posix_memalign((void **)&pat, MST_PAGE, LEN) == 0, "posix_memalign");
	CHECK(posix_memalign((void **)&back, MST_PAGE, LEN) == 0, "posix_memalign");

	for (uint32_t backend = 0; backend <= 1; backend++) {
		uint32_t policy = backend ? MEMSHARE_MAP_EAGER : MEMSHARE_MAP_LAZY;
		int fd = mst_create(ctl, LEN, backend, policy);
		uint8_t *m = mst_map(fd, 0, LEN);
		char what[96];

		/* disk -> mapping */
		mst_pattern(pat, LEN, 1000 + backend);
		CHECK_EQ(pwrite(disk, pat, LEN, 0), LEN, "O_DIRECT pwrite of the pattern to " DISK);
		snprintf(what, sizeof(what), "backend %u policy %u: O_DIRECT pread into the mapping",
			 backend, policy);
		ssize_t n = pread(disk, m, LEN, 0);
		if (n != LEN)
			FAIL("%s (got %s, want %d)", what, mst_res(n < 0 ? -errno : n), LEN);
		CHECK_EQX(mst_kcrc(fd, 0, LEN), ms_crc32c(pat, LEN), "kernel CRC after the O_DIRECT read");
		CHECK(!memcmp(m, pat, LEN), "mapping differs from the pattern after O_DIRECT read");

		/* a partial read at an offset inside the mapping */
		n = pread(disk, m + 3 * MST_PAGE, 2 * MST_PAGE, 8 * MST_PAGE);
		CHECK_EQ(n, 2 * MST_PAGE, "O_DIRECT pread of 2 pages into the middle");
		CHECK_EQX(mst_kcrc(fd, 3 * MST_PAGE, 2 * MST_PAGE),
			  ms_crc32c(pat + 8 * MST_PAGE, 2 * MST_PAGE), "kernel CRC of the 2 pages");

		/* mapping -> disk */
		CHECK_OK(mst_access(fd, MEMSHARE_ACCESS_FILL, 0, LEN, 0x5c, NULL, NULL), "FILL");
		m[12345] = 0x01;
		n = pwrite(disk, m, LEN, LEN);
		CHECK_EQ(n, LEN, "O_DIRECT pwrite from the mapping");
		CHECK_EQ(pread(disk, back, LEN, LEN), LEN, "O_DIRECT pread back");
		CHECK(!memcmp(back, m, LEN), "disk differs from the mapping after O_DIRECT write");

		mst_unmap(m, LEN);
		close(fd);
	}
	close(disk);
	free(pat);
	free(back);
	PASS();
}

// SPDX-License-Identifier: MIT
/* Pinning a MAP_SHARED mapping of a file on a file system that writes back
 * (ext2 on a RAM disk): since 6.5 the kernel refuses a long-term write pin
 * of it (GUP's writable_file_mapping_allowed(): pages that the file
 * system tracks for writeback cannot be written behind its back
 * indefinitely) with -EFAULT, which the PIN returns as it is; before 6.5
 * it is allowed.  Read-only long-term pins and short-term write pins are
 * allowed on every version; the kernel's writes through a short-term pin
 * reach the disk: written after the pinned page was written back (clean),
 * they are kept because the unpin marks the page dirty, so fsync() writes
 * it back again and it survives dropping the page cache. */
#include "mstest.h"
#include <sys/mount.h>
#include <sys/syscall.h>

#define DISK "/dev/ram0"
#define MNT "/mnt"
#define LEN (8 * MST_PAGE)

static bool loaded_brd, mounted;

static void cleanup(void)
{
	if (mounted && umount(MNT) < 0)
		printf("# umount " MNT ": %s\n", strerror(errno));
	if (loaded_brd && syscall(SYS_delete_module, "brd", O_NONBLOCK) < 0)
		printf("# rmmod brd: %s\n", strerror(errno));
}

int main(void)
{
	MST_INIT();
	mst_require_root();
	int ctl = mst_ctl();
	int kv = mst_kernel_version();

	atexit(cleanup);
	if (!mst_exists(DISK)) {
		if (system("/lib/modules-extra/load brd rd_nr=1 rd_size=8192 >/dev/null 2>&1") != 0)
			SKIP("no " DISK " and brd could not be loaded");
		loaded_brd = true;
		if (!mst_wait_path(DISK, true))
			SKIP("brd loaded but " DISK " did not appear");
	}
	if (system("mke2fs -q " DISK " >/dev/null 2>&1") != 0)
		SKIP("mke2fs " DISK " failed");
	if (mount(DISK, MNT, "ext2", 0, NULL) < 0)
		SKIP("mount -t ext2 " DISK " failed (-%s): no ext2/ext4 in this kernel",
		     mst_errname(errno));
	mounted = true;

	int fd = open(MNT "/f", O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	CHECK(fd >= 0, "open(" MNT "/f)");
	uint8_t *pat = malloc(LEN);
	CHECK(pat != NULL, "malloc");
	mst_pattern(pat, LEN, 71);
	CHECK_EQ(pwrite(fd, pat, LEN, 0), LEN, "pwrite");
	CHECK_EQ(fsync(fd), 0, "fsync: the page cache is clean");
	uint8_t *m = mmap(NULL, LEN, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(m != MAP_FAILED, "mmap of the ext2 file");

	long r = mst_pin_raw(ctl, m, LEN, MEMSHARE_PIN_WRITE | MEMSHARE_PIN_LONGTERM, NULL);
	if (kv >= 6005)
		CHECK_ERR(r, EFAULT, "long-term write PIN of a shared ext2 file mapping (kernel >= 6.5)");
	else if (r < 0)
		FAIL("long-term write PIN of a shared ext2 file mapping on a kernel < 6.5 (got %s, want a pin fd)",
		     mst_res(r));
	else
		close((int)r);
	NOTE("long-term write PIN of a shared file mapping: %s", mst_res(r));

	int pin = mst_pin(ctl, m, LEN, MEMSHARE_PIN_LONGTERM);
	CHECK_EQX(mst_pin_kcrc(pin, 0, LEN), ms_crc32c(pat, LEN), "kernel CRC through a read-only long-term pin");
	close(pin);

	pin = mst_pin(ctl, m + 3, LEN - 3, MEMSHARE_PIN_WRITE);
	/* the pin's write fault dirtied the pages: written back and clean again */
	CHECK_EQ(fsync(fd), 0, "fsync while pinned");
	CHECK_OK(mst_pin_access(pin, MEMSHARE_ACCESS_WRITE, MST_PAGE - 8, 16, 0, "file page edge!!", 0,
				0, NULL), "WRITE through a short-term pin of the file");
	close(pin);	/* unpin marks the written pages dirty */
	memcpy(pat + 3 + MST_PAGE - 8, "file page edge!!", 16);
	/* written back because dirty: still there after the page cache is dropped */
	munmap(m, LEN);
	CHECK_EQ(fsync(fd), 0, "fsync");
	CHECK_OK(mst_write_file("/proc/sys/vm/drop_caches", "3"), "drop_caches");
	uint8_t *back = malloc(LEN);
	CHECK(back != NULL, "malloc");
	CHECK_EQ(pread(fd, back, LEN, 0), LEN, "pread of the file");
	CHECK(!memcmp(back, pat, LEN),
	      "the kernel's WRITE through the pin is lost after writeback and drop_caches (page not dirtied at unpin?)");
	close(fd);
	free(pat);
	free(back);
	PASS();
}
